from __future__ import annotations

import re
from collections import Counter

import numpy as np

from wiredesk.dedup import text as text_module
from wiredesk.dedup.groups import DisjointSets, copy_quality
from wiredesk.dedup.text import (
    distinct_sorted,
    exact_key,
    figures,
    hashed_words,
    jaccard,
    jaccards_to,
    same_figures,
    shingle_hashes,
    word_hashes,
    words,
)


def test_words_join_wrap_hyphens_and_fold_case_and_punctuation():
    assert words("Yeste-\nrday, the  BANK said.") == ["yesterday", "the", "bank", "said"]


def key_of(text: str) -> bytes:
    return exact_key(word_hashes([words(text)])[0])


def test_exact_key_ignores_spacing_case_and_punctuation_but_not_words():
    assert key_of("A cat, sat!") == key_of("a   CAT sat")
    assert key_of("a cat sat") != key_of("a dog sat")
    assert key_of("a cat sat") != key_of("a cat sat down")


TEXTS = [
    "Yeste-\nrday, the  BANK said 4,000 (four thousand) people_left at 10:30.",
    "",
    " ,;! ",
    "Café “Zürich” — naïve_x 3,000… l’été Ünïcode’s ΣΊΣΥΦΟΣ\u00a0end ٣٤ 12",
    "one",
    "x" * 70_000 + " 2025 y",
    "Tabs\tand\nnew\x0blines\x1c \x00 nul 007",
]


def test_hashed_words_are_the_hashes_of_words_and_mark_their_numbers(monkeypatch):
    hashes, numbers = hashed_words(TEXTS)
    for text, text_hashes, text_numbers in zip(TEXTS, hashes, numbers, strict=True):
        tokens = words(text)
        assert text_hashes.tolist() == word_hashes([tokens])[0].tolist(), text
        assert text_numbers.tolist() == [token.isdigit() for token in tokens], text
    # Batches of any mix and size give each text the same hashes.
    [alone], _ = hashed_words([TEXTS[3]])
    assert alone.tolist() == hashes[3].tolist()
    assert hashed_words([]) == ([], [])
    monkeypatch.setattr(text_module, "_ASCII_TEXTS_PER_BATCH", 2)
    in_pairs, numbers_in_pairs = hashed_words(TEXTS)
    assert [h.tolist() for h in in_pairs] == [h.tolist() for h in hashes]
    assert [n.tolist() for n in numbers_in_pairs] == [n.tolist() for n in numbers]


def test_shingle_hashes_depend_on_the_words_alone():
    first, second = shingle_hashes([["a", "b", "c"], ["x", "b", "c", "a", "b"]], 2)
    assert len(first) == 2 and len(second) == 4
    # "a b" and "b c" hash alike in both texts, whatever their position or batch.
    assert set(first.tolist()) <= set(second.tolist())
    assert second[0] != second[1] and first[0] != first[1]
    [alone] = shingle_hashes([["b", "c"]], 2)
    assert alone.tolist() == [first[1]]
    # Word order counts: "b a" is another shingle than "a b".
    assert shingle_hashes([["b", "a"]], 2)[0][0] != first[0]


def test_a_text_shorter_than_a_shingle_is_one_shingle_and_an_empty_one_none():
    one, empty, two = shingle_hashes([["one"], [], ["one", "two"]], 3)
    assert len(one) == 1 and len(empty) == 0 and len(two) == 1
    assert one[0] != two[0]
    assert shingle_hashes([["one"]], 3)[0].tolist() == one.tolist()


def values(*numbers: int) -> np.ndarray:
    return np.array(numbers, dtype=np.uint64)


def test_jaccard_of_sorted_distinct_arrays():
    assert jaccard(values(1, 2), values(2, 3)) == 1 / 3
    assert jaccard(values(5, 9), values(1, 2, 3)) == 0.0
    assert jaccard(values(), values(1)) == 0.0
    assert jaccard(values(1, 2, 3), values(1, 2, 3)) == 1.0


def test_distinct_sorted_drops_repeats_within_a_text_only():
    first, empty, second = distinct_sorted([values(9, 3, 9, 1), values(), values(3, 3)])
    assert first.tolist() == [1, 3, 9] and empty.tolist() == [] and second.tolist() == [3]


def test_jaccards_to_equal_jaccard_one_by_one():
    rng = np.random.default_rng(7)
    reference = np.unique(rng.integers(0, 60, size=40).astype(np.uint64))
    others = [np.unique(rng.integers(0, 60, size=n).astype(np.uint64)) for n in (0, 1, 30, 80)]
    others.append(reference.copy())
    assert jaccards_to(reference, others) == [jaccard(reference, o) for o in others]
    assert jaccards_to(values(), [values(1)]) == [0.0]


def test_disjoint_sets_give_components_with_singletons():
    sets = DisjointSets(5)
    assert sets.union(0, 3) and sets.union(4, 3)
    assert not sets.union(0, 4)
    assert sorted(sorted(g) for g in sets.groups()) == [[0, 3, 4], [1], [2]]


def test_quality_prefers_the_full_copy_over_a_noisy_or_cut_one():
    full = words("the council voted to close the bridge for repairs next week")
    noisy = words("the counci1 vofed to close the brldge for repalrs next week")
    cut = words("the council voted to close the bridge")
    scores = copy_quality(word_hashes([full, noisy, cut]))
    assert scores[0] > scores[1] and scores[0] > scores[2]


def test_quality_does_not_count_a_copys_own_extra_sentence_as_damage():
    full = words("the council voted to close the bridge and will publish a timetable")
    cut = words("the council voted to close the bridge")
    assert copy_quality(word_hashes([full, cut])) == [len(full), len(cut)]


def quality_by_words(token_lists: list[list[str]]) -> list[int]:
    """copy_quality's rule written out over the words themselves."""
    members_with = Counter(word for tokens in token_lists for word in set(tokens))
    scores = []
    for tokens in token_lists:
        unique = [members_with[word] == 1 for word in tokens]
        isolated = sum(
            unique[i] and not unique[i - 1] and not unique[i + 1] for i in range(1, len(tokens) - 1)
        )
        scores.append(len(tokens) - 2 * isolated)
    return scores


def test_quality_from_word_hashes_counts_as_the_words_do():
    rng = np.random.default_rng(3)
    vocabulary = [f"w{k}" for k in range(12)]
    for _ in range(200):
        group = [
            [vocabulary[k] for k in rng.integers(0, 12, size=rng.integers(0, 9))]
            for _ in range(rng.integers(1, 5))
        ]
        assert copy_quality(word_hashes(group)) == quality_by_words(group), group


def test_figures_are_the_hashes_of_the_numbers():
    [hashes], [numbers] = hashed_words(["net 14 mln vs 11 mln revs 213 mln vs 190 mln"])
    [expected] = word_hashes([["14", "11", "213", "190"]])
    assert figures(hashes, numbers) == set(expected.tolist())


def test_same_figures_needs_most_of_the_smaller_texts_numbers():
    report = {"14", "11", "213", "190"}
    assert same_figures(report, report | {"7"}, 0.5)
    assert same_figures(report, {"14", "11", "213", "191"}, 0.5)
    assert not same_figures(report, {"9", "7", "117", "190"}, 0.5)
    assert same_figures({"2025"}, {"1987"}, 0.5)  # too few numbers to judge


def test_words_split_typographic_and_non_latin_text_as_the_word_pattern_does():
    text = "Café “Zürich” — naïve_x 3,000… l’été Ünïcode’s ΣΊΣΥΦΟΣ\u00a0end"
    assert words(text) == re.findall(r"\w+", text.casefold())
    assert words("plain, ASCII: text!") == ["plain", "ascii", "text"]
