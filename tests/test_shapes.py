"""SHACL: hand-built facts of every kind conform to ontology/shapes.ttl; broken graphs do not."""

from __future__ import annotations

import pyoxigraph
import pytest
import rdflib
from provkg import ontology
from provkg.graph import identity, rdf
from provkg.graph import vocab as V
from provkg.graph.location import open_store
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat
from pyshacl import validate
from test_rdf import PC, PLAN, facts_for, sample_facts


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology.path("shapes.ttl"), format="turtle")


def to_rdflib(quads) -> rdflib.Graph:
    data = pyoxigraph.serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data, format="nt")


def conforms(graph: rdflib.Graph, shapes: rdflib.Graph) -> tuple[bool, str]:
    ok, _, text = validate(graph, shacl_graph=shapes, inference="none")
    return ok, text


def test_sample_article_graph_conforms(shapes):
    f = sample_facts()
    decisions = identity.resolve(f, {}, {}, lambda iri: False)
    quads = rdf.article_graph(f, {d.mention_key: d.person_iri for d in decisions}, decisions)
    ok, text = conforms(to_rdflib(quads), shapes)
    assert ok, text


def test_store_default_graph_conforms(shapes, tmp_path):
    with open_store(tmp_path / "kg") as store:
        store.write_article(sample_facts("a1"))
        store.write_article(sample_facts("a2"))
        store.write_article(facts_for("a3", None, [("Bui Minh Tri", "Chairman", PC)], []))
        nt = store.raw.dump(format=RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    graph = rdflib.Graph().parse(data=nt, format="nt")
    ok, text = conforms(graph, shapes)
    # a3 names a body it does not describe: the union still describes it (from a1/a2)
    assert ok, text


def _drop(quads, s: str | None, p: NamedNode):
    return [q for q in quads if not (q.predicate == p and (s is None or q.subject == NamedNode(s)))]


def _replace_object(quads, p: NamedNode, new):
    return [Quad(q.subject, q.predicate, new, q.graph_name) if q.predicate == p else q for q in quads]


MEMBERSHIP = rdf.membership_iri(rdf.person_iri("huynh-thi-thanh-phuong"), "Director", PLAN)
BROKEN = {
    "person without a name": lambda q: _drop(q, rdf.person_iri("bui-minh-tri"), V.FOAF_NAME),
    "membership without a role": lambda q: _drop(q, MEMBERSHIP, V.ORG_ROLE),
    "membership without provenance": lambda q: _drop(q, MEMBERSHIP, V.PROV_DERIVED_FROM),
    "body without a label": lambda q: _drop(q, rdf.body_iri(PLAN), V.SKOS_PREF),
    "event date as a plain string": lambda q: _replace_object(q, V.SCHEMA_START_DATE, Literal("26/02/2025")),
    "merge into a non-body": lambda q: _replace_object(q, V.ORG_RESULTING, NamedNode("https://example.org/x")),
    "unknown status": lambda q: _replace_object(q, V.P["status"], Literal("maybe")),
    "evidence without a sentence": lambda q: _drop(q, None, V.P["sentence"]),
    "place without a label": lambda q: [
        x for x in q if not (x.predicate == V.SKOS_PREF and "/id/place/" in x.subject.value)
    ],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_graph_fails(shapes, name):
    quads = BROKEN[name](rdf.article_graph(sample_facts(), {}))
    ok, _ = conforms(to_rdflib(quads), shapes)
    assert not ok, name


def test_every_provkg_term_the_data_uses_is_defined_in_the_ontology():
    onto = rdflib.Graph().parse(ontology.path("provkg.ttl"), format="turtle")
    defined = {str(s) for s in onto.subjects(rdflib.RDF.type, None)}
    used = {
        t.value
        for q in rdf.article_graph(sample_facts(), {})
        for t in (q.predicate, q.object)
        if isinstance(t, NamedNode) and t.value.startswith(V.PROVKG)
    }
    assert used and used <= defined, used - defined
    assert {n.value for n in V.P.values()} <= defined, {n.value for n in V.P.values()} - defined
