"""The HTTP side of the views: /view, /view/person/{id}, /view/organization/{id}, /view/merges,
/view/campaign/{id}, /view/article/{id}, and the vendored assets under /view/static/.

Big graphs are sampled past a node count: `?max_nodes=` per request, else the app's
`settings.view_max_nodes` when it has one, else $PROVKG_VIEW_MAX_NODES, else 1,000.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from provkg.api.deps import StoreDep, warm_in_background
from provkg.api.routes.params import Day, moved_permanently
from provkg.api.views import pages
from provkg.api.views.layout import DEFAULT_MAX_NODES
from provkg.api.views.render import SERVED_CSP, STATIC_DIR, STATIC_FILES
from provkg.graph import projections
from provkg.graph.ids import ID_PATTERN, KIND_PREFIX, moved_id
from provkg.graph.reads.rows import ask
from provkg.graph.store import Store

router = APIRouter(tags=["views"])

Ident = Annotated[str, Path(pattern=ID_PATTERN, description="The last path segment of the node's IRI.")]
MaxNodes = Annotated[int | None, Query(ge=10, le=20_000, description="Draw at most this many nodes (a sample of "
                                                                      "the most connected past it).")]
HEADERS = {"Content-Security-Policy": SERVED_CSP + "; frame-ancestors 'none'", "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


# Views are drawn in the server process (CPU-bound Python under one GIL, seconds on a large graph): more at once
# only share the GIL, fill the thread pool and starve REST requests. Past this many, a request waits up to the
# server's queue_timeout and then gets a 503 JSON, as a query does when every worker is busy.
DEFAULT_VIEW_CONCURRENCY = 1
_GATE_LOCK = threading.Lock()


def _gate(request: Request) -> threading.BoundedSemaphore:
    """The app's semaphore for view pages ($PROVKG_VIEW_CONCURRENCY, else 1)."""
    with _GATE_LOCK:
        gate = getattr(request.app.state, "view_gate", None)
        if gate is None:
            env = os.environ.get("PROVKG_VIEW_CONCURRENCY", "")
            size = int(env) if env.isdigit() and int(env) > 0 else DEFAULT_VIEW_CONCURRENCY
            gate = request.app.state.view_gate = threading.BoundedSemaphore(size)
        return gate


_SNAPSHOT_VIEWS = frozenset({"all", "merges", "person", "organization", "campaign"})


def _snapshot(request: Request, kind: str) -> projections.GraphFacts | None:
    """The store's facts as the views read them, kept until the next write (the query runner's generation).

    Reading them scans the whole graph (about 15 s at 10,000 articles), so without this every person or
    organization view would pay that; with it only the first view after a write does (and the server
    reads them once in the background when it starts: `warm_snapshot`). A store with no write generation
    (a SPARQL server others may write to) is read afresh each time."""
    if kind not in _SNAPSHOT_VIEWS:
        return None
    return current_snapshot(request.app)


_SNAPSHOT_LOCK = threading.Lock()  # one reader of the whole store at a time; the others wait for its result


def current_snapshot(app: Any) -> projections.GraphFacts | None:
    """The snapshot for the app's current write generation, read now if there is none yet."""
    generation = getattr(getattr(app.state, "query_runner", None), "generation", None)
    if generation is None:
        return None
    with _SNAPSHOT_LOCK:
        cached = getattr(app.state, "view_snapshot", None)
        if cached is not None and cached[0] == generation:
            return cached[1]
        facts = projections.GraphFacts(app.state.store)
        facts.whole  # noqa: B018 - built now, under the lock, rather than by the first view that needs it
        app.state.view_snapshot = (generation, facts)
        return facts


def warm_snapshot(app: Any) -> threading.Thread:
    """Read the views' snapshot in a background thread (at server start), so the first view is quick."""
    return warm_in_background(lambda: current_snapshot(app), "provkg-view-snapshot",
                              "prepare the views' snapshot of the store")


def _max_nodes(request: Request, asked: int | None) -> int:
    """The per-request cap, else the configured one, else the default."""
    if asked is not None:
        return asked
    configured = getattr(getattr(request.app.state, "settings", None), "view_max_nodes", None)
    if configured:
        return int(configured)
    env = os.environ.get("PROVKG_VIEW_MAX_NODES", "")
    return int(env) if env.isdigit() and int(env) > 0 else DEFAULT_MAX_NODES


DRAWN_PAGES = 64  # pages kept per write generation


def _drawn(request: Request, key: tuple[Any, ...], html: str | None = None) -> str | None:
    """A page drawn earlier for this write generation (or, with `html`, keep it): drawing costs up to a second
    of CPU under the GIL, and the same store and arguments draw the same page. Not kept for a store without a
    write generation (a SPARQL server others may write to)."""
    generation = key[0]  # the write generation when the request came: a page drawn across a write is kept under
    if generation is None:  # the generation it was drawn from, never looked up again
        return html
    with _GATE_LOCK:
        cached = getattr(request.app.state, "view_pages", None)
        if cached is None or cached[0] < generation:
            cached = request.app.state.view_pages = (generation, OrderedDict())
        pages_kept: OrderedDict[tuple[Any, ...], str] = cached[1]
        if html is None:
            found = pages_kept.get(key)
            if found is not None:
                pages_kept.move_to_end(key)
            return found
        if cached[0] != generation:
            return html
        pages_kept[key] = html
        while len(pages_kept) > DRAWN_PAGES:
            pages_kept.popitem(last=False)
        return html


def _html(request: Request, store: Store, kind: str, ident: str | None = None, max_nodes: int | None = None, *,
          depth: int = 1, as_of: date | None = None) -> HTMLResponse:
    generation = getattr(getattr(request.app.state, "query_runner", None), "generation", None)
    key = (generation, kind, ident, depth, as_of, _max_nodes(request, max_nodes))
    drawn = _drawn(request, key)
    if drawn is not None:
        return HTMLResponse(drawn, headers=HEADERS)
    gate = _gate(request)
    wait = float(getattr(getattr(request.app.state, "settings", None), "queue_timeout", 2.0))
    if not gate.acquire(timeout=wait):
        raise HTTPException(503, "too many views are being drawn at once; try again shortly",
                            headers={"Retry-After": "2"})
    try:
        drawn = _drawn(request, key)  # drawn by the request this one waited for
        if drawn is not None:
            return HTMLResponse(drawn, headers=HEADERS)
        html = pages.page_html(store, kind, ident, depth=depth, as_of=as_of,
                               max_nodes=_max_nodes(request, max_nodes), facts=_snapshot(request, kind))
    except pages.NotFound as exc:
        moved = moved_id(ident) if kind == "organization" and ident else None
        if moved and ask(store, KIND_PREFIX["organization"] + moved, "org:Organization"):
            raise moved_permanently(request, ident, moved) from exc  # an id the body had before
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    finally:
        gate.release()
    _drawn(request, key, html)
    return HTMLResponse(html, headers=HEADERS)


@router.get("/view", response_class=HTMLResponse, summary="The whole graph as an interactive network")
def view_all(request: Request, store: StoreDep, max_nodes: MaxNodes = None) -> HTMLResponse:
    """Coloured and shaped by kind, with a legend, search, and filters by kind and province."""
    return _html(request, store, "all", max_nodes=max_nodes)


@router.get("/view/person/{id}", response_class=HTMLResponse, responses={404: {"description": "No such person."}},
            summary="A person's ego network and a timeline of their posts")
def view_person(request: Request, store: StoreDep, id: Ident,
                depth: Annotated[int, Query(ge=1, le=2, description="1: direct neighbours; 2: theirs too.")] = 1,
                max_nodes: MaxNodes = None) -> HTMLResponse:
    return _html(request, store, "person", id, max_nodes=max_nodes, depth=depth)


@router.get("/view/organization/{id}", response_class=HTMLResponse,
            responses={404: {"description": "No such body."}, 301: {"description": "An id the body had before: "
                                                                                   "`Location` is its current URL."}},
            summary="A body as an org chart on a date")
def view_organization(request: Request, store: StoreDep, id: Ident,
                      as_of: Annotated[date | None, Day, Query(description="YYYY-MM-DD; current posts when omitted.")]
                      = None, max_nodes: MaxNodes = None) -> HTMLResponse:
    """Parent and sub-bodies, post holders on the date, and the lineage through mergers left to right."""
    return _html(request, store, "organization", id, max_nodes=max_nodes, as_of=as_of)


@router.get("/view/merges", response_class=HTMLResponse, summary="Every merger as a lineage picture")
def view_merges(request: Request, store: StoreDep, max_nodes: MaxNodes = None) -> HTMLResponse:
    return _html(request, store, "merges", max_nodes=max_nodes)


@router.get("/view/campaign/{id}", response_class=HTMLResponse, responses={404: {"description": "No such campaign."}},
            summary="A campaign with its organisers, places and articles")
def view_campaign(request: Request, store: StoreDep, id: Ident, max_nodes: MaxNodes = None) -> HTMLResponse:
    return _html(request, store, "campaign", id, max_nodes=max_nodes)


@router.get("/view/article/{id}", response_class=HTMLResponse, responses={404: {"description": "No such article."}},
            summary="The facts one article gave, each with its sentence")
def view_article(request: Request, store: StoreDep, id: Ident, max_nodes: MaxNodes = None) -> HTMLResponse:
    return _html(request, store, "article", id, max_nodes=max_nodes)


@router.get("/view/static/{name}", include_in_schema=False)
def view_static(name: str) -> FileResponse:
    """The vendored vis-network and the views' own script and style; nothing else is served from here."""
    media = STATIC_FILES.get(name)
    if media is None:
        raise HTTPException(status_code=404, detail=f"no static file {name!r}")
    return FileResponse(STATIC_DIR / name, media_type=media,
                        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})
