"""Copy detection on the Reuters reprint set through ``wiredesk dedup``, beside the README's
MinHash LSH baseline (word 2-grams, threshold 0.3, exact overlap check) run in the same process;
the stage's throughput at 1k, 3k and 10k documents; and its candidate step (numpy MinHash and
LSH banding) against datasketch's on the same shingles.

Run from the repository root: .venv/bin/python benchmarks/bench_dedup.py
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import (
    MACHINE,
    labels_for,
    markdown_table,
    run_cli,
    save_result,
    score_clusters,
    today,
)

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "dedup"
WORD = re.compile(r"\w+")


def baseline_labels(texts: list[str], threshold: float = 0.3, num_perm: int = 128) -> list[int]:
    """datasketch MinHash LSH over lowercased word 2-grams; each proposed pair kept when the
    exact 2-gram Jaccard is >= ``threshold``; union-find into groups. One core."""
    from datasketch import MinHash, MinHashLSH

    grams = []
    for text in texts:
        tokens = WORD.findall(text.lower())
        grams.append({f"{a} {b}" for a, b in itertools.pairwise(tokens)})
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    for i, signature in enumerate(
        MinHash.generator(([g.encode() for g in s] for s in grams), num_perm=num_perm)
    ):
        for j in lsh.query(signature):
            shared = len(grams[i] & grams[j])
            if shared / (len(grams[i]) + len(grams[j]) - shared) >= threshold:
                parent[find(i)] = find(j)
        lsh.insert(i, signature)
    return [find(i) for i in range(len(texts))]


def stage_documents(rows: list[dict]) -> list:
    """wiredesk's dedup stage alone, through its Python API, on the texts as given."""
    from wiredesk.dedup import DedupStage
    from wiredesk.records import Document
    from wiredesk.stage import StageStats

    docs = [Document(id=row["id"], raw=row["text"], text=row["text"]) for row in rows]
    DedupStage().run(docs, StageStats(name="dedup"))
    return docs


def load_libraries(rows: list[dict]) -> tuple[float, float]:
    """Seconds of the one-time loads, made before anything is timed: datasketch's import for
    the baseline; for the stage, its first call on a few reprints, which loads the word lists
    its version check reads (scikit-learn's stop words, wordfreq's English list)."""
    started = time.perf_counter()
    from datasketch import MinHash, MinHashLSH  # noqa: F401

    baseline_load = time.perf_counter() - started
    started = time.perf_counter()
    stage_documents(rows[:200])
    return baseline_load, time.perf_counter() - started


def whole_groups(rows: list[dict], size: int) -> list[dict]:
    """About ``size`` reprints made of whole gold groups, taken in the order of a hash of
    their ids (a fixed shuffle): copies per document stay about alike at every size, where
    the first ``size`` rows of the file would hold fewer copies of each story the fewer rows
    they are."""
    sizes = Counter(row["cluster"] for row in rows)
    chosen, count = set(), 0
    for cluster in sorted(sizes, key=lambda c: hashlib.sha1(str(c).encode()).hexdigest()):
        if count >= size:
            break
        chosen.add(cluster)
        count += sizes[cluster]
    return [row for row in rows if row["cluster"] in chosen]


def stage_scaling(rows: list[dict], sizes: tuple[int, ...]) -> list[list]:
    """The stage's CPU seconds and documents per CPU second on whole groups of about each
    size: the better of two runs (CPU time, as other processes on the shared machine inflate
    wall time by whatever they happen to run)."""
    table = []
    for size in sizes:
        part = whole_groups(rows, size)
        timings = []
        for _ in range(2):
            started = time.process_time()
            stage_documents(part)
            timings.append(time.process_time() - started)
        pairs = sum(k * (k - 1) // 2 for k in Counter(row["cluster"] for row in part).values())
        table.append([f"{len(part):,}", pairs / len(part), min(timings), len(part) / min(timings)])
    return table


def candidate_steps(rows: list[dict]) -> list[list]:
    """The stage's candidate step (shingle hashes, MinHash signatures, LSH bands, the count of
    equal rows) against the same step done with datasketch as the stage did before (string
    shingles, crc32, MinHash.generator, MinHashLSH at threshold 0.15), both from the same words,
    128 permutations, one core."""
    import zlib

    from datasketch import MinHash, MinHashLSH

    from wiredesk.dedup import DedupOptions
    from wiredesk.dedup.minhash import band_candidates, equal_rows, signatures
    from wiredesk.dedup.text import shingle_hashes, words

    options = DedupOptions()
    token_lists = [words(row["text"]) for row in rows]
    started = time.perf_counter()
    shingle_sets = [
        {" ".join(tokens[k : k + 2]) for k in range(max(len(tokens) - 1, 1))}
        for tokens in token_lists
    ]
    lsh = MinHashLSH(threshold=0.15, num_perm=options.num_perm)
    theirs = 0
    for i, signature in enumerate(
        MinHash.generator(
            ([s.encode() for s in shingles] for shingles in shingle_sets),
            num_perm=options.num_perm,
            seed=options.seed,
            hashfunc=zlib.crc32,
        )
    ):
        theirs += len(lsh.query(signature))
        lsh.insert(i, signature, check_duplication=False)
    their_seconds = time.perf_counter() - started
    started = time.perf_counter()
    matrix = signatures(
        shingle_hashes(token_lists, options.shingle_size), options.num_perm, options.seed
    )
    pairs = band_candidates(matrix, options.band_rows)
    equal_rows(matrix, pairs)
    our_seconds = time.perf_counter() - started
    return [
        ["datasketch (as the stage used it before)", their_seconds, theirs],
        ["wiredesk.dedup.minhash (numpy)", our_seconds, len(pairs)],
    ]


def version_pairs(docs: list, gold: list) -> tuple[int, int]:
    """Pairs kept apart as versions: how many, and how many of them gold puts in one group
    (reprints whose garbling looked like a changed figure or name)."""
    gold_of = {doc.id: cluster for doc, cluster in zip(docs, gold, strict=True)}
    pairs = {(doc.id, v.id) for doc in docs for v in doc.versions if doc.id < v.id}
    return len(pairs), sum(gold_of[a] == gold_of[b] for a, b in pairs)


def half_of(cluster: object) -> str:
    """The split used to tune wiredesk's thresholds ("tune") and the half left for checking
    ("held"), by a hash of the gold group."""
    digest = int(hashlib.sha1(str(cluster).encode()).hexdigest(), 16)
    return "tune" if digest % 2 == 0 else "held"


def ari_on(half: str, rows: list[dict], predicted: list) -> float:
    picked = [k for k, row in enumerate(rows) if half_of(row["cluster"]) == half]
    return score_clusters(
        [rows[k]["cluster"] for k in picked], [predicted[k] for k in picked]
    ).adjusted_rand


TIMING_REPEATS = 3


def timed(work) -> tuple:
    """``work()``'s result, wall seconds and CPU seconds."""
    started, cpu_started = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - started, time.process_time() - cpu_started


def main() -> None:
    rows = [json.loads(line) for line in (DATA / "reuters_synd_proxy.jsonl").open()]
    ids = [row["id"] for row in rows]
    gold = [row["cluster"] for row in rows]
    with tempfile.TemporaryDirectory() as tmp:
        input_path = Path(tmp) / "reprints.jsonl"
        input_path.write_text(
            "".join(json.dumps({"id": row["id"], "text": row["text"]}) + "\n" for row in rows)
        )
        labels, seconds = run_cli("dedup", str(input_path))
    predicted, missing = labels_for(ids, labels)
    baseline_load, stage_load = load_libraries(rows)
    texts = [row["text"] for row in rows]
    baseline_runs, stage_runs = [], []
    for _ in range(TIMING_REPEATS):  # interleaved, so that both see the same load
        baseline, *timing = timed(lambda: baseline_labels(texts))
        baseline_runs.append(timing)
        stage_docs, *timing = timed(lambda: stage_documents(rows))
        stage_runs.append(timing)
    baseline_seconds, baseline_cpu = (min(run[k] for run in baseline_runs) for k in (0, 1))
    stage_seconds, stage_cpu = (min(run[k] for run in stage_runs) for k in (0, 1))
    run_ratios = ", ".join(
        f"{theirs[1] / ours[1]:.2f}" for theirs, ours in zip(baseline_runs, stage_runs, strict=True)
    )
    stage_only = [doc.dedup_group for doc in stage_docs]
    versions, versions_in_one_group = version_pairs(stage_docs, gold)
    scaling = stage_scaling(rows, (1_000, 3_000, len(rows)))
    steps = candidate_steps(rows)
    small, large = (int(scaling[k][0].replace(",", "")) for k in (0, -1))
    growth = scaling[-1][2] / scaling[0][2]
    n_log_n = (large * math.log(large)) / (small * math.log(small))
    ours, theirs = score_clusters(gold, predicted), score_clusters(gold, baseline)
    alone = score_clusters(gold, stage_only)
    ours_rate, theirs_rate = len(rows) / seconds, len(rows) / baseline_seconds
    alone_rate = len(rows) / stage_seconds
    header = ["system", "ARI", "ARI tune half", "ARI held half", "pair P", "pair R", "docs/s"]

    def table_row(system: str, scores, labels, rate: float) -> list:
        return [
            system,
            scores.adjusted_rand,
            ari_on("tune", rows, labels),
            ari_on("held", rows, labels),
            scores.pairwise_precision,
            scores.pairwise_recall,
            rate,
        ]

    table = [
        table_row("wiredesk dedup (clean + dedup, end to end)", ours, predicted, ours_rate),
        table_row(
            "wiredesk DedupStage alone (Python API, raw text)", alone, stage_only, alone_rate
        ),
        table_row("baseline: MinHash LSH 2-grams, 0.3, exact check", theirs, baseline, theirs_rate),
    ]
    body = "\n".join(
        [
            "# bench_dedup: copies",
            "",
            "Command: `.venv/bin/python benchmarks/bench_dedup.py`  ",
            f"Date: {today()}  ",
            f"Machine: {MACHINE}",
            "",
            markdown_table(header, table),
            "",
            f"- {len(rows):,} documents, {len(set(gold)):,} gold groups; {missing} documents got "
            "no group from the CLI and count as singletons.",
            "- Throughput ratio against the baseline: DedupStage alone "
            f"{alone_rate / theirs_rate:.2f} in wall time, {baseline_cpu / stage_cpu:.2f} in CPU "
            f"time (stage {stage_cpu:.1f} s, baseline {baseline_cpu:.1f} s, each the best of "
            f"{TIMING_REPEATS} runs, the two interleaved; CPU ratio run by run: {run_ratios}; "
            "the machine is shared, and wall time swings with the others' load); whole command "
            f"{ours_rate / theirs_rate:.2f}. "
            "The command's time includes process start, ingest, the clean stage and JSON out; "
            "the stage's and the baseline's are on text already in memory, one core, same run, "
            "each after its one-time loads (datasketch's import "
            f"{baseline_load:.2f} s; the stage's first call on 200 reprints, which loads the "
            f"stop words and word list of its version check, {stage_load:.2f} s).",
            "- wiredesk's LSH and Jaccard thresholds were chosen on the tune half (gold groups "
            "whose id hashes even); the held half was not looked at while tuning.",
            f"- Versions (near-copies kept apart because a figure or a name differs): {versions:,} "
            f"pairs from the stage alone, {versions_in_one_group:,} of them in one gold group "
            "(reprints whose garbling reads as a changed figure, or the old whole-text figures "
            "check). The rules that tell a garble from a change (a figure whose digits are not "
            "inside the other's, a name that is a known word and unlike the other, outside the "
            "first 20 words) were shaped by reading version pairs of both halves.",
            "",
            "## The stage's throughput by corpus size",
            "",
            "Whole gold groups of the set in a fixed shuffled order, so that copies per "
            "document stay about alike; the stage alone as above, one core, CPU seconds, the "
            "better of two runs.",
            "",
            markdown_table(
                ["documents", "copy pairs per document", "CPU seconds", "docs per CPU second"],
                scaling,
            ),
            "",
            f"- From {small:,} to {large:,} documents the time grows {growth:.1f}-fold; "
            f"n log n would grow {n_log_n:.1f}-fold.",
            "",
            "## Candidate step: numpy against datasketch",
            "",
            "Shingles to candidate pairs on all reprints, from the same words, 128 "
            "permutations, one core. The stage used datasketch for this step; it now uses its "
            "own numpy implementation (`wiredesk.dedup.minhash`) because that measures faster: "
            f"{steps[0][1] / steps[1][1]:.1f} times here. datasketch stays the baseline above.",
            "",
            markdown_table(["implementation", "seconds", "candidate pairs"], steps),
            "",
            "- Candidate pairs differ in number because the banding differs: datasketch picks "
            "51 bands of 2 rows for threshold 0.15, the stage uses 64 bands of 2 and then drops "
            "pairs whose signatures agree in too few rows to reach Jaccard 0.2 (at most 1 in "
            "10,000 such pairs lost) or whose sizes rule it out, before the exact check.",
            "",
            "- README anchors on this set (datasketch, one core): 5-gram/128/0.5 ARI 0.41, "
            "2,090 docs/s; 2-gram/256/0.45 ARI 0.78; 2-gram/0.3 with exact check ARI 0.84, "
            "1,500 docs/s. On real NEWS-COPY: bi-encoder + cross-encoder 0.937, MinHash "
            "0.73-0.78.",
        ]
    )
    save_result("bench_dedup", body)


if __name__ == "__main__":
    main()
