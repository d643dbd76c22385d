"""``rfp demo``: build complete example projects that show the whole job end to end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rfp.criteria import Library
from rfp.starter import write_starter

ISSUED = dt.date(2027, 1, 11)


@dataclass(frozen=True)
class DemoProject:
    """One example project: its folder name, office, functions and spec values."""

    name: str
    office: str
    functions: list[str]
    values: dict[str, Any]


def _dates(issued: dt.date) -> dict[str, dt.date]:
    return {
        "issued": issued,
        "questions_due": issued + dt.timedelta(days=11),
        "proposals_due": issued + dt.timedelta(days=32),
        "decision": issued + dt.timedelta(days=67),
    }


DEMO_PROJECTS: tuple[DemoProject, ...] = (
    DemoProject(
        name="acme-contact-centre",
        office="front",
        functions=["customer_service", "technical_support"],
        values={
            "buyer_name": "Acme Home Appliances Inc.",
            "project_title": "Customer contact centre: voice and chat support",
            "reference": "ACME-2027-CC-01",
            "summary": "Acme sells connected kitchen appliances across the United States. We "
            "seek a partner to run bilingual English and Spanish customer service and "
            "tier-1 technical support by phone and chat, including card payments for "
            "extended warranties, during US Eastern business hours.",
            "coverage_days": ["mon", "tue", "wed", "thu", "fri", "sat"],
            "coverage_start": "08:00",
            "coverage_end": "20:00",
            "languages": ["en", "es"],
            "certifications": ["PCI DSS", "SOC 2 Type II"],
            "volumes": [
                {"channel": "voice", "per_month": 38000, "aht_seconds": 390},
                {"channel": "chat", "per_month": 21000, "aht_seconds": 480},
            ],
            **_dates(ISSUED),
        },
    ),
    DemoProject(
        name="globex-finance-payroll",
        office="back",
        functions=["accounting_bookkeeping", "payroll", "invoice_processing"],
        values={
            "buyer_name": "Globex Manufacturing Ltd",
            "country": "GB",
            "contact_name": "Priya Shah",
            "contact_title": "Head of Finance Operations",
            "contact_email": "finance.sourcing@globex.example",
            "project_title": "Finance and payroll back-office outsourcing",
            "reference": "GLX-2027-FP-02",
            "summary": "Globex runs 14 plants in the UK and Ireland. We seek a partner for "
            "accounts payable, general-ledger bookkeeping and month-end close support, and "
            "UK and Irish payroll for 6,500 employees, with SOX-style controls.",
            "time_zone": "Europe/London",
            "coverage_start": "08:00",
            "coverage_end": "18:00",
            "languages": ["en"],
            "certifications": ["ISO/IEC 27001", "SOC 1 Type II"],
            "currency": "GBP",
            "volumes": [
                {"transaction": "ap_invoices", "per_month": 22000, "handle_minutes": 4},
                {"transaction": "payslips", "per_month": 6500, "handle_minutes": 2},
                {"transaction": "journal_entries", "per_month": 3200, "handle_minutes": 6},
            ],
            **_dates(ISSUED + dt.timedelta(days=7)),
        },
    ),
    DemoProject(
        name="initech-hybrid",
        office="hybrid",
        functions=[
            "customer_service",
            "live_chat_social_media",
            "invoice_processing",
            "data_entry",
        ],
        values={
            "buyer_name": "Initech Software",
            "project_title": "Customer support and order-to-cash operations",
            "reference": "INI-2027-HY-03",
            "summary": "Initech sells subscription software to small businesses. One partner "
            "will handle customer service by chat and email and the back-office order "
            "entry and invoice processing behind it.",
            "time_zone": "America/Chicago",
            "languages": ["en"],
            "volumes": [
                {"channel": "chat", "per_month": 15000, "aht_seconds": 600},
                {"channel": "email", "per_month": 9000, "aht_seconds": 420},
                {"transaction": "orders", "per_month": 12000, "handle_minutes": 3},
            ],
            **_dates(ISSUED + dt.timedelta(days=14)),
        },
    ),
)


def create_projects(library: Library, root: Path, *, force: bool = True) -> list[Path]:
    """Write each demo project's ``rfp.yaml`` under ``root``; return the project folders."""
    folders = []
    for project in DEMO_PROJECTS:
        folder = root / project.name
        folder.mkdir(parents=True, exist_ok=True)
        write_starter(
            library, folder, project.office, project.functions, project.values, force=force
        )
        folders.append(folder)
    return folders
