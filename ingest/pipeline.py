"""Article -> ArticleFacts: the extraction pipeline, one small stage after another.

    read (elsewhere) -> segment -> names -> titles -> bodies/mentions -> merges, events,
    campaigns, places -> facts
Every stage is a pure function; this module only wires them and keeps per-article state
(the article's province, the people seen so far, the last date mentioned).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import cache
from itertools import islice
from typing import Any

from provkg.ingest import gazetteer
from provkg.ingest.anchor import ArticleText, anchor_evidence
from provkg.ingest.article import Article
from provkg.ingest.bodies import ResolvedBody, resolve_body, without_term
from provkg.ingest.campaigns import find_campaigns
from provkg.ingest.context import Context
from provkg.ingest.dates import find_dates, infer_year
from provkg.ingest.events import add_attendees, add_participants, find_events
from provkg.ingest.facts import ArticleFacts, Evidence, Membership
from provkg.ingest.lexicon import (
    alternation,
    body_head_nouns,
    career_pattern,
    elected_from_members,
    election_pattern,
    leader_of,
    role_regex,
    title_grammar,
)
from provkg.ingest.lexicon import roles as role_forms
from provkg.ingest.mentions import find_body_mentions
from provkg.ingest.merges import find_merges
from provkg.ingest.names import NameSpan, find_names, name_at
from provkg.ingest.places import find_places, unit_lists
from provkg.ingest.scope import is_province_name, provinces_in, vote_province
from provkg.ingest.segment import Sentence, segment
from provkg.ingest.text import strip_diacritics
from provkg.ingest.titles import (
    Attachment,
    Title,
    attach_titles,
    chained,
    find_joins,
    find_lead_verbs,
    find_titles,
    is_list_lead,
    unbracket_titles,
)

_GIVEN_NAME = re.compile(r"(?<![\w-])([A-Z][a-z]{1,6})(?![\w-])")


@cache
def _glued() -> re.Pattern[str]:
    """A connector glued between two words: "Committee-cum-Chairman" (roles.toml [grammar])."""
    return re.compile(rf"(?<=\w)-({alternation(title_grammar()['glued_connectors'])})-(?=\w)")


def _normalise(text: str) -> str:
    """Spellings that break the title grammar: a glued connector ("Committee-cum-Chairman"), curly quotes."""
    return _glued().sub(r" \1 ", text).replace("’", "'")


def _is_place(name: str) -> bool:
    return gazetteer.is_place_name(name)


@cache
def _backref_phrase() -> re.Pattern[str]:
    """"the new department", "the merged agency": a head noun (bodies.toml [heads]) standing for a body."""
    return re.compile(rf"(?i)\s*(?:the\s+)?(?:newly[- ]\w+\s+|new\s+|merged\s+)?({alternation(body_head_nouns())}|"
                      r"agency)\s*")


_POSSESSIVE = re.compile(r"['’]s\s+(?=\S)")
_LEADING_THE = re.compile(r"(?i)^\s*the\s+")


def _first_head(label: str) -> str | None:
    """The head noun of a name, before any "of" ("department" of "Department of Logistics of the Ministry of
    ..."; none of "Logistics of the Ministry of ...")."""
    heads = set(body_head_nouns())
    return next((w for w in (w.lower().strip(",.") for w in label.split(" of ")[0].split()) if w in heads), None)


def _owners(head: str, ctx: Context, named_before: list[ResolvedBody]) -> Iterator[str]:
    """The bodies named before (in the sentence, then the article; each then the bodies it is part of) whose
    name, or the body an "of" in it names, is headed by `head`: "the Ministry's" after "the Department of X of
    the Ministry of Public Security", "the committee's" after "the City Party Standing Committee"."""
    for named in [*reversed(named_before), *reversed(ctx.read_bodies[-12:])]:
        body: ResolvedBody | None = named
        while body is not None:
            parts = body.label.split(" of ")
            for i in range(len(parts)):
                name = " of ".join(parts[i:])
                # "Ministry of Public Security's Department of ...": the owner is the part before the "'s"
                for owner in [name[:m.start()] for m in _POSSESSIVE.finditer(name)] + [name]:
                    if _first_head(owner) == head:
                        yield owner
            body = body.parent


def _possessed(phrase: str, ctx: Context, named_before: list[ResolvedBody],
               province: str | None) -> ResolvedBody | None:
    """A part of a body named with a possessive, when the phrase as printed is no body of a known kind: "the
    council's Ethnic Affairs Committee" (the owner told by its head noun alone, a body named before: the first
    whose part is of a known kind, else the nearest), "the Ministry of Public Security's Department of
    Political Affairs" (the owner a body's full name) are "Y of X". "People's" is never the owner: the words
    before the "'s" must be a head noun alone or a body of a known kind."""
    units = tuple(ctx.units.items())
    as_printed = resolve_body(phrase, province, units)
    if as_printed is not None and as_printed.kind != "body":
        return None
    for m in reversed(list(_POSSESSIVE.finditer(phrase))):
        owner_text, part = _LEADING_THE.sub("", phrase[:m.start()]).strip(), phrase[m.end():]
        if owner_text.lower() in body_head_nouns():
            owners = list(islice(_owners(owner_text.lower(), ctx, named_before), 6))
        else:
            known = resolve_body(owner_text, province, units)
            owners = [owner_text] if known is not None and known.kind != "body" else []
        found = [b for b in (resolve_body(f"{part} of the {o}", province, units) for o in owners) if b]
        if found:
            return next((b for b in found if b.kind != "body"), found[0])
    return None


_DEPARTMENT = re.compile(r"(?i)\b(?:department|bureau|directorate|institute|academy)\b")


def _ministrys(found: ResolvedBody | None, phrase: str, named_before: list[ResolvedBody]) -> ResolvedBody | None:
    """A department of no place and no known kind ("Director of the Personnel Department") in a sentence about a
    ministry named before it ("Representatives of the Ministry of Public Security were ...") is that ministry's."""
    if found is None or found.kind != "body" or found.scope or found.national or " of " in phrase.lower() \
            or not _DEPARTMENT.search(phrase):
        return None
    ministry = next((b for b in reversed(named_before) if b.kind.startswith("ministry")), None)
    return resolve_body(f"{_LEADING_THE.sub('', phrase)} of the {ministry.label}", None) if ministry else None


def _named_with_head(phrase: str, bodies: list[ResolvedBody]) -> ResolvedBody | None:
    """The last of `bodies` whose name has the head noun of "the committee"."""
    m = _backref_phrase().fullmatch(phrase)
    head = m.group(1).lower() if m else ""
    return next((b for b in reversed(bodies) if head and _has_word(b.label, head)), None)


def _has_word(text: str, word: str) -> bool:
    """Whether `word` is a word of `text`: "federation" is no word of "Confederation"."""
    return re.search(rf"\b{re.escape(word)}\b", text.lower()) is not None


def _backref(phrase: str, ctx: Context) -> ResolvedBody | None:
    """'the new department', 'the Commission': the body most recently formed (by a merger the article has told
    so far) or named with that head noun."""
    m = _backref_phrase().fullmatch(phrase)
    if not m:
        return None
    head = m.group(1).lower()

    def names(text: str) -> bool:
        return head == "agency" or _has_word(text, head)

    told = [mg for mg in ctx.facts.merges if ctx.merge_told.get(id(mg), -1) <= ctx.sentence_index]
    results = {mg.result for mg in told}
    for body in reversed(ctx.read_bodies[-12:]):     # the merger's result the text named last
        if body.key in results and names(body.label):
            return body
    for merge in reversed(told):
        result = ctx.facts.bodies[merge.result]
        if names(result.name) or any(names(v) for v in result.variants):
            return next((b for b in reversed(ctx.recent_bodies) if b.key == result.key), None) or resolve_body(
                result.name, ctx.province)
    for body in reversed(ctx.read_bodies):
        if body.kind not in ("party-committee", "people-committee", "people-council") and (
                names(body.label) or names(body.form)):
            return body
    return None


_ABBREVIATION = re.compile(r"\b((?:[Pp]rovincial|[A-Z][\w']*)(?:\s+[A-Za-z][\w']*){0,6}?)\s+\(([A-Z]{2,6})\)")


def _abbreviations(paragraphs: list[str], province: str | None) -> dict[str, str]:
    """'the provincial Party Committee (PPC)': what an abbreviation stands for in this article."""
    out: dict[str, str] = {}
    for para in paragraphs:
        for m in _ABBREVIATION.finditer(para):
            words = m.group(1).split()
            # the shortest tail of the phrase that is a known body ("Secretary of the provincial Party Committee")
            for i in range(len(words)):
                phrase = " ".join(words[i:])
                body = resolve_body(phrase, province)
                if body and body.kind != "body":
                    out.setdefault(m.group(2), phrase)
                    break
    return out


def _expand(phrase: str, ctx: Context) -> str:
    for abbr, full in ctx.abbreviations.items():
        phrase = re.sub(rf"\b{abbr}\b", full, phrase)
    return phrase


def _body_for_title(title: Title, ctx: Context, sentence_province: str | None,
                    antecedents: list[ResolvedBody] | None = None) -> ResolvedBody | None:
    if title.body:
        phrase = _expand(title.body, ctx)
        if _bare_head().fullmatch(bare := without_term(phrase)):
            phrase = bare
            # "Chief of Office", "Head of the Board": the body in focus that such a title leads, named with that
            # head noun if one was ("Chairwoman of the federation" is not of the Confederation named last)
            found = (_named_with_head(phrase, antecedents or []) or _backref(phrase, ctx)
                     or _named_with_head(phrase, [b for b in ctx.read_bodies[-12:] if _led(title, b)])
                     or _antecedent(replace(title, definite=True), ctx, antecedents or []))
            if found is not None:
                return found
        found = (_backref(phrase, ctx) or _possessed(phrase, ctx, antecedents or [], sentence_province)
                 or resolve_body(phrase, sentence_province, tuple(ctx.units.items())))
        return _ministrys(found, phrase, antecedents or []) or found
    if title.default_body:
        return resolve_body({"state": "Socialist Republic of Vietnam", "government": "Government",
                             "party-central-committee": "Party Central Committee"}[title.default_body], None)
    return _antecedent(title, ctx, antecedents or [])


def _led(title: Title, body: ResolvedBody) -> ResolvedBody | None:
    """The body, or the body it is part of, in which the title is a leader's title (ontology/roles.toml
    `heads`): the Chairman of "the Standing Board of the People's Council" chairs the Council."""
    while body is not None:
        if body.kind in title.heads:
            return body
        body = body.parent
    return None




@cache
def _bare_head() -> re.Pattern[str]:
    """A body's head noun alone ("Office", "the Board"), from ontology/bodies.toml [heads]."""
    return re.compile(rf"(?i)(?:the\s+)?(?:{alternation(body_head_nouns())})")


_DEFINITE = re.compile(r"(?i)\b(?:the|its|their)\s+(?:\w+\s+){0,2}$")


def _antecedent(title: Title, ctx: Context, in_sentence: list[ResolvedBody]) -> ResolvedBody | None:
    """The body a title printed without one belongs to: the nearest body named before it in the sentence that
    such a title leads ("the Council is led by Chairman X"); for "its Director", "The Deputy Directors
    include ..." also the bodies of the sentences before."""
    for body in reversed(in_sentence):
        if led := _led(title, body):
            return led
    if title.its and not in_sentence:
        # "Its Deputy Directors are ...": what the sentence before was about: the body a merger it told formed,
        # else its subject, the first body it names
        formed = {mg.result for mg in ctx.facts.merges if ctx.merge_told.get(id(mg), -1) < ctx.sentence_index}
        about = sorted(ctx.last_sentence_bodies, key=lambda b: b.key not in formed)
        for body in about:
            if led := _led(title, body):
                return led
    if title.its or title.plural or title.definite:
        for body in reversed(ctx.read_bodies[-12:]):
            if led := _led(title, body):
                return led
    return None


def _named_before(ends: list[int], bodies: list[tuple[int, ResolvedBody]], pos: int) -> list[ResolvedBody]:
    """The last few bodies a sentence names before `pos` (`ends`: their end offsets, in order)."""
    i = bisect_right(ends, pos)
    return [b for _, b in bodies[max(0, i - 12):i]]


def _sentence_bodies(text: str, names: list[NameSpan], ctx: Context,
                     province: str | None) -> list[tuple[int, ResolvedBody]]:
    """(end offset, body) of the bodies a sentence names, in order."""
    return [(m.end, m.body) for m in find_body_mentions(text, province, names, tuple(ctx.units.items()))]


_LOCATIVE = re.compile(r"^\s*(?:In|At|For)\s+([^,]{2,60}),")
def _locative_unit(text: str, ctx: Context) -> None:
    """'In Bao Nhai, the post of Secretary of the commune Party Committee goes to ...': a sentence that opens on a
    unit the article has named makes it what "the commune" refers to."""
    m = _LOCATIVE.match(text)
    if not m:
        return
    name = m.group(1).strip().lower()
    for place in ctx.facts.places.values():
        if place.kind in ("commune", "ward", "district", "town", "city") and (
                place.name.lower() == name or place.name.lower() == f"{name} {place.kind}"):
            ctx.units[place.kind] = place.name
            return


_TRAILING_LOCATIVE = re.compile(r"(?i),\s*(?:all|both|each)\s+(?:of\s+them\s+)?in\s+(?:the\s+)?(?:former\s+|old\s+)?"
                                r"([^,;]{2,40}?)\.?$")


def _sentence_scope(text: str, names: list[NameSpan], ctx: Context, paragraph: Any) -> str | None:
    """The province a sentence's unscoped bodies belong to. A sentence that opens with a place ("In Quang Tri
    province, ...") or closes on one ("..., all in the former Dak Nong province") is about that place; in an
    article about several provinces, so is a sentence that names just one ("Ha Tinh's congress elected ..."),
    and the sentences after it in its paragraph that name none. Otherwise the article's province."""
    if ctx.topic_paragraph != paragraph:
        ctx.topic, ctx.topic_paragraph = None, paragraph
    m = _LOCATIVE.match(text) or _TRAILING_LOCATIVE.search(text[-80:])
    found = set(provinces_in(m.group(1))) if m else set()
    if not found and ctx.several_provinces:
        blanked = text
        for n in names:                  # "Mr. Lam Dong" names no province
            blanked = blanked[:n.start] + " " * (n.end - n.start) + blanked[n.end:]
        found = set(provinces_in(blanked))
    if len(found) == 1:
        ctx.topic = found.pop()
    return ctx.topic or ctx.province


_SEVERAL_PLACES = re.compile(r"(?i)\b(?:provinces|localities|cities and provinces)\b")


def _several_provinces(headline: str) -> bool:
    """Whether an article is about several provinces alike: its headline names two or more, or speaks of
    provinces ("Three provinces choose new Party secretaries"). An article about one province that names
    others (a transfer, a biography, a merger) is not."""
    return len(set(provinces_in(headline))) >= 2 or bool(_SEVERAL_PLACES.search(headline))


def _party_titles_of_the_place(pairs: list[tuple[Title, ResolvedBody | None]], province: str | None,
                               ctx: Context) -> list[tuple[Title, ResolvedBody | None]]:
    """"X, Standing Deputy Secretary, Chairwoman of the Hoi An Ward People's Council": a Party committee's title
    printed without its body, beside the titles of one place, is of that place's Party Committee."""
    if all(b is not None for _, b in pairs):
        return pairs
    places = [b for _, b in pairs if b is not None and not b.national and b.scope]
    out = []
    for t, b in pairs:
        if b is None and not t.default_body and "party-committee" in t.heads and places:
            where = places[0]
            if where.scope != where.province:      # a unit's: that ward's Party Committee
                b = resolve_body(f"{where.scope} Party Committee", where.province)
            else:
                b = resolve_body("Provincial Party Committee", where.province or province)
        out.append((t, b))
    return out


def _apply_chain_scope(chain: list[tuple[Title, ResolvedBody | None]],
                       text: str) -> list[tuple[Title, ResolvedBody | None]]:
    """'Secretary of the Provincial Party Committee and Chairwoman of the People's Council of
    Ben Tre province': a province printed at the end of a chain scopes the unscoped titles before it (only
    those printed with it: a person's titles from elsewhere in the sentence keep their own places)."""
    out = sorted(chain, key=lambda p: p[0].start)
    for i in range(len(out) - 1, 0, -1):
        t, b = out[i]
        if b is None or b.national or not t.body:
            continue
        unit = b.scope if b.scope and b.scope != b.province else None
        if not unit and not provinces_in(t.body):
            continue
        for j in range(i - 1, -1, -1):
            tj, bj = out[j]
            if not chained(text, tj.end, out[j + 1][0].start):
                break
            level = _NAMES_A_LEVEL.search(tj.body) if tj.body else None
            if bj is None or bj.national or not tj.body or provinces_in(tj.body) or level and (
                    not unit or level.group(0).lower() != unit.split()[-1].lower()):
                break
            if unit and bj.scope == unit:
                continue
            # "Party Secretary and Chairman of the People's Council of Nha Trang ward": the ward's Party Committee
            if unit and level:       # "the District Party Committee and ... of Dak Mil district"
                out[j] = (tj, resolve_body(tj.body, b.province, ((unit.split()[-1].lower(), unit),)))
            else:
                out[j] = (tj, resolve_body(f"{unit} {tj.body}" if unit else tj.body, b.province))
    return _parts_of_chain_end(out, text)


def _parts_of_chain_end(chain: list[tuple[Title, ResolvedBody | None]],
                        text: str) -> list[tuple[Title, ResolvedBody | None]]:
    """'relieved of his posts as member of the Executive Committee, member of the Standing Committee and
    Secretary of the Ninh Binh Provincial Party Committee': a body of no known kind before the chain's last body
    is that body's part when it names one ("the Executive Committee of ..." is the Party Committee)."""
    out = list(chain)
    for i in range(len(out) - 1, 0, -1):
        t, b = out[i]
        if b is None or b.kind == "body" or b.national:
            continue
        for j in range(i - 1, -1, -1):
            tj, bj = out[j]
            if not chained(text, tj.end, out[j + 1][0].start):
                break
            if bj is not None and bj.kind == "body" and tj.body and " of " not in tj.body:
                part = resolve_body(f"{tj.body} of the {b.label}", b.province)
                if part is not None and part.kind != "body":
                    out[j] = (tj, part)
    return out


_NAMES_A_LEVEL = re.compile(r"(?i)\b(?:provincial|province|city|district|ward|commune|town|municipal)\b")


def _memberships(sentence: Sentence, text: str, names: list[NameSpan], ctx: Context, evidence: Evidence,
                 when: date | None) -> None:
    text = unbracket_titles(text, names)
    leads = find_lead_verbs(text, names)
    # "will chair the Committee": a verb, not the title "Chair"
    nouns = [t for t in find_titles(text, names) if not any(v.start <= t.start < v.end for v in leads)]
    titles = sorted(nouns + find_joins(text, names) + leads, key=lambda t: t.start)
    if _fact_box(text, names, ctx, _sentence_scope(text, names, ctx, sentence.paragraph), evidence, when):
        return
    if not names and (lead := _members_lead(text, ctx, sentence)) is not None:
        ctx.pending_list, ctx.pending_change = [lead], "elected" if election_pattern().search(text) else None
        ctx.list_open = True
        return
    if not titles and ctx.pending_list is None and ctx.pending_election is None:
        return
    sprov = _sentence_scope(text, names, ctx, sentence.paragraph)
    attached = attach_titles(text, names, titles, ctx.last_people)
    _item_titles(sentence, text, titles, ctx, sprov)
    _borrow_bodies(text, titles, sprov)
    bodies = _sentence_bodies(text, names, ctx, sprov)
    ends = [e for e, _ in bodies]
    for t in titles:
        t.definite = bool(_DEFINITE.search(text, max(0, t.start - 30), t.start))
    _elected_to_announced_post(sentence, text, names, attached, ctx, evidence, when, sprov)
    career = bool(career_pattern().search(text))     # "He has worked as ...": posts held before
    for att in attached.attachments:
        person = ctx.add_person(att.person, evidence)
        # each title names its own province, or is the sentence's (the article's): "B - Chairman of the
        # People's Committee of Quang Tri province" in a list of another province's leaders is B's alone
        # a post given with no body ("Mr. A was elected Standing Vice Chairman") is one of the body in focus, as
        # "the Standing Vice Chairman" would be
        given = [replace(t, definite=True) if not t.body and (att.change in ("elected", "appointed")
                                                             or _kept().search(text, 0, t.start)
                                                             or _AS_NEW.search(text, 0, t.start)) else t
                 for t in att.titles]
        pairs = _apply_chain_scope([(t, _body_for_title(t, ctx, sprov, _named_before(ends, bodies, t.start)))
                                    for t in given], text)
        pairs = _party_titles_of_the_place(pairs, sprov, ctx)
        for t, body in pairs:
            if body is None:
                continue
            # "heads the Department": its Director; a body of no known kind: "chairs" its Chairman, else its Head
            role = (t.role if body.kind == "body" else leader_of(body.kind)) if t.leader else t.role
            if role is None:
                continue
            key = ctx.add_body(body, evidence)
            ctx.sentence_reads.append((t.start, body))
            former = att.former or t.former or body.former or (career and att.change is None)
            ctx.facts.memberships.append(Membership(
                person, role, key, status="former" if former else "current",
                change=att.change, start=when if att.change in ("elected", "appointed") and not former else None,
                end=when if att.change == "relieved" else None, evidence=evidence, observed=when))
    # a plural role with nobody attached heads a list: "appointed four Deputy Secretaries. They are: ..."
    plural = [c for c in attached.unattached if any(t.plural for t in c) or re.search(
        r"(?i)\b(\w+ comrades|the position of|the post of)\s*$", text[max(0, c[0].start - 60):c[0].start])]
    if plural and not any(n.start > plural[-1][-1].end for n in names) and (not names or is_list_lead(text)):
        ctx.pending_list = [(t, _body_for_title(t, ctx, sprov, _named_before(ends, bodies, t.start)))
                            for t in plural[-1]]
        ctx.pending_change = "elected" if election_pattern().search(text) else "appointed"
        ctx.list_open = text.rstrip().endswith(":")
    elif ctx.pending_list is not None and not names and is_list_lead(text):
        ctx.list_open = text.rstrip().endswith(":")
    elif ctx.pending_list is not None and names and (sentence.list_item or is_list_lead(text) or ctx.list_open
                                                     or text.lstrip().startswith(("They", "Among"))):
        # items printed without bullets: each line after the lead's colon that the line before left open (";")
        ctx.list_open = text.rstrip().endswith((";", ":"))
        segments = [seg for seg in text.split(";")]
        offset = 0
        for seg in segments:
            seg_names = [n for n in names if offset <= n.start < offset + len(seg)]
            offset += len(seg) + 1
            if not seg_names:
                continue
            for span in _list_heads(text, seg_names):
                person = ctx.add_person(span, evidence)
                # the item's own title of another term ("Standing Deputy Secretary ... in the 15th term") does
                # not stand for the list's post; a current, more specific one does
                other_term = bool(_OF_A_TERM.search(seg))
                for t, body in ctx.pending_list:
                    if body is None:
                        continue
                    if not other_term and any(m.person == person and m.body == body.key and m.role != t.role
                                              and m.role.endswith(t.role) and m.status == "current"
                                              for m in ctx.facts.memberships):
                        continue
                    role = t.role
                    same = [m for m in ctx.facts.memberships if m.person == person and m.body == body.key
                            and m.role == role and m.status == "current" and m.evidence == evidence]
                    for m in same:           # the item restates the post the list gives: it was given now
                        m.change, m.start = ctx.pending_change, m.start or when
                    if not same:
                        ctx.facts.memberships.append(Membership(
                            person, role, ctx.add_body(body, evidence), change=ctx.pending_change, start=when,
                            evidence=evidence, observed=when))
    elif not sentence.list_item:
        ctx.pending_list, ctx.list_open = None, False
    _refined_posts(attached.attachments, ctx, evidence)


def _says_exactly(role: str, listed: str) -> bool:
    """'Standing Deputy Secretary' says 'Deputy Secretary' more exactly: one word more before a deputy's title
    (never 'Deputy Secretary' for 'Secretary', another post)."""
    return len(listed.split()) >= 2 and role.endswith(f" {listed}") and len(role.split()) == len(listed.split()) + 1


_BOX_ITEM = re.compile(r"^\s*(?P<label>[A-Z][^:;.]{2,100}?)\s*:\s*(?P<rest>[^:;]{3,80}?)[.;]?\s*$")


def _fact_box(text: str, names: list[NameSpan], ctx: Context, province: str | None, evidence: Evidence,
              when: date | None) -> bool:
    """A fact box: a heading that is a plural title alone ("DIRECTORS OF THE NEW DEPARTMENTS", "Deputy
    Directors:"), then items "Department of Finance: Name", each the title in the body its label names."""
    heading = role_regex().fullmatch(text.strip().rstrip(":").split(" of ")[0].split(" OF ")[0].strip())
    if not names and heading:
        role = role_forms().get(heading.group(0).lower())
        plural = role is not None and heading.group(0).lower() != role.label.lower()
        ctx.box_role = role.label if plural else None
        return plural
    m = _BOX_ITEM.match(text)
    if ctx.box_role is None or not m or len(names) != 1 or names[0].start < m.start("rest") \
            or text[names[0].end:].strip(" .;"):
        if names:
            ctx.box_role = None
        return False
    body = resolve_body(m.group("label"), province, tuple(ctx.units.items()))
    if body is None or body.kind == "body":
        return False
    person = ctx.add_person(names[0], evidence)
    ctx.facts.memberships.append(Membership(person, ctx.box_role, ctx.add_body(body, evidence), start=None,
                                            evidence=evidence, observed=when))
    return True


_ITEM_LABEL = re.compile(r"^\s*(?P<label>[A-Z][^:;.]{2,120}?)\s*:\s+\S")   # "Department of Finance: ..."


def _item_titles(sentence: Sentence, text: str, titles: list[Title], ctx: Context, province: str | None) -> None:
    """A fact-box item names its body before a colon ("- Department of Finance: A continues as Director of the
    merged department. The Deputy Directors are B; C."): in every sentence of the item, a title printed without a
    body, or with a head noun standing for one, is of that body when it is a body such a title leads."""
    if not (ctx.item_label and ctx.item_label[0] == sentence.paragraph):
        m = _ITEM_LABEL.match(text) if sentence.list_item else None
        body = resolve_body(m.group("label"), province, tuple(ctx.units.items())) if m else None
        ctx.item_label = (sentence.paragraph, body, m.group("label")) if m and body and body.kind != "body" else None
    if not ctx.item_label:
        return
    _, body, label = ctx.item_label
    for t in titles:
        bare = t.body is None and t.default_body is None
        head = t.body is not None and (h := _backref_phrase().fullmatch(t.body)) and _has_word(body.label, h.group(1))
        if (bare or head) and _led(t, body):
            t.body = label


@cache
def _members_are() -> re.Pattern[str]:
    """A body, then a verb that lists its members and a colon: "The Standing Committee ... consists of:"
    (roles.toml [grammar] members_are)."""
    return re.compile(rf"^\s*(?:The\s+)?(?P<body>.+?)\s+(?:for\s+the\s+[\w\s-]{{1,30}}?\s+(?:term|tenure)\s+)?"
                      rf"(?:{alternation(title_grammar()['members_are'])})\s*:\s*$", re.I)


def _members_lead(text: str, ctx: Context, sentence: Sentence) -> tuple[Title, ResolvedBody] | None:
    """The lead of a list of a body's members, each item a Member of it: "The Standing Committee of the
    Provincial Party Committee for the 2025-2030 term consists of:"."""
    m = _members_are().match(text)
    if not m:
        return None
    province = _sentence_scope(text, [], ctx, sentence.paragraph)
    body = resolve_body(m.group("body"), province, tuple(ctx.units.items()))
    if body is None or body.kind == "body":
        return None
    return Title("Member", "members", m.group("body"), m.start("body"), m.end("body"), plural=True), body


def _refined_posts(attachments: list[Attachment], ctx: Context, evidence: Evidence) -> None:
    """A title printed with no body beside a person given a post in this sentence, which says that post more
    exactly ("Two Deputy Secretaries were elected: A, who will serve as Standing Deputy Secretary";
    "four Deputy Secretaries: - Ms. A, Standing Deputy Secretary;"): the exact post too, in the same body."""
    for att in attachments:
        exact = [t.role for t in att.titles if not t.body]
        if not exact:
            continue
        person = ctx.add_person(att.person, evidence)
        given = [m for m in ctx.facts.memberships if m.person == person and m.evidence == evidence]
        for role in exact:
            for m in given:
                if _says_exactly(role, m.role) and not any(
                        g.role == role and g.body == m.body for g in given):
                    ctx.facts.memberships.append(replace(m, role=role))
                    given.append(ctx.facts.memberships[-1])


_OF_A_TERM = re.compile(r"(?i)\b(?:in|of|for)\s+the\s+\d+(?:st|nd|rd|th)\s+(?:term|tenure)\b")
@cache
def _election_for() -> re.Pattern[str]:
    """An election announced for the post printed next: "a by-election for a member of ..." (roles.toml)."""
    return re.compile(rf"(?i)\b(?:{alternation(title_grammar()['election_for'])})\s+(?:of|for|to|on)\s+"
                      r"(?:an?\s+|the\s+)?(?:additional\s+|new\s+|vacant\s+)?(?:(?:post|position|seat)s?\s+of\s+)?$")


_AS_NEW = re.compile(r"(?i)\bas\s+(?:an?\s+|the\s+|its\s+)?new\s+$")   # "joined ... as a new vice-chairman"


@cache
def _kept() -> re.Pattern[str]:
    """A verb of keeping a post just before its title: "continues as" (roles.toml [grammar] kept)."""
    return re.compile(rf"(?i)\b(?:{alternation(title_grammar()['kept'])})\s+(?:the\s+|its\s+|a\s+)?$")


@cache
def _was_elected() -> re.Pattern[str]:
    """The winner of an announced election: "was elected", "won" (roles.toml [grammar] elected)."""
    return re.compile(rf"\b(?:{alternation(title_grammar()['elected'])})\b")


def _elected_to_announced_post(sentence: Sentence, text: str, names: list[NameSpan], attached: Any,
                               ctx: Context, evidence: Evidence, when: date | None, sprov: str | None) -> None:
    """"The Council held a by-election for a member of the People's Committee. Mr. X, ..., was elected":
    the post an election is announced for goes to whoever the same paragraph then says was elected."""
    pending = ctx.pending_election
    if pending is not None and pending[0] == sentence.paragraph and names and (m := _was_elected().search(text)):
        subject = [n for n in names if n.end <= m.start()][:1]
        titled = {a.person.name for a in attached.attachments if a.change == "elected"}
        for span in subject:
            if span.name in titled:
                continue
            person = ctx.add_person(span, evidence)
            for t, body in pending[1]:
                if body is not None:
                    ctx.facts.memberships.append(Membership(person, t.role, ctx.add_body(body, evidence),
                                                            change="elected", start=when, evidence=evidence,
                                                            observed=when))
        ctx.pending_election = None
        return
    for chain in attached.unattached:
        if _election_for().search(text, max(0, chain[0].start - 120), chain[0].start):
            ctx.pending_election = (sentence.paragraph, [(t, _body_for_title(t, ctx, sprov)) for t in chain])
            return
    if pending is not None and pending[0] != sentence.paragraph:
        ctx.pending_election = None




def _borrow_bodies(text: str, titles: list[Title], province: str | None) -> None:
    """A title printed without its body shares the body of the next title: joined to it by "and" ("Secretary
    and Deputy Secretary of the X Committee"), or close by and a body it leads ("A holds the post of Secretary
    and B the post of Deputy Secretary of the Youth Union"; not "Secretary is X, a member of the Party Central
    Committee")."""
    for t, nxt in zip(titles, titles[1:], strict=False):
        if t.body is not None or t.default_body is not None or not nxt.body or t.its:
            continue
        if nxt.start - t.end < 90:
            # only a body it leads: "Secretary and Deputy Secretary of the X Party Committee" share theirs,
            # "Deputy Secretary, Chairman of the People's Council" do not
            body = resolve_body(nxt.body, province)
            if body is not None and body.kind != "body" and _led(t, body) is body:   # of a kind it leads
                t.body = nxt.body


def _list_heads(text: str, names: list[NameSpan]) -> list[NameSpan]:
    """The people a list item is about: its first name and any joined to it ("X and Y, both ...")."""
    heads = names[:1]
    for n in names[1:]:
        gap = text[heads[-1].end:n.start]
        if not re.fullmatch(r"\s*(?:,\s*)?and\s+(?:comrades?\s+|Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+)?", gap):
            break
        heads.append(n)
    return heads


def _short_names(text: str, names: list[NameSpan], ctx: Context) -> list[NameSpan]:
    """'Mr. Phong', 'Secretary Ngan', 'Ngan was ...': a lone given name standing for a person already named."""
    by_given: dict[str, set[str]] = {}
    for p in ctx.facts.people.values():
        by_given.setdefault(p.name.split()[-1], set()).add(p.name)
    out = list(names)
    for m in _GIVEN_NAME.finditer(text):
        full = by_given.get(m.group(1))
        if not full or len(full) != 1 or name_at(names, m.start()):
            continue
        before, after = text[max(0, m.start() - 40):m.start()], text[m.end():m.end() + 40]
        if re.search(r"[A-Z][a-z]*\s$", before) and not re.search(
                r"(?:Mr|Ms|Mrs|Comrade|comrade|Secretary|Chairman|Chairwoman|President|Director|Head)\.?\s$", before):
            continue
        if re.match(r"\s[A-Z]", after) or re.match(r"'s\s+[A-Z]", after):
            continue
        out.append(NameSpan(m.start(), m.end(), next(iter(full)), True))
    return sorted(out, key=lambda n: n.start)


def _people(names: list[NameSpan], ctx: Context, evidence: Evidence) -> None:
    for n in names:
        ctx.add_person(n, evidence)


def extract(article: Article) -> ArticleFacts:
    """Everything the article states, each fact with the sentence it came from."""
    facts = ArticleFacts(article=article, reporters=list(article.reporters), translators=list(article.translators))
    read = ArticleText(article)           # stripped of diacritics, mapped back to the text as printed
    paragraphs, headline = read.paragraphs, read.headline
    # the article's own text decides its province; the related-news teasers beside it (the publisher's other
    # stories) only when the article names none. Teasers are never facts.
    province = vote_province(headline, "\n".join(paragraphs), article.site, article.url) or vote_province(
        "", strip_diacritics(" ".join(f"{t.headline} {t.text}" for t in article.teasers)), None, None)
    reference = article.published
    default_year = None if reference else infer_year(paragraphs)
    ctx = Context(article, facts, province, reference, default_year)
    ctx.several_provinces = _several_provinces(headline)
    if province:
        facts.province = ctx.add_province(province)
    ctx.abbreviations = _abbreviations(paragraphs, province)
    sentences = segment([headline], "headline") + segment(paragraphs, "body", start=1)
    all_names: dict[int, list[NameSpan]] = {}
    texts: dict[int, str] = {}
    days: dict[int, tuple[list, date | None]] = {}
    # pass 1: names and dates, sentence by sentence ("the same day" looks back)
    paragraph_day: date | None = None
    last_paragraph: tuple[str, int] | int | None = None
    for sentence in sentences:
        text = texts[sentence.index] = _normalise(sentence.text)
        evidence = Evidence(sentence.text, sentence.section)
        dates = find_dates(text, reference, default_year, ctx.last_date)
        day = next((d.value for d in dates if d.value and d.precision == "day"), None)
        if day:
            ctx.last_date = day
        if sentence.paragraph != last_paragraph:
            paragraph_day, last_paragraph = None, sentence.paragraph
        paragraph_day = day or paragraph_day
        # a sentence without a date of its own happens on the last date its paragraph gave
        days[sentence.index] = (dates, paragraph_day)
        lists = unit_lists(text)
        names = [n for n in find_names(text, _is_place, is_province_name)
                 if n.honorific or not any(a <= n.start and n.end <= b for a, b in lists)]
        _people(names, ctx, evidence)
        all_names[sentence.index] = _short_names(text, names, ctx)
    # merges first, so that "the new department" in a title can refer back to what they formed
    find_merges([replace(s, text=texts[s.index]) for s in sentences], all_names, ctx)
    # the sentence that tells each merger: "the new department" refers back only to a merger told before it
    ctx.merge_told = {id(mg): next((s.index for s in sentences if mg.evidence and s.text == mg.evidence.sentence),
                                   -1) for mg in facts.merges}
    # pass 2: posts, places, campaigns, events
    for sentence in sentences:
        ctx.sentence_index = sentence.index
        text, names = texts[sentence.index], all_names[sentence.index]
        evidence = Evidence(sentence.text, sentence.section)
        dates, when = days[sentence.index]
        _locative_unit(text, ctx)
        _memberships(sentence, text, names, ctx, evidence, when)
        if names:
            ctx.last_people = names
        if sentence.section == "body":
            find_places(text, ctx, evidence)
            find_campaigns(text, ctx, evidence)
            find_events(sentence, text, names, dates, ctx, evidence, when)
            _bodies_in_passing(text, names, ctx, evidence)
        # the bodies this sentence named, in the order it names them, for "its ..." in the sentences after
        named = [body for _, body in sorted(ctx.sentence_reads, key=lambda r: r[0])]
        ctx.read_bodies.extend(named)
        if named:
            ctx.last_sentence_bodies = named
        ctx.sentence_reads.clear()
    add_attendees(sentences, all_names, ctx)
    add_participants(sentences, all_names, ctx)
    _members_of_elected_executive(texts.values(), facts)
    _date_reports(facts)
    anchor_evidence(facts, read, sentences)
    return facts


def _date_reports(facts: ArticleFacts) -> None:
    """The day each post is reported on, when its sentence and paragraph give none: the latest dated event
    of the article the holder attends, else the publication date, else (an undated article is written after
    what it reports) the latest day an event of the article is dated."""
    attended: dict[str, date] = {}
    for e in facts.events:
        for person in e.attendees if e.date else ():
            attended[person] = max(e.date, attended.get(person, e.date))
    latest_event = max((e.date for e in facts.events if e.date), default=None)
    for m in facts.memberships:
        if m.observed is None:
            m.observed = attended.get(m.person) or facts.article.published or latest_event


def _members_of_elected_executive(texts: Iterable[str], facts: ArticleFacts) -> None:
    """In an article reporting a party committee's Executive Committee election, those it reports elected or
    appointed its Secretary or Deputy Secretaries are of that committee's members, so are Members too
    (ontology/roles.toml [elected_from_members])."""
    roles, kinds, signal = elected_from_members()
    if not any(signal.search(t) for t in texts):
        return
    held = {(m.person, m.role, m.body) for m in facts.memberships}
    for m in list(facts.memberships):
        body = facts.bodies.get(m.body)
        if (m.change in ("elected", "appointed") and m.status == "current" and m.role in roles and body is not None
                and body.kind in kinds and (m.person, "Member", m.body) not in held):
            facts.memberships.append(Membership(m.person, "Member", m.body, change="elected", start=m.start,
                                                evidence=m.evidence, observed=m.observed))
            held.add((m.person, "Member", m.body))


def _bodies_in_passing(text: str, names: list[NameSpan], ctx: Context, evidence: Evidence) -> None:
    """Bodies a sentence names without a post or merger in them (hosts, partners, addressees): still bodies
    the article attests, with their hierarchy."""
    for mention in find_body_mentions(text, ctx.province, names, tuple(ctx.units.items())):
        if mention.body.key not in ctx.facts.bodies:
            ctx.add_body(mention.body, evidence)
        ctx.sentence_reads.append((mention.start, mention.body))
