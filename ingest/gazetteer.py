"""Vietnam's administrative units, from the registry data of the `vietnamadminunits` package.

Places are checked against this gazetteer, not a hand-typed list. The package (MIT licence)
ships two maps: the 63-province map in force until 30 June 2025 (province > district-level
unit > commune-level unit) and the 34-province, two-level map from 1 July 2025 (province >
commune-level unit). Its JSON files are read directly (not through the package's parser,
which would import shapely/geopy) and indexed once per process.

Hamlets (ấp, thôn), quarters and venues are not administrative units and are not here.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from provkg.ingest.lexicon import place_data, surnames
from provkg.ingest.text import fold, strip_diacritics

PRE = "pre-2025"
POST = "post-2025"
BOTH = "both"

# Vietnamese unit types -> our kinds.
_KIND = {"tỉnh": "province", "thành phố": "city", "quận": "district", "huyện": "district",
         "thị xã": "town", "thị trấn": "town", "phường": "ward", "xã": "commune",
         "đặc khu": "special zone"}
_LEVEL = {"province": 0, "city": 1, "district": 1, "town": 1, "ward": 2, "commune": 2, "special zone": 2}
# English and Vietnamese type words a name may carry ("Di An City", "huyện Dầu Tiếng").
_TYPE_WORDS = {
    "province": "province", "city": "city", "district": "district", "town": "town",
    "township": "town", "ward": "ward", "commune": "commune", "special zone": "special zone",
    "special administrative zone": "special zone", "tinh": "province", "thanh pho": "city",
    "tp": "city", "quan": "district", "huyen": "district", "thi xa": "town", "thi tran": "town",
    "phuong": "ward", "xa": "commune", "dac khu": "special zone",
}
_TYPE_RE = re.compile(
    r"^(?:(?P<pre>" + "|".join(sorted(_TYPE_WORDS, key=len, reverse=True)) + r")\.?\s+)?(?P<name>.+?)"
    r"(?:\s+(?P<post>" + "|".join(sorted(_TYPE_WORDS, key=len, reverse=True)) + r"))?$")
# How the press writes provinces beyond the registry's spelling (ontology/places.toml), and the family
# names a person's name starts with (ontology/names.toml): a bare three-word name starting with one is taken
# for a person, not a place ("Ho Chi Minh", "Le Hong Phong"), unless a unit word comes with it.
_PROVINCE_ENGLISH = place_data()["provinces"]["english"]
_PROVINCE_ALIASES = place_data()["provinces"]["aliases"]
SURNAMES = frozenset(fold(s) for s in surnames())


@dataclass(frozen=True)
class ProvinceRecord:
    """A province-level unit of one map (or of both, when name and code are unchanged)."""

    name: str                    # ASCII English form: "Binh Duong", "Ho Chi Minh City", "Hanoi"
    vi_name: str                 # "Bình Dương"
    code: str                    # the registry's province code, e.g. "74"
    era: str                     # "pre-2025", "post-2025" or "both"
    kind: str = "province"       # "province", or "city" for the centrally-run cities
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceRecord:
    """An administrative unit found in the gazetteer."""

    name: str                    # English form: "Di An City", "Tam Lap Commune", "Gia Lai Province"
    kind: str                    # province, city, district, town, ward, commune, special zone
    code: str
    province: str                # ASCII province name: "Binh Duong"
    era: str                     # "pre-2025", "post-2025" or "both" (provinces only)
    vi_name: str = ""            # "Thành phố Dĩ An"
    parent_name: str | None = None   # containing district-level unit, when the map has one
    parent_kind: str | None = None

    @property
    def level(self) -> int:
        return _LEVEL.get(self.kind, 3)


def _data_dir() -> Path:
    """The package's data folder, located without importing the package (and its heavy deps)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("vietnamadminunits is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=1)
def _raw() -> tuple[dict[str, Any], dict[str, Any]]:
    """The legacy (63-province) and 2025 (34-province) parser tables."""
    d = _data_dir()
    with open(d / "parser_legacy.json", encoding="utf-8") as f:
        legacy = json.load(f)
    with open(d / "parser_from_2025.json", encoding="utf-8") as f:
        new = json.load(f)
    return legacy, new


# Syllables spelt with -i or -y alike ("Phú Qúi" / "Phú Quý"): one form for matching.
_IY = {"qui": "quy", "ki": "ky", "li": "ly", "mi": "my", "si": "sy", "ti": "ty"}


def _key(text: str) -> str:
    """Matching key: folded, hyphens spaced out, punctuation dropped, i/y spellings unified."""
    t = fold(re.sub(r"\([^)]*\)", " ", text)).replace("–", "-").replace("—", "-")
    t = re.sub(r"\s*-\s*", " - ", t)
    t = re.sub(r"[^a-z0-9 \-]", "", t)
    return " ".join(_IY.get(w, w) for w in t.split())


def _nospace(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _key(text))


def _ascii_province(short: str) -> str:
    k = _key(short)
    return _PROVINCE_ENGLISH.get(k, strip_diacritics(short))


def _english(short: str, kind: str) -> str:
    """ "Dĩ An" + city -> "Di An City"; "Quận 1" -> "District 1"."""
    plain = " ".join("Quy" if w == "Qui" else w
                     for w in strip_diacritics(re.sub(r"\([^)]*\)", " ", short)).split())
    m = re.match(r"^(?:Quan|Phuong|Xa)\s+(\d+)$", plain)
    if m or plain.isdigit():
        return f"{kind.title()} {m.group(1) if m else plain}"
    return f"{plain} {kind.title()}"


def _kind_of(vi_type: Any) -> str | None:
    return _KIND.get(vi_type.lower()) if isinstance(vi_type, str) else None


@lru_cache(maxsize=1)
def provinces() -> list[ProvinceRecord]:
    """Every province-level unit of both maps, pre-2025 first."""
    legacy, new = _raw()
    old = {v["provinceShort"]: v for v in legacy["DICT_PROVINCE"].values()}
    cur = {v["provinceShort"]: v for v in new["DICT_PROVINCE"].values()}
    out: list[ProvinceRecord] = []
    for era, table, other in ((PRE, old, cur), (POST, cur, old)):
        for short, v in table.items():
            same = short in other and other[short]["provinceCode"] == v["provinceCode"]
            if same and era == POST:
                continue
            name = _ascii_province(short)
            variants = {name, strip_diacritics(short), short}
            variants.update(a for a, target in _PROVINCE_ALIASES.items() if target == _key(short))
            kind = "city" if v["province"].lower().startswith("thành phố") else "province"
            out.append(ProvinceRecord(name, short, v["provinceCode"], BOTH if same else era, kind,
                                      tuple(sorted(variants))))
    return out


@lru_cache(maxsize=1)
def _province_index() -> dict[str, str]:
    """Any key or alias of a province -> its ASCII name."""
    index: dict[str, str] = {}
    for p in provinces():
        for v in (*p.variants, p.name, p.vi_name):
            index[_key(v)] = p.name
            index[_nospace(v)] = p.name
    for alias, target in _PROVINCE_ALIASES.items():
        name = index.get(target)
        if name:
            index[_key(alias)] = name
            index[_nospace(alias)] = name
    return index


@lru_cache(maxsize=1)
def successors() -> dict[str, str]:
    """Pre-2025 province -> the post-2025 province it became part of (ASCII names)."""
    legacy, new = _raw()
    with open(_data_dir() / "converter_2025.json", encoding="utf-8") as f:
        conv = json.load(f)["DICT_PROVINCE"]
    old = {k: _ascii_province(v["provinceShort"]) for k, v in legacy["DICT_PROVINCE"].items()}
    cur = {k: _ascii_province(v["provinceShort"]) for k, v in new["DICT_PROVINCE"].items()}
    return {old[o]: cur[n] for n, olds in conv.items() for o in olds if o in old and n in cur}


def _strip_type(name: str) -> tuple[str, str | None]:
    """("Di An City") -> ("di an", "city"); the unit word may come before or after the name."""
    k = _key(name)
    m = _TYPE_RE.match(k)
    if not m:
        return k, None
    word = m["post"] or m["pre"]
    base = m["name"].strip()
    if not base:
        return k, None
    return base, _TYPE_WORDS[word] if word else None


def province_of(name: str) -> str | None:
    """The ASCII province name for a province mention in any form, or None.

    "Bình Dương", "binh duong province", "HCMC", "Ho Chi Minh City", "Ha Noi", "Thua Thien Hue"
    all resolve; "Ho Chi Minh City" is a province-level city, so the unit word is allowed.
    """
    index = _province_index()
    k = _key(name)
    if not k:
        return None
    hit = index.get(k) or index.get(_nospace(name))
    if hit:
        return hit
    base, kind = _strip_type(name)
    if kind in (None, "province", "city"):
        return index.get(base) or index.get(base.replace(" ", ""))
    return None


@lru_cache(maxsize=1)
def _units() -> dict[str, list[PlaceRecord]]:
    """Every district- and commune-level unit of both maps, keyed by folded short name."""
    legacy, new = _raw()
    index: dict[str, list[PlaceRecord]] = {}

    def add(short: str, rec: PlaceRecord) -> None:
        index.setdefault(_key(short), []).append(rec)
        m = re.match(r"^(?:quan|phuong|xa)\s+(\d+)$", _key(short))
        if m:
            index.setdefault(m.group(1), []).append(rec)

    old_names = {k: _ascii_province(v["provinceShort"]) for k, v in legacy["DICT_PROVINCE"].items()}
    new_names = {k: _ascii_province(v["provinceShort"]) for k, v in new["DICT_PROVINCE"].items()}
    seen: set[tuple[str, str]] = set()
    for pkey, districts in legacy["DICT_PROVINCE_DISTRICT"].items():
        for d in districts.values():
            kind = _kind_of(d["districtType"])
            if kind:
                add(d["districtShort"], PlaceRecord(_english(d["districtShort"], kind), kind,
                                                    str(d["districtCode"]), old_names[pkey], PRE,
                                                    d["district"]))
    for table in ("DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED", "DICT_PROVINCE_DISTRICT_WARD_ACCENTED"):
        for pkey, districts in legacy[table].items():
            for dkey, wards in districts.items():
                parent = legacy["DICT_PROVINCE_DISTRICT"].get(pkey, {}).get(dkey)
                pkind = _kind_of(parent["districtType"]) if parent else None
                pname = _english(parent["districtShort"], pkind) if parent and pkind else None
                for w in wards.values():
                    kind = _kind_of(w.get("wardType"))
                    if not kind or (PRE, str(w["wardCode"])) in seen:
                        continue
                    seen.add((PRE, str(w["wardCode"])))
                    add(w["wardShort"], PlaceRecord(_english(w["wardShort"], kind), kind,
                                                    str(w["wardCode"]), old_names[pkey], PRE,
                                                    w["ward"], pname, pkind))
    for table in ("DICT_PROVINCE_WARD_NO_ACCENTED", "DICT_PROVINCE_WARD_ACCENTED"):
        for pkey, wards in new[table].items():
            for w in wards.values():
                kind = _kind_of(w.get("wardType"))
                if not kind or (POST, str(w["wardCode"])) in seen:
                    continue
                seen.add((POST, str(w["wardCode"])))
                add(w["wardShort"], PlaceRecord(_english(w["wardShort"], kind), kind,
                                                str(w["wardCode"]), new_names[pkey], POST, w["ward"]))
    return index


def _province_place(name: str) -> PlaceRecord | None:
    """A province (or centrally-run city) as a PlaceRecord, the newest record of that name."""
    recs = [p for p in provinces() if p.name == name]
    if not recs:
        return None
    p = recs[-1]
    label = p.name if p.kind == "city" and p.name in ("Ho Chi Minh City", "Hanoi") else \
        f"{p.name} {'City' if p.kind == 'city' else 'Province'}"
    return PlaceRecord(label, "province", p.code, p.name, BOTH if len(recs) > 1 else p.era,
                       p.vi_name)


def _kind_ok(rec_kind: str, wanted: str | None) -> bool:
    if wanted is None or rec_kind == wanted:
        return True
    return wanted == "town" and rec_kind == "city" or wanted == "district" and rec_kind in ("city", "town")


def lookup(name: str, kind: str | None = None, within: str | None = None,
           era: str | None = None) -> PlaceRecord | None:
    """The administrative unit a name denotes, or None when it is not one or stays ambiguous.

    `name` may carry its unit word ("Di An City", "Tam Lap commune", "huyện Dầu Tiếng");
    `kind` (province, city, district, town, ward, commune) and `within` (a province name in
    any form) narrow the choice, `era` prefers one map. Among the rest the highest level wins
    (a district-level city over a ward of the same name) and the pre-2025 map, which knows
    each commune's district, comes first. Names found in several provinces at the same level
    with no `within` are ambiguous: None.
    """
    base, word_kind = _strip_type(name)
    kind = kind or word_kind
    province = province_of(within) if within else None
    prov_hit = province_of(name) if kind in (None, "province", "city") else None
    if prov_hit and (kind in (None, "province") or word_kind == "city" or
                     kind == "city" and province_of(base) and not _units().get(base)):
        if kind != "city" or any(p.kind == "city" for p in provinces() if p.name == prov_hit):
            return _province_place(prov_hit)
    succ = successors()
    cands = [r for r in _units().get(base, []) if _kind_ok(r.kind, kind) and (era is None or r.era == era)]
    if province is not None:
        exact = [r for r in cands if r.province == province]
        # A post-2025 unit of the province this one merged into (Binh Duong -> Ho Chi Minh City).
        cands = exact or [r for r in cands if r.era == POST and r.province == succ.get(province)]
    if not cands:
        return None
    cands.sort(key=lambda r: (r.level, r.era != PRE))
    best = [r for r in cands if r.level == cands[0].level]
    if len({succ.get(r.province, r.province) if r.era == PRE else r.province for r in best}) > 1:
        return None                           # same name in provinces that never merged
    return best[0]


def is_place_name(words: str) -> bool:
    """Whether `words` is exactly the name of a province or administrative unit.

    For the person extractor, to reject "Ben Cat", "Dau Tieng", "Ho Chi Minh City". Only whole
    unit names count, and a bare three-word name that starts with a family name is taken as a
    person ("Ho Chi Minh", "Tran Van Nam"): with a unit word ("Ho Chi Minh City") it is a place.
    """
    base, word_kind = _strip_type(words)
    if not base:
        return False
    tokens = base.split()
    if word_kind is None and len(tokens) >= 3 and tokens[0] in SURNAMES:
        return False
    if province_of(words) and (word_kind is not None or len(tokens) < 3 or tokens[0] not in SURNAMES):
        return True
    recs = _units().get(base, [])
    if any(_kind_ok(r.kind, word_kind) for r in recs):
        return True
    # a name that opens with a Vietnamese unit word is also a name whole: "Quan Ba" is Quản Bạ, not Quận Ba
    return word_kind is not None and bool(_units().get(_key(words)))


def warm() -> None:
    """Build every index now (e.g. before timing a batch)."""
    successors()
    provinces()
    _province_index()
    _units()
