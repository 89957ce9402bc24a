"""Ledger benchmark: gold ledger rows of the example corpus and of the two seed reports.

There is no public gold for claim ledgers, so there are two hand-written golds, scored apart:

- the example corpus (``examples/expected.json``): for each story, the rows a reader expects,
  each with its member claims (document id and a phrase of the claim's content), its verdict
  and its number of independent origins.  The grouping thresholds were tuned on it, so its
  numbers show that the design works on real extracted claims, not how it generalises.
- the seeds (``benchmarks/gold/seeds_ledger.json``): two real reports of one story, rows written
  from ``../shared/seeds/EXPECTED.md``; each member is named by its document, words of its
  source's name and a few content words (no article text is kept).  Nothing was tuned on
  them: they check the design on text nobody wrote for wiredesk.

It runs the way a user would, through the CLI:

- ledger on gold stories: ``wiredesk extract``, ``dedup`` and ``claims`` give the clean text,
  publishers, copy groups and claims; ``build_ledger`` then groups each gold story's claims,
  so story errors do not hide ledger errors.  Ablations and baselines on the same claims,
  same run: without related words (plain TF-IDF, the previous grouping), without word vectors,
  without predicate classes, without the shared-quantity bonus, one row per claim, one row
  per story.
- end to end: ``wiredesk run`` into a throwaway SQLite file, then ``wiredesk export --what
  ledger``: stories, copies and claims all come from the pipeline.

A gold member counts as found when some ledger entry of its document matches it; members the
claims stage did not extract are reported, not scored.  Scores over found members: pairwise
and B-cubed F1 of "same row", verdict accuracy and independent-source accuracy of each gold
row's majority row.

    .venv/bin/python benchmarks/bench_ledger.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import MACHINE, score_clusters, today

from wiredesk.ledger import LedgerOptions, build_ledger
from wiredesk.records import Document, LedgerEntry, LedgerRow, Story
from wiredesk.serialize import claim_from_dict, ledger_row_from_dict

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SEEDS = REPO.parent / "shared" / "seeds"
SEEDS_GOLD = REPO / "benchmarks" / "gold" / "seeds_ledger.json"
RESULTS = REPO / "benchmarks" / "results" / "bench_ledger.md"
TIMING_REPEATS = 20


def wiredesk(*args: str) -> list[dict]:
    """Run a wiredesk command as a user would; its stdout as JSON lines."""
    done = subprocess.run(
        [sys.executable, "-m", "wiredesk", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def documents_from_cli(paths: list[str]) -> list[Document]:
    """Documents with clean text, publisher, copy group and claims, from the task commands."""
    extracted = {row["id"]: row for row in wiredesk("extract", *paths)}
    groups = {row["id"]: row["group"] for row in wiredesk("dedup", *paths)}
    claimed = {row["id"]: row for row in wiredesk("claims", *paths)}
    docs, canonical_seen = [], set()
    for doc_id, row in extracted.items():
        group = groups.get(doc_id, doc_id)
        doc = Document(
            id=doc_id,
            raw="",
            text=row["text"],
            publisher=row["publisher"],
            dedup_group=group,
            # the first member of a copy group in input order stands for it
            canonical=group not in canonical_seen,
        )
        canonical_seen.add(group)
        if doc.canonical and doc_id in claimed:
            doc.claims = [claim_from_dict(c) for c in claimed[doc_id]["claims"]]
        docs.append(doc)
    return docs


def end_to_end_rows(paths: list[str]) -> list[LedgerRow]:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        subprocess.run(
            [sys.executable, "-m", "wiredesk", "run", *paths, "--db", db],
            capture_output=True,
            check=True,
            cwd=REPO,
        )
        rows = wiredesk("export", "--what", "ledger", "--format", "jsonl", "--db", db)
    return [ledger_row_from_dict(row) for row in rows]


def normalised(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


@dataclass(frozen=True, slots=True)
class GoldMember:
    doc: str
    matches: Callable[[LedgerEntry], bool]


@dataclass(frozen=True, slots=True)
class GoldRow:
    label: str
    members: list[GoldMember]
    verdicts: frozenset[str]
    sources: frozenset[int]


def examples_gold(gold: dict) -> list[GoldRow]:
    """The example corpus's rows: a member is the entry of its document holding its phrase."""

    def phrase_in(phrase: str) -> Callable[[LedgerEntry], bool]:
        wanted = normalised(phrase)
        return lambda entry: wanted in normalised(entry.content)

    return [
        GoldRow(
            label=f"{story}:{index}",
            members=[GoldMember(m["doc"], phrase_in(m["phrase"])) for m in row["members"]],
            verdicts=frozenset([row["verdict"]]),
            sources=frozenset([row["independent_sources"]]),
        )
        for story, rows in gold["ledger"].items()
        for index, row in enumerate(rows)
    ]


def seeds_gold(gold: dict) -> list[GoldRow]:
    """The seeds' rows: a member is the entry of its document whose source's name (or chain)
    holds the member's source words and whose content holds all its words."""

    def named(source: str, words: list[str]) -> Callable[[LedgerEntry], bool]:
        wanted_source, wanted_words = normalised(source), [normalised(w) for w in words]

        def matches(entry: LedgerEntry) -> bool:
            names = normalised(" ".join([entry.source_name, entry.origin, *entry.via]))
            content = normalised(entry.content)
            return wanted_source in names and all(word in content for word in wanted_words)

        return matches

    return [
        GoldRow(
            label=f"seeds:{index}",
            members=[GoldMember(m["doc"], named(m["source"], m["words"])) for m in row["members"]],
            verdicts=frozenset(row["verdicts"]),
            sources=frozenset(row["independent_sources"]),
        )
        for index, row in enumerate(gold["rows"])
    ]


def locate(rows: list[LedgerRow], member: GoldMember) -> int | None:
    """Index of the first row with an entry of the member's document that matches it."""
    for index, row in enumerate(rows):
        for entry in row.entries:
            if entry.document_id == member.doc and member.matches(entry):
                return index
    return None


def score(rows: list[LedgerRow], gold_rows: list[GoldRow]) -> dict:
    """Found members, same-row scores and verdict/source accuracy against the gold rows."""
    gold_labels, predicted_labels = [], []
    verdicts = sources = scored_rows = 0
    members = found = 0
    missing: Counter[str] = Counter()
    for gold_row in gold_rows:
        located = []
        for member in gold_row.members:
            members += 1
            index = locate(rows, member)
            if index is None:
                missing[member.doc] += 1
            else:
                found += 1
                located.append(index)
                gold_labels.append(gold_row.label)
                predicted_labels.append(index)
        if not located:
            continue
        scored_rows += 1
        majority = rows[Counter(located).most_common(1)[0][0]]
        verdicts += majority.verdict in gold_row.verdicts
        sources += majority.independent_sources in gold_row.sources
    clusters = score_clusters(gold_labels, predicted_labels)
    return {
        "members": members,
        "found": found,
        "pair_f1": clusters.pairwise_f1,
        "b3_p": clusters.bcubed_precision,
        "b3_r": clusters.bcubed_recall,
        "b3_f1": clusters.bcubed_f1,
        "rows": scored_rows,
        "verdict": verdicts / max(1, scored_rows),
        "sources": sources / max(1, scored_rows),
        "ledger_rows": len(rows),
        "missing": missing,
    }


def gold_stories(gold: dict) -> list[Story]:
    return [
        Story(id=s["id"], title=s["title"], document_ids=list(s["documents"]))
        for s in gold["stories"]
    ]


def docs_per_second(docs: list[Document], stories: list[Story], options: LedgerOptions) -> float:
    started = time.perf_counter()
    for _ in range(TIMING_REPEATS):
        build_ledger(docs, stories, options)
    return TIMING_REPEATS * len(docs) / (time.perf_counter() - started)


def systems() -> list[tuple[str, LedgerOptions]]:
    tuned = LedgerOptions()
    return [
        ("wiredesk ledger (gold stories)", tuned),
        (
            "ablation: no related words (plain TF-IDF cosine)",
            replace(
                tuned,
                same_class_relatedness=0.0,
                opposite_class_relatedness=0.0,
                min_word_vector_cosine=1.01,
            ),
        ),
        ("ablation: no word vectors", replace(tuned, min_word_vector_cosine=1.01)),
        (
            "ablation: no predicate classes",
            replace(tuned, same_class_relatedness=0.0, opposite_class_relatedness=0.0),
        ),
        ("ablation: no shared-quantity bonus", replace(tuned, shared_quantity_bonus=0.0)),
        ("baseline: one row per claim", replace(tuned, same_thing_similarity=1.01)),
        ("baseline: one row per story", replace(tuned, same_thing_similarity=0.0)),
    ]


TABLE_HEADER = [
    "| system | members found | pair F1 | B3 P | B3 R | B3 F1 | verdict acc | sources acc "
    "| rows | docs/s |",
    "|---|---|---|---|---|---|---|---|---|---|",
]


def scored_table(
    paths: list[str], stories_of: Callable[[list[Document]], list[Story]], gold: list[GoldRow]
) -> tuple[list[str], list[Document], Counter[str], float]:
    """Table lines of every system and of the end-to-end run on ``paths``; the documents, the
    gold members no claim matched, and the seconds the three CLI task commands took."""
    started = time.perf_counter()
    docs = documents_from_cli(paths)
    cli_seconds = time.perf_counter() - started
    stories = stories_of(docs)
    lines = list(TABLE_HEADER)
    missing: Counter[str] = Counter()
    for name, options in systems():
        result = score(build_ledger(docs, stories, options), gold)
        missing = missing or result["missing"]
        speed = docs_per_second(docs, stories, options)
        lines.append(table_line(name, result, f"{speed:,.0f}"))
    started = time.perf_counter()
    result = score(end_to_end_rows(paths), gold)
    run_seconds = time.perf_counter() - started
    lines.append(
        table_line("end to end (wiredesk run + export)", result, f"{len(docs) / run_seconds:.1f}")
    )
    return lines, docs, missing, cli_seconds


def missing_note(missing: Counter[str]) -> str:
    return (
        "- Gold members with no matching claim (claims not extracted, or their document taken"
        " for a copy): "
        + (", ".join(f"{doc} {n}" for doc, n in sorted(missing.items())) or "none")
        + "."
    )


def examples_section() -> list[str]:
    gold = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    stories = gold_stories(gold)
    lines, docs, missing, cli_seconds = scored_table(
        [str(EXAMPLES)], lambda _docs: stories, examples_gold(gold)
    )
    return [
        "## Example corpus (`examples/`, gold `examples/expected.json`)",
        "",
        *lines,
        "",
        f"- {len(docs)} documents, {sum(len(d.claims) for d in docs)} claims from"
        " `wiredesk claims`;"
        f" {len(stories)} gold stories, {sum(len(r) for r in gold['ledger'].values())} gold rows.",
        missing_note(missing),
        "- docs/s of the ledger rows is `build_ledger` alone on claims in memory (mean of"
        f" {TIMING_REPEATS} runs, the word vectors already loaded); end to end is the whole"
        " `wiredesk run` (process start and model load included); the three CLI task commands"
        f" took {cli_seconds:.1f} s.",
        "- Tuned here: the row threshold (B3 flat from 0.25 to 0.3), the weight of words of"
        " one predicate class (flat from 0.4 to 0.8; 0.5 kept) and the shared-quantity bonus."
        " Neither the weight of opposite classes nor the word-vector cosine changes anything"
        " on this corpus; they were set a priori (0.5, below one class) and by reading the"
        " related pairs the vectors give on this vocabulary (0.65: above it inflections and"
        " synonyms such as soldiers/troops, army/military; below it days/long, hours/minutes)."
        " Plain TF-IDF retuned alone reaches the same B3 here (0.854 at threshold 0.2): the"
        " related words earn their place on the seeds, not on this corpus. Three rules came"
        " from reading this corpus's wrong rows (a relative clause is no part of a source's"
        " name; a spokesman named right after his body speaks for it; a denial joins the claim"
        " that holds every word it denies): general constructions, but not tested on unseen"
        " ledgers.",
        "- docs/s were measured on a 2-core machine shared with other jobs; compare rows of"
        " one run, not runs.",
    ]


def seeds_section() -> list[str]:
    if not SEEDS_GOLD.exists() or not SEEDS.is_dir():
        return ["## Seeds", "", f"- skipped: {SEEDS} or {SEEDS_GOLD} is missing."]
    gold = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    paths = [str(SEEDS / f"{doc}.txt") for doc in gold["documents"]]
    lines, docs, missing, _ = scored_table(
        paths,
        lambda found: [Story(id=gold["story"], title="", document_ids=[d.id for d in found])],
        seeds_gold(gold),
    )
    return [
        "## Seeds (`../shared/seeds`, gold `benchmarks/gold/seeds_ledger.json`)",
        "",
        *lines,
        "",
        f"- {len(docs)} documents (one story), {sum(len(d.claims) for d in docs)} claims from"
        f" `wiredesk claims`; {len(gold['rows'])} gold rows: the six rows of EXPECTED.md, then"
        " the other claims of its table as rows of their own statements. Where a reader could"
        " accept more than one verdict or source count (Ukraine's military and Ukrainian"
        " officials may be one origin), the gold lists each and any of them counts as right.",
        missing_note(missing),
        "- No number was tuned on the seeds. Two design changes came from reading their rows"
        " (a predicate class weighs by how many claims use any of its words, so the"
        " deployment's words stop making one row of size, confirmation and reinforcements;"
        " a negation beside its opposite predicate agrees), so they are a check of the"
        " design on real reports, not a held-out score.",
    ]


def fmt(value: float) -> str:
    return f"{value:.3f}"


def main() -> None:
    report([*examples_section(), "", *seeds_section()])


def table_line(name: str, result: dict, speed: str) -> str:
    return (
        f"| {name} | {result['found']}/{result['members']} | {fmt(result['pair_f1'])} "
        f"| {fmt(result['b3_p'])} | {fmt(result['b3_r'])} | {fmt(result['b3_f1'])} "
        f"| {fmt(result['verdict'])} ({result['rows']} rows) | {fmt(result['sources'])} "
        f"| {result['ledger_rows']} | {speed} |"
    )


def report(lines: list[str]) -> None:
    header = [
        "# bench_ledger: the story ledger on the example corpus and the seeds",
        "",
        "Command: `.venv/bin/python benchmarks/bench_ledger.py`  ",
        f"Date: {today()}  ",
        f"Machine: {MACHINE}",
        "",
        "- Published anchors: none; no public data set scores claim ledgers.",
        "",
    ]
    text = "\n".join(header + lines) + "\n"
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
