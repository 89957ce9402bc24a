"""Conflict precision of the ledger on real reports, against a reader's audit.

No public data set judges claim conflicts, and the gold ledgers (``bench_ledger.py``) hold a
dozen rows each. This benchmark runs ``wiredesk run`` (default settings) on the first N
articles of ``bench_pipeline``'s fixed shuffled mix (PolNeAR, GVA and ECB+ dev, Reuters
reprints) and looks up every conflict row it stores in ``gold/conflict_audit.json``: rows a
person read and judged, each keyed by the canonical documents of the versions in conflict and
the kind of clash (the numbers' counted thing, opposite statements, dates), so that the audit
holds no article text. A judgment says whether the row's sources really give incompatible
accounts of one fact ("true"), tell different facts or misread one ("false"), or whether a
careful reader could take it either way ("arguable").

With ``--db`` the ledger is built from an earlier run's stored documents and stories (the
same corpus), which tries a change to the ledger without running the claims again.

Reported: conflict rows, how many the audit judges, precision over the judged rows (true
against false; arguable rows counted apart) and the rows no one has judged yet, listed so
they can be. The audit was written on this dev sample while the rules were being changed, so
its precision is a dev figure: a held-out audit would be the real test.

With ``--skip`` the sample is the next articles of the mix instead (``--skip 1000``:
articles 1,001 to 2,000), whose rows were first judged only after the rules were set (a
held-out figure then, 0.18); fixes have been read from them since, so both samples are dev
data now. ``--skip 2000`` (articles 2,001 to 3,000) was judged only after session 9's rules
were set (0.07), then read for session 10's fixes; ``--skip 3000`` (articles 3,001 to 4,000)
was judged after session 10's first rules were set (0.00), then read for one more rule;
``--skip 4000`` (articles 4,001 to 5,000) was judged only after session 10's final rules were
set (0.06), then read for session 11's; ``--skip 5000`` (articles 5,001 to 6,000) was judged
only after session 11's first rules were set (0.00, 8 rows, all false; session 10's rules
flagged 14, all false), then read for two more rules; ``--skip 6000`` (articles 6,001 to
7,000) was judged only after session 11's final rules were set (0.10, 10 rows, 1 true),
then read for session 12's rules; ``--skip 7000`` (articles 7,001 to 8,000) was judged only
after session 12's first rules were set (0.00: 8 rows, 7 false, 1 arguable), then read with
the others for one more rule (names common in the run); ``--skip 8000`` (articles 8,001 to
9,000) was judged only after session 12's rules were set (0.20: 10 rows, 2 true), then read
for one more rule (a running total is no version of one event's count).

    .venv/bin/python benchmarks/bench_conflicts.py [--size 1000] [--skip 0] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import composition, mixed_corpus
from scoring import MACHINE, markdown_table, save_result, today

from wiredesk.ledger import build_ledger
from wiredesk.records import LedgerRow
from wiredesk.store import connect
from wiredesk.store.database import load_documents, load_stories

AUDIT = Path(__file__).with_name("gold") / "conflict_audit.json"
JUDGMENTS = ("true", "arguable", "false")
# "incompatible numbers (injured): four people (police) vs ..." -> "numbers injured"
_NOTE_KIND = re.compile(
    r"^(incompatible numbers \(([^)]*)\)|opposite statements|incompatible dates)"
)


def clash_kinds(row: LedgerRow) -> list[str]:
    """The row's kinds of clash, as the audit keys them."""
    kinds = []
    for note in row.notes:
        found = _NOTE_KIND.match(note)
        if found:
            kind = f"numbers {found.group(2)}" if found.group(2) else found.group(1).split()[-1]
            kinds.append(kind)
    return sorted(set(kinds))


def row_key(row: LedgerRow) -> str:
    """The canonical documents of the row's versions and its kinds of clash."""
    documents = sorted({entry.document_id for entry in row.entries if not entry.copy_of})
    return f"{' '.join(documents)} :: {', '.join(clash_kinds(row))}"


def conflicts_of_run(db_url: str) -> list[LedgerRow]:
    """The conflict rows of the ledger built now from a run's stored documents and stories
    (after a fresh run, the rows it stored)."""
    engine = connect(db_url)
    documents = [doc for doc in load_documents(engine) if not doc.skip_reason]
    rows = build_ledger(documents, load_stories(engine))
    return [row for row in rows if row.verdict == "conflict"]


def run_pipeline(rows: list[dict], directory: Path) -> str:
    corpus = directory / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db_url = f"sqlite:///{directory / 'conflicts.db'}"
    command = [sys.executable, "-m", "wiredesk", "run", str(corpus), "--db", db_url]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return db_url


SAMPLE_NOTES = {
    0: " (written on this sample while the verdict rules changed: a dev figure).",
    1000: " (this sample's rows were first judged after the verdict rules were set, a"
    " held-out figure then: 0.18; fixes were read from them since, so it is a dev figure now).",
    2000: " (this sample's rows were judged after the verdict rules of session 9 were set, a"
    " held-out figure then: 0.07; session 10 read fixes from them, so it is a dev figure now).",
    3000: " (this sample's rows were judged after session 10's first verdict rules were set, a"
    " held-out figure then: 0.00; one rule was read from them after, so it is a dev figure now).",
    4000: " (this sample's rows were judged after session 10's final verdict rules were set, a"
    " held-out figure then: 0.06; session 11 read its fixes from them, so it is a dev figure"
    " now).",
    5000: " (this sample's rows were judged after session 11's first verdict rules were set, a"
    " held-out figure then: 8 rows, all false, 0.00, where session 10's rules flagged 14, all"
    " false; two more rules were read from them after, so it is a dev figure now).",
    6000: " (this sample's rows were judged after session 11's final verdict rules were set, a"
    " held-out figure then: 10 rows, 1 true, 0.10; session 12's rules were read from them after,"
    " so it is a dev figure now).",
    7000: " (this sample's rows were judged after session 12's first verdict rules were set, a"
    " held-out figure then: 8 rows, 7 false, 1 arguable, 0.00; one more rule, names common in"
    " the run, was read from them and the older samples after, so it is a dev figure now).",
    8000: " (this sample's rows were judged after session 12's verdict rules were set, a held-out"
    " figure then: 10 rows, 2 true, 0.20; one more rule, running totals, was read from them"
    " after, so it is a dev figure now).",
}
"""How far each judged sample (by articles skipped) is a dev or a held-out figure."""


def report(
    size: int,
    skip: int,
    rows: list[dict],
    conflicts: list[LedgerRow],
    audit: dict,
    *,
    stored_run: bool = False,
) -> str:
    judged = Counter()
    unjudged = []
    for row in conflicts:
        judgment = audit["rows"].get(row_key(row), {}).get("judgment")
        if judgment in JUDGMENTS:
            judged[judgment] += 1
        else:
            unjudged.append(row)
    decided = judged["true"] + judged["false"]
    precision = f"{judged['true'] / decided:.2f}" if decided else "–"
    table = markdown_table(
        ["conflict rows", "judged", "true", "arguable", "false", "precision (true / true+false)"],
        [
            [
                len(conflicts),
                sum(judged.values()),
                judged["true"],
                judged["arguable"],
                judged["false"],
                precision,
            ]
        ],
    )
    lines = [
        "# bench_conflicts: conflict rows on real reports, against a reader's audit"
        f" ({sample_name(size, skip)})",
        "",
        "Command: `.venv/bin/python benchmarks/bench_conflicts.py"
        f" --size {size}{f' --skip {skip}' if skip else ''}`  ",
        f"Date: {today()}  ",
        f"Machine: {MACHINE}",
        "",
        f"- Corpus: {sample_name(size, skip)} of bench_pipeline's mix ({composition(rows)}),"
        " through `wiredesk run` with default settings"
        + (
            " (an earlier run, `--db`: the ledger was built now from its stored documents and"
            " stories)."
            if stored_run
            else "."
        ),
        f"- Audit: `benchmarks/gold/conflict_audit.json`, {len(audit['rows'])} rows judged by"
        " reading both versions in their articles"
        + SAMPLE_NOTES.get(skip, " (no rows of this sample were judged before this run)."),
        "",
        table,
        "",
    ]
    if unjudged:
        lines.append("Conflict rows the audit does not judge yet (key, then the row's first note):")
        lines.append("")
        lines += [f"- `{row_key(row)}`: {row.notes[0][:160]}" for row in unjudged]
    else:
        lines.append("- Every conflict row of this run is judged.")
    kinds = Counter(kind.split()[0] for row in conflicts for kind in clash_kinds(row))
    lines.append(
        "- Kinds of clash in the conflict rows: "
        + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
    )
    return "\n".join(lines)


def sample_name(size: int, skip: int) -> str:
    if not skip:
        return f"the first {size:,} articles"
    return f"articles {skip + 1:,} to {skip + size:,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--skip", type=int, default=0, help="articles of the mix passed over")
    parser.add_argument("--db", help="the stored documents of this earlier run, not a new run")
    args = parser.parse_args()
    if not AUDIT.exists():
        sys.exit(f"missing {AUDIT}")
    audit = json.loads(AUDIT.read_text(encoding="utf-8"))
    rows = mixed_corpus(args.skip + args.size)[args.skip :]
    if args.db:
        conflicts = conflicts_of_run(args.db)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            conflicts = conflicts_of_run(run_pipeline(rows, Path(tmp)))
    name = f"bench_conflicts_skip{args.skip}" if args.skip else "bench_conflicts"
    save_result(
        name, report(args.size, args.skip, rows, conflicts, audit, stored_run=bool(args.db))
    )


if __name__ == "__main__":
    main()
