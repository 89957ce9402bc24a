"""Claim attributes benchmark: hedging, polarity, quantities and times on a written gold set.

``benchmarks/gold/claim_attributes.jsonl`` holds sentences written for this benchmark (fictional
events, no article text), each with the answer a reader expects:

- ``hedge`` cases: the claim whose cue ends with ``cue`` must carry ``hedge`` and ``polarity``;
- ``quantity`` cases: the quantity whose text holds ``anchor`` (the one where it comes first,
  as "around 4,000 of the 11,000 soldiers" also holds "11,000") must have the given value,
  bounds, approximation, unit and counted noun (``quantity: null``: no quantity may hold it);
- ``time`` cases: the time whose text holds ``anchor``, resolved against ``published`` (null:
  no publication date), must have the given text, first and last day, and resolved flag.

Every sentence goes through the real claims path, ``wiredesk.claims.extract_claims`` (parse,
attribution, then the attribute functions on the claim's tokens), exactly as ``wiredesk claims``
runs it; an attribute the claims path does not reach (no claim found) counts as wrong.
Cases are "tune" or ``"split": "held"``. The tune split is 168 cases written first, from the
definitions and the seeds, before the rules were tuned on them, and 33 (ids hh, qh, th) written
after that first round and then tuned on too (three quantity bugs they showed were fixed). The
held split (ids x...) was written after all tuning and never tuned on.

    .venv/bin/python benchmarks/bench_claim_attributes.py
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "benchmarks" / "gold" / "claim_attributes.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "bench_claim_attributes.md"
COMMAND = ".venv/bin/python benchmarks/bench_claim_attributes.py"

sys.path.insert(0, str(REPO / "benchmarks"))
from scoring import MACHINE, today  # noqa: E402

QUANTITY_FIELDS = ("value", "lower", "upper", "approximate", "unit", "counted")
TIME_FIELDS = ("text", "start", "end", "resolved")

# This script run on commit d3d32d1, before the issue 4 work, on the same gold: field ->
# (tune, held) share right. Times were then kept as written only, so a time was right only
# where the gold leaves it unresolved.
BEFORE = {
    "hedge": {
        "claim found": (0.987, 0.923),
        "hedge": (0.921, 0.846),
        "polarity": (0.882, 0.692),
        "all fields": (0.842, 0.692),
    },
    "quantity": {
        "found": (0.953, 0.846),
        "value": (0.859, 0.846),
        "lower": (0.828, 0.692),
        "upper": (0.844, 0.846),
        "approximate": (0.953, 0.846),
        "unit": (0.891, 0.769),
        "counted": (0.750, 0.615),
        "all fields": (0.609, 0.538),
    },
    "time": {
        "found": (1.0, 1.0),
        "text": (1.0, 0.923),
        "start": (0.098, 0.077),
        "end": (0.098, 0.077),
        "resolved": (0.098, 0.077),
        "all fields": (0.098, 0.077),
    },
}


def load_gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.open(encoding="utf-8") if line.strip()]


def same_number(expected, predicted) -> bool:
    if expected is None or predicted is None:
        return expected is None and predicted is None
    return math.isclose(float(expected), float(predicted), rel_tol=1e-3)


def claim_with_cue(claims, cue: str):
    wanted = cue.lower()
    for claim in claims:
        if any(span.text.lower().endswith(wanted) for span in claim.cue):
            return claim
    return None


def score_hedge(case: dict, claims) -> dict[str, bool]:
    claim = claim_with_cue(claims, case["cue"])
    if claim is None:
        return {"claim found": False, "hedge": False, "polarity": False}
    return {
        "claim found": True,
        "hedge": claim.hedge == case["hedge"],
        "polarity": claim.polarity == case["polarity"],
    }


def score_quantity(case: dict, claims) -> dict[str, bool]:
    anchor = case["anchor"].lower()
    found = sorted(
        (q for claim in claims for q in claim.quantities if anchor in q.text.lower()),
        key=lambda q: q.text.lower().index(anchor),
    )
    expected = case["quantity"]
    if expected is None:
        return {"found": not found} | dict.fromkeys(QUANTITY_FIELDS, not found)
    if not found:
        return {"found": False} | dict.fromkeys(QUANTITY_FIELDS, False)
    quantity = found[0]
    scores = {"found": True}
    for name in ("value", "lower", "upper"):
        scores[name] = same_number(expected[name], getattr(quantity, name))
    scores["approximate"] = quantity.approximate == expected["approximate"]
    scores["unit"] = quantity.unit == expected["unit"]
    scores["counted"] = quantity.counted.lower() == expected["counted"].lower()
    return scores


def score_time(case: dict, claims) -> dict[str, bool]:
    anchor = case["anchor"].lower()
    found = [t for claim in claims for t in claim.resolved_times if anchor in t.text.lower()]
    if not found:
        return {"found": False} | dict.fromkeys(TIME_FIELDS, False)
    predicted, expected = found[0], case["time"]
    return {"found": True} | {
        name: getattr(predicted, name) == expected[name] for name in TIME_FIELDS
    }


SCORERS = {"hedge": score_hedge, "quantity": score_quantity, "time": score_time}


@dataclass(slots=True)
class Tally:
    """Right answers per field for one kind of case in one split."""

    cases: int = 0
    right: Counter = field(default_factory=Counter)

    def share(self, name: str) -> float | str:
        return self.right[name] / self.cases if self.cases else ""


@dataclass(slots=True)
class Outcome:
    tallies: dict[tuple[str, str], Tally]  # (split, kind) -> tally
    hedge_labels: dict[str, Tally]  # gold hedge -> tally of "hedge" right, both splits
    misses: list[str]
    seconds: float


def run(cases: list[dict]) -> Outcome:
    from wiredesk.claims import extract_claims

    extract_claims("Warm-up: the model loads here, the officials said.")
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    labels: dict[str, Tally] = defaultdict(Tally)
    misses = []
    started = time.perf_counter()
    for case in cases:
        published = case.get("published")
        claims = extract_claims(
            case["text"], published=date.fromisoformat(published) if published else None
        )
        scores = SCORERS[case["kind"]](case, claims)
        scores["all fields"] = all(scores.values())
        tally = tallies[(case.get("split", "tune"), case["kind"])]
        tally.cases += 1
        tally.right.update({name: int(ok) for name, ok in scores.items()})
        if case["kind"] == "hedge":
            labels[case["hedge"]].cases += 1
            labels[case["hedge"]].right["hedge"] += int(scores["hedge"])
        if not scores["all fields"]:
            wrong = [name for name, ok in scores.items() if not ok and name != "all fields"]
            misses.append(f"{case['id']}: {', '.join(wrong)}")
    return Outcome(tallies, labels, misses, time.perf_counter() - started)


def table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [f"{c:.3f}" if isinstance(c, float) else str(c) for c in row]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    cases = load_gold()
    outcome = run(cases)
    count = Counter(case["kind"] for case in cases)
    held = Counter(case["kind"] for case in cases if case.get("split") == "held")
    lines = [
        "# bench_claim_attributes: hedging, polarity, quantities, times",
        "",
        f"Command: `{COMMAND}`  ",
        f"Date: {today()}  ",
        f"Machine: {MACHINE}",
        "",
        f"Gold: `benchmarks/gold/claim_attributes.jsonl`, {len(cases)} sentences written for this"
        f" benchmark ({count['hedge']} hedge and polarity, {count['quantity']} quantities,"
        f" {count['time']} times). Each runs through the real claims path (`extract_claims`:"
        " parse, attribution, then the attribute functions on the claim); a field scores as"
        " right only when the claims path reaches it. The rules were tuned on the tune split"
        " (written before tuning, see the script's docstring); the held split"
        f" ({held['hedge']} + {held['quantity']} + {held['time']}) was written after all tuning"
        ' and never tuned on. "before": the code of commit d3d32d1, before this work, on the same'
        " cases. Share of cases right:",
        "",
    ]
    for kind in ("hedge", "quantity", "time"):
        tune, held_out = outcome.tallies[("tune", kind)], outcome.tallies[("held", kind)]
        fields = [name for name in tune.right if name != "all fields"] + ["all fields"]
        rows = [
            [name, tune.share(name), held_out.share(name), *BEFORE[kind][name]] for name in fields
        ]
        lines += [f"## {kind} ({tune.cases} tune, {held_out.cases} held)", ""]
        header = ["field", "tune", "held", "tune before", "held before"]
        lines += [*table(header, rows), ""]
    labels = sorted(outcome.hedge_labels.items())
    lines += ["## hedge right per gold label (both splits)", ""]
    rows = [[label, tally.cases, tally.share("hedge")] for label, tally in labels]
    lines += [*table(["gold hedge", "cases", "right"], rows), ""]
    lines += [
        f"- {len(cases) / outcome.seconds:.1f} sentences/s through `extract_claims`, one"
        " process, model load excluded.",
        f"- Cases with a wrong field ({len(outcome.misses)}): "
        + ("; ".join(outcome.misses) if outcome.misses else "none")
        + ".",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
