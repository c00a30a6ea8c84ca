"""/changes as a feed a reader polls: Atom 1.0 (RFC 4287) and JSON Feed 1.1, from the same Change models.

Entry ids are stable and independent of the server's address (`https://w3id.org/provkg/id/change/<id>`), so a
reader shows each change once, wherever the feed is served from; an
entry's `updated` is when its article was ingested (else its date), which is what a reader sorts by."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, time
from xml.etree import ElementTree as ET

from provkg.api import models as M
from provkg.graph import vocab as V

ATOM = "application/atom+xml"
JSON_FEED = "application/feed+json"
ATOM_NS = "http://www.w3.org/2005/Atom"
TITLE = "provkg: changes in Vietnam's provincial political organisations"
KIND_TITLES = {"election": "Elected", "appointment": "Appointed", "relief": "Relieved", "transfer": "Transferred",
               "retirement": "Retired", "end": "Post ended", "merge": "Merger"}


def _name(r: M.Ref | None) -> str:
    return (r.name or r.id) if r else ""


def title(c: M.Change) -> str:
    """One line: what changed, to whom, in which body, when."""
    when = f" ({c.date.isoformat()})" if c.date else ""
    if c.kind == "merge":
        return f"Merger: {' and '.join(_name(r) for r in c.merged)} into {_name(c.into)}{when}"
    return f"{KIND_TITLES[c.kind]}: {_name(c.person)}, {c.role} of {_name(c.organization)}{when}"


def summary(c: M.Change) -> str:
    parts = [c.sentence or ""]
    if c.kind == "end" and c.rule:
        parts.append(f"Rule: {c.rule}" + (f" ({_name(c.ended_by)})" if c.ended_by else "") + ".")
    if c.status:
        parts.append(f"Status today: {c.status}" + (f", last seen {c.last_seen.isoformat()}" if c.last_seen
                                                      else "") + ".")
    return " ".join(p for p in parts if p)


def updated(c: M.Change) -> datetime:
    if c.ingested is not None:
        return c.ingested if c.ingested.tzinfo else c.ingested.replace(tzinfo=UTC)
    if c.date is not None:
        return datetime.combine(c.date, time.min, tzinfo=UTC)
    return datetime(1970, 1, 1, tzinfo=UTC)


def entry_id(c: M.Change) -> str:
    return f"{V.ID}change/{c.id}"


def _stamp(d: datetime) -> str:
    return d.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _link(base: str, r: M.Ref) -> str:
    return f"{base}{r.url}" if r.url else r.iri


def atom(changes: Sequence[M.Change], base: str, self_url: str) -> bytes:
    """An Atom 1.0 feed of these changes (ElementTree escapes every text)."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        e = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            e.text = text
        return e

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", f"{V.ID}changes")
    sub(feed, "title", TITLE)
    sub(feed, "updated", _stamp(max((updated(c) for c in changes), default=datetime(1970, 1, 1, tzinfo=UTC))))
    sub(feed, "link", rel="self", href=self_url, type=ATOM)
    sub(feed, "link", rel="alternate", href=f"{base}/changes")
    author = sub(feed, "author")
    sub(author, "name", "provkg")
    sub(feed, "generator", "provkg")
    for c in changes:
        e = sub(feed, "entry")
        sub(e, "id", entry_id(c))
        sub(e, "title", title(c))
        sub(e, "updated", _stamp(updated(c)))
        if c.date is not None:
            sub(e, "published", _stamp(datetime.combine(c.date, time.min, tzinfo=UTC)))
        sub(e, "link", rel="alternate", href=_link(base, c.article))
        if c.person is not None:
            sub(e, "link", rel="related", href=_link(base, c.person), title=_name(c.person))
        if c.organization is not None:
            sub(e, "link", rel="related", href=_link(base, c.organization), title=_name(c.organization))
        sub(e, "category", term=c.kind)
        sub(e, "summary", summary(c))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def json_feed(changes: Sequence[M.Change], base: str, self_url: str) -> bytes:
    """A JSON Feed 1.1 of these changes; each item also carries the change as /changes gives it (`_provkg`)."""
    items = []
    for c in changes:
        item = {"id": entry_id(c), "url": _link(base, c.article), "title": title(c),
                "content_text": summary(c), "date_modified": _stamp(updated(c)), "tags": [c.kind],
                "_provkg": json.loads(c.model_dump_json())}
        if c.date is not None:
            item["date_published"] = _stamp(datetime.combine(c.date, time.min, tzinfo=UTC))
        items.append(item)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": TITLE, "home_page_url": f"{base}/changes",
            "feed_url": self_url, "authors": [{"name": "provkg"}], "items": items}
    return json.dumps(feed, ensure_ascii=False).encode("utf-8")
