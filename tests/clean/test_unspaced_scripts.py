"""Chinese and Japanese text, written without spaces, is counted by its characters."""

from __future__ import annotations

from wiredesk.clean.segments import has_words, word_count
from wiredesk.clean.shape import segment_shape

# Written for this test: "Today the city council approved next year's budget."
JAPANESE_SENTENCE = "今日、市議会は来年度の予算を承認しました。"


def test_each_chinese_or_japanese_character_counts_as_a_word():
    assert word_count("予算") == 2
    assert word_count("The PC版 app") == 4
    assert word_count("The council met.") == 3


def test_has_words_agrees_with_word_count_on_mixed_scripts():
    for text in (JAPANESE_SENTENCE, "The PC版 app", "a-b c", ""):
        for count in range(1, 12):
            assert has_words(text, count) == (word_count(text) >= count)


def test_a_japanese_sentence_is_not_a_very_short_line():
    assert segment_shape(JAPANESE_SENTENCE).reason == ""
