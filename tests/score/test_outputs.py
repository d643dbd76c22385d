"""The output contract of a scoring run: scores.csv columns, formula escaping, evidence.jsonl."""

from __future__ import annotations

import csv
import json
import multiprocessing
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from rfp.core.project import load_project
from rfp.score.outputs import (
    _safe,
    csv_safe,
    evidence_line,
    scores_written,
    write_scores,
    write_workbook,
)
from rfp.score.pipeline import score_project
from rfp.score.run import Evaluations, EvaluatorSheet, ScoreRun

EVIDENCE_FIELDS = [
    "vendor",
    "criterion",
    "area",
    "auto_score",
    "similarity",
    "file",
    "page",
    "quote",
    "score",
    "source",
    "note",
    "points",
    "max_points",
    "coverage",
    "answered_under_id",
    "covered_terms",
    "missed_terms",
    "evidence",
    "flagged",
    "echo_share",
    "specifics",
    "facts_met",
    "facts_missed",
]
PASSAGE_FIELDS = ["file", "page", "section", "question_id", "similarity", "quote"]


@pytest.fixture
def run(scored_project: Path) -> ScoreRun:
    """The scored project with its secure vendor renamed to a spreadsheet formula."""
    proposals = scored_project / "proposals"
    (proposals / "Sentinel Contact Services").rename(proposals / "=cmd")
    return score_project(load_project(scored_project))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=cmd", "'=cmd"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_csv_safe_escapes_only_a_leading_formula_character(text: str, written: str) -> None:
    assert csv_safe(text) == written


def test_scores_csv_columns_and_escaped_vendor(run: ScoreRun, tmp_path: Path) -> None:
    files = write_scores(run, tmp_path / "out")
    with files.csv.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        header = reader.fieldnames
    areas = [area.id for area in run.project.selection.areas]
    assert header == [
        "rank",
        "vendor",
        "total",
        "disqualified",
        "reason",
        *areas,
        "annual_cost",
        "flags",
        "status",
        "to_confirm",
        "unsupported_claims",
        "term_cost",
        "full_coverage_adjustment",
        "price_source",
    ]
    assert sorted(row["vendor"] for row in rows) == ["'=cmd", "Broken Files Ltd", "Priced Partners"]
    assert [row["rank"] for row in rows] == ["1", "2", "3"]
    assert all(row["disqualified"] in ("yes", "no") for row in rows)
    assert b"\r" not in files.csv.read_bytes()
    # Areas carry two decimals; the annual cost is whole; a vendor without prices has none.
    priced = next(row for row in rows if row["vendor"] == "Priced Partners")
    assert all(len(priced[area].split(".")[1]) == 2 for area in areas)
    assert priced["annual_cost"].isdigit()
    assert next(row for row in rows if row["vendor"] == "Broken Files Ltd")["annual_cost"] == ""
    broken = next(row for row in rows if row["vendor"] == "Broken Files Ltd")
    assert (broken["term_cost"], broken["price_source"]) == ("", "none")
    assert priced["price_source"] == "workbook" and priced["term_cost"].isdigit()

    # In the workbook the same name is a text cell, never a formula.
    ranking = load_workbook(files.xlsx)["Ranking"]
    (cell,) = [c for c in ranking["B"] if c.value == "=cmd"]
    assert cell.data_type == "s"


def test_evidence_jsonl_fields(run: ScoreRun, tmp_path: Path) -> None:
    files = write_scores(run, tmp_path / "out")
    lines = files.evidence.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    criteria = [wc.id for wc in run.project.selection.criteria]
    # One record per vendor x criterion, vendors in order, criteria in selection order.
    assert [(r["vendor"], r["criterion"]) for r in records] == [
        (v.name, c) for v in run.vendors for c in criteria
    ]
    assert all(list(r) == EVIDENCE_FIELDS for r in records)
    assert all(list(e) == PASSAGE_FIELDS for r in records for e in r["evidence"])
    # JSON is not a spreadsheet: the vendor's real name is kept.
    assert {r["vendor"] for r in records} == {"=cmd", "Broken Files Ltd", "Priced Partners"}

    answered = next(r for r in records if r["vendor"] == "=cmd" and r["criterion"] == "SEC-01")
    assert answered["answered_under_id"] is True
    assert answered["file"] == "proposal.md" and answered["page"] is None
    assert answered["evidence"][0]["question_id"] == "SEC-01"
    assert answered["quote"] == answered["evidence"][0]["quote"]

    # Points are the score's share of the criterion's points; they add up to the CSV total.
    totals = {str(v): float(t) for v, t in run.ranking["total"].items()}
    for record in records:
        assert record["points"] == round(record["max_points"] * record["score"] / 5, 4)
    for vendor, total in totals.items():
        points = sum(r["points"] for r in records if r["vendor"] == vendor)
        assert points == pytest.approx(total, abs=0.01)


def test_outputs_are_byte_identical_when_written_twice(run: ScoreRun, tmp_path: Path) -> None:
    first = write_scores(run, tmp_path / "first")
    second = write_scores(run, tmp_path / "second")
    assert first.csv.read_bytes() == second.csv.read_bytes()
    assert first.evidence.read_bytes() == second.evidence.read_bytes()
    assert first.xlsx.read_bytes() == second.xlsx.read_bytes()
    # Stamped with the RFP's issue date, not the time of writing (which made each file differ).
    core = zipfile.ZipFile(first.xlsx).read("docProps/core.xml").decode()
    issued = run.project.spec.timeline.issued.isoformat()
    assert core.count(f">{issued}T09:00:00Z</dcterms:") == 2  # created and modified
    assert f"<dc:title>Scores: {run.project.spec.project.reference}</dc:title>" in core


def test_scores_workbook_prints_and_names_areas(run: ScoreRun, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(write_scores(run, tmp_path).xlsx)
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        # One page wide: fitToWidth left out means 1, the file format's default.
        fit = sheet.sheet_properties.pageSetUpPr
        assert fit is not None and fit.fitToPage, sheet.title
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1", sheet.title
    matrix = workbook["Matrix"]
    titles = {area.area.title for area in run.project.selection.areas}
    areas = {matrix.cell(row, 3).value for row in range(2, 2 + len(run.project.selection.criteria))}
    assert areas <= titles and len(areas) > 1
    evidence = workbook["Evidence"]
    # Wrapped quotes get rows tall enough for their lines (70-wide column, 69 a line).
    quote = str(evidence.cell(2, 9).value or "")
    assert evidence.row_dimensions[2].height >= 15 * max(1, -(-len(quote) // 69))


def test_every_output_shows_the_status_and_the_items_to_confirm(
    run: ScoreRun, tmp_path: Path
) -> None:
    files = write_scores(run, tmp_path / "out")
    with files.csv.open(encoding="utf-8", newline="") as handle:
        rows = {row["vendor"]: row for row in csv.DictReader(handle)}
    broken = rows["Broken Files Ltd"]  # no workbook, no readable price: nothing stated
    assert broken["status"] == "to be confirmed" and broken["disqualified"] == "no"
    assert "no readable response workbook" in broken["to_confirm"]
    assert "no usable price" in broken["to_confirm"]
    for name, row in rows.items():
        assert row["status"] == run.status(name.lstrip("'"))
    workbook = load_workbook(files.xlsx)
    statuses = {r[1].value: r[3].value for r in workbook["Ranking"].iter_rows(min_row=2)}
    assert statuses["Broken Files Ltd"] == "To be confirmed"
    knockouts = [
        [str(c.value or "") for c in r] for r in workbook["Knockouts"].iter_rows(min_row=2)
    ]
    open_rows = [r for r in knockouts if r[0] == "Broken Files Ltd"]
    assert open_rows and all(r[5] == "to confirm" for r in open_rows)
    assert len(open_rows) == len(run.to_confirm["Broken Files Ltd"])
    settle = {r[2].split(":")[0].split(" (")[0]: r[6] for r in open_rows}
    assert settle["no usable price"] == "ask the vendor for prices in the response workbook"
    assert settle["required certification not stated"] == (
        "consensus score on SEC-01: below the threshold disqualifies"
    )
    header = [c.value for c in workbook["Unsupported claims"][1]]
    assert header == ["Vendor", "Criterion", "Question", "Compliance matrix", "Gap in the proposal"]


def test_checks_sheet_lists_regulations_apart_and_languages_by_name(
    scored_project: Path, tmp_path: Path
) -> None:
    """Issue 12, part 6: 'GDPR' is not a certification held, and 'es' reads as Spanish."""
    (scored_project / "proposals" / "Priced Partners" / "compliance.md").write_text(
        "# Compliance\n\nWe hold ISO/IEC 27001:2022 certification. We comply with GDPR and "
        "HIPAA. We offer English and Spanish from Bogota.\n",
        encoding="utf-8",
    )
    run = score_project(load_project(scored_project))
    files = write_scores(run, tmp_path / "out")

    sheet = load_workbook(files.xlsx)["Checks"]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "Priced Partners")
    found = dict(zip(header, row, strict=True))
    assert found["Certifications held"] == "ISO/IEC 27001"
    assert found["Complies with"] == "GDPR, HIPAA"
    assert found["Languages"] == "English (en), Spanish (es)"


FLAG_FILL = "FDE2E1"  # the shading of a row that needs the reader's eye (RGB; alpha aside)


def test_scores_workbook_keeps_every_look(run: ScoreRun, tmp_path: Path) -> None:
    """Written row by row (XlsxWriter's constant-memory mode), the workbook still carries its widths,
    frozen panes, filters, number formats, shaded rows and colour scale, and says each sheet's
    extent (readers in read-only mode size a sheet by it)."""
    target = write_scores(run, tmp_path).xlsx
    workbook = load_workbook(target)
    streamed = load_workbook(target, read_only=True)
    for sheet in workbook.worksheets:
        extent = streamed[sheet.title]
        assert (extent.max_row, extent.max_column) == (sheet.max_row, sheet.max_column)
    streamed.close()
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == ("C2" if sheet.max_column > 6 else "A2"), sheet.title
        header = sheet[1]
        assert all(c.font.b and c.fill.fgColor.rgb[-6:] == "0B3D6E" for c in header), sheet.title
        if sheet.max_row > 1:
            assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}{sheet.max_row}"
    ranking = workbook["Ranking"]
    widths = [ranking.column_dimensions[letter].width for letter in "ABCDEF"]
    assert widths == [6, 28, 10, 15, 40, 14]
    rows = list(ranking.iter_rows(min_row=2))
    assert {row[5].number_format for row in rows} == {"#,##0"}
    assert {row[2].number_format for row in rows} == {"General"}
    for row in rows:
        # To be confirmed, disqualified or flagged: rank, vendor and status shaded, nothing else.
        flagged = row[3].value != "Qualified" or bool(row[-3].value)
        shaded = [cell.column for cell in row if cell.fill.fgColor.rgb[-6:] == FLAG_FILL]
        assert shaded == ([1, 2, 4] if flagged else []), row[1].value
    assert any(row[1].value == "Broken Files Ltd" for row in rows if row[0].fill.fill_type)
    # Text wraps and figures sit on the first line of their row.
    assert rows[0][4].alignment.wrap_text and rows[0][4].alignment.vertical == "top"
    assert not rows[0][2].alignment.wrap_text and rows[0][2].alignment.vertical == "top"
    price = workbook["Price"]
    formats = [price.cell(2, column).number_format for column in range(1, 12)]
    assert [column for column, f in enumerate(formats, start=1) if f == "#,##0"] == [3, 4, 6, 7]
    matrix = workbook["Matrix"]
    (scale,) = matrix.conditional_formatting
    assert str(scale.sqref) == f"F2:H{1 + len(run.project.selection.criteria)}"
    assert scale.rules[0].type == "colorScale"


def test_vendor_text_is_never_a_formula_in_any_sheet(run: ScoreRun, tmp_path: Path) -> None:
    """'=cmd' heads a Matrix column and starts rows on several sheets: text every time."""
    workbook = load_workbook(write_scores(run, tmp_path).xlsx)
    found = {
        sheet.title: [cell.data_type for row in sheet.iter_rows() for cell in row]
        for sheet in workbook.worksheets
        if any(cell.value == "=cmd" for row in sheet.iter_rows() for cell in row)
    }
    assert {"Ranking", "Matrix", "Evidence", "Checks", "Price"} <= set(found)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)


def test_matrix_greys_the_cells_no_evaluator_scored(run: ScoreRun, tmp_path: Path) -> None:
    """With evaluator sheets in, an automatic score is grey italic and a note says why; a
    score an evaluator gave, or a structured check's, keeps the plain font."""
    sheet = EvaluatorSheet("alice", tmp_path / "alice.xlsx", "", blind=False, entries=())
    run.evaluations = Evaluations(sheets=(sheet,))
    judged = run.cells[0]
    run.cells[0] = replace(judged, source="evaluators")
    target = tmp_path / "scores.xlsx"
    write_workbook(run, target)
    matrix = load_workbook(target)["Matrix"]
    criteria = [wc.id for wc in run.project.selection.criteria]
    vendors = [vendor.name for vendor in run.vendors]
    scores = matrix.iter_rows(min_row=2, max_row=1 + len(criteria), min_col=6)
    grey = {
        (vendors[column], criteria[row])
        for row, cells in enumerate(scores)
        for column, cell in enumerate(cells)
        if cell.font.i and cell.font.color.rgb[-6:] == "7F7F7F"
    }
    automatic = {(c.vendor, c.criterion) for c in run.cells if c.source == "auto"}
    assert grey == automatic and (judged.vendor, judged.criterion) not in grey
    checked = {(c.vendor, c.criterion) for c in run.cells if c.source == "check"}
    assert checked and not checked & grey  # a structured check's score is not automatic
    assert matrix.cell(len(criteria) + 2, 2).value is None
    assert str(matrix.cell(len(criteria) + 3, 2).value).startswith("Grey italic")


def _members(path: Path) -> dict[str, bytes]:
    """A workbook's parts but its creation stamps (docProps/core.xml)."""
    with zipfile.ZipFile(path) as workbook:
        return {n: workbook.read(n) for n in workbook.namelist() if n != "docProps/core.xml"}


def _gone_but(before: set[Any]) -> bool:
    """Whether every child process but ``before``'s has ended, waiting up to 10 s for the
    operating system to reap a process just stopped."""
    deadline = time.monotonic() + 10
    while set(multiprocessing.active_children()) - before:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_second_process_writes_the_same_workbook(
    run: ScoreRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """scores.xlsx written by a second process while the caller works is the very workbook
    written here, and the other outputs are unchanged; the sheets handed over through a
    private temporary folder leave nothing behind."""
    (tmp_path / "system-temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "system-temp"))
    before = set(multiprocessing.active_children())  # other tests' processes may linger
    with scores_written(run, tmp_path / "here", second_process=False) as here:
        assert here.xlsx.is_file()  # written before the block runs
    with scores_written(run, tmp_path / "there", second_process=True) as there:
        assert there.csv.is_file() and there.evidence.is_file()
        (private,) = (tmp_path / "system-temp").iterdir()
        assert private.name.startswith("rfp-") and (private / "sheets.pickle").is_file()
    assert _members(here.xlsx) == _members(there.xlsx)
    assert len(_members(here.xlsx)) > 10
    assert here.csv.read_bytes() == there.csv.read_bytes()
    assert here.evidence.read_bytes() == there.evidence.read_bytes()
    assert _gone_but(before)
    assert list((tmp_path / "system-temp").iterdir()) == []


def test_an_error_in_the_block_stops_the_workbook_process(run: ScoreRun, tmp_path: Path) -> None:
    before = set(multiprocessing.active_children())  # other tests' processes may linger
    with (
        pytest.raises(RuntimeError, match="the audit failed"),
        scores_written(run, tmp_path, second_process=True),
    ):
        raise RuntimeError("the audit failed")
    assert _gone_but(before)
    assert not (tmp_path / "scores.xlsx").exists()


@pytest.mark.parametrize("second_process", [False, True])
def test_a_workbook_that_cannot_be_written_names_its_file(
    run: ScoreRun, tmp_path: Path, second_process: bool
) -> None:
    """A folder where scores.xlsx should go: the same error, naming the file, whichever
    process writes it."""
    (tmp_path / "scores.xlsx").mkdir()
    before = set(multiprocessing.active_children())  # other tests' processes may linger
    with (
        pytest.raises(IsADirectoryError) as raised,
        scores_written(run, tmp_path, second_process=second_process),
    ):
        pass
    assert raised.value.filename == str(tmp_path / "scores.xlsx")
    assert _gone_but(before)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


_TRICKY = st.text(
    alphabet=st.sampled_from(
        list('ab u\\"\n\r\t\x00\x07\x08\x0c\x1f\x7f\x85\u2028\u202e\u2066\udcff\U0001f600é')
    ),
    max_size=12,
)


@given(
    st.dictionaries(
        st.sampled_from(["vendor", "quote", "note"]),
        _TRICKY | st.lists(_TRICKY, max_size=3) | st.floats(allow_nan=True) | st.none(),
    )
)
def test_an_evidence_line_is_the_record_made_safe_then_written(record: dict[str, Any]) -> None:
    """The shortcut for records with nothing to escape writes what making every text safe and
    then writing gives, for controls, surrogates, bidi marks and backslashes alike."""
    expected = json.dumps(_safe(record), ensure_ascii=False, sort_keys=False)
    assert evidence_line(record) == expected
    expected.encode("utf-8")  # no lone surrogate is left to fail the file's encoding
