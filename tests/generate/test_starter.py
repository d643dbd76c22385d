"""The starter rfp.yaml written by ``rfp init``: valid, and holding the office and functions chosen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from rfp.core.criteria import Library
from rfp.core.spec import Spec, load_spec
from rfp.errors import ConfigError
from rfp.generate.starter import write_starter


@pytest.mark.parametrize(
    ("office", "functions"),
    [
        ("front", ["technical_support"]),
        ("back", ["payroll", "invoice_processing"]),
        ("hybrid", ["customer_service", "payroll"]),
    ],
)
def test_starter_validates_with_the_chosen_office_and_functions(
    library: Library, tmp_path: Path, office: str, functions: list[str]
) -> None:
    target = write_starter(library, tmp_path, office, functions)
    assert target == tmp_path / "rfp.yaml"
    spec, _ = load_spec(target, library.context())
    assert isinstance(spec, Spec)
    assert spec.office == office
    assert spec.functions == functions
    # Written in the order given, and the weights are the office's defaults.
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["office"] == office and data["functions"] == functions
    assert data["weights"] == dict(library.offices[office].weights)
    # Comments guide the user: the starter is not bare YAML.
    assert target.read_text(encoding="utf-8").lstrip().startswith("#")


def test_starter_refuses_to_overwrite_unless_forced(library: Library, tmp_path: Path) -> None:
    target = write_starter(library, tmp_path, "front", ["customer_service"])
    target.write_text("edited by hand\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="already exists"):
        write_starter(library, tmp_path, "back", ["payroll"])
    assert target.read_text(encoding="utf-8") == "edited by hand\n"
    write_starter(library, tmp_path, "back", ["payroll"], force=True)
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["office"] == "back"


def test_functions_of_the_other_office_write_nothing(library: Library, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="payroll is a back-office function"):
        write_starter(library, tmp_path, "front", ["payroll"])
    assert not (tmp_path / "rfp.yaml").exists()


@pytest.mark.parametrize(
    ("office", "systems"),
    [
        ("front", {"crm", "telephony", "wfm"}),
        ("back", {"erp", "hcm"}),
        ("hybrid", {"crm", "telephony", "wfm", "erp", "hcm"}),
    ],
)
def test_starter_names_example_systems_and_explains_countries(
    library: Library, tmp_path: Path, office: str, systems: set[str]
) -> None:
    functions = {"front": ["customer_service"], "back": ["payroll"]}.get(
        office, ["customer_service", "payroll"]
    )
    target = write_starter(library, tmp_path, office, functions)
    spec, _ = load_spec(target, library.context())
    assert set(spec.systems.named()) == systems
    assert spec.countries == [] and spec.country_codes == ["US"]  # the buyer's country
    text = target.read_text(encoding="utf-8")
    assert "# Countries whose customers or employees the work serves" in text
    assert "Keys: crm, telephony (or CCaaS), ticketing, erp, hcm, wfm." in text


def test_starter_with_no_systems_is_valid(library: Library, tmp_path: Path) -> None:
    target = write_starter(
        library, tmp_path, "front", ["customer_service"], {"systems": {}, "countries": ["CA"]}
    )
    spec, _ = load_spec(target, library.context())
    assert spec.systems.named() == {}
    assert spec.country_codes == ["CA"]


def test_starter_plans_every_stage_in_order_from_the_issue_date(
    library: Library, tmp_path: Path
) -> None:
    """Issued Monday 1 March 2027: each stage a fixed number of days later (STAGE_DAYS), the
    two commented-out stages included once the user removes their #."""
    issued = dt.date(2027, 3, 1)
    target = write_starter(library, tmp_path, "front", ["customer_service"], {"issued": issued})
    text = target.read_text(encoding="utf-8")
    assert "  # site_visits: 2027-04-19" in text  # 49 days: Monday 19 April
    assert "  # bafo: 2027-04-23" in text  # 53 days: Friday 23 April
    assert "# process:\n#   page_limit: 60" in text
    uncommented = (
        text.replace("  # site_visits:", "  site_visits:")
        .replace("  # bafo:", "  bafo:")
        .replace("# process:\n#   page_limit", "process:\n  page_limit")
    )
    target.write_text(uncommented, encoding="utf-8")
    spec, _ = load_spec(target, library.context())
    dates = dict(spec.timeline.dates())
    assert all(when is not None for when in dates.values())
    assert dates["intent_to_bid"] == dt.date(2027, 3, 8)
    assert dates["questions_due"] == dt.date(2027, 3, 11)  # moved with issued, not today
    assert dates["answers_published"] == dt.date(2027, 3, 15)
    assert dates["proposals_due"] == dt.date(2027, 3, 29)
    assert dates["decision"] == dt.date(2027, 4, 26)
    assert dates["shortlist"] == dt.date(2027, 4, 8)
    assert dates["orals"] == dt.date(2027, 4, 15)
    assert dates["reference_checks"] == dt.date(2027, 4, 22)
    assert dates["contract_signature"] == dt.date(2027, 5, 10)
    assert dates["go_live"] == dt.date(2027, 8, 9)  # 13 weeks after signature
    assert all(when.weekday() < 5 for when in dates.values() if when is not None)
    assert spec.process.page_limit == 60


def test_demo_dates_keep_the_stages_in_order(library: Library, tmp_path: Path) -> None:
    """The demo overrides only the four original dates (decision 67 days after issue); the
    stages filled in around them must still validate."""
    issued = dt.date(2027, 3, 3)
    overrides = {
        "issued": issued,
        "questions_due": issued + dt.timedelta(days=11),
        "proposals_due": issued + dt.timedelta(days=32),
        "decision": issued + dt.timedelta(days=67),
    }
    target = write_starter(library, tmp_path, "front", ["customer_service"], overrides)
    timeline = load_spec(target, library.context())[0].timeline
    assert timeline.decision == dt.date(2027, 5, 9)
    assert timeline.reference_checks == dt.date(2027, 4, 24)
