"""`provkg backup DIR`: a consistent copy of the store, also while a real `provkg serve` holds it.

The served store gets an article through POST /articles first, so the newest write is still in
the server's memory tables (the case a plain checkpoint of a read-only handle would lose).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from conftest import RunCli
from provkg.graph.location import open_store
from server import running_server

TOKEN = "backup-test-token-0123456789"
ARTICLE = {
    "url": "https://example.org/news/backup-test",
    "title": "Tay Ninh Provincial Party Committee holds conference",
    "published": "2025-03-15",
    "text": "Tay Ninh Provincial Party Committee holds conference\n\n"
            "On March 14, the Tay Ninh Provincial Party Committee held a conference to review its work in 2024.\n\n"
            "Attending the conference was Mr. Tran Van Kiem, Secretary of the Tay Ninh Provincial Party Committee.",
}
QUERIES = [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?p ?name WHERE { ?p a foaf:Person ; foaf:name ?name }",
    "SELECT ?a ?hash WHERE { GRAPH ?g { ?a a schema:NewsArticle ; ?hp ?hash FILTER(CONTAINS(STR(?hp), 'hash')) } }",
    'ASK { ?p foaf:name "Tran Van Kiem" }',
]


def _server_answer(base_url: str, query: str) -> object:
    r = httpx.get(base_url + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    doc = r.json()
    if "boolean" in doc:
        return doc["boolean"]
    names = doc["head"]["vars"]
    return sorted(tuple(row.get(v, {}).get("value") for v in names) for row in doc["results"]["bindings"])


def _store_answer(store: object, query: str) -> object:
    result = store.query(query)  # type: ignore[attr-defined]
    if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
        return bool(result)
    names = [v.value for v in result.variables]
    return sorted(tuple(None if row[i] is None else row[i].value for i in range(len(names))) for row in result)


@pytest.fixture
def served_store(ingested_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(ingested_store, copy)
    return copy


def test_backup_while_serving_answers_the_same_queries(served_store: Path, tmp_path: Path, run_cli: RunCli) -> None:
    target = tmp_path / "backups" / "b1"
    with running_server(served_store, update_token=TOKEN) as base_url:
        r = httpx.post(base_url + "/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
        assert r.status_code == 201, r.text
        live = {q: _server_answer(base_url, q) for q in QUERIES}
        assert live['ASK { ?p foaf:name "Tran Van Kiem" }'] is True
        result = run_cli("backup", target, "--store", served_store, timeout=120)
        assert result.returncode == 0, result.stderr
        assert "snapshot copy" in result.stdout  # the server holds the store: the read-only path was taken
        # the server is unaffected and still serves the same answers
        assert _server_answer(base_url, QUERIES[1]) == live[QUERIES[1]]
    assert not list(target.parent.glob(".b1.partial-*"))  # no leftovers beside the backup
    with open_store(target) as restored:
        for query in QUERIES:
            assert _store_answer(restored, query) == live[query], query
    # a restored store serves: the same answers through the SPARQL endpoint
    with running_server(target) as base_url:
        for query in QUERIES:
            assert _server_answer(base_url, query) == live[query], query


def test_backup_of_an_idle_store_and_errors(served_store: Path, tmp_path: Path, run_cli: RunCli) -> None:
    with open_store(served_store) as original:
        expected = {q: _store_answer(original, q) for q in QUERIES}
    target = tmp_path / "idle-backup"
    result = run_cli("backup", target, "--store", served_store, timeout=120)
    assert result.returncode == 0 and "checkpoint" in result.stdout, result.stderr
    with open_store(target) as restored:
        assert {q: _store_answer(restored, q) for q in QUERIES} == expected
    again = run_cli("backup", target, "--store", served_store, timeout=60)
    assert again.returncode == 1 and "not empty" in again.stderr and "Traceback" not in again.stderr
    missing = run_cli("backup", tmp_path / "x", "--store", tmp_path / "no-store", timeout=60)
    assert missing.returncode == 1 and "no store" in missing.stderr
    inside = run_cli("backup", served_store / "copy", "--store", served_store, timeout=60)
    assert inside.returncode == 1 and "outside" in inside.stderr
