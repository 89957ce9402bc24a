"""Claims keys change with everything claims depend on and nothing else; the crash hook kills
at exactly the point asked for."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from datetime import date

from wiredesk.records import Document
from wiredesk.store.checkpoint import CRASH_ENV, claims_key

MAX_CHARS = 200_000


def report(**changes) -> Document:
    base = Document(
        id="a1",
        raw="raw input",
        text="Officials said 40 people were hurt.",
        publisher="Halvik Courier",
        published=date(2026, 3, 3),
    )
    return dataclasses.replace(base, **changes)


def test_claims_key_follows_what_claims_depend_on() -> None:
    key = claims_key(report(), "combined", MAX_CHARS)
    assert len(key) == 64
    # Another id, raw input or title reads the same text the same way.
    assert claims_key(report(id="b2", raw="other", title="T"), "combined", MAX_CHARS) == key
    for changed in (
        report(text="Officials said 50 people were hurt."),
        report(publisher="Sarnside Herald"),
        report(published=date(2026, 3, 4)),
        report(published=None),
    ):
        assert claims_key(changed, "combined", MAX_CHARS) != key
    assert claims_key(report(), "rules", MAX_CHARS) != key
    assert claims_key(report(), "model", MAX_CHARS) != key


def test_claims_key_reads_the_text_only_as_far_as_extraction_does() -> None:
    longer = report(text="Officials said 40 people were hurt. And more text after it.")
    cut = len("Officials said 40 people were hurt.")
    assert claims_key(longer, "rules", cut) == claims_key(report(), "rules", cut)
    assert claims_key(longer, "rules", MAX_CHARS) != claims_key(report(), "rules", MAX_CHARS)


def test_crash_point_kills_the_process_the_nth_time_it_is_reached() -> None:
    script = (
        "from wiredesk.store.checkpoint import crash_point\n"
        "for step in range(1, 4):\n"
        "    crash_point('other')\n"
        "    crash_point('batch')\n"
        "    print(step, flush=True)\n"
    )
    environment = dict(os.environ) | {CRASH_ENV: "batch:2"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True
    )
    assert done.returncode == -signal.SIGKILL
    assert done.stdout.split() == ["1"]
    environment.pop(CRASH_ENV)
    done = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True
    )
    assert (done.returncode, done.stdout.split()) == (0, ["1", "2", "3"])
