"""The SPARQL 1.1 Protocol at /sparql, its service description, and the query page at /sparql/ui.

Queries go to the killable worker pool (api/query_runner.py), or on a SPARQL-server store
to the server itself (api/remote_runner.py), which enforce the time limit and the row cap;
this module only reads the protocol's three request forms, negotiates the format, applies
the policy (no SERVICE/LOAD, updates only with the token) and turns the worker's answer
into a response whose headers state the row cap.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from provkg.api import sparql_formats as F
from provkg.api.auth import require_update_token
from provkg.api.query_runner import Answer, Job, QueryError, QueryRunner
from provkg.api.settings import Settings
from provkg.api.sparql_guard import refusal
from provkg.graph import vocab as V
from starlette.types import ASGIApp, Receive, Scope, Send

LOG = logging.getLogger("provkg.sparql")
router = APIRouter(tags=["sparql"])
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                        autoescape=select_autoescape(default=True, default_for_string=True))

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
FORMAT_PARAMS = ("format", "output", "results")  # browsers use format; SPARQLWrapper sends all three

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed query (the parser's message), or SERVICE/LOAD refused."},
    403: {"description": "An update without the server's update token."},
    406: {"description": "No acceptable format for this kind of result."},
    413: {"description": "Request body over the server's limit."},
    415: {"description": "POST with a content type the protocol does not define."},
    503: {"description": "The query ran past the time limit and was stopped, or too many queries run at once."},
}
RESULT_CONTENT = {m: {"schema": {"type": "string"}} for m in (*F.RESULTS_FORMATS, *F.GRAPH_FORMATS)}


def _runner(request: Request) -> QueryRunner:
    return request.app.state.query_runner


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _response(answer: Answer, settings: Settings, cors: bool) -> Response:
    headers = {"X-Provkg-Row-Limit": str(settings.max_rows), "X-Provkg-Truncated": str(answer.truncated).lower(),
               "X-Provkg-Rows": str(answer.rows), "Vary": "Accept"}
    if cors:
        headers["Access-Control-Allow-Origin"] = "*"
    return Response(answer.body, media_type=F.CONTENT_TYPES[answer.media_type], headers=headers)


async def run_query(request: Request, text: str, params: dict[str, list[str]], cors: bool = False) -> Response:
    """Negotiate, check and run one query from any of the protocol's request forms."""
    if not text.strip():
        raise HTTPException(400, "empty query")
    why = refusal(text)
    if why:
        raise HTTPException(400, why)
    formats = [v for name in FORMAT_PARAMS for v in params.get(name, []) if v.strip()]
    try:
        choice = F.negotiate(request.headers.get("accept"), formats)
    except F.NotAcceptable as e:
        raise HTTPException(406, str(e)) from None
    if choice.results is None and choice.graph is None:
        raise HTTPException(406, "the Accept header names no format this endpoint produces; available: "
                                 + ", ".join((*F.RESULTS_FORMATS, *F.GRAPH_FORMATS)))
    settings = _settings(request)
    job = protocol_job(text, choice, params, str(request.url.replace(query="", fragment="")), settings.max_rows)
    answer = await _runner(request).run(job)
    return _response(answer, settings, cors)


def protocol_job(text: str, choice: F.Choice, params: dict[str, list[str]], endpoint_url: str, max_rows: int) -> Job:
    """The job of one query with the protocol's dataset (default-graph-uri, named-graph-uri) and base IRI (the
    endpoint's URL), the one place both the routes and the GET lane build it."""
    default_graphs = params.get("default-graph-uri")
    named_graphs = params.get("named-graph-uri")
    if named_graphs and not default_graphs:
        default_graphs = []  # the protocol's dataset: the merge of no default graphs is empty, as with FROM NAMED alone
    return Job(text=text, results_format=choice.results, graph_format=choice.graph,
               default_graphs=tuple(default_graphs) if default_graphs is not None else None,
               named_graphs=tuple(named_graphs) if named_graphs else None, base_iri=endpoint_url, max_rows=max_rows)


def _apply_update(request: Request, text: str) -> None:
    """Run an update on the primary handle, one writer at a time, then rebuild the inferred graph (tenures,
    which REST reads) as POST /articles does; workers then reopen their snapshots."""
    store = request.app.state.store
    with request.app.state.write_lock:
        try:
            store.update(text)
        except SyntaxError as e:
            raise HTTPException(400, f"malformed update: {' '.join(str(e).split())}") from None
        finally:
            # an update may change anything: the people index (graph/identity) is rebuilt by the next write,
            # and the inferred graph in full below
            store.forget_caches()
        store.refresh_inferences(full=True)


async def run_update(request: Request, text: str, params: dict[str, list[str]]) -> Response:
    """SPARQL Update: 403 unless the server has a token and the request carries it."""
    require_update_token(request)
    if not text.strip():
        raise HTTPException(400, "empty update")
    why = refusal(text)
    if why:
        raise HTTPException(400, why)
    if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
        raise HTTPException(400, "using-graph-uri / using-named-graph-uri are not supported; use USING in the update")
    await run_in_threadpool(_apply_update, request, text)
    _runner(request).bump_generation()
    LOG.info("SPARQL update applied (%d characters)", len(text))
    return Response(status_code=204)


# --- the lane for plain GET queries ----------------------------------------------------------------

LANE_PARAMS = frozenset({"query", *FORMAT_PARAMS, "default-graph-uri", "named-graph-uri"})


class SparqlGetLane:
    """GET /sparql?query=... answered here, ahead of FastAPI's routing and parameter validation.

    A lookup that a query worker or the in-process lane (api/query_runner.py) answers in a
    fraction of a millisecond would otherwise spend most of its time in the framework. Only the
    plain form is taken: a GET with one non-empty `query`, no other parameters than the protocol's,
    no Origin header (CORS middleware answers those), a query the policy accepts and an Accept this
    endpoint serves, on worker-pool stores. Everything else, and every error found before the query
    runs, goes on to the routes below, which answer it as they always do; an error of the query
    itself is answered here as api/app.py answers it (JSON, Retry-After on 503)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != "/sparql":
            await self.app(scope, receive, send)
            return
        job = self._job(scope)
        if job is None:
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        try:
            answer = await state.query_runner.run(job)
        except QueryError as e:
            headers = {"Retry-After": "1"} if e.status == 503 else None
            await JSONResponse({"detail": e.message}, status_code=e.status, headers=headers)(scope, receive, send)
            return
        await _response(answer, state.settings, cors=True)(scope, receive, send)

    @staticmethod
    def _job(scope: Scope) -> Job | None:
        """The job of a plain GET query, or None to leave the request to the routes."""
        state = getattr(scope.get("app"), "state", None)
        if not isinstance(getattr(state, "query_runner", None), QueryRunner):
            return None
        params = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip() or not set(params) <= LANE_PARAMS:
            return None
        accept = None
        for name, value in scope["headers"]:
            if name == b"origin":
                return None
            if name == b"accept" and accept is None:  # the first, as request.headers.get gives the routes
                accept = value.decode("latin-1")
        text = queries[0]
        if refusal(text):
            return None
        try:
            choice = F.negotiate(accept, [v for name in FORMAT_PARAMS for v in params.get(name, []) if v.strip()])
        except F.NotAcceptable:
            return None
        if choice.results is None and choice.graph is None:
            return None
        endpoint_url = str(Request(scope).url.replace(query="", fragment=""))
        return protocol_job(text, choice, params, endpoint_url, state.settings.max_rows)


# --- service description -------------------------------------------------------------------------


def service_description(endpoint: str, settings: Settings) -> str:
    """A SPARQL 1.1 Service Description (Turtle) of this endpoint."""
    results = "\n".join(f"    sd:resultFormat <{iri}> ;" for iri in (
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/SPARQL_Results_XML",
        "http://www.w3.org/ns/formats/SPARQL_Results_CSV", "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
        "http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/N-Triples",
        "http://www.w3.org/ns/formats/JSON-LD", "http://www.w3.org/ns/formats/RDF_XML"))
    update = "" if settings.read_only else "    sd:supportedLanguage sd:SPARQL11Update ;\n"
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
{update}{results}
    sd:feature sd:UnionDefaultGraph ;
    rdfs:comment "provkg: Vietnam's provincial political organisations. The default graph is the set-union of \
the per-article named graphs <{V.GRAPH}article/ID>. Queries stop after {settings.query_timeout:g} s (503) and return \
at most {settings.max_rows} rows (X-Provkg-Truncated says when more matched). No SERVICE or LOAD." ;
    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; dcterms:description "the set-union of all article graphs" ]
    ] .
"""


# --- routes ----------------------------------------------------------------------------------------


@router.get("/sparql", summary="SPARQL 1.1 query (GET), or the service description when no query is given",
            responses={200: {"content": {**RESULT_CONTENT}, "description": "Query results, or the service "
                                                                          "description (Turtle)."}, **ERRORS})
async def sparql_get(
    request: Request,
    query: Annotated[str | None, Query(description="The SPARQL query.")] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
    format: Annotated[str | None, Query(description="json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml; "
                                                    "overrides Accept.")] = None,
) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    if "update" in params:
        raise HTTPException(405, "SPARQL Update must be sent with POST", headers={"Allow": "GET, POST"})
    if len(params.get("query", [])) > 1:
        raise HTTPException(400, "send exactly one 'query' parameter")
    if query is None:
        endpoint = str(request.url.replace(query="", fragment=""))
        body = service_description(endpoint, _settings(request))
        return Response(body, media_type="text/turtle; charset=utf-8",
                        headers={"Access-Control-Allow-Origin": "*"})
    return await run_query(request, query, params, cors=True)


@router.post("/sparql", summary="SPARQL 1.1 query or update (POST: form, sparql-query or sparql-update)",
             responses={200: {"content": {**RESULT_CONTENT}, "description": "Query results."},
                        204: {"description": "Update applied."}, **ERRORS},
             openapi_extra={"requestBody": {"required": True, "content": {
                 FORM: {"schema": {"type": "object", "properties": {
                     "query": {"type": "string"}, "update": {"type": "string"},
                     "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                     "named-graph-uri": {"type": "array", "items": {"type": "string"}}}}},
                 SPARQL_QUERY: {"schema": {"type": "string"}},
                 SPARQL_UPDATE: {"schema": {"type": "string"}}}}})
async def sparql_post(request: Request) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url_params = parse_qs(request.url.query, keep_blank_values=True)
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the request body is not UTF-8") from None
    if content_type == FORM:
        form = parse_qs(text, keep_blank_values=True)
        params = {**url_params, **form}
        queries, updates = form.get("query", []), form.get("update", [])
        if len(queries) + len(updates) != 1:
            raise HTTPException(400, "send exactly one 'query' or one 'update' parameter")
        if updates:
            return await run_update(request, updates[0], params)
        return await run_query(request, queries[0], params)
    if content_type == SPARQL_QUERY:
        return await run_query(request, text, url_params)
    if content_type == SPARQL_UPDATE:
        return await run_update(request, text, url_params)
    raise HTTPException(415, f"unsupported content type {content_type or '(none)'!r}: use {FORM}, {SPARQL_QUERY} "
                             f"or {SPARQL_UPDATE}")


EXAMPLES: list[tuple[str, str]] = [
    ("Who holds which post", """SELECT ?name ?role ?body WHERE {
  ?m a org:Membership ; org:member ?person ; org:organization ?org ; org:role ?r .
  ?person foaf:name ?name . ?r skos:prefLabel ?role . ?org skos:prefLabel ?body .
} ORDER BY ?body ?role ?name LIMIT 200"""),
    ("Secretaries of Party Committees", """SELECT ?person ?name ?committee WHERE {
  ?m a org:Membership ; org:member ?person ; org:organization ?body ; org:role ?role .
  ?role skos:prefLabel "Secretary" .
  ?person foaf:name ?name .
  ?body skos:prefLabel ?committee .
  FILTER(CONTAINS(?committee, "Party Committee"))
} ORDER BY ?committee ?name"""),
    ("Merges", """SELECT ?event ?merged ?into ?date WHERE {
  ?event a org:ChangeEvent ; org:originalOrganization ?o ; org:resultingOrganization ?r .
  ?o skos:prefLabel ?merged . ?r skos:prefLabel ?into .
  OPTIONAL { ?event dcterms:date ?date }
} ORDER BY ?date"""),
    ("Members of a body on a date", """# Post holders of a body whose tenure had not ended by the date
# (tenure ends, stated or inferred, are in the inferred graph; see the README's data model)
SELECT DISTINCT ?person ?name ?role ?end WHERE {
  VALUES (?body ?date) { ("Binh Duong Provincial Party Committee" "2025-03-01"^^xsd:date) }
  ?org skos:prefLabel ?body .
  ?m a org:Membership ; org:organization ?org ; org:member ?person ; org:role ?r .
  ?person foaf:name ?name . ?r skos:prefLabel ?role .
  OPTIONAL { ?m org:memberDuring/time:hasEnd/time:inXSDDate ?end }
  FILTER(!BOUND(?end) || ?end >= ?date)
} ORDER BY ?role ?name"""),
    ("Where a fact comes from", """SELECT ?name ?role ?sentence ?graph WHERE {
  GRAPH ?graph {
    ?m a org:Membership ; org:member/foaf:name ?name ; org:role/skos:prefLabel ?role ;
       prov:qualifiedDerivation/provkg:sentence ?sentence .
  }
} LIMIT 50"""),
    ("Count nodes by class", """SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY DESC(?n)"""),
]


# IRI kind segment (https://w3id.org/provkg/id/<kind>/<id>) -> the REST route that shows one such node.
_PAGE_ROUTES = {"person": "/people", "body": "/organizations", "campaign": "/campaigns", "event": "/events",
                "place": "/places", "article": "/articles"}


def _pages(request: Request) -> dict[str, str]:
    """The kinds whose REST page this server actually has, so the query page links only to pages that exist."""
    paths = set(request.app.openapi().get("paths", {}))  # included routers stay nested in app.routes
    return {kind: base + "/" for kind, base in _PAGE_ROUTES.items() if base + "/{id}" in paths}


@router.get("/sparql/ui", response_class=HTMLResponse, summary="The SPARQL query page (HTML)")
async def sparql_ui(request: Request) -> HTMLResponse:
    settings = _settings(request)
    html = TEMPLATES.get_template("sparql_ui.html").render(
        examples=EXAMPLES, prefixes=V.PREFIXES, max_rows=settings.max_rows, timeout=settings.query_timeout,
        id_base=V.ID, pages=_pages(request))
    # Same-origin only: the page loads nothing from other hosts and runs only its own script.
    csp = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
           "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
    return HTMLResponse(html, headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff"})

