"""Language identification: other languages are flagged by clean and skipped by claims with a
counted reason; English and short texts go on as English; nothing is dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from wiredesk.clean import CleanOptions, CleanStage
from wiredesk.clean.language import (
    ENGLISH,
    UNDECIDED,
    LanguageOptions,
    identify_language,
    is_english,
    word_count,
)
from wiredesk.records import Document
from wiredesk.stage import StageStats, run_stages

# The same short news item, written for these tests in each language.
ARTICLES = {
    "en": (
        "The city council said on Tuesday that the bridge over the river will stay closed for "
        "at least three weeks because of urgent repairs. Drivers should take the detour "
        "through the north of the town, a police spokesman said."
    ),
    "de": (
        "Die Stadtverwaltung hat am Dienstag mitgeteilt, dass die Brücke über den Fluss wegen "
        "dringender Reparaturen für mindestens drei Wochen gesperrt bleibt. Autofahrer sollen "
        "die Umleitung über die Nordstraße nehmen, sagte ein Sprecher der Polizei."
    ),
    "fr": (
        "Le conseil municipal a annoncé mardi que le pont sur la rivière restera fermé pendant "
        "au moins trois semaines en raison de travaux urgents. Les automobilistes doivent "
        "emprunter la déviation par le nord de la ville, a précisé un porte-parole de la police."
    ),
    "es": (
        "El ayuntamiento anunció el martes que el puente sobre el río permanecerá cerrado "
        "durante al menos tres semanas debido a reparaciones urgentes. Los conductores deberán "
        "tomar el desvío por el norte de la ciudad, dijo un portavoz de la policía."
    ),
}
SHORT_GERMAN = "Die Brücke bleibt drei Wochen gesperrt, sagte die Polizei."


@pytest.mark.parametrize("code", sorted(ARTICLES))
def test_each_language_is_identified_with_confidence(code: str) -> None:
    guess = identify_language(ARTICLES[code])
    assert guess.code == code
    assert guess.confidence >= LanguageOptions().min_confidence


def test_short_text_stays_undecided_and_counts_as_english() -> None:
    assert word_count(SHORT_GERMAN) < LanguageOptions().min_words
    guess = identify_language(SHORT_GERMAN)
    assert guess.code == UNDECIDED and guess.confidence == 0.0
    assert is_english(guess.code)


def test_unsure_guess_stays_undecided() -> None:
    guess = identify_language(ARTICLES["de"], LanguageOptions(min_confidence=1.01))
    assert guess.code == UNDECIDED
    assert 0.5 < guess.confidence <= 1.0


def test_words_of_unspaced_scripts_are_counted_by_character() -> None:
    assert word_count("東京都は火曜日に発表した") == 12
    assert word_count("Storm 2024: 3,000 homes") == 2
    # Twenty characters of Japanese are enough to decide, although they hold no space.
    japanese = "東京都は火曜日、川に架かる橋を少なくとも三週間閉鎖すると発表した。"
    assert identify_language(japanese).code == "ja"


def test_only_this_much_of_a_long_text_is_read() -> None:
    options = LanguageOptions(max_chars=len(ARTICLES["en"]))
    assert identify_language(ARTICLES["en"] + " " + ARTICLES["de"] * 20, options).code == ENGLISH


def clean_documents(texts: dict[str, str], options: CleanOptions | None = None):
    docs = [Document(id=doc_id, raw=text) for doc_id, text in texts.items()]
    stats = StageStats(name="clean")
    CleanStage(options).run(docs, stats)
    return {doc.id: doc for doc in docs}, stats


def test_clean_records_the_language_and_counts_it() -> None:
    docs, stats = clean_documents({**ARTICLES, "short": SHORT_GERMAN})
    for code in ARTICLES:
        assert docs[code].language == code
        assert docs[code].language_confidence >= 0.5
        assert not docs[code].skip_reason
        assert stats.counts[f"language {code}"] == 1
    assert docs["short"].language == UNDECIDED and not docs["short"].skip_reason
    assert docs["short"].text == SHORT_GERMAN
    assert stats.counts["language undecided"] == 1


def test_identification_can_be_turned_off() -> None:
    docs, stats = clean_documents(ARTICLES, CleanOptions(language=None))
    assert all(doc.language == UNDECIDED for doc in docs.values())
    assert not any(what.startswith("language") for what in stats.counts)


def skipped_reasons(stats: StageStats) -> dict[str, int]:
    return {what: n for what, n in stats.counts.items() if what.startswith("not English")}


@pytest.mark.model
def test_claims_skip_other_languages_with_the_reason_counted() -> None:
    from wiredesk.claims import ClaimsStage

    texts = {**ARTICLES, "short": SHORT_GERMAN}
    docs = [Document(id=key, raw=text, publisher="Valley Post") for key, text in texts.items()]
    clean_stats, claims_stats = run_stages(docs, [CleanStage(), ClaimsStage()])
    by_id = {doc.id: doc for doc in docs}
    for code in ("de", "fr", "es"):
        assert by_id[code].claims == []
        assert not by_id[code].skip_reason  # kept: stored, in its copy group and story
    # The short German text is undecided, so it is read as English rather than skipped.
    assert skipped_reasons(claims_stats) == {
        "not English (de)": 1,
        "not English (fr)": 1,
        "not English (es)": 1,
    }
    sources = {claim.source_name for claim in by_id["en"].claims}
    assert "city council" in sources
    assert claims_stats.kept == len(docs) and clean_stats.kept == len(docs)


@pytest.mark.model
def test_summary_of_a_claims_run_gives_the_reason(tmp_path: Path) -> None:
    from wiredesk.ingest import IngestOptions
    from wiredesk.pipeline import run_task

    paths = []
    for code, text in ARTICLES.items():
        path = tmp_path / f"{code}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    report = run_task("claims", paths, IngestOptions())
    claims_stats = next(s for s in report.stages if s.name == "claims")
    assert skipped_reasons(claims_stats) == {
        "not English (de)": 1,
        "not English (fr)": 1,
        "not English (es)": 1,
    }
    assert [doc.id for doc in report.documents if doc.claims] == ["en"]


def test_the_model_is_read_from_an_uncompressed_copy_the_first_process_leaves(tmp_path):
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    from wiredesk.clean.language import _model_arrays

    model, copy = Path(MODEL_DIR) / MODEL_FILE, tmp_path / "langid"
    shipped = _model_arrays(model, copy)
    assert copy.is_dir() and not list(tmp_path.glob("*.partial"))
    mapped = _model_arrays(model, copy)
    assert sorted(mapped) == sorted(shipped)
    for name, values in shipped.items():
        assert np.array_equal(mapped[name], values)


def test_no_copy_is_kept_where_the_user_has_no_cache_folder(monkeypatch):
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    from wiredesk.clean.language import cached_copy_path

    model = Path(MODEL_DIR) / MODEL_FILE
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cached_copy_path(model, "langid") is None
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert cached_copy_path(model, "langid").parent == Path("/somewhere/cache/wiredesk")
