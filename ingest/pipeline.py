"""Article -> ArticleFacts: the extraction pipeline, one small stage after another.

    read (elsewhere) -> segment -> names -> titles -> bodies/mentions -> merges, events,
    campaigns, places -> facts
Every stage is a pure function; this module only wires them and keeps per-article state
(the article's province, the people seen so far, the last date mentioned).
"""

from __future__ import annotations

import re
from datetime import date

from provkg.ingest import gazetteer
from provkg.ingest.article import Article
from provkg.ingest.bodies import ResolvedBody, resolve_body
from provkg.ingest.campaigns import find_campaigns
from provkg.ingest.dates import find_dates, infer_year
from provkg.ingest.events import add_attendees, find_events
from provkg.ingest.facts import ArticleFacts, Body, Evidence, Membership, Person, Place
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

    def add_body(self, body: ResolvedBody, evidence: Evidence) -> str:
        """Record a body (and its parents); returns its key."""
        if body.parent:
            self.add_body(body.parent, evidence)
        existing = self.facts.bodies.get(body.key)
        if existing is None:
            existing = Body(body.key, body.label, body.kind, scope=slug(body.scope) if body.scope else None,
                            parent=body.parent.key if body.parent else None, national=body.national,
                            evidence=evidence)
            self.facts.bodies[body.key] = existing
        existing.variants.add(body.form)
        self.recent_bodies.append(body)
        return body.key

    def add_person(self, span: NameSpan, evidence: Evidence) -> str:
        key = fold(span.name)
        if key not in self.facts.people:
            self.facts.people[key] = Person(key, span.name, evidence=evidence)
        return key


def _normalise(text: str) -> str:
    """Spellings that break the title grammar: "Committee-cum-Chairman", curly quotes."""
    text = re.sub(r"\s*-cum-\s*|\s+cum\s+", ", ", text)
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
    for body in reversed(ctx.recent_bodies):
        if body.kind not in ("party-committee", "people-committee", "people-council") and (
                head in body.label.lower() or head in body.form.lower() or head in {"agency", "department"}):
            return body
    return None


def _body_for_title(title: Title, ctx: Context, sentence_province: str | None) -> ResolvedBody | None:
    if title.body:
        return _backref(title.body, ctx) or resolve_body(title.body, sentence_province)
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
    if not titles and ctx.pending_list is None:
        return
    sprov = _sentence_province(text, ctx.province)
    attached = attach_titles(text, names, titles, ctx.last_person)
    if names:
        ctx.last_person = names[-1]
    for att in attached.attachments:
        person = ctx.add_person(att.person, evidence)
        pairs = _apply_chain_scope([(t, _body_for_title(t, ctx, sprov)) for t in att.titles])
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
            person = ctx.add_person(seg_names[0], evidence)
            for t, body in ctx.pending_list:
                if body:
                    ctx.facts.memberships.append(Membership(person, t.role, ctx.add_body(body, evidence),
                                                            change="appointed", start=when, evidence=evidence))
    elif not sentence.list_item:
        ctx.pending_list = None


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
        rec = gazetteer.lookup(province, "province")
        key = slug(f"{province} province")
        facts.places[key] = Place(key, rec.name if rec else f"{province} Province", "province",
                                  code=rec.code if rec else None, era=rec.era if rec else None)
        facts.province = key
    sentences = segment([headline], "headline") + segment(paragraphs, "body", start=1)
    all_names: dict[int, list[NameSpan]] = {}
    for sentence in sentences:
        text = _normalise(sentence.text)
        evidence = Evidence(sentence.text, sentence.section)
        dates = find_dates(text, reference, default_year, ctx.last_date)
        day = next((d.value for d in dates if d.value and d.precision == "day"), None)
        if day:
            ctx.last_date = day
        names = find_names(text, _is_place)
        all_names[sentence.index] = names
        _people(names, ctx, evidence)
        _memberships(sentence, text, names, ctx, evidence, day or ctx.last_date)
        if sentence.section == "body":
            find_places(text, ctx, evidence)
            find_campaigns(text, ctx, evidence)
            find_events(sentence, text, names, dates, ctx, evidence)
    find_merges(sentences, all_names, ctx)
    add_attendees(sentences, all_names, ctx)
    _teasers(article, ctx)
    return facts


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
