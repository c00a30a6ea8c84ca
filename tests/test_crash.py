"""kill -9 during a large `provkg ingest`, then ingest again: the store opens, holds only whole articles,
and the second run completes the batch.

The corpus is a few hundred synthetic articles (bench/generate.py). A reference store gets the same
corpus in one uninterrupted run; ingest order is fixed (sorted paths), so every article graph the
killed run managed to store must equal, quad for quad, the same article's graph in the reference.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from conftest import RunCli, provkg_executable
from ingest_time import timeless
from pyoxigraph import DefaultGraph, NamedNode

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate  # noqa: E402

ARTICLES = 200
KILL_AFTER = ARTICLES // 10   # articles seen written before the ingest is killed
GRAPH_PREFIX = "https://w3id.org/provkg/graph/article/"


def article_graphs(store: pyoxigraph.Store) -> dict[str, set[pyoxigraph.Triple]]:
    """Each article graph's triples, by graph IRI."""
    graphs: dict[str, set[pyoxigraph.Triple]] = {}
    for g in store.named_graphs():
        if isinstance(g, NamedNode) and g.value.startswith(GRAPH_PREFIX):
            graphs[g.value] = {q.triple for q in store.quads_for_pattern(None, None, None, g)}
    return graphs


def article_count(path: Path) -> int:
    """Article graphs in a store another process is writing (a read-only snapshot)."""
    try:  # the writer may be creating the store, or compacting files away: try again on the next poll
        store = pyoxigraph.Store.read_only(str(path))
        return sum(1 for g in store.named_graphs() if isinstance(g, NamedNode) and g.value.startswith(GRAPH_PREFIX))
    except (OSError, RuntimeError):
        return 0


def assert_default_graph_is_the_union(store: pyoxigraph.Store) -> None:
    """No half-written article left triples in the default graph that no named graph holds, or the reverse."""
    default = {q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph())}
    named = {q.triple for q in store.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name,
                                                                                                DefaultGraph)}
    assert default == named, (len(default - named), len(named - default))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash-corpus")
    generate(folder, ARTICLES, fmt="txt")
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[pyoxigraph.Triple]]:
    from conftest import _run

    store_dir = tmp_path_factory.mktemp("crash-reference") / "store"
    result = _run("ingest", corpus, "--store", store_dir, timeout=600)
    assert result.returncode == 0, result.stderr
    store = pyoxigraph.Store.read_only(str(store_dir))
    graphs = article_graphs(store)
    assert len(graphs) == ARTICLES
    assert_default_graph_is_the_union(store)
    return graphs


def descendants(root: int) -> list[int]:
    """The processes below `root`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text(errors="replace")
            except OSError:
                continue
            children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(entry))
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for its parent to collect it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(errors="replace")
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def test_kill_during_ingest_then_ingest_again(corpus: Path, reference: dict[str, set[pyoxigraph.Triple]],
                                              tmp_path: Path, run_cli: RunCli) -> None:
    store_dir = tmp_path / "store"
    proc = subprocess.Popen([provkg_executable(), "ingest", str(corpus), "--store", str(store_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        # into the batch and far from its end (each poll opens the store, which takes a while on a loaded machine)
        while article_count(store_dir) < KILL_AFTER:
            assert proc.poll() is None, "the ingest ended before it could be killed"
            assert time.monotonic() < deadline, "the ingest made no progress"
            time.sleep(0.05)
    finally:
        helpers = descendants(proc.pid)  # the forkserver, the extraction workers, multiprocessing's tracker
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # nothing the killed ingest started lives on (workers notice their ingest is gone)
    assert helpers, "the ingest ran no worker processes"
    deadline = time.monotonic() + 30
    while (alive := [pid for pid in helpers if _running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive, f"processes of the killed ingest still running: {alive}"

    # the store opens (as a writer: RocksDB recovers from its log) and holds only whole articles
    store = pyoxigraph.Store(str(store_dir))
    survived = article_graphs(store)
    assert KILL_AFTER <= len(survived) < ARTICLES
    for iri, triples in survived.items():
        assert timeless(triples) == timeless(reference[iri]), f"{iri} differs from a clean ingest"
    assert_default_graph_is_the_union(store)
    del store

    result = run_cli("ingest", corpus, "--store", store_dir, timeout=600)
    assert result.returncode == 0, result.stderr
    written = int(re.search(r"(\d+) articles", result.stdout)[1])
    unchanged = re.search(r"(\d+) unchanged", result.stdout)  # when ingest skips articles stored unchanged
    if unchanged:
        assert int(unchanged[1]) == len(survived) and written == ARTICLES - len(survived), result.stdout
    else:
        assert written == ARTICLES, result.stdout
    store = pyoxigraph.Store.read_only(str(store_dir))
    final = article_graphs(store)
    assert set(final) == set(reference)
    for iri, triples in final.items():
        assert len(triples) == len(reference[iri]), iri
    assert_default_graph_is_the_union(store)
