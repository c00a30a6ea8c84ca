"""One search box across every kind of node."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from provkg.api import models as M
from provkg.api.deps import StoreDep, cached_search
from provkg.api.routes.json_route import ModelJSONRoute, page
from provkg.api.routes.links import node_id, url_for
from provkg.api.routes.params import Limit, Offset, paged
from provkg.graph.reads.names import NAME_QUERIES, labels

router = APIRouter(tags=["search"], route_class=ModelJSONRoute)

Kind = Literal["person", "organization", "campaign", "event", "place", "article"]


@router.get("/search", response_model=M.SearchPage, summary="Search people, bodies, campaigns, events, places "
                                                            "and articles")
@page("pages/search.html")
def search_all(request: Request, store: StoreDep,
               q: Annotated[str, Query(min_length=1, max_length=200, description="Search text: diacritics, case "
                                       "and word order are ignored.")],
               kind: Annotated[Kind | None, Query(description="Only this kind of node.")] = None,
               limit: Limit = 50, offset: Offset = 0) -> M.SearchPage:
    """Best matches first: exact word sets, then all words, then word prefixes, then close spellings."""
    hits: list[M.SearchHit] = []
    for k in NAME_QUERIES:
        if kind and k != kind:
            continue
        for score, iri, name in cached_search(request, k).search(q):
            hits.append(M.SearchHit(kind=k, id=node_id(iri), iri=iri, name=name, matched=name, score=score,
                                    url=url_for(iri)))
    hits.sort(key=lambda h: (-h.score, h.kind, h.name, h.iri))
    page, meta = paged(hits, limit, offset)
    shown = labels(store, [h.iri for h in page])
    for h in page:
        h.name = shown.get(h.iri) or h.matched
    return M.SearchPage(items=page, **meta)
