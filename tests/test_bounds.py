"""Every request is bounded, and past a bound the client gets a clear JSON 4xx/503 while others are served.

Complements tests/test_server.py (body limit on /sparql, one-worker queue) and
tests/test_sparql_endpoint.py (time limit, row cap, worker replacement): here the bounds on the
other doors (POST /articles, the URL, REST paging, view sizes), a burst of pathological queries
that must leave the pool at its size, and REST/view/UI pages answered while every worker is busy.
"""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server import query_while_busy, running_server

TOKEN = "bounds-test-token-0123456789"
BODY_LIMIT = 8192
WORKERS = 2
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = 'ASK { ?p foaf:name "Nguyen Van Loi" }'


@pytest.fixture(scope="module")
def base_url(ingested_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("bounds") / "store"
    shutil.copytree(ingested_store, store)
    with running_server(store, update_token=TOKEN, query_timeout=1.5, max_concurrent_queries=WORKERS,
                        queue_timeout=0.3, max_body_bytes=BODY_LIMIT, max_rows=20) as url:
        yield url


def json_error(r: httpx.Response, status: int | tuple[int, ...], fragment: str = "") -> str:
    statuses = (status,) if isinstance(status, int) else status
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json"), r.headers
    detail = str(r.json()["detail"])
    assert "Traceback" not in r.text and fragment.lower() in detail.lower(), detail
    return detail


def quick_ok(base_url: str) -> bool:
    r = httpx.get(base_url + "/sparql", params={"query": QUICK}, timeout=10)
    return r.status_code == 200 and r.json()["boolean"] is True


def workers(base_url: str) -> set[int]:
    pid = base_url.pid  # type: ignore[attr-defined]
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids.update(int(k) for k in (task / "children").read_text().split())
    return kids


def wait_for_full_pool(base_url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if len(workers(base_url)) == WORKERS and quick_ok(base_url):
            return
        time.sleep(0.2)
    raise AssertionError(f"the pool did not come back to {WORKERS} workers: {workers(base_url)}")


def test_post_article_body_limit(base_url: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {"url": "https://example.org/big", "text": "The Party Committee met. " * 1000}
    json_error(httpx.post(base_url + "/articles", json=big, headers=auth), 413, str(BODY_LIMIT))
    files = {"file": ("big.txt", b"x" * (BODY_LIMIT * 4), "text/plain")}
    json_error(httpx.post(base_url + "/articles", files=files, headers=auth), 413)
    assert quick_ok(base_url)


def test_huge_url_is_refused_and_the_server_goes_on(base_url: str) -> None:
    """A URL past the server's limit is a 414 JSON error before any app code runs (api/http_limits.py; httpx
    refuses to send such a URL, so http.client does)."""
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o } #" + "x" * 200_000})
    conn = http.client.HTTPConnection("127.0.0.1", int(base_url.rsplit(":", 1)[1]), timeout=30)
    try:
        conn.request("GET", "/sparql?" + query)
        response = conn.getresponse()
        assert response.status == 414, response.status
        assert response.getheader("content-type", "").startswith("application/json")
        assert "URL longer than" in json.loads(response.read())["detail"]
    finally:
        conn.close()
    assert quick_ok(base_url)


@pytest.mark.parametrize(("path", "params"), [
    ("/people", {"limit": "100000"}), ("/people", {"limit": "0"}), ("/people", {"offset": "-1"}),
    ("/organizations", {"limit": "501"}), ("/articles", {"limit": "99999999999999999999"}),
    ("/view", {"max_nodes": "1000000"}), ("/view/person/nguyen-van-loi", {"depth": "9"}),
    ("/view/organization/binh-duong-provincial-party-committee", {"as_of": "99999-01-01"}),
    ("/view/person/" + "a" * 300, {}),
])
def test_rest_and_view_sizes_are_bounded(base_url: str, path: str, params: dict[str, str]) -> None:
    json_error(httpx.get(base_url + path, params=params, timeout=30), 422)


def test_row_cap_applies_to_every_result_form(base_url: str) -> None:
    for accept in ("application/sparql-results+xml", "text/tab-separated-values"):
        r = httpx.get(base_url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["x-provkg-truncated"] == "true" and r.headers["x-provkg-rows"] == "20"
    r = httpx.get(base_url + "/sparql", params={"query": "DESCRIBE ?s WHERE { ?s a foaf:Person }"},
                  headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and len(r.text.splitlines()) <= 20 and r.headers["x-provkg-truncated"] == "true"


def test_busy_pool_still_serves_pages_and_rest(base_url: str) -> None:
    """Every worker runs a pathological query: more SPARQL is a 503 JSON, REST, views and the UI still answer."""
    slow: list[httpx.Response] = []

    def start_slow() -> list[threading.Thread]:
        wait_for_full_pool(base_url)
        slow.clear()
        threads = [threading.Thread(target=lambda: slow.append(
            httpx.get(base_url + "/sparql", params={"query": SLOW}, timeout=30))) for _ in range(WORKERS)]
        for t in threads:
            t.start()
        return threads

    busy, threads = query_while_busy(base_url, QUICK, start_slow)
    json_error(busy, 503, "too many concurrent queries")
    assert busy.headers.get("retry-after")
    for path in ("/people?limit=5", "/view/person/nguyen-van-loi", "/sparql/ui", "/", "/docs"):
        assert httpx.get(base_url + path, timeout=10).status_code == 200, path
    for t in threads:
        t.join(timeout=30)
    assert len(slow) == WORKERS
    for r in slow:
        json_error(r, 503, "time limit")
    wait_for_full_pool(base_url)


def test_a_burst_of_pathological_queries_leaves_the_pool_whole(base_url: str) -> None:
    wait_for_full_pool(base_url)
    before = workers(base_url)
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def send() -> None:
        r = httpx.post(base_url + "/sparql", data={"query": SLOW}, timeout=60)
        with lock:
            answers.append(r)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(answers) == 8
    for r in answers:
        json_error(r, 503)  # past the time limit, or no free worker: both the documented 503
    wait_for_full_pool(base_url)
    after = workers(base_url)
    assert len(after) == WORKERS and not (before & after)  # each worker that ran one was killed and replaced


def test_views_beyond_the_concurrency_limit_are_503_json(ingested_store: Path, tmp_path: Path) -> None:
    """Views are drawn in the server process: past $PROVKG_VIEW_CONCURRENCY at once a request waits queue_timeout,
    then gets the documented 503; the rest are drawn and REST answers meanwhile."""
    store = tmp_path / "store"
    shutil.copytree(ingested_store, store)
    with running_server(store, view_concurrency=1, queue_timeout=0, view_max_nodes=20_000) as url:
        answers: list[httpx.Response] = []
        lock = threading.Lock()

        def draw() -> None:
            r = httpx.get(url + "/view/person/nguyen-van-loi", params={"depth": 2}, timeout=60)
            with lock:
                answers.append(r)

        threads = [threading.Thread(target=draw) for _ in range(12)]
        for t in threads:
            t.start()
        rest = httpx.get(url + "/people", params={"limit": 5}, timeout=30)
        for t in threads:
            t.join(timeout=60)
        assert rest.status_code == 200
        assert len(answers) == 12
        statuses = {r.status_code for r in answers}
        assert statuses <= {200, 503} and 200 in statuses, statuses
        for r in answers:
            if r.status_code == 503:
                json_error(r, 503, "too many views")
                assert r.headers.get("retry-after")
        assert httpx.get(url + "/view/person/nguyen-van-loi", timeout=30).status_code == 200
