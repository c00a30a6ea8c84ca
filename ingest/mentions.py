"""Body mentions in running text (organisers, merge parties) and back-references to them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from provkg.ingest.bodies import ResolvedBody, resolve_body
from provkg.ingest.names import NameSpan
from provkg.ingest.titles import scan_body

_HEAD = re.compile(r"(?i)\b(committee|council|board|commission|department|delegation|school|front|union|ministry|"
                   r"government|assembly|politburo|secretariat|command|agencies|office|party)(?:'s)?\b")
_LEADING_ROLE = re.compile(r"^(?:[A-Z][\w-]*\s+){0,3}?(?:(?i:%s))\s+(?:of|at|in)\s+(?:the\s+)?")
_START = re.compile(r"(?<![\w'’-])(?:the\s+)?(?=[A-Z]|provincial\b|city\b)")
_BACKREF = re.compile(r"(?i)\b(?:the|this|its|that)\s+(?:newly[- ](?:formed|merged|established)\s+|new\s+|merged\s+)?"
                      r"(commission|committee|department|board|agency|body)\b")


def _leading_role() -> re.Pattern[str]:
    from provkg.ingest.lexicon import role_regex
    return re.compile(_LEADING_ROLE.pattern % role_regex().pattern[len(r"(?<![\w-])("):-len(r")(?![\w-])")])


# "the 11th Congress of the X Party Organization": the body is what follows "of"
_EVENT_OF = re.compile(r"(?i)^(?:\d+(?:st|nd|rd|th)\s+)?(?:congress|conference|meeting|session|ceremony)"
                       r"\s+of\s+(?:the\s+)?")


@dataclass(frozen=True)
class BodyMention:
    start: int
    end: int
    body: ResolvedBody


def find_body_mentions(text: str, province: str | None, names: list[NameSpan]) -> list[BodyMention]:
    """Known bodies named in a sentence, left to right, longest phrase first."""
    out: list[BodyMention] = []
    pos = 0
    while pos < len(text):
        m = _START.search(text, pos)
        if not m:
            break
        start = m.start()
        if any(n.start <= m.end() < n.end for n in names):
            pos = m.end() + 1
            continue
        end = scan_body(text, m.end(), names)
        phrase = text[m.end():end]
        lead = _leading_role().match(phrase) or _EVENT_OF.match(phrase)
        if lead and lead.end() < len(phrase):
            pos = m.end() + lead.end()
            continue
        if phrase and _HEAD.search(phrase):
            body = resolve_body(phrase, province)
            if body and body.kind != "body" or body and re.search(r"\b(of|'s)\b", phrase) and body.parent:
                out.append(BodyMention(start, m.end() + len(phrase), body))
                pos = m.end() + len(phrase)
                continue
        nxt = re.search(r"\s", text[m.end():])
        pos = m.end() + (nxt.end() if nxt else len(text))
    return out


def backref_heads(text: str) -> list[tuple[int, int, str]]:
    """'the new commission', 'the Commission': spans and the head noun they refer back with."""
    return [(m.start(), m.end(), m.group(1).lower()) for m in _BACKREF.finditer(text)]
