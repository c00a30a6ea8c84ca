"""Hostile input against a real `provkg serve`: escaping and CSP on every HTML page, the token never logged,
no SERVICE/LOAD reaching any host or file, and no path, query or header reaching the file system.

The store holds data/articles (real pipeline) plus one hand-built article whose every text field is
the payload below, written through Store.write_article as tests/test_views.py does (the extractor
would never yield such a name).
"""

from __future__ import annotations

import http.server
import inspect
import re
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from provkg.api import auth
from provkg.graph.location import open_store
from provkg.ingest.article import Article
from provkg.ingest.facts import ArticleFacts, Body, Campaign, Event, Evidence, Membership, Merge, Person
from provkg.ingest.pipeline import extract
from provkg.ingest.read import read_paths
from server import running_server

REPO = Path(__file__).resolve().parents[1]
PAYLOAD = "<img src=x onerror=alert(1)>\"'&"
RAW_MARKERS = ("<img src=x", "onerror=alert(1)>", "<script>alert", PAYLOAD)
TOKEN = "security-test-token-9f8e7d6c5b4a"
WRONG = "wrong-token-1a2b3c4d5e6f"
ID = "https://w3id.org/provkg/id/"
VIEW_OF = {"person": "/view/person/", "body": "/view/organization/", "campaign": "/view/campaign/",
           "article": "/view/article/"}
ALLOWED_SOURCES = {"'self'", "'none'", "'unsafe-inline'", "data:"}


def hostile_facts() -> ArticleFacts:
    ev = Evidence(sentence=f"{PAYLOAD} said </script><script>alert(3)</script> at the meeting.")
    article = Article(id="hostile-payload", source="tests/hostile", headline=f"Headline {PAYLOAD}",
                      paragraphs=[ev.sentence], published=date(2026, 11, 1), url="https://example.org/x?a=1&b=<2>")
    return ArticleFacts(
        article=article,
        people={"evil": Person(key="evil", name=PAYLOAD, variants={PAYLOAD + " Jr"}, evidence=ev)},
        bodies={"hostile-a": Body(key="hostile-a", name=f"Board {PAYLOAD}", kind="board", evidence=ev),
                "hostile-b": Body(key="hostile-b", name=f"Commission {PAYLOAD}", kind="board", evidence=ev)},
        memberships=[Membership(person="evil", role=f"Head {PAYLOAD}", body="hostile-a", start=date(2026, 10, 1),
                                evidence=ev)],
        merges=[Merge(sources=["hostile-a"], result="hostile-b", date=date(2026, 10, 20), evidence=ev)],
        campaigns=[Campaign(name=f"Campaign {PAYLOAD}", kind="campaign", organisers=["hostile-a"], evidence=ev)],
        events=[Event(kind="conference", label=f"Conference {PAYLOAD}", date=date(2026, 10, 30),
                      organisers=["hostile-a"], attendees=["evil"], evidence=ev)],
    )


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("security") / "store"
    with open_store(path) as store:
        for article in read_paths([REPO / "data" / "articles"]):
            if isinstance(article, Article):
                store.write_article(extract(article))
        store.write_article(hostile_facts())
        store.refresh_inferences()
    return path


@pytest.fixture(scope="module")
def base_url(store_dir: Path) -> Iterator[str]:
    with running_server(store_dir, update_token=TOKEN, query_timeout=5, max_body_bytes=64 * 1024) as url:
        yield url


def sparql_rows(base_url: str, query: str) -> list[dict[str, str]]:
    r = httpx.get(base_url + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def assert_no_foreign_host(csp: str) -> None:
    """Every source in every directive is same-origin or a keyword: no host, scheme or wildcard."""
    for directive in filter(None, (d.strip() for d in csp.split(";"))):
        name, *sources = directive.split()
        for source in sources:
            assert source in ALLOWED_SOURCES, f"{name} allows {source!r}: {csp}"
    # scripts from this server only, or none at all (a page that runs no script says nothing looser)
    assert "default-src" in csp and ("script-src 'self'" in csp or ("script-src" not in csp
                                                                   and "default-src 'none'" in csp)), csp


def html_pages(base_url: str) -> list[str]:
    """Every HTML page the server has: fixed pages, plus each view of every node whose text is the payload."""
    hostile = sparql_rows(base_url, 'SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "onerror")) }')
    pages = ["/", "/?format=html", "/sparql/ui", "/docs", "/view", "/view/merges", "/view/person/nguyen-van-loi",
             "/view/person/nguyen-van-loi?depth=2", "/view/organization/binh-duong-provincial-party-committee"]
    for row in hostile:
        kind, _, ident = row["s"].removeprefix(ID).partition("/")
        if kind in VIEW_OF and "/" not in ident:
            pages.append(VIEW_OF[kind] + ident)
            if kind == "body":
                pages.append(f"{VIEW_OF[kind]}{ident}?as_of=2026-10-15")
    return pages


def test_every_html_page_escapes_graph_text_and_has_a_same_origin_csp(base_url: str) -> None:
    pages = html_pages(base_url)
    kinds = {p.split("/")[2] for p in pages if p.startswith("/view/") and p.count("/") == 3}
    assert {"person", "organization", "campaign", "article"} <= kinds, pages  # the payload reached every kind
    seen_payload = 0
    for page in pages:
        r = httpx.get(base_url + page, timeout=30)
        assert r.status_code == 200, (page, r.status_code, r.text[:300])
        assert r.headers["content-type"].startswith("text/html"), page
        for raw in RAW_MARKERS:
            assert raw not in r.text, (page, raw)
        assert_no_foreign_host(r.headers["content-security-policy"])
        assert r.headers.get("x-content-type-options") == "nosniff", page
        assert not re.search(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", r.text), page
        seen_payload += "onerror=alert(1)&gt;" in r.text or "onerror=alert(1)\\u003e" in r.text
    assert seen_payload >= 4  # the payload is on the pages, escaped, not merely absent


def test_docs_page_is_served_by_the_server(base_url: str) -> None:
    r = httpx.get(base_url + "/docs")
    assert "/sparql" in r.text and "/articles" in r.text and 'href="/openapi.json"' in r.text
    assert httpx.get(base_url + "/redoc").status_code == 404  # ReDoc would load from a CDN
    assert httpx.get(base_url + "/static/docs.css").status_code == 200


def test_json_answers_carry_the_payload_verbatim(base_url: str) -> None:
    """Not HTML: the REST API returns the text as data (JSON), which clients must escape themselves."""
    r = httpx.get(base_url + "/people", params={"q": "onerror"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert PAYLOAD in {item["name"] for item in r.json()["items"]}


# --- the update token ------------------------------------------------------------------------------


def test_token_is_compared_in_constant_time() -> None:
    source = inspect.getsource(auth.require_update_token)
    assert "hmac.compare_digest(" in source and "== settings.update_token" not in source


def test_token_never_reaches_the_log(base_url: str) -> None:
    good = {"Authorization": f"Bearer {TOKEN}"}
    bad = {"Authorization": f"Bearer {WRONG}"}
    calls = [
        ("post", "/sparql", {"data": {"update": 'INSERT DATA { <https://example.org/s> <https://example.org/p> "t" }'},
                             "headers": good}, 204),
        ("post", "/sparql", {"data": {"update": "INSERT DATA { <a> }"}, "headers": good}, 400),
        ("post", "/sparql", {"data": {"update": "LOAD <http://example.org/x>"}, "headers": good}, 400),
        ("post", "/sparql", {"data": {"update": 'INSERT DATA { <https://example.org/s> <https://example.org/p> "u" }'},
                             "headers": bad}, 403),
        ("post", "/articles", {"json": {"url": "https://example.org/a", "text": "x", "bogus": 1}, "headers": good}, 422),
        ("post", "/articles", {"content": b"{not json", "headers": {**good, "Content-Type": "application/json"}}, 400),
        ("post", "/articles", {"json": {"text": "y" * 70_000}, "headers": good}, 413),
        ("get", "/no/such/route", {"headers": good}, 404),
        ("get", "/sparql", {"params": {"query": "SELEC nonsense"}, "headers": good}, 400),
        ("get", "/view/person/nobody", {"headers": good}, 404),
    ]
    for method, path, kwargs, status in calls:
        r = getattr(httpx, method)(base_url + path, timeout=60, **kwargs)
        assert r.status_code == status, (path, r.status_code, r.text)
        assert TOKEN not in r.text and WRONG not in r.text
        assert TOKEN not in str(r.headers)
    log = base_url.log()  # type: ignore[attr-defined]
    assert "POST /sparql" in log  # the log is the server's real request log
    assert TOKEN not in log and WRONG not in log
    assert TOKEN[:12] not in log  # not even a prefix


# --- no SERVICE, no LOAD ---------------------------------------------------------------------------


@pytest.fixture
def bait() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it gets: SERVICE/LOAD must never reach it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b'<https://example.org/bait> <https://example.org/p> "fetched" .\n')

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def test_service_and_load_never_fetch(base_url: str, bait: tuple[str, list[str]]) -> None:
    host, hits = bait
    auth_header = {"Authorization": f"Bearer {TOKEN}"}
    queries = [
        f"SELECT * WHERE {{ SERVICE <{host}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ service silent <{host}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c . SeRvIcE\n#comment\n<{host}/sparql> {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        r = httpx.get(base_url + "/sparql", params={"query": query})
        assert r.status_code == 400 and "SERVICE" in r.json()["detail"], (query, r.text)
        r = httpx.post(base_url + "/sparql", content=query.encode(),
                       headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 400, query
    updates = [
        f"LOAD <{host}/data.ttl>",
        f"load silent <{host}/data.ttl> INTO GRAPH <https://example.org/g>",
        "LOAD <file:///etc/passwd>",
        "LOAD <file:///etc/passwd> INTO GRAPH <https://example.org/passwd>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{host}/sparql> {{ ?s ?p ?o }} }}",
    ]
    for update in updates:
        r = httpx.post(base_url + "/sparql", data={"update": update}, headers=auth_header)
        assert r.status_code == 400 and ("LOAD" in r.text or "SERVICE" in r.text), (update, r.text)
        r = httpx.post(base_url + "/sparql", content=update.encode(),
                       headers={**auth_header, "Content-Type": "application/sparql-update"})
        assert r.status_code == 400, update
    assert hits == []
    rows = sparql_rows(base_url, 'SELECT ?s WHERE { { ?s ?p "fetched" } UNION { GRAPH ?g { ?s ?p ?o '
                                 'FILTER(CONTAINS(STR(?o), "root:")) } } }')
    assert rows == []


# --- paths, queries and headers never reach the file system -----------------------------------------

TRAVERSALS = [
    "/static/..%2f..%2fpyproject.toml", "/static/..%2F..%2F..%2Fpyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%5c..%5cpyproject.toml", "/static/%2e%2e%2f%2e%2e%2fapp.py", "/static/....//....//pyproject.toml",
    "/view/static/..%2F..%2Frender.py", "/view/static/..%2F..%2F..%2F..%2Fpyproject.toml", "/view/static/%2fetc%2fpasswd",
    "/view/article/..%2F..%2Fetc%2Fpasswd", "/view/person/..%2F..%2Fetc%2Fpasswd", "/view/organization/%2Fetc%2Fpasswd",
    "/view/campaign/..%2F..%2F..%2Fetc%2Fpasswd", "/people/..%2F..%2Fetc%2Fpasswd", "/organizations/%2Fetc%2Fpasswd",
    "/organizations/..%2F..%2Fetc%2Fpasswd/members", "/articles/..%2F..%2Fetc%2Fpasswd", "/articles/%2Fetc%2Fpasswd",
    "/rdf-graph-store?graph=file:///etc/passwd", "/rdf-graph-store?graph=..%2F..%2Fetc%2Fpasswd",
    "/sparql?query=ASK%7B%7D&default-graph-uri=file:///etc/passwd",
    "/sparql?query=SELECT%20*%20FROM%20%3Cfile:///etc/passwd%3E%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D",
    "/view?max_nodes=..%2F..%2Fetc%2Fpasswd", "/export.ttl/..%2F..%2Fpyproject.toml",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_never_reads_files(base_url: str, path: str) -> None:
    r = httpx.get(base_url + path, timeout=30)
    assert r.status_code < 500, (path, r.status_code, r.text[:300])
    for secret in ("root:x:0:0", "root:", "[build-system]", "import ", "def "):
        assert secret not in r.text, (path, secret)
    if r.status_code == 200:  # only a query that legitimately answers (an empty result)
        assert path.startswith("/sparql"), (path, r.text[:300])


def test_upload_file_name_never_picks_the_path(base_url: str) -> None:
    name = f"provkg-evil-{uuid.uuid4().hex}.txt"
    for filename in (f"../../../../../tmp/{name}", f"/tmp/{name}", f"..\\..\\tmp\\{name}"):
        files = {"file": (filename, b"Some text about nothing.\n", "text/plain")}
        r = httpx.post(base_url + "/articles", files=files, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
        assert r.status_code < 500, r.text
        assert "/tmp/" not in r.text
        assert not (Path("/tmp") / name).exists()


def test_headers_do_not_select_files(base_url: str) -> None:
    headers = {"Accept": "../../etc/passwd", "Content-Type": "application/sparql-query; charset=../../etc/passwd",
               "Host": "../../etc/passwd", "X-Forwarded-For": "$(touch /tmp/provkg-pwned)", "Range": "bytes=0-10"}
    for path in ("/sparql", "/static/sparql-ui.css", "/view/static/view.css"):
        r = httpx.post(base_url + path, content=b"ASK {}", headers=headers) if path == "/sparql" \
            else httpx.get(base_url + path, headers=headers)
        assert r.status_code < 500 and "root:" not in r.text, (path, r.status_code, r.text[:200])
    assert not Path("/tmp/provkg-pwned").exists()
