"""Occupancy status: whether a post is `current`, `ended` or `unknown` on a day, and why.

The rules are data (ontology/occupancy.toml, read once): a post whose end (stated or inferred by
graph/tenure.py) has come is `ended`; a post with no end is `current` through its last dated report
plus a window set by the level of its body (national, province, district, commune), then `unknown`;
a post no article dates is `unknown`. A status is a function of the day asked about, so the
inferred graph records it clock-free, as the periods each status holds (`periods`): current from
the start through `last seen + window` (or the day before the end), unknown after that, ended from
the end on; each period names its rule (graph/tenure.RULES), the articles it rests on and the
tenure node it derives from (`provkg:premise`). `status_on` answers for one day from the same
periods; REST, the views and the FollowTheMoney export ask it for `as_of` (today by default).
Pure: no store, no clock.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Literal

from provkg import ontology
from provkg.graph import rdf
from provkg.graph import vocab as V
from provkg.graph.tenure import Tenure
from pyoxigraph import Literal as RdfLiteral
from pyoxigraph import NamedNode, Quad

Status = Literal["current", "ended", "unknown"]
STATUS_NODES = {"current": "status/current", "unknown": "status/unknown", "ended": "status/ended"}
"""The tenure node (graph/rdf.TENURE_NODES) each status period is written as."""


@dataclass(frozen=True)
class Rules:
    """ontology/occupancy.toml: days of window per level, and the level of a body by its scope."""

    window: dict[str, int]
    default_level: str
    level_of_scope: dict[str, str]


@cache
def rules() -> Rules:
    with open(ontology.path("occupancy.toml"), "rb") as f:
        data = tomllib.load(f)
    r = Rules({k: int(v) for k, v in data["window"].items()}, data["default_level"], dict(data["level_of_scope"]))
    if r.default_level not in r.window or not set(r.level_of_scope.values()) <= set(r.window):
        raise ValueError("ontology/occupancy.toml: every level needs a window")
    return r


def level_of(national: bool, scope_classes: Iterable[str] = (), scope_is_province: bool = False) -> str:
    """A body's level: national; province when its scope is its own province; else by its scope's class."""
    r = rules()
    if national:
        return "national"
    if scope_is_province:
        return "province"
    found = sorted({r.level_of_scope[c] for c in scope_classes if c in r.level_of_scope},
                   key=lambda lv: -r.window[lv])
    return found[0] if found else r.default_level


def with_level(t: Tenure, level: str | None) -> Tenure:
    """The tenure with its level and that level's window."""
    lv = level or rules().default_level
    return replace(t, level=lv, window=rules().window[lv])


@dataclass(frozen=True)
class Period:
    """A status held from `start` through `end` (inclusive; None: open), by a rule, on articles and a premise."""

    status: Status
    start: date | None
    end: date | None
    rule: str
    articles: tuple[str, ...] = ()
    premise: str | None = None   # the tenure node (graph/rdf.TENURE_NODES name) the status derives from

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def periods(t: Tenure) -> list[Period]:
    """The statuses of a post through time, earliest first (see the module docstring)."""
    window = timedelta(days=t.window if t.window is not None else rules().window[rules().default_level])
    start = t.start.date if t.start else None
    end = t.end.date if t.end else None
    last = t.last_seen or start
    out: list[Period] = []
    if start is None and end is None:
        return [Period("unknown", None, None, "no-dated-report", t.articles)]
    unknown_from = start
    if start is not None and last is not None:
        through = last + window
        if end is not None:
            through = min(through, end - timedelta(days=1))
        if through >= start:
            out.append(Period("current", start, through, "reported-within-window", t.last_seen_in, "observed/last"))
            unknown_from = through + timedelta(days=1)
    if end is None:
        out.append(Period("unknown", unknown_from, None, "not-reported-within-window", t.last_seen_in,
                          "observed/last"))
        return out
    if unknown_from is not None and unknown_from < end:
        out.append(Period("unknown", unknown_from, end - timedelta(days=1), "not-reported-within-window",
                          t.last_seen_in, "observed/last"))
    assert t.end is not None
    out.append(Period("ended", end, None, "post-ended", t.end.articles, f"{t.end.basis}-end"))
    return out


def status_on(t: Tenure, day: date) -> Period:
    """The status of the post on `day`; before its first dated report, `unknown` (rule no-dated-report)."""
    ps = periods(t)
    for p in ps:
        if p.covers(day):
            return p
    return Period("unknown", None, None, "no-dated-report", ())


# --- into the graph ---------------------------------------------------------------------


def status_quads(tenures: Iterable[Tenure]) -> list[Quad]:
    """Every post's status periods in the inferred graph: `<m> provkg:statusPeriod <m/status/current>`, with its
    status, first and last day, window and level, rule, articles and premise (rule descriptions apart:
    graph/inference.py keeps those while a node uses them)."""
    g = NamedNode(rdf.INFERRED_GRAPH)
    out: list[Quad] = []

    def add(s: str, p: NamedNode, o: NamedNode | RdfLiteral) -> None:
        out.append(Quad(NamedNode(s), p, o, g))

    for t in tenures:
        for p in periods(t):
            node = rdf.tenure_node_iri(t.membership, STATUS_NODES[p.status])
            add(t.membership, V.P["statusPeriod"], NamedNode(node))
            add(node, V.TYPE, V.P["StatusPeriod"])
            add(node, V.TYPE, V.PROV_ENTITY)
            add(node, V.P["occupancyStatus"], RdfLiteral(p.status))
            if p.start is not None:
                add(node, V.P["statusFrom"], RdfLiteral(p.start.isoformat(), datatype=V.XSD_DATE))
            if p.end is not None:
                add(node, V.P["statusThrough"], RdfLiteral(p.end.isoformat(), datatype=V.XSD_DATE))
            if t.window is not None:
                add(node, V.P["windowDays"], RdfLiteral(str(t.window), datatype=V.XSD_INTEGER))
            if t.level is not None:
                add(node, V.P["postLevel"], RdfLiteral(t.level))
            add(node, V.PROV_GENERATED_BY, NamedNode(rdf.rule_iri(p.rule)))
            for a in p.articles:
                add(node, V.PROV_DERIVED_FROM, NamedNode(a))
            if p.premise is not None:
                add(node, V.P["premise"], NamedNode(rdf.tenure_node_iri(t.membership, p.premise)))
    return out
