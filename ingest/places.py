"""Administrative units and named sites, checked against the gazetteer where it knows them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provkg.ingest import gazetteer
from provkg.ingest.facts import Evidence, Place
from provkg.ingest.text import slug

if TYPE_CHECKING:
    from provkg.ingest.pipeline import Context

_UNIT = re.compile(r"\b((?:[A-Z][a-z]+\s){1,3})(City|city|District|district|Ward|ward|Commune|commune|"
                   r"Hamlet|hamlet|Town|town|Province|province)\b")
_LIST = re.compile(r"\b(districts|wards|communes|provinces) of ((?:[A-Z][a-z]+\s?)+(?:\s*[-–,]\s*(?:and\s+)?"
                   r"(?:[A-Z][a-z]+\s?)+)+)")
_SKIP_FIRST = {"The", "In", "On", "At", "Of", "And", "Provincial", "Party", "New", "Old", "Each", "Every", "All",
               "This", "That", "Its", "Their", "Both", "Many", "Some", "Other", "Former"}


def _add(ctx: Context, name: str, kind: str, evidence: Evidence) -> None:
    words = name.split()
    while words and words[0] in _SKIP_FIRST:
        words.pop(0)
    if not words:
        return
    base = " ".join(words)
    kind = kind.lower()
    rec = gazetteer.lookup(f"{base} {kind}", kind, ctx.province)
    label = rec.name if rec else f"{base} {kind.title()}"
    if kind == "province" and not rec:
        return
    key = slug(f"{ctx.province or 'vn'} {label}") if kind != "province" else slug(label)
    if key not in ctx.facts.places:
        parent = ctx.facts.province if kind != "province" else None
        ctx.facts.places[key] = Place(key, label, kind, parent=parent, code=rec.code if rec else None,
                                      era=rec.era if rec else None, evidence=evidence)


def find_places(text: str, ctx: Context, evidence: Evidence) -> None:
    for m in _UNIT.finditer(text):
        after = text[m.end():m.end() + 30]
        if re.match(r"\s*(?:'s\s+)?(Party|People|Provincial|Department|Council|Committee)\b", after):
            continue
        _add(ctx, m.group(1).strip(), m.group(2), evidence)
    for m in _LIST.finditer(text):
        kind = m.group(1)[:-1] if not m.group(1).endswith("ies") else "city"
        for part in re.split(r"\s*[-–,]\s*(?:and\s+)?|\s+and\s+", m.group(2)):
            if part.strip():
                _add(ctx, part.strip(), kind, evidence)
