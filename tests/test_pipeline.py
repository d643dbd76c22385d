"""Scoring a project folder end to end: bad files become warnings, outputs are deterministic."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from rfp.cli import app
from rfp.outputs import write_scores
from rfp.pipeline import score_project
from rfp.project import load_project

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


def test_cli_score_without_proposals_is_a_clear_error(make_project: Callable[..., Path]) -> None:
    folder = make_project("back")
    result = runner.invoke(app, ["score", str(folder)])
    assert result.exit_code == 1
    assert "no proposals folder" in result.stderr
    assert "Traceback" not in result.output
