"""Every ingest result of the real pipeline satisfies the SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from provkg import ontology
from provkg.graph.location import open_store
from provkg.ingest.article import Article
from provkg.ingest.pipeline import extract
from provkg.ingest.read import read_paths
from pyoxigraph import RdfFormat
from pyshacl import validate

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"


@pytest.mark.parametrize("source", [ROOT / "data" / "articles", DEV], ids=["samples", "dev-corpus"])
def test_ingested_graph_conforms_to_shapes(source, tmp_path):
    if not source.exists():
        pytest.fail(f"{source} is missing: the samples ship with the repo, the dev corpus beside it")
    articles = [a for a in read_paths([source]) if isinstance(a, Article)]
    assert articles
    with open_store(tmp_path / "kg") as store:
        for article in articles:
            store.write_article(extract(article))
        nt = store.raw.dump(format=RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    shapes = rdflib.Graph().parse(ontology.path("shapes.ttl"), format="turtle")
    ok, _, text = validate(rdflib.Graph().parse(data=nt, format="nt"), shacl_graph=shapes, inference="none")
    assert ok, text[:3000]
