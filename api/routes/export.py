"""The whole graph as Turtle, TriG, N-Quads or JSON-LD, or as FollowTheMoney entities, streamed while written.

The store writes into a bounded queue from a worker thread and the response sends each
chunk as it comes, so an export is never held in memory whole (let alone twice). A client
that goes away stops the writer at its next chunk.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from provkg.api.deps import StoreDep
from provkg.graph.store import Store

router = APIRouter(tags=["export"])

CHUNK = 64 * 1024
_DONE = object()


class Cancelled(Exception):
    """The client stopped reading."""


class _QueueWriter(io.RawIOBase):
    """A write-only file whose chunks go to a bounded queue (the reader's pace limits the writer)."""

    def __init__(self, q: queue.Queue[object], stop: threading.Event) -> None:
        self._q, self._stop, self._buf = q, stop, bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._buf += data
        if len(self._buf) >= CHUNK:
            self._send()
        return len(data)

    def _send(self) -> None:
        chunk, self._buf = bytes(self._buf), bytearray()
        self.put(chunk)

    def put(self, item: object) -> None:
        """Queue an item, giving up (Cancelled) once the reader has stopped."""
        while not self._stop.is_set():
            try:
                self._q.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise Cancelled

    def flush(self) -> None:
        if self._buf:
            self._send()


def stream(store: Store, fmt: str, write: Callable[[BinaryIO], object] | None = None) -> Iterator[bytes]:
    """Chunks of the store's export in `fmt` (or of what `write` writes), produced by a worker thread as they
    are read."""
    q: queue.Queue[object] = queue.Queue(maxsize=8)
    stop = threading.Event()

    def work() -> None:
        writer = _QueueWriter(q, stop)
        try:
            if write is None:
                store.export(fmt, writer)
            else:
                write(writer)  # type: ignore[arg-type]
            writer.flush()
            writer.put(_DONE)
        except Cancelled:
            pass
        except Exception as exc:  # surfaced to the reader, which ends the (already started) response
            try:
                writer.put(exc)
            except Cancelled:
                pass

    worker = threading.Thread(target=work, name=f"export-{fmt}", daemon=True)
    worker.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, Exception):
                raise RuntimeError(f"export stopped: {item}") from None
            yield item  # type: ignore[misc]
    finally:
        stop.set()


def _response(store: Store, fmt: str, media: str, ext: str) -> StreamingResponse:
    return StreamingResponse(stream(store, fmt), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="provkg.{ext}"'})


def _doc(media: str) -> dict[int | str, dict]:
    body = {"oneOf": [{"type": "array"}, {"type": "object"}]} if media.endswith("json") else {"type": "string"}
    return {200: {"content": {media: {"schema": body}}, "description": "The export, streamed."}}


@router.get("/export.ttl", response_class=StreamingResponse, responses=_doc("text/turtle"),
            summary="The default graph (each fact once) as Turtle")
def export_turtle(store: StoreDep) -> StreamingResponse:
    return _response(store, "turtle", "text/turtle", "ttl")


@router.get("/export.trig", response_class=StreamingResponse, responses=_doc("application/trig"),
            summary="The graphs as TriG, each triple in one (article, inferred or shared graph)")
def export_trig(store: StoreDep) -> StreamingResponse:
    return _response(store, "trig", "application/trig", "trig")


@router.get("/export.nq", response_class=StreamingResponse, responses=_doc("application/n-quads"),
            summary="The graphs as N-Quads, each triple in one (article, inferred or shared graph)")
def export_nquads(store: StoreDep) -> StreamingResponse:
    return _response(store, "nquads", "application/n-quads", "nq")


@router.get("/export.jsonld", response_class=StreamingResponse, responses=_doc("application/ld+json"),
            summary="The default graph (each fact once) as JSON-LD")
def export_jsonld(store: StoreDep) -> StreamingResponse:
    return _response(store, "jsonld", "application/ld+json", "jsonld")


FTM_MEDIA = "application/x-ndjson"  # FollowTheMoney entity streams: one JSON object a line (`.ftm.json`)


@router.get("/export.ftm.json", response_class=StreamingResponse,
            responses={200: {"content": {FTM_MEDIA: {"schema": {"type": "string"}}},
                             "description": "FollowTheMoney entities, one JSON object a line, streamed."}},
            summary="Screening export: FollowTheMoney entities (Person, PublicBody, Position, Occupancy, Membership)")
def export_ftm(store: StoreDep,
               as_of: Annotated[date | None, Query(description="YYYY-MM-DD: the day occupancy statuses are for; "
                                                   "today when omitted.")] = None) -> StreamingResponse:
    """The entities `provkg export --format ftm` writes (graph/ftm.py), built and validated with the
    followthemoney library; each line is one entity, so `ftm`, nomenklatura and yente read it as a stream."""
    from provkg.graph import ftm

    return StreamingResponse(stream(store, "ftm", lambda out: ftm.write(store, out, as_of)), media_type=FTM_MEDIA,
                             headers={"Content-Disposition": 'attachment; filename="provkg.ftm.json"'})
