"""One search box across every kind of node."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from provkg.api import models as M
from provkg.api.routes._common import (
    Limit,
    ModelJSONRoute,
    Offset,
    cached_names,
    get_store,
    node_id,
    paged,
    search,
    url_for,
)
from provkg.graph import queries
from provkg.graph.store import Store

router = APIRouter(tags=["search"], route_class=ModelJSONRoute)
StoreDep = Annotated[Store, Depends(get_store)]

Kind = Literal["person", "organization", "campaign", "event", "place", "article"]


@router.get("/search", response_model=M.SearchPage, summary="Search people, bodies, campaigns, events, places "
                                                            "and articles")
def search_all(request: Request, store: StoreDep,
               q: Annotated[str, Query(min_length=1, max_length=200, description="Search text: diacritics, case "
                                       "and word order are ignored.")],
               kind: Annotated[Kind | None, Query(description="Only this kind of node.")] = None,
               limit: Limit = 50, offset: Offset = 0) -> M.SearchPage:
    """Best matches first: exact word sets, then all words, then word prefixes, then close spellings."""
    hits: list[M.SearchHit] = []
    for k in queries.NAME_QUERIES:
        if kind and k != kind:
            continue
        for score, iri, name in search(q, cached_names(request, k)):
            hits.append(M.SearchHit(kind=k, id=node_id(iri), iri=iri, name=name, matched=name, score=score,
                                    url=url_for(iri)))
    hits.sort(key=lambda h: (-h.score, h.kind, h.name, h.iri))
    page, meta = paged(hits, limit, offset)
    labels = queries.labels(store, [h.iri for h in page])
    for h in page:
        h.name = labels.get(h.iri) or h.matched
    return M.SearchPage(items=page, **meta)
