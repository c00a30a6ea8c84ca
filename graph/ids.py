"""Node IRIs and the ids URLs carry: the last IRI path segment (the article id for articles).

REST and the views take ids from URLs; `iri_for` turns one into a node IRI only when it is a
valid id, so raw user text never reaches a query."""

from __future__ import annotations

import re
from urllib.parse import unquote

from provkg.graph import vocab as V

ID_PATTERN = r"^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2}){1,200}$"


_ID_RE = re.compile(ID_PATTERN)


ARTICLE_GRAPH_PREFIX = V.GRAPH + "article/"


KIND_PREFIX = {
    "person": V.ID + "person/",
    "organization": V.ID + "body/",
    "campaign": V.ID + "campaign/",
    "event": V.ID + "event/",
    "place": V.ID + "place/",
    "article": V.ID + "article/",
    "merge": V.ID + "merge/",
    "membership": V.ID + "membership/",
}


def iri_for(kind: str, ident: str) -> str | None:
    """The node IRI for an id from a URL (last IRI path segment), or None if it cannot be one."""
    if not _ID_RE.match(ident):
        return None
    return KIND_PREFIX[kind] + ident


def id_of(iri: str) -> str:
    """The id of a node: its IRI's last path segment."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def article_id(iri: str) -> str:
    """The article id an article IRI was minted from (the URL id of /articles/{id})."""
    return unquote(iri.removeprefix(KIND_PREFIX["article"]))


def moved_id(ident: str) -> str | None:
    """The id a body has now if `ident` is one minted before body keys stopped repeating a word
    ("...-party-party-propaganda" is now "...-party-propaganda"), else None. Callers answer with a
    redirect only when the node exists under the new id."""
    words = ident.split("-")
    kept = [w for i, w in enumerate(words) if i == 0 or w != words[i - 1]]
    return "-".join(kept) if len(kept) < len(words) else None
