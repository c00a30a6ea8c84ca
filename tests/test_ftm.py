"""The FollowTheMoney export: written by `provkg export --format ftm`, read back by followthemoney's own reader,
checked and aggregated by the `ftm` command line, with as many persons, positions and occupancies as the graph
holds; the same entities at GET /export.ftm.json."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
import pytest
from followthemoney import model
from followthemoney.cli.util import path_entities
from followthemoney.entity import ValueEntity
from provkg.graph import ftm, occupancy
from provkg.graph.location import open_store
from provkg.graph.reads.rows import rows
from provkg.graph.reads.tenures import stored_tenures
from test_rest import build_store, serve

AS_OF = "2026-01-15"
DEV = sorted(p for p in (Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev").glob("*")
             if p.suffix in (".txt", ".html", ".jsonl"))
GRAPH_COUNTS = {
    "Person": """SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person
                  FILTER(STRSTARTS(STR(?p), "https://w3id.org/provkg/id/person/")) }""",
    "Position": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?b ?r WHERE { ?m a org:Membership ; "
                "org:organization ?b ; org:role ?r } }",
    "Occupancy": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a org:Membership }",
    "Membership": """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a org:Membership ; org:role ?r .
                      ?r skos:prefLabel ?l FILTER(?l IN ("Member", "Alternate Member")) }""",
}


def ftm_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """followthemoney's own `ftm` command, beside the interpreter running the tests."""
    exe = Path(sys.executable).parent / "ftm"
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=120)


def graph_counts(store_dir: Path) -> dict[str, int]:
    with open_store(store_dir) as store:
        return {k: int(rows(store, q)[0]["n"]) for k, q in GRAPH_COUNTS.items()}


def read_back(path: Path) -> list[ValueEntity]:
    return list(path_entities(path, ValueEntity, cleaned=False))


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory, run_cli, articles_dir) -> tuple[Path, Path]:
    """data/articles ingested and exported by the CLI, as the README shows."""
    root = tmp_path_factory.mktemp("ftm-demo")
    store = root / "store"
    assert run_cli("ingest", articles_dir, "--store", store).returncode == 0
    out = root / "entities.ftm.json"
    r = run_cli("export", "--store", store, "--format", "ftm", "-o", out, "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
    return store, out


def test_the_demo_export_reads_back_with_the_graphs_counts_of_persons_positions_and_occupancies(demo_export,
                                                                                                 tmp_path):
    store, out = demo_export
    entities = read_back(out)
    counts = Counter(e.schema.name for e in entities)
    expected = graph_counts(store)
    assert expected["Person"] > 0 and expected["Occupancy"] > 0
    for schema, n in expected.items():
        assert counts[schema] == n, (schema, counts)
    # the `ftm` tools take it: validate keeps every value (nothing was invalid), aggregate keeps every entity
    valid = tmp_path / "valid.ftm.json"
    r = ftm_cli("validate", "-i", out, "-o", valid)
    assert r.returncode == 0, r.stderr
    assert {e.id: e.to_dict() for e in read_back(valid)} == {e.id: e.to_dict() for e in entities}
    agg = tmp_path / "aggregated.ftm.json"
    assert ftm_cli("aggregate", "-i", out, "-o", agg).returncode == 0
    assert Counter(e.schema.name for e in read_back(agg)) == counts
    # every reference resolves to an entity of the export
    ids = {e.id for e in entities}
    for e in entities:
        for prop in e.iterprops():
            if prop.type.name == "entity":
                assert set(e.get(prop)) <= ids, (e.id, prop.name)


def test_the_demo_export_describes_peps_positions_and_occupancies(demo_export):
    _, out = demo_export
    by_id = {e.id: e for e in read_back(out)}
    loi = by_id["provkg-person-nguyen-van-loi"]
    assert loi.get("name") == ["Nguyen Van Loi"] and loi.get("country") == ["vn"] and "role.pep" in loi.get("topics")
    assert "Secretary of the Binh Duong Provincial Party Committee" in loi.get("position")
    positions = {e.first("name"): e for e in by_id.values() if e.schema.name == "Position"}
    secretary = positions["Secretary of the Binh Duong Provincial Party Committee"]
    assert secretary.get("organization") == ["provkg-body-binh-duong-provincial-party-committee"]
    assert secretary.get("subnationalArea") == ["Binh Duong Province"] and "gov.state" in secretary.get("topics")
    # the demo corpus reports two Secretaries of that Committee (2020 and 2025): each holds it by an Occupancy
    occs = [e for e in by_id.values() if e.schema.name == "Occupancy" and e.get("post") == [secretary.id]]
    assert {h for e in occs for h in e.get("holder")} >= {loi.id, "provkg-person-tran-van-nam"}
    occ = next(e for e in occs if e.get("holder") == [loi.id])
    assert occ.get("status")[0] in {"current", "unknown"}
    assert occ.get("sourceUrl") and all(u.startswith("http") for u in occ.get("sourceUrl"))
    body = by_id["provkg-body-binh-duong-provincial-party-mass-mobilization"]
    assert body.schema.name == "PublicBody" and body.get("dissolutionDate") == ["2025-02-10"]
    assert body.get("parent") == ["provkg-body-binh-duong-provincial-party-committee"]


def test_entity_ids_and_content_are_stable_across_runs(demo_export, run_cli, tmp_path):
    store, out = demo_export
    again = tmp_path / "again.ftm.json"
    assert run_cli("export", "--store", store, "--format", "ftm", "-o", again, "--as-of", AS_OF).returncode == 0
    assert again.read_bytes() == out.read_bytes()


def test_a_bad_as_of_is_a_clear_error(demo_export, run_cli, tmp_path):
    store, _ = demo_export
    r = run_cli("export", "--store", store, "--format", "ftm", "-o", tmp_path / "x.json", "--as-of", "soon")
    assert r.returncode != 0 and "--as-of 'soon' is not a date: give YYYY-MM-DD" in r.stderr
    assert "Traceback" not in r.stderr


# --- statuses, ends and seats, on the test corpus with successions and mergers ---------------------------


@pytest.fixture(scope="module")
def rest_store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("ftm-rest"))


def test_occupancies_carry_the_status_dates_and_ends_the_graph_infers(rest_store, tmp_path):
    out = tmp_path / "e.ftm.json"
    with open_store(rest_store) as store, out.open("wb") as f:
        counts = ftm.write(store, f, date.fromisoformat(AS_OF))
        tenures = {ftm.entity_id("occupancy", t.membership): t
                   for t in stored_tenures(store, sorted({r["b"] for r in rows(
                       store, "SELECT DISTINCT ?b WHERE { ?m org:organization ?b }")}))}
    entities = read_back(out)
    assert counts == dict(Counter(e.schema.name for e in entities))
    assert counts["Occupancy"] == len(tenures) == graph_counts(rest_store)["Occupancy"]
    for e in (e for e in entities if e.schema.name == "Occupancy"):
        t = tenures[e.id]
        assert e.get("status") == [occupancy.status_on(t, date.fromisoformat(AS_OF)).status]
        assert e.get("endDate") == ([t.end.date.isoformat()] if t.end else [])
        assert e.get("startDate") == ([t.start.date.isoformat()] if t.start else [])
    by_id = {e.id: e for e in entities}
    an = next(e for e in entities if e.schema.name == "Occupancy" and e.get("holder") == ["provkg-person-tran-van-an"])
    assert an.get("status") == ["ended"] and an.get("endDate") == ["2024-05-19"]
    assert "single-holder-succession" in an.first("description")
    board = next(e for e in entities if e.schema.name == "Position"
                 and e.first("name") == "Head of the Ca Mau Provincial Party Propaganda Board")
    assert board.get("dissolutionDate") == ["2025-03-01"]
    commission = by_id["provkg-body-ca-mau-provincial-party-propaganda-mass-mobilization"]
    assert commission.get("incorporationDate") == ["2025-03-01"]
    # a seat (Member of the Party Central Committee) is a Membership too, with the same dates and status
    seat = next(e for e in entities if e.schema.name == "Membership")
    occ = by_id[seat.id.replace("provkg-membership-", "provkg-occupancy-")]
    assert seat.get("member") == occ.get("holder") and seat.get("status") == occ.get("status")
    assert seat.get("role") in (["Member"], ["Alternate Member"])


def test_the_same_entities_are_served_streamed_at_export_ftm_json(rest_store, tmp_path):
    out = tmp_path / "cli.ftm.json"
    with open_store(rest_store) as store, out.open("wb") as f:
        ftm.write(store, f, date.fromisoformat(AS_OF))
    with serve(rest_store) as base, httpx.Client(base_url=base, timeout=60) as client:
        with client.stream("GET", "/export.ftm.json", params={"as_of": AS_OF}) as r:
            assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
            body = b"".join(r.iter_bytes())
        assert client.get("/export.ftm.json", params={"as_of": "someday"}).status_code == 422
        spec = client.get("/openapi.json").json()
    assert body == out.read_bytes()
    assert "application/x-ndjson" in spec["paths"]["/export.ftm.json"]["get"]["responses"]["200"]["content"]
    assert all(model.get(e.schema.name) for e in read_back(out))


@pytest.mark.skipif(not DEV, reason="development corpus not available")
def test_the_development_corpus_exports_as_many_entities_as_its_graph_holds(tmp_path):
    from provkg.graph.load import ingest_paths

    with open_store(tmp_path / "dev") as store:
        assert not ingest_paths(DEV, store).failures
        out = tmp_path / "dev.ftm.json"
        with out.open("wb") as f:
            ftm.write(store, f, date.fromisoformat(AS_OF))
    counts = Counter(e.schema.name for e in read_back(out))
    expected = graph_counts(tmp_path / "dev")
    assert {k: counts[k] for k in expected} == expected
    assert counts["PublicBody"] > 100 and counts["Organization"] > 0  # mass organisations are not public bodies
    r = ftm_cli("validate", "-i", out, "-o", tmp_path / "valid.ftm.json")
    assert r.returncode == 0, r.stderr
