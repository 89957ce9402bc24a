"""Who a source is (one name per entity in a document) and the chain a claim travelled.

Names are resolved within one document only: pronouns to the person or body named before,
"the newspaper" to the outlet named before, "NIS" to "National Intelligence Service (NIS)",
"South Korea's spy agency" to the agency the document names with the same possessor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wiredesk.claims import cues

_ARTICLES = ("the ", "a ", "an ")
_POSSESSIVE = re.compile(r"[’']s?$")
_ACRONYM_DEFINITION = re.compile(
    r"((?:[A-Z][\w’'.-]*\s+)(?:(?:of|for|and|the|[A-Z][\w’'.-]*)\s+)*[A-Z][\w’'.-]*)\s*\(([A-Z]{2,8})\)"
)
_ACRONYM_SKIP = frozenset({"of", "for", "and", "the", "on", "in"})
# A relative clause describes a source but is no part of its name: "Prime Minister Anneke
# Rossvall, who flew over the valley", "officials who spoke on condition of anonymity".
SPOKESPERSON_REACH = 400  # characters: the body named in the sentences just before
_RELATIVE_CLAUSE = re.compile(r",?\s+(?:who|whom|whose|which)\b.*$", re.DOTALL)


@dataclass(slots=True)
class Mention:
    """A name as written in the document, with what we know about it."""

    text: str
    position: int  # character offset, for "named before" look-ups
    kind: str  # source_type vocabulary
    proper: bool
    possessor: str


def normalise_name(text: str) -> str:
    """Strip articles, a relative clause, edge punctuation and a trailing possessive: "the
    NIS's" -> "NIS"."""
    name = display_name(text)
    lowered = name.lower()
    for article in _ARTICLES:
        if lowered.startswith(article):
            name = name[len(article) :]
            break
    return _POSSESSIVE.sub("", name).strip() if name.endswith(("'", "’")) else name


def display_name(text: str) -> str:
    """A name as shown in a chain: written form without a relative clause, edge punctuation
    or possessive."""
    name = _RELATIVE_CLAUSE.sub("", " ".join(text.split()))
    name = name.strip(" ,.;:\"'“”‘’()").replace(" nor ", " and ")
    return _POSSESSIVE.sub("", name).strip() if name.endswith(("'s", "’s")) else name


def acronym_of(name: str) -> str:
    """ "South Korea's National Intelligence Service" -> "NIS" (possessor left out)."""
    tail = re.split(r"[’']s\s+", name)[-1]
    words = [w for w in re.split(r"[\s-]+", tail) if w and w.lower() not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words if w[0].isupper())


def possessor_of(name: str) -> str:
    parts = re.split(r"[’']s\s+", name, maxsplit=1)
    return parts[0].lower() if len(parts) == 2 else ""


def type_of(text: str, entity_label: str = "") -> str:
    """agency | military | officials | named official | media | person | government for a
    source's words: "officials" are unnamed ("a senior U.S. defense official", "anonymous
    officials"), a "named official" is a person speaking in an office ("Spokesman Henrik
    Olasz")."""
    words = [w.strip(".,'’").lower() for w in normalise_name(text).split()]
    if not words:
        return "unattributed"
    head_words = set(re.split(r"[’']s\s+", normalise_name(text))[-1].lower().split())
    lowered = set(words)
    if lowered & cues.MEDIA_NAMES or (head_words & cues.MEDIA_WORDS and entity_label != "PERSON"):
        return "media"
    if head_words & cues.OFFICIALS_WORDS:
        return "named official" if entity_label == "PERSON" else "officials"
    if head_words & cues.MILITARY_WORDS:
        return "military"
    if head_words & cues.AGENCY_WORDS:
        return "agency"
    if head_words & cues.GOVERNMENT_WORDS or entity_label in ("GPE", "NORP"):
        return "government"
    if entity_label == "ORG":
        return "agency"
    return "person"


def is_proper(text: str) -> bool:
    """A name rather than a description: its head words are capitalised."""
    tail = re.split(r"[’']s\s+", normalise_name(text))[-1]
    words = [w for w in tail.split() if w.lower() not in _ACRONYM_SKIP]
    return bool(words) and all(w[0].isupper() for w in words)


def acronym_definitions(text: str) -> dict[str, str]:
    """ "National Intelligence Service (NIS)" -> {"NIS": "National Intelligence Service"}."""
    found = {}
    for match in _ACRONYM_DEFINITION.finditer(text):
        name, acronym = match.group(1), match.group(2)
        if acronym_of(name).endswith(acronym) or acronym_of(name) == acronym:
            found[acronym] = name
    return found


class NameBook:
    """The names a document gives its sources, and how later mentions refer back to them."""

    __slots__ = ("acronyms", "mentions", "people")

    def __init__(self, text: str, people: list[tuple[str, int]]) -> None:
        self.mentions: list[Mention] = []
        self.acronyms = acronym_definitions(text)
        self.people = people  # PERSON entities as (text, offset), in text order

    def add(self, text: str, position: int, entity_label: str = "") -> Mention:
        mention = Mention(
            text=display_name(text),
            position=position,
            kind=type_of(text, entity_label),
            proper=is_proper(text),
            possessor=possessor_of(display_name(text)),
        )
        self.mentions.append(mention)
        return mention

    def resolve(self, text: str, position: int, entity_label: str = "", outer: str = "") -> Mention:
        """The mention that ``text`` at ``position`` refers to (itself when nothing fits)."""
        name = normalise_name(text)
        lowered = name.lower()
        if lowered in cues.PERSON_PRONOUNS:
            person = self._last_person(position)
            if person:
                return Mention(person, position, "person", True, "")
        if lowered in cues.GROUP_PRONOUNS:
            earlier = outer or self._last_matching(position, lambda m: m.kind != "person")
            if earlier:
                return self._mention_named(earlier, position)
        if lowered in cues.MEDIA_ANAPHORS or (
            lowered.split()[-1:]
            and lowered.split()[-1] in cues.MEDIA_ANAPHORS
            and not is_proper(name)
        ):
            outlet = self._last_matching(position, lambda m: m.kind == "media" and m.proper)
            if outlet:
                return self._mention_named(outlet, position)
        if name.isupper() and len(name) >= 2:
            expanded = self._expand_acronym(name)
            if expanded:
                return expanded
        if not is_proper(name) and possessor_of(display_name(text)):
            described = self._described(display_name(text), entity_label)
            if described:
                return described
        if not is_proper(name) and not possessor_of(display_name(text)):
            antecedent = self._antecedent_of_description(display_name(text), position)
            if antecedent:
                return antecedent
        spokesperson = self._spokesperson_for(name, position)
        if spokesperson:
            return self.add(spokesperson, position, entity_label)
        if len(name.split()) == 1 and name[:1].isupper():
            full = self._full_person_name(name, position)
            if full:
                return Mention(full, position, "person", True, "")
        return self.add(text, position, entity_label)

    def _spokesperson_for(self, name: str, position: int) -> str:
        """ "Spokesman Henrik Olasz" just after "The Saltreach Port Authority said": the body's
        spokesman, named so that the ledger counts him and his body as one origin."""
        title, _, person = name.partition(" ")
        if title.lower() not in cues.SPOKESPERSON_TITLES or not is_proper(person):
            return ""
        body = self._last_matching(
            position,
            lambda m: (
                m.proper
                and m.kind not in ("person", "media")
                and position - m.position <= SPOKESPERSON_REACH
            ),
        )
        return f"{body} {title.lower()} {person}" if body else ""

    def _antecedent_of_description(self, description: str, position: int) -> Mention | None:
        """ "the board", "the ministry", "the agency" after "The Federal Home Loan Bank Board
        said", "the Finance Ministry said", "the National Intelligence Service said": the
        nearest body named before whose name holds the description's head word, or, for an
        agency, the nearest agency named before. A plural ("the authorities") may be any of
        several, and stays as written."""
        words = description.lower().split()
        if len(words) < 2 or words[0] != "the" or len(words) > 3 or words[-1].endswith("s"):
            return None
        head = words[-1]
        named = self._last_matching(
            position, lambda m: named_body(m) and head in m.text.lower().split()
        )
        if not named and type_of(description) == "agency":
            named = self._last_matching(position, lambda m: named_body(m) and m.kind == "agency")
        return self._mention_named(named, position) if named else None

    def _mention_named(self, text: str, position: int) -> Mention:
        for mention in self.mentions:
            if mention.text == text:
                return mention
        return Mention(text, position, type_of(text), is_proper(text), possessor_of(text))

    def _last_person(self, position: int) -> str:
        before = [name for name, offset in self.people if offset < position]
        return before[-1] if before else ""

    def _full_person_name(self, name: str, position: int) -> str:
        for full, offset in reversed(self.people):
            if offset < position and full != name and full.split()[-1] == name:
                return full
        return ""

    def _last_matching(self, position: int, accept) -> str:
        before = [m for m in self.mentions if m.position < position and accept(m)]
        return before[-1].text if before else ""

    def _expand_acronym(self, acronym: str) -> Mention | None:
        # The fullest form wins: "South Korea's National Intelligence Service" over the bare
        # entity the recogniser found inside it.
        matches = [
            m
            for m in self.mentions
            if m.proper and m.text != acronym and acronym_of(m.text) == acronym
        ]
        if matches:
            return max(matches, key=lambda m: len(m.text))
        if acronym in self.acronyms:
            long_name = self.acronyms[acronym]
            for mention in self.mentions:
                if mention.text.endswith(long_name):
                    return mention
        return None

    def _described(self, text: str, entity_label: str) -> Mention | None:
        """ "South Korea's spy agency" -> the proper name with the same possessor and type."""
        kind = type_of(text, entity_label)
        possessor = possessor_of(text)
        for mention in self.mentions:
            if mention.proper and mention.possessor == possessor and mention.kind == kind:
                return mention
        return None


def named_body(mention: Mention) -> bool:
    """A body named by its proper name: no person, no outlet."""
    return mention.proper and mention.kind not in ("person", "media")


def dedupe_consecutive(names: list[str]) -> list[str]:
    """A chain never names the same link twice in a row."""
    chain: list[str] = []
    for name in names:
        if name and (
            not chain or normalise_name(chain[-1]).lower() != normalise_name(name).lower()
        ):
            chain.append(name)
    return chain
