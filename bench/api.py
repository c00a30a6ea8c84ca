"""HTTP API benchmark: SPARQL and REST lookups at 8 concurrent clients, beside raw pyoxigraph.

    .venv/bin/python bench/api.py [--articles 10000] [--clients 8] [--seconds 10] [--store DIR] [--keep]

1. Generates a synthetic corpus (bench/generate.py) and ingests it with the real pipeline
   into a fresh store (minutes for 10,000 articles; progress is printed), unless --store
   names a store built earlier.
2. Serves it with `provkg serve` on loopback and, for three SPARQL queries (GET /sparql)
   and three REST routes, runs 8 clients for a few seconds each: requests/s, p50 and p95.
3. Stops the server and runs the same work directly in this process with 8 threads: the
   three SPARQL queries on pyoxigraph, and for each REST route the graph-layer calls it
   makes (graph/reads/ on a pyoxigraph store), no HTTP. Prints both and the ratio.
Asserts nothing about timings; compare runs on the same machine only.
"""

from __future__ import annotations

import argparse
import http.client
import os
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
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402  (bench/ is not a package)

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


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
        summary = ingest_paths([corpus], store, on_result=progress)
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
    """A Party Committee with a succession of Secretaries, one of its Secretaries, a commission."""
    from provkg.graph.reads.rows import rows as read_rows

    rows = read_rows(raw, """SELECT ?body (COUNT(DISTINCT ?p) AS ?n) WHERE {
      ?m org:organization ?body ; org:member ?p ; org:role/skos:prefLabel "Secretary" .
      ?body provkg:bodyKind "party-committee" } GROUP BY ?body ORDER BY DESC(?n) ?body LIMIT 1""")
    body = rows[0]["body"]
    person = read_rows(raw, f"""SELECT ?p WHERE {{ ?m org:organization <{body}> ; org:member ?p ;
      org:role/skos:prefLabel "Secretary" }} ORDER BY ?p LIMIT 1""")[0]["p"]
    commission = read_rows(raw, """SELECT ?b WHERE { ?mg org:resultingOrganization ?b ;
      org:originalOrganization ?o FILTER(?o != ?b) } ORDER BY ?b LIMIT 1""")[0]["b"]
    return {"body": body, "person": person, "commission": commission}


def sparql_queries(t: dict[str, str]) -> dict[str, str]:
    return {
        "secretaries of a Party Committee": f"""SELECT ?name WHERE {{ ?m org:organization <{t['body']}> ;
            org:role/skos:prefLabel "Secretary" ; org:member/foaf:name ?name }}""",
        "a person's posts and sources": f"""SELECT ?role ?body ?art ?d WHERE {{ ?m org:member <{t['person']}> ;
            org:role/skos:prefLabel ?role ; org:organization/skos:prefLabel ?body ; prov:wasDerivedFrom ?art .
            OPTIONAL {{ ?art schema:datePublished ?d }} }}""",
        "bodies merged into a body": f"""SELECT ?src ?d WHERE {{ ?mg org:resultingOrganization
            <{t['commission']}> ; org:originalOrganization ?src . OPTIONAL {{ ?mg dcterms:date ?d }} }}""",
    }


def rest_routes(t: dict[str, str]) -> dict[str, str]:
    from provkg.graph.ids import id_of

    return {
        "GET /people/{id}": f"/people/{id_of(t['person'])}",
        "GET /organizations/{id}/members?as_of": f"/organizations/{id_of(t['body'])}/members?as_of=2023-06-01",
        "GET /merges?organization": f"/merges?organization={id_of(t['commission'])}",
    }


def direct_routes(raw: RawStore, t: dict[str, str]) -> dict[str, Callable[[], object]]:
    """What each REST route asks of the graph layer, called directly (no HTTP, no JSON)."""
    from provkg.api.routes.params import MAX_SOURCES
    from provkg.api.routes.positions import PositionRows
    from provkg.graph import tenure
    from provkg.graph.lineage import lineage
    from provkg.graph.reads import evidence, names, organizations, people, tenures
    from provkg.graph.reads import merges as merge_reads

    def person() -> object:
        info = people.person(raw, t["person"])
        tens = tenures.stored_tenures(raw, person=t["person"])
        return info, PositionRows.load(raw, tens)

    merges = merge_reads.merge_outlines(raw)  # the routes read mergers once per write generation (get_merges)

    def members() -> object:
        tens = tenures.stored_tenures(raw, [t["body"]])
        return organizations.organization(raw, t["body"]), merges, tenure.holders_on(tens, date(2023, 6, 1)), \
            PositionRows.load(raw, tens)

    def lineage_of() -> object:
        steps = lineage(t["commission"], merges, False) + lineage(t["commission"], merges, True)
        related = {t["commission"]} | {b for b, *_ in steps}
        page = [m for m in merges if related & {*m.sources, m.result}]
        return steps, names.labels(raw, [b for b, *_ in steps]), \
            evidence.evidence_page(raw, [m.iri for m in page], MAX_SOURCES)

    return {"GET /people/{id}": person, "GET /organizations/{id}/members?as_of": members,
            "GET /merges?organization": lineage_of}


def measure(call: Callable[[], object], clients: int, seconds: float) -> dict[str, float]:
    """`clients` threads calling `call` for `seconds`: requests/s, p50 and p95 latency in ms."""
    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[BaseException] = []
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        mine = []
        try:
            while time.perf_counter() < stop_at:
                t0 = time.perf_counter()
                call()
                mine.append(time.perf_counter() - t0)
        except BaseException as exc:  # reported below, the run goes on
            errors.append(exc)
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
            "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000, "n": len(latencies)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(store_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    proc = subprocess.Popen([str(BIN / "provkg"), "serve", "--store", str(store_dir), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/people?limit=1", timeout=5).status_code == 200:
                # steady state: the server reads the views' snapshot of the store in the background at start
                httpx.get(base + "/view/merges", timeout=600)
                return proc, base
        except httpx.TransportError:
            time.sleep(0.3)
    proc.kill()
    sys.exit("the server did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def http_call(base: str, path: str, params: dict[str, str] | None = None,
              headers: dict[str, str] | None = None) -> Callable[[], object]:
    """One keep-alive connection per client thread, on http.client: the load generator shares the two
    cores with the server, and httpx costs it about twice the CPU per request, which would be
    charged to the server's latency."""
    local = threading.local()
    parts = urllib.parse.urlsplit(base)
    target = path + ("?" + urllib.parse.urlencode(params) if params else "")

    def call() -> object:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        conn.request("GET", target, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status} {body[:200]!r}")
        return body

    return call


def row(name: str, served: dict[str, float], direct: dict[str, float]) -> str:
    return (f"{name:42} {served['rps']:8.0f} {served['p50']:7.2f} {served['p95']:7.2f} | {direct['rps']:8.0f} "
            f"{direct['p50']:7.2f} {direct['p95']:7.2f} | {served['p50'] / direct['p50']:5.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10.0, help="per query or route and side")
    ap.add_argument("--store", type=Path, help="use this store (built earlier with --keep) instead of building one")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpus and store")
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
        sparql, rest = sparql_queries(targets), rest_routes(targets)
        del raw
        print(f"targets: {targets}", flush=True)

        proc, base = serve(store_dir)
        served: dict[str, dict[str, float]] = {}
        try:
            for name, q in sparql.items():
                served[name] = measure(http_call(base, "/sparql", {"query": q},
                                                 {"Accept": "application/sparql-results+json"}),
                                       args.clients, args.seconds)
            for name, path in rest.items():
                served[name] = measure(http_call(base, path), args.clients, args.seconds)
            floor = measure(http_call(base, "/sparql"), args.clients, min(args.seconds, 5.0))
        finally:
            stop(proc)

        raw = RawStore(pyoxigraph.Store.read_only(str(store_dir)))
        direct: dict[str, dict[str, float]] = {}
        for name, q in sparql.items():
            direct[name] = measure(lambda q=q: list(raw.query(q)), args.clients, args.seconds)
        for name, fn in direct_routes(raw, targets).items():
            direct[name] = measure(fn, args.clients, args.seconds)

        print(f"\n{args.clients} concurrent clients, {args.seconds:g} s each; latencies in ms")
        print(f"{'':42} {'served':>24} | {'direct (pyoxigraph)':>24} | ratio")
        print(f"{'query / route':42} {'req/s':>8} {'p50':>7} {'p95':>7} | {'req/s':>8} {'p50':>7} {'p95':>7} | p50")
        for name in [*sparql, *rest]:
            print(row(name, served[name], direct[name]))
        print(f"\nHTTP floor (GET /sparql without a query: the service description, no store access): "
              f"{floor['rps']:.0f} req/s, p50 {floor['p50']:.2f} ms, p95 {floor['p95']:.2f} ms at {args.clients} "
              "clients.\nA served query costs at least this plus the hop to a query worker; for a query that "
              "takes well under a millisecond on pyoxigraph the ratio is set by that floor, not by the query.")
    finally:
        if args.keep and args.store is None:
            print(f"kept: {work} (reuse the store with --store {store_dir})")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
