"""Exports that load right elsewhere: the development corpus's N-Quads export, loaded into a real Oxigraph server
that queries the union of the graphs as its default graph (`--union-default-graph`, a bag: a triple stated in N
graphs matches N times), answers a join over posts and the bench queries (bench/api.py) with exactly the rows
provkg's own /sparql gives, and reading the graphs one by one still says which articles state each post."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from provkg.graph import rdf
from provkg.graph import vocab as V
from provkg.graph.load import ingest_paths
from provkg.graph.location import open_store
from server import free_port, running_server
from sparql_servers import SparqlServer, oxigraph_executable

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "corpus" / "dev"
PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in V.PREFIXES.items())
JSON = "application/sparql-results+json"

POSTS = """SELECT ?person ?role ?body WHERE { ?m a org:Membership ; org:member ?p ; org:role ?r ; org:organization ?b .
  ?p foaf:name ?person . ?r skos:prefLabel ?role . ?b skos:prefLabel ?body }"""
POSTS_WITH_SOURCES = """SELECT ?person ?role ?body ?art WHERE { ?m org:member ?p ; org:role ?r ; org:organization ?b ;
  prov:wasDerivedFrom ?art . ?p foaf:name ?person . ?r skos:prefLabel ?role . ?b skos:prefLabel ?body }"""
MOST_REPORTED = """SELECT ?p (COUNT(DISTINCT ?art) AS ?n) WHERE { ?m org:member ?p ; prov:wasDerivedFrom ?art }
  GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 5"""


def bench_api() -> Any:
    """bench/api.py, whose queries and targets the benchmark runs (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("provkg_bench_api", REPO / "bench" / "api.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved = list(sys.path)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The development corpus ingested, its N-Quads export, and the bench's targets in it."""
    if not DEV.is_dir():
        pytest.fail(f"{DEV} is missing: the development corpus lives beside the repository")
    work = tmp_path_factory.mktemp("elsewhere")
    with open_store(work / "store") as store:
        summary = ingest_paths([DEV], store)
        assert summary.articles > 40 and not summary.failures
        with (work / "kg.nq").open("wb") as out:
            store.export("nquads", out)
        targets = bench_api().pick_targets(store)
    return {"store": work / "store", "nquads": work / "kg.nq", "targets": targets, "work": work}


@pytest.fixture(scope="module")
def oxigraph_union(dev_store: dict[str, Any]) -> Iterator[str]:
    """Oxigraph server holding the export, the union of its graphs as the default graph; its query URL."""
    exe = oxigraph_executable()
    assert exe, "the oxigraph server is missing: pip install -e '.[test]'"
    data = dev_store["work"] / "oxigraph" / "data"
    data.mkdir(parents=True)
    load = subprocess.run([exe, "load", "--location", str(data), "--file", str(dev_store["nquads"])],
                          capture_output=True, text=True, timeout=300)
    assert load.returncode == 0, load.stdout + load.stderr
    port = free_port()
    server = SparqlServer("oxigraph", [exe, "serve", "--location", str(data), "--union-default-graph",
                                       "--bind", f"127.0.0.1:{port}"], data.parent, port, "",
                          ready_url=f"http://127.0.0.1:{port}/query")
    server.start()
    try:
        yield f"http://127.0.0.1:{port}/query"
    finally:
        server.stop()


@pytest.fixture(scope="module")
def provkg_sparql(dev_store: dict[str, Any]) -> Iterator[str]:
    with running_server(dev_store["store"], max_rows=1_000_000) as url:
        yield url + "/sparql"


def rows(endpoint: str, query: str) -> Counter[tuple[str | None, ...]]:
    """The SELECT's rows as a multiset of value tuples (the same query text, with prefixes, to both servers)."""
    r = httpx.get(endpoint, params={"query": PREFIXES + query}, headers={"Accept": JSON}, timeout=120)
    assert r.status_code == 200, r.text
    body = r.json()
    names = body["head"]["vars"]
    return Counter(tuple((b.get(n) or {}).get("value") for n in names) for b in body["results"]["bindings"])


def test_a_join_over_posts_gives_provkgs_rows(provkg_sparql: str, oxigraph_union: str) -> None:
    expected = rows(provkg_sparql, POSTS)
    assert sum(expected.values()) > 300  # the whole corpus's posts
    assert rows(oxigraph_union, POSTS) == expected
    with_sources = rows(provkg_sparql, POSTS_WITH_SOURCES)
    assert len({(p, r, b) for p, r, b, _ in with_sources}) < sum(with_sources.values())  # posts several articles report
    assert rows(oxigraph_union, POSTS_WITH_SOURCES) == with_sources


def test_the_bench_queries_give_provkgs_rows(dev_store: dict[str, Any], provkg_sparql: str,
                                             oxigraph_union: str) -> None:
    bench = bench_api()
    targets = [dev_store["targets"]]
    # and the people most articles report, each in the bench's "a person's posts and sources"
    targets += [{**dev_store["targets"], "person": p} for p, _ in rows(provkg_sparql, MOST_REPORTED)]
    for t in targets:
        for name, query in bench.sparql_queries(t).items():
            expected = rows(provkg_sparql, query)
            assert expected, (name, t)
            assert rows(oxigraph_union, query) == expected, (name, t)


def test_each_triple_is_stated_once_and_provenance_stays_per_article(dev_store: dict[str, Any],
                                                                     oxigraph_union: str) -> None:
    """Exactly one graph states a triple; a post several articles report is derived from each, in its own graph."""
    duplicated = rows(oxigraph_union, "SELECT ?s ?p ?o (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                      "GROUP BY ?s ?p ?o HAVING (COUNT(?g) > 1)")
    assert not duplicated
    sources = rows(oxigraph_union, """SELECT ?m ?art ?g WHERE { GRAPH ?g { ?m prov:wasDerivedFrom ?art }
      ?m a org:Membership }""")
    assert len({m for m, _, _ in sources}) < len(sources)  # some post has several sources
    for m, art, g in sources:  # each in the graph of the article it names
        assert g.startswith(rdf.graph_iri("")) and rdf.article_iri(rdf.article_id_of_graph(g)) == art, (m, art, g)
    shared = rows(oxigraph_union, f"SELECT ?s WHERE {{ GRAPH <{rdf.SHARED_GRAPH}> {{ ?s a org:Role }} }}")
    assert shared  # a role named by several articles is described once, in the shared graph
