"""Organizations: search and filters, a body's page (holders, sub-bodies, merges) and its holders on a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from provkg.api import models as M
from provkg.api.deps import MergesDep, StoreDep, cached_search
from provkg.api.routes.json_route import ModelJSONRoute, page
from provkg.api.routes.links import lineage_models, ref, refs
from provkg.api.routes.params import (
    MOVED,
    NOT_FOUND,
    Day,
    Ident,
    Limit,
    Offset,
    Text,
    moved_permanently,
    not_found,
    paged,
    require_iri,
)
from provkg.api.routes.positions import PositionRows, timeline
from provkg.graph import tenure
from provkg.graph.ids import id_of, moved_id
from provkg.graph.lineage import lineage
from provkg.graph.reads.organizations import organization, organizations
from provkg.graph.reads.rows import ask
from provkg.graph.search import tokens
from provkg.graph.store import Store
from provkg.ingest.text import fold

router = APIRouter(tags=["organizations"], route_class=ModelJSONRoute)


def _in_province(org: dict, province: str) -> bool:
    """A province given as its id ("binh-duong-province") or its name ("Bình Dương")."""
    if not org["province"]:
        return False
    if id_of(org["province"]) == province:
        return True
    wanted = tokens(province)
    have = tokens(org["province_name"] or id_of(org["province"]).replace("-", " "))
    return bool(wanted) and all(t in have for t in wanted)


@router.get("/organizations", response_model=M.OrganizationPage, summary="Bodies, by name, type and province")
@page("pages/organizations.html")
def list_organizations(request: Request, store: StoreDep, q: Text = None,
                       type: Annotated[str | None, Query(max_length=100, description="Body type, e.g. "
                                                         "party-committee, department (see ontology/bodies.toml).")]
                       = None,
                       province: Annotated[str | None, Query(max_length=100, description="Province id "
                                                             "(binh-duong-province) or name.")] = None,
                       limit: Limit = 50, offset: Offset = 0) -> M.OrganizationPage:
    """Labels, alternative labels and spelling variants are searched, ignoring diacritics, case and word order."""
    orgs = {o["iri"]: o for o in organizations(store)}
    chosen = [o for o in orgs.values() if (not type or o["kind"] == type)
              and (not province or _in_province(o, province))]
    if q and q.strip():
        keep = {o["iri"] for o in chosen}
        order = [orgs[iri] for _, iri, _ in cached_search(request, "organization").search(q) if iri in keep]
    else:
        order = sorted(chosen, key=lambda o: (fold(o["name"]), o["iri"]))
    page, meta = paged(order, limit, offset)
    items = [M.OrganizationSummary(
        id=id_of(o["iri"]), iri=o["iri"], name=o["name"], type=o["kind"],
        province=M.Ref(id=id_of(o["province"]), iri=o["province"], name=o["province_name"])
        if o["province"] else None, url=f"/organizations/{id_of(o['iri'])}") for o in page]
    return M.OrganizationPage(items=items, **meta)


def _organization(store: Store, id: str, request: Request) -> tuple[str, dict]:
    """The body's IRI and description; a 301 to its current id when `id` is one it had before (see
    graph/ids.moved_id), else a 404."""
    iri = require_iri("organization", id)
    info = organization(store, iri)
    if info is None:
        moved = moved_id(id)
        if moved and ask(store, require_iri("organization", moved), "org:Organization"):
            raise moved_permanently(request, id, moved)
        raise not_found("organization", id)
    return iri, info


@router.get("/organizations/{id}", response_model=M.OrganizationDetail, responses={**NOT_FOUND, **MOVED},
            summary="A body: labels, type, parent and sub-bodies, post holders, merges")
@page("pages/organization.html")
def get_organization(id: Ident, request: Request, store: StoreDep, merges: MergesDep,
                     as_of: Annotated[date | None, Day, Query(description="YYYY-MM-DD: the day each post's status "
                                                              "is for; today when omitted.")] = None
                     ) -> M.OrganizationDetail:
    """Holders are split into current (no known end; `start` null when no dated article places the post)
    and past (a stated or inferred end); predecessors and
    successors follow chains of mergers (depth 1 = directly)."""
    iri, info = _organization(store, id, request)
    tenures = store.read_models.tenures([iri])
    back, fwd = lineage(iri, merges, forward=False), lineage(iri, merges, forward=True)
    extra = {*info["parents"], *info["children"], *(b for b, *_ in back + fwd)}
    if info["province"]:
        extra.add(info["province"])
    rows = PositionRows.load(store, tenures, extra=extra, as_of=as_of)
    ordered = timeline(tenures)
    return M.OrganizationDetail(
        id=id, iri=iri, name=info["name"], labels=info["labels"], alt_labels=info["alt_labels"], type=info["kind"],
        province=ref(info["province"], rows.names) if info["province"] else None, national=info["national"],
        parents=refs(info["parents"], rows.names), sub_organizations=refs(info["children"], rows.names),
        current_holders=[rows.position(t) for t in ordered if t.end is None],
        past_holders=[rows.position(t) for t in ordered if t.end is not None],
        predecessors=lineage_models(back, rows.names), successors=lineage_models(fwd, rows.names))


@router.get("/organizations/{id}/members", response_model=M.Members, responses={**NOT_FOUND, **MOVED},
            summary="A body's post holders as known on a date")
@page("pages/members.html")
def get_members(id: Ident, request: Request, store: StoreDep, merges: MergesDep,
                as_of: Annotated[date | None, Day, Query(description="YYYY-MM-DD; today when omitted.")] = None,
                ) -> M.Members:
    """Before a merger formed the body, the holders of the bodies merged into it are listed instead; after a
    merger took it away, `merged_into` names the body it went into. Each holder's status is for `as_of`."""
    iri, info = _organization(store, id, request)
    day = as_of or date.today()
    bodies = tenure.bodies_as_of(iri, day, merges)
    gone = tenure.merged_into(iri, day, merges)
    tenures = store.read_models.tenures(bodies)
    rows = PositionRows.load(store, tenures, extra=[iri, *bodies, *([gone[0]] if gone else [])], as_of=day)
    held = [t for t in tenure.holders_on(tenures, day) if t.body in bodies]
    undated = [t for t in tenures if t.start is None and t.end is None]
    note = None
    if bodies != [iri]:
        note = (f"{info['name']} was formed by a merger after {day.isoformat()}; "
                "the holders of the bodies merged into it are listed.")
    elif gone:
        into, when = gone
        note = (f"{info['name']} was merged into {rows.names.get(into) or id_of(into)} on {when.isoformat()}; "
                f"its posts ended then: see /organizations/{id_of(into)}/members.")
    return M.Members(organization=ref(iri, rows.names), as_of=day, holders=rows.positions(held),
                     organizations=refs(bodies, rows.names), undated=rows.positions(undated),
                     merged_into=ref(gone[0], rows.names) if gone else None, note=note)
