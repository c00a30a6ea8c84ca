"""Articles, newest first, and everything extracted from one, each fact with its sentence."""

from __future__ import annotations

from fastapi import APIRouter
from provkg.api import models as M
from provkg.api.deps import StoreDep
from provkg.api.routes.json_route import ModelJSONRoute, page
from provkg.api.routes.links import ref, refs, url_for
from provkg.api.routes.params import NOT_FOUND, Ident, Limit, Offset, not_found
from provkg.graph import vocab as V
from provkg.graph.ids import article_id
from provkg.graph.reads.articles import article, articles_page, count_articles
from provkg.graph.reads.names import labels

router = APIRouter(tags=["articles"], route_class=ModelJSONRoute)


@router.get("/articles", response_model=M.ArticlePage, summary="Articles, newest first (undated last)")
@page("pages/articles.html")
def list_articles(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> M.ArticlePage:
    total = count_articles(store)
    page = articles_page(store, limit, offset)
    names = labels(store, {a["province"] for a in page if a["province"]})
    items = [M.ArticleSummary(id=article_id(a["iri"]), iri=a["iri"], headline=a["headline"], date=a["date"],
                              url=a["url"], province=ref(a["province"], names) if a["province"] else None,
                              link=url_for(a["iri"]) or "") for a in page]
    return M.ArticlePage(items=items, total=total, limit=limit, offset=offset)


def _one(by: dict[str, list[str]], term: object) -> str | None:
    values = sorted(by.get(str(getattr(term, "value", term)), []))
    return values[0] if values else None


@router.get("/articles/{id}", response_model=M.ArticleDetail, responses=NOT_FOUND,
            summary="Everything extracted from one article, each fact with its sentence")
@page("pages/article.html")
def get_article(id: Ident, store: StoreDep) -> M.ArticleDetail:
    """Read from the article's own named graph: people, bodies, places, positions, merges, campaigns, events."""
    data = article(store, id)
    if data is None:
        raise not_found("article", id)
    by = data["by"]
    names: dict[str, str] = {}
    for key in ("people", "organizations", "places"):
        names.update({r["x"]: r["n"] for r in data[key]})
    province = _one(by, V.P["province"])
    if province:
        names.update(labels(store, [province]))
    facts: dict[str, M.ArticleFact] = {}
    for r in data["positions"]:
        f = facts.get(r["x"]) or M.ArticleFact(
            kind="position", iri=r["x"], person=ref(r["person"], names), role=r["role"],
            organization=ref(r["body"], names), status=r.get("status"), change=r.get("change"),
            start=r.get("start"), end=r.get("end") or r.get("endBy"), sentences=[],
            summary=f"{names.get(r['person'], r['person'])}: {r['role']}, {names.get(r['body'], r['body'])}")
        facts[r["x"]] = f
        if r.get("sentence") and r["sentence"] not in f.sentences:
            f.sentences.append(r["sentence"])
    for r in data["merges"]:
        f = facts.get(r["x"]) or M.ArticleFact(kind="merge", iri=r["x"], result=ref(r["res"], names),
                                               date=r.get("date"), sentences=[], summary="")
        facts[r["x"]] = f
        if ref(r["src"], names) not in f.originals:
            f.originals.append(ref(r["src"], names))
        f.summary = (" + ".join(o.name or o.id for o in f.originals) + f" -> {f.result.name or f.result.id}"
                     if f.result else "")
        if r.get("sentence") and r["sentence"] not in f.sentences:
            f.sentences.append(r["sentence"])
    for kind, key in (("campaign", "campaigns"), ("event", "events")):
        for r in data[key]:
            f = facts.get(r["x"]) or M.ArticleFact(kind=kind, iri=r["x"], summary=r.get("n") or kind,
                                                   date=r.get("date"), sentences=[])
            facts[r["x"]] = f
            if r.get("sentence") and r["sentence"] not in f.sentences:
                f.sentences.append(r["sentence"])
    text = _one(by, V.SCHEMA_TEXT)
    for fact, span in text_spans(data["spans"], text).items():
        if fact in facts:
            facts[fact].evidence = span
    bylines = {r["x"]: r["n"] for r in data["bylines"]}
    authors = sorted(bylines[a] for a in by.get(V.SCHEMA_AUTHOR.value, []) if a in bylines)
    translators = sorted(bylines[a] for a in by.get(V.SCHEMA_TRANSLATOR.value, []) if a in bylines)
    return M.ArticleDetail(
        id=id, iri=data["iri"], headline=_one(by, V.SCHEMA_HEADLINE), date=_one(by, V.SCHEMA_DATE_PUBLISHED),
        url=_one(by, V.SCHEMA_URL), site=_one(by, V.P["site"]), source_file=_one(by, V.P["sourceFile"]),
        province=ref(province, names) if province else None, authors=authors, translators=translators,
        people=refs([r["x"] for r in data["people"]], names),
        organizations=refs([r["x"] for r in data["organizations"]], names),
        places=refs([r["x"] for r in data["places"]], names),
        facts=sorted(facts.values(), key=lambda f: (f.kind, f.summary, f.iri)), text=text)


def text_spans(rows: list[dict[str, str]], text: str | None) -> dict[str, list[M.TextSpan]]:
    """Fact IRI -> its sentences' places in the article's text, in text order (offsets that do not fit the
    stored text are left out rather than shown wrong)."""
    out: dict[str, list[M.TextSpan]] = {}
    if not text:
        return out
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        if 0 <= start < end <= len(text):
            out.setdefault(r["x"], []).append(M.TextSpan(sentence=text[start:end], start=start, end=end))
    for spans in out.values():
        spans.sort(key=lambda s: (s.start, s.end))
    return out
