"""One skos:prefLabel per body whatever the order of ingest, and old body ids still resolving.

Two invented Ha Giang articles name one board two ways ("... Mass Mobilization Board" and
"... Mass Mobilization Committee"), a third a third way; they are ingested through the real pipeline
and store in every order. Each store must end with the same one prefLabel for the body, the other
names as altLabels, never a name as both, in the default graph and in every article graph.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import httpx
import pytest
from provkg.graph import labels
from provkg.graph.ids import moved_id
from provkg.graph.load import ingest_paths
from provkg.graph.location import open_store
from server import running_server

BOARD = "https://w3id.org/provkg/id/body/ha-giang-provincial-party-mass-mobilization"
ARTICLES = {
    "hg-board": ("Ha Giang reviews mass mobilization work", "12-03-2024",
                 "On March 11, Mr. Lo Van Khanh, Head of the Ha Giang Provincial Party Mass Mobilization Board, "
                 "chaired a review of the work of the Party's mass mobilization in remote communes."),
    "hg-committee": ("Ha Giang honours skilful mass mobilization models", "20-09-2024",
                     "Ms. Sung Thi Mai, Deputy Head of the Ha Giang Provincial Party Mass Mobilization Committee, "
                     "presented certificates of merit to twelve collectives on September 19."),
    "hg-commission": ("Ha Giang mass mobilization sector sets tasks for 2025", "08-01-2025",
                      "On January 7, Mr. Lo Van Khanh, Head of the Ha Giang Provincial Party Mass Mobilization "
                      "Commission, asked districts to visit every village before the Lunar New Year."),
}
NAMES = {"Ha Giang Provincial Party Mass Mobilization Board", "Ha Giang Provincial Party Mass Mobilization Committee",
         "Ha Giang Provincial Party Mass Mobilization Commission"}


def write_articles(folder: Path, stems: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem in stems:
        headline, day, body = ARTICLES[stem]
        path = folder / f"{stem}.txt"
        path.write_text(f"{headline}\n\nUpdate: {day} | 08:00:00\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def body_labels(store, graph: str | None = None) -> dict[str, set[str]]:
    where = f"GRAPH <{graph}> {{ <{BOARD}> ?p ?l }}" if graph else f"<{BOARD}> ?p ?l"
    out: dict[str, set[str]] = {"prefLabel": set(), "altLabel": set()}
    for r in store.query(f"SELECT ?p ?l WHERE {{ {where} FILTER(?p IN (skos:prefLabel, skos:altLabel)) }}"):
        out[r["p"].value.rsplit("#", 1)[-1]].add(r["l"].value)
    return out


def ingest_in_order(root: Path, stems: list[str]) -> Path:
    store_dir = root / "store"
    with open_store(store_dir) as store:
        for stem in stems:  # one batch per article: each refresh sees the store as it then is
            ingest_paths(write_articles(root / "articles", [stem]), store)
    return store_dir


def test_canonical_name_is_a_fixed_order_of_the_names():
    assert labels.canonical(NAMES) == "Ha Giang Provincial Party Mass Mobilization Board"
    assert labels.canonical(["Ban Dân vận", "Ban Dan van", "Ban Dân vận Tỉnh ủy"]) == "Ban Dan van"  # folded ties: text
    for names in itertools.permutations(sorted(NAMES)):
        assert labels.canonical(names) == "Ha Giang Provincial Party Mass Mobilization Board"


@pytest.mark.parametrize("order", [["hg-board", "hg-committee", "hg-commission"],
                                   ["hg-committee", "hg-commission", "hg-board"],
                                   ["hg-commission", "hg-board", "hg-committee"]])
def test_one_pref_label_whatever_the_order_of_ingest(tmp_path, order):
    with open_store(ingest_in_order(tmp_path, order)) as store:
        union = body_labels(store)
        assert union == {"prefLabel": {"Ha Giang Provincial Party Mass Mobilization Board"},
                         "altLabel": NAMES - {"Ha Giang Provincial Party Mass Mobilization Board"}}, order
        for stem in order:  # each article graph agrees: the canonical name, then its own other names
            own = body_labels(store, f"https://w3id.org/provkg/graph/article/{stem}")
            assert own["prefLabel"] == {"Ha Giang Provincial Party Mass Mobilization Board"}, stem
            assert not own["prefLabel"] & own["altLabel"]
        clash = "SELECT ?b WHERE { ?b skos:prefLabel ?l ; skos:altLabel ?l }"
        assert list(store.query(clash)) == []
        two = "SELECT ?b WHERE { ?b a org:Organization ; skos:prefLabel ?a, ?b2 FILTER(?a != ?b2) }"
        assert list(store.query(two)) == []


def test_rewriting_and_removing_articles_keeps_one_pref_label(tmp_path):
    with open_store(ingest_in_order(tmp_path, ["hg-committee", "hg-board"])) as store:
        ingest_paths(write_articles(tmp_path / "articles", ["hg-committee"]), store)  # re-extracted
        assert body_labels(store)["prefLabel"] == {"Ha Giang Provincial Party Mass Mobilization Board"}
        assert store.remove_article("hg-board")
        store.refresh_inferences()
        after = body_labels(store)
        assert len(after["prefLabel"]) == 1 and not after["prefLabel"] & after["altLabel"]
        assert after["altLabel"] == {"Ha Giang Provincial Party Mass Mobilization Committee"}


def test_a_store_written_before_canonical_labels_is_mended_by_a_full_refresh(tmp_path):
    with open_store(ingest_in_order(tmp_path, ["hg-board", "hg-committee"])) as store:
        g = "https://w3id.org/provkg/graph/article/hg-committee"
        store.update(f"""DELETE DATA {{ GRAPH <{g}> {{
              <{BOARD}> skos:prefLabel "Ha Giang Provincial Party Mass Mobilization Board" ;
                        skos:altLabel "Ha Giang Provincial Party Mass Mobilization Committee" }} }} ;
            INSERT DATA {{ <{BOARD}> skos:prefLabel "Ha Giang Provincial Party Mass Mobilization Committee" .
              GRAPH <{g}> {{ <{BOARD}> skos:prefLabel "Ha Giang Provincial Party Mass Mobilization Committee" }} }}""")
        assert len(body_labels(store)["prefLabel"]) == 2  # as the old write path left it
        store.refresh_inferences(full=True)
        assert body_labels(store)["prefLabel"] == {"Ha Giang Provincial Party Mass Mobilization Board"}


# --- ids of bodies minted before the key stopped repeating a word ------------------------------------------


def test_moved_id_drops_a_repeated_word():
    assert moved_id("binh-duong-provincial-party-party-propaganda") == "binh-duong-provincial-party-propaganda"
    assert moved_id("binh-duong-provincial-party-propaganda") is None
    assert moved_id("x-x-x") == "x"


def test_old_body_ids_redirect_to_the_current_ones(tmp_path):
    store_dir = ingest_in_order(tmp_path, ["hg-board"])
    old = "ha-giang-provincial-party-party-mass-mobilization"
    new = "ha-giang-provincial-party-mass-mobilization"
    with running_server(store_dir) as base:
        for path, target in ((f"/organizations/{old}", f"/organizations/{new}"),
                             (f"/organizations/{old}/members?as_of=2024-06-01",
                              f"/organizations/{new}/members?as_of=2024-06-01"),
                             (f"/view/organization/{old}", f"/view/organization/{new}")):
            r = httpx.get(base + path)
            assert r.status_code == 301 and r.headers["location"] == target, (path, r.status_code, r.text[:200])
            followed = httpx.get(base + path, follow_redirects=True)
            assert followed.status_code == 200 and str(followed.url) == base + target
        assert httpx.get(f"{base}/organizations/ha-giang-provincial-party-party-nothing").status_code == 404
        assert httpx.get(f"{base}/organizations/{new}").json()["name"] == \
            "Ha Giang Provincial Party Mass Mobilization Board"
