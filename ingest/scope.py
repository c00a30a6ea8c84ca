"""Which province (or city, district) a piece of text is about.

Province names come from the gazetteer (a registry package), never from a hand-typed
list; this module only compiles them into a matcher and votes on an article's province.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from provkg.ingest import gazetteer
from provkg.ingest.lexicon import names
from provkg.ingest.text import fold


@cache
def _forms() -> dict[str, str]:
    """Folded surface form -> canonical ascii province name. A bare form that is a historical figure's name
    ("Ho Chi Minh") is left out: "Ho Chi Minh Communist Youth Union" and "Ho Chi Minh's ideology" name the
    man, and the press writes the city "Ho Chi Minh City" or "HCM City"."""
    figures = {fold(n) for n in names()["historical_figures"]}
    forms: dict[str, str] = {}
    for rec in gazetteer.provinces():
        for alias in {rec.name, rec.vi_name, *rec.variants}:
            if fold(alias) not in figures:
                forms.setdefault(fold(alias), rec.name)
    return forms


@cache
def province_regex() -> re.Pattern[str]:
    """Folded province forms, longest first, on word boundaries (matched on folded text)."""
    alts = sorted(_forms(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(a) for a in alts) + r")\b")


def is_province_name(text: str) -> bool:
    """Whether `text` is exactly a province's name in one of its forms ("Lam Dong", "Hanoi", "HCM City")."""
    return fold(text) in _forms()


def canonical_province(form: str) -> str | None:
    return _forms().get(fold(form)) or gazetteer.province_of(form)


@cache
def municipalities() -> frozenset[str]:
    """Centrally-run cities: their bodies are "Ho Chi Minh City Party Committee", not "... Provincial ..."."""
    return frozenset(r.name for r in gazetteer.provinces() if r.kind == "city"
                     or r.name.endswith(" City") or fold(r.name) in {"ha noi", "hanoi"})


_UNIT_AFTER = re.compile(r"\s+(ward|commune|district|town|hamlet)\b")
_CITY_AFTER = re.compile(r"\s+city\b")


def provinces_in(text: str) -> list[str]:
    """Canonical provinces named in text, in order (ignoring "X City/District/Ward" units named like a province)."""
    folded = fold(text)
    out = []
    for m in province_regex().finditer(folded):
        after = folded[m.end():m.end() + 9]
        if _UNIT_AFTER.match(after):
            continue
        city = _CITY_AFTER.match(after)
        if m.group(1) == "ho chi minh" and not city:
            continue
        name = _forms()[m.group(1)]
        # "Ha Tinh City" is a city inside Ha Tinh province; "Hai Phong City" is the centrally-run city itself
        if city and not m.group(1).endswith("city") and name not in municipalities():
            continue
        out.append(name)
    return out


def scope_label(province: str) -> str:
    """The label prefix of a province's bodies: "Binh Duong Provincial", or for a centrally-run city
    "Ho Chi Minh City", "Da Nang City" (the city's bodies are the province-level ones)."""
    if province in municipalities():
        return province if province.endswith(" City") else f"{province} City"
    return f"{province} Provincial"


def vote_province(headline: str, body: str, site: str | None, url: str | None) -> str | None:
    """The article's own province: the publisher (site name or URL host) first, else the most named one."""
    for hint in (site or "", url or ""):
        host = fold(re.sub(r"https?://(www\.)?", "", hint)).split("/")[0]
        squashed = re.sub(r"[^a-z]", "", host)
        best = None
        for form, name in _forms().items():
            key = form.replace(" ", "")
            if len(key) >= 4 and key in squashed and (best is None or len(key) > len(best[0])):
                best = (key, name)
        if best:
            return best[1]
    counts: Counter[str] = Counter()
    for p in provinces_in(headline):
        counts[p] += 3
    for p in provinces_in(body):
        counts[p] += 1
    return counts.most_common(1)[0][0] if counts else None
