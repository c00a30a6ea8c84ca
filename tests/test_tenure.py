"""Tenure inference: the pure rules, and the inferred graph they write into a real store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pyoxigraph
import pytest
import rdflib
from provkg import ontology
from provkg.graph import inference, rdf, tenure
from provkg.graph import vocab as V
from provkg.graph.location import open_store
from provkg.graph.reads.evidence import evidence_page
from provkg.graph.reads.merges import merge_outlines, merges
from provkg.graph.reads.organizations import organizations
from provkg.graph.reads.tenures import stored_tenures, tenures_for_bodies
from provkg.ingest.article import Article
from provkg.ingest.pipeline import extract
from provkg.ingest.read import read_paths
from pyshacl import validate
from test_rest import write_test_articles

SINGLE = frozenset({"Secretary", "Head"})
A1, A2, A3, A4 = (f"https://w3id.org/provkg/id/article/a{i}" for i in range(1, 5))
BODY, OTHER, RESULT = "body:x", "body:y", "body:z"
A_CM0, A_CM1 = (f"https://w3id.org/provkg/id/article/cm{i}" for i in range(2))


def obs(m: str, person: str, published: date | None, article: str, role: str = "Secretary", body: str = BODY,
        **kw: object) -> tenure.Observation:
    return tenure.Observation(membership=m, person=person, body=body, role=role, article=article,
                              published=published, status=kw.pop("status", "current"), **kw)  # type: ignore[arg-type]


def by_membership(tenures: list[tenure.Tenure]) -> dict[str, tenure.Tenure]:
    return {t.membership: t for t in tenures}


def test_a_post_seen_in_several_articles_spans_them():
    (t,) = tenure.infer([obs("m1", "p1", date(2021, 1, 1), A1), obs("m1", "p1", date(2023, 5, 1), A2)], [], SINGLE)
    assert (t.first_seen, t.last_seen) == (date(2021, 1, 1), date(2023, 5, 1))
    assert t.start == tenure.Bound(date(2021, 1, 1), "no-later-than", "inferred", "observed-span", (A1,))
    assert t.end is None and t.held_on(date(2022, 1, 1)) and t.held_on(date(2030, 1, 1))
    assert not t.held_on(date(2020, 12, 31))


def test_a_later_holder_of_a_single_holder_post_ends_the_earlier_tenure():
    ts = by_membership(tenure.infer([
        obs("m1", "p1", date(2021, 1, 1), A1), obs("m1", "p1", date(2022, 3, 1), A2),
        obs("m2", "p2", date(2024, 5, 20), A3)], [], SINGLE))
    assert ts["m1"].end == tenure.Bound(date(2024, 5, 20), "no-later-than", "inferred", "single-holder-succession",
                                        (A2, A3))
    assert ts["m1"].ended_by == "m2" and ts["m2"].end is None
    assert [t.person for t in tenure.holders_on(ts.values(), date(2023, 1, 1))] == ["p1"]
    assert [t.person for t in tenure.holders_on(ts.values(), date(2024, 6, 1))] == ["p2"]


def test_posts_several_people_hold_are_not_ended_by_a_new_holder():
    ts = by_membership(tenure.infer([obs("m1", "p1", date(2021, 1, 1), A1, role="Deputy Secretary"),
                                     obs("m2", "p2", date(2024, 1, 1), A2, role="Deputy Secretary")], [], SINGLE))
    assert ts["m1"].end is None and ts["m2"].end is None


def test_a_holder_reported_again_after_the_rival_is_not_ended_before_that():
    ts = by_membership(tenure.infer([obs("m1", "p1", date(2021, 1, 1), A1), obs("m2", "p2", date(2022, 1, 1), A2),
                                     obs("m1", "p1", date(2023, 1, 1), A3)], [], SINGLE))
    assert ts["m1"].end is None  # p1 was seen after p2: no inference contradicts that
    assert ts["m2"].end is not None and ts["m2"].end.date == date(2023, 1, 1)


def test_stated_bounds_win_and_carry_their_articles():
    ts = by_membership(tenure.infer([
        obs("m1", "p1", date(2021, 1, 1), A1, start=date(2020, 6, 1)),
        obs("m1", "p1", date(2022, 2, 1), A2, status="former", end_by=date(2022, 2, 1)),
        obs("m2", "p2", date(2024, 1, 1), A3, change="relieved", end=date(2023, 12, 1))], [], SINGLE))
    assert ts["m1"].start == tenure.Bound(date(2020, 6, 1), "on", "stated", "stated-start", (A1,))
    assert ts["m1"].end == tenure.Bound(date(2022, 2, 1), "no-later-than", "stated", "stated-former", (A2,))
    assert ts["m2"].end == tenure.Bound(date(2023, 12, 1), "on", "stated", "stated-end", (A3,))


def test_a_merger_ends_the_posts_of_the_bodies_merged_away():
    merge = tenure.MergeFact("merge:1", (BODY, OTHER), RESULT, date(2025, 3, 1), ((A2, date(2025, 3, 3)),))
    ts = by_membership(tenure.infer([
        obs("m1", "p1", date(2024, 6, 1), A1, role="Head"),
        obs("m1", "p1", date(2025, 3, 3), A2, role="Head"),       # the article reporting the merger itself
        obs("m2", "p2", date(2024, 6, 1), A1, role="Head", body=RESULT)], [merge], SINGLE))
    assert ts["m1"].end == tenure.Bound(date(2025, 3, 1), "on", "inferred", "body-merged-away", (A2,))
    assert ts["m1"].ended_by == "merge:1" and ts["m2"].end is None
    undated = tenure.MergeFact("merge:2", (BODY,), RESULT, None, ((A3, date(2025, 5, 1)), (A4, date(2025, 4, 1))))
    (t,) = tenure.infer([obs("m1", "p1", date(2024, 6, 1), A1, role="Member")], [undated], SINGLE)
    assert t.end == tenure.Bound(date(2025, 4, 1), "no-later-than", "inferred", "body-merged-away", (A4,))


def test_a_post_seen_after_the_merger_elsewhere_or_in_the_result_is_not_ended():
    merge = tenure.MergeFact("merge:1", (BODY, RESULT), RESULT, date(2025, 3, 1), ((A2, date(2025, 3, 3)),))
    ts = by_membership(tenure.infer([obs("m1", "p1", date(2025, 6, 1), A3, role="Member"),
                                     obs("m2", "p2", date(2024, 1, 1), A1, role="Member", body=RESULT)],
                                    [merge], SINGLE))
    assert ts["m1"].end is None  # an article not about the merger saw the post held after it
    assert ts["m2"].end is None  # the result of a merger keeps its posts


def test_the_earlier_of_two_inferred_ends_wins():
    merge = tenure.MergeFact("merge:1", (BODY,), RESULT, date(2025, 3, 1), ((A3, date(2025, 3, 3)),))
    ts = by_membership(tenure.infer([obs("m1", "p1", date(2021, 1, 1), A1), obs("m2", "p2", date(2024, 1, 1), A2)],
                                    [merge], SINGLE))
    assert ts["m1"].end is not None and ts["m1"].end.rule == "single-holder-succession"
    assert ts["m2"].end is not None and ts["m2"].end.rule == "body-merged-away"


def test_single_holder_roles_come_from_roles_toml():
    roles = tenure.single_holder_roles()
    assert {"Secretary", "Head", "Chairman", "Director", "Principal", "President", "Minister"} <= roles
    assert not {"Deputy Secretary", "Member", "Vice Chairman"} & roles


# --- the inferred graph in a real store ------------------------------------------------------------

INFERRED = "https://w3id.org/provkg/graph/inferred"
END_QUERY = """SELECT ?d ?rule ?art WHERE {
  ?m org:member <https://w3id.org/provkg/id/person/tran-van-an> ; org:memberDuring ?i .
  ?i time:hasEnd ?e . ?e provkg:endedNoLaterThan ?d ; prov:wasGeneratedBy ?r ; prov:wasDerivedFrom ?art .
  ?r rdfs:label ?rule }"""


def _default(store) -> set:
    return {(q.subject, q.predicate, q.object)
            for q in store.raw.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())}


def _union_of_named(store) -> set:
    return {(q.subject, q.predicate, q.object) for g in store.raw.named_graphs()
            for q in store.raw.quads_for_pattern(None, None, None, g)}


def test_the_inferred_graph_is_rebuilt_kept_in_the_default_graph_and_conforms(tmp_path):
    articles = [a for a in read_paths([write_test_articles(tmp_path / "articles")]) if isinstance(a, Article)]
    with open_store(tmp_path / "kg") as store:
        for a in articles:
            store.write_article(extract(a))
        assert store.refresh_inferences() > 0
        rows = {(r["d"].value, r["rule"].value, r["art"].value) for r in store.query(END_QUERY)}
        assert rows == {("2024-05-19", "single-holder-succession", "https://w3id.org/provkg/id/article/cm1"),
                        ("2024-05-19", "single-holder-succession", "https://w3id.org/provkg/id/article/cm2")}
        inferred = {(q.subject, q.predicate, q.object)
                    for q in store.raw.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(INFERRED))}
        assert inferred and inferred <= _default(store)
        assert _default(store) == _union_of_named(store)
        before = _default(store)
        store.refresh_inferences()
        assert _default(store) == before  # idempotent

        # the default graph conforms to the shapes with the inferences in it (one interval per post, ...)
        nt = store.raw.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
        shapes = rdflib.Graph().parse(ontology.path("shapes.ttl"), format="turtle")
        ok, _, text = validate(rdflib.Graph().parse(data=nt, format="nt"), shacl_graph=shapes, inference="none")
        assert ok, text[:3000]

        # the successor's article goes away: after the rebuild the inference is gone from every graph
        assert store.remove_article("cm2")
        store.refresh_inferences()
        assert list(store.query(END_QUERY)) == []
        assert _default(store) == _union_of_named(store)


# --- reading tenures back from the inferred graph (what REST serves) ------------------------------

SAME = ("membership", "person", "body", "role", "start", "end", "first_seen", "last_seen", "ended_by",
        "first_seen_in", "last_seen_in", "level", "window")


def _fields(tenures: list[tenure.Tenure]) -> dict[str, tuple]:
    return {t.membership: tuple(getattr(t, f) for f in SAME) for t in tenures}


def test_stored_tenures_are_the_inferred_ones_and_new_posts_fall_back_to_inference(tmp_path):

    articles = [a for a in read_paths([write_test_articles(tmp_path / "articles")]) if isinstance(a, Article)]
    with open_store(tmp_path / "kg") as store:
        for a in articles:
            store.write_article(extract(a))
        store.refresh_inferences()
        bodies = [o["iri"] for o in organizations(store)]
        stored = stored_tenures(store, bodies)
        fresh = tenures_for_bodies(store, bodies)
        assert len(stored) == len(fresh) > 5
        assert _fields(stored) == _fields(fresh)
        assert any(t.end and t.end.rule == "single-holder-succession" and t.ended_by for t in stored)
        assert any(t.end and t.end.rule == "body-merged-away" for t in stored)
        assert all(not t.observations for t in stored)  # read from the inferred graph, not from the articles
        an = "https://w3id.org/provkg/id/person/tran-van-an"
        assert _fields(stored_tenures(store, person=an)) == _fields([t for t in fresh if t.person == an])

        # an article written after the last rebuild: its post is inferred on the fly, rivals included
        late = Article(id="cm3", source="cm3.txt", headline="Ca Mau leaders meet voters", published=date(2025, 8, 1),
                       paragraphs=["On July 31, Mr. Nguyen Van Tam, Secretary of the Ca Mau Provincial Party "
                                   "Committee, met voters in Ca Mau City."])
        store.write_article(extract(late))
        cm = [t.body for t in stored if t.person == an]
        before_refresh = {t.person: t for t in stored_tenures(store, cm)}
        tam = "https://w3id.org/provkg/id/person/nguyen-van-tam"
        assert tam in before_refresh and before_refresh[tam].start is not None
        assert before_refresh[tam].start.date == date(2025, 7, 31)  # the day its text reports, not the publication date
        store.refresh_inferences()
        assert _fields(stored_tenures(store, cm)) == _fields(tenures_for_bodies(store, cm))


def test_merge_outlines_agree_with_merges_on_what_lineage_needs(tmp_path):

    articles = [a for a in read_paths([write_test_articles(tmp_path / "articles")]) if isinstance(a, Article)]
    with open_store(tmp_path / "kg") as store:
        undated = Article(id="u1", source="u1.txt", headline="Hau Giang streamlines", published=date(2025, 5, 2),
                          paragraphs=["The Hau Giang Provincial Party Propaganda Board and the Hau Giang Provincial "
                                      "Party Mass Mobilization Board were merged into the Hau Giang Provincial Party "
                                      "Propaganda and Mass Mobilization Commission."])
        for a in [*articles, undated]:
            store.write_article(extract(a))
        full, outline = merges(store), merge_outlines(store)
        assert len(full) >= 4 and any(m.date is None and m.effective for m in outline)
        assert [(m.iri, m.sources, m.result, m.date, m.effective and m.effective[:2]) for m in full] == \
               [(m.iri, m.sources, m.result, m.date, m.effective and m.effective[:2]) for m in outline]


def test_a_limited_evidence_page_is_the_preferred_then_oldest_of_the_full_one(tmp_path):

    articles = [a for a in read_paths([write_test_articles(tmp_path / "articles")]) if isinstance(a, Article)]
    with open_store(tmp_path / "kg") as store:
        for a in articles:
            store.write_article(extract(a))
        an = [t.membership for t in tenures_for_bodies(store, [o["iri"] for o in organizations(store)])
              if t.person.endswith("/tran-van-an")]
        full, full_totals = evidence_page(store, an)
        assert [s["article"] for s in full[an[0]]] == [A_CM0, A_CM1]  # oldest first
        page, totals = evidence_page(store, an, 1)
        assert totals == full_totals == {an[0]: 2}
        assert page == {an[0]: full[an[0]][:1]}
        preferred, _ = evidence_page(store, an, 1, {an[0]: [A_CM1, "https://w3id.org/provkg/id/article/x"]})
        assert [s["article"] for s in preferred[an[0]]] == [A_CM1]


def _inferred(store) -> set:
    return {(q.subject, q.predicate, q.object)
            for q in store.raw.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(INFERRED))}


@pytest.mark.parametrize("bodies_per_step", [1, 3, inference.BODIES_PER_REFRESH])
def test_incremental_rebuilds_in_batches_equal_a_full_rebuild_triple_for_triple(tmp_path, monkeypatch,
                                                                                bodies_per_step):
    """Also when the rebuild takes the bodies one or a few at a time (as it does on a large store)."""
    from test_rest import REPO

    monkeypatch.setattr(inference, "BODIES_PER_REFRESH", bodies_per_step)

    articles = {a.id: a for a in read_paths([REPO / "data" / "articles", write_test_articles(tmp_path / "articles")])
                if isinstance(a, Article)}
    late = Article(id="cm3", source="cm3.txt", headline="Ca Mau leaders meet voters", published=date(2025, 8, 1),
                   paragraphs=["On July 31, Mr. Nguyen Van Tam, Secretary of the Ca Mau Provincial Party "
                               "Committee, met voters in Ca Mau City."])
    undated = Article(id="u1", source="u1.txt", headline="Hau Giang streamlines", published=date(2025, 5, 2),
                      paragraphs=["The Hau Giang Provincial Party Propaganda Board and the Hau Giang Provincial "
                                  "Party Mass Mobilization Board were merged into the Hau Giang Provincial Party "
                                  "Propaganda and Mass Mobilization Commission."])
    # the newest reports first, so later batches end earlier posts (succession) and add reports of mergers
    order = sorted(articles, key=lambda i: articles[i].published or date.min, reverse=True)
    batches = [order[:3], order[3:6], order[6:]]
    with open_store(tmp_path / "kg") as store:
        assert store.touched is not None  # an empty store: incremental from the first write
        seen_rules = set()
        for batch in batches:
            for aid in batch:
                store.write_article(extract(articles[aid]))
            assert store.touched
            store.refresh_inferences()
            assert not store.touched
            seen_rules |= {o for _, p, o in _inferred(store) if p == V.PROV_GENERATED_BY}
        # a rewrite (a later holder), an undated merger, then removals: each rebuilt incrementally
        store.write_article(extract(late))
        store.write_article(extract(undated))
        store.refresh_inferences()
        store.write_article(extract(replace(articles["cm1"], published=date(2024, 9, 1))))
        store.refresh_inferences()
        assert store.remove_article("cm2") and store.remove_article("mg1")
        store.refresh_inferences()

        incremental, default = _inferred(store), _default(store)
        assert len(seen_rules) >= 3 and incremental
        assert store.refresh_inferences() == 0  # nothing touched since
        assert store.refresh_inferences(full=True) == len(incremental)
        assert _inferred(store) == incremental  # the full rebuild changed nothing
        assert _default(store) == default == _union_of_named(store)
        # a full rebuild also sweeps out what the inferred graph says about a post no article states
        stray = pyoxigraph.NamedNode(rdf.membership_iri("nobody", "Secretary", "no-such-body"))
        store.raw.add(pyoxigraph.Quad(stray, V.TYPE, V.ORG_MEMBERSHIP, pyoxigraph.NamedNode(INFERRED)))
        store.refresh_inferences(full=True)
        assert _inferred(store) == incremental

    # and a store built from the same final articles in one go, rebuilt in full, holds the same inferences
    with open_store(tmp_path / "kg2") as fresh:
        for aid in [*order, "cm3", "u1"]:
            if aid not in ("cm2", "mg1"):
                a = {"cm3": late, "u1": undated}.get(aid) or articles[aid]
                if aid == "cm1":
                    a = replace(a, published=date(2024, 9, 1))
                fresh.write_article(extract(a))
        fresh.refresh_inferences(full=True)
        assert _inferred(fresh) == incremental


def test_a_store_opened_with_articles_rebuilds_in_full_first(tmp_path):
    articles = [a for a in read_paths([write_test_articles(tmp_path / "articles")]) if isinstance(a, Article)]
    with open_store(tmp_path / "kg") as store:
        store.write_article(extract(articles[0]))  # written, never rebuilt
    with open_store(tmp_path / "kg") as store:
        assert store.touched is None
        assert store.refresh_inferences() > 0 and _inferred(store)
        assert store.touched is not None and not store.touched
