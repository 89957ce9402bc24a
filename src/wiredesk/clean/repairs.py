"""Repairs of extraction damage: each returns the new text and the :class:`Repair` records.

A repair is made only where it is safe: mojibake through ftfy; lines broken after an
abbreviation; words hyphenated at a line end, words run together and possessives that lost
their apostrophe only when the corpus (see :class:`Vocabulary`) or, for common English words,
wordfreq's list (:mod:`wiredesk.clean.wordlist`) attests the result.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from wiredesk.clean.segments import (
    MONTH_ABBREVIATIONS,
    ends_with_abbreviation,
    trailing_abbreviation,
)
from wiredesk.clean.shape import is_wrapped
from wiredesk.clean.wordlist import zipf
from wiredesk.records import Repair

TOKEN = re.compile(r"[A-Za-z]+")
# Anchored at a word start: unanchored, every position inside a word is tried in vain.
HYPHEN_CHAIN = re.compile(r"\b\w+(?:-\w+)+")
LEADING_WORD = re.compile(r"[\w'’-]*")
# Titles that always stand before a name, so a line broken after one continues with the name
# even though it starts with a capital ("Sen.\nBernie Sanders"), and abbreviations that stand
# before a number ("Nov.\n9").
NAME_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "cmdr",
        "rev",
        "prof",
    }
)
NUMBER_ABBREVIATIONS = MONTH_ABBREVIATIONS | {"no", "nos"}
# A word hyphenated at a line end: the line ends in letters and a hyphen, the next line
# starts with letters.
LINE_END_HYPHEN = re.compile(r"(?<![A-Za-z])([A-Za-z]+)-$")
LINE_START_WORD = re.compile(r"[A-Za-z]+")
# A closed word ("government") is taken when wordfreq knows it at least this well and better
# than the rarer of the two halves; a pair of known words stays a compound ("well-known").
MIN_CLOSED_ZIPF = 2.0
MIN_PART_ZIPF = 2.5
# Run-together words: a token the corpus does not hold elsewhere is split in two when the
# pair is at least MIN_PAIR_ZIPF likely (zipf of the pair: the parts' zipf sum minus 9, as if
# independent), SPLIT_GAIN likelier than the token where wordfreq knows the token, and no
# other split comes within SPLIT_MARGIN of the best.
SPLIT_GAIN = 2.0
# A token wordfreq knows only this rarely is a hashtag or a typo ("morethan", "socialmedia"):
# the pair needs to be only RARE_TOKEN_GAIN likelier.
RARE_TOKEN_ZIPF = 2.0
RARE_TOKEN_GAIN = 1.5
# A rare token (below RARE_TOKEN_ZIPF) that the rest of the corpus never uses, written in
# lowercase, whose parts the corpus uses on their own ("ratherthan", "whathappened": hashtags
# and typos wordfreq knows a little) needs only this.
UNUSED_TOKEN_GAIN = 1.0
MIN_PAIR_ZIPF = 0.0
SPLIT_MARGIN = 1.0
MIN_SPLIT_PART = 2
# A capitalised head that is no name is a sentence's first word run into the next only when
# the pair is this likely ("Insidethe", not "Penwell" or "Oncenter").
SENTENCE_START_ZIPF = 3.5
# Rarer pairs (down to this zipf) when the corpus holds both lowercase parts this often.
MIN_CORPUS_PAIR_ZIPF = -2.0
CORPUS_PART_COUNT = 2
# A recurring capitalised token is split before a word at least this common ("reported").
RECURRING_TAIL_ZIPF = 5.0
# Function words this common ("the", "his", "would") take no bound prefix or suffix: "outof",
# "overthe" and "beenable" are two words, where "outrun" and "likeable" are one.
FUNCTION_WORD_ZIPF = 6.0
# A capitalised token ends in a short word ("Departmentis", "Obamain") only after a head of at
# least this many letters that is a name or a word this common; shorter ones are names
# ("Orin", "Devin").
MIN_HEAD_BEFORE_SHORT_TAIL = 4
HEAD_BEFORE_SHORT_TAIL_ZIPF = 4.0
# Two capitalised words run together ("HillaryClinton", "CountryClub") where the token occurs
# once and the corpus holds each part on its own at least CORPUS_PART_COUNT times: split even
# where the pair is rare for wordfreq, or wordfreq knows the token below this (as a hashtag).
CAMEL_TOKEN_ZIPF = 2.0
# Two capitalised words the corpus writes apart at least MIN_NAME_PHRASE times, and
# WRITTEN_APART_RATIO times as often as run together, are two words wherever they are run
# together ("HillaryClinton" beside "Hillary Clinton"), even where that recurs (a site's
# damage, a handle): a brand is written as one word ("NowThis", "YouTube").
WRITTEN_APART_RATIO = 5
# A lowercase token that neither wordfreq nor the rest of the corpus knows is two words when
# wordfreq knows both this well and the pair is at least this likely; parts this short are
# as often names, abbreviations or endings ("ian", "ely", "att").
UNKNOWN_TOKEN_PART_ZIPF = 2.5
MIN_UNKNOWN_PAIR_ZIPF = -3.0
MIN_UNKNOWN_PART = 4
# A name run into a lowercase word needs a longer word: names end in short words ("Penwell",
# "Kleinbard").
MIN_WORD_AFTER_NAME = 5
# A token is known to wordfreq as itself or as the stem of these endings ("skywriters").
INFLECTIONS = ("", "s", "es", "ed", "ing")
# A name the corpus holds but wordfreq lacks counts as this common.
CORPUS_NAME_ZIPF = 3.0
# Bound prefixes make closed words ("nonprison", "reelect"), not two words run together.
PREFIXES = frozenset(
    {
        "non",
        "anti",
        "pre",
        "re",
        "un",
        "co",
        "de",
        "dis",
        "mis",
        "sub",
        "semi",
        "multi",
        "inter",
        "mid",
        "neo",
        "pseudo",
        "quasi",
        "ultra",
        "mega",
        "micro",
        "macro",
        "cyber",
        "counter",
        "over",
        "out",
        "under",
        "hyper",
        "post",
        "trans",
        "super",
    }
)
# Suffixes that make closed words too ("bashable", "circuslike", "yearslong").
SUFFIXES = frozenset(
    {"able", "like", "long", "less", "wide", "ness", "ship", "hood", "ward", "esque"}
)
SHORT_WORDS = frozenset(
    {
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "is",
        "it",
        "as",
        "be",
        "we",
        "he",
        "an",
        "or",
        "if",
        "so",
        "no",
        "do",
        "up",
        "us",
        "my",
        "me",
        "go",
        "am",
    }
)
GLUED_TOKEN = re.compile(r"(?<![\w@#/.'’&-])[A-Za-z]{4,}(?![\w@'’&-]|\.[A-Za-z])")
# Share of these words among an article's words: English prose has well over a tenth.
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "was",
        "as",
        "by",
        "at",
        "from",
        "it",
        "has",
        "have",
        "were",
        "said",
    ]
)
MIN_ENGLISH_SHARE = 0.12
# A capitalised word of 3+ letters ("McCain" and "Erdoğan" too) or an acronym: a base that
# takes a possessive "s".
NAME_BASE = r"(?=[^\W\d_]{3})[A-Z][^\W\d_]*[a-z][^\W\d_]*|[A-Z]{2,}"
POSSESSIVE_CANDIDATE = re.compile(rf"\b({NAME_BASE})s\b")
# The word after a candidate, past one opening quotation mark (two apostrophes in some
# newspapers' style: ''The Rising'') or bracket, and past the bracket that closes an editor's
# insertion in a quotation ("[Ruritania's] harbour") or a parenthesis.
NEXT_WORD = re.compile(r"[\])]?[ \u00a0]+(?:''|[“‘\"'(\[])?([^\W_]+)")
# A word's "'s"; after a figure ("the 1990's") it says nothing about the words' apostrophes.
APOSTROPHE_S = re.compile(r"(?<=[^\W\d_])['’]s\b")
# Apostrophes that survive where an extractor dropped only those before "s": inside a word
# ("don’t") and after a plural ("the candidates’ debate").
KEPT_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’](?=[^\W\d_])|(?<=[a-z]s)['’](?=[ ,.;:])")
CURLY_QUOTES = re.compile("[“”‘’]")
STRAIGHT_QUOTES = re.compile("[\"']")
# Dashes and ellipses set by a typesetter, or typed on a keyboard: text typeset one way has its
# apostrophes typeset the same way.  A weak hint (a tenth of a quotation mark's vote): it
# decides only where no quotation mark or apostrophe does.
TYPESET_MARKS = re.compile("[—–…]")
TYPED_MARKS = re.compile(r"--|\.\.\.")
TYPESET_MARK_VOTE = 0.1
# Markup kept in the text (an embedded tweet's <tweet id="...">): its quotation marks are the
# markup's, not the writer's.
MARKUP_TAG = re.compile(r"<[^<>]*>")
POSSESSIVE_BASE = re.compile(rf"\b({NAME_BASE})['’]s\b")
# A name is written in lowercase less than once in this many capitalised uses ("trump card").
NAME_LOWERCASE_RATIO = 20
# Where the intact documents hold both, a possessive is restored only when "Base's" is this
# many times as common there as the bare "Bases".
POSSESSIVE_OVER_PLURAL = 3
# Without such evidence, a bare form wordfreq knows within this much of its base is a word.
PLURAL_ZIPF_GAP = 1.5
# Paragraphs that kept their apostrophes write "Base's" at least this often, and never the bare
# "Bases": the base takes a possessive even where it is a common word ("the Democratic
# Partys nominee").
MIN_INTACT_POSSESSIVES = 1
# A bare form wordfreq lacks is no word of its own when wordfreq knows the base, however rarely
# (its list holds names that end in s: "Priebus", "Tsipras"; measured on PolNeAR train, 13 more
# restored and none wrong against a zipf floor of 3), or the corpus holds the base this often
# ("the Associated Presss tally").
KNOWN_BASE_COUNT = 2
# Before a capitalised word a first name ending in s ("Frances Kerry", "Jens Stoltenberg") reads
# like a possessive; only a bare form at least this much rarer than its base is restored there.
BEFORE_NAME_ZIPF_GAP = 1.0
# Before these a bare plural is a plural ("the Americas", "both Koreas"), not a lost possessive.
PLURAL_MARKERS = frozenset({"the", "two", "both", "all", "three", "these", "those"})
# Words that follow a plural or a name ("Koreans in", "the Bennetts of", "Meyers said") but
# never open the noun phrase that a possessive governs.
NOT_AFTER_POSSESSIVE = frozenset(
    [
        "of",
        "in",
        "at",
        "for",
        "from",
        "on",
        "with",
        "to",
        "by",
        "into",
        "over",
        "under",
        "about",
        "after",
        "before",
        "than",
        "as",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "who",
        "whom",
        "whose",
        "which",
        "that",
        "what",
        "when",
        "where",
        "while",
        "why",
        "how",
        "were",
        "are",
        "was",
        "is",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "said",
        "say",
        "says",
        "told",
    ]
)
# A possessive that stands for its noun ("closer to CNN's, and", "like Obama's in 2008") reads
# like a plural ("the Clintons."): it is restored only for a name that the intact paragraphs
# write in the possessive at least this often and never bare.
MIN_INTACT_STANDALONE = 2
# What follows such a possessive: a punctuation mark or the line's end, or one of these words.
STANDALONE_END = re.compile(r"\]?(?:[,.;:!?)”’\"']|$)")
STANDALONE_FOLLOWERS = frozenset({"and", "or", "in", "at", "on"})
# A sentence starts after these ("Heres", "Thats" are contractions there, not possessives).
SENTENCE_OPENERS = ".!?:;—…“‘\"'([”’"
# A line with more of its words capitalised is a headline, where plurals are capitalised too.
HEADLINE_CAPITALS = 0.6
# Bases whose "'s" is a contraction ("Heres", "Thats", "Hes"): at a sentence start the intact
# paragraphs' "Here's" says nothing about a possessive.
CONTRACTION_BASES = frozenset(
    {"it", "he", "she", "that", "there", "here", "what", "who", "where", "how", "let", "this"}
)
# Two capitalised words in a row: the last two words of a name ("Islamic State").
# The word start is looked back at after the capital: a pattern that opens with a character
# class lets the engine skip to the capitals.
CAPITALISED_PAIR = re.compile(r"([A-Z](?<!\w[A-Z])[A-Za-z]*) (?=([A-Z][A-Za-z]*)\b)")
# "Islamic State's": a name of two or more words in the possessive.
POSSESSIVE_PAIR = re.compile(r"\b([A-Z][A-Za-z]*) ([A-Z][A-Za-z]*)['’]s\b")
# The capitalised word just before a candidate.
PREVIOUS_CAPITALISED = re.compile(r"(?<![\w'’-])([A-Z][A-Za-z]*) $")
# A title and the name it stands before ("Mr. Smith"): the name is a surname or a first name.
_TITLES = "|".join(title.capitalize() for title in sorted(NAME_TITLES))
TITLED_NAME = re.compile(rf"\b(?:{_TITLES})\. ([A-Z][A-Za-z]*)\b")
# A title just before a candidate.
TITLE_BEFORE = re.compile(rf"\b(?:{_TITLES})\. $")
# A name of several words ("Silicon Valley") occurs at least this often in the corpus, and at
# least POSSESSIVE_OVER_PLURAL times as often as the same words with an "s" ("Silicon Valleys").
MIN_NAME_PHRASE = 2
# Words that open a noun phrase capitalised at a sentence start ("The State", "Both Clintons"):
# with the next word they make no name.
DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "our",
        "their",
        "my",
        "your",
        "some",
        "many",
        "most",
        "other",
        "every",
        "no",
        "any",
        "several",
        "such",
    }
)
# After a plural marker ("the EPAs decision") an acronym or a name is restored only where
# wordfreq knows its bare form at least this much less than the base, or not at all ("the
# CEOs" and "the Clintons" are plurals, "the FBIs" and "the Pentagons" lost apostrophes).
PLURAL_MARKER_ZIPF_GAP = 2.0


def _wordfreq_plural(base: str) -> bool:
    """wordfreq knows "Bases" as a word, nearly as well as the base (PLURAL_ZIPF_GAP)."""
    bare_zipf = zipf(f"{base}s")
    return bare_zipf > 0 and bare_zipf >= zipf(base) - PLURAL_ZIPF_GAP


@dataclass(kw_only=True, slots=True)
class Vocabulary:
    """Word counts over the whole corpus of the run, case kept: what counts as attested.

    Built from every document's lines before removal, so a name that occurs only in a
    document's boilerplate ("The Moscow Times") still attests a word.  Counted on the first
    question: most runs have no repair candidate at all.  Beside the words: hyphenated
    compounds (lowercased), and the words and possessives of the paragraphs that kept their
    apostrophes, which tell a plural ("the Clintons") from a possessive that lost its
    apostrophe ("Clintons campaign") where the damaged text cannot.  Paragraphs, not
    documents: a page whose article lost its apostrophes may keep them in its boilerplate.
    """

    documents: list[list[str]] = field(default_factory=list)
    counted: Counter | None = None
    lowered: Counter | None = None
    compounds: Counter | None = None
    intact_words: Counter | None = None
    intact_possessives: Counter | None = None
    # Pairs of capitalised words ("Islamic State"), in all paragraphs and in the intact ones,
    # and those the intact paragraphs write in the possessive ("Islamic State's").
    phrases: Counter | None = None
    intact_phrases: Counter | None = None
    intact_phrase_possessives: Counter | None = None
    # The names written after a title ("Mr. Smith": "Smith").
    titled: Counter | None = None
    # Each token's likeliest cut (:func:`_likeliest_cut`): it depends only on the token and
    # these counts.
    splits: dict[str, Cut | None] = field(default_factory=dict)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        """Each text one document."""
        return cls(documents=[[text] for text in texts])

    @classmethod
    def from_documents(cls, documents: Iterable[Iterable[str]]) -> Vocabulary:
        """Each document given as its lines."""
        return cls(documents=[list(lines) for lines in documents])

    def _count(self) -> None:
        self.counted, self.compounds = Counter(), Counter()
        self.intact_words, self.intact_possessives = Counter(), Counter()
        self.phrases, self.intact_phrases = Counter(), Counter()
        self.intact_phrase_possessives, self.titled = Counter(), Counter()
        for lines in self.documents:
            # No pattern matches across a line break: a document's words are counted in one
            # pass, and only the lines that can hold what is sought one by one.
            text = "\n".join(lines)
            self.counted.update(TOKEN.findall(text))
            self.phrases.update(map(" ".join, CAPITALISED_PAIR.findall(text)))
            self.titled.update(TITLED_NAME.findall(text))
            for line in filter(_has_hyphen, lines):
                for chain in HYPHEN_CHAIN.findall(line):
                    parts = chain.lower().split("-")
                    self.compounds.update(map("-".join, itertools.pairwise(parts)))
            for line in filter(_has_apostrophe_s, lines):
                self.intact_words.update(TOKEN.findall(line))
                self.intact_possessives.update(POSSESSIVE_BASE.findall(line))
                self.intact_phrases.update(map(" ".join, CAPITALISED_PAIR.findall(line)))
                self.intact_phrase_possessives.update(map(" ".join, POSSESSIVE_PAIR.findall(line)))
        self.lowered = Counter()
        for word, count in self.counted.items():
            self.lowered[word.lower()] += count

    def _counted(self) -> Vocabulary:
        if self.counted is None:
            self._count()
        return self

    @property
    def counts(self) -> Counter:
        return self._counted().counted

    def attested(self, word: str, *, elsewhere: int = 0) -> bool:
        """True when ``word`` occurs more than ``elsewhere`` times (those being judged)."""
        return self.counts[word] > elsewhere

    def any_case(self, word: str) -> int:
        """Occurrences of ``word`` however capitalised."""
        return self._counted().lowered[word.lower()]

    def compound(self, word: str) -> int:
        """Occurrences of the hyphenated compound ``word``, however capitalised."""
        return self._counted().compounds[word.lower()]

    def lowercase_word(self, word: str) -> bool:
        """The corpus writes ``word`` in lowercase at least as often as capitalised: a word
        ("Reporters" at a sentence's start), not a name ("Trumps")."""
        return self.counts[word.lower()] >= max(self.counts[word], 1)

    def is_name(self, word: str) -> bool:
        """Capitalised at least twice and (nearly) never written in lowercase: a proper name."""
        capitalised = self.counts[word]
        return capitalised >= 2 and self.counts[word.lower()] * NAME_LOWERCASE_RATIO < capitalised

    def bare_form_is_a_word(self, base: str) -> bool:
        """Whether "Bases" is a word of its own (a plural, a name ending in s) rather than
        "Base's" without its apostrophe.  The paragraphs that kept their apostrophes decide
        when they hold either form: a word unless "Base's" is much the commoner there.  Else
        only the damaged text is left: a bare form that recurs there is a word when wordfreq
        knows it nearly as well as the base ("Republicans", not "Farooks")."""
        counted = self._counted()
        bare, possessive = counted.intact_words[f"{base}s"], counted.intact_possessives[base]
        if bare or possessive:
            return bare * POSSESSIVE_OVER_PLURAL > possessive
        return self.attested(f"{base}s", elsewhere=1) and _wordfreq_plural(base)

    def rarely_bare(self, base: str) -> bool:
        """wordfreq knows the base and "Bases" much less well or not at all (no
        :func:`_wordfreq_plural`), and the intact paragraphs do not make it a word: capitalised
        after another capitalised word, "the Acme Peoples Party" and "the Harbour Citys stage"
        lost apostrophes (measured on PolNeAR train: 11 more restored, no edit elsewhere, one
        more in the other typography)."""
        return zipf(base) > 0 and not _wordfreq_plural(base) and not self.bare_form_is_a_word(base)

    def written_possessive(self, base: str) -> bool:
        """The paragraphs that kept their apostrophes write "Base's" (see
        MIN_INTACT_POSSESSIVES) and never the bare "Bases"."""
        counted = self._counted()
        return (
            counted.intact_possessives[base] >= MIN_INTACT_POSSESSIVES
            and not counted.intact_words[f"{base}s"]
        )

    def written_standalone(self, base: str) -> bool:
        """A name (see :meth:`is_name`) the paragraphs that kept their apostrophes write as
        "Base's" at least MIN_INTACT_STANDALONE times and never as "Bases"."""
        counted = self._counted()
        return (
            counted.intact_possessives[base] >= MIN_INTACT_STANDALONE
            and not counted.intact_words[f"{base}s"]
            and self.is_name(base)
        )

    def plural_ends_a_name(self, previous: str, base: str) -> bool:
        """ "Previous Bases" may be a name that ends in a plural ("Acme River Networks"): the
        corpus never writes "Previous Base", and wordfreq knows "Bases" as a word nearly as well
        as the base (PLURAL_ZIPF_GAP).  The intact paragraphs' "Base's" (some other network's)
        then says nothing of this one."""
        return not self._counted().phrases[f"{previous} {base}"] and _wordfreq_plural(base)

    def titled_surname(self, base: str) -> bool:
        """The corpus writes "Base" after a title ("Mr. Base") and the intact paragraphs never
        write the bare "Bases": after a title, "Bases" is that person's possessive.  A name
        that ends in s ("Mr. Jones") is never written without it."""
        counted = self._counted()
        return counted.titled[base] > 0 and not counted.intact_words[f"{base}s"]

    def ends_a_name(self, previous: str, base: str) -> bool:
        """ "Previous Base" is a name of several words ("Islamic State", "Silicon Valley"):
        the corpus holds it at least MIN_NAME_PHRASE times and POSSESSIVE_OVER_PLURAL times as
        often as "Previous Bases", which the intact paragraphs never write; and they write
        "Previous Base's", or never the bare "Bases" at all.  So "the Islamic States calls" lost
        an apostrophe, where "Senate Democrats" or "United States" did not: the corpus writes
        those words with their "s" as often as without, or only with it, and "Ohio Republicans"
        is no "Ohio Republican's" however often the corpus names the "Ohio Republican" primary:
        the intact paragraphs write "Republicans" (measured on PolNeAR train: 20 more
        restored, 1 more edit elsewhere, against requiring "Previous Base's")."""
        counted = self._counted()
        name, bare = counted.phrases[f"{previous} {base}"], f"{previous} {base}s"
        return (
            name >= MIN_NAME_PHRASE
            and counted.phrases[bare] * POSSESSIVE_OVER_PLURAL <= name
            and not counted.intact_phrases[bare]
            and (
                counted.intact_phrase_possessives[f"{previous} {base}"] > 0
                or not counted.intact_words[f"{base}s"]
            )
        )

    def written_apart(self, head: str, tail: str) -> bool:
        """The corpus writes the capitalised words "Head Tail" apart often, and much more often
        than "HeadTail" (see WRITTEN_APART_RATIO)."""
        apart = self._counted().phrases[f"{head} {tail}"]
        return apart >= MIN_NAME_PHRASE and apart >= WRITTEN_APART_RATIO * self.counts[head + tail]

    def bare_form_is_unknown(self, base: str) -> bool:
        """ "Bases" is no word wordfreq knows nor one the intact paragraphs use, while wordfreq
        knows the base or it recurs in the corpus ("Presss", "DNCs", "Erdoğans")."""
        bare = f"{base}s"
        known_base = zipf(base) > 0 or self.counts[base] >= KNOWN_BASE_COUNT
        return known_base and not zipf(bare) and not self._counted().intact_words[bare]


# ASCII without entities has nothing for ftfy to fix; nor has printable ASCII with typographic
# punctuation (dashes, curly quotes, ellipses: U+2010-U+2027, U+2030-U+205E, not the line
# separators), since mojibake of UTF-8 always holds a lead byte read as a Latin-1 letter
# (U+00C2-U+00F4).  Skipping such lines keeps ftfy off most of an English page.
NOTHING_FOR_FTFY = re.compile("[\t\x20-\x25\x27-\x7e\u2010-\u2027\u2030-\u205e]*")


@functools.cache
def _text_fixer_config():
    import ftfy

    # Curly quotes and full-width characters are not damage; leave them as written.
    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)


def _changed_window(before: str, after: str) -> tuple[str, str]:
    """The differing middle of two strings, widened to whole words."""
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(before), len(after)) - prefix
        and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]
    ):
        suffix += 1
    while prefix > 0 and not before[prefix - 1].isspace():
        prefix -= 1
    while suffix > 0 and not before[len(before) - suffix].isspace():
        suffix -= 1
    return before[prefix : len(before) - suffix], after[prefix : len(after) - suffix]


def fix_mojibake(text: str) -> tuple[str, list[Repair]]:
    """ftfy per line; one repair per changed line, showing the changed words."""
    import ftfy

    config = _text_fixer_config()
    lines, repairs = [], []
    for line in text.split("\n"):
        plain = (line.isascii() and "&" not in line) or NOTHING_FOR_FTFY.fullmatch(line)
        fixed = line if plain else ftfy.fix_text(line, config)
        if fixed != line:
            before, after = _changed_window(line, fixed)
            repairs.append(Repair(before, after, "mojibake (ftfy)"))
        lines.append(fixed)
    return "\n".join(lines), repairs


def _continues_after_abbreviation(previous: str, line: str) -> bool:
    """Whether ``line`` goes on with the sentence that ``previous`` broke off after an
    abbreviation: it starts in lowercase, or with a name after a title that always stands
    before one, or with a number after a month or "No."."""
    if not (line and ends_with_abbreviation(previous)):
        return False
    if line[0].islower():
        return True
    stem = previous.rstrip().split()[-1].rstrip(".").lstrip('"“‘(').lower()
    if stem in NAME_TITLES:
        return line[0].isupper()
    return stem in NUMBER_ABBREVIATIONS and line[0].isdigit()


def join_abbreviation_breaks(lines: list[str]) -> tuple[list[str], list[Repair]]:
    """Join a line that ends in an abbreviation with the next line where the sentence goes on
    (see :func:`_continues_after_abbreviation`); before a capital after "U.S." a new
    paragraph is as likely, and the lines are left apart."""
    joined: list[str] = []
    repairs = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if previous and _continues_after_abbreviation(previous, line):
            abbreviation = trailing_abbreviation(previous)
            next_word = LEADING_WORD.match(line).group(0)
            repairs.append(
                Repair(
                    f"{abbreviation}\n{next_word}",
                    f"{abbreviation} {next_word}",
                    f"line break after abbreviation '{abbreviation}'",
                )
            )
            joined[-1] = f"{previous.rstrip()} {line.lstrip()}"
        else:
            joined.append(line)
    return joined, repairs


MAX_WRAP_WIDTH = 90
"""Text wrapped at a fixed width is wrapped at 80 characters or fewer (mail, agency copy,
print columns), so its median line is no longer; a paragraph per line runs longer."""


def unwrap_lines(lines: list[str], min_wrapped_share: float) -> tuple[list[str], list[Repair]]:
    """Join text wrapped at a fixed width (agency copy, mail) into its paragraphs: a line that
    the next one continues mid-sentence (``is_wrapped``) is joined to it with a space.

    Only in text of narrow lines (half of them at most ``MAX_WRAP_WIDTH`` characters) where
    more than ``min_wrapped_share`` of the lines are so wrapped: elsewhere a line that stops
    mid-sentence is a headline, a caption, a label or a speaker's name before a quotation,
    and stays on its own. A line that still ends in a hyphen is left as it is (the
    hyphenation repair was unsure).
    """
    if len(lines) < 3 or sorted(map(len, lines))[len(lines) // 2] > MAX_WRAP_WIDTH:
        return lines, []
    wraps = [is_wrapped(line, after) for line, after in zip(lines, [*lines[1:], ""], strict=True)]
    if sum(wraps) <= min_wrapped_share * len(lines):
        return lines, []
    joined: list[str] = []
    repairs = []
    for line, continues in zip(lines, [False, *wraps[:-1]], strict=True):
        previous = joined[-1] if joined else ""
        if continues and previous and not previous.endswith("-"):
            last_word = previous.split()[-1]
            next_word = line.split()[0]
            repairs.append(
                Repair(
                    f"{last_word}\n{next_word}",
                    f"{last_word} {next_word}",
                    "line break of text wrapped at a fixed width",
                )
            )
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return joined, repairs


def _keeps_hyphen(head: str, tail: str, vocabulary: Vocabulary) -> bool | None:
    """For "head-" at a line end and "tail" on the next line: True for a compound
    ("well-known"), False for one word hyphenated ("govern-ment"), None when unsure.

    The corpus decides first (the compound against the closed word, however capitalised);
    then wordfreq: a closed word it knows, and knows better than the rarer half, is one
    word; two known halves are a compound."""
    if tail[0].isupper():
        return True  # "anti-American", "Trump-Pence": no word breaks before a capital
    closed = head + tail
    as_compound, as_word = vocabulary.compound(f"{head}-{tail}"), vocabulary.any_case(closed)
    if as_compound != as_word:
        return as_compound > as_word
    closed_zipf, rarer_half = zipf(closed), min(zipf(head), zipf(tail))
    if closed_zipf >= MIN_CLOSED_ZIPF and closed_zipf > rarer_half:
        return False
    if rarer_half >= MIN_PART_ZIPF:
        return True
    return None


def join_hyphenated_breaks(
    lines: list[str], vocabulary: Vocabulary
) -> tuple[list[str], list[Repair]]:
    """Join a line that ends in a word and a hyphen with the next line, which starts with the
    rest of the word: "govern-\nment" -> "government", "well-\nknown" -> "well-known".
    Left apart when neither the corpus nor wordfreq can tell which it is."""
    joined: list[str] = []
    repairs = []
    for line in lines:
        previous = joined[-1] if joined else ""
        # The test of the line's end first: the pattern would be tried at every letter.
        end = LINE_END_HYPHEN.search(previous) if previous.endswith(("-", "-\n")) else None
        start = LINE_START_WORD.match(line)
        keep = None
        if end and start:
            keep = _keeps_hyphen(end.group(1), start.group(0), vocabulary)
        if keep is None:
            joined.append(line)
            continue
        head, tail = end.group(1), start.group(0)
        word = f"{head}-{tail}" if keep else f"{head}{tail}"
        reason = "compound broken at a line end" if keep else "word hyphenated at a line end"
        repairs.append(Repair(f"{head}-\n{tail}", word, reason))
        joined[-1] = previous[: end.start()] + word + line[len(tail) :]
    return joined, repairs


def _word_score(word: str, vocabulary: Vocabulary) -> float | None:
    """How common a part of a split is (zipf), or None when it may not stand on its own: a
    capitalised part must occur on its own in the corpus ("Timesreported" needs "Times"), a
    part of two letters must be a common function word ("mistep" is no "mi step")."""
    if len(word) < MIN_SPLIT_PART or (len(word) == 2 and word.lower() not in SHORT_WORDS):
        return None
    if word[0].isupper():
        # As written, or in lowercase: a sentence's first word ("Insidethe").
        if not (vocabulary.attested(word) or vocabulary.attested(word.lower())):
            return None
        return max(zipf(word), CORPUS_NAME_ZIPF)
    score = zipf(word)
    if not score and vocabulary.attested(word, elsewhere=1):
        score = CORPUS_NAME_ZIPF
    return score or None


def _corpus_pair(
    token: str, head: str, tail: str, pair_zipf: float, vocabulary: Vocabulary
) -> bool:
    """A pair of words too rare together for wordfreq alone ("harsh criticism") that the
    corpus vouches for: a lowercase token whose parts it holds, as written, several times."""
    return (
        token.islower()
        and pair_zipf >= MIN_CORPUS_PAIR_ZIPF
        and vocabulary.attested(head, elsewhere=CORPUS_PART_COUNT - 1)
        and vocabulary.attested(tail, elsewhere=CORPUS_PART_COUNT - 1)
    )


def best_split(
    token: str, vocabulary: Vocabulary, *, mid_sentence: bool = False
) -> tuple[str, str] | None:
    """The two words ``token`` is made of, when it is two words run together (see the
    constants); None when it is a word itself, or the split is unsure.  ``token`` is judged
    with its own occurrence counted in ``vocabulary``; ``mid_sentence``: it stands inside a
    sentence, where a capital marks a name rather than a sentence's first word."""
    split = split_with_evidence(token, vocabulary, mid_sentence=mid_sentence)
    return split and split[:2]


def split_with_evidence(
    token: str, vocabulary: Vocabulary, *, mid_sentence: bool = False
) -> tuple[str, str, str] | None:
    """:func:`best_split` with what vouches for the split, for the repair's reason."""
    cut = _cut_of(token, vocabulary)
    return None if cut is None else _best_split(token, cut, vocabulary, mid_sentence)


def _cut_of(token: str, vocabulary: Vocabulary) -> Cut | None:
    """The token's likeliest cut, once per token of the run: most tokens have none, and are
    then left without asking where in the line they stand."""
    if token not in vocabulary.splits:
        splittable = _splittable(token)
        vocabulary.splits[token] = _likeliest_cut(token, vocabulary) if splittable else None
    return vocabulary.splits[token]


def _splittable(token: str) -> bool:
    """No pair is SPLIT_GAIN likelier than a word this common (the likeliest pair, "the the",
    has zipf 6.5), nor is an acronym two words: most tokens stop here, before anything is
    asked about their place in the line."""
    return not token.isupper() and zipf(token) <= _max_splittable_zipf()


@functools.cache
def _max_splittable_zipf() -> float:
    return 2 * zipf("the") - 9 - SPLIT_GAIN


def _camel_case_cut(token: str, cut: int, vocabulary: Vocabulary) -> bool:
    """Whether ``token`` is two capitalised words run together at ``cut`` ("PuertoRico"): a
    lowercase letter before a capitalised word, no other capital inside the head (not
    "JPMorganChase"), each part on its own in the corpus, and the token nowhere else in the
    corpus (brands such as "NowThis" recur) or written apart much more often."""
    head, tail = token[:cut], token[cut:]
    if not (tail[0].isupper() and tail[1:].islower() and head[1:].islower()):
        return False
    if not vocabulary.attested(token, elsewhere=1):
        # Parts the corpus holds only once more each are words wordfreq knows ("JonTester").
        known = min(zipf(head), zipf(tail)) >= UNKNOWN_TOKEN_PART_ZIPF and not zipf(token)
        attested_times = 1 if known else CORPUS_PART_COUNT
    elif vocabulary.written_apart(head, tail):
        attested_times = CORPUS_PART_COUNT
    else:
        return False
    return vocabulary.attested(head, elsewhere=attested_times - 1) and vocabulary.attested(
        tail, elsewhere=attested_times - 1
    )


def _function_word_before_capital(token: str, cut: int, vocabulary: Vocabulary) -> bool:
    """Whether ``token`` is a function word run into a capitalised word ("onSuper",
    "andComcast"): brands written so ("theSkimm") keep their tail nowhere else, and recur; a
    recurring token whose tail the corpus holds on its own is recurring damage ("theWhite")."""
    head, tail = token[:cut], token[cut:]
    return (
        head.islower()
        and zipf(head) >= FUNCTION_WORD_ZIPF
        and tail[1:].islower()
        and (
            not vocabulary.attested(token, elsewhere=1)
            or vocabulary.attested(tail, elsewhere=CORPUS_PART_COUNT - 1)
        )
    )


def _bound_morpheme(head: str, tail: str) -> bool:
    """A bound prefix or suffix makes one word ("nonprison", "bashable"), unless the other part
    is a function word, which takes none ("outof", "beenable")."""
    if head.lower() in PREFIXES and zipf(tail) < FUNCTION_WORD_ZIPF:
        return True
    return tail in SUFFIXES and zipf(head) < FUNCTION_WORD_ZIPF


def _short_tail_allowed(head: str, tail: str, vocabulary: Vocabulary) -> bool:
    """A capitalised token may end in a short word only after a long name or common word."""
    return (
        tail in SHORT_WORDS
        and len(head) >= MIN_HEAD_BEFORE_SHORT_TAIL
        and (vocabulary.is_name(head) or zipf(head) >= HEAD_BEFORE_SHORT_TAIL_ZIPF)
    )


def _name_then_word(
    token: str, head: str, tail: str, pair_zipf: float, vocabulary: Vocabulary, mid_sentence: bool
) -> bool:
    """A name run into a lowercase word ("Sandersclaims", "Kellyspeculated"): a pair too rare
    together for wordfreq alone, in a token that occurs only here (a blend such as
    "Trumpcare" recurs).  The head is a name (or an acronym) the corpus uses, or, inside a
    sentence, a word the corpus writes capitalised more often than not ("the Washington
    Postreported")."""
    if not (
        tail.islower()
        and len(tail) >= MIN_WORD_AFTER_NAME
        and pair_zipf >= MIN_CORPUS_PAIR_ZIPF
        and zipf(tail) >= UNKNOWN_TOKEN_PART_ZIPF
        and not vocabulary.attested(token, elsewhere=1)
    ):
        return False
    if vocabulary.is_name(head) or (head.isupper() and vocabulary.attested(head)):
        return True
    capitalised = vocabulary.counts[head]
    return (
        mid_sentence
        and capitalised >= CORPUS_PART_COUNT
        and capitalised > vocabulary.counts[head.lower()]
    )


def _unknown_token_of_known_words(
    token: str, head: str, tail: str, pair_zipf: float, vocabulary: Vocabulary
) -> bool:
    """A lowercase token that neither wordfreq nor the rest of the corpus knows, made of two
    words wordfreq knows well ("subtlesniping", "casesummaries")."""
    return (
        token.islower()
        and min(len(head), len(tail)) >= MIN_UNKNOWN_PART
        and pair_zipf >= MIN_UNKNOWN_PAIR_ZIPF
        and min(zipf(head), zipf(tail)) >= UNKNOWN_TOKEN_PART_ZIPF
        and not vocabulary.attested(token, elsewhere=1)
    )


def _unused_token_of_used_words(token: str, head: str, tail: str, vocabulary: Vocabulary) -> bool:
    """A lowercase token that occurs only here, made of two words the corpus uses on their own
    (as written) several times."""
    return (
        token.islower()
        and not vocabulary.attested(token, elsewhere=1)
        and vocabulary.attested(head, elsewhere=CORPUS_PART_COUNT - 1)
        and vocabulary.attested(tail, elsewhere=CORPUS_PART_COUNT - 1)
    )


@dataclass(frozen=True, slots=True)
class Cut:
    """The likeliest split of a token into two words, before its place in a line is known.
    ``evidence`` is set where that place does not matter (the corpus writes the two
    capitalised words apart)."""

    head: str
    tail: str
    pair_zipf: float
    camel: bool
    token_zipf: float
    recurs: bool
    evidence: str = ""


def _likeliest_cut(token: str, vocabulary: Vocabulary) -> Cut | None:
    """The token's likeliest cut into two words, or None where no place in a line could make
    it two words: no cut into two words, a token wordfreq knows about as well as the pair, or
    a rival cut nearly as likely."""
    recurs = not token.islower() and vocabulary.attested(token, elsewhere=1)
    scored = []
    for cut in range(MIN_SPLIT_PART, len(token) - MIN_SPLIT_PART + 1):
        head, tail = token[:cut], token[cut:]
        if _bound_morpheme(head, tail):
            continue
        # A capitalised word split into a short word and a tail is a name ("Orin"), not
        # "Or in", unless the tail is a longer word ("Ifyou", "Thepresident").
        if token[0].isupper() and len(tail) < 3 and not _short_tail_allowed(head, tail, vocabulary):
            continue
        camel = _camel_case_cut(token, cut, vocabulary)
        # A capital inside a word ("NowThis", "YouTube") is a brand unless a name follows it.
        if tail[0].isupper() and not (
            camel
            or vocabulary.is_name(tail)
            or _function_word_before_capital(token, cut, vocabulary)
        ):
            continue
        head_score = _word_score(head, vocabulary)
        tail_score = head_score and _word_score(tail, vocabulary)
        if tail_score:
            scored.append((head_score + tail_score - 9, head, tail, camel))
    if not scored:
        return None
    scored.sort(reverse=True)
    pair_zipf, head, tail, camel = scored[0]
    token_zipf = max(
        zipf(token[: len(token) - len(ending)]) for ending in INFLECTIONS if token.endswith(ending)
    )
    if camel and vocabulary.written_apart(head, tail):
        evidence = f'the corpus writes "{head} {tail}" apart'
        return Cut(head, tail, pair_zipf, camel, token_zipf, recurs, evidence)
    camel_pair = camel and pair_zipf >= MIN_CORPUS_PAIR_ZIPF
    gain = RARE_TOKEN_GAIN if token_zipf < RARE_TOKEN_ZIPF else SPLIT_GAIN
    if token_zipf < RARE_TOKEN_ZIPF and _unused_token_of_used_words(token, head, tail, vocabulary):
        gain = UNUSED_TOKEN_GAIN
    known_token = token_zipf and pair_zipf - token_zipf < gain
    if known_token and not (camel_pair and token_zipf < CAMEL_TOKEN_ZIPF):
        return None
    if len(scored) > 1 and scored[1][0] > pair_zipf - SPLIT_MARGIN:
        return None
    return Cut(head, tail, pair_zipf, camel, token_zipf, recurs)


def _best_split(
    token: str, cut: Cut, vocabulary: Vocabulary, mid_sentence: bool
) -> tuple[str, str, str] | None:
    """Whether the likeliest cut holds at this place (``mid_sentence``), and why."""
    if cut.evidence:
        return cut.head, cut.tail, cut.evidence
    head, tail, pair_zipf, recurs = cut.head, cut.tail, cut.pair_zipf, cut.recurs
    camel_pair = cut.camel and pair_zipf >= MIN_CORPUS_PAIR_ZIPF
    name_then_word = _name_then_word(token, head, tail, pair_zipf, vocabulary, mid_sentence)
    evidence = f'wordfreq knows "{head} {tail}" better than "{token}"'
    if name_then_word:
        evidence = f'"{head}" is a name in the corpus and "{tail}" a word'
    elif pair_zipf < MIN_PAIR_ZIPF:
        if camel_pair or _corpus_pair(token, head, tail, pair_zipf, vocabulary):
            evidence = f'the corpus holds "{head}" and "{tail}" on their own'
        elif _unknown_token_of_known_words(token, head, tail, pair_zipf, vocabulary):
            evidence = f'wordfreq and the corpus know "{head}" and "{tail}", not "{token}"'
        else:
            return None
    # At a sentence's start a function word opens no name: "Itwas", "Shetook" are its first
    # two words, where "Beruff" or "Solovey" (which recur) and "Mesek" are names.
    opening_function_word = (
        not mid_sentence
        and not recurs
        and tail.islower()
        and zipf(head) >= FUNCTION_WORD_ZIPF
        and zipf(tail) >= UNKNOWN_TOKEN_PART_ZIPF
    )
    if (
        opening_function_word
        or name_then_word
        or _function_word_before_capital(token, len(head), vocabulary)
    ):
        return head, tail, evidence
    if head[0].isupper() and not vocabulary.is_name(head) and pair_zipf < SENTENCE_START_ZIPF:
        return None  # a name ("Penwell"), not a sentence's first word run into the next
    # A capitalised token the corpus uses elsewhere is a name of its own, unless it is a name
    # run into another name ("DonaldTrump") or into a very common word ("Timesreported"): a
    # site's damage recurs across its articles, and copies of an article repeat it.  For a
    # lowercase token wordfreq judges better than recurrence.
    if recurs and not (
        vocabulary.is_name(tail) or (not cut.token_zipf and zipf(tail) >= RECURRING_TAIL_ZIPF)
    ):
        return None
    return head, tail, evidence


def split_run_together(line: str, vocabulary: Vocabulary) -> tuple[str, list[Repair]]:
    """ "New York Timesreported" -> "New York Times reported", "ofthe" -> "of the".

    Only a token wordfreq does not know as well as the pair (and, if capitalised, that occurs
    nowhere else in the corpus), made of two words the corpus attests (or wordfreq knows, if
    lowercase), with no rival split (:func:`best_split`).  Addresses, handles and hashtags
    are left alone.  The repair's reason says what vouched for the split.
    """
    # Most lines hold no token with a cut: asking each distinct token once is much cheaper
    # than a substitution that calls back into Python at every token.
    if not any(_cut_of(token, vocabulary) for token in set(GLUED_TOKEN.findall(line))):
        return line, []
    repairs = []
    headline = None  # judged at the line's first token that may be split: most lines have none

    def repair(match: re.Match) -> str:
        nonlocal headline
        token = match.group(0)
        if line.endswith("- ", 0, match.start()) or _cut_of(token, vocabulary) is None:
            return token  # "- ": the rest of a word broken with a hyphen, "can- didate"
        if headline is None:
            headline = _headline(line)
        mid_sentence = not headline and not _sentence_start(line, match.start())
        split = split_with_evidence(token, vocabulary, mid_sentence=mid_sentence)
        if split is None:
            return token
        head, tail, evidence = split
        repaired = f"{head} {tail}"
        repairs.append(Repair(token, repaired, f"words run together ({evidence})"))
        return repaired

    return GLUED_TOKEN.sub(repair, line), repairs


def _opens_noun_phrase(line: str, end: int, base: str, *, in_a_name: bool = False) -> bool:
    """Whether the word after "Bases" (ending at ``end``) can follow a possessive: a word in
    lowercase that is no preposition, conjunction or verb a plural is followed by, a number,
    or, where the bare form is much rarer than its base or the base ends a name of several
    words (``in_a_name``: "the Washington Posts Ishaan Tharoor"), a name ("Clintons State
    Department", not "Frances Kerry")."""
    following = NEXT_WORD.match(line, end)
    if following is None:
        return False
    word = following.group(1)
    if word[0].islower():
        return word not in NOT_AFTER_POSSESSIVE
    if word[0].isdigit() or in_a_name:
        return True
    bare_zipf = zipf(f"{base}s")
    return not bare_zipf or bare_zipf <= zipf(base) - BEFORE_NAME_ZIPF_GAP


def _stands_alone(line: str, end: int) -> bool:
    """A punctuation mark, the line's end or one of STANDALONE_FOLLOWERS after ``end``."""
    if STANDALONE_END.match(line, end):
        return True
    following = NEXT_WORD.match(line, end)
    return following is not None and following.group(1) in STANDALONE_FOLLOWERS


def _after_plural_marker(line: str, start: int) -> bool:
    before = line[:start].split()
    return bool(before) and before[-1].strip("“‘\"'([").lower() in PLURAL_MARKERS


def _sentence_start(line: str, start: int) -> bool:
    """At a sentence's start, where "Heres" and "Thats" lost their apostrophe too (not after
    an abbreviation such as "Mr.", "U.S." or an initial).  The line before ``start`` is read
    in place, never copied: this is asked at every candidate of a long paragraph."""
    end = start
    while end > 0 and line[end - 1].isspace():
        end -= 1
    return not end or (line[end - 1] in SENTENCE_OPENERS and not ends_with_abbreviation(line, end))


def _headline(line: str) -> bool:
    """Most words capitalised: a headline, where every plural is capitalised too."""
    words = TOKEN.findall(line)
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised > HEADLINE_CAPITALS * len(words)


def _name_before(line: str, start: int) -> str | None:
    """The capitalised word just before ``start`` when it can begin a name (no determiner)."""
    previous = PREVIOUS_CAPITALISED.search(line, 0, start)
    if previous is None or previous.group(1).lower() in DETERMINERS | PLURAL_MARKERS:
        return None
    return previous.group(1)


def _rare_plural(base: str) -> bool:
    """wordfreq knows "Bases" much less than ``base`` (PLURAL_MARKER_ZIPF_GAP), or not at all:
    "FBIs" and "Pentagons" are lost apostrophes after "the", where "CEOs" and "Clintons" are
    plurals."""
    return zipf(f"{base}s") <= zipf(base) - PLURAL_MARKER_ZIPF_GAP


def lost_possessive_evidence(line: str, match: re.Match, vocabulary: Vocabulary) -> str | None:
    """Why ``match`` (of POSSESSIVE_CANDIDATE in ``line``) is "Base's" that lost its
    apostrophe, or None where it may be a word of its own.  It must be followed by what can
    follow a possessive (or stand alone, for a name the intact paragraphs write so often:
    :meth:`Vocabulary.written_standalone`); then the intact paragraphs' "Base's", a bare form
    that is no word, a name of several words, a name written after a title ("Mr. Bans
    watch"), a name whose bare form is no word, or a word inside a name whose bare form is
    rare ("the Acme Peoples Party") decide.  No plural marker ("the", "both") may stand before
    it, save before an acronym or name whose bare form wordfreq knows much less than the base
    ("the EPAs decision", "the Pentagons adviser").  At a sentence's start and in headlines
    capitals say nothing: the bare form must be no lowercase word there ("Reporters know"),
    and no contraction ("Heres")."""
    base = match.group(1)
    headline = _headline(line)
    previous = None if headline else _name_before(line, match.start())
    in_a_name = previous is not None and vocabulary.ends_a_name(previous, base)
    capitals_say_nothing = headline or _sentence_start(line, match.start())
    if not _opens_noun_phrase(line, match.end(), base, in_a_name=in_a_name):
        if (
            not capitals_say_nothing
            and _stands_alone(line, match.end())
            and not _after_plural_marker(line, match.start())
            and vocabulary.written_standalone(base)
        ):
            return f'a possessive standing alone; the intact paragraphs write "{base}\'s" often'
        return None
    if capitals_say_nothing and (
        base.lower() in CONTRACTION_BASES or vocabulary.lowercase_word(f"{base}s")
    ):
        return None
    if vocabulary.written_possessive(base) and not (
        previous is not None and vocabulary.plural_ends_a_name(previous, base)
    ):
        return f'the paragraphs that kept their apostrophes write "{base}\'s"'
    unknown = vocabulary.bare_form_is_unknown(base)
    if _after_plural_marker(line, match.start()):
        if capitals_say_nothing or not _rare_plural(base):
            return None
        if base.isupper():
            return f'wordfreq knows "{base}s" much less than the acronym "{base}"'
        if not (vocabulary.is_name(base) and not vocabulary.bare_form_is_a_word(base)):
            return None
        return f'"{base}" is a name in the corpus and wordfreq knows "{base}s" much less'
    if unknown:
        return f'"{base}s" is no word (wordfreq, intact paragraphs) and "{base}" is'
    if in_a_name:
        return f'"{previous} {base}" is a name in the corpus, "{previous} {base}s" rare'
    if TITLE_BEFORE.search(line, 0, match.start()) and vocabulary.titled_surname(base):
        return f'after a title, and the corpus writes "{base}" after one'
    if vocabulary.is_name(base) and not vocabulary.bare_form_is_a_word(base):
        return f'"{base}" is a name in the corpus and "{base}s" no word of its own'
    if previous is not None and not capitals_say_nothing and vocabulary.rarely_bare(base):
        return f'"{base}" ends the name "{previous} {base}" and "{base}s" is a rare word'
    return None


def restore_possessives(
    line: str, vocabulary: Vocabulary, *, apostrophes_lost: bool, apostrophe: str = "'"
) -> tuple[str, list[Repair]]:
    """ "Ukraines surprise incursion" -> "Ukraine's surprise incursion".

    Only in an English article that has no "'s" at all (its extractor dropped apostrophes),
    where :func:`lost_possessive_evidence` finds evidence, which the repair's reason keeps.
    ``apostrophe``: the one the article would have used ("’" where its remaining apostrophes
    are curly, see :func:`apostrophes_by_line`).
    """
    if not apostrophes_lost:
        return line, []
    repairs = []
    pieces, last = [], 0
    for match in POSSESSIVE_CANDIDATE.finditer(line):
        evidence = lost_possessive_evidence(line, match, vocabulary)
        if evidence is None:
            continue
        possessive = f"{match.group(1)}{apostrophe}s"
        pieces.append(line[last : match.start()] + possessive)
        last = match.end()
        reason = f"apostrophe lost before possessive s ({evidence})"
        repairs.append(Repair(match.group(0), possessive, reason))
    pieces.append(line[last:])
    return "".join(pieces), repairs


def _curly_lead(line: str) -> float:
    """How much more the line's marks vote for curly apostrophes than for straight ones: every
    quotation mark and apostrophe one vote, an apostrophe inside a word or after a plural one
    more (it is the very mark that was lost), typeset dashes and ellipses a weak vote."""
    line = MARKUP_TAG.sub(" ", line)
    kept = KEPT_APOSTROPHE.findall(line)
    curly_kept = kept.count("’")
    quotes = len(CURLY_QUOTES.findall(line)) - len(STRAIGHT_QUOTES.findall(line))
    typeset = len(TYPESET_MARKS.findall(line)) - len(TYPED_MARKS.findall(line))
    return 2 * curly_kept - len(kept) + quotes + TYPESET_MARK_VOTE * typeset


NEARNESS_POWER = 1.0
"""How fast a line's vote for its neighbours' lost apostrophes fades with distance: a line
``d`` lines away votes with weight 1 / (1 + d) ** NEARNESS_POWER (PolNeAR train: 2,140 of
2,365 lost possessives restored at 1 and at 1.5, 2,138 at 2; 2,139 with one vote per
paragraph and one for the whole article)."""


def apostrophes_by_line(lines: list[str], default: str = "'") -> list[str]:
    """Each line's lost apostrophe, voted by the marks of every line of the article (see
    :func:`_curly_lead`), the nearest weighing most: articles mix both (a quoted passage or a
    pasted tweet keeps its source's typography, a second writer's section its own), so a
    line's own paragraph and its neighbours tell best; where the votes are even,
    ``default``."""
    size = len(lines)
    leads = np.fromiter(map(_curly_lead, lines), dtype=np.float64, count=size)
    if not leads.any():
        return [default] * size
    # One convolution (in C) rather than a sum per line: a long document of short lines is
    # quadratic either way, and must not be so in Python.
    weights = (1.0 + np.abs(np.arange(1 - size, size))) ** -NEARNESS_POWER
    votes = np.convolve(leads, weights)[size - 1 : 2 * size - 1]
    return [default if not vote else ("’" if vote > 0 else "'") for vote in votes.tolist()]


def _has_hyphen(line: str) -> bool:
    return "-" in line


def _has_apostrophe_s(line: str) -> bool:
    # The substring test first: most lines have no apostrophe at all.
    return ("'" in line or "’" in line) and APOSTROPHE_S.search(line) is not None


def has_possessive_candidate(lines: list[str]) -> bool:
    return any(POSSESSIVE_CANDIDATE.search(line) for line in lines)


def article_lost_apostrophes(lines: list[str]) -> bool:
    """True for English prose in which no word carries "'s": the extractor dropped apostrophes."""
    if any(map(_has_apostrophe_s, lines)):
        return False
    words = [word.lower() for line in lines for word in TOKEN.findall(line)]
    english = sum(1 for word in words if word in ENGLISH_FUNCTION_WORDS)
    return bool(words) and english >= MIN_ENGLISH_SHARE * len(words)
