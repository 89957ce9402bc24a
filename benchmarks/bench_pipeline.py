"""Throughput of the whole pipeline, per stage, on a mixed corpus of real articles, and how its
cost grows with the corpus.

The corpus mixes every gold set in ../shared/data that holds news text: the PolNeAR articles
(train and dev: long political news, dense with attributions), the GVA dev pages (crawled,
boilerplate left in; low_quality ones left out), the ECB+ articles (short event reports) and,
to fill up to 10,000, Reuters reprints (copies and near-copies, which the dedup stage
collapses).  The pooled items are shuffled once with a fixed seed and each size takes the first
N, so every size has the same mix.  Each size runs ``wiredesk run`` (a subprocess, as a user
would) into a fresh SQLite file; each stage's documents and seconds come from the run summary
stored in the database, the peak resident memory of the largest process from GNU time.

    .venv/bin/python benchmarks/bench_pipeline.py [--sizes 1000,3000,10000] [--spans rules]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
MACHINE = "2-core x86_64, 24 GiB, no GPU"
GNU_TIME = "/usr/bin/time"
LARGEST = 10_000


def jsonl(path: Path) -> list[dict]:
    if not path.exists():
        sys.exit(f"missing gold data {path}: this benchmark needs ../shared/data")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def polnear_rows() -> list[dict]:
    return [
        {
            "id": item["id"],
            "text": item["text"],
            "title": item["title"],
            "publisher": item["publisher"],
            "published": item["publication_date"],
        }
        for split in ("train", "dev")
        for item in jsonl(DATA / "attribution" / f"polnear_{split}.jsonl")
    ]


def gva_rows() -> list[dict]:
    return [
        {
            "id": f"gva-{item['id']}",
            "text": item["text"],
            "title": item["title"],
            "publisher": item.get("source") or "",
            "published": item.get("date"),
        }
        for item in jsonl(DATA / "stories" / "gva_dev.jsonl")
        if item.get("low_quality") not in (True, "True") and item.get("text")
    ]


def ecbplus_rows() -> list[dict]:
    return [
        {"id": f"ecb-{item['id']}", "text": item["text"], "title": item.get("title") or ""}
        for item in jsonl(DATA / "stories" / "ecbplus_train_dev.jsonl")
    ]


def reuters_rows(count: int) -> list[dict]:
    items = jsonl(DATA / "dedup" / "reuters_synd_proxy.jsonl")[:count]
    return [{"id": item["id"], "text": item["text"]} for item in items]


def mixed_corpus(size: int = LARGEST) -> list[dict]:
    """``size`` articles of the fixed shuffled mix (see the module's docstring)."""
    news = polnear_rows() + gva_rows() + ecbplus_rows()
    pool = news + reuters_rows(max(0, LARGEST - len(news)))
    random.Random(0).shuffle(pool)
    if size > len(pool):
        sys.exit(f"the mixed corpus has {len(pool):,} articles, fewer than {size:,}")
    return pool[:size]


def composition(rows: list[dict]) -> str:
    kinds = {"polnear/": "PolNeAR", "gva-": "GVA", "ecb-": "ECB+", "rsp-": "Reuters reprints"}
    counts = dict.fromkeys(kinds.values(), 0)
    for row in rows:
        counts[next(name for prefix, name in kinds.items() if row["id"].startswith(prefix))] += 1
    return ", ".join(f"{n:,} {name}" for name, n in counts.items())


def run_once(rows: list[dict], spans: str) -> tuple[list[dict], float, float]:
    """Stage summaries, whole-run seconds and peak RSS (MiB) of one ``wiredesk run``."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        memory_log = Path(tmp) / "peak_kib"
        command = [sys.executable, "-m", "wiredesk", "run", str(corpus), "--db", db]
        command += ["--spans", spans]
        started = time.perf_counter()
        subprocess.run(
            [GNU_TIME, "-f", "%M", "-o", str(memory_log), *command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        total = time.perf_counter() - started
        peak_mib = int(memory_log.read_text().split()[-1]) / 1024
        with create_engine(db).connect() as conn:
            summary = conn.execute(text("SELECT summary FROM runs ORDER BY id DESC")).scalar()
    stages = json.loads(summary)["stages"] if isinstance(summary, str) else summary["stages"]
    return stages, total, peak_mib


def rate(documents: int, seconds: float) -> str:
    return f"{documents / seconds:,.1f}" if seconds else "-"


def curve_table(runs: list[tuple[int, list[dict], float, float]]) -> list[str]:
    """One row per size: each stage's documents per second, the whole run's, ms per article
    and peak memory."""
    stage_names = [stage["stage"] for stage in runs[0][1]]
    header = ["articles", *stage_names, "whole run /s", "ms per article", "peak RSS MiB"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for size, stages, total, peak_mib in runs:
        cells = [f"{size:,}"]
        cells += [rate(stage["seen"], stage["seconds"]) for stage in stages]
        cells += [rate(size, total), f"{1000 * total / size:.0f}", f"{peak_mib:,.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def stage_table(stages: list[dict], total: float, size: int) -> list[str]:
    lines = ["| stage | documents in | kept | seconds | documents/s |", "|---|---|---|---|---|"]
    for stage in stages:
        lines.append(
            f"| {stage['stage']} | {stage['seen']:,} | {stage['kept']:,} | "
            f"{stage['seconds']:.1f} | {rate(stage['seen'], stage['seconds'])} |"
        )
    lines.append(
        f"| **whole run** (process start to exit) | {size:,} | | {total:.1f} | "
        f"{rate(size, total)} |"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000", help="corpus sizes, comma-separated")
    parser.add_argument(
        "--spans",
        default="rules,combined",
        help="claims span modes to run, comma-separated (combined is several times slower)",
    )
    parser.add_argument("--no-write", action="store_true", help="do not update results/")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    command = " ".join(["benchmarks/bench_pipeline.py", *sys.argv[1:]])
    report = [
        "# bench_pipeline: pipeline throughput (`wiredesk run`)",
        "",
        f"Command: `.venv/bin/python {command}` · machine: {MACHINE} · "
        f"date: {time.strftime('%Y-%m-%d')}",
        "",
        "Corpus: the fixed shuffled mix of PolNeAR train+dev, GVA dev (low_quality left out),",
        "ECB+ and Reuters reprints described in the script; each size takes the first N.",
        "Stage rates are documents in per second of that stage (wall clock, as the run summary",
        "stores them); the whole run counts process start, model loads and the database write.",
        "Peak RSS is the largest single process (GNU time); claims workers are forked copies.",
    ]
    corpus = mixed_corpus(max(sizes))
    details: list[str] = []
    for spans in args.spans.split(","):
        runs = []
        for size in sizes:
            rows = corpus[:size]
            stages, total, peak_mib = run_once(rows, spans)
            runs.append((size, stages, total, peak_mib))
            print(f"{spans} {size}: {total:.1f} s, {size / total:.1f} articles/s", flush=True)
            details += [
                "",
                f"`wiredesk run --spans {spans}`, {size:,} articles ({composition(rows)}):",
                "",
                *stage_table(stages, total, size),
            ]
        report += ["", f"## Cost curve, `--spans {spans}`", "", *curve_table(runs)]
    report += ["", "## Per run", *details]
    text_out = "\n".join(report)
    print(text_out)
    if not args.no_write:
        (REPO / "benchmarks" / "results" / "bench_pipeline.md").write_text(text_out + "\n")


if __name__ == "__main__":
    main()
