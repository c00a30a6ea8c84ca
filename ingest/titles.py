"""Title-chain grammar: find titles (role + body phrase) in a sentence and attach them to people.

    CHAIN  := TITLE (SEP TITLE)*            SEP := "," | "and" | "-" | "cum" | ";" (within one person)
    TITLE  := [former] ROLE [of|at|in BODY] | BODY-PREFIX ROLE ("Provincial Party Secretary")
A chain attaches to the name right before it ("X, Secretary of ..."), the name right after
it ("Secretary of the City Party Committee X"), or the subject/object of a verb that
introduces it ("X was elected Chairman of ...", "relieve X of the position of ...").
A plural role ("Deputy Secretaries") attaches to every person of a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from provkg.ingest.lexicon import (
    address_pattern,
    alternation,
    body_head_nouns,
    former_words,
    role_modifiers,
    role_regex,
    roles,
    title_grammar,
)
from provkg.ingest.names import NameSpan, name_at, name_starts, names_after, names_before

_TOKEN = re.compile(r"\([\w\s.-]{1,12}\)|[A-Za-z0-9][\w'’&/.-]*(?<![.])|[^\w\s]")
# lower-case words a body's name may hold besides its head nouns (ontology/bodies.toml [heads])
_BODY_LOWER_WORDS = {"of", "and", "the", "for", "provincial", "province", "province's", "city", "city's", "district",
                     "district's", "party", "people's", "commune", "ward", "town", "municipal", "old", "new", "newly",
                     "deputies", "delegates", "members", "central", "communist", "executive", "standing", "&", "-",
                     "–", "provinces", "people’s", "army's", "cities", "city-level", "provincial-level", "merged",
                     "formed", "established"}


@cache
def _body_lower() -> frozenset[str]:
    """Lower-case words that may sit inside a body's printed name: the words above and the head nouns."""
    heads = set(body_head_nouns())
    return frozenset(_BODY_LOWER_WORDS | heads | {f"{h}'s" for h in heads})
_PREFIX_BODY_WORDS = re.compile(
    r"((?:[A-Z][\w'’]*|provincial|city|district|party|people's|standing|committee)\s+){1,8}$")
_VERB_BEFORE = re.compile(
    r"(?:\b(?:appoint|appoints|appointing|appointed|elect|elects|electing|elected|re-elected|named|nominated|assigned|promoted|designated|introduced|voted|chosen|"
    r"made|became|become|becomes|becoming|remains|remain|holds?|held|holding|took|take|takes|taking|assume[sd]?|"
    r"serves?|served|serving|worked|working|is|was|were|are|been|be|being|acts?|acting|continues|continued|"
    r"(?:transferred|rotated|seconded|mobili[sz]ed)(?:\s+to\s+work)?)"
    r"(?:\s+(?:him|her|them))?(?:\s+(?:previously|formerly|also|once|later|then|now|currently|still))?"
    r"(?:\s+(?:up|over|on))?(?:\s+(?:to\s+)?(?:the|a|his|her|their)?\s*(?:new\s+)?(?:post|position|role|office|title|"
    r"duties|seat)s?(?:\s+of)?)?(?:\s+(?:as|to\s+be|to|into|in|for))?(?:\s+(?:the|an?)(?:\s+new)?)?\s*$)"
    r"|(?:\bto\s+(?:the\s+)?(?:post|position|role)\s+of\s*$)|(?:\bas\s+(?:the\s+|its\s+|their\s+|an?\s+|one\s+of\s+(?:the|its)\s+)?(?:new\s+)?$)"
    r"|(?:\b(?:position|post|posts|duties|office)\s+of\s*$)",
    re.I)


@cache
def _address() -> str:
    """An optional address word or rank before a name ("Mr. ", "Colonel General ")."""
    return rf"(?:(?:{address_pattern()})\s*)?"


@cache
def _verb_object() -> re.Pattern[str]:
    """A verb whose object is the person and then the title: "elected Mr. X Secretary of ...", "appointed A
    and B Deputy Directors of ..." (the object's address word may sit between)."""
    return re.compile(r"\b((?i:appoint(?:s|ed|ing)?|elect(?:s|ed|ing)?|re-elected|named|promoted|designated|"
                      rf"chose|choose|chosen|voted|made|confirmed))\s+{_address()}$")


@cache
def _name_list_gap() -> re.Pattern[str]:
    """What separates the names of a list: "A, B and C", "A; and B"."""
    return re.compile(rf"\s*(?:,|;|and|,\s*and|;\s*and)\s*{_address()}")


@cache
def _postfix_gap() -> re.Pattern[str]:
    """Between a title and the name it precedes: "Secretary of the X Committee Mr. Y", "... Colonel General Y"."""
    return re.compile(rf"\s*,?\s*{_address()}")


# after a title, what makes the names that follow its holders: "The Vice Chairmen of X are A, B and C",
# "Its Director is Mr. X", "four Deputy Directors: A, B ...", "The Deputy Directors include A, B ..."
_COPULA = re.compile(r"\s*(?:,\s*)?(?:is|are|was|were|will\s+be|remains?|include[sd]?|including|comprise[sd]?|"
                     r"consists?\s+of|namely|among\s+(?:them|whom)|of\s+whom|such\s+as|:)\s*(?:comrades?\s+)?")


@cache
def _apposition_to_next() -> re.Pattern[str]:
    """An apposition after a listed name, up to the next item: ", Chairman of the Provincial People's Council;
    and comrade "."""
    return re.compile(rf"\s*(?:,|-|–|—)[^.;:]{{0,250}}?(?:;|,)\s*(?:and\s+)?{_address()}$")
# a plural title, a few words and a colon: "Members of the Party Central Committee also attended: ..."
_COLON_AFTER = re.compile(r"\s*(?:[a-z]+\s+){0,3}[a-z]+\s*:\s*")
# a listed person's own title printed before their name: "Deputy Head of the Central Inspection Committee "
_ITEM_TITLE = re.compile(r"(?:and\s+)?[A-Z][^.;:()]{0,140}?\s")
# the next item of a list split by semicolons, its own title before the name: "; Deputy Head of X "
_SEMICOLON_ITEM = re.compile(r"\s*;\s*(?:and\s+)?[^.;:]{0,160}")
# "the decision of the Prime Minister", "on behalf of the State President": an office as the author of an act
_OFFICE_AS_AUTHOR = re.compile(r"(?i)\b(?:decisions?|behalf|authori[sz]ation|orders?|instructions?|directions?|"
                               r"requests?|proposals?|resolutions?|letters?)\s+of\s+(?:the\s+)?$")
# a verb that proposes a person for a post, which the person does not hold yet
_NOMINATION = re.compile(r"(?i)\b(?:nominat\w*|candidate|candidacy|for\s+election|stand\s+for|introduced\s+for|"
                         r"recommend\w*|propos\w*)\b")
_RELIEVE = re.compile(r"\b(reliev\w+|dismiss\w+|remov\w+|end(?:ed|s)? (?:his|her) tasks?|"
                      r"retir(?:e|es|ed|ing)\s+from)\b", re.I)
_LIST_LEAD = re.compile(r"(:\s*$|\b(they are|namely|among them|including|as follows)\b)", re.I)
_OF_TERM = re.compile(r"\s*(?:the\s+)?\d+(?:st|nd|rd|th)\s+(?:term|tenure|legislature)")
_DIGIT = re.compile(r"\d")
_TERM_WORD = re.compile(r"\d|\w+-\d|term|tenure|period")
_PREFIX_BODY_HEAD = re.compile(r"(?i)\b(party|committee|council|ppc|province|provincial|state|city|"
                               r"commission|board|delegation|front|union|department|assembly|government|"
                               r"politburo|secretariat|ministry)\b")
_OF_AFTER = re.compile(r"\s+(?:of|at|in|for)\s+(?:the\s+|its\s+|their\s+)?")
_FOR_TERM_AFTER = re.compile(r"\s+(?:for|in)\s+(?:the\s+|a\s+)?(?:(?:new|next|current|outgoing|incoming|same|"
                             r"previous|last|whole|second|third)\s+)?(?:\d|term|tenure|period)")
_MINISTRY = re.compile(r"(?i)(the\s+)?ministry")
_OLD_BODY = re.compile(r"\((old|former)\)|\bold\b", re.I)


@cache
def _gap_in_chain() -> re.Pattern[str]:
    """What may sit between two titles of one chain: a connector (roles.toml [grammar] chain_connectors), an
    "(old)"/"(new)" mark, a term ("for the 2021-2026 term"), an article."""
    joins = alternation(title_grammar()["chain_connectors"])
    return re.compile(
        r"^(?:\s*(?:\(?(?:new|old)\)?)?\s*(?:,\s*)?(?:for\s+the\s+(?:\d+(?:st|nd|rd|th)\s+)?(?:\d{4}\s*-\s*\d{4}\s+)?"
        rf"(?:term|tenure)\s*)?(?:{joins})\s*)+(?:the\s+|an?\s+)?$|^\s*$")


@cache
def _given_to() -> re.Pattern[str]:
    """A post handed to whoever is named next: "... went to Mrs. Y" (roles.toml [grammar] given_to)."""
    return re.compile(rf"\s*(?:{alternation(title_grammar()['given_to'])})\s+")


@cache
def _join() -> re.Pattern[str]:
    """Joining an Executive or Standing Committee as a member (roles.toml [grammar] join)."""
    return re.compile(rf"(?i)\b(?:{alternation(title_grammar()['join'])})\s+(?:the\s+)?"
                      r"(?P<a>(?:Party\s+)?(?:Executive|Standing)\s+(?:Committee|Board)|Party\s+Committee)"
                      r"(?:\s+and\s+(?:the\s+)?(?P<b>(?:Executive|Standing)\s+(?:Committee|Board)))?"
                      r"(?:\s+of\s+(?:the\s+)?)?")


@cache
def _joined_before() -> re.Pattern[str]:
    """A verb of joining right before a title: "joined the Executive Committee", "into the ..."."""
    return re.compile(rf"(?i)\b(?:{alternation(title_grammar()['join'])})\s+(?:the\s+)?$")


@cache
def _head_noun() -> re.Pattern[str]:
    """A word that heads a body's name (ontology/bodies.toml [heads]), to fullmatch against a lower-case word."""
    return re.compile("(" + "|".join(body_head_nouns()) + ")('s)?")


@cache
def _former_before() -> tuple[re.Pattern[str], ...]:
    """One pattern per former word ("former", "ex-"), each anchored at the end of the text before a title."""
    return tuple(re.compile(rf"\b{re.escape(w)}\s*$") for w in former_words())


@cache
def _former_verb() -> re.Pattern[str]:
    """'who had served as ' right before a title (roles.toml [modifiers] former_verbs)."""
    return re.compile(rf"(?i)\b(?:{alternation(role_modifiers()['former_verbs'])})\s+(?:the\s+|a\s+)?$")


@cache
def _former_term() -> re.Pattern[str]:
    """'... in the outgoing 2015-2020 term' right after a title and its body (roles.toml former_terms)."""
    ending = alternation(role_modifiers()["former_terms"])
    return re.compile(rf"(?i)\s*,?\s+(?:in|for|of|during)\s+the\s+(?:{ending})\s+(?:\d{{4}}\s*-\s*\d{{4}}\s+)?"
                      r"(?:term|tenure)\b")


@dataclass
class Title:
    role: str
    role_text: str
    body: str | None             # body phrase as printed, None when the role has no body
    start: int
    end: int
    former: bool = False
    plural: bool = False
    default_body: str | None = None
    its: bool = False            # "its Director": the body is one named before
    leader: bool = False         # "heads the X", "X is chaired by": the role is whatever heads such a body
    definite: bool = False       # "the Deputy Directors": a body in focus, named before
    heads: frozenset[str] = frozenset()   # body kinds the role leads, to find that body


@dataclass
class Attachment:
    person: NameSpan
    titles: list[Title]
    change: str | None = None    # "elected", "appointed", "relieved"
    former: bool = False


@dataclass
class SentenceTitles:
    attachments: list[Attachment] = field(default_factory=list)
    unattached: list[list[Title]] = field(default_factory=list)   # chains with no person (plural lists)


class _LazyTokens:
    """Tokens of the next 400 characters (no body phrase runs longer), matched only as far as they
    are looked at: most body phrases end after a few tokens."""

    __slots__ = ("_it", "toks")

    def __init__(self, text: str, pos: int) -> None:
        self._it: Iterator[re.Match[str]] | None = _TOKEN.finditer(text, pos, pos + 400)
        self.toks: list[tuple[int, int, str]] = []

    def upto(self, i: int) -> int:
        """Match tokens until index `i` exists (or none are left); returns how many are known."""
        toks, it = self.toks, self._it
        while it is not None and len(toks) <= i:
            m = next(it, None)
            if m is None:
                self._it = it = None
            else:
                toks.append((m.start(), m.end(), m.group()))
        return len(toks)


def _is_role_at(text: str, pos: int) -> bool:
    m = role_regex().match(text, pos)
    return bool(m) and text[pos].isupper()


_BRACKETED = re.compile(r"\s\(([^()]{3,200})\)")


def unbracket_titles(text: str, names: Sequence[NameSpan]) -> str:
    """The text with a title in brackets after a name read as an apposition: "Nguyen Cao Son (Head of the
    Provincial National Assembly Delegation)" as "Nguyen Cao Son ,Head of ...,". Same length, so every offset
    still points into the printed text."""
    ends = {n.end for n in names}
    out = list(text)
    for m in _BRACKETED.finditer(text):
        if m.start() in ends and _is_role_at(text, m.start(1)):
            out[m.start(1) - 1] = ","
            out[m.end() - 1] = ","
    return "".join(out)


def scan_body(text: str, pos: int, names: Sequence[NameSpan]) -> int:
    """End offset of the body phrase starting at `pos` (after "ROLE of")."""
    starts = name_starts(names)
    lazy = _LazyTokens(text, pos)
    toks = lazy.toks
    end = pos
    i = 0
    # each step looks at most two tokens ahead: having i + 2 matched makes len(toks) exact for those tests
    while i < lazy.upto(i + 2):
        s, e, w = toks[i]
        nxt = toks[i + 1][2] if i + 1 < len(toks) else ""
        if s in starts:
            break
        if w in {";", ":", ".", ")", "(", "“", "\"", "”"}:
            break
        if w.startswith("(") and w.endswith(")"):
            if w.lower() in {"(new)", "(old)", "(former)"}:
                end = e
            i += 1
            continue
        if w == ",":
            # "Labor, Invalids and Social Affairs": a one-word item inside a name list
            if (i + 2 < len(toks) and toks[i + 1][2][:1].isupper() and toks[i + 2][2] == "and"
                    and not _is_role_at(text, toks[i + 1][0]) and toks[i + 1][0] not in starts):
                i += 1
                continue
            break
        if w in {"-", "–", "—"}:
            if nxt[:1].isupper() and not _is_role_at(text, toks[i + 1][0]) and toks[i + 1][0] not in starts \
                    and text[e:e + 1] == " " and text[s - 1:s] == " ":
                i += 1
                continue
            break
        low = w.lower()
        if low == "and":
            prev_word = toks[i - 1][2].lower() if i else ""
            if nxt == "the" or _head_noun().fullmatch(prev_word) or (
                    _head_noun().fullmatch(nxt.lower()) and i + 2 < len(toks) and toks[i + 2][2] == "of"):
                break
            if not nxt or not (nxt[:1].isupper() or nxt in {"the"}) or (i + 1 < len(toks) and (
                    _is_role_at(text, toks[i + 1][0]) or toks[i + 1][0] in starts)):
                break
            if nxt == "the" and i + 2 < len(toks) and (_is_role_at(text, toks[i + 2][0])
                                                        or toks[i + 2][0] in starts):
                break
            i += 1
            continue
        if low == "for" and not nxt[:1].isupper():
            break
        if low == "of" and _OF_TERM.match(text, e):
            break
        if low == "under":
            # "the Department of Cyber Security under the Ministry of Public Security": a part of the body
            # that follows, when what follows is a body (not "under Decision No. 12")
            after = scan_body(text, e + 1, names) if e + 1 < len(text) else e
            if after > e + 1 and _has_head(text[e + 1:after]):
                end = after
            break
        if low in {"for", "in", "from", "since", "until"} and (_DIGIT.match(nxt) or (
                nxt in {"the", "a"} and i + 2 < len(toks)
                and _TERM_WORD.match(toks[i + 2][2]))):
            break
        if low in {"term", "tenure", "period"}:
            break
        if w[:1].isupper() or w[:1].isdigit():
            if i > 0 and _is_role_at(text, s) and (toks[i - 1][2].lower() in {"and", ","}
                                                   or _head_noun().fullmatch(toks[i - 1][2].lower())):
                break                      # "the Provincial People's Committee Chairman X": the role ends it
            end = e
        elif low in _body_lower() or low.endswith("'s") and low[:-2] in _body_lower():
            if low in {"and", "of", "the", "for", "&", "-", "–"}:
                pass
            else:
                end = e
        else:
            break
        i += 1
    return end


_PREFIX_WINDOW = 120   # a body printed before its role is a few words long: look no further back


def _prefix_body(text: str, role_start: int, names: list[NameSpan]) -> tuple[int, str, str] | None:
    """A body printed before its role: "Provincial Party Secretary", "PPC Chairman"; (start, body phrase,
    modifier) where the modifier is a role word before the body that the role takes ("Deputy Provincial Party
    Secretary": the Deputy Secretary of the Provincial Party Committee)."""
    lo = max(0, role_start - _PREFIX_WINDOW)
    m = _PREFIX_BODY_WORDS.search(text, lo, role_start)
    if not m:
        return None
    start = m.start()
    for n in names:
        if n.start < role_start and n.end > start:
            start = max(start, n.end)
    phrase = text[start:role_start].strip(" ,")
    words = phrase.split()
    popped: list[str] = []
    while words and (_is_role_at(words[0], 0) or words[0] in {"The", "On", "At", "In", "Mr.", "Ms.", "And"}):
        popped.append(words.pop(0))
    phrase = " ".join(words)
    if not phrase or not _PREFIX_BODY_HEAD.search(phrase):
        return None
    return role_start - len(phrase) - 1, phrase, " ".join(popped)


def _modified_role(modifier: str, role_text: str) -> str | None:
    """The role a modifier word before a prefixed body makes: "Deputy" + "Secretary" -> "Deputy Secretary"."""
    words = modifier.split()
    for k in range(len(words)):
        candidate = " ".join(words[k:] + [role_text]).lower()
        if candidate in roles():
            return candidate
    return None


# the place a "Party chief" leads, printed before the idiom: "Gia Lai", "the provincial", "Ba Dinh district"
_PLACE_BEFORE = re.compile(r"((?:[A-Z][\w'-]*\s+){1,4}(?:(?:district|city|commune|ward|town)\s+)?|"
                           r"(?:provincial|city|district|commune|ward|municipal)\s+)$")
_ITS_BEFORE = re.compile(r"(?i)\b(?:its|their)\s+(?:new\s+|\w+\s+)?$")


def find_titles(text: str, names: list[NameSpan]) -> list[Title]:
    out: list[Title] = []
    taken_until = 0
    for m in role_regex().finditer(text):
        if m.start() < taken_until or name_at(names, m.start()):
            continue
        role_text = m.group(1)
        role = roles()[role_text.lower()]
        plural = role_text.lower().endswith(("ies", "men", "s")) and not role_text.lower().endswith(("ss", "us"))
        start, end, body = m.start(), m.end(), None
        om = _OF_AFTER.match(text, end)
        if om and not _FOR_TERM_AFTER.match(text, end):
            bstart = om.end()
            bend = scan_body(text, bstart, names)
            if bend > bstart:
                body = text[bstart:bend]
                end = bend
        if body is None:
            pre = _prefix_body(text, m.start(), names)
            if pre:
                start, body, modifier = pre
                modified = _modified_role(modifier, role_text) if modifier else None
                if modified:
                    role_text, role = f"{modifier} {role_text}", roles()[modified]
                    start = max(0, start - len(modifier) - 1)
                    while out and out[-1].start >= start:
                        out.pop()          # "Deputy" of "Deputy Provincial Party Secretary" was not a title
        if role.body_noun:                 # "the Gia Lai Party chief": the Secretary of its Party Committee
            if body is None and (pm := _PLACE_BEFORE.search(text, max(0, start - 60), start)):
                start, body = pm.start(), pm.group(1).strip()
            body = f"{body or 'provincial'} {role.body_noun}"
        its_m = _ITS_BEFORE.search(text, max(0, start - 20), start) if body is None else None
        its = its_m is not None
        if its_m:
            start = its_m.start()          # "the post of its Chairwoman": what comes before "its" governs it
        if body is None and not its and role.label == "Member" and role_text[0].islower():
            continue
        if role_text[0].islower() and role_text.lower() in {"deputy", "delegate", "chief", "head", "leader",
                                                             "deputies", "delegates", "heads", "leaders"} \
                and (body is None or not om):
            continue                       # "their leaders", "State leaders": lower-case words need "of" a body
        if body and role.label in {"Minister", "Deputy Minister", "Standing Deputy Minister"} \
                and not _MINISTRY.match(body):
            body = f"Ministry of {body}"
        before = text[max(0, start - 12):start].lower()
        former = any(p.search(before) for p in _former_before()) or bool(body and _OLD_BODY.search(body)) \
            or bool(_former_verb().search(text, max(0, start - 40), start) or _former_term().match(text, end))
        out.append(Title(role.label, role_text, body, start, end, former, plural, role.default_body, its=its,
                         heads=role.heads))
        taken_until = end
    return out


# a verb that makes its subject the head of a body: "will take the chair of the municipal People's Council",
# "was assigned to head the new Commission"; past forms tell a post held before
_LEAD_VERB = re.compile(r"\b(?:(?:to|will|shall|would)\s+)?(?P<verb>heads?|heading|leads?|leading|chairs?|chairing|"
                        r"takes?\s+the\s+chair\s+of|took\s+the\s+chair\s+of|headed|led|chaired)\s+"
                        r"(?:the\s+)?(?:newly[- ]\w+\s+|new\s+)?"
                        r"(?=[A-Z]|(?:provincial|municipal|city|district|commune|ward|town)\b|[a-z]+['’]s\s+[A-Z])")
# a body a person heads, in the passive: "The municipal People's Committee will be headed by X"
_LED_BY = re.compile(r"\b(?:is|are|was|were|will\s+be|has\s+been|is\s+now|now)\s+(?:headed|led|chaired)\s+by\s+")
_INTERJECTION = re.compile(r",\s*(?:\w+\s+){0,2}\w+,\s*$")
_BODY_WORD = r"(?:[A-Z][\w'’]*|provincial|city's|city|municipal|district|party|people's|of|and|new|committee|council)"
_BODY_BEFORE = re.compile(rf"(?:{_BODY_WORD}\s+){{0,9}}{_BODY_WORD}\s*$")


def _has_head(phrase: str) -> bool:
    """Whether a phrase holds a noun that heads a body's name (ontology/bodies.toml [heads])."""
    return any(_head_noun().fullmatch(w.lower().strip(",.")) for w in phrase.split())


def find_lead_verbs(text: str, names: list[NameSpan]) -> list[Title]:
    """Titles given by a verb of heading: the role is the leader's title of the body's kind, decided once the
    body is resolved ("heads the Department" -> Director, "chairs the Council" -> Chairman)."""
    out = []
    for m in _LEAD_VERB.finditer(text):
        bend = scan_body(text, m.end(), names)
        body = text[m.end():bend]
        if not body or not _has_head(body):
            continue
        past = m.group("verb").lower() in {"headed", "led", "chaired"} or m.group("verb").lower().startswith("took")
        role = "Chairman" if m.group("verb").lower().startswith(("chair", "took", "take")) else "Head"
        out.append(Title(role, m.group("verb"), body, m.start(), bend, former=past, leader=True))
    for m in _LED_BY.finditer(text):
        # "The municipal People's Committee, meanwhile, will be headed by X": past a short interjection
        inter = _INTERJECTION.search(text, max(0, m.start() - 40), m.start())
        bend = inter.start() if inter else m.start()
        bm = _BODY_BEFORE.search(text, max(0, bend - 120), bend)
        if not bm:
            continue
        body = re.sub(r"^(?:the|of|and|new)\s+", "", bm.group(0).strip(), flags=re.I)
        if body and _has_head(body):
            out.append(Title("Head", "headed by", body, bm.start(), m.end(), leader=True))
    return out



def find_joins(text: str, names: list[NameSpan]) -> list[Title]:
    """'appointed to join the Executive Committee and the Standing Committee of X': membership titles."""
    out = []
    for m in _join().finditer(text):
        of_end = m.end()
        owner = ""
        if text[m.end("b") if m.group("b") else m.end("a"):of_end].strip().lower().startswith("of"):
            owner = text[of_end:scan_body(text, of_end, names)]
        for part in ("a", "b"):
            if not m.group(part):
                continue
            phrase = m.group(part)
            if re.match(r"(?i)(party\s+)?executive|party\s+committee", phrase):
                body = owner if re.search(r"(?i)\bparty\b", owner) else (
                    f"Party Committee of {owner}" if owner else "Provincial Party Committee")
            else:
                body = f"{phrase} of {owner}" if owner else "Provincial Party Standing Committee"
            # the title starts at the committee's name: the verb before it ("joined", "won a seat on") links it
            out.append(Title("Member", phrase, body, m.start("a"), of_end + len(owner)))
    # joining any other committee or council: "He will also join the Party Committee of Military Region 5"
    taken = [(t.start, t.end) for t in out]
    for m in _join_any().finditer(text):
        if any(s <= m.end() < e for s, e in taken) or _join().match(text, m.start()):
            continue
        end = scan_body(text, m.end(), names)
        phrase = text[m.end():end]
        if phrase and _has_head(phrase):
            out.append(Title("Member", "member", phrase, m.end(), end))
    return out




@cache
def _join_any() -> re.Pattern[str]:
    """A verb of joining and the body joined: "join the Party Committee of Military Region 5"."""
    verbs = [w for w in title_grammar()["join"] if w != "into"]    # "merged into the Commission" joins no one
    return re.compile(rf"\b(?:{alternation(verbs)})\s+(?:the\s+)?(?=[A-Z]|provincial\b)")


def chained(text: str, end: int, start: int) -> bool:
    """Whether two titles, one ending at `end` and the next starting at `start`, are printed as one chain."""
    return 0 <= start - end <= 200 and bool(_gap_in_chain().match(text[end:start]))


def _chains(text: str, titles: list[Title]) -> list[list[Title]]:
    chains: list[list[Title]] = []
    for t in titles:
        if chains and _gap_in_chain().match(text[chains[-1][-1].end:t.start]) and not (
                t.plural != chains[-1][-1].plural and t.plural):
            chains[-1].append(t)
        else:
            chains.append([t])
    return chains


_WINDOW = 400   # how far before a title its verb or its person may be
# a relative clause giving a listed person's title: "X, who is also Chairman of ...", "X, who will serve as ..."
_WHO_IS = re.compile(r"\s*,?\s*(?:who|he|she)\s+(?:is|was|(?:will\s+|also\s+)?(?:serves?|act|acts|be)\s+as|"
                     r"has\s+been|remains)\s+(?:also\s+)?(?:the\s+)?")
_PRONOUN = re.compile(r"\b(He|She|he|she|him|her|Both|both|They|they|them)\b")
_LIST_BEFORE_NAME = re.compile(r"(?:,|\band)\s*$")
_CLAUSE_VERB = re.compile(r"(?i)\b(appoint\w*|elect\w*|re-elected|named|nominat\w*|assign\w*|promot\w*|designat\w*|"
                          r"transferr\w*|chose|chosen)\b")


def _verb_in(text: str, end: int) -> re.Match[str] | None:
    """The last verb of appointment or election before `end` in the sentence."""
    return max(_CLAUSE_VERB.finditer(text, max(0, end - _WINDOW), end), key=lambda m: m.start(), default=None)


def _change_of(verb: str) -> str | None:
    """What a verb does to a post: "elected", "appointed", or nothing."""
    v = verb.lower()
    if re.search(r"elect|\bcho(?:se|sen|ose)\b|\bvoted\b", v):
        return "elected"
    if re.search(r"appoint|named|assign|promot|designat|transferr|rotat|second|mobili|entrust", v):
        return "appointed"
    return None
_LEADER_GAP = re.compile(r"\s*(?:,[^.;]{0,200},\s*)?(?:,\s*who\s+)?(?:(?:now|also|currently|then|will|is|was|to)\s+)*")


def _list_after(text: str, names: list[NameSpan], first: NameSpan) -> list[NameSpan]:
    """The names of a list that starts with `first`: "A, B and C", "A, Chairman of X; B, Head of Y; and C"."""
    out = [first]
    for n in names:
        if n.start <= out[-1].start:
            continue
        gap = text[out[-1].end:n.start]
        if _name_list_gap().fullmatch(gap) or (len(gap) < 260 and (_apposition_to_next().match(gap)
                                                                    or _SEMICOLON_ITEM.fullmatch(gap))):
            out.append(n)
        else:
            break
    return out


def _list_before(text: str, names: list[NameSpan], last: NameSpan) -> list[NameSpan]:
    """The names of a list that ends with `last` ("Mr. A, Mr. B and Ms. C serve as ...", "A, Chairman of X,
    and B, Chairman of Y, are Deputy Secretaries of ...")."""
    out = [last]
    for n in reversed([x for x in names if x.end <= last.start]):
        gap = text[n.end:out[0].start]
        if not (_name_list_gap().fullmatch(gap) or len(gap) < 260 and _apposition_to_next().match(gap)
                or _titled_item_gap(text, n.end, gap)):
            break
        out.insert(0, n)
    return out


_TITLED_ITEM = re.compile(r"\s*(?:,|,?\s*and)\s+(?P<title>[A-Z][^.;:()]{1,140}?)\s")


def _titled_item_gap(text: str, at: int, gap: str) -> bool:
    """The next item's own title printed before its name: "Chairman of X A and Chairwoman of Y B were elected"."""
    m = _TITLED_ITEM.fullmatch(gap)
    return m is not None and _is_role_at(text, at + m.start("title"))


def attach_titles(text: str, names: list[NameSpan], titles: list[Title],
                  fallback: list[NameSpan] | None = None) -> SentenceTitles:
    """Attach each title chain to the person(s) it describes."""
    result = SentenceTitles()
    by_person: dict[int, Attachment] = {}
    title_starts = {t.start for t in titles}

    def add(person: NameSpan, chain: list[Title], change: str | None = None, former: bool = False) -> None:
        att = by_person.get(person.start)
        if att is None or att.change != change or att.former != former:
            att = Attachment(person, [], change, former)
            result.attachments.append(att)
            by_person[person.start] = att
        att.titles.extend(chain)

    for chain in _chains(text, titles):
        cstart, cend = chain[0].start, chain[-1].end
        lo = max(0, cstart - _WINDOW)
        before = text[lo:cstart]           # offsets in `before` are relative to lo
        plural = any(t.plural for t in chain)
        # an office named as the author of what follows is nobody's title here: "Under the decision of the Prime
        # Minister, Mr. X ...", "On behalf of the State President, ..."
        if _OFFICE_AS_AUTHOR.search(before[-60:]):
            continue
        # postfix: "X, Secretary of ...", "X - Director of ...", "X (photo), member of ..."
        prev = list(names_before(names, cstart))
        if prev:
            p = prev[-1]
            gap = text[p.end:cstart]
            if re.fullmatch(r"\s*(\([^)]*\))?\s*(,|-|–|—|:)\s*(who is|currently|now|cum)?\s*(the\s+|an?\s+)?"
                            r"(former|then|previous|outgoing|ex-)?\s*", gap) \
                    or _WHO_IS.fullmatch(gap):
                add(p, chain)
                continue
            # a gapped clause: "A is appointed Director of X, B Director of Y and C Director of Z": a listed
            # name right before a title owns it, with the verb of the clause it continues
            if gap.isspace() and len(gap) < 3 and _LIST_BEFORE_NAME.search(text, max(0, p.start - 8), p.start):
                vm = _VERB_BEFORE.search(text, max(0, p.start - _WINDOW), p.start) or _verb_in(text, p.start)
                add(p, chain, _change_of(vm.group(0)) if vm else None)
                continue
        # prefix: "Secretary of the City Party Committee X", "Provincial Party Secretary X"
        nxt = names_after(names, cend)
        if nxt:
            n = nxt[0]
            # ... unless that name owns the title printed right after it (a gapped clause, above)
            owns_next = any(n.end + k in title_starts and text[n.end:n.end + k].isspace() for k in (1, 2))
            if _postfix_gap().fullmatch(text, cend, n.start) and not (owns_next and text[cend:n.start].strip()):
                if plural and re.match(r"\s*(,|and)", text[n.end:n.end + 5]):
                    for m in _list_after(text, names, n):
                        add(m, chain)
                    continue
                add(n, chain)
                continue
            # a copula or colon list: "The Vice Chairmen of X are A, B and C", "Its Director is Mr. X",
            # "assisted by four Deputy Directors: A, B ...", "two members of X: comrade A, Head of ...; and B"
            # the first item may carry its own title before the name ("...: Deputy Prime Minister X; ...")
            links = (_COPULA.match(text, cend), _COLON_AFTER.match(text, cend) if plural else None)
            link = next((cm for cm in links if cm and (_postfix_gap().fullmatch(text, cm.end(), n.start)
                                                       or plural and _ITEM_TITLE.fullmatch(text, cm.end(), n.start))),
                        None)
            if link is not None:
                # "Two Deputy Secretaries were elected: A, ...": the list's verb gives its posts
                change = _change_of(link.group(0))
                for m in (_list_after(text, names, n) if plural else [n]):
                    add(m, chain, change)
                continue
        # "the post of Standing Deputy Head of X went to Mrs. Y"
        wm = _given_to().match(text, cend)
        if wm and nxt and nxt[0].start - cend <= wm.end() - cend + 25:
            add(nxt[0], chain, "appointed")
            continue
        # a proposal is not a post: "nominating Mr. X for election to the post of Deputy Prime Minister"
        if _NOMINATION.search(before[-90:]):
            continue
        # object then title: "elected Mr. X Secretary of ...", "appointed A and B Deputy Directors of ..."
        objects = _objects_of_verb(text, prev, cstart, plural)
        if objects:
            verb, subjects = objects
            for s in subjects:
                add(s, chain, "elected" if re.match(r"(?i)elect|re-elect|cho|voted", verb) else "appointed")
            continue
        # "Mr. X, Deputy Secretary of ..., heads the new Commission": a verb of heading after its subject
        if chain[0].leader and prev and _LEADER_GAP.fullmatch(text, prev[-1].end, cstart):
            add(prev[-1], chain, "appointed" if not chain[0].former else None, chain[0].former)
            continue
        # verb-linked: "X was elected Chairman of ...", "appointing her Deputy Head of ..."
        vm = _VERB_BEFORE.search(before) or _joined_before().search(before)
        together = False
        if vm and not prev and fallback and (pronoun := _PRONOUN.search(before)):
            # "He was ...": the last person named; "Both were elected ...", "They are ...": the last ones
            together = pronoun.group(1).lower() not in {"he", "she", "him", "her"}
            prev = fallback[-4:] if together else fallback[-1:]
        if vm and prev:
            vstart = lo + vm.start()
            window = text[max(lo, prev[-1].start - 40):vstart]
            # "relieving X of the post of A, as he was appointed B": the relief ends A, not B
            appointing = re.search(r"(?i)appoint|elect|assign|promot|designat|transferr|named|chose", vm.group(0))
            rel = (None if appointing else _RELIEVE.search(window)) or _RELIEVE.search(before[vm.start():])
            verb = before[max(0, vm.start() - 120):vm.end()].lower()
            change = ("retired" if rel.group(1).lower().startswith("retir") else "relieved") if rel else (
                "elected" if re.search(r"elect|\bcho(?:se|sen|ose)\b|\bvoted\b", verb) else (
                "appointed" if re.search(r"appoint|named|assign|promot|designat|hold|take|assum|becom|became|transferr|"
                                         r"rotat|second|mobili|entrust", verb)
                else None))
            # a biography ("previously served as", "Before ..., X was ...") ends posts; a past
            # election or appointment ("had been elected") does not
            former = bool(rel) or change is None and bool(
                re.search(r"\b(previously|formerly|used to|once)\b", before[-100:], re.I)
                or re.search(r"\b(had been|served as|worked as|was)\s+(?:the\s+)?$", before)
                and re.match(r"\s*(Before|Previously|Formerly|Earlier|From \d{4})\b", text)
                or re.search(r"\bhad been\s+(?:the\s+)?$", before))
            subjects = [n for n in prev if n.end <= vstart]
            if together:
                for s in prev:
                    add(s, chain, change, former)
            elif plural and subjects:       # "A, B and C serve as Deputy Directors": the list before the verb
                for s in _list_before(text, names, subjects[-1]):
                    add(s, chain, change, former)
            elif subjects or prev:
                add((subjects or prev)[-1], chain, change, former)
            continue
        if re.search(r"\bboth\s*$", before) and prev:
            for s in prev[-3:]:
                if cstart - s.end < 160:
                    add(s, chain)
            continue
        result.unattached.append(chain)
    return result


def _objects_of_verb(text: str, prev: list[NameSpan], cstart: int, plural: bool
                     ) -> tuple[str, list[NameSpan]] | None:
    """(verb, the names it governs) when the names right before a title are the object of an appointing or
    electing verb ("elected Mr. X Secretary of ..."); None otherwise."""
    if not prev or not text[prev[-1].end:cstart].isspace():
        return None
    subjects = _list_before(text, prev, prev[-1]) if plural else [prev[-1]]
    start = subjects[0].start
    vm = _verb_object().search(text, max(0, start - 80), start)
    return (vm.group(1), subjects) if vm else None


def is_list_lead(text: str) -> bool:
    return bool(_LIST_LEAD.search(text))
