"""Administrative units and named sites, checked against the gazetteer where it knows them."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from provkg.ingest import gazetteer
from provkg.ingest.facts import Evidence, Place
from provkg.ingest.lexicon import place_data
from provkg.ingest.text import slug

if TYPE_CHECKING:
    from provkg.ingest.context import Context

# a word of a unit's name: "Dong", "H'Drai", "Ia"
_WORD = r"[A-Z][a-z]*(?:['’][A-Z][a-z]+)?"
# ("special zone": the island units of the 2025 reorganisation, at commune level: "Phu Quy Special Zone")
_UNIT = re.compile(rf"(?<![\w'’])((?:{_WORD}\s){{1,3}})(City|city|District|district|Ward|ward|Commune|commune|"
                   r"Hamlet|hamlet|Town|town|Province|province|Special Zone|special zone)\b")
_LIST_SEP = r"(?:\s*[-–,]\s*(?:and\s+)?|\s+and\s+)"
_ITEM = rf"{_WORD}(?:\s{_WORD}){{0,3}}"
# "Long Dat and Xuyen Moc districts", "Pung Luong and Nam Co communes": a list that shares one plural kind word
_LIST = re.compile(rf"\b(districts|wards|communes|provinces) of ({_ITEM}(?:{_LIST_SEP}{_ITEM}){{1,9}})")
_SHARED = re.compile(rf"(?<![\w'’])({_ITEM}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_ITEM}){{1,9}})\s+"
                     r"(districts|wards|communes|towns|provinces)\b")
# "Ward 2", "Commune 5": a unit known by its number
_NUMBERED = re.compile(r"\b(Ward|Commune|District)\s+(\d{1,2})\b(?![.,]\d)")
# a bare list of names ("of Hanoi, Phu Tho, Tuyen Quang and Thai Nguyen"), read when every one is a province
_BARE_LIST = re.compile(rf"(?<![\w'’])((?:{_WORD}\s?){{1,3}}(?:,\s*(?:{_WORD}\s?){{1,3}}){{0,9}},?\s+and\s+"
                        rf"(?:{_WORD}\s?){{1,3}})")
# an address without unit words, narrowing left to right to a province: "born in Dong Ngac, Tu Liem, Hanoi"
_ADDRESS = re.compile(r"\b(?:in|at)\s+((?:[A-Z][a-z]+\s?){1,3}(?:,\s*(?:[A-Z][a-z]+\s?){1,3}){1,2}),\s*"
                      r"((?:[A-Z][a-z]+\s?){1,3})\b")
# "in Hanoi", "At Da Nang", "In Tien Giang, ...": a bare province-level name where something happens
_IN_NAME = re.compile(r"\b(?:[Ii]n|[Aa]t)\s+((?:[A-Z][a-z]+\s?){1,4})")


@cache
def _venue() -> re.Pattern[str]:
    """"at the Binh Thuan Provincial Convention Center": a capitalised name ending in a venue word."""
    from provkg.ingest.lexicon import venue_heads
    heads = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(venue_heads(), key=len, reverse=True))
    word = r"(?:[A-Z][\w'-]*|\d[\w-]*)"
    return re.compile(rf"\b(?:at|in)\s+(?:the\s+)?((?:provincial\s+)?(?:{word}\s+(?:(?:and|of|for)\s+)?){{1,7}}"
                      rf"(?:{heads}))\b")


_SKIP_FIRST = {"The", "In", "On", "At", "Of", "And", "Provincial", "Party", "New", "Old", "Each", "Every", "All",
               "This", "That", "Its", "Their", "Both", "Many", "Some", "Other", "Former", "Several", "Along", "Across",
               "From", "To", "With", "Near", "By"}


def _add(ctx: Context, name: str, kind: str, evidence: Evidence, single: bool = True) -> None:
    """A place the text names; a unit named alone (`single`, not one of a list of its kind) becomes what "the
    ward", "the District People's Committee" refer to next."""
    words = name.split()
    while words and words[0] in _SKIP_FIRST:
        words.pop(0)
    if not words:
        return
    base = " ".join(words)
    kind = kind.lower()
    rec = gazetteer.lookup(f"{base} {kind}", kind, ctx.province)
    if rec is not None and kind not in ("province", "city") and rec.kind != kind:
        rec = None                       # "Tra Linh district" as printed, not the town of that name
    label = rec.name if rec else (f"{base} {kind.title()}" if not base[:1].isdigit() else f"{kind.title()} {base}")
    if kind == "province" and not rec:
        return
    key = slug(f"{ctx.province or 'vn'} {label}") if kind != "province" else slug(label)
    if key not in ctx.facts.places:
        parent = ctx.facts.province if kind != "province" else None
        ctx.facts.places[key] = Place(key, label, kind, parent=parent, code=rec.code if rec else None,
                                      era=rec.era if rec else None, evidence=evidence)
    if single and kind in ("district", "city", "town", "ward", "commune"):
        ctx.units[kind] = label          # "the District People's Committee" after it: this district's


_HONORIFIC = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|[Cc]omrade)\.?\s+$")


def _add_unit_record(ctx: Context, rec: gazetteer.PlaceRecord, evidence: Evidence) -> None:
    key = slug(f"{ctx.province or 'vn'} {rec.name}")
    if key not in ctx.facts.places:
        ctx.facts.places[key] = Place(key, rec.name, rec.kind, parent=ctx.facts.province, code=rec.code,
                                      era=rec.era, evidence=evidence)


def _add_site(ctx: Context, name: str, evidence: Evidence, own_name: bool = False) -> None:
    """A named venue; "the Provincial Convention Center", "the Political and Administrative Centre" are the
    article's province's. A natural site (`own_name`) is named as printed."""
    if name.lower().startswith("provincial "):
        if ctx.province is None:
            return
        name = f"{ctx.province} Provincial {name[len('provincial '):]}"
    elif ctx.province and not own_name and not _names_a_place(name):
        name = f"{ctx.province} {name}"  # "the Political and Administrative Centre": the province's own
    key = slug(f"{ctx.province or 'vn'} {name}")
    if key not in ctx.facts.places:
        ctx.facts.places[key] = Place(key, name, "site", parent=ctx.facts.province, evidence=evidence)


def _names_a_place(name: str) -> bool:
    """Whether a site's name holds a place's name ("Vinh Phuc Provincial Square", "Ba Dinh Hall")."""
    words = name.split()
    return any(gazetteer.is_place_name(" ".join(words[i:j])) for i in range(len(words))
               for j in range(i + 1, min(len(words), i + 4) + 1))


def _add_province_level(ctx: Context, name: str, evidence: Evidence) -> None:
    """A bare name that is exactly a province or centrally-run city ("in Hanoi"), from the gazetteer."""
    province = gazetteer.province_of(name)
    if province is None or province == ctx.province:
        return  # the article's own province is already recorded as its scope
    key = slug(province)
    if key not in ctx.facts.places:
        ctx.facts.places[key] = Place(key, province, "province", evidence=evidence)


def _add_address(ctx: Context, units: list[str], last: str, evidence: Evidence) -> None:
    """The units of an address that ends in a province ("Dong Ngac, Tu Liem, Hanoi"); a unit the gazetteer
    knows in that province takes its name and kind, one it does not (an old name) is recorded as printed."""
    province = gazetteer.province_of(last)
    if province is None or any(gazetteer.province_of(u) or u.split()[0] in _SKIP_FIRST for u in units):
        return  # not an address, or a list of provinces
    _add_province_level(ctx, last, evidence)
    for unit in units:
        rec = gazetteer.lookup(unit, None, province)
        label, kind = (rec.name, rec.kind) if rec else (unit, "locality")
        key = slug(f"{province} {label}")
        if key not in ctx.facts.places:
            parent = slug(province) if province != ctx.province else ctx.facts.province
            ctx.facts.places[key] = Place(key, label, kind, parent=parent, code=rec.code if rec else None,
                                          era=rec.era if rec else None, evidence=evidence)


@cache
def _site() -> re.Pattern[str]:
    """"Bai Sau beach", "the Hoai river", "Dong Van Karst Plateau Global Geopark": capitalised words and the noun
    of a natural site (places.toml [features] sites)."""
    nouns = "|".join(sorted(place_data()["features"]["sites"], key=len, reverse=True))
    word = rf"(?:{_WORD}|[A-Z]{{2,}})"          # "Dak Nong UNESCO Global Geopark"
    return re.compile(rf"(?<![\w'’])((?:{word}\s){{1,5}})((?i:{nouns}))\b(?!\s+[A-Z])")


@cache
def _country() -> re.Pattern[str]:
    return re.compile(rf"\b({'|'.join(place_data()['countries']['names'])})\b")


def _a_person(name: str, ctx: Context) -> bool:
    folded = name.lower()
    return any(p.name.lower() == folded for p in ctx.facts.people.values())


def _add_country(ctx: Context, name: str, evidence: Evidence) -> None:
    key = slug(f"country {name}")
    if key not in ctx.facts.places:
        ctx.facts.places[key] = Place(key, name, "country", evidence=evidence)


def unit_lists(text: str) -> list[tuple[int, int]]:
    """Where a text lists units that share one plural kind word ("Quang Trung, Luong Khanh Thien and Minh Khai
    wards", "the districts of A and B"): their names are places, even those named after a person."""
    return [m.span(2) for m in _LIST.finditer(text)] + [m.span(1) for m in _SHARED.finditer(text)]


def find_places(text: str, ctx: Context, evidence: Evidence) -> None:
    for m in _UNIT.finditer(text):
        after = text[m.end():m.end() + 30]
        if re.match(r"\s*(?:'s\s+)?(Party|People|Provincial|Department|Council|Committee)\b", after):
            continue
        _add(ctx, m.group(1).strip(), m.group(2), evidence)
    for m in _NUMBERED.finditer(text):
        if not re.match(r"\s*(?:'s\s+)?(Party|People|Provincial|Department|Council|Committee)\b",
                        text[m.end():m.end() + 30]):
            _add(ctx, m.group(2), m.group(1), evidence)
    for m in _LIST.finditer(text):
        kind = m.group(1)[:-1] if not m.group(1).endswith("ies") else "city"
        for part in re.split(_LIST_SEP, m.group(2)):
            if part.strip():
                _add(ctx, part.strip(), kind, evidence, single=False)
    for m in _SHARED.finditer(text):
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1)):
            if part.strip():
                _add(ctx, part.strip(), m.group(2)[:-1], evidence, single=False)
    for m in _BARE_LIST.finditer(text):
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1)) if p.strip()]
        if len(parts) < 2:
            continue
        if all(gazetteer.province_of(p) for p in parts):
            for p in parts:
                _add_province_level(ctx, p, evidence)
            continue
        # "the industrial parks of Duc Hoa, Ben Luc and Trang Bang": units of the province the registry knows
        units = [gazetteer.lookup(p, None, ctx.province) for p in parts] if ctx.province else []
        if units and all(u is not None and u.kind != "province" for u in units):
            for u in units:
                _add_unit_record(ctx, u, evidence)
    for m in _site().finditer(text):
        words = m.group(1).split()
        while words and words[0] in _SKIP_FIRST:
            words.pop(0)
        name = f"{' '.join(words)} {m.group(2).title()}"
        if words and not gazetteer.province_of(" ".join(words)) and not _a_person(name, ctx) \
                and not _HONORIFIC.search(text, max(0, m.start() - 6), m.start()):
            _add_site(ctx, name, evidence, own_name=True)     # (not "Mr. Hoang Van Bay", a man named Bay)
    for m in _country().finditer(text):
        _add_country(ctx, m.group(1), evidence)
    for m in _venue().finditer(text):
        _add_site(ctx, " ".join(m.group(1).split()), evidence)
    for m in _ADDRESS.finditer(text):
        _add_address(ctx, [p.strip() for p in m.group(1).split(",")], m.group(2).strip(), evidence)
    for m in _IN_NAME.finditer(text):
        name = m.group(1).strip()
        if not _UNIT.match(text, m.start(1)) and not re.match(r"\s*(?:'s\s+)?[A-Z]", text[m.end():m.end() + 4]):
            _add_province_level(ctx, name, evidence)
