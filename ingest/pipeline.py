"""Article -> ArticleFacts: the extraction pipeline, one small stage after another.

    read (elsewhere) -> segment -> names -> titles -> bodies/mentions -> merges, events,
    campaigns, places -> facts
Every stage is a pure function; this module only wires them and keeps per-article state
(the article's province, the people seen so far, the last date mentioned).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from provkg.ingest import gazetteer
from provkg.ingest.article import Article
from provkg.ingest.bodies import ResolvedBody, resolve_body
from provkg.ingest.campaigns import find_campaigns
from provkg.ingest.dates import find_dates, infer_year
from provkg.ingest.events import add_attendees, add_participants, find_events
from provkg.ingest.facts import ArticleFacts, Body, Evidence, Membership, Person, Place
from provkg.ingest.lexicon import elected_from_members
from provkg.ingest.mentions import find_body_mentions, has_body_head
from provkg.ingest.merges import find_merges
from provkg.ingest.names import NameSpan, find_names
from provkg.ingest.places import find_places
from provkg.ingest.scope import provinces_in, vote_province
from provkg.ingest.segment import Sentence, segment
from provkg.ingest.text import fold, slug, strip_diacritics
from provkg.ingest.titles import Title, attach_titles, find_joins, find_titles, is_list_lead


class Context:
    """What one article's extraction knows as it reads, sentence by sentence."""

    def __init__(self, article: Article, facts: ArticleFacts, province: str | None,
                 reference: date | None, default_year: int | None) -> None:
        self.article = article
        self.facts = facts
        self.province = province
        self.reference = reference
        self.default_year = default_year
        self.last_date: date | None = None
        self.recent_bodies: list[ResolvedBody] = []
        self.pending_list: list[tuple[Title, ResolvedBody | None]] | None = None
        self.last_person: NameSpan | None = None
        self.abbreviations: dict[str, str] = {}
        self.resolved: dict[str, ResolvedBody] = {}  # the bodies named so far, by key
        # a post an election was just announced for, and the paragraph announcing it
        self.pending_election: tuple[Any, list[tuple[Title, ResolvedBody | None]]] | None = None

    def add_body(self, body: ResolvedBody, evidence: Evidence) -> str:
        """Record a body (and its parents); returns its key."""
        if body.parent:
            self.add_body(body.parent, evidence)
        body = self._named_in_full(body)
        existing = self.facts.bodies.get(body.key)
        if existing is None:
            existing = Body(body.key, body.label, body.kind, scope=self.add_scope_place(body, evidence),
                            parent=body.parent.key if body.parent else None, national=body.national,
                            evidence=evidence)
            self.facts.bodies[body.key] = existing
        existing.variants.add(body.form)
        self.recent_bodies.append(body)
        self.resolved[body.key] = body
        return body.key

    def _named_in_full(self, body: ResolvedBody) -> ResolvedBody:
        """The body this article already named in full when `body` is its short form: "the Youth Union of the
        provincial People's Committee" after "the Ho Chi Minh Communist Youth Union of ...". Only a name
        prefix may be dropped (capitalised words, no head noun, not "X of"), so "the Party Committee of the
        People's Committee" never stands for the People's Committee."""
        if body.key in self.facts.bodies:
            return body
        for full in self.resolved.values():
            if full.label.endswith(" " + body.label) and full.parent == body.parent:
                prefix = full.label[:-len(body.label)].split()
                if (prefix and all(w[:1].isupper() for w in prefix) and not has_body_head(" ".join(prefix))
                        and prefix[-1].lower() != "of" and not prefix[-1].endswith("'s")):
                    return replace(full, form=body.form, former=body.former)
        return body

    def add_province(self, province: str, evidence: Evidence | None = None) -> str:
        """The place node of a province (key "binh-duong-province"), checked against the gazetteer."""
        key = slug(f"{province} province")
        if key not in self.facts.places:
            rec = gazetteer.lookup(province, "province")
            self.facts.places[key] = Place(key, rec.name if rec else f"{province} Province", "province",
                                           code=rec.code if rec else None, era=rec.era if rec else None,
                                           evidence=evidence)
        return key

    def add_scope_place(self, body: ResolvedBody, evidence: Evidence) -> str | None:
        """The place a local body serves: its province, or the district/city/commune it is named after."""
        if body.scope is None:
            return None
        if body.scope == body.province:
            return self.add_province(body.scope, evidence)
        parent = self.add_province(body.province, evidence) if body.province else None
        kind = body.scope.split()[-1].lower()
        key = slug(f"{body.province or 'vn'} {body.scope}")
        if key not in self.facts.places:
            rec = gazetteer.lookup(body.scope, kind, body.province)
            self.facts.places[key] = Place(key, rec.name if rec else body.scope, kind, parent=parent,
                                           code=rec.code if rec else None, era=rec.era if rec else None,
                                           evidence=evidence)
        return key

    def add_person(self, span: NameSpan, evidence: Evidence) -> str:
        key = fold(span.name)
        if key not in self.facts.people:
            self.facts.people[key] = Person(key, span.name, evidence=evidence)
        return key


_CUM = re.compile(r"\s*-cum-\s*|\s+cum\s+")
_GIVEN_NAME = re.compile(r"(?<![\w-])([A-Z][a-z]{1,6})(?![\w-])")


def _normalise(text: str) -> str:
    """Spellings that break the title grammar: "Committee-cum-Chairman", curly quotes."""
    text = _CUM.sub(", ", text)
    return text.replace("’", "'")


def _is_place(name: str) -> bool:
    return gazetteer.is_place_name(name)


def _sentence_province(text: str, default: str | None) -> str | None:
    found = provinces_in(text)
    return found[0] if len(set(found)) == 1 else default


def _backref(phrase: str, ctx: Context) -> ResolvedBody | None:
    """'the new department', 'the Commission': the body most recently formed or named with that head noun."""
    m = re.fullmatch(r"(?i)\s*(?:the\s+)?(?:newly[- ]\w+\s+|new\s+|merged\s+)?(commission|committee|department|board|"
                     r"agency)\s*", phrase)
    if not m:
        return None
    head = m.group(1).lower()
    for merge in reversed(ctx.facts.merges):
        result = ctx.facts.bodies[merge.result]
        if head in result.name.lower() or head == "agency" or any(head in v.lower() for v in result.variants):
            return next((b for b in reversed(ctx.recent_bodies) if b.key == result.key), None) or resolve_body(
                result.name, ctx.province)
    for body in reversed(ctx.recent_bodies):
        if body.kind not in ("party-committee", "people-committee", "people-council") and (
                head in body.label.lower() or head in body.form.lower() or head == "agency"):
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


def _body_for_title(title: Title, ctx: Context, sentence_province: str | None) -> ResolvedBody | None:
    if title.body:
        phrase = _expand(title.body, ctx)
        return _backref(phrase, ctx) or resolve_body(phrase, sentence_province)
    if title.default_body:
        return resolve_body({"state": "Socialist Republic of Vietnam", "government": "Government",
                             "party-central-committee": "Party Central Committee"}[title.default_body], None)
    return None


def _apply_chain_scope(chain: list[tuple[Title, ResolvedBody | None]]) -> list[tuple[Title, ResolvedBody | None]]:
    """'Secretary of the Provincial Party Committee and Chairwoman of the People's Council of
    Ben Tre province': a province printed at the end of a chain scopes the unscoped titles before it."""
    out = list(chain)
    for i in range(len(out) - 1, 0, -1):
        t, b = out[i]
        if b is None or b.national or not t.body or not provinces_in(t.body):
            continue
        for j in range(i - 1, -1, -1):
            tj, bj = out[j]
            if bj is None or bj.national or not tj.body or provinces_in(tj.body):
                break
            out[j] = (tj, resolve_body(tj.body, b.province))
    return out


def _memberships(sentence: Sentence, text: str, names: list[NameSpan], ctx: Context, evidence: Evidence,
                 when: date | None) -> None:
    titles = sorted(find_titles(text, names) + find_joins(text, names), key=lambda t: t.start)
    if not titles and ctx.pending_list is None and ctx.pending_election is None:
        return
    sprov = _sentence_province(text, ctx.province)
    attached = attach_titles(text, names, titles, ctx.last_person)
    _borrow_bodies(titles)
    _elected_to_announced_post(sentence, text, names, attached, ctx, evidence, when, sprov)
    for att in attached.attachments:
        person = ctx.add_person(att.person, evidence)
        scope = ctx.province if att.change in ("appointed", "elected") else sprov
        pairs = _apply_chain_scope([(t, _body_for_title(t, ctx, scope)) for t in att.titles])
        for t, body in pairs:
            if body is None:
                continue
            key = ctx.add_body(body, evidence)
            former = att.former or t.former or body.former
            ctx.facts.memberships.append(Membership(
                person, t.role, key, status="former" if former else "current",
                change=att.change, start=when if att.change in ("elected", "appointed") and not former else None,
                end=when if att.change == "relieved" else None, evidence=evidence))
    # a plural role with nobody attached heads a list: "appointed four Deputy Secretaries. They are: ..."
    plural = [c for c in attached.unattached if any(t.plural for t in c) or re.search(
        r"(?i)\b(\w+ comrades|the position of|the post of)\s*$", text[:c[0].start])]
    if plural and not names or plural and is_list_lead(text):
        ctx.pending_list = [(t, _body_for_title(t, ctx, sprov)) for t in plural[-1]]
    elif ctx.pending_list is not None and not names and is_list_lead(text):
        pass
    elif ctx.pending_list is not None and names and (sentence.list_item or is_list_lead(text)
                                                     or text.lstrip().startswith(("They", "Among"))):
        segments = [seg for seg in text.split(";")]
        offset = 0
        for seg in segments:
            seg_names = [n for n in names if offset <= n.start < offset + len(seg)]
            offset += len(seg) + 1
            if not seg_names:
                continue
            for span in _list_heads(text, seg_names):
                person = ctx.add_person(span, evidence)
                for t, body in ctx.pending_list:
                    if body and not any(m.person == person and m.body == body.key and m.role.endswith(t.role)
                                        and m.status == "current" for m in ctx.facts.memberships):
                        ctx.facts.memberships.append(Membership(
                            person, t.role, ctx.add_body(body, evidence), change="appointed", start=when,
                            evidence=evidence))
    elif not sentence.list_item:
        ctx.pending_list = None


_ELECTION_FOR = re.compile(r"(?i)\b(?:by-?)?elections?\s+(?:of|for|to)\s+(?:an?\s+|the\s+)?(?:additional\s+|new\s+)?"
                           r"(?:(?:post|position|seat)s?\s+of\s+)?$")
_WAS_ELECTED = re.compile(r"\b(?:was|were|has been|have been)\s+(?:re-?)?elected\b")


def _elected_to_announced_post(sentence: Sentence, text: str, names: list[NameSpan], attached: Any,
                               ctx: Context, evidence: Evidence, when: date | None, sprov: str | None) -> None:
    """"The Council held a by-election for a member of the People's Committee. Mr. X, ..., was elected":
    the post an election is announced for goes to whoever the same paragraph then says was elected."""
    pending = ctx.pending_election
    if pending is not None and pending[0] == sentence.paragraph and names and (m := _WAS_ELECTED.search(text)):
        subject = [n for n in names if n.end <= m.start()][:1]
        titled = {a.person.name for a in attached.attachments if a.change == "elected"}
        for span in subject:
            if span.name in titled:
                continue
            person = ctx.add_person(span, evidence)
            for t, body in pending[1]:
                if body is not None:
                    ctx.facts.memberships.append(Membership(person, t.role, ctx.add_body(body, evidence),
                                                            change="elected", start=when, evidence=evidence))
        ctx.pending_election = None
        return
    for chain in attached.unattached:
        if _ELECTION_FOR.search(text[:chain[0].start]):
            ctx.pending_election = (sentence.paragraph, [(t, _body_for_title(t, ctx, sprov)) for t in chain])
            return
    if pending is not None and pending[0] != sentence.paragraph:
        ctx.pending_election = None


def _borrow_bodies(titles: list[Title]) -> None:
    """A title printed without its body shares the body of the next title in the sentence."""
    for i, t in enumerate(titles):
        if t.body is None and t.default_body is None:
            nxt = next((u for u in titles[i + 1:] if u.body), None)
            if nxt is not None and nxt.start - t.end < 90:
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
        if not full or len(full) != 1 or any(n.start <= m.start() < n.end for n in names):
            continue
        before, after = text[:m.start()], text[m.end():]
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
    paragraphs = [strip_diacritics(p) for p in article.paragraphs]
    headline = strip_diacritics(article.headline or "")
    teaser_text = " ".join(f"{t.headline} {t.text}" for t in article.teasers)
    province = vote_province(headline, "\n".join(paragraphs) + "\n" + strip_diacritics(teaser_text),
                             article.site, article.url)
    reference = article.published
    default_year = None if reference else infer_year(paragraphs)
    ctx = Context(article, facts, province, reference, default_year)
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
        names = find_names(text, _is_place)
        _people(names, ctx, evidence)
        all_names[sentence.index] = _short_names(text, names, ctx)
    # merges first, so that "the new department" in a title can refer back to what they formed
    find_merges([replace(s, text=texts[s.index]) for s in sentences], all_names, ctx)
    # pass 2: posts, places, campaigns, events
    for sentence in sentences:
        text, names = texts[sentence.index], all_names[sentence.index]
        evidence = Evidence(sentence.text, sentence.section)
        dates, when = days[sentence.index]
        _memberships(sentence, text, names, ctx, evidence, when)
        if names:
            ctx.last_person = names[-1]
        if sentence.section == "body":
            find_places(text, ctx, evidence)
            find_campaigns(text, ctx, evidence)
            find_events(sentence, text, names, dates, ctx, evidence)
            _bodies_in_passing(text, names, ctx, evidence)
    add_attendees(sentences, all_names, ctx)
    add_participants(sentences, all_names, ctx)
    _teasers(article, ctx)
    _members_of_elected_executive(texts.values(), facts)
    return facts


def _members_of_elected_executive(texts: Iterable[str], facts: ArticleFacts) -> None:
    """In an article reporting a party committee's Executive Committee election, those elected its Secretary
    or Deputy Secretaries were elected from among that committee's members, so are Members too
    (ontology/roles.toml [elected_from_members])."""
    roles, kinds, signal = elected_from_members()
    if not any(signal.search(t) for t in texts):
        return
    held = {(m.person, m.role, m.body) for m in facts.memberships}
    for m in list(facts.memberships):
        body = facts.bodies.get(m.body)
        if (m.change == "elected" and m.status == "current" and m.role in roles and body is not None
                and body.kind in kinds and (m.person, "Member", m.body) not in held):
            facts.memberships.append(Membership(m.person, "Member", m.body, change="elected", start=m.start,
                                                evidence=m.evidence))
            held.add((m.person, "Member", m.body))


def _bodies_in_passing(text: str, names: list[NameSpan], ctx: Context, evidence: Evidence) -> None:
    """Bodies a sentence names without a post or merger in them (hosts, partners, addressees): still bodies
    the article attests, with their hierarchy."""
    for mention in find_body_mentions(text, ctx.province, names):
        if mention.body.key not in ctx.facts.bodies:
            ctx.add_body(mention.body, evidence)


def _teasers(article: Article, ctx: Context) -> None:
    """Related-article snippets: people and posts only, at teaser confidence."""
    for teaser in article.teasers:
        for part in (teaser.headline, teaser.text):
            text = strip_diacritics(part or "")
            for sentence in segment([text], "teaser"):
                evidence = Evidence(sentence.text, "teaser")
                names = find_names(sentence.text, _is_place)
                _people(names, ctx, evidence)
                _memberships(sentence, sentence.text, names, ctx, evidence, None)
