"""Clustering scores shared by the dedup and cluster benchmarks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(slots=True)
class ClusterScores:
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    adjusted_rand: float


def score_clusters(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> ClusterScores:
    """B-cubed and pairwise precision/recall/F1 and adjusted Rand index of one labelling."""
    from sklearn.metrics import adjusted_rand_score

    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predicted")
    b_precision, b_recall = bcubed(gold, predicted)
    p_precision, p_recall = pairwise(gold, predicted)
    return ClusterScores(
        bcubed_precision=b_precision,
        bcubed_recall=b_recall,
        bcubed_f1=harmonic_mean(b_precision, b_recall),
        pairwise_precision=p_precision,
        pairwise_recall=p_recall,
        pairwise_f1=harmonic_mean(p_precision, p_recall),
        adjusted_rand=float(adjusted_rand_score(list(gold), list(predicted))),
    )


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float]:
    """Mean over items of the share of its predicted (precision) / gold (recall) cluster that
    shares both labels with it (Bagga and Baldwin 1998)."""
    both = Counter(zip(gold, predicted, strict=True))
    gold_sizes = Counter(gold)
    predicted_sizes = Counter(predicted)
    n = len(gold)
    # Every item in cell (g, p) sees the same counts, so sum per cell.
    precision = sum(count * count / predicted_sizes[p] for (_, p), count in both.items()) / n
    recall = sum(count * count / gold_sizes[g] for (g, _), count in both.items()) / n
    return precision, recall


def pairwise(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float]:
    """Precision and recall of the item pairs put in one cluster (1.0 when there are none)."""
    both = _pairs(Counter(zip(gold, predicted, strict=True)).values())
    predicted_pairs = _pairs(Counter(predicted).values())
    gold_pairs = _pairs(Counter(gold).values())
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / gold_pairs if gold_pairs else 1.0
    return precision, recall


def harmonic_mean(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


def _pairs(sizes) -> int:
    return sum(size * (size - 1) // 2 for size in sizes)


# Reporting helpers shared by the benchmark scripts.

MACHINE = "2-core x86_64, 24 GiB, no GPU"


def today() -> str:
    """The run's date (UTC), for the result files."""
    import time

    return time.strftime("%Y-%m-%d", time.gmtime())


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def run_cli(command: str, input_path: str) -> tuple[dict[str, str], float]:
    """Run ``wiredesk COMMAND INPUT`` as a user would; its JSON lines as id -> label, wall seconds.

    The label is the line's ``group`` (dedup) or ``story`` (cluster).
    """
    import json
    import subprocess
    import sys
    import time

    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "wiredesk", command, input_path],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    key = {"dedup": "group", "cluster": "story"}[command]
    labels = {}
    for line in done.stdout.splitlines():
        if line.strip():
            record = json.loads(line)
            labels[record["id"]] = record[key]
    return labels, seconds


def labels_for(ids: Sequence[str], labels: dict[str, str]) -> tuple[list[str], int]:
    """Labels in ``ids`` order, and how many documents got none (left out, or an empty label
    because a stage dropped them): each of those stands alone."""
    missing = [doc_id for doc_id in ids if not labels.get(doc_id)]
    return [labels.get(doc_id) or f"missing:{doc_id}" for doc_id in ids], len(missing)


def save_result(name: str, body: str) -> None:
    """Print ``body`` and write it to ``benchmarks/results/NAME.md``."""
    from pathlib import Path

    print(body)
    out = Path(__file__).resolve().parent / "results" / f"{name}.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(body + "\n")


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:,.0f}"
    return str(value)
