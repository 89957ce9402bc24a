"""Claims about the same thing worded differently share a row; related words come from the
predicate classes and the shipped word vectors."""

import json

import numpy as np

from wiredesk.ledger import LedgerOptions, build_ledger
from wiredesk.ledger.related import PREDICATES, predicate_classes, relatedness_matrix, word_vectors
from wiredesk.ledger.verdicts import opposite_predicates
from wiredesk.ledger.words import stem
from wiredesk.records import Claim, Document, LedgerRow, Span, Story

# A story like the seeds' (in other words): four versions of the troops' combat status, two
# of them by one agency, beside claims about other things.
COMBAT_STATUS = {
    "pulled": "the North Korean units were pulled back from the front after heavy losses",
    "withdrawn": "the North Korean units were withdrawn after suffering heavy casualties",
    "suspended": "the North Korean units appear to have suspended combat operations in January",
    "not-engaged": "the North Korean units have not engaged in combat since January",
}
OTHER_THINGS = {
    "sent": "North Korea sent more than 10,000 soldiers to the region",
    "shells": "Pyongyang supplies artillery shells to Russia",
    "taxes": "the government raised taxes on imported fuel",
}
LEXICAL_ONLY = LedgerOptions(
    same_class_relatedness=0.0, opposite_class_relatedness=0.0, min_word_vector_cosine=1.01
)


def document(doc_id: str, content: str) -> Document:
    doc = Document(id=doc_id, raw=content, text=content, publisher=f"{doc_id} News")
    doc.dedup_group = doc_id
    doc.claims = [
        Claim(
            source=[],
            cue=[],
            content=[Span(0, len(content), content)],
            polarity="negative" if " not " in content else "positive",
            source_name=f"the {doc_id} source",
        )
    ]
    return doc


def story_ledger(options: LedgerOptions | None = None) -> list[LedgerRow]:
    docs = [document(i, text) for i, text in {**COMBAT_STATUS, **OTHER_THINGS}.items()]
    story = Story(id="s", title="", document_ids=[d.id for d in docs])
    return build_ledger(docs, [story], options)


def members(rows: list[LedgerRow]) -> list[set[str]]:
    return [{e.document_id for e in row.entries} for row in rows]


def test_versions_of_one_state_of_affairs_share_a_row_worded_differently():
    rows = members(story_ledger())
    assert set(COMBAT_STATUS) in rows
    for other in OTHER_THINGS:
        assert {other} in rows


def test_without_related_words_the_paraphrases_stay_apart():
    rows = members(story_ledger(LEXICAL_ONLY))
    assert {"pulled", "withdrawn"} in rows and {"suspended", "not-engaged"} in rows


def test_a_negated_opposite_in_the_row_agrees_rather_than_conflicts():
    row = next(r for r in story_ledger() if len(r.entries) == len(COMBAT_STATUS))
    assert any(e.polarity == "negative" for e in row.entries)
    # different statements of one state of affairs: not "opposite statements"
    assert row.verdict == "agree"
    assert not any(note.startswith("opposite statements") for note in row.notes)


def test_predicate_classes_are_consistent():
    data = json.loads(PREDICATES.read_text(encoding="utf-8"))
    classes_of: dict[str, set[str]] = {}
    for name, words in data["classes"].items():
        for word in words:
            classes_of.setdefault(stem(word), set()).add(name)
    assert not {s: c for s, c in classes_of.items() if len(c) > 1}, "a word sits in two classes"
    for pair in data["opposites"]:
        assert set(pair) <= set(data["classes"]), pair
    class_of, opposites = predicate_classes()
    assert class_of[stem("pulled")] == class_of[stem("withdrawn")] == class_of[stem("suspended")]
    assert (class_of[stem("withdrawn")], class_of[stem("combat")]) in opposites


def test_word_vectors_relate_synonyms_and_skip_names_and_pieces():
    soldiers, troops, taxes, moscow, withdrawn = word_vectors(
        ["soldiers", "troops", "taxes", "Moscow", "withdrawn"]
    )
    assert soldiers @ troops > 0.6
    assert soldiers @ taxes < 0.3
    # a capitalised word and a word the tokenizer cuts into pieces have no vector
    assert not moscow.any()
    assert not withdrawn.any()


def test_relatedness_matrix_combines_classes_and_vectors():
    forms = ["withdrawn", "pulled", "combat", "soldiers", "troops", "taxes"]
    related = relatedness_matrix(
        [stem(f) for f in forms],
        forms,
        same_class=0.5,
        opposite_class=0.3,
        min_vector_cosine=0.6,
    )
    assert np.allclose(np.diag(related), 1.0)
    assert np.allclose(related, related.T)
    assert related[0, 1] == 0.5  # one class
    assert related[0, 2] == 0.3  # opposite classes
    assert related[3, 4] > 0.6  # vectors
    assert related[3, 5] == 0.0
    no_vectors = relatedness_matrix(
        [stem(f) for f in forms], forms, same_class=0.5, opposite_class=0.3, min_vector_cosine=1.01
    )
    assert no_vectors[3, 4] == 0.0


def test_opposite_predicates_tell_a_negation_of_the_opposite_from_a_contradiction():
    assert opposite_predicates("have not engaged in combat", "suspended combat operations")
    assert opposite_predicates("were withdrawn", "have not engaged in combat")
    assert not opposite_predicates("did not withdraw from combat", "withdrew from combat")
    assert not opposite_predicates("the ministry was not warned", "the ministry was warned")
