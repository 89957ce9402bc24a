"""Copy detection on the Reuters reprint set through ``wiredesk dedup``, beside the README's
MinHash LSH baseline (word 2-grams, threshold 0.3, exact overlap check) run in the same process.

Run from the repository root: .venv/bin/python benchmarks/bench_dedup.py
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sys
import tempfile
import time
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
    started = time.perf_counter()
    baseline = baseline_labels([row["text"] for row in rows])
    baseline_seconds = time.perf_counter() - started
    started = time.perf_counter()
    stage_docs = stage_documents(rows)
    stage_seconds = time.perf_counter() - started
    stage_only = [doc.dedup_group for doc in stage_docs]
    versions, versions_in_one_group = version_pairs(stage_docs, gold)
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
            f"{alone_rate / theirs_rate:.2f}, whole command {ours_rate / theirs_rate:.2f}. "
            "The command's time includes process start, ingest, the clean stage and JSON out; "
            "the stage's and the baseline's are on text already in memory, one core, same run.",
            "- wiredesk's LSH and Jaccard thresholds were chosen on the tune half (gold groups "
            "whose id hashes even); the held half was not looked at while tuning.",
            f"- Versions (near-copies kept apart because a figure or a name differs): {versions:,} "
            f"pairs from the stage alone, {versions_in_one_group:,} of them in one gold group "
            "(reprints whose garbling reads as a changed figure, or the old whole-text figures "
            "check). The rules that tell a garble from a change (a figure whose digits are not "
            "inside the other's, a name that is a known word and unlike the other, outside the "
            "first 20 words) were shaped by reading version pairs of both halves.",
            "- README anchors on this set (datasketch, one core): 5-gram/128/0.5 ARI 0.41, "
            "2,090 docs/s; 2-gram/256/0.45 ARI 0.78; 2-gram/0.3 with exact check ARI 0.84, "
            "1,500 docs/s. On real NEWS-COPY: bi-encoder + cross-encoder 0.937, MinHash "
            "0.73-0.78.",
        ]
    )
    save_result("bench_dedup", body)


if __name__ == "__main__":
    main()
