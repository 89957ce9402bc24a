from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from wiredesk.records import Document
from wiredesk.stories import StoriesOptions, build_stories
from wiredesk.stories.entities import (
    LeadFacts,
    ages,
    ages_differ,
    casualties,
    casualties_differ,
    lead_facts,
    name_runs,
    numbers,
    people_named,
    shared_people,
    streets,
)
from wiredesk.stories.features import (
    SiteTerms,
    article_embeddings,
    article_entities,
    compared_date,
    counted_text,
    lead_text,
    stated_date,
    weighted_counts,
    without_site_terms,
)
from wiredesk.stories.ids import assign_story_ids, story_id
from wiredesk.stories.incremental import facts_factor, time_factor
from wiredesk.stories.linkage import (
    average_linkage,
    candidate_pairs,
    key_columns,
    nearest_neighbours,
    neighbourhood_fullness,
    neighbourhood_weight,
    rare_term_limit,
    shared_neighbour_similarity,
)

STOP = frozenset({"the", "a", "of", "in", "and", "on"})


def test_name_runs_keep_names_and_drop_sentence_initial_common_words():
    text = (
        "Police said the Bank of America branch on Main Street was robbed. "
        "Officers arrested John O'Neil. The suspect's car was found in Springfield."
    )
    found = name_runs(text, STOP)
    assert "bank of america" in found
    assert "main street" in found
    assert "john o'neil" in found
    assert "springfield" in found
    assert "the" not in found


def test_a_sentence_initial_word_used_in_lower_case_elsewhere_is_not_a_name():
    text = "Officers came. Two officers left. Millbrook is quiet."
    found = name_runs(text, STOP)
    assert "officers" not in found
    assert "millbrook" in found


def test_numbers_drop_thousands_separators():
    assert numbers("more than 11,000 troops, about 4,000 lost, at 11:40 p.m.") == [
        "11000",
        "4000",
        "11:40",
    ]


def test_average_linkage_merges_by_mean_similarity():
    # 0-1-2 are close to each other; 3 is close to 2 only, so its mean to {0,1,2} is low.
    edges = {(0, 1): 0.9, (0, 2): 0.8, (1, 2): 0.85, (2, 3): 0.6}
    labels = average_linkage(4, edges, threshold=0.5)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] != labels[0]
    # With a lower threshold the mean (0.6 / 3 = 0.2) is enough.
    assert len(set(average_linkage(4, edges, threshold=0.19))) == 1


def test_average_linkage_with_no_edges_leaves_everyone_alone():
    assert average_linkage(3, {}, threshold=0.1) == [0, 1, 2]


def test_nearest_neighbours_keeps_the_k_best_above_the_floor():
    vectors = csr_matrix(
        np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.7, 0.7]]), dtype=np.float64
    )
    vectors = csr_matrix(vectors.multiply(1 / np.sqrt(vectors.multiply(vectors).sum(axis=1))))
    edges = nearest_neighbours(vectors, k=1, floor=0.5)
    assert (0, 1) in edges and edges[(0, 1)] > 0.9
    assert all(sim >= 0.5 for sim in edges.values())
    assert (0, 2) not in edges


def test_site_terms_are_zeroed_only_for_that_sites_pages():
    # Term 0 is on every page of site "s" (its footer); term 1 is the story's.
    matrix = csr_matrix(np.array([[1.0, 1.0], [1.0, 0.0], [1.0, 1.0], [1.0, 1.0]]))
    cleaned = without_site_terms(
        matrix, ["s", "s", "s", "other"], SiteTerms(min_pages=3, share=0.9)
    )
    assert cleaned.toarray().tolist() == [[0.0, 1.0], [0.0, 0.0], [0.0, 1.0], [1.0, 1.0]]


def test_a_higher_idf_power_widens_the_gap_between_rare_and_common_names():
    # Column 0 is a name every article has (a city); column 1 one two of four share (a victim).
    counts = csr_matrix(np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 0.0], [1.0, 0.0]]))
    plain = weighted_counts(counts, 1.0).toarray()
    squared = weighted_counts(counts, 2.0).toarray()
    idf = np.log(5 / 5) + 1, np.log(5 / 3) + 1
    assert plain[0].tolist() == pytest.approx(list(idf))
    assert squared[0].tolist() == pytest.approx([idf[0] ** 2, idf[1] ** 2])
    assert squared[0, 1] / squared[0, 0] > plain[0, 1] / plain[0, 0]


def doc(doc_id: str, published: date | None = None, **fields) -> Document:
    return Document(id=doc_id, raw="", published=published, **fields)


def test_an_old_story_split_in_two_keeps_its_id_on_the_larger_part():
    groups = [[doc("a"), doc("new")], [doc("b"), doc("c")]]
    existing = {"a": "old", "b": "old", "c": "old"}
    ids = assign_story_ids(groups, existing)
    assert ids[1] == "old"
    assert ids[0] == story_id("a")


def test_a_new_story_id_never_reuses_an_old_one():
    groups = [[doc("a", date(2024, 1, 1)), doc("b", date(2024, 1, 2))], [doc("c")]]
    existing = {"a": story_id("a"), "c": story_id("a")}
    ids = assign_story_ids(groups, existing)
    assert len(set(ids)) == 2
    assert story_id("a") in ids


def test_build_stories_titles_dates_and_members():
    docs = [
        doc(
            "x2",
            date(2024, 5, 6),
            story="s1",
            title="Arrest in Millbrook shooting",
            entities=["millbrook", "darnell hayes", "alder street"],
        ),
        doc(
            "x1",
            date(2024, 5, 4),
            story="s1",
            text="Two men were shot. More later.",
            entities=["millbrook", "darnell hayes", "alder street"],
        ),
        doc("x3", None, story="s1", canonical=False, entities=["millbrook"]),
        doc(
            "y",
            date(2024, 5, 2),
            story="s2",
            text="A woman was wounded in Carver City.",
            entities=["carver city"],
        ),
        doc("dropped", date(2024, 5, 1), story="s3", skip_reason="clean: empty"),
    ]
    stories = build_stories(docs)
    assert [s.id for s in stories] == ["s2", "s1"]
    s2, s1 = stories
    assert s1.document_ids == ["x1", "x2", "x3"]
    assert (s1.first_published, s1.last_published) == (date(2024, 5, 4), date(2024, 5, 6))
    # x1 is earlier but has no headline: a story is named after a member's real headline.
    assert s1.title == "Arrest in Millbrook shooting"
    assert s1.entities[:2] == ["millbrook", "darnell hayes"]
    # no member of s2 has a headline: the central article's first sentence.
    assert s2.title == "A woman was wounded in Carver City."


def test_an_article_with_copies_weighs_as_much_as_its_copies():
    # 0 and 1 are close; 2 is close to 1 only. Alone, 2's mean to {0, 1} is 0.35 (< 0.4);
    # when 1 has two copies, 2's mean is (0.7 * 3 + 0) / 4 = 0.525.
    edges = {(0, 1): 0.9, (1, 2): 0.7}
    assert len(set(average_linkage(3, edges, threshold=0.4))) == 2
    assert len(set(average_linkage(3, edges, threshold=0.4, weights=[1, 3, 1]))) == 1


def test_candidates_are_rows_sharing_a_heavy_term_that_is_not_too_common():
    # Column 0 is on every row (too common to be a key); column 1 pairs rows 0 and 1; column
    # 2 pairs rows 2 and 3; row 4 shares only the common column.
    dense = np.array(
        [
            [0.5, 0.9, 0.0],
            [0.5, 0.8, 0.0],
            [0.5, 0.0, 0.7],
            [0.5, 0.0, 0.9],
            [0.5, 0.0, 0.0],
        ]
    )
    first, second = candidate_pairs(csr_matrix(dense), keys_per_row=2, max_postings=2)
    assert sorted(zip(first.tolist(), second.tolist(), strict=True)) == [(0, 1), (2, 3)]
    first, second = candidate_pairs(csr_matrix(dense), keys_per_row=2, max_postings=5)
    assert len(first) == 10  # the common column is a key again: every pair


def test_rare_keys_follow_the_heaviest_and_skip_common_terms():
    columns = np.array([10, 11, 12, 13, 14])
    weights = np.array([0.9, 0.1, 0.8, 0.3, 0.2])
    frequency = np.zeros(15, dtype=np.int64)
    frequency[[10, 11, 12, 13, 14]] = [50, 2, 40, 30, 3]
    assert key_columns(columns, weights, frequency, keys=2).tolist() == [10, 12]
    # After the two heaviest, the heaviest of those at most 3 articles carry: 14, then 11.
    found = key_columns(columns, weights, frequency, 2, rare_keys=1, rare_limit=3)
    assert found.tolist() == [10, 12, 14]
    found = key_columns(columns, weights, frequency, 2, rare_keys=5, rare_limit=3)
    assert found.tolist() == [10, 12, 14, 11]


def test_a_rare_term_below_the_heaviest_makes_two_rows_candidates():
    # Rows 0 and 1 share only column 2, light in both but carried by no other row.
    dense = np.array(
        [
            [0.9, 0.0, 0.1, 0.0],
            [0.0, 0.9, 0.1, 0.0],
            [0.9, 0.0, 0.0, 0.5],
            [0.0, 0.9, 0.0, 0.5],
        ]
    )
    first, second = candidate_pairs(csr_matrix(dense), keys_per_row=1, max_postings=5)
    assert (0, 1) not in set(zip(first.tolist(), second.tolist(), strict=True))
    first, second = candidate_pairs(
        csr_matrix(dense), keys_per_row=1, max_postings=5, rare_keys=1, rare_limit=2
    )
    assert (0, 1) in set(zip(first.tolist(), second.tolist(), strict=True))


def test_a_rare_term_is_a_share_of_the_corpus_within_bounds():
    assert rare_term_limit(100, 0.01, 20) == 2.0  # a term must be shared to link anything
    assert rare_term_limit(1_000, 0.01, 20) == 10.0
    assert rare_term_limit(100_000, 0.01, 20) == 20.0  # postings stay short


def test_nearest_neighbours_from_the_index_match_all_pairs_when_no_key_is_capped():
    rng = np.random.default_rng(3)
    dense = rng.random((40, 60)) * (rng.random((40, 60)) < 0.15)
    vectors = csr_matrix(dense / np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-12))
    found = nearest_neighbours(vectors, k=3, floor=0.1, keys_per_row=60, max_postings=40)
    sims = (vectors @ vectors.T).toarray()
    np.fill_diagonal(sims, -1)
    expected = {}
    for i, row in enumerate(sims):
        for j in np.argsort(-row, kind="stable")[:3]:
            if row[j] >= 0.1:
                expected[(min(i, int(j)), max(i, int(j)))] = pytest.approx(row[j])
    assert found == expected


def test_articles_with_the_same_neighbours_are_closer_than_their_own_similarity():
    # 0 and 1 are weakly similar but share neighbours 2 and 3; 4 is as similar to 0 as 1 is,
    # and its only other neighbour is 5.
    edges = {
        (0, 1): 0.2,
        (0, 2): 0.6,
        (0, 3): 0.6,
        (1, 2): 0.6,
        (1, 3): 0.6,
        (0, 4): 0.2,
        (4, 5): 0.6,
    }
    shared = shared_neighbour_similarity(6, edges, k=10)
    assert shared[(0, 1)] > 0.5
    assert shared[(0, 4)] < shared[(0, 1)]
    assert all(0.0 <= value <= 1.0 + 1e-9 for value in shared.values())


def test_shared_neighbours_leave_out_an_articles_own_site():
    # Article 0 is near its own site's other stories (2, 3); article 1, of another site, is
    # near those same stories. Through them the two look alike; without them they do not.
    edges = {(0, 2): 0.8, (0, 3): 0.8, (1, 2): 0.8, (1, 3): 0.8, (0, 1): 0.1}
    sites = ["a.example", "b.example", "a.example", "a.example"]
    any_site = shared_neighbour_similarity(4, edges, k=5)
    across_sites = shared_neighbour_similarity(4, edges, k=5, sites=sites)
    assert any_site[(0, 1)] > 0.5
    assert across_sites[(0, 1)] < 0.2
    # Unknown sites ("") are never one site.
    assert shared_neighbour_similarity(4, edges, k=5, sites=[""] * 4) == any_site


def test_article_embeddings_are_centred_unit_rows_that_rank_a_retelling_first():
    texts = [
        "A fire destroyed a grain warehouse in the harbour town late on Friday.",
        "Firefighters fought a blaze that burned down a grain store by the harbour.",
        "The council approved a budget for new school buses and a library.",
        "Voters chose a new mayor after a long campaign about trams and clinics.",
    ]
    vectors = article_embeddings(texts)
    assert vectors.shape == (4, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] and sims[0, 1] > sims[0, 3]


def test_the_lead_is_counted_twice_and_the_rest_once():
    doc = Document(id="a", raw="", title="Quake hits Qeshm", text="Five hurt. Background follows.")
    counted = counted_text(doc, lead_chars=len("Quake hits Qeshm\nFive hurt."))
    assert counted.count("Qeshm") == 2 and counted.count("Five") == 2
    assert counted.count("Background") == 1
    assert counted_text(doc, lead_chars=0) == "Quake hits Qeshm\nFive hurt. Background follows."


def test_the_date_discount_starts_after_the_grace_days_and_grows_with_the_gap():
    options = StoriesOptions(max_day_gap=3, day_gap_decay=0.75)
    day = date(2016, 6, 1)

    def factor(days: int) -> float:
        return time_factor(day, date.fromordinal(day.toordinal() + days), options)

    assert factor(0) == factor(3) == 1.0
    assert 1.0 > factor(10) > factor(60) > factor(365) > 0.0
    # Each e-fold of the gap past the grace days costs the same share of the divisor.
    assert factor(3 * 20) == pytest.approx(1.0 / (1.0 + 0.75 * np.log(20)))
    assert time_factor(day, date(2020, 1, 1), StoriesOptions(max_day_gap=None)) == 1.0


def test_names_and_numbers_of_the_lead_count_twice_like_its_words():
    doc = Document(
        id="a",
        raw="",
        title="Quake hits Qeshm",
        text="Five hurt in Bandar Abbas at 7:45. Later, Tehran sent 200 rescuers.",
    )
    lead = len("Quake hits Qeshm\nFive hurt in Bandar Abbas at 7:45.")
    found = article_entities(doc, STOP, with_numbers=True, lead_chars=lead)
    assert found.count("qeshm") == found.count("bandar abbas") == found.count("#7:45") == 2
    assert found.count("tehran") == found.count("#200") == 1
    once = article_entities(doc, STOP, with_numbers=True)
    assert once.count("qeshm") == once.count("#7:45") == 1


def test_people_are_full_names_the_article_also_cuts_to_a_surname():
    text = (
        "Darnell Hayes was shot on Alder Street in Millbrook. Hayes, 24, died. "
        "Police Chief Ann Varga said officers from the Millbrook Police Department came."
    )
    people = people_named(name_runs(text, STOP))
    assert "darnell hayes" in people.cut
    # A place, an organisation and a person named once in full are not cut.
    assert {"alder street", "millbrook police department"} <= people.full
    assert "alder street" not in people.cut
    assert "millbrook police department" not in people.cut
    assert "police chief ann varga" not in people.cut


def test_people_are_shared_only_across_sites():
    first = people_named(["darnell hayes", "hayes", "ann varga", "varga"])
    second = people_named(["darnell hayes", "hayes"])
    assert shared_people(first, second, "a.example", "b.example") == 1
    assert shared_people(first, first, "", "") == 2
    assert shared_people(first, second, "a.example", "a.example") == 0


def test_a_full_name_one_article_cuts_to_the_surname_is_a_person_for_both():
    first_report = people_named(name_runs("Darnell Hayes was shot. Hayes, 24, died.", STOP))
    follow_up = people_named(
        name_runs("Prosecutors charged a man in the death of Darnell Hayes on Alder Street.", STOP)
    )
    assert shared_people(first_report, follow_up, "a.example", "b.example") == 1
    # A place both name in full and neither cuts down is no person.
    other = people_named(name_runs("A man was shot on Alder Street on Monday.", STOP))
    assert shared_people(follow_up, other, "a.example", "b.example") == 0


def test_a_person_named_in_both_takes_a_root_of_the_date_discount():
    options = StoriesOptions(max_day_gap=3, day_gap_decay=0.75)
    day, later = date(2016, 6, 1), date(2016, 9, 1)
    plain = time_factor(day, later, options)
    assert time_factor(day, later, options, shared_people=1) == pytest.approx(plain**0.5)
    assert time_factor(day, later, options, shared_people=2) == pytest.approx(plain ** (1 / 3))
    # Within the grace days there is nothing to relax; switched off, names change nothing.
    assert time_factor(day, day, options, shared_people=1) == 1.0
    off = StoriesOptions(max_day_gap=3, people_outlast_dates=False)
    assert time_factor(day, later, off, shared_people=3) == time_factor(day, later, off)


def test_an_undated_article_is_neither_near_nor_far_from_a_dated_one():
    options = StoriesOptions(max_day_gap=3, undated_day_gap=7)
    day = date(2016, 6, 1)
    a_week = time_factor(day, date(2016, 6, 8), options)
    assert 0 < a_week < 1
    assert time_factor(day, None, options) == time_factor(None, day, options) == a_week
    # A person both name in full relaxes it as any date discount.
    assert time_factor(day, None, options, shared_people=1) == pytest.approx(a_week**0.5)
    # Two undated articles: nothing to tell them apart by time.
    assert time_factor(None, None, options) == 1.0
    assert time_factor(day, None, StoriesOptions(undated_day_gap=None)) == 1.0


def test_neighbourhoods_count_only_as_full_as_they_are():
    # 0 and 1 are each other's only neighbour; 2 has four neighbours, 3..6 one or two.
    edges = {(0, 1): 0.2, (2, 3): 0.5, (2, 4): 0.5, (2, 5): 0.5, (2, 6): 0.5, (3, 4): 0.4}
    fullness = neighbourhood_fullness(7, edges, k=4)
    assert fullness[(0, 1)] == pytest.approx(1 / 4)
    assert fullness[(2, 3)] == pytest.approx((4 + 2) / 8)
    assert fullness[(2, 5)] == pytest.approx((4 + 1) / 8)
    assert all(0 < value <= 1 for value in fullness.values())


def test_shared_neighbours_count_only_between_articles_of_different_sites():
    assert neighbourhood_weight(0.8, 0.5, "a.example", "b.example") == pytest.approx(0.4)
    assert neighbourhood_weight(0.8, 0.5, "a.example", "a.example") == 0.0
    # An unknown site is no site: two such articles are compared as different sites.
    assert neighbourhood_weight(0.8, 1.0, "", "") == pytest.approx(0.8)


def test_ages_are_read_in_their_usual_spellings():
    text = "A 12-year-old boy and his uncle, 45 years old, were hurt; a 7 year old was not."
    assert ages(text) == {"12", "45", "7"}
    assert ages("The 30-year plan is old news.") == frozenset()


def test_leads_whose_ages_all_differ_keep_part_of_their_similarity():
    options = StoriesOptions(conflict_factor=0.5)
    boy = lead_facts("A 15-year-old boy was shot.")
    girl = lead_facts("A 16-year-old girl was shot.")
    both = lead_facts("A 15-year-old boy and a 16-year-old girl were shot.")
    assert ages_differ(boy.ages, girl.ages)
    assert facts_factor(boy, girl, options) == 0.5
    # One age in common, or a lead without ages, says nothing against one event.
    assert facts_factor(boy, both, options) == 1.0
    assert facts_factor(boy, LeadFacts(), options) == 1.0


def test_streets_are_compared_by_their_own_name():
    lamar = streets("Shots rang out in the 3400 block of W. Lamar St. late Sunday.")
    assert lamar == {"lamar"}
    assert streets("A man was hurt at 3410 West Lamar Street.") == lamar
    assert streets("Police closed 1500 Northeast Elm Avenue.") == {"elm"}
    assert streets("He lives on Lamar Street and works downtown.") == frozenset()


def test_casualty_counts_are_read_by_kind():
    assert casualties("Four shot, two dead after 3 people were killed") == {
        "shot:4",
        "dead:2",
        "dead:3",
    }
    # "someone was shot" is no count.
    assert casualties("Someone was shot near the park.") == frozenset()


def test_casualty_counts_differ_only_when_they_count_the_same_kind():
    two_dead, three_dead = casualties("2 killed in crash"), casualties("Three killed at bar")
    assert casualties_differ(two_dead, three_dead)
    # A toll that rose keeps the first count; counts of other kinds say nothing.
    assert not casualties_differ(two_dead, casualties("2 killed, 3 dead after a third died"))
    assert not casualties_differ(two_dead, casualties("4 people were shot"))


def test_each_kind_of_disagreeing_fact_halves_the_similarity():
    options = StoriesOptions(conflict_factor=0.5)
    first = lead_facts("A 20-year-old was shot in the 100 block of Oak Street; 2 killed.")
    second = lead_facts("A 31-year-old was shot in the 900 block of Pine Street; 4 killed.")
    assert facts_factor(first, second, options) == 0.125
    only_ages = StoriesOptions(conflict_factor=0.5, lead_fact_kinds=("ages",))
    assert only_ages.lead_fact_kinds == ("ages",)


def test_an_undated_article_is_dated_by_the_date_its_top_states():
    assert stated_date("Last updated: Monday, 28 November 2005, 02:24 GMT") == date(2005, 11, 28)
    assert stated_date("Posted Nov. 27, 2005 at noon") == date(2005, 11, 27)
    assert stated_date("UPDATED 05 / 03 / 2013 at 11: 00 AM") == date(2013, 5, 3)
    assert stated_date("Updated 14/09/2013") == date(2013, 9, 14)  # no month 14: day first
    assert stated_date("published: 2012-04-04 11:47") == date(2012, 4, 4)
    assert stated_date("The bridge opened in 1998.") is None
    undated = Document(id="a", raw="", title="Fire downtown", text="March 3, 2011 | A fire")
    assert compared_date(undated, 200) == date(2011, 3, 3)
    assert compared_date(undated, 0) is None
    # A publication date stands; a date further down the page is no dateline.
    dated = Document(id="b", raw="", text="March 3, 2011", published=date(2011, 3, 4))
    assert compared_date(dated, 200) == date(2011, 3, 4)
    late = Document(id="c", raw="", text="x" * 300 + " March 3, 2011")
    assert compared_date(late, 200) is None


def test_the_lead_is_the_title_and_the_first_characters():
    article = Document(id="a", raw="", title="Storm", text="Winds of 90 km/h. More later.")
    assert lead_text(article, 11) == "Storm\nWinds"
