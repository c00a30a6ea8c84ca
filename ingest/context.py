"""What one article's extraction knows as it reads, sentence by sentence: the pipeline's per-article state.

ingest/pipeline.py makes one per article and hands it to the stages (merges, events, campaigns,
places), which read and add to it; it lives apart from the pipeline so the stages can name its
type without importing the module that imports them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from provkg.ingest import gazetteer
from provkg.ingest.article import Article
from provkg.ingest.bodies import ResolvedBody
from provkg.ingest.facts import ArticleFacts, Body, Evidence, Person, Place
from provkg.ingest.mentions import has_body_head
from provkg.ingest.names import NameSpan
from provkg.ingest.text import fold, slug
from provkg.ingest.titles import Title


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
        self.box_role = None                # "DIRECTORS OF THE NEW DEPARTMENTS": the role of the items below it
        self.item_label = None              # (paragraph, body, label): "- Department of Finance: ..." names it
        self.list_open = False              # the sentence before opened or continued a list (":" or ";" at its end)
        self.pending_change = "appointed"   # how the list's posts were given: "elected" after "were chosen"
        self.last_people: list[NameSpan] = []   # the names of the last sentence that named anyone
        self.abbreviations: dict[str, str] = {}
        self.resolved: dict[str, ResolvedBody] = {}  # the bodies named so far, by key
        self.read_bodies: list[ResolvedBody] = []   # bodies in the order the text names them, as it is read
        self.sentence_reads: list[tuple[int, ResolvedBody]] = []   # this sentence's, by offset, until it ends
        self.last_sentence_bodies: list[ResolvedBody] = []   # those of the last sentence that named any
        self.sentence_index = -1           # the sentence being read in the second pass
        self.merge_told: dict[int, int] = {}   # id of each merger -> the sentence that tells it
        self.several_provinces = False     # the article is about several provinces alike
        self.topic: str | None = None      # the province the sentences of this paragraph are about
        self.topic_paragraph: Any = None
        self.units: dict[str, str] = {}   # the local unit of each level last named ("city" -> "Song Cong City")
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
        if body.scope and body.scope != body.province:
            self.units[body.scope.split()[-1].lower()] = body.scope
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
