"""POST /articles: ingest through the server, which holds the store's only write handle.

RocksDB lets one process open a store for writing, so while a server runs, this is how
articles reach its store. The body is read by the same reader as a file (ingest/read.read_bytes:
a JSON object as one JSONL line, an upload by its file name), and the articles go through what
`provkg ingest` runs (graph/load.ingest_articles: extract -> store.write_articles, one
transaction per article, inferences refreshed), so the HTTP door has no logic the CLI lacks.
Writes need the update token.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from provkg.api.auth import require_update_token
from provkg.graph.load import Failed, Ingested, IngestSummary, Outcome, ingest_articles
from pydantic import BaseModel

LOG = logging.getLogger("provkg.ingest")
router = APIRouter(tags=["articles"])
SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
FIELDS = {"id", "url", "title", "published", "text", "html"}


class IngestedArticle(BaseModel):
    id: str
    triples: int


class IngestFailure(BaseModel):
    source: str
    reason: str


class IngestResult(BaseModel):
    """What a POST /articles wrote: the articles (ids to query), the batch's counts, and any failures."""

    articles: list[IngestedArticle]
    counts: dict[str, int]
    failures: list[IngestFailure]


def _json_article(body: bytes) -> str:
    """The posted JSON object as one JSONL line (the reader checks its fields, as for a file)."""
    try:
        record = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise HTTPException(400, f"the body is not valid JSON: {e}") from None
    if not isinstance(record, dict):
        raise HTTPException(422, f"expected one article as a JSON object, got {type(record).__name__}")
    unknown = sorted(set(record) - FIELDS)
    if unknown:
        raise HTTPException(422, f"unknown field(s) {', '.join(map(repr, unknown))}; an article has "
                                 f"{', '.join(sorted(FIELDS))}")
    return json.dumps(record, ensure_ascii=False)


def _safe_name(name: str | None) -> str:
    """A file name to keep the upload's suffix (it selects the reader) without trusting its path."""
    base = Path(name or "").name
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip(".-") or "upload"
    if not base.lower().endswith(SUFFIXES):
        raise HTTPException(415, f"upload a {', '.join(SUFFIXES)} file (got {name!r})")
    return base[-120:]


def _ingest(request: Request, data: bytes, name: str, label: str) -> tuple[IngestSummary, list[Outcome]]:
    """Read the body as the file `name` (sources named `label`) and ingest its articles."""
    from provkg.ingest.read import read_bytes

    outcomes: list[Outcome] = []
    with request.app.state.write_lock:
        # the server's readers share the store handle: it is never closed and reopened under them
        summary = ingest_articles(read_bytes(data, name, label), request.app.state.store, on_result=outcomes.append,
                                  release_memory=False)
    return summary, outcomes


@router.post("/articles", status_code=201, response_model=IngestResult,
             summary="Ingest one article (JSON like a JSONL line) or an uploaded file (needs the update token)",
             responses={200: {"model": IngestResult, "description": "Some articles of the upload failed."},
                        400: {"description": "Not JSON / not a form."},
                        403: {"description": "No or wrong update token, or a read-only server."},
                        413: {"description": "Body over the server's limit."},
                        415: {"description": "Neither JSON nor a multipart upload of a known file kind."},
                        422: {"description": "Nothing could be ingested (the reasons are given)."}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": {"type": "object", "properties": {
                     "url": {"type": "string"}, "title": {"type": "string"}, "published": {"type": "string"},
                     "text": {"type": "string"}, "html": {"type": "string"}, "id": {"type": "string"}}}},
                 "multipart/form-data": {"schema": {"type": "object", "properties": {
                     "file": {"type": "string", "format": "binary"}}}}}}})
async def post_article(request: Request) -> JSONResponse:
    require_update_token(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        data = (_json_article(await request.body()) + "\n").encode("utf-8")
        name, label = "posted.jsonl", "request body"
    elif content_type == "multipart/form-data":
        try:
            form = await request.form(max_files=1, max_fields=5)
        except HTTPException:
            raise
        except Exception as e:  # the multipart parser's own complaint, as a 400
            raise HTTPException(400, f"malformed multipart body: {e}") from None
        upload: Any = form.get("file")
        if upload is None or isinstance(upload, str):
            raise HTTPException(422, "send the article as a file field named 'file'")
        name = _safe_name(upload.filename)
        label = f"upload {name}"
        data = await upload.read()
    else:
        raise HTTPException(415, "send application/json (one article) or multipart/form-data (field 'file')")
    summary, outcomes = await run_in_threadpool(_ingest, request, data, name, label)
    if summary.articles:
        request.app.state.query_runner.bump_generation()
    articles = [IngestedArticle(id=o.article_id, triples=o.triples) for o in outcomes if isinstance(o, Ingested)]
    failures = [IngestFailure(source=f.source, reason=f.reason) for f in summary.failures if isinstance(f, Failed)]
    if not articles:
        reasons = "; ".join(f"{f.source}: {f.reason}" for f in failures) or "no article found in the input"
        raise HTTPException(422, f"nothing was ingested: {reasons}")
    LOG.info("ingested %d article(s) via POST /articles: %s", len(articles), ", ".join(a.id for a in articles))
    result = IngestResult(articles=articles, counts=summary.as_dict(), failures=failures)
    return JSONResponse(result.model_dump(), status_code=201 if not failures else 200)
