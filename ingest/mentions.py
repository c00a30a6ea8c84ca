"""Body mentions in running text (organisers, merge parties) and back-references to them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from provkg.ingest.bodies import ResolvedBody, resolve_body
from provkg.ingest.lexicon import body_head_nouns
from provkg.ingest.names import NameSpan, name_at
from provkg.ingest.titles import scan_body

_LEADING_ROLE = re.compile(r"^(?:(?:[A-Z][\w-]*|new|%s)\s+){0,3}?(?:(?i:%s))\s+(?:of|at|in)\s+(?:the\s+)?")
_SPACE = re.compile(r"\s")
_OF_OR_POSSESSIVE = re.compile(r"\b(of|'s)\b")
_START = re.compile(r"(?<![\w'’/-])(?:the\s+)?(?=[A-Z]|provincial\b|city\b)")
_BACKREF = re.compile(r"(?i)\b(?:the|this|its|that)\s+(?:newly[- ](?:formed|merged|established)\s+|new\s+|merged\s+)?"
                      r"(commission|committee|department|board|agency|body)\b")


@cache
def _leading_role() -> re.Pattern[str]:
    """A title before "of" ("the new Secretary of the X Committee"): the body starts after it."""
    from provkg.ingest.lexicon import former_words, role_regex
    modifiers = "|".join(re.escape(w) for w in former_words() if w.isalpha())
    roles = role_regex().pattern[len(r"(?<![\w-])("):-len(r")(?![\w-])")]
    return re.compile(_LEADING_ROLE.pattern % (modifiers, roles))


@cache
def _document_of() -> re.Pattern[str]:
    """A document or honour named after its body ("Resolution No. 57-NQ/TW of the Politburo")."""
    from provkg.ingest.lexicon import document_heads
    heads = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(document_heads(), key=len, reverse=True))
    return re.compile(rf"(?i)^(?:{heads})(?:\s+(?:no\.?\s*)?[\w/.-]*\d[\w/.-]*)?\s+(?:of|by)\s+(?:the\s+)?")


@cache
def _possessed_document() -> re.Pattern[str]:
    """"the National Assembly's Resolution": the body ends before the possessive."""
    from provkg.ingest.lexicon import document_heads
    heads = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(document_heads(), key=len, reverse=True))
    return re.compile(rf"(?i)['’]s\s+(?:{heads})\b")


# "the 11th Congress of the X Party Organization": the body is what follows "of"
_EVENT_OF = re.compile(r"(?i)^(?:\d+(?:st|nd|rd|th)\s+)?(?:congress|conference|meeting|session|ceremony)"
                       r"\s+of\s+(?:the\s+)?")


# a capitalised verb or adverb opening a sentence before "the": "Leading the new city's Party Committee ..."
_VERB_THEN_THE = re.compile(r"^[A-Z][a-z]+(?:ing|ed|ly)\s+(?=the\s)")


@dataclass(frozen=True)
class BodyMention:
    start: int
    end: int
    body: ResolvedBody


@cache
def _head() -> re.Pattern[str]:
    """A noun that heads a body's name (ontology/bodies.toml [heads]), or "party"."""
    return re.compile(r"(?i)\b(" + "|".join((*body_head_nouns(), "party")) + r")(?:'s)?\b")


def has_body_head(text: str) -> bool:
    """Whether the text holds a noun that heads a body's name (committee, council, union ...)."""
    return _head().search(text) is not None


def find_body_mentions(text: str, province: str | None, names: list[NameSpan],
                       units: tuple[tuple[str, str], ...] = ()) -> list[BodyMention]:
    """Known bodies named in a sentence, left to right, longest phrase first (`units`: see resolve_body)."""
    # merges, events and the pipeline each ask about the same sentences: read each once
    return list(_body_mentions(text, province, tuple(names), units))


@lru_cache(maxsize=4096)
def _body_mentions(text: str, province: str | None, names: tuple[NameSpan, ...],
                   units: tuple[tuple[str, str], ...] = ()) -> tuple[BodyMention, ...]:
    out: list[BodyMention] = []
    pos = 0
    while pos < len(text):
        m = _START.search(text, pos)
        if not m:
            break
        start = m.start()
        if name_at(names, m.end()):
            pos = m.end() + 1
            continue
        end = scan_body(text, m.end(), names)
        phrase = text[m.end():end]
        owned = _possessed_document().search(phrase)
        if owned:
            phrase = phrase[:owned.start()]
        lead = (_leading_role().match(phrase) or _EVENT_OF.match(phrase) or _document_of().match(phrase)
                or _VERB_THEN_THE.match(phrase))
        if lead and lead.end() < len(phrase):
            pos = m.end() + lead.end()
            continue
        if phrase and has_body_head(phrase):
            body = resolve_body(phrase, province, units)
            if body and body.kind != "body" or body and _OF_OR_POSSESSIVE.search(phrase) and body.parent:
                out.append(BodyMention(start, m.end() + len(phrase), body))
                pos = m.end() + len(phrase)
                continue
        nxt = _SPACE.search(text, m.end())  # not a slice: copying the rest for every start was quadratic
        pos = nxt.end() if nxt else len(text)
    return tuple(out)


def backref_heads(text: str) -> list[tuple[int, int, str]]:
    """'the new commission', 'the Commission': spans and the head noun they refer back with."""
    return [(m.start(), m.end(), m.group(1).lower()) for m in _BACKREF.finditer(text)]
