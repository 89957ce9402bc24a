from __future__ import annotations

import re

from wiredesk.dedup.groups import DisjointSets, copy_quality
from wiredesk.dedup.text import (
    exact_key,
    figures,
    jaccard,
    same_figures,
    shingle_hashes,
    words,
)


def test_words_join_wrap_hyphens_and_fold_case_and_punctuation():
    assert words("Yeste-\nrday, the  BANK said.") == ["yesterday", "the", "bank", "said"]


def test_exact_key_ignores_spacing_case_and_punctuation_but_not_words():
    assert exact_key(words("A cat, sat!")) == exact_key(words("a   CAT sat"))
    assert exact_key(words("a cat sat")) != exact_key(words("a dog sat"))


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


def test_jaccard():
    assert jaccard({"a", "b"}, {"b", "c"}) == 1 / 3
    assert jaccard(set(), {"a"}) == 0.0


def test_disjoint_sets_give_components_with_singletons():
    sets = DisjointSets(5)
    assert sets.union(0, 3) and sets.union(4, 3)
    assert not sets.union(0, 4)
    assert sorted(sorted(g) for g in sets.groups()) == [[0, 3, 4], [1], [2]]


def test_quality_prefers_the_full_copy_over_a_noisy_or_cut_one():
    full = words("the council voted to close the bridge for repairs next week")
    noisy = words("the counci1 vofed to close the brldge for repalrs next week")
    cut = words("the council voted to close the bridge")
    scores = copy_quality([full, noisy, cut])
    assert scores[0] > scores[1] and scores[0] > scores[2]


def test_quality_does_not_count_a_copys_own_extra_sentence_as_damage():
    full = words("the council voted to close the bridge and will publish a timetable")
    cut = words("the council voted to close the bridge")
    assert copy_quality([full, cut]) == [len(full), len(cut)]


def test_same_figures_needs_most_of_the_smaller_texts_numbers():
    report = figures(words("net 14 mln vs 11 mln revs 213 mln vs 190 mln"))
    assert report == {"14", "11", "213", "190"}
    assert same_figures(report, report | {"7"}, 0.5)
    assert same_figures(report, {"14", "11", "213", "191"}, 0.5)
    assert not same_figures(report, {"9", "7", "117", "190"}, 0.5)
    assert same_figures({"2025"}, {"1987"}, 0.5)  # too few numbers to judge


def test_words_split_typographic_and_non_latin_text_as_the_word_pattern_does():
    text = "Café “Zürich” — naïve_x 3,000… l’été Ünïcode’s ΣΊΣΥΦΟΣ\u00a0end"
    assert words(text) == re.findall(r"\w+", text.casefold())
    assert words("plain, ASCII: text!") == ["plain", "ascii", "text"]
