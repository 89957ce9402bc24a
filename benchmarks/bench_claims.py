"""Attribution benchmark: PolNeAR dev through ``wiredesk claims --no-clean``.

Exact-match P/R/F1 for source, cue and content spans, the way the PolNeAR literature scores them:
a span matches when its first start and last end equal the gold's after trimming whitespace and
punctuation. Predicted attributions are matched one-to-one to gold ones (by cue and content
overlap); each matched prediction's source, cue and content are then scored against that gold.
Every gold attribution counts (recall), every predicted one counts (precision); an empty span
(an attribution with no source) is neither predicted nor gold for that span type. The outlet's
own statements (claims of type ``outlet``, with no cue: ``claims/assertions.py``) are no
attributions, and PolNeAR annotates none: they are counted apart, not scored. Claims read from
one cue (a quotation going on past its cue's sentence: a claim per sentence here) are scored as
the one attribution PolNeAR annotates, their contents joined.

Speed: articles/s of the claims command, and of spaCy's small pipeline alone (``nlp.pipe`` over
the same texts, model load included, also in a fresh interpreter), measured in the same run.

    .venv/bin/python benchmarks/bench_claims.py            # dev (the reported numbers)
    .venv/bin/python benchmarks/bench_claims.py --split train --limit 200   # for rule design
    .venv/bin/python benchmarks/bench_claims.py --steps    # also time each speed step in process
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "attribution"
RESULTS = REPO / "benchmarks" / "results" / "bench_claims.md"
MACHINE = "2-core x86_64, 24 GiB, no GPU"
SPAN_TYPES = ("source", "cue", "content")
SPAN_FINDERS = {  # --spans value: row name
    "combined": "rules + span model (the default)",
    "model": "span model alone",
    "rules": "parse rules alone",
}
PUBLISHED = {  # PolNeAR test, exact span match F1, from the data README
    "CofeNet with BERT (Wang et al., COLING 2022)": (83.2, 75.3, 72.9),
    "BERT with CRF": (82.2, 74.9, 71.0),
    "rule-based and CoreNLP baselines": ("10.7-13.9", 22.8, "5.6-17.5"),
}
BASELINE_SCRIPT = """
import json, sys, time
from wiredesk.nlp import load_english
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = load_english()
for _ in nlp.pipe(texts, batch_size=64):
    pass
"""


def is_trimmable(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def span_key(fragments: list[dict], text: str) -> tuple[int, int] | None:
    """(first start, last end) of a span after trimming whitespace and punctuation."""
    fragments = [f for f in fragments if f["end"] > f["start"]]
    if not fragments:
        return None
    start, end = fragments[0]["start"], fragments[-1]["end"]
    while start < end and is_trimmable(text[start]):
        start += 1
    while end > start and is_trimmable(text[end - 1]):
        end -= 1
    return (start, end) if end > start else None


def char_set(fragments: list[dict]) -> set[int]:
    return {i for f in fragments for i in range(f["start"], f["end"])}


def pair_score(predicted: dict, gold: dict) -> float:
    """How well a prediction lines up with a gold attribution; 0 means not the same one."""
    cue_p, cue_g = char_set(predicted["cue"]), char_set(gold["cue"])
    content_p, content_g = char_set(predicted["content"]), char_set(gold["content"])
    cue_overlap = len(cue_p & cue_g) / max(1, len(cue_p | cue_g))
    content_overlap = len(content_p & content_g) / max(1, len(content_p | content_g))
    if cue_overlap == 0 and content_overlap < 0.5:
        return 0.0
    return 2 * cue_overlap + content_overlap


def match(predicted: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one greedy matching by descending pair score."""
    scored = [(pair_score(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)]
    pairs, used_p, used_g = [], set(), set()
    for score, i, j in sorted(scored, reverse=True):
        if score > 0 and i not in used_p and j not in used_g:
            pairs.append((i, j))
            used_p.add(i)
            used_g.add(j)
    return pairs


@dataclass(slots=True)
class Tally:
    true_positive: int = 0
    predicted: int = 0
    gold: int = 0

    def scores(self) -> tuple[float, float, float]:
        precision = self.true_positive / self.predicted if self.predicted else 0.0
        recall = self.true_positive / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return 100 * precision, 100 * recall, 100 * f1


def attributions(claims: list[dict]) -> list[dict]:
    """The attributions among the claims, as PolNeAR counts them: all but the outlet's own
    statements, and the claims read from one cue as one attribution. A quotation that goes on
    past its cue's sentence is a claim per sentence in wiredesk (each has its own hedge and
    times), where PolNeAR annotates one attribution whose content runs to the quotation's end."""
    merged: dict[tuple, dict] = {}
    for claim in claims:
        if claim["source_type"] == "outlet":
            continue
        key = tuple((s["start"], s["end"]) for s in claim["cue"]) or (id(claim),)
        if key in merged:
            merged[key] = {**merged[key], "content": merged[key]["content"] + claim["content"]}
        else:
            merged[key] = claim
    return list(merged.values())


def outlet_statements(outputs: dict[str, dict]) -> int:
    return sum(len(r["claims"]) - len(attributions(r["claims"])) for r in outputs.values())


def score(articles: list[dict], outputs: dict[str, dict]) -> tuple[dict[str, Tally], int, int]:
    tallies = {kind: Tally() for kind in SPAN_TYPES}
    n_predicted = n_gold = 0
    for article in articles:
        text = article["text"]
        gold = article["attributions"]
        predicted = attributions(outputs.get(article["id"], {}).get("claims", []))
        n_predicted += len(predicted)
        n_gold += len(gold)
        for kind in SPAN_TYPES:
            tallies[kind].gold += sum(1 for g in gold if span_key(g[kind], text))
            tallies[kind].predicted += sum(1 for p in predicted if span_key(p[kind], text))
        for i, j in match(predicted, gold):
            for kind in SPAN_TYPES:
                key = span_key(predicted[i][kind], text)
                if key is not None and key == span_key(gold[j][kind], text):
                    tallies[kind].true_positive += 1
    return tallies, n_predicted, n_gold


def write_input(articles: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            record = {
                "id": article["id"],
                "text": article["text"],
                "publisher": article["publisher"],
                "published": article["publication_date"],
            }
            out.write(json.dumps(record) + "\n")


def children_cpu() -> float:
    """CPU seconds of the finished child processes so far (their own children included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(slots=True)
class Timing:
    """Wall seconds, and CPU seconds of every process of the command: on a machine shared
    with other jobs the wall clock moves with their load, the CPU seconds much less."""

    wall: float
    cpu: float


def timed_run(command: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, Timing]:
    wall, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run(command, check=True, cwd=REPO, **kwargs)
    return done, Timing(time.perf_counter() - wall, children_cpu() - cpu)


def run_claims(path: Path, spans: str) -> tuple[dict[str, dict], Timing]:
    flags = ["--no-clean", "--spans", spans]
    command = [sys.executable, "-m", "wiredesk", "claims", *flags, str(path)]
    done, timing = timed_run(command, capture_output=True, text=True)
    outputs = {}
    for line in done.stdout.splitlines():
        if line.strip():
            record = json.loads(line)
            outputs[record["id"]] = record
    return outputs, timing


def run_baseline(path: Path) -> Timing:
    return timed_run([sys.executable, "-c", BASELINE_SCRIPT, str(path)])[1]


STEP_SCRIPT = """
import json, resource, sys, time
from collections import deque
from wiredesk.claims import ClaimsOptions, ClaimsStage, parse
from wiredesk.claims.extract import claims_from_doc, mask_datelines
from wiredesk.claims.span_model import load_span_model, single_threaded_blas
from wiredesk.nlp import load_english
from wiredesk.records import Document
from wiredesk.stage import StageStats

rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
texts = [mask_datelines(row["text"]) for row in rows]
nlp = load_english()
list(nlp.pipe(texts[:3]))  # warm caches so the first step is not charged for them
span_model = load_span_model(threads=1)  # as a forked worker loads it
span_model.predict(texts[:1])
whole = lambda nlp, texts, batch_size: nlp.pipe(texts, batch_size=batch_size)


def pipe_alone():
    deque(nlp.pipe(texts, batch_size=64), maxlen=0)  # parse and drop: nothing to count


def stage(spans):
    docs = [Document(id=r["id"], raw=r["text"], text=r["text"], canonical=True) for r in rows]
    ClaimsStage(ClaimsOptions(spans=spans)).run(docs, StageStats(name="claims"))
    return sum(len(d.claims) for d in docs)


def span_model_alone():
    with single_threaded_blas():  # as in a forked worker: one core
        return sum(len(span_model.predict([text])[0]) for text in texts)


def filtered(pipe):
    parse.full_pipe, real = pipe, parse.full_pipe
    try:
        return sum(len(claims_from_doc(d)) for d in parse.parse_texts(nlp, texts, 64))
    finally:
        parse.full_pipe = real


steps = [
    ("spaCy small nlp.pipe alone", pipe_alone),
    ("whole parse, then extraction (the stage before issue 4)",
     lambda: sum(len(claims_from_doc(d)) for d in nlp.pipe(texts, batch_size=64))),
    ("+ full parse only of paragraphs that may attribute, entities alone elsewhere",
     lambda: filtered(whole)),
    ("+ attribute ruler as look-ups (same annotations)", lambda: filtered(parse.full_pipe)),
    ("+ forked workers (ClaimsStage, parse rules alone)", lambda: stage("rules")),
    ("span model alone (int8 encoder and heads, one text at a time, one thread; attributions)",
     span_model_alone),
    ("forked workers, the default (ClaimsStage, rules + span model)", lambda: stage("combined")),
]
def cpu_seconds():
    # This process's and its finished children's: a stage's forked workers are reaped when
    # it ends, so their CPU counts too.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


for name, step in steps:
    wall, cpu = time.perf_counter(), cpu_seconds()
    count = step()
    print(json.dumps([name, time.perf_counter() - wall, cpu_seconds() - cpu, count]))
"""


def run_steps(path: Path, n_articles: int) -> str:
    """Each speed step in one warm interpreter: wall and CPU seconds (forked workers'
    included), articles/s on the wall clock, CPU seconds per article, claims found."""
    done = subprocess.run(
        [sys.executable, "-c", STEP_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    lines = [
        "| step (in process, model loaded) | wall s | CPU s | articles/s | CPU s per article"
        " | claims |",
        "|---|---|---|---|---|---|",
    ]
    for line in done.stdout.splitlines():
        name, wall, cpu, count = json.loads(line)
        claims = "–" if count is None else count
        lines.append(
            f"| {name} | {wall:.1f} | {cpu:.1f} | {n_articles / wall:.2f}"
            f" | {cpu / n_articles:.3f} | {claims} |"
        )
    return "\n".join(lines)


def check_offsets(articles: list[dict], outputs: dict[str, dict]) -> int:
    """Predicted spans whose text is not the article text at their offsets (must be 0)."""
    bad = 0
    for article in articles:
        text = outputs.get(article["id"], {}).get("text", "")
        if text != article["text"]:
            bad += 1
            continue
        for claim in outputs[article["id"]]["claims"]:
            for kind in SPAN_TYPES:
                bad += sum(1 for f in claim[kind] if text[f["start"] : f["end"]] != f["text"])
    return bad


@dataclass(slots=True)
class SystemRun:
    name: str
    command: str
    tallies: dict[str, Tally]
    predicted: int
    timing: Timing
    statements: int = 0


def table(runs: list[SystemRun], baseline: Timing, split, n_articles, n_gold, bad) -> str:
    lines = [
        f"PolNeAR {split}: {n_articles} articles, {n_gold} gold attributions; "
        + ", ".join(
            f"{run.predicted} predicted by the {run.name} (and {run.statements} outlet's own"
            " statements, not scored)"
            for run in runs
        )
        + f"; spans with wrong offsets: {bad}",
        "",
        "| system | source P/R/F1 | cue P/R/F1 | content P/R/F1 |",
        "|---|---|---|---|",
    ]
    for run in runs:
        cells = []
        for kind in SPAN_TYPES:
            p, r, f = run.tallies[kind].scores()
            cells.append(f"{p:.1f} / {r:.1f} / **{f:.1f}**")
        lines.append(f"| wiredesk, {run.name} ({split}) | " + " | ".join(cells) + " |")
    for system, (source, cue, content) in PUBLISHED.items():
        lines.append(f"| {system} (test, F1) | {source} | {cue} | {content} |")
    lines += [
        "",
        "| speed | articles/s | ratio to spaCy alone | CPU s per article | ratio by CPU |",
        "|---|---|---|---|---|",
    ]
    timings = [
        (f"`{run.command}` (process start, model load, JSON out)", run.timing) for run in runs
    ]
    timings.append(("spaCy small `nlp.pipe` alone (process start, model load)", baseline))
    for name, timing in timings:
        lines.append(
            f"| {name} | {n_articles / timing.wall:.2f} | {baseline.wall / timing.wall:.2f} "
            f"| {timing.cpu / n_articles:.3f} | {baseline.cpu / timing.cpu:.2f} |"
        )
    return "\n".join(lines)


def load_note() -> str:
    """The machine's load averages as the run ends: how much other jobs took of the cores."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min) at the end"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    parser.add_argument("--no-write", action="store_true", help="do not update results/")
    parser.add_argument("--steps", action="store_true", help="also time each speed step")
    args = parser.parse_args()
    source = DATA / f"polnear_{args.split}.jsonl"
    articles = [json.loads(line) for line in source.open(encoding="utf-8")]
    if args.limit:
        articles = articles[: args.limit]
    with tempfile.TemporaryDirectory(prefix="bench_claims_") as tmp:
        path = Path(tmp) / f"polnear_{args.split}.jsonl"
        write_input(articles, path)
        runs, bad = [], 0
        for spans, name in SPAN_FINDERS.items():
            outputs, timing = run_claims(path, spans)
            tallies, n_predicted, n_gold = score(articles, outputs)
            bad += check_offsets(articles, outputs)
            command = f"wiredesk claims --no-clean --spans {spans}"
            runs.append(
                SystemRun(name, command, tallies, n_predicted, timing, outlet_statements(outputs))
            )
        baseline = run_baseline(path)
        steps = run_steps(path, len(articles)) if args.steps else ""
    result = table(runs, baseline, args.split, len(articles), n_gold, bad)
    if steps:
        result += "\n\n" + steps
    print(result)
    if args.no_write:
        return
    command = " ".join(["benchmarks/bench_claims.py", *sys.argv[1:]]).strip()
    header = [
        "# bench_claims: attribution spans on PolNeAR",
        "",
        f"- command: `.venv/bin/python {command}`",
        f"- date: {datetime.now(UTC).date().isoformat()}",
        f"- machine: {MACHINE}",
        "- scoring: exact match of (first start, last end) after trimming whitespace and"
        " punctuation; predictions matched one-to-one to gold by cue and content overlap."
        " Claims read from one cue (a quotation going on past its cue's sentence, a claim per"
        " sentence here) count as the one attribution PolNeAR annotates, contents joined; the"
        " outlet's own statements are not attributions and are not scored."
        " Published scores are on the PolNeAR test split (not public); ours on dev.",
        "- speed: both timings end to end in fresh interpreters, one after the other; the 2 cores"
        " were shared with other jobs, so the wall-clock ratio moves between runs. CPU seconds"
        " are those of every process of the command (forked workers included), which other"
        " jobs' load moves much less: the ratio by CPU compares the work done.",
        "- steps (`--steps`): each speed step of issue 4 on the same texts in one warm"
        " interpreter, one after the other; CPU seconds include the forked workers' (reaped"
        " when each stage run ends), so CPU over wall near 2 means both cores worked.",
        f"- load: {load_note()}",
        "",
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(header) + result + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
