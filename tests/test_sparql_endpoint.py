"""The SPARQL 1.1 Protocol at /sparql, the Graph Store read side and POST /articles, against a real server.

One `provkg serve` (tests/server.py) for the module, on a copy of the store the real
pipeline built from data/articles; the clients are SPARQLWrapper and httpx, no mocks.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode
from xml.dom.minidom import Document

import httpx
import pytest
import rdflib
from server import running_server
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

TOKEN = "test-update-token-0123456789"
MAX_ROWS = 50
QUERY_TIMEOUT = 1.5
ARTICLE_GRAPH = "https://w3id.org/provkg/graph/article/"
G_2023 = ARTICLE_GRAPH + "bd-2023-11-innovate-mass-mobilization"
G_2025 = ARTICLE_GRAPH + "bd-2025-02-propaganda-mass-mobilization-commission"

SECRETARY = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name ?committee WHERE {
  ?m a org:Membership ; org:member ?person ; org:organization ?body ; org:role ?role .
  ?role skos:prefLabel "Secretary" .
  ?person foaf:name ?name .
  ?body skos:prefLabel ?committee .
  FILTER(?committee = "Binh Duong Provincial Party Committee")
} ORDER BY ?name"""
# The demo's Binh Duong Secretaries: Tran Van Nam in the 2020 article, Nguyen Van Loi in the 2025 one.
BD_SECRETARIES = [("Nguyen Van Loi", "Binh Duong Provincial Party Committee"),
                  ("Tran Van Nam", "Binh Duong Provincial Party Committee")]
ASK_LOI = 'ASK { ?p a foaf:Person ; foaf:name "Nguyen Van Loi" }'
CONSTRUCT_LOI = """CONSTRUCT { ?p foaf:name ?n ; a foaf:Person } WHERE { ?p a foaf:Person ; foaf:name ?n .
FILTER(?n = "Nguyen Van Loi") }"""
LOI = "https://w3id.org/provkg/id/person/nguyen-van-loi"
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def base_url(ingested_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(ingested_store, store)
    with running_server(store, update_token=TOKEN, query_timeout=QUERY_TIMEOUT, max_rows=MAX_ROWS,
                        max_concurrent_queries=2) as url:
        yield url


@pytest.fixture(scope="module")
def endpoint(base_url: str) -> str:
    return base_url + "/sparql"


def wrapper(endpoint: str, query: str, fmt: str, conneg_only: bool = True) -> SPARQLWrapper:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setOnlyConneg(conneg_only)
    return sw


def count(endpoint: str, query: str, **params: str) -> int:
    r = httpx.get(endpoint, params={"query": query, **params}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def assert_json_error(r: httpx.Response, status: int, *fragments: str) -> str:
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    detail = r.json()["detail"]
    assert "Traceback" not in r.text
    for fragment in fragments:
        assert fragment.lower() in str(detail).lower(), detail
    return str(detail)


# --- SELECT / ASK in every results format, through SPARQLWrapper ---------------------------------


@pytest.mark.parametrize("conneg_only", [True, False], ids=["accept-only", "with-format-params"])
def test_select_json(endpoint: str, conneg_only: bool) -> None:
    result = wrapper(endpoint, SECRETARY, JSON, conneg_only).queryAndConvert()
    rows = result["results"]["bindings"]
    assert [(r["name"]["value"], r["committee"]["value"]) for r in rows] == BD_SECRETARIES
    assert "truncated" not in result


def test_select_xml(endpoint: str) -> None:
    doc = wrapper(endpoint, SECRETARY, XML).queryAndConvert()
    assert isinstance(doc, Document)
    literals = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert literals == [value for row in BD_SECRETARIES for value in row]
    assert [v.getAttribute("name") for v in doc.getElementsByTagName("variable")] == ["name", "committee"]


@pytest.mark.parametrize("conneg_only", [True, False], ids=["accept-only", "with-format-params"])
def test_select_csv(endpoint: str, conneg_only: bool) -> None:
    body = wrapper(endpoint, SECRETARY, CSV, conneg_only).queryAndConvert()
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows == [["name", "committee"], *map(list, BD_SECRETARIES)]


@pytest.mark.parametrize("conneg_only", [True, False], ids=["accept-only", "with-format-params"])
def test_select_tsv(endpoint: str, conneg_only: bool) -> None:
    body = wrapper(endpoint, SECRETARY, TSV, conneg_only).queryAndConvert().decode()
    assert body.splitlines() == ["?name\t?committee", *(f'"{name}"\t"{committee}"' for name, committee in BD_SECRETARIES)]


def test_ask_in_every_format(endpoint: str) -> None:
    assert wrapper(endpoint, ASK_LOI, JSON).queryAndConvert()["boolean"] is True
    assert wrapper(endpoint, 'ASK { ?p foaf:name "Nobody At All" }', JSON).queryAndConvert()["boolean"] is False
    doc = wrapper(endpoint, ASK_LOI, XML).queryAndConvert()
    assert doc.getElementsByTagName("boolean")[0].firstChild.data == "true"
    assert wrapper(endpoint, ASK_LOI, CSV).queryAndConvert().decode().split() == ["_askResult", "true"]
    assert wrapper(endpoint, ASK_LOI, TSV).queryAndConvert().decode().split() == ["?_askResult", "true"]


# --- CONSTRUCT / DESCRIBE in every graph format ----------------------------------------------------


def _loi_names(graph: rdflib.Graph) -> set[str]:
    return {str(o) for o in graph.objects(rdflib.URIRef(LOI), rdflib.FOAF.name)}


@pytest.mark.parametrize("conneg_only", [True, False], ids=["accept-only", "with-format-params"])
def test_construct_turtle(endpoint: str, conneg_only: bool) -> None:
    body = wrapper(endpoint, CONSTRUCT_LOI, TURTLE, conneg_only).queryAndConvert()
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert _loi_names(graph) == {"Nguyen Van Loi"}
    assert (rdflib.URIRef(LOI), rdflib.RDF.type, rdflib.FOAF.Person) in graph


def test_construct_ntriples(endpoint: str) -> None:
    sw = wrapper(endpoint, CONSTRUCT_LOI, N3)
    sw.addCustomHttpHeader("Accept", "application/n-triples")
    response = sw.query()
    assert response.response.headers["Content-Type"].startswith("application/n-triples")
    body = response.convert()
    lines = sorted(body.decode().splitlines())
    assert lines == sorted([
        f'<{LOI}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Person> .',
        f'<{LOI}> <http://xmlns.com/foaf/0.1/name> "Nguyen Van Loi" .'])


@pytest.mark.parametrize("conneg_only", [True, False], ids=["accept-only", "with-format-params"])
def test_construct_jsonld(endpoint: str, conneg_only: bool) -> None:
    graph = wrapper(endpoint, CONSTRUCT_LOI, JSONLD, conneg_only).queryAndConvert()
    assert isinstance(graph, rdflib.Graph)
    assert _loi_names(graph) == {"Nguyen Van Loi"}


@pytest.mark.parametrize("conneg_only", [True, False], ids=["accept-only", "with-format-params"])
def test_construct_rdfxml(endpoint: str, conneg_only: bool) -> None:
    graph = wrapper(endpoint, CONSTRUCT_LOI, RDFXML, conneg_only).queryAndConvert()
    assert isinstance(graph, rdflib.Graph)
    assert _loi_names(graph) == {"Nguyen Van Loi"}
    assert len(graph) == 2


def test_describe(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": f"DESCRIBE <{LOI}>"}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200, r.text
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    assert "Nguyen Van Loi" in _loi_names(graph)


# --- the three request forms, and the dataset parameters -------------------------------------------


def test_protocol_forms_give_the_same_answer(endpoint: str) -> None:
    expected = BD_SECRETARIES
    for method in ("GET", POST, POSTDIRECTLY):
        sw = wrapper(endpoint, SECRETARY, JSON)
        if method == POST:
            sw.setMethod(POST)
        elif method == POSTDIRECTLY:
            sw.setMethod(POST)
            sw.setRequestMethod(POSTDIRECTLY)
        rows = sw.queryAndConvert()["results"]["bindings"]
        assert [(r["name"]["value"], r["committee"]["value"]) for r in rows] == expected, method
    # and the same by hand, checking each request really had its own content type
    form = httpx.post(endpoint, data={"query": SECRETARY}, headers={"Accept": "text/csv"})
    direct = httpx.post(endpoint, content=SECRETARY.encode(), headers={"Content-Type": "application/sparql-query",
                                                                        "Accept": "text/csv"})
    get = httpx.get(endpoint, params={"query": SECRETARY}, headers={"Accept": "text/csv"})
    assert form.text == direct.text == get.text
    assert "Nguyen Van Loi" in get.text


def test_default_graph_uri(endpoint: str) -> None:
    in_2023 = count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G_2023}> {{ ?s ?p ?o }} }}")
    everything = count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert 0 < in_2023 < everything
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": G_2023}) == in_2023
    # the same parameter in a POSTed form
    r = httpx.post(endpoint, data={"query": "SELECT ?h WHERE { ?a schema:headline ?h }", "default-graph-uri": G_2023},
                   headers={"Accept": "application/sparql-results+json"})
    headlines = [b["h"]["value"] for b in r.json()["results"]["bindings"]]
    assert len(headlines) == 1 and "Propaganda and Mass Mobilization Commission" not in headlines[0]


def test_named_graph_uri(endpoint: str) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    all_graphs = httpx.get(endpoint, params={"query": query}, headers={"Accept": "text/csv"}).text.split()[1:]
    assert G_2023 in all_graphs and G_2025 in all_graphs
    only = httpx.get(endpoint, params={"query": query, "named-graph-uri": G_2025}, headers={"Accept": "text/csv"})
    assert only.text.split()[1:] == [G_2025]


def test_named_graph_uri_alone_leaves_the_default_graph_empty(endpoint: str) -> None:
    """SPARQL 1.1 Protocol 2.1.4: the dataset is the default-graph-uri graphs and the named-graph-uri graphs, so
    named-graph-uri alone gives an empty default graph, as FROM NAMED alone does in the query."""
    everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert count(endpoint, everything) > 0
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{G_2025}> WHERE {{ ?s ?p ?o }}") == 0
    assert count(endpoint, everything, **{"named-graph-uri": G_2025}) == 0
    in_2025 = count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G_2025}> {{ ?s ?p ?o }} }}")
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(endpoint, named, **{"named-graph-uri": G_2025}) == in_2025 > 0  # the named graph is there
    r = httpx.post(endpoint, data={"query": everything, "named-graph-uri": G_2025},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "0"
    # with a default-graph-uri beside it, that graph is the default graph
    both = {"default-graph-uri": G_2023, "named-graph-uri": G_2025}
    assert count(endpoint, everything, **both) == count(endpoint, everything, **{"default-graph-uri": G_2023}) > 0


def test_relative_iris_resolve_against_the_endpoint_url(endpoint: str) -> None:
    query = "SELECT ?x WHERE { BIND(<people/nguyen-van-loi> AS ?x) }"
    base = endpoint.rsplit("/", 1)[0]  # .../sparql: a relative reference replaces its last segment
    get = httpx.get(endpoint, params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert get.status_code == 200, get.text
    assert get.json()["results"]["bindings"] == [{"x": {"type": "uri", "value": base + "/people/nguyen-van-loi"}}]
    form = httpx.post(endpoint, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    direct = httpx.post(endpoint, content=query.encode(), headers={"Content-Type": "application/sparql-query",
                                                                   "Accept": "application/sparql-results+json"})
    assert form.json() == direct.json() == get.json()
    # the query's own BASE still wins, so a relative IRI can name the graph's nodes
    own = f"BASE <{LOI.rsplit('/', 2)[0]}/> ASK {{ <person/nguyen-van-loi> a foaf:Person }}"
    assert httpx.get(endpoint, params={"query": own}, headers={"Accept": "application/sparql-results+json"}).json()[
        "boolean"] is True


def test_get_with_two_query_parameters_is_400(endpoint: str) -> None:
    """SPARQL 1.1 Protocol 2.1.1: a query operation has exactly one query string (as POST already enforces)."""
    for second in ("ASK {}", ASK_LOI):
        r = httpx.get(endpoint, params=[("query", ASK_LOI), ("query", second)])
        assert_json_error(r, 400, "exactly one 'query'")
    form = urlencode([("query", ASK_LOI), ("query", "ASK {}")]).encode()
    r = httpx.post(endpoint, content=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_json_error(r, 400, "exactly one 'query'")


# --- errors and limits -----------------------------------------------------------------------------


def test_not_acceptable(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": SECRETARY}, headers={"Accept": "image/png"})
    assert_json_error(r, 406, "application/sparql-results+json")
    r = httpx.get(endpoint, params={"query": CONSTRUCT_LOI}, headers={"Accept": "text/csv"})
    assert_json_error(r, 406, "CONSTRUCT")
    r = httpx.get(endpoint, params={"query": SECRETARY, "format": "pdf"})
    assert_json_error(r, 406, "unknown format")


def test_malformed_query_is_400_with_the_parser_message(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": "SELECT ?x WHERE { ?x ?p }"})
    detail = assert_json_error(r, 400, "malformed query")
    assert "error at 1:" in detail  # the position from Oxigraph's parser
    r = httpx.post(endpoint, content=b"SELEKT * {}", headers={"Content-Type": "application/sparql-query"})
    assert_json_error(r, 400, "malformed query")


def test_unsupported_post_content_type(endpoint: str) -> None:
    r = httpx.post(endpoint, content=b"{}", headers={"Content-Type": "application/json"})
    assert_json_error(r, 415, "application/sparql-query")


def test_slow_query_is_stopped_and_the_server_keeps_serving(endpoint: str, base_url: str) -> None:
    workers_before = _children(base_url)
    started = time.monotonic()
    r = httpx.get(endpoint, params={"query": SLOW}, timeout=30)
    elapsed = time.monotonic() - started
    assert_json_error(r, 503, "time limit", f"{QUERY_TIMEOUT:g} s")
    assert QUERY_TIMEOUT <= elapsed < QUERY_TIMEOUT + 3
    assert r.headers.get("retry-after")
    # right after: a normal query is answered, and quickly (the other worker serves it)
    started = time.monotonic()
    result = wrapper(endpoint, SECRETARY, JSON).queryAndConvert()
    assert result["results"]["bindings"][0]["name"]["value"] == "Nguyen Van Loi"
    assert time.monotonic() - started < 1.0
    # the worker that ran the slow query was killed and replaced
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        workers_after = _children(base_url)
        if len(workers_after) == len(workers_before) and workers_after != workers_before:
            break
        time.sleep(0.1)
    assert len(workers_after) == len(workers_before) == 2
    assert len(workers_before - workers_after) == 1, (workers_before, workers_after)
    # and every worker answers again (two queries at once: both workers busy)
    for _ in range(3):
        assert count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s a foaf:Person }") > 0


def _children(base_url: str) -> set[int]:
    """The server process's child pids (its query workers), from /proc."""
    pid = base_url.pid  # type: ignore[attr-defined]
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids.update(int(k) for k in (task / "children").read_text().split())
    return kids


def test_row_cap_is_stated(endpoint: str) -> None:
    total = count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert total > MAX_ROWS
    r = httpx.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    doc = r.json()
    assert len(doc["results"]["bindings"]) == MAX_ROWS
    assert doc["truncated"] is True and doc["row_limit"] == MAX_ROWS and str(MAX_ROWS) in doc["note"]
    assert r.headers["x-provkg-truncated"] == "true"
    assert r.headers["x-provkg-row-limit"] == str(MAX_ROWS)
    r = httpx.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert len(r.text.splitlines()) == MAX_ROWS + 1 and r.headers["x-provkg-truncated"] == "true"
    r = httpx.get(endpoint, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
    assert len(r.text.splitlines()) == MAX_ROWS and r.headers["x-provkg-truncated"] == "true"
    small = httpx.get(endpoint, params={"query": SECRETARY})
    assert small.headers["x-provkg-truncated"] == "false" and small.headers["x-provkg-row-limit"] == str(MAX_ROWS)


def test_service_and_load_are_refused(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert_json_error(r, 400, "SERVICE")
    r = httpx.post(endpoint, data={"update": "LOAD <http://example.org/data.ttl>"},
                   headers={"Authorization": f"Bearer {TOKEN}"})
    assert_json_error(r, 400, "LOAD")
    # the words inside literals and IRIs are fine
    ok = httpx.get(endpoint, params={"query": 'ASK { ?s ?p "SERVICE LOAD" }'})
    assert ok.status_code == 200 and ok.json()["boolean"] is False


# --- updates -----------------------------------------------------------------------------------------

INSERT = 'INSERT DATA { <https://example.org/t> <https://example.org/p> "from the update test" }'
ASK_INSERTED = 'ASK { <https://example.org/t> <https://example.org/p> "from the update test" }'


def test_update_needs_the_token(endpoint: str) -> None:
    r = httpx.post(endpoint, content=INSERT.encode(), headers={"Content-Type": "application/sparql-update"})
    assert_json_error(r, 403, "token")
    r = httpx.post(endpoint, data={"update": INSERT}, headers={"Authorization": "Bearer wrong-token-123456"})
    assert_json_error(r, 403, "wrong")
    assert TOKEN not in r.text
    assert httpx.get(endpoint, params={"query": ASK_INSERTED}).json()["boolean"] is False
    r = httpx.get(endpoint, params={"update": INSERT})
    assert_json_error(r, 405, "POST")


def test_update_with_the_token(endpoint: str, base_url: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = httpx.post(endpoint, content=INSERT.encode(), headers={"Content-Type": "application/sparql-update", **auth})
    assert r.status_code == 204, r.text
    # the query workers see the write (they reopen their read-only snapshot after a write)
    for _ in range(4):
        assert httpx.get(endpoint, params={"query": ASK_INSERTED}).json()["boolean"] is True
    r = httpx.post(endpoint, data={"update": INSERT.replace("INSERT", "DELETE")}, headers=auth)
    assert r.status_code == 204, r.text
    assert httpx.get(endpoint, params={"query": ASK_INSERTED}).json()["boolean"] is False
    r = httpx.post(endpoint, data={"update": "INSERT DATA { <a> }"}, headers=auth)
    assert_json_error(r, 400, "malformed update")
    assert TOKEN not in Path(base_url.log_path).read_text()  # type: ignore[attr-defined]


def test_update_rebuilds_the_inferred_graph(endpoint: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    inferred = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/provkg/graph/inferred> { ?s ?p ?o } }"
    before = count(endpoint, inferred)
    assert before > 0
    r = httpx.post(endpoint, data={"update": "DROP GRAPH <https://w3id.org/provkg/graph/inferred>"}, headers=auth)
    assert r.status_code == 204, r.text
    assert count(endpoint, inferred) == before  # rebuilt from the article graphs, as after POST /articles


# --- service description, CORS, Graph Store Protocol --------------------------------------------------


def test_service_description(endpoint: str) -> None:
    r = httpx.get(endpoint)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = rdflib.URIRef(endpoint)
    assert (service, rdflib.RDF.type, sd.Service) in graph
    assert (service, sd.endpoint, service) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) in graph  # this server has a token
    formats = {str(o) for o in graph.objects(service, sd.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats and len(formats) == 8


def test_cors_on_get(endpoint: str) -> None:
    origin = {"Origin": "http://localhost:3000"}
    r = httpx.get(endpoint, params={"query": ASK_LOI}, headers=origin)
    assert r.headers["access-control-allow-origin"] == "*"
    assert "x-provkg-truncated" in r.headers["access-control-expose-headers"].lower()
    assert httpx.get(endpoint, headers=origin).headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(endpoint, headers={**origin, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200 and "GET" in preflight.headers["access-control-allow-methods"]


def test_graph_store_default_and_named(base_url: str, endpoint: str) -> None:
    r = httpx.get(base_url + "/rdf-graph-store", params={"default": ""}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    default = rdflib.Graph().parse(data=r.text, format="turtle")
    assert len(default) == count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    r = httpx.get(base_url + "/rdf-graph-store", params={"graph": G_2023}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
    named = rdflib.Graph().parse(data=r.text, format="nt")
    assert len(named) == count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G_2023}> {{ ?s ?p ?o }} }}")
    r = httpx.get(base_url + "/rdf-graph-store", params={"graph": G_2023, "format": "jsonld"})
    assert len(rdflib.Graph().parse(data=r.text, format="json-ld")) == len(named)


def test_graph_store_errors(base_url: str) -> None:
    r = httpx.get(base_url + "/rdf-graph-store", params={"graph": ARTICLE_GRAPH + "no-such-article"})
    assert_json_error(r, 404, "no graph named")
    assert_json_error(httpx.get(base_url + "/rdf-graph-store"), 400, "exactly one")
    r = httpx.get(base_url + "/rdf-graph-store", params={"default": ""}, headers={"Accept": "text/csv"})
    assert_json_error(r, 406)


# --- POST /articles ---------------------------------------------------------------------------------------

NEW_ARTICLE = {
    "url": "https://example.org/news/tay-ninh-secretary-test",
    "title": "Tay Ninh Provincial Party Committee holds conference",
    "published": "2025-03-15",
    "text": "Tay Ninh Provincial Party Committee holds conference\n\n"
            "On March 14, the Tay Ninh Provincial Party Committee held a conference to review its work in 2024.\n\n"
            "Attending the conference was Mr. Tran Van Kiem, Secretary of the Tay Ninh Provincial Party Committee.\n\n"
            "Mr. Tran Van Kiem asked the Party committees at all levels to carry out the tasks for 2025.",
}
ARTICLE_COUNT = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }"


def test_post_article_needs_the_token(base_url: str, endpoint: str) -> None:
    before = count(endpoint, ARTICLE_COUNT)
    assert_json_error(httpx.post(base_url + "/articles", json=NEW_ARTICLE), 403, "token")
    r = httpx.post(base_url + "/articles", json=NEW_ARTICLE, headers={"Authorization": "Bearer not-the-token"})
    assert_json_error(r, 403, "wrong")
    assert count(endpoint, ARTICLE_COUNT) == before


def test_post_article_lands(base_url: str, endpoint: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = count(endpoint, ARTICLE_COUNT)
    kiem = {"q": "Trần Văn Kiêm"}  # name lists are kept per write generation: a write must renew them
    assert httpx.get(base_url + "/people", params=kiem).json()["total"] == 0
    r = httpx.post(base_url + "/articles", json=NEW_ARTICLE, headers=auth, timeout=60)
    assert r.status_code == 201, r.text
    assert [p["name"] for p in httpx.get(base_url + "/people", params=kiem).json()["items"]] == ["Tran Van Kiem"]
    assert "Tran Van Kiem" in [h["name"] for h in httpx.get(base_url + "/search", params=kiem).json()["items"]]
    body = r.json()
    assert body["articles"][0]["id"] == "tay-ninh-secretary-test" and body["articles"][0]["triples"] > 0
    assert body["counts"]["articles"] == 1 and body["failures"] == []
    assert count(endpoint, ARTICLE_COUNT) == before + 1
    graph = ARTICLE_GRAPH + "tay-ninh-secretary-test"
    rows = wrapper(endpoint, f"SELECT ?h ?d WHERE {{ GRAPH <{graph}> {{ ?a schema:headline ?h ; "
                             "schema:datePublished ?d } }", JSON).queryAndConvert()["results"]["bindings"]
    assert [(b["h"]["value"], b["d"]["value"]) for b in rows] == [(NEW_ARTICLE["title"], "2025-03-15")]
    # the real pipeline ran: the Secretary is in the graph
    secretary = wrapper(endpoint, """SELECT ?name WHERE { ?m org:member/foaf:name ?name ; org:role/skos:prefLabel
        "Secretary" ; org:organization/skos:prefLabel "Tay Ninh Provincial Party Committee" }""", JSON)
    assert [b["name"]["value"] for b in secretary.queryAndConvert()["results"]["bindings"]] == ["Tran Van Kiem"]
    # the same file uploaded replaces the article rather than adding one
    upload = json.dumps(NEW_ARTICLE).encode() + b"\n"
    r = httpx.post(base_url + "/articles", files={"file": ("feed.jsonl", upload, "application/octet-stream")},
                   headers=auth, timeout=60)
    assert r.status_code == 201, r.text
    assert count(endpoint, ARTICLE_COUNT) == before + 1


def test_bad_article_is_4xx_and_the_store_is_unchanged(base_url: str, endpoint: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    cases = [
        (httpx.post(base_url + "/articles", json={"url": "https://example.org/x", "title": "No text"}, headers=auth),
         422, "no 'text' or 'html'"),
        (httpx.post(base_url + "/articles", json={**NEW_ARTICLE, "published": "not a date"}, headers=auth),
         422, "published"),
        (httpx.post(base_url + "/articles", json={**NEW_ARTICLE, "body": "x"}, headers=auth), 422, "unknown field"),
        (httpx.post(base_url + "/articles", json=["a list"], headers=auth), 422, "JSON object"),
        (httpx.post(base_url + "/articles", content=b"{not json", headers={**auth, "Content-Type": "application/json"}),
         400, "not valid JSON"),
        (httpx.post(base_url + "/articles", content=b"text", headers={**auth, "Content-Type": "text/plain"}),
         415, "application/json"),
        (httpx.post(base_url + "/articles", files={"file": ("a.pdf", b"%PDF-1.4", "application/pdf")}, headers=auth),
         415, ".txt"),
        (httpx.post(base_url + "/articles", files={"file": ("a.txt", b"\x00\x01\x02" * 100, "text/plain")},
                    headers=auth), 422, "nothing was ingested"),
    ]
    for response, status, fragment in cases:
        detail = assert_json_error(response, status, fragment)
        assert "/tmp/" not in detail  # reports name the upload, not the server's temporary file
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == before


def _post(base_url: str, day: str, name: str) -> None:
    article = {"url": f"https://example.org/news/long-an-{day}", "title": "Long An Provincial Party Committee meets",
               "published": day,
               "text": "Long An Provincial Party Committee meets\n\nThe Long An Provincial Party Committee held a "
                       f"conference. Mr. {name}, Secretary of the Long An Provincial Party Committee, chaired it."}
    r = httpx.post(base_url + "/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert r.status_code == 201, r.text


TENURE_END = """SELECT ?person ?d ?rule ?art WHERE { GRAPH <https://w3id.org/provkg/graph/inferred> {
  ?m provkg:tenureEnd ?e . ?e provkg:endedNoLaterThan ?d ; prov:wasGeneratedBy ?r ; prov:wasDerivedFrom ?art }
  ?m org:member ?person ; org:organization/skos:prefLabel "Long An Provincial Party Committee" .
  ?r rdfs:label ?rule }"""


def test_post_article_rebuilds_the_inferred_graph_that_rest_reads(base_url: str, endpoint: str) -> None:
    _post(base_url, "2024-01-10", "Nguyen Van Duoc")
    first = wrapper(endpoint, """SELECT ?person ?d WHERE { GRAPH <https://w3id.org/provkg/graph/inferred> {
        ?m provkg:tenureStart ?s . ?s provkg:beganNoLaterThan ?d }
        ?m org:organization/skos:prefLabel "Long An Provincial Party Committee" ; org:member ?person }""", JSON)
    (row,) = first.queryAndConvert()["results"]["bindings"]
    person, start = row["person"]["value"], row["d"]["value"]
    assert start == "2024-01-10"
    assert wrapper(endpoint, TENURE_END, JSON).queryAndConvert()["results"]["bindings"] == []

    _post(base_url, "2025-06-01", "Tran Van Ut")  # a later Secretary: the first one's tenure is inferred ended
    ends = wrapper(endpoint, TENURE_END, JSON).queryAndConvert()["results"]["bindings"]
    assert {(b["person"]["value"], b["d"]["value"], b["rule"]["value"]) for b in ends} == {
        (person, "2025-06-01", "single-holder-succession")}
    assert {b["art"]["value"].rsplit("/", 1)[-1] for b in ends} == {"long-an-2024-01-10", "long-an-2025-06-01"}
    r = httpx.get(f"{base_url}/people/{person.rsplit('/', 1)[-1]}")
    assert r.status_code == 200, r.text
    (pos,) = [p for p in r.json()["positions"] if p["role"] == "Secretary"]
    assert pos["start"]["date"] == "2024-01-10" and pos["start"]["rule"] == "observed-span"
    assert (pos["end"]["date"], pos["end"]["basis"], pos["end"]["rule"]) == (
        "2025-06-01", "inferred", "single-holder-succession")
    assert pos["ended_by"] is not None and not pos["current"]


MERGER_ARTICLE = {
    "url": "https://example.org/news/long-an-commission-merger-test",
    "title": "Long An launches Propaganda and Mass Mobilization Commission",
    "published": "2025-02-20",
    "text": "Long An launches Propaganda and Mass Mobilization Commission\n\n"
            "On February 19, the Long An Provincial Party Committee announced the decision to merge the Propaganda "
            "Board and the Mass Mobilization Board of the Long An Provincial Party Committee into the Propaganda and "
            "Mass Mobilization Commission of the Long An Provincial Party Committee.",
}


def test_posted_merger_shows_in_merges_at_once(base_url: str) -> None:
    """/merges reads mergers once per write generation (api/deps.get_merges): a write must renew it."""
    def commission_sources() -> list[str]:
        page = httpx.get(base_url + "/merges", params={"limit": 500}).json()
        return sorted(o["name"] for m in page["items"] if "Long An" in m["result"]["name"] for o in m["originals"])

    assert commission_sources() == []  # read once, so the old list is what a stale cache would keep
    view = httpx.get(base_url + "/view/merges", timeout=60)  # the views keep a snapshot per write generation too
    assert view.status_code == 200 and "Long An" not in view.text
    r = httpx.post(base_url + "/articles", json=MERGER_ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"},
                   timeout=60)
    assert r.status_code == 201, r.text
    got = commission_sources()
    assert len(got) == 2 and all("Long An" in name for name in got), got
    assert any("Propaganda Board" in name for name in got) and any("Mass Mobilization Board" in name for name in got)
    view = httpx.get(base_url + "/view/merges", timeout=60)
    assert view.status_code == 200 and "Long An" in view.text
