"""Throughput of the whole pipeline, per stage, on a mixed corpus of real articles.

Runs ``wiredesk run`` (a subprocess, as a user would) into a fresh SQLite file on the first
N GVA dev pages (not low_quality) plus the PolNeAR dev articles, and reads each stage's
documents and seconds from the run summary stored in the database.

    .venv/bin/python benchmarks/bench_pipeline.py [--gva 500]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
MACHINE = "2-core x86_64, 24 GiB, no GPU"


def corpus_rows(n_gva: int) -> list[dict]:
    gva = DATA / "stories" / "gva_dev.jsonl"
    polnear = DATA / "attribution" / "polnear_dev.jsonl"
    if not gva.exists() or not polnear.exists():
        sys.exit(f"missing gold data under {DATA}: this benchmark needs ../shared/data")
    rows = []
    with gva.open() as lines:
        for line in lines:
            item = json.loads(line)
            if item.get("low_quality") in (True, "True") or not item.get("text"):
                continue
            rows.append(
                {
                    "id": f"gva-{item['id']}",
                    "text": item["text"],
                    "title": item["title"],
                    "publisher": item.get("source") or "",
                    "published": item.get("date"),
                }
            )
            if len(rows) >= n_gva:
                break
    with polnear.open() as lines:
        for line in lines:
            item = json.loads(line)
            rows.append(
                {
                    "id": item["id"],
                    "text": item["text"],
                    "title": item["title"],
                    "publisher": item["publisher"],
                    "published": item["publication_date"],
                }
            )
    return rows


def run_once(rows: list[dict], spans: str) -> tuple[list[dict], float]:
    """Stage summaries and whole-run seconds of one ``wiredesk run`` into a fresh database."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "wiredesk", "run", str(corpus), "--db", db, "--spans", spans],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        total = time.perf_counter() - started
        with create_engine(db).connect() as conn:
            summary = conn.execute(text("SELECT summary FROM runs ORDER BY id DESC")).scalar()
    stages = json.loads(summary)["stages"] if isinstance(summary, str) else summary["stages"]
    return stages, total


def stage_table(stages: list[dict], total: float, n_rows: int) -> list[str]:
    lines = ["| stage | documents in | seconds | documents/s |", "|---|---|---|---|"]
    for stage in stages:
        rate = stage["seen"] / stage["seconds"] if stage["seconds"] else float("inf")
        lines.append(
            f"| {stage['stage']} | {stage['seen']:,} | {stage['seconds']:.1f} | {rate:,.1f} |"
        )
    lines.append(
        f"| **whole run** (process start to exit) | {n_rows:,} | {total:.1f} | "
        f"{n_rows / total:,.1f} |"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gva", type=int, default=500, help="GVA dev pages to include")
    args = parser.parse_args()
    rows = corpus_rows(args.gva)
    command = " ".join(["python benchmarks/bench_pipeline.py", *sys.argv[1:]])
    report = [
        "# bench_pipeline: pipeline throughput (`wiredesk run`)",
        "",
        f"Command: `{command}` · machine: {MACHINE} · date: {time.strftime('%Y-%m-%d')}",
        f"Corpus: {args.gva} GVA dev pages (low_quality left out) + the PolNeAR dev articles.",
        "The same corpus twice, one run after the other: with the claims span model (the",
        "default) and with the parse rules alone (`--spans rules`).",
    ]
    for spans in ("combined", "rules"):
        stages, total = run_once(rows, spans)
        report += [
            "",
            f"`wiredesk run --spans {spans}`:",
            "",
            *stage_table(stages, total, len(rows)),
        ]
    text_out = "\n".join(report)
    print(text_out)
    out = REPO / "benchmarks" / "results" / "bench_pipeline.md"
    out.write_text(text_out + "\n")


if __name__ == "__main__":
    main()
