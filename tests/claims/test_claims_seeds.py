"""The claims users expect from the two real seed reports (../shared/seeds, see EXPECTED.md)."""

import re

import pytest

from wiredesk.claims import extract_claims

pytestmark = pytest.mark.model

PUBLISHER = "The Moscow Times"


def article_text(seeds_dir, prefix: str) -> str:
    """The article part of a seed; cleaning (another stage) is approximated by hand here."""
    raw = next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    text = raw.split("A Message from The Moscow Times:")[0]
    text = re.sub(r"([a-z])\.([A-Z])", r"\1. \2", text).replace("U.S.\n", "U.S. ")
    return text.replace("Timesreported", "Times reported")


@pytest.fixture(scope="module")
def claims_000(seeds_dir):
    return extract_claims(article_text(seeds_dir, "000"), publisher=PUBLISHER)


@pytest.fixture(scope="module")
def claims_003(seeds_dir):
    return extract_claims(article_text(seeds_dir, "003"), publisher=PUBLISHER)


def with_cue(claims, cue_text):
    return [c for c in claims if any(s.text.endswith(cue_text) for s in c.cue)]


def test_000_nis_via_afp_is_one_source(claims_000):
    told = with_cue(claims_000, "told")[0]
    assert told.source[0].text == "South Korea's spy agency"
    assert told.via == [PUBLISHER, "AFP", "South Korea's National Intelligence Service"]
    assert told.source_type == "agency"
    assert told.hedge == "probable"  # "appear to have suspended"
    statement = next(c for c in with_cue(claims_000, "said") if "Since mid-January" in c.times)
    assert statement.source_name == told.source_name
    assert statement.hedge == "probable"
    assert statement.polarity == "negative"  # "have not engaged in combat"
    casualties = next(c for c in claims_000 if "many casualties" in c.content[0].text)
    assert casualties.source_name == told.source_name
    assert casualties.hedge == "possible"


def test_000_ukraine_military_believed(claims_000):
    claim = next(c for c in claims_000 if c.source_name == "Ukraine's military")
    assert claim.hedge == "probable"
    assert claim.source_type == "military"
    assert "Friday" in claim.times


def test_000_intelligence_agencies_more_than_10000(claims_000):
    claim = next(c for c in claims_000 if "intelligence agencies" in c.source_name)
    troops = next(q for q in claim.quantities if q.counted == "troops")
    assert (troops.lower, troops.upper) == (10_000, None)


def test_000_no_confirmation_from_pyongyang_or_moscow(claims_000):
    claim = with_cue(claims_000, "confirmed")[0]
    assert claim.polarity == "negative"
    assert claim.hedge == "denied"
    assert claim.source_name == "Pyongyang and Moscow"


def test_000_ukraine_claimed_several(claims_000):
    claim = next(c for c in with_cue(claims_000, "claimed") if "several" in c.content[0].text)
    assert claim.hedge == "alleged"
    assert claim.quantities[0].lower == 3


def test_000_zelensky_what_he_said_were(claims_000):
    claim = next(c for c in claims_000 if "Zelensky" in c.source_name)
    assert claim.source[0].text == "he"
    assert claim.hedge == "alleged"
    assert claim.source_type == "person"


def test_000_jcs_in_december(claims_000):
    claim = next(c for c in claims_000 if "Joint Chiefs of Staff" in c.source_name)
    assert "In December" in claim.times
    assert claim.source_type == "military"


def test_003_new_york_times_citing_officials(claims_003):
    claim = next(c for c in claims_003 if "pulled from the front lines" in c.content[0].text)
    assert claim.source[0].text == "the New York Times"
    assert claim.via == [PUBLISHER, "the New York Times", "anonymous Ukrainian and U.S. officials"]
    assert claim.source_type == "officials"
    assert "Thursday" in claim.times


def test_003_nested_and_anaphoric_chains(claims_003):
    believe = with_cue(claims_003, "believe")[0]
    assert believe.via == [PUBLISHER, "the New York Times", "U.S. officials"]
    assert believe.hedge == "possible"
    claim = with_cue(claims_003, "claim")[0]
    assert claim.via == [PUBLISHER, "the New York Times", "U.S. intelligence agencies"]
    assert claim.hedge == "alleged"
    quoting = next(c for c in claims_003 if "defense official" in c.source_name)
    assert quoting.via[1] == "the New York Times"
    assert "within the next two months" in quoting.times


def test_003_estimates_and_unattributed_beliefs(claims_003):
    estimate = with_cue(claims_003, "estimated")[0]
    assert estimate.hedge == "possible"  # "may have been killed"
    around = next(q for q in estimate.quantities if q.value == 4_000)
    assert around.approximate and around.counted == "soldiers"
    believed = next(c for c in with_cue(claims_003, "believed") if not c.source)
    assert believed.source_type == "unattributed"
    assert believed.source_name == PUBLISHER
    assert any(q.value == 11_000 for q in believed.quantities)


def test_003_reportedly_supplying_millions_and_half(claims_003):
    claim = next(c for c in with_cue(claims_003, "reportedly") if "supplying" in c.content[-1].text)
    assert claim.hedge == "alleged"
    assert claim.via == [PUBLISHER]
    assert any(q.text.startswith("millions") for q in claim.quantities)
    assert any(q.unit == "fraction" and q.value == 0.5 for q in claim.quantities)


def test_003_kim_likely_hopes(claims_003):
    claim = next(c for c in claims_003 if c.content and c.content[0].text.startswith("Kim likely"))
    assert claim.source_name == "U.S. officials"
    assert claim.hedge == "probable"


def test_the_territory_row_is_the_outlets_own_statement(claims_000, claims_003):
    held = next(c for c in claims_000 if "still hold parts" in c.content[0].text)
    reclaimed = next(c for c in claims_003 if "reclaim about half" in c.content[0].text)
    for claim in (held, reclaimed):
        assert claim.source_type == "outlet"
        assert claim.source_name == PUBLISHER and claim.via == [PUBLISHER]
        assert claim.hedge == "asserted" and claim.polarity == "positive"
    (half,) = reclaimed.quantities
    assert half.value == 0.5 and half.approximate
