"""Namespaces and the terms provkg writes: the one place vocabulary IRIs are spelled.

graph/rdf.py builds quads and SPARQL from these constants; nothing else in the code
base should type an ontology IRI by hand.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

BASE = "https://w3id.org/provkg/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
PROVKG = BASE + "ns#"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
TIME = "http://www.w3.org/2006/time#"
OA = "http://www.w3.org/ns/oa#"

PREFIXES: dict[str, str] = {
    "provkg": PROVKG,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "org": ORG,
    "foaf": FOAF,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCT,
    "schema": SCHEMA,
    "time": TIME,
    "oa": OA,
}
"""Prefixes for serialisations and for queries (passed to pyoxigraph, so SPARQL may omit them)."""

SPARQL_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def _n(ns: str, local: str) -> NamedNode:
    return NamedNode(ns + local)


# --- standard terms ---------------------------------------------------------------
TYPE = _n(RDF, "type")
XSD_DATE = _n(XSD, "date")
XSD_INTEGER = _n(XSD, "integer")
XSD_DATE_TIME = _n(XSD, "dateTime")
XSD_BOOLEAN = _n(XSD, "boolean")
XSD_DECIMAL = _n(XSD, "decimal")
XSD_ANYURI = _n(XSD, "anyURI")

FOAF_PERSON = _n(FOAF, "Person")
FOAF_NAME = _n(FOAF, "name")

SKOS_PREF = _n(SKOS, "prefLabel")
SKOS_ALT = _n(SKOS, "altLabel")

ORG_ORGANIZATION = _n(ORG, "Organization")
ORG_SUB_ORG_OF = _n(ORG, "subOrganizationOf")
ORG_MEMBERSHIP = _n(ORG, "Membership")
ORG_MEMBER = _n(ORG, "member")
ORG_ORGANIZATION_P = _n(ORG, "organization")
ORG_ROLE = _n(ORG, "role")
ORG_ROLE_C = _n(ORG, "Role")
ORG_MEMBER_DURING = _n(ORG, "memberDuring")
ORG_CHANGE_EVENT = _n(ORG, "ChangeEvent")
ORG_ORIGINAL = _n(ORG, "originalOrganization")
ORG_RESULTING = _n(ORG, "resultingOrganization")
ORG_CHANGED_BY = _n(ORG, "changedBy")
ORG_RESULTED_FROM = _n(ORG, "resultedFrom")

TIME_INTERVAL = _n(TIME, "Interval")
TIME_INSTANT = _n(TIME, "Instant")
TIME_HAS_BEGINNING = _n(TIME, "hasBeginning")
TIME_HAS_END = _n(TIME, "hasEnd")
TIME_IN_XSD_DATE = _n(TIME, "inXSDDate")
TIME_INTERVAL_IN = _n(TIME, "intervalIn")

DCT_DATE = _n(DCT, "date")

PROV_ENTITY = _n(PROV, "Entity")
PROV_DERIVED_FROM = _n(PROV, "wasDerivedFrom")
PROV_QUALIFIED_DERIVATION = _n(PROV, "qualifiedDerivation")
PROV_DERIVATION = _n(PROV, "Derivation")
PROV_ENTITY_P = _n(PROV, "entity")
PROV_ACTIVITY = _n(PROV, "Activity")
PROV_GENERATED_BY = _n(PROV, "wasGeneratedBy")
PROV_GENERATED_AT = _n(PROV, "generatedAtTime")

RDFS_LABEL = _n(RDFS, "label")
RDFS_COMMENT = _n(RDFS, "comment")

SCHEMA_NEWS_ARTICLE = _n(SCHEMA, "NewsArticle")
SCHEMA_HEADLINE = _n(SCHEMA, "headline")
SCHEMA_TEXT = _n(SCHEMA, "text")
SCHEMA_DATE_PUBLISHED = _n(SCHEMA, "datePublished")
SCHEMA_URL = _n(SCHEMA, "url")
SCHEMA_DEATH_DATE = _n(SCHEMA, "deathDate")
SCHEMA_AUTHOR = _n(SCHEMA, "author")
SCHEMA_TRANSLATOR = _n(SCHEMA, "translator")
SCHEMA_EVENT = _n(SCHEMA, "Event")
SCHEMA_NAME = _n(SCHEMA, "name")
SCHEMA_START_DATE = _n(SCHEMA, "startDate")
SCHEMA_ORGANIZER = _n(SCHEMA, "organizer")
SCHEMA_ATTENDEE = _n(SCHEMA, "attendee")
SCHEMA_LOCATION = _n(SCHEMA, "location")
SCHEMA_PLACE = _n(SCHEMA, "Place")
SCHEMA_ADMIN_AREA = _n(SCHEMA, "AdministrativeArea")
SCHEMA_CONTAINED_IN = _n(SCHEMA, "containedInPlace")
SCHEMA_AREA_SERVED = _n(SCHEMA, "areaServed")

# W3C Web Annotation: where an evidence sentence lies in the article's stored text
OA_SPECIFIC_RESOURCE = _n(OA, "SpecificResource")
OA_HAS_SOURCE = _n(OA, "hasSource")
OA_HAS_SELECTOR = _n(OA, "hasSelector")
OA_TEXT_POSITION_SELECTOR = _n(OA, "TextPositionSelector")
OA_START = _n(OA, "start")
OA_END = _n(OA, "end")

# --- provkg's own terms (defined in ontology/provkg.ttl) ----------------------------
_PROVKG_TERMS = """
    Campaign EmulationMovement Project Programme Contest Award
    Event Conference Meeting Session Congress Ceremony
    AdministrativeUnit Province City District Town Ward Commune Hamlet SpecialZone Site
    Evidence IdentityDecision
    status change scope national bodyKind nameKey provinceScope
    startYear endYear organiser place budget participants
    contentHash sourceFile site province
    sentence section confidence observedOn endedNoLaterThan adminCode era
    mentionName mentionKey inArticle resolvedTo rule sharedBody sharedPlace
    tenureStart tenureEnd beganNoLaterThan endedBy
    StatusPeriod statusPeriod occupancyStatus statusFrom statusThrough windowDays postLevel premise
"""
P: dict[str, NamedNode] = {name: _n(PROVKG, name) for name in _PROVKG_TERMS.split()}
"""provkg's own classes and properties (defined in ontology/provkg.ttl), by local name."""
