"""The command line: exit codes, messages without tracebacks, and the documented commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from rfp.cli import app

runner = CliRunner()


def test_init_writes_a_commented_valid_spec(tmp_path: Path) -> None:
    folder = tmp_path / "acme-support"
    result = runner.invoke(
        app,
        [
            "init",
            str(folder),
            "--office",
            "front",
            "--functions",
            "customer_service,technical_support",
        ],
    )
    assert result.exit_code == 0, result.output
    text = (folder / "rfp.yaml").read_text(encoding="utf-8")
    assert text.count("\n#") >= 10  # commented for the user
    data = yaml.safe_load(text)
    assert data["office"] == "front"
    assert data["functions"] == ["customer_service", "technical_support"]
    for key in ("schema_version", "buyer", "project", "locations", "time_zone", "coverage",
                "languages", "certifications", "volumes", "timeline", "weights", "criteria",
                "questions"):  # fmt: skip
        assert key in data, key
    again = runner.invoke(app, ["init", str(folder), "--office", "front"])
    assert again.exit_code == 1
    assert "already exists; use --force" in again.stderr


def test_init_without_functions_says_which_it_started_with(tmp_path: Path) -> None:
    """The functions decide the RFP's questions: a default is said, never silently taken."""
    result = runner.invoke(app, ["init", str(tmp_path / "p"), "--office", "back"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "p" / "rfp.yaml").read_text(encoding="utf-8"))
    assert len(data["functions"]) == 2
    said = " ".join(result.stdout.split())
    assert "no --functions given: started with" in said
    assert all(f"({function})" in said for function in data["functions"])
    assert "data_entry" in said.split("(the others:")[1]  # what else could be chosen
    named = runner.invoke(
        app, ["init", str(tmp_path / "q"), "--office", "back", "--functions", "payroll"]
    )
    assert "no --functions given" not in named.stdout


def test_init_rejects_unknown_and_wrong_office_functions(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["init", str(tmp_path / "x"), "--office", "front", "--functions", "payrol,payroll"]
    )
    assert result.exit_code == 1
    assert "unknown function 'payrol' (did you mean 'payroll'?)" in result.stderr
    assert "payroll is a back-office function; use --office hybrid" in result.stderr
    assert not (tmp_path / "x" / "rfp.yaml").exists()


def test_ctrl_c_is_said_and_exits_130_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("rfp.core.project.load_project", interrupted)
    result = runner.invoke(app, ["score", str(tmp_path)])
    assert result.exit_code == 130
    assert "interrupted: every file written is whole" in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path), "--office", "middle"]).exit_code == 2
    assert runner.invoke(app, ["generate"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_generate_without_spec_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'rfp.yaml'}: not found; create it with: rfp init" in result.stderr
    assert "Traceback" not in result.output


def test_generate_writes_the_four_documents(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    assert (
        runner.invoke(
            app, ["init", str(folder), "--office", "back", "--functions", "payroll"]
        ).exit_code
        == 0
    )
    result = runner.invoke(app, ["generate", str(folder)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (folder / "out").iterdir())
    assert names == [
        "ACME-2026-BO-01-contract-schedules.docx",
        "response-template.docx",
        "response-workbook.xlsx",
        "rfp.html",
        "rfp.pdf",
    ]
    assert "mandatory" in result.stdout


def test_criteria_list_json_filters_by_office() -> None:
    result = runner.invoke(app, ["criteria", "list", "--office", "back", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows and all(row["applies_to"] in ("back", "both") for row in rows)
    assert {"id", "area", "title", "question", "applies_to", "mandatory", "weight"} <= set(rows[0])
    everything = json.loads(runner.invoke(app, ["criteria", "list", "--format", "json"]).stdout)
    assert len(everything) > len(rows)


def test_criteria_list_table() -> None:
    result = runner.invoke(app, ["criteria", "list", "--office", "front"])
    assert result.exit_code == 0
    assert "SEC-01" in result.stdout


def test_criteria_show_and_unknown_id() -> None:
    result = runner.invoke(app, ["criteria", "show", "SEC-01"])
    assert result.exit_code == 0
    assert "SEC-01" in result.stdout and "Rubric" in result.stdout and "  5  " in result.stdout
    missing = runner.invoke(app, ["criteria", "show", "SEC-1"])
    assert missing.exit_code == 1
    assert "unknown criterion id 'SEC-1' (did you mean 'SEC-01'?)" in missing.stderr


def test_python_dash_m_works_like_rfp() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "rfp", "criteria", "show", "NOPE-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "unknown criterion id 'NOPE-01'" in completed.stderr
    assert "Traceback" not in completed.stderr
    version = subprocess.run(
        [sys.executable, "-m", "rfp", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.startswith("rfp ")


def _field_of_thirty() -> Any:
    """A run of 30 ranked vendors: three disqualified and two to confirm below rank 25, one to
    confirm within it."""
    import pandas as pd

    from rfp.score.run import Knockout

    names = [f"V{n:02d}" for n in range(1, 31)]
    ranking = pd.DataFrame(
        {
            "rank": range(1, 31),
            "total": [90.0 - n for n in range(30)],
            "annual_cost": [1_000_000.0] * 30,
            "disqualified": [n >= 27 for n in range(30)],
            "flags": [""] * 30,
        },
        index=names,
    )
    certificate = Knockout("SEC-01", "does not hold required certification: PCI DSS")
    term = Knockout("", "does not answer non-negotiable term Right to audit")
    price = Knockout("PRC-01", "incomplete price: 1,234 a year", criterion_title="Total price")

    def exception(note: str) -> Knockout:
        """A contract exception whose reason carries the vendor's own note."""
        term = "non-negotiable term Right to audit (right_to_audit)"
        return Knockout("", f"takes exception to {term}; {note}", kind="contract")

    criteria = [
        SimpleNamespace(id=cid, criterion=SimpleNamespace(title=title))
        for cid, title in (("SEC-01", "Security certifications"), ("PRC-01", "Total price"))
    ]
    project = SimpleNamespace(
        spec=SimpleNamespace(project=SimpleNamespace(reference="T-1")),
        selection=SimpleNamespace(criteria=criteria),
    )
    return SimpleNamespace(
        project=project,
        ranking=ranking,
        knockouts={
            "V28": [certificate],
            "V29": [certificate, exception("audits once a year")],
            "V30": [certificate, exception("our own auditors only")],
        },
        to_confirm={"V02": [term], "V26": [term], "V27": [term, price]},
    )


def test_a_large_field_prints_the_top_of_the_ranking_and_counts_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from rich.console import Console

    from rfp import cli

    printed = io.StringIO()
    monkeypatch.setattr(cli, "console", Console(file=printed, width=200))
    cli.print_ranking(_field_of_thirty())
    lines = printed.getvalue().splitlines()
    rows = [line for line in lines if line.startswith("│")]
    assert [row.split("│")[2].strip() for row in rows] == [f"V{n:02d}" for n in range(1, 26)]
    said = printed.getvalue()
    assert "... and 5 more vendors below rank 25" in said
    assert "V02 to be confirmed: does not answer non-negotiable term Right to audit" in said
    assert "V26" not in said and "V28" not in said
    assert (
        "3 vendors below the table are disqualified; vendors per question or reason: "
        "SEC-01 Security certifications (3); takes exception to non-negotiable term Right to "
        "audit (right_to_audit) (2)"
    ) in said
    assert "audits once a year" not in said  # a vendor's note is not echoed in a count
    assert (
        "2 vendors below the table are to be confirmed; vendors per question or reason: "
        "does not answer non-negotiable term Right to audit (2); PRC-01 Total price (1)"
    ) in said


def test_a_warning_many_vendors_share_is_printed_once_with_the_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Six vendors missing the same sheet make one line; a warning two share, and one only a
    vendor has, are printed for each vendor as before."""
    import io

    from rich.console import Console

    from rfp import cli

    def vendor(name: str, *warnings: str) -> Any:
        folder = Path("/p/proposals") / name
        return SimpleNamespace(
            name=name, folder=folder, warnings=[w.format(folder) for w in warnings]
        )

    missing = "{}/response-workbook.xlsx: sheet 'Contract exceptions' is missing"
    vendors = [vendor(f"V{n}", missing) for n in range(6)]
    vendors += [
        vendor("Odd", "{}/proposal.pdf: the PDF is encrypted (password protected)"),
        vendor("W1", "{}: 2 files over the page limit"),
        vendor("W2", "{}: 2 files over the page limit"),
    ]
    printed = io.StringIO()
    monkeypatch.setattr(cli, "errors", Console(file=printed, width=300))
    cli.print_warnings(SimpleNamespace(notes=["one note"], vendors=vendors))
    assert printed.getvalue().splitlines() == [
        "note: one note",
        "warning: 6 vendors (the Warnings sheet of scores.xlsx names each), each in its own "
        "folder: response-workbook.xlsx: sheet 'Contract exceptions' is missing",
        "warning: Odd: /p/proposals/Odd/proposal.pdf: the PDF is encrypted (password protected)",
        "warning: W1: /p/proposals/W1: 2 files over the page limit",
        "warning: W2: /p/proposals/W2: 2 files over the page limit",
    ]
