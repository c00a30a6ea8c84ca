"""Refuse SPARQL that would make the server reach other hosts: SERVICE (federated query) and LOAD.

A lexical check, not a full parse: comments, string literals and IRIs are blanked out
first, so "SERVICE" inside a literal, an IRI or a comment is not refused, while the
keyword itself is, wherever it appears. Variables (?service) and prefixed names
(ex:service, service:x) are not keywords and pass.
"""

from __future__ import annotations

import re

# One alternation, scanned left to right, so whichever of comment / string / IRI starts first wins
# (a quote inside a comment, or a '#' inside an IRI or a string, cannot confuse the scan).
_OPAQUE = re.compile(
    r'#[^\n]*'
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>',
    re.S,
)
_KEYWORDS = {
    "SERVICE": "SERVICE (federated query) is not allowed: this endpoint never calls other hosts",
    "LOAD": "LOAD is not allowed: this endpoint never fetches from other hosts",
}
_KEYWORD = re.compile(r"(?<![\w?$:])(SERVICE|LOAD)(?![\w:-])", re.I)


def _blank(text: str) -> str:
    """The query with literals, IRIs and comments replaced by spaces (keywords can't hide in them)."""
    return _OPAQUE.sub(" ", text)


def refusal(text: str) -> str | None:
    """Why the query or update is refused, or None when it may run."""
    match = _KEYWORD.search(_blank(text))
    return _KEYWORDS[match.group(1).upper()] if match else None
