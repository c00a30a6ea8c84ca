"""Mergers of bodies and administrative units, and the date each takes effect.

The 2025 restructuring merged party boards, people's committee departments, project boards,
mass organisations, communes, wards and provinces. A merger clause has one of a few shapes,
whose words are data (ontology/merges.toml): the sources then the result ("A and B are merged
into C"), the result then the sources ("C is established on the basis of merging A and B"), a
partner ("A was merged with B"), an absorption ("C absorbs A"), or provinces merged with no
result named, which the administrative registry completes. The parties of a clause are body
mentions, provinces and communes/wards; a merger is dated once every clause of the article is
read, so that a date stated for one merger is not lent to another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from provkg.ingest import gazetteer
from provkg.ingest.bodies import ResolvedBody, resolve_body
from provkg.ingest.dates import DateMention, find_dates
from provkg.ingest.facts import Body, Evidence, Merge, Place
from provkg.ingest.lexicon import body_head_nouns, merge_counts, merge_grammar
from provkg.ingest.mentions import find_body_mentions
from provkg.ingest.names import NameSpan
from provkg.ingest.scope import canonical_province, municipalities, province_regex
from provkg.ingest.segment import Sentence
from provkg.ingest.text import slug

if TYPE_CHECKING:
    from provkg.ingest.context import Context

PROVINCE, UNIT, BODY = "province", "unit", "body"
_UNIT_KINDS = ("commune", "ward", "district", "town", "township", "city")
_MAX_CLAUSE = 1500            # a longer "clause" is not prose: no merger is read from it


@dataclass(frozen=True)
class Party:
    """A body or unit a merger clause names, where it stands in the clause."""

    start: int
    end: int
    body: ResolvedBody
    family: str               # PROVINCE, UNIT (district, commune, ward) or BODY
    referred: bool = False    # named by referring back ("the new committee", "it"), so a new body


Merger = tuple[list[ResolvedBody], ResolvedBody]      # (the merged parties, what they became)


@dataclass(frozen=True)
class Found:
    """One merger read from one clause."""

    sources: tuple[ResolvedBody, ...]
    result: ResolvedBody
    sentence: Sentence
    clause: str


# --- the grammar, compiled from ontology/merges.toml ------------------------------------------

def _alt(phrases: tuple[str, ...]) -> str:
    """An alternation of phrases, longest first; a space matches any run of spaces."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


def _words(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?i)(?<![\w-])(?:{_alt(phrases)})(?![\w-])")


def _filler(phrases: tuple[str, ...], extra: str = "") -> re.Pattern[str]:
    """A stretch made only of these words (and spaces, commas, quotes): fullmatch it."""
    return re.compile(rf"(?i)(?:[\s,:\"“”'‘’]|{extra}(?:{_alt(phrases)})(?![\w-]))*")


@dataclass(frozen=True)
class _Grammar:
    trigger: re.Pattern[str]
    forward: re.Pattern[str]
    forward_gap: re.Pattern[str]
    absorbing: re.Pattern[str]
    backward: re.Pattern[str]
    backward_noun: re.Pattern[str]
    made_from: re.Pattern[str]
    lead: re.Pattern[str]
    partner: re.Pattern[str]
    absorb: re.Pattern[str]
    absorb_gap: re.Pattern[str]
    duties: re.Pattern[str]
    ends: re.Pattern[str]
    weak: re.Pattern[str]
    creation: re.Pattern[str]
    filler: re.Pattern[str]
    naming: re.Pattern[str]
    unnamed: re.Pattern[str]
    collective: re.Pattern[str]
    effective: re.Pattern[str]
    took_effect: re.Pattern[str]
    started: re.Pattern[str]
    operation: re.Pattern[str]
    announcement: re.Pattern[str]
    background: re.Pattern[str]
    joiner: re.Pattern[str]
    heads: tuple[str, ...]
    when_created: re.Pattern[str]
    collective_bodies: re.Pattern[str]


@cache
def _grammar() -> _Grammar:
    g = merge_grammar()
    parties = g["parties"]
    modifiers = _alt(parties["modifiers"])
    # "A with the three communes of B, C and D": a count and a plural kind word may open the next parties
    several = rf"(?:(?:{_alt(tuple(merge_counts()))})\s+)?(?:(?:{_alt(g['collectives']['nouns'])})\s+of\s+)?"
    joiner = (rf"(?i)\s*(?:\((?:{modifiers})\)\s*)?,?\s*(?:(?:{_alt(parties['joiners'])})\s+)?"
              rf"(?:the\s+)?(?:(?:{modifiers})\s+)?{several}")
    return _Grammar(
        trigger=_words(g["triggers"]["phrases"] + g["absorb"]["verbs"] + g["partner"]["connectors"]),
        forward=_words(g["forward"]["connectors"]),
        forward_gap=_filler(g["forward"]["gap"]),
        absorbing=_words(g["forward"]["absorbing"]),
        backward=_words(g["backward"]["connectors"]),
        backward_noun=_words(g["backward"]["nouns"]),
        made_from=re.compile(rf"(?i)\s*(?:{_alt(g['backward']['made_from'])})\b"),
        lead=_filler(g["backward"]["lead"]),
        partner=_words(g["partner"]["connectors"]),
        absorb=_words(g["absorb"]["verbs"]),
        duties=_filler(g["absorb"]["duties"]),
        ends=_words(g["absorb"]["ends"]),
        absorb_gap=re.compile(rf"(?i)\s*(?:,\s*(?:which|that)\s+)?(?:(?:{_alt(g['absorb']['gap'])})\s+)*"),
        weak=re.compile(rf"(?i)(?:{_alt(g['backward']['weak'])})"),
        creation=_words(g["backward"]["creation"]),
        filler=_filler(g["result"]["filler"]),
        naming=re.compile(rf"(?i)(?:{_alt(g['result']['naming'])})\s*[\"“]?\s*$"),
        unnamed=re.compile(rf"(?i)\s*(?:{_alt(g['result']['unnamed'])})(?![\w-])"),
        collective=re.compile(rf"(?i)\b(?:the|these|those)\s+({_alt(tuple(merge_counts()))})\s+(?:former\s+)?"
                              rf"(?:{_alt(g['collectives']['nouns'])})\b"),
        effective=_date_cue(g["dates"]["effective"]),
        took_effect=_date_cue(g["dates"]["took_effect"]),
        started=_date_cue(g["dates"]["started"]),
        operation=_words(g["dates"]["operation"]),
        announcement=_words(g["dates"]["announcement"]),
        background=_words(g["dates"]["background"]),
        joiner=re.compile(joiner),
        heads=tuple(parties["heads"]),
        when_created=re.compile(rf"(?i)(?<![\w-])(?:{_alt(g['when']['creation'])})\b[^.;]{{0,100}}?"
                                rf"(?<![\w-])(?:{_alt(g['when']['conjunctions'])})\s+"),
        # "on the basis of merging the two provincial Party Committees": one body of that head for each place
        collective_bodies=re.compile(rf"(?i)\s*(?:the\s+)?({_alt(tuple(merge_counts()))})\s+(?:former\s+|old\s+)?"
                                     r"(provincial\s+|city\s+|district\s+|commune\s+|ward\s+)?"
                                     r"((?:[\w'’-]+\s+){0,3}?[\w'’-]+?s)\b"),
    )


def _date_cue(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One of the phrases right before a date ("with effect from (the 1st of) July 1")."""
    return re.compile(rf"(?i)(?<![\w-])(?:{_alt(phrases)})\s*(?:the\s+\w+\s+of\s+)?\(?\s*$")


# --- parties: the bodies and units a clause names ----------------------------------------------

_CAP = r"[A-Z][\w'’-]*"


@cache
def _board_forms() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"the Propaganda Board and the Mass Mobilization Board of the X Party Committee" (each is the X's) and
    "the Mass Mobilization Board of the X Party Committee" (the X Party Committee's): shared and inverted forms
    of a committee's boards, which bodies.toml resolves in the possessive form."""
    heads = "|".join(h.capitalize() for h in body_head_nouns())
    board = rf"(?:{_CAP}\s+(?:(?:and|&)\s+)?){{0,6}}(?:{heads})"
    committee = rf"(?:{_CAP}\s+){{1,6}}(?:Committee|Council)"
    return (re.compile(rf"\bthe\s+({board})\s+and\s+the\s+({board})\s+of\s+the\s+({committee})\b"),
            re.compile(rf"\bthe\s+({board})\s+of\s+the\s+({committee})\b"))
# "the City Party Committee" in an article about one city: that city's
_BARE_LEVEL = re.compile(r"(City|District|Town|Commune|Ward)\s+(?:Party|People's)\s")
_BARE_COMMITTEE = re.compile(r"\b[Tt]he\s+((?:City|District|Town|Commune|Ward)\s+(?:Party|People's)\s+"
                             r"(?:Executive\s+)?(?:Committee|Council))\b")

_NAME_WORD = r"[A-Z](?:[a-z]+|['’][A-Za-z][a-z]+)"          # "Dak", "R'Tih", "H'Leo", not "Today's"
# a one-letter syllable inside a name: "Mau A town", "Nam Po A"
_NAME = rf"{_NAME_WORD}(?:[ -](?:{_NAME_WORD}|[A-Z](?![\w'’-]))){{0,3}}"
_KIND = r"(?i:commune|ward|district|town|township|city)"
_STOP_WORDS = {"The", "A", "New", "Old", "Former", "Each", "Every", "This", "That", "These", "Those", "Under",
               "In", "Of", "Today", "All", "Both", "Two", "Three", "Four", "Five", "Its", "Their", "Merged"}
_UNIT_ONE = re.compile(rf"\b({_NAME})\s+({_KIND})\b(?!\s*-)")
_UNIT_NUMBERED = re.compile(rf"\b({_KIND})\s+(\d{{1,2}})\b")
_UNIT_LIST = re.compile(rf"\b({_NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_NAME}){{1,9}})\s+({_KIND})s\b")
_UNIT_KIND_FIRST = re.compile(rf"\b({_KIND})s\s*(?:\s+of\s+|:\s*|\s+)"
                              rf"({_NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_NAME}){{1,9}})")
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


@cache
def _province_ci() -> re.Pattern[str]:
    return re.compile(province_regex().pattern, re.I)


_PLACE = rf"(?:(?:the\s+)?(?:former\s+|old\s+)?{_CAP}(?:\s+(?:-\s+)?{_CAP}){{0,4}}(?:\s*\((?:old|former)\))?)"
# the places a plural head is "of": "of the former Can Tho City, Hau Giang Province and Soc Trang Province"
_PLACES = re.compile(rf"\s*(?:[:,]\s*those\s+)?\s*of\s+({_PLACE}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_PLACE}){{1,6}})")
# up to five words before a plural head: "the Party", "three land fund development"
_HEAD_WORDS = re.compile(r"(?:[\w'’-]+\s+){0,5}$")


@cache
def _plural_heads() -> re.Pattern[str]:
    """"the Party Committees of A, B and C", "three land fund development centers: those of A, B and C"."""
    heads = sorted({*body_head_nouns(), *_grammar().heads}, key=len, reverse=True)
    plural = "|".join(h[:-1] + "ies" if h.endswith("y") else h if h.endswith("s") else h + "s" for h in heads)
    return re.compile(rf"(?i)\b(?:{plural})\b")


@cache
def _extra_head_phrase() -> re.Pattern[str]:
    heads = "|".join(h.capitalize() for h in _grammar().heads)
    return re.compile(rf"\b(?:{_CAP}\s+(?:(?:of|for|and|&|-)\s+)?){{1,8}}(?:{heads})\b")


_FUNCTION_WORD = re.compile(r"(?i)the|a|an|of|by|and|with|from|to|into|on|for|in|existing|former|old|two|three|"
                            r"four|five|six|seven|eight|nine|ten|\d+|[\w-]+ing|[\w-]+ed")


def _singular(noun_phrase: str) -> str:
    words = noun_phrase.split()
    last = words[-1]
    last = last[:-3] + "y" if last.endswith("ies") else last[:-1] if last.endswith("s") else last
    return " ".join([*words[:-1], last])


def _province_body(name: str) -> ResolvedBody:
    """A province (or centrally-run city) as a party to a merger."""
    label = f"{name} City" if name in municipalities() and not name.endswith("City") else \
        name if name.endswith("City") else f"{name} Province"
    return ResolvedBody(slug(f"{name} province"), label, PROVINCE, name, name, None, False, label)


def _unit_body(name: str, kind: str, province: str | None) -> ResolvedBody:
    kind = "town" if kind.lower() == "township" else kind.lower()
    label = f"{name} {kind.title()}" if not name[:1].isdigit() else f"{kind.title()} {name}"
    return ResolvedBody(slug(f"{province or 'vn'} {label}"), label, kind, label, province, None, False, label)


def _strip_stop_words(name: str) -> tuple[str, int]:
    """("Today Trang Dai", 6) style: drop sentence words that are not part of a unit's name."""
    words = name.split(" ")
    cut = 0
    while len(words) > 1 and words[0] in _STOP_WORDS:
        cut += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), cut


def _unit_parties(text: str, province: str | None) -> list[Party]:
    """Communes, wards, district-level towns and cities named in the clause, one party each."""
    out: list[Party] = []
    for m in _UNIT_LIST.finditer(text):
        pos = m.start(1)
        parts = _LIST_SPLIT.split(m.group(1))
        for i, part in enumerate(parts):
            at = text.index(part, pos)
            name, cut = _strip_stop_words(part)
            end = m.end() if i == len(parts) - 1 else at + len(part)   # the last one carries the kind word
            out.append(Party(at + cut, end, _unit_body(name, m.group(2), province), UNIT))
            pos = at + len(part)
    for m in _UNIT_KIND_FIRST.finditer(text):
        parts = _LIST_SPLIT.split(m.group(2))
        if re.search(rf"{_NAME_WORD}\s+$", text[max(0, m.start() - 30):m.start()]) or \
                any(re.search(rf"\s{_KIND}$", p) for p in parts):
            continue                      # "Phu Tan wards of Thu Dau Mot City": the kind ends a list, "of" its unit
        pos = m.start(2)
        for i, part in enumerate(parts):
            at = text.index(part, pos)
            name, cut = _strip_stop_words(part)
            out.append(Party(m.start() if i == 0 else at + cut, at + len(part),
                             _unit_body(name, m.group(1), province), UNIT))
            pos = at + len(part)
    for m in _UNIT_NUMBERED.finditer(text):
        out.append(Party(m.start(), m.end(), _unit_body(m.group(2), m.group(1), province), UNIT))
    for m in _UNIT_ONE.finditer(text):
        name, cut = _strip_stop_words(m.group(1))
        if name in _STOP_WORDS or canonical_province(name) and m.group(2).lower() == "city" and \
                canonical_province(name) in municipalities():
            continue                      # "Can Tho City" is a province-level city, not a unit
        out.append(Party(m.start() + cut, m.end(), _unit_body(name, m.group(2), province), UNIT))
    # "Trang Dai Ward of Bien Hoa City": the unit that contains a party is no party
    out.sort(key=lambda p: (p.start, p.start - p.end))
    kept: list[Party] = []
    for p in out:
        if kept and kept[-1].end <= p.start and re.fullmatch(r",?\s+of\s+(?:the\s+)?(?:former\s+|old\s+)?",
                                                             text[kept[-1].end:p.start]):
            kept[-1] = replace(kept[-1], end=p.end)    # "Trang Dai Ward of Bien Hoa City": one party
        else:
            kept.append(p)
    return kept


_PROVINCE_WORD = re.compile(r"(?i)\b(?:provinces?|cities|city|localities)\b")


def _province_parties(text: str) -> list[Party]:
    """Provinces and centrally-run cities named as themselves (not inside a body's or a unit's name). Without a
    word such as "province" in the clause a bare "Binh Dinh" may stand for its authorities: mergers of such
    bare names are kept only when the registry agrees (see _registry_agrees)."""
    out = []
    for m in _province_ci().finditer(text):
        name = canonical_province(m.group(1))
        if not name:
            continue
        after = text[m.end():m.end() + 40]
        kind_word = re.match(r"(?i)\s+(provinces?|city)\b", after)
        if re.match(r"(?i)\s+(?:ward|commune|district|town|township|hamlet)\b", after):
            continue                      # a unit named like the province
        if kind_word and kind_word.group(1).lower() == "city" and name not in municipalities() \
                and not m.group(1).lower().endswith("city"):
            continue                      # "Ha Tinh City" is a city inside Ha Tinh
        rest = after[kind_word.end():] if kind_word else after
        if re.match(r"\s+(?:[A-Z]|provincial\b|party\b|people)", rest) or re.match(r"['’]s\s", rest):
            continue                      # "Gia Lai Provincial Party Committee", "Dak Lak's People's Committee"
        start = m.start()
        before = re.search(r"(?i)(?:\b(?:the\s+)?(?:former|old)\s+)?(?:\b(?:city|province)\s+of\s+)?$",
                           text[max(0, start - 30):start])
        if before:
            start -= len(before.group(0))
        end = m.end() + (kind_word.end() if kind_word else 0)
        old = re.match(r"\s*\((?:old|former)\)", text[end:])
        out.append(Party(start, end + (old.end() if old else 0), _province_body(name), PROVINCE))
    return out


def _distributive_parties(text: str, province: str | None) -> list[Party]:
    """One party a place for "the Party Committees of A, B and C": A's, B's and C's Party Committee."""
    out = []
    for noun in _plural_heads().finditer(text):
        m = _PLACES.match(text, noun.end())
        if not m:
            out.extend(_places_before_plural(text, noun, province))
            continue
        lead = _HEAD_WORDS.search(text[max(0, noun.start() - 80):noun.start()])
        words = [*(lead.group(0).split() if lead else []), noun.group(0)]
        keep = len(words)
        while keep > 1 and not _FUNCTION_WORD.fullmatch(words[keep - 2]) and not \
                _grammar().trigger.fullmatch(words[keep - 2]):
            keep -= 1
        head = _singular(" ".join(words[keep - 1:]))
        head_start = noun.start() - sum(len(w) + 1 for w in words[keep - 1:-1])
        places = [p for p in _LIST_SPLIT.split(m.group(1)) if p]
        pos = m.start(1)
        found = []
        for i, raw in enumerate(places):
            at = text.index(raw, pos)
            pos = at + len(raw)
            place = re.sub(r"(?i)^(?:the\s+)?(?:former\s+|old\s+)?|\s*\((?:old|former)\)$", "", raw).strip()
            if not canonical_province(place) and not re.search(rf"\b{_KIND}$", place):
                break
            body = resolve_body(f"{place} {head}", province)
            if body is None:
                break
            found.append(Party(head_start if i == 0 else at, at + len(raw), body, BODY))
        if len(found) == len(places) >= 2:
            out.extend(found)
    return out


_PLACES_BEFORE = re.compile(rf"({_PLACE}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_PLACE}){{1,6}})\s+$")


def _places_before_plural(text: str, noun: re.Match[str], province: str | None) -> list[Party]:
    """"the Quang Ngai and Kon Tum Provincial Party Committees": one party a province, the words after the last
    province name being the shared head."""
    m = _PLACES_BEFORE.search(text, max(0, noun.start() - 160), noun.start())
    if not m:
        return []
    places = [p for p in _LIST_SPLIT.split(m.group(1)) if p]
    last = _province_ci().match(re.sub(r"(?i)^(?:the\s+)?(?:former\s+|old\s+)?", "", places[-1]))
    if not last:
        return []
    shared = places[-1][places[-1].index(last.group(0)) + len(last.group(0)):].strip()
    head = _singular(f"{shared} {noun.group(0)}".strip())
    out, pos = [], m.start(1)
    for i, raw in enumerate(places):
        at = text.index(raw, pos)
        pos = at + len(raw)
        place = re.sub(r"(?i)^(?:the\s+)?(?:former\s+|old\s+)?", "", raw if i < len(places) - 1 else last.group(0))
        body = resolve_body(f"{place} {head}", province) if canonical_province(place) else None
        if body is None:
            return []
        out.append(Party(at, noun.end() if i == len(places) - 1 else at + len(raw), body, BODY))
    return out


def _extra_parties(text: str, province: str | None) -> list[Party]:
    """Named units headed by a noun bodies.toml does not know as a body ("... Development Center")."""
    out = []
    for m in _extra_head_phrase().finditer(text):
        phrase, cut = _strip_stop_words(m.group(0))
        body = resolve_body(phrase, province)
        if body:
            out.append(Party(m.start() + cut, m.end(), body, BODY))
    return out


_RECENT = 8         # sentences before a back-reference ("the new committee") it may refer to


@cache
def _backref_re() -> re.Pattern[str]:
    heads = "|".join(sorted({*body_head_nouns(), *_grammar().heads}, key=len, reverse=True))
    return re.compile(rf"(?i)\b(?:the|this|its|that)\s+(?:newly[- ](?:formed|merged|established|created)\s+|new\s+|"
                      rf"merged\s+|enlarged\s+)(?:(?:city|provincial|district|commune|ward|municipal)\s+)?({heads})\b")


class _Recent:
    """The bodies the sentences before this one named, read only when a clause refers back to them."""

    def __init__(self, ctx: Context, names: dict[int, list[NameSpan]]) -> None:
        self.ctx, self.names = ctx, names
        self.sentences: list[Sentence] = []
        self._bodies: list[ResolvedBody] | None = None

    def saw(self, sentence: Sentence) -> None:
        self.sentences = [*self.sentences[-(_RECENT - 1):], sentence]
        self._bodies = None

    def bodies(self) -> list[ResolvedBody]:
        """Earlier first, as named."""
        if self._bodies is None:
            self._bodies = [m.body for s in self.sentences
                            for m in find_body_mentions(s.text, self.ctx.province, self.names.get(s.index, []))]
        return self._bodies


def _backref_parties(text: str, recent: _Recent) -> list[Party]:
    """"the new committee", "the new city association": the body of that head named last."""
    out = []
    for m in _backref_re().finditer(text):
        head = m.group(1).lower()
        for body in reversed(recent.bodies()):
            if body.kind not in ("party-committee", "people-committee", "people-council") and \
                    head in body.label.lower():
                out.append(Party(m.start(), m.end(), body, BODY, referred=True))
                break
    return out


def _level_named(phrase: str, before: str, recent: _Recent) -> str:
    """"City Party Committee" in an article that named one city's committee: that city's ("Song Cong City Party
    Committee"), the city named earlier in the clause or else in the sentences before."""
    m = _BARE_LEVEL.match(phrase)
    if not m:
        return phrase
    level = m.group(1)
    here = re.findall(rf"\b({_NAME}) {level}\b", before)
    if here and here[-1] not in _STOP_WORDS:
        return f"{here[-1]} {phrase}"
    for body in reversed(recent.bodies()):
        scope = body.scope or ""
        if scope.endswith(" " + level) and scope != body.province:
            return f"{scope}{phrase[len(level):]}"
    return phrase


def _local_board_parties(text: str, ctx: Context, recent: _Recent) -> list[Party]:
    """Boards printed after their committee ("the Mass Mobilization Board of the City Party Committee", "the A
    Board and the B Board of the X Party Committee"), and a committee named by its level alone ("the City Party
    Committee"), resolved as the committee's own, where that reading resolves to a board of that committee."""
    def board_of(committee: str, board: str) -> ResolvedBody | None:
        body = resolve_body(f"{committee}'s {board}", ctx.province)
        return body if body and body.parent and body.parent.kind != body.kind else None

    out: list[Party] = []
    shared_form, inverted_form = _board_forms()
    for m in shared_form.finditer(text):
        committee = _level_named(m.group(3), text[:m.start()], recent)
        first, second = board_of(committee, m.group(1)), board_of(committee, m.group(2))
        if first and second:
            out += [Party(m.start(), m.end(1), first, BODY), Party(m.start(2) - 4, m.end(), second, BODY)]
    for m in inverted_form.finditer(text):
        committee = _level_named(m.group(2), text[:m.start()], recent)
        board = board_of(committee, m.group(1))
        if board and not any(p.start <= m.start(1) < p.end for p in out):
            out.append(Party(m.start(), m.end(), board, BODY))
    for m in _BARE_COMMITTEE.finditer(text):
        named = _level_named(m.group(1), text[:m.start()], recent)
        body = resolve_body(named, ctx.province) if named != m.group(1) else None
        if body and not any(p.start < m.end() and m.start() < p.end for p in out):
            out.append(Party(m.start(), m.end(), body, BODY))
    return out


def _names_in(text: str, names: list[NameSpan]) -> list[NameSpan]:
    """The people's names of the sentence, placed in this clause."""
    out = []
    for n in names:
        at = text.find(n.name)
        if at >= 0:
            out.append(replace(n, start=at, end=at + len(n.name)))
    return out


_OF = re.compile(r"(?i)\s+of\s+(?:the\s+)?")


def _parties(text: str, ctx: Context, names: list[NameSpan], recent: _Recent, whole: bool = False) -> list[Party]:
    """Every party the clause names, left to right, no two overlapping (the longer, more specific wins).
    `whole`: the clause is the sentence the name spans were found in."""
    mentions = find_body_mentions(text, ctx.province, names if whole else _names_in(text, names))
    provinces = _province_parties(text)
    bodies = []
    for m in mentions:
        # "the Veterans' Association of the former Ho Chi Minh City": the province scopes the body
        follow = next((p for p in provinces if p.start >= m.end and _OF.fullmatch(text[m.end:p.start])), None)
        body = resolve_body(text[m.start:follow.end], ctx.province) if follow else None
        if body and body.kind == m.body.kind:
            bodies.append(Party(m.start, follow.end, body, BODY))
        else:
            bodies.append(Party(m.start, m.end, m.body, BODY))
    ranked = (_local_board_parties(text, ctx, recent), _distributive_parties(text, ctx.province), bodies,
              _extra_parties(text, ctx.province),
              _unit_parties(text, ctx.province), provinces, _backref_parties(text, recent))
    kept: list[Party] = []
    for group in ranked:
        for p in sorted(group, key=lambda p: p.start - p.end):
            if not any(p.start < k.end and k.start < p.end for k in kept):
                kept.append(p)
    return sorted(kept, key=lambda p: p.start)


# --- shapes ---------------------------------------------------------------------------------------

def _run_before(parties: list[Party], text: str, at: int, gap: re.Pattern[str]) -> list[Party]:
    """The parties joined by and/with/commas that end right before `at` (only `gap` words between)."""
    before = [p for p in parties if p.end <= at]
    if not before or at - before[-1].end > 80 or not gap.fullmatch(text[before[-1].end:at]):
        return []
    run = [before[-1]]
    for p in reversed(before[:-1]):
        between = text[p.end:run[0].start]
        if p.body.national != run[0].body.national:
            break                         # "the direction of the Central Committee, the A and the B ..."
        if len(between) > 60 or not _grammar().joiner.fullmatch(between) and not re.fullmatch(
                r"(?i)\s*(?:(?:is|are|was|were|will\s+be|has\s+been|had\s+been)\s+)?(?:\w+ed\s+)?with\s+(?:the\s+)?",
                between):
            break
        run.insert(0, p)
    return run


def _run_after(parties: list[Party], text: str, at: int, commas: bool = True) -> list[Party]:
    """The parties joined by and/with/commas that start right after `at` (only lead-in words between).
    Without `commas`, a bare comma ends the run ("merged with Binh Dinh, Gia Lai province has ...")."""
    after = [p for p in parties if p.start >= at]
    if not after or after[0].start - at > 80 or not _grammar().lead.fullmatch(text[at:after[0].start]):
        return []
    run = [after[0]]
    for p in after[1:]:
        between = text[run[-1].end:p.start]
        if len(between) > 60 or not _grammar().joiner.fullmatch(between) or p.body.national != run[0].body.national \
                or not commas and re.fullmatch(r"\s*,\s*(?:the\s+)?", between):
            break
        run.append(p)
    return run


_PRONOUN = re.compile(r"(?i)^[\s,:]*(?:(?:a|the)\s+)?(?:it|them|this\s+\w+|which)\b")


def _result_after(parties: list[Party], text: str, at: int, sources: list[Party],
                  list_head: ResolvedBody | None, ctx: Context) -> ResolvedBody | None:
    """The result a forward connector names: "into C", "into a single unit, the C", "into a commune named C"."""
    g = _grammar()
    after = [p for p in parties if p.start >= at]
    if after and after[0].start - at <= 80 and g.filler.fullmatch(text[at:after[0].start]):
        return after[0].body
    rest = text[at:at + 120]
    named = re.search(rf"^(?P<filler>[^.;]{{0,80}}?)[\"“]?(?P<name>{_NAME})", rest)
    if named and g.naming.search(named.group("filler")) and g.filler.fullmatch(named.group("filler")):
        return _named_result(named.group("name"), named.group("filler"), sources, ctx)
    if _PRONOUN.match(rest):
        if list_head:
            return list_head
        # "after Ha Giang province was merged into it": the party the clause named before, else the registry's
        family = sources[0].family
        before = [p for p in parties if p.end <= sources[0].start and p.family == family]
        return before[-1].body if before else _registry_result([p.body for p in sources])
    return None


def _named_result(name: str, filler: str, sources: list[Party], ctx: Context) -> ResolvedBody | None:
    """"a new commune named Gio Linh": a bare name, of the kind the filler or the sources give."""
    kinds = re.findall(rf"(?i)\b({_KIND}|province)\b", filler)
    kind = kinds[-1].lower() if kinds else None
    families = {s.family for s in sources}
    if kind == "province" or families == {PROVINCE}:
        province = canonical_province(name)
        return _province_body(province) if province else None
    if kind in _UNIT_KINDS or families == {UNIT}:
        return _unit_body(name, kind or sources[0].body.kind, ctx.province)
    return None


def _result_before(parties: list[Party], text: str, at: int, list_head: ResolvedBody | None) -> Party | None:
    """The result a backward connector refers to: the nearest party before it that is not an actor ("by the X")."""
    for p in reversed([p for p in parties if p.end <= at]):
        if re.search(r"(?i)\b(?:by|under)\s+(?:the\s+)?$", text[max(0, p.start - 12):p.start]):
            continue
        return p
    if list_head and _PRONOUN.search(text[:at]):
        return Party(0, 0, list_head, BODY, referred=True)
    return None


def _family(body: ResolvedBody) -> str:
    return PROVINCE if body.kind == PROVINCE else UNIT if body.kind in _UNIT_KINDS else BODY


def _registry_result(sources: list[ResolvedBody]) -> ResolvedBody | None:
    """The province the registry says these provinces became (vietnamadminunits' 2025 conversion)."""
    if not sources or any(s.kind != PROVINCE for s in sources):
        return None
    successors = gazetteer.successors()
    after = {successors.get(s.province or "", "") for s in sources}
    if len(after) != 1 or "" in after:
        return None
    return _province_body(canonical_province(after.pop()) or "")


def _checked(sources: list[ResolvedBody], result: ResolvedBody | None) -> Merger | None:
    """Sources of the result's family, none the result's parent or child; at least two bodies in all."""
    if result is None:
        return None
    family = _family(result)
    kept = [s for s in sources if _family(s) == family and not (s.parent and s.parent.kind == result.kind)
            and not (result.parent and result.parent.kind == s.kind)]
    kept = list({s.key: s for s in kept}.values())
    if len(kept) == 1 and kept[0].key != result.key:
        kept.append(result)               # "A was folded into C": C absorbs A
    return (kept, result) if len(kept) >= 2 else None


def _forward(text: str, parties: list[Party], ctx: Context, list_head: ResolvedBody | None) -> list[Merger]:
    """Every "A and B into C" of the clause ("merged A into B and C into D" reports two)."""
    g = _grammar()
    out = []
    for conn in g.forward.finditer(text):
        run = _run_before(parties, text, conn.start(), g.forward_gap)
        if not run:
            continue
        sources = [p.body for p in run]
        if len(run) == 1 and not g.absorbing.search(text, max(0, run[0].start - 40), conn.end()):
            continue                      # "A was reorganised into C": one body renamed, not two merged
        result = _result_after(parties, text, conn.end(), run, list_head, ctx)
        if result is None and g.unnamed.match(text, conn.end()):
            result = _registry_result(sources)
        found = _checked(sources, result)
        if found:
            out.append(found)
    return out


# "Department of X: it brings together A and B": the head is the subject the pronoun repeats
_SUBJECT_PRONOUN = re.compile(r"(?i)[\s:,]*(?:it|this\s+\w+|which)\s+(?:\w+\s+)?")


def _collective_run(text: str, at: int, ctx: Context, earlier: list[_Told], merged: list[Found]) -> list[Party]:
    """"the two provincial Party Committees" after a merger connector: that body of each of the places the
    article has merged (else named in the sentences just before), as many as the count says, of the level
    the phrase names."""
    m = _grammar().collective_bodies.match(text, at)
    if not m or not _plural_heads().search(m.group(3)):
        return []
    count = merge_counts()[m.group(1).lower()]
    head = _singular(m.group(3))
    level_word = (m.group(2) or "").strip().lower()
    family = PROVINCE if level_word == "provincial" else UNIT if level_word in ("district", "commune", "ward") \
        else None
    candidates = [list(f.sources) for f in reversed(merged)] + [t.places() for t in reversed(earlier)]
    for places in candidates:
        if len(places) != count or any(_family(p) == BODY or family and _family(p) != family for p in places):
            continue
        bodies = []
        for place in places:
            level = "Provincial " if place.kind == PROVINCE and place.province not in municipalities() else ""
            name = place.province if place.kind == PROVINCE else place.label
            body = resolve_body(f"{name} {level}{head}", ctx.province)
            if body is None or body.kind == "body":
                return []
            bodies.append(Party(m.start(), m.end(), body, BODY))
        return bodies
    return []


def _backward(text: str, parties: list[Party], ctx: Context, list_head: ResolvedBody | None,
              earlier: list[_Told], merged: list[Found]) -> list[Merger]:
    g = _grammar()
    out = []
    for conn in [*g.backward.finditer(text), *g.backward_noun.finditer(text)]:
        run = _run_after(parties, text, conn.end())
        # "A on the basis of merging B and C, and D on the basis of E": D is the result of the next merger
        run = next((run[:i] for i, p in enumerate(run) if i > 1 and g.made_from.match(text, p.end)), run)
        if len(run) < 2:
            run = _collective_run(text, conn.end(), ctx, earlier, merged)
        if len(run) < 2:
            continue
        sources = [p.body for p in run]
        head = _result_before(parties, text, conn.start(), list_head)
        if head and g.weak.fullmatch(conn.group(0)) and not head.referred and not g.creation.search(
                text, max(0, head.start - 12), conn.start()) and not _SUBJECT_PRONOUN.fullmatch(
                text[head.end:conn.start()]) and not (head.family == UNIT and all(p.family == UNIT for p in run)):
            # "the conference brought together A and B", "a meeting on merging A and B"; units are never gathered:
            # "Nhan Ha commune brings together A, B and C communes" merges them
            continue
        if head and conn.re is g.backward_noun and not re.fullmatch(
                r"(?i)[\s,]*(?:(?:is|was|are|were|being|be)\s+)?(?:(?:a|an|the)\s+)?(?:(?:product|result)\s+of\s+)?"
                r"(?:(?:a|an|the)\s+)?", text[head.end:conn.start()]):
            head = None                   # "the merger of A and B" names no result unless in apposition
        result = head.body if head else _registry_result(sources)
        found = _checked(sources, result)
        if found and not any(f[1].key == found[1].key for f in out):
            out.append(found)
    return out


def _partner(text: str, parties: list[Party]) -> Merger | None:
    """"A was merged with B", "since the merger with B, A ...": A keeps its name (the registry decides provinces)."""
    for conn in _grammar().partner.finditer(text):
        run = _run_after(parties, text, conn.end(), commas=False)
        if not run:
            continue
        others = [p for p in parties if p.end <= conn.start() and _family(p.body) == run[0].family]
        others = others or [p for p in parties if p.start >= run[-1].end and p.family == run[0].family]
        if not others:
            continue
        subject = others[-1] if others[-1].end <= conn.start() else others[0]
        sources = [subject.body] + [p.body for p in run]
        result = _registry_result(sources) if subject.family == PROVINCE else subject.body
        if result is None or result.key not in {s.key for s in sources}:
            result = subject.body
        found = _checked(sources, result)
        if found:
            return found
    return None


def _absorb(text: str, parties: list[Party]) -> Merger | None:
    g = _grammar()
    for verb in g.absorb.finditer(text):
        run = _run_after(parties, text, verb.end())
        duties = g.duties.match(text, verb.end())
        of = text.rfind(" of ", verb.end(), duties.end() if duties else verb.end())
        if not run and of > 0 and g.ends.search(text, of):        # "takes over the functions of A, which ends"
            run = _run_after(parties, text, of + 4)
        before = [p for p in parties if p.end <= verb.start()]
        # the subject itself ("C, which absorbs A"), not a body named before a personal subject
        if run and before and g.absorb_gap.fullmatch(text[before[-1].end:verb.start()]):
            found = _checked([p.body for p in run] + [before[-1].body], before[-1].body)
            if found:
                return found
    return None


def _plain(text: str, parties: list[Party]) -> Merger | None:
    """"Ha Giang and Tuyen Quang provinces merged": the registry names what they became."""
    trigger = _grammar().trigger.search(text)
    if not trigger:
        return None
    run = _run_before(parties, text, trigger.start(), _grammar().forward_gap)
    sources = [p.body for p in run]
    if len(sources) >= 2 and all(s.kind == PROVINCE for s in sources):
        return _checked(sources, _registry_result(sources))
    return None


def _when_merged(text: str, parties: list[Party]) -> Merger | None:
    """"The new X ward came into being on July 1, when A, B and C wards were merged": the subject of the verb
    of coming into being is what the parties of the "when" clause became."""
    g = _grammar()
    created = g.when_created.search(text)
    trigger = g.trigger.search(text, created.end()) if created else None
    if not created or not trigger:
        return None
    run = [p for p in _run_before(parties, text, trigger.start(), g.forward_gap) if p.start >= created.end()]
    subject = [p for p in parties if p.end <= created.start()]
    if len(run) < 2 or not subject or subject[-1].family != run[0].family:
        return None
    return _checked([p.body for p in run], subject[-1].body)


@dataclass(frozen=True)
class _Told:
    """What a sentence named: the parties of its merger clauses, and its other clauses (read when needed)."""

    parties: list[Party]
    plain: tuple[str, ...]

    def places(self) -> list[ResolvedBody]:
        parties = [*self.parties, *(p for c in self.plain for p in _province_parties(c))]
        return list({p.body.key: p.body for p in parties if p.family in (PROVINCE, UNIT)}.values())


def _collective(text: str, earlier: list[_Told]) -> Merger | None:
    """"since the two localities merged": the provinces or units the sentences just before named."""
    m = _grammar().collective.search(text)
    if not m or not _grammar().trigger.search(text):
        return None
    count = merge_counts()[m.group(1).lower()]
    for told in reversed(earlier):
        places = told.places()
        if len(places) == count:
            result = _registry_result(places)
            return _checked(places, result) if result else None
    return None


def _merges_in_clause(text: str, parties: list[Party], ctx: Context, list_head: ResolvedBody | None,
                      earlier: list[_Told], merged: list[Found], listed: bool = False) -> list[Merger]:
    """The mergers a clause reports, read by the first shape that fits it (`listed`: an item of a list a
    merger sentence leads, which needs no merger word of its own)."""
    if not listed and not _grammar().trigger.search(text):
        return []
    found = _forward(text, parties, ctx, list_head) or _backward(text, parties, ctx, list_head, earlier, merged)
    if not found:
        one = _partner(text, parties) or _absorb(text, parties) or _plain(text, parties) or _collective(
            text, earlier) or _when_merged(text, parties)
        found = [one] if one else []
    if not _PROVINCE_WORD.search(text):
        found = [f for f in found if _family(f[1]) != PROVINCE or _registry_agrees(f)]
    return found


def _registry_agrees(merger: Merger) -> bool:
    """Provinces named bare ("Kon Tum merged with Quang Ngai") merge as the registry says they did."""
    result = _registry_result(merger[0])
    return result is not None and result.key == merger[1].key


# --- dates ----------------------------------------------------------------------------------------

_FULL_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _ahead(mention: DateMention, reference: date | None) -> date | None:
    """A date a merger takes effect on, printed without its year, is the next one after publication: "effective
    from July 1" in March is this July, where a yearless date of something done is the last one."""
    value = mention.value
    if value is None or reference is None or value >= reference or _FULL_YEAR.search(mention.text):
        return value
    try:
        nxt = value.replace(year=value.year + 1)
    except ValueError:  # February 29
        return value
    return nxt if (nxt - reference).days <= 300 else value


def _days(text: str, ctx: Context) -> list[DateMention]:
    return [d for d in find_dates(text, ctx.reference, ctx.default_year) if d.value and d.precision == "day"]


def _effective_in(text: str, ctx: Context, operation: bool = False) -> date | None:
    """The date the text says a merger takes (or took) effect on; in a sentence about bodies starting work
    (`operation`), also the day after "on"."""
    for d in _days(text, ctx):
        before = text[max(0, d.start - 40):d.start]
        if _grammar().took_effect.search(before) or operation and _grammar().started.search(before):
            return d.value
        if _grammar().effective.search(before):
            return _ahead(d, ctx.reference)
    return None


def _effective_cue(text: str, d: DateMention) -> bool:
    """Whether a date is printed as when something takes or took effect ("from July 1", "took effect on")."""
    before = text[max(0, d.start - 40):d.start]
    g = _grammar()
    return bool(g.effective.search(before) or g.took_effect.search(before))


_NEAR = 30          # sentences either side of a merger searched for its date: an article, not a whole feed


class _Dating:
    """The article's sentences as the dates of its mergers are read from them (each sentence's dates read once)."""

    def __init__(self, body: list[Sentence], merged_in: dict[int, set[frozenset[str]]], with_people: set[int],
                 ctx: Context) -> None:
        self.body, self.merged_in, self.with_people, self.ctx = body, merged_in, with_people, ctx
        self.position = {s.index: i for i, s in enumerate(body)}
        self._days: dict[int, list[DateMention]] = {}

    def days(self, s: Sentence) -> list[DateMention]:
        if s.index not in self._days:
            self._days[s.index] = _days(s.text, self.ctx)
        return self._days[s.index]

    def near(self, s: Sentence) -> list[Sentence]:
        """Sentences around `s`, nearest first (the earlier first at equal distance)."""
        at = self.position[s.index]
        window = self.body[max(0, at - _NEAR):at + _NEAR + 1]
        return sorted(window, key=lambda t: (abs(t.index - s.index), t.index > s.index))

    def date_of(self, found: Found) -> date | None:
        """When the merger takes effect (its own clause, else a sentence saying when the reorganised bodies start
        work that reports no other merger), else the date its decision was announced, else unknown."""
        g, ctx, here = _grammar(), self.ctx, found.sentence
        own = _effective_in(found.clause, ctx) or _effective_in(here.text, ctx)
        if own:
            return own
        this = frozenset(s.key for s in found.sources)

        def other_merger(s: Sentence) -> bool:
            return bool(self.merged_in.get(s.index, set()) - {this})

        near = [s for s in self.near(here) if not other_merger(s)]
        family = _family(found.result)
        for s in near:
            # when the reorganised bodies start work, or "... will be merged into seven units from January 1",
            # said elsewhere of bodies of this kind, is when the merger takes effect, before the day it was
            # announced on; a sentence naming people says when their posts take effect, not the merger
            operation = bool(g.operation.search(s.text))
            if s is not here and s.index not in self.with_people and (operation or g.trigger.search(s.text)) \
                    and family in _families_named(s.text):
                eff = _effective_in(s.text, ctx, operation=operation)
                if eff:
                    return eff
        days = _days(found.clause, ctx) or self.days(here)
        if days:
            return days[0].value
        trigger = g.trigger.search(found.clause)
        if trigger and g.background.search(found.clause[:trigger.start()]):
            return None                   # told as background: today's news does not date it
        announcing = [s for s in near if g.announcement.search(s.text)]
        for s in announcing:
            days = self.days(s) if s is not here else []
            if days:
                return days[0].value
        # the ceremony that announced this merger with another ("On June 30, ... a ceremony to announce the merger
        # of the provinces and the establishment of the new Party Committee"): its own day, not the other's
        # effective date
        for s in self.near(here):
            if s is not here and other_merger(s) and g.announcement.search(s.text):
                plain = [d for d in self.days(s) if not _effective_cue(s.text, d)]
                if plain:
                    return plain[0].value
        for s in announcing:              # "At the session, ...": the last date the article gave before it
            at = self.position[s.index]
            for t in reversed(self.body[max(0, at - _NEAR):at]):
                if not other_merger(t) and self.days(t):
                    return self.days(t)[0].value
        return None


_PROVINCE_NOUN = re.compile(r"(?i)\b(?:provinces?|provincial-level|cities|city)\b")
_UNIT_NOUN = re.compile(r"(?i)\b(?:communes?|wards?|districts?|towns?|townships?|commune-level)\b")


def _families_named(text: str) -> set[str]:
    """The kinds of party a sentence speaks of ("the new province", "the communes", "the new departments"); all
    of them when it names none."""
    found = set()
    if _PROVINCE_NOUN.search(text):
        found.add(PROVINCE)
    if _UNIT_NOUN.search(text):
        found.add(UNIT)
    if _body_noun().search(text):
        found.add(BODY)
    return found or {PROVINCE, UNIT, BODY}


@cache
def _body_noun() -> re.Pattern[str]:
    heads = sorted({*body_head_nouns(), *_grammar().heads}, key=len, reverse=True)
    return re.compile(rf"(?i)\b(?:{'|'.join(re.escape(h) for h in heads)})(?:s|es)?\b|\bagenc(?:y|ies)\b")


# --- the article ----------------------------------------------------------------------------------

_CAPITAL = re.compile(r"[A-Z]")
_LIST_HEAD = re.compile(r"^(?:the\s+)?([^:]{4,90}?)(?::|,\s+(?:which|established|set up|formed|created|it)\b)")
_CLAUSE_SPLIT = re.compile(r";|,\s+while\s+|,\s+whereas\s+")


def find_merges(sentences: list[Sentence], names: dict[int, list[NameSpan]], ctx: Context) -> None:
    """Record every merger the article's body reports, with its parties and its date."""
    found: list[Found] = []
    restated: list[tuple[list[ResolvedBody], Sentence]] = []   # merged parties told without their result
    list_head: ResolvedBody | None = None
    earlier: list[_Told] = []
    recent = _Recent(ctx, names)
    body = [s for s in sentences if s.section == "body"]
    listing = False                        # the sentences before led a list of mergers: "... merged into five:"
    for s in body:
        head = _LIST_HEAD.match(s.text)
        if head:
            hm = find_body_mentions(head.group(1), ctx.province, [])
            list_head = hm[0].body if hm else list_head
        sentence_parties: list[Party] = []
        plain_clauses: list[str] = []
        for clause in _CLAUSE_SPLIT.split(s.text):
            clause = re.sub(r"\s+", " ", clause)
            if len(clause) > _MAX_CLAUSE:
                continue
            if not _CAPITAL.search(clause, 1) and not _grammar().collective.search(clause):
                continue                  # no name in it: no party to merge
            if not _grammar().trigger.search(clause) and not listing:
                plain_clauses.append(clause)  # what "the two provinces" may refer to
                continue
            text = _around_triggers(clause)
            # the sentence's own names when the clause is the sentence (its mentions are then read once)
            parties = _parties(text, ctx, names.get(s.index, []), recent, text == s.text)
            merges = _merges_in_clause(text, parties, ctx, list_head, earlier, found, listed=listing)
            found.extend(Found(tuple(sources), result, s, clause) for sources, result in merges)
            if not merges:
                restated.append((_sources_only(text, parties), s))
            sentence_parties.extend(parties)
        end = s.text.rstrip()
        listing = end.endswith(":") and bool(_grammar().trigger.search(s.text)) or listing and end.endswith((";", ":"))
        earlier = (earlier + [_Told(sentence_parties, tuple(plain_clauses))])[-3:]
        # what this sentence named is what "the new committee" in the next one refers back to
        recent.saw(s)
    merged_in: dict[int, set[frozenset[str]]] = {}
    for f in found:
        merged_in.setdefault(f.sentence.index, set()).add(frozenset(b.key for b in f.sources))
    dating = _Dating(body, merged_in, {i for i, spans in names.items() if spans}, ctx)
    seen: set[tuple[frozenset[str], str]] = set()
    for f in found:
        _record(f, dating.date_of(f), ctx, seen)
    # "the decision on merging A and B" before "... into C": the same bodies, in the forms printed there
    merged = [frozenset(b.key for b in f.sources) for f in found]
    for sources, s in restated:
        if len(sources) >= 2 and frozenset(b.key for b in sources) in merged:
            for b in sources:
                ctx.add_body(b, Evidence(s.text, s.section))


_REACH = 300        # characters either side of a long clause's merger words that may hold its parties


def _around_triggers(clause: str) -> str:
    """A long clause cut to the stretch around its merger words (whole words), so reading it stays cheap."""
    if len(clause) <= 2 * _REACH:
        return clause
    hits = list(_grammar().trigger.finditer(clause))
    start, end = max(0, hits[0].start() - _REACH), min(len(clause), hits[-1].end() + _REACH)
    if end - start >= len(clause):
        return clause
    while start > 0 and not clause[start - 1].isspace():
        start += 1
    while end < len(clause) and not clause[end].isspace():
        end -= 1
    return clause[start:end]


def _sources_only(text: str, parties: list[Party]) -> list[ResolvedBody]:
    """The bodies a merger clause without a result names as merged ("on merging A and B")."""
    g = _grammar()
    for conn in g.backward.finditer(text):
        run = _run_after(parties, text, conn.end())
        if len(run) >= 2 and all(p.family == BODY for p in run):
            return [p.body for p in run]
    return []


def _record(f: Found, when: date | None, ctx: Context, seen: set[tuple[frozenset[str], str]]) -> None:
    keys = tuple(dict.fromkeys(b.key for b in f.sources))
    key = (frozenset(keys), f.result.key)
    if len(keys) < 2 or key in seen:
        return
    seen.add(key)
    evidence = Evidence(f.sentence.text, f.sentence.section)
    for b in [*f.sources, f.result]:
        if b.kind == PROVINCE:
            _add_province(b, ctx, evidence)
        elif b.kind in _UNIT_KINDS:
            _add_unit(b, ctx, evidence)
        else:
            ctx.add_body(b, evidence)
    ctx.facts.merges.append(Merge(list(keys), f.result.key, when, evidence))


def _add_province(b: ResolvedBody, ctx: Context, evidence: Evidence) -> None:
    """A province that merges is an organisation as well as a place."""
    place = ctx.add_province(b.province or b.label, evidence)
    if b.key not in ctx.facts.bodies:
        ctx.facts.bodies[b.key] = Body(b.key, b.label, PROVINCE, scope=place, evidence=evidence, variants={b.label})


def _add_unit(b: ResolvedBody, ctx: Context, evidence: Evidence) -> None:
    """A commune, ward or district that merges: an organisation and a place of the article's province."""
    parent = ctx.add_province(b.province, evidence) if b.province else None
    if b.key not in ctx.facts.places:
        rec = gazetteer.lookup(b.label, b.kind, b.province)
        ctx.facts.places[b.key] = Place(b.key, rec.name if rec else b.label, b.kind, parent=parent,
                                        code=rec.code if rec else None, era=rec.era if rec else None,
                                        evidence=evidence)
    if b.key not in ctx.facts.bodies:
        ctx.facts.bodies[b.key] = Body(b.key, b.label, b.kind, scope=b.key, evidence=evidence, variants={b.label})
