"""Merges of bodies and provinces: "A and B were merged into C", "C ... on the basis of merging A and B"."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from provkg.ingest.bodies import ResolvedBody
from provkg.ingest.dates import DateMention, find_dates
from provkg.ingest.facts import Body, Evidence, Merge, Place
from provkg.ingest.mentions import BodyMention, backref_heads, find_body_mentions
from provkg.ingest.names import NameSpan
from provkg.ingest.scope import province_regex
from provkg.ingest.segment import Sentence
from provkg.ingest.text import fold, slug

if TYPE_CHECKING:
    from provkg.ingest.context import Context

_TRIGGER = re.compile(r"(?i)\b(merg\w*|combin\w*|bring\w* together|absorb\w*|takes? in|takes? over|single body|"
                      r"on the basis of merging|amalgamat\w*|consolidat\w*)")
# the result follows these words: "merged into C", "combined to form C", "a new province named C"
_INTO = re.compile(r"(?i)\b(into|to form|to become|forming|form|named|keeps? the name|become a single body,?|"
                   r"with the name)\b\s*(?:it\b|this \w+|(?:a|the)\s+(?:new\s+)?(?:single\s+)?(?:province|body))?")
# the result precedes these: "C was established on the basis of merging A and B", "C, which absorbs A"
_FROM = re.compile(r"(?i)\b(on the basis of merging|by merging|from the merger of|results? from the merger of|"
                   r"brings? together|bringing together|formed from|formed by merging|formed after|"
                   r"established by merging|set up by merging|merging)\b")
_ABSORB = re.compile(r"(?i)\b(absorbs?|takes? in|takes? over)\b")
_EFFECTIVE = re.compile(r"(?i)\b(from|as of|effective|with effect from|officially)\b")


def _province_mentions(text: str) -> list[tuple[int, int, str]]:
    folded = fold(text)
    from provkg.ingest.scope import canonical_province
    out = []
    for m in province_regex().finditer(folded):
        after = folded[m.end():m.end() + 20]
        if re.match(r"\s+(ward|commune|district|town|city\b(?! party))", after) and not m.group(1).endswith("city"):
            continue
        if re.match(r"\s+(provincial|party|people|department)", after):
            continue
        out.append((m.start(), m.end(), canonical_province(m.group(1))))
    return out


def _province_body(name: str) -> ResolvedBody:
    label = f"{name} Province"
    return ResolvedBody(slug(label), label, "province", name, name, None, False, label)


def _split(mentions: list[BodyMention], cut: int) -> tuple[list[BodyMention], list[BodyMention]]:
    return [m for m in mentions if m.end <= cut], [m for m in mentions if m.start >= cut]


def _trailing_list(text: str, mentions: list[BodyMention]) -> list[BodyMention]:
    """The run of mentions joined by 'and' / ',' / 'with' that ends the list: the merged parties."""
    out = mentions[-1:]
    for prev in reversed(mentions[:-1]):
        gap = text[prev.end:out[0].start]
        if prev.body.national != out[0].body.national:
            break
        if not re.fullmatch(r"\s*(?:(?:is|are|was|were|will be)\s+(?:merged|combined)\s+)?(,|and|, and|with|&)?"
                            r"\s*(the\s+)?(former\s+)?", gap):
            break
        out.insert(0, prev)
    return out


def _resolve_backref(text: str, ctx: Context, at: int) -> ResolvedBody | None:
    for s, _e, head in backref_heads(text):
        if abs(s - at) < 40:
            for body in reversed(ctx.recent_bodies):
                if head in body.label.lower() and body.kind not in ("party-committee", "people-committee"):
                    return body
    return None


_UNIT_NAME = r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}"
_UNIT_KIND = r"((?i:commune|ward|district|town|township))"
_UNIT_ONE = re.compile(rf"\b({_UNIT_NAME}) {_UNIT_KIND}\b")
_UNIT_LIST = re.compile(rf"\b((?:{_UNIT_NAME}(?:,\s*(?:and\s+)?|\s+and\s+))+{_UNIT_NAME}) {_UNIT_KIND}[sS]\b")
_UNIT_OF = re.compile(rf"\b{_UNIT_KIND}[sS] of ((?:{_UNIT_NAME}(?:,\s*(?:and\s+)?|\s+and\s+))+{_UNIT_NAME})")
_UNIT_RESULT = re.compile(rf"\b(?:new )?{_UNIT_KIND} (?:named|called|that keeps the name|with the name) "
                          rf"({_UNIT_NAME})|\binto (?:the )?(?:new )?({_UNIT_NAME}) {_UNIT_KIND}\b|"
                          rf"\bform (?:the )?(?:new )?({_UNIT_NAME}) {_UNIT_KIND}\b")


def _unit_body(name: str, kind: str, province: str | None) -> ResolvedBody:
    kind = kind.lower()
    label = f"{name} {kind.title()}"
    return ResolvedBody(slug(f"{province or 'vn'} {label}"), label, kind, label, province, None, False, label)


def _unit_merge(text: str, ctx: Context) -> tuple[list[ResolvedBody], ResolvedBody] | None:
    """Communes, wards and districts merged into one: "A commune and B commune are merged into a new commune
    named A", "X Ward is formed from A, B and C wards"."""
    result_m = _UNIT_RESULT.search(text)
    formed = re.search(rf"\b({_UNIT_NAME}) {_UNIT_KIND} (?:is|was|will be) (?:formed|established|set up) "
                       rf"(?:from|by merging|on the basis of merging)\b", text)
    if formed:
        result = _unit_body(formed.group(1), formed.group(2), ctx.province)
        scan = text[formed.end():]
    elif result_m:
        groups = result_m.groups()
        name = next(g for g in (groups[1], groups[2], groups[4]) if g)
        kind = next(g for g in (groups[0], groups[3], groups[5]) if g)
        result = _unit_body(name, kind, ctx.province)
        scan = text[:result_m.start()]
    else:
        return None
    sources: list[ResolvedBody] = []
    for m in list(_UNIT_LIST.finditer(scan)) + list(_UNIT_OF.finditer(scan)):
        names_part, kind = (m.group(1), m.group(2)) if m.re is _UNIT_LIST else (m.group(2), m.group(1))
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", names_part)]
        if any(re.search(r"\b(City|District|Province|Town)$", p) for p in parts):
            continue                     # "wards of Thu Dau Mot City": a containing unit, not a list
        sources.extend(_unit_body(p, kind, ctx.province) for p in parts)
    for m in _UNIT_ONE.finditer(scan):
        if not any(b.label.lower().startswith(m.group(1).lower()) for b in sources):
            sources.append(_unit_body(m.group(1), m.group(2), ctx.province))
    sources = list({b.key: b for b in sources}.values())
    return (sources, result) if len(sources) >= 2 else None


def _merge_in_sentence(text: str, names: list[NameSpan], ctx: Context,
                       list_head: ResolvedBody | None) -> tuple[list[ResolvedBody], ResolvedBody] | None:
    if not _TRIGGER.search(text) and not _FORMED_FROM.search(text):
        return None
    units = _unit_merge(text, ctx)
    if units:
        return units
    provinces = _province_mentions(text)
    if len({p[2] for p in provinces}) >= 2 and re.search(r"(?i)\bprovinces?\b", text):
        into = _INTO.search(text)
        if into:
            before = [p for p in provinces if p[1] <= into.start()]
            after = [p for p in provinces if p[0] >= into.start()]
            if len({p[2] for p in before}) >= 2 and after:
                return ([_province_body(p) for p in dict.fromkeys(x[2] for x in before)],
                        _province_body(after[0][2]))
        fr = _FROM.search(text)
        if fr:
            before = [p for p in provinces if p[1] <= fr.start()]
            after = [p for p in provinces if p[0] >= fr.end()]
            if before and len({p[2] for p in after}) >= 2:
                return [_province_body(p) for p in dict.fromkeys(x[2] for x in after)], _province_body(before[-1][2])
    mentions = find_body_mentions(text, ctx.province, names)
    into = _INTO.search(text)
    fr = _FROM.search(text)
    if into and (not fr or into.start() > fr.start()) and re.search(r"(?i)merg|combin|single body",
                                                                      text[:into.end()]):
        sources, rest = _split(mentions, into.start())
        sources = _trailing_list(text, sources)
        if list_head and sources and sources[0].body.key == list_head.key and len(sources) > 2:
            sources = sources[1:]
        result = rest[0].body if rest and rest[0].start - into.end() < 12 else None
        if result is None and re.search(r"(?i)\b(it|this \w+)\s*$", into.group(0)):
            result = list_head
        if result is None:
            result = _resolve_backref(text, ctx, into.end())
        if result and len(sources) >= 2:
            return [m.body for m in sources], result
    if fr:
        before, after = _split(mentions, fr.start())
        after = [m for m in after if m.start >= fr.end()]
        actors = [m for m in before if not re.search(r"\bby\s+(?:the\s+)?$", text[:m.start])]
        result = actors[0].body if actors else (list_head or _resolve_backref(text, ctx, 0))
        absorbing = _ABSORB.search(text)
        if absorbing and result and after:
            return [m.body for m in after] + [result], result
        after = after[:1] + [m for i, m in enumerate(after[1:], 1)
                             if re.fullmatch(r"\s*(,|and|, and|with|into|&)?\s*(the\s+)?(former\s+)?",
                                             text[after[i - 1].end:m.start])] if after else after
        if result and len(after) >= 2:
            into2 = re.search(r"(?i)\binto\b", text[fr.end():])
            if into2:     # "set up by merging A into B": B is among the sources
                return [m.body for m in after], result
            return [m.body for m in after], result
    absorbing = _ABSORB.search(text)
    if absorbing:
        before, after = _split(mentions, absorbing.start())
        result = before[-1].body if before else list_head
        if result and after:
            return [after[0].body, result], result
    return None


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


def _effective_date(sentences: list[Sentence], ctx: Context, index: int) -> date | None:
    """The date the merger takes effect, else the date its decision was announced."""
    def dates_of(s: Sentence) -> list:
        return [d for d in find_dates(s.text, ctx.reference, ctx.default_year) if d.value and d.precision == "day"]

    body = [s for s in sentences if s.section == "body"]
    here = next((s for s in body if s.index == index), None)
    here_dates = dates_of(here) if here else []
    eff = [d for d in here_dates if _EFFECTIVE.search(here.text[max(0, d.start - 25):d.start])]
    if eff:
        return _ahead(eff[0], ctx.reference)
    for s in body:
        if re.search(r"(?i)\b(into operation|come into|came into|start(?:s|ed)? operating|take effect|effective)\b",
                     s.text):
            ds = [d for d in dates_of(s) if re.search(r"(?i)\b(from|as of|effective|on)\s*(?:the\s+\w+\s+of\s+)?$",
                                                     s.text[max(0, d.start - 30):d.start]) or "(" in d.text
                  or re.search(r"\(\s*$", s.text[:d.start])]
            if ds:
                return _ahead(ds[0], ctx.reference)
    if here_dates:
        return here_dates[0].value
    near = sorted(body, key=lambda s: (abs(s.index - index), s.index > index))
    for s in near:
        if re.search(r"(?i)\b(merg\w*|decision|resolution|establish\w*)\b", s.text):
            ds = dates_of(s)
            if ds:
                return ds[0].value
    for s in body:
        ds = dates_of(s)
        if ds:
            return ds[0].value
    return None                          # the article gives neither: unknown, not guessed


_LIST_HEAD = re.compile(r"^(?:the\s+)?([^:]{4,90}?)(?::|,\s+(?:which|established|set up|formed|it))")
_CLAUSE_SPLIT = re.compile(r";|:\s+(?=the\b)|,\s+while\s+|,\s+whereas\s+")
_FORMED_FROM = re.compile(r"(?i)\bformed from\b")


def find_merges(sentences: list[Sentence], names: dict[int, list[NameSpan]], ctx: Context) -> None:
    seen: dict[tuple, Merge] = {}
    list_head: ResolvedBody | None = None
    for s in sentences:
        if s.section != "body":
            continue
        head = _LIST_HEAD.match(s.text)
        if head:
            hm = find_body_mentions(head.group(1), ctx.province, [])
            list_head = hm[0].body if hm else list_head
        for clause in _CLAUSE_SPLIT.split(s.text):
            found = _merge_in_sentence(clause, [n for n in names.get(s.index, []) if n.name in clause], ctx,
                                       list_head)
            if found:
                _record(found, s, sentences, ctx, seen)
        # what this sentence named is what "the new committee" in the next one refers back to
        ctx.recent_bodies.extend(m.body for m in find_body_mentions(s.text, ctx.province, names.get(s.index, [])))


def _record(found: tuple[list[ResolvedBody], ResolvedBody], s: Sentence, sentences: list[Sentence],
            ctx: Context, seen: dict[tuple, Merge]) -> None:
    if True:
        sources, result = found
        keys = tuple(dict.fromkeys(b.key for b in sources))
        if len(keys) < 2:
            return
        evidence = Evidence(s.text, s.section)
        for b in [*sources, result]:
            if b.kind == "province":
                _add_province(b, ctx, evidence)
            elif b.kind in ("commune", "ward", "district", "town", "township"):
                _add_unit(b, ctx, evidence)
            else:
                ctx.add_body(b, evidence)
        key = (frozenset(keys), result.key)
        if key in seen:
            return
        merge = Merge(list(keys), result.key, _effective_date(sentences, ctx, s.index), evidence)
        seen[key] = merge
        ctx.facts.merges.append(merge)


def _add_province(b: ResolvedBody, ctx: Context, evidence: Evidence) -> None:
    """A province that merges is an organisation as well as a place."""
    place = ctx.add_province(b.province, evidence)
    if b.key not in ctx.facts.bodies:
        ctx.facts.bodies[b.key] = Body(b.key, b.label, "province", scope=place, evidence=evidence, variants={b.label})


def _add_unit(b: ResolvedBody, ctx: Context, evidence: Evidence) -> None:
    """A commune, ward or district that merges: an organisation and a place of the article's province."""
    parent = ctx.add_province(b.province, evidence) if b.province else None
    if b.key not in ctx.facts.places:
        from provkg.ingest import gazetteer
        rec = gazetteer.lookup(b.label, b.kind, b.province)
        ctx.facts.places[b.key] = Place(b.key, rec.name if rec else b.label, b.kind, parent=parent,
                                        code=rec.code if rec else None, era=rec.era if rec else None,
                                        evidence=evidence)
    if b.key not in ctx.facts.bodies:
        ctx.facts.bodies[b.key] = Body(b.key, b.label, b.kind, scope=b.key, evidence=evidence, variants={b.label})
