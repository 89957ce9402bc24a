"""Copies merged with their similarity, and near-copies kept apart as versions."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from typer.testing import CliRunner

from wiredesk.cli import app
from wiredesk.dedup import DedupStage
from wiredesk.dedup.versions import figure_differences, substitutions, wording
from wiredesk.records import Difference, Document, Version
from wiredesk.serialize import version_from_dict
from wiredesk.stage import StageStats

# A short fictional report (no third-party text).
FLOOD = (
    "Heavy rain flooded the lower town of Velmora on Sunday and forced about 4,000 people from "
    "their homes, the regional emergency office said. The river rose by two metres overnight "
    "and broke through a levee north of the old mill. Rescue teams in boats carried elderly "
    "residents from the houses nearest the water, and the town school was opened as a shelter. "
    "Governor Elena Marsh said the army would send trucks and pumps, and that the main road to "
    "the coast would stay closed until the water went down. Forecasters expect more rain on "
    "Tuesday, though less than fell over the weekend. Officials said 12 people were treated for "
    "minor injuries and that no deaths had been reported."
)


def doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, raw=text, text=text)


def run(docs: list[Document]) -> StageStats:
    stats = StageStats(name="dedup")
    DedupStage().run(docs, stats)
    return stats


def test_a_merged_copy_records_its_canonical_and_their_similarity():
    reprint = "Flood in Velmora\n" + FLOOD.removesuffix(
        " Officials said 12 people were treated for minor injuries and that no deaths had been "
        "reported."
    )
    docs = [doc("wire", FLOOD), doc("reprint", reprint)]
    stats = run(docs)
    wire, copy = docs
    assert copy.dedup_group == wire.dedup_group and wire.copies == ["reprint"]
    assert copy.dedup_evidence["canonical"] == "wire"
    assert copy.dedup_evidence["match"] == "near"
    assert 0.6 < copy.dedup_evidence["similarity"] < 1.0
    assert wire.dedup_evidence == {"copies": {"reprint": copy.dedup_evidence["similarity"]}}
    assert stats.counts["near copies"] == 1 and stats.counts["versions kept apart"] == 0


def test_an_exact_copy_is_recorded_as_such():
    docs = [doc("a", FLOOD), doc("b", FLOOD.upper())]
    run(docs)
    copy = next(d for d in docs if not d.canonical)
    assert copy.dedup_evidence["match"] == "exact"
    assert copy.dedup_evidence["similarity"] == 1.0


def test_near_copies_with_different_casualty_figures_are_versions_not_copies():
    revised = FLOOD.replace("about 4,000 people", "about 5,000 people").replace(
        "12 people were treated", "19 people were treated"
    )
    docs = [doc("first", FLOOD), doc("revised", revised)]
    stats = run(docs)
    first, second = docs
    assert first.dedup_group != second.dedup_group
    assert first.canonical and second.canonical and not first.copies
    assert stats.counts["versions kept apart"] == 1 and stats.counts["near copies"] == 0
    [version] = first.versions
    assert version.id == "revised" and version.similarity > 0.6
    assert version.differences == [
        Difference(kind="figure", this="4,000", other="5,000"),
        Difference(kind="figure", this="12", other="19"),
    ]
    [back] = second.versions
    assert back.id == "first"
    assert back.differences[0] == Difference(kind="figure", this="5,000", other="4,000")


def test_a_different_name_in_the_same_report_makes_a_version():
    corrected = FLOOD.replace("Governor Elena Marsh", "Governor Paul Whitfield")
    docs = [doc("first", FLOOD), doc("corrected", corrected)]
    run(docs)
    assert docs[0].dedup_group != docs[1].dedup_group
    assert docs[0].versions[0].differences == [
        Difference(kind="name", this="Elena Marsh", other="Paul Whitfield")
    ]


def test_a_misspelt_name_and_rewritten_separators_are_no_difference():
    garbled = FLOOD.replace("Elena Marsh", "Elena Marssh").replace("4,000", "4.000")
    assert substitutions(wording(FLOOD), wording(garbled)) == []
    docs = [doc("a", FLOOD), doc("b", garbled)]
    run(docs)
    assert docs[0].dedup_group == docs[1].dedup_group


def test_a_versions_pair_joined_through_other_copies_is_not_reported():
    # b is a version of a, but c copies both (it lacks the figure), so all three are one group.
    revised = FLOOD.replace("about 4,000 people", "about 5,000 people")
    without_figure = FLOOD.replace("about 4,000 people", "people")
    docs = [doc("a", FLOOD), doc("b", revised), doc("c", without_figure)]
    run(docs)
    assert len({d.dedup_group for d in docs}) == 1
    assert all(d.versions == [] for d in docs)


def test_figure_differences_lists_the_numbers_only_one_text_has():
    first, second = wording("In 2024 prices rose 3 pct to 110."), wording("In 2024 it was 7.5.")
    assert figure_differences(first, second) == [
        Difference(kind="figures", this="3, 110", other="7.5")
    ]
    assert figure_differences(first, first) == []


def test_the_dedup_and_cluster_commands_print_the_evidence(tmp_path: Path):
    revised = FLOOD.replace("about 4,000 people", "about 5,000 people")
    rows = [("first", FLOOD), ("copy", FLOOD.upper()), ("revised", revised)]
    path = tmp_path / "flood.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in rows))

    def lines(command: str) -> dict[str, dict]:
        result = CliRunner().invoke(app, [command, str(path)])
        assert result.exit_code == 0, result.output
        found = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
        return {row["id"]: row for row in found}

    dedup = lines("dedup")
    assert dedup["copy"]["group"] == dedup["first"]["group"] != dedup["revised"]["group"]
    copy, canonical = (
        (dedup["copy"], dedup["first"])
        if not dedup["copy"]["canonical"]
        else (dedup["first"], dedup["copy"])
    )
    assert copy["evidence"]["canonical"] == canonical["id"]
    assert copy["evidence"]["similarity"] == 1.0
    # A version of a text is a version of each of its copies.
    versions = dedup["revised"]["versions"]
    assert [v["id"] for v in versions] == ["copy", "first"]
    for version in versions:
        assert version["differences"] == [{"kind": "figure", "this": "5,000", "other": "4,000"}]
    cluster = lines("cluster")
    assert cluster["first"]["story"] == cluster["revised"]["story"]
    assert set(cluster["revised"]["evidence"]) >= {"nearest", "similarity", "shared_names"}


def test_a_version_survives_a_round_trip_through_json():
    version = Version("b", 0.8, [Difference(kind="figure", this="4,000", other="5,000")])
    assert version_from_dict(json.loads(json.dumps(asdict(version)))) == version
