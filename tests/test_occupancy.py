"""Occupancy status (graph/occupancy.py, rules in ontology/occupancy.toml): each rule on hand-written tenures,
the window boundaries of every level, and the status periods the inferred graph of a real store holds (deaths
and dissolutions written by hand, as extraction does not state them yet)."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta

import pytest
import rdflib
from provkg import ontology
from provkg.graph import inference, occupancy, rdf, tenure
from provkg.graph.location import open_store
from provkg.graph.reads.rows import rows
from provkg.graph.reads.tenures import body_levels, stored_tenures, tenures_for_bodies
from provkg.ingest.article import Article
from provkg.ingest.pipeline import extract
from pyoxigraph import DefaultGraph, NamedNode, RdfFormat
from pyshacl import validate

SINGLE = frozenset({"Secretary", "Chairman"})
A1, A2, A3, A4 = (f"https://w3id.org/provkg/id/article/t{i}" for i in range(1, 5))
BODY, OTHER, RESULT = "body:x", "body:y", "body:z"
D = timedelta(days=1)


def obs(m: str, person: str, day: date | None, article: str, role: str = "Secretary", body: str = BODY,
        **kw: object) -> tenure.Observation:
    return tenure.Observation(membership=m, person=person, body=body, role=role, article=article, published=day,
                              status=kw.pop("status", "current"), **kw)  # type: ignore[arg-type]


def infer(observations, merges=(), dissolutions=(), deaths=(), level="province") -> dict[str, tenure.Tenure]:
    ts = tenure.infer(observations, list(merges), SINGLE, dissolutions=dissolutions, deaths=deaths)
    return {t.membership: occupancy.with_level(t, level) for t in ts}


def status(t: tenure.Tenure, day: date) -> tuple[str, str]:
    p = occupancy.status_on(t, day)
    return p.status, p.rule


# --- the data ---------------------------------------------------------------------------------------


def test_windows_are_named_in_the_data_file_and_shrink_from_national_to_commune():
    with open(ontology.path("occupancy.toml"), "rb") as f:
        data = tomllib.load(f)
    r = occupancy.rules()
    assert r.window == {k: int(v) for k, v in data["window"].items()}
    assert r.window["national"] > r.window["province"] > r.window["district"] > r.window["commune"] > 0
    assert r.default_level in r.window


def test_the_level_of_a_body_comes_from_its_national_flag_or_its_scope():
    assert occupancy.level_of(True, ["Commune"]) == "national"
    assert occupancy.level_of(False, ["City"], scope_is_province=True) == "province"  # a centrally-run city
    assert occupancy.level_of(False, ["Province"]) == "province"
    assert occupancy.level_of(False, ["District"]) == "district"
    assert occupancy.level_of(False, ["Ward"]) == "commune"
    assert occupancy.level_of(False, ["Commune"]) == "commune"
    assert occupancy.level_of(False, []) == occupancy.rules().default_level


# --- each rule, on hand-written tenures ----------------------------------------------------------------


@pytest.mark.parametrize("level", ["national", "province", "district", "commune"])
def test_a_post_with_no_end_is_current_through_last_seen_plus_its_window_then_unknown(level):
    window = timedelta(days=occupancy.rules().window[level])
    first, last = date(2022, 3, 1), date(2023, 6, 15)
    t = infer([obs("m1", "p1", first, A1), obs("m1", "p1", last, A2)], level=level)["m1"]
    assert (t.level, t.window) == (level, window.days)
    assert status(t, first) == ("current", "reported-within-window")
    assert status(t, last + window) == ("current", "reported-within-window")  # the window's last day
    assert status(t, last + window + D) == ("unknown", "not-reported-within-window")  # the day after
    assert status(t, date(2040, 1, 1)) == ("unknown", "not-reported-within-window")
    assert status(t, first - D) == ("unknown", "no-dated-report")  # before anything reported it
    current = occupancy.status_on(t, last)
    assert (current.start, current.end, current.articles, current.premise) == (first, last + window, (A2,),
                                                                               "observed/last")


def test_a_national_post_stays_current_longer_than_a_commune_post_seen_the_same_day():
    seen = [obs("m1", "p1", date(2024, 1, 10), A1)]
    national, commune = infer(seen, level="national")["m1"], infer(seen, level="commune")["m1"]
    day = date(2024, 1, 10) + timedelta(days=occupancy.rules().window["commune"] + 1)
    assert status(national, day)[0] == "current" and status(commune, day)[0] == "unknown"


def test_a_stated_end_ends_the_post_on_its_date():
    t = infer([obs("m1", "p1", date(2022, 1, 1), A1),
               obs("m1", "p1", date(2023, 3, 2), A2, change="relieved", end=date(2023, 3, 1))])["m1"]
    assert status(t, date(2023, 2, 28)) == ("current", "reported-within-window")
    assert status(t, date(2023, 3, 1)) == ("ended", "post-ended")
    ended = occupancy.status_on(t, date(2030, 1, 1))
    assert (ended.start, ended.end, ended.articles, ended.premise) == (date(2023, 3, 1), None, (A2,), "stated-end")


def test_an_article_calling_the_post_former_ends_it_by_the_day_it_reports():
    t = infer([obs("m1", "p1", date(2022, 1, 1), A1),
               obs("m1", "p1", date(2023, 5, 9), A2, status="former", observed=date(2023, 5, 8))])["m1"]
    assert t.end is not None and (t.end.rule, t.end.date) == ("stated-former", date(2023, 5, 8))
    assert status(t, date(2023, 5, 8)) == ("ended", "post-ended")


def test_a_successor_in_a_single_holder_post_ends_the_predecessor():
    ts = infer([obs("m1", "p1", date(2022, 1, 1), A1), obs("m2", "p2", date(2024, 2, 1), A2)])
    assert ts["m1"].end is not None and ts["m1"].end.rule == "single-holder-succession"
    assert status(ts["m1"], date(2024, 2, 1)) == ("ended", "post-ended")
    assert occupancy.status_on(ts["m1"], date(2024, 2, 1)).premise == "inferred-end"
    assert status(ts["m2"], date(2024, 2, 1)) == ("current", "reported-within-window")


def test_a_gap_between_the_window_and_a_late_end_is_unknown():
    # last seen 2020-01-01, a successor reported only in 2024: current, then unknown, then ended
    ts = infer([obs("m1", "p1", date(2020, 1, 1), A1), obs("m2", "p2", date(2024, 1, 1), A2)])
    window = ts["m1"].window
    assert window is not None
    ps = occupancy.periods(ts["m1"])
    assert [(p.status, p.start, p.end) for p in ps] == [
        ("current", date(2020, 1, 1), date(2020, 1, 1) + timedelta(days=window)),
        ("unknown", date(2020, 1, 1) + timedelta(days=window + 1), date(2023, 12, 31)),
        ("ended", date(2024, 1, 1), None)]


def test_a_merger_ends_the_posts_of_the_body_merged_away():
    merge = tenure.MergeFact("merge:1", (BODY, OTHER), RESULT, date(2025, 3, 1), ((A3, date(2025, 3, 3)),))
    ts = infer([obs("m1", "p1", date(2024, 6, 1), A1), obs("m2", "p2", date(2024, 6, 1), A2, body=RESULT)], [merge])
    assert ts["m1"].end is not None and ts["m1"].end.rule == "body-merged-away" and ts["m1"].ended_by == "merge:1"
    assert status(ts["m1"], date(2025, 2, 28)) == ("current", "reported-within-window")
    assert status(ts["m1"], date(2025, 3, 1)) == ("ended", "post-ended")
    assert ts["m2"].end is None  # the body it went into keeps its posts


def test_a_dissolution_ends_the_posts_of_the_body_dissolved():
    gone = tenure.Dissolution("dissolution:1", (BODY,), date(2025, 7, 1), ((A3, date(2025, 6, 20)),))
    undated = tenure.Dissolution("dissolution:2", (OTHER,), None, ((A4, date(2025, 8, 2)),))
    ts = infer([obs("m1", "p1", date(2024, 6, 1), A1), obs("m2", "p2", date(2024, 6, 1), A2, body=OTHER)],
               dissolutions=[gone, undated])
    assert ts["m1"].end == tenure.Bound(date(2025, 7, 1), "on", "inferred", "body-dissolved", (A3,))
    assert ts["m2"].end == tenure.Bound(date(2025, 8, 2), "no-later-than", "inferred", "body-dissolved", (A4,))
    assert status(ts["m1"], date(2025, 7, 1)) == ("ended", "post-ended")


def test_a_death_ends_all_the_holders_posts_and_no_one_elses():
    death = tenure.Death("p1", date(2024, 9, 3), (A3,))
    ts = infer([obs("m1", "p1", date(2024, 1, 1), A1), obs("m2", "p1", date(2024, 1, 1), A1, body=OTHER,
                                                           role="Member"),
                obs("m3", "p2", date(2024, 1, 1), A2, body=OTHER, role="Member")], deaths=[death])
    for m in ("m1", "m2"):
        assert ts[m].end == tenure.Bound(date(2024, 9, 3), "on", "inferred", "holder-died", (A3,))
        assert ts[m].ended_by == "p1"
        assert status(ts[m], date(2024, 9, 3)) == ("ended", "post-ended")
        assert status(ts[m], date(2024, 9, 2)) == ("current", "reported-within-window")
    assert ts["m3"].end is None


def test_the_earliest_of_death_merger_and_succession_wins_and_a_stated_end_is_never_overridden():
    merge = tenure.MergeFact("merge:1", (BODY,), RESULT, date(2025, 3, 1), ((A3, date(2025, 3, 3)),))
    ts = infer([obs("m1", "p1", date(2024, 1, 1), A1),
                obs("m4", "p4", date(2024, 1, 1), A1, role="Member", change="retired", end=date(2024, 12, 1))],
               [merge], deaths=[tenure.Death("p1", date(2024, 10, 1), (A2,)), tenure.Death("p4", date(2024, 6, 1),
                                                                                           (A2,))])
    assert ts["m1"].end is not None and ts["m1"].end.rule == "holder-died"
    assert ts["m4"].end is not None and ts["m4"].end.rule == "stated-end"


def test_a_post_no_article_dates_is_unknown():
    t = infer([obs("m1", "p1", None, A1)])["m1"]
    assert [(p.status, p.rule, p.articles) for p in occupancy.periods(t)] == [("unknown", "no-dated-report", (A1,))]
    assert status(t, date(2025, 1, 1)) == ("unknown", "no-dated-report")


def test_the_day_an_article_reports_a_post_dates_it_even_without_a_publication_date():
    t = infer([obs("m1", "p1", None, A1, observed=date(2025, 2, 11))])["m1"]
    assert t.start is not None and t.start.date == date(2025, 2, 11) and t.last_seen == date(2025, 2, 11)
    assert status(t, date(2025, 2, 11)) == ("current", "reported-within-window")


# --- in a real store --------------------------------------------------------------------------------------

ARTICLES = [
    ("kg1", date(2024, 3, 5), "On March 4, 2024, Mr. Lam Quoc Thinh, Secretary of the Kien Giang Provincial Party "
                              "Committee, chaired a conference. Ms. Danh Thi Hoa, Head of the Kien Giang "
                              "Provincial Party Inspection Committee, attended."),
    ("kg2", None, "On February 11, 2025, Mr. Tran Huu Nghi, Chairman of the Tra Vinh Provincial People's Committee, "
                  "received a delegation."),
]
THINH = "https://w3id.org/provkg/id/person/lam-quoc-thinh"
INSPECTION = "https://w3id.org/provkg/id/body/kien-giang-provincial-party-inspection-committee"


def _store(tmp_path):
    store = open_store(tmp_path / "kg")
    for aid, day, text in ARTICLES:
        store.write_article(extract(Article(id=aid, source=f"{aid}.txt", headline="Provincial news", published=day,
                                            paragraphs=[text])))
    store.refresh_inferences()
    return store


def _write_by_hand(store, article_id: str, triples: str) -> None:
    store.update(f"INSERT DATA {{ GRAPH <{rdf.graph_iri(article_id)}> {{ {triples} }} {triples} }}")


def test_posts_of_an_undated_article_are_dated_by_the_day_its_text_gives(tmp_path):
    with _store(tmp_path) as store:
        nghi = stored_tenures(store, person="https://w3id.org/provkg/id/person/tran-huu-nghi")
        assert [(t.role, t.start.date if t.start else None, t.last_seen) for t in nghi] == [
            ("Chairman", date(2025, 2, 11), date(2025, 2, 11))]


def test_the_inferred_graph_holds_each_posts_status_periods_with_rule_window_and_premise(tmp_path):
    with _store(tmp_path) as store:
        q = f"""SELECT ?status ?from ?through ?days ?level ?rule ?art ?premise WHERE {{
          ?m org:member <{THINH}> ; provkg:statusPeriod ?p .
          ?p provkg:occupancyStatus ?status ; provkg:windowDays ?days ; provkg:postLevel ?level ;
             prov:wasGeneratedBy ?r ; prov:wasDerivedFrom ?art ; provkg:premise ?premise .
          ?r rdfs:label ?rule . OPTIONAL {{ ?p provkg:statusFrom ?from }} OPTIONAL {{ ?p provkg:statusThrough ?through }}
        }} ORDER BY ?from"""
        got = rows(store, q)
        window = occupancy.rules().window["province"]
        through = (date(2024, 3, 4) + timedelta(days=window)).isoformat()
        after = (date(2024, 3, 4) + timedelta(days=window + 1)).isoformat()
        art = "https://w3id.org/provkg/id/article/kg1"
        assert [(g["status"], g.get("from"), g.get("through"), g["days"], g["level"], g["rule"], g["art"])
                for g in got] == [
            ("current", "2024-03-04", through, str(window), "province", "reported-within-window", art),
            ("unknown", after, None, str(window), "province", "not-reported-within-window", art)]
        assert all(g["premise"].endswith("/observed/last") for g in got)
        assert body_levels(store, [INSPECTION]) == {INSPECTION: "province"}


def test_a_death_and_a_dissolution_written_by_hand_end_posts_with_their_rules_and_conform(tmp_path):
    with _store(tmp_path) as store:
        _write_by_hand(store, "kg1", f"<{THINH}> <https://schema.org/deathDate> "
                                     '"2024-11-20"^^<http://www.w3.org/2001/XMLSchema#date> .')
        ev = "https://w3id.org/provkg/id/change/kg-inspection-dissolved"
        _write_by_hand(store, "kg1", f"""<{ev}> a <http://www.w3.org/ns/org#ChangeEvent> ;
          <http://www.w3.org/ns/org#originalOrganization> <{INSPECTION}> ;
          <http://purl.org/dc/terms/date> "2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
          <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/provkg/id/article/kg1> ;
          <http://www.w3.org/ns/prov#qualifiedDerivation> <{ev}/evidence/kg1> .
          <{ev}/evidence/kg1> a <http://www.w3.org/ns/prov#Derivation>, <https://w3id.org/provkg/ns#Evidence> ;
          <http://www.w3.org/ns/prov#entity> <https://w3id.org/provkg/id/article/kg1> ;
          <https://w3id.org/provkg/ns#sentence> "The Kien Giang Provincial Party Inspection Committee was dissolved." .""")
        # what the writes touched, as Store records it for an article's quads, gives the incremental rebuild ...
        touched = inference.Touched()
        touched.add(store.quads_for_pattern(None, None, None, NamedNode(rdf.graph_iri("kg1"))))
        assert THINH in touched.people and ev in touched.merges
        inference.refresh(store, touched)
        incremental = {t.membership: t for t in tenures_for_bodies(store, sorted(touched.bodies))}
        by_person = {t.person: t for t in stored_tenures(store, sorted(touched.bodies))}
        thinh = by_person[THINH]
        assert thinh.end == tenure.Bound(date(2024, 11, 20), "on", "inferred", "holder-died",
                                         ("https://w3id.org/provkg/id/article/kg1",))
        assert occupancy.status_on(thinh, date(2024, 11, 20)).status == "ended"
        hoa = by_person["https://w3id.org/provkg/id/person/danh-thi-hoa"]
        assert hoa.end is not None and (hoa.end.rule, hoa.end.date, hoa.ended_by) == ("body-dissolved",
                                                                                        date(2025, 1, 1), ev)
        # ... the same as a full one
        store.refresh_inferences(full=True)
        full = {t.membership: t for t in tenures_for_bodies(store, sorted(touched.bodies))}
        assert incremental == full
        nt = store.raw.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
        shapes = rdflib.Graph().parse(ontology.path("shapes.ttl"), format="turtle")
        ok, _, text = validate(rdflib.Graph().parse(data=nt, format="nt"), shacl_graph=shapes, inference="none")
        assert ok, text[:3000]

