"""Posts as tenures: what each article states about a membership, and the tenures the inferred graph
holds (inferred on the fly for posts written since the last refresh).

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from provkg.graph import occupancy, rdf, tenure
from provkg.graph import vocab as V
from provkg.graph.ids import ARTICLE_GRAPH_PREFIX
from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.evidence import article_meta, evidence
from provkg.graph.reads.merges import merges
from provkg.graph.reads.rows import as_date, iri_list, rows


def _per_article(store: StorePrimitives, values: str, pattern: str, select: str) -> list[dict[str, str]]:
    """Rows of a pattern inside the article graphs (never the inferred graph), with the article IRI."""
    out = []
    for r in rows(store, f"SELECT ?m ?g {select} WHERE {{ {values} GRAPH ?g {{ {pattern} }} }}"):
        if r["g"].startswith(ARTICLE_GRAPH_PREFIX):
            r["art"] = rdf.article_iri(rdf.article_id_of_graph(r["g"]))
            out.append(r)
    return out


def _article_dates(store: StorePrimitives, articles: set[str] | None) -> dict[str, date | None]:
    if articles is not None:
        return {a: m["date"] for a, m in article_meta(store, articles).items()}
    q = "SELECT ?a ?d WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d }"
    return {r["a"]: as_date(r["d"]) for r in rows(store, q)}


def observations(store: StorePrimitives, bodies: Sequence[str] | None = None,
                 sentences: bool = True) -> list[tenure.Observation]:
    """Each (membership, article) statement, for the given bodies or for the whole graph.

    Read as a few simple queries joined here: pyoxigraph plans an OPTIONAL with several
    triples by scanning its right side whole, which made one query 50x slower."""
    if bodies is not None and not bodies:
        return []
    body_values = f"VALUES ?body {{ {iri_list(bodies)} }}" if bodies is not None else ""
    base = rows(store, f"""SELECT ?m ?person ?body ?role ?art WHERE {{ {body_values}
      ?m org:organization ?body ; org:member ?person ; org:role ?r ; prov:wasDerivedFrom ?art .
      ?r skos:prefLabel ?role . ?m a org:Membership }}""")
    if not base:
        return []
    published = _article_dates(store, {r["art"] for r in base} if bodies is not None else None)
    values = f"VALUES ?m {{ {iri_list(r['m'] for r in base)} }}" if bodies is not None else ""
    facts: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"status": set(), "change": set(), "start": [], "end": [], "endBy": [], "observed": [],
                 "sentences": set()})
    for r in _per_article(store, values, "?m provkg:status ?v", "?v"):
        facts[(r["m"], r["art"])]["status"].add(r["v"])
    for r in _per_article(store, values, "?m provkg:change ?v", "?v"):
        facts[(r["m"], r["art"])]["change"].add(r["v"])
    for r in _per_article(store, values, "?m org:memberDuring ?i . ?i time:hasBeginning ?b . ?b time:inXSDDate ?v",
                          "?v"):
        facts[(r["m"], r["art"])]["start"].append(as_date(r["v"]))
    for key in ("end", "endBy"):
        prop = "time:inXSDDate" if key == "end" else "provkg:endedNoLaterThan"
        for r in _per_article(store, values, f"?m org:memberDuring ?i . ?i time:hasEnd ?e . ?e {prop} ?v", "?v"):
            facts[(r["m"], r["art"])][key].append(as_date(r["v"]))
    for r in _per_article(store, values, "?m prov:qualifiedDerivation ?ev . ?ev provkg:observedOn ?v", "?v"):
        facts[(r["m"], r["art"])]["observed"].append(as_date(r["v"]))
    if sentences:
        for m, srcs in evidence(store, {r["m"] for r in base}).items():
            for src in srcs:
                if src["sentence"]:
                    facts[(m, src["article"])]["sentences"].add(src["sentence"])
    out = {}
    for r in base:
        key = (r["m"], r["art"])
        if key in out:
            continue
        f = facts[key]
        starts, ends, bys, seen = (sorted(d for d in f[k] if d) for k in ("start", "end", "endBy", "observed"))
        out[key] = tenure.Observation(
            membership=r["m"], person=r["person"], body=r["body"], role=r["role"], article=r["art"],
            published=published.get(r["art"]),
            status="current" if "current" in f["status"] or not f["status"] else "former",
            change=min(f["change"]) if f["change"] else None,
            start=starts[0] if starts else None, end=ends[0] if ends else None, end_by=bys[0] if bys else None,
            sentences=tuple(sorted(f["sentences"])), observed=seen[-1] if seen else None)
    return list(out.values())


@dataclass
class BodyEnds:
    """What ends posts from outside them, read once per inference rebuild: mergers, dissolutions, deaths."""

    merges: list[tenure.MergeFact]
    dissolutions: list[tenure.Dissolution]
    deaths: list[tenure.Death]

    @classmethod
    def read(cls, store: StorePrimitives) -> BodyEnds:
        return cls(merges(store), dissolutions(store), deaths(store))


def tenures_for_bodies(store: StorePrimitives, bodies: Sequence[str],
                       ends: BodyEnds | None = None) -> list[tenure.Tenure]:
    """Tenures of every post in the given bodies (rivals for succession are all read too), with their level
    and status window (graph/occupancy.py)."""
    e = BodyEnds.read(store) if ends is None else ends
    levels = body_levels(store, bodies)
    return [occupancy.with_level(t, levels.get(t.body))
            for t in tenure.infer(observations(store, bodies, sentences=False), e.merges,
                                  dissolutions=e.dissolutions, deaths=e.deaths)]


DISSOLUTIONS_QUERY = """SELECT ?ev ?b ?date ?art WHERE {
  ?ev a org:ChangeEvent ; org:originalOrganization ?b ; prov:wasDerivedFrom ?art .
  FILTER NOT EXISTS { ?ev org:resultingOrganization ?r } OPTIONAL { ?ev dcterms:date ?date } }"""


def dissolutions(store: StorePrimitives) -> list[tenure.Dissolution]:
    """Bodies dissolved: an org:ChangeEvent with original organisations and no resulting one (ORG's idiom)."""
    found = rows(store, DISSOLUTIONS_QUERY)
    if not found:
        return []
    dates = {a: m["date"] for a, m in article_meta(store, {r["art"] for r in found}).items()}
    parts: dict[str, dict[str, Any]] = {}
    for r in found:
        p = parts.setdefault(r["ev"], {"bodies": set(), "dates": set(), "arts": {}})
        p["bodies"].add(r["b"])
        if d := as_date(r.get("date")):
            p["dates"].add(d)
        p["arts"][r["art"]] = dates.get(r["art"])
    return [tenure.Dissolution(iri=ev, bodies=tuple(sorted(p["bodies"])), date=min(p["dates"], default=None),
                               articles=tuple(sorted(p["arts"].items()))) for ev, p in sorted(parts.items())]


def deaths(store: StorePrimitives) -> list[tenure.Death]:
    """People whose death an article states (schema:deathDate in its graph), with the articles stating each date."""
    found: dict[tuple[str, date], set[str]] = defaultdict(set)
    for r in rows(store, "SELECT ?p ?d ?g WHERE { GRAPH ?g { ?p schema:deathDate ?d } }"):
        d = as_date(r["d"])
        if d is not None and r["g"].startswith(ARTICLE_GRAPH_PREFIX):
            found[(r["p"], d)].add(rdf.article_iri(rdf.article_id_of_graph(r["g"])))
    return [tenure.Death(p, d, tuple(sorted(arts))) for (p, d), arts in sorted(found.items())]


def body_levels(store: StorePrimitives, bodies: Sequence[str]) -> dict[str, str]:
    """Each body's level (national, province, district, commune) by ontology/occupancy.toml."""
    if not bodies:
        return {}
    info: dict[str, dict[str, Any]] = {b: {"national": False, "classes": set(), "scopes": set(), "province": set()}
                                       for b in bodies}
    for r in rows(store, f"""SELECT ?b ?p ?o WHERE {{ VALUES ?b {{ {iri_list(bodies)} }}
      VALUES ?p {{ provkg:national provkg:scope provkg:province }} ?b ?p ?o }}"""):
        i = info[r["b"]]
        if r["p"] == V.P["national"].value:
            i["national"] |= r["o"] == "true"
        else:
            i["scopes" if r["p"] == V.P["scope"].value else "province"].add(r["o"])
    scopes = {s for i in info.values() for s in i["scopes"]}
    classes: dict[str, set[str]] = defaultdict(set)
    if scopes:
        for r in rows(store, f"SELECT ?s ?c WHERE {{ VALUES ?s {{ {iri_list(scopes)} }} ?s a ?c }}"):
            if r["c"].startswith(V.PROVKG):
                classes[r["s"]].add(r["c"].removeprefix(V.PROVKG))
    return {b: occupancy.level_of(i["national"], {c for s in i["scopes"] for c in classes[s]},
                                  bool(i["scopes"]) and i["scopes"] <= i["province"])
            for b, i in info.items()}


def _stored_bound(props: dict[str, list[str]]) -> tenure.Bound | None:
    """A tenureStart/tenureEnd node's properties as a Bound (precision from the date property)."""
    rule = min((rdf.rule_of_iri(r) for r in props.get(V.PROV_GENERATED_BY.value, [])), default=None)
    exact = props.get(V.TIME_IN_XSD_DATE.value, [])
    by = props.get(V.P["beganNoLaterThan"].value, []) + props.get(V.P["endedNoLaterThan"].value, [])
    day = as_date(min(exact or by, default=None))
    if rule is None or day is None:
        return None
    return tenure.Bound(day, "on" if exact else "no-later-than", "stated" if rule.startswith("stated") else "inferred",
                        rule, tuple(sorted(props.get(V.PROV_DERIVED_FROM.value, []))))


def stored_tenures(store: StorePrimitives, bodies: Sequence[str] | None = None,
                   person: str | None = None) -> list[tenure.Tenure]:
    """The tenures of the posts in `bodies` (or held by `person`), read from the inferred graph.

    Two queries whatever the number of articles: the posts, then their tenure nodes (IRIs
    graph/rdf.py mints from the membership) by subject. A post the inferred graph does not
    hold yet (written since the last refresh_inferences) is inferred on the fly, with its
    whole body read so succession sees its rivals."""
    if (bodies is None) == (person is None):
        raise ValueError("give bodies or a person")
    if bodies is not None and not bodies:
        return []
    where = f"VALUES ?body {{ {iri_list(bodies)} }}" if bodies is not None else f"BIND({iri_list([person])} AS ?p)"
    posts = rows(store, f"""SELECT ?m ?p ?body ?role WHERE {{ {where}
      ?m org:organization ?body ; org:member ?p ; org:role ?r . ?r skos:prefLabel ?role . ?m a org:Membership }}""")
    if not posts:
        return []
    nodes = {rdf.tenure_node_iri(r["m"], n): r["m"] for r in posts for n in rdf.TENURE_NODES if n != "observed"}
    props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in rows(store, f"""SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {iri_list(nodes)} }}
      GRAPH <{rdf.INFERRED_GRAPH}> {{ ?s ?p ?o }} }}"""):
        props[r["s"]][r["p"]].append(r["o"])
    out: dict[str, tenure.Tenure] = {}
    missing: set[str] = set()
    for r in posts:
        m = r["m"]
        if m in out:
            continue
        if rdf.tenure_node_iri(m, "during") not in props:
            missing.add(r["body"])
            continue
        node = {n: props.get(rdf.tenure_node_iri(m, n), {}) for n in rdf.TENURE_NODES}
        start = _stored_bound(node["stated-start"]) or _stored_bound(node["inferred-start"])
        end = _stored_bound(node["stated-end"]) or _stored_bound(node["inferred-end"])
        ended = node["stated-end"] if node["stated-end"] else node["inferred-end"]
        first, last = node["observed/first"], node["observed/last"]
        status = [node[n] for n in occupancy.STATUS_NODES.values() if node[n]]
        window = min((int(w) for st in status for w in st.get(V.P["windowDays"].value, [])), default=None)
        level = min((lv for st in status for lv in st.get(V.P["postLevel"].value, [])), default=None)
        out[m] = tenure.Tenure(
            membership=m, person=r["p"], body=r["body"], role=r["role"], start=start, end=end,
            first_seen=as_date(min(first.get(V.TIME_IN_XSD_DATE.value, []), default=None)),
            last_seen=as_date(max(last.get(V.TIME_IN_XSD_DATE.value, []), default=None)),
            ended_by=min(ended.get(V.P["endedBy"].value, []), default=None),
            first_seen_in=tuple(sorted(first.get(V.PROV_DERIVED_FROM.value, []))),
            last_seen_in=tuple(sorted(last.get(V.PROV_DERIVED_FROM.value, []))), level=level, window=window)
    if missing:
        wanted = {r["m"] for r in posts if r["body"] in missing}
        out.update({t.membership: t for t in tenures_for_bodies(store, sorted(missing)) if t.membership in wanted})
    return sorted(out.values(), key=lambda t: t.membership)


def tenure_ends(store: StorePrimitives) -> list[dict[str, Any]]:
    """Every post's end as the inferred graph settled it: date, precision, rule, articles and what ended it."""
    q = f"""SELECT ?m ?person ?body ?role ?d ?by ?r ?art ?ended WHERE {{
      GRAPH <{rdf.INFERRED_GRAPH}> {{ ?m provkg:tenureEnd ?e . ?e prov:wasGeneratedBy ?r ; prov:wasDerivedFrom ?art .
        {{ ?e time:inXSDDate ?d }} UNION {{ ?e provkg:endedNoLaterThan ?d BIND(true AS ?by) }}
        OPTIONAL {{ ?e provkg:endedBy ?ended }} }}
      ?m org:member ?person ; org:organization ?body ; org:role ?ro . ?ro skos:prefLabel ?role }}"""
    out: dict[str, dict[str, Any]] = {}
    for r in rows(store, q):
        e = out.setdefault(r["m"], {"membership": r["m"], "person": r["person"], "body": r["body"],
                                    "role": r["role"], "date": as_date(r["d"]), "rule": rdf.rule_of_iri(r["r"]),
                                    "precision": "no-later-than" if "by" in r else "on", "articles": set(),
                                    "ended_by": r.get("ended")})
        e["articles"].add(r["art"])
    return sorted(out.values(), key=lambda e: e["membership"])
