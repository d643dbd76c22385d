"""Validation of rfp.yaml: every problem at once, each with its file and line or key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rfp.cli import app
from rfp.core.criteria import Library
from rfp.core.spec import load_spec
from rfp.errors import ConfigError
from tests.factories import edit, line_of

runner = CliRunner()
MakeProject = Callable[..., Path]


def problems(path: Path, library: Library) -> str:
    with pytest.raises(ConfigError) as caught:
        load_spec(path, library.context())
    return str(caught.value)


def test_starter_spec_is_valid(make_project: MakeProject, library: Library) -> None:
    spec, _ = load_spec(make_project("hybrid") / "rfp.yaml", library.context())
    assert spec.office == "hybrid"
    assert spec.coverage.hours_per_week == 60.0  # Mon-Fri 08:00-20:00


def test_three_mistakes_reported_in_one_run_with_exit_1(make_project: MakeProject) -> None:
    folder = make_project("front")
    edit(folder, "time_zone: America/New_York", "time_zone: America/New_Yrok")
    edit(folder, "  security: 8", "  security: -3")
    spec_path = edit(folder, "office: front", "office: front\nlocatoins: [offshore]")
    result = runner.invoke(app, ["generate", str(folder)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    message = result.stderr
    assert "3 problems found" in message
    assert f"{spec_path}:{line_of(spec_path, 'America/New_Yrok')}: time_zone" in message
    assert "did you mean 'America/New_York'" in message
    assert f"{spec_path}:{line_of(spec_path, 'security: -3')}: weights" in message
    assert "cannot be negative: security = -3" in message
    assert "unknown key 'locatoins' (did you mean 'locations'?)" in message
    assert not (folder / "out").exists()


@pytest.mark.parametrize(
    ("old", "new", "key", "expected"),
    [
        ("time_zone: America/New_York", "time_zone: Mars/Olympus", "time_zone", "unknown time zone 'Mars/Olympus'"),
        ("  - technical_support", "  - tech_support", "functions", "unknown function 'tech_support' (did you mean 'technical_support'?)"),
        ("  - technical_support", "  - payroll", "functions", "payroll is a back-office function; set office: hybrid"),
        ("  pricing: 20", "  pricing: -1", "weights", "weights cannot be negative: pricing = -1"),
        ("include: []", "include: [SEC-99]", "criteria.include", "unknown criterion id 'SEC-99'"),
        ("weights: {}", "weights: {QC-1: 2}", "criteria.weights", "unknown criterion id 'QC-1'"),
        ("languages: [en, es]", "languages: [en, Spanish]", "languages", "'Spanish' is not an ISO 639-1 language code (did you mean 'es'?)"),
        ("aggregate: mean", "aggregate: average", "evaluation.aggregate", "'average' is not allowed"),
    ],
)  # fmt: skip
def test_each_mistake_names_file_line_and_key(
    make_project: MakeProject, library: Library, old: str, new: str, key: str, expected: str
) -> None:
    spec_path = edit(make_project("front"), old, new)
    message = problems(spec_path, library)
    assert expected in message
    line = line_of(spec_path, new.strip().split(":")[0] if key != "criteria.weights" else "QC-1")
    assert f"{spec_path}:{line}: {key}" in message


def test_all_zero_weights(make_project: MakeProject, library: Library) -> None:
    folder = make_project("back")
    spec_path = folder / "rfp.yaml"
    text = spec_path.read_text(encoding="utf-8")
    start = text.index("weights:\n")
    end = text.index("\n\n", start)
    block = "\n".join(
        f"{line.split(':')[0]}: 0" if line.startswith("  ") else line
        for line in text[start:end].splitlines()
    )
    spec_path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    message = problems(spec_path, library)
    assert (
        f"{spec_path}:{line_of(spec_path, 'weights:')}: weights: all area weights are zero"
        in message
    )


def test_malformed_yaml_names_the_line(make_project: MakeProject, library: Library) -> None:
    spec_path = edit(make_project("front"), "office: front", "office: [front")
    message = problems(spec_path, library)
    assert str(spec_path) in message and "malformed YAML" in message
    line = int(message.split(f"{spec_path}:")[1].split(":")[0])
    assert abs(line - line_of(spec_path, "office: [front")) <= 3


def test_duplicate_key_is_an_error(make_project: MakeProject, library: Library) -> None:
    spec_path = edit(make_project("front"), "office: front", "office: front\noffice: back")
    message = problems(spec_path, library)
    assert (
        f"{spec_path}:{line_of(spec_path, 'office: back')}: office: this key appears twice"
        in message
    )


def test_empty_and_missing_files(tmp_path: Path, library: Library) -> None:
    empty = tmp_path / "rfp.yaml"
    empty.write_text("  \n", encoding="utf-8")
    assert f"{empty}: the file is empty" in problems(empty, library)
    missing = tmp_path / "nope.yaml"
    assert f"{missing}: the file does not exist" in problems(missing, library)


def test_missing_required_keys_are_all_listed(tmp_path: Path, library: Library) -> None:
    spec_path = tmp_path / "rfp.yaml"
    spec_path.write_text("schema_version: 1\noffice: front\n", encoding="utf-8")
    message = problems(spec_path, library)
    for key in ("buyer", "project", "functions", "time_zone", "coverage", "timeline"):
        assert f": {key}: this key is required" in message


def test_unquoted_clock_times_are_understood(make_project: MakeProject, library: Library) -> None:
    # YAML 1.1 reads an unquoted 20:00 as the base-60 integer 1200; users write it anyway.
    spec_path = edit(make_project("front"), 'end: "20:00"', "end: 20:00")
    spec, _ = load_spec(spec_path, library.context())
    assert spec.coverage.end.hour == 20


def test_timeline_out_of_order(make_project: MakeProject, library: Library) -> None:
    folder = make_project("front")
    spec_path = folder / "rfp.yaml"
    text = spec_path.read_text(encoding="utf-8")
    decision = next(line for line in text.splitlines() if "decision:" in line)
    spec_path.write_text(text.replace(decision, "  decision: 2000-01-01"), encoding="utf-8")
    # The starter's last stage before the decision is reference_checks.
    message = problems(spec_path, library)
    assert "decision (2000-01-01) comes before reference_checks" in message
    assert f"rfp.yaml:{line_of(spec_path, 'decision:')}: timeline.decision:" in message


def test_every_stage_out_of_order_is_reported_at_once(
    make_project: MakeProject, library: Library
) -> None:
    spec_path = make_project("front") / "rfp.yaml"
    lines = spec_path.read_text(encoding="utf-8").splitlines()
    dated = {
        "issued": "2027-03-01",
        "intent_to_bid": "2027-02-20",  # before issue
        "questions_due": "2027-03-10",
        "answers_published": "2027-03-14",
        "proposals_due": "2027-03-29",
        "shortlist": "2027-04-08",
        "orals": "2027-04-05",  # before the shortlist
        "reference_checks": "2027-04-22",
        "decision": "2027-04-26",
        "contract_signature": "2027-05-10",
        "go_live": "2027-05-09",  # before signature
    }
    edited = [
        next(
            (f"  {key}: {when}" for key, when in dated.items() if line.startswith(f"  {key}:")),
            line,
        )
        for line in lines
    ]
    spec_path.write_text("\n".join(edited) + "\n", encoding="utf-8")
    message = problems(spec_path, library)
    assert "1 problem found" in message
    assert (
        f"rfp.yaml:{line_of(spec_path, 'intent_to_bid:')}: timeline.intent_to_bid: "
        "intent_to_bid (2027-02-20) comes before issued (2027-03-01); "
        "orals (2027-04-05) comes before shortlist (2027-04-08); "
        "go_live (2027-05-09) comes before contract_signature (2027-05-10)"
    ) in message


def test_optional_stages_may_be_left_out_and_share_a_day(
    make_project: MakeProject, library: Library
) -> None:
    spec_path = make_project("front") / "rfp.yaml"
    lines = spec_path.read_text(encoding="utf-8").splitlines()
    orals = next(line for line in lines if line.startswith("  orals:")).split()[1]
    dropped = ("  intent_to_bid:", "  answers_published:", "  shortlist:", "  go_live:")
    kept = [
        f"  reference_checks: {orals}" if line.startswith("  reference_checks:") else line
        for line in lines
        if not line.startswith(dropped)
    ]
    spec_path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    timeline = load_spec(spec_path, library.context())[0].timeline
    assert timeline.intent_to_bid is None and timeline.go_live is None
    assert timeline.site_visits is None  # commented out in the starter
    assert str(timeline.reference_checks) == orals == str(timeline.orals)


def test_page_limit_must_be_a_positive_count(make_project: MakeProject, library: Library) -> None:
    spec_path = edit(
        make_project("front"), "# process:\n#   page_limit: 60", "process:\n  page_limit: 0"
    )
    assert "process.page_limit" in problems(spec_path, library)
    spec_path.write_text(
        spec_path.read_text(encoding="utf-8").replace("page_limit: 0", "page_limit: 60"),
        encoding="utf-8",
    )
    spec, _ = load_spec(spec_path, library.context())
    assert spec.process.page_limit == 60


def test_buyer_question_must_not_reuse_library_id(
    make_project: MakeProject, library: Library
) -> None:
    spec_path = edit(
        make_project("front"),
        "questions: []",
        "questions:\n  - {id: SEC-01, area: security, title: T, question: Q,"
        " rubric: {0: a, 1: b, 2: c, 3: d, 4: e, 5: f}}",
    )
    assert "question id SEC-01 is already used by the library" in problems(spec_path, library)


def test_every_bad_language_and_day_is_reported(
    make_project: MakeProject, library: Library
) -> None:
    spec_path = edit(
        make_project("front"), "languages: [en, es]", "languages: [en, xx, english, zz]"
    )
    message = problems(spec_path, library)
    assert "not ISO 639-1 language codes: 'xx', 'english' (did you mean 'en'?), 'zz'" in message
    spec_path = edit(
        make_project("back", name="b"),
        "days: [mon, tue, wed, thu, fri]",
        "days: [Monday, tues, funday]",
    )
    message = problems(spec_path, library)
    assert "'funday' is not allowed" in message
    assert "monday" not in message.lower().replace("'funday'", "")


def test_rules_default_to_confirm_and_a_stricter_rule_is_read(
    make_project: MakeProject, library: Library
) -> None:
    spec, _ = load_spec(make_project("back") / "rfp.yaml", library.context())
    assert spec.rules.strict == []
    assert spec.rules.action("missing_workbook") == "confirm"
    folder = make_project("back", name="strict", rules={"missing_workbook": "disqualify"})
    spec, _ = load_spec(folder / "rfp.yaml", library.context())
    assert spec.rules.strict == ["missing_workbook"]
    assert spec.rules.action("unpriced") == "confirm"


def test_bad_rules_are_reported_with_their_keys(
    make_project: MakeProject, library: Library
) -> None:
    folder = make_project(
        "back", rules={"missing_workbook": "reject", "missing_certificate": "disqualify"}
    )
    message = problems(folder / "rfp.yaml", library)
    assert "rules.missing_workbook" in message and "'confirm' or 'disqualify'" in message
    assert "rules.missing_certificate" in message
    assert "missing_certification" in message  # the typo gets a suggestion


def test_pricing_discount_rate_and_mandatory_coverage(
    make_project: Callable[..., Path], library: Library
) -> None:
    """Issue 12's keys: a discount rate between 0 and 50%, and coverage that may be mandatory."""
    folder = make_project("back", pricing={"currency": "GBP", "discount_rate": 0.06})
    spec, _ = load_spec(folder / "rfp.yaml", library.context())
    assert spec.pricing.discount_rate == 0.06
    assert spec.coverage.mandatory is False
    bad = make_project("back", name="bad", pricing={"discount_rate": 6})
    with pytest.raises(ConfigError, match="discount_rate"):
        load_spec(bad / "rfp.yaml", library.context())


def test_exchange_rates_are_read_as_units_of_the_rfp_currency(
    make_project: MakeProject, library: Library
) -> None:
    spec_path = edit(
        make_project("front"), "  currency: USD", "  currency: USD\n  exchange_rates: {eur: 1.08}"
    )
    spec, _ = load_spec(spec_path, library.context())
    assert spec.pricing.exchange_rates == {"EUR": 1.08}


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        ("{EUR: 0}", "rate 0 is out of range"),
        ("{EUR: -1.08}", "rate -1.08 is out of range"),
        ("{EUR: .nan}", "finite"),
        ("{XYZ: 1.2}", "unknown currency 'XYZ'"),
        ("{USD: 1}", "USD is the RFP's own currency"),
        ("{EUR: yes}", "yes/no answer"),
    ],
)
def test_a_bad_exchange_rate_names_its_line(
    make_project: MakeProject, library: Library, rates: str, expected: str
) -> None:
    spec_path = edit(
        make_project("front"), "  currency: USD", f"  currency: USD\n  exchange_rates: {rates}"
    )
    message = problems(spec_path, library)
    assert expected in message, message
    assert f"{spec_path}:{line_of(spec_path, 'exchange_rates')}: pricing.exchange_rates" in message


def test_systems_and_countries_are_read_and_checked(
    make_project: MakeProject, library: Library
) -> None:
    spec, _ = load_spec(
        make_project("back", countries=["United Kingdom", "ie"]) / "rfp.yaml", library.context()
    )
    assert spec.country_codes == ["GB", "IE"]
    assert spec.systems.named() == {"erp": "SAP S/4HANA", "hcm": "Workday HCM"}  # the starter's
    spec_path = (
        make_project(
            "front",
            name="bad",
            countries=["GB", "Narnia"],
            systems={"crm": "Zendesk", "phone": "X"},
        )
        / "rfp.yaml"
    )
    message = problems(spec_path, library)
    assert f"{spec_path}:{line_of(spec_path, 'Narnia')}: countries[1]" in message, message
    assert "unknown country 'Narnia'" in message
    assert f"{spec_path}:{line_of(spec_path, 'phone')}: systems.phone" in message, message
