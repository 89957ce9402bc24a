"""Article extraction on the Zyte article-extraction benchmark (AEB), as a user runs it.

Two tasks, both through ``wiredesk extract`` on a temporary JSONL, scored with the AEB's own
metric (4-token shingles, per-page P/R, corpus means, F1 of the means):

1. HTML: the 181 pages as ``{"id", "html"}``; baseline: trafilatura's default ``extract`` on the
   same pages in this process, timed in the same run.
2. Text: each page's full text with nothing removed (rebuilt from the line-labelled AEB file:
   its lines in order) as ``{"id", "text"}``; baselines in the same run: keep everything, and
   the simple line rule "10+ words ending in punctuation"; ablation: the clean stage without
   its line model (in this process).
3. The line model alone in both directions, each trained by ``scripts/train_line_model.py``'s
   own functions on one line-labelled set and scored on the other (AEB metric against the
   label-1 lines): WCXB dev -> AEB is the shipped model, AEB -> WCXB dev the reverse check.

Usage: .venv/bin/python benchmarks/bench_extract.py
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "boilerplate"
AEB = DATA / "scrapinghub-aeb"
LINES = DATA / "aeb_html-text_line_labels.jsonl.gz"
RESULT = REPO / "benchmarks" / "results" / "bench_extract.md"
TRAINER = REPO / "scripts" / "train_line_model.py"
MACHINE = "2-core x86_64, 24 GiB, no GPU"
TOKEN = re.compile(r"\w+")
SHINGLE = 4
PUBLISHED_HTML = [
    ("Zyte AutoExtract (commercial, 2019)", 0.970, 0.984, 0.956),
    ("trafilatura 2.0.0", 0.958, 0.938, 0.978),
    ("newspaper4k", 0.949, 0.964, 0.934),
    ("readability-lxml 0.8.4.1", 0.922, 0.913, 0.931),
    ("justext 3.0.2", 0.804, 0.858, 0.756),
    ("full page text, nothing removed", 0.665, 0.50, 0.99),
]


def shingles(text: str) -> Counter:
    """Multiset of consecutive 4-token shingles; a text shorter than that is one shingle."""
    tokens = TOKEN.findall(text or "")
    count = max(1, len(tokens) - SHINGLE + 1)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(count) if tokens[i : i + SHINGLE])


def page_counts(truth: str, prediction: str) -> tuple[float, float, float]:
    """tp, fp, fn over shingle multisets, normalised by their sum."""
    gold, predicted = shingles(truth), shingles(prediction)
    tp = sum((gold & predicted).values())
    fp = sum((predicted - gold).values())
    fn = sum((gold - predicted).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def corpus_scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Mean precision over pages that predicted something, mean recall over pages with a
    gold body; F1 of the two means (the AEB's definition)."""

    def ratio(tp: float, other: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return tp / (tp + other) if tp + other else 0.0

    precisions = [ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def score(truth: dict[str, str], predictions: dict[str, str]) -> dict[str, float]:
    return corpus_scores([page_counts(truth[key], predictions.get(key, "")) for key in truth])


def load_pages() -> tuple[dict[str, str], dict[str, str]]:
    gold = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    truth = {key: value["articleBody"] for key, value in gold.items()}
    html = {
        key: gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        for key in truth
    }
    return truth, html


def load_page_texts() -> dict[str, str]:
    """Each AEB page's full text, its labelled lines in order (labels are not used)."""
    lines: dict[str, list[tuple[int, str]]] = defaultdict(list)
    with gzip.open(LINES, "rt", encoding="utf-8") as rows:
        for row in map(json.loads, rows):
            lines[row["page_id"]].append((row["line_no"], row["text"]))
    return {key: "\n".join(text for _, text in sorted(rows)) for key, rows in lines.items()}


def run_extract(records: list[dict], workdir: Path) -> tuple[dict[str, str], float, str]:
    """``wiredesk extract`` on a JSONL of ``records``: texts by id, seconds, the command."""
    path = workdir / "input.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    command = [sys.executable, "-m", "wiredesk", "extract", str(path)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
    seconds = time.perf_counter() - started
    texts = {}
    for line in done.stdout.splitlines():
        if line.strip():
            record = json.loads(line)
            texts[record["id"]] = record["text"]
    return texts, seconds, "python -m wiredesk extract input.jsonl"


def clean_in_process(page_texts: dict[str, str], *, line_model: bool) -> dict[str, str]:
    """The clean stage on text input, in this process, with or without its line model."""
    from wiredesk.clean import CleanOptions, CleanStage
    from wiredesk.records import Document
    from wiredesk.stage import StageStats

    docs = [Document(id=key, raw=text) for key, text in page_texts.items()]
    CleanStage(CleanOptions(line_model=line_model)).run(docs, StageStats(name="clean"))
    return {doc.id: doc.text for doc in docs}


def both_directions() -> list[str]:
    """Rows of the line model trained on each set and scored on the other."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("train_line_model", TRAINER)
    trainer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trainer)
    rows = []
    for trained, reported in (("wcxb", "aeb"), ("aeb", "wcxb")):
        model = trainer.train(trainer.load_pages(trainer.SETS[trained]), trained)
        pages = trainer.load_pages(trainer.SETS[reported])
        scored = {key: (*page, model.article_probabilities(page[0])) for key, page in pages.items()}
        scores = trainer.score(scored, model.threshold)
        rows.append(
            f"| {trained} | {reported} ({len(pages)} pages) | {model.threshold:.2f} | "
            f"{scores['f1']:.3f} | {scores['precision']:.3f} | {scores['recall']:.3f} | "
            f"{scores['accuracy']:.3f} |"
        )
    return rows


def trafilatura_default(html: dict[str, str]) -> tuple[dict[str, str], float]:
    import trafilatura

    started = time.perf_counter()
    texts = {key: trafilatura.extract(page) or "" for key, page in html.items()}
    return texts, time.perf_counter() - started


def line_rule(text: str) -> str:
    """The simple line rule: keep lines of 10+ words that end in punctuation."""
    kept = [
        line
        for line in text.split("\n")
        if len(TOKEN.findall(line)) >= 10 and line.rstrip()[-1:] in ".!?\"”'’"
    ]
    return "\n".join(kept)


def row(name: str, scores: dict[str, float], speed: str = "") -> str:
    return (
        f"| {name} | {scores['f1']:.3f} | {scores['precision']:.3f} | "
        f"{scores['recall']:.3f} | {speed} |"
    )


def main() -> None:
    truth, html = load_pages()
    page_texts = load_page_texts()
    with tempfile.TemporaryDirectory(prefix="bench_extract_") as tmp:
        workdir = Path(tmp)
        # Other work on the machine slows both sides; it is reported beside the ratio.
        load_before = os.getloadavg()[0]
        baseline, baseline_seconds = trafilatura_default(html)
        ours, our_seconds, command = run_extract(
            [{"id": key, "html": page} for key, page in html.items()], workdir
        )
        load_after = os.getloadavg()[0]
        text_ours, text_seconds, _ = run_extract(
            [{"id": key, "text": text} for key, text in page_texts.items()], workdir
        )
    no_model = clean_in_process(page_texts, line_model=False)
    direction_rows = both_directions()
    pages = len(truth)
    our_speed, base_speed = pages / our_seconds, pages / baseline_seconds
    text_truth = {key: truth[key] for key in page_texts}
    header = "| system | F1 | P | R | pages/s |\n|---|---|---|---|---|"
    html_rows = [
        row("wiredesk extract (HTML)", score(truth, ours), f"{our_speed:.1f}"),
        row(
            "trafilatura default extract (baseline, same run)",
            score(truth, baseline),
            f"{base_speed:.1f}",
        ),
        *(
            f"| published: {name} | {f1:.3f} | {p:.3f} | {r:.3f} | |"
            for name, f1, p, r in PUBLISHED_HTML
        ),
    ]
    text_rows = [
        row(
            "wiredesk extract (text; line model trained on WCXB dev)",
            score(text_truth, text_ours),
            f"{len(page_texts) / text_seconds:.1f}",
        ),
        row("ablation: clean stage without the line model (same run)", score(text_truth, no_model)),
        row("keep everything (baseline, same run)", score(text_truth, page_texts)),
        row(
            "10+ words ending in punctuation (baseline, same run)",
            score(text_truth, {key: line_rule(text) for key, text in page_texts.items()}),
        ),
        "| published: keep everything | 0.665 | | | |",
        "| published: simple line rules | 0.81-0.84 | | | |",
        "| published: perfect line decision | 0.999 | | | |",
    ]
    table = "\n".join(
        [
            f"## HTML: {pages} AEB pages",
            "",
            header,
            *html_rows,
            "",
            f"Throughput ratio wiredesk / trafilatura default: {our_speed / base_speed:.2f} "
            "(wiredesk timed end to end as a subprocess: start-up, ingest, metadata, clean; "
            f"1-minute load average {load_before:.1f} before the timed runs, "
            f"{load_after:.1f} after, on {os.cpu_count()} cores).",
            "",
            f"## Text: full page text of {len(page_texts)} AEB pages",
            "",
            header,
            *text_rows,
            "",
            "## The line model alone, trained on one set, scored on the other",
            "",
            "Trained by `scripts/train_line_model.py`'s functions (threshold chosen on the "
            "training set's tune part, pages with sha1(page_id) % 5 == 0); scored with the AEB "
            "metric against the label-1 lines (a perfect line decision scores 1.000 here), "
            "without the clean stage's other rules.",
            "",
            "| trained on | scored on | threshold | F1 | P | R | line accuracy |",
            "|---|---|---|---|---|---|---|",
            *direction_rows,
        ]
    )
    print(table)
    report = "\n".join(
        [
            "# bench_extract: article extraction on the Zyte AEB",
            "",
            f"Command: `.venv/bin/python benchmarks/bench_extract.py` (runs `{command}` per task)",
            f"Date: {datetime.now(UTC):%Y-%m-%d}; machine: {MACHINE} ({platform.python_version()})",
            "Metric: the AEB's own (4-token shingles, per-page P/R, means, F1 of means).",
            "Text input: each page's lines from `aeb_html-text_line_labels.jsonl.gz` in order "
            "(`html-text.json` is not in ../shared).",
            "",
            table,
            "",
        ]
    )
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
