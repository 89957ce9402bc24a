"""Train the clean stage's line model (``src/wiredesk/clean/line_model.json``) on labelled lines.

Data: ``../shared/data/boilerplate/*_line_labels.jsonl.gz`` (page text split into lines, each
labelled article 1 or boilerplate 0; see that folder's README).  Deterministic: the split is
by a hash of the page id, the solver is lbfgs with a fixed iteration budget.

Split of the training set: pages whose sha1(page_id) is 0 mod 5 are the tune part (the
threshold is chosen there, maximising the AEB metric against the label-1 lines); the rest fit
the weights.  The other set is only reported, never looked at while fitting or tuning.

Usage:
  .venv/bin/python scripts/train_line_model.py                 # train WCXB dev, report AEB,
                                                               # write the shipped model
  .venv/bin/python scripts/train_line_model.py --train aeb --report wcxb --output /tmp/m.json
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from wiredesk.clean.line_model import LineModel, PageWords, Stage, context_features, page_features

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "boilerplate"
SETS = {
    "wcxb": DATA / "wcxb-dev_line_labels.jsonl.gz",
    "aeb": DATA / "aeb_html-text_line_labels.jsonl.gz",
}
MODEL = REPO / "src" / "wiredesk" / "clean" / "line_model.json"
TOKEN = re.compile(r"\w+")
TUNE_EVERY = 5
C = 1.0  # inverse regularisation; the features are few and standardised
STAGES = 3  # a third stage, reading the second's scores, scored higher on the WCXB tune part


def load_pages(path: Path) -> dict[str, tuple[list[str], np.ndarray]]:
    """Pages as (non-empty stripped lines in order, labels)."""
    rows: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for row in map(json.loads, handle):
            if row["text"].strip():
                rows[row["page_id"]].append((row["line_no"], row["text"].strip(), row["label"]))
    pages = {}
    for page_id in sorted(rows):
        ordered = sorted(rows[page_id])
        pages[page_id] = ([text for _, text, _ in ordered], np.array([y for *_, y in ordered]))
    return pages


def is_tune(page_id: str) -> bool:
    return int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % TUNE_EVERY == 0


def weights_of(own: np.ndarray) -> np.ndarray:
    """Weights of one page's lines: by their words (the metric counts shingles, so long lines
    matter more), scaled so that each page weighs its line count (the metric averages over
    pages, so a page with a long comment thread must not outweigh the others)."""
    words = np.expm1(own[:, 0]) + 1.0
    return words / words.sum() * len(words)


def fit_stage(features: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> Stage:
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit((features - mean) / scale, labels, sample_weight=weights)
    return Stage(mean, scale, model.coef_[0], float(model.intercept_[0]))


def train(pages: dict[str, tuple[list[str], np.ndarray]], name: str) -> LineModel:
    fit_ids = [key for key in pages if not is_tune(key)]
    tune_ids = [key for key in pages if is_tune(key)]
    own = {key: page_features(pages[key][0]) for key in pages}
    page_words = {key: PageWords.of(pages[key][0]) for key in fit_ids}
    labels = np.concatenate([pages[key][1] for key in fit_ids])
    weights = np.concatenate([weights_of(own[key]) for key in fit_ids])
    stages = [fit_stage(np.vstack([own[key] for key in fit_ids]), labels, weights)]
    previous = {key: stages[0].probabilities(own[key]) for key in fit_ids}
    while len(stages) < STAGES:
        context = {
            key: context_features(own[key], previous[key], page_words[key]) for key in fit_ids
        }
        stages.append(fit_stage(np.vstack([context[key] for key in fit_ids]), labels, weights))
        previous = {key: stages[-1].probabilities(context[key]) for key in fit_ids}
    model = LineModel(tuple(stages), 0.5, trained_on=name)
    scored = {key: (*pages[key], model.article_probabilities(pages[key][0])) for key in tune_ids}
    best = max(np.arange(0.2, 0.81, 0.05), key=lambda t: score(scored, float(t))["f1"])
    return LineModel(tuple(stages), round(float(best), 2), trained_on=name)


def shingles(text: str) -> Counter:
    tokens = TOKEN.findall(text)
    count = max(1, len(tokens) - 3)
    return Counter(tuple(tokens[i : i + 4]) for i in range(count) if tokens[i : i + 4])


def score(scored: dict[str, tuple[list[str], np.ndarray, np.ndarray]], threshold: float):
    """The AEB metric (4-token shingles, mean P and R over pages, F1 of the means) against the
    label-1 lines, and the line accuracy, for pages with their lines' article probabilities."""
    precisions, recalls, right, total = [], [], 0, 0
    for lines, labels, probabilities in scored.values():
        keep = probabilities >= threshold
        right += int((keep == (labels == 1)).sum())
        total += len(lines)
        gold = shingles("\n".join(line for line, y in zip(lines, labels, strict=True) if y))
        kept = shingles("\n".join(line for line, k in zip(lines, keep, strict=True) if k))
        tp = sum((gold & kept).values())
        if kept:
            precisions.append(tp / sum(kept.values()))
        if gold:
            recalls.append(tp / sum(gold.values()))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "accuracy": right / total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", choices=sorted(SETS), default="wcxb")
    parser.add_argument("--report", choices=sorted(SETS), default="aeb")
    parser.add_argument("--output", type=Path, default=MODEL)
    args = parser.parse_args()
    if args.train == args.report:
        parser.error("report on the set not trained on")
    training = load_pages(SETS[args.train])
    model = train(training, f"{SETS[args.train].name} (tune part: sha1(page_id) % 5 == 0)")
    args.output.write_text(model.to_json() + "\n", encoding="utf-8")
    tune = {key: value for key, value in training.items() if is_tune(key)}
    reported = load_pages(SETS[args.report])
    print(f"threshold {model.threshold} chosen on the {args.train} tune part")
    for name, pages in ((f"{args.train} tune", tune), (args.report, reported)):
        scored = {key: (*page, model.article_probabilities(page[0])) for key, page in pages.items()}
        scores = score(scored, model.threshold)
        print(
            f"{name}: {len(pages)} pages; F1 {scores['f1']:.3f} P {scores['precision']:.3f} "
            f"R {scores['recall']:.3f}; line accuracy {scores['accuracy']:.3f} "
            "(AEB metric against the label-1 lines)"
        )
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
