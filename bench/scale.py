"""Scale benchmark: does ingest cost per article stay flat from 1,000 to 100,000 articles?

    .venv/bin/python bench/scale.py [--sizes 1000,10000,100000] [--workers 1,2] [--remote | --stores KINDS]
                                    [--work DIR] [--keep]

For each size, bench/generate.py writes a synthetic corpus (people, posts, title chains,
bodies, merges and campaigns drawn from fixed pools, so entities recur as in a province's
real news) straight to disk, one article at a time, as JSONL files of 1,000 articles; `provkg
ingest` then reads them as a stream (with workers, in chunks of lines; with one, a file at a
time). Each ingest runs as its own `provkg ingest --workers N` subprocess into a fresh store,
and the table shows, per size and worker count:

  articles/s, triples/s   written articles and named-graph triples over the wall time
                          (process start and the tenure rebuild included)
  CPU ms/art              CPU time (user + system) of the whole process tree per written article,
                          sampled from /proc: unlike wall time, barely moved by other load on the machine
  tree peak               peak of the summed memory (PSS: shared pages split, so not counted twice)
                          of the ingest process and all its descendants (workers, forkserver),
                          sampled from /proc every 0.2 s
  main peak               the ingest process's own peak RSS (getrusage RUSAGE_CHILDREN of a wrapper
                          that waits for it; its workers are the forkserver's children, not counted)
  store                   store directory size on disk after the ingest

and then, per worker count, the ratio of the per-article time at the largest size to that at
the smallest: about 1 means cost per article is flat as the corpus grows.

--remote also runs every measurement against a SPARQL server store (graph/remote.py): a fresh
`oxigraph serve` per run on a loopback port (or --remote-url to use a server you started: its
store size is then not shown, and it must be empty); --stores picks the kinds and their order. The server
is not part of the measured process tree: its own CPU per written article and peak memory (PSS) are the
srv columns. 100,000 articles take an hour or more per row on two cores.
Asserts nothing about timings.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402  (bench/ is not a package)

BIN = Path(sys.executable).parent
PAGE = os.sysconf("SC_PAGE_SIZE")
PER_FILE = 1000  # JSONL articles per file: --workers 1 (ingest/read.py) loads a JSONL file whole
SUMMARY = re.compile(r"(\d+) articles, (\d+) triples, .*?(\d+) failures")
# Runs `provkg ingest ...` and reports the peak RSS of the processes it waited for (KiB on Linux).
WRAPPER = ("import json, resource, subprocess, sys\n"
           "code = subprocess.call(sys.argv[2:])\n"
           "json.dump({'maxrss_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss},"
           " open(sys.argv[1], 'w'))\n"
           "sys.exit(code)\n")


@dataclass
class Run:
    size: int
    workers: int
    store_kind: str
    seconds: float
    articles: int
    triples: int
    failures: int
    cpu_seconds: float  # the process tree's, sampled
    tree_peak: int      # bytes
    main_peak: int      # bytes
    store_bytes: int | None
    server_cpu_seconds: float | None = None  # the Oxigraph server's, for a server store
    server_peak: int | None = None           # bytes

    @property
    def per_article(self) -> float:
        return self.seconds / max(self.articles, 1)


# --- measuring ---------------------------------------------------------------------------------

def _memory(pid: int) -> int:
    """A process's proportional set size (shared pages split among their users: forkserver children share
    much of theirs), else its RSS; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _tree(root: int, cpu: dict[int, int], include_root: bool = False) -> int:
    """Summed memory of the descendants of `root` (and of `root` itself if `include_root`), from /proc; records
    each one's CPU ticks in `cpu`."""
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
        ticks[int(entry)] = int(fields[11]) + int(fields[12])  # utime + stime
    # an ingest's root is the measuring wrapper, left out; a server's root is the server
    total, todo = 0, [root] if include_root else list(children.get(root, []))
    while todo:
        pid = todo.pop()
        total += _memory(pid)
        cpu[pid] = max(cpu.get(pid, 0), ticks.get(pid, 0))
        todo.extend(children.get(pid, []))
    return total


class TreeSampler(threading.Thread):
    """Polls a process tree until stopped: `peak` is the largest summed RSS seen, `cpu_seconds` the CPU time
    its processes had used when last seen (so up to `every` seconds per process go uncounted)."""

    def __init__(self, root: int, every: float = 0.2, include_root: bool = False) -> None:
        super().__init__(daemon=True)
        self.root, self.every, self.peak, self.include_root = root, every, 0, include_root
        self._cpu: dict[int, int] = {}
        self._stop_event = threading.Event()

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values()) / os.sysconf("SC_CLK_TCK")

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, _tree(self.root, self._cpu, self.include_root))
            self._stop_event.wait(self.every)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def ingest(corpus: Path, store: str, workers: int, work: Path) -> tuple[float, dict[str, int], TreeSampler, int]:
    """One `provkg ingest` subprocess: (seconds, summary counts, the tree's sampler, main process peak bytes)."""
    rusage = work / "rusage.json"
    env = {k: v for k, v in os.environ.items() if k not in ("PROVKG_STORE", "PROVKG_WORKERS")}
    command = [sys.executable, "-c", WRAPPER, str(rusage), str(BIN / "provkg"), "ingest", str(corpus),
               "--store", store, "--workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.stop()
    match = SUMMARY.search(out)
    if match is None:
        sys.exit(f"ingest of {corpus} into {store} printed no summary (exit {proc.returncode}):\n{err[-2000:]}")
    counts = {"articles": int(match[1]), "triples": int(match[2]), "failures": int(match[3])}
    main_peak = json.loads(rusage.read_text())["maxrss_kib"] * 1024
    return seconds, counts, sampler, main_peak


# --- stores ------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def embedded_store(work: Path) -> Any:
    """A fresh store directory: (the --store argument, the directory to measure)."""
    path = work / "store"
    shutil.rmtree(path, ignore_errors=True)
    try:
        yield str(path), path, None
    finally:
        shutil.rmtree(path, ignore_errors=True)


# ---- REMOTE HOOK: the same measurement against a SPARQL server store (graph/remote.py) ----------
@contextmanager
def oxigraph_server(work: Path, url: str | None) -> Any:
    """A fresh `oxigraph serve` on a loopback port, or the server at `url` (store size then unknown)."""
    if url:
        yield url, None, None
        return
    exe = BIN / "oxigraph" if (BIN / "oxigraph").exists() else shutil.which("oxigraph")
    if not exe:
        sys.exit("--remote needs the `oxigraph` server program (pip install oxigraph)")
    path, port = work / "server", _free_port()
    shutil.rmtree(path, ignore_errors=True)
    server = subprocess.Popen([str(exe), "serve", "--location", str(path), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit(f"oxigraph serve did not start on port {port}")
        sampler = TreeSampler(server.pid, include_root=True)
        sampler.start()
        try:
            yield f"sparql+http://127.0.0.1:{port}", path, sampler
        finally:
            sampler.stop()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(path, ignore_errors=True)
# ---- end of REMOTE HOOK ------------------------------------------------------------------------


def measure(size: int, workers: int, kind: str, corpus: Path, work: Path, remote_url: str | None) -> Run:
    opened = embedded_store(work) if kind == "embedded" else oxigraph_server(work, remote_url)
    with opened as (location, directory, server):
        seconds, counts, sampler, main_peak = ingest(corpus, location, workers, work)
        store_bytes = dir_bytes(directory) if directory is not None else None
        if server is not None:
            server.stop()
    return Run(size, workers, kind, seconds, counts["articles"], counts["triples"], counts["failures"],
               sampler.cpu_seconds, sampler.peak, main_peak, store_bytes,
               server.cpu_seconds if server else None, server.peak if server else None)


# --- report ------------------------------------------------------------------------------------

def mb(n: int | None) -> str:
    return "n/a" if n is None else f"{n / 1e6:,.0f} MB"


HEADER = ("store", "articles", "workers", "wall", "articles/s", "triples/s", "CPU ms/art", "tree peak", "main peak",
          "store size", "srv CPU ms/art", "srv peak", "failures")


def row(r: Run) -> tuple[str, ...]:
    return (r.store_kind, f"{r.size:,}", str(r.workers), f"{r.seconds:,.1f} s", f"{r.articles / r.seconds:,.1f}",
            f"{r.triples / r.seconds:,.0f}", f"{r.cpu_seconds * 1000 / max(r.articles, 1):,.1f}", mb(r.tree_peak),
            mb(r.main_peak), mb(r.store_bytes),
            "n/a" if r.server_cpu_seconds is None else f"{r.server_cpu_seconds * 1000 / max(r.articles, 1):,.1f}",
            mb(r.server_peak), str(r.failures))


def print_row(cells: tuple[str, ...]) -> None:
    widths = (15, 9, 7, 9, 10, 9, 10, 9, 9, 10, 14, 9, 8)
    print("  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)), flush=True)


def print_ratios(runs: list[Run]) -> None:
    """Per-article time at the largest size over that at the smallest, per store and worker count."""
    for kind in dict.fromkeys(r.store_kind for r in runs):
        for workers in dict.fromkeys(r.workers for r in runs):
            mine = sorted((r for r in runs if r.store_kind == kind and r.workers == workers), key=lambda r: r.size)
            if len(mine) >= 2:
                small, large = mine[0], mine[-1]
                cpu_small, cpu_large = (r.cpu_seconds / max(r.articles, 1) for r in (small, large))
                print(f"per-article time, {kind}, {workers} worker(s): {large.size:,} / {small.size:,} articles = "
                      f"{large.per_article * 1000:,.1f} ms / {small.per_article * 1000:,.1f} ms = "
                      f"{large.per_article / small.per_article:.2f}x wall, "
                      f"{cpu_large / cpu_small if cpu_small else float('nan'):.2f}x CPU")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--remote", action="store_true", help="also measure a SPARQL server store (oxigraph serve)")
    ap.add_argument("--stores", help="comma-separated store kinds to measure, in order: embedded, oxigraph-server "
                                     "(default: embedded, and oxigraph-server with --remote)")
    ap.add_argument("--remote-url", help="with --remote: an existing, empty server (sparql+http://...)")
    ap.add_argument("--work", type=Path, help="folder for corpora and stores (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    worker_counts = [int(w) for w in args.workers.split(",")]
    kinds = args.stores.split(",") if args.stores else ["embedded", "oxigraph-server"] if args.remote else ["embedded"]
    if unknown := set(kinds) - {"embedded", "oxigraph-server"}:
        ap.error(f"unknown store kind(s): {', '.join(sorted(unknown))}")
    work = args.work or Path(tempfile.mkdtemp(prefix="provkg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"provkg scale benchmark, Python {sys.version.split()[0]}, {os.cpu_count()} cores "
          f"({len(os.sched_getaffinity(0))} available), load average {os.getloadavg()[0]:.1f}, work folder {work}",
          flush=True)
    print_row(HEADER)
    runs: list[Run] = []
    try:
        for size in sizes:
            corpus = work / f"corpus-{size}"
            if not (corpus / ".complete").exists():
                shutil.rmtree(corpus, ignore_errors=True)
                generate(corpus, size, "jsonl", per_file=PER_FILE)
                (corpus / ".complete").touch()  # hidden: the reader leaves it out
            for kind in kinds:
                for workers in worker_counts:
                    run = measure(size, workers, kind, corpus, work, args.remote_url)
                    runs.append(run)
                    print_row(row(run))
            if not args.keep:
                shutil.rmtree(corpus, ignore_errors=True)
        print_ratios(runs)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
