"""Named campaigns, emulation movements, projects, programmes, contests and awards.

The genre names them four ways, each read here as a general shape (the words are data in
ontology/events.toml):
- a quoted name beside a kind word, before or after it, alone or in a list that shares the
  word ('movements such as "A", "B" and "C"', 'the "A" and "B" projects', 'two programmes, "A" and "B"');
- a capitalised name ending in a kind word, with an optional purpose tail
  ("National Target Program for Socio-Economic Development of Ethnic Minority Areas",
  "the 2025 Program to eliminate temporary houses") or a capitalised name before a lowercase
  "emulation movement" ("the Dong Khoi Moi emulation movement");
- state orders and medals ("second-class Labour Order", "Fatherland Defence Order") and honours
  named by their giver ("Certificate of Merit of the Prime Minister", "the Provincial People's
  Committee's certificates of merit");
- named years ("Year of Youth Volunteers") and the national patriotic emulation movement.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING

from provkg.ingest.dates import find_periods
from provkg.ingest.facts import Campaign, Evidence
from provkg.ingest.lexicon import alternation, campaign_kinds, event_grammar, words_regex
from rapidfuzz import fuzz

if TYPE_CHECKING:
    from provkg.ingest.context import Context

# An article names a few dozen campaigns at most; past this many, a text is not news but noise, and
# each new name would cost a comparison with every earlier one.
MAX_CAMPAIGNS = 200
_PERIOD_WINDOW = 200          # characters either side of a name searched for its years
_QUOTED = re.compile(r"[\"“]([^\"“”]{3,160})[\"”]")
# between two quoted names of one list: 'A", "B' / 'A" and "B' / 'A", and "B'
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)\s*$")
_CAP = r"(?<![\w'’-])[A-Z][\w'’-]{0,40}"
_CONNECT = r"(?:of|and|for|on|in|the|to|with|-|–)"
# "... in the period 2021-2025", "... (2020-2025)": the period is the campaign's years, not its name
_PERIOD_TAIL = re.compile(r"\s+(?:in\s+the(?:\s+period)?\s+\d{4}\s*[-–]\s*\d{4}(?:\s+period)?"
                          r"|\(\d{4}\s*[-–]\s*\d{4}\))$")
_IN_A_BODY_NAME = re.compile(r"\b(?:of|for)\s+$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@cache
def _kind_word_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """(a kind word ending the text before, a kind word starting the text after, kind of each word).

    Before: "the emulation movement ", "two programmes, ", "four campaigns: ", "movements such as ".
    After: ' projects', ' emulation movement'. Longest words first, so the longest that fits is found."""
    grammar = event_grammar("campaign_grammar")
    intro = "|".join(re.escape(w) for w in grammar["list_intro"] + grammar["list_openers"])
    kinds = {w: kind for kind, words in campaign_kinds().items() for w in words}
    words = alternation(kinds)
    before = re.compile(rf"\b({words})(?:s|es)?\b(?:\s+\d+)?(?:\s+(?:{intro}))?(?:\s+(?:the|a|an))?\s*[:,]?\s*$")
    # '"Tet Sum Vay" (Tet Reunion) programme': a gloss in brackets may stand between the name and its word
    after = re.compile(rf"\s*(?:\([^()]{{1,40}}\)\s*)?\d*\s*({words})(?:s|es)?\b")
    return before, after, kinds


@cache
def _cue_pattern() -> re.Pattern[str]:
    cues = alternation(event_grammar("campaign_grammar")["cues"])
    return re.compile(rf"\b(?:{cues})(?:\s+(?:the|a|an))?(?:\s+local)?\s*$")


def _kind_near(before: str, after: str) -> str | None:
    """The kind word right before or right after a quoted name (the longest that fits); else "campaign"
    when the name is what something launches or carries out."""
    before_word, after_word, kinds = _kind_word_patterns()
    found = [m.group(1) for m in (before_word.search(before.lower()[-60:]), after_word.match(after.lower()[:60])) if m]
    if found:
        word = max(found, key=len)
        return kinds[re.sub(r"\s+", " ", word)]
    if _cue_pattern().search(before.lower()[-60:]):
        return "campaign"
    return None


def _period(text: str, near: int) -> tuple[int | None, int | None]:
    """The years printed nearest the name (within a bounded window, so a long text costs linear time)."""
    lo = max(0, near - _PERIOD_WINDOW)
    text, near = text[lo:near + _PERIOD_WINDOW], near - lo
    periods = sorted(find_periods(text), key=lambda p: abs(p[2] - near))
    if periods:
        return periods[0][0], periods[0][1]
    years = [(abs(m.start() - near), int(m.group())) for m in _YEAR.finditer(text)]
    if years:
        y = min(years)[1]
        return y, y
    return None, None


def _add(ctx: Context, name: str, kind: str, text: str, at: int, evidence: Evidence) -> None:
    if len(ctx.facts.campaigns) >= MAX_CAMPAIGNS:
        return
    name = _PERIOD_TAIL.sub("", name.strip(" ,.;:")).strip(" ,.;:")
    if len(name) < 3 or len(name.split()) > 30:
        return
    low = name.lower()
    for c in ctx.facts.campaigns:
        # one campaign printed twice, once with an inflection changed ("participates"/"participating"), or
        # named again by the first words of its name ("the Action Month" after "the Action Month for ...")
        if c.name.lower() == low or (len(low) > 30 and fuzz.ratio(c.name.lower(), low) >= 90) \
                or c.kind == kind and c.name.lower().startswith(low + " "):
            return
    start, end = _period(text, at)
    ctx.facts.campaigns.append(Campaign(name, kind, start, end, evidence=evidence))


def _quoted(text: str, ctx: Context, evidence: Evidence) -> None:
    """Quoted names beside a kind word; a list of quoted names shares the word before its first
    item or after its last."""
    not_names = words_regex(event_grammar("campaign_grammar")["not_names"])
    groups: list[list[re.Match[str]]] = []
    for m in _QUOTED.finditer(text):
        if groups and _LIST_GAP.fullmatch(text[groups[-1][-1].end():m.start()]):
            groups[-1].append(m)
        else:
            groups.append([m])
    for group in groups:
        first, last = group[0], group[-1]
        before = text[max(0, first.start() - 60):first.start()]
        lead = re.sub(r"[\"“”]", "", before[-30:])
        if not_names.search(lead):
            continue
        kind = _kind_near(before, text[last.end():last.end() + 60]) or _list_kind(text, first.start())
        for m in group:
            own = _kind_near(text[max(0, m.start() - 60):m.start()], text[m.end():m.end() + 60])
            found = own or kind or (_sentence_kind(text) if _title_case(m.group(1)) else None)
            if found:
                _add(ctx, m.group(1), found, text, m.start(), evidence)


_CLAUSE_REACH = 120           # characters back from a list of quoted names to the kind word that heads it


@cache
def _list_opener() -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{alternation(event_grammar('campaign_grammar')['list_openers'])})\s*:?\s*$")


@cache
def _any_kind_word() -> tuple[re.Pattern[str], dict[str, str]]:
    kinds = {w: kind for kind, words in campaign_kinds().items() for w in words}
    return re.compile(rf"(?i)\b({alternation(kinds)})(?:s|es)?\b"), kinds


def _list_kind(text: str, at: int) -> str | None:
    """'the emulation movements that have reached every home, such as "A", "B" and "C"': the kind word
    that heads a list opened by "such as" further back in its clause."""
    if not _list_opener().search(text, max(0, at - 20), at):
        return None
    start = max(0, at - _CLAUSE_REACH)
    clause = text[start:at]
    cut = max(clause.rfind(". "), clause.rfind(";"))
    pattern, kinds = _any_kind_word()
    found = list(pattern.finditer(clause, cut + 1 if cut >= 0 else 0))
    return kinds[re.sub(r"\s+", " ", found[-1].group(1).lower())] if found else None


_SMALL = {"of", "and", "for", "the", "in", "on", "to", "a", "an", "with", "at", "by", "from"}


def _title_case(name: str) -> bool:
    """"Trade Union Shelters", "Tet Sum Vay": a name whose every word but the small ones is capitalised."""
    words = name.split()
    return 1 <= len(words) <= 6 and words[0][:1].isupper() and all(
        w[:1].isupper() or w.lower() in _SMALL for w in words)


def _sentence_kind(text: str) -> str | None:
    """The kind a sentence speaks of when the kind words of [campaign_grammar] sentence_kinds in it name one."""
    pattern, kinds = _any_kind_word()
    allowed = set(event_grammar("campaign_grammar")["sentence_kinds"])
    words = {re.sub(r"\s+", " ", m.group(1).lower()) for m in islice(pattern.finditer(text), 20)}
    found = {kinds[w] for w in words if w in allowed}
    return found.pop() if len(found) == 1 and words <= allowed else None


@cache
def _purpose_name() -> re.Pattern[str]:
    """'the campaign to eliminate temporary houses', 'the national target programme on socio-economic development
    in ethnic minority and mountainous areas for 2021-2030': a lowercase kind word and the purpose that names it."""
    g = event_grammar("campaign_grammar")
    kinds = alternation(w for ws in campaign_kinds().values() for w in ws
                        if w not in ("model", "initiative", "title", "order", "medal", "award", "prize", "month",
                                     "week", "forum", "drive", "emulation", "fund"))
    stops = alternation(g["purpose_stops"])
    dropped = alternation(g["purpose_dropped"])
    word = rf"(?!(?:{stops})\b)[\w'’-]+"
    not_to = alternation(g["purpose_not_after"])
    return re.compile(rf"(?<!\bfor )\b(?:the|its|their)\s+(?:(?:{dropped})\s+)?((?:{kinds}))\s+"
                      rf"((?:{alternation(g['purpose_openers'])})\s+(?!(?:{not_to})\b)[a-z][\w'’-]*"
                      rf"(?:\s+{word}){{0,14}})")


def _purpose_names(text: str, ctx: Context, evidence: Evidence) -> None:
    _, kinds = _any_kind_word()
    for m in islice(_purpose_name().finditer(text), 20):
        word = re.sub(r"\s+", " ", m.group(1))
        tail = m.group(2).split()
        while tail and (tail[-1].lower() in _SMALL or tail[-1].lower() == "and"):
            tail.pop()                     # "... houses and": the clause went on
        if len(tail) >= 3:
            _add(ctx, f"{word[:1].upper()}{word[1:]} {' '.join(tail)}", kinds[word.lower()], text, m.start(), evidence)


@cache
def _capitalised() -> re.Pattern[str]:
    """A capitalised name ending in a capitalised kind word, with an optional tail:
    "(on|for|of) <Capitalised words>" or "to <purpose>"."""
    g = event_grammar("campaign_grammar")
    heads = "|".join(sorted(g["capitalised_heads"], key=len, reverse=True))
    not_after = "|".join(g["not_after"])
    stop = rf"(?!(?:{alternation(g['purpose_stops'])})\b)"
    return re.compile(
        rf"\b((?:{_CAP}\s+(?:{_CONNECT}\s+)?){{0,6}}?(?:{heads})s?)(?!\s+(?:{not_after})\b)(?!\s+[A-Z][a-z])"
        rf"((?:\s+(?:on|for|of)\s+(?:the\s+)?{_CAP}(?:\s+(?:{_CONNECT}\s+)?{_CAP}){{0,9}})"
        rf"|(?:\s+(?:{alternation(g['purpose_openers'])})\s+(?!(?:{alternation(g['purpose_not_after'])})\b)"
        rf"{stop}[a-z][\w-]*(?:\s+{stop}[a-z][\w-]*){{0,8}}))?")


_LEADING = {"The", "A", "An", "This", "That", "On", "In", "Its", "Their", "Under", "With", "For", "Of", "And"}


@cache
def _numbered() -> re.Pattern[str]:
    """'Project 06', 'Program 135': a capitalised kind word with the number it is known by (not one that
    heads a quoted name, 'Project 02 "Mass mobilisation ..."', whose name is the quoted part)."""
    heads = "|".join(sorted(event_grammar("campaign_grammar")["capitalised_heads"], key=len, reverse=True))
    return re.compile(rf"(?<![\w-])((?:{heads})\s+(?:No\.\s*)?\d{{1,4}}(?:/[\w-]{{1,12}})?)\b(?!\s*[\"“(])")


def _capitalised_names(text: str, ctx: Context, evidence: Evidence) -> None:
    kinds = {w.capitalize(): k for k, ws in campaign_kinds().items() for w in ws if " " not in w}
    for m in _numbered().finditer(text):
        if not _YEAR.fullmatch(m.group(1).split()[-1]):      # "the Program 2025" is a year, not a number
            _add(ctx, m.group(1), kinds.get(m.group(1).split()[0], "campaign"), text, m.start(), evidence)
    for m in _capitalised().finditer(text):
        head, tail = m.group(1).split(), m.group(2) or ""
        words = tail.split()
        while words and words[-1].lower() in (*_SMALL, "and"):
            words.pop()                     # "... areas for 2021-2030", "... houses in Ben Tre": the clause goes on
        tail = f" {' '.join(words)}" if len(words) > 1 else ""
        while head and (head[0] in _LEADING or head[0].lower() in ("of", "and", "for", "on", "to", "the", "with")):
            head = head[1:]
        if not head:
            continue
        kind = kinds.get(head[-1]) or kinds.get(head[-1][:-1])
        if kind is None or (len(head) < 2 and not tail):
            continue
        _add(ctx, " ".join(head) + tail, kind, text, m.start(), evidence)


@cache
def _lowercase_movement() -> re.Pattern[str]:
    """'the Dong Khoi Moi emulation movement': capitalised words naming a lowercase emulation movement."""
    return re.compile(rf"((?:{_CAP}\s+){{2,6}})(?:patriotic\s+)?emulation\s+movement\b(?!s)")


def _named_movements(text: str, ctx: Context, evidence: Evidence) -> None:
    from provkg.ingest.gazetteer import is_place_name
    from provkg.ingest.mentions import has_body_head
    for m in _lowercase_movement().finditer(text):
        words = m.group(1).split()
        while words and words[0] in _LEADING:
            words = words[1:]
        name = " ".join(words)
        if len(words) < 2 or has_body_head(name) or is_place_name(name):   # cheapest test first
            continue
        _add(ctx, name, "emulation movement", text, m.start(), evidence)


def _plural_phrase(phrase: str) -> str:
    """A pattern for a phrase with any of its words in the plural ("certificates of merit", "emulation flags")."""
    return r"s?\s+".join(re.escape(w) for w in phrase.split()) + "s?"


@cache
def _award_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = event_grammar("awards")
    heads = "|".join(data["heads"])
    classes = "|".join(data["classes"])
    honours = "|".join(_plural_phrase(h) for h in data["conferred_by"])
    # "second-class Labour Order", "the Fatherland Defence Order"
    # "second-class Labour Order", "the Labour Order, third class", "the Fatherland Defence Order"
    state = re.compile(rf"(?i:\b({classes})[- ]class\s+)?((?:{_CAP}\s+){{1,4}}(?:{heads})"
                       rf"(?:\s+(?:for|of)\s+(?:the\s+)?{_CAP}(?:\s+(?:{_CONNECT}\s+)?{_CAP}){{0,6}})?)\b"
                       rf"(?:,\s+(?i:({classes}))[- ]class\b)?")
    # "Certificate of Merit of/from the Prime Minister"
    of_giver = re.compile(rf"(?i:\b({honours}))\s+(?:of|from)\s+(?:the\s+)?"
                          rf"({_CAP}(?:(?:[\s'’-]+|\s+of\s+(?:the\s+)?|\s+and\s+){_CAP}){{0,10}})")
    # "the Provincial People's Committee's certificates of merit"
    giver_s = re.compile(rf"({_CAP}(?:[\s'’-]+{_CAP}){{0,6}})['’]s?\s+(?i:({honours}))\b")
    return state, of_giver, giver_s, words_regex(data["confer"])


@cache
def _its_honour() -> re.Pattern[str]:
    """'The X also awarded its Emulation Flag to ...': the honour is the subject's, named before the verb."""
    data = event_grammar("awards")
    honours = "|".join(_plural_phrase(h) for h in data["conferred_by"])
    return re.compile(rf"({_CAP}(?:(?:[\s'’-]+|\s+of\s+(?:the\s+)?|\s+and\s+){_CAP}){{0,10}})\s+(?:also\s+)?"
                      rf"(?:{alternation(data['confer'])})\s+(?:its|their)\s+(?i:({honours}))\b")


def _honour_name(printed: str) -> str:
    """The data form of a printed honour, capitalised: "certificates of merit" -> "Certificate of Merit"."""
    for h in event_grammar("awards")["conferred_by"]:
        if re.fullmatch(_plural_phrase(h), printed, re.I):
            return " ".join(w if w == "of" else w.capitalize() for w in h.split())
    return printed


def _awards(text: str, ctx: Context, evidence: Evidence) -> None:
    state, of_giver, giver_s, confer = _award_patterns()
    conferring = confer.search(text) is not None
    for m in state.finditer(text):
        name = m.group(2).split()
        while name and name[0] in _LEADING:
            name = name[1:]
        if len(name) < 2 or not (m.group(1) or m.group(3) or conferring) \
                or _IN_A_BODY_NAME.search(text[max(0, m.start() - 12):m.start()]):
            continue            # "Department of Social Order" is a body's name
        label = " ".join(name)
        grade = m.group(1) or m.group(3)
        if grade:
            label = f"{grade.capitalize()}-class {label}"
        _add(ctx, label, "award", text, m.start(), evidence)
    if not conferring:
        return
    for m in of_giver.finditer(text):
        _add(ctx, f"{_honour_name(m.group(1))} of the {m.group(2)}", "award", text, m.start(), evidence)
    for m in _its_honour().finditer(text):
        giver = m.group(1).split()
        while giver and giver[0] in _LEADING:
            giver = giver[1:]
        if giver:
            _add(ctx, f"{_honour_name(m.group(2))} of the {' '.join(giver)}", "award", text, m.start(), evidence)
    for m in giver_s.finditer(text):
        giver = m.group(1).split()
        while giver and giver[0] in _LEADING:
            giver = giver[1:]
        if giver:
            _add(ctx, f"{_honour_name(m.group(2))} of the {' '.join(giver)}", "award", text, m.start(), evidence)


@cache
def _title_of() -> re.Pattern[str]:
    """'the title of Hero of the People's Armed Forces', 'the title "People's Teacher"' (quoted ones are read
    with the other quoted names): an honorary title conferred is an award."""
    return re.compile(rf"\btitles?\s+of\s+(?:the\s+)?({_CAP}(?:(?:\s+|\s+of\s+(?:the\s+)?){_CAP}){{0,8}})")


@cache
def _named_periods() -> re.Pattern[str]:
    opens = alternation(event_grammar("campaign_grammar")["named_periods"])
    return re.compile(rf"\b((?:{opens})\s+{_CAP}(?:\s+(?:{_CONNECT}\s+)?{_CAP}){{0,5}})")


def _national(text: str, ctx: Context, evidence: Evidence) -> None:
    from provkg.ingest.mentions import has_body_head
    if _award_patterns()[3].search(text):
        for m in _title_of().finditer(text):
            if not has_body_head(m.group(1)):        # "a key title of the Provincial People's Committee" is a post
                _add(ctx, m.group(1), "award", text, m.start(), evidence)
    for m in _named_periods().finditer(text):
        _add(ctx, m.group(1), "campaign", text, m.start(), evidence)
    for name in event_grammar("campaign_grammar")["national"]:
        # the plural stands for the movement only when the sentence gives its years
        plural = "s?" if find_periods(text) else ""
        m = re.search(rf"(?i)\b{re.escape(name)}{plural}\b", text)
        if m:
            _add(ctx, name, "emulation movement", text, m.start(), evidence)


def find_campaigns(text: str, ctx: Context, evidence: Evidence) -> None:
    _quoted(text, ctx, evidence)
    _purpose_names(text, ctx, evidence)
    _capitalised_names(text, ctx, evidence)
    _named_movements(text, ctx, evidence)
    _awards(text, ctx, evidence)
    _national(text, ctx, evidence)
