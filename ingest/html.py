"""HTML news pages: trafilatura for the main text, markup for the metadata, scrape.py for the rest.

trafilatura finds the article text well but on these pages it sometimes drops the lead
paragraph (a "sapo" outside the body div) and sometimes keeps the "Other news" list or the
portal banner. So the page is also rendered to lines and read like a plain-text scrape
(scrape.py): its body anchors trafilatura's paragraphs (lines from above the headline or from
the teaser list are dropped, a missing lead is put back), and it supplies the byline, the
teasers and, when markup has none, the printed date.

The publication date comes from markup first (meta article:published_time, JSON-LD
datePublished, itemprop datePublished, <time datetime> in the article), read in Vietnam's time
zone; otherwise from the date line under the headline. trafilatura's own date is not used:
it cannot say whether it came from markup or from a guess, and a portal clock is not a date.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlparse

import lxml.html
import trafilatura
from lxml import etree
from provkg.ingest.scrape import (
    Scrape,
    byline,
    date_line,
    finish_body,
    is_agency_tag,
    is_banner,
    is_furniture,
    is_teaser_heading,
    parse_scrape,
    signed_names,
    strip_agency_prefix,
    strip_credits,
)
from provkg.ingest.text import fold

VN_TZ = timezone(timedelta(hours=7))
# The text is already decoded (read.py): parse it as UTF-8 whatever charset the page declares.
_PARSER = lxml.html.HTMLParser(encoding="utf-8")
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head", "input", "button",
              "select", "textarea", "option", "canvas", "object", "embed", "nav")
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article header footer nav aside main figure "
    "figcaption table thead tbody tfoot tr td th blockquote pre address form fieldset center hr "
    "details summary caption".split())
_META_DATES = ("article:published_time", "og:published_time", "article:published", "datepublished",
               "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued",
               "dc.date", "dcterms.created", "citation_publication_date", "date")


@dataclass
class PageMeta:
    """What the markup says about the article."""

    headline: str | None = None
    url: str | None = None
    site: str | None = None
    published: date | None = None
    authors: list[str] = field(default_factory=list)


def parse_tree(html: str) -> etree._Element | None:
    """The page's element tree, or None when there is nothing to parse."""
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _iso_date(value: str) -> date | None:
    """An ISO date or datetime as a date in Vietnam's time zone ("2025-03-13T07:42:00+07:00")."""
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        m = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
        if not m:
            return None
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(VN_TZ)
    return dt.date()


def _json_ld(tree: etree._Element) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph members included."""
    out: list[dict[str, Any]] = []
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return out


def _meta(tree: etree._Element, *names: str) -> str | None:
    """The first non-empty <meta> content among the given property/name/itemprop values."""
    wanted = {n.lower() for n in names}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if key in wanted and (node.get("content") or "").strip():
            return node.get("content").strip()
    return None


def _markup_date(tree: etree._Element, ld: list[dict[str, Any]]) -> date | None:
    """The publication date the markup states, or None. Header/footer <time> elements are clocks."""
    for name in _META_DATES:
        value = _meta(tree, name)
        if value and (d := _iso_date(value)):
            return d
    for item in ld:
        value = item.get("datePublished")
        if isinstance(value, str) and (d := _iso_date(value)):
            return d
    for node in tree.xpath('//*[@itemprop="datePublished"]'):
        value = node.get("content") or node.get("datetime") or ""
        if value and (d := _iso_date(value)):
            return d
    for node in tree.xpath("//time[@datetime]"):
        if node.xpath("ancestor::header|ancestor::footer|ancestor::nav|ancestor::aside"):
            continue
        if d := _iso_date(node.get("datetime", "")):
            return d
    return None


def _person_authors(tree: etree._Element, ld: list[dict[str, Any]]) -> list[str]:
    """Authors the markup names as people (an agency such as "VNA" is not a reporter)."""
    names: list[str] = []
    for item in ld:
        authors = item.get("author")
        for a in authors if isinstance(authors, list) else [authors]:
            if isinstance(a, dict) and a.get("@type") == "Person" and isinstance(a.get("name"), str):
                names.append(a["name"].strip())
    value = _meta(tree, "author", "article:author", "dc.creator")
    if value and not value.startswith("http") and not is_agency_tag(value) and not is_banner(value):
        names.extend(n.strip() for n in re.split(r",|;|\band\b", value) if n.strip())
    return list(dict.fromkeys(n for n in names if n and not is_agency_tag(n)))


def page_meta(tree: etree._Element) -> PageMeta:
    """Headline, canonical URL, site name, date and authors from the markup."""
    ld = _json_ld(tree)
    h1 = next((" ".join(h.text_content().split()) for h in tree.iter("h1") if h.text_content().strip()),
              None)
    title_node = tree.find(".//title")
    title = " ".join(title_node.text_content().split()) if title_node is not None else None
    headline = h1 or _meta(tree, "og:title") or next(
        (i["headline"] for i in ld if isinstance(i.get("headline"), str)), None) or title
    canon = next((link.get("href") for link in tree.iter("link")
                  if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")), None)
    url = canon or _meta(tree, "og:url")
    if url and not url.startswith(("http://", "https://")):
        url = None
    site = _meta(tree, "og:site_name") or (urlparse(url).hostname if url else None)
    return PageMeta(headline, url, site, _markup_date(tree, ld), _person_authors(tree, ld))


def render_lines(tree: etree._Element) -> str:
    """The page as text, one block element per paragraph, like a plain-text scrape. Navigation and the page's
    own footer are chrome by their markup and left out (a footer inside the <article> may hold its byline)."""
    parts: list[str] = []

    def walk(node: etree._Element, in_article: bool = False) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        in_article = in_article or tag == "article"
        if tag in _DROP_TAGS or not tag or (tag == "footer" and not in_article):
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n\n")
        if tag == "br":
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child, in_article)
        if block:
            parts.append("\n\n")
        if node.tail:
            parts.append(node.tail)

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    text = "".join(parts)
    lines = [" ".join(x.split()) for x in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_CELL_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "img", "figure", "section",
                "article")


def without_layout_tables(tree: etree._Element) -> etree._Element:
    """A copy of the page whose layout tables are plain blocks. A table whose cells hold paragraphs, headings,
    other tables or an image lays out a page or frames a photo; read as a data table it would turn the whole
    article into one row of cells. Data tables (cells of text) stay tables."""
    page = copy.deepcopy(tree)
    for table in reversed(list(page.iter("table"))):          # inner tables first: a row is its own table's
        sections = table.xpath("./thead|./tbody|./tfoot")
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        cells = [cell for row in rows for cell in row.xpath("./td|./th")]
        holds = [any(cell.find(".//" + tag) is not None for tag in _CELL_BLOCKS) for cell in cells]
        if any(holds):
            for node in [table, *sections, *rows]:
                node.tag = "div"
            for cell, blocks in zip(cells, holds, strict=True):
                cell.tag = "div" if blocks else "p"      # a cell of text (a photo's caption) is a paragraph
                if not blocks:
                    cell.attrib.pop("class", None)       # read like the text a plain-text scrape keeps
    return page


def _trafilatura_paragraphs(html: str | etree._Element) -> list[str]:
    """Main-text paragraphs as trafilatura sees them (favouring recall; scrape.py prunes)."""
    try:
        text = trafilatura.extract(html, favor_recall=True, include_comments=False, include_tables=True,
                                   include_images=False, with_metadata=False, deduplicate=False)
    except Exception:  # trafilatura raising on odd markup must not cost the article
        text = None
    return [" ".join(x.split()) for x in (text or "").split("\n") if x.strip()]


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(re.sub(r"^\s*[-•»]\s*", "", text))).strip()


def merge_body(traf: list[str], scraped: Scrape, headline: str) -> list[str]:
    """trafilatura's paragraphs, minus chrome and teasers, with a dropped lead put back."""
    if not traf:
        return list(scraped.paragraphs)
    body_keys = [_norm(p) for p in scraped.paragraphs]
    outside = {_norm(x) for x in scraped.before_headline + scraped.trailer} - set(body_keys)
    outside |= {_norm(f"{t.headline}") for t in scraped.teasers}
    head = _norm(headline)
    kept: list[str] = []
    for para in traf:
        key = _norm(para)
        if is_teaser_heading(para) and kept:
            break
        if not key or key == head or key in outside or any(key.startswith(_norm(t.headline)) and
                                                           len(t.headline) > 20 for t in scraped.teasers):
            continue
        if key not in body_keys and (is_furniture(para) or is_banner(para) or byline(para) is not None
                                     or date_line(para, True) or signed_names(para)):
            continue
        kept.append(para)
    if not kept:
        return list(scraped.paragraphs)
    first = _norm(strip_agency_prefix(kept[0]))
    idx = next((i for i, k in enumerate(body_keys) if k == first or k == _norm(kept[0])), -1)
    if idx > 0:
        kept = scraped.paragraphs[:idx] + kept
    return finish_body(kept)


def with_captions(paragraphs: list[str], tree: etree._Element) -> list[str]:
    """The body, then the captions of its photos: trafilatura leaves captions out, yet one tells who is pictured
    doing what, as a .txt scrape keeps it. They come after the body so as not to break its narrative (which
    event a paragraph is of, what "the Secretary" refers to). A caption outside the block of the body paragraph
    printed before it (a sidebar's, a teaser's) stays out; its credits go."""
    keys = {_norm(p) for p in paragraphs}
    captions: list[str] = []
    for caption in tree.iter("figcaption"):
        text = strip_credits(" ".join(caption.text_content().split()))
        before = caption.xpath("preceding::p[1]")
        if (len(text.split()) >= 4 and _norm(text) not in keys and before
                and _norm(" ".join(before[0].text_content().split())) in keys
                and any(a is before[0].getparent() for a in caption.iterancestors())):   # in the body's block
            captions.append(text)
            keys.add(_norm(text))
    return paragraphs + captions


@dataclass
class HtmlArticle:
    """An HTML page read into Article fields (read.py adds id and source)."""

    headline: str
    paragraphs: list[str]
    url: str | None
    published: date | None
    reporters: list[str]
    translators: list[str]
    teasers: list
    site: str | None


def read_html(html: str) -> HtmlArticle | str:
    """Read one HTML page; a reason string (one line) when it holds no article."""
    tree = parse_tree(html)
    if tree is None:
        return "not parseable as HTML"
    meta = page_meta(tree)
    scraped = parse_scrape(render_lines(tree), headline_hint=meta.headline)
    headline = meta.headline or scraped.headline
    paragraphs = merge_body(_trafilatura_paragraphs(without_layout_tables(tree)), scraped, headline)
    paragraphs = with_captions(paragraphs, tree)
    if not paragraphs or sum(len(p.split()) for p in paragraphs) < 15:
        return "no article text found in HTML"
    reporters = list(dict.fromkeys(meta.authors + scraped.reporters))
    return HtmlArticle(headline or paragraphs[0][:120], paragraphs, meta.url,
                       meta.published or scraped.published, reporters, scraped.translators,
                       scraped.teasers, meta.site)
