"""The store on real SPARQL servers (Oxigraph server, Virtuoso): the same answers as the embedded store.

One corpus (the seed articles of data/articles plus tests/test_rest.py's dated articles) is ingested by the real
pipeline into an embedded store and into each server; stats, SELECT answers, REST JSON,
/sparql results and exports are compared. Faults: a server killed mid-batch leaves every
stored article whole and the rest reported as failed, naming the endpoint.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph
import pytest
from conftest import ARTICLES, SEED_ARTICLES, provkg_executable
from ingest_time import INGEST_TIME, timeless
from provkg.graph import rdf
from provkg.graph.load import ingest_paths
from provkg.graph.location import open_store
from provkg.graph.reads.articles import article
from provkg.graph.reads.campaigns import campaigns
from provkg.graph.reads.changes import personnel_changes
from provkg.graph.reads.events import events
from provkg.graph.reads.merges import merges
from provkg.graph.reads.organizations import organizations
from provkg.graph.reads.places import places
from provkg.graph.reads.tenures import stored_tenures
from provkg.graph.remote import (
    UNION_GRAPH,
    WRITE_BATCH,
    ResultsTruncated,
    SparqlServerStore,
    StoreUnavailable,
    _canonical_json,
    graph_constants,
    graph_constants_as_values,
    query_form,
    with_prefixes,
)
from provkg.graph.store import Store
from pyoxigraph import NamedNode
from server import running_server
from sparql_servers import SparqlServer, oxigraph_server, virtuoso_server
from test_rdf import sample_facts
from test_rest import write_test_articles

SECRETARIES = """SELECT ?name ?committee WHERE {
  ?m a org:Membership ; org:member ?person ; org:organization ?body ; org:role ?role .
  ?role skos:prefLabel "Secretary" . ?person foaf:name ?name . ?body skos:prefLabel ?committee .
  FILTER(CONTAINS(?committee, "Party Committee")) }"""

SELECTS = [
    SECRETARIES,
    "SELECT ?p ?n WHERE { ?p a foaf:Person ; foaf:name ?n }",
    "SELECT ?b ?l WHERE { ?b a org:Organization ; skos:prefLabel ?l }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "
    '"https://w3id.org/provkg/graph/article/")) } GROUP BY ?g',
    "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
    "SELECT ?m ?start WHERE { ?m org:memberDuring/time:hasBeginning/time:inXSDDate ?start }",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The same articles for every store (each article records its source file): the seed articles and a folder."""
    return [*SEED_ARTICLES, write_test_articles(tmp_path_factory.mktemp("corpus") / "articles")]


def rows(store: Store, sparql: str) -> list[tuple[str | None, ...]]:
    res = store.query(sparql)
    names = [v.value for v in res.variables]
    return sorted(tuple(None if s[n] is None else s[n].value for n in names) for s in res)


def export_lines(store: Store, fmt: str) -> set[bytes]:
    out = io.BytesIO()
    store.export(fmt, out)
    return timeless(out.getvalue().splitlines())


def parsed(store: Store, fmt: str) -> set[Any]:
    out = io.BytesIO()
    store.export(fmt, out)
    found = pyoxigraph.parse(out.getvalue(), {"turtle": pyoxigraph.RdfFormat.TURTLE,
                                              "trig": pyoxigraph.RdfFormat.TRIG,
                                              "jsonld": pyoxigraph.RdfFormat.JSON_LD}[fmt])
    return {(q.subject, q.predicate) if q.predicate.value == INGEST_TIME else q for q in found}


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, corpus: list[Path]) -> Iterator[tuple[Path, Store]]:
    root = tmp_path_factory.mktemp("embedded")
    store = open_store(root / "store")
    summary = ingest_paths(corpus, store)
    assert not summary.failures
    yield root / "store", store
    store.close()


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, corpus: list[Path]) -> Iterator[
        tuple[SparqlServer, Store]]:
    root = tmp_path_factory.mktemp(request.param)
    start = oxigraph_server if request.param == "oxigraph" else virtuoso_server
    with start(root / "server") as server:
        store = open_store(server.location, **server.options)
        summary = ingest_paths(corpus, store)
        assert not summary.failures, [str(f) for f in summary.failures]
        yield server, store
        store.close()


# --- the same answers everywhere -------------------------------------------------------------------


def test_stats_match(embedded, remote):
    _, store = remote
    assert store.stats() == embedded[1].stats()
    assert store.stats()["articles"] == 10


@pytest.mark.parametrize("sparql", SELECTS)
def test_select_answers_match(embedded, remote, sparql):
    expected = rows(embedded[1], sparql)
    assert expected
    assert rows(remote[1], sparql) == expected


def test_ask_and_construct_match(embedded, remote):
    _, store = remote
    assert bool(store.query("ASK { ?p foaf:name 'Nguyen Van Loi' }"))
    assert not bool(store.query("ASK { ?p foaf:name 'Nobody At All' }"))
    construct = "CONSTRUCT { ?p foaf:name ?n } WHERE { ?p a foaf:Person ; foaf:name ?n }"
    assert set(store.query(construct)) == set(embedded[1].query(construct))


def test_rest_projections_match(embedded, remote):
    """The functions REST and the views read, on both stores (lists compared as sorted JSON)."""
    _, store = remote
    emb = embedded[1]

    def same(value: Any) -> Any:
        return sorted(json.dumps(v, sort_keys=True, default=str) for v in value)

    for fn in (organizations, campaigns, events, places, merges,
               personnel_changes):
        assert same(fn(store)) == same(fn(emb)), fn.__name__
    bodies = [o["iri"] for o in organizations(emb)]
    assert stored_tenures(store, bodies) == stored_tenures(emb, bodies)
    assert canonical(article(store, "cm1")) == canonical(article(emb, "cm1"))


def canonical(value: Any) -> Any:
    """Lists sorted all the way down (a server may answer rows in another order)."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value


@pytest.mark.parametrize("fmt", ["nquads", "ntriples"])
def test_line_exports_match(embedded, remote, fmt):
    expected = export_lines(embedded[1], fmt)
    assert len(expected) > 500
    assert export_lines(remote[1], fmt) == expected


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld"])
def test_exports_parse_to_the_same_quads(embedded, remote, fmt):
    assert parsed(remote[1], fmt) == parsed(embedded[1], fmt)


def test_default_graph_is_a_set_union(remote):
    """Two articles stating the same triples: joins give no duplicate rows, and removing one keeps the facts the
    other still states."""
    _, store = remote
    before = store.stats()
    store.write_article(sample_facts("set-a1"))
    store.write_article(sample_facts("set-a2"))
    try:
        names = rows(store, "SELECT ?n ?b WHERE { ?m org:member ?p ; org:organization ?b . ?p foaf:name ?n }")
        assert names and len(names) == len(set(names))
        triples = rows(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        assert len(triples) == len(set(triples)) == store.stats()["triples"]
        shared = rows(store, 'SELECT ?p WHERE { ?p foaf:name "Nguyen Van Loi" }')
        assert store.remove_article("set-a2")
        assert rows(store, 'SELECT ?p WHERE { ?p foaf:name "Nguyen Van Loi" }') == shared
    finally:
        store.remove_article("set-a1")
        store.remove_article("set-a2")
    assert store.stats() == before


def test_reingest_replaces_and_hash_marks_the_article(remote):
    _, store = remote
    before = store.stats()
    facts = sample_facts("re-a1")
    store.write_article(facts)
    assert store.article_hash("re-a1") == facts.article.content_hash
    graph = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{rdf.graph_iri('re-a1')}> {{ ?s ?p ?o }} }}"
    once = rows(store, graph)
    assert store.write_article(sample_facts("re-a1")).replaced
    assert timeless(rows(store, graph)) == timeless(once)
    assert store.remove_article("re-a1") and store.article_hash("re-a1") is None
    assert store.stats() == before


# --- through the CLI and the HTTP API -------------------------------------------------------------


def cli_store_args(server: SparqlServer) -> list[str]:
    args = ["--store", server.location]
    names = {"query_endpoint": "--query-endpoint", "update_endpoint": "--update-endpoint",
             "graph_store_endpoint": "--graph-store-endpoint"}
    for key, flag in names.items():
        if key in server.options:
            args += [flag, server.options[key]]
    return args


def cli_env(server: SparqlServer) -> dict[str, str]:
    env = {}
    if "user" in server.options:
        env = {"PROVKG_STORE_USER": server.options["user"], "PROVKG_STORE_PASSWORD": server.options["password"]}
    return env


def endpoint_env(server: SparqlServer) -> dict[str, str]:
    """The endpoint overrides as the README's environment variables."""
    names = {"query_endpoint": "PROVKG_QUERY_ENDPOINT", "update_endpoint": "PROVKG_UPDATE_ENDPOINT",
             "graph_store_endpoint": "PROVKG_GRAPH_STORE_ENDPOINT"}
    return {var: server.options[key] for key, var in names.items() if key in server.options}


def test_cli_stats_query_and_export_on_the_server(remote, embedded, run_cli, tmp_path):
    """As the README shows: the store (and the endpoints and credentials) from the environment."""
    server, _ = remote
    env = {"PROVKG_STORE": server.location, **endpoint_env(server), **cli_env(server)}
    result = run_cli("stats", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == embedded[1].stats()
    result = run_cli("query", "--format", "csv", SECRETARIES, env=env)
    assert result.returncode == 0, result.stderr
    assert "Nguyen Van Loi,Binh Duong Provincial Party Committee" in result.stdout
    result = run_cli("query", "SELECT WHERE {", env=env)
    assert result.returncode == 2 and "malformed" in result.stderr
    result = run_cli("query", "CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n }", env=env)
    assert result.returncode == 0 and "Nguyen Van Loi" in result.stdout and "subject" in result.stdout
    result = run_cli("export", "--format", "nquads", "-o", tmp_path / "kg.nq", env=env)
    assert result.returncode == 0, result.stderr
    assert timeless((tmp_path / "kg.nq").read_bytes().splitlines()) == export_lines(embedded[1], "nquads")
    result = run_cli("view", "person", "nguyen-van-loi", "-o", tmp_path / "loi.html", env=env)
    assert result.returncode == 0, result.stderr
    assert "Nguyen Van Loi" in (tmp_path / "loi.html").read_text(encoding="utf-8")


def server_settings(server: SparqlServer) -> dict[str, Any]:
    opts = server.options
    return {"query_endpoint": opts.get("query_endpoint"), "update_endpoint": opts.get("update_endpoint"),
            "graph_store_endpoint": opts.get("graph_store_endpoint"), "store_user": opts.get("user"),
            "store_password": opts.get("password")}


REST_PATHS = ["/people/nguyen-van-loi", "/organizations?limit=100", "/merges", "/changes?limit=100",
              "/organizations/binh-duong-provincial-party-propaganda-mass-mobilization/members?as_of=2025-04-01",
              "/organizations/ca-mau-provincial-party-committee/members?as_of=2023-01-01", "/search?q=loi",
              "/articles/cm1", "/people/tran-van-an", "/articles?limit=100", "/campaigns", "/events", "/places"]


def test_protocol_dataset_and_base_over_provkg_serve_match(remote, embedded):
    """named-graph-uri alone gives an empty default graph, and relative IRIs resolve against provkg's own
    /sparql, on a server as on the embedded store (the server gets an empty graph as default, and a BASE)."""
    server, _ = remote
    graph = rdf.graph_iri("cm1")
    json_accept = {"Accept": "application/sparql-results+json"}

    def ask(base: str, query: str, **params: str) -> dict[str, Any]:
        r = httpx.get(base + "/sparql", params={"query": query, **params}, headers=json_accept, timeout=30)
        assert r.status_code == 200, r.text
        return r.json()

    count_all = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    count_named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with running_server(embedded_store_copy(embedded)) as emb_url, \
            running_server(server.location, **server_settings(server)) as url:
        for base in (url, emb_url):
            assert ask(base, count_all, **{"named-graph-uri": graph})["results"]["bindings"][0]["n"]["value"] == "0"
            rows = ask(base, "SELECT ?x WHERE { BIND(<people/x> AS ?x) }")["results"]["bindings"]
            assert rows == [{"x": {"type": "uri", "value": base + "/people/x"}}], base
        named = [ask(base, count_named, **{"named-graph-uri": graph})["results"]["bindings"][0]["n"]["value"]
                 for base in (url, emb_url)]
        assert named[0] == named[1] != "0"


def test_rest_and_sparql_over_provkg_serve_match(remote, embedded):
    server, _ = remote
    with running_server(embedded_store_copy(embedded)) as emb_url, \
            running_server(server.location, **server_settings(server)) as url:
        loi = httpx.get(url + "/people/nguyen-van-loi", timeout=30).json()
        assert ("Secretary", "Binh Duong Provincial Party Committee") in {
            (p["role"], p["organization"]["name"]) for p in loi["positions"]}
        for path in REST_PATHS:
            got, want = httpx.get(url + path, timeout=30), httpx.get(emb_url + path, timeout=30)
            assert got.status_code == want.status_code == 200, (path, got.text[:300])
            assert ingest_times_dropped(got.json()) == ingest_times_dropped(want.json()), path
        for path in ("/", "/view/person/nguyen-van-loi", "/view/merges"):  # HTML pages and views work on a server
            page = httpx.get(url + path, timeout=60)
            assert page.status_code == 200 and "text/html" in page.headers["content-type"], (path, page.text[:300])
        assert "Nguyen Van Loi" in httpx.get(url + "/view/person/nguyen-van-loi", timeout=60).text
        for base in (url, emb_url):
            r = httpx.post(base + "/sparql", data={"query": SECRETARIES},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30)
            assert r.status_code == 200, r.text
        results = [sorted(json.dumps(b, sort_keys=True) for b in httpx.post(
            base + "/sparql", data={"query": SECRETARIES}, headers={"Accept": "application/sparql-results+json"},
            timeout=30).json()["results"]["bindings"]) for base in (url, emb_url)]
        assert results[0] == results[1] and results[0]
        nq = [timeless(httpx.get(base + "/export.nq", timeout=60).content.splitlines()) for base in (url, emb_url)]
        assert nq[0] == nq[1] and len(nq[0]) > 500
        for params in ({"graph": rdf.graph_iri("cm1")}, {"default": ""}):  # the Graph Store Protocol's read side
            nt = [httpx.get(base + "/rdf-graph-store", params=params, headers={"Accept": "application/n-triples"},
                            timeout=60) for base in (url, emb_url)]
            assert nt[0].status_code == nt[1].status_code == 200
            assert timeless(nt[0].content.splitlines()) == timeless(nt[1].content.splitlines()) != set()


def ingest_times_dropped(value: Any) -> Any:
    """A REST answer without the `ingested` times (when each store wrote the article)."""
    if isinstance(value, dict):
        return {k: ingest_times_dropped(v) for k, v in value.items() if k != "ingested"}
    if isinstance(value, list):
        return [ingest_times_dropped(v) for v in value]
    return value


_copies: dict[str, Path] = {}


def embedded_store_copy(embedded: tuple[Path, Store]) -> Path:
    """The embedded store is held open by this module: serve a copy of it (built once)."""
    path, store = embedded
    if str(path) not in _copies:
        copy = path.parent / "served"
        store.raw.backup(str(copy))
        _copies[str(path)] = copy
    return _copies[str(path)]


# --- Virtuoso's requests are not transactions ----------------------------------------------------


def test_virtuoso_keeps_the_operations_before_a_failing_one(remote):
    """Why the content hash is written last on Virtuoso (graph/remote.py): a request is not one transaction there,
    while on Oxigraph server it is."""
    server, store = remote
    assert isinstance(store, SparqlServerStore)
    g = "https://w3id.org/provkg/graph/probe"
    with pytest.raises(RuntimeError):
        store.update(f"INSERT DATA {{ GRAPH <{g}> {{ <urn:a> <urn:b> <urn:c> }} }} ; "
                     f"INSERT DATA {{ GRAPH <{g}x> {{ <urn:a> <urn:b> <urn:d> }} }} ; CREATE GRAPH <{g}>")
    kept = store.contains_named_graph(NamedNode(g))
    store.update(f"DROP SILENT GRAPH <{g}> ; DROP SILENT GRAPH <{g}x>")
    assert kept == (server.name == "virtuoso")
    assert store.atomic == (server.name == "oxigraph")
    assert store.union_graph == (UNION_GRAPH if server.name == "virtuoso" else None)


# --- faults ------------------------------------------------------------------------------------------------


def write_corpus(folder: Path, n: int) -> list[str]:
    """n small dated articles, each naming a Secretary of one of a few Party Committees."""
    provinces = ["Ca Mau", "Binh Duong", "Long An", "Tay Ninh", "Dong Nai"]
    given = ["An", "Binh", "Cuong", "Dung", "Giang", "Hai", "Khoa", "Lam", "Minh", "Nam", "Phuc", "Quang"]
    folder.mkdir(parents=True, exist_ok=True)
    stems = []
    for i in range(n):
        province = provinces[i % len(provinces)]
        name = f"Tran Van {given[i % len(given)]}"
        stem = f"f{i:03d}"
        (folder / f"{stem}.txt").write_text(
            f"{province} leaders meet voters {i}\n\nUpdate: {1 + i % 28:02d}-0{1 + i % 9}-2024 | 08:00:00\n\n"
            f"On the morning, Mr. {name}, Secretary of the {province} Provincial Party Committee, met voters "
            f"in {province} Province and chaired conference number {i}.\n\nReported by Minh Chau\n", encoding="utf-8")
        stems.append(stem)
    return stems


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_server_killed_mid_batch_leaves_whole_articles_and_names_the_endpoint(tmp_path, kind):
    """kill -9 the server while `provkg ingest` runs: the rest fail naming the endpoint; after a restart on the
    same directory every stored article (one with its content hash, what ingest's skip-unchanged reads) is
    exactly what an uninterrupted ingest writes. On Oxigraph server no graph is there without its hash.
    Oxigraph server takes WRITE_BATCH new articles per request: the corpus spans several batches."""
    batch = WRITE_BATCH if kind == "oxigraph" else 1
    need = max(5, batch)  # stored before the kill: at least one whole batch
    stems = write_corpus(tmp_path / "corpus", 3 * batch + 25)
    with open_store(tmp_path / "reference") as reference:
        assert not ingest_paths([tmp_path / "corpus"], reference).failures
        expected = {stem: set(reference.quads_for_pattern(None, None, None, NamedNode(rdf.graph_iri(stem))))
                    for stem in stems}
        hashes = {stem: reference.article_hash(stem) for stem in stems}
    start = oxigraph_server if kind == "oxigraph" else virtuoso_server
    with start(tmp_path / "server") as server:
        proc = subprocess.Popen([provkg_executable(), "ingest", str(tmp_path / "corpus"), "--retries", "2",
                                 *cli_store_args(server)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, **cli_env(server)})
        with open_store(server.location, **server.options) as watcher:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None:
                if len(watcher.article_hashes(stems[:need + 8])) >= need:
                    break
                time.sleep(0.02)
        server.kill()
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 1, (out, err)
        errors = [line for line in err.splitlines() if line.startswith("error: ")]
        failed = {re.search(r"(f\d{3})\.txt", line).group(1) for line in errors if ".txt" in line}
        endpoint = server.location.removeprefix("sparql+")
        assert failed and all(endpoint in line for line in errors), err
        server.start()  # the same directory and port
        with open_store(server.location, **server.options) as store:
            stored = {stem for stem in stems if store.article_hash(stem) == hashes[stem]}
            present = {stem for stem in stems if store.contains_named_graph(NamedNode(rdf.graph_iri(stem)))}
            assert need <= len(stored) < len(stems)
            for stem in stored:
                assert timeless(store.quads_for_pattern(None, None, None, NamedNode(rdf.graph_iri(stem)))) == \
                    timeless(expected[stem]), stem
            if kind == "oxigraph":
                assert present == stored  # a request is a transaction: no graph without its hash
            # every article is stored whole or reported failed (the request in flight may be both)
            assert set(stems) <= stored | failed and len(stored & failed) <= batch
            assert present - stored <= failed  # a partial write (Virtuoso) was reported


def test_a_server_that_is_down_is_named_in_one_line(tmp_path, run_cli):
    with oxigraph_server(tmp_path / "server") as server:
        location = server.location
    with pytest.raises(StoreUnavailable, match=r"http://127\.0\.0\.1:\d+/query"):
        open_store(location)
    result = run_cli("stats", "--store", location)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and location.removeprefix("sparql+") + "/query" in result.stderr


def test_provkg_serve_updates_and_answers_503_naming_the_server_when_it_is_slow_or_down(tmp_path):
    with oxigraph_server(tmp_path / "server") as server:
        with open_store(server.location) as store:
            assert not ingest_paths([ARTICLES], store).failures
        with running_server(server.location, query_timeout=0.3, update_token="s3cret-token") as url:
            assert httpx.get(url + "/people/nguyen-van-loi", timeout=30).status_code == 200
            # an update through provkg serve reaches the server (and the tenure rebuild runs there)
            r = httpx.post(url + "/sparql", data={"update": 'INSERT DATA { <urn:x:p> foaf:name "Xyz Abc" }'},
                           headers={"Authorization": "Bearer s3cret-token"}, timeout=30)
            assert r.status_code == 204, r.text
            r = httpx.get(url + "/sparql", params={"query": 'ASK { ?p foaf:name "Xyz Abc" }'},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
            assert r.json()["boolean"] is True
            slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g a ?h . ?i a ?j }"
            r = httpx.post(url + "/sparql", data={"query": slow}, headers={"Accept": "application/json"}, timeout=60)
            assert r.status_code == 503
            assert "time limit" in r.json()["detail"] and f"127.0.0.1:{server.port}/query" in r.json()["detail"]
            server.kill()
            for path in ("/people/nguyen-van-loi", "/organizations"):
                r = httpx.get(url + path, timeout=30)
                assert r.status_code == 503 and f"127.0.0.1:{server.port}/query" in r.json()["detail"], r.text
            r = httpx.post(url + "/sparql", data={"query": "ASK {}"}, timeout=30)
            assert r.status_code == 503 and f"127.0.0.1:{server.port}/query" in r.json()["detail"]


# --- the text handling a server store needs ----------------------------------------------------------


@pytest.mark.parametrize(("sparql", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("PREFIX ex: <http://example.org/select#> ASK { ?s ex:construct 'SELECT' }", "ask"),
    ("# SELECT in a comment\nCONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o WHERE { ?s ?p ?o } } }", "construct"),
    ("describe <http://example.org/x>", "describe"),
])
def test_query_form_ignores_iris_strings_and_comments(sparql, form):
    assert query_form(sparql) == form


def test_prefixes_are_declared_unless_the_query_declares_them():
    text = with_prefixes("PREFIX foaf: <http://example.org/other#> SELECT * WHERE { ?p foaf:name ?n ; org:x ?y }")
    assert text.count("PREFIX foaf:") == 1 and "PREFIX org: <http://www.w3.org/ns/org#>" in text
    result = pyoxigraph.Store().query(text)  # still one valid query
    assert {v.value for v in result.variables} == {"p", "n", "y"}


def test_graph_constants_become_variables_with_the_same_solutions():
    store = pyoxigraph.Store()
    store.update("INSERT DATA { GRAPH <urn:g1> { <urn:a> <urn:p> 'GRAPH <urn:g2>' } GRAPH <urn:g2> { <urn:a> <urn:p> 2 } }")
    sparql = "SELECT ?o ?g WHERE { GRAPH <urn:g1> { ?s ?p ?o FILTER(?o != 'GRAPH <urn:g9>') } OPTIONAL { GRAPH ?g { ?s ?p 2 } } }"
    assert graph_constants(sparql) == (["urn:g1"], True)  # not the IRI inside the string
    rewritten = graph_constants_as_values(sparql)
    assert "GRAPH <urn:g1>" not in rewritten

    def answers(q: str) -> set:
        return {(s["o"].value, s["g"].value) for s in store.query(q)}

    assert answers(rewritten) == answers(sparql) == {("GRAPH <urn:g2>", "urn:g2")}


def test_a_write_is_tried_again_until_the_server_is_back(tmp_path):
    """The server dies between two articles and comes back while the second is being retried: it lands whole."""
    with open_store(":memory:") as reference:
        reference.write_article(sample_facts("a1"))
        reference.write_article(sample_facts("a2"))
        expected = set(reference.quads_for_pattern(None, None, None, NamedNode(rdf.graph_iri("a2"))))
    with oxigraph_server(tmp_path / "server") as server:
        store = SparqlServerStore.open(server.location, retries=8, backoff=0.25)
        store.write_article(sample_facts("a1"))
        server.kill()
        with pytest.raises(StoreUnavailable):
            store.query("ASK {}")  # reads are tried once
        restart = threading.Timer(1.0, server.start)
        restart.start()
        try:
            store.write_article(sample_facts("a2"))
        finally:
            restart.join()
        assert timeless(store.quads_for_pattern(None, None, None, NamedNode(rdf.graph_iri("a2")))) == timeless(expected)
        store.close()


def test_booleans_virtuoso_answers_as_numbers_read_back_canonical():
    """Virtuoso answers "true"^^xsd:boolean as "1": read back as Oxigraph answers it (numbers are left alone: both
    servers answer canonical forms)."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    body = json.dumps({"head": {"vars": ["b", "d", "i"]}, "results": {"bindings": [{
        "b": {"type": "typed-literal", "datatype": xsd + "boolean", "value": "1"},
        "d": {"type": "typed-literal", "datatype": xsd + "decimal", "value": "12.5"},
        "i": {"type": "typed-literal", "datatype": xsd + "integer", "value": "1"}}]}}).encode()
    (sol,) = pyoxigraph.parse_query_results(_canonical_json(body), pyoxigraph.QueryResultsFormat.JSON)
    assert (sol["b"].value, sol["d"].value, sol["i"].value) == ("true", "12.5", "1")


def test_a_result_virtuoso_cuts_short_is_an_error_not_an_answer(tmp_path):
    with virtuoso_server(tmp_path / "server", max_rows=200) as server, \
            open_store(server.location, **server.options) as store:
        store.write_article(sample_facts("a1"))
        assert len(list(store.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"))) == 5
        with pytest.raises(ResultsTruncated, match="ResultSetMaxRows"):
            list(store.query("SELECT ?s WHERE { ?s ?p ?o }"))


def test_a_request_the_server_refuses_is_retried_article_by_article(tmp_path, monkeypatch):
    """Oxigraph server takes runs of new articles in one request. When it refuses one (here: any write naming
    one article is corrupted on its way, and the real server answers 400), the run's other articles are written
    one by one and land; only that article is reported, and the graph is what an embedded ingest writes of the
    rest. Unchanged articles are then found with one request per batch and skipped."""
    stems = write_corpus(tmp_path / "corpus", WRITE_BATCH + 10)
    bad = stems[3]
    with open_store(tmp_path / "reference") as reference:
        (tmp_path / "corpus" / f"{bad}.txt").rename(tmp_path / f"{bad}.txt")
        assert not ingest_paths([tmp_path / "corpus"], reference).failures
        expected = export_lines(reference, "nquads")
        (tmp_path / f"{bad}.txt").rename(tmp_path / "corpus" / f"{bad}.txt")
    with oxigraph_server(tmp_path / "server") as server, open_store(server.location) as store:
        assert store.write_batch_size == WRITE_BATCH > 1
        sent: list[bytes] = []
        real_send = store._send

        def corrupting_send(url: str, **kwargs: Any) -> httpx.Response:
            body = kwargs.get("content") or b""
            sent.append(body)
            if url != store.endpoints.query and rdf.graph_iri(bad).encode() in body:
                kwargs["content"] = b"not RDF, not SPARQL " + body
            return real_send(url, **kwargs)

        monkeypatch.setattr(store, "_send", corrupting_send)
        summary = ingest_paths([tmp_path / "corpus"], store)
        assert [f.source.endswith(f"{bad}.txt") for f in summary.failures] == [True]
        assert "HTTP 400" in summary.failures[0].reason and "nothing written" in summary.failures[0].reason
        assert summary.articles == len(stems) - 1
        assert export_lines(store, "nquads") == expected
        requests_before = len(sent)
        again = ingest_paths([tmp_path / "corpus"], store, skip_unchanged=True)
        assert len(again.unchanged) == len(stems) - 1 and again.articles == 0
        assert len(again.failures) == 1  # the refused article is new, so tried (and refused) again
        # hash lookups by batch (2 for WRITE_BATCH + 10 articles), not one per article
        assert len(sent) - requests_before < 10
