"""HTTP API benchmark: provkg beside Oxigraph server (same store) and rdflib-endpoint, in one run.

    .venv/bin/python bench/api.py [--articles 10000] [--seconds 5] [--store DIR] [--keep] [--skip-rdflib]

1. Generates a synthetic corpus (bench/generate.py) and ingests it with the real pipeline
   into a fresh store (minutes for 10,000 articles; progress is printed), unless --store
   names a store built earlier.
2. Serves that store, one server at a time, on loopback: `provkg serve`; `oxigraph
   serve-read-only` on the same directory (its default graph is provkg's set-union default
   graph, so the same queries give the same rows); and rdflib-endpoint (a test extra) over
   an rdflib Graph loaded with the store's default graph (minutes and ~2 GB at 10,000
   articles; --skip-rdflib leaves it out).
3. For each SPARQL query (lookups, an aggregate, a filter) and each server: the rows it
   answers (they must agree), p50 at 1 client, and req/s, p50 and p95 at 8 clients. Then
   provkg's REST lookups the same way, on the person and the body with the longest
   histories, and each server's HTTP floor (a request that reads no data).

The client is `wrk` (C, epoll; `apt-get install wrk`) when it is installed, so the load
generator costs the two cores little; otherwise one keep-alive http.client connection per
thread, which costs several times more CPU per request and is charged to every server alike.
Asserts nothing about timings; compare runs on the same machine only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402  (bench/ is not a package)

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
JSON_RESULTS = "application/sparql-results+json"


def ingest(corpus: Path, store_dir: Path) -> None:
    """The real pipeline (read, extract, write; the inferred graph rebuilt at the end), with progress."""
    from provkg.graph.load import Failed, Ingested, ingest_paths
    from provkg.graph.location import open_store

    done, failed, t0 = 0, 0, time.perf_counter()

    def progress(outcome: object) -> None:
        nonlocal done, failed
        done += isinstance(outcome, Ingested)
        failed += isinstance(outcome, Failed)
        if (done + failed) % 500 == 0:
            rate = done / (time.perf_counter() - t0)
            print(f"  ingested {done} articles ({failed} failed), {rate:.0f}/s", flush=True)

    with open_store(store_dir) as store:
        summary = ingest_paths([corpus], store, on_result=progress, workers=2)
        print(f"  {summary.as_dict()} in {time.perf_counter() - t0:.0f} s (tenures rebuilt)", flush=True)
        print(f"  store: {store.stats()}", flush=True)


class RawStore:
    """graph/reads/'s view of a store (query with the usual prefixes), on pyoxigraph directly."""

    def __init__(self, raw: pyoxigraph.Store) -> None:
        self.raw = raw

    def query(self, sparql: str, **kw: Any) -> Any:
        from provkg.graph import vocab

        return self.raw.query(sparql, prefixes=vocab.PREFIXES, **kw)

    def stats(self) -> dict[str, int]:
        return {}


def pick_targets(raw: RawStore) -> dict[str, str]:
    """The Party Committee with the most reporting articles, its first Secretary, the person with the most
    reporting articles, and a body formed by a merger: the longest histories the store has."""
    from provkg.graph.reads.rows import rows as read_rows

    body = read_rows(raw, """SELECT ?body (COUNT(?art) AS ?n) WHERE {
      ?body provkg:bodyKind "party-committee" . ?m org:organization ?body ; prov:wasDerivedFrom ?art }
      GROUP BY ?body ORDER BY DESC(?n) ?body LIMIT 1""")[0]["body"]
    secretary = read_rows(raw, f"""SELECT ?p WHERE {{ ?m org:organization <{body}> ; org:member ?p ;
      org:role/skos:prefLabel "Secretary" }} ORDER BY ?p LIMIT 1""")[0]["p"]
    person = read_rows(raw, """SELECT ?p (COUNT(?art) AS ?n) WHERE { ?m org:member ?p ; prov:wasDerivedFrom ?art }
      GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1""")[0]["p"]
    commission = read_rows(raw, """SELECT ?b WHERE { ?mg org:resultingOrganization ?b ;
      org:originalOrganization ?o FILTER(?o != ?b) } ORDER BY ?b LIMIT 1""")[0]["b"]
    return {"body": body, "person": person, "secretary": secretary, "commission": commission}


def history(raw: RawStore, t: dict[str, str]) -> str:
    """How long the targets' histories are: reporting articles of the person's posts and the body's posts."""
    from provkg.graph.reads.rows import rows as read_rows

    def count(pattern: str) -> int:
        return int(read_rows(raw, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"])

    person = count(f"?m org:member <{t['person']}> ; prov:wasDerivedFrom ?a")
    body = count(f"?m org:organization <{t['body']}> ; prov:wasDerivedFrom ?a")
    posts = count(f"?m org:organization <{t['body']}> ; a org:Membership")
    return f"person: {person:,} (post, article) statements; body: {posts} posts, {body:,} (post, article) statements"


FRESH = ", new text"  # rows whose every request is a query text the server has not seen (needs wrk)


def sparql_queries(t: dict[str, str]) -> dict[str, str]:
    """The lookups of issue 14, an aggregate and a filter; prefixes are declared in PREFIXES (every server gets
    the same text)."""
    return {
        "a person's posts": f"""SELECT ?role ?body ?art ?d WHERE {{ ?m org:member <{t['person']}> ;
            org:role/skos:prefLabel ?role ; org:organization/skos:prefLabel ?body ; prov:wasDerivedFrom ?art .
            OPTIONAL {{ ?art schema:datePublished ?d }} }} LIMIT 100""",
        "a body's Secretary": f"""SELECT ?name WHERE {{ ?m org:organization <{t['body']}> ;
            org:role/skos:prefLabel "Secretary" ; org:member/foaf:name ?name }}""",
        "a body's Secretary" + FRESH: f"""SELECT ?name WHERE {{ ?m org:organization <{t['body']}> ;
            org:role/skos:prefLabel "Secretary" ; org:member/foaf:name ?name }}""",
        "count memberships by role": """SELECT ?role (COUNT(?m) AS ?n) WHERE { ?m a org:Membership ;
            org:role/skos:prefLabel ?role } GROUP BY ?role ORDER BY DESC(?n)""",
        "names containing a word": """SELECT ?p ?name WHERE { ?p a foaf:Person ; foaf:name ?name
            FILTER(CONTAINS(LCASE(?name), "minh")) }""",
    }


def prefixed(query: str) -> str:
    from provkg.graph.vocab import PREFIXES

    used = {p for p in PREFIXES if re.search(rf"\b{p}:", query)}
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(used)) + query


def rest_routes(t: dict[str, str]) -> dict[str, str]:
    from provkg.graph.ids import id_of

    return {
        "GET /people/{id}": f"/people/{id_of(t['person'])}",
        "GET /organizations/{id}": f"/organizations/{id_of(t['body'])}",
        "GET /organizations/{id}/members?as_of": f"/organizations/{id_of(t['body'])}/members?as_of=2023-06-01",
        "GET /merges?organization": f"/merges?organization={id_of(t['commission'])}",
        "GET /search?q": "/search?q=nguyen+van&limit=20",
    }


# --- clients ---------------------------------------------------------------------------------------

def http_get(base: str, target: str, headers: dict[str, str] | None = None, timeout: float = 600) -> bytes:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", target, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{target[:80]}: {response.status} {body[:300]!r}")
        return body
    finally:
        conn.close()


_WRK_TIME = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


FRESH_TEXT = """-- each request's query ends in a comment of its own, so no server has seen its text before
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "%0A%23%20" .. tostring(counter) .. "-" .. tostring(math.random(1e9)))
end
"""


def measure_wrk(url: str, headers: dict[str, str], clients: int, seconds: float,
                fresh: bool = False) -> dict[str, float]:
    """wrk with `clients` connections (2 threads at most: the server has the other core); `fresh`: every query
    text new (a comment appended)."""
    threads = min(clients, 2)
    cmd = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "60s"]
    if fresh:
        script = Path(tempfile.mkstemp(suffix=".lua")[1])
        script.write_text(FRESH_TEXT)
        cmd += ["-s", str(script)]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    lat = {m[1]: float(m[2]) * _WRK_TIME[m[3]] for m in re.finditer(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s|m)\b",
                                                                     out, re.M)}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if bad or errors:
        raise RuntimeError(f"{url[:100]}: {bad[0] if bad else ''} {errors[0] if errors else ''}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    n = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    # wrk prints p50/p90/p99; p95 is read between p90 and p99 (the table says p95 only for http.client runs)
    return {"rps": rps, "p50": lat["50"], "p95": (lat["90"] + lat["99"]) / 2, "n": n}


def measure_threads(base: str, target: str, headers: dict[str, str], clients: int,
                    seconds: float) -> dict[str, float]:
    """`clients` threads, one keep-alive http.client connection each, for `seconds`."""
    parts = urllib.parse.urlsplit(base)
    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[BaseException] = []
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        mine = []
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            while time.perf_counter() < stop_at:
                t0 = time.perf_counter()
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                body = response.read()
                if response.status != 200:
                    raise RuntimeError(f"{target[:80]}: {response.status} {body[:200]!r}")
                mine.append(time.perf_counter() - t0)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    if errors:
        raise RuntimeError(f"{len(errors)} client(s) failed: {errors[0]!r}")
    latencies.sort()
    return {"rps": len(latencies) / wall, "p50": statistics.median(latencies) * 1000,
            "p95": latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000, "n": len(latencies)}


def measure(base: str, target: str, headers: dict[str, str], clients: int, seconds: float,
            fresh: bool = False) -> dict[str, float]:
    if shutil.which("wrk"):
        return measure_wrk(base + target, headers, clients, seconds, fresh)
    if fresh:
        raise SystemExit("the fresh-text rows need wrk")
    return measure_threads(base, target, headers, clients, seconds)


# --- servers ---------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(proc: subprocess.Popen[bytes], base: str, probe: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited with status {proc.returncode} before answering {probe}")
        try:
            http_get(base, probe, timeout=5)
            return
        except (OSError, RuntimeError, http.client.HTTPException):
            time.sleep(0.3)
    stop(proc)
    sys.exit(f"no answer from {base}{probe} within {seconds:g} s")


def serve(store_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`provkg serve`, once it answers and has read the views' snapshot (its state in steady use)."""
    port = _free_port()
    proc = subprocess.Popen([str(BIN / "provkg"), "serve", "--store", str(store_dir), "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    _wait(proc, base, "/people?limit=1", 180)
    http_get(base, "/view/merges")
    return proc, base


def serve_oxigraph(store_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Oxigraph server read-only on the same directory (provkg's server must be stopped: it holds the lock)."""
    exe = BIN / "oxigraph" if (BIN / "oxigraph").exists() else shutil.which("oxigraph")
    if exe is None:
        sys.exit("the oxigraph server is missing: pip install -e '.[test]'")
    port = _free_port()
    proc = subprocess.Popen([str(exe), "serve-read-only", "--location", str(store_dir), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    _wait(proc, base, "/query?query=" + urllib.parse.quote("ASK {}"), 60)
    return proc, base


RDFLIB_SERVER = """
import sys, time, uvicorn
from rdflib import Graph
from rdflib_endpoint import SparqlEndpoint
t0 = time.perf_counter()
g = Graph()
g.parse(sys.argv[1], format="nt")
print(f"rdflib-endpoint: {len(g):,} triples loaded in {time.perf_counter() - t0:.0f} s", flush=True)
uvicorn.run(SparqlEndpoint(graph=g), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def serve_rdflib(store_dir: Path, work: Path) -> tuple[subprocess.Popen[bytes], str]:
    """rdflib-endpoint over an in-memory rdflib Graph holding the store's default graph."""
    dump = work / "default.nt"
    if not dump.exists():
        raw = pyoxigraph.Store.read_only(str(store_dir))
        raw.dump(str(dump), pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
        del raw
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", RDFLIB_SERVER, str(dump), str(port)], start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    _wait(proc, base, "/?query=" + urllib.parse.quote("ASK {}"), 1800)
    return proc, base


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


# --- one server's run ------------------------------------------------------------------------------

SPARQL_PATHS = {"provkg": "/sparql", "oxigraph": "/query", "rdflib": "/"}


def answer_rows(body: bytes) -> Counter[tuple[tuple[str, str], ...]]:
    """SPARQL JSON results as a multiset of rows (variable, value), to compare servers."""
    data = json.loads(body)
    return Counter(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in data["results"]["bindings"])


def run_sparql(name: str, base: str, queries: dict[str, str], seconds: float, clients: int
               ) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    headers = {"Accept": JSON_RESULTS}
    for qname, q in queries.items():
        fresh = qname.endswith(FRESH)
        target = SPARQL_PATHS[name] + "?" + urllib.parse.urlencode({"query": prefixed(q)})
        rows = answer_rows(http_get(base, target, headers))
        one = measure(base, target, headers, 1, seconds, fresh)
        many = measure(base, target, headers, clients, seconds, fresh)
        out[qname] = {"rows": rows, "one": one, "many": many}
        print(f"  {name:8} {qname:28} rows {sum(rows.values()):5}  1 client p50 {one['p50']:8.2f} ms  "
              f"{clients} clients {many['rps']:7.0f} req/s p50 {many['p50']:8.2f} ms", flush=True)
    return out


def floor(name: str, base: str, seconds: float, clients: int) -> dict[str, dict[str, float]]:
    """A request that reads no data: provkg's and rdflib-endpoint's service description, Oxigraph's ASK {}."""
    target = {"provkg": "/sparql", "oxigraph": "/query?query=" + urllib.parse.quote("ASK {}"),
              "rdflib": "/?query=" + urllib.parse.quote("ASK {}")}[name]
    headers = {"Accept": JSON_RESULTS}
    return {"one": measure(base, target, headers, 1, seconds), "many": measure(base, target, headers, clients,
                                                                               seconds)}


# --- report ----------------------------------------------------------------------------------------

def cell(r: dict[str, dict[str, float]] | None) -> str:
    if r is None:
        return f"{'-':>22}"
    return f"{r['one']['p50']:7.2f} ms / {r['many']['rps']:7.0f}/s"


def print_report(servers: list[str], sparql: dict[str, dict[str, dict[str, Any]]],
                 floors: dict[str, dict[str, dict[str, float]]], rest: dict[str, dict[str, dict[str, float]]],
                 clients: int) -> None:
    print(f"\nSPARQL over HTTP: p50 at 1 client / req/s at {clients} clients (same store, same query text)")
    print(f"{'query':30} " + " ".join(f"{s:>22}" for s in servers) + "   provkg/oxigraph p50, req/s")
    for q in next(iter(sparql.values())):
        cells = [cell(sparql[s].get(q)) for s in servers]
        p, o = sparql["provkg"][q], sparql["oxigraph"][q]
        print(f"{q:30} " + " ".join(cells) + f"   {p['one']['p50'] / o['one']['p50']:5.2f}x, "
              f"{p['many']['rps'] / o['many']['rps']:5.2f}x")
    print(f"{'HTTP floor (no data read)':30} " + " ".join(cell(floors.get(s)) for s in servers))
    agree = all(sparql[s][q]["rows"] == sparql["provkg"][q]["rows"] for s in servers for q in sparql[s])
    counts = "; ".join(f"{s} {q}: {sum(sparql[s][q]['rows'].values())}" for s in servers for q in sparql[s])
    print("rows: " + ("every server answered every query with the same rows" if agree
                      else f"SERVERS DISAGREE (rows: {counts})"))
    print(f"\nprovkg REST: p50 at 1 client; req/s, p50 and p95 at {clients} clients")
    print(f"{'route':42} {'p50 1':>8} {'req/s':>8} {'p50':>8} {'p95':>8}")
    for route, r in rest.items():
        print(f"{route:42} {r['one']['p50']:8.2f} {r['many']['rps']:8.0f} {r['many']['p50']:8.2f} "
              f"{r['many']['p95']:8.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=5.0, help="per query, server and client count")
    ap.add_argument("--store", type=Path, help="use this store (built earlier with --keep) instead of building one")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpus and store")
    ap.add_argument("--skip-rdflib", action="store_true", help="leave rdflib-endpoint out (it loads for minutes)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="provkg-bench-api-"))
    store_dir = args.store or work / "store"
    try:
        if args.store is None:
            print(f"generating {args.articles} synthetic articles in {work}", flush=True)
            generate(work / "corpus", args.articles)
            print("ingesting (read, extract, write)", flush=True)
            ingest(work / "corpus", store_dir)
        raw = RawStore(pyoxigraph.Store.read_only(str(store_dir)))
        targets = pick_targets(raw)
        print(f"targets: {targets}\n  {history(raw, targets)}", flush=True)
        del raw
        queries, routes = sparql_queries(targets), rest_routes(targets)
        print(f"client: {'wrk' if shutil.which('wrk') else 'http.client threads'}; load average "
              f"{os.getloadavg()[0]:.2f} at start", flush=True)

        sparql: dict[str, dict[str, dict[str, Any]]] = {}
        floors: dict[str, dict[str, dict[str, float]]] = {}
        rest: dict[str, dict[str, dict[str, float]]] = {}
        proc, base = serve(store_dir)
        try:
            sparql["provkg"] = run_sparql("provkg", base, queries, args.seconds, args.clients)
            floors["provkg"] = floor("provkg", base, args.seconds, args.clients)
            for route, path in routes.items():
                http_get(base, path)
                rest[route] = {"one": measure(base, path, {}, 1, args.seconds),
                               "many": measure(base, path, {}, args.clients, args.seconds)}
                print(f"  provkg   {route:42} 1 client p50 {rest[route]['one']['p50']:7.2f} ms  {args.clients} "
                      f"clients {rest[route]['many']['rps']:6.0f} req/s", flush=True)
        finally:
            stop(proc)
        proc, base = serve_oxigraph(store_dir)
        try:
            sparql["oxigraph"] = run_sparql("oxigraph", base, queries, args.seconds, args.clients)
            floors["oxigraph"] = floor("oxigraph", base, args.seconds, args.clients)
        finally:
            stop(proc)
        servers = ["provkg", "oxigraph"]
        if not args.skip_rdflib:
            print("loading rdflib-endpoint (minutes)", flush=True)
            proc, base = serve_rdflib(store_dir, work)
            try:
                sparql["rdflib"] = run_sparql("rdflib", base, queries, args.seconds, args.clients)
                floors["rdflib"] = floor("rdflib", base, args.seconds, args.clients)
            finally:
                stop(proc)
            servers.append("rdflib")
        print_report(servers, sparql, floors, rest, args.clients)
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        if args.keep and args.store is None:
            print(f"kept: {work} (reuse the store with --store {store_dir})")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

