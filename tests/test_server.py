"""The server as a whole: limits, read-only mode, the query page, startup errors and the store lock.

Real `provkg serve` processes (tests/server.py) on copies of the store built from data/articles.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import httpx
import pytest
from conftest import RunCli
from server import free_port, provkg_command, query_while_busy, running_server, stop_server

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = 'ASK { ?p foaf:name "Nguyen Van Loi" }'
BODY_LIMIT = 4096


@pytest.fixture(scope="module")
def store(ingested_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("server") / "store"
    shutil.copytree(ingested_store, copy)
    return copy


@pytest.fixture(scope="module")
def base_url(store: Path) -> Iterator[str]:
    """A read-only server (no token) with one query worker, a short time limit and a small body limit."""
    with running_server(store, query_timeout=2, max_body_bytes=BODY_LIMIT, max_concurrent_queries=1,
                        queue_timeout=0.5) as url:
        yield url


def json_error(r: httpx.Response, status: int, fragment: str = "") -> str:
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json"), r.headers
    assert "Traceback" not in r.text
    detail = str(r.json()["detail"])
    assert fragment.lower() in detail.lower(), detail
    return detail


def test_read_only_server_refuses_writes(base_url: str) -> None:
    update = 'INSERT DATA { <https://example.org/a> <https://example.org/b> "c" }'
    r = httpx.post(base_url + "/sparql", data={"update": update}, headers={"Authorization": "Bearer anything-at-all"})
    json_error(r, 403, "read-only")
    r = httpx.post(base_url + "/articles", json={"url": "https://example.org/a", "text": "Some text."})
    json_error(r, 403, "read-only")
    description = httpx.get(base_url + "/sparql").text
    assert "SPARQL11Query" in description and "SPARQL11Update" not in description
    assert httpx.get(base_url + "/sparql", params={"query": 'ASK { ?s ?p "c" }'}).json()["boolean"] is False


def test_body_size_limit(base_url: str) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * BODY_LIMIT
    r = httpx.post(base_url + "/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"})
    json_error(r, 413, str(BODY_LIMIT))

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is applied while reading
        yield b"SELECT * WHERE { ?s ?p ?o } # "
        for _ in range(10):
            yield b"x" * 1024

    r = httpx.post(base_url + "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    json_error(r, 413, "limit")
    ok = httpx.post(base_url + "/sparql", content=QUICK.encode(), headers={"Content-Type": "application/sparql-query"})
    assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_unknown_route_is_json_404(base_url: str) -> None:
    json_error(httpx.get(base_url + "/no/such/route"), 404)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "action", "formaction", "poster", "data") and value:
                self.urls.append(value)


def test_query_page_loads_only_same_origin_resources(base_url: str) -> None:
    r = httpx.get(base_url + "/sparql/ui")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    parser = _Links()
    parser.feed(r.text)
    assert parser.urls, "the page references its script and stylesheet"
    for url in parser.urls:
        parsed = urlparse(url)
        assert not parsed.scheme and not parsed.netloc, f"reference to another host: {url}"
    assert "@import" not in r.text and "url(http" not in r.text
    assets = [u for u in parser.urls if u.startswith("/static/")]
    assert {"/static/sparql-ui.js", "/static/sparql-ui.css"} <= set(assets)
    for asset in assets:
        got = httpx.get(urljoin(base_url, asset))
        assert got.status_code == 200, asset
        assert not re.search(r"https?://(?!w3id\.org|www\.w3\.org)", got.text), f"{asset} names another host"
        if asset.endswith(".js"):
            assert "innerHTML" not in got.text and "insertAdjacentHTML" not in got.text and "eval(" not in got.text
    # links from results go to REST pages the server really has
    pages = html.unescape(re.search(r'data-pages="([^"]*)"', r.text).group(1))
    assert '"person": "/people/"' in pages and '"body": "/organizations/"' in pages


def test_query_page_examples_run(base_url: str) -> None:
    page = httpx.get(base_url + "/sparql/ui").text
    examples = {title: html.unescape(text) for title, text in zip(
        re.findall(r'<option value="\d+">([^<]+)</option>', page),
        re.findall(r'<template class="example-text" data-index="\d+">(.*?)</template>', page, re.S), strict=True)}
    assert {"Who holds which post", "Secretaries of Party Committees", "Merges",
            "Members of a body on a date"} <= set(examples)
    for title, query in examples.items():
        r = httpx.post(base_url + "/sparql", data={"query": query}, headers={"Accept": "text/csv"})
        assert r.status_code == 200, (title, r.text)
        assert len(r.text.splitlines()) > 1, f"example {title!r} returns no rows"
    secretaries = httpx.post(base_url + "/sparql", data={"query": examples["Secretaries of Party Committees"]},
                             headers={"Accept": "text/csv"}).text
    assert "Nguyen Van Loi,Binh Duong Provincial Party Committee" in secretaries


def test_concurrent_query_limit(base_url: str) -> None:
    """One worker: a second query while a slow one runs waits queue_timeout, then 503; then all is well again."""
    slow: dict[str, httpx.Response] = {}

    def start_slow() -> list[threading.Thread]:
        slow.clear()
        thread = threading.Thread(target=lambda: slow.setdefault(
            "r", httpx.get(base_url + "/sparql", params={"query": SLOW}, timeout=30)))
        thread.start()
        return [thread]

    r, (thread,) = query_while_busy(base_url, QUICK, start_slow)
    json_error(r, 503, "too many concurrent queries")
    assert r.headers.get("retry-after")
    thread.join(timeout=30)
    json_error(slow["r"], 503, "time limit of 2 s")
    deadline = time.monotonic() + 20  # the killed worker's replacement starts in the background
    while True:
        r = httpx.get(base_url + "/sparql", params={"query": QUICK}, timeout=10)
        if r.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_ingest_against_a_served_store_stops_with_a_clear_message(base_url: str, store: Path, run_cli: RunCli,
                                                                   articles_dir: Path) -> None:
    before = httpx.get(base_url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    started = time.monotonic()
    result = run_cli("ingest", articles_dir, "--store", store, timeout=60)
    assert time.monotonic() - started < 30  # never hangs on the lock
    assert result.returncode == 1
    assert "in use" in result.stderr and "Traceback" not in result.stderr
    assert "POST /articles" in result.stderr  # says how to add articles while the server holds the store
    assert len(result.stderr.strip().splitlines()) == 1
    after = httpx.get(base_url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    assert after == before  # the served store is untouched and still answers


def test_second_server_on_a_held_store_fails_clearly(base_url: str, store: Path, run_cli: RunCli) -> None:
    result = run_cli("serve", "--store", store, "--port", "0", timeout=60)
    assert result.returncode == 1
    assert "in use" in result.stderr and "Traceback" not in result.stderr


def test_update_token_file_errors(store: Path, run_cli: RunCli, tmp_path: Path) -> None:
    empty = tmp_path / "empty-token"
    empty.write_text("\n")
    result = run_cli("serve", "--store", store, "--update-token-file", empty, timeout=60)
    assert result.returncode == 1 and "empty" in result.stderr
    short = tmp_path / "short-token"
    short.write_text("abc\n")
    result = run_cli("serve", "--store", store, "--update-token-file", short, timeout=60)
    assert result.returncode == 2 and "at least 8 characters" in result.stderr
    result = run_cli("serve", "--store", store, "--update-token-file", tmp_path / "missing", timeout=60)
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_update_token_from_file(tmp_path: Path) -> None:
    """--update-token-file is read and enforced (a fresh store: the module's server holds the other one)."""
    token_file = tmp_path / "token"
    token_file.write_text("file-token-abcdefgh\n")
    port = free_port()
    proc = subprocess.Popen([*provkg_command(), "serve", "--store", str(tmp_path / "fresh"), "--port", str(port),
                             "--update-token-file", str(token_file)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/sparql").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        update = {"update": 'INSERT DATA { <https://example.org/a> <https://example.org/b> "c" }'}
        wrong = httpx.post(url + "/sparql", data=update, headers={"Authorization": "Bearer nope-nope-nope"})
        json_error(wrong, 403, "wrong")
        r = httpx.post(url + "/sparql", data=update, headers={"Authorization": "Bearer file-token-abcdefgh"})
        assert r.status_code == 204, r.text
        assert httpx.get(url + "/sparql", params={"query": 'ASK { ?s ?p "c" }'}).json()["boolean"] is True
    finally:
        stop_server(proc)
