"""Administrative units and sites named in the articles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from provkg.api import models as M
from provkg.api.deps import StoreDep
from provkg.api.routes.json_route import ModelJSONRoute, page
from provkg.api.routes.links import ref
from provkg.api.routes.params import Limit, Offset, Text, paged
from provkg.graph.ids import id_of
from provkg.graph.reads.names import labels
from provkg.graph.reads.places import places
from provkg.graph.search import search
from provkg.ingest.text import fold

router = APIRouter(tags=["places"], route_class=ModelJSONRoute)


@router.get("/places", response_model=M.PlacePage, summary="Places, by name and type")
@page("pages/places.html")
def list_places(store: StoreDep, q: Text = None,
                type: Annotated[str | None, Query(max_length=50, description="Province, City, District, Town, "
                                                  "Ward, Commune, Hamlet or Site.")] = None,
                limit: Limit = 50, offset: Offset = 0) -> M.PlacePage:
    """Each with the unit it lies within, its gazetteer code and map era when known."""
    items = {p["iri"]: p for p in places(store)}
    chosen = [p for p in items.values() if not type or type.lower() in {t.lower() for t in p["types"]}]
    if q and q.strip():
        order = [items[i] for _, i, _ in search(q, {p["iri"]: [p["name"]] for p in chosen})]
    else:
        order = sorted(chosen, key=lambda p: (fold(p["name"]), p["iri"]))
    page, meta = paged(order, limit, offset)
    names = labels(store, {p["within"] for p in page if p["within"]})
    return M.PlacePage(items=[M.Place(
        id=id_of(p["iri"]), iri=p["iri"], name=p["name"], types=p["types"],
        within=ref(p["within"], names) if p["within"] else None, code=p["code"], era=p["era"]) for p in page],
        **meta)
