"""Organizations: search and filters, a body's page (holders, sub-bodies, merges) and its holders on a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from provkg.api import models as M
from provkg.api.deps import MergesDep, StoreDep, cached_search
from provkg.api.routes.json_route import ModelJSONRoute
from provkg.api.routes.links import lineage_models, ref, refs
from provkg.api.routes.params import NOT_FOUND, Ident, Limit, Offset, Text, not_found, paged, require_iri
from provkg.api.routes.positions import PositionRows, timeline
from provkg.graph import tenure
from provkg.graph.ids import id_of
from provkg.graph.lineage import lineage
from provkg.graph.reads.organizations import organization, organizations
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


def _organization(store: Store, id: str) -> tuple[str, dict]:
    iri = require_iri("organization", id)
    info = organization(store, iri)
    if info is None:
        raise not_found("organization", id)
    return iri, info


@router.get("/organizations/{id}", response_model=M.OrganizationDetail, responses=NOT_FOUND,
            summary="A body: labels, type, parent and sub-bodies, post holders, merges")
def get_organization(id: Ident, store: StoreDep, merges: MergesDep) -> M.OrganizationDetail:
    """Holders are split into current (no known end; `start` null when no dated article places the post)
    and past (a stated or inferred end); predecessors and
    successors follow chains of mergers (depth 1 = directly)."""
    iri, info = _organization(store, id)
    tenures = store.read_models.tenures([iri])
    back, fwd = lineage(iri, merges, forward=False), lineage(iri, merges, forward=True)
    extra = {*info["parents"], *info["children"], *(b for b, *_ in back + fwd)}
    if info["province"]:
        extra.add(info["province"])
    rows = PositionRows.load(store, tenures, extra=extra)
    ordered = timeline(tenures)
    return M.OrganizationDetail(
        id=id, iri=iri, name=info["name"], labels=info["labels"], alt_labels=info["alt_labels"], type=info["kind"],
        province=ref(info["province"], rows.names) if info["province"] else None, national=info["national"],
        parents=refs(info["parents"], rows.names), sub_organizations=refs(info["children"], rows.names),
        current_holders=[rows.position(t) for t in ordered if t.end is None],
        past_holders=[rows.position(t) for t in ordered if t.end is not None],
        predecessors=lineage_models(back, rows.names), successors=lineage_models(fwd, rows.names))


@router.get("/organizations/{id}/members", response_model=M.Members, responses=NOT_FOUND,
            summary="A body's post holders as known on a date")
def get_members(id: Ident, store: StoreDep, merges: MergesDep,
                as_of: Annotated[date | None, Query(description="YYYY-MM-DD; today when omitted.")] = None,
                ) -> M.Members:
    """Before a merger formed the body, the holders of the bodies merged into it are listed instead."""
    iri, info = _organization(store, id)
    day = as_of or date.today()
    bodies = tenure.bodies_as_of(iri, day, merges)
    tenures = store.read_models.tenures(bodies)
    rows = PositionRows.load(store, tenures, extra=[iri, *bodies])
    held = [t for t in tenure.holders_on(tenures, day) if t.body in bodies]
    undated = [t for t in tenures if t.start is None and t.end is None]
    note = None
    if bodies != [iri]:
        note = (f"{info['name']} was formed by a merger after {day.isoformat()}; "
                "the holders of the bodies merged into it are listed.")
    return M.Members(organization=ref(iri, rows.names), as_of=day, holders=rows.positions(held),
                     organizations=refs(bodies, rows.names), undated=rows.positions(undated), note=note)
