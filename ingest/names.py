"""Find people's names in a sentence: Vietnamese name shapes, not places that look like names."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache

from provkg.ingest.lexicon import (
    address_pattern,
    body_head_nouns,
    names,
    place_data,
    role_regex,
    roles,
    surnames,
    venue_heads,
)

_PHOTO_BEFORE = re.compile(r"(?:(?i:photo|photos|image|video|source|reported by|translated by)|^By)\s*:?\s*$")
_TOKEN = re.compile(r"[A-Z]['’][A-Z][a-z]+|[A-Za-z]+(?:-[A-Za-z]+)?|['’]s\b|[^\sA-Za-z]")
_TITLE_SEP = re.compile(r"\s*(?:,|-|–)\s*")
_NAME_WORD = re.compile(r"(?:[A-Z]['’])?[A-Z][a-eg-ik-vxy]{0,6}")
_EDE_PREFIX = re.compile(r"[A-Z]['’]")


@cache
def _never_in_name() -> frozenset[str]:
    """Capitalised words that never belong to a person's name: the names.toml list, every word of a title
    (roles.toml: "Secretary", "Deputy", "Chairman") and the head nouns of bodies ("Committee", "Union")."""
    titles = {w for form in roles() for w in form.title().split()} | {w for form in roles() for w in form.split()
                                                                      if w[:1].isupper()}
    heads = {h.title() for h in body_head_nouns()}
    return frozenset(names()["never_in_name"]) | titles | heads


@cache
def _followers() -> frozenset[str]:
    """Capitalised words that, right after a name-like sequence, make it a place or an organisation: the
    names.toml list, the nouns that head bodies, venues, and geographic features and sites."""
    heads = {w for h in body_head_nouns() for w in (h, h.title())}
    venues = {w for h in venue_heads() for w in h.split()}
    return frozenset(names()["not_person_followers"]) | heads | venues | _features()


@cache
def _features() -> frozenset[str]:
    """The nouns of geographic features and sites (places.toml), which are also given names ("Bay", "Hill")."""
    return frozenset(place_data()["features"]["nouns"] + place_data()["features"]["sites"])


@cache
def _role_before() -> re.Pattern[str]:
    """A title right before a name ("Chairman ", "Provincial Party Secretary "): it addresses a person."""
    return re.compile(role_regex().pattern + r"\s+$", re.I)


@cache
def _honorific_before() -> re.Pattern[str]:
    """An address word or rank right before a name ("Mr. ", "comrade ", "Senior Colonel ")."""
    return re.compile(rf"(?<![\w])(?:{address_pattern()})\s+$")


@cache
def _honorific_at() -> re.Pattern[str]:
    """An address word or rank starting here, followed by more words: never the start of a name itself."""
    return re.compile(rf"(?:{address_pattern()})\s+(?=\S)")


# a dateline's dash after a place: "LAM DONG - ", "Lam Dong — "
_DATELINE_DASH = re.compile(r"\s+[-–—]\s")


_INDEX: dict[int, tuple[Sequence[NameSpan], list[int], frozenset[int]]] = {}


def _index(names: Sequence[NameSpan]) -> tuple[list[int], frozenset[int]]:
    """The starts of a sentence's names, sorted and as a set, built once per list (the stages ask about the
    same sentence's names many times: asking by scanning them all made long texts quadratic)."""
    entry = _INDEX.get(id(names))
    if entry is None or entry[0] is not names:
        if len(_INDEX) > 64:
            _INDEX.clear()
        entry = _INDEX[id(names)] = (names, [n.start for n in names], frozenset(n.start for n in names))
    return entry[1], entry[2]


def name_starts(names: Sequence[NameSpan]) -> frozenset[int]:
    """Where the names of a sentence start."""
    return _index(names)[1]


def name_at(names: Sequence[NameSpan], pos: int) -> NameSpan | None:
    """The name covering offset `pos`, if any (names sorted by start, not overlapping)."""
    i = bisect_right(_index(names)[0], pos) - 1
    return names[i] if i >= 0 and names[i].start <= pos < names[i].end else None


def names_before(names: Sequence[NameSpan], pos: int) -> Sequence[NameSpan]:
    """The names that end at or before `pos`."""
    i = bisect_right(_index(names)[0], pos)
    while i > 0 and names[i - 1].end > pos:
        i -= 1
    return names[:i]


def names_after(names: Sequence[NameSpan], pos: int) -> Sequence[NameSpan]:
    """The names that start at or after `pos`."""
    return names[bisect_left(_index(names)[0], pos):]


@dataclass(frozen=True)
class NameSpan:
    start: int
    end: int
    name: str
    honorific: bool          # introduced by Mr./Ms./comrade ...


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in
            _TOKEN.finditer(text)]


def _title_follows(rest: str) -> bool:
    """'Hoang Nam, Standing Vice Chairman of ...': a title right after the words makes them a name."""
    m = _TITLE_SEP.match(rest)
    return bool(m) and bool(role_regex().match(rest, m.end()))


def _appositive_title(rest: str) -> bool:
    """'X, Secretary of ...': a title right after the words that describes them, not one that addresses the
    next name ('Ha Long Bay, Chairman Nguyen Van A said')."""
    m = _TITLE_SEP.match(rest)
    r = role_regex().match(rest, m.end()) if m else None
    if not r:
        return False
    after = rest[r.end():].split(maxsplit=1)
    return not after or after[0].strip(",.") not in surnames()


def _is_name_word(word: str) -> bool:
    """A Vietnamese name syllable: capitalised, at most 7 letters, none of f, j, w, z
    (or an Ede/Jarai given name with its H' or Y' prefix: "H'Kim")."""
    return bool(_NAME_WORD.fullmatch(word))


def _given_after_middle(toks: list[tuple[int, int, str]], j: int, inner: Collection[str]) -> bool:
    """"On" of "Khoang Thi On": a given name spelt like a function word, right after a middle name."""
    return toks[j][2] in names().get("given_like_english_words", ()) and j > 0 and toks[j - 1][2] in inner


def find_names(text: str, is_place: Callable[[str], bool] = lambda s: False,
               is_province: Callable[[str], bool] = lambda s: False) -> list[NameSpan]:
    """Name spans in `text` (diacritics already stripped).

    A name starts with a known surname (or follows Mr./Ms./comrade), runs over 2-5
    capitalised name words, and is not followed by a place or organisation word
    ("Phan Thiet City", "Ho Chi Minh Communist Youth Union") nor itself a known place.
    """
    lex = names()
    family, never = surnames(), _never_in_name()
    inner, followers = lex["name_inner_words"], _followers()
    toks = _tokens(text)
    out: list[NameSpan] = []
    i = 0
    while i < len(toks):
        s, e, w = toks[i]
        if not _is_name_word(w) and w not in family:     # (a listed family name may be longer: "Chamalea")
            i += 1
            continue
        # search only the text just before the word (the patterns end at it): scanning all of text[:s] for
        # every token made a long run-on "sentence" quadratic (minutes for 100 KB of "Mr. Mr. ...")
        before = max(0, s - 80)
        if _honorific_at().match(text, s):
            i += 1                       # "Colonel" of "Colonel General X": part of the rank, not the name
            continue
        honor = bool(_honorific_before().search(text, before, s))
        ede = bool(_EDE_PREFIX.match(w))
        prefix = w in lex.get("titled_prefixes", ()) and not honor   # "A Khuon, Director of ...": only if titled
        if not prefix and ((w not in family and not honor and not ede) or (w in never and w not in family)):
            i += 1
            continue
        j = i + 1
        while j < len(toks) and j - i < 5 and _is_name_word(toks[j][2]) and (
                toks[j][2] not in never or toks[j][2] in inner or _given_after_middle(toks, j, inner)) \
                and toks[j][2] not in followers and toks[j][0] == toks[j - 1][1] + 1:
            j += 1
        # a trailing inner word ("The", "A") is not part of the name
        while j > i + 1 and toks[j - 1][2] in never and toks[j - 1][2] not in family \
                and not _given_after_middle(toks, j - 1, inner) \
                and not (toks[j - 1][2] in inner and _appositive_title(text[toks[j - 1][1]:toks[j - 1][1] + 80])):
            j -= 1                       # ("Tran Huu The, Member of ...": a title after it makes it the given name)
        if j < len(toks) and j - i < 5 and toks[j][2] in _features() and toks[j][0] == toks[j - 1][1] + 1 \
                and _is_name_word(toks[j][2]) and toks[j][2] not in never and (
                    honor or _appositive_title(text[toks[j][1]:toks[j][1] + 80])
                    or _role_before().search(text, before, s)):
            j += 1                       # "Hoang Van Bay, Secretary of ...": a feature noun that is a given name
        n = j - i
        nxt = toks[j][2] if j < len(toks) else ""
        name = text[s:toks[j - 1][1]]
        # one word is a name only as an ethnic-minority name with its prefix after an address ("Mr. K'Mak")
        ok = 2 <= n <= 5 or (n == 1 and honor and ede)
        if ok and nxt in followers:
            ok = False
        if ok and nxt in ("'s", "’s") and j + 1 < len(toks) and toks[j + 1][2] in followers:
            ok = False
        if ok and _PHOTO_BEFORE.search(text, before, s):
            ok = False
        prev_tok = toks[i - 1][2] if i else ""
        if ok and i and toks[i - 1][1] + 1 == s and _is_name_word(prev_tok) and not honor \
                and any(is_place(f"{prev_tok} {' '.join(name.split()[:k])}") for k in range(len(name.split()), 0, -1)):
            ok = False                   # "Buon Ma Thuot", "Dien Bien Phu Victory": inside a longer place name
        rest = text[toks[j - 1][1]:toks[j - 1][1] + 80]
        titled = _title_follows(rest)
        if ok and prefix and not (n >= 2 and _appositive_title(rest)):
            ok = False
        # a title right before the name addresses a person: "Chairman Lam Dong was born in ..."
        rb = _role_before().search(text, before, s)
        titled_before = bool(rb) and rb.group(1)[0].isupper()
        if ok and name in lex["historical_figures"] and not (honor or titled):
            ok = False                   # "Ho Chi Minh's ideology"; "Colonel Pham Van Dong, Chief of ..." is news
        if ok and not honor and not titled_before and is_place(name) and (
                not titled or is_province(name) and _DATELINE_DASH.match(rest)):
            ok = False                   # "Lam Dong - Deputy Secretary ...": a dateline, not a person
        if ok:
            out.append(NameSpan(s, toks[j - 1][1], name, honor))
            i = j
        else:
            i += 1
    return out
