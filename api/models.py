"""Response models of the REST routes, so the OpenAPI schema documents every response body."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from urllib.parse import quote

from pydantic import BaseModel, Field, computed_field


class Error(BaseModel):
    """Every error the REST routes raise themselves: a one-line reason, never a stack trace."""

    detail: str


class Ref(BaseModel):
    """A link to another node: its id (last IRI segment), IRI, display name and REST URL."""

    id: str
    iri: str
    name: str | None = None
    url: str | None = None


class Source(BaseModel):
    """An article a fact was read from, and the sentences of it that state the fact."""

    article: Ref
    date: dt.date | None = Field(None, description="The article's publication date.")
    sentence: str | None = Field(None, description="The first sentence stating the fact (the first of `sentences`).")
    sentences: list[str] = Field(default=[], description="Every sentence of the article stating the fact.")
    observed: dt.date | None = Field(None, description="Posts: the day the article reports the post on "
                                                        "(provkg:observedOn): held that day, or ended by then "
                                                        "when the article calls it former.")


class Bound(BaseModel):
    """One end of a tenure: stated by an article or inferred by a rule, with the articles it rests on."""

    date: dt.date
    precision: Literal["on", "no-later-than"]
    basis: Literal["stated", "inferred"]
    rule: str
    articles: list[Ref]


class Position(BaseModel):
    """A post (person, role, body) with its tenure: start and end bounds and when it was seen held."""

    membership: str
    person: Ref
    role: str
    organization: Ref
    current: bool
    start: Bound | None = None
    end: Bound | None = None
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    ended_by: Ref | None = None
    status: Literal["current", "ended", "unknown"] = Field(
        "unknown", description="On status_as_of: ended once its end has come; with no end, current through "
                               "its last dated report plus the window of its level, then unknown "
                               "(ontology/occupancy.toml).")
    status_rule: str = Field("no-dated-report", description="The rule that gave the status (see /docs and the "
                                                            "inferred graph's rule nodes).")
    status_as_of: dt.date | None = Field(None, description="The day the status is for (today unless asked).")
    status_since: dt.date | None = Field(None, description="The first day of that status (null: from the start).")
    status_until: dt.date | None = Field(None, description="The last day of that status as things stand (null: "
                                                           "open-ended); for `current`, last seen plus the window.")
    level: Literal["national", "province", "district", "commune"] | None = None
    window_days: int | None = Field(None, description="Days a post with no end stays current after it was last "
                                                      "seen (by level).")
    sources: list[Source] = Field(default=[], description="Up to 5 articles stating the post, one source each: "
                                                          "those the bounds rest on, then the oldest.")
    sources_total: int = Field(0, description="How many articles state this post (`sources` lists the first "
                                              "of them).")


class Page(BaseModel):
    """Paging fields every list shares."""

    total: int
    limit: int
    offset: int


class PersonSummary(BaseModel):
    id: str
    iri: str
    name: str
    names: list[str]
    url: str

    @computed_field(description="This node's network view (an HTML page).")
    @property
    def view(self) -> str:
        return f"/view/person/{quote(self.id, safe='')}"


class PersonPage(Page):
    items: list[PersonSummary]


class PersonDetail(BaseModel):
    id: str
    iri: str
    name: str
    names: list[str]
    provinces: list[Ref]
    positions: list[Position] = Field(description="The person's posts as a timeline, earliest first.")

    @computed_field(description="This node's network view (an HTML page).")
    @property
    def view(self) -> str:
        return f"/view/person/{quote(self.id, safe='')}"


class OrganizationSummary(BaseModel):
    id: str
    iri: str
    name: str
    type: str | None = None
    province: Ref | None = None
    url: str

    @computed_field(description="This node's network view (an HTML page).")
    @property
    def view(self) -> str:
        return f"/view/organization/{quote(self.id, safe='')}"


class OrganizationPage(Page):
    items: list[OrganizationSummary]


class Lineage(BaseModel):
    """A body reached through mergers: directly (depth 1) or through a chain of them."""

    organization: Ref
    merge: str
    date: dt.date | None = None
    depth: int


class OrganizationDetail(BaseModel):
    id: str
    iri: str
    name: str
    labels: list[str]
    alt_labels: list[str]
    type: str | None = None
    province: Ref | None = None
    national: bool
    parents: list[Ref]
    sub_organizations: list[Ref]
    current_holders: list[Position] = Field(description="Posts with no known end (start null when undated).")
    past_holders: list[Position] = Field(description="Posts with a stated or inferred end.")
    predecessors: list[Lineage]
    successors: list[Lineage]

    @computed_field(description="This node's network view (an HTML page).")
    @property
    def view(self) -> str:
        return f"/view/organization/{quote(self.id, safe='')}"


class Members(BaseModel):
    organization: Ref
    as_of: dt.date
    holders: list[Position] = Field(description="Posts held on as_of, in this body or, before it was formed "
                                                "by a merger, in the bodies merged into it.")
    organizations: list[Ref] = Field(description="The bodies whose posts are listed (the body or its predecessors).")
    undated: list[Position] = Field(description="Posts in those bodies that no dated article places in time.")
    merged_into: Ref | None = Field(None, description="When the body had been merged away by as_of: the body it "
                                                      "went into.")
    note: str | None = None


class Change(BaseModel):
    """A start (election, appointment), an end (relief, retirement, or `end`: a post ended as an article calls it
    former or as a rule infers: succession, merger, dissolution, death) or a merger."""

    id: str = Field(description="Stable across requests and ingests: the feed entry's id.")
    kind: Literal["election", "appointment", "relief", "transfer", "retirement", "end", "merge"]
    date: dt.date | None = None
    date_basis: Literal["stated", "article", "inferred", "unknown"]
    person: Ref | None = None
    role: str | None = None
    organization: Ref | None = None
    merged: list[Ref] = []
    into: Ref | None = None
    article: Ref
    sentence: str | None = None
    rule: str | None = Field(None, description="For an end: the rule that gave it (stated-former, "
                                               "single-holder-succession, body-merged-away, body-dissolved, "
                                               "holder-died).")
    ended_by: Ref | None = Field(None, description="For an inferred end: the successor's post, the merger or "
                                                  "dissolution, or the person who died.")
    status: Literal["current", "ended", "unknown"] | None = Field(None, description="For a post: its status today.")
    last_seen: dt.date | None = Field(None, description="For a post: the latest day an article reports it held.")
    ingested: dt.datetime | None = Field(None, description="When the article was ingested (its graph written).")


class ChangePage(Page):
    items: list[Change]


class Merge(BaseModel):
    id: str
    iri: str
    date: dt.date | None = None
    originals: list[Ref]
    result: Ref
    ancestors: list[Lineage] = Field(description="Every body merged, directly or through earlier mergers, into "
                                                "the result.")
    descendants: list[Lineage] = Field(description="Where the result went through later mergers.")
    sources: list[Source] = Field(description="Up to 5 articles stating it, one source each, oldest first.")
    sources_total: int = Field(0, description="How many articles state it (`sources` lists the first of them).")
    date_sentence: str | None = Field(None, description="The sentence that gives the date: the evidence for "
                                                        "`date` (one of the sources' sentences).")


class MergePage(Page):
    items: list[Merge]


class Campaign(BaseModel):
    id: str
    iri: str
    name: str
    types: list[str]
    start_year: int | None = None
    end_year: int | None = None
    budget: str | None = None
    participants: int | None = None
    organisers: list[Ref]
    places: list[Ref]
    sources: list[Source] = Field(description="Up to 5 articles stating it, one source each, oldest first.")
    sources_total: int = Field(0, description="How many articles state it (`sources` lists the first of them).")

    @computed_field(description="This node's network view (an HTML page).")
    @property
    def view(self) -> str:
        return f"/view/campaign/{quote(self.id, safe='')}"


class CampaignPage(Page):
    items: list[Campaign]


class Event(BaseModel):
    id: str
    iri: str
    name: str | None = None
    types: list[str]
    date: dt.date | None = None
    organisers: list[Ref]
    attendees: list[Ref]
    location: Ref | None = None
    sources: list[Source] = Field(description="Up to 5 articles stating it, one source each, oldest first.")
    sources_total: int = Field(0, description="How many articles state it (`sources` lists the first of them).")


class EventPage(Page):
    items: list[Event]


class Place(BaseModel):
    id: str
    iri: str
    name: str
    types: list[str]
    within: Ref | None = None
    code: str | None = None
    era: str | None = None


class PlacePage(Page):
    items: list[Place]


class ArticleSummary(BaseModel):
    id: str
    iri: str
    headline: str | None = None
    date: dt.date | None = None
    url: str | None = None
    province: Ref | None = None
    link: str

    @computed_field(description="This node's network view (an HTML page).")
    @property
    def view(self) -> str:
        return f"/view/article/{quote(self.id, safe='')}"


class ArticlePage(Page):
    items: list[ArticleSummary]


class TextSpan(BaseModel):
    """A sentence of an article and where it lies in the article's text (code points, end exclusive)."""

    sentence: str
    start: int
    end: int


class ArticleFact(BaseModel):
    """One fact an article states, with the sentence it was read from."""

    kind: Literal["position", "merge", "campaign", "event"]
    iri: str
    summary: str
    person: Ref | None = None
    role: str | None = None
    organization: Ref | None = None
    status: str | None = None
    change: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    originals: list[Ref] = []
    result: Ref | None = None
    date: dt.date | None = None
    sentences: list[str]
    evidence: list[TextSpan] = Field(default=[], description="Where each sentence lies in the article's `text`: "
                                                             "text[start:end] is the sentence.")


class ArticleDetail(BaseModel):
    id: str
    iri: str
    headline: str | None = None
    date: dt.date | None = None
    url: str | None = None
    site: str | None = None
    source_file: str | None = None
    province: Ref | None = None
    authors: list[str]
    translators: list[str]
    people: list[Ref]
    organizations: list[Ref]
    places: list[Ref]
    facts: list[ArticleFact]
    text: str | None = Field(None, description="The article's text as stored (schema:text): the evidence offsets "
                                               "point into it.")

    @computed_field(description="This node's network view (an HTML page).")
    @property
    def view(self) -> str:
        return f"/view/article/{quote(self.id, safe='')}"


class SearchHit(BaseModel):
    kind: Literal["person", "organization", "campaign", "event", "place", "article"]
    id: str
    iri: str
    name: str
    matched: str
    score: float
    url: str | None = None


class SearchPage(Page):
    items: list[SearchHit]


class ProvinceCount(BaseModel):
    province: Ref
    bodies: int


class Home(BaseModel):
    counts: dict[str, int]
    provinces: list[ProvinceCount]
    articles_from: dt.date | None = None
    articles_to: dt.date | None = None
    latest_changes: list[Change]
    links: dict[str, str]
