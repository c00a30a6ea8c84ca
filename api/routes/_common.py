"""What every REST route shares: the store, paging, ids, links, name matching and tenure rows."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import Depends, HTTPException, Path, Query, Request, Response
from fastapi.routing import APIRoute
from provkg.api import models as M
from provkg.graph import queries, tenure
from provkg.graph.store import Store
from provkg.ingest.text import fold
from rapidfuzz import fuzz

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1-500).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip.")]
Ident = Annotated[str, Path(pattern=queries.ID_PATTERN, description="The last path segment of the node's IRI.")]
Text = Annotated[str | None, Query(max_length=200, description="Search text: diacritics, case and word order "
                                                                "are ignored.")]

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": M.Error, "description": "No node with this id."}}

URL_PREFIX = {"person": "/people/", "organization": "/organizations/", "article": "/articles/"}


class ModelJSONRoute(APIRoute):
    """A route that sends its response model with pydantic's own JSON encoder.

    The models are validated when a route builds them; FastAPI would validate and encode them a
    second time in Python (about 3 ms for a person's timeline, against 0.1 ms for
    `model_dump_json`). The response model still documents the route in the OpenAPI schema, and
    anything other than an instance of exactly that model goes through FastAPI as usual."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        model = kwargs.get("response_model")
        status = kwargs.get("status_code") or 200

        def send(result: Any) -> Any:
            if isinstance(model, type) and type(result) is model:
                return Response(result.model_dump_json(), status_code=status, media_type="application/json")
            return result

        if inspect.iscoroutinefunction(endpoint):
            @functools.wraps(endpoint)
            async def wrapped(*args: Any, **kw: Any) -> Any:
                return send(await endpoint(*args, **kw))
        else:
            @functools.wraps(endpoint)
            def wrapped(*args: Any, **kw: Any) -> Any:
                return send(endpoint(*args, **kw))
        super().__init__(path, wrapped, **kwargs)


def get_store(request: Request) -> Store:
    """The store the app opened (api/app.py puts it on app.state)."""
    return request.app.state.store


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
    """Every merger in outline (graph/queries.merge_outlines), for lineage and as-of lookups."""
    return per_generation(request, "merges", lambda: queries.merge_outlines(get_store(request)))


def cached_names(request: Request, kind: str) -> dict[str, list[str]]:
    """Node IRI -> every name of the nodes of one kind (graph/queries.names), for search."""
    return per_generation(request, f"names:{kind}", lambda: queries.names(get_store(request), kind))


MergesDep = Annotated[list[tenure.MergeFact], Depends(get_merges)]


def not_found(kind: str, ident: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {kind} with id {ident!r}")


def require_iri(kind: str, ident: str) -> str:
    iri = queries.iri_for(kind, ident)
    if iri is None:
        raise not_found(kind, ident)
    return iri


def paged(items: Sequence[T], limit: int, offset: int) -> tuple[list[T], dict[str, int]]:
    """One page of a list and the paging fields (total, limit, offset)."""
    return list(items[offset:offset + limit]), {"total": len(items), "limit": limit, "offset": offset}


# --- links -----------------------------------------------------------------------------------------


def kind_of(iri: str) -> str | None:
    for kind, prefix in queries.KIND_PREFIX.items():
        if iri.startswith(prefix):
            return kind
    return None


def url_for(iri: str) -> str | None:
    """The REST URL of a node that has a page of its own."""
    kind = kind_of(iri)
    if kind == "article":
        return URL_PREFIX[kind] + quote(queries.article_id(iri), safe="-._~")
    if kind in URL_PREFIX:
        return URL_PREFIX[kind] + queries.id_of(iri)
    return None


def node_id(iri: str) -> str:
    return queries.article_id(iri) if kind_of(iri) == "article" else queries.id_of(iri)


def ref(iri: str, names: dict[str, str]) -> M.Ref:
    return M.Ref(id=node_id(iri), iri=iri, name=names.get(iri), url=url_for(iri))


def refs(iris: Iterable[str], names: dict[str, str]) -> list[M.Ref]:
    return [ref(i, names) for i in sorted(set(iris), key=lambda i: (names.get(i) or i))]


# --- matching names --------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


@lru_cache(maxsize=262_144)
def _name_tokens(name: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """A stored name's words, sorted words and joined words: folded once, not once per search."""
    n = tokens(name)
    return tuple(n), tuple(sorted(n)), " ".join(n)


def match(query: str, names: Iterable[str]) -> tuple[float, str]:
    """How well a query matches the best of a node's names (0 = not at all), and that name.

    Exact word sets score highest, then every query word found, then prefixes of words,
    then a fuzzy match of the sorted words (typos, a missing diacritic-free letter)."""
    q = tokens(query)
    best = (0.0, "")
    if not q:
        return best
    q_sorted, q_joined = sorted(q), " ".join(q)
    for name in names:
        n, n_sorted, n_joined = _name_tokens(name)
        if not n:
            continue
        if q_sorted == list(n_sorted):
            score = 1.0
        elif all(t in n for t in q):
            score = 0.9
        elif all(any(w.startswith(t) for w in n) for t in q):
            score = 0.8
        else:
            ratio = fuzz.token_sort_ratio(q_joined, n_joined)
            score = round(ratio / 100 * 0.7, 3) if ratio >= 88 else 0.0
        if score > best[0]:
            best = (score, name)
    return best


def search(query: str, nodes: dict[str, list[str]]) -> list[tuple[float, str, str]]:
    """(score, iri, matched name) for every node matching, best first."""
    hits = []
    for iri, node_names in nodes.items():
        score, name = match(query, node_names)
        if score > 0:
            hits.append((score, iri, name))
    return sorted(hits, key=lambda h: (-h[0], fold(h[2]), h[1]))


# --- tenure rows ------------------------------------------------------------------------------------


MAX_SOURCES = 5


def _preferred(t: tenure.Tenure) -> list[str]:
    """The articles a tenure's bounds rest on, then those it was first and last seen in."""
    out: list[str] = []
    for b in (t.start, t.end):
        out += list(b.articles) if b else []
    out += t.first_seen_in[:1] + t.last_seen_in[-1:]
    return list(dict.fromkeys(out))


@dataclass
class PositionRows:
    """Tenures with the labels and sources their Position models need, fetched in a few queries."""

    tenures: list[tenure.Tenure]
    names: dict[str, str]
    sources: dict[str, list[dict[str, Any]]]
    totals: dict[str, int]

    @classmethod
    def load(cls, store: Store, tenures: list[tenure.Tenure], extra: Iterable[str] = ()) -> PositionRows:
        iris = set(extra)
        for t in tenures:
            iris |= {t.person, t.body}
            for b in (t.start, t.end):
                iris |= set(b.articles) if b else set()
            if t.ended_by:
                iris.add(t.ended_by)
        sources, totals = queries.evidence_page(store, [t.membership for t in tenures], MAX_SOURCES,
                                                {t.membership: _preferred(t) for t in tenures})
        names = queries.labels(store, iris)
        for srcs in sources.values():
            names.update({s["article"]: s["headline"] for s in srcs if s["headline"]})
        return cls(tenures, names, sources, totals)

    def bound(self, b: tenure.Bound | None) -> M.Bound | None:
        if b is None:
            return None
        return M.Bound(date=b.date, precision=b.precision, basis=b.basis, rule=b.rule,
                       articles=[ref(a, self.names) for a in b.articles])

    def position(self, t: tenure.Tenure) -> M.Position:
        return M.Position(
            membership=t.membership, person=ref(t.person, self.names), role=t.role,
            organization=ref(t.body, self.names), current=t.current,
            start=self.bound(t.start), end=self.bound(t.end), first_seen=t.first_seen, last_seen=t.last_seen,
            ended_by=ref(t.ended_by, self.names) if t.ended_by else None,
            sources=[M.Source(article=ref(s["article"], self.names), date=s["date"], sentence=s["sentence"])
                     for s in self.sources.get(t.membership, [])],
            sources_total=self.totals.get(t.membership, 0))

    def positions(self, tenures: Iterable[tenure.Tenure]) -> list[M.Position]:
        return [self.position(t) for t in timeline(tenures)]


def timeline(tenures: Iterable[tenure.Tenure]) -> list[tenure.Tenure]:
    """Earliest first: by start (stated or first seen), undated last."""
    return sorted(tenures, key=lambda t: (t.start.date if t.start else date.max, t.role, t.body, t.person))


# --- lineage -------------------------------------------------------------------------------------


def lineage(iri: str, merges: Sequence[tenure.MergeFact], forward: bool) -> list[tuple[str, str, date | None, int]]:
    """(body, merge, date, depth) reached from a body through chains of mergers, backward or forward."""
    out: list[tuple[str, str, date | None, int]] = []
    seen = {iri}
    frontier = [iri]
    depth = 0
    while frontier:
        depth += 1
        nxt = []
        for body in frontier:
            for m in merges:
                if forward and body in m.sources and m.result != body:
                    found = [m.result]
                elif not forward and m.result == body:
                    found = [s for s in m.sources if s != body]
                else:
                    continue
                for b in found:
                    if b not in seen:
                        seen.add(b)
                        nxt.append(b)
                        out.append((b, m.iri, m.date, depth))
        frontier = nxt
    return out


def lineage_models(steps: list[tuple[str, str, date | None, int]], names: dict[str, str]) -> list[M.Lineage]:
    return [M.Lineage(organization=ref(b, names), merge=queries.id_of(mg), date=d, depth=k) for b, mg, d, k in steps]
