"""A trained line classifier for page text that a scraper already flattened.

Page text (menus, teasers, footers and the article, one line each) has no markup left to judge,
so each line is scored by a model of its shape, its neighbours and its place in the page: a
stack of logistic regressions, each after the first also reading the previous one's scores of
the nearby lines (an article line sits among article lines), where the line stands against
the page's main run of article lines, the section headings ("Related", "Comments") above it,
and how many of its words the other likely article lines share (teasers and comments after an
article are prose too, but about something else).  The weights are plain JSON
(``line_model.json``), made by ``scripts/train_line_model.py`` from labelled lines; numpy
evaluates them, so nothing is unpickled.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from wiredesk.clean.shape import CALL_TO_ACTION, NOTICE, READER_VOICE, SENTENCE_END

if TYPE_CHECKING:
    import numpy as np

MODEL_FILE = "line_model.json"
WORD = re.compile(r"\w+")
# The commonest English function words: prose is full of them, labels and link titles are not.
FUNCTION_WORD_LIST = (
    "the a an of to in and or for on at by with from as that this it is was were be been are "
    "has have had not but which who will would said says its their his her they he she we"
)
FUNCTION_WORDS = frozenset(FUNCTION_WORD_LIST.split())
LINK_MARKS = re.compile(r"[|»›•·→]|^[-*>+]\s|\s[-–]\s*$")
DATE_LIKE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2}:\d{2}\b|"
    r"\b\d{4}-\d{2}-\d{2}\b|\b(ago|updated|published)\b",
    re.IGNORECASE,
)
# Reader comments under an article are prose too; their bylines and widgets give them away.
COMMENT_MARK = re.compile(
    r"\b(says|said|wrote)\s*:\s*$|\bat \d{1,2}:\d{2}\s*([ap]\.?m\b|$)|"
    r"^\d+\s+(comments?|responses?|replies|thoughts)\b|\b(comments?|responses?|replies) (to|on)\b|"
    r"\b(leave a (reply|comment)|reply|report abuse|permalink|upvote)\b|"
    r"\b\d+\s+(minutes?|hours?|days?|weeks?|months?|years?) ago\b",
    re.IGNORECASE,
)
# Headings that open what follows an article: teasers, comments, tags, the author's bio.
SECTION_MARK = re.compile(
    r"^\W*(related|you (may|might) (also )?(like|enjoy)|more (from|on|in|stories|news|articles)|"
    r"recommended|read (more|next|also)|also read|comments?|\d+ comments?|"
    r"leave a (reply|comment)|share (this|on)|tags?\b|filed under|about the author|trending|"
    r"most (popular|read|viewed)|popular|latest|newsletter|sponsored|advertisement|deals|"
    r"further reading|see also|categories)\b",
    re.IGNORECASE,
)
SECTION_MARK_WORDS = 6  # a heading, not a sentence that happens to start with "Related"
# Archive and calendar widgets: lines made of month names and years.
CALENDAR_WORD = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*$|^(19|20)\d\d$|^\d{1,2}$",
    re.IGNORECASE,
)
NO_DIGITS = str.maketrans("", "", "0123456789")
# Logistic regression is linear in its inputs: bins of the word count let it treat labels,
# headlines and paragraphs differently.
WORD_BINS = ((0, 4), (4, 9), (9, 16), (16, 31))
HEADLINE_WORDS = (6, 20)  # a teaser link or headline: this many words and no sentence end
OWN_FEATURES = (
    "log_words",
    "log_chars",
    "sentence_end",
    "colon_end",
    "sentences",
    "function_share",
    "capital_share",
    "digit_share",
    "punct_share",
    "comma_rate",
    "mean_word_length",
    "lower_start",
    "link_marks",
    "call_to_action",
    "notice",
    "reader_voice",
    "date_like",
    "url_like",
    "headline_like",
    "comment_mark",
    "section_mark",
    "distinct_share",
    "calendar_share",
    *(f"words_{low}_{high}" for low, high in WORD_BINS),
)
NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOW = 6  # lines each side for the prose density around a line
PROSE_WORDS = 12  # a line of this many words ending a sentence counts as prose
LIKELY = 0.5  # a line the previous stage scores this high counts as likely article
CONTENT_WORD_LETTERS = 3


@dataclass(frozen=True, slots=True)
class Stage:
    """One logistic regression: standardisation, weights, intercept."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    intercept: float

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        import numpy as np

        logits = ((features - self.mean) / self.scale) @ self.weights + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))

    def to_dict(self) -> dict:
        return {
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(v), 6) for v in self.weights],
            "intercept": round(float(self.intercept), 6),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Stage:
        import numpy as np

        return cls(
            np.asarray(data["mean"], dtype=float),
            np.asarray(data["scale"], dtype=float),
            np.asarray(data["weights"], dtype=float),
            float(data["intercept"]),
        )


@dataclass(frozen=True, slots=True)
class LineModel:
    """The stages (the first reads the line alone, each later one also the previous one's
    scores) and the threshold on the last one's article probability."""

    stages: tuple[Stage, ...]
    threshold: float
    trained_on: str = ""

    def article_probabilities(self, lines: list[str]) -> np.ndarray:
        """P(article) of each line of one page, in order."""
        own = page_features(lines)
        page = PageWords.of(lines)
        probabilities = self.stages[0].probabilities(own)
        for stage in self.stages[1:]:
            probabilities = stage.probabilities(context_features(own, probabilities, page))
        return probabilities

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": [*OWN_FEATURES, *context_names()],
                "trained_on": self.trained_on,
                "threshold": round(self.threshold, 4),
                "stages": [stage.to_dict() for stage in self.stages],
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> LineModel:
        data = json.loads(text)
        if data["features"] != [*OWN_FEATURES, *context_names()]:
            raise ValueError("line model was trained on other features; re-run the training")
        return cls(
            tuple(Stage.from_dict(stage) for stage in data["stages"]),
            float(data["threshold"]),
            data.get("trained_on", ""),
        )


def load_line_model() -> LineModel:
    """The model shipped with the package."""
    text = resources.files("wiredesk.clean").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return LineModel.from_json(text)


def line_features(line: str) -> list[float]:
    """The line's own features, in ``OWN_FEATURES`` order (cheap: this runs on every line)."""
    words = WORD.findall(line)
    count = len(words)
    chars = len(line)
    letters = sum(map(len, words))
    sentence_end = bool(SENTENCE_END.search(line))
    return [
        math.log1p(count),
        math.log1p(chars),
        float(sentence_end),
        float(line.endswith(":")),
        math.log1p(line.count(". ") + line.count("? ") + line.count("! ") + sentence_end),
        sum(map(FUNCTION_WORDS.__contains__, map(str.lower, words))) / count if count else 0.0,
        sum(1 for word in words if word[0].isupper()) / count if count else 0.0,
        (chars - len(line.translate(NO_DIGITS))) / chars if chars else 0.0,
        (chars - letters - line.count(" ")) / chars if chars else 0.0,
        line.count(",") / count if count else 0.0,
        letters / count if count else 0.0,
        float(line[:1].islower()),
        float(bool(LINK_MARKS.search(line))),
        float(bool(CALL_TO_ACTION.search(line))),
        float(bool(NOTICE.search(line))),
        float(bool(READER_VOICE.search(line))),
        float(bool(DATE_LIKE.search(line))),
        float("http" in line or "www." in line or "@" in line),
        float(not sentence_end and HEADLINE_WORDS[0] <= count <= HEADLINE_WORDS[1]),
        float(bool(COMMENT_MARK.search(line))),
        float(count <= SECTION_MARK_WORDS and bool(SECTION_MARK.match(line))),
        # Link lists repeat their words ("Rep. Ilhan Omar Ilhan Omar ..."); prose seldom does.
        len(set(map(str.lower, words))) / count if count else 1.0,
        sum(1 for word in words if CALENDAR_WORD.match(word)) / count if count else 0.0,
        *(float(low <= count < high) for low, high in WORD_BINS),
    ]


def page_features(lines: list[str]) -> np.ndarray:
    """Own features of every line of a page (rows in line order)."""
    import numpy as np

    rows = [line_features(line) for line in lines]
    return np.asarray(rows, dtype=float).reshape(len(lines), len(OWN_FEATURES))


def context_names() -> list[str]:
    names = ["p_self"]
    names += [f"p_{offset:+d}" for offset in NEIGHBOUR_OFFSETS]
    names += [f"words_{offset:+d}" for offset in NEIGHBOUR_OFFSETS]
    names += ["p_window", "prose_window", "position", "words_before", "log_lines", "words_share"]
    names += ["in_block", "block_distance", "block_share", "repeated_in_page"]
    names += ["comment_marks_before", "comment_window"]
    names += ["section_marks_before", "section_marks_after_block"]
    names += ["shared_words", "has_content_words"]
    return names


def _shifted(values: np.ndarray, offset: int, fill: float) -> np.ndarray:
    """``values[i + offset]`` for every i, ``fill`` beyond the page."""
    import numpy as np

    out = np.full_like(values, fill)
    if offset > 0:
        out[:-offset] = values[offset:]
    else:
        out[-offset:] = values[:offset]
    return out


def _window_mean(values: np.ndarray, width: int) -> np.ndarray:
    import numpy as np

    padded = np.concatenate([[0.0], np.cumsum(values)])
    index = np.arange(len(values))
    low = np.maximum(index - width, 0)
    high = np.minimum(index + width + 1, len(values))
    return (padded[high] - padded[low]) / (high - low)


def main_block(scores: np.ndarray, words: np.ndarray) -> tuple[int, int]:
    """The run of lines [start, end) with the most article evidence (the previous stage's score
    above one half, weighed by words): the article is one stretch of the page, and teasers
    or comments beyond it score well on their own but stand apart."""
    best, start, best_range, running = 0.0, 0, (0, 0), 0.0
    for index, gain in enumerate(((scores - 0.5) * (words + 1.0)).tolist()):
        if running <= 0.0:
            running, start = 0.0, index
        running += gain
        if running > best:
            best, best_range = running, (start, index + 1)
    return best_range


@dataclass(frozen=True, slots=True)
class PageWords:
    """What the context features need of a page's text beyond the lines' own features."""

    repeated: np.ndarray  # 1 for a line that stands more than once in its page
    content: tuple[frozenset[str], ...]  # each line's content words

    @classmethod
    def of(cls, lines: list[str]) -> PageWords:
        import numpy as np

        counts = Counter(lines)
        return cls(
            np.array([float(counts[line] > 1) for line in lines]),
            tuple(map(content_words, lines)),
        )


def content_words(line: str) -> frozenset[str]:
    """Lowercase words of a line that say what it is about (no function words, no figures)."""
    return frozenset(
        word
        for word in map(str.lower, WORD.findall(line))
        if len(word) >= CONTENT_WORD_LETTERS and word not in FUNCTION_WORDS and not word.isdigit()
    )


def shared_word_share(content: tuple[frozenset[str], ...], likely: np.ndarray) -> np.ndarray:
    """For each line, the share of its content words that another likely article line also
    has: an article's paragraphs keep returning to its names and topic words, a teaser or a
    comment brings its own."""
    import numpy as np

    pool: Counter[str] = Counter()
    for words, is_likely in zip(content, likely.tolist(), strict=True):
        if is_likely:
            pool.update(words)
    shares = np.zeros(len(content))
    for index, (words, is_likely) in enumerate(zip(content, likely.tolist(), strict=True)):
        if words:
            # A likely line's own words are in the pool once: another line must have them too.
            shares[index] = sum(pool[word] > is_likely for word in words) / len(words)
    return shares


def context_features(own: np.ndarray, previous: np.ndarray, page: PageWords) -> np.ndarray:
    """A later stage's input: own features, then the previous stage's scores of
    the line and its neighbours, the neighbours' lengths, where the line stands in the page
    and against the main block, and the words it shares with the likely article lines."""
    import numpy as np

    count = len(own)
    if count == 0:
        return np.zeros((0, len(OWN_FEATURES) + len(context_names())))
    log_words = own[:, 0]
    words = np.expm1(log_words)
    prose = ((words >= PROSE_WORDS) & (own[:, 2] > 0)).astype(float)
    total = max(float(words.sum()), 1.0)
    before = np.cumsum(words) - words
    comment_marks = own[:, OWN_FEATURES.index("comment_mark")]
    section_marks = own[:, OWN_FEATURES.index("section_mark")]
    sections_before = np.cumsum(section_marks) - section_marks
    columns = [previous]
    columns += [_shifted(previous, offset, 0.0) for offset in NEIGHBOUR_OFFSETS]
    columns += [_shifted(log_words, offset, 0.0) for offset in NEIGHBOUR_OFFSETS]
    start, end = main_block(previous, words)
    index = np.arange(count)
    distance = np.maximum(start - index, 0) + np.maximum(index - end + 1, 0)
    columns += [
        _window_mean(previous, WINDOW),
        _window_mean(prose, WINDOW),
        np.arange(count) / max(count - 1, 1),
        before / total,
        np.full(count, math.log1p(count)),
        words / max(float(words.max()), 1.0),
        (distance == 0).astype(float),
        np.log1p(distance),
        np.full(count, float(words[start:end].sum()) / total),
        page.repeated,
        np.log1p(np.cumsum(comment_marks) - comment_marks),
        _window_mean(comment_marks, WINDOW),
        np.log1p(sections_before),
        # Headings between the end of the main block and the line: what follows an article.
        np.log1p(np.where(index >= end, sections_before - sections_before[min(end, count - 1)], 0)),
        shared_word_share(page.content, previous >= LIKELY),
        np.array([float(bool(bag)) for bag in page.content]),
    ]
    return np.column_stack([own, *columns])
