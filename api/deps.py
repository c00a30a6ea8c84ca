"""FastAPI dependencies every HTTP route shares: the store, and answers kept until the next write."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from provkg.graph import tenure
from provkg.graph.reads import merges, names
from provkg.graph.search import SearchIndex
from provkg.graph.store import Store

T = TypeVar("T")
LOG = logging.getLogger("provkg.server")


def get_store(request: Request) -> Store:
    """The store the app opened (api/app.py puts it on app.state)."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def per_generation(request: Request, key: str, compute: Callable[[], T]) -> T:
    """`compute()`'s answer, kept until the next write to the store.

    Some answers are scans of the whole graph (every merger, every name to search) that change only
    when something is written, and every write bumps the query runner's generation
    (api/articles_write.py, SPARQL Update). A store without a generation (a SPARQL server others may
    write to) computes afresh each time. One request computes a missing answer while the others
    asking for it wait for it (dozens of searches arriving together would otherwise each scan the
    graph). Callers must not change what they get."""
    state = request.app.state
    generation = getattr(getattr(state, "query_runner", None), "generation", None)
    if generation is None:
        return compute()
    cache = getattr(state, "generation_cache", None)
    if cache is not None and cache[0] == generation and key in cache[1]:
        return cache[1][key]
    with _KEY_LOCKS_LOCK:
        lock = _KEY_LOCKS.setdefault((id(state), key), threading.Lock())
    with lock:
        cache = getattr(state, "generation_cache", None)
        if cache is None or cache[0] != generation:
            cache = state.generation_cache = (generation, {})
        if key not in cache[1]:
            cache[1][key] = compute()
        return cache[1][key]


_KEY_LOCKS: dict[tuple[int, str], threading.Lock] = {}
_KEY_LOCKS_LOCK = threading.Lock()


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


def warm_search(app: Any) -> None:
    """Build every kind's search index now (at server start), so the first searches do not wait for it."""
    from provkg.graph.reads.names import NAME_QUERIES

    asking = SimpleNamespace(app=app)  # what the functions above read of a request
    for kind in NAME_QUERIES:
        cached_search(asking, kind)  # type: ignore[arg-type]


def warm_in_background(work: Callable[[], object], name: str, what: str) -> threading.Thread:
    """Run a server-start warm-up in a daemon thread; a failure is logged (the request that needs the result
    tries again and reports its own error), never raised."""
    def run() -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - logged; the first request that needs it will try again
            LOG.warning("could not %s: %s", what, exc)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread
