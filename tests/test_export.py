"""Exports: every format parses back (rdflib, pyoxigraph, Debian's rapper) and kgscore reads TriG."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from provkg.graph import rdf
from provkg.graph.export import rdf_format
from provkg.graph.location import open_store
from pyoxigraph import DefaultGraph
from test_rdf import BD, PPC, body, facts_for, sample_facts

KGSCORE = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "kgscore.py"
RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "trig": "trig",
    "nquads": "nquads",
    "jsonld": "json-ld",
}
DATASET = {"trig", "nquads"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("kg") / "store") as s:
        s.write_article(sample_facts("bd-sample"))
        s.write_article(sample_facts("bd-sample-restated"))
        s.write_article(
            facts_for(
                "bd-other",
                BD,
                [("Nguyen Van Loi", "Secretary", PPC)],
                [body(PPC, "Binh Duong Provincial Party Committee")],
            )
        )
        yield s


def exported(store, fmt: str) -> bytes:
    out = io.BytesIO()
    store.export(fmt, out)
    return out.getvalue()


def expected_count(store, fmt: str) -> int:
    """Every format holds each triple of the set-union default graph once (the dataset ones in one graph each)."""
    return sum(1 for _ in store.raw.quads_for_pattern(None, None, None, DefaultGraph()))


@pytest.mark.parametrize("fmt", sorted(RDFLIB_FORMATS))
def test_export_round_trips_through_rdflib(store, fmt):
    data = exported(store, fmt)
    if fmt in DATASET:
        ds = rdflib.Dataset()
        ds.parse(data=data, format=RDFLIB_FORMATS[fmt])
        n = sum(1 for _ in ds.quads((None, None, None, None)))
    else:
        n = len(rdflib.Graph().parse(data=data, format=RDFLIB_FORMATS[fmt]))
    assert n == expected_count(store, fmt) > 0


@pytest.mark.parametrize("fmt", sorted(RDFLIB_FORMATS))
def test_export_round_trips_through_pyoxigraph(store, fmt):
    parsed = list(pyoxigraph.parse(exported(store, fmt), rdf_format(fmt)))
    assert len(parsed) == len(set(parsed)) == expected_count(store, fmt)


def test_dataset_exports_state_each_triple_in_one_graph(store):
    """What one graph of the store states stays in it; what several state is in the shared graph, once."""
    default = {q.triple for q in store.raw.quads_for_pattern(None, None, None, DefaultGraph())}
    stated_by: dict = {}
    for q in store.raw.quads_for_pattern(None, None, None):
        if q.graph_name != DefaultGraph():
            stated_by.setdefault(q.triple, set()).add(q.graph_name.value)
    for fmt in DATASET:
        quads = list(pyoxigraph.parse(exported(store, fmt), rdf_format(fmt)))
        assert all(q.graph_name != DefaultGraph() for q in quads)
        assert len(quads) == len({q.triple for q in quads})  # no triple in two graphs
        assert {q.triple for q in quads} == default
        for q in quads:
            graphs = stated_by[q.triple]
            assert (q.graph_name.value == rdf.SHARED_GRAPH) == (len(graphs) > 1), (q, graphs)
            assert q.graph_name.value == rdf.SHARED_GRAPH or graphs == {q.graph_name.value}
        shared = [q for q in quads if q.graph_name.value == rdf.SHARED_GRAPH]
        assert shared and len(shared) < len(quads)  # two articles restate the sample: both kinds are there
        assert {q.graph_name.value for q in quads} == {g.value for g in store.raw.named_graphs()} | {rdf.SHARED_GRAPH}


def test_unknown_format_is_a_clear_error(store):
    with pytest.raises(ValueError, match="unknown export format"):
        store.export("rdfa", io.BytesIO())


@pytest.fixture(scope="module")
def rapper() -> str:
    path = shutil.which("rapper")
    assert path, "rapper is missing: apt-get install -y raptor2-utils"
    return path


@pytest.mark.parametrize(("fmt", "syntax"), [("turtle", "turtle"), ("ntriples", "ntriples"), ("nquads", "nquads")])
def test_rapper_parses_the_export(store, rapper, tmp_path, fmt, syntax):
    f = tmp_path / f"kg.{fmt}"
    f.write_bytes(exported(store, fmt))
    run = subprocess.run([rapper, "-i", syntax, "-c", str(f)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert f"returned {expected_count(store, fmt)} triples" in run.stderr, run.stderr
    assert "error" not in run.stderr.lower() and "warning" not in run.stderr.lower(), run.stderr


# --- kgscore -------------------------------------------------------------------------------

GOLD = {
    "province": "Binh Duong",
    "published": "2025-02-27",
    "people": ["Nguyen Van Loi", "Bui Minh Tri", "Huynh Thi Thanh Phuong"],
    "bylines": {"reporters": ["Thanh Hang"], "translators": ["Ngoc Anh"]},
    "organizations": [
        "Binh Duong Provincial Party Committee",
        "Party Central Committee",
        "Binh Duong Provincial People's Council",
        "Binh Duong Provincial People's Committee",
        "Binh Duong Department of Finance",
        "Binh Duong Department of Planning and Investment",
        "Binh Duong Provincial Party Propaganda Education Board",
    ],
    "positions": [
        {
            "person": "Nguyen Van Loi",
            "role": "Secretary",
            "organization": "Binh Duong Provincial Party Committee",
        },
        {"person": "Nguyen Van Loi", "role": "Member", "organization": "Party Central Committee"},
        {
            "person": "Bui Minh Tri",
            "role": "Vice Chairman",
            "organization": "Binh Duong Provincial People's Committee",
        },
    ],
    "merges": [
        {
            "from": ["Binh Duong Department of Planning and Investment", "Binh Duong Department of Finance"],
            "into": "Binh Duong Department of Finance",
            "date": "2025-02-26",
        }
    ],
    "campaigns": [
        {
            "name": "All people unite to build cultural life",
            "kind": "emulation movement",
            "start_year": 2021,
            "end_year": 2025,
        },
        {"name": "Golden Hammer and Sickle Award", "kind": "award", "start_year": None, "end_year": None},
        {"name": "Digital transformation", "kind": "programme", "start_year": 2025, "end_year": None},
    ],
    "events": [
        {
            "kind": "session",
            "date": "2025-02-26",
            "organizer": "Binh Duong Provincial People's Council",
            "attendees": ["Bui Minh Tri", "Nguyen Van Loi"],
        }
    ],
    "places": ["Thu Dau Mot City", "Phu Cuong Ward", "Binh Duong Convention Center"],
    "optional": {
        "positions": [
            {
                "person": "Huynh Thi Thanh Phuong",
                "role": "Director",
                "organization": "Binh Duong Department of Planning and Investment",
            },
            {
                "person": "Bui Minh Tri",
                "role": "Director",
                "organization": "Binh Duong Department of Finance",
            },
        ],
        "events": [{"kind": "conference", "date": None, "organizer": "Binh Duong Provincial People's Committee"}],
        "places": ["Binh Duong"],
    },
}


def score(kg: Path, gold_dir: Path) -> dict[str, tuple[int, int, int]]:
    run = subprocess.run(
        [sys.executable, str(KGSCORE), str(kg), str(gold_dir)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = {}
    for line in run.stdout.splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[1].isdigit():
            out[parts[0]] = (int(parts[1]), int(parts[2]), int(parts[3]))  # gold, kg, tp
    out["overall"] = run.stdout.strip().splitlines()[-1]
    return out


def test_kgscore_reads_the_trig_export(store, tmp_path):
    assert KGSCORE.exists()
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "bd-sample.gold.json").write_text(json.dumps(GOLD))
    kg = tmp_path / "kg.trig"
    kg.write_bytes(exported(store, "trig"))
    result = score(kg, gold_dir)
    for cat in (
        "people",
        "positions",
        "merges",
        "campaigns",
        "events",
        "attendance",
        "places",
        "bylines",
        "organizations",
    ):
        gold, found, tp = result[cat]
        assert gold == found == tp, (cat, result[cat])
    assert result["overall"] == "overall P 1.000 R 1.000 F1 1.000"
