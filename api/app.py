"""The FastAPI application: opens the store, wires the routers, and turns every error into JSON.

`create_app(settings)` opens the store (the primary, read-write handle: RocksDB lets one
process hold it, so `provkg ingest` against a served store stops with "in use") before
the server binds, so a locked or unreadable store fails fast. The SPARQL query workers
(api/query_runner.py) start in the lifespan, each with a read-only handle of its own.
Errors are always JSON `{"detail": ...}` with a fitting status; an unexpected exception is
a 500 that names its type only, and the traceback goes to the server log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from provkg.api.http_limits import RequestHeadLimits
from provkg.api.query_runner import QueryError, QueryRunner
from provkg.api.settings import Settings
from provkg.api.sparql import SparqlGetLane
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOG = logging.getLogger("provkg.server")
STATIC_DIR = Path(__file__).resolve().parent / "static"
RESULT_HEADERS = ["X-Provkg-Row-Limit", "X-Provkg-Truncated", "X-Provkg-Rows"]


class BodyTooLarge(StarletteHTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than the server's limit of {limit} bytes")


class BodyLimitMiddleware:
    """Refuse bodies over `limit` bytes: at once when Content-Length says so, else while reading."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            status = 413 if declared.isdigit() else 400
            detail = BodyTooLarge(self.limit).detail if status == 413 else "malformed Content-Length"
            await JSONResponse({"detail": detail}, status_code=status)(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, limited, send)


# Every HTML page: nothing from another host, no inline script, no framing. Pages that set their own
# (stricter) policy keep it; this one allows inline style because the home page has a <style> block.
HTML_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class InFlight:
    """Count the HTTP requests being served (`app.state.in_flight`): the query runner runs a query in this
    process only when no other request waits on it (api/query_runner.py)."""

    def __init__(self, app: ASGIApp, state: Any) -> None:
        self.app = app
        self.state = state
        state.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.state.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.state.in_flight -= 1


class HtmlSecurityHeaders:
    """Give every text/html response a Content-Security-Policy (and nosniff) unless it has one already."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.lower().startswith(b"text/html") and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", HTML_CSP.encode()))
                    if b"x-content-type-options" not in names:
                        headers.append((b"x-content-type-options", b"nosniff"))
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _json_error(status: int, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return _json_error(exc.status_code, exc.detail, dict(exc.headers or {}))


async def _query_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QueryError)
    headers = {"Retry-After": "1"} if exc.status == 503 else None
    return _json_error(exc.status, exc.message, headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return await request_validation_exception_handler(request, exc)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    LOG.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _json_error(500, f"internal error ({type(exc).__name__}); the server log has the details")


async def _store_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """A SPARQL-server store that is down, too slow or failing: 503 naming its endpoint."""
    return _json_error(503, str(exc), {"Retry-After": "5"})


async def _results_truncated(request: Request, exc: Exception) -> JSONResponse:
    """A SPARQL server that cut an answer short (Virtuoso's ResultSetMaxRows): 502 saying so."""
    return _json_error(502, str(exc))


def _open_store(settings: Settings) -> Any:
    from provkg.graph.location import open_store

    if str(settings.store) == ":memory:":
        raise ValueError("the server needs a store directory (its query workers open it read-only)")
    if settings.remote:
        return open_store(settings.store, **settings.remote_options())
    return open_store(settings.store)


def _query_runner(settings: Settings, store: Any, state: Any) -> Any:
    """Worker processes on a store directory; on a SPARQL server, queries forwarded to it."""
    if settings.remote:
        from provkg.api.remote_runner import RemoteQueryRunner

        return RemoteQueryRunner(store, settings.max_concurrent_queries, settings.query_timeout,
                                 settings.queue_timeout)
    return QueryRunner(Path(settings.store), settings.max_concurrent_queries, settings.query_timeout,
                       settings.queue_timeout, local_store=lambda: store.raw,
                       others_waiting=lambda: getattr(state, "in_flight", 0) > 1)


def _warm_read_models(app: FastAPI, store: Any) -> threading.Thread:
    """Build the store's read models and the search indexes in a background thread; a page asking before they
    are ready waits for them."""
    from provkg.api.deps import warm_in_background, warm_search

    def work() -> None:
        store.read_models.warm()
        warm_search(app)

    return warm_in_background(work, "provkg-read-models", "build the read models of the store")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app for `settings`; the store is opened now (raises StoreInUseError when another process holds it)."""
    settings = settings or Settings()
    store = _open_store(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner = _query_runner(settings, store, app.state)
        try:
            await runner.start()
        except BaseException:
            store.close()
            raise
        app.state.query_runner = runner
        from provkg.api.views.routes import warm_snapshot

        warm_snapshot(app)  # the views' whole-store read, done once now rather than by the first view
        _warm_read_models(app, store)  # the REST pages' read models (graph/read_models.py), built once now
        LOG.info("serving %s with %d query workers (pids %s), %s", settings.store, runner.size, runner.pids,
                 "read-only" if settings.read_only else "updates allowed with the token")
        try:
            yield
        finally:
            await runner.close()
            store.close()

    app = FastAPI(
        title="provkg",
        summary="A knowledge graph of Vietnam's provincial political organisations.",
        description="SPARQL 1.1 Protocol at /sparql (query page at /sparql/ui), the Graph Store Protocol's read "
                    "side at /rdf-graph-store, and REST resources for the common questions.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: /docs is served by api/docs_page.py instead
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.write_lock = threading.Lock()  # one writer at a time on the primary handle

    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(QueryError, _query_error)
    from provkg.graph.remote import ResultsTruncated, StoreUnavailable

    app.add_exception_handler(StoreUnavailable, _store_unavailable)
    app.add_exception_handler(ResultsTruncated, _results_truncated)
    app.add_exception_handler(Exception, _unexpected)

    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"],
                       allow_headers=["Accept", "Content-Type"], expose_headers=RESULT_HEADERS)
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(SparqlGetLane)  # plain GET queries, inside the request-head limits
    app.add_middleware(RequestHeadLimits, max_url_bytes=settings.max_url_bytes,
                       max_header_bytes=settings.max_header_bytes)
    app.add_middleware(HtmlSecurityHeaders)
    app.add_middleware(InFlight, state=app.state)

    from provkg.api import articles_write, docs_page, graph_store, sparql
    from provkg.api.views.routes import router as views_router

    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    app.include_router(articles_write.router)
    for router in _rest_routers():
        app.include_router(router)
    app.include_router(views_router)
    app.include_router(docs_page.router)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        """No icon: an empty answer, so browsers do not log a 404 on every page."""
        return Response(status_code=204)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _rest_routers() -> list[Any]:
    """The REST routers (api/routes), when that package is present."""
    try:
        from provkg.api.routes import routers
    except ImportError as e:
        if e.name is not None and not e.name.startswith("provkg.api.routes"):
            raise  # a real missing dependency inside the routes, not an absent package
        LOG.warning("no REST routes (provkg.api.routes is not present): serving SPARQL only")
        return []
    return list(routers)


def app_from_env() -> FastAPI:
    """For `uvicorn --factory provkg.api.app:app_from_env`: settings from PROVKG_* variables (add
    `--http provkg.api.http_limits:BoundedHttpToolsProtocol` to bound request heads while they are read)."""
    return create_app(Settings.from_env())
