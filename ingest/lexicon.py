"""Domain knowledge loaded from ontology/*.toml: role words, body types, name shapes, kinds.

Everything the extractor knows about the field lives in those data files; this module
only compiles them into lookups, once per process.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from provkg.ontology import path as data_path


def _load(name: str) -> dict:
    with open(data_path(name), "rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class Role:
    label: str
    single_holder: bool
    default_body: str | None


@dataclass(frozen=True)
class BodyKind:
    kind: str
    label: str
    patterns: tuple[re.Pattern[str], ...]
    parent: str | None
    national: bool
    keep_form: bool


def _plural(word: str) -> str:
    if word.endswith("y") and not word.endswith("ey"):
        return word[:-1] + "ies"
    if word.endswith(("man", "woman")):
        return word[:-3] + "men"
    if word.endswith(("ch", "sh", "s")):
        return word + "es"
    return word + "s"


@cache
def roles() -> dict[str, Role]:
    """Folded role form (singular and plural) -> Role."""
    out: dict[str, Role] = {}
    for r in _load("roles.toml")["role"]:
        role = Role(r["label"], r.get("single_holder", False), r.get("default_body"))
        for form in r["forms"]:
            out.setdefault(form.lower(), role)
            words = form.split()
            out.setdefault(" ".join(words[:-1] + [_plural(words[-1])]).lower(), role)
    return out


@cache
def role_regex() -> re.Pattern[str]:
    """Any role form, longest first, on word boundaries (case-insensitive)."""
    forms = sorted(roles(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])", re.I)


@cache
def former_words() -> tuple[str, ...]:
    return tuple(_load("roles.toml")["modifiers"]["former"])


@cache
def elected_from_members() -> tuple[frozenset[str], frozenset[str], re.Pattern[str]]:
    """(roles, body kinds, signal) of posts whose holders an executive committee elects from its members."""
    data = _load("roles.toml")["elected_from_members"]
    election = r"\belect(?:s|ed|ing|ion)?\b"
    signal = data["signal"]
    return (frozenset(data["roles"]), frozenset(data["body_kinds"]),
            re.compile(rf"(?i){election}[^.]*\b{signal}\b|\b{signal}\b[^.]*{election}"))


@cache
def body_head_nouns() -> tuple[str, ...]:
    """Nouns that end a body's name ("committee", "union", "association")."""
    return tuple(_load("bodies.toml")["heads"]["nouns"])


@cache
def document_heads() -> tuple[str, ...]:
    """Nouns for documents and honours issued by bodies ("Resolution 57 of the Politburo")."""
    return tuple(_load("bodies.toml")["documents"]["heads"])


@cache
def body_kinds() -> tuple[BodyKind, ...]:
    data = _load("bodies.toml")
    return tuple(
        BodyKind(b["kind"], b["label"], tuple(re.compile(p) for p in b["patterns"]), b.get("parent"),
                 b.get("national", False), b.get("keep_form", False))
        for b in data["body"])


@cache
def body_synonyms() -> dict[str, str]:
    return dict(_load("bodies.toml").get("synonyms", {}))


@cache
def body_kind(kind: str) -> BodyKind:
    return next(k for k in body_kinds() if k.kind == kind)


@cache
def names() -> dict:
    data = _load("names.toml")
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in data.items()}


@cache
def event_kinds() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in _load("events.toml")["kinds"].items()}


@cache
def venue_heads() -> tuple[str, ...]:
    """Words that end the name of a venue ("Convention Center", "Cultural House")."""
    return tuple(_load("events.toml")["venues"]["heads"])


@cache
def campaign_kinds() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in _load("events.toml")["campaigns"].items()}


@cache
def merge_grammar() -> dict[str, dict[str, tuple[str, ...]]]:
    """The merger grammar of ontology/merges.toml: its phrase lists, by section and name."""
    return {section: {name: tuple(words) for name, words in lists.items() if isinstance(words, list)}
            for section, lists in _load("merges.toml").items()}


@cache
def merge_counts() -> dict[str, int]:
    """Number words of plural back-references to merged parties ("the two provinces")."""
    return dict(_load("merges.toml")["collectives"]["counts"])
