"""Load articles into a store, one outcome per article: what `provkg ingest` and POST /articles both run.

Reading and extraction live in provkg.ingest, writing in graph/store.py; this module strings them
together beside the store (it knows no HTTP and no command line) and turns every per-article error
into a reported failure, so one bad file never stops a batch and never leaves a stack trace.
`ingest_paths` takes files and folders (read, in worker processes when asked); `ingest_articles`
takes articles already read (POST /articles reads the request body itself).

Bulk ingest (workers > 1) reads and extracts in worker processes and writes here. Writes go to the
store `store.write_batch_size` articles at a time (`Store.write_articles`), and unchanged-content
lookups as many at a time (`Store.article_hashes`). For the embedded store that size is 1: pyoxigraph's
`extend` costs the same per quad in one transaction of 100 articles as in 100 of one (RocksDB indexing
dominates), so each article keeps its own transaction. A SPARQL server store pays a round trip per
request, so it takes runs of new articles in one update (graph/remote.py), and falls back to one
article per request when a batch is refused, so a bad article never takes others with it.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from os import PathLike
from pathlib import Path
from typing import Any

from provkg.graph.store import Store
from provkg.ingest.article import Article, ReadFailure
from provkg.ingest.facts import ArticleFacts


@dataclass(frozen=True)
class Ingested:
    """An article that was extracted and written."""

    source: str
    article_id: str
    triples: int


@dataclass(frozen=True)
class Failed:
    """A file, JSONL line or article that could not be ingested, and why (one line)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Unchanged:
    """An article whose stored version has the same content hash: not extracted again (no --force)."""

    source: str
    article_id: str


@dataclass(frozen=True)
class Skip:
    """A file of another kind (e.g. a .gold.json beside the articles): counted, not an error."""

    source: str
    reason: str


Outcome = Ingested | Failed | Skip | Unchanged


@dataclass
class IngestSummary:
    """Totals for one batch; people and bodies are distinct keys seen in this batch."""

    articles: int = 0
    triples: int = 0
    people: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)
    merges: int = 0
    failures: list[Failed] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    unchanged: list[Unchanged] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, int]:
        """Counts only, in the order the CLI prints them (and an HTTP API can return)."""
        return {"articles": self.articles, "triples": self.triples, "people": len(self.people),
                "bodies": len(self.bodies), "merges": self.merges,
                "failures": len(self.failures), "skipped": len(self.skipped), "unchanged": len(self.unchanged)}


def one_line(error: BaseException | str) -> str:
    """An error as a single line, so every failure stays one line on stderr."""
    text = str(error) if isinstance(error, str) else (f"{type(error).__name__}: {error}"
                                                      if str(error) else type(error).__name__)
    return " ".join(text.split()) or "unknown error"


def _read_items(paths: Iterable[str | PathLike[str]]) -> Iterator[Any]:
    """Read all paths in one call (the reader keeps article ids unique across the batch).

    The reader reports bad input rather than raising; should it raise anyway, the batch
    ends with one failure saying so instead of a traceback.
    """
    from provkg.ingest.read import read_paths  # imported here: importing the CLI stays fast

    paths = [str(p) for p in paths]
    try:
        yield from read_paths(paths)
    except Exception as exc:
        yield Failed(" ".join(paths), f"reading stopped: {one_line(exc)}")


@dataclass(frozen=True)
class _Extracted:
    """An article and its extracted facts, waiting to be written."""

    article: Article
    facts: ArticleFacts


def _extracted(article: Article, extractor: Callable[[Article], Any] | None) -> _Extracted | Failed:
    """Extract one article in this process; an error becomes a Failed."""
    try:
        return _Extracted(article, (extractor or _default_extractor())(article))
    except Exception as exc:
        return Failed(article.source, f"extraction failed: {one_line(exc)}")


def write_batch(batch: list[_Extracted], store: Store) -> list[Ingested | Failed]:
    """Write extracted articles (identity is decided here, in the one writing process, in batch order): one
    outcome per article, each written whole or reported as not written."""
    try:
        results: list[Any] = store.write_articles([item.facts for item in batch])
    except Exception as exc:  # a store should report per article; if it raised, nothing is known to be written
        results = [exc] * len(batch)
    return [Failed(item.article.source, f"write failed, nothing written: {one_line(result)}")
            if isinstance(result, BaseException)
            else Ingested(item.article.source, item.article.id, result.triples)
            for item, result in zip(batch, results, strict=True)]


def _written(items: Iterable[Outcome | _Extracted], store: Store,
             summary: IngestSummary) -> Iterator[Outcome]:
    """Outcomes in input order, extracted articles written `store.write_batch_size` at a time."""
    size = max(1, store.write_batch_size)
    held: list[Outcome | _Extracted] = []
    waiting = 0
    for item in items:
        held.append(item)
        waiting += isinstance(item, _Extracted)
        if waiting >= size:
            yield from _write_held(held, store, summary)
            held, waiting = [], 0
    yield from _write_held(held, store, summary)


def _write_held(held: list[Outcome | _Extracted], store: Store, summary: IngestSummary) -> Iterator[Outcome]:
    todo = [item for item in held if isinstance(item, _Extracted)]
    outcomes = iter(write_batch(todo, store) if todo else [])
    for item in held:
        yield _tally(next(outcomes), item.facts, summary) if isinstance(item, _Extracted) else item


def _classify(item: Any) -> Outcome | Article:
    """Map the reader's Article / ReadFailure / Skipped onto our outcomes."""
    from provkg.ingest.read import Skipped

    if isinstance(item, Article | Failed):
        return item
    if isinstance(item, Skipped):
        return Skip(str(item.source), one_line(item.reason))
    if isinstance(item, ReadFailure):
        return Failed(str(item.source), one_line(item.reason))
    return Failed("?", one_line(f"not an article: {item!r}"))


def default_workers() -> int:
    """The cores this process may run on (its CPU affinity, which taskset and containers narrow)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no affinity outside Linux
        return os.cpu_count() or 1


RELEASE_EVERY = 5000  # articles written between two releases of the embedded store's table memory


def ingest_paths(paths: Iterable[str | PathLike[str]], store: Store,
                 on_result: Callable[[Outcome], None] | None = None, *, workers: int = 1,
                 skip_unchanged: bool = False, extractor: Callable[[Article], Any] | None = None,
                 min_parallel: int = 0, release_memory: bool = True) -> IngestSummary:
    """Ingest files and folders into `store`, calling `on_result` once per outcome as it happens.

    workers > 1: that many processes read and extract, a bounded number of files and articles in
    flight, results taken in input order; this process alone writes, so identity is decided in the
    same order as with one worker and the graph comes out the same. skip_unchanged: an article whose
    stored content hash equals its own is reported Unchanged without being extracted. extractor
    replaces ingest.pipeline.extract (a module-level function, so worker processes can import it).
    min_parallel: a batch of fewer read tasks (files, JSONL chunks) runs in-process whatever `workers`
    says, as starting the worker processes costs about a second (what `provkg ingest` does by default).
    release_memory: close and reopen the embedded store now and then (OxigraphStore.release_memory) to
    keep a long ingest's memory flat; only for a caller that alone holds the store (not `provkg serve`,
    whose readers share it).
    """
    import provkg.ingest.pipeline  # noqa: F401 - fail before reading when extraction can't load
    import provkg.ingest.read  # noqa: F401

    summary = IngestSummary()
    paths = [os.fspath(p) for p in paths]  # walked twice when min_parallel looks ahead
    if workers > 1 and min_parallel > 1 and sum(1 for _ in islice(_units(paths), min_parallel)) < min_parallel:
        workers = 1
    if workers > 1:
        outcomes = _parallel_outcomes(paths, store, summary, workers, skip_unchanged, extractor)
    else:
        outcomes = _serial_outcomes(_read_items(paths), store, summary, skip_unchanged, extractor)
    return _finish(outcomes, store, summary, on_result, release_memory)


def ingest_articles(items: Iterable[Any], store: Store, on_result: Callable[[Outcome], None] | None = None, *,
                    skip_unchanged: bool = False, extractor: Callable[[Article], Any] | None = None,
                    release_memory: bool = True) -> IngestSummary:
    """Ingest what a reader produced (Articles, and its ReadFailures and Skipped reported as they are) in
    this process, as `ingest_paths` does with one worker: the same outcomes, summary and inference refresh."""
    summary = IngestSummary()
    outcomes = _serial_outcomes(items, store, summary, skip_unchanged, extractor)
    return _finish(outcomes, store, summary, on_result, release_memory)


def _finish(outcomes: Iterable[Outcome], store: Store, summary: IngestSummary,
            on_result: Callable[[Outcome], None] | None, release_memory: bool) -> IngestSummary:
    """Tally the outcomes as they come (releasing the embedded store's memory now and then), then refresh the
    inferred graph once."""
    written = 0
    for outcome in outcomes:
        if isinstance(outcome, Failed):
            summary.failures.append(outcome)
        elif isinstance(outcome, Skip):
            summary.skipped.append(outcome)
        elif isinstance(outcome, Unchanged):
            summary.unchanged.append(outcome)
        elif isinstance(outcome, Ingested):
            written += 1
            if release_memory and written % RELEASE_EVERY == 0:
                store.release_memory()  # graph/store.OxigraphStore.release_memory: keeps a long ingest's memory flat
        if on_result is not None:
            on_result(outcome)
    _refresh_inferences(store, summary, release_memory)
    return summary


def _serial_outcomes(read: Iterable[Any], store: Store, summary: IngestSummary,
                     skip_unchanged: bool, extractor: Callable[[Article], Any] | None) -> Iterator[Outcome]:
    """Extract and write one article after another in this process (writes batched as the store asks)."""
    items: Iterable[Any] = (_classify(item) for item in read)
    if skip_unchanged:
        items = _skipping_unchanged(items, store)
    yield from _written((_extracted(item, extractor) if isinstance(item, Article) else item for item in items),
                        store, summary)


def _skipping_unchanged(items: Iterable[Any], store: Store) -> Iterator[Any]:
    """Articles whose stored version has the same content hash become Unchanged (not extracted again). The
    hashes are looked up `store.write_batch_size` items at a time: one request per batch to a server."""
    size = max(1, store.write_batch_size)
    items = iter(items)
    while chunk := list(islice(items, size)):
        stored = _stored_hashes(store, [item.id for item in chunk if isinstance(item, Article)])
        for item in chunk:
            if isinstance(item, Article) and stored.get(item.id) == item.content_hash:
                yield Unchanged(item.source, item.id)
            else:
                yield item


def _stored_hashes(store: Store, article_ids: list[str]) -> dict[str, str]:
    """Article id -> content hash of its stored version, for those stored; {} when the store cannot tell (the
    articles are then extracted and written as usual, and the write reports a store fault)."""
    if not article_ids:
        return {}
    try:
        return dict(store.article_hashes(article_ids))
    except Exception:
        return {}


def _refresh_inferences(store: Store, summary: IngestSummary, release_memory: bool = True) -> None:
    """Update the store's inferred graph (tenures) once per batch that wrote articles: only the bodies the
    batch touched (graph/inference.refresh), so one POSTed article costs a fraction of a second."""
    if not summary.articles:
        return
    try:
        store.refresh_inferences(between_steps=_memory_releaser(store) if release_memory else None)
    except Exception as exc:
        summary.failures.append(Failed("(inferred graph)", f"rebuilding tenures failed: {one_line(exc)}"))


RELEASE_GROWTH = 128 << 20  # bytes this process may grow during the tenure rebuild before a release


def _memory_releaser(store: Store) -> Callable[[], None] | None:
    """Between two steps of the tenure rebuild: release the embedded store's table memory once this process
    has grown RELEASE_GROWTH since the last release. The rebuild reads every body's history, so across a
    large store it reads most tables, and RocksDB would keep all their index and filter blocks until the end
    (about 1 GB after 100,000 articles). None without /proc."""
    if _resident_bytes() is None:
        return None
    floor = _resident_bytes() or 0

    def between_steps() -> None:
        nonlocal floor
        if (_resident_bytes() or 0) - floor >= RELEASE_GROWTH and store.release_memory():
            floor = _resident_bytes() or 0

    return between_steps


def _resident_bytes() -> int | None:
    """This process's resident memory (Linux); None where /proc does not say."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _tally(ingested: Ingested | Failed, facts: ArticleFacts, summary: IngestSummary) -> Ingested | Failed:
    """Add what a written article contributed to the summary (failures are counted by the caller)."""
    if isinstance(ingested, Ingested):
        summary.articles += 1
        summary.triples += ingested.triples
        summary.people.update(facts.people)
        summary.bodies.update(facts.bodies)
        summary.merges += len(facts.merges)
    return ingested


# --- parallel ingest: workers read and extract, this process writes ------------------------------

JSONL_CHUNK = 32         # JSONL lines per read task: a big JSONL file streams through, never held whole
READ_WINDOW = 2          # read tasks in flight per worker
EXTRACT_WINDOW = 4       # extraction tasks in flight per worker (memory stays flat however large the corpus)
CRASHED = "crashed"      # what a task that killed its worker process returns


@dataclass(frozen=True)
class _Ready:
    """An item that needs no worker (a read failure, an unchanged article): it keeps its place in the order."""

    value: Any


@dataclass(frozen=True)
class _Error:
    """A task that raised outside the code that turns errors into results (e.g. an unpicklable result)."""

    reason: str


def _parallel_outcomes(paths: list[str], store: Store, summary: IngestSummary,
                       workers: int, skip_unchanged: bool,
                       extractor: Callable[[Article], Any] | None) -> Iterator[Outcome]:
    """Two ordered stages on one pool: files are read in workers; here ids are made unique across the batch
    (as read_paths does) and unchanged articles dropped BEFORE extraction; the rest are extracted in
    workers and written here, in input order."""
    from provkg.ingest.read import _unique

    pool = _Workers(workers)
    if not pool.started():
        logging.getLogger(__name__).warning(
            "worker processes could not start (is the main module importable again?): ingesting in-process")
        pool.close()
        yield from _serial_outcomes(_read_items(paths), store, summary, skip_unchanged, extractor)
        return
    seen: set[str] = set()

    def read() -> Iterator[Outcome | Article]:
        for unit, result in pool.map(_read_unit, _guarded_units(paths), READ_WINDOW * workers):
            for item in _read_result(unit, result):
                outcome = _classify(item)
                if isinstance(outcome, Article):
                    outcome.id = _unique(outcome.id, seen)
                yield outcome

    def extracted() -> Iterator[Outcome | _Extracted]:
        items: Iterable[Any] = read()
        if skip_unchanged:
            items = _skipping_unchanged(items, store)
        tasks = ((extractor, item) if isinstance(item, Article) else _Ready(item) for item in items)
        # while a batch is being written the workers go on extracting the next one
        window = EXTRACT_WINDOW * workers + max(1, store.write_batch_size)
        for task, result in pool.map(_extract_in_worker, tasks, window):
            if isinstance(task, _Ready):
                yield task.value
                continue
            article: Article = task[1]
            if result is CRASHED:
                yield Failed(article.source, "extraction crashed its worker process (killed, or out of memory); "
                                             "nothing written")
            elif isinstance(result, _Error):
                yield Failed(article.source, f"extraction failed: {result.reason}")
            elif result[0] == "error":
                yield Failed(article.source, result[1])
            else:
                yield _Extracted(article, result[1])

    try:
        yield from _written(extracted(), store, summary)
    finally:
        pool.close()


def _read_result(unit: Any, result: Any) -> list[Any]:
    """The items a read task produced, or one failure naming what it was reading."""
    if isinstance(unit, _Ready):
        return list(unit.value)
    if result is CRASHED:
        return [Failed(_unit_source(unit), "reading crashed its worker process (killed, or out of memory)")]
    if isinstance(result, _Error):
        return [Failed(_unit_source(unit), f"reading stopped: {result.reason}")]
    return result


def _unit_source(unit: tuple[Any, ...]) -> str:
    if unit[0] == "jsonl":
        lines = unit[3]
        return f"{unit[2]}:{lines[0][0]}-{lines[-1][0]}"
    return str(unit[2])


def _guarded_units(paths: list[str]) -> Iterator[_Ready | tuple[Any, ...]]:
    """_units, ending the batch with one failure (not a traceback) should walking the folders raise."""
    try:
        yield from _units(paths)
    except Exception as exc:
        yield _Ready([Failed(" ".join(paths), f"reading stopped: {one_line(exc)}")])


def _units(paths: Iterable[str | PathLike[str]]) -> Iterator[_Ready | tuple[Any, ...]]:
    """The read tasks, in read_paths's order: one per file, and one per JSONL_CHUNK lines of a JSONL file."""
    from provkg.ingest import read

    for given in paths:
        source = os.fspath(given)
        path = Path(source)
        try:
            if path.is_dir():
                for child in read._walk(path):
                    yield from _file_units(child, str(child))
                continue
            if not path.exists():
                yield _Ready([ReadFailure(source, "no such file or directory")])
                continue
        except OSError as exc:
            yield _Ready([ReadFailure(source, read._os_reason(exc))])
            continue
        yield from _file_units(path, source)


def _file_units(path: Path, source: str) -> Iterator[_Ready | tuple[Any, ...]]:
    if path.suffix.lower() == ".jsonl":
        yield from _jsonl_units(path, source)
    else:
        yield ("file", str(path), source)


def _jsonl_units(path: Path, source: str) -> Iterator[_Ready | tuple[Any, ...]]:
    """A JSONL file streamed in chunks of lines, with read_file's whole-file checks (size, binary, empty).

    Lines are split on newlines only and decoded one by one, so a line that is not UTF-8 fails alone.
    A UTF-16 file (rare) is read whole by one worker as read_file does.
    """
    from provkg.ingest import read

    try:
        size = path.stat().st_size
        if size > read.MAX_JSONL_BYTES:
            yield _Ready([ReadFailure(source, f"file too large ({size} bytes; limit {read.MAX_JSONL_BYTES})")])
            return
        with path.open("rb") as fh:
            head = fh.read(8192)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                yield ("file", str(path), source)
                return
            if read.is_binary(head):
                yield _Ready([ReadFailure(source, "binary file, not text")])
                return
            fh.seek(0)
            chunk: list[tuple[int, bytes]] = []
            any_line = False
            for n, raw in enumerate(fh, start=1):
                if n == 1:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                if not raw.strip():
                    continue
                any_line = True
                chunk.append((n, raw))
                if len(chunk) >= JSONL_CHUNK:
                    yield ("jsonl", str(path), source, chunk)
                    chunk = []
            if chunk:
                yield ("jsonl", str(path), source, chunk)
            if not any_line:
                yield _Ready([ReadFailure(source, "empty file")])
    except OSError as exc:
        yield _Ready([ReadFailure(source, read._os_reason(exc))])


# --- what runs in the worker processes ---------------------------------------------------------

PARENT_CHECK_SECONDS = 1.0  # how often a worker checks that the ingest that started it is still running


def _worker_init(parent: int) -> None:
    """Workers leave Ctrl-C to the main process, which stops handing out work and closes the pool; and they
    exit once that process is gone. A pool worker otherwise outlives an ingest killed outright (kill -9, out of
    memory): it waits for tasks on a queue it holds both ends of, and keeps the forkserver alive with it."""
    import signal
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def exit_with_parent() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            try:
                os.kill(parent, 0)
            except (ProcessLookupError, PermissionError):  # gone (or its pid now another user's process)
                os._exit(1)

    threading.Thread(target=exit_with_parent, name="exit-with-parent", daemon=True).start()


def _read_unit(kind: str, path: str, source: str, lines: list[tuple[int, bytes]] | None = None) -> list[Any]:
    """Worker: the items (Article, ReadFailure, Skipped) of one file or one chunk of JSONL lines."""
    from provkg.ingest import read

    try:
        if kind == "jsonl" and lines is not None:
            return _read_jsonl_lines(Path(path), source, lines)
        return list(read.read_file(Path(path), source=source))
    except Exception as exc:
        return [Failed(_unit_source((kind, path, source, lines)), f"reading stopped: {one_line(exc)}")]


def _read_jsonl_lines(path: Path, source: str, lines: list[tuple[int, bytes]]) -> list[Any]:
    """JSONL records as read.read_jsonl reads them (same ids, same FILE:LINE sources, same checks)."""
    from provkg.ingest import read

    out: list[Any] = []
    for n, raw in lines:
        where = f"{source}:{n}"
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            out.append(ReadFailure(where, f"not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} "
                                          f"at column {exc.start + 1})"))
            continue
        if not line.strip():
            continue
        if len(line.encode("utf-8")) > read.MAX_FILE_BYTES:
            out.append(ReadFailure(where, f"line too large (limit {read.MAX_FILE_BYTES} bytes)"))
            continue
        out.append(read._record(line, where, f"{path.stem}-{n}"))
    return out


def _extract_in_worker(extractor: Callable[[Article], Any] | None, article: Article) -> tuple[str, Any]:
    """Worker: ("ok", facts) or ("error", one line): an exception never crosses the process boundary."""
    try:
        return "ok", (extractor or _default_extractor())(article)
    except Exception as exc:
        return "error", f"extraction failed: {one_line(exc)}"


def _default_extractor() -> Callable[[Article], Any]:
    from provkg.ingest.pipeline import extract

    return extract


class _Workers:
    """Worker processes whose results come back in submission order, at most `window` tasks in flight.

    Workers are forked from a forkserver that has the extractor imported (fast to start, and never a
    fork of this process, whose store runs threads). A worker that dies (killed, out of memory, a
    crash in C code) breaks the whole ProcessPoolExecutor and fails every task in flight; each such
    task is then rerun alone in a fresh one-worker pool, so only the task that crashes again is
    reported as crashed, and the rest of the batch lands.
    """

    def __init__(self, workers: int) -> None:
        import multiprocessing

        self.workers = workers
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["provkg.ingest.pipeline", "provkg.ingest.read"])
        self._pool: ProcessPoolExecutor | None = None

    def started(self) -> bool:
        """Start the workers and check they run a task: they re-import the main module as spawned processes
        do, which fails when it is not a file (a script piped into python), and then every task would die."""
        try:
            return self._submit(os.getpid, ())[0].result(timeout=120) > 0
        except Exception:
            return False

    def _executor(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=self._context, initializer=_worker_init,
                                   initargs=(os.getpid(),))

    def _submit(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Future[Any], ProcessPoolExecutor]:
        if self._pool is None:
            self._pool = self._executor(self.workers)
        try:
            return self._pool.submit(fn, *args), self._pool
        except BrokenProcessPool:
            self._replace(self._pool)
            assert self._pool is not None
            return self._pool.submit(fn, *args), self._pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        if self._pool is broken:
            broken.shutdown(wait=False, cancel_futures=True)
            self._pool = self._executor(self.workers)

    def _alone(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        solo = self._executor(1)
        try:
            return solo.submit(fn, *args).result()
        except BrokenProcessPool:
            return CRASHED
        finally:
            solo.shutdown(wait=True)

    def map(self, fn: Callable[..., Any], tasks: Iterable[_Ready | tuple[Any, ...]],
            window: int) -> Iterator[tuple[Any, Any]]:
        """(task, fn(*task)) in the order of `tasks`; a _Ready task passes through as (task, its value)."""
        pending: deque[tuple[Any, Future[Any] | None, ProcessPoolExecutor | None]] = deque()
        for task in tasks:
            if isinstance(task, _Ready):
                pending.append((task, None, None))
            else:
                pending.append((task, *self._submit(fn, task)))
            while len(pending) > window:
                yield self._next(pending, fn)
        while pending:
            yield self._next(pending, fn)

    def _next(self, pending: deque[Any], fn: Callable[..., Any]) -> tuple[Any, Any]:
        task, future, pool = pending.popleft()
        if future is None:
            return task, task.value
        try:
            return task, future.result()
        except BrokenProcessPool:
            self._replace(pool)
            return task, self._alone(fn, task)
        except Exception as exc:
            return task, _Error(one_line(exc))

    def close(self) -> None:
        """Stop handing out work; wait for the workers (each finishes at most its current task)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
