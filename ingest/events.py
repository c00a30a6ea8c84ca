"""Events: conferences, meetings, sessions, congresses and ceremonies with date, organiser, attendees.

An event is reported by a sentence with an event noun and a date ("On March 3, the X Provincial
People's Council held its 5th session"). Its organiser is the body the grammar ties to it: "held
by X", "session of the X", "X held ..." (for a joint event, the first body of the run "X, Y and Z
held ..."), or a later sentence's "the ceremony organised by X". Its attendees are the people the
article then places there, over as many paragraphs as the report of that event runs (until the
next event is reported): those said to attend, preside, speak, hand over or receive, those a
sentence puts "at the session", and those who receive decisions there (appointed, elected). The
words of this grammar are data in ontology/events.toml [kinds] and [verbs].
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING

from provkg.ingest.dates import DateMention, find_dates
from provkg.ingest.facts import Event, Evidence
from provkg.ingest.lexicon import (
    alternation,
    body_head_nouns,
    event_grammar,
    event_kinds,
    event_table,
    merge_grammar,
    words_regex,
)
from provkg.ingest.mentions import BodyMention, find_body_mentions
from provkg.ingest.names import NameSpan
from provkg.ingest.scope import provinces_in
from provkg.ingest.segment import Sentence

if TYPE_CHECKING:
    from provkg.ingest.bodies import ResolvedBody
    from provkg.ingest.context import Context

_COUNCIL_KINDS = {"people-council", "national-assembly"}
# An article reports a handful of events; past this many a text is noise, and each new one would be
# compared with every earlier one.
MAX_EVENTS = 100
_MAX_DATE_DISTANCE = 220          # characters between the event noun and its date
_MAX_NOUNS = 20                   # event nouns of one sentence looked at for "<noun> of the <body>"
_MAX_SPAN_PARAGRAPHS = 12         # how far after its first report an event's attendee lists may run
_RELATIVE_CLAUSE = re.compile(r",\s*(?:who|which|whose)\b")
# "the fourth session of the tenth-tenure People's Council": words that qualify a sitting, not a body
_QUALIFIERS = re.compile(r"(?:(?:[a-z0-9][\w–-]*|[IVXL]+)[\s,]+){0,4}(?:(?i:delegates|deputies)\s+of\s+(?:the\s+)?)?")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_PARTICIPLE_GAP = re.compile(r"[\s,]*(?:[\w-]+\s+){0,2}")
_MADE_PUBLIC = re.compile(r"(?i)\bmade\b[^.;]{0,70}?\bpublic\b")
_PREFIX_OF = re.compile(r"(?i)^(?:executive (?:committee|board)|congress|conference|plenum|session|meeting)\s+of\s+")


@dataclass(frozen=True)
class _Grammar:
    organise: re.Pattern[str]
    organised_by: re.Pattern[str]
    happened: re.Pattern[str]
    attend: re.Pattern[str]
    decide: re.Pattern[str]
    absent_things: re.Pattern[str]
    absent_verbs: re.Pattern[str]
    same_day: re.Pattern[str]
    governed_date: re.Pattern[str]
    effective_date: re.Pattern[str]
    document_date: re.Pattern[str]
    reference: re.Pattern[str]
    possessive: re.Pattern[str]
    coordination: re.Pattern[str]


@cache
def _grammar() -> _Grammar:
    v = event_grammar("verbs")
    nouns = {w for ws in event_kinds().values() for w in ws}
    noun = alternation(nouns)
    before = alternation(v["not_event_date_before"])
    effective = alternation(v["effective_date_before"])
    coordination = alternation(v["coordination"] + merge_grammar()["parties"]["joiners"])
    return _Grammar(
        organise=words_regex(v["organise"]), happened=words_regex(v["happened"]),
        organised_by=re.compile(rf"(?i)(?<![\w-])(?:{alternation(v['organised_by'])})\s+by\s+"),
        attend=words_regex(v["attend"]), decide=words_regex(v["decide"]),
        absent_things=words_regex(v["absent_things"]), absent_verbs=words_regex(v["absent_verbs"]),
        same_day=words_regex(v["same_day"]),
        governed_date=re.compile(rf"(?i)\b(?:{before})\s+(?:the\s+)?(?:(?:early|late|mid|morning|afternoon|"
                                 rf"evening|night|end|beginning|middle)\s+(?:of\s+)?)?$"),
        effective_date=re.compile(rf"(?i)\b(?:{effective})\s+$"),
        document_date=re.compile(r"(?i)" + words_regex(v["not_event_date_clause"]).pattern.removeprefix("(?i)")
                                 + r"[^.;]*$"),
        reference=re.compile(rf"(?i)\b(?:the|this|that|its)\s+(?:[\w-]+\s+){{0,3}}?(?:{noun})s?\b"),
        possessive=re.compile(rf"(?i)['’]s?\s+(?:[\w-]+\s+){{0,3}}?(?:{noun})s?\b"),
        # "X, Y and Z held", "X, in coordination with Y, held": what stands between the bodies of a joint event
        coordination=re.compile(rf"(?i)\s*(?:,\s*)?(?:(?:and\s+)?(?:{coordination})\s+)?(?:,\s*)?(?:the\s+)?"))


def _kind_words() -> list[tuple[str, str]]:
    pairs = [(w, k) for k, ws in event_kinds().items() for w in ws]
    return sorted(pairs, key=lambda p: -len(p[0]))


@cache
def _kind_pattern() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One alternation of `_kind_words` (a group per word, longest first) and the kind of each group.

    A search finds the leftmost match and, there, the first word in that order: what taking the
    earliest match of each word in turn (ties to the longer word) gives."""
    words = _kind_words()
    pattern = re.compile("|".join(rf"(\b{re.escape(word)}s?\b)" for word, _ in words))
    return pattern, tuple(kind for _, kind in words)


def _event_date(text: str, pos: int, dates: list[DateMention]) -> date | None:
    """The day nearest the event noun that is the event's own: not one a preposition governs ("until
    March 1"), not a document's ("the decision signed on ..."), not inside a relative clause between
    noun and date ("..., who had been suspended on August 11")."""
    g = _grammar()
    near = []
    for d in dates:
        if not d.value or d.precision != "day" or abs(d.start - pos) > _MAX_DATE_DISTANCE:
            continue
        window = text[max(0, d.start - 45):d.start]
        if g.governed_date.search(window) or g.document_date.search(window):
            continue
        if _RELATIVE_CLAUSE.search(text[min(pos, d.start):max(pos, d.start)]) or _in_brackets(text, d.start):
            continue                      # "(February 12, 1950 - February 12, 2025)": an aside's dates
        if d.start < pos and _OPENING_DATE.match(text[:d.start]) and "," in text[d.start:pos] and not any(
                o is not d and o.precision == "day" and d.start < o.start < pos for o in dates):
            return d.value                # "On the evening of March 2, the X held ...": the sentence's own day
        near.append((abs(d.start - pos), d.value))
    return min(near)[1] if near else None


# the adverbial a sentence opens with, up to its date: "On the evening of", "Early on the morning of", "On"
_OPENING_DATE = re.compile(r"(?i)^\s*(?:[\w-]+\s+){0,2}?(?:on|in)\s+(?:the\s+)?(?:[\w-]+\s+(?:of\s+)?){0,2}$")


def _organiser(text: str, pos: int, end: int, bodies: list[BodyMention]) -> BodyMention | None:
    g = _grammar()
    by = g.organised_by.search(text)
    if by:
        found = next((b for b in bodies if by.end() - 1 <= b.start <= by.end() + 8), None)
        if found:
            return found
    pattern, _ = _kind_pattern()
    for m in islice(pattern.finditer(text.lower()), _MAX_NOUNS):
        of = _OF.match(text, m.end())
        if not of:
            continue
        gap = _QUALIFIERS.match(text, of.end())
        found = next((b for b in bodies if m.end() <= b.start <= gap.end() + 1), None) if gap else None
        if found:
            return found
    found = next((b for b in bodies if g.possessive.match(text, b.end, b.end + 60)), None)
    if found:               # "the Provincial People's Council's 25th session"
        return found
    # "the X held a session": a verb of the sentence, not a participle after the noun ("a session held in Y")
    verb = next((v for v in islice(g.organise.finditer(text), _MAX_NOUNS)
                 if not (v.start() >= end and _PARTICIPLE_GAP.fullmatch(text, end, v.start()))), None) \
        or _MADE_PUBLIC.search(text)
    if verb:
        before = [b for b in bodies if b.end <= verb.start()]
        if before:
            i = len(before) - 1
            while i > 0 and g.coordination.fullmatch(text[before[i - 1].end:before[i].start]):
                i -= 1
            return before[i]
    return None


def _unpossessed(text: str) -> str:
    """"the X Provincial People's Council's 12th session": the council without its "'s" (same length, so
    offsets hold), for the body scanner reads a possessive body's name into what follows it."""
    possessive = _grammar().possessive
    heads = "|".join(body_head_nouns())
    pieces, last = [], 0
    for m in re.finditer(rf"(?i)\b(?:{heads})(['’]s?)(?=\s)", text):
        if possessive.match(text, m.start(1), m.start(1) + 60):
            pieces += [text[last:m.start(1)], "," + " " * (len(m.group(1)) - 1)]
            last = m.end(1)
    return "".join(pieces) + text[last:] if pieces else text


def _organising_body(mention: BodyMention, province: str | None) -> ResolvedBody:
    """The body that holds the event: "the Executive Committee of the X Party Committee" meets as the
    Party Committee; a mention read as "Congress of X" is X's congress."""
    from provkg.ingest.bodies import resolve_body
    body = mention.body
    if _PREFIX_OF.match(body.label):
        if body.parent is not None:
            return body.parent
        rest = resolve_body(_PREFIX_OF.sub("", body.label), province)
        if rest is not None:
            return rest
    return body


def _name_organiser(text: str, kind: str, names: list[NameSpan], ctx: Context, evidence: Evidence) -> None:
    """'... attended the ceremony organised by the Provincial Party Committee': a later, undated sentence
    names who held an event reported without its organiser."""
    by = _grammar().organised_by.search(text)
    if not by:
        return
    event = next((e for e in reversed(ctx.facts.events) if e.kind == kind and not e.organisers and e.date), None)
    if event is None:
        return
    found = next((b for b in find_body_mentions(text, ctx.province, names)
                  if by.end() - 1 <= b.start <= by.end() + 8), None)
    if found is not None:
        key = ctx.add_body(_organising_body(found, ctx.province), evidence)
        event.organisers = [key]
        event.label = f"{kind} of the {ctx.facts.bodies[key].name}"


def find_events(sentence: Sentence, text: str, names: list[NameSpan], dates: list[DateMention], ctx: Context,
                evidence: Evidence, paragraph_day: date | None = None) -> None:
    """The events a sentence reports (`paragraph_day`: the last day its paragraph gave, for "in the afternoon")."""
    if len(ctx.facts.events) >= MAX_EVENTS:
        return
    pattern, kinds = _kind_pattern()
    nouns = list(islice(pattern.finditer(text.lower()), _MAX_NOUNS))
    if not nouns:
        _section_event(sentence, text, names, dates, ctx, evidence)
        return
    first = nouns[0]
    pos, end, kind = first.start(), first.end(), kinds[first.lastindex - 1]
    g = _grammar()
    day = _event_date(text, pos, dates)
    if day is None and ctx.facts.events and g.same_day.search(text) and not any(d.precision == "day" for d in dates):
        # "Right after that, ... chaired a conference of ...", "At its first meeting in the afternoon, ..."
        day = paragraph_day or ctx.facts.events[-1].date
    province = _sentence_province(text, sentence, ctx)
    if day is None:
        _name_organiser(text, kind, names, ctx, evidence)
    elif _cited(text, pos):
        return                                # the sitting that adopted the document a sentence cites
    elif not _not_event().search(text[max(0, pos - 20):pos + 40]):   # a press conference, a festival: no event
        _report(text, pos, end, kind, day, names, province, ctx, evidence)
    # "the meeting took place within the congress of X, which opened on October 14": another event, dated in
    # the clause that follows its noun
    for m in nouns[1:]:
        other = _clause_day(text, m.end(), dates)
        if other is not None and other != day and len(ctx.facts.events) < MAX_EVENTS:
            _report(text, m.start(), m.end(), kinds[m.lastindex - 1], other, names, province, ctx, evidence,
                    clause_only=True)


# the adverbial a paragraph opens with, up to its date: "On December 26", "A day earlier, on December 26"
_SECTION_OPENING = re.compile(r"(?i)^\s*(?:[\w-]+\s+){0,3}?(?:[\w-]+,\s+)?(?:on|in)\s+(?:the\s+)?"
                              r"(?:[\w-]+\s+(?:of\s+)?){0,2}$")


def _section_event(sentence: Sentence, text: str, names: list[NameSpan], dates: list[DateMention], ctx: Context,
                   evidence: Evidence) -> None:
    """"A day earlier, on December 26, X district announced ...": in an article that reports an event and then
    the same happening elsewhere, section by section, a paragraph that opens on a day of its own and tells what
    was held or announced is another event of that kind. Who held it is the body named before the verb."""
    if sentence.start != 0 or sentence.section != "body" or not ctx.facts.events:
        return
    day = next((d for d in dates if d.value and d.precision == "day" and _SECTION_OPENING.match(text[:d.start])),
               None)
    if day is None or any(e.date == day.value for e in ctx.facts.events):
        return
    verb = _grammar().organise.search(text, day.end)
    if verb is None or _grammar().effective_date.search(text[max(0, day.start - 25):day.start]):
        return
    kind = ctx.facts.events[-1].kind
    bodies = [b for b in find_body_mentions(text, ctx.province, names) if day.end <= b.start and b.end <= verb.start()]
    organisers = [ctx.add_body(_organising_body(bodies[-1], ctx.province), evidence)] if bodies else []
    label = f"{kind} of the {ctx.facts.bodies[organisers[0]].name}" if organisers else kind
    _add_event(ctx, Event(kind, label, day.value, organisers, [], None, evidence))


@cache
def _document_lead() -> re.Pattern[str]:
    from provkg.ingest.lexicon import document_heads
    return re.compile(rf"(?i)^\s*(?:{alternation(event_grammar('verbs')['document_lead'])})\s+(?:the\s+)?"
                      rf"(?:[\w-]+\s+){{0,2}}?(?:{alternation(document_heads())})s?\b")


def _cited(text: str, pos: int) -> bool:
    """"Under Resolution No. 5 adopted by the Council at its session on March 2, ...": the event noun stands in
    a leading clause that cites a document, not in the report of the day."""
    m = _document_lead().match(text)
    comma = text.find(",", m.end() if m else 0, pos + 1) if m else -1
    return bool(m) and m.end() <= pos and comma < 0


def _report(text: str, pos: int, end: int, kind: str, day: date, names: list[NameSpan], province: str | None,
            ctx: Context, evidence: Evidence, clause_only: bool = False) -> None:
    """The event whose noun stands at `pos`, dated `day`, with the organiser the sentence gives it."""
    g = _grammar()
    kind = _sitting_kind(text, pos, kind, ctx)
    bodies = find_body_mentions(_unpossessed(text), province, names)
    organiser = _of_body(text, pos, end, bodies) if clause_only else _organiser(text, pos, end, bodies)
    explicit = _of_body(text, pos, end, bodies)
    if kind == "meeting" and _first_sitting().search(text[max(0, pos - 30):end]) and (
            explicit is None or explicit.body.kind in ("body", "party-standing-committee")):
        congress = next((e for e in reversed(ctx.facts.events) if e.kind == "congress" and e.organisers), None)
        if congress is not None:          # the first meeting of the committee a congress has just elected
            _add_event(ctx, Event(kind, f"{kind} of the {ctx.facts.bodies[congress.organisers[0]].name}", day,
                                  list(congress.organisers[:1]), [], None, evidence))
            return
    if kind == "congress" and organiser is None:
        host = _congress_host(text[max(0, pos - 40):end], ctx)
        if host is not None:
            # a body of the host's kind the sentence names is the host, in the sentence's own place
            host = next((b.body for b in bodies if b.body.kind == host.kind), host)
            key = ctx.add_body(host, evidence)
            _add_event(ctx, Event(kind, f"{kind} of the {host.label}", day, [key], [], None, evidence))
            return
        congress = _same_congress(ctx)
        if congress is not None and _sitting_kind(text, pos, "session", ctx) == "congress":
            _add_event(ctx, Event(kind, congress.label, day, list(congress.organisers[:1]), [], None, evidence))
            return
    if organiser is None and not clause_only and re.search(r"(?i)\b(?:at|during|in) its\b", text) and bodies:
        organiser = bodies[0]            # "at its 18th session, the City People's Council elected ..."
    if kind == "session" and (organiser is None or organiser.body.kind not in _COUNCIL_KINDS):
        # a session is a sitting of a council: the council the sentence names sat
        organiser = next((b for b in bodies if b.body.kind in _COUNCIL_KINDS), organiser)
    organisers = []
    if organiser is not None:
        org = _organising_body(organiser, province)
        if kind == "meeting" and org.kind in _COUNCIL_KINDS:
            kind = "session"
        organisers.append(ctx.add_body(org, evidence))
    at_event = re.search(r"(?i)\b(?:at|during)\s+(?:the|a|an|its)\s+", text[max(0, pos - 40):pos])
    if not organisers and not clause_only and not g.happened.search(text) and not at_event:
        return
    if not organisers and clause_only:
        return
    label = f"{kind} of the {ctx.facts.bodies[organisers[0]].name}" if organisers else kind
    _add_event(ctx, Event(kind, label, day, organisers, [], None, evidence))


def _of_body(text: str, pos: int, end: int, bodies: list[BodyMention]) -> BodyMention | None:
    """"the 19th Congress of the X Party Organisation": the body named right after the event noun."""
    of = _OF.match(text, end)
    gap = _QUALIFIERS.match(text, of.end()) if of else None
    return next((b for b in bodies if end <= b.start <= gap.end() + 1), None) if gap else None


def _clause_day(text: str, end: int, dates: list[DateMention]) -> date | None:
    """The day a clause right after an event noun gives it: "<noun> of X, which opened at Y on October 14",
    "<noun>, held on March 3". Only a verb that tells the event happened dates it."""
    g = _grammar()
    for d in dates:
        if not d.value or d.precision != "day" or not end <= d.start <= end + _CLAUSE_REACH:
            continue
        between = text[end:d.start]
        if _kind_pattern()[0].search(between.lower()) or ";" in between or ". " in between:
            return None
        if g.happened.search(between) and not _in_brackets(text, d.start):
            return d.value
    return None


_CLAUSE_REACH = 140          # characters from a second event noun to the date its own clause gives it


def _sitting_kind(text: str, pos: int, kind: str, ctx: Context) -> str:
    """"the opening session" of a congress is the congress sitting, not a council's session: a sitting word
    before "session" when the sentence speaks of a congress, or the article reported one last."""
    if kind != "session" or not _sitting_words().search(text[max(0, pos - 25):pos + 8]):
        return kind
    if re.search(r"(?i)\bcongress", text) or _same_congress(ctx) is not None:
        return "congress"
    return kind


def _same_congress(ctx: Context) -> Event | None:
    """The congress the article reported last, when it is the last event it reported."""
    last = ctx.facts.events[-1] if ctx.facts.events else None
    return last if last is not None and last.kind == "congress" and last.organisers else None


@cache
def _sitting_words() -> re.Pattern[str]:
    return words_regex(event_grammar("verbs")["sittings"])


@cache
def _first_sitting() -> re.Pattern[str]:
    return words_regex(event_grammar("verbs")["first_sitting"])


def _in_brackets(text: str, at: int) -> bool:
    """Whether `at` stands inside an aside in brackets: "(February 12, 1950 - February 12, 2025)"."""
    window = text[max(0, at - 60):at]
    return window.rfind("(") > window.rfind(")")


def _sentence_province(text: str, sentence: Sentence, ctx: Context) -> str | None:
    """The province a sentence's unscoped bodies belong to: the one its paragraph is about in an article
    about several ("In Tien Giang, the Provincial People's Council ..."), else the article's."""
    m = _LOCATIVE.match(text)
    found = set(provinces_in(m.group(1))) if m else set()
    if len(found) == 1:
        return found.pop()
    if ctx.topic and ctx.topic_paragraph == sentence.paragraph:
        return ctx.topic
    return ctx.province


_LOCATIVE = re.compile(r"^\s*(?:In|At|For)\s+([^,]{2,60}),")


def _add_event(ctx: Context, event: Event) -> None:
    """A new event, or the one already reported for that day, kind and organiser (a later report that
    names the organiser of one reported without it completes it)."""
    for existing in ctx.facts.events:
        if existing.date != event.date or existing.kind != event.kind:
            continue
        if existing.organisers[:1] == event.organisers[:1] or not event.organisers:
            return
        if not existing.organisers:
            existing.organisers, existing.label = event.organisers, event.label
            return
    ctx.facts.events.append(event)


@cache
def _not_event() -> re.Pattern[str]:
    return words_regex(tuple(event_grammar("not_events")["words"]))


@cache
def _congress_hosts() -> tuple[re.Pattern[str], dict[str, str]]:
    hosts = {re.sub(r"\s+", " ", k.lower()): v for k, v in event_table("congress_hosts").items()}
    return words_regex(tuple(hosts)), hosts


def _congress_host(text: str, ctx: Context) -> ResolvedBody | None:
    """"the 17th provincial Party Congress" with no body named: the province's Party Committee holds it.
    `text` is the phrase that ends with the congress noun the sentence reports."""
    from provkg.ingest.bodies import resolve_body
    pattern, hosts = _congress_hosts()
    m = pattern.search(text)
    if not m:
        return None
    label = hosts[re.sub(r"\s+", " ", m.group().lower())]
    return resolve_body(label, ctx.province if label.startswith("Provincial") else None)


def _dated_elsewhere(text: str, day: date, ctx: Context) -> bool:
    """The sentence is about another day: a day, month or earlier year other than the event's."""
    g = _grammar()
    for d in find_dates(text, ctx.reference, ctx.default_year, None):
        if d.value is None or (d.value > day and g.effective_date.search(text[max(0, d.start - 25):d.start])):
            continue            # "appointed ..., with effect from March 1": when the decision takes effect
        if d.precision == "day" and d.value != day:
            return True
        if d.precision == "month" and (d.value.year, d.value.month) != (day.year, day.month):
            return True
        if d.precision == "year" and d.value.year < day.year:
            return True
    return False


def _places_people(text: str, item: bool, lead_counts: bool) -> bool:
    """The sentence places the people it names at the event it is about."""
    g = _grammar()
    if g.absent_things.search(text) and g.absent_verbs.search(text) and not g.attend.search(text):
        return False               # they sent flowers or a letter
    if item and lead_counts:
        return True
    return bool(g.attend.search(text) or g.decide.search(text) or g.reference.search(text))


def _spans(sentences: list[Sentence], ctx: Context) -> list[tuple[Event, list[Sentence]]]:
    """Each dated event with the sentences that report it. From the first event's report on, each sentence
    belongs to the event it speaks of: the one whose day it gives, else the one its event noun names ("the
    congress", "the first meeting"), else the one the sentence before it belonged to; never more than
    _MAX_SPAN_PARAGRAPHS paragraphs after that event's first report. The first event also takes the headline
    and the lead, but for an article about several provinces."""
    first_report: dict[str, int] = {}
    for pos, s in enumerate(sentences):
        first_report.setdefault(s.text, pos)
    origins = sorted((first_report[e.evidence.sentence], i) for i, e in enumerate(ctx.facts.events)
                     if e.date and e.evidence and e.evidence.sentence in first_report)
    if not origins:
        return []
    events = ctx.facts.events
    spans: dict[int, list[Sentence]] = {i: [] for _, i in origins}
    if not ctx.several_provinces:         # a roundup's earlier paragraphs are about other provinces' news
        spans[origins[0][1]] += [s for s in sentences[:origins[0][0]] if s.section in ("body", "headline")]
    starting: dict[int, list[int]] = {}
    opened: dict[int, int] = {}           # event -> the paragraph of its first report
    for origin, i in origins:
        starting.setdefault(origin, []).append(i)
        opened[i] = sentences[origin].paragraph
    told: list[int] = []                  # events reported so far, in order
    current = origins[0][1]
    for pos in range(origins[0][0], len(sentences)):
        s = sentences[pos]
        if s.section not in ("body", "headline"):
            continue
        if pos in starting:
            told += starting[pos]
            for i in starting[pos][:-1]:
                spans[i].append(s)
            current = starting[pos][-1]
        elif len(told) > 1:
            current = _spoken_of(s.text, [events[i] for i in told], told, current, ctx)
        if s.paragraph <= opened[current] + _MAX_SPAN_PARAGRAPHS:
            spans[current].append(s)
    return [(events[i], spans[i]) for _, i in origins]


_DEFINITE_EVENT = re.compile(r"(?i:\b(?:the|this|that|its)\s+)(?:[a-z][\w-]*\s+){0,2}$")


def _spoken_of(text: str, told: list[Event], keys: list[int], current: int, ctx: Context) -> int:
    """Which of the events reported so far a sentence is about: the one dated the day it gives, else the last
    one of the kind its event noun names, else the one the report was about."""
    days = {d.value for d in find_dates(text, ctx.reference, ctx.default_year, None)
            if d.value and d.precision == "day"}
    dated = [k for e, k in zip(told, keys, strict=True) if e.date in days]
    if dated:
        return current if current in dated else dated[-1]
    pattern, kinds = _kind_pattern()
    # "the congress", "at the same conference", "its first meeting"; not "delegates to the 14th National Congress"
    m = next((m for m in islice(pattern.finditer(text.lower()), _MAX_NOUNS)
              if _DEFINITE_EVENT.search(text, max(0, m.start() - 30), m.start())), None)
    if m:
        kind = _sitting_kind(text, m.start(), kinds[m.lastindex - 1], ctx) if kinds[m.lastindex - 1] == "session" \
            else kinds[m.lastindex - 1]
        named = [k for e, k in zip(told, keys, strict=True) if e.kind == kind]
        if named and current not in named:
            return named[-1]
    return current


def _council_of_session(event: Event, span: list[Sentence], names: dict[int, list[NameSpan]], ctx: Context) -> None:
    """A session is a sitting of a People's Council or the National Assembly: the council its report
    names is the one that sat."""
    for s in span:
        text = s.text.replace("’", "'")
        council = next((b for b in find_body_mentions(text, ctx.province, names.get(s.index, []))
                        if b.body.kind in _COUNCIL_KINDS), None)
        if council is not None:
            key = ctx.add_body(council.body, Evidence(s.text, s.section))
            event.organisers = [key]
            event.label = f"session of the {ctx.facts.bodies[key].name}"
            return


def add_attendees(sentences: list[Sentence], names: dict[int, list[NameSpan]], ctx: Context) -> None:
    """The people each event's report places at it (see the module's docstring)."""
    for event, span in _spans(sentences, ctx):
        assert event.date is not None
        if not event.organisers and event.kind == "session":
            _council_of_session(event, span, names, ctx)
        lead_counts = False
        seen = set(event.attendees)
        origin = event.evidence.sentence if event.evidence else None
        previous: tuple[Sentence, bool] | None = None
        for s in span:
            here = names.get(s.index, [])
            qualifies = (s.text == origin or not _dated_elsewhere(s.text, event.date, ctx)) and (_places_people(
                s.text, s.list_item, lead_counts) or previous is not None and previous[1]
                and _continues_list(s.text, here))
            if not s.list_item:
                # "... were announced and presented. Accordingly:" leads the list that follows
                lead = qualifies or (previous is not None and previous[1] and previous[0].paragraph == s.paragraph)
                lead_counts = lead and s.text.rstrip().endswith(":")
                previous = (s, qualifies)
            if not qualifies:
                continue
            for n in here:
                key = ctx.add_person(n, Evidence(s.text, s.section))
                if key not in seen:
                    seen.add(key)
                    event.attendees.append(key)


def _continues_list(text: str, names: list[NameSpan]) -> bool:
    """"With him were X and Y", "On the province's side were X ...", "Representatives of the ministry were X":
    after a sentence that placed people at the event, a list joined by a copula to a short lead goes on."""
    m = _copula().search(text, 0, _LIST_LEAD)
    if not m or not names or not m.end() <= names[0].start <= m.end() + _LIST_GAP \
            or _NOT_A_LIST_LEAD.search(text, 0, m.start()):   # "With the change, ...", "Leading it is X": a post
        return False
    return bool(_TITLE_WORDS.fullmatch(text, m.end(), names[0].start))


_NOT_A_LIST_LEAD = re.compile(r",|^\s*\w+ing\b|\b[a-z]\w*ing\b")
_LIST_LEAD = 100              # characters of lead before the copula of a list sentence
_LIST_GAP = 60                # characters of title between the copula and the first name
# what may stand between the copula and the first name: titles ("Major General", "Mr.")
_TITLE_WORDS = re.compile(r"\s*(?:also\s*)?:?\s*(?:(?:[A-Z][\w'’-]*\.?|of|the|and)\s+)*")


@cache
def _copula() -> re.Pattern[str]:
    return words_regex(event_grammar("verbs")["list_copula"])


def add_participants(sentences: list[Sentence], names: dict[int, list[NameSpan]], ctx: Context) -> None:
    """Those appointed or elected in an event's report received the decision there, whatever verb the
    sentence uses ("takes the post of", "was put in charge as")."""
    by_sentence: dict[str, list[str]] = {}
    for m in ctx.facts.memberships:
        if m.change in ("appointed", "elected") and m.status == "current" and m.evidence:
            by_sentence.setdefault(m.evidence.sentence, []).append(m.person)
    for event, span in _spans(sentences, ctx):
        assert event.date is not None
        seen = set(event.attendees)
        for s in span:
            people = by_sentence.get(s.text) if s.section == "body" else None
            if not people or _dated_elsewhere(s.text, event.date, ctx):
                continue
            for person in people:
                if person not in seen:
                    seen.add(person)
                    event.attendees.append(person)
