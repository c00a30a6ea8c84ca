"""Tenure inference: when a post began and ended, from what articles say and what they imply.

Articles rarely state both ends of a post; they report who holds it on the day they are
published. `infer` turns those observations (read from the store by graph/reads/tenures.py) into
one `Tenure` per membership node, each bound either stated (with the articles stating it)
or inferred (with the rule and the articles it rests on). Rules, in the order they apply:

- `observed-span`: a post seen held in several dated articles spans them; its start is
  taken as "no later than" the first of them (the tenure began by then).
- `stated-end` / `stated-former`: an article gives the end date, or calls the post former
  (then it ended no later than that article's date). Stated ends are never overridden.
- `single-holder-succession`: in a post only one person holds at a time (roles.toml
  `single_holder`), when another person is later reported in it, the earlier tenure
  ended no later than that report.
- `body-merged-away`: a body merged into another ends its posts on the merger's date
  (when the merger is undated: no later than the first article reporting it).
- `body-dissolved`: a body dissolved (an org:ChangeEvent with original organisations and no
  resulting one) ends its posts the same way.
- `holder-died`: a person's death (schema:deathDate stated by an article) ends all their posts.
When several inferred rules apply, the earliest end wins.

A post's date in an article is the day the article reports it held (`observed`: the date of its
sentence, paragraph or event, graph/rdf.py's `provkg:observedOn`), else the article's publication
date; so an article without a printed date still dates the posts its text dates.

Status (`current`, `ended`, `unknown`) is decided from these tenures by graph/occupancy.py, whose
rules are described here too (`RULES`) so that every rule of the inferred graph is in one table.

`tenure_quads` writes the result into the inferred graph (graph/rdf.INFERRED_GRAPH): every
membership gets its `org:memberDuring` interval (the node IRI graph/rdf.py mints, so a post
keeps one interval), an inferred end completes it with `time:hasEnd`, the observed span is
a `time:Interval` that `time:intervalIn` the tenure, and `provkg:tenureStart` /
`provkg:tenureEnd` name the bound that won, stated or inferred (what REST reads back).
Every such node is a `prov:Entity` `prov:wasDerivedFrom` the articles it rests on and
`prov:wasGeneratedBy` its rule (a `prov:Activity` with a label and comment). The terms are
spelled in graph/vocab.py, the IRIs in graph/rdf.py. Pure: no store, no clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Literal

from provkg.graph import rdf
from provkg.graph import vocab as V
from pyoxigraph import Literal as RdfLiteral
from pyoxigraph import NamedNode, Quad

INFERRED_GRAPH = rdf.INFERRED_GRAPH  # the IRIs live in graph/rdf.py, the terms in graph/vocab.py

ENDING_CHANGES = rdf.ENDING_CHANGES

RULES: dict[str, str] = {
    "stated-start": "An article states the date the post began (an election or appointment).",
    "stated-end": "An article states the date the post ended.",
    "stated-former": "An article calls the post former: it ended no later than that article's date.",
    "observed-span": "A post reported held in several dated articles spans them: it began no later than the first.",
    "single-holder-succession": "Only one person holds this post at a time; another person was later reported in "
                                "it, so the earlier tenure ended no later than that report.",
    "body-merged-away": "The body was merged into another; its posts ended on the merger date (or no later than "
                        "the first article reporting an undated merger).",
    "body-dissolved": "The body was dissolved; its posts ended on the dissolution date (or no later than the first "
                      "article reporting an undated dissolution).",
    "holder-died": "The holder died; all their posts ended on the date of death.",
    # occupancy status (graph/occupancy.py, windows in ontology/occupancy.toml)
    "reported-within-window": "No end is known and the post was reported held recently enough: current through "
                              "its last dated report plus the window of its level (ontology/occupancy.toml).",
    "not-reported-within-window": "No end is known, but no dated report of the post falls within the window of its "
                                  "level (ontology/occupancy.toml) before that day: status unknown.",
    "post-ended": "The post's end (stated, or inferred by its own rule) has come: ended.",
    "no-dated-report": "No article places the post in time: status unknown.",
}

Precision = Literal["on", "no-later-than"]
Basis = Literal["stated", "inferred"]


@dataclass(frozen=True)
class Observation:
    """One article's statement of one post (a membership node seen in one article graph)."""

    membership: str
    person: str
    body: str
    role: str
    article: str                 # article IRI
    published: date | None = None
    status: str | None = None    # "current" / "former" as this article states it
    change: str | None = None
    start: date | None = None    # stated start in this article
    end: date | None = None      # stated end in this article
    end_by: date | None = None   # "ended no later than" written for a former post
    sentences: tuple[str, ...] = ()
    observed: date | None = None  # the day the article reports the post on (provkg:observedOn)

    @property
    def when(self) -> date | None:
        """The day this article reports the post on: observed (sentence, paragraph, event), else published."""
        return self.observed or self.published

    @property
    def holding(self) -> bool:
        """Whether the article reports the post as held on its date (not former, not a relief)."""
        return self.status != "former" and self.change not in ENDING_CHANGES and self.end is None


@dataclass(frozen=True)
class MergeFact:
    iri: str
    sources: tuple[str, ...]     # body IRIs merged away
    result: str
    date: date | None = None
    articles: tuple[tuple[str, date | None], ...] = ()   # (article IRI, published)

    @property
    def effective(self) -> tuple[date, Precision, tuple[str, ...]] | None:
        """The date the merged-away bodies ended, how exact it is, and the articles it rests on."""
        if self.date is not None:
            return self.date, "on", tuple(sorted(a for a, _ in self.articles))
        dated = sorted((d, a) for a, d in self.articles if d is not None)
        if not dated:
            return None
        return dated[0][0], "no-later-than", (dated[0][1],)


@dataclass(frozen=True)
class Dissolution:
    """A body dissolved (org:ChangeEvent with originals and no resulting body), as a merger with no result."""

    iri: str
    bodies: tuple[str, ...]
    date: date | None = None
    articles: tuple[tuple[str, date | None], ...] = ()

    @property
    def effective(self) -> tuple[date, Precision, tuple[str, ...]] | None:
        return MergeFact(self.iri, self.bodies, "", self.date, self.articles).effective


@dataclass(frozen=True)
class Death:
    """A person's death as articles state it (schema:deathDate)."""

    person: str
    date: date
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Bound:
    """One end of a tenure: a date, how exact, stated or inferred, by which rule, on which articles."""

    date: date
    precision: Precision
    basis: Basis
    rule: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Tenure:
    membership: str
    person: str
    body: str
    role: str
    start: Bound | None = None
    end: Bound | None = None
    first_seen: date | None = None
    last_seen: date | None = None
    seen_in: tuple[str, ...] = ()            # articles reporting it held on their (known) date
    articles: tuple[str, ...] = ()           # every article stating the post
    ended_by: str | None = None              # membership (succession), merger or dissolution IRI, or the person (death)
    observations: tuple[Observation, ...] = field(default=(), repr=False)
    first_seen_in: tuple[str, ...] = ()      # the articles of first_seen
    last_seen_in: tuple[str, ...] = ()       # the articles of last_seen
    level: str | None = None                 # national / province / district / commune (graph/occupancy.py)
    window: int | None = None                # days a post with no end stays current after last_seen
    # Read back from the inferred graph (graph/reads/tenures.stored_tenures), a Tenure has its bounds, span and
    # first/last articles, but no observations, seen_in or articles: those stay in the article graphs.

    @property
    def current(self) -> bool:
        return self.end is None

    def held_on(self, day: date) -> bool:
        """Held on `day` as far as the graph knows: begun (stated or seen) by then and not yet ended."""
        begun = self.start.date if self.start else None
        if begun is None or begun > day:
            return False
        return self.end is None or day < self.end.date

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@cache
def single_holder_roles() -> frozenset[str]:
    """Role labels only one person holds at a time (ontology/roles.toml `single_holder`)."""
    from provkg.ingest.lexicon import roles

    return frozenset(r.label for r in roles().values() if r.single_holder)


def _bound_from(dates: Iterable[tuple[date, str]], precision: Precision, basis: Basis, rule: str,
                pick: str = "min") -> Bound | None:
    items = list(dates)
    if not items:
        return None
    best = min(d for d, _ in items) if pick == "min" else max(d for d, _ in items)
    return Bound(best, precision, basis, rule, tuple(sorted({a for d, a in items if d == best})))


def _base(membership: str, obs: Sequence[Observation]) -> Tenure:
    """Stated bounds and the observed span of one membership."""
    first = obs[0]
    holding = [(o.when, o.article) for o in obs if o.holding and o.when is not None]
    starts = [(o.start, o.article) for o in obs if o.start is not None]
    start = _bound_from(starts, "on", "stated", "stated-start") or _bound_from(
        holding, "no-later-than", "inferred", "observed-span")
    ends = [(o.end, o.article) for o in obs if o.end is not None]
    formers = [(o.observed or o.end_by or o.published, o.article) for o in obs
               if o.end is None and not o.holding and (o.observed or o.end_by or o.published) is not None]
    end = _bound_from(ends, "on", "stated", "stated-end") or _bound_from(
        formers, "no-later-than", "stated", "stated-former")
    seen = holding + starts
    lo = min((d for d, _ in seen), default=None)
    hi = max((d for d, _ in seen), default=None)
    return Tenure(
        membership=membership, person=first.person, body=first.body, role=first.role,
        start=start, end=end, first_seen=lo, last_seen=hi,
        seen_in=tuple(sorted({a for _, a in seen})),
        articles=tuple(sorted({o.article for o in obs})), observations=tuple(obs),
        first_seen_in=tuple(sorted({a for d, a in seen if d == lo})),
        last_seen_in=tuple(sorted({a for d, a in seen if d == hi})))


def _holding_dates(t: Tenure) -> list[tuple[date, str]]:
    """When and where a tenure is reported held: stated start and dated current reports."""
    out = [(o.start, o.article) for o in t.observations if o.start is not None]
    out += [(o.when, o.article) for o in t.observations if o.holding and o.when is not None]
    return out


def _succession_end(t: Tenure, rivals: Sequence[Tenure]) -> tuple[Bound, str] | None:
    """The earliest report of another person in the same single-holder post after t was last seen."""
    if t.last_seen is None:
        return None
    later = [(d, a, r.membership) for r in rivals if r.person != t.person
             for d, a in _holding_dates(r) if d > t.last_seen]
    if not later:
        return None
    when = min(d for d, _, _ in later)
    successor = min(m for d, _, m in later if d == when)
    last = {a for d, a in _holding_dates(t) if d == t.last_seen}
    arts = tuple(sorted(last | {a for d, a, _ in later if d == when}))
    return Bound(when, "no-later-than", "inferred", "single-holder-succession", arts), successor


def _body_end(t: Tenure, ends: Sequence[MergeFact | Dissolution]) -> tuple[Bound, str] | None:
    """The earliest merger or dissolution taking the body away, unless an article not reporting it saw the post
    held after it."""
    found: list[tuple[date, Precision, tuple[str, ...], str, str]] = []
    for m in ends:
        if isinstance(m, MergeFact):
            if t.body not in m.sources or t.body == m.result:
                continue
            rule = "body-merged-away"
        elif t.body in m.bodies:
            rule = "body-dissolved"
        else:
            continue
        eff = m.effective
        if eff is None:
            continue
        when, precision, arts = eff
        reporting = {a for a, _ in m.articles}
        if any(d > when for d, a in _holding_dates(t) if a not in reporting):
            continue
        found.append((when, precision, arts, rule, m.iri))
    if not found:
        return None
    when, precision, arts, rule, iri = min(found)
    return Bound(when, precision, "inferred", rule, arts), iri


def _death_end(t: Tenure, deaths: Sequence[Death]) -> tuple[Bound, str] | None:
    """The holder's death ends the post (the earliest date articles state, with the articles stating it)."""
    dated = sorted((d.date, d.articles) for d in deaths if d.person == t.person)
    if not dated:
        return None
    when = dated[0][0]
    arts = tuple(sorted({a for d, articles in dated if d == when for a in articles}))
    return Bound(when, "on", "inferred", "holder-died", arts), t.person


def infer(observations: Iterable[Observation], merges: Iterable[MergeFact],
          single_holder: frozenset[str] | None = None, dissolutions: Iterable[Dissolution] = (),
          deaths: Iterable[Death] = ()) -> list[Tenure]:
    """One Tenure per membership in `observations`, bounds stated or inferred (see the module doc).

    Succession only looks at rivals among the observations given, so pass every
    membership of a body (graph/reads/tenures.py reads them by body) to get its full answer.
    """
    single = single_holder_roles() if single_holder is None else single_holder
    body_ends: list[MergeFact | Dissolution] = [*merges, *dissolutions]
    death_list = list(deaths)
    by_membership: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        by_membership[o.membership].append(o)
    bases = {m: _base(m, sorted(obs, key=lambda o: o.article)) for m, obs in sorted(by_membership.items())}
    posts: dict[tuple[str, str], list[Tenure]] = defaultdict(list)
    for t in bases.values():
        posts[(t.body, t.role)].append(t)
    out = []
    for t in bases.values():
        if t.end is not None:
            out.append(t)
            continue
        candidates = []
        if t.role in single:
            s = _succession_end(t, posts[(t.body, t.role)])
            if s:
                candidates.append(s)
        for found in (_body_end(t, body_ends), _death_end(t, death_list)):
            if found:
                candidates.append(found)
        if candidates:
            bound, by = min(candidates, key=lambda c: (c[0].date, c[0].rule))
            t = Tenure(**{**t.__dict__, "end": bound, "ended_by": by})
        out.append(t)
    return out


def holders_on(tenures: Iterable[Tenure], day: date) -> list[Tenure]:
    """The tenures held on `day`, as far as their bounds tell."""
    return [t for t in tenures if t.held_on(day)]


# --- into the graph ---------------------------------------------------------------------


def _date(d: date) -> RdfLiteral:
    return RdfLiteral(d.isoformat(), datatype=V.XSD_DATE)


def tenure_quads(tenures: Iterable[Tenure]) -> list[Quad]:
    """The inferred graph: every tenure's interval, observed span and resolved bounds, with rule and articles.

    Every membership gets its `org:memberDuring` interval here (so a membership without it
    is one not yet inferred); `provkg:tenureStart` / `provkg:tenureEnd` name the bound that
    won (stated or inferred), which is what REST reads back in one query per body."""
    g = NamedNode(rdf.INFERRED_GRAPH)
    triples: dict[tuple[NamedNode, NamedNode, NamedNode | RdfLiteral], None] = {}
    rules_used: set[str] = set()

    def add(s: str, p: NamedNode, o: NamedNode | RdfLiteral | str) -> None:
        triples[(NamedNode(s), p, NamedNode(o) if isinstance(o, str) else o)] = None

    def derived(s: str, rule: str | None, articles: Iterable[str]) -> None:
        add(s, V.TYPE, V.PROV_ENTITY)
        if rule is not None:
            add(s, V.PROV_GENERATED_BY, rdf.rule_iri(rule))
            rules_used.add(rule)
        for a in articles:
            add(s, V.PROV_DERIVED_FROM, a)

    def bound(t: Tenure, b: Bound, link: NamedNode, name: str) -> str:
        node = rdf.tenure_node_iri(t.membership, name)
        add(t.membership, link, node)
        add(node, V.TYPE, V.TIME_INSTANT)
        precise = {"start": V.P["beganNoLaterThan"], "end": V.P["endedNoLaterThan"]}[name.rsplit("-", 1)[-1]]
        add(node, V.TIME_IN_XSD_DATE if b.precision == "on" else precise, _date(b.date))
        derived(node, b.rule, b.articles)
        return node

    for t in tenures:
        during = rdf.tenure_node_iri(t.membership, "during")
        add(t.membership, V.ORG_MEMBER_DURING, during)
        add(during, V.TYPE, V.TIME_INTERVAL)
        if t.first_seen is not None and t.last_seen is not None:
            span = rdf.tenure_node_iri(t.membership, "observed")
            add(span, V.TYPE, V.TIME_INTERVAL)
            add(span, V.TIME_INTERVAL_IN, during)
            for name, day, arts in (("first", t.first_seen, t.first_seen_in), ("last", t.last_seen, t.last_seen_in)):
                inst = rdf.tenure_node_iri(t.membership, f"observed/{name}")
                add(span, V.TIME_HAS_BEGINNING if name == "first" else V.TIME_HAS_END, inst)
                add(inst, V.TYPE, V.TIME_INSTANT)
                add(inst, V.TIME_IN_XSD_DATE, _date(day))
                derived(inst, None, arts)
            derived(span, "observed-span", t.seen_in)
        if t.start is not None:
            bound(t, t.start, V.P["tenureStart"], f"{t.start.basis}-start")
        if t.end is not None:
            end = bound(t, t.end, V.P["tenureEnd"], f"{t.end.basis}-end")
            if t.end.basis == "inferred":
                add(during, V.TIME_HAS_END, end)  # a stated end is the article graphs' own hasEnd
            if t.ended_by:
                add(end, V.P["endedBy"], t.ended_by)
    for rule in sorted(rules_used):
        for t in rule_triples(rule):
            triples[t] = None
    return [Quad(s, p, o, g) for s, p, o in triples]


def rule_triples(rule: str) -> list[tuple[NamedNode, NamedNode, NamedNode | RdfLiteral]]:
    """A rule's own description, in the inferred graph while some node is generated by it."""
    node = NamedNode(rdf.rule_iri(rule))
    return [(node, V.TYPE, V.PROV_ACTIVITY), (node, V.RDFS_LABEL, RdfLiteral(rule)),
            (node, V.RDFS_COMMENT, RdfLiteral(RULES[rule]))]


def bodies_as_of(iri: str, day: date, merges: list[MergeFact]) -> list[str]:
    """The body, or, when `day` is before a merger formed it, the bodies merged into it (recursively)."""
    out: list[str] = []
    seen: set[str] = set()
    stack = [iri]
    while stack:
        body = stack.pop()
        if body in seen:
            continue
        seen.add(body)
        formed = [m for m in merges if m.result == body and body not in m.sources
                  and m.effective is not None and m.effective[0] > day]
        if formed:
            stack.extend(s for m in formed for s in m.sources)
        else:
            out.append(body)
    return sorted(out)


def merged_into(iri: str, day: date, merges: list[MergeFact]) -> tuple[str, date] | None:
    """The body `iri` went into by a merger effective on or before `day`, and that date (the earliest such)."""
    gone = sorted((m.effective[0], m.result) for m in merges
                  if iri in m.sources and m.result != iri and m.effective is not None and m.effective[0] <= day)
    return (gone[0][1], gone[0][0]) if gone else None
