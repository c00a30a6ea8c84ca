"""What REST routes take and how much they answer: ids, search text, paging, and the 404 for an unknown id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import HTTPException, Path, Query
from provkg.api import models as M
from provkg.graph import ids
from provkg.graph.reads.sources import SHOWN

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1-500).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip.")]
Ident = Annotated[str, Path(pattern=ids.ID_PATTERN, description="The last path segment of the node's IRI.")]
Text = Annotated[str | None, Query(max_length=200, description="Search text: diacritics, case and word order "
                                                                "are ignored.")]

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": M.Error, "description": "No node with this id."}}
MAX_SOURCES = SHOWN  # sources (article and sentence) a fact carries in a response; `sources_total` counts them all


def not_found(kind: str, ident: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {kind} with id {ident!r}")


def require_iri(kind: str, ident: str) -> str:
    """The node IRI of an id from the URL, or a 404 when it cannot be one."""
    iri = ids.iri_for(kind, ident)
    if iri is None:
        raise not_found(kind, ident)
    return iri


def paged(items: Sequence[T], limit: int, offset: int) -> tuple[list[T], dict[str, int]]:
    """One page of a list and the paging fields (total, limit, offset)."""
    return list(items[offset:offset + limit]), {"total": len(items), "limit": limit, "offset": offset}
