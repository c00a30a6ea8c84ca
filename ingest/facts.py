"""Plain facts extracted from one article: the contract between ingest/ and graph/.

Everything here is vocabulary-free: graph/rdf.py is the only place that turns these
into RDF. People are referred to by article-local keys (identity across articles is
decided by graph/identity.py); bodies and places by canonical keys that are the same
in every article (their IRIs are derived from them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from provkg.ingest.article import Article
from provkg.ingest.text import slug


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact came from, and how much to trust where it was found.

    Once anchored (ingest/anchor.py), `sentence` is as printed and `article.stored_text[start:end]`
    is exactly it; before, it is the sentence as extraction read it and the offsets are None."""

    sentence: str
    section: str = "body"        # "headline" or "body"
    start: int | None = None     # code-point offsets in Article.stored_text
    end: int | None = None

    @property
    def confidence(self) -> float:
        return {"headline": 0.9, "body": 1.0}.get(self.section, 0.5)


@dataclass
class Person:
    key: str                     # article-local key: the folded name ("nguyen van loi")
    name: str                    # as printed, without honorifics ("Nguyen Van Loi")
    variants: set[str] = field(default_factory=set)   # other spellings seen (diacritics, short forms)
    evidence: Evidence | None = None


@dataclass
class Place:
    key: str                     # canonical key, e.g. "binh-duong/di-an-city"
    name: str                    # "Di An City"
    kind: str                    # province, city, district, town, ward, commune, hamlet, site
    parent: str | None = None    # key of the containing place
    code: str | None = None      # gazetteer code when the unit is in the gazetteer
    era: str | None = None       # "pre-2025" / "post-2025" map the unit belongs to, when known
    variants: set[str] = field(default_factory=set)
    evidence: Evidence | None = None


@dataclass
class Body:
    key: str                     # canonical key, e.g. "binh-duong-provincial-party-committee"
    name: str                    # canonical label: "Binh Duong Provincial Party Committee"
    kind: str                    # body type id from ontology/bodies.toml ("party-committee", ...)
    scope: str | None = None     # key of the place the body belongs to; None for national bodies
    parent: str | None = None    # key of the body it is part of
    variants: set[str] = field(default_factory=set)   # alternative labels seen in text
    national: bool = False
    evidence: Evidence | None = None


@dataclass
class Membership:
    """A post: person holds role in body. `status` tells current from ended posts."""

    person: str                  # person key
    role: str                    # canonical role label: "Secretary", "Deputy Head", "Member"
    body: str                    # body key
    status: str = "current"      # "current" or "former"
    change: str | None = None    # "elected", "appointed", "relieved", "transferred", "retired" or None
    start: date | None = None    # stated start (an election or appointment date)
    end: date | None = None      # stated end (a relief date)
    evidence: Evidence | None = None
    # the day the article reports the post on (held, or ended when former): the date of the sentence,
    # its paragraph or the event it was reported at, else the article's publication date
    observed: date | None = None


@dataclass
class Merge:
    sources: list[str]           # body keys merged away
    result: str                  # body key of the body they became
    date: date | None = None     # the date the merger takes effect (or is announced)
    evidence: Evidence | None = None


@dataclass
class Campaign:
    name: str
    kind: str                    # campaign, emulation movement, project, programme, contest, award
    start_year: int | None = None
    end_year: int | None = None
    organisers: list[str] = field(default_factory=list)   # body keys
    places: list[str] = field(default_factory=list)       # place keys
    budget: str | None = None     # as printed: "4.5 billion VND"
    participants: int | None = None
    evidence: Evidence | None = None

    @property
    def key(self) -> str:
        """Kind, name and period: "the patriotic emulation movement" of 2015-2020 and of 2020-2025 are two
        editions, each with its own years, however many articles name them."""
        if self.start_year is None:
            return slug(f"{self.kind} {self.name}")
        period = self.start_year if self.end_year in (None, self.start_year) else f"{self.start_year} {self.end_year}"
        return slug(f"{self.kind} {self.name} {period}")


@dataclass
class Event:
    kind: str                    # conference, meeting, session, congress, ceremony, event
    label: str                   # short description: "conference of the Binh Duong Provincial Party Committee"
    date: date | None = None
    organisers: list[str] = field(default_factory=list)   # body keys, first named first
    attendees: list[str] = field(default_factory=list)    # person keys
    place: str | None = None     # place key
    evidence: Evidence | None = None


@dataclass
class ArticleFacts:
    """Everything one article states, ready for graph/rdf.py."""

    article: Article
    province: str | None = None            # place key of the article's own province
    people: dict[str, Person] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # people who only wrote the article; never officials
    reporters: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
