"""Time-limited SPARQL: queries run in worker processes that can be killed.

pyoxigraph has no way to cancel a running query (oxigraph issue #1926), and a thread
cannot be killed, so each query runs in one of a small pool of worker processes
(`python -m provkg.api.query_runner STORE`). A worker opens the store with
`pyoxigraph.Store.read_only`, which works while the server process holds the primary
(read-write, locked) handle. A read-only handle is a snapshot taken when it is opened, so
every job carries the store's write generation and a worker whose handle is older
reopens it first (about 10 ms). When a job runs past the time limit the server kills
that worker (SIGKILL), answers 503, and starts a replacement in the background while the
other workers keep serving. The pool size is also the limit on concurrent queries: a
query that finds no free worker within `queue_timeout` is answered 503.

The worker also serialises the result (capped at max_rows), so a query whose output is
huge is bounded by the same time limit, and the server sends those bytes as they come.
Messages between server and worker are pickled over the worker's stdin/stdout pipes (both
ends are this module, so nothing untrusted is unpickled); the server reads replies on its
event loop (non-blocking reader, `asyncio.timeout` for the limit) rather than with a
thread per query. A snapshot that meets files the primary compacted away is reopened and
the job retried.

Queries known to be cheap skip the hop. A worker reports how long each query took and how
many rows it gave; until the next write, a query text (with its dataset and formats) that
took at most INLINE_IDLE_SECONDS is known to be cheap on this data and runs in the server
process on its own handle of the store, on the event loop: when the server serves no other
request (the hop would be most of the wait), or whatever the load when it took at most
INLINE_BUSY_SECONDS (less than the hop itself costs). Otherwise workers take it, and spread
queries over the cores. Same text and same data mean the same work, so nothing runs here
that could reach the time limit; a query seen for the first time, or first after a write,
runs in a worker. Knowing the row count also lets a JSON answer be serialised by pyoxigraph
(`Job.known_rows`) rather than term by term, when it is below the row cap and the query
calls no function whose result varies (RAND, NOW, UUID, STRUUID, BNODE).
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import re
import signal
import struct
import subprocess
import sys
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

LOG = logging.getLogger("provkg.query")


class QueryError(Exception):
    """A query the server answers with an error status and a one-line message."""

    status = 500

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status

    @property
    def message(self) -> str:
        return str(self)


class QueryTimeout(QueryError):
    status = 503


class Busy(QueryError):
    status = 503


@dataclass(frozen=True)
class Job:
    """One unit of work for a worker: a query, or a dump of one graph (Graph Store Protocol)."""

    text: str = ""
    results_format: str | None = None  # media type for SELECT/ASK, None: not acceptable
    graph_format: str | None = None  # media type for CONSTRUCT/DESCRIBE (and dumps)
    default_graphs: tuple[str, ...] | None = None  # the protocol's default-graph-uri
    named_graphs: tuple[str, ...] | None = None  # the protocol's named-graph-uri
    base_iri: str | None = None  # what relative IRIs in the query resolve against (the endpoint's URL)
    max_rows: int = 10_000
    dump_graph: str | None = None  # for a dump: a graph IRI, or "" for the default graph
    generation: int = 0
    known_rows: int | None = None  # rows this query gave on this data before (pyoxigraph may then serialise)


@dataclass(frozen=True)
class Answer:
    """A serialised result, ready to send."""

    media_type: str
    body: bytes
    kind: str  # select | ask | construct | dump
    rows: int
    truncated: bool


# --- the worker side ------------------------------------------------------------------------------


_OPEN_ATTEMPTS = 8


class _Handle:
    """The worker's read-only store, reopened when the server's write generation moves on."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.generation = 0
        self.store = self._open()

    def _open(self) -> Any:
        """Open a snapshot; retried while the primary compacts away files the snapshot was about to read."""
        import pyoxigraph

        for attempt in range(_OPEN_ATTEMPTS):
            try:
                return pyoxigraph.Store.read_only(self.path)
            except Exception as e:
                if not _stale_snapshot(e) or attempt == _OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))
        raise AssertionError("unreachable")

    def at(self, generation: int) -> Any:
        if generation != self.generation:
            self.store = self._open()
            self.generation = generation
        return self.store


def _graph_name(iri: str) -> Any:
    from pyoxigraph import NamedNode

    try:
        return NamedNode(iri)
    except ValueError as e:
        raise QueryError(f"not a valid graph IRI: {iri!r} ({e})", 400) from e


def _dump(store: Any, job: Job) -> Answer:
    import pyoxigraph
    from provkg.api import sparql_formats as F

    media = job.graph_format or F.TURTLE
    if job.dump_graph:
        graph = _graph_name(job.dump_graph)
        if not store.contains_named_graph(graph):
            raise QueryError(f"no graph named <{job.dump_graph}> in the store", 404)
    else:
        graph = pyoxigraph.DefaultGraph()
    triples = (q.triple for q in store.quads_for_pattern(None, None, None, graph))
    from provkg.graph.vocab import PREFIXES

    body = F.graph(media, triples, PREFIXES)
    return Answer(media, body, "dump", -1, False)


_VARYING = re.compile(r"\b(?:RAND|NOW|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def execute(store: Any, job: Job) -> Answer:
    """Run one job against an open pyoxigraph store and serialise it (also usable in-process)."""
    import pyoxigraph
    from provkg.api import sparql_formats as F
    from provkg.graph.vocab import PREFIXES

    if job.dump_graph is not None:
        return _dump(store, job)
    kwargs: dict[str, Any] = {"prefixes": PREFIXES}
    if job.default_graphs is not None:
        kwargs["default_graph"] = [_graph_name(g) for g in job.default_graphs]
    if job.named_graphs is not None:
        kwargs["named_graphs"] = [_graph_name(g) for g in job.named_graphs]
    if job.base_iri:
        kwargs["base_iri"] = job.base_iri
    try:
        result = store.query(job.text, **kwargs)
    except SyntaxError as e:
        raise QueryError(f"malformed query: {' '.join(str(e).split())}", 400) from e
    choice = F.Choice(job.results_format, job.graph_format)
    if (job.known_rows is not None and job.known_rows < job.max_rows and job.results_format == F.RESULTS_JSON
            and isinstance(result, pyoxigraph.QuerySolutions) and not _VARYING.search(job.text)):
        # the same query on the same data gives the same rows, so the cap cannot be reached
        return Answer(F.RESULTS_JSON, result.serialize(format=pyoxigraph.QueryResultsFormat.JSON) or b"", "select",
                      job.known_rows, False)
    try:
        if isinstance(result, pyoxigraph.QueryBoolean):
            media = choice.for_kind("ask")
            return Answer(media, F.ask(bool(result), media), "ask", 1, False)
        if isinstance(result, pyoxigraph.QuerySolutions):
            media = choice.for_kind("select")
            variables = [v.value for v in result.variables]
            rows, truncated = [], False
            for solution in result:
                if len(rows) == job.max_rows:
                    truncated = True
                    break
                rows.append([solution[i] for i in range(len(variables))])
            return Answer(media, F.select(media, variables, rows, truncated, job.max_rows), "select", len(rows),
                          truncated)
        media = choice.for_kind("construct")
        triples, truncated = [], False
        for triple in result:
            if len(triples) == job.max_rows:
                truncated = True
                break
            triples.append(triple)
        return Answer(media, F.graph(media, triples, PREFIXES), "construct", len(triples), truncated)
    except F.NotAcceptable as e:
        raise QueryError(str(e), 406) from e


def _stale_snapshot(e: Exception) -> bool:
    """A read-only snapshot that refers to files the primary has since compacted away (RocksDB says so
    with an OSError, or a RuntimeError naming an IO error or "corruption")."""
    if isinstance(e, OSError):
        return True
    text = str(e).lower()
    return isinstance(e, RuntimeError) and ("io error" in text or "corruption" in text or "no such file" in text)


def _handle(handle: _Handle, job: Job) -> tuple[Any, ...]:
    for attempt in range(3):
        try:
            started = time.perf_counter()
            answer = execute(handle.at(job.generation), job)
            return ("ok", answer, time.perf_counter() - started)
        except QueryError as e:
            return ("error", e.status, e.message)
        except Exception as e:  # noqa: BLE001 - reported to the server, which answers 500 JSON
            if _stale_snapshot(e) and attempt < 2:
                handle.generation = -1  # reopen, then try again: the primary may be compacting right now
                time.sleep(0.01 * (attempt + 1))
                continue
            return ("error", 500, f"query failed: {type(e).__name__}: {' '.join(str(e).split())}")
    raise AssertionError("unreachable")


def worker_main(store_path: str) -> int:
    """Serve jobs from stdin until it closes; replies go to the original stdout, stray prints to stderr."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server; it closes our stdin
    out_fd = os.dup(1)
    os.dup2(2, 1)
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(out_fd, readable=False)
    try:
        handle = _Handle(store_path)
    except Exception as e:  # noqa: BLE001 - told to the server, which reports it
        outbox.send(("fatal", f"cannot open the store read-only at {store_path}: {' '.join(str(e).split())}"))
        return 1
    outbox.send(("ready", os.getpid()))
    while True:
        try:
            job = inbox.recv()
        except (EOFError, OSError):
            return 0
        outbox.send(_handle(handle, job))


# --- the server side ------------------------------------------------------------------------------


class _WorkerTimeout(Exception):
    pass


_PIPE_BUFFER = 60_000  # a job this small fits in the pipe at once, so writing it never blocks the event loop


def _frame_size(buf: bytearray) -> tuple[int | None, int]:
    """(payload size, header length) of a Connection frame once its header is in `buf`: a 4-byte signed
    big-endian size, or -1 followed by an 8-byte size for messages over 2 GiB."""
    if len(buf) < 4:
        return None, 0
    (size,) = struct.unpack("!i", buf[:4])
    if size != -1:
        return size, 4
    if len(buf) < 12:
        return None, 0
    return struct.unpack("!Q", buf[4:12])[0], 12


class _Worker:
    """One worker process and its two pipe ends."""

    def __init__(self, store_path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "provkg.api.query_runner", str(store_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.outbox = Connection(os.dup(self.proc.stdin.fileno()), readable=False)
        self.inbox = Connection(os.dup(self.proc.stdout.fileno()), writable=False)
        self.proc.stdin.close()
        self.proc.stdout.close()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, timeout: float) -> None:
        if not self.inbox.poll(timeout):
            self.kill()
            raise RuntimeError(f"query worker did not start within {timeout:g} s")
        try:
            reply = self.inbox.recv()
        except EOFError:
            self.kill()
            raise RuntimeError("query worker exited while starting") from None
        if reply[0] != "ready":
            self.kill()
            raise RuntimeError(reply[1])

    def listen(self) -> None:
        """Once ready: replies are read by the event loop (non-blocking), not by a thread per call."""
        os.set_blocking(self.inbox.fileno(), False)

    async def call(self, job: Job, timeout: float) -> tuple[Any, ...]:
        """Send a job, await its reply on the event loop; _WorkerTimeout past `timeout`."""
        payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        if len(payload) > _PIPE_BUFFER:
            await asyncio.to_thread(self.outbox.send_bytes, payload)  # may wait for the worker to drain the pipe
        else:
            self.outbox.send_bytes(payload)
        try:
            async with asyncio.timeout(timeout):
                data = await self._read_frame()
        except TimeoutError:
            raise _WorkerTimeout from None
        return pickle.loads(data)

    async def _read_frame(self) -> bytes:
        """One message in multiprocessing.Connection's framing (what the worker's Connection.send writes)."""
        loop = asyncio.get_running_loop()
        fd = self.inbox.fileno()
        done: asyncio.Future[bytes] = loop.create_future()
        buf = bytearray()

        def readable() -> None:
            try:
                chunk = os.read(fd, 1 << 20)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as e:
                if not done.done():
                    done.set_exception(e)
                return
            if not chunk:
                if not done.done():
                    done.set_exception(EOFError())
                return
            buf.extend(chunk)
            size, start = _frame_size(buf)
            if size is not None and len(buf) >= start + size and not done.done():
                done.set_result(bytes(buf[start:start + size]))

        loop.add_reader(fd, readable)
        try:
            return await done
        finally:
            loop.remove_reader(fd)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            LOG.error("query worker %s did not exit after SIGKILL", self.proc.pid)
        for conn in (self.inbox, self.outbox):
            try:
                conn.close()
            except OSError:
                pass

    def stop(self) -> None:
        """Close its stdin so it exits by itself; kill it if it does not."""
        try:
            self.outbox.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        self.kill()


INLINE_IDLE_SECONDS = 0.005  # a query known to take at most this runs in the server process when no other runs
INLINE_BUSY_SECONDS = 0.0003  # ... and whatever the load when it takes at most this
KNOWN_CHEAP = 4096  # query texts remembered


class QueryRunner:
    """A pool of killable query workers over one store directory, and a lane in the server process for queries
    known to be cheap (see the module docstring)."""

    def __init__(self, store_path: Path, size: int, timeout: float, queue_timeout: float,
                 start_timeout: float = 60.0, local_store: Callable[[], Any] | None = None,
                 others_waiting: Callable[[], bool] = lambda: False) -> None:
        self.store_path = store_path
        self.size = size
        self.timeout = timeout
        self.queue_timeout = queue_timeout
        self.start_timeout = start_timeout
        self.generation = 0
        self.killed = 0  # workers killed for running past the time limit (for tests and logs)
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self.local_store = local_store  # the server's own pyoxigraph handle, for queries known to be cheap
        self.others_waiting = others_waiting  # whether other requests are being served (the server is not idle)
        # key -> (generation, seconds, rows) of the query's last run in a worker
        self._known: OrderedDict[tuple[Any, ...], tuple[int, float, int]] = OrderedDict()
        self._running = 0  # queries being answered now
        self.in_process = 0  # queries answered in the server process (for tests and logs)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store_path)
        worker.wait_ready(self.start_timeout)
        worker.listen()
        return worker

    async def start(self) -> None:
        """Start every worker; raises when one cannot open the store."""
        workers = await asyncio.gather(*(asyncio.to_thread(self._spawn) for _ in range(self.size)),
                                       return_exceptions=True)
        failures = [w for w in workers if isinstance(w, BaseException)]
        for w in workers:
            if isinstance(w, _Worker):
                self._all.add(w)
                self._idle.put_nowait(w)
        if failures:
            await self.close()
            raise RuntimeError(f"cannot start the query workers: {failures[0]}")

    def bump_generation(self) -> None:
        """Call after every write: workers reopen their read-only snapshot before their next job."""
        self.generation += 1

    @staticmethod
    def _key(job: Job) -> tuple[Any, ...]:
        return (job.text, job.default_graphs, job.named_graphs, job.results_format, job.graph_format, job.max_rows,
                job.dump_graph)

    def _recall(self, key: tuple[Any, ...]) -> tuple[float, int] | None:
        """(seconds, rows) of this query's last run on the current data, if any."""
        known = self._known.get(key)
        if known is None or known[0] != self.generation:
            return None
        self._known.move_to_end(key)
        return known[1], known[2]

    def _learn(self, key: tuple[Any, ...], generation: int, seconds: float, rows: int) -> None:
        self._known[key] = (generation, seconds, rows)
        self._known.move_to_end(key)
        while len(self._known) > KNOWN_CHEAP:
            self._known.popitem(last=False)

    async def run(self, job: Job) -> Answer:
        """Run a job within the time limit, in this process when it is known to be cheap, else on a free worker;
        raises QueryError (with its HTTP status)."""
        if self._closed:
            raise Busy("the server is shutting down")
        key = self._key(job)
        known = self._recall(key)
        if known is not None:
            job = replace(job, known_rows=known[1])
            seconds = known[0]
            if self.local_store is not None and (seconds <= INLINE_BUSY_SECONDS or (
                    seconds <= INLINE_IDLE_SECONDS and self._running == 0 and not self.others_waiting())):
                self.in_process += 1
                return execute(self.local_store(), job)
        self._running += 1
        try:
            return await self._in_worker(job, key)
        finally:
            self._running -= 1

    async def _in_worker(self, job: Job, key: tuple[Any, ...]) -> Answer:
        try:
            async with asyncio.timeout(self.queue_timeout):
                worker = await self._idle.get()
        except TimeoutError:
            raise Busy(f"too many concurrent queries (limit {self.size}); try again shortly") from None
        job = replace(job, generation=self.generation)
        started = time.monotonic()
        try:
            reply = await worker.call(job, self.timeout)
        except _WorkerTimeout:
            self.killed += 1
            self._replace(worker)
            LOG.warning("query stopped after %.1f s (time limit), worker %s killed", time.monotonic() - started,
                        worker.pid)
            raise QueryTimeout(f"the query ran longer than the server's time limit of {self.timeout:g} s and was "
                               "stopped; narrow it (LIMIT, more specific patterns) or ask the operator to raise "
                               "--query-timeout") from None
        except (EOFError, OSError) as e:
            self._replace(worker)
            raise QueryError(f"the query worker failed ({type(e).__name__}); the query was not answered") from None
        except BaseException:
            self._replace(worker)  # cancelled mid-call: its state is unknown
            raise
        self._idle.put_nowait(worker)
        if reply[0] == "ok":
            answer: Answer = reply[1]
            self._learn(key, job.generation, reply[2], answer.rows)
            return answer
        raise QueryError(reply[2], reply[1])

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker now and start its replacement in the background."""
        worker.kill()
        self._all.discard(worker)
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._respawn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self) -> None:
        delay = 0.5
        while not self._closed:
            try:
                worker = await asyncio.to_thread(self._spawn)
            except Exception as e:  # noqa: BLE001 - logged, retried: the pool must heal
                LOG.error("cannot restart a query worker: %s; retrying in %.1f s", e, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
                continue
            if self._closed:
                worker.stop()
                return
            self._all.add(worker)
            self._idle.put_nowait(worker)
            return

    @property
    def pids(self) -> list[int]:
        return sorted(w.pid for w in self._all)

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        workers = list(self._all)
        self._all.clear()
        await asyncio.gather(*(asyncio.to_thread(w.stop) for w in workers))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m provkg.api.query_runner STORE_DIR (started by the provkg server)", file=sys.stderr)
        sys.exit(2)
    # Run the imported module's copy, not __main__'s, so pickled answers name provkg.api.query_runner classes.
    from provkg.api.query_runner import worker_main as _worker_main

    sys.exit(_worker_main(sys.argv[1]))
