"""Named campaigns, emulation movements, projects, programmes, contests and awards."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from provkg.ingest.dates import find_periods
from provkg.ingest.facts import Campaign, Evidence
from provkg.ingest.lexicon import campaign_kinds

if TYPE_CHECKING:
    from provkg.ingest.context import Context

_QUOTED = re.compile(r"[\"“]([^\"“”]{3,160})[\"”]")
_NOT_CAMPAIGN = re.compile(r"(?i)\b(motto|spirit|theme|slogan|nickname|message|title|called|named|said|saying|"
                           r"words|resolution|directive|conclusion)\b[^\"“]{0,25}$")
_CAPITALISED = re.compile(
    r"\b((?:[A-Z][\w-]*\s+){1,6}(?:Program|Programme|Project|Campaign|Movement|Contest|Award)"
    r"(?:\s+(?:on|for)\s+(?:[A-Z][\w-]*\s*){1,5})?)(?!\s+(?:Museum|Management|Board|Office))")
_KNOWN = {"patriotic emulation movement": "emulation movement"}


@cache
def _kind_word_patterns() -> tuple[tuple[str, str, re.Pattern[str], re.Pattern[str]], ...]:
    """(kind, word, the word ending the text before, the word starting the text after) per campaign word."""
    return tuple((kind, w, re.compile(rf"\b{re.escape(w)}\b(?:\s+\d+)?\s*$"),
                  re.compile(rf"\s*\d*\s*{re.escape(w)}\b"))
                 for kind, words in campaign_kinds().items() for w in words)


def _kind_near(before: str, after: str) -> str | None:
    before, after = before.lower()[-45:], after.lower()[:25]
    best: tuple[int, str] | None = None
    for kind, w, ends_before, starts_after in _kind_word_patterns():
        for _m in ends_before.finditer(before):
            if best is None or len(w) > len(best[1]):
                best = (0, w)
                found = kind
        if starts_after.match(after):
            if best is None or len(w) > len(best[1]):
                best = (1, w)
                found = kind
    return found if best else None


def _period(text: str, near: int) -> tuple[int | None, int | None]:
    periods = sorted(find_periods(text), key=lambda p: abs(p[2] - near))
    if periods:
        return periods[0][0], periods[0][1]
    years = [(abs(m.start() - near), int(m.group())) for m in re.finditer(r"\b(?:19|20)\d\d\b", text)]
    if years:
        y = min(years)[1]
        return y, y
    return None, None


def _add(ctx: Context, name: str, kind: str, text: str, at: int, evidence: Evidence) -> None:
    name = re.sub(r"\s+in the(?: period)?\s+\d{4}\s*[-–]\s*\d{4}(?: period)?$", "", name.strip(" ,.")).strip()
    if not name or len(name.split()) > 30:
        return
    start, end = _period(text, at)
    for c in ctx.facts.campaigns:
        if c.name.lower() == name.lower() and c.kind == kind:
            return
    ctx.facts.campaigns.append(Campaign(name, kind, start, end, evidence=evidence))


def find_campaigns(text: str, ctx: Context, evidence: Evidence) -> None:
    for m in _QUOTED.finditer(text):
        before, after = text[:m.start()], text[m.end():]
        if _NOT_CAMPAIGN.search(before):
            continue
        kind = _kind_near(before, after)
        if kind:
            _add(ctx, m.group(1), kind, text, m.start(), evidence)
    for m in _CAPITALISED.finditer(text):
        phrase = m.group(1).strip()
        if phrase.split()[0] in {"The", "A", "An", "This", "On", "In"}:
            phrase = " ".join(phrase.split()[1:])
        last = re.search(r"(Program|Programme|Project|Campaign|Movement|Contest|Award)", phrase)
        kind = {"Program": "programme", "Programme": "programme", "Project": "project", "Campaign": "campaign",
                "Movement": "emulation movement", "Contest": "contest", "Award": "award"}[last.group(1)]
        if len(phrase.split()) >= 2:
            _add(ctx, phrase, kind, text, m.start(), evidence)
    low = text.lower()
    for name, kind in _KNOWN.items():
        i = low.find(name)
        if i >= 0:
            _add(ctx, name[0].upper() + name[1:], kind, text, i, evidence)
