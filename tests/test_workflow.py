"""The evaluator workflow through the command line: sheets, filled scores, merge, audit, report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from rfp.cli import app
from rfp.evaluate import layout
from tests.conftest import pdf_text

runner = CliRunner()


def fill(sheet: Path, target: Path, score: float) -> None:
    """Type the same score into every score cell, as a (lazy) evaluator would."""
    workbook = load_workbook(sheet)
    scores = workbook[layout.SHEET_SCORES]
    for row in range(2, scores.max_row + 1):
        if scores.cell(row=row, column=2).value and isinstance(
            scores.cell(row=row, column=layout.AUTO_COLUMN).value, int | float
        ):
            scores.cell(row=row, column=layout.SCORE_COLUMN, value=score)
    workbook.save(target)


def test_sheets_score_audit_and_report(scored_project: Path) -> None:
    result = runner.invoke(
        app,
        ["sheets", str(scored_project), "--evaluators", "alice,bob", "--price-evaluators", "alice"],
    )
    assert result.exit_code == 0, result.output
    sheets = scored_project / "out" / "sheets"
    assert sorted(p.name for p in sheets.iterdir()) == ["alice.xlsx", "bob.xlsx", "consensus.xlsx"]

    evaluations = scored_project / "evaluations"
    evaluations.mkdir()
    fill(sheets / "alice.xlsx", evaluations / "alice.xlsx", 4)
    fill(sheets / "bob.xlsx", evaluations / "bob.xlsx", 2)
    first = runner.invoke(app, ["score", str(scored_project)])
    assert first.exit_code == 0, first.output
    assert "merged evaluator sheets: alice, bob" in first.stdout
    assert "score(s) differ by 2 or more" in first.stdout

    # A bad sheet is reported with its file and cell, and not merged.
    bad = load_workbook(evaluations / "bob.xlsx")
    bad[layout.SHEET_SCORES].cell(row=3, column=layout.SCORE_COLUMN, value=7)
    bad.save(evaluations / "bob.xlsx")
    second = runner.invoke(app, ["score", str(scored_project)])
    assert second.exit_code == 0
    assert "bob.xlsx" in second.stderr and "7" in second.stderr and "0–5" in second.stderr
    assert "merged evaluator sheets: alice" in second.stdout
    assert "alice, bob" not in second.stdout

    history = runner.invoke(app, ["audit", str(scored_project)])
    assert history.exit_code == 0
    assert "alice, bob" in history.stdout
    detail = runner.invoke(app, ["audit", str(scored_project), "--run", "1"])
    assert detail.exit_code == 0
    assert "evaluations/alice.xlsx" in detail.stdout and "rfp.yaml" in detail.stdout
    changes = runner.invoke(app, ["audit", str(scored_project), "--compare", "1", "2"])
    assert changes.exit_code == 0
    assert "evaluations/bob.xlsx" in changes.stdout
    missing = runner.invoke(app, ["audit", str(scored_project), "--run", "99"])
    assert missing.exit_code == 1 and "99" in missing.stderr

    report = runner.invoke(app, ["report", str(scored_project), "--top", "2"])
    assert report.exit_code == 0, report.output
    text = " ".join(pdf_text(scored_project / "out" / "shortlist.pdf").split())
    assert "Evaluator agreement" in text
    # `rfp score` prints the same confidence verdict the shortlist prints.
    verdict = next(
        line.removeprefix("confidence: ")
        for line in second.stdout.splitlines()
        if line.startswith("confidence: ")
    )
    assert len(verdict) > 20
    assert " ".join(verdict.split()) in text


def test_sheets_needs_evaluators_and_valid_names(scored_project: Path) -> None:
    assert runner.invoke(app, ["sheets", str(scored_project)]).exit_code == 2
    result = runner.invoke(app, ["sheets", str(scored_project), "--evaluators", "alice,../etc"])
    assert result.exit_code == 1
    assert "../etc" in result.stderr
    assert not (scored_project / "out" / "sheets").exists() or not any(
        (scored_project / "out" / "sheets").iterdir()
    )


@pytest.mark.slow
def test_demo_builds_both_shortlists(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    for name in ("acme-contact-centre", "globex-finance-payroll"):
        shortlist = tmp_path / "demo" / name / "out" / "shortlist.pdf"
        assert shortlist.stat().st_size > 20_000
        text = " ".join(pdf_text(shortlist).split())
        assert "Executive summary" in text and "Recommended shortlist" in text
        assert "Contract terms" in text
        out = tmp_path / "demo" / name / "out"
        assert len(list(out.glob("*-contract-schedules.docx"))) == 1
        assert "Annex C. Key terms" in (out / "rfp.html").read_text(encoding="utf-8")
    evaluated = tmp_path / "demo" / "acme-contact-centre" / "evaluations"
    assert sorted(p.name for p in evaluated.iterdir()) == ["alice.xlsx", "bob.xlsx", "orals"]
    assert sorted(p.name for p in (evaluated / "orals").iterdir()) == ["alice.xlsx", "bob.xlsx"]
    # The second stage: orals for the two vendors left qualified, scored 47 and 84 of 100 by
    # the sample panel (ORALS_PANEL), which puts Bayanihan first after orals.
    acme = " ".join(
        pdf_text(tmp_path / "demo" / "acme-contact-centre" / "out" / "shortlist.pdf").split()
    )
    after = acme[acme.index("Ranking after orals") :]
    # Leadership reads the combined ranking first, in the executive summary, then the shortlist.
    summary = acme[acme.index("Executive summary") : acme.index("Recommended shortlist")]
    assert "Ranking after orals (oral presentations and demonstrations 20% of the total" in summary
    assert "1 Bayanihan Contact Solutions 63.3; 2 Northstar CX Solutions 63.0" in summary
    # About 0.29 points apart (shown as 0.3); ORL-04 is 30 of the orals' 100 points and the
    # orals 20% of the total: 0.29 x 500 / (20 x 30) = 0.24 of panel score closes the gap.
    assert (
        "Moving the panel's score (0–5) on ORL-04 Answers to our scenarios by 0.24, for either "
        "of the first two, would close the gap between them." in summary
    )
    assert after.index("Bayanihan Contact Solutions") < after.index("Northstar CX Solutions")
    assert "84.0" in after and "47.0" in after
    assert (tmp_path / "demo" / "initech-hybrid" / "out" / "rfp.pdf").is_file()
    shutil.rmtree(tmp_path / "demo")


def test_audit_of_a_missing_project_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "the project folder does not exist" in result.stderr


def test_a_rejected_sheet_cannot_be_missed(scored_project: Path) -> None:
    """Stray band values only warn; a sheet with a bad score is rejected, and the console, the
    Warnings sheet and the shortlist's methodology all say so."""
    result = runner.invoke(app, ["sheets", str(scored_project), "--evaluators", "alice,bob"])
    assert result.exit_code == 0, result.output
    sheets = scored_project / "out" / "sheets"
    evaluations = scored_project / "evaluations"
    evaluations.mkdir()
    fill(sheets / "alice.xlsx", evaluations / "alice.xlsx", 4)
    stray = load_workbook(evaluations / "alice.xlsx")
    stray[layout.SHEET_SCORES].cell(row=2, column=layout.SCORE_COLUMN, value=5)  # a band row
    stray.save(evaluations / "alice.xlsx")
    fill(sheets / "bob.xlsx", evaluations / "bob.xlsx", 2)
    bad = load_workbook(evaluations / "bob.xlsx")
    bad[layout.SHEET_SCORES].cell(row=3, column=layout.SCORE_COLUMN, value=7)
    bad.save(evaluations / "bob.xlsx")
    scored = sum(
        1
        for row in load_workbook(evaluations / "alice.xlsx")[layout.SHEET_SCORES].iter_rows(
            min_row=3, values_only=True
        )
        if row[1] and isinstance(row[layout.SCORE_COLUMN - 1], int | float)
    )

    first = runner.invoke(app, ["score", str(scored_project)])
    assert first.exit_code == 0, first.output
    assert "Traceback" not in first.output
    assert f"evaluations/alice.xlsx: merged, {scored} scores (1 warning)" in first.stdout
    rejected = (
        "evaluations/bob.xlsx: rejected, 1 problem: Scores!H3: 7 is outside 0–5; none of its "
        "scores are merged"
    )
    assert rejected in first.stdout and rejected in first.stderr
    assert "evaluations/alice.xlsx: Scores!H2: 5 is on a vendor band row" in first.stderr
    warnings = load_workbook(scored_project / "out" / "scores.xlsx")["Warnings"]
    listed = [str(cell.value) for row in warnings.iter_rows() for cell in row]
    assert rejected in listed

    report = runner.invoke(app, ["report", str(scored_project), "--top", "2"])
    assert report.exit_code == 0, report.output
    text = " ".join(pdf_text(scored_project / "out" / "shortlist.pdf").split())
    assert "rejected and not merged: evaluations/bob.xlsx (1 problem)" in text


def test_blind_sheets_mask_every_form_of_a_name(scored_project: Path) -> None:
    """A folder run together ("vaguepartners") is masked as the proposal spells it, with its
    domain; the key and the console tell the buyer what was masked."""
    import json
    import zipfile

    vague = scored_project / "proposals" / "vaguepartners"
    vague.mkdir()
    (vague / "proposal.md").write_text(
        "# Vague Partners: data protection\n\nVague Partners encrypts customer data at rest with "
        "AES-256 and VAGUE PARTNERS rotates keys yearly; see www.vaguepx.example or write to "
        "security@vaguepx.example.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["sheets", str(scored_project), "--evaluators", "alice", "--blind"])
    assert result.exit_code == 0, result.output
    sheets = scored_project / "out" / "sheets"
    key = json.loads((sheets / layout.BLIND_KEY_FILE).read_text(encoding="utf-8"))
    assert key["masked"]["vaguepartners"] == ["vaguepartners", "Vague Partners", "vaguepx.example"]
    alias = {vendor: name for name, vendor in key["vendors"].items()}["vaguepartners"]
    assert f"{alias} = vaguepartners: masked vaguepartners, Vague Partners, vaguepx.example" in (
        result.stdout
    )
    assert sum(line.startswith("Vendor ") for line in result.stdout.splitlines()) == 4
    for name in ("alice.xlsx", layout.CONSENSUS_FILE):
        with zipfile.ZipFile(sheets / name) as archive:
            for part in archive.namelist():
                text = archive.read(part).decode("utf-8").casefold()
                for form in ("vague partners", "vaguepartners", "vaguepx"):
                    assert form not in text, f"{name}:{part} shows {form}"
