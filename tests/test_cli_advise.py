"""``rfp advise``: options or prompts in, the reasoned advice out, and an rfp.yaml that generates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import rfp.cli
from rfp.cli import app

runner = CliRunner()

HYBRID = [
    "advise", "--functions", "customer_service,payroll", "--goals", "revenue,cost",
    "--contact", "continuous", "--exposure", "high", "--scaling", "seasonal",
    "--constraints", "gdpr", "--country", "GB", "--languages", "en",
    "--time-zone", "Europe/London", "--hours", "business",
]  # fmt: skip


def test_advice_from_options_prints_every_reason(tmp_path: Path) -> None:
    result = runner.invoke(app, HYBRID, env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Office model: hybrid" in out
    assert "recommended: hybrid: front-office customer_service and back-office payroll" in out
    # Per group: front (cost 0,1,2 + time zone 1,1,0 + brand 2,1,0 + cultural 1,0,0 + GDPR
    # 1,1,0 = 5,4,2); back (cost + cultural + GDPR = 2,2,2): a three-way tie.
    assert "Delivery location, front office (Customer service)" in out
    assert "Delivery location, back office (Payroll)" in out
    assert "recommended: onshore" in out
    assert "recommended: balanced between onshore, nearshore and offshore" in out
    assert "what would tip it: constraint hipaa -> onshore" in out
    assert "conflict: cost advantage (goals = cost,revenue) favours offshore over onshore" in out
    assert "rfp.yaml locations: onshore, nearshore, offshore" in out
    assert "not assessed" not in out  # every optional answer was given


def test_init_writes_a_prefilled_rfp_yaml_that_generates(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    result = runner.invoke(
        app,
        [
            "advise", "--functions", "payroll,invoice_processing", "--goals", "cost",
            "--contact", "none", "--exposure", "low", "--scaling", "slow",
            "--constraints", "data_in_country", "--country", "IE",
            "--time-zone", "Europe/Dublin", "--init", str(folder),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"wrote {folder / 'rfp.yaml'}" in result.output
    text = (folder / "rfp.yaml").read_text(encoding="utf-8")
    assert "#   back office (payroll, invoice_processing): onshore; accepted: onshore" in text
    data = yaml.safe_load(text)
    assert data["office"] == "back"
    assert data["functions"] == ["payroll", "invoice_processing"]
    assert data["locations"] == ["onshore"]  # data residency excludes the rest
    assert data["buyer"]["country"] == "IE" and data["countries"] == ["IE"]
    assert data["time_zone"] == "Europe/Dublin"
    assert data["certifications"] == ["SOC 2 Type II", "ISO/IEC 27001"]
    generated = runner.invoke(app, ["generate", str(folder)])
    assert generated.exit_code == 0, generated.output
    assert (folder / "out" / "rfp.pdf").stat().st_size > 0
    assert (folder / "out" / "response-workbook.xlsx").exists()


def test_init_never_overwrites_an_existing_rfp_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "rfp.yaml").write_text("mine\n", encoding="utf-8")
    args = [*HYBRID, "--init", str(folder)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "already exists; use --force to replace it" in result.stderr
    assert (folder / "rfp.yaml").read_text(encoding="utf-8") == "mine\n"
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert yaml.safe_load((folder / "rfp.yaml").read_text(encoding="utf-8"))["office"] == "hybrid"


def test_unknown_function_is_one_message_with_did_you_mean(tmp_path: Path) -> None:
    args = [
        "advise", "--functions", "payrol", "--goals", "cost", "--contact", "none",
        "--exposure", "low", "--scaling", "slow", "--constraints", "none",
        "--init", str(tmp_path / "x"),
    ]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: 1 problem found:")
    assert "--functions: unknown function 'payrol' (did you mean 'payroll'?)" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "x" / "rfp.yaml").exists()


@pytest.mark.parametrize("no_input", [True, False])
def test_missing_answers_without_a_terminal_are_listed_together(no_input: bool) -> None:
    """CliRunner's stdin is not a terminal: without --no-input the result is the same."""
    args = ["advise", "--functions", "customer_service", "--no-input"]
    result = runner.invoke(app, args if no_input else args[:-1])
    assert result.exit_code == 1
    assert "error: 5 problems found:" in result.stderr
    for option in ("--goals", "--contact", "--exposure", "--scaling", "--constraints"):
        assert f"{option}: missing; give" in result.stderr
    assert "Office model" not in result.output


def test_missing_answers_are_asked_in_a_terminal_and_re_asked_when_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rfp.cli, "stdin_is_terminal", lambda: True)
    answers = [
        "customer_srvice",  # re-asked with a suggestion
        "customer_service",
        "revenue",
        "continuous",
        "high",
        "fast",
        "none",
        "GB",
        "",  # languages skipped
        "Europe/London",
        "",  # hours skipped
    ]
    folder = tmp_path / "asked"
    result = runner.invoke(app, ["advise", "--init", str(folder)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Functions you are buying (function ids, comma-separated):" in result.output
    assert "unknown function 'customer_srvice' (did you mean 'customer_service'?)" in (
        result.stderr
    )
    assert "Your country (ISO code such as US or GB, Enter to skip):" in result.output
    assert "recommended: front office: 6 of 7 factors point to front office" in result.output
    assert "recommended: onshore" in result.output
    assert "not assessed: language" in result.output
    data = yaml.safe_load((folder / "rfp.yaml").read_text(encoding="utf-8"))
    assert data["functions"] == ["customer_service"] and data["locations"] == ["onshore"]
    assert data["time_zone"] == "Europe/London"


def test_a_bad_option_is_rejected_before_any_question(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rfp.cli, "stdin_is_terminal", lambda: True)
    result = runner.invoke(app, ["advise", "--contact", "often"], input="")
    assert result.exit_code == 1
    assert "--contact: unknown contact level 'often'" in result.stderr
    assert "Functions you are buying" not in result.output


@pytest.mark.parametrize(
    ("hours", "days", "start", "end"),
    [
        ("business", 5, "09:00", "17:00"),
        ("extended", 6, "08:00", "20:00"),
        ("24x7", 7, "00:00", "00:00"),
    ],
)
def test_hours_become_the_coverage_of_a_valid_spec(
    tmp_path: Path, hours: str, days: int, start: str, end: str
) -> None:
    """write_starter validates before writing, so a written file is a valid spec."""
    folder = tmp_path / hours
    args = [*HYBRID[:-2], "--hours", hours, "--init", str(folder)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    coverage = yaml.safe_load((folder / "rfp.yaml").read_text(encoding="utf-8"))["coverage"]
    assert (len(coverage["days"]), coverage["start"], coverage["end"]) == (days, start, end)
