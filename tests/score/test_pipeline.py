"""Scoring a project folder end to end: bad files become warnings, outputs are deterministic."""

from __future__ import annotations

import csv
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from rfp.cli import app
from rfp.core.project import load_project
from rfp.errors import ScoringError
from rfp.score import pipeline
from rfp.score.outputs import write_scores
from rfp.score.pipeline import score_project

runner = CliRunner()


def test_unreadable_files_warn_and_flag_without_crashing(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    broken = next(v for v in run.vendors if v.name == "Broken Files Ltd")
    joined = "\n".join(broken.warnings)
    assert "encrypted.pdf" in joined and "password" in joined
    assert "corrupt.pdf" in joined and "corrupt" in joined
    assert "scanned.pdf" in joined and "no extractable text" in joined
    assert broken.flagged
    assert len(broken.documents) == 1  # the cover letter was still read
    files = write_scores(run)
    rows = {row["vendor"]: row for row in csv.DictReader(files.csv.open(encoding="utf-8"))}
    assert "encrypted.pdf" in rows["Broken Files Ltd"]["flags"]
    records = [json.loads(line) for line in files.evidence.read_text(encoding="utf-8").splitlines()]
    assert all(r["flagged"] for r in records if r["vendor"] == "Broken Files Ltd")
    assert not any(r["flagged"] for r in records if r["vendor"] == "Priced Partners" and False)
    warnings = load_workbook(files.xlsx)["Warnings"]
    assert any("scanned.pdf" in str(row[1].value) for row in warnings.iter_rows(min_row=2))


def test_security_strong_pricing_silent_proposal(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    vendor = "Sentinel Contact Services"
    by_id = {c.criterion: c for c in run.cells if c.vendor == vendor}
    security = [by_id[i].score for i in ("SEC-02", "SEC-03", "SEC-04")]
    assert min(security) >= 4, security
    pricing = {cid: cell.score for cid, cell in by_id.items() if cid.startswith("PRC-")}
    assert pricing and max(pricing.values()) <= 1, pricing
    assert by_id["SEC-01"].source == "check"
    assert by_id["SEC-01"].score == 5.0  # PCI DSS, SOC 2 Type II and ISO/IEC 27001 all held
    assert (
        by_id["PRC-01"].score == 0.0
        and by_id["PRC-01"].note == "no prices in the response workbook"
    )
    match = run.match_for(vendor, "SEC-03")
    assert match is not None and match.answered_under_id
    assert match.evidence[0].question_id == "SEC-03"
    assert "AES-256" in match.evidence[0].quote
    assert len(match.evidence[0].quote) <= 302


def test_outputs_have_the_contract_columns(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    files = write_scores(run)
    header = files.csv.read_text(encoding="utf-8").splitlines()[0].split(",")
    areas = [area.id for area in run.project.selection.areas]
    assert header[:5] == ["rank", "vendor", "total", "disqualified", "reason"]
    assert header[5 : 5 + len(areas)] == areas
    first = json.loads(files.evidence.read_text(encoding="utf-8").splitlines()[0])
    for key in ("vendor", "criterion", "auto_score", "similarity", "file", "page", "quote"):
        assert key in first
    workbook = load_workbook(files.xlsx)
    assert workbook.sheetnames == [
        "Ranking",
        "Matrix",
        "Evidence",
        "Checks",
        "Knockouts",
        "Warnings",
    ]
    # The priced vendor's FTE price: (60 + 30 + 8) FTE x $3,000 x 12 = $3,528,000.
    rows = {row["vendor"]: row for row in csv.DictReader(files.csv.open(encoding="utf-8"))}
    assert rows["Priced Partners"]["annual_cost"] == "3528000"
    # Disqualified vendors are listed after qualified ones, with reasons.
    ranked = [rows[v] for v in sorted(rows, key=lambda v: int(rows[v]["rank"]))]
    seen_disqualified = False
    for row in ranked:
        if row["disqualified"] == "yes":
            seen_disqualified = True
            assert row["reason"]
        else:
            assert not seen_disqualified


def test_two_runs_give_identical_csv_and_jsonl(scored_project: Path, tmp_path: Path) -> None:
    first = write_scores(score_project(load_project(scored_project)), tmp_path / "one")
    second = write_scores(score_project(load_project(scored_project)), tmp_path / "two")
    assert first.csv.read_bytes() == second.csv.read_bytes()
    assert first.evidence.read_bytes() == second.evidence.read_bytes()


def test_inputs_are_not_modified(scored_project: Path) -> None:
    before = {p: p.read_bytes() for p in (scored_project / "proposals").rglob("*") if p.is_file()}
    score_project(load_project(scored_project))
    after = {p: p.read_bytes() for p in (scored_project / "proposals").rglob("*") if p.is_file()}
    assert before == after


def test_cli_score_prints_ranking_and_warnings(scored_project: Path) -> None:
    result = runner.invoke(app, ["score", str(scored_project)])
    assert result.exit_code == 0, result.output
    assert "ranking" in result.stdout
    for vendor in ("Sentinel Contact Services", "Broken Files Ltd", "Priced Partners"):
        assert vendor in result.stdout
    assert "warning: Broken Files Ltd" in result.stderr
    assert (scored_project / "out" / "scores.csv").is_file()
    # The fixture builds the response workbook only: the reader is told the RFP's own prose
    # could not be recognised as echo, naming the file that is missing.
    assert f"note: {scored_project / 'out' / 'rfp.html'}: not found" in " ".join(
        result.stderr.split()
    )


def test_cli_score_without_proposals_is_a_clear_error(make_project: Callable[..., Path]) -> None:
    folder = make_project("back")
    result = runner.invoke(app, ["score", str(folder)])
    assert result.exit_code == 1
    assert "no proposals folder" in result.stderr
    assert "Traceback" not in result.output


def test_hostile_names_links_and_broken_workbooks(scored_project: Path, tmp_path: Path) -> None:
    priced = scored_project / "proposals" / "Priced Partners"
    workbook = load_workbook(priced / "response-workbook.xlsx")
    name_cell = workbook["Respondent"].cell(row=2, column=2)
    name_cell.value = '=HYPERLINK("http://evil.example","x") [/bold] :100:'
    name_cell.data_type = "s"  # typed as text, as a vendor could
    workbook.save(priced / "response-workbook.xlsx")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET payroll data", encoding="utf-8")
    (scored_project / "proposals" / "Sentinel Contact Services" / "link.txt").symlink_to(secret)
    broken = scored_project / "proposals" / "Broken Files Ltd" / "response-workbook.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:  # a zip whose workbook XML is cut short
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")

    result = runner.invoke(app, ["score", str(scored_project)], env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert '=HYPERLINK("http://evil.example","x") [/bold] :100:' in result.stdout
    assert "link.txt" in result.stderr and "symbolic link" in result.stderr
    assert "not a readable Excel workbook" in result.stderr
    evidence = (scored_project / "out" / "evidence.jsonl").read_text(encoding="utf-8")
    assert "TOP SECRET" not in evidence
    matrix = load_workbook(scored_project / "out" / "scores.xlsx")["Matrix"]
    headers = [cell for cell in matrix[1] if str(cell.value).startswith("=HYPERLINK")]
    assert headers and all(cell.data_type == "s" for cell in headers)
    rows = list(csv.DictReader((scored_project / "out" / "scores.csv").open(encoding="utf-8")))
    assert any(row["vendor"].startswith("'=HYPERLINK") for row in rows)
    mode = (scored_project / "out" / "scores.csv").stat().st_mode & 0o777
    assert mode == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_alternative_price_models_score_the_lowest(scored_project: Path) -> None:
    priced = scored_project / "proposals" / "Priced Partners"
    workbook = load_workbook(priced / "response-workbook.xlsx")
    for row in workbook["Pricing"].iter_rows(min_row=2):
        if row[0].value == "Per handled minute":
            row[5].value = 0.5  # also offers every channel per minute
    workbook.save(priced / "response-workbook.xlsx")
    run = score_project(load_project(scored_project))
    checks = run.checks["Priced Partners"]
    assert checks.price is not None
    # Per minute: starter volumes voice 42,000 x 360 s + chat 18,000 x 540 s + email 6,000 x 420 s
    # = 252,000 + 162,000 + 42,000 = 456,000 min/month x 12 x $0.50 = $2,736,000, below the
    # $3,528,000 per-FTE offer, so it is the one scored.
    assert checks.price.annual_cost == pytest.approx(2_736_000)
    assert "alternative offers" in checks.price_note
    assert "no usable price" not in str(run.ranking.loc["Priced Partners", "reason"])


def test_implausibly_low_stated_fte_is_floored(scored_project: Path) -> None:
    priced = scored_project / "proposals" / "Priced Partners"
    workbook = load_workbook(priced / "response-workbook.xlsx")
    for row in workbook["Pricing"].iter_rows(min_row=2):
        if row[0].value == "Per FTE per month" and row[1].value == "chat":
            row[6].value = 1  # one agent for 18,000 chats a month
    workbook.save(priced / "response-workbook.xlsx")
    run = score_project(load_project(scored_project))
    price = run.checks["Priced Partners"].price
    assert price is not None
    chat = next(line for line in price.lines if line.startswith("chat"))
    assert "below the floor" in chat
    # chat workload: 18,000 x 540 s = 2,700 h/month / (160 h x 0.7) = 24.1 FTE priced, not 1.
    assert "24.1 FTE priced" in chat


def test_scores_do_not_depend_on_the_number_of_reading_processes(scored_project: Path) -> None:
    project = load_project(scored_project)
    seen: list[tuple[str, str]] = []
    serial = score_project(project, workers=1)
    pooled = score_project(project, progress=lambda *step: seen.append(step), workers=2)
    assert [v.name for v in pooled.vendors] == [v.name for v in serial.vendors]
    assert [v.documents for v in pooled.vendors] == [v.documents for v in serial.vendors]
    assert [v.warnings for v in pooled.vendors] == [v.warnings for v in serial.vendors]
    assert pooled.matches == serial.matches and pooled.cells == serial.cells
    assert pooled.ranking.equals(serial.ranking)
    # The progress bar advances once per vendor read, in folder order.
    assert [detail for stage, detail in seen if stage == "read"] == [
        "Broken Files Ltd",
        "Priced Partners",
        "Sentinel Contact Services",
    ]


class _DyingReader(pipeline._FolderReader):
    """A reader that kills its process, as a crash inside a PDF library would."""

    def __init__(self) -> None:
        pass

    def __call__(self, folder: Path) -> Any:
        os._exit(3)


def test_a_reading_process_that_dies_stops_the_run_with_a_message(tmp_path: Path) -> None:
    folders = [tmp_path / "Alpha", tmp_path / "Beta"]
    with pytest.raises(ScoringError, match=r"Alpha: a process reading .* stopped unexpectedly"):
        list(pipeline._each(_DyingReader(), folders, 2))
