"""A consistent copy of a store, also while `provkg serve` holds it.

Why two ways. RocksDB lets one process hold a store for writing, and a running server does.
- When nobody holds the store, the copy is `pyoxigraph.Store.backup` on the primary handle: a
  RocksDB checkpoint (hard links where it can), which includes writes still in memory.
- When a server holds it, the copy is made from `pyoxigraph.Store.read_only`, the same kind of
  handle the query workers use. That handle is a snapshot of the store at the moment it is
  opened (the on-disk tables plus the write-ahead log replayed into its own memory), so it is
  consistent: every article transaction is in it whole or not at all. `backup()` on that
  read-only handle is NOT enough: it checkpoints only the on-disk tables and silently leaves
  out the writes the server has not flushed yet (POST /articles, SPARQL Update); tried with
  pyoxigraph 0.5.13. So the snapshot's quads are streamed into a new store instead
  (`bulk_extend`), which costs a re-index but loses nothing. A secondary handle would follow the
  primary as it moves, so it is no more consistent than this and needs a scratch directory.
  Asking the server to back itself up (an authenticated endpoint) was not chosen: it would need
  the update token for a read-only operation and put a long disk job inside the web process.
The copy is written into a hidden sibling directory and renamed into place only once complete,
so a crash or error never leaves something at DIR that looks like a backup. A snapshot that meets
table files the server compacted away mid-copy (an IO error) is retried from a fresh snapshot.
A backup directory is a regular store: serve or query it with `--store DIR`, or copy it into place.
"""

from __future__ import annotations

import gc
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

ATTEMPTS = 3


class BackupError(RuntimeError):
    """The backup could not be made; the message says why in one line."""


@dataclass(frozen=True)
class BackupResult:
    target: Path
    quads: int
    method: str  # "checkpoint" (store was free) or "snapshot copy" (store held by a server)


def _held(e: Exception) -> bool:
    return isinstance(e, OSError) and "lock" in str(e).lower()


def _checkpoint(store: pyoxigraph.Store, tmp: Path) -> int:
    store.backup(str(tmp))
    return len(store)


def _snapshot_copy(source: Path, tmp: Path) -> int:
    """Stream one read-only snapshot of `source` into a new store at `tmp`; the number of quads copied."""
    last: Exception | None = None
    for _ in range(ATTEMPTS):
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            snapshot = pyoxigraph.Store.read_only(str(source))
            copy = pyoxigraph.Store(str(tmp))
            copy.bulk_extend(snapshot.quads_for_pattern(None, None, None, None))
            copy.flush()
            copied, expected = len(copy), len(snapshot)
            del copy, snapshot
            gc.collect()  # release the new store's lock before the rename
            if copied != expected:
                raise BackupError(f"copied {copied} quads of {expected}")
            return copied
        except (OSError, RuntimeError) as e:  # a compacted-away table file: take a fresh snapshot
            last = e
    raise BackupError(f"could not copy a snapshot of {source}: {' '.join(str(last).split())}")


def backup(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> BackupResult:
    """Copy the store at `source` to the new directory `target` (which must not exist, or be empty)."""
    source, target = Path(source), Path(target)
    if not source.is_dir() or not any(source.iterdir()):
        raise BackupError(f"no store at {source}")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not empty: give a new directory")
    if target.resolve() == source.resolve() or source.resolve() in target.resolve().parents:
        raise BackupError("the backup directory must be outside the store")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        try:
            primary = pyoxigraph.Store(str(source))
        except OSError as e:
            if not _held(e):
                raise BackupError(f"cannot open the store at {source}: {' '.join(str(e).split())}") from e
            quads, method = _snapshot_copy(source, tmp), "snapshot copy"
        else:
            try:
                quads, method = _checkpoint(primary, tmp), "checkpoint"
            finally:
                del primary
                gc.collect()
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BackupResult(target, quads, method)
