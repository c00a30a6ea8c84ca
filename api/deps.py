"""FastAPI dependencies every HTTP route shares: the store, and answers kept until the next write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from provkg.graph import tenure
from provkg.graph.reads import merges, names
from provkg.graph.search import SearchIndex
from provkg.graph.store import Store

T = TypeVar("T")


def get_store(request: Request) -> Store:
    """The store the app opened (api/app.py puts it on app.state)."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def per_generation(request: Request, key: str, compute: Callable[[], T]) -> T:
    """`compute()`'s answer, kept until the next write to the store.

    Some answers are scans of the whole graph (every merger, every name to search) that change only
    when something is written, and every write bumps the query runner's generation
    (api/articles_write.py, SPARQL Update). A store without a generation (a SPARQL server others may
    write to) computes afresh each time. Callers must not change what they get."""
    generation = getattr(getattr(request.app.state, "query_runner", None), "generation", None)
    if generation is None:
        return compute()
    cache = getattr(request.app.state, "generation_cache", None)
    if cache is None or cache[0] != generation:
        cache = request.app.state.generation_cache = (generation, {})
    if key not in cache[1]:
        cache[1][key] = compute()
    return cache[1][key]


def get_merges(request: Request) -> list[tenure.MergeFact]:
    """Every merger in outline (graph/reads/merges.merge_outlines), for lineage and as-of lookups."""
    return per_generation(request, "merges", lambda: merges.merge_outlines(get_store(request)))


MergesDep = Annotated[list[tenure.MergeFact], Depends(get_merges)]


def cached_names(request: Request, kind: str) -> dict[str, list[str]]:
    """Node IRI -> every name of the nodes of one kind (graph/reads/names.names), for search."""
    return per_generation(request, f"names:{kind}", lambda: names.names(get_store(request), kind))


def cached_search(request: Request, kind: str) -> SearchIndex:
    """The search index over the names of one kind of node (graph/search.SearchIndex), kept until the next write."""
    return per_generation(request, f"search:{kind}", lambda: SearchIndex(cached_names(request, kind)))
