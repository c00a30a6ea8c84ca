"""graph/rdf.py and graph/identity.py without a store: IRIs, shapes of facts, identity rule.

The hand-built facts here (`sample_facts`, `facts_for`) are shared by the other graph
tests, which import them from this module.
"""

from __future__ import annotations

from datetime import date

from provkg.graph import identity, rdf
from provkg.graph import vocab as V
from provkg.ingest.article import Article
from provkg.ingest.facts import (
    ArticleFacts,
    Body,
    Campaign,
    Event,
    Evidence,
    Membership,
    Merge,
    Person,
    Place,
)
from pyoxigraph import BlankNode, Literal, NamedNode

BD = "binh-duong"
PPC = "binh-duong-provincial-party-committee"
PCC = "party-central-committee"
COUNCIL = "binh-duong-provincial-peoples-council"
PC = "binh-duong-provincial-peoples-committee"
FIN = "binh-duong-department-of-finance"
PLAN = "binh-duong-department-of-planning-and-investment"
BOARD = "binh-duong-provincial-party-propaganda-education-board"


def ev(sentence: str, section: str = "body") -> Evidence:
    return Evidence(sentence, section)


def article(
    aid: str,
    published: date | None = date(2025, 2, 27),
    text: str = "Body text.",
    reporters: list[str] | None = None,
    translators: list[str] | None = None,
) -> Article:
    return Article(
        id=aid,
        source=f"data/articles/{aid}.txt",
        headline=f"Headline of {aid}",
        paragraphs=[text],
        url=f"https://example.vn/en/{aid}.html",
        published=published,
        reporters=reporters or [],
        translators=translators or [],
        site="example.vn",
    )


def body(
    key: str,
    name: str,
    kind: str = "party-committee",
    scope: str | None = BD,
    parent: str | None = None,
    national: bool = False,
    variants: set[str] | None = None,
) -> Body:
    return Body(key, name, kind, scope=scope, parent=parent, national=national, variants=variants or set())


def places() -> dict[str, Place]:
    return {
        p.key: p
        for p in [
            Place(BD, "Binh Duong", "province", code="74", era="pre-2025"),
            Place(f"{BD}/thu-dau-mot-city", "Thu Dau Mot City", "city", parent=BD),
            Place(
                f"{BD}/thu-dau-mot-city/phu-cuong-ward",
                "Phu Cuong Ward",
                "ward",
                parent=f"{BD}/thu-dau-mot-city",
            ),
            Place(
                f"{BD}/binh-duong-convention-center",
                "Binh Duong Convention Center",
                "site",
                parent=BD,
                variants={"Binh Duong Convention Centre"},
            ),
        ]
    }


def sample_facts(aid: str = "bd-2025-02-sample") -> ArticleFacts:
    """One article stating a fact of every kind, with awkward strings in the evidence."""
    bodies = [
        body(PPC, "Binh Duong Provincial Party Committee", variants={"Binh Duong Party Committee"}),
        body(PCC, "Party Central Committee", scope=None, national=True),
        body(COUNCIL, "Binh Duong Provincial People's Council", kind="peoples-council"),
        body(PC, "Binh Duong Provincial People's Committee", kind="peoples-committee"),
        body(FIN, "Binh Duong Department of Finance", kind="department", parent=PC),
        body(PLAN, "Binh Duong Department of Planning and Investment", kind="department", parent=PC),
        body(
            BOARD,
            "Binh Duong Provincial Party Propaganda Education Board",
            kind="party-board",
            parent=PPC,
            variants={"Propagation Education Board"},
        ),
    ]
    people = [
        Person("nguyen van loi", "Nguyen Van Loi", {"Nguyễn Văn Lợi"}, ev("Nguyen Van Loi spoke.")),
        Person("bui minh tri", "Bui Minh Tri"),
        Person("huynh thi thanh phuong", "Huynh Thi Thanh Phuong"),
    ]
    return ArticleFacts(
        article=article(
            aid, text='He said: "We must act."\nNew line.', reporters=["Thanh Hang"], translators=["Ngoc Anh"]
        ),
        province=BD,
        people={p.key: p for p in people},
        bodies={b.key: b for b in bodies},
        places=places(),
        memberships=[
            Membership(
                "nguyen van loi",
                "Secretary",
                PPC,
                evidence=ev("Nguyen Van Loi, Secretary of the Provincial Party Committee, said so."),
            ),
            Membership("nguyen van loi", "Member", PCC, evidence=ev('Member of the "Party Central Committee".')),
            Membership(
                "bui minh tri",
                "Vice Chairman",
                PC,
                change="elected",
                start=date(2025, 2, 26),
                evidence=ev("Bui Minh Tri was elected Vice Chairman."),
            ),
            Membership(
                "huynh thi thanh phuong",
                "Director",
                PLAN,
                status="former",
                change="relieved",
                end=date(2025, 2, 28),
                evidence=ev("Ms. Phuong was relieved."),
            ),
            Membership(
                "bui minh tri",
                "Director",
                FIN,
                status="former",
                evidence=ev("Former Director of the Department of Finance Bui Minh Tri."),
            ),
        ],
        merges=[
            Merge(
                [PLAN, FIN],
                FIN,
                date(2025, 2, 26),
                ev("The Department of Planning and Investment merged into the Department of Finance."),
            )
        ],
        campaigns=[
            Campaign(
                "All people unite to build cultural life",
                "emulation movement",
                2021,
                2025,
                [PPC],
                [f"{BD}/thu-dau-mot-city"],
                "4.5 billion VND",
                1200,
                ev("The movement ran 2021-2025."),
            ),
            Campaign("Golden Hammer and Sickle Award", "award", evidence=ev("The award was presented.", "headline")),
            Campaign("Digital transformation", "programme", 2025, evidence=ev("The programme began.")),
        ],
        events=[
            Event(
                "session",
                "session of the Binh Duong Provincial People's Council",
                date(2025, 2, 26),
                [COUNCIL],
                ["bui minh tri", "nguyen van loi"],
                f"{BD}/binh-duong-convention-center",
                ev("On February 26, the council held its session."),
            ),
            Event(
                "conference",
                "conference of the People's Committee",
                None,
                [PC],
                ["huynh thi thanh phuong"],
                evidence=ev("At the conference, she received the decision."),
            ),
        ],
        reporters=["Thanh Hang"],
        translators=["Ngoc Anh"],
    )


def facts_for(
    aid: str,
    province: str | None,
    people: list[tuple[str, str, str]],
    bodies: list[Body],
    published: date | None = date(2025, 1, 1),
) -> ArticleFacts:
    """A small article: people as (name, role, body key) posts in the given bodies."""
    persons = {}
    memberships = []
    for name, role, key in people:
        pkey = name.lower()
        persons[pkey] = Person(pkey, name)
        memberships.append(Membership(pkey, role, key, evidence=ev(f"{name} is {role} of {key}.")))
    return ArticleFacts(
        article=article(aid, published),
        province=province,
        people=persons,
        bodies={b.key: b for b in bodies},
        places={},
        memberships=memberships,
    )


def triples(quads):
    return {(q.subject, q.predicate, q.object) for q in quads}


def objects(quads, s: str, p: NamedNode) -> set:
    return {q.object for q in quads if q.subject == NamedNode(s) and q.predicate == p}


def subjects_of_type(quads, cls: NamedNode) -> set[str]:
    return {q.subject.value for q in quads if q.predicate == V.TYPE and q.object == cls}


# --- IRIs ------------------------------------------------------------------------------


def test_iri_patterns():
    assert rdf.person_iri("nguyen-van-loi") == "https://w3id.org/provkg/id/person/nguyen-van-loi"
    assert rdf.body_iri(PPC) == f"https://w3id.org/provkg/id/body/{PPC}"
    assert rdf.role_iri("Deputy Secretary") == "https://w3id.org/provkg/id/role/deputy-secretary"
    assert rdf.place_iri("binh-duong/di-an-city") == "https://w3id.org/provkg/id/place/binh-duong/di-an-city"
    assert rdf.article_iri("a b") == "https://w3id.org/provkg/id/article/a%20b"
    assert rdf.graph_iri("x") == "https://w3id.org/provkg/graph/article/x"
    assert rdf.byline_iri("Thanh Hằng") == "https://w3id.org/provkg/id/byline/thanh-hang"


def test_membership_and_merge_iris_are_stable():
    p = rdf.person_iri("a")
    assert rdf.membership_iri(p, "Secretary", PPC) == rdf.membership_iri(p, "secretary", PPC)
    assert rdf.membership_iri(p, "Secretary", PPC) != rdf.membership_iri(p, "Deputy Secretary", PPC)
    assert rdf.merge_iri([PLAN, FIN], FIN) == rdf.merge_iri([FIN, PLAN], FIN)
    assert rdf.merge_iri([PLAN, FIN], FIN) != rdf.merge_iri([PLAN, FIN], PLAN)


def test_event_iri_shared_when_dated_with_organiser():
    dated = Event("session", "s", date(2025, 2, 26), [COUNCIL])
    undated = Event("conference", "c", None, [PC])
    assert rdf.event_iri(dated, "a1", 0) == rdf.event_iri(dated, "a2", 3)
    assert rdf.event_iri(undated, "a1", 0) != rdf.event_iri(undated, "a2", 0)


def test_province_key_walks_parents_and_falls_back_to_first_segment():
    ps = places()
    assert rdf.province_key(f"{BD}/thu-dau-mot-city/phu-cuong-ward", ps) == BD
    assert rdf.province_key("ca-mau/nam-can", {}) == "ca-mau"
    assert rdf.province_key(None, ps) is None


# --- the article graph -------------------------------------------------------------------


def test_article_graph_is_pure_and_in_its_named_graph():
    f = sample_facts()
    q1 = rdf.article_graph(f, {})
    q2 = rdf.article_graph(sample_facts(), {})
    assert q1 == q2
    assert len(q1) == len(triples(q1)), "no repeated triples"
    assert {q.graph_name for q in q1} == {NamedNode(rdf.graph_iri(f.article.id))}


def test_no_blank_nodes():
    for q in rdf.article_graph(sample_facts(), {}):
        assert not isinstance(q.subject, BlankNode) and not isinstance(q.object, BlankNode)


def test_every_kind_is_typed_explicitly():
    q = rdf.article_graph(sample_facts(), {})
    assert len(subjects_of_type(q, V.ORG_MEMBERSHIP)) == 5
    assert len(subjects_of_type(q, V.ORG_CHANGE_EVENT)) == 1
    assert len(subjects_of_type(q, V.P["Campaign"])) == 3
    assert len(subjects_of_type(q, V.P["EmulationMovement"])) == 1
    assert len(subjects_of_type(q, V.P["Award"])) == 1
    assert len(subjects_of_type(q, V.SCHEMA_EVENT)) == 2
    assert len(subjects_of_type(q, V.P["Session"])) == 1
    assert len(subjects_of_type(q, V.SCHEMA_PLACE)) == 4
    assert subjects_of_type(q, V.P["Site"]) == {rdf.place_iri(f"{BD}/binh-duong-convention-center")}
    assert len(subjects_of_type(q, V.ORG_ORGANIZATION)) == 7
    assert len(subjects_of_type(q, V.SCHEMA_NEWS_ARTICLE)) == 1


def test_body_hierarchy_scope_and_national_flag():
    q = rdf.article_graph(sample_facts(), {})
    assert objects(q, rdf.body_iri(BOARD), V.ORG_SUB_ORG_OF) == {NamedNode(rdf.body_iri(PPC))}
    assert objects(q, rdf.body_iri(PPC), V.P["scope"]) == {NamedNode(rdf.place_iri(BD))}
    assert objects(q, rdf.body_iri(PCC), V.P["national"]) == {Literal(True)}
    assert objects(q, rdf.body_iri(PPC), V.SKOS_ALT) == {Literal("Binh Duong Party Committee")}


def test_bylines_are_not_officials():
    f = sample_facts()
    f.reporters.append("Nguyen Van Loi")  # a reporter who shares an official's name
    q = rdf.article_graph(f, {})
    authors = {o.value for o in objects(q, rdf.article_iri(f.article.id), V.SCHEMA_AUTHOR)}
    assert rdf.byline_iri("Nguyen Van Loi") in authors
    assert rdf.byline_iri("Nguyen Van Loi") != rdf.person_iri("nguyen-van-loi")
    assert all("/id/byline/" in a for a in authors)
    translators = objects(q, rdf.article_iri(f.article.id), V.SCHEMA_TRANSLATOR)
    assert translators == {NamedNode(rdf.byline_iri("Ngoc Anh"))}


def test_membership_provenance_keeps_the_sentence_per_article():
    f = sample_facts("a1")
    q = rdf.article_graph(f, {})
    m = rdf.membership_iri(rdf.person_iri("nguyen-van-loi"), "Secretary", PPC)
    assert objects(q, m, V.PROV_DERIVED_FROM) == {NamedNode(rdf.article_iri("a1"))}
    (d,) = objects(q, m, V.PROV_QUALIFIED_DERIVATION)
    assert d.value == rdf.evidence_iri(m, "a1")
    assert objects(q, d.value, V.PROV_ENTITY_P) == {NamedNode(rdf.article_iri("a1"))}
    assert {o.value for o in objects(q, d.value, V.P["sentence"])} == {
        "Nguyen Van Loi, Secretary of the Provincial Party Committee, said so."
    }


def test_ended_posts_have_an_interval_with_an_end():
    q = rdf.article_graph(sample_facts(), {})
    relieved = rdf.membership_iri(rdf.person_iri("huynh-thi-thanh-phuong"), "Director", PLAN)
    (during,) = objects(q, relieved, V.ORG_MEMBER_DURING)
    (end,) = objects(q, during.value, V.TIME_HAS_END)
    assert objects(q, end.value, V.TIME_IN_XSD_DATE) == {Literal("2025-02-28", datatype=V.XSD_DATE)}
    former = rdf.membership_iri(rdf.person_iri("bui-minh-tri"), "Director", FIN)
    (during,) = objects(q, former, V.ORG_MEMBER_DURING)
    (end,) = objects(q, during.value, V.TIME_HAS_END)
    assert objects(q, end.value, V.P["endedNoLaterThan"]) == {Literal("2025-02-27", datatype=V.XSD_DATE)}
    elected = rdf.membership_iri(rdf.person_iri("bui-minh-tri"), "Vice Chairman", PC)
    (during,) = objects(q, elected, V.ORG_MEMBER_DURING)
    assert objects(q, during.value, V.TIME_HAS_END) == set()
    (start,) = objects(q, during.value, V.TIME_HAS_BEGINNING)
    assert objects(q, start.value, V.TIME_IN_XSD_DATE) == {Literal("2025-02-26", datatype=V.XSD_DATE)}
    current = rdf.membership_iri(rdf.person_iri("nguyen-van-loi"), "Secretary", PPC)
    assert objects(q, current, V.ORG_MEMBER_DURING) == set()
    assert objects(q, current, V.P["status"]) == {Literal("current")}


def test_people_iris_are_used_for_members_and_attendees():
    iri = rdf.person_iri("nguyen-van-loi-2")
    q = rdf.article_graph(sample_facts(), {"nguyen van loi": iri})
    members = {q2.object.value for q2 in q if q2.predicate == V.ORG_MEMBER}
    attendees = {q2.object.value for q2 in q if q2.predicate == V.SCHEMA_ATTENDEE}
    assert iri in members and iri in attendees
    assert rdf.person_iri("nguyen-van-loi") not in members | attendees


# --- identity, pure ----------------------------------------------------------------------


def test_identity_homonym_in_another_province_kept_apart():
    ca_mau = body("ca-mau-department-of-health", "Ca Mau Department of Health", "department", scope="ca-mau")
    f = facts_for("cm-1", "ca-mau", [("Nguyen Van Loi", "Director", ca_mau.key)], [ca_mau])
    existing = identity.Candidate(
        rdf.person_iri("nguyen-van-loi"), frozenset({rdf.body_iri(PPC)}), frozenset({rdf.place_iri(BD)})
    )
    taken = {existing.iri}
    (d,) = identity.resolve(f, {"nguyen van loi": [existing]}, {}, taken.__contains__)
    assert d.rule == "new-homonym"
    assert d.person_iri == rdf.person_iri("nguyen-van-loi-ca-mau")


def test_identity_transferred_official_kept_whole_by_shared_body():
    hn_ppc = body("ha-noi-party-committee", "Ha Noi Party Committee", scope="ha-noi")
    pcc = body(PCC, "Party Central Committee", scope=None, national=True)
    f = facts_for(
        "hn-1",
        "ha-noi",
        [("Nguyen Van Loi", "Secretary", hn_ppc.key), ("Nguyen Van Loi", "Member", PCC)],
        [hn_ppc, pcc],
    )
    existing = identity.Candidate(
        rdf.person_iri("nguyen-van-loi"),
        frozenset({rdf.body_iri(PPC), rdf.body_iri(PCC)}),
        frozenset({rdf.place_iri(BD)}),
    )
    (d,) = identity.resolve(f, {"nguyen van loi": [existing]}, {}, lambda iri: True)
    assert (d.person_iri, d.rule, d.shared_body) == (existing.iri, "shared-body", rdf.body_iri(PCC))


def test_identity_same_province_ties_and_prior_decision_is_kept():
    f = facts_for("bd-9", BD, [("Nguyen Van Loi", "Member", COUNCIL)], [body(COUNCIL, "Council")])
    a = identity.Candidate(rdf.person_iri("nguyen-van-loi"), frozenset(), frozenset({rdf.place_iri(BD)}))
    (d,) = identity.resolve(f, {"nguyen van loi": [a]}, {}, lambda iri: True)
    assert (d.person_iri, d.rule, d.shared_place) == (a.iri, "shared-province", rdf.place_iri(BD))
    f.province = None
    f.bodies = {}
    (d,) = identity.resolve(f, {"nguyen van loi": [a]}, {"nguyen van loi": rdf.person_iri("x")}, lambda iri: True)
    assert (d.person_iri, d.rule) == (rdf.person_iri("x"), "same-article")


def test_identity_decisions_are_written_to_the_article_graph():
    f = facts_for("bd-9", BD, [("Nguyen Van Loi", "Member", COUNCIL)], [body(COUNCIL, "Council")])
    decisions = identity.resolve(f, {}, {}, lambda iri: False)
    q = rdf.article_graph(f, {d.mention_key: d.person_iri for d in decisions}, decisions)
    (node,) = subjects_of_type(q, V.P["IdentityDecision"])
    assert objects(q, node, V.P["resolvedTo"]) == {NamedNode(rdf.person_iri("nguyen-van-loi"))}
    assert objects(q, node, V.P["rule"]) == {Literal("new")}
    assert objects(q, node, V.P["inArticle"]) == {NamedNode(rdf.article_iri("bd-9"))}


def test_evidence_section_and_confidence_only_when_not_from_the_body():
    f = sample_facts("a1")
    q = rdf.article_graph(f, {})
    award = rdf.campaign_iri(f.campaigns[1])
    ev_node = rdf.evidence_iri(award, "a1")
    assert objects(q, ev_node, V.P["section"]) == {Literal("headline")}
    assert objects(q, ev_node, V.P["confidence"]) == {Literal("0.90", datatype=V.XSD_DECIMAL)}
    movement = rdf.evidence_iri(rdf.campaign_iri(f.campaigns[0]), "a1")
    assert objects(q, movement, V.P["section"]) == set() == objects(q, movement, V.P["confidence"])


# --- checkable evidence and the day a post is reported on --------------------------------

HUNG_YEN = Article(
    id="hy-1", source="test", headline="Hưng Yên names a new Director",
    paragraphs=["On May 6, Mr. Trần Quốc Văn, Secretary of the Hung Yen Provincial Party Committee, handed over "
                "the decision. Mr. Lê Văn Hải was appointed Director of the Hung Yen Department of Finance.",
                "Mr. Lê Văn Hải thanked the province."],
    published=date(2025, 5, 8))


def test_article_text_is_stored_and_each_evidence_sentence_is_located_in_it():
    from provkg.ingest.pipeline import extract

    facts = extract(HUNG_YEN)
    q = rdf.article_graph(facts, {})
    art = rdf.article_iri("hy-1")
    (text,) = objects(q, art, V.SCHEMA_TEXT)
    assert text.value == HUNG_YEN.stored_text and text.value.startswith("Hưng Yên names a new Director\n\nOn May 6")
    found = 0
    for ev in subjects_of_type(q, V.P["Evidence"]):
        assert objects(q, ev, V.OA_HAS_SOURCE) == {NamedNode(art)}
        assert NamedNode(V.OA_SPECIFIC_RESOURCE.value) in objects(q, ev, V.TYPE)
        sentences = {s.value for s in objects(q, ev, V.P["sentence"])}
        selectors = objects(q, ev, V.OA_HAS_SELECTOR)
        assert len(selectors) == len(sentences) >= 1
        for sel in selectors:
            assert objects(q, sel.value, V.TYPE) == {V.OA_TEXT_POSITION_SELECTOR}
            ((start,), (end,)) = objects(q, sel.value, V.OA_START), objects(q, sel.value, V.OA_END)
            assert start.datatype == end.datatype == V.XSD_INTEGER and 0 <= int(start.value) < int(end.value)
            assert text.value[int(start.value):int(end.value)] in sentences
            found += 1
    assert found == 2                  # the two posts; people, bodies and places carry no evidence node
    post = rdf.membership_iri(rdf.person_iri("le-van-hai"), "Director", "hung-yen-department-of-finance")
    ev = rdf.evidence_iri(post, "hy-1")
    assert {s.value for s in objects(q, ev, V.P["sentence"])} == {
        "Mr. Lê Văn Hải was appointed Director of the Hung Yen Department of Finance."}


def test_a_membership_evidence_node_says_the_day_the_article_reports_the_post():
    from provkg.ingest.pipeline import extract

    facts = extract(HUNG_YEN)
    q = rdf.article_graph(facts, {})
    secretary = rdf.membership_iri(rdf.person_iri("tran-quoc-van"), "Secretary",
                                   "hung-yen-provincial-party-committee")
    assert objects(q, rdf.evidence_iri(secretary, "hy-1"), V.P["observedOn"]) == {
        Literal("2025-05-06", datatype=V.XSD_DATE)}
    bare = facts_for("bd-10", BD, [("Nguyen Van Loi", "Member", COUNCIL)], [body(COUNCIL, "Council")])
    q = rdf.article_graph(bare, {})
    (node,) = subjects_of_type(q, V.ORG_MEMBERSHIP)
    assert objects(q, rdf.evidence_iri(node, "bd-10"), V.P["observedOn"]) == set()   # nothing said: nothing written
