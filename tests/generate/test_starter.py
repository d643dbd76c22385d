"""The starter rfp.yaml written by ``rfp init``: valid, and holding the office and functions chosen."""

from __future__ import annotations

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
