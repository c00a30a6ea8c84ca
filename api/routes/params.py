"""What REST routes take and how much they answer: ids, search text, paging, and the 404 for an unknown id."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import HTTPException, Path, Query, Request
from provkg.api import models as M
from provkg.graph import ids
from provkg.graph.reads.sources import SHOWN
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1-500).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip.")]
Ident = Annotated[str, Path(pattern=ids.ID_PATTERN, description="The last path segment of the node's IRI.")]
Text = Annotated[str | None, Query(max_length=200, description="Search text: diacritics, case and word order "
                                                                "are ignored.")]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value: object) -> object:
    """A query's date as YYYY-MM-DD, or a 422 that says that is the form expected (not pydantic's own words)."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if _ISO_DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise PydanticCustomError("date_format", "expected a date written YYYY-MM-DD (year, month, day), such as "
                                             "2025-03-01; got {given}", {"given": text[:40]})


Day = BeforeValidator(iso_day)
"""Annotate a `date | None` query parameter with this: `Annotated[date | None, Day, Query(...)]`."""

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": M.Error, "description": "No node with this id."}}
MOVED: dict[int | str, dict[str, Any]] = {301: {"model": M.Error, "description": "An id the body had before: "
                                                "`Location` is its current URL."}}
MAX_SOURCES = SHOWN  # sources (article and sentence) a fact carries in a response; `sources_total` counts them all


def not_found(kind: str, ident: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {kind} with id {ident!r}")


def moved_permanently(request: Request, old: str, new: str) -> HTTPException:
    """A 301 to the same URL with the body's current id in place of an old one (query string kept)."""
    path = request.url.path.replace(f"/{old}", f"/{new}", 1)
    location = path + (f"?{request.url.query}" if request.url.query else "")
    return HTTPException(status_code=301, detail=f"{old!r} is now {new!r}: {location}",
                         headers={"Location": location})


def require_iri(kind: str, ident: str) -> str:
    """The node IRI of an id from the URL, or a 404 when it cannot be one."""
    iri = ids.iri_for(kind, ident)
    if iri is None:
        raise not_found(kind, ident)
    return iri


def paged(items: Sequence[T], limit: int, offset: int) -> tuple[list[T], dict[str, int]]:
    """One page of a list and the paging fields (total, limit, offset)."""
    return list(items[offset:offset + limit]), {"total": len(items), "limit": limit, "offset": offset}
