"""Evaluator sheets out and back in: layout, blind and price envelopes, round trip, bad input."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from rfp.core import kit_layout
from rfp.core.criteria import Library
from rfp.core.items import groups_by_question
from rfp.core.project import load_project
from rfp.errors import ConfigError
from rfp.evaluate import sheets_in, sheets_out
from rfp.evaluate.blind import PRICE_HIDDEN, aliases
from rfp.evaluate.layout import BLIND_KEY_FILE, CONSENSUS_FILE, CONSENSUS_HEADERS, SCORE_HEADERS
from rfp.evaluate.sheets_in import read_evaluations, sheet_summaries
from rfp.evaluate.sheets_out import split_names, write_sheets
from rfp.generate import kit
from rfp.generate.starter import write_starter
from rfp.score.audit import build_record
from rfp.score.merge import merge
from rfp.score.pipeline import score_project
from rfp.score.run import Evaluations, ScoreCell, ScoreRun

NORTHSTAR = "Northstar CX Solutions"
BAYANIHAN = "Bayanihan Contact Solutions"
QUILLMERE = "Quillmere Partners"
# Each vendor's name and the words that identify it, listed by hand rather than taken from the
# code under test: none of them may appear anywhere in a blind sheet.
IDENTIFYING = {
    NORTHSTAR: ["northstar cx solutions", "northstar"],
    BAYANIHAN: ["bayanihan contact solutions", "bayanihan"],
    QUILLMERE: ["quillmere partners", "quillmere"],
}
MONEY = re.compile(r"[$£€¥₹]\s?\d|\b(?:USD|EUR|GBP)\s?\d|\d\s?(?:USD|EUR|GBP)\b")

PROPOSALS = {
    NORTHSTAR: """# Proposal from Northstar CX Solutions

## SEC-03 Data protection and encryption

Northstar CX encrypts customer data at rest with AES-256; keys sit in an HSM that NORTHSTAR
rotates yearly. Our data loss prevention programme cost $742,200 last year. Contact
privacy@northstarcx.example.

## QC-01 Interaction monitoring and QA evaluation form

Each evaluation costs £1.45; the speech analytics licence is USD 3,450 a month, part of a €2.1m
technology investment. Northstar's analysts score five interactions per agent per month against
a weighted evaluation form with calibration every week.

## PRC-02 Pricing model and rate-card transparency

We price per FTE per month at $3,480 for voice, with a rate card by role, site and language
and a cost build-up showing labour, overhead and margin.
""",
    BAYANIHAN: """# Bayanihan Contact Solutions

## SEC-02 Identity and access management

Bayanihan grants access by role with multi-factor authentication for every user; leavers are
revoked within four hours and Bayanihan Contact reviews access every quarter.

## PRC-02 Pricing model and rate-card transparency

Bayanihan charges USD 3,100 per FTE per month, all-inclusive, with a rate card by site.
""",
    QUILLMERE: """# Quillmere Partners

## SEC-02 Identity and access management

Quillmere uses single sign-on with hardware keys and privileged access management with session
recording for every administrator.

## QC-01 Interaction monitoring and QA evaluation form

Quillmere Partners evaluates two per cent of contacts with a weighted form and weekly
calibration.
""",
}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory, library: Library) -> ScoreRun:
    """A front-office project with three short Markdown proposals; Northstar prices in its
    workbook, so the price formula has something to score."""
    folder = tmp_path_factory.mktemp("evaluators") / "acme"
    folder.mkdir()
    write_starter(library, folder, "front", ["customer_service", "technical_support"])
    project = load_project(folder)
    for name, text in PROPOSALS.items():
        vendor = folder / "proposals" / name
        vendor.mkdir(parents=True)
        (vendor / "proposal.md").write_text(text, encoding="utf-8")
    blank = folder / "out" / kit_layout.WORKBOOK_FILE
    kit.write_workbook(project, blank)
    workbook = load_workbook(blank)
    for row in workbook["Pricing"].iter_rows(min_row=2):
        if row[0].value == "Per FTE per month":
            row[5].value = 3480
            row[6].value = {"voice": 60, "chat": 30, "email": 8}[str(row[1].value)]
    workbook.save(folder / "proposals" / NORTHSTAR / kit_layout.WORKBOOK_FILE)
    return score_project(project)


@pytest.fixture
def run(scored: ScoreRun, tmp_path: Path) -> ScoreRun:
    """The shared run, moved to a fresh project folder so each test has its own out/ and
    evaluations/."""
    folder = tmp_path / "acme"
    folder.mkdir()
    shutil.copy(scored.project.spec_path, folder / "rfp.yaml")
    return dataclasses.replace(scored, project=dataclasses.replace(scored.project, folder=folder))


def vendor_names(run: ScoreRun) -> list[str]:
    return [vendor.name for vendor in run.vendors]


def read(run: ScoreRun) -> Evaluations:
    return read_evaluations(run.project, vendor_names(run))


def sheets_dir(run: ScoreRun) -> Path:
    return run.project.output_dir / "sheets"


def evaluations_dir(run: ScoreRun) -> Path:
    return run.project.folder / "evaluations"


def rows_of(path: Path) -> list[tuple[Any, ...]]:
    """The Scores rows that carry a criterion (vendor band rows left out)."""
    sheet = load_workbook(path)["Scores"]
    return [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]]


def fill(
    source: Path,
    target: Path,
    scores: Mapping[tuple[str, str], str | float],
    comments: Mapping[tuple[str, str], str] | None = None,
) -> dict[tuple[str, str], str]:
    """Type scores and comments into a sheet as an evaluator would; return the score cells."""
    workbook = load_workbook(source)
    sheet = workbook["Scores"]
    cells: dict[tuple[str, str], str] = {}
    for row in sheet.iter_rows(min_row=2):
        key = (str(row[0].value), str(row[1].value))
        if key in scores:
            row[7].value = scores[key]
            cells[key] = row[7].coordinate
        if comments and key in comments:
            row[8].value = comments[key]
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return cells


def all_text(path: Path) -> list[tuple[str, str]]:
    """Every text cell of every sheet, hidden ones included, plus the document properties."""
    workbook = load_workbook(path)
    found = [
        (f"{sheet.title}!{cell.coordinate}", cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    properties = workbook.properties
    for name in ("creator", "title", "subject", "keywords", "description", "lastModifiedBy"):
        found.append((name, str(getattr(properties, name) or "")))
    return found


def xml_parts(path: Path) -> dict[str, str]:
    """Every part of an xlsx package as text."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


# --------------------------------------------------------------------------- names


def test_evaluator_names_are_checked_before_anything_is_written(run: ScoreRun) -> None:
    assert split_names(" alice, bob ,,chen ") == ["alice", "bob", "chen"]
    with pytest.raises(ConfigError) as raised:
        write_sheets(run, ["alice", "Alice", "bob/../x", "consensus"], price_evaluators=["d d"])
    message = str(raised.value)
    assert "--evaluators: 'Alice' is listed twice (as 'alice')" in message
    assert "'bob/../x' is not a usable evaluator name" in message
    assert "'consensus' is reserved" in message
    assert "--price-evaluators: 'd d' is not a usable evaluator name" in message
    with pytest.raises(ConfigError, match="name at least one evaluator"):
        write_sheets(run, [])
    assert not sheets_dir(run).exists()


def technical_rows(run: ScoreRun, vendors: int) -> int:
    """Rows of a technical Scores sheet with ``vendors``: a header, then per vendor a band row
    and one row per criterion outside pricing (and outside the price formula)."""
    pricing = run.project.selection.pricing_area
    criteria = [wc for wc in run.project.selection.criteria if wc.criterion.area != pricing]
    return 1 + vendors * (1 + len(criteria))


def about_of(path: Path) -> dict[str, str]:
    return {
        str(row[0]): str(row[1]) for row in load_workbook(path)["_rfp"].iter_rows(values_only=True)
    }


def vendors_on(path: Path) -> list[str]:
    return list(dict.fromkeys(str(row[0]) for row in rows_of(path)))


def test_a_sheet_past_the_row_budget_is_split_by_vendor(run: ScoreRun) -> None:
    # All three vendors fit exactly: one file.
    assert write_sheets(run, ["alice"], max_rows=technical_rows(run, 3))[0].name == "alice.xlsx"
    shutil.rmtree(sheets_dir(run))
    # Room for two vendors: 3 vendors in 2 files, 2 then 1, in the sheet's order.
    paths = write_sheets(run, ["alice"], max_rows=technical_rows(run, 3) - 1)
    assert [p.name for p in paths] == ["alice-1-of-2.xlsx", "alice-2-of-2.xlsx", CONSENSUS_FILE]
    assert vendors_on(paths[0]) == [BAYANIHAN, NORTHSTAR]
    assert vendors_on(paths[1]) == [QUILLMERE]
    shutil.rmtree(sheets_dir(run))
    # Room for one vendor: 3 files, none over the budget, each vendor whole in one file.
    budget = technical_rows(run, 1)
    paths = write_sheets(run, ["alice"], max_rows=budget)[:-1]
    assert [p.name for p in paths] == [
        "alice-1-of-3.xlsx",
        "alice-2-of-3.xlsx",
        "alice-3-of-3.xlsx",
    ]
    assert [vendors_on(p) for p in paths] == [[BAYANIHAN], [NORTHSTAR], [QUILLMERE]]
    for index, path in enumerate(paths, start=1):
        sheet = load_workbook(path)["Scores"]
        assert sheet.max_row == budget
        about = about_of(path)
        assert (about["part"], about["parts"], about["evaluator"]) == (str(index), "3", "alice")
        assert about["rows"] == str(budget - 2)  # the header and the band are not scored rows
        instructions = [c.value for c in load_workbook(path)["Instructions"]["A"] if c.value]
        assert f"This file is part {index} of 3 of your sheet" in " ".join(instructions)
        assert f"keep the name {path.name})" in " ".join(instructions)
    assert len({about_of(p)["sheet_set"] for p in paths}) == 1


def test_excel_limit_splits_even_with_a_larger_budget(
    run: ScoreRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets_out, "EXCEL_ROWS", technical_rows(run, 1))
    paths = write_sheets(run, ["alice"], max_rows=10**9)
    assert [p.name for p in paths][:-1] == [f"alice-{i}-of-3.xlsx" for i in (1, 2, 3)]


def test_a_budget_below_one_vendor_is_refused_before_writing(run: ScoreRun) -> None:
    least = technical_rows(run, 1)
    with pytest.raises(ConfigError, match=f"--max-rows: {least - 1:,} rows cannot hold one vendor"):
        write_sheets(run, ["alice"], max_rows=least - 1)
    assert not sheets_dir(run).exists()


# --------------------------------------------------------------------------- the sheet


def test_score_sheet_layout(run: ScoreRun) -> None:
    paths = write_sheets(run, ["alice"])
    assert [p.name for p in paths] == ["alice.xlsx", CONSENSUS_FILE]
    workbook = load_workbook(paths[0])
    assert workbook.sheetnames[0] == "Instructions"
    assert workbook["_rfp"].sheet_state == "hidden"
    about = {row[0]: row[1] for row in workbook["_rfp"].iter_rows(values_only=True)}
    assert about["reference"] == run.project.spec.project.reference
    assert about["evaluator"] == "alice" and about["envelope"] == "technical"

    sheet = workbook["Scores"]
    assert tuple(cell.value for cell in sheet[1]) == SCORE_HEADERS
    assert sheet.freeze_panes == "C2"
    assert all(sheet.column_dimensions[c].width >= 9 for c in "ABCDEFGHI")
    assert sheet.column_dimensions["F"].width >= 60  # evidence is readable
    assert sheet["A1"].font.bold

    technical = [wc.id for wc in run.project.selection.criteria if wc.criterion.area != "pricing"]
    rows = rows_of(paths[0])
    assert len(rows) == 3 * len(technical)
    assert [row[1] for row in rows[: len(technical)]] == technical
    first = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "SEC-02")
    vendor, cid, _area, criterion, rubric, evidence, auto = (c.value for c in first[:7])
    assert vendor == BAYANIHAN and cid == "SEC-02"
    assert isinstance(criterion, str) and isinstance(rubric, str) and isinstance(evidence, str)
    assert "Identity and access management" in criterion and "points" in criterion
    assert rubric.startswith("0 — ") and "\n5 — " in rubric
    assert "Bayanihan grants access" in evidence and "(proposal.md)" in evidence
    assert auto == next(
        c.score for c in run.cells if c.vendor == BAYANIHAN and c.criterion == "SEC-02"
    )
    for cell in (first[7], first[8]):  # the inputs: highlighted and wrapped
        assert cell.fill.fgColor.rgb.endswith("FFF7D6")
    assert first[5].alignment.wrap_text
    first_row = first[0].row
    assert first_row is not None
    assert sheet.row_dimensions[first_row].outlineLevel == 1  # grouped under its vendor
    band = sheet["A2"].value
    assert isinstance(band, str)
    assert band.startswith(f"{BAYANIHAN} — ") and sheet["B2"].value is None  # band
    assert sheet["A3"].value == BAYANIHAN and sheet["B3"].value == technical[0]

    (rule,) = [dv for dv in sheet.data_validations.dataValidation if dv.type == "decimal"]
    assert (rule.operator, rule.formula1, rule.formula2) == ("between", "0", "5")
    assert rule.showErrorMessage and rule.error and rule.errorStyle == "stop"
    assert first[7].coordinate in rule.sqref


def test_score_sheet_written_row_by_row_keeps_its_looks(run: ScoreRun) -> None:
    """Written in openpyxl's write-only mode, each row carries its final look: the vendor band
    shaded across, the sheet's tab colour, outline, print setup and filter, the Instructions'
    title fonts, and every sheet's extent (readers in read-only mode size a sheet by it)."""
    path = write_sheets(run, ["alice"], price_evaluators=["alice"])[0]
    workbook = load_workbook(path)
    sheet = workbook["Scores"]
    band = sheet[2]
    assert [c.fill.fgColor.rgb for c in band] == ["00DCE6F1"] * len(SCORE_HEADERS)
    assert all(c.font.b and c.font.color.rgb == "000B3D6E" for c in band)
    assert sheet.row_dimensions[2].height == 20 and not sheet.row_dimensions[2].outlineLevel
    properties = sheet.sheet_properties
    tab, outline, fit = properties.tabColor, properties.outlinePr, properties.pageSetUpPr
    assert tab is not None and tab.rgb == "00F2C94C"
    assert outline is not None and outline.summaryBelow is False
    assert fit is not None and fit.fitToPage
    assert (sheet.page_setup.orientation, sheet.print_title_rows) == ("landscape", "$1:$1")
    assert sheet.auto_filter.ref == f"A1:I{sheet.max_row}"
    instructions = workbook["Instructions"]
    assert instructions.column_dimensions["A"].width == 110
    assert instructions["A1"].font.sz == 13 and instructions["A4"].font.b
    assert not instructions["A2"].font.b and instructions["A2"].alignment.wrap_text
    formula = workbook["Price formula"]
    assert formula["A2"].fill.fgColor.rgb == "00F2F2F2" and formula.protection.sheet
    streamed = load_workbook(path, read_only=True)
    for each in workbook.worksheets:
        extent = streamed[each.title]
        assert (extent.max_row, extent.max_column) == (each.max_row, each.max_column)
    streamed.close()


def test_a_grouped_question_names_the_rfp_item_it_is_printed_in(run: ScoreRun) -> None:
    """The RFP prints small questions inside one scored item (WF-G1...); each is still a row
    of its own, scored alone, and says which item it belongs to, with both points."""
    groups = groups_by_question(run.project.selection.areas)
    assert groups  # the default front RFP has questions under half a point
    by_id = run.project.selection.by_id()
    criterion_text = {row[1]: row[3] for row in rows_of(write_sheets(run, ["alice"])[0])}
    on_sheet = {question: item for question, item in groups.items() if question in criterion_text}
    assert on_sheet  # price questions are on the price sheet; the others are here
    for question, item in on_sheet.items():
        text = criterion_text[question]
        assert f"({by_id[question].points:g} of 100 points; in the RFP part of item " in text
        assert f"item {item.id}, {item.points:g} points)" in text
    alone = next(wc for wc in run.project.selection.criteria if wc.id not in groups)
    assert "in the RFP part of item" not in criterion_text[alone.id]


def test_consensus_template(run: ScoreRun) -> None:
    consensus = write_sheets(run, ["alice"])[-1]
    workbook = load_workbook(consensus)
    sheet = workbook["Consensus"]
    assert tuple(cell.value for cell in sheet[1]) == CONSENSUS_HEADERS
    assert sheet.max_row > 2 and all(c.value is None for c in sheet[2])
    rules = {dv.type: dv for dv in sheet.data_validations.dataValidation}
    assert (rules["decimal"].formula1, rules["decimal"].formula2) == ("0", "5")
    assert "C2" in rules["decimal"].sqref
    about = {row[0]: row[1] for row in workbook["_rfp"].iter_rows(values_only=True)}
    assert about["kind"] == "consensus"


# --------------------------------------------------------------------------- envelopes


def test_technical_sheets_have_no_pricing_rows_and_no_money(run: ScoreRun) -> None:
    write_sheets(run, ["alice", "bob"], price_evaluators=["alice", "dana"])
    folder = sheets_dir(run)
    area = {wc.id: wc.criterion.area for wc in run.project.selection.criteria}
    formula = [wc.id for wc in run.project.selection.with_check("price")]
    assert formula == ["PRC-01"]

    bob = rows_of(folder / "bob.xlsx")
    assert bob and not [row for row in bob if area[row[1]] == "pricing"]
    for where, text in all_text(folder / "bob.xlsx"):
        assert not MONEY.search(text), (where, text)
    northstar = next(r for r in bob if r[0] == NORTHSTAR and r[1] == "SEC-03")
    assert "AES-256" in northstar[5] and PRICE_HIDDEN in northstar[5]
    assert "Price formula" not in load_workbook(folder / "bob.xlsx").sheetnames

    dana = rows_of(folder / "dana.xlsx")  # price only
    assert dana and {area[row[1]] for row in dana} == {"pricing"}
    assert not [row for row in dana if row[1] in formula]  # the formula is not a human's
    assert any("$3,480" in str(row[5]) for row in dana)  # price evaluators see the amounts
    workbook = load_workbook(folder / "dana.xlsx")
    formula_sheet = workbook["Price formula"]
    assert formula_sheet.protection.sheet  # read-only
    formula_rows = list(formula_sheet.iter_rows(min_row=2, values_only=True))
    assert {(r[0], r[1]) for r in formula_rows} == {
        (vendor, "PRC-01") for vendor in (BAYANIHAN, NORTHSTAR, QUILLMERE)
    }
    priced = next(r for r in formula_rows if r[0] == NORTHSTAR)
    assert isinstance(priced[4], str)
    # Bayanihan's "USD 3,100 per FTE per month" is a firm price in its text and it sent no
    # workbook, so it is priced from the text (issue 12), to confirm: it is scored against the
    # pool but does not set it, so Northstar earns the lowest workbook price / its cost.
    facts = run.checks
    assert facts[BAYANIHAN].price_source == "text"
    lowest = min(
        c
        for c in (facts[v].scored_cost for v in facts if facts[v].price_source == "workbook")
        if c is not None
    )
    northstar_cost = facts[NORTHSTAR].scored_cost
    assert northstar_cost is not None
    assert priced[3] == pytest.approx(5 * lowest / northstar_cost, abs=1e-4)
    assert "annual cost" in priced[4]

    alice = rows_of(folder / "alice.xlsx")  # both envelopes
    assert {area[row[1]] for row in alice} >= {"pricing", "security"}
    assert len(alice) == len(bob) + len(dana)


# --------------------------------------------------------------------------- blind


def test_blind_sheets_carry_no_vendor_name_anywhere(run: ScoreRun) -> None:
    paths = write_sheets(run, ["alice", "bob"], price_evaluators=["dana"], blind=True)
    folder = sheets_dir(run)
    assert [p.name for p in paths] == [
        "alice.xlsx",
        "bob.xlsx",
        "dana.xlsx",
        CONSENSUS_FILE,
        BLIND_KEY_FILE,
    ]
    for path in paths:
        if path.suffix != ".xlsx":
            continue
        parts = xml_parts(path)
        assert {"docProps/core.xml", "docProps/app.xml", "xl/workbook.xml"} <= set(parts)
        assert any("_rfp" in text for text in parts.values())  # the hidden sheet is searched
        for part, text in parts.items():
            lowered = text.casefold()
            for vendor, words in IDENTIFYING.items():
                for word in words:
                    assert word not in lowered, f"{path.name}:{part} names {vendor} ({word})"

    key = json.loads((folder / BLIND_KEY_FILE).read_text(encoding="utf-8"))
    # Aliases are a salted shuffle, reproducible from the key's own salt.
    assert sorted(key["vendors"]) == ["Vendor A", "Vendor B", "Vendor C"]
    assert set(key["vendors"].values()) == {BAYANIHAN, NORTHSTAR, QUILLMERE}
    expected = aliases([BAYANIHAN, NORTHSTAR, QUILLMERE], salt=key["key"])
    assert key["vendors"] == {alias: vendor for vendor, alias in expected.items()}
    rows = rows_of(folder / "bob.xlsx")
    assert {row[0] for row in rows} == {"Vendor A", "Vendor B", "Vendor C"}
    northstar = {vendor: name for name, vendor in key["vendors"].items()}[NORTHSTAR]
    sec03 = next(r for r in rows if r[0] == northstar and r[1] == "SEC-03")
    assert f"{northstar} encrypts" in sec03[5] and f"@{northstar}.example" in sec03[5]
    assert PRICE_HIDDEN in sec03[5]

    # Regenerating for the same vendors keeps the key, so sheets already sent stay valid.
    write_sheets(run, ["erin"], blind=True)
    again = json.loads((folder / BLIND_KEY_FILE).read_text(encoding="utf-8"))
    assert again["key"] == key["key"]


def test_blind_round_trip_uses_the_key(run: ScoreRun) -> None:
    write_sheets(run, ["alice"], blind=True)
    key = json.loads((sheets_dir(run) / BLIND_KEY_FILE).read_text(encoding="utf-8"))
    alias = {vendor: name for name, vendor in key["vendors"].items()}
    source = sheets_dir(run) / "alice.xlsx"
    fill(source, evaluations_dir(run) / "alice.xlsx", {(alias[NORTHSTAR], "SEC-03"): 4})
    workbook = load_workbook(sheets_dir(run) / CONSENSUS_FILE)
    listed = [c.value for c in workbook["_lists"]["A"] if c.value]
    assert listed == ["Vendor A", "Vendor B", "Vendor C"]
    for column, value in enumerate([alias[QUILLMERE], "QC-01", 3, "agreed in panel"], start=1):
        workbook["Consensus"].cell(row=2, column=column, value=value)
    workbook.save(evaluations_dir(run) / CONSENSUS_FILE)

    evaluations = read(run)
    assert evaluations.messages == []
    assert evaluations.key_file == sheets_dir(run) / BLIND_KEY_FILE
    (entry,) = evaluations.sheets[0].scored
    assert (entry.vendor, entry.criterion, entry.score) == (NORTHSTAR, "SEC-03", 4.0)
    (override,) = evaluations.consensus
    assert (override.vendor, override.criterion, override.score) == (QUILLMERE, "QC-01", 3.0)
    assert evaluations.files == [
        evaluations_dir(run) / "alice.xlsx",
        evaluations_dir(run) / CONSENSUS_FILE,
    ]

    # A new key (the key file was lost and sheets regenerated) no longer vouches for the aliases.
    (sheets_dir(run) / BLIND_KEY_FILE).unlink()
    write_sheets(run, ["bob"], blind=True)
    evaluations = read(run)
    assert not evaluations.sheets
    stale = (
        f"this blind sheet was made with a different blind key than "
        f"{sheets_dir(run) / BLIND_KEY_FILE}; its aliases cannot be trusted"
    )
    assert evaluations.messages == [
        f"evaluations/alice.xlsx: _rfp!B7: {stale}",
        rejected("evaluations/alice.xlsx", f"_rfp!B7: {stale}"),
        f"evaluations/consensus.xlsx: _rfp!B5: {stale}",
        rejected("evaluations/consensus.xlsx", f"_rfp!B5: {stale}"),
    ]


# --------------------------------------------------------------------------- round trip


def test_round_trip_scores_and_comments_come_back(run: ScoreRun) -> None:
    write_sheets(run, ["alice", "bob", "chen"], price_evaluators=["alice", "dana"])
    out, back = sheets_dir(run), evaluations_dir(run)
    fill(
        out / "alice.xlsx",
        back / "alice.xlsx",
        {(NORTHSTAR, "SEC-02"): 4, (NORTHSTAR, "QC-01"): 3, (NORTHSTAR, "PRC-02"): 4},
        {(NORTHSTAR, "SEC-02"): "Strong MFA evidence"},
    )
    fill(out / "bob.xlsx", back / "bob.xlsx", {(NORTHSTAR, "SEC-02"): 2, (NORTHSTAR, "QC-01"): 3.5})
    fill(
        out / "chen.xlsx",
        back / "chen.xlsx",
        {(NORTHSTAR, "SEC-02"): "5", (BAYANIHAN, "SEC-02"): 1},
    )
    fill(out / "dana.xlsx", back / "dana.xlsx", {(NORTHSTAR, "PRC-02"): 3})
    workbook = load_workbook(out / CONSENSUS_FILE)
    sheet = workbook["Consensus"]
    sheet.append([])  # rows 2-101 are the template's blank rows: write into them
    consensus: list[str | float] = [BAYANIHAN, "QC-01", 2.5, "reference call confirmed"]
    for column, value in enumerate(consensus, 1):
        sheet.cell(row=2, column=column, value=value)
    workbook.save(back / CONSENSUS_FILE)

    evaluations = read(run)
    assert evaluations.messages == []
    assert evaluations.evaluators == ["alice", "bob", "chen", "dana"]
    alice = evaluations.sheets[0]
    comment = next(e for e in alice.entries if (e.vendor, e.criterion) == (NORTHSTAR, "SEC-02"))
    assert comment.comment == "Strong MFA evidence"
    assert comment.cell.startswith("Scores!H")

    merged = {(c.vendor, c.criterion): c for c in merge(run.project, run.cells, evaluations)}
    auto = {(c.vendor, c.criterion): c for c in run.cells}
    # Northstar SEC-02: alice 4, bob 2, chen 5 -> mean (4 + 2 + 5) / 3 = 11/3 = 3.667
    assert merged[(NORTHSTAR, "SEC-02")].score == pytest.approx(11 / 3)
    assert merged[(NORTHSTAR, "SEC-02")].source == "evaluators"
    assert merged[(NORTHSTAR, "SEC-02")].note == "mean of 3 evaluators: alice 4, bob 2, chen 5"
    # Northstar QC-01: alice 3, bob 3.5 -> (3 + 3.5) / 2 = 3.25
    assert merged[(NORTHSTAR, "QC-01")].score == pytest.approx(3.25)
    # Northstar PRC-02: alice 4, dana 3 -> 3.5
    assert merged[(NORTHSTAR, "PRC-02")].score == pytest.approx(3.5)
    assert merged[(BAYANIHAN, "SEC-02")].score == 1.0
    # Consensus overrides a cell nobody scored, and says why.
    assert merged[(BAYANIHAN, "QC-01")].score == 2.5
    assert merged[(BAYANIHAN, "QC-01")].source == "consensus"
    assert merged[(BAYANIHAN, "QC-01")].note == "consensus: reference call confirmed"
    # A cell left blank keeps its automatic score and says so.
    blank = merged[(QUILLMERE, "SEC-02")]
    assert (blank.score, blank.source) == (auto[(QUILLMERE, "SEC-02")].score, "auto")
    assert blank.note == "left blank by alice, bob, chen; automatic score used"
    # The price formula is never scored by hand, and never flagged.
    assert merged[(NORTHSTAR, "PRC-01")] == auto[(NORTHSTAR, "PRC-01")]
    assert len(merged) == len(run.cells)


def test_no_evaluations_folder_means_nothing_to_merge(run: ScoreRun) -> None:
    evaluations = read(run)
    assert evaluations == Evaluations(folder=evaluations_dir(run))
    assert not evaluations
    assert merge(run.project, run.cells, evaluations) == run.cells


# --------------------------------------------------------------------------- bad input


@pytest.fixture
def issued(run: ScoreRun) -> Path:
    """Sheets for alice (technical and price) and bob (technical), not yet returned."""
    write_sheets(run, ["alice", "bob"], price_evaluators=["alice"])
    return sheets_dir(run)


def returned_alice(run: ScoreRun, issued: Path) -> None:
    fill(issued / "alice.xlsx", evaluations_dir(run) / "alice.xlsx", {(NORTHSTAR, "SEC-02"): 4})


def rejected(file: str, first: str, count: int = 1) -> str:
    """The summary line of a rejected sheet: its first problem and how many there are."""
    more = f" (and {count - 1} more)" if count > 1 else ""
    problems = f"{count} problem{'s' if count > 1 else ''}"
    return f"{file}: rejected, {problems}: {first}{more}; none of its scores are merged"


def merged_score(run: ScoreRun, evaluations: Evaluations, vendor: str, cid: str) -> ScoreCell:
    cells = merge(run.project, run.cells, evaluations)
    return next(c for c in cells if (c.vendor, c.criterion) == (vendor, cid))


def test_out_of_range_and_text_scores_skip_the_whole_sheet(run: ScoreRun, issued: Path) -> None:
    returned_alice(run, issued)
    target = evaluations_dir(run) / "bob.xlsx"
    cells = fill(
        issued / "bob.xlsx",
        target,
        {(NORTHSTAR, "SEC-02"): 2, (NORTHSTAR, "SEC-03"): 7, (BAYANIHAN, "SEC-02"): "high"},
    )
    workbook = load_workbook(target)
    workbook["Scores"]["H1"] = "My score"
    workbook.save(target)

    evaluations = read(run)
    assert evaluations.messages == [  # every problem in the sheet, at once
        "evaluations/bob.xlsx: Scores!H1: header 'My score' should be 'Score'",
        f"evaluations/bob.xlsx: Scores!{cells[(BAYANIHAN, 'SEC-02')]}: 'high' is not a number "
        "(enter 0–5)",
        f"evaluations/bob.xlsx: Scores!{cells[(NORTHSTAR, 'SEC-03')]}: 7 is outside 0–5",
        rejected("evaluations/bob.xlsx", "Scores!H1: header 'My score' should be 'Score'", 3),
    ]
    assert evaluations.evaluators == ["alice"]
    assert evaluations.skipped == (target,)
    # bob's valid 2 is not merged either: Northstar SEC-02 is alice's 4 alone.
    cell = merged_score(run, evaluations, NORTHSTAR, "SEC-02")
    assert (cell.score, cell.note) == (4.0, "mean of 1 evaluator: alice 4")


def test_sheet_for_another_rfp_is_refused(run: ScoreRun, issued: Path) -> None:
    target = evaluations_dir(run) / "bob.xlsx"
    fill(issued / "bob.xlsx", target, {(NORTHSTAR, "SEC-02"): 2})
    workbook = load_workbook(target)
    workbook["_rfp"]["B2"] = "OTHER-2027-01"
    workbook.save(target)
    evaluations = read(run)
    reference = run.project.spec.project.reference
    wrong = f"_rfp!B2: this sheet belongs to RFP OTHER-2027-01, not {reference}"
    assert evaluations.messages == [
        f"evaluations/bob.xlsx: {wrong}",
        rejected("evaluations/bob.xlsx", wrong),
    ]
    assert not evaluations.sheets


def test_edited_rows_are_refused(run: ScoreRun, issued: Path) -> None:
    back = evaluations_dir(run)
    fill(issued / "alice.xlsx", back / "alice.xlsx", {(NORTHSTAR, "SEC-02"): 4})
    fill(issued / "bob.xlsx", back / "bob.xlsx", {(NORTHSTAR, "SEC-02"): 2})
    workbook = load_workbook(back / "alice.xlsx")
    sheet = workbook["Scores"]
    sheet["B3"] = "SEC-99"  # an ID overwritten
    sheet["A4"] = "Nobody Ltd"  # a vendor overwritten
    workbook.save(back / "alice.xlsx")
    workbook = load_workbook(back / "bob.xlsx")
    workbook["Scores"].delete_rows(5)  # a row deleted: only the fingerprint can tell
    workbook.save(back / "bob.xlsx")

    evaluations = read(run)
    rows = len(rows_of(issued / "alice.xlsx"))
    bob_rows = len(rows_of(issued / "bob.xlsx"))
    changed = (
        "the rows were changed (issued with {} vendor x criterion rows, found {}): rows added or "
        "deleted, or a Vendor or ID cell edited; restore the sheet as issued and copy the scores "
        "back"
    )
    assert evaluations.messages == [
        "evaluations/alice.xlsx: Scores!B3: unknown criterion 'SEC-99'",
        "evaluations/alice.xlsx: Scores!A4: unknown vendor 'Nobody Ltd'",
        f"evaluations/alice.xlsx: _rfp!B9: {changed.format(rows, rows)}",
        rejected("evaluations/alice.xlsx", "Scores!B3: unknown criterion 'SEC-99'", 3),
        f"evaluations/bob.xlsx: _rfp!B9: {changed.format(bob_rows, bob_rows - 1)}",
        rejected("evaluations/bob.xlsx", f"_rfp!B9: {changed.format(bob_rows, bob_rows - 1)}"),
    ]
    assert not evaluations.sheets
    assert merged_score(run, evaluations, NORTHSTAR, "SEC-02").source == "auto"


def test_two_files_for_one_evaluator_are_both_refused(run: ScoreRun, issued: Path) -> None:
    returned_alice(run, issued)
    back = evaluations_dir(run)
    shutil.copy(back / "alice.xlsx", back / "alice-final.xlsx")
    fill(issued / "bob.xlsx", back / "bob.xlsx", {(NORTHSTAR, "SEC-02"): 2})
    evaluations = read(run)
    claimed = (
        "_rfp!B4: evaluator 'alice' is also claimed by evaluations/{}; neither is merged: keep "
        "one file per evaluator"
    )
    assert evaluations.messages == [
        f"evaluations/alice-final.xlsx: {claimed.format('alice.xlsx')}",
        rejected("evaluations/alice-final.xlsx", claimed.format("alice.xlsx")),
        f"evaluations/alice.xlsx: {claimed.format('alice-final.xlsx')}",
        rejected("evaluations/alice.xlsx", claimed.format("alice-final.xlsx")),
    ]
    assert evaluations.evaluators == ["bob"]
    assert merged_score(run, evaluations, NORTHSTAR, "SEC-02").score == 2.0

    # The file name counts too: bob's sheet saved as alice.xlsx claims both names.
    (back / "alice-final.xlsx").unlink()
    shutil.copy(back / "bob.xlsx", back / "alice.xlsx")
    shutil.copy(issued / "bob.xlsx", back / "bob.xlsx")
    assert read(run).evaluators == []


def test_bad_consensus_is_refused_whole(run: ScoreRun, issued: Path) -> None:
    returned_alice(run, issued)
    target = evaluations_dir(run) / CONSENSUS_FILE
    workbook = load_workbook(issued / CONSENSUS_FILE)
    sheet = workbook["Consensus"]
    rows: list[list[str | int | None]] = [
        [NORTHSTAR, "SEC-02", 5, "panel agreed"],  # fine on its own
        [BAYANIHAN, "SEC-02", 3, None],  # no reason
        ["Nobody Ltd", "SEC-02", 3, "typo"],
        [QUILLMERE, "XYZ-01", 3, "typo"],
        [QUILLMERE, "SEC-03", 9, "too high"],
    ]
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    workbook.save(target)
    evaluations = read(run)
    assert evaluations.messages == [
        "evaluations/consensus.xlsx: Consensus!D3: an override needs a reason",
        "evaluations/consensus.xlsx: Consensus!A4: unknown vendor 'Nobody Ltd'",
        "evaluations/consensus.xlsx: Consensus!B5: unknown criterion 'XYZ-01'",
        "evaluations/consensus.xlsx: Consensus!C6: 9 is outside 0–5",
        rejected("evaluations/consensus.xlsx", "Consensus!D3: an override needs a reason", 4),
    ]
    assert evaluations.consensus == () and evaluations.consensus_path is None
    assert evaluations.evaluators == ["alice"]
    assert merged_score(run, evaluations, NORTHSTAR, "SEC-02").source == "evaluators"


def test_unreadable_and_foreign_workbooks(run: ScoreRun, issued: Path) -> None:
    back = evaluations_dir(run)
    back.mkdir()
    (back / "broken.xlsx").write_bytes(b"not a zip")
    (back / "~$alice.xlsx").write_bytes(b"Excel lock file: ignored")
    shutil.copy(issued / CONSENSUS_FILE, back / "chen.xlsx")  # the wrong template
    evaluations = read(run)
    assert evaluations.messages[0].startswith(
        "evaluations/broken.xlsx: not a readable Excel workbook"
    )
    assert evaluations.messages[1].startswith(
        "evaluations/broken.xlsx: rejected, 1 problem: not a readable Excel workbook"
    )
    wrong = "_rfp!B1: this is a consensus sheet, not an evaluator score sheet"
    assert evaluations.messages[2:] == [
        f"evaluations/chen.xlsx: {wrong}",
        rejected("evaluations/chen.xlsx", wrong),
    ]


def test_a_sheet_cut_in_half_is_a_problem_not_a_crash(run: ScoreRun, issued: Path) -> None:
    returned_alice(run, issued)
    back = evaluations_dir(run)
    source = issued / "bob.xlsx"
    target = back / "bob.xlsx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as cut:
        for name in archive.namelist():
            data = archive.read(name)
            cut.writestr(name, data[: len(data) // 2] if name.endswith("sheet2.xml") else data)
    before = target.read_bytes()
    evaluations = read(run)
    assert evaluations.messages[0].startswith(
        "evaluations/bob.xlsx: not a readable Excel workbook ("
    )
    assert evaluations.messages[1].startswith("evaluations/bob.xlsx: rejected, 1 problem: ")
    assert evaluations.evaluators == ["alice"]
    assert evaluations.skipped == (target,)
    assert target.read_bytes() == before


def test_xlsm_is_read_and_other_files_are_named(run: ScoreRun, issued: Path) -> None:
    back = evaluations_dir(run)
    fill(issued / "alice.xlsx", back / "alice.xlsm", {(NORTHSTAR, "SEC-02"): 4})
    fill(issued / "bob.xlsx", back / "bob.xlsx", {(NORTHSTAR, "SEC-02"): 2})
    (back / "chen.xls").write_bytes(b"\xd0\xcf\x11\xe0 an old Excel file")
    (back / "notes.txt").write_text("scores to follow", encoding="utf-8")
    (back / ".~lock.bob.xlsx#").write_text("LibreOffice lock file: ignored", encoding="utf-8")
    evaluations = read(run)
    assert evaluations.evaluators == ["alice", "bob"]
    assert merged_score(run, evaluations, NORTHSTAR, "SEC-02").score == 3.0
    assert evaluations.messages == [
        "evaluations/chen.xls: not read: rfp reads evaluator sheets saved as .xlsx, .xlsm or "
        ".ods; open it and save it as .xlsx",
        "evaluations/notes.txt: not read: rfp reads evaluator sheets saved as .xlsx, .xlsm or "
        ".ods; open it and save it as .xlsx",
    ]


def _libreoffice_copy(source: Path, target: Path) -> None:
    """Convert ``source`` to ``target``'s format with LibreOffice headless (skip if absent)."""
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    out = target.parent / "converted"
    subprocess.run(
        [soffice, "--headless", "--convert-to", target.suffix[1:], "--outdir", str(out), source],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (out / f"{source.stem}{target.suffix}").rename(target)
    out.rmdir()


def test_ods_sheet_is_read_or_named(run: ScoreRun, issued: Path, tmp_path: Path) -> None:
    back = evaluations_dir(run)
    fill(issued / "bob.xlsx", back / "bob.xlsx", {(NORTHSTAR, "SEC-02"): 2})
    filled = tmp_path / "alice.xlsx"
    fill(issued / "alice.xlsx", filled, {(NORTHSTAR, "SEC-02"): 4, (BAYANIHAN, "SEC-02"): 3.5})
    if importlib.util.find_spec("python_calamine") is None:
        (back / "alice.ods").write_bytes(b"PK an OpenDocument spreadsheet")
        evaluations = read(run)
        assert evaluations.evaluators == ["bob"]
        assert evaluations.messages == [
            "evaluations/alice.ods: cannot read .ods here (python-calamine is not installed); "
            "open it and save it as .xlsx",
            "evaluations/alice.ods: rejected, 1 problem: cannot read .ods here "
            "(python-calamine is not installed); open it and save it as .xlsx; none of its "
            "scores are merged",
        ]
        return
    _libreoffice_copy(filled, back / "alice.ods")
    evaluations = read(run)
    assert evaluations.messages == []
    assert evaluations.evaluators == ["alice", "bob"]
    assert merged_score(run, evaluations, NORTHSTAR, "SEC-02").score == 3.0
    assert merged_score(run, evaluations, BAYANIHAN, "SEC-02").score == 3.5


def test_stray_values_on_band_rows_are_warnings(run: ScoreRun, issued: Path) -> None:
    back = evaluations_dir(run)
    target = back / "bob.xlsx"
    fill(issued / "bob.xlsx", target, {(NORTHSTAR, "SEC-02"): 2})
    workbook = load_workbook(target)
    sheet = workbook["Scores"]
    bands = [number for number in range(2, sheet.max_row + 1) if not sheet.cell(number, 2).value]
    sheet.cell(row=bands[0], column=8, value=3)  # a score typed on the band row
    sheet.cell(row=bands[1], column=9, value="see notes")
    workbook.save(target)
    evaluations = read(run)
    assert evaluations.evaluators == ["bob"]
    assert evaluations.messages == [
        f"evaluations/bob.xlsx: Scores!H{bands[0]}: 3 is on a vendor band row, not in a score "
        "cell; ignored (the sheet is merged)",
        f"evaluations/bob.xlsx: Scores!I{bands[1]}: 'see notes' is on a vendor band row, not in a "
        "score cell; ignored (the sheet is merged)",
    ]
    assert merged_score(run, evaluations, NORTHSTAR, "SEC-02").score == 2.0


def test_bands_give_the_status_and_rows_what_to_confirm(run: ScoreRun) -> None:
    paths = write_sheets(run, ["alice"])
    sheet = load_workbook(paths[0])["Scores"]
    bands = {
        str(row[0].value).split(" — ")[0]: str(row[0].value)
        for row in sheet.iter_rows(min_row=2)
        if row[1].value is None
    }
    for vendor in vendor_names(run):
        items = run.to_confirm.get(vendor, [])
        if run.knockouts.get(vendor):
            assert "DISQUALIFIED: " in bands[vendor]
        elif items:
            assert f"TO BE CONFIRMED: {items[0].brief}" in bands[vendor]
        else:
            assert "TO BE CONFIRMED" not in bands[vendor]
    open_rows = [
        (row[0].value, row[1].value)
        for row in sheet.iter_rows(min_row=2)
        if str(row[5].value or "").startswith("TO CONFIRM: ")
    ]
    expected = {
        (vendor, item.criterion)
        for vendor in vendor_names(run)
        for item in run.to_confirm.get(vendor, [])
        if item.criterion and item.criterion != "PRC-01"  # pricing is not on technical sheets
    }
    assert expected and set(open_rows) == expected


# --------------------------------------------------------------------------- split sheets


SPLIT_SCORES: dict[tuple[str, str], str | float] = {
    (BAYANIHAN, "SEC-02"): 2,
    (NORTHSTAR, "SEC-02"): 4,
    (NORTHSTAR, "QC-01"): 3.5,
    (QUILLMERE, "SEC-02"): 5,
}


def issue_split(run: ScoreRun, vendors_per_file: int = 1, *, blind: bool = False) -> list[Path]:
    """alice's technical sheet, split ``vendors_per_file`` vendors a file; the parts' paths."""
    budget = technical_rows(run, vendors_per_file)
    return [
        p for p in write_sheets(run, ["alice"], blind=blind, max_rows=budget) if "-of-" in p.name
    ]


def return_parts(
    run: ScoreRun, parts: list[Path], scores: Mapping[tuple[str, str], str | float]
) -> None:
    for part in parts:
        fill(part, evaluations_dir(run) / part.name, scores)


def merged_cells(run: ScoreRun, evaluations: Evaluations) -> dict[tuple[str, str], ScoreCell]:
    return {(c.vendor, c.criterion): c for c in merge(run.project, run.cells, evaluations)}


def test_split_parts_merge_as_one_evaluator_with_the_unsplit_scores(run: ScoreRun) -> None:
    write_sheets(run, ["alice"])
    fill(sheets_dir(run) / "alice.xlsx", evaluations_dir(run) / "alice.xlsx", SPLIT_SCORES)
    whole = read(run)
    assert whole.messages == []
    shutil.rmtree(evaluations_dir(run))

    parts = issue_split(run)
    return_parts(run, parts, SPLIT_SCORES)
    split = read(run)
    assert split.messages == []
    assert split.evaluators == ["alice"]
    assert merged_cells(run, split) == merged_cells(run, whole)
    cells = merged_cells(run, split)
    # One evaluator's score is the cell's score: worked out from SPLIT_SCORES by hand.
    assert [cells[key].score for key in SPLIT_SCORES] == [2.0, 4.0, 3.5, 5.0]
    assert cells[(NORTHSTAR, "SEC-02")].source == "evaluators"
    assert cells[(NORTHSTAR, "SEC-02")].note == "mean of 1 evaluator: alice 4"
    (sheet,) = split.sheets
    assert len(sheet.scored) == 4
    # Each score names its part, Excel's way, so it can be traced to the file it came from.
    quillmere = next(e for e in sheet.scored if e.vendor == QUILLMERE)
    assert quillmere.cell.startswith("[alice-3-of-3.xlsx]Scores!H")
    assert sheet_summaries(split, run.project) == [
        "evaluations/alice-1-of-3.xlsx: merged as one sheet with evaluations/alice-2-of-3.xlsx, "
        "evaluations/alice-3-of-3.xlsx, 4 scores"
    ]
    # The audit hashes every part, not only the first.
    hashed = {f.path: f.role for f in build_record(run, split).inputs}
    assert [p for p, role in sorted(hashed.items()) if role == "evaluator_sheet"] == [
        f"evaluations/alice-{n}-of-3.xlsx" for n in (1, 2, 3)
    ]


def part_refused(file: str, problem: str) -> list[str]:
    """The problem and the rejection line every part of a refused set gets."""
    first = f"evaluator 'alice': {problem}"
    return [f"{file}: {first}", rejected(file, first)]


def test_a_missing_part_refuses_the_evaluator(run: ScoreRun) -> None:
    parts = issue_split(run)
    return_parts(run, [parts[0], parts[2]], SPLIT_SCORES)
    evaluations = read(run)
    assert evaluations.evaluators == []
    found = (
        "part 2 of 3 is missing (found evaluations/alice-1-of-3.xlsx (part 1 of 3), "
        "evaluations/alice-3-of-3.xlsx (part 3 of 3))"
    )
    assert evaluations.messages == [
        *part_refused("evaluations/alice-1-of-3.xlsx", found),
        *part_refused("evaluations/alice-3-of-3.xlsx", found),
    ]
    assert evaluations.skipped == (
        evaluations_dir(run) / "alice-1-of-3.xlsx",
        evaluations_dir(run) / "alice-3-of-3.xlsx",
    )
    assert merged_cells(run, evaluations) == {(c.vendor, c.criterion): c for c in run.cells}


def test_a_part_returned_twice_refuses_the_evaluator(run: ScoreRun) -> None:
    parts = issue_split(run)
    return_parts(run, parts, SPLIT_SCORES)
    back = evaluations_dir(run)
    shutil.copy(back / "alice-2-of-3.xlsx", back / "alice-2-of-3 final.xlsx")
    evaluations = read(run)
    assert evaluations.evaluators == []
    twice = (
        "part 2 is in evaluations/alice-2-of-3 final.xlsx and evaluations/alice-2-of-3.xlsx: "
        "keep one file per part"
    )
    assert len(evaluations.messages) == 8  # a problem and a rejection line for each of 4 files
    assert evaluations.messages[:2] == part_refused("evaluations/alice-1-of-3.xlsx", twice)


def test_parts_from_two_sheets_runs_are_not_merged(run: ScoreRun) -> None:
    """The gaming case: part 1 of one run and part 2 of another together cover every vendor
    exactly once, yet they were issued as different sheets, so neither is merged."""
    first = issue_split(run, vendors_per_file=2)  # Bayanihan, Northstar | Quillmere
    assert [vendors_on(p) for p in first] == [[BAYANIHAN, NORTHSTAR], [QUILLMERE]]
    fill(first[0], evaluations_dir(run) / first[0].name, SPLIT_SCORES)
    without_northstar = [v for v in run.vendors if v.name != NORTHSTAR]
    second = issue_split(
        dataclasses.replace(run, vendors=without_northstar)
    )  # Bayanihan | Quillmere
    assert [vendors_on(p) for p in second] == [[BAYANIHAN], [QUILLMERE]]
    fill(second[1], evaluations_dir(run) / second[1].name, SPLIT_SCORES)
    evaluations = read(run)
    assert evaluations.evaluators == []
    mixed = (
        "the parts come from different sheets runs: evaluations/alice-1-of-2.xlsx (part 1 of 2), "
        "evaluations/alice-2-of-2.xlsx (part 2 of 2); return every part from one run"
    )
    assert evaluations.messages == [
        *part_refused("evaluations/alice-1-of-2.xlsx", mixed),
        *part_refused("evaluations/alice-2-of-2.xlsx", mixed),
    ]


def test_a_split_sheet_and_a_whole_sheet_for_one_evaluator_are_both_refused(run: ScoreRun) -> None:
    return_parts(run, issue_split(run), SPLIT_SCORES)
    write_sheets(run, ["alice"])
    fill(sheets_dir(run) / "alice.xlsx", evaluations_dir(run) / "alice.xlsx", SPLIT_SCORES)
    evaluations = read(run)
    assert evaluations.evaluators == []
    claimed = (
        "_rfp!B4: evaluator 'alice' is also claimed by evaluations/alice.xlsx; neither is "
        "merged: keep one file per evaluator"
    )
    # Every part is named, not only the first.
    assert [m for m in evaluations.messages if "rejected" in m] == [
        *(rejected(f"evaluations/alice-{i}-of-3.xlsx", claimed) for i in (1, 2, 3)),
        rejected(
            "evaluations/alice.xlsx",
            "_rfp!B4: evaluator 'alice' is also claimed by evaluations/alice-1-of-3.xlsx, "
            "evaluations/alice-2-of-3.xlsx, evaluations/alice-3-of-3.xlsx; neither is merged: "
            "keep one file per evaluator",
        ),
    ]


def test_blind_split_keeps_one_alias_per_vendor_across_parts(run: ScoreRun) -> None:
    parts = issue_split(run, blind=True)
    key = json.loads((sheets_dir(run) / BLIND_KEY_FILE).read_text(encoding="utf-8"))
    alias = {vendor: name for name, vendor in key["vendors"].items()}
    assert [vendors_on(p) for p in parts] == [["Vendor A"], ["Vendor B"], ["Vendor C"]]
    assert {about_of(p)["blind_key"] for p in parts} == {key["key"]}
    for part in parts:
        text = " ".join(str(value).casefold() for _, value in all_text(part))
        assert not [w for words in IDENTIFYING.values() for w in words if w in text]
    return_parts(run, parts, {(alias[v], c): score for (v, c), score in SPLIT_SCORES.items()})
    evaluations = read(run)
    assert evaluations.messages == []
    scored = {(e.vendor, e.criterion): e.score for e in evaluations.sheets[0].scored}
    assert scored == {key: float(score) for key, score in SPLIT_SCORES.items()}


def test_a_sheet_longer_than_the_read_cap_is_read_whole(
    run: ScoreRun, issued: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet is read as far as it was issued, even past the cap that guards against a stray
    value at row 1,048,576 (a 1,000-vendor sheet has 70,000 rows, more than the 50,000 cap)."""
    monkeypatch.setattr(sheets_in, "READ_ROWS", 5)
    returned_alice(run, issued)
    back = evaluations_dir(run) / "alice.xlsx"
    issued_rows = int(about_of(back)["rows"])
    assert technical_rows(run, 3) > 5
    evaluations = read(run)
    assert evaluations.messages == []
    assert merged_score(run, evaluations, NORTHSTAR, "SEC-02").score == 4.0

    # A value typed far below the issued rows is not read, and the user is told.
    workbook = load_workbook(back)
    workbook["Scores"].cell(row=2 * issued_rows + 50, column=8, value=1)
    workbook.save(back)
    evaluations = read(run)
    assert evaluations.messages == [
        f"evaluations/alice.xlsx: Scores: values below row {2 * issued_rows + 1:,} are past the "
        "rows issued and were not read"
    ]
    assert merged_score(run, evaluations, NORTHSTAR, "SEC-02").score == 4.0
