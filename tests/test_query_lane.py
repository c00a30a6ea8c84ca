"""SPARQL queries known to be cheap run in the server process (api/query_runner.py): the same answers as a worker
gives, only after a worker has run the same query on the same data, never across a write, and never for a query
that runs into the time limit. (How cheap is cheap enough is measured by the workers; the tests count every query a
worker answered as cheap, so that what they check does not depend on the machine's speed.)

The app runs over a real store with its real query workers (FastAPI's TestClient drives its lifespan), so the runner
and its counters can be looked at between requests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from provkg.api import query_runner
from provkg.api.app import create_app
from provkg.api.settings import Settings
from provkg.graph.location import open_store
from test_read_models import _facts

TOKEN = "lane-test-token"
JSON = {"Accept": "application/sparql-results+json"}
SECRETARIES = """SELECT ?name WHERE { ?m org:role/skos:prefLabel "Secretary" ; org:member/foaf:name ?name }"""
POSTS = """SELECT ?name ?role WHERE { ?m org:member/foaf:name ?name ; org:role/skos:prefLabel ?role }
ORDER BY ?name ?role"""
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture()
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    # whether a query is cheap enough is measured; here every query a worker answered within the time limit
    # counts as cheap, so that what is tested does not hang on this machine's speed
    monkeypatch.setattr(query_runner, "INLINE_IDLE_SECONDS", 2.0)
    with open_store(tmp_path / "kg") as store:
        for i in range(5):
            store.write_article(_facts(i))
        store.refresh_inferences()
    app = create_app(Settings(store=tmp_path / "kg", update_token=TOKEN, query_timeout=1.5,
                              max_concurrent_queries=2))
    with TestClient(app) as c:
        yield c


def _rows(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return json.loads(response.content)["results"]["bindings"]


def test_a_query_is_answered_in_process_only_once_a_worker_ran_it_on_the_same_data(client):
    runner = client.app.state.query_runner
    first = client.get("/sparql", params={"query": POSTS}, headers=JSON)
    assert runner.in_process == 0                               # new: a worker answered it
    again = client.get("/sparql", params={"query": POSTS}, headers=JSON)
    assert runner.in_process == 1                               # known cheap: answered here
    assert _rows(again) == _rows(first) and len(_rows(first)) == 2
    assert again.headers["X-Provkg-Rows"] == first.headers["X-Provkg-Rows"] == "2"
    assert again.headers["content-type"] == first.headers["content-type"]
    # another text is another query: a worker first
    client.get("/sparql", params={"query": SECRETARIES}, headers=JSON)
    assert runner.in_process == 1


def test_a_write_makes_every_query_new_again(client):
    runner = client.app.state.query_runner
    for _ in range(2):
        before = _rows(client.get("/sparql", params={"query": SECRETARIES}, headers=JSON))
    assert runner.in_process == 1 and before == [{"name": {"type": "literal", "value": "Lo Van Son"}}]
    update = ('INSERT DATA { <https://w3id.org/provkg/id/membership/x> a org:Membership ; org:role '
              '<https://w3id.org/provkg/id/role/secretary> ; org:member <https://w3id.org/provkg/id/person/x> . '
              '<https://w3id.org/provkg/id/person/x> foaf:name "Hoang Van X" }')
    r = client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update",
                                                       "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204, r.text
    after = _rows(client.get("/sparql", params={"query": SECRETARIES}, headers=JSON))
    assert runner.in_process == 1                               # after the write: a worker again
    assert {r["name"]["value"] for r in after} == {"Lo Van Son", "Hoang Van X"}


def test_a_query_past_the_time_limit_is_never_run_in_process(client):
    runner = client.app.state.query_runner
    for _ in range(2):
        r = client.get("/sparql", params={"query": SLOW}, headers=JSON)
        assert r.status_code == 503 and "time limit" in r.json()["detail"]
        assert r.headers["Retry-After"] == "1"
    assert runner.in_process == 0 and runner.killed == 2
