"""References to nodes in responses: id, IRI, name and the REST URL of nodes that have a page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from provkg.api import models as M
from provkg.graph import ids

URL_PREFIX = {"person": "/people/", "organization": "/organizations/", "article": "/articles/"}


def kind_of(iri: str) -> str | None:
    for kind, prefix in ids.KIND_PREFIX.items():
        if iri.startswith(prefix):
            return kind
    return None


@lru_cache(maxsize=65_536)  # pure, and called for every reference a page holds
def url_for(iri: str) -> str | None:
    """The REST URL of a node that has a page of its own."""
    kind = kind_of(iri)
    if kind == "article":
        return URL_PREFIX[kind] + quote(ids.article_id(iri), safe="-._~")
    if kind in URL_PREFIX:
        return URL_PREFIX[kind] + ids.id_of(iri)
    return None


@lru_cache(maxsize=65_536)
def node_id(iri: str) -> str:
    return ids.article_id(iri) if kind_of(iri) == "article" else ids.id_of(iri)


def ref(iri: str, names: dict[str, str]) -> M.Ref:
    return M.Ref(id=node_id(iri), iri=iri, name=names.get(iri), url=url_for(iri))


def refs(iris: Iterable[str], names: dict[str, str]) -> list[M.Ref]:
    return [ref(i, names) for i in sorted(set(iris), key=lambda i: (names.get(i) or i))]


def lineage_models(steps: list[tuple[str, str, date | None, int]], names: dict[str, str]) -> list[M.Lineage]:
    """graph/lineage.lineage's steps as response models."""
    return [M.Lineage(organization=ref(b, names), merge=ids.id_of(mg), date=d, depth=k) for b, mg, d, k in steps]


def sources(items: Iterable[dict[str, Any]], names: dict[str, str]) -> list[M.Source]:
    """graph/reads/evidence rows (one per sentence) as one Source per article, in their order, so a list of
    sources and its `sources_total` (articles) count the same thing."""
    by_article: dict[str, M.Source] = {}
    for s in items:
        src = by_article.get(s["article"])
        if src is None:
            src = by_article[s["article"]] = M.Source(article=ref(s["article"], names), date=s.get("date"),
                                                      observed=s.get("observed"))
        if s.get("sentence") and s["sentence"] not in src.sentences:
            src.sentences.append(s["sentence"])
            src.sentence = src.sentence or s["sentence"]
        if s.get("observed") and (src.observed is None or s["observed"] < src.observed):
            src.observed = s["observed"]
    return list(by_article.values())
