"""The language of a document's clean text, for the stages that only read English.

py3langid (a naive Bayes model over byte n-grams, 4.5 MB, shipped inside the PyPI package, so
nothing is downloaded at run time) with calibrated probabilities.  Chosen over lingua (96 MB,
9 s to load, 4-5 times slower): on the labelled pages of ``benchmarks/bench_language.py`` both
made the same calls but one, an Indonesian page that lingua read as Malay.  The model is
limited to the languages that have an ISO 639-1 code: its extra varieties (Nigerian Pidgin,
Extremaduran, ...) are where short English text was misread.

A text too short to judge, or judged with low confidence, stays undecided ("") and is treated
as English: a stage never drops a document on a guess.
"""

from __future__ import annotations

import io
import lzma
import os
import re
import shutil
import threading
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ENGLISH = "en"
UNDECIDED = ""

# Scripts written without spaces between words: each character counts as a word.
_UNSPACED = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(rf"[{_UNSPACED}]|[^\W\d_{_UNSPACED}]+")


@dataclass(kw_only=True, slots=True)
class LanguageOptions:
    """When a language is decided.

    min_words: shorter texts stay undecided.  On the labelled pages of the benchmark, the first
        20 words of an English page were read as another language with confidence 0.5 or more
        in 0 of 870 cases; 15 words already gave one such error (German at 0.81).
    min_confidence: a guess with a lower probability stays undecided.
    max_chars: only this much of the text is read (about 170 words; the model walks the text
        byte by byte in Python, so its time grows with the text); from the first 50 words on,
        no labelled page changed its language.  1,000 characters against 3,000: the same
        calls on the 891 AEB and WCXB dev pages through the clean stage (600 changed two), in
        half the time; of the 13,817 English texts of the stories and dedup sets, four
        all-capitals TV transcripts went from English to undecided (read as English either
        way) and one the other way.
    """

    min_words: int = 20
    min_confidence: float = 0.5
    max_chars: int = 1_000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """``code``: ISO 639-1 code, or "" when undecided; ``confidence``: its probability (0 when
    the text was too short to ask)."""

    code: str
    confidence: float


def word_count(text: str) -> int:
    """Words of letters (numbers and symbols are no evidence of a language)."""
    return len(WORD.findall(text))


_LOADING = threading.Lock()


def cached_copy_path(source: Path, name: str) -> Path | None:
    """Where the clean stage keeps a quick-to-read copy of a data file a package ships (in the
    user's cache folder), named after the file's size and time so that another version of the
    package gets its own copy; None where the user has no home to keep it in."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"))
    if not root.is_absolute():
        return None
    stat = source.stat()
    return root / "wiredesk" / f"{name}-{stat.st_size}-{stat.st_mtime_ns}"


def _model_arrays(model: Path, cached: Path | None) -> dict:
    """The model's arrays (the npz that py3langid ships xz-compressed), mapped from the
    uncompressed copy in ``cached`` when there is one, else decompressed and copied there for
    the next process.

    Decompressing takes 0.4-0.5 CPU s of every process that identifies a language (a run of
    ``wiredesk extract`` over 181 pages takes 4-6 s); mapping the copy, a few hundredths."""
    import numpy as np

    if cached is not None and cached.is_dir():
        return {path.stem: np.load(path, mmap_mode="r") for path in cached.glob("*.npy")}
    # Read whole: the zip inside is read from its end, which a compressed stream cannot seek to.
    with np.load(io.BytesIO(lzma.decompress(model.read_bytes())), allow_pickle=False) as shipped:
        arrays = {name: shipped[name] for name in shipped.files}
    if cached is None:
        return arrays
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
    try:
        partial.mkdir(parents=True, exist_ok=True)
        for name, values in arrays.items():
            np.save(partial / f"{name}.npy", values, allow_pickle=False)
        partial.rename(cached)  # whole or not at all, whoever writes it at the same time
    except OSError:
        # A read-only home, a full disk, or another process came first: this one's arrays serve.
        shutil.rmtree(partial, ignore_errors=True)
    return arrays


def _as_array(values) -> array:
    """A numpy vector of unsigned integers as the stdlib array that py3langid indexes."""
    converted = array(values.dtype.char)
    converted.frombytes(memoryview(values).cast("B"))
    return converted


def iso_639_1_columns(classes: list[str]) -> list[int]:
    """The model's columns for languages with an ISO 639-1 code (see the module)."""
    return [index for index, code in enumerate(classes) if len(code) == 2]


@cache
def _identifier():
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = Path(MODEL_DIR) / MODEL_FILE
    try:
        arrays = _model_arrays(model, cached_copy_path(model, "langid"))
        classes = arrays["classes"].tolist()
        kept = iso_639_1_columns(classes)
        # Each text gathers the weight rows of its features: laid out row by row in float32
        # they are scored four times faster than the strided float16 columns py3langid's own
        # restriction leaves, with the same scores (float16 widens to float32 exactly).
        identifier = LanguageIdentifier(
            np.take(arrays["ptc"], kept, axis=1).astype(np.float32),
            arrays["pc"][kept],
            [classes[index] for index in kept],
            _as_array(arrays["nextmove"]),
            arrays["out_feat"].tolist(),
            norm_probs=True,
            tk_row=_as_array(arrays["nextmove_row"]),
        )
    except (OSError, KeyError, ValueError):
        # A layout this code does not know (another version of py3langid): its own loader.
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        identifier.set_languages(
            [identifier.nb_classes[index] for index in iso_639_1_columns(identifier.nb_classes)]
        )
    return identifier


def load_identifier():
    """The model, loaded once per process (see ``_model_arrays``)."""
    with _LOADING:
        return _identifier()


def preload_identifier() -> threading.Thread:
    """Load the model in a background thread: decompressing it releases the interpreter
    lock, so it overlaps the HTML extraction that comes before the first question."""
    thread = threading.Thread(target=load_identifier, name="language-model", daemon=True)
    thread.start()
    return thread


def identify_language(text: str, options: LanguageOptions | None = None) -> LanguageGuess:
    """The language of ``text``, or undecided when it is too short or the model is unsure."""
    options = options or LanguageOptions()
    sample = text[: options.max_chars]
    if word_count(sample) < options.min_words:
        return LanguageGuess(UNDECIDED, 0.0)
    code, confidence = load_identifier().classify(sample)
    if confidence < options.min_confidence:
        return LanguageGuess(UNDECIDED, confidence)
    return LanguageGuess(code, confidence)


def is_english(language: str) -> bool:
    """English, or undecided (which English-only stages read as English)."""
    return language in (ENGLISH, UNDECIDED)


def not_english_reason(language: str) -> str:
    """The reason an English-only stage gives for leaving a document out."""
    return f"not English ({language})"
