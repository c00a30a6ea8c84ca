"""The HTML pages a browser gets from the REST URLs: a response model rendered by a Jinja template.

The templates (api/templates/) see the same model the JSON answer is made of, so a page shows
nothing a program cannot read. Everything is autoescaped (article text is untrusted); pages load
one same-origin stylesheet and run no script, under a policy that allows nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'")
PAGE_HEADERS = {"Content-Security-Policy": PAGE_CSP, "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer"}
NAV = [("People", "/people"), ("Organizations", "/organizations"), ("Changes", "/changes"),
       ("Merges", "/merges"), ("Articles", "/articles"), ("Campaigns", "/campaigns"), ("Events", "/events"),
       ("Places", "/places"), ("Network views", "/view"), ("SPARQL", "/sparql/ui"), ("API docs", "/docs")]


def day(value: date | str | None) -> str:
    """A date as a journalist writes it: 11 Feb 2025."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day} {value.strftime('%b')} {value.year}"


def span_anchors(facts: Iterable[Any]) -> dict[tuple[int, int], str]:
    """(start, end) of every evidence sentence of an article's facts -> the id its mark gets in the page."""
    return {(e.start, e.end): f"s{e.start}-{e.end}" for f in facts for e in f.evidence}


def marked(text: str | None, anchors: dict[tuple[int, int], str]) -> list[dict[str, Any]]:
    """The article's text cut into pieces, each either plain or inside one or more evidence sentences.

    `anchors` maps (start, end) offsets into `text` to the id of that sentence's mark. Overlapping
    sentences (two facts read from one sentence, a list item inside its lead-in) are cut at every boundary,
    so each piece knows whether a sentence covers it, and the first piece of each sentence carries its id.
    Pure: the template escapes every piece."""
    if not text:
        return []
    spans = sorted((s, e, a) for (s, e), a in anchors.items() if 0 <= s < e <= len(text))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        pieces.append({"text": text[lo:hi], "marked": any(s <= lo and hi <= e for s, e, _ in spans),
                       "ids": [a for s, _, a in spans if s == lo]})
    return pieces


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["day"] = day
    env.globals["nav"] = NAV
    env.globals["marked"] = marked
    env.globals["span_anchors"] = span_anchors
    return env


def _query_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (paging links)."""
    params = dict(request.query_params)
    params.update({k: str(v) for k, v in changes.items() if v is not None})
    return request.url.path + ("?" + urlencode(params) if params else "")


def render_page(template: str, model: BaseModel, request: Request) -> HTMLResponse:
    """The page for a response model."""
    html = environment().get_template(template).render(
        data=model, params=dict(request.query_params), path=request.url.path,
        url_with=lambda **kw: _query_url(request, **kw))
    return HTMLResponse(html, headers=PAGE_HEADERS)
