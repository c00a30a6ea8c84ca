"""Resolve a body phrase as printed ("the Provincial Party Committee's Propaganda Committee")
to a canonical body scoped to its place ("Binh Thuan Provincial Party Propaganda Committee").

Body types and their translation variants are data (ontology/bodies.toml); this module
strips the place scope off a phrase, matches what is left against the body types, and
builds the canonical label and key. Variants of one body share one key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from provkg.ingest import gazetteer
from provkg.ingest.lexicon import (
    BodyKind,
    body_head_nouns,
    body_kind,
    body_kinds,
    body_synonyms,
    chapter_kinds,
    chapter_labels,
)
from provkg.ingest.scope import canonical_province, municipalities, province_regex, scope_label
from provkg.ingest.text import fold, slug

_LOCAL_LEVEL = re.compile(
    r"^(?P<name>(?:[a-z]+ ){0,3}?[a-z]+) (?P<lvl>district|city|town|ward|commune)(?:'s)? (?P<rest>.+)$")
# "district party committee of cai be district": the unit named after its level word, at the end
_TRAILING_LEVEL = re.compile(
    r"^(?P<lvl>district|city|town|ward|commune) (?P<rest>.+?) of (?P<name>(?:[a-z]+ ){0,3}?[a-z]+) (?P=lvl)$")
# "people's council of nha trang ward": a body of a unit named after it
_OF_UNIT = re.compile(r"^(?P<rest>.+?) of (?P<name>(?:[a-z]+ ){0,3}?[a-z]+) (?P<lvl>district|city|town|ward|commune)$")
_DESCRIBED_PROVINCE = re.compile(r"\bof (?:the )?(?:[a-z'-]+ ){0,4}province of\s*$")
_FORMER = re.compile(r"\((old|former)\)|\bold\b|\bformer\b|\bprevious\b")
_NOISE = re.compile(r"\((new|old|former)\)|\bnewly[- ](formed|merged|established|set up)\b|"
                    r"\b(the|newly|new|old|former|previous|current|then|merged)\b|\(\w+\)")
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th) (?=[a-z])")
# a term qualifies a sitting of a body, not a new body: "16th-term", "of the 15th legislature", "term x",
# "for the 2021-2026 term", "(2021-2026)", "2020-2025 tenure"
_ORDINAL_WORDS = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
                  r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)")
_TERM = re.compile(r"\b(?:\d+(?:st|nd|rd|th)|" + _ORDINAL_WORDS + r")-(?:term|tenure)\b|"
                   r"\b(?:of|for|in) (?:the )?\d+(?:st|nd|rd|th) (?:term|tenure|legislature)\b|"
                   r"\bterm (?:[ivxlc]+\b|\d{4}\s*-\s*\d{4})|"
                   r"(?:\b(?:of|for|in) (?:the )?)?\(?\b\d{4}\s*-\s*\d{4}\)?(?: (?:term|tenure|period)\b)?")


@dataclass(frozen=True)
class ResolvedBody:
    key: str
    label: str
    kind: str
    scope: str | None            # province name, or "Dak Po District" style local unit
    province: str | None
    parent: ResolvedBody | None
    national: bool
    form: str                    # the variant as printed, scoped to its place
    former: bool = False         # the phrase calls the body old/former


_PLURAL_HEAD = re.compile(r"\b(board|committee|commission|council)s(?= of\b)")


def without_term(phrase: str) -> str:
    """The phrase without the term of office it names: "the 15th-tenure council" is "the council"."""
    return re.sub(r"\s+", " ", _TERM.sub(" ", phrase.lower())).strip()


def _clean(phrase: str) -> str:
    t = fold(phrase).replace("’", "'")
    t = re.sub(r"\s*-\s*", "-", t) if re.search(r"\w-\w", t) else t
    t = _TERM.sub(" ", t)
    t = _NOISE.sub(" ", t)
    t = re.sub(r"\s+'s\b", "'s", t)
    t = re.sub(r"[\s,]+", " ", t).strip(" .,;:-")
    # "the Standing Boards of the People's Council and ...": each body is one board
    t = _PLURAL_HEAD.sub(r"\1", t)
    return _ORDINAL.sub("", t)


def _match_kind(rest: str, local: bool = False) -> tuple[BodyKind, dict[str, str]] | None:
    for kind in body_kinds():
        for pat in kind.patterns if not (local and kind.national) else ():
            m = pat.fullmatch(rest)
            if m and (not kind.fields or _field(m.group("x")) in kind.fields):
                return kind, {k: v for k, v in m.groupdict().items() if v}
    return None


def _field(x: str) -> str:
    """A department's field as bodies.toml lists them: "Labour, Invalids & Social Affairs" -> "labor invalids
    and social affairs"."""
    words = re.sub(r"[,&]", lambda c: " and " if c.group() == "&" else " ", x.lower()).split()
    return " ".join(body_synonyms().get(w, w) for w in words)


def _title(text: str) -> str:
    small = {"of", "and", "the", "for", "in", "on", "to"}
    words = text.split()
    return " ".join(w if (w in small and i) else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
                    for i, w in enumerate(words))


_LEVELS = ("district", "city", "town", "ward", "commune")
# words a unit's name never holds: in "standing committee of city party committee" no unit is named


@cache
def _not_a_unit_name() -> re.Pattern[str]:
    """Words a unit's name never holds (function words, qualifiers, the heads of bodies' names): in "standing
    committee of city party committee" no unit is named."""
    return re.compile(r"\b(of|the|and|or|provincial|party|standing|executive|people's|"
                      + "|".join(re.escape(h) for h in body_head_nouns()) + r")\b")


@cache
def _heads() -> re.Pattern[str]:
    """A noun that heads a body's name (ontology/bodies.toml [heads])."""
    return re.compile(r"\b(?:" + "|".join(re.escape(h) for h in body_head_nouns()) + r")(?:'s)?\b")


def _the_city_itself(name: str, level: str, context: str | None) -> bool:
    """"the People's Council of the Mekong Delta city" in an article of a centrally-run city: a description
    of the city itself, which has no city of that name inside it."""
    return (level == "city" and context in municipalities()
            and gazetteer.lookup(f"{name} city", "city", context) is None)


def _split_scope(text: str, context: str | None,
                 units: tuple[tuple[str, str], ...] = ()) -> tuple[str | None, str | None, str]:
    """(province, local unit, rest of the phrase) for a cleaned phrase. `units` are the article's units named
    so far by level ("city" -> "Song Cong City"): "the City Party Committee" of an article about a city inside
    a province is that city's."""
    m = province_regex().search(text)
    if m:
        province = canonical_province(m.group(1))
        city = re.match(r"\s+city(?:'s)?\b", text[m.end():])
        if city and province and province not in municipalities() and not m.group(1).endswith("city"):
            # "Cao Bang City Party Committee": the provincial capital named after its province, a city inside it
            rest = re.sub(r"\s+", " ", (text[:m.start()] + " " + text[m.end() + city.end():])).strip()
            return province, f"{province} City", re.sub(r"\bof\s*$", "", rest).strip()
        # "... of the Mekong Delta province of Vinh Long": a description of the province before its name
        head = _DESCRIBED_PROVINCE.sub(" of ", text[:m.start()])
        rest = (head + " " + re.sub(r"^\s*(provincial|province'?s?|city'?s?|municipal)\b", "",
                                    text[m.end():])).strip()
        rest = re.sub(r"\bof\s*$", "", re.sub(r"\s+", " ", rest)).strip()
        rest = re.sub(r"\bof( provincial)?$", "", rest).strip()
        rest = re.sub(r"\s+", " ", re.sub(r"\b(provincial|province'?s?|municipal)\b", " ", rest)).strip()
        return province, None, rest
    tm = _TRAILING_LEVEL.match(text)
    if tm and not _not_a_unit_name().search(tm.group("name")):
        return context, f"{_title(tm.group('name'))} {tm.group('lvl').title()}", tm.group("rest")
    om = _OF_UNIT.match(text)
    if om and not _not_a_unit_name().search(om.group("name")):   # "people's council of nha trang ward"
        if _the_city_itself(om.group("name"), om.group("lvl"), context):
            return context, None, om.group("rest")
        return context, f"{_title(om.group('name'))} {om.group('lvl').title()}", om.group("rest")
    lm = _LOCAL_LEVEL.match(text)
    if lm and not _not_a_unit_name().search(lm.group("name")):  # "provincial and district ...": levels, not a unit
        unit = f"{_title(lm.group('name'))} {lm.group('lvl').title()}"
        return context, unit, lm.group("rest")
    # a level word without a name refers back to the unit of that level the article named
    bare = re.match(r"^(?:.*\bof )?(district|city|town|ward|commune)(?:'s)? (?P<rest>.+)$", text)
    if bare and not (bare.group(1) == "city" and context in municipalities()):
        unit = dict(units).get(bare.group(1))
        if unit:
            inner = text[:bare.start(1)] + bare.group("rest")
            return context, unit, re.sub(r"\s+", " ", re.sub(r"\bof\s*$", "", inner)).strip()
    rest = re.sub(r"\s+of (?:the )?province$", "", text)      # "the Fatherland Front Committee of the province"
    rest = re.sub(r"\b(provincial|province'?s?|municipal)\b", " ", rest)
    rest = re.sub(r"^city'?s?\b", " ", rest)
    if context in municipalities():   # "the Organisation Commission of City Party Committee" of Da Nang: the city's
        rest = re.sub(r"\s*\bof\s*$", "", re.sub(r"\bof (?:the )?city'?s?\b", "of ", rest))
    return context, None, re.sub(r"\s+", " ", rest).strip()


def _form_core(rest: str) -> str:
    """The board's own name without the party-committee prefix: "propaganda and education board"."""
    return re.sub(r"^(party committee'?s?|party)\s+", "", rest).strip()


def _form_key(kind: BodyKind) -> str:
    """What stands for the printed form in the key of a body whose label follows the printed form: the kind,
    less the word the label already has before it ("{S} Party {FORM}" and "party-propaganda" -> "propaganda",
    so the key is "x-provincial-party-propaganda", not "...-party-party-propaganda")."""
    before = kind.label.split("{FORM}")[0].split()
    word = before[-1].lower() if before else ""
    return kind.kind.removeprefix(f"{word}-") if word else kind.kind


def _make(kind: BodyKind, groups: dict[str, str], province: str | None, unit: str | None,
          rest: str, printed: str, former: bool) -> ResolvedBody:
    if kind.national:
        x = _title(groups.get("x", ""))
        label = kind.label.format(X=x, W=_title(groups.get("w") or kind.word))
        return ResolvedBody(slug(label), label, kind.kind, None, None, None, True, label, former)
    place = unit or province
    s = unit if unit else (scope_label(province) if province else "")
    p = unit if unit else (province or "")
    x = groups.get("x", "")
    if x:
        x = " ".join(body_synonyms().get(w, w) for w in x.split())
        x = _title(x)
    form_label = _title(_form_core(rest))
    label = kind.label.format(S=s, P=p, X=x, FORM=form_label, W=_title(groups.get("w") or kind.word)).strip()
    parent = None
    if kind.parent:
        pk = body_kind(kind.parent)
        plabel = pk.label.format(S=s, P=p, X="", FORM="", W=pk.word).strip()
        parent = ResolvedBody(slug(plabel), plabel, pk.kind, place, province, None, False, plabel)
    key_label = (kind.label.format(S=s, P=p, X=x, FORM=_form_key(kind), W=kind.word)
                 if kind.keep_form or kind.word else label)
    return ResolvedBody(slug(key_label), label, kind.kind, place, province, parent, False, label, former)


def _owned(rest: str) -> re.Match[str] | None:
    """"X of Y" or "Y's X" where Y is a body of a known kind, Y as long as it can be ("the Department of Finance
    of the People's Committee" is the Committee's); the first split when no Y is known."""
    splits = [m for m in re.finditer(r" of ", rest)]
    tries = [re.fullmatch(rf"(?P<x>.{{{m.start()}}}) of (?P<y>.+)", rest) for m in splits]
    tries.append(re.fullmatch(r"(?P<y>.+?)'s (?P<x>.+)", rest))
    found = [t for t in tries if t]
    return next((t for t in found if _match_kind(t.group("y"))), found[0] if found else None)


_LOCAL = re.compile(r"\b(?:provincial|province'?s?|municipal)\b")   # "the provincial Committee for ...": not national
# an owner without what it owns ("the council's"), or a head noun alone after one ("the council's committees")
_NO_BODY = re.compile(r"(?:the )?(?:[\w-]+ )*[\w-]+'s(?: \w+s)?")


@lru_cache(maxsize=16384)
def resolve_body(phrase: str, context_province: str | None,
                 units: tuple[tuple[str, str], ...] = ()) -> ResolvedBody | None:
    """Canonical body for a printed phrase, scoped to the place it names or else to `context_province` (or,
    for "the City/District ..." with no name, to the unit of that level in `units`)."""
    text = _clean(phrase)
    former = bool(_FORMER.search(fold(phrase)))
    if not text or len(text) > 160 or _NO_BODY.fullmatch(text):
        return None
    province, unit, rest = _split_scope(text, context_province, units)
    rest = rest.strip()
    if not rest:
        return None
    for candidate in (rest, _form_core(rest)):
        # "the Vietnam Fatherland Front of Kon Tum province": a national organisation named with a province is its
        hit = _match_kind(candidate, local=bool(province and (province_regex().search(text) or _LOCAL.search(text))))
        if hit and (not hit[0].national or not unit):
            kind, groups = hit
            if kind.national or province or unit:
                return _make(kind, groups, province, unit, candidate, phrase, former)
    # "X of Y" / "Y's X" where Y is a body: "Party Committee of the Provincial People's Committee"
    # ("X under Y": "the Department of Personnel under the Ministry of Home Affairs" is the Ministry's)
    rest = re.sub(r" under (?:the )?", " of ", rest)
    m = _owned(rest)
    if m:
        outer = _match_kind(m.group("y"))
        if outer is None and " of " not in m.group("x"):
            # "the Standing Committee of the Ba Be District Party Committee": the owner names its own unit
            whole = resolve_body(m.group("y"), context_province, units)
            inner = _match_kind(m.group("x"))
            if whole is not None and whole.scope and whole.scope != whole.province and inner \
                    and inner[0].parent == whole.kind:
                return _make(inner[0], inner[1], whole.province, whole.scope, m.group("x"), phrase, former)
        if outer and not outer[0].national and (province or unit):
            # "the Propaganda Department of the X Provincial Party Committee" is the X Provincial Party
            # Propaganda Department: a kind of body that is part of the outer kind, named the other way round
            inner = _match_kind(m.group("x"))
            if inner and inner[0].parent == outer[0].kind:
                return _make(inner[0], inner[1], province, unit, m.group("x"), phrase, former)
        if outer and (outer[0].national or province or unit):
            parent = _make(outer[0], outer[1], province, unit, m.group("y"), phrase, False)
            if not _heads().search(m.group("x")):
                return parent            # "Representatives of the Ministry", "Leaders of the Council": the body
            # "the Youth Union of the Department of Health": a chapter of a kind any body may have, its own
            inner = _match_kind(m.group("x"))
            kind = inner[0].kind if inner and inner[0].kind in chapter_kinds() else "body"
            # a Party kind only when the printed name says so: "the Standing Committee of the Youth Union" is
            # the Union's own, not a Party body
            if kind.startswith("party-") and not re.search(r"\b(party|executive)\b", m.group("x")):
                kind = "body"
            label = f"{chapter_labels().get(kind) or _title(m.group('x'))} of {parent.label}"
            return ResolvedBody(slug(label), label, kind, parent.scope, province, parent, parent.national, label,
                                former)
    # an unknown body keeps its printed form, prefixed with its scope when the text scoped it
    if re.fullmatch(r"(commission|committee|department|board|agency|body|council|office)s?", rest):
        return None                      # a bare head noun names no particular body
    label = _title(rest)
    if unit:
        label = f"{unit} {label}"
    elif province and re.search(r"\b(provincial|province)\b", text):
        label = f"{scope_label(province)} {label}"
    elif province and province_regex().search(text):
        label = _title(text)
    return ResolvedBody(slug(label), label, "body", unit or (province if province_regex().search(text) else None),
                        province, None, False, label, former)
