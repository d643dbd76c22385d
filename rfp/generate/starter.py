"""Write a commented, realistic starting ``rfp.yaml`` for ``rfp init`` (and for the demo).

The starter is rendered from ``templates/rfp.yaml.j2`` and validated before it is written, so a
user always starts from a file that generates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rfp.core import render
from rfp.core.criteria import Library
from rfp.core.files import write_text
from rfp.core.spec import SpecContext, suggest, validate_document
from rfp.core.yamlfile import YamlDocument
from rfp.errors import ConfigError, Problem

STARTER_TEMPLATE = "rfp.yaml.j2"
OFFICE_CODES = {"front": "FO", "back": "BO", "hybrid": "HY"}

FRONT_VOLUMES: list[dict[str, Any]] = [
    {"channel": "voice", "per_month": 42000, "aht_seconds": 360},
    {"channel": "chat", "per_month": 18000, "aht_seconds": 540},
    {"channel": "email", "per_month": 6000, "aht_seconds": 420},
]
BACK_VOLUMES: list[dict[str, Any]] = [
    {"transaction": "ap_invoices", "per_month": 25000, "handle_minutes": 4},
    {"transaction": "payslips", "per_month": 8000, "handle_minutes": 2},
    {"transaction": "vendor_master_changes", "per_month": 900, "handle_minutes": 12},
]


def starter_systems(office: str) -> dict[str, str]:
    """Example system names for the office, for the buyer to replace."""
    systems: dict[str, str] = {}
    if office in ("front", "hybrid"):
        systems |= {
            "crm": "Salesforce Service Cloud",
            "telephony": "Genesys Cloud CX",
            "wfm": "NICE WFM",
        }
    if office in ("back", "hybrid"):
        systems |= {"erp": "SAP S/4HANA", "hcm": "Workday HCM"}
    return systems


def starter_values(
    library: Library, office: str, functions: list[str], folder_name: str
) -> dict[str, Any]:
    """Defaults for a new project: sensible for the office, ready to edit."""
    today = dt.date.today()
    issued = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
    title = {
        "front": "Customer contact centre services",
        "back": "Finance and HR back-office services",
        "hybrid": "Customer and back-office operations",
    }[office]
    volumes: list[dict[str, Any]] = []
    if office in ("front", "hybrid"):
        volumes += FRONT_VOLUMES
    if office in ("back", "hybrid"):
        volumes += BACK_VOLUMES
    certifications = ["SOC 2 Type II", "ISO/IEC 27001"]
    if office in ("front", "hybrid"):
        certifications.append("PCI DSS")
    price_models = {
        "front": ["per_fte_month", "per_productive_hour", "per_minute"],
        "back": ["per_fte_month", "per_transaction"],
        "hybrid": ["per_fte_month", "per_productive_hour", "per_minute", "per_transaction"],
    }[office]
    if office != "front" and "payroll" in functions:
        price_models = [*price_models, "per_employee_month"]
    return {
        "folder_name": folder_name,
        "buyer_name": "Acme Corporation",
        "country": "US",
        "contact_name": "Jordan Lee",
        "contact_title": "Director, Strategic Sourcing",
        "contact_email": "sourcing@acme.example",
        "project_title": title,
        "reference": f"ACME-{today:%Y}-{OFFICE_CODES[office]}-01",
        "summary": "Describe the business, why you are outsourcing, and what success looks like.",
        "office": office,
        "functions": functions,
        "countries": [],
        "systems": starter_systems(office),
        "front_functions": sorted(f.id for f in library.functions.values() if f.office == "front"),
        "back_functions": sorted(f.id for f in library.functions.values() if f.office == "back"),
        "locations": ["onshore", "nearshore", "offshore"],
        "time_zone": "America/New_York",
        "coverage_days": ["mon", "tue", "wed", "thu", "fri"],
        "coverage_start": "08:00",
        "coverage_end": "20:00",
        "languages": ["en", "es"] if office != "back" else ["en"],
        "certifications": certifications,
        "volumes": volumes,
        "issued": issued,
        "weights": dict(library.offices[office].weights),
        "currency": "USD",
        "price_models": price_models,
    }


STAGE_DAYS = {
    "intent_to_bid": 7,
    "questions_due": 10,
    "answers_published": 14,
    "proposals_due": 28,
    "shortlist": 38,
    "orals": 45,
    "site_visits": 49,
    "reference_checks": 52,
    "bafo": 53,
    "decision": 56,
    "contract_signature": 70,
    "go_live": 161,
}
"""Example days after issue for every later timeline date, filled in after any overrides so a
different issue date (or the demo's own four dates) moves the rest with it: weekdays when issue
is a Monday, and go-live 13 weeks after signature for the transition."""


def stage_dates(issued: dt.date) -> dict[str, dt.date]:
    """Example dates for every timeline stage after issue, counted from the issue date."""
    return {key: issued + dt.timedelta(days=days) for key, days in STAGE_DAYS.items()}


def check_functions(library: Library, office: str, functions: list[str]) -> None:
    """Reject unknown functions, or functions from the other office, before writing anything."""
    problems = []
    for function in functions:
        info = library.functions.get(function)
        if info is None:
            problems.append(
                Problem(
                    "--functions",
                    f"unknown function {function!r}{suggest(function, library.functions)}; "
                    f"known: {', '.join(sorted(library.functions))}",
                )
            )
        elif office not in ("hybrid", info.office):
            problems.append(
                Problem(
                    "--functions",
                    f"{function} is a {info.office}-office function; use --office hybrid",
                )
            )
    if not functions:
        problems.append(Problem("--functions", "name at least one function"))
    if problems:
        raise ConfigError(problems)


def render_starter(library: Library, values: dict[str, Any], target: Path) -> str:
    """Render the starter and validate it against the library; return its text."""
    from rfp.core.spec import Spec

    text = render.render_html(STARTER_TEMPLATE, values)
    import yaml

    document = YamlDocument(path=target, data=yaml.safe_load(text))
    context: SpecContext = library.context()
    validate_document(document, Spec, context)
    return text


def write_starter(
    library: Library,
    folder: Path,
    office: str,
    functions: list[str],
    overrides: dict[str, Any] | None = None,
    *,
    force: bool = False,
) -> Path:
    """Create ``folder/rfp.yaml``; refuse to overwrite an existing one unless ``force``."""
    check_functions(library, office, functions)
    target = folder / "rfp.yaml"
    if target.exists() and not force:
        raise ConfigError([Problem(str(target), "already exists; use --force to replace it")])
    values = starter_values(library, office, functions, folder.name)
    values.update(overrides or {})
    values = {**stage_dates(values["issued"]), **values}
    text = render_starter(library, values, target)
    write_text(target, text)
    return target
