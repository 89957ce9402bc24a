"""The trained attribution span model: cues first, then each cue's source and content.

A MiniLM encoder (6 layers, 384 wide, int8 ONNX) reads one paragraph at a time. A token head
tags cue spans (B/I/O). A pair head then scores every token against each cue as its source,
its content or neither, with the signed distance to the cue as a feature, so one encoder pass
serves every cue of the paragraph and nested or crossing attributions keep apart. A content
runs from the first to the last token given its role, which is how PolNeAR spans are scored
(first start, last end); a source is the run of source tokens nearest the cue, so that a
stray token elsewhere in the paragraph does not stretch it over the words between. Trained
on PolNeAR train by ``scripts/train_attribution_model.py``; the training script loads this
file on its own (no package import) so both cut text and measure distances the same way.

Only numpy is imported here; the tokenizer and ONNX Runtime load with the model.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).with_name("span_model")
MAX_TOKENS = 256
MAX_UNIT_CHARS = 1000  # about 200 word pieces: a unit fits MAX_TOKENS with room to spare
CUE_LABELS = ("O", "B", "I")
ROLE_LABELS = ("none", "source", "content")
# Signed word-piece distance to the cue, in doubling buckets; 0 is the cue itself.
DISTANCE_EDGES = np.array([1, 2, 3, 5, 9, 17, 33, 65])
DISTANCE_BUCKETS = 1 + 2 * len(DISTANCE_EDGES)

SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
LINE = re.compile(r"[^\n]+")

Encoder = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True, slots=True)
class PredictedAttribution:
    """Character offsets into the text the model read; a missing source or content is None."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int] | None


def text_units(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each paragraph, long ones cut at sentence ends, whitespace trimmed."""
    units: list[tuple[int, int]] = []
    for line in LINE.finditer(text):
        start, end = trimmed(text, line.start(), line.end())
        if end > start:
            units.extend(split_long(text, start, end))
    return units


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of at most MAX_UNIT_CHARS, cut after a sentence where one ends, else at a space."""
    if end - start <= MAX_UNIT_CHARS:
        return [(start, end)]
    cuts = [start + m.end() for m in SENTENCE_END.finditer(text[start:end])]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    while end - piece_start > MAX_UNIT_CHARS:
        limit = piece_start + MAX_UNIT_CHARS
        inside = [c for c in cuts if piece_start < c <= limit]
        cut = inside[-1] if inside else text.rfind(" ", piece_start + 1, limit) + 1 or limit
        pieces.append(trimmed(text, piece_start, cut))
        piece_start = cut
    pieces.append(trimmed(text, piece_start, end))
    return [p for p in pieces if p[1] > p[0]]


def distance_buckets(length: int, cue_first: int, cue_last: int) -> np.ndarray:
    """Bucket of each position's signed distance to the cue tokens [cue_first, cue_last]."""
    positions = np.arange(length)
    buckets = np.zeros(length, dtype=np.int64)
    before = positions < cue_first
    after = positions > cue_last
    steps = len(DISTANCE_EDGES)
    # Distances start at 1, so searchsorted gives 1..steps: bucket 0 stays the cue's own.
    buckets[before] = np.searchsorted(DISTANCE_EDGES, cue_first - positions[before], "right")
    buckets[after] = steps + np.searchsorted(DISTANCE_EDGES, positions[after] - cue_last, "right")
    return buckets


def gelu(values: np.ndarray) -> np.ndarray:
    """GELU, tanh form, as training used it. The cube is two products, not ``values**3``:
    numpy's float32 power calls ``powf`` on each element, which took three quarters of the
    time; the products differ from it at most in the last bit."""
    inner = values * values
    inner *= values
    inner *= 0.044715
    inner += values
    inner *= 0.7978845608
    np.tanh(inner, out=inner)
    inner += 1.0
    return 0.5 * values * inner


@dataclass(slots=True)
class Heads:
    """The two heads over the encoder's hidden states, as plain arrays (``heads.npz``)."""

    cue_weight: np.ndarray  # hidden x 3
    cue_bias: np.ndarray
    token_weight: np.ndarray  # hidden x pair
    token_bias: np.ndarray
    anchor_weight: np.ndarray  # hidden x pair: the cue's own representation
    anchor_bias: np.ndarray
    distance: np.ndarray  # DISTANCE_BUCKETS x pair
    role_weight: np.ndarray  # pair x 3
    role_bias: np.ndarray

    @classmethod
    def load(cls, path: Path) -> Heads:
        with np.load(path) as arrays:
            return cls(**{name: arrays[name].astype(np.float32) for name in arrays.files})

    def cue_labels(self, hidden: np.ndarray) -> np.ndarray:
        return (hidden @ self.cue_weight + self.cue_bias).argmax(-1)

    def token_part(self, hidden: np.ndarray) -> np.ndarray:
        """The cue-independent part of the pair head, computed once per unit."""
        return hidden @ self.token_weight + self.token_bias

    def roles(
        self, hidden: np.ndarray, token_part: np.ndarray, cue_first: int, cue_last: int
    ) -> np.ndarray:
        """Role label of every token of one unit for the cue at tokens [cue_first, cue_last]."""
        anchor = hidden[cue_first : cue_last + 1].mean(0) @ self.anchor_weight + self.anchor_bias
        buckets = distance_buckets(len(hidden), cue_first, cue_last)
        pair = gelu(token_part + anchor + self.distance[buckets])
        return (pair @ self.role_weight + self.role_bias).argmax(-1)


def cue_token_spans(labels: np.ndarray, real: np.ndarray) -> list[tuple[int, int]]:
    """Token spans [first, last] from B/I/O labels; an I with no B before it opens a span."""
    spans: list[tuple[int, int]] = []
    current: list[int] | None = None
    for index, label in enumerate(labels):
        tag = CUE_LABELS[label] if real[index] else "O"
        if tag == "B" or (tag == "I" and current is None):
            if current:
                spans.append((current[0], current[1]))
            current = [index, index]
        elif tag == "I" and current is not None:
            current[1] = index
        elif current is not None:
            spans.append((current[0], current[1]))
            current = None
    if current is not None:
        spans.append((current[0], current[1]))
    return spans


def role_span(roles: np.ndarray, role: int, real: np.ndarray) -> tuple[int, int] | None:
    members = np.flatnonzero((roles == role) & real)
    return (int(members[0]), int(members[-1])) if len(members) else None


SOURCE_GAP = 1  # tokens a source run may skip: a comma or a word piece the head missed


def nearest_run(
    roles: np.ndarray, role: int, real: np.ndarray, cue_first: int, cue_last: int
) -> tuple[int, int] | None:
    """The run of tokens given ``role`` (gaps of at most SOURCE_GAP tokens) nearest the cue
    at tokens [cue_first, cue_last]. Chosen on PolNeAR train over the first-to-last extent:
    source F1 +0.5 there, +0.8 on dev (``benchmarks/bench_claims.py``)."""
    members = np.flatnonzero((roles == role) & real)
    if not len(members):
        return None
    breaks = np.flatnonzero(np.diff(members) > SOURCE_GAP + 1)
    firsts = members[np.concatenate([[0], breaks + 1])]
    lasts = members[np.concatenate([breaks, [len(members) - 1]])]
    # Distance from the cue: 0 for a run touching or holding it.
    distances = np.maximum(np.maximum(firsts - cue_last, cue_first - lasts), 0)
    nearest = int(distances.argmin())
    return int(firsts[nearest]), int(lasts[nearest])


class SpanModel:
    """Predicts attributions for whole texts, batching their units through one encoder.

    Every unit of every text is cut into word pieces first; units of the same length in word
    pieces then share a batch, padded only to its longest, so almost no encoder time goes to
    padding (batches of paragraphs sorted by characters were a third padding).
    """

    def __init__(self, tokenizer, encoder: Encoder, heads: Heads, batch_size: int = 32) -> None:
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.heads = heads
        self.batch_size = batch_size
        self.pad_id = tokenizer.token_to_id("[PAD]") or 0

    def predict(self, texts: Sequence[str]) -> list[list[PredictedAttribution]]:
        units = [(i, start, end) for i, text in enumerate(texts) for start, end in text_units(text)]
        results: list[list[PredictedAttribution]] = [[] for _ in texts]
        encodings = self.tokenizer.encode_batch([texts[i][start:end] for i, start, end in units])
        lengths = [sum(e.attention_mask) for e in encodings]
        order = sorted(range(len(units)), key=lengths.__getitem__)
        # The heads' products are small: BLAS threads would only wait on each other, and in a
        # forked worker fight the other workers for the same cores.
        with single_threaded_blas():
            for begin in range(0, len(order), self.batch_size):
                batch = order[begin : begin + self.batch_size]
                found = self.predict_units(
                    [encodings[u] for u in batch], [lengths[u] for u in batch]
                )
                for u, unit_found in zip(batch, found, strict=True):
                    i, start, _ = units[u]
                    results[i].extend(shifted(unit_found, start))
        for found in results:
            found.sort(key=lambda a: a.cue)
        return results

    def predict_units(
        self, encodings: list, lengths: list[int]
    ) -> Iterable[list[PredictedAttribution]]:
        """Attributions of each encoded unit; ``lengths``: its word pieces without padding."""
        width = max(lengths)
        ids = np.full((len(encodings), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        special = np.ones((len(encodings), width), dtype=bool)
        for row, (encoding, length) in enumerate(zip(encodings, lengths, strict=True)):
            ids[row, :length] = encoding.ids[:length]
            mask[row, :length] = 1
            special[row, :length] = encoding.special_tokens_mask[:length]
        hidden = self.encoder(ids, mask)
        cue_labels = self.heads.cue_labels(hidden)
        real = (mask == 1) & ~special
        for row, (encoding, length) in enumerate(zip(encodings, lengths, strict=True)):
            yield self.decode(
                hidden[row, :length], cue_labels[row, :length], real[row, :length], encoding.offsets
            )

    def decode(
        self,
        hidden: np.ndarray,
        cue_labels: np.ndarray,
        real: np.ndarray,
        offsets: list[tuple[int, int]],
    ) -> list[PredictedAttribution]:
        found = []
        cues = cue_token_spans(cue_labels, real)
        token_part = self.heads.token_part(hidden) if cues else None
        for first, last in cues:
            roles = self.heads.roles(hidden, token_part, first, last)
            spans = [nearest_run(roles, 1, real, first, last), role_span(roles, 2, real)]
            source, content = (
                (offsets[span[0]][0], offsets[span[1]][1]) if span else None for span in spans
            )
            found.append(
                PredictedAttribution((offsets[first][0], offsets[last][1]), source, content)
            )
        return found


def single_threaded_blas():
    """numpy's BLAS held to one thread inside the ``with`` block."""
    return _blas_controller().limit(limits=1, user_api="blas")


@functools.cache
def _blas_controller():
    """The BLAS libraries loaded in this process, found once: finding them walks every loaded
    library (2 ms, and the stage asks twice for every text), while numpy's BLAS, the one to
    hold, is loaded with numpy, before any caller."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def shifted(found: list[PredictedAttribution], by: int) -> list[PredictedAttribution]:
    def move(span: tuple[int, int] | None) -> tuple[int, int] | None:
        return (span[0] + by, span[1] + by) if span else None

    return [PredictedAttribution(move(a.cue), move(a.source), move(a.content)) for a in found]


def load_tokenizer(model_dir: Path = MODEL_DIR):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()  # ``SpanModel`` pads each batch to its own longest unit
    return tokenizer


def onnx_encoder(path: Path, threads: int = 0) -> Encoder:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # An idle pool thread would spin on its core after each run while this process decodes
    # the batch on the other, and on a machine whose cores are all taken that spinning is
    # time taken from the parse and from the other workers.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def encode(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feeds = {"input_ids": ids, "attention_mask": mask}
        return session.run(None, feeds)[0]

    return encode


def load_span_model(model_dir: Path = MODEL_DIR, threads: int = 0) -> SpanModel:
    """The shipped model on ONNX Runtime, one unit a batch: on a CPU the encoder reads as many
    word pieces a second one unit at a time as 32 at a time, so padding is pure loss (one
    text's units batched together were mostly padding), and a unit alone is quantized by its
    own range, so what it yields does not depend on the paragraphs beside it."""
    return SpanModel(
        load_tokenizer(model_dir),
        onnx_encoder(model_dir / "encoder.int8.onnx", threads),
        Heads.load(model_dir / "heads.npz"),
        batch_size=1,
    )
