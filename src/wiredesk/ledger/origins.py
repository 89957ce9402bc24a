"""Who a claim comes from in the first place, and when two origins may be one.

Origins are compared by a normalised name: case folded, articles and possessive endings
dropped, punctuation collapsed ("The NIS" = "NIS"; "Ukraine's military" = "Ukraine military").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from itertools import combinations, pairwise

from wiredesk.records import Claim

ARTICLES = frozenset({"the", "a", "an"})

# fmt: off
GENERIC_NAME_WORDS = frozenset({
    "the", "a", "an", "of", "and", "for", "in", "on", "at", "to", "by", "with", "anonymous",
    "senior", "unnamed", "officials", "official", "sources", "source", "spokesperson",
    "spokesman", "spokeswoman", "ministry", "minister", "department", "office", "agency",
    "service", "services", "national", "state", "government", "military", "army", "council",
    "committee", "authority", "authorities", "president", "news", "press", "north", "south",
    "east", "west", "new", "united"
})
# fmt: on
"""Words that occur in many unrelated origin names and so do not suggest a shared origin."""

CONNECTING_WORDS = frozenset({"of", "and", "at", "in", "on", "for", "to", "by", "with"})
"""Words that join the parts of a name and say nothing about whose name it is."""

SHARED_NAME_PREFIX = 5
"""Name words sharing this many leading letters name one place ("Ukraine", "Ukrainian")."""


@functools.lru_cache(maxsize=1 << 14)
def normalise_origin(name: str) -> str:
    """The comparable form of an origin name (cached: each row asks again for its names)."""
    text = name.casefold().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"s'(?=\s|$)", "s", text)  # "the dockers' union"
    words = re.findall(r"[\w]+(?:\.[\w]+)*\.?", text)
    words = [w.replace(".", "") for w in words]
    text = " ".join(w for w in words if w and w not in ARTICLES)
    # "Moscow and Pyongyang" = "Pyongyang and Moscow"
    return " and ".join(sorted(text.split(" and ")))


def name_words(normalised: str) -> frozenset[str]:
    return frozenset(normalised.split()) - CONNECTING_WORDS


def resolve_origins(origins: Iterable[str]) -> dict[str, str]:
    """Each normalised origin name mapped to the fullest name it is a short form of.

    Within a story, "Odum" is "U.N. special envoy Rafael Odum" and "the union" is "the
    Saltreach Dockers' Union": a name whose words all occur in exactly one longer name (or in
    a nest of names, each inside the next) is that name; longer names that end in the same
    word are preferred.  A short form that fits two unrelated names ("officials",
    "Saltreach") stays on its own.
    """
    names = sorted({normalise_origin(o) for o in origins} - {""}, key=lambda n: -len(n))
    words = {name: name_words(name) for name in names}
    resolved = {name: name for name in names}
    for name in reversed(names):
        fuller = [other for other in names if other != name and words[name] < words[other]]
        # "the union" is the Dockers' Union rather than "union leader Marta Kovanen"
        same_head = [other for other in fuller if other.split()[-1] == name.split()[-1]]
        candidates = same_head or fuller
        if not words[name] or not candidates:
            continue
        widest = max(candidates, key=lambda other: len(words[other]))
        if all(words[other] <= words[widest] for other in candidates):
            resolved[name] = widest
    return {name: follow(resolved, name) for name in names}


def follow(resolved: dict[str, str], name: str) -> str:
    while resolved[name] != name:
        name = resolved[name]
    return name


def claim_origin(claim: Claim, publisher: str) -> str:
    """The end of the claim's reporting chain; the outlet itself for its own assertions."""
    return claim.origin or publisher


def name_keywords(name: str) -> frozenset[str]:
    """The distinctive capitalised words of an origin name (places, organisations, people)."""
    words = re.findall(r"[A-Z][\w.]*", name.replace("’", "'"))
    keys = (w.removesuffix(".").replace(".", "").casefold() for w in words)
    return frozenset(k for k in keys if k and k not in GENERIC_NAME_WORDS)


def names_overlap(first: str, second: str) -> bool:
    """Whether one origin name is only a place or body that the other also names.

    "Ukraine's military" and "anonymous Ukrainian officials" may be one origin; "Halvik General
    Hospital" and "The Halvik Courier" share a town, but each names something of its own.
    """
    mine, theirs = name_keywords(first), name_keywords(second)
    matched_mine = {a for a in mine if any(same_name_word(a, b) for b in theirs)}
    matched_theirs = {b for b in theirs if any(same_name_word(a, b) for a in mine)}
    return bool(matched_mine) and (matched_mine == mine or matched_theirs == theirs)


def same_name_word(first: str, second: str) -> bool:
    """Equal, or a place and its demonym ("ukraine", "ukrainian")."""
    if first == second:
        return True
    prefix = SHARED_NAME_PREFIX
    return min(len(first), len(second)) >= prefix and first[:prefix] == second[:prefix]


def possibly_one_origin(origins: list[str]) -> list[tuple[str, str]]:
    """Pairs of distinct origins whose names share a country or organisation word."""
    distinct: dict[str, str] = {}
    for origin in origins:
        distinct.setdefault(normalise_origin(origin), origin)
    return [(a, b) for a, b in combinations(distinct.values(), 2) if names_overlap(a, b)]


def circular_chain(chain: list[str]) -> str:
    """The name a reporting chain returns to after leaving it ("" if it never does)."""
    seen: set[str] = set()
    previous = ""
    for link in chain:
        key = normalise_origin(link)
        if key in seen and key != previous:
            return link
        seen.add(key)
        previous = key
    return ""


def citation_cycle(chains: Iterable[list[str]]) -> list[str]:
    """Names that cite each other round a loop across chains (A cites B in one report, B cites
    A in another), in the loop's order from its first name; empty when no loop closes.

    Each chain says that each link took the claim from the next one."""
    names: dict[str, str] = {}
    cites: dict[str, set[str]] = {}
    for chain in chains:
        keys = [normalise_origin(link) for link in chain]
        for link, key in zip(chain, keys, strict=True):
            names.setdefault(key, link)
        for teller, told_by in pairwise(keys):
            if teller != told_by:
                cites.setdefault(teller, set()).add(told_by)
    for start in sorted(cites):
        path = _path_back(start, start, cites, [start], set())
        if path:
            return [names[key] for key in path]
    return []


def _path_back(node: str, goal: str, cites: dict, path: list[str], seen: set) -> list[str]:
    for nxt in sorted(cites.get(node, ())):
        if nxt == goal:
            return path
        if nxt not in seen:
            seen.add(nxt)
            found = _path_back(nxt, goal, cites, [*path, nxt], seen)
            if found:
                return found
    return []


def chain_of(claim: Claim, publisher: str) -> list[str]:
    """The reporting chain from the publishing outlet to the origin."""
    chain = list(claim.via) or ([claim.source_name] if claim.source_name else [])
    if publisher and (not chain or normalise_origin(chain[0]) != normalise_origin(publisher)):
        chain.insert(0, publisher)
    return chain
