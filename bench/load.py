"""Load test: 64 concurrent clients mixing SPARQL, REST and view requests against `provkg serve`, while one more
client sends a pathological query (a cartesian product past the time limit) every few seconds.

    .venv/bin/python bench/load.py [--store DIR] [--articles 10000] [--clients 64] [--seconds 60]
                                   [--pathological-every 3] [--query-timeout 2]

With --store, a COPY of that store is served (a server locks its store); otherwise a store is
built from bench/generate.py's synthetic corpus with bench/api.py's ingest (minutes for 10,000
articles). The server listens on 127.0.0.1 only and the run lasts --seconds. It prints requests
served by kind, errors by status, p50/p99 latency, and the memory (RSS) of the server process
and its query workers at start, at the end, at the peak and every eighth of the run. A 503 is the documented answer to a
query past the time limit or to a full worker pool; any other 5xx, or a dropped connection, is a
problem: the exit status is then 1. Asserts nothing about timings.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from api import FRESH, RawStore, _free_port, ingest, pick_targets, prefixed, rest_routes, sparql_queries, stop  # noqa: E402

BIN = Path(sys.executable).parent
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON = {"Accept": "application/sparql-results+json"}


def rss_kib(pid: int) -> int:
    """Resident memory of one process in KiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids.extend(int(k) for k in (task / "children").read_text().split())
    except OSError:
        pass
    return kids


def memory(pid: int) -> tuple[int, int, int]:
    """(server RSS, total RSS of its query workers, number of workers), in KiB."""
    workers = children(pid)
    return rss_kib(pid), sum(rss_kib(k) for k in workers), len(workers)


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def serve(store_dir: Path, log: Path, query_timeout: float) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen([str(BIN / "provkg"), "serve", "--store", str(store_dir), "--host", "127.0.0.1",
                                 "--port", str(port), "--query-timeout", str(query_timeout), "--log-level", "warning"],
                                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited:\n{log.read_text()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/people?limit=1")
            if conn.getresponse().status == 200:
                conn.close()
                # steady state: the server reads the views' snapshot of the store in the background at start
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                conn.request("GET", "/view/merges")
                conn.getresponse().read()
                conn.close()
                return proc, base
        except OSError:
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGKILL)
    sys.exit("the server did not start")


def request_mix(targets: dict[str, str]) -> list[tuple[str, str, str]]:
    """(kind, name, path with query string): four SPARQL queries, seven REST routes, three views."""
    from provkg.graph.ids import id_of

    mix = [("sparql", name, "/sparql?" + urllib.parse.urlencode({"query": prefixed(q)}))
           for name, q in sparql_queries(targets).items() if not name.endswith(FRESH)]
    mix += [("rest", name, path) for name, path in rest_routes(targets).items()]
    mix += [("rest", "GET /search?q=Secretary", "/search?q=Secretary&limit=20"),
            ("rest", "GET /people?q", "/people?q=nguyen")]
    person, body = id_of(targets["person"]), id_of(targets["body"])
    mix += [("view", "GET /view/person/{id}", f"/view/person/{person}"),
            ("view", "GET /view/organization/{id}", f"/view/organization/{body}?as_of=2023-06-01"),
            ("view", "GET /view/merges", "/view/merges?max_nodes=300")]
    return mix


class Tally:
    """Latencies and statuses from every client thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: Counter[tuple[str, str]] = Counter()

    def add(self, kind: str, status: str, seconds: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.status[(kind, status)] += 1


def one_request(conn_box: list[http.client.HTTPConnection | None], port: int, path: str,
                headers: dict[str, str], timeout: float) -> str:
    """GET on the thread's keep-alive connection; the status as text, or the connection error's name."""
    try:
        if conn_box[0] is None:
            conn_box[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn = conn_box[0]
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.getheader("connection", "").lower() == "close":
            conn.close()
            conn_box[0] = None
        return str(response.status)
    except (OSError, http.client.HTTPException) as e:
        if conn_box[0] is not None:
            conn_box[0].close()
        conn_box[0] = None
        return f"connection error ({type(e).__name__})"


def client(port: int, mix: list[tuple[str, str, str]], stop_at: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    box: list[http.client.HTTPConnection | None] = [None]
    while time.perf_counter() < stop_at:
        kind, _name, path = rng.choice(mix)
        t0 = time.perf_counter()
        status = one_request(box, port, path, JSON if kind == "sparql" else {}, 120)
        tally.add(kind, status, time.perf_counter() - t0)


def pathological(port: int, every: float, stop_at: float, tally: Tally) -> None:
    box: list[http.client.HTTPConnection | None] = [None]
    path = "/sparql?" + urllib.parse.urlencode({"query": PATHOLOGICAL})
    while time.perf_counter() < stop_at:
        t0 = time.perf_counter()
        tally.add("pathological", one_request(box, port, path, JSON, 120), time.perf_counter() - t0)
        time.sleep(max(0.0, every - (time.perf_counter() - t0)))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


def report(tally: Tally, seconds: float, mem_start: tuple[int, int, int], mem_end: tuple[int, int, int],
           peak: tuple[int, int], log: Path) -> int:
    total = sum(tally.status.values())
    print(f"\nrequests served: {total} in {seconds:.0f} s ({total / seconds:.0f}/s)")
    print(f"{'kind':14} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    everything: list[float] = []
    for kind in sorted(tally.latency):
        lat = tally.latency[kind]
        everything += lat if kind != "pathological" else []
        statuses = ", ".join(f"{s}: {n}" for (k, s), n in sorted(tally.status.items()) if k == kind)
        print(f"{kind:14} {len(lat):9d} {percentile(lat, 0.5):8.1f} {percentile(lat, 0.99):8.1f}  {statuses}")
    if everything:
        print(f"{'all but patho.':14} {len(everything):9d} {percentile(everything, 0.5):8.1f} "
              f"{percentile(everything, 0.99):8.1f}")
    errors = Counter()
    for (_kind, status), n in tally.status.items():
        if status != "200":
            errors[status] += n
    print("errors by status: " + (", ".join(f"{s}: {n}" for s, n in sorted(errors.items())) or "none"))
    print(f"server memory: start {mib(mem_start[0])} + {mem_start[2]} workers {mib(mem_start[1])}; "
          f"end {mib(mem_end[0])} + {mem_end[2]} workers {mib(mem_end[1])}; "
          f"peak {mib(peak[0])} + workers {mib(peak[1])}")
    log_text = log.read_text(errors="replace")
    print(f"server log: {log_text.count('ERROR')} ERROR line(s), {log_text.count('Traceback')} traceback(s)")
    bad = {s: n for s, n in errors.items() if s != "503" and (s.startswith("5") or s.startswith("connection"))}
    if bad:
        print(f"PROBLEM: unexpected errors {bad}")
        return 1
    print("ok: no 5xx other than 503, no dropped connections")
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="serve a copy of this store instead of building one")
    ap.add_argument("--articles", type=int, default=10_000, help="articles to generate when no --store is given")
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--pathological-every", type=float, default=3.0, help="seconds between pathological queries")
    ap.add_argument("--query-timeout", type=float, default=2.0, help="the server's --query-timeout")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="provkg-load-"))
    store_dir = work / "store"
    try:
        if args.store is not None:
            print(f"copying {args.store} to {store_dir}", flush=True)
            shutil.copytree(args.store, store_dir, ignore=shutil.ignore_patterns("LOCK"))
        else:
            print(f"generating {args.articles} synthetic articles in {work}", flush=True)
            generate(work / "corpus", args.articles)
            ingest(work / "corpus", store_dir)
        raw = RawStore(pyoxigraph.Store.read_only(str(store_dir)))
        targets = pick_targets(raw)
        articles = int(next(iter(raw.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g {} "
            "FILTER(STRSTARTS(STR(?g), \"https://w3id.org/provkg/graph/article/\")) }"
        )))["n"].value)
        del raw
        mix = request_mix(targets)
        log = work / "server.log"
        proc, base = serve(store_dir, log, args.query_timeout)
        port = int(base.rsplit(":", 1)[1])
        print(f"serving {articles} article graphs on {base} (query timeout {args.query_timeout:g} s); "
              f"{args.clients} clients + 1 pathological every {args.pathological_every:g} s for {args.seconds:g} s",
              flush=True)
        try:
            warm = Tally()
            client(port, mix, time.perf_counter() + 3, warm, 0)  # one client warms caches first
            mem_start = memory(proc.pid)
            peak = [mem_start[0], mem_start[1]]
            tally = Tally()
            stop_at = time.perf_counter() + args.seconds
            threads = [threading.Thread(target=client, args=(port, mix, stop_at, tally, i), daemon=True)
                       for i in range(args.clients)]
            threads.append(threading.Thread(target=pathological, args=(port, args.pathological_every, stop_at, tally),
                                            daemon=True))
            started = time.perf_counter()
            for t in threads:
                t.start()
            samples: list[tuple[float, int, int]] = []
            while any(t.is_alive() for t in threads):
                server, workers, _ = memory(proc.pid)
                samples.append((time.perf_counter() - started, server, workers))
                peak = [max(peak[0], server), max(peak[1], workers)]
                time.sleep(1.0)
            elapsed = time.perf_counter() - started
            time.sleep(1.0)  # a killed worker's replacement starts in the background
            mem_end = memory(proc.pid)
        finally:
            stop(proc)
        code = report(tally, elapsed, mem_start, mem_end, (peak[0], peak[1]), log)
        step = max(5.0, args.seconds / 8)
        marks = [step * k for k in range(1, int(args.seconds // step) + 1)]
        shown = [next((m for m in samples if m[0] >= mark), samples[-1]) for mark in marks if samples]
        print("server memory during the run: " + ", ".join(f"{t:.0f} s: {mib(s)} + workers {mib(w)}"
                                                           for t, s, w in shown))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
