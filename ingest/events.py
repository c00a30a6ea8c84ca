"""Events: conferences, meetings, sessions, congresses and ceremonies with date, organiser, attendees."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from provkg.ingest.dates import DateMention
from provkg.ingest.facts import Event, Evidence
from provkg.ingest.lexicon import event_kinds
from provkg.ingest.mentions import find_body_mentions
from provkg.ingest.names import NameSpan
from provkg.ingest.segment import Sentence

if TYPE_CHECKING:
    from provkg.ingest.context import Context

_ORGANISE = re.compile(r"(?i)\b(held|holds|hold|organi[sz]ed|organi[sz]es|convened|convenes|opened|opens|hosted|"
                       r"chaired|presided over|got under way|came to|announced|made public|launched)\b")
_BY = re.compile(r"(?i)\b(?:held|organi[sz]ed|convened|hosted|chaired|made public|hand(?:ed)? over)\s+by\s+")
_ATTEND = re.compile(r"(?i)\b(attend\w*|present\b|presided|chaired|directed|guests?|welcomed|spoke|speaking|"
                     r"handed|presented|received)\b")
_COUNCIL_KINDS = {"people-council", "national-assembly"}
# a date that belongs to something else the sentence mentions: "the decision ... on February 10"
_NOT_EVENT_DATE = re.compile(r"(?i)\b(decision|decided|announced|since|until|born|before|after|by)\b[^.]*$")
_MADE_PUBLIC = re.compile(r"(?i)\bmade\b[^.;]{0,70}?\bpublic\b")


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


def _event_noun(text: str) -> tuple[int, str] | None:
    pattern, kinds = _kind_pattern()
    m = pattern.search(text.lower())
    return (m.start(), kinds[m.lastindex - 1]) if m and m.lastindex else None


def find_events(sentence: Sentence, text: str, names: list[NameSpan], dates: list[DateMention], ctx: Context,
                evidence: Evidence) -> None:
    noun = _event_noun(text)
    if noun is None:
        return
    pos, kind = noun
    near = sorted((abs(d.start - pos), d.value) for d in dates if d.value and d.precision == "day"
                  and not _NOT_EVENT_DATE.search(text[max(0, d.start - 45):d.start]))
    if not near or near[0][0] > 220:
        return
    day = near[0][1]
    if re.search(r"(?i)\b(press conference|festival)\b", text) and kind == "conference":
        return
    bodies = find_body_mentions(text, ctx.province, names)
    organiser = None
    by = _BY.search(text)
    if by:
        organiser = next((b for b in bodies if b.start >= by.end() and b.start - by.end() < 8), None)
    if organiser is None:
        of = re.search(r"(?i)\b(?:meeting|session|conference|congress|ceremony) of (?:the )?", text)
        if of:
            organiser = next((b for b in bodies if of.end() - 5 <= b.start <= of.end() + 1), None)
    if organiser is None:
        verb = _ORGANISE.search(text) or _MADE_PUBLIC.search(text)
        if verb:
            before = [b for b in bodies if b.end <= verb.start()]
            organiser = before[-1] if before else None
    if organiser is None:
        of = re.search(r"(?i)\b(?:meeting|session|conference|congress) of (?:the )?", text)
        if of:
            organiser = next((b for b in bodies if b.start >= of.end() - 4 and b.start - of.end() < 6), None)
    if organiser is None and kind == "congress":
        m = re.search(r"(?i)\b(party|patriotic emulation) congress", text)
        if m:
            organiser = next((b for b in bodies if b.body.kind == "party-committee"), None)
            if organiser is None and ctx.province and "party" in m.group(1).lower():
                from provkg.ingest.bodies import resolve_body
                body = resolve_body("Provincial Party Committee", ctx.province)
                if body:
                    key = ctx.add_body(body, evidence)
                    ctx.facts.events.append(Event(kind, f"{kind} of the {body.label}", day, [key], [], None,
                                                  evidence))
                    return
    if organiser is None and re.search(r"(?i)\b(?:at|during|in) its\b", text) and bodies:
        organiser = bodies[0]            # "at its 18th session, the City People's Council elected ..."
    organisers = []
    if organiser is not None:
        org = organiser.body
        if kind == "meeting" and org.kind in _COUNCIL_KINDS:
            kind = "session"
        organisers.append(ctx.add_body(org, evidence))
    if not organisers and not re.search(r"(?i)\b(held|organi[sz]ed|convened|opened|took place|attended)\b", text):
        return
    attendees = [ctx.add_person(n, evidence) for n in names]
    label = f"{kind} of the {ctx.facts.bodies[organisers[0]].name}" if organisers else kind
    for existing in ctx.facts.events:
        if existing.date == day and existing.organisers[:1] == organisers[:1] and existing.kind == kind:
            existing.attendees.extend(a for a in attendees if a not in existing.attendees)
            return
    ctx.facts.events.append(Event(kind, label, day, organisers, attendees, None, evidence))


def add_attendees(sentences: list[Sentence], names: dict[int, list[NameSpan]], ctx: Context) -> None:
    """People placed at an event by the sentences after it in the same paragraph ("X attended ...")."""
    by_text = {s.text: s for s in sentences}
    for event in ctx.facts.events:
        origin = by_text.get(event.evidence.sentence) if event.evidence else None
        if origin is None:
            continue
        for s in sentences:
            if s.section != origin.section or s.paragraph not in (origin.paragraph, origin.paragraph + 1) \
                    or s.index <= origin.index or not _ATTEND.search(s.text):
                continue
            for n in names.get(s.index, []):
                key = ctx.add_person(n, Evidence(s.text, s.section))
                if key not in event.attendees:
                    event.attendees.append(key)


_AT_EVENT = re.compile(r"(?i)\b(?:(?:at|during|to) (?:the|this|that) (?:opening )?|the )"
                       r"(conference|session|ceremony|meeting|congress)\b(?: was attended by| were)?")


def add_participants(sentences: list[Sentence], names: dict[int, list[NameSpan]], ctx: Context) -> None:
    """People a later sentence places "at the conference", and those appointed or elected there.

    An appointment or election the article reports without a date of its own is taken to
    have been handed over at the article's first dated event of that kind of gathering.
    """
    events = [e for e in ctx.facts.events if e.date]
    if not events:
        return
    first = events[0]
    for s in sentences:
        if s.section != "body":
            continue
        m = _AT_EVENT.search(s.text)
        if not m:
            continue
        kind = m.group(1).lower()
        target = next((e for e in events if e.kind == kind), None) or (first if kind != "congress" else None)
        if target is None:
            continue
        for n in names.get(s.index, []):
            key = ctx.add_person(n, Evidence(s.text, s.section))
            if key not in target.attendees:
                target.attendees.append(key)
    if first.kind in ("conference", "session", "ceremony", "meeting"):
        for m in ctx.facts.memberships:
            if m.change in ("appointed", "elected") and m.evidence and m.evidence.section == "body" \
                    and (m.start is None or m.start == first.date) and m.person not in first.attendees:
                first.attendees.append(m.person)
