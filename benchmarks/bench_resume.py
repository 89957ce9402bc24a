"""What a killed ``wiredesk run`` costs: an uninterrupted run, a run killed with SIGKILL half-way
through its claims, and the re-run that resumes it, on the first articles of the GVA dev crawl;
the resumed database is checked against the uninterrupted one.

Run from the repository root: .venv/bin/python benchmarks/bench_resume.py [ARTICLES]
"""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import MACHINE, markdown_table, save_result, today

from wiredesk.store import connect, load_documents, load_ledger, load_stories
from wiredesk.store.checkpoint import CRASH_ENV
from wiredesk.store.database import runs

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "stories" / "gva_dev.jsonl"
ARTICLES = 80
CHECKPOINT_EVERY = 8
SPANS = "combined"


def wiredesk_run(corpus: Path, db_url: str, crash_at: str | None = None) -> tuple[int, float]:
    """Exit status and wall seconds of one ``wiredesk run``."""
    environment = {k: v for k, v in os.environ.items() if k != CRASH_ENV}
    if crash_at:
        environment[CRASH_ENV] = crash_at
    command = [sys.executable, "-m", "wiredesk", "run", str(corpus), "--db", db_url]
    command += ["--spans", SPANS, "--checkpoint-every", str(CHECKPOINT_EVERY)]
    started = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, -signal.SIGKILL):
        raise RuntimeError(f"wiredesk run failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.returncode, seconds


def claims_counts(db_url: str) -> dict[str, int]:
    """The claims stage's counters in the last run's summary."""
    from sqlalchemy import select

    engine = connect(db_url)
    with engine.connect() as conn:
        summary = conn.execute(select(runs.c.summary).order_by(runs.c.id.desc())).first()[0]
    engine.dispose()
    return next(s["counts"] for s in summary["stages"] if s["stage"] == "claims")


def stored(db_url: str) -> tuple:
    engine = connect(db_url)
    state = (load_documents(engine), load_stories(engine), load_ledger(engine))
    engine.dispose()
    return state


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else ARTICLES
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        with DATA.open() as source:
            lines = [line for line, _ in zip(source, range(articles), strict=False)]
        corpus.write_text("".join(lines))
        whole_url = f"sqlite:///{folder}/whole.db"
        resumed_url = f"sqlite:///{folder}/resumed.db"

        _, whole_seconds = wiredesk_run(corpus, whole_url)
        # Half of the claims batches committed, then the kill.
        canonical = sum(1 for d in stored(whole_url)[0] if d.canonical and not d.skip_reason)
        kill_after = max(1, math.ceil(canonical / CHECKPOINT_EVERY) // 2)
        status, killed_seconds = wiredesk_run(
            corpus, resumed_url, crash_at=f"claims-batch:{kill_after}"
        )
        assert status == -signal.SIGKILL, "the run ended before the kill"
        _, resume_seconds = wiredesk_run(corpus, resumed_url)
        resumed = claims_counts(resumed_url)
        same = stored(resumed_url) == stored(whole_url)

    reused = resumed.get("reused from an interrupted run", 0)
    rows = [
        ["uninterrupted run", f"{whole_seconds:.1f}", "–", "–"],
        [f"run killed after claims batch {kill_after}", f"{killed_seconds:.1f}", "–", "–"],
        ["re-run that resumes it", f"{resume_seconds:.1f}", reused, resumed.get("claims", 0)],
    ]
    body = "\n".join(
        [
            "# bench_resume: a killed run, resumed",
            "",
            f"Command: `.venv/bin/python benchmarks/bench_resume.py {articles}`  ",
            f"Date: {today()}  ",
            f"Machine: {MACHINE}",
            "",
            markdown_table(
                ["run", "wall s", "documents' claims reused from the killed run", "claims made"],
                rows,
            ),
            "",
            f"- {articles} articles of `gva_dev.jsonl` (the first ones), `--spans {SPANS}`, "
            f"`--checkpoint-every {CHECKPOINT_EVERY}`, SQLite; each run a `wiredesk run` "
            "process (start-up and model load included).",
            f"- {canonical} canonical documents (copies share their claims); the killed run "
            f"committed {kill_after} batches of {CHECKPOINT_EVERY} before `$WIREDESK_CRASH_AT` "
            "killed it with SIGKILL.",
            f"- Killed run plus resume: {killed_seconds + resume_seconds:.1f} s against "
            f"{whole_seconds:.1f} s uninterrupted; without the work cache the re-run would "
            "redo every document's claims.",
            f"- Resumed database equal to the uninterrupted one (documents with their claims, "
            f"stories, ledger): {'yes' if same else 'NO'}.",
        ]
    )
    save_result("bench_resume", body)


if __name__ == "__main__":
    main()
