"""graph/store.py on a real pyoxigraph store: layout, replace semantics, atomicity, locking, identity."""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
from types import SimpleNamespace

import pyoxigraph
import pytest
from provkg.graph import identity, rdf
from provkg.graph import store as store_mod
from provkg.graph.location import open_store
from provkg.graph.store import OxigraphStore, StoreInUseError
from pyoxigraph import DefaultGraph, NamedNode
from test_rdf import BD, PC, PCC, PPC, body, facts_for, sample_facts


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "kg") as s:
        yield s


def default_triples(s: OxigraphStore) -> set:
    return {q.triple for q in s.raw.quads_for_pattern(None, None, None, DefaultGraph())}


def named_triples(s: OxigraphStore) -> set:
    return {q.triple for q in s.raw.quads_for_pattern(None, None, None) if q.graph_name != DefaultGraph()}


def all_quads(s: OxigraphStore) -> set:
    return set(s.raw.quads_for_pattern(None, None, None))


def assert_default_is_set_union(s: OxigraphStore) -> None:
    assert default_triples(s) == named_triples(s)


def rows(s: OxigraphStore, sparql: str) -> list[tuple]:
    return [tuple(r) for r in s.query(sparql)]


# --- layout and replace semantics -----------------------------------------------------------


def test_write_puts_the_article_in_its_graph_and_the_default_graph(store):
    res = store.write_article(sample_facts("a1"))
    assert res.triples == len(list(store.raw.quads_for_pattern(None, None, None, NamedNode(rdf.graph_iri("a1")))))
    assert (res.memberships, res.merges, res.campaigns, res.events) == (5, 1, 3, 2)
    assert not res.replaced
    assert_default_is_set_union(store)
    assert len(default_triples(store)) == res.triples


def test_reingest_is_idempotent(store):
    first = store.write_article(sample_facts("a1"))
    before = all_quads(store)
    stats = store.stats()
    again = store.write_article(sample_facts("a1"))
    assert again.replaced and again.triples == first.triples
    assert all_quads(store) == before
    assert store.stats() == stats
    assert [d.person_iri for d in again.decisions] == [d.person_iri for d in first.decisions]


def test_changed_article_replaces_old_facts_but_keeps_facts_another_article_states(store):
    loi = rdf.person_iri("nguyen-van-loi")
    secretary = rdf.membership_iri(loi, "Secretary", PPC)
    pcc_member = rdf.membership_iri(loi, "Member", PCC)
    a = facts_for(
        "a",
        BD,
        [("Nguyen Van Loi", "Secretary", PPC), ("Nguyen Van Loi", "Member", PCC)],
        [
            body(PPC, "Binh Duong Provincial Party Committee"),
            body(PCC, "Party Central Committee", scope=None),
        ],
    )
    b = facts_for("b", BD, [("Nguyen Van Loi", "Secretary", PPC)], [body(PPC, "Binh Duong Provincial Party Committee")])
    store.write_article(a)
    store.write_article(b)
    changed = copy.deepcopy(a)
    changed.memberships = []
    store.write_article(changed)
    assert_default_is_set_union(store)
    members = {r[0].value for r in rows(store, "SELECT ?m WHERE { ?m a org:Membership }")}
    assert members == {secretary}, "the membership only a stated is gone; the one b states stays"
    derived = {r[0].value for r in rows(store, f"SELECT ?a WHERE {{ <{secretary}> prov:wasDerivedFrom ?a }}")}
    assert derived == {rdf.article_iri("b")}
    assert pcc_member not in {t.subject.value for t in default_triples(store)}
    assert store.remove_article("b")
    assert rows(store, "SELECT ?m WHERE { ?m a org:Membership }") == []
    assert store.remove_article("a") and not store.remove_article("a")
    assert default_triples(store) == set() and list(store.raw.named_graphs()) == []


def test_three_pattern_join_has_no_duplicate_rows_over_50_articles(store):
    bodies = [
        body(PPC, "Binh Duong Provincial Party Committee"),
        body(PC, "Binh Duong Provincial People's Committee"),
    ]
    people = [
        ("Nguyen Van Loi", "Secretary", PPC),
        ("Vo Van Minh", "Chairman", PC),
        ("Bui Minh Tri", "Member", PPC),
    ]
    for i in range(50):
        store.write_article(facts_for(f"a{i:02d}", BD, people, bodies))
    q = """SELECT ?name ?role ?org WHERE {
      ?m org:member ?p ; org:role ?r ; org:organization ?o .
      ?p foaf:name ?name . ?r skos:prefLabel ?role . ?o skos:prefLabel ?org }"""
    result = rows(store, q)
    assert len(result) == len(set(result)) == 3
    three = rows(store, "SELECT ?m ?p ?o WHERE { ?m org:member ?p . ?m org:organization ?o . ?p a foaf:Person }")
    assert len(three) == len(set(three)) == 3
    # per-article provenance is still reachable through the named graphs
    graphs = rows(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?m a org:Membership } }")
    assert len(graphs) == 50
    assert store.stats()["people"] == 3 and store.stats()["memberships"] == 3 and store.stats()["articles"] == 50


# --- atomicity --------------------------------------------------------------------------------


def _write_pair(store):
    store.write_article(sample_facts("a1"))
    store.write_article(
        facts_for(
            "a2",
            BD,
            [("Nguyen Van Loi", "Secretary", PPC)],
            [body(PPC, "Binh Duong Provincial Party Committee")],
        )
    )
    return all_quads(store), store.article_hash("a1")


def test_write_failing_at_its_last_operation_leaves_the_store_unchanged(store, monkeypatch):
    before, hash_before = _write_pair(store)
    real_insert = store_mod.insert_op

    def insert_then_fail(article_id, quads):
        # runs after the delete, the drop and the insert inside the same update: a runtime error
        return real_insert(article_id, quads) + f" ;\nCREATE GRAPH <{rdf.graph_iri('a2')}>"

    monkeypatch.setattr(store_mod, "insert_op", insert_then_fail)
    changed = sample_facts("a1")
    changed.memberships = changed.memberships[:1]
    changed.article.headline = "A changed headline"
    with pytest.raises(RuntimeError, match="already exists"):
        store.write_article(changed)
    assert all_quads(store) == before
    assert store.article_hash("a1") == hash_before
    monkeypatch.undo()
    store.write_article(changed)
    assert store.article_hash("a1") == changed.article.content_hash


@pytest.mark.parametrize(("aid", "error"), [("a1", SyntaxError), ("a-new", TypeError)])
def test_write_with_an_invalid_last_quad_leaves_the_store_unchanged(store, monkeypatch, aid, error):
    """a1 is a replace (one SPARQL update), a-new a first write (one extend): both roll back."""
    before, _ = _write_pair(store)
    real_graph = rdf.article_graph

    def graph_with_bad_last_quad(facts, people_iris, decisions=()):
        quads = real_graph(facts, people_iris, decisions)
        bad = SimpleNamespace(subject=quads[-1].subject, predicate=quads[-1].predicate, object="<not an iri>")
        return [*quads, bad]

    monkeypatch.setattr(store_mod.rdf, "article_graph", graph_with_bad_last_quad)
    with pytest.raises(error):
        store.write_article(sample_facts(aid))
    assert all_quads(store) == before
    assert store.article_hash("a-new") is None


def test_first_write_failing_after_its_last_quad_leaves_the_store_unchanged(store, monkeypatch):
    before, _ = _write_pair(store)
    real_copies = store_mod.with_default_copies

    def copies_then_fail(quads):
        yield from real_copies(quads)  # every quad of the article and its default copies ...
        raise OSError("disk full")  # ... then the write fails before the transaction commits

    monkeypatch.setattr(store_mod, "with_default_copies", copies_then_fail)
    with pytest.raises(OSError, match="disk full"):
        store.write_article(sample_facts("a-new"))
    assert all_quads(store) == before
    assert not store.raw.contains_named_graph(NamedNode(rdf.graph_iri("a-new")))


def test_remove_is_atomic_too(store, monkeypatch):
    before, _ = _write_pair(store)
    real_remove = store_mod.remove_ops
    monkeypatch.setattr(
        store_mod, "remove_ops", lambda aid: [*real_remove(aid), f"CREATE GRAPH <{rdf.graph_iri('a2')}>"]
    )
    with pytest.raises(RuntimeError):
        store.remove_article("a1")
    assert all_quads(store) == before


# --- hashes, stats, lifecycle -------------------------------------------------------------------


def test_article_hash(store):
    f = sample_facts("a1")
    assert store.article_hash("a1") is None
    store.write_article(f)
    assert store.article_hash("a1") == f.article.content_hash
    store.remove_article("a1")
    assert store.article_hash("a1") is None


def test_stats_count_nodes_once(store):
    store.write_article(sample_facts("a1"))
    store.write_article(sample_facts("a2"))
    st = store.stats()
    assert st == {
        "articles": 2,
        "triples": len(default_triples(store)),
        "people": 3,
        "bylines": 2,
        "bodies": 7,
        "memberships": 5,
        "merges": 1,
        "campaigns": 3,
        "events": 3,
        "places": 4,
    }


def test_reopen_keeps_data_and_releases_the_lock(tmp_path):
    with open_store(tmp_path / "kg") as s:
        s.write_article(sample_facts("a1"))
        n = s.stats()["triples"]
    with open_store(tmp_path / "kg") as s:
        assert s.stats()["triples"] == n


def test_second_open_in_this_process_says_in_use(tmp_path):
    with open_store(tmp_path / "kg"), pytest.raises(StoreInUseError, match="in use"):
        open_store(tmp_path / "kg")


def test_store_locked_by_another_process_says_in_use(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys
            from provkg.graph.location import open_store
            s = open_store({str(tmp_path / "kg")!r})
            print("ready", flush=True)
            sys.stdin.readline()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreInUseError, match="in use by another process"):
            open_store(tmp_path / "kg")
    finally:
        holder.communicate("\n", timeout=30)
    with open_store(tmp_path / "kg") as s:
        assert s.stats()["articles"] == 0


def test_memory_store_and_a_bare_http_url(tmp_path):
    with open_store(":memory:") as s:
        s.write_article(sample_facts("a1"))
        assert s.stats()["articles"] == 1
    with pytest.raises(ValueError, match=r"sparql\+http://localhost:7878"):  # a server is sparql+http://
        open_store("http://localhost:7878/query")


def test_query_sees_the_default_graph_as_a_set(store):
    store.write_article(sample_facts("a1"))
    store.write_article(sample_facts("a2"))
    names = rows(store, "SELECT ?n WHERE { ?p a foaf:Person ; foaf:name ?n }")
    assert len(names) == len(set(names))
    assert isinstance(store.raw, pyoxigraph.Store)


# --- identity through the store, articles one by one ----------------------------------------------


def test_homonyms_in_different_provinces_stay_apart(store):
    cm = body("ca-mau-department-of-health", "Ca Mau Department of Health", kind="department", scope="ca-mau")
    store.write_article(
        facts_for(
            "bd",
            BD,
            [("Nguyen Van Loi", "Secretary", PPC)],
            [body(PPC, "Binh Duong Provincial Party Committee")],
        )
    )
    res = store.write_article(facts_for("cm", "ca-mau", [("Nguyễn Văn Lợi", "Director", cm.key)], [cm]))
    (d,) = res.decisions
    assert d.rule == "new-homonym" and d.person_iri == rdf.person_iri("nguyen-van-loi-ca-mau")
    people = rows(store, 'SELECT ?p WHERE { ?p a foaf:Person ; provkg:nameKey "nguyen van loi" }')
    assert len(people) == 2
    # the decision is recorded in the article's own graph
    recorded = rows(
        store,
        f"""SELECT ?rule ?person WHERE {{ GRAPH <{rdf.graph_iri("cm")}> {{
        ?d a provkg:IdentityDecision ; provkg:rule ?rule ; provkg:resolvedTo ?person }} }}""",
    )
    assert [(r.value, p.value) for r, p in recorded] == [("new-homonym", d.person_iri)]


def test_transferred_official_is_kept_whole(store):
    bd_ppc = body(PPC, "Binh Duong Provincial Party Committee")
    pcc = body(PCC, "Party Central Committee", scope=None, national=True)
    hn_ppc = body("ha-noi-party-committee", "Ha Noi Party Committee", scope="ha-noi")
    store.write_article(
        facts_for("bd", BD, [("Nguyen Van Loi", "Secretary", PPC), ("Nguyen Van Loi", "Member", PCC)], [bd_ppc, pcc])
    )
    res = store.write_article(
        facts_for(
            "hn",
            "ha-noi",
            [("Nguyen Van Loi", "Secretary", hn_ppc.key), ("Nguyen Van Loi", "Member", PCC)],
            [hn_ppc, pcc],
        )
    )
    (d,) = res.decisions
    assert (d.rule, d.person_iri, d.shared_body) == (
        "shared-body",
        rdf.person_iri("nguyen-van-loi"),
        rdf.body_iri(PCC),
    )
    posts = rows(store, f"SELECT ?o WHERE {{ ?m org:member <{d.person_iri}> ; org:organization ?o }}")
    assert {o.value for (o,) in posts} == {rdf.body_iri(PPC), rdf.body_iri(PCC), rdf.body_iri(hn_ppc.key)}
    # a third article in Ha Noi naming only the old provincial body also ties
    res = store.write_article(facts_for("hn2", "ha-noi", [("Nguyen Van Loi", "Member", PPC)], [bd_ppc]))
    assert res.decisions[0].person_iri == d.person_iri


def test_same_province_ties_people_without_posts(store):
    f1 = facts_for("bd1", BD, [("Bui Minh Tri", "Vice Chairman", PC)], [body(PC, "Binh Duong People's Committee")])
    f2 = facts_for("bd2", BD, [], [])
    f2.people = {"bui minh tri": copy.deepcopy(f1.people["bui minh tri"])}
    store.write_article(f1)
    (d,) = store.write_article(f2).decisions
    assert (d.rule, d.person_iri, d.shared_place) == (
        "shared-province",
        rdf.person_iri("bui-minh-tri"),
        rdf.place_iri(BD),
    )
    assert store.stats()["people"] == 1


def test_people_index_loaded_from_the_store_matches_the_one_kept_in_step(tmp_path):
    cm = body("ca-mau-department-of-health", "Ca Mau Department of Health", kind="department", scope="ca-mau")
    articles = [
        sample_facts("a1"),
        facts_for("cm", "ca-mau", [("Nguyen Van Loi", "Director", cm.key)], [cm]),
        facts_for("bd", BD, [("Bui Minh Tri", "Chairman", PC)], [body(PC, "Binh Duong People's Committee")]),
    ]
    with open_store(tmp_path / "kg") as s:
        for f in articles:
            s.write_article(f)
        s.remove_article("bd")
        kept = s.people_index
        keys = {"nguyen van loi", "bui minh tri", "huynh thi thanh phuong", "nobody"}
        expected = {aid: kept.candidates(keys, identity.stored_rows(s, aid)) for aid in ("a1", "cm", "bd", "new")}
    with open_store(tmp_path / "kg") as s:
        loaded = s.people_index
        assert {aid: loaded.candidates(keys, identity.stored_rows(s, aid)) for aid in expected} == expected
        assert expected["new"]["nguyen van loi"] and expected["cm"]["nobody"] == []
        # and a homonym decision made after reopening agrees with the one made before
        res = s.write_article(facts_for("cm2", "ca-mau", [("Nguyen Van Loi", "Director", cm.key)], [cm]))
        assert res.decisions[0].person_iri == rdf.person_iri("nguyen-van-loi-ca-mau")


def test_people_index_grows_with_people_not_articles_and_stays_in_step_through_rewrites(tmp_path):
    """The index keeps counts per person and tie, nothing per article; rewrites and removals, which read
    what the stored version stated back from its graph, leave it equal to one loaded afresh."""
    cm = body("ca-mau-department-of-health", "Ca Mau Department of Health", kind="department", scope="ca-mau")
    with open_store(tmp_path / "kg") as s:
        s.write_article(facts_for("cm-0", "ca-mau", [("Nguyen Van Loi", "Director", cm.key)], [cm]))
        one = s.people_index.ties()
        for i in range(1, 40):
            s.write_article(facts_for(f"cm-{i}", "ca-mau", [("Nguyen Van Loi", "Director", cm.key)], [cm]))
        many = s.people_index.ties()
        assert many.keys() == one.keys() and {t: n // 40 for t, n in next(iter(many.values())).items()} == {
            t: n for t, n in next(iter(one.values())).items()}
        # rewrite one article with another person, remove another: counts follow
        s.write_article(facts_for("cm-1", "ca-mau", [("Bui Minh Tri", "Director", cm.key)], [cm]))
        s.remove_article("cm-2")
        s.write_article(sample_facts("a1"))
        s.write_article(sample_facts("a1"))  # unchanged rewrite
        kept = s.people_index.ties()
        assert kept == identity.PeopleIndex.from_store(s).ties()
        loi = rdf.person_iri("nguyen-van-loi")
        assert kept[loi][("body", rdf.body_iri(cm.key))] == 38


def test_national_leaders_named_in_two_provinces_are_one_person(store, tmp_path):
    """Two provinces' articles name a national leader in different national bodies: one node."""
    politburo = body("politburo", "Politburo", scope=None, national=True)
    state = body("socialist-republic-of-vietnam", "Socialist Republic of Vietnam", scope=None, national=True)
    store.write_article(facts_for("bd", BD, [("Luong Cuong", "President", state.key)], [state]))
    res = store.write_article(facts_for("bt", "binh-thuan", [("Luong Cuong", "Member", politburo.key)], [politburo]))
    (d,) = res.decisions
    assert (d.rule, d.person_iri) == ("shared-national-tier", rdf.person_iri("luong-cuong"))
    # the index loaded from the stored graph (as after a restart) knows the national tier too
    loaded = identity.PeopleIndex.from_store(store).candidates({"luong cuong"})
    assert [c.national for c in loaded["luong cuong"]] == [True]
    # a provincial namesake with no national post stays apart
    cm = body("ca-mau-department-of-health", "Ca Mau Department of Health", kind="department", scope="ca-mau")
    res = store.write_article(facts_for("cm", "ca-mau", [("Luong Cuong", "Director", cm.key)], [cm]))
    assert res.decisions[0].rule == "new-homonym"
