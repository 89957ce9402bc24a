"""Repairs of extraction damage, per damage type, on PolNeAR article text with injected damage.

Clean PolNeAR articles get the damage seen in the seed reports, injected at seeded random
sites: sentence ends glued to the next sentence, lines broken after an abbreviation, two words
run together, apostrophes lost before a possessive "s", mojibake from a UTF-8 text read as
Windows-1252, words hyphenated at a line end.  One damage type per run; each run passes the
whole split together through the real ``CleanStage`` (so the corpus-attested repairs see a
corpus as in a ``wiredesk`` run), then the repaired text is aligned to the damaged text
(characters, one pass) and every edit is scored: correct when it restores the original at a
damaged site, a false positive when it touches no damaged site or restores something else.
A control run on the undamaged text counts every edit as a false positive.

The rules were developed on the train split; the reported numbers are on dev.

Run from the repository root: .venv/bin/python benchmarks/bench_repairs.py [--split dev]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import MACHINE, markdown_table, save_result, today

from wiredesk.clean import CleanStage
from wiredesk.records import Document
from wiredesk.stage import StageStats

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "attribution"
SEED = 20261123

GLUED = "glued sentence end"
ABBREVIATION = "abbreviation line break"
RUN_TOGETHER = "run-together words"
POSSESSIVE = "lost possessive apostrophe (capitalised word)"
OTHER_APOSTROPHE = "lost apostrophe before s (other words)"
MOJIBAKE = "mojibake (UTF-8 read as Windows-1252)"
HYPHENATION = "hyphenation at a line end"
NONE = "no damage (control)"

# Shares of the candidate places that are damaged, per type.
GLUED_RATE = 0.3
ABBREVIATION_RATE = 0.5
RUN_TOGETHER_RATE = 0.02
POSSESSIVE_ARTICLE_RATE = 0.5
MOJIBAKE_PARAGRAPH_RATE = 0.5
HYPHENATED_WORD_RATE = 0.03
HYPHENATED_COMPOUND_RATE = 0.3

# A sentence end followed by a space and the next sentence's first letter (maybe quoted).
SENTENCE_SPACE = re.compile(r"(?<=[^\s.])([.!?][\"”’')]?)( )(?=[\"“‘(]?[A-Z])")
# Words whose period does not end a sentence, and initials ("J. Smith"); acronyms ("U.S.")
# may or may not end one, so no sentence end after them is sampled.
NOT_SENTENCE_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Rev|Prof|Jr|Sr|Jan|Feb|Aug|Sept?"
    r"|Oct|Nov|Dec|Inc|Co|Corp|Ltd|No|vs|Ft|Mt)|\b[A-Z]|(?:\b[A-Za-z]\.)+[A-Za-z])$"
)
ABBREVIATION_SPACE = re.compile(
    r"(?<!\S)((?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Rev|Prof|St"
    r"|Jr|Sr|Inc|Corp|Co|No|vs|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.)( )(?=\S)"
)
WORD_SPACE = re.compile(r"(?<![\w'’.-])[A-Za-z]{2,}( )(?=[A-Za-z]{2,}(?![\w'’-]))")
APOSTROPHE_S = re.compile(r"(?<=[A-Za-z])(['’])s\b")
# Capitalised words before "'s" that make a contraction at a sentence start, not a possessive.
CONTRACTED = frozenset(
    {"it", "he", "she", "that", "there", "here", "what", "who", "where", "how", "let", "this"}
)
LONG_WORD = re.compile(r"\b[A-Za-z]{6,}\b")
# Alignment: texts agree again this many characters after an edit (or SHORT_ANCHOR where no
# edit is followed by that many); edits up to
# MAX_LOCAL_EDIT characters (both sides) are looked for before a long deletion.
ANCHOR = 8
LONG_ANCHOR = 40
SHORT_ANCHOR = 4
MAX_LOCAL_EDIT = 24
COMPOUND_HYPHEN = re.compile(r"(?<=[A-Za-z]{2})-(?=[A-Za-z]{2})")


@dataclass(frozen=True, slots=True)
class Damage:
    """``original[start:end]`` becomes ``damaged``; ``kind`` names the damage type."""

    start: int
    end: int
    damaged: str
    kind: str


@dataclass(frozen=True, slots=True)
class Site:
    """A damaged place: ``damaged_text[start:end]`` was ``original``."""

    start: int
    end: int
    original: str
    kind: str


def article_text(text: str) -> str:
    """The text as the clean stage gives it back: stripped lines, no blank ones."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _sample(rng: random.Random, rate: float, matches) -> list[re.Match]:
    return [match for match in matches if rng.random() < rate]


def glued_sentence_ends(text: str, rng: random.Random) -> list[Damage]:
    damages = []
    for match in _sample(rng, GLUED_RATE, SENTENCE_SPACE.finditer(text)):
        before = text[: match.start(1)].split()
        if before and NOT_SENTENCE_END.search(before[-1].lstrip('"“‘(')):
            continue
        damages.append(Damage(match.start(2), match.end(2), "", GLUED))
    return damages


def abbreviation_breaks(text: str, rng: random.Random) -> list[Damage]:
    return [
        Damage(match.start(2), match.end(2), "\n", ABBREVIATION)
        for match in _sample(rng, ABBREVIATION_RATE, ABBREVIATION_SPACE.finditer(text))
    ]


def run_together_words(text: str, rng: random.Random) -> list[Damage]:
    damages: list[Damage] = []
    for match in _sample(rng, RUN_TOGETHER_RATE, WORD_SPACE.finditer(text)):
        # Two glued spaces in a row would make a three-word run: keep the sites apart.
        if damages and text.count(" ", damages[-1].end, match.start(1)) == 0:
            continue
        damages.append(Damage(match.start(1), match.end(1), "", RUN_TOGETHER))
    return damages


def lost_apostrophes(text: str, rng: random.Random) -> list[Damage]:
    """Every apostrophe before "s" in half the articles: an extractor that drops them drops
    them all.  Capitalised words ("Ukraine's") and the rest ("company's", "it's", and "It's"
    or "Here's" at a sentence start) are scored apart."""
    if rng.random() >= POSSESSIVE_ARTICLE_RATE:
        return []
    damages = []
    for match in APOSTROPHE_S.finditer(text):
        word_start = match.start()
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        word = text[word_start : match.start()]
        named = word[0].isupper() and word.lower() not in CONTRACTED
        kind = POSSESSIVE if named else OTHER_APOSTROPHE
        damages.append(Damage(match.start(1), match.end(1), "", kind))
    return damages


def _as_windows_1252(character: str) -> str:
    """The character's UTF-8 bytes read as Windows-1252 (bytes it leaves undefined as Latin-1,
    which is how browsers and ftfy read them)."""
    decoded = []
    for byte in character.encode("utf-8"):
        try:
            decoded.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            decoded.append(bytes([byte]).decode("latin-1"))
    return "".join(decoded)


def as_windows_1252(text: str) -> str:
    """``text`` with every non-ASCII character read as Windows-1252 (see ``_as_windows_1252``)."""
    return "".join(c if c.isascii() else _as_windows_1252(c) for c in text)


def mojibake(text: str, rng: random.Random) -> list[Damage]:
    """Whole paragraphs read in the wrong encoding: every non-ASCII character is a site."""
    damages = []
    start = 0
    for paragraph in text.split("\n"):
        if not paragraph.isascii() and rng.random() < MOJIBAKE_PARAGRAPH_RATE:
            for offset, character in enumerate(paragraph):
                if not character.isascii():
                    position = start + offset
                    damages.append(
                        Damage(position, position + 1, _as_windows_1252(character), MOJIBAKE)
                    )
        start += len(paragraph) + 1
    return damages


def hyphenation(text: str, rng: random.Random) -> list[Damage]:
    """Words broken over a line end: at a random inner point with a hyphen added, and
    compounds broken at their own hyphen (which stays)."""
    damages = [
        Damage(position, position, "-\n", HYPHENATION)
        for match in _sample(rng, HYPHENATED_WORD_RATE, LONG_WORD.finditer(text))
        for position in [rng.randint(match.start() + 2, match.end() - 3)]
    ]
    damages += [
        Damage(match.start(), match.end(), "-\n", HYPHENATION)
        for match in _sample(rng, HYPHENATED_COMPOUND_RATE, COMPOUND_HYPHEN.finditer(text))
    ]
    return sorted(damages, key=lambda damage: damage.start)


INJECTORS: dict[str, Callable[[str, random.Random], list[Damage]]] = {
    GLUED: glued_sentence_ends,
    ABBREVIATION: abbreviation_breaks,
    RUN_TOGETHER: run_together_words,
    POSSESSIVE: lost_apostrophes,
    MOJIBAKE: mojibake,
    HYPHENATION: hyphenation,
}


def damage(text: str, damages: list[Damage]) -> tuple[str, list[Site]]:
    """The damaged text and its sites, in damaged-text offsets."""
    pieces, sites, last, shift = [], [], 0, 0
    for item in damages:
        pieces.append(text[last : item.start])
        start = item.start + shift
        sites.append(Site(start, start + len(item.damaged), text[item.start : item.end], item.kind))
        pieces.append(item.damaged)
        shift += len(item.damaged) - (item.end - item.start)
        last = item.end
    pieces.append(text[last:])
    return "".join(pieces), sites


@dataclass(slots=True)
class Tally:
    sites: int = 0
    restored: int = 0
    wrong: int = 0
    false_positives: int = 0
    in_removed_text: int = 0
    # Wrong restorations that equal the original but for the apostrophe's typography.
    other_apostrophe: int = 0
    # Sites no edit touched: the repair was not attempted there.
    untouched: int = 0

    def precision(self) -> float:
        made = self.restored + self.wrong + self.false_positives
        return self.restored / made if made else 1.0

    def recall(self) -> float:
        return self.restored / self.sites if self.sites else 1.0


def edit_kind(damaged: str, start: int, before: str, after: str) -> str:
    """The damage type an edit repairs, by its shape (for edits at undamaged places)."""
    if "\n" in before and "\n" not in after:
        return HYPHENATION if damaged[: start + before.index("\n")].endswith("-") else ABBREVIATION
    if not before and after == " ":
        return GLUED if damaged[start - 1 : start] in ".!?\"”’')" else RUN_TOGETHER
    if not before and after in ("'", "’"):
        return POSSESSIVE
    return MOJIBAKE


def removed_spans(damaged: str, doc: Document) -> list[tuple[int, int]]:
    """Where the clean stage's removals (boilerplate, not repairs) lie in the damaged text."""
    spans, searched_from = [], 0
    for removal in doc.removed:
        # A removal from a paragraph read as Windows-1252 is listed as ftfy repaired it.
        for text in dict.fromkeys([removal.text, as_windows_1252(removal.text)]):
            found = damaged.find(text, searched_from)
            if found < 0:
                found = damaged.find(text)
            if found >= 0:
                spans.append((max(found - 1, 0), found + len(text) + 1))
                searched_from = found + len(text)
                break
    # Removals next to each other (different reasons) are deleted as one stretch.
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and not damaged[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _removed_lines(before: str, after: str, removed: list[str]) -> bool:
    """A deletion of whole pieces that the clean stage lists as removed."""
    pieces = [piece.strip() for piece in before.split("\n") if piece.strip()]
    return (
        not after.strip()
        and bool(pieces)
        and all(any(piece in text for text in removed) for piece in pieces)
    )


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(low <= start and end <= high for low, high in spans)


def _resync(damaged: str, repaired: str, i: int, j: int) -> tuple[int, int]:
    """How many characters of each text a change starting at ``i``/``j`` spans: the fewest
    after which both texts agree again for ``ANCHOR`` characters (or ``SHORT_ANCHOR``, where
    repairs stand closer, as mojibake in every other word does); else a deletion up to where
    the repaired text's next stretch is found (boilerplate the clean stage removed)."""
    for anchor in (ANCHOR, SHORT_ANCHOR):
        for total in range(1, MAX_LOCAL_EDIT + 1):
            for skipped in range(total + 1):
                di, dj = skipped, total - skipped
                if damaged[i + di : i + di + anchor] == repaired[j + dj : j + dj + anchor]:
                    return di, dj
    found = damaged.find(repaired[j : j + LONG_ANCHOR], i)
    return (found - i, 0) if found >= 0 else (len(damaged) - i, len(repaired) - j)


def align(damaged: str, repaired: str) -> list[tuple[int, int, int, int]]:
    """Character edits (damaged start, end, repaired start, end) turning one text into the
    other, found in one pass: the clean stage's edits are short, or deletions."""
    edits = []
    i = j = 0
    while i < len(damaged) and j < len(repaired):
        if damaged[i] == repaired[j]:
            i += 1
            j += 1
            continue
        di, dj = _resync(damaged, repaired, i, j)
        edits.append((i, i + di, j, j + dj))
        i, j = i + di, j + dj
    if i < len(damaged) or j < len(repaired):
        edits.append((i, len(damaged), j, len(repaired)))
    return edits


def score_document(
    damaged: str, repaired: str, sites: list[Site], doc: Document, tallies, known: Counter
) -> list[tuple[str, str]]:
    """Align, group edits and sites that touch or lie next to each other (a space put after
    a quotation mark instead of before it is a wrong restoration), score each group.

    ``known``: the edits (before, after) the control run made in this article, repairs of
    damage the source already had; an edit at an undamaged place that the control made too
    is left to the control's row.  Returns the edits made at undamaged places."""
    spans = removed_spans(damaged, doc)
    removed = [removal.text for removal in doc.removed]
    edits = [
        edit
        for edit in align(damaged, repaired)
        if not _inside(edit[0], edit[1], spans)
        and not _removed_lines(damaged[edit[0] : edit[1]], repaired[edit[2] : edit[3]], removed)
    ]
    kept_sites = []
    for site in sites:
        if _inside(site.start, site.end, spans):
            tallies[site.kind].in_removed_text += 1
        else:
            kept_sites.append(site)
    items = sorted(
        [(site.start, site.end, "site", site) for site in kept_sites]
        + [(edit[0], edit[1], "edit", edit) for edit in edits],
        key=lambda item: (item[0], item[1]),
    )
    group: list = []
    group_end = -1
    elsewhere: list[tuple[str, str]] = []
    for item in [*items, None]:
        if item is not None and group and item[0] <= group_end + 1:
            group.append(item)
            group_end = max(group_end, item[1])
            continue
        if group:
            elsewhere += _score_group(damaged, repaired, group, tallies, known)
        if item is not None:
            group, group_end = [item], item[1]
    return elsewhere


def _score_group(
    damaged: str, repaired: str, group: list, tallies, known: Counter
) -> list[tuple[str, str]]:
    sites = [item[3] for item in group if item[2] == "site"]
    edits = [item[3] for item in group if item[2] == "edit"]
    for site in sites:
        tallies[site.kind].sites += 1
    if not edits:
        for site in sites:
            tallies[site.kind].untouched += 1
        return []
    if not sites:
        made = []
        for i1, i2, j1, j2 in edits:
            edit = (damaged[i1:i2], repaired[j1:j2])
            made.append(edit)
            if known[edit]:
                known[edit] -= 1
            else:
                tallies[edit_kind(damaged, i1, *edit)].false_positives += 1
        return made
    start = min(min(site.start for site in sites), edits[0][0])
    end = max(max(site.end for site in sites), max(edit[1] for edit in edits))
    # Both ends of the window lie outside every edit, so they map straight across.
    repaired_start = edits[0][2] - (edits[0][0] - start)
    last = max(edits, key=lambda edit: edit[1])
    repaired_end = last[3] + (end - last[1])
    expected, cursor = [], start
    for site in sorted(sites, key=lambda site: site.start):
        expected += [damaged[cursor : site.start], site.original]
        cursor = site.end
    expected.append(damaged[cursor:end])
    made, wanted = repaired[repaired_start:repaired_end], "".join(expected)
    if made == wanted:
        for site in sites:
            tallies[site.kind].restored += 1
    else:
        tallies[sites[0].kind].wrong += 1
        if made.replace("’", "'") == wanted.replace("’", "'"):
            tallies[sites[0].kind].other_apostrophe += 1
    return []


def run_clean(texts: list[str], ids: list[str]) -> tuple[list[Document], float]:
    docs = [Document(id=doc_id, raw=text) for doc_id, text in zip(ids, texts, strict=True)]
    started = time.perf_counter()
    CleanStage().run(docs, StageStats(name="clean"))
    return docs, time.perf_counter() - started


def evaluate(
    kind: str | None, originals: list[str], ids: list[str], control: dict[str, Counter]
) -> tuple[dict, float, list]:
    """One run: damage of ``kind`` (None: the control, whose edits per article it records in
    ``control``) on every article, cleaned together."""
    damaged_texts, all_sites = [], []
    for index, text in enumerate(originals):
        rng = random.Random(f"{SEED}:{kind}:{ids[index]}")
        damages = INJECTORS[kind](text, rng) if kind else []
        damaged, sites = damage(text, damages)
        damaged_texts.append(damaged)
        all_sites.append(sites)
    docs, seconds = run_clean(damaged_texts, ids)
    tallies: dict[str, Tally] = defaultdict(Tally)
    examples = []
    for doc, damaged, sites in zip(docs, damaged_texts, all_sites, strict=True):
        known = Counter(control.get(doc.id, Counter())) if kind else Counter()
        made = score_document(damaged, doc.text, sites, doc, tallies, known)
        if kind is None:
            control[doc.id] = Counter(made)
        examples += [(repair.before, repair.after, repair.reason) for repair in doc.repairs]
    return tallies, seconds, examples


def load(split: str, limit: int | None) -> tuple[list[str], list[str]]:
    path = DATA / f"polnear_{split}.jsonl"
    if not path.exists():
        sys.exit(f"missing {path}: the PolNeAR split is read from ../shared/data/attribution")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows = rows[:limit] if limit else rows
    return [article_text(row["text"]) for row in rows], [row["id"] for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--show", action="store_true", help="print the repairs made per run")
    args = parser.parse_args()
    originals, ids = load(args.split, args.limit)
    rows, notes = [], []
    control_made: dict[str, Counter] = {}
    control, control_seconds, control_repairs = evaluate(None, originals, ids, control_made)
    control_edits = Counter({kind: tally.false_positives for kind, tally in control.items()})
    for kind in INJECTORS:
        tallies, seconds, repairs = evaluate(kind, originals, ids, control_made)
        kinds = [kind, OTHER_APOSTROPHE] if kind == POSSESSIVE else [kind]
        for scored in kinds:
            tally = tallies[scored]
            rows.append(
                [
                    scored,
                    tally.sites,
                    tally.restored,
                    tally.wrong,
                    tally.false_positives,
                    tally.precision(),
                    tally.recall(),
                ]
            )
            missed = tally.sites - tally.restored
            if missed:
                notes.append(
                    f"- {scored}: {tally.untouched} of the {missed} sites not restored were left "
                    "as they were; the others lie in groups restored wrongly."
                )
            if tally.other_apostrophe:
                lenient = (tally.restored + tally.other_apostrophe) / (
                    tally.restored + tally.wrong + tally.false_positives
                )
                notes.append(
                    f"- {scored}: {tally.other_apostrophe} of the {tally.wrong} wrong "
                    "restorations differ from the original only in the apostrophe's typography "
                    "(' for ’ or the reverse: the paragraph kept no apostrophe to copy, or its "
                    f"article writes both); P counting them as restored: {lenient:.3f}."
                )
            if tally.in_removed_text:
                notes.append(
                    f"- {scored}: {tally.in_removed_text} sites fell in text the clean stage "
                    "removed as boilerplate and are not scored."
                )
        others = {k: t.false_positives for k, t in tallies.items() if k not in kinds}
        if any(others.values()):
            notes.append(f"- {kind} run: edits of other kinds at undamaged places: {others}.")
        if args.show:
            print(f"## {kind} ({seconds:.1f} s)")
            for before, after, reason in repairs:
                print(f"  {before!r} -> {after!r}  [{reason}]")
    rows.append([NONE, 0, 0, 0, sum(control_edits.values()), "", ""])
    if args.show:
        for before, after, reason in control_repairs:
            print(f"  control: {before!r} -> {after!r}  [{reason}]")
    words = sum(len(text.split()) for text in originals)
    body = "\n".join(
        [
            f"# bench_repairs: repairs of injected extraction damage, PolNeAR {args.split}",
            "",
            f"Command: `.venv/bin/python benchmarks/bench_repairs.py --split {args.split}`  ",
            f"Date: {today()}  ",
            f"Machine: {MACHINE}",
            "",
            f"{len(originals)} articles, {words:,} words; one damage type per run, the whole "
            "split cleaned together by `CleanStage` (as one `wiredesk` run); seed "
            f"{SEED}. Rules developed on train; this table is {args.split}.",
            "",
            markdown_table(
                ["damage", "sites", "restored", "wrong", "edits elsewhere", "P", "R"], rows
            ),
            "",
            "- P = restored / (restored + wrong restorations + edits of that kind at undamaged "
            "places); R = restored / sites. The repaired text is aligned to the damaged text "
            "character by character; edits and sites that touch (or lie side by side) are "
            "scored together and count as restored only when the repaired text equals the "
            "original there. An edit at an undamaged place that the control run makes in the "
            "same article too (damage PolNeAR's text already has) is counted in the control "
            "row only.",
            "- Damage: sentence ends (not after an abbreviation, initial or acronym) lose the "
            f"space ({GLUED_RATE:.0%}); the space after an acronym or title abbreviation "
            f"becomes a line break ({ABBREVIATION_RATE:.0%}); the space between two "
            f"alphabetic words of 2+ letters goes ({RUN_TOGETHER_RATE:.0%}); "
            f"{POSSESSIVE_ARTICLE_RATE:.0%} of the articles lose every apostrophe before "
            '"s" (capitalised words and the rest, such as "company\'s" and "it\'s", scored '
            f"apart); {MOJIBAKE_PARAGRAPH_RATE:.0%} of the paragraphs with non-ASCII "
            "characters are read as Windows-1252 (each such character a site); "
            f"{HYPHENATED_WORD_RATE:.0%} of words of 6+ letters are broken at a random inner "
            f'point with "-\\n", and {HYPHENATED_COMPOUND_RATE:.0%} of hyphenated compounds '
            "at their hyphen (kept).",
            f"- Control: the undamaged text; every edit is counted as a false positive, by "
            f"the kind its shape shows: {dict(control_edits) or 'none'}. Some repair damage the "
            "source text has (mojibake such as 'PeÃ±a', glued words such as 'be even'); "
            "they count all the same. Edits in the control: "
            + ("; ".join(f"{b!r} -> {a!r} ({r})" for b, a, r in control_repairs) or "none")
            + ".",
            f"- Time: the control run's clean stage took {control_seconds:.1f} s.",
            "- Known limits: possessives are restored only on capitalised words and "
            "acronyms, judged by the word that follows and by the corpus (lowercase words "
            'such as "company\'s" and contractions such as "it\'s" are left: plurals and '
            "verbs read the same); run-together words are split only where wordfreq or the "
            "corpus vouches for both words and the pair.",
            *notes,
        ]
    )
    if args.split == "dev" and not args.limit:
        save_result("bench_repairs", body)
    else:
        print(body)


if __name__ == "__main__":
    main()
