"""Result formats of the SPARQL endpoint: content negotiation and row-capped serialisers.

Negotiation runs in the server (so a 406 needs no query); the serialisers run in the query
worker processes (so serialising a huge result counts against the time limit and can be
killed with the query). SELECT/ASK results are written here rather than by pyoxigraph's
QuerySolutions.serialize because that one serialises the whole iterator and the endpoint
must stop at `max_rows`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# The formats, by short name: (media type the response carries, kind).
RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
RESULTS_CSV = "text/csv"
RESULTS_TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"

RESULTS_FORMATS = (RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV)
GRAPH_FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML)

# Media types clients send, mapped to what we produce: (for SELECT/ASK, for CONSTRUCT/DESCRIBE).
_ACCEPT_ALIASES: dict[str, tuple[str | None, str | None]] = {
    RESULTS_JSON: (RESULTS_JSON, None),
    "application/json": (RESULTS_JSON, JSONLD),
    "text/javascript": (RESULTS_JSON, None),
    "application/javascript": (RESULTS_JSON, None),
    RESULTS_XML: (RESULTS_XML, None),
    "application/xml": (RESULTS_XML, RDFXML),
    "text/xml": (RESULTS_XML, RDFXML),
    RESULTS_CSV: (RESULTS_CSV, None),
    RESULTS_TSV: (RESULTS_TSV, None),
    TURTLE: (None, TURTLE),
    "application/turtle": (None, TURTLE),
    "application/x-turtle": (None, TURTLE),
    "text/n3": (None, TURTLE),  # Turtle is N3
    "text/rdf+n3": (None, TURTLE),
    "application/n3": (None, TURTLE),
    NTRIPLES: (None, NTRIPLES),
    "text/plain": (None, NTRIPLES),
    JSONLD: (None, JSONLD),
    "application/x-json+ld": (None, JSONLD),
    RDFXML: (None, RDFXML),
}

# Values of the `format` parameter (browsers, SPARQLWrapper's format/output params).
_FORMAT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": (RESULTS_JSON, JSONLD),
    "xml": (RESULTS_XML, RDFXML),
    "csv": (RESULTS_CSV, None),
    "tsv": (RESULTS_TSV, None),
    "turtle": (None, TURTLE),
    "ttl": (None, TURTLE),
    "n3": (None, TURTLE),
    "ntriples": (None, NTRIPLES),
    "n-triples": (None, NTRIPLES),
    "nt": (None, NTRIPLES),
    "jsonld": (None, JSONLD),
    "json-ld": (None, JSONLD),
    "rdfxml": (None, RDFXML),
    "rdf+xml": (None, RDFXML),
    "rdf": (None, RDFXML),
    **_ACCEPT_ALIASES,
}

_RDF_FORMAT = {
    TURTLE: pyoxigraph.RdfFormat.TURTLE,
    NTRIPLES: pyoxigraph.RdfFormat.N_TRIPLES,
    JSONLD: pyoxigraph.RdfFormat.JSON_LD,
    RDFXML: pyoxigraph.RdfFormat.RDF_XML,
}

CONTENT_TYPES = {
    RESULTS_JSON: "application/sparql-results+json; charset=utf-8",
    RESULTS_XML: "application/sparql-results+xml; charset=utf-8",
    RESULTS_CSV: "text/csv; charset=utf-8",
    RESULTS_TSV: "text/tab-separated-values; charset=utf-8",
    TURTLE: "text/turtle; charset=utf-8",
    NTRIPLES: "application/n-triples",
    JSONLD: "application/ld+json",
    RDFXML: "application/rdf+xml",
}


class NotAcceptable(ValueError):
    """Nothing the client accepts can be produced for this kind of result."""


@dataclass(frozen=True)
class Choice:
    """The format to use for each kind of result; None when the client accepts none we make."""

    results: str | None
    graph: str | None

    def for_kind(self, kind: str) -> str:
        chosen = self.results if kind in ("select", "ask") else self.graph
        if chosen is None:
            offered = RESULTS_FORMATS if kind in ("select", "ask") else GRAPH_FORMATS
            raise NotAcceptable(f"cannot produce a {kind.upper()} result in any format the request accepts; "
                                f"available: {', '.join(offered)}")
        return chosen


def _parse_accept(header: str) -> list[tuple[str, float, int]]:
    """(media type, q, position) for each entry of an Accept header, q > 0 only."""
    entries = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            entries.append((media, q, position))
    return entries


def _best(entries: list[tuple[str, float, int]], slot: int, offered: Sequence[str]) -> str | None:
    """The highest-q entry we can produce for one kind; a wildcard gives the first offered format it
    covers (the kind's default for */*), ranked below an exact type of the same q."""
    ranked: list[tuple[float, int, int, str]] = []
    for media, q, position in entries:
        mapped = _ACCEPT_ALIASES.get(media, (None, None))[slot]
        if mapped is not None:
            ranked.append((q, 2, -position, mapped))
        elif media.endswith("/*"):
            stem = "" if media == "*/*" else media[:-1]
            covered = [f for f in offered if f.startswith(stem)]
            if covered:
                ranked.append((q, 1, -position, covered[0]))
    return max(ranked)[3] if ranked else None


def negotiate(accept: str | None, formats: Sequence[str] = ()) -> Choice:
    """Pick formats from `format` parameters (first one we know wins) or else the Accept header.

    Raises NotAcceptable when `format` is given and none of its values is known.
    """
    if formats:
        for value in formats:
            known = _FORMAT_NAMES.get(value.strip().lower())
            if known is not None:
                return Choice(*known)
        raise NotAcceptable(f"unknown format {formats[0]!r}; use one of: json, xml, csv, tsv, turtle, ntriples, "
                            "jsonld, rdfxml")
    if not accept or not accept.strip():
        return Choice(RESULTS_JSON, TURTLE)
    entries = _parse_accept(accept)
    return Choice(_best(entries, 0, RESULTS_FORMATS), _best(entries, 1, GRAPH_FORMATS))


def graph_format(accept: str | None, formats: Sequence[str] = ()) -> str:
    """The RDF format for a graph (Graph Store Protocol); raises NotAcceptable."""
    return negotiate(accept, formats).for_kind("construct")


# --- serialisers (run in the worker) -----------------------------------------------------------


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    return {"type": "literal", "value": str(term)}


def truncation_note(max_rows: int) -> str:
    return f"results truncated to the first {max_rows} rows: the server's row limit (max_rows)"


def select_json(variables: list[str], rows: Iterable[Sequence[Any]], truncated: bool, max_rows: int) -> bytes:
    bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
    doc: dict[str, Any] = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    if truncated:
        doc["truncated"] = True
        doc["row_limit"] = max_rows
        doc["note"] = truncation_note(max_rows)
    return json.dumps(doc, ensure_ascii=False).encode()


def _xml_term(term: Any) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    return f"<literal>{escape(str(term))}</literal>"


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def select_xml(variables: list[str], rows: Iterable[Sequence[Any]], truncated: bool, max_rows: int) -> bytes:
    out = [_XML_HEAD]
    if truncated:
        out.append(f"<!-- {escape(truncation_note(max_rows))} -->\n")
    out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>\n<results>\n")
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                        for v, t in zip(variables, row, strict=True) if t is not None)
        out.append(f"<result>{cells}</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode()


def _csv_cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, NamedNode | Literal):
        return term.value
    return str(term)


def select_csv(variables: list[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_cell(t) for t in row])
    return buf.getvalue().encode()


def _tsv_cell(term: Any) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def select_tsv(variables: list[str], rows: Iterable[Sequence[Any]]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join(_tsv_cell(t) for t in row) for row in rows)
    return ("\n".join(lines) + "\n").encode()


def ask(value: bool, media: str) -> bytes:
    text = "true" if value else "false"
    if media == RESULTS_JSON:
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media == RESULTS_XML:
        return f"{_XML_HEAD}<head/>\n<boolean>{text}</boolean>\n</sparql>\n".encode()
    if media == RESULTS_CSV:
        return f"_askResult\r\n{text}\r\n".encode()
    return f"?_askResult\n{text}\n".encode()


def select(media: str, variables: list[str], rows: list[Sequence[Any]], truncated: bool, max_rows: int) -> bytes:
    if media == RESULTS_JSON:
        return select_json(variables, rows, truncated, max_rows)
    if media == RESULTS_XML:
        return select_xml(variables, rows, truncated, max_rows)
    if media == RESULTS_CSV:
        return select_csv(variables, rows)
    return select_tsv(variables, rows)


def graph(media: str, triples: Iterable[Triple], prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise triples with pyoxigraph (JSON-LD included since pyoxigraph 0.5)."""
    fmt = _RDF_FORMAT[media]
    use_prefixes = prefixes if media in (TURTLE, RDFXML, JSONLD) else None
    return pyoxigraph.serialize(triples, format=fmt, prefixes=use_prefixes) or b""
