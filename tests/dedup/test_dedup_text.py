from __future__ import annotations

from wiredesk.dedup.groups import DisjointSets, copy_quality
from wiredesk.dedup.text import exact_key, figures, jaccard, same_figures, shingles, words


def test_words_join_wrap_hyphens_and_fold_case_and_punctuation():
    assert words("Yeste-\nrday, the  BANK said.") == ["yesterday", "the", "bank", "said"]


def test_exact_key_ignores_spacing_case_and_punctuation_but_not_words():
    assert exact_key(words("A cat, sat!")) == exact_key(words("a   CAT sat"))
    assert exact_key(words("a cat sat")) != exact_key(words("a dog sat"))


def test_shingles_of_a_text_shorter_than_a_shingle_are_the_text_itself():
    assert shingles(["one"], 2) == {"one"}
    assert shingles([], 2) == set()
    assert shingles(["a", "b", "c"], 2) == {"a b", "b c"}


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
