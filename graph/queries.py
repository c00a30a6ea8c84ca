"""The SPARQL the REST routes, the tenure rebuild and the views share, and its rows as Python.

Every function takes a `Store` and returns plain dicts or graph/tenure dataclasses, so the
api layer never spells SPARQL or vocabulary. IRIs put into queries come from the store or
from `iri_for` (ids checked against ID_PATTERN), never from raw user text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any
from urllib.parse import unquote

from provkg.graph import rdf, tenure
from provkg.graph import vocab as V
from provkg.graph.store import Store, in_default
from pyoxigraph import NamedNode

SEP = "\u001f"
ID_PATTERN = r"^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2}){1,200}$"
_ID_RE = re.compile(ID_PATTERN)
ARTICLE_GRAPH_PREFIX = V.GRAPH + "article/"
KIND_PREFIX = {
    "person": V.ID + "person/",
    "organization": V.ID + "body/",
    "campaign": V.ID + "campaign/",
    "event": V.ID + "event/",
    "place": V.ID + "place/",
    "article": V.ID + "article/",
    "merge": V.ID + "merge/",
    "membership": V.ID + "membership/",
}


# --- plumbing ---------------------------------------------------------------------------


def iri_for(kind: str, ident: str) -> str | None:
    """The node IRI for an id from a URL (last IRI path segment), or None if it cannot be one."""
    if not _ID_RE.match(ident):
        return None
    return KIND_PREFIX[kind] + ident


def id_of(iri: str) -> str:
    """The id of a node: its IRI's last path segment."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _iri_list(iris: Iterable[str]) -> str:
    out = []
    for i in sorted(set(iris)):
        if any(c in i for c in '<>"{}|^`\\ \n'):
            raise ValueError(f"not an IRI: {i!r}")
        out.append(f"<{i}>")
    return " ".join(out)


def rows(store: Store, sparql: str) -> list[dict[str, str]]:
    """SELECT results as dicts of variable -> lexical value (unbound variables left out)."""
    res = store.query(sparql)
    names = [v.value for v in res.variables]
    out = []
    for sol in res:
        row = {}
        for n in names:
            t = sol[n]
            if t is not None:
                row[n] = t.value
        out.append(row)
    return out


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _split(text: str | None) -> list[str]:
    return sorted({t for t in (text or "").split(SEP) if t})


def ask(store: Store, iri: str, cls: str) -> bool:
    """Whether the node exists with the given class (a prefixed name such as foaf:Person)."""
    return bool(store.query(f"ASK {{ {_iri_list([iri])} a {cls} }}"))


# --- labels and counts --------------------------------------------------------------------


def labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """One display label per node (the smallest, so it is stable across calls).

    Here and below MIN compares STR(label): Virtuoso orders long stored strings by when they were stored."""
    iris = set(iris)
    if not iris:
        return {}
    q = f"""SELECT ?x (MIN(STR(?l)) AS ?label) WHERE {{ VALUES ?x {{ {_iri_list(iris)} }}
      ?x skos:prefLabel|foaf:name|schema:name|schema:headline ?l }} GROUP BY ?x"""
    return {r["x"]: r["label"] for r in rows(store, q) if "label" in r}


def stats(store: Store) -> dict[str, int]:
    return store.stats()


def provinces(store: Store) -> list[dict[str, Any]]:
    """Provinces bodies belong to, with their body counts, most bodies first."""
    q = """SELECT ?p (MIN(STR(?l)) AS ?name) (COUNT(DISTINCT ?b) AS ?bodies) WHERE {
      ?b a org:Organization ; provkg:province ?p . OPTIONAL { ?p skos:prefLabel ?l } } GROUP BY ?p"""
    out = [{"iri": r["p"], "name": r.get("name") or id_of(r["p"]), "bodies": int(r["bodies"])} for r in rows(store, q)]
    return sorted(out, key=lambda r: (-r["bodies"], r["name"]))


def article_date_range(store: Store) -> tuple[date | None, date | None]:
    q = "SELECT (MIN(?d) AS ?lo) (MAX(?d) AS ?hi) WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d }"
    r = rows(store, q)
    return (_date(r[0].get("lo")), _date(r[0].get("hi"))) if r else (None, None)


# --- names for search -----------------------------------------------------------------------

NAME_QUERIES: dict[str, str] = {
    "person": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a foaf:Person . {{ ?x foaf:name ?n }} UNION {{ ?x skos:altLabel ?n }}
      FILTER(STRSTARTS(STR(?x), "{KIND_PREFIX['person']}")) }} GROUP BY ?x""",
    "organization": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a org:Organization . {{ ?x skos:prefLabel ?n }} UNION {{ ?x skos:altLabel ?n }} }} GROUP BY ?x""",
    "campaign": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a provkg:Campaign ; skos:prefLabel ?n }} GROUP BY ?x""",
    "event": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a schema:Event ; schema:name ?n }} GROUP BY ?x""",
    "place": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a schema:Place . {{ ?x skos:prefLabel ?n }} UNION {{ ?x skos:altLabel ?n }} }} GROUP BY ?x""",
    "article": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a schema:NewsArticle ; schema:headline ?n }} GROUP BY ?x""",
}


def names(store: Store, kind: str) -> dict[str, list[str]]:
    """Node IRI -> every name or label it carries (variants and aliases too), for one kind."""
    return {r["x"]: _split(r.get("names")) for r in rows(store, NAME_QUERIES[kind])}


# --- people ---------------------------------------------------------------------------------------


def person(store: Store, iri: str) -> dict[str, Any] | None:
    q = f"""SELECT ?n ?alt ?scope WHERE {{ VALUES ?x {{ {_iri_list([iri])} }} ?x a foaf:Person ; foaf:name ?n .
      OPTIONAL {{ ?x skos:altLabel ?alt }} OPTIONAL {{ ?x provkg:provinceScope ?scope }} }}"""
    rs = rows(store, q)
    if not rs:
        return None
    all_names = sorted({r["n"] for r in rs} | {r["alt"] for r in rs if "alt" in r})
    return {"iri": iri, "names": all_names, "provinces": sorted({r["scope"] for r in rs if "scope" in r})}


def bodies_of_person(store: Store, iri: str) -> list[str]:
    q = f"""SELECT DISTINCT ?b WHERE {{ ?m org:member {_iri_list([iri])} ; org:organization ?b }}"""
    return [r["b"] for r in rows(store, q)]


# --- memberships and tenure -----------------------------------------------------------------------


def _per_article(store: Store, values: str, pattern: str, select: str) -> list[dict[str, str]]:
    """Rows of a pattern inside the article graphs (never the inferred graph), with the article IRI."""
    out = []
    for r in rows(store, f"SELECT ?m ?g {select} WHERE {{ {values} GRAPH ?g {{ {pattern} }} }}"):
        if r["g"].startswith(ARTICLE_GRAPH_PREFIX):
            r["art"] = rdf.article_iri(rdf.article_id_of_graph(r["g"]))
            out.append(r)
    return out


def _article_dates(store: Store, articles: set[str] | None) -> dict[str, date | None]:
    if articles is not None:
        return {a: m["date"] for a, m in article_meta(store, articles).items()}
    q = "SELECT ?a ?d WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d }"
    return {r["a"]: _date(r["d"]) for r in rows(store, q)}


def observations(store: Store, bodies: Sequence[str] | None = None,
                 sentences: bool = True) -> list[tenure.Observation]:
    """Each (membership, article) statement, for the given bodies or for the whole graph.

    Read as a few simple queries joined here: pyoxigraph plans an OPTIONAL with several
    triples by scanning its right side whole, which made one query 50x slower."""
    if bodies is not None and not bodies:
        return []
    body_values = f"VALUES ?body {{ {_iri_list(bodies)} }}" if bodies is not None else ""
    base = rows(store, f"""SELECT ?m ?person ?body ?role ?art WHERE {{ {body_values}
      ?m org:organization ?body ; org:member ?person ; org:role ?r ; prov:wasDerivedFrom ?art .
      ?r skos:prefLabel ?role . ?m a org:Membership }}""")
    if not base:
        return []
    published = _article_dates(store, {r["art"] for r in base} if bodies is not None else None)
    values = f"VALUES ?m {{ {_iri_list(r['m'] for r in base)} }}" if bodies is not None else ""
    facts: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"status": set(), "change": set(), "start": [], "end": [], "endBy": [], "sentences": set()})
    for r in _per_article(store, values, "?m provkg:status ?v", "?v"):
        facts[(r["m"], r["art"])]["status"].add(r["v"])
    for r in _per_article(store, values, "?m provkg:change ?v", "?v"):
        facts[(r["m"], r["art"])]["change"].add(r["v"])
    for r in _per_article(store, values, "?m org:memberDuring ?i . ?i time:hasBeginning ?b . ?b time:inXSDDate ?v",
                          "?v"):
        facts[(r["m"], r["art"])]["start"].append(_date(r["v"]))
    for key in ("end", "endBy"):
        prop = "time:inXSDDate" if key == "end" else "provkg:endedNoLaterThan"
        for r in _per_article(store, values, f"?m org:memberDuring ?i . ?i time:hasEnd ?e . ?e {prop} ?v", "?v"):
            facts[(r["m"], r["art"])][key].append(_date(r["v"]))
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
        starts, ends, bys = (sorted(d for d in f[k] if d) for k in ("start", "end", "endBy"))
        out[key] = tenure.Observation(
            membership=r["m"], person=r["person"], body=r["body"], role=r["role"], article=r["art"],
            published=published.get(r["art"]),
            status="current" if "current" in f["status"] or not f["status"] else "former",
            change=min(f["change"]) if f["change"] else None,
            start=starts[0] if starts else None, end=ends[0] if ends else None, end_by=bys[0] if bys else None,
            sentences=tuple(sorted(f["sentences"])))
    return list(out.values())


MERGES_QUERY = """SELECT ?mg ?src ?res ?date ?art WHERE {
  ?mg a org:ChangeEvent ; org:originalOrganization ?src ; org:resultingOrganization ?res ; prov:wasDerivedFrom ?art .
  OPTIONAL { ?mg dcterms:date ?date } }"""


def merges(store: Store) -> list[tenure.MergeFact]:
    """Every merger in the graph (few: lineage and tenure need all of them)."""
    parts: dict[str, dict[str, Any]] = {}
    found = rows(store, MERGES_QUERY)
    dates = {a: m["date"] for a, m in article_meta(store, {r["art"] for r in found}).items()}
    for r in found:
        p = parts.setdefault(r["mg"], {"src": set(), "res": set(), "dates": set(), "arts": {}})
        p["src"].add(r["src"])
        p["res"].add(r["res"])
        if d := _date(r.get("date")):
            p["dates"].add(d)
        p["arts"][r["art"]] = dates.get(r["art"])
    return [tenure.MergeFact(iri=mg, sources=tuple(sorted(p["src"])), result=min(p["res"]),
                             date=min(p["dates"]) if p["dates"] else None,
                             articles=tuple(sorted(p["arts"].items())))
            for mg, p in sorted(parts.items())]


MERGE_OUTLINES_QUERY = """SELECT ?mg ?src ?res ?date WHERE {
  ?mg a org:ChangeEvent ; org:originalOrganization ?src ; org:resultingOrganization ?res .
  OPTIONAL { ?mg dcterms:date ?date } }"""


def merge_outlines(store: Store) -> list[tenure.MergeFact]:
    """Every merger with its bodies, date and effective date, for lineage and REST (not for inference).

    `articles` holds only the earliest dated report, and only for an undated merger (what
    `effective` needs then), aggregated in the store: a merger reported by thousands of
    articles costs one row, where `merges` reads every report."""
    parts: dict[str, dict[str, Any]] = {}
    for r in rows(store, MERGE_OUTLINES_QUERY):
        p = parts.setdefault(r["mg"], {"src": set(), "res": set(), "dates": set(), "first": set()})
        p["src"].add(r["src"])
        p["res"].add(r["res"])
        if d := _date(r.get("date")):
            p["dates"].add(d)
    undated = [mg for mg, p in parts.items() if not p["dates"]]
    if undated:
        for r in rows(store, f"""SELECT ?mg (MIN(CONCAT(STR(?d), " ", STR(?a))) AS ?first) WHERE {{
          VALUES ?mg {{ {_iri_list(undated)} }} ?mg prov:wasDerivedFrom ?a . ?a schema:datePublished ?d }}
          GROUP BY ?mg"""):
            if "first" in r:
                day, _, art = r["first"].partition(" ")
                parts[r["mg"]]["first"].add((art, _date(day)))
    return [tenure.MergeFact(iri=mg, sources=tuple(sorted(p["src"])), result=min(p["res"]),
                             date=min(p["dates"]) if p["dates"] else None,
                             articles=tuple(sorted(p["first"])))
            for mg, p in sorted(parts.items())]


def tenures_for_bodies(store: Store, bodies: Sequence[str],
                       all_merges: list[tenure.MergeFact] | None = None) -> list[tenure.Tenure]:
    """Tenures of every post in the given bodies (rivals for succession are all read too)."""
    return tenure.infer(observations(store, bodies, sentences=False),
                        merges(store) if all_merges is None else all_merges)


def _stored_bound(props: dict[str, list[str]]) -> tenure.Bound | None:
    """A tenureStart/tenureEnd node's properties as a Bound (precision from the date property)."""
    rule = min((rdf.rule_of_iri(r) for r in props.get(V.PROV_GENERATED_BY.value, [])), default=None)
    exact = props.get(V.TIME_IN_XSD_DATE.value, [])
    by = props.get(V.P["beganNoLaterThan"].value, []) + props.get(V.P["endedNoLaterThan"].value, [])
    day = _date(min(exact or by, default=None))
    if rule is None or day is None:
        return None
    return tenure.Bound(day, "on" if exact else "no-later-than", "stated" if rule.startswith("stated") else "inferred",
                        rule, tuple(sorted(props.get(V.PROV_DERIVED_FROM.value, []))))


def stored_tenures(store: Store, bodies: Sequence[str] | None = None,
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
    where = f"VALUES ?body {{ {_iri_list(bodies)} }}" if bodies is not None else f"BIND({_iri_list([person])} AS ?p)"
    posts = rows(store, f"""SELECT ?m ?p ?body ?role WHERE {{ {where}
      ?m org:organization ?body ; org:member ?p ; org:role ?r . ?r skos:prefLabel ?role . ?m a org:Membership }}""")
    if not posts:
        return []
    nodes = {rdf.tenure_node_iri(r["m"], n): r["m"] for r in posts for n in rdf.TENURE_NODES if n != "observed"}
    props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in rows(store, f"""SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {_iri_list(nodes)} }}
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
        out[m] = tenure.Tenure(
            membership=m, person=r["p"], body=r["body"], role=r["role"], start=start, end=end,
            first_seen=_date(min(first.get(V.TIME_IN_XSD_DATE.value, []), default=None)),
            last_seen=_date(max(last.get(V.TIME_IN_XSD_DATE.value, []), default=None)),
            ended_by=min(ended.get(V.P["endedBy"].value, []), default=None),
            first_seen_in=tuple(sorted(first.get(V.PROV_DERIVED_FROM.value, []))),
            last_seen_in=tuple(sorted(last.get(V.PROV_DERIVED_FROM.value, []))))
    if missing:
        wanted = {r["m"] for r in posts if r["body"] in missing}
        out.update({t.membership: t for t in tenures_for_bodies(store, sorted(missing)) if t.membership in wanted})
    return sorted(out.values(), key=lambda t: t.membership)


BODIES_PER_REFRESH = 4  # bodies whose tenures one step of the rebuild holds in memory and writes at once
TRIPLES_PER_WRITE = 20_000  # the most inferred triples one update of a sweep deletes


def refresh_inferences(store: Store, full: bool = False, between_steps: Callable[[], object] | None = None) -> int:
    """Bring the inferred graph up to date; the number of inferred triples recomputed.

    Incremental unless `full` or the store cannot say what its writes touched (`store.touched`
    None, e.g. after a SPARQL Update or on a store just opened): a tenure depends only on its own
    body's posts (rivals for succession) and on the mergers taking that body away, so recomputing
    the touched bodies, plus the sources of touched mergers, gives exactly a full rebuild's triples
    for them (tests/test_tenure.py compares the two). The bodies are taken a few at a time, each
    step one update writing only its difference (triples no longer inferred leave the inferred
    graph, and the default graph too unless an article graph still states them: the set-union
    rule; new ones enter both), so memory follows the largest body's history, not the corpus.
    Writers are single-threaded per store (graph/store.py), so the graph read here is the one the
    updates apply to. Should a step fail, `touched` stays as it was and the next call redoes all.
    `between_steps` runs after each step (ingest releases the embedded store's table memory there)."""
    touched = None if full else store.touched
    if touched is not None and not touched:
        return 0  # nothing written since the last rebuild
    all_merges = merges(store)
    if touched is None:
        bodies = _bodies_with_posts(store)
    else:
        bodies = set(touched.bodies)
        bodies.update(b for m in all_merges if m.iri in touched.merges for b in m.sources)
    recomputed, covered = 0, set()
    for chunk in _chunks(sorted(bodies), BODIES_PER_REFRESH):
        new, posts = _bodies_triples(store, chunk, all_merges)
        old = _post_triples(store, posts)
        _write_diff(store, old - new, new - old)
        recomputed += len(new)
        covered |= posts
        if between_steps is not None:
            between_steps()
    if touched is None:
        _sweep_uncovered(store, covered)
    else:  # posts a rewrite or removal left with no tenure: their triples go
        gone = _post_triples(store, touched.memberships - covered)
        if gone:
            _write_diff(store, gone, set())
    recomputed += _refresh_rules(store)
    store.inferences_refreshed()
    return recomputed


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    return (items[i:i + size] for i in range(0, len(items), size))


def _bodies_with_posts(store: Store) -> set[str]:
    return {r["b"] for r in rows(store, "SELECT DISTINCT ?b WHERE { ?m a org:Membership ; org:organization ?b }")}


def _bodies_triples(store: Store, bodies: list[str], all_merges: list[tenure.MergeFact]
                    ) -> tuple[set[tuple[Any, Any, Any]], set[str]]:
    """The inferred triples of these bodies' tenures (rule descriptions apart), and the posts they are about."""
    tenures = tenure.infer(observations(store, bodies, sentences=False), all_merges)
    rule_nodes = _rule_nodes()
    new = {(q.subject, q.predicate, q.object) for q in tenure.tenure_quads(tenures) if q.subject not in rule_nodes}
    return new, {t.membership for t in tenures}


def _post_subjects(posts: Iterable[str]) -> list[NamedNode]:
    """The nodes the inferred graph says things about for these posts: each post and its tenure nodes."""
    return [node for m in posts
            for node in (NamedNode(m), *(NamedNode(rdf.tenure_node_iri(m, n)) for n in rdf.TENURE_NODES))]


def _post_triples(store: Store, posts: Iterable[str]) -> set[tuple[Any, Any, Any]]:
    """What the inferred graph holds now about these posts."""
    graph = NamedNode(rdf.INFERRED_GRAPH)
    return {(q.subject, q.predicate, q.object) for q in store.quads_about(_post_subjects(posts), graph)}


def _rule_nodes() -> set[NamedNode]:
    return {NamedNode(rdf.rule_iri(r)) for r in tenure.RULES}


def _sweep_uncovered(store: Store, covered: set[str]) -> None:
    """After a full rebuild: drop what the inferred graph says about posts no body has any more."""
    keep = set(_post_subjects(covered)) | _rule_nodes()
    graph = NamedNode(rdf.INFERRED_GRAPH)
    gone: set[tuple[Any, Any, Any]] = set()
    for q in store.quads_for_pattern(None, None, None, graph):
        if q.subject not in keep:
            gone.add((q.subject, q.predicate, q.object))
    triples = sorted(gone, key=str)
    for i in range(0, len(triples), TRIPLES_PER_WRITE):
        _write_diff(store, set(triples[i:i + TRIPLES_PER_WRITE]), set())


def _refresh_rules(store: Store) -> int:
    """A rule's description stays in the inferred graph while some node there is generated by it; the number
    of description triples kept."""
    graph = NamedNode(rdf.INFERRED_GRAPH)
    gone: set[tuple[Any, Any, Any]] = set()
    added: set[tuple[Any, Any, Any]] = set()
    kept = 0
    for node in _rule_nodes():
        used = next(iter(store.quads_for_pattern(None, V.PROV_GENERATED_BY, node, graph)), None) is not None
        described = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None, graph)}
        wanted = set(tenure.rule_triples(rdf.rule_of_iri(node.value))) if used else set()
        gone |= described - wanted
        added |= wanted - described
        kept += len(wanted)
    _write_diff(store, gone, added)
    return kept


def _write_diff(store: Store, gone: set[tuple[Any, Any, Any]], added: set[tuple[Any, Any, Any]]) -> None:
    """Apply an inferred-graph difference, and its default-graph copy under the set-union rule, in one update."""
    graph = NamedNode(rdf.INFERRED_GRAPH)
    leave_default = gone - store.held_elsewhere(gone, graph) if gone else set()
    ops = []
    if gone:
        ops.append(f"DELETE DATA {{ GRAPH <{rdf.INFERRED_GRAPH}> {{ {_triples(gone)} }} }}")
    if leave_default:
        ops.append(f"DELETE DATA {{ {in_default(_triples(leave_default), store.union_graph)} }}")
    if added:
        ops.append(f"INSERT DATA {{ {in_default(_triples(added), store.union_graph)} "
                   f"GRAPH <{rdf.INFERRED_GRAPH}> {{ {_triples(added)} }} }}")
    if ops:
        store.update(" ;\n".join(ops))


def _triples(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    return "\n".join(f"{s} {p} {o} ." for s, p, o in triples)


# --- organizations --------------------------------------------------------------------------------

ORGS_QUERY = """SELECT ?b (MIN(STR(?l)) AS ?name) (SAMPLE(?k) AS ?kind) (SAMPLE(?prov) AS ?province)
  (SAMPLE(?pl) AS ?provinceName) WHERE {
  ?b a org:Organization ; skos:prefLabel ?l . OPTIONAL { ?b provkg:bodyKind ?k }
  OPTIONAL { ?b provkg:province ?prov OPTIONAL { ?prov skos:prefLabel ?pl } } } GROUP BY ?b"""


def organizations(store: Store) -> list[dict[str, Any]]:
    return [{"iri": r["b"], "name": r["name"], "kind": r.get("kind"), "province": r.get("province"),
             "province_name": r.get("provinceName")} for r in rows(store, ORGS_QUERY)]


def organization(store: Store, iri: str) -> dict[str, Any] | None:
    q = f"""SELECT ?p ?o WHERE {{ VALUES ?x {{ {_iri_list([iri])} }} ?x a org:Organization ; ?p ?o }}"""
    rs = rows(store, q)
    if not rs:
        return None
    by: dict[str, list[str]] = defaultdict(list)
    for r in rs:
        by[r["p"]].append(r["o"])
    kids = rows(store, f"SELECT ?c WHERE {{ ?c org:subOrganizationOf {_iri_list([iri])} }}")
    pref = sorted(set(by[V.SKOS_PREF.value]))
    return {"iri": iri, "name": pref[0] if pref else id_of(iri), "labels": pref,
            "alt_labels": sorted(set(by[V.SKOS_ALT.value])),
            "kind": min(by[V.P["bodyKind"].value], default=None),
            "province": min(by[V.P["province"].value], default=None),
            "scope": min(by[V.P["scope"].value], default=None),
            "national": "true" in by[V.P["national"].value],
            "parents": sorted(set(by[V.ORG_SUB_ORG_OF.value])),
            "children": sorted({r["c"] for r in kids})}


# --- evidence -------------------------------------------------------------------------------------


def article_meta(store: Store, articles: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Article IRI -> its date and headline (a UNION: pyoxigraph plans it far better than two VALUES)."""
    arts = set(articles)
    out: dict[str, dict[str, Any]] = {a: {"date": None, "headline": None} for a in arts}
    if not arts:
        return out
    q = f"""SELECT ?a ?d ?h WHERE {{ VALUES ?a {{ {_iri_list(arts)} }}
      {{ ?a schema:datePublished ?d }} UNION {{ ?a schema:headline ?h }} }}"""
    for r in rows(store, q):
        if "d" in r:
            out[r["a"]]["date"] = _date(r["d"])
        if "h" in r:
            out[r["a"]]["headline"] = r["h"]
    return out


def evidence_page(store: Store, facts: Iterable[str], limit: int | None = None,
                  prefer: dict[str, Sequence[str]] | None = None
                  ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """Fact IRI -> up to `limit` sources (the `prefer`red articles first, then oldest), and how many it has.

    A post named in thousands of articles would otherwise send thousands of sentences: with
    a limit, the store counts the articles and picks the oldest few per fact (ORDER BY ...
    LIMIT), so only those are read, however often the fact is reported."""
    facts = set(facts)
    if not facts:
        return {}, {}
    if limit is None:
        pairs = rows(store, f"SELECT ?x ?art WHERE {{ VALUES ?x {{ {_iri_list(facts)} }} "
                            "?x prov:wasDerivedFrom ?art }")
        by_fact: dict[str, list[str]] = defaultdict(list)
        for r in pairs:
            by_fact[r["x"]].append(r["art"])
        meta = article_meta(store, {r["art"] for r in pairs})
        picked = {x: sorted(set(arts), key=lambda a: (meta[a]["date"] or date.max, a)) for x, arts in by_fact.items()}
        totals = {x: len(arts) for x, arts in picked.items()}
    else:
        totals = {r["x"]: int(r["n"]) for r in rows(store, f"""SELECT ?x (COUNT(DISTINCT ?art) AS ?n) WHERE {{
          VALUES ?x {{ {_iri_list(facts)} }} ?x prov:wasDerivedFrom ?art }} GROUP BY ?x""")}
        wanted = {(x, a) for x in totals for a in list((prefer or {}).get(x, ()))[:limit]}
        held: set[tuple[str, str]] = set()
        if wanted:
            pairs_text = " ".join(f"({_iri_list([x])} {_iri_list([a])})" for x, a in sorted(wanted))
            held = {(r["x"], r["art"]) for r in rows(store, f"""SELECT ?x ?art WHERE {{
              VALUES (?x ?art) {{ {pairs_text} }} ?x prov:wasDerivedFrom ?art }}""")}
        picked = {}
        for x in sorted(totals):
            first = [a for a in dict.fromkeys(list((prefer or {}).get(x, ()))[:limit]) if (x, a) in held]
            oldest = [r["art"] for r in rows(store, f"""SELECT ?art WHERE {{
              {_iri_list([x])} prov:wasDerivedFrom ?art OPTIONAL {{ ?art schema:datePublished ?d }} }}
              ORDER BY (!BOUND(?d)) ?d ?art LIMIT {limit + len(first)}""")]
            picked[x] = list(dict.fromkeys(first + oldest))[:limit]
        meta = article_meta(store, {a for arts in picked.values() for a in arts})
    chosen = {rdf.evidence_iri(x, article_id(a)): x for x, arts in picked.items() for a in arts}
    sentences: dict[str, list[str]] = defaultdict(list)
    if chosen:
        q = f"SELECT ?ev ?s WHERE {{ VALUES ?ev {{ {_iri_list(chosen)} }} ?ev provkg:sentence ?s }}"
        for r in rows(store, q):
            sentences[r["ev"]].append(r["s"])
    out: dict[str, list[dict[str, Any]]] = {}
    for x, arts in picked.items():
        items = []
        for a in arts:
            for sentence in sorted(sentences.get(rdf.evidence_iri(x, article_id(a)), [None])):
                items.append({"article": a, **meta[a], "sentence": sentence})
        out[x] = items
    return out, totals


def evidence(store: Store, facts: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Fact IRI -> every source: article IRI, date, headline and sentence, oldest first."""
    return evidence_page(store, facts)[0]


# --- changes ----------------------------------------------------------------------------------------

CHANGES_QUERY = """SELECT ?m ?person ?body ?role ?change ?art ?adate ?start ?end ?sentence WHERE {
  ?m a org:Membership ; org:member ?person ; org:organization ?body ; org:role ?r . ?r skos:prefLabel ?role .
  GRAPH ?g { ?m provkg:change ?change ; prov:wasDerivedFrom ?art .
    OPTIONAL { ?m org:memberDuring ?i . ?i time:hasBeginning ?b . ?b time:inXSDDate ?start }
    OPTIONAL { ?m org:memberDuring ?i2 . ?i2 time:hasEnd ?e . ?e time:inXSDDate ?end }
    OPTIONAL { ?m prov:qualifiedDerivation ?ev . ?ev prov:entity ?art ; provkg:sentence ?sentence } }
  OPTIONAL { ?art schema:datePublished ?adate } }"""

MERGE_EVIDENCE_QUERY = """SELECT ?mg ?art ?sentence WHERE {
  ?mg a org:ChangeEvent ; prov:qualifiedDerivation ?ev . ?ev prov:entity ?art ; provkg:sentence ?sentence }"""


def personnel_changes(store: Store) -> list[dict[str, Any]]:
    """Each (membership, article) stating an election, appointment, relief, transfer or retirement."""
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows(store, CHANGES_QUERY):
        key = (r["m"], r["art"])
        g = grouped.setdefault(key, {"membership": r["m"], "person": r["person"], "body": r["body"],
                                     "role": r["role"], "change": r["change"], "article": r["art"],
                                     "published": _date(r.get("adate")), "start": None, "end": None,
                                     "sentences": set()})
        g["start"] = g["start"] or _date(r.get("start"))
        g["end"] = g["end"] or _date(r.get("end"))
        if "sentence" in r:
            g["sentences"].add(r["sentence"])
    return list(grouped.values())


def merge_sentences(store: Store) -> dict[tuple[str, str], list[str]]:
    """(merge IRI, article IRI) -> the sentences stating the merger."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in rows(store, MERGE_EVIDENCE_QUERY):
        out[(r["mg"], r["art"])].append(r["sentence"])
    return out


# --- campaigns, events, places, articles ---------------------------------------------------------

CAMPAIGNS_QUERY = f"""SELECT ?c (MIN(STR(?n)) AS ?name) (GROUP_CONCAT(DISTINCT STR(?t); separator="{SEP}") AS ?types)
  (MIN(?sy) AS ?start) (MAX(?ey) AS ?end) (SAMPLE(?bud) AS ?budget) (MAX(?par) AS ?participants)
  (GROUP_CONCAT(DISTINCT STR(?o); separator="{SEP}") AS ?organisers)
  (GROUP_CONCAT(DISTINCT STR(?pl); separator="{SEP}") AS ?places) WHERE {{
  ?c a provkg:Campaign ; a ?t ; skos:prefLabel ?n .
  OPTIONAL {{ ?c provkg:startYear ?sy }} OPTIONAL {{ ?c provkg:endYear ?ey }} OPTIONAL {{ ?c provkg:budget ?bud }}
  OPTIONAL {{ ?c provkg:participants ?par }} OPTIONAL {{ ?c provkg:organiser ?o }} OPTIONAL {{ ?c provkg:place ?pl }}
}} GROUP BY ?c"""

EVENTS_QUERY = f"""SELECT ?e (MIN(STR(?n)) AS ?name) (GROUP_CONCAT(DISTINCT STR(?t); separator="{SEP}") AS ?types)
  (MIN(?d) AS ?date) (GROUP_CONCAT(DISTINCT STR(?o); separator="{SEP}") AS ?organisers)
  (GROUP_CONCAT(DISTINCT STR(?a); separator="{SEP}") AS ?attendees) (SAMPLE(?loc) AS ?location) WHERE {{
  ?e a schema:Event ; a ?t . OPTIONAL {{ ?e schema:name ?n }} OPTIONAL {{ ?e schema:startDate ?d }}
  OPTIONAL {{ ?e schema:organizer ?o }} OPTIONAL {{ ?e schema:attendee ?a }} OPTIONAL {{ ?e schema:location ?loc }}
}} GROUP BY ?e"""

PLACES_QUERY = f"""SELECT ?p (MIN(STR(?n)) AS ?name) (GROUP_CONCAT(DISTINCT STR(?t); separator="{SEP}") AS ?types)
  (SAMPLE(?parent) AS ?within) (SAMPLE(?code) AS ?adminCode) (SAMPLE(?era) AS ?eraName) WHERE {{
  ?p a schema:Place ; a ?t ; skos:prefLabel ?n . OPTIONAL {{ ?p schema:containedInPlace ?parent }}
  OPTIONAL {{ ?p provkg:adminCode ?code }} OPTIONAL {{ ?p provkg:era ?era }}
}} GROUP BY ?p"""


def _local_types(text: str | None) -> list[str]:
    return sorted({t.rsplit("#", 1)[-1] for t in _split(text) if t.startswith(V.PROVKG)})


def campaigns(store: Store) -> list[dict[str, Any]]:
    return [{"iri": r["c"], "name": r["name"], "types": _local_types(r.get("types")),
             "start_year": int(r["start"]) if "start" in r else None,
             "end_year": int(r["end"]) if "end" in r else None, "budget": r.get("budget"),
             "participants": int(r["participants"]) if "participants" in r else None,
             "organisers": _split(r.get("organisers")), "places": _split(r.get("places"))}
            for r in rows(store, CAMPAIGNS_QUERY)]


def events(store: Store) -> list[dict[str, Any]]:
    return [{"iri": r["e"], "name": r.get("name"), "types": _local_types(r.get("types")),
             "date": _date(r.get("date")), "organisers": _split(r.get("organisers")),
             "attendees": _split(r.get("attendees")), "location": r.get("location")}
            for r in rows(store, EVENTS_QUERY)]


def places(store: Store) -> list[dict[str, Any]]:
    return [{"iri": r["p"], "name": r["name"], "types": _local_types(r.get("types")), "within": r.get("within"),
             "code": r.get("adminCode"), "era": r.get("eraName")} for r in rows(store, PLACES_QUERY)]


def count_articles(store: Store) -> int:
    r = rows(store, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
    return int(r[0]["n"]) if r else 0


def articles_page(store: Store, limit: int, offset: int) -> list[dict[str, Any]]:
    """Articles newest first (undated last), one page, with headline, date, url and province."""
    # ordered outside the grouping subquery: Virtuoso refuses an aggregate's alias in the same query's ORDER BY
    q = f"""SELECT ?a ?headline ?date ?url ?province WHERE {{
      {{ SELECT ?a (SAMPLE(?h) AS ?headline) (MIN(?d) AS ?date) (SAMPLE(?u) AS ?url) (SAMPLE(?p) AS ?province)
      WHERE {{ ?a a schema:NewsArticle . OPTIONAL {{ ?a schema:headline ?h }} OPTIONAL {{ ?a schema:datePublished ?d }}
      OPTIONAL {{ ?a schema:url ?u }} OPTIONAL {{ ?a provkg:province ?p }} }} GROUP BY ?a }} }}
      ORDER BY DESC(BOUND(?date)) DESC(?date) ?a LIMIT {int(limit)} OFFSET {int(offset)}"""
    return [{"iri": r["a"], "headline": r.get("headline"), "date": _date(r.get("date")), "url": r.get("url"),
             "province": r.get("province")} for r in rows(store, q)]


def article_id(iri: str) -> str:
    """The article id an article IRI was minted from (the URL id of /articles/{id})."""
    return unquote(iri.removeprefix(KIND_PREFIX["article"]))


def article(store: Store, ident: str) -> dict[str, Any] | None:
    """Everything extracted from one article, read from its own named graph."""
    article_iri = rdf.article_iri(ident)
    g = f"<{rdf.graph_iri(ident)}>"
    a = _iri_list([article_iri])
    meta = rows(store, f"SELECT ?p ?o WHERE {{ GRAPH {g} {{ {a} ?p ?o }} }}")
    if not meta:
        return None
    by: dict[str, list[str]] = defaultdict(list)
    for r in meta:
        by[r["p"]].append(r["o"])

    def graph_rows(pattern: str, select: str) -> list[dict[str, str]]:
        return rows(store, f"SELECT {select} WHERE {{ GRAPH {g} {{ {pattern} }} }}")

    ev = "OPTIONAL { ?x prov:qualifiedDerivation ?ev . ?ev provkg:sentence ?sentence }"
    out: dict[str, Any] = {
        "iri": article_iri, "by": by,
        "people": graph_rows(f'?x a foaf:Person ; foaf:name ?n FILTER(STRSTARTS(STR(?x), "{KIND_PREFIX["person"]}"))',
                             "?x ?n"),
        "bylines": graph_rows(f"{a} schema:author|schema:translator ?x . ?x foaf:name ?n", "?x ?n"),
        "organizations": graph_rows("?x a org:Organization ; skos:prefLabel ?n", "?x ?n"),
        "places": graph_rows("?x a schema:Place ; skos:prefLabel ?n", "?x ?n"),
        "positions": graph_rows(
            "?x a org:Membership ; org:member ?person ; org:organization ?body ; org:role ?r . "
            "?r skos:prefLabel ?role . OPTIONAL { ?x provkg:status ?status } OPTIONAL { ?x provkg:change ?change } "
            "OPTIONAL { ?x org:memberDuring/time:hasBeginning/time:inXSDDate ?start } "
            "OPTIONAL { ?x org:memberDuring/time:hasEnd ?e OPTIONAL { ?e time:inXSDDate ?end } "
            "OPTIONAL { ?e provkg:endedNoLaterThan ?endBy } } " + ev,
            "?x ?person ?body ?role ?status ?change ?start ?end ?endBy ?sentence"),
        "merges": graph_rows("?x a org:ChangeEvent ; org:originalOrganization ?src ; org:resultingOrganization ?res . "
                             "OPTIONAL { ?x dcterms:date ?date } " + ev, "?x ?src ?res ?date ?sentence"),
        "campaigns": graph_rows("?x a provkg:Campaign ; skos:prefLabel ?n . " + ev, "?x ?n ?sentence"),
        "events": graph_rows("?x a schema:Event . OPTIONAL { ?x schema:name ?n } "
                             "OPTIONAL { ?x schema:startDate ?date } " + ev, "?x ?n ?date ?sentence"),
    }
    return out
