"""Domain knowledge loaded from ontology/*.toml: role words, body types, name shapes, kinds.

Everything the extractor knows about the field lives in those data files; this module
only compiles them into lookups, once per process.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
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
    heads: frozenset[str] = frozenset()   # body kinds whose leaders carry the title (roles.toml `heads`)
    body_noun: str | None = None          # an idiom that names its body's head noun ("Party chief")


@dataclass(frozen=True)
class BodyKind:
    kind: str
    label: str
    patterns: tuple[re.Pattern[str], ...]
    parent: str | None
    national: bool
    keep_form: bool
    leader: str | None = None    # the title of whoever heads a body of this kind
    fields: frozenset[str] = frozenset()   # the only values its {X} may take, when it names them
    word: str = ""               # what {W} (the printed kind word) is in the body's key: one body, any word


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
    data = _load("roles.toml")
    interim = data["modifiers"]["interim"]
    out: dict[str, Role] = {}
    for r in data["role"]:
        role = Role(r["label"], r.get("single_holder", False), r.get("default_body"), frozenset(r.get("heads", ())),
                    r.get("body_noun"))
        acting = Role(f"{interim[0]} {role.label}", False, role.default_body, role.heads, role.body_noun)
        for form in r["forms"]:
            words = form.split()
            plural = " ".join(words[:-1] + [_plural(words[-1])])
            # "Vice-Chairman", "Standing Vice-Chairwoman": a hyphen may stand for any one space of a form
            hyphened = [f"{' '.join(words[:i])}-{' '.join(words[i:])}" for i in range(1, len(words))]
            for f in (form, plural, *hyphened, *(f"{h[:-len(words[-1])]}{_plural(words[-1])}" for h in hyphened)):
                out.setdefault(f.lower(), role)
                for word in interim:         # "Acting Director": an interim holder's title of its own
                    out.setdefault(f"{word} {f}".lower(), acting)
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
def role_modifiers() -> dict[str, tuple[str, ...]]:
    """ontology/roles.toml [modifiers]: the words that make a title a former or interim post."""
    return {k: tuple(v) for k, v in _load("roles.toml")["modifiers"].items()}


@cache
def title_grammar() -> dict[str, tuple[str, ...]]:
    """ontology/roles.toml [grammar]: the words that join titles, and the verbs around them."""
    return {k: tuple(v) for k, v in _load("roles.toml")["grammar"].items()}


@cache
def career_pattern() -> re.Pattern[str]:
    """A sentence telling a career, whose titles are posts held before (roles.toml [modifiers] career)."""
    return re.compile("|".join(f"(?:{c})" for c in _load("roles.toml")["modifiers"]["career"]), re.I)


@cache
def election_pattern() -> re.Pattern[str]:
    """A verb of election ("elected", "re-elected", "chose"), from roles.toml [elected_from_members]."""
    return re.compile("(?:" + "|".join(_load("roles.toml")["elected_from_members"]["election"]) + ")", re.I)


@cache
def elected_from_members() -> tuple[frozenset[str], frozenset[str], re.Pattern[str]]:
    """(roles, body kinds, signal) of posts whose holders an executive committee elects from its members."""
    data = _load("roles.toml")["elected_from_members"]
    election = election_pattern().pattern
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
    awards = _load("events.toml")["awards"]
    honours = [h.lower() for h in awards["heads"]] + list(awards["conferred_by"])
    return tuple(dict.fromkeys([*_load("bodies.toml")["documents"]["heads"], *honours]))


@cache
def body_kinds() -> tuple[BodyKind, ...]:
    data = _load("bodies.toml")
    return tuple(
        BodyKind(b["kind"], b["label"], tuple(re.compile(p) for p in b["patterns"]), b.get("parent"),
                 b.get("national", False), b.get("keep_form", False), b.get("leader"), frozenset(b.get("fields", ())),
                 b.get("word", ""))
        for b in data["body"])


@cache
def chapter_kinds() -> frozenset[str]:
    """Kinds of body any agency or unit may have a chapter of ("the Party Committee of the Department of
    Health", "its Youth Union"): ontology/bodies.toml [chapters]."""
    return frozenset(_load("bodies.toml")["chapters"]["kinds"])


@cache
def chapter_labels() -> dict[str, str]:
    """The name a chapter of a kind takes whatever its printed variant (bodies.toml [chapters] labels)."""
    return dict(_load("bodies.toml")["chapters"].get("labels", {}))


@cache
def body_synonyms() -> dict[str, str]:
    return dict(_load("bodies.toml").get("synonyms", {}))


@cache
def body_kind(kind: str) -> BodyKind:
    return next(k for k in body_kinds() if k.kind == kind)


@cache
def leader_of(kind: str) -> str | None:
    """The title of whoever heads a body of that kind ("department" -> "Director"); "Head" for a body of no
    known kind."""
    known = next((k for k in body_kinds() if k.kind == kind), None)
    return known.leader if known else "Head"


@cache
def names() -> dict:
    data = _load("names.toml")
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in data.items()}


@cache
def place_data() -> dict:
    """ontology/places.toml: the press's province aliases and the nouns that end place and site names."""
    return _load("places.toml")


@cache
def surnames() -> frozenset[str]:
    """Family names (ontology/names.toml), as printed without diacritics ("Nguyen", "Ksor")."""
    return frozenset(names()["surnames"])


@cache
def rank_pattern() -> str:
    """A military or police rank ("Colonel General", "Police Major General", "Senior Lieutenant Colonel"),
    as a regular expression built from ontology/names.toml [ranks]."""
    ranks = _load("names.toml")["ranks"]

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return rf"(?:(?:{alt(ranks['services'])})\s+)?(?:(?:{alt(ranks['grades'])})\s+){{0,2}}(?:{alt(ranks['heads'])})"


@cache
def address_pattern() -> str:
    """An address word or a rank before a name ("Mr.", "comrade", "Colonel General"), as a regular expression."""
    words = sorted(names()["address"], key=len, reverse=True)
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") + (r"(?![\w])" if w[-1].isalnum() else "") for w in words)
    return rf"(?:{alts}|{rank_pattern()}(?![\w]))"


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
def event_grammar(section: str) -> dict[str, tuple[str, ...]]:
    """A section of ontology/events.toml ("verbs", "campaign_grammar", "awards"): name -> word list."""
    return {k: tuple(v) for k, v in _load("events.toml")[section].items()}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of words and phrases, longest first, a phrase's spaces matching any spacing."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def words_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `words` as whole words (phrases allow any spacing), longest first, case-insensitive."""
    return re.compile(r"(?i)(?<![\w-])(?:" + alternation(words) + r")(?![\w-])")


@cache
def event_table(section: str) -> dict[str, str]:
    """A section of ontology/events.toml that maps a phrase to a label ([congress_hosts])."""
    return dict(_load("events.toml")[section])


@cache
def merge_grammar() -> dict[str, dict[str, tuple[str, ...]]]:
    """The merger grammar of ontology/merges.toml: its phrase lists, by section and name."""
    return {section: {name: tuple(words) for name, words in lists.items() if isinstance(words, list)}
            for section, lists in _load("merges.toml").items()}


@cache
def merge_counts() -> dict[str, int]:
    """Number words of plural back-references to merged parties ("the two provinces")."""
    return dict(_load("merges.toml")["collectives"]["counts"])
