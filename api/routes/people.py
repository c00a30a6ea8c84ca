"""People: search by name (diacritics, case, word order and aliases ignored) and a person's timeline."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from provkg.api import models as M
from provkg.api.deps import StoreDep, cached_names, cached_search
from provkg.api.routes.json_route import ModelJSONRoute, page
from provkg.api.routes.links import ref
from provkg.api.routes.params import NOT_FOUND, Day, Ident, Limit, Offset, Text, not_found, paged, require_iri
from provkg.api.routes.positions import PositionRows
from provkg.graph.ids import id_of
from provkg.graph.reads.names import labels
from provkg.graph.reads.people import person
from provkg.ingest.text import fold

router = APIRouter(tags=["people"], route_class=ModelJSONRoute)


@router.get("/people", response_model=M.PersonPage, summary="People, or those whose names match q")
@page("pages/people.html")
def list_people(request: Request, store: StoreDep, q: Text = None, limit: Limit = 50,
                offset: Offset = 0) -> M.PersonPage:
    """"Nguyễn Văn Lợi", "nguyen van loi" and "Loi Nguyen Van" all find Nguyen Van Loi; spelling variants count."""
    nodes = cached_names(request, "person")
    if q and q.strip():
        order = [iri for _, iri, _ in cached_search(request, "person").search(q)]
    else:
        order = sorted(nodes, key=lambda i: (fold(nodes[i][0]) if nodes[i] else "", i))
    page, meta = paged(order, limit, offset)
    shown = labels(store, page)
    items = []
    for iri in page:
        all_names = nodes[iri]
        name = shown.get(iri) or (all_names[0] if all_names else id_of(iri))
        items.append(M.PersonSummary(id=id_of(iri), iri=iri, name=name, names=all_names,
                                     url=f"/people/{id_of(iri)}"))
    return M.PersonPage(items=items, **meta)


@router.get("/people/{id}", response_model=M.PersonDetail, responses=NOT_FOUND,
            summary="A person and their positions as a timeline")
@page("pages/person.html")
def get_person(id: Ident, store: StoreDep,
               as_of: Annotated[date | None, Day, Query(description="YYYY-MM-DD: the day each post's status is "
                                                        "for; today when omitted.")] = None) -> M.PersonDetail:
    """Each position carries its start and end (stated, or inferred with the rule and articles), its status
    (current, ended or unknown, with the rule and the day it was last seen) and sources."""
    iri = require_iri("person", id)
    info = person(store, iri)
    if info is None:
        raise not_found("person", id)
    tenures = store.read_models.tenures(person=iri)
    rows = PositionRows.load(store, tenures, extra=[iri, *info["provinces"]], as_of=as_of)
    return M.PersonDetail(id=id, iri=iri, name=rows.names.get(iri) or info["names"][0], names=info["names"],
                          provinces=[ref(p, rows.names) for p in info["provinces"]],
                          positions=rows.positions(tenures))
