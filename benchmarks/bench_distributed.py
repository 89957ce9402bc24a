"""Throughput of ``wiredesk run`` plain and on a local Dask cluster of 1 and 2 workers.

The same mixed corpus (the first N articles of ``bench_pipeline``'s shuffled mix of PolNeAR,
GVA, ECB+ and Reuters reprints) goes through ``wiredesk run`` three times, each a subprocess
into a fresh SQLite file: plain, ``--workers 1`` and ``--workers 2``.  Reports whole-run
articles/s (process start to exit, cluster start-up included), the ratio to the plain run,
each stage's seconds from the stored run summary, and whether the stored documents (text,
copies, stories, claims) are the plain run's exactly.

    .venv/bin/python benchmarks/bench_distributed.py [--size 1000] [--spans rules]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import composition, mixed_corpus
from scoring import MACHINE, markdown_table, save_result, today
from sqlalchemy import create_engine, text

from wiredesk.records import Document
from wiredesk.store import connect, load_documents

REPO = Path(__file__).resolve().parents[1]

MODES = {"plain": [], "--workers 1": ["--workers", "1"], "--workers 2": ["--workers", "2"]}
STAGES = ("clean", "dedup", "stories", "claims", "ledger")


def run_mode(
    corpus: Path, db: str, spans: str, extra: list[str], code: Path
) -> tuple[dict[str, float], float]:
    """Seconds per stage (from the run summary) and whole-run seconds of one ``wiredesk run``
    of the package copied to ``code``."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "wiredesk", "run", str(corpus), "--db", db, "--spans", spans]
    subprocess.run(
        [*command, *extra],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    total = time.perf_counter() - started
    with create_engine(db).connect() as conn:
        summary = conn.execute(text("SELECT summary FROM runs ORDER BY id DESC")).scalar()
    summary = json.loads(summary) if isinstance(summary, str) else summary
    return {stage["stage"]: stage["seconds"] for stage in summary["stages"]}, total


def differing_fields(ours: list[Document], theirs: list[Document]) -> list[str]:
    """The document fields that differ between two runs' stored documents (ids in order)."""
    if [d.id for d in ours] != [d.id for d in theirs]:
        return ["id"]
    names = [f.name for f in fields(Document)]
    return [
        name
        for name in names
        if any(getattr(a, name) != getattr(b, name) for a, b in zip(ours, theirs, strict=True))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="articles of the mixed corpus")
    parser.add_argument("--spans", default="rules", choices=("combined", "model", "rules"))
    args = parser.parse_args()
    rows = mixed_corpus(args.size)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
        # One copy of the code for the three runs (workers included): an edit to the working
        # tree while the benchmark runs cannot make them differ.
        code = Path(tmp) / "code"
        shutil.copytree(REPO / "src", code, ignore=shutil.ignore_patterns("__pycache__"))
        stored = {}
        for mode, extra in MODES.items():
            db = f"sqlite:///{Path(tmp) / (mode.strip('-').replace(' ', '_') + '.db')}"
            results[mode] = run_mode(corpus, db, args.spans, extra, code)
            stored[mode] = sorted(load_documents(connect(db)), key=lambda d: d.id)
    plain_total = results["plain"][1]
    table = []
    for mode, (stages, total) in results.items():
        differing = differing_fields(stored[mode], stored["plain"])
        same = f"**no**: {', '.join(differing)}" if differing else "yes"
        table.append(
            [
                f"`{mode}`" if mode != "plain" else "plain",
                f"{total:.1f}",
                f"{len(rows) / total:.2f}",
                f"{plain_total / total:.2f}",
                *(f"{stages.get(stage, 0.0):.1f}" for stage in STAGES),
                same,
            ]
        )
    command = " ".join(["python benchmarks/bench_distributed.py", *sys.argv[1:]])
    body = "\n".join(
        [
            "# bench_distributed: `wiredesk run` plain and on a local Dask cluster",
            "",
            f"Command: `{command}` · machine: {MACHINE} · date: {today()}",
            f"Corpus: the first {len(rows):,} articles of bench_pipeline's mix"
            f" ({composition(rows)}); `wiredesk run --spans {args.spans}` into a fresh SQLite"
            " file, one run after the other.",
            "Seconds are wall time from process start to exit (the cluster's start included);",
            "speed-up is the plain run's seconds over the mode's.  The stage columns are the",
            "seconds each stage took in the run summary.  Same result: the stored documents",
            "(text, removals, repairs, copies, story, claims) equal the plain run's.",
            "",
            markdown_table(
                [
                    "mode",
                    "seconds",
                    "articles/s",
                    "speed-up",
                    *(f"{stage} s" for stage in STAGES),
                    "same result",
                ],
                table,
            ),
            "",
            "The plain run already forks one claims worker per core, so `--workers 2` is the",
            "same parallelism on this machine plus the cost of shipping documents to the",
            "workers; `--workers 1` shows that cost alone.  The cluster pays on more cores",
            "or machines (`--scheduler tcp://HOST:PORT`).",
        ]
    )
    save_result("bench_distributed", body)


if __name__ == "__main__":
    main()
