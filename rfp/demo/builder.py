"""``rfp demo``: build complete example projects that show the whole job end to end."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rfp.core.criteria import Library
from rfp.core.processes import process_pool
from rfp.generate.document import GeneratedFiles
from rfp.generate.starter import write_starter

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
            "stage_weights": {"orals": 20},
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
            "countries": ["GB", "IE"],
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
                {
                    "transaction": "payslips",
                    "per_month": 6500,
                    "handle_minutes": 2,
                    "employees": 6500,
                },
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


# --------------------------------------------------------------------------- sample proposals

RENDERERS = 2
"""Processes laying out the demo's RFPs at once: three RFPs are most of the demo's time."""


@contextlib.contextmanager
def generated_rfps(folders: Sequence[Path]) -> Iterator[Iterator[GeneratedFiles]]:
    """Each project's RFP and response kit (``write_rfp``), in the folders' order, laid out
    RENDERERS at a time: the projects are independent and laying out an RFP is most of the
    demo's time. The first project can be scored while the others are laid out."""
    workers = min(RENDERERS, os.cpu_count() or 1, len(folders))
    if workers <= 1:
        yield map(_generate, folders)
        return
    with process_pool(workers) as pool:
        yield pool.map(_generate, folders)


def _generate(folder: Path) -> GeneratedFiles:
    from rfp.core.project import load_project
    from rfp.generate.document import write_rfp

    return write_rfp(load_project(folder))


DEMO_DATA = Path(__file__).resolve().parent / "data"
BRAND_COLOURS = ("#1b4f72", "#6c3483", "#117864", "#9a7d0a", "#922b21", "#2e4053")


@dataclass(frozen=True)
class SampleVendor:
    """One sample vendor: its proposal text and the facts of its returned workbook."""

    slug: str
    name: str
    format: str
    markdown: str
    facts: dict[str, Any]


def sample_vendors(project_name: str) -> list[SampleVendor]:
    """The sample vendors shipped for a demo project, in folder order."""
    import yaml

    folder = DEMO_DATA / project_name
    if not folder.is_dir():
        return []
    vendors = []
    for vendor_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        facts = yaml.safe_load((vendor_dir / "vendor.yaml").read_text(encoding="utf-8"))
        vendors.append(
            SampleVendor(
                slug=vendor_dir.name,
                name=str(facts["name"]),
                format=str(facts.get("format", "md")),
                markdown=(vendor_dir / "proposal.md").read_text(encoding="utf-8"),
                facts=facts,
            )
        )
    return vendors


def markdown_html(markdown: str) -> str:
    """Markdown to HTML with raw HTML disabled, so proposal text can never become markup."""
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown))


def write_pdf_proposal(vendor: SampleVendor, reference: str, target: Path, colour: str) -> None:
    """Render a sample proposal as a vendor would send it: a typeset PDF."""
    from markupsafe import Markup

    from rfp.core import render

    html = render.render_html(
        "proposal.html.j2",
        {
            "vendor": vendor.name,
            "vendor_css": Markup(_css_string(vendor.name)),  # escaped by _css_string
            "reference": reference,
            "colour": colour,
            "body": Markup(markdown_html(vendor.markdown)),  # escaped by markdown-it
        },
    )
    render.write_pdf(html, target)


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string for the page footer, every character but letters,
    digits and spaces escaped: the footer is set in the style sheet, not taken from an
    invisible element, which a reader of the PDF would rightly call hidden text."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def write_docx_proposal(vendor: SampleVendor, target: Path) -> None:
    """Render a sample proposal as a Word document with real headings, lists and tables."""
    from docx import Document
    from markdown_it import MarkdownIt

    from rfp.core.files import atomic_path

    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(vendor.markdown)
    document = Document()
    document.core_properties.author = vendor.name
    document.core_properties.title = f"Proposal from {vendor.name}"
    index = 0
    list_style: list[str] = []
    table_rows: list[list[str]] = []
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1])
            document.add_heading(_plain(tokens[index + 1].content), level=min(level, 4))
            index += 3
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_style.append("List Bullet" if token.type == "bullet_list_open" else "List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_style.pop()
        elif token.type == "table_open":
            table_rows = []
        elif token.type == "tr_open":
            table_rows.append([])
        elif (
            token.type == "inline"
            and table_rows
            and tokens[index - 1].type in ("th_open", "td_open")
        ):
            table_rows[-1].append(_plain(token.content))
        elif token.type == "table_close":
            width = max(len(row) for row in table_rows)
            table = document.add_table(rows=len(table_rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(table_rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            table_rows = []
        elif token.type == "inline" and tokens[index - 1].type == "paragraph_open":
            style = list_style[-1] if list_style else None
            document.add_paragraph(_plain(token.content), style=style)
        index += 1
    with atomic_path(target) as temporary:
        document.save(str(temporary))


def _plain(markdown_inline: str) -> str:
    """Strip inline Markdown emphasis and links to the words a reader sees."""
    import re

    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown_inline)
    return re.sub(r"(\*\*|__|\*|_|`)(.+?)\1", r"\2", text)


def _fill_term(pricing: Any, row: int, quote: dict[str, Any]) -> None:
    """A demo quote's term columns: escalation, transition fee and later-year rates."""
    from rfp.core import kit_layout

    headers = {cell.value: cell.column for cell in pricing[1] if cell.value}
    values = {
        kit_layout.PRICING_ESCALATION: quote.get("escalation"),
        kit_layout.PRICING_TRANSITION: quote.get("transition_fee"),
        kit_layout.PRICING_BAND_FROM: (quote.get("band") or [None, None])[0],
        kit_layout.PRICING_BAND_TO: (quote.get("band") or [None, None])[1],
    }
    for year, rate in enumerate(quote.get("year_rates") or [], start=2):
        values[kit_layout.pricing_year_header(year)] = rate
    for header, value in values.items():
        if value is not None:
            pricing.cell(row=row, column=headers[header], value=value)


def fill_workbook(blank: Path, vendor: SampleVendor, target: Path) -> None:
    """Fill the buyer's response workbook the way the sample vendor would."""
    import datetime as dt

    from openpyxl import load_workbook

    from rfp.core import kit_layout
    from rfp.core.files import atomic_path
    from rfp.core.spec import PRICE_MODEL_TITLES

    workbook = load_workbook(blank)
    facts = vendor.facts
    workbook[kit_layout.SHEET_RESPONDENT].cell(row=2, column=2, value=vendor.name)
    compliance = workbook[kit_layout.SHEET_COMPLIANCE]
    answers = facts.get("compliance") or {}
    partial = set(answers.get("partial") or [])
    # YAML 1.1 reads an unquoted ``no:`` key as False; accept both spellings.
    declined = set(answers.get("no") or answers.get(False) or [])
    for row in compliance.iter_rows(min_row=2):
        criterion = str(row[0].value)
        row[4].value = (
            "No" if criterion in declined else "Partial" if criterion in partial else "Comply"
        )
        row[5].value = f"Proposal, {criterion}"
    pricing = workbook[kit_layout.SHEET_PRICING]
    for quote in facts.get("pricing", []):
        title = PRICE_MODEL_TITLES[quote["model"]]
        scope = str(quote.get("scope") or "")
        for row in pricing.iter_rows(min_row=2):
            free = row[5].value is None  # a second band of one scope gets its own row
            # No scope is a blended price for all the work: its own "All" row, never the
            # first channel's row (which would price that channel alone).
            if row[0].value == title and str(row[1].value) == (scope or "All") and free:
                row[5].value = quote["rate"]
                row[6].value = quote.get("fte")
                _fill_term(pricing, row[0].row, quote)
                break
        else:
            pricing.append(
                [
                    title,
                    scope or "All",
                    kit_layout.PRICE_UNITS[quote["model"]],
                    None,
                    None,
                    quote["rate"],
                    quote.get("fte"),
                ]
            )
            _fill_term(pricing, pricing.max_row, quote)
    sites = workbook[kit_layout.SHEET_SITES]
    for number, site in enumerate(facts.get("sites", []), start=2):
        values = [
            site["site"], site.get("city"), site.get("country"), site.get("location_type"),
            site["time_zone"], ", ".join(site["days"]), site["start"], site["end"],
            site.get("seats"), site.get("services"),
        ]  # fmt: skip
        for column, value in enumerate(values, start=1):
            sites.cell(row=number, column=column, value=value)
    languages = workbook[kit_layout.SHEET_LANGUAGES]
    for number, language in enumerate(facts.get("languages", []), start=2):
        for column, value in enumerate(
            [language["code"], None, language.get("proficiency"), language.get("agents")], start=1
        ):
            languages.cell(row=number, column=column, value=value)
    certifications = workbook[kit_layout.SHEET_CERTIFICATIONS]
    for number in range(2, certifications.max_row + 1):
        for column in range(1, 6):
            certifications.cell(row=number, column=column, value=None)
    for number, certification in enumerate(facts.get("certifications", []), start=2):
        expiry = certification.get("expiry")
        if isinstance(expiry, str):
            expiry = dt.date.fromisoformat(expiry)
        for column, value in enumerate(
            [
                certification["name"],
                certification.get("scope"),
                certification.get("issuer"),
                expiry,
            ],
            start=1,
        ):
            certifications.cell(row=number, column=column, value=value)
    _fill_contract(workbook, facts.get("contract") or {})
    with atomic_path(target) as temporary:
        workbook.save(str(temporary))


def _fill_contract(workbook: Any, answers: dict[str, Any]) -> None:
    """The sample vendor's answers to the key terms: Accept, unless its vendor.yaml says
    otherwise under ``contract:`` (term id -> response, alternative, reason)."""
    from rfp.core import kit_layout

    if kit_layout.SHEET_CONTRACT not in workbook.sheetnames:
        return
    sheet = workbook[kit_layout.SHEET_CONTRACT]
    for row in sheet.iter_rows(min_row=2):
        answer = answers.get(str(row[0].value)) or {}
        row[4].value = answer.get("response", kit_layout.CONTRACT_ACCEPT)
        row[5].value = answer.get("alternative")
        row[6].value = answer.get("reason")


def write_sample_proposals(
    project_folder: Path, reference: str, blank_workbook: Path
) -> list[Path]:
    """Create ``proposals/<vendor>/`` for each sample vendor of the demo project."""
    written = []
    for number, vendor in enumerate(sample_vendors(project_folder.name)):
        folder = project_folder / "proposals" / vendor.slug
        folder.mkdir(parents=True, exist_ok=True)
        if vendor.format == "pdf":
            target = folder / "proposal.pdf"
            write_pdf_proposal(
                vendor, reference, target, BRAND_COLOURS[number % len(BRAND_COLOURS)]
            )
        elif vendor.format == "docx":
            target = folder / "proposal.docx"
            write_docx_proposal(vendor, target)
        else:
            target = folder / "proposal.md"
            from rfp.core.files import write_text

            write_text(target, vendor.markdown)
        fill_workbook(blank_workbook, vendor, folder / "response-workbook.xlsx")
        written.append(folder)
    return written


# --------------------------------------------------------------------------- sample evaluators

DEMO_EVALUATORS = ("alice", "bob")
EVALUATED_PROJECT = "acme-contact-centre"


def _draw(*parts: str) -> int:
    """A deterministic number 0-99 from the names: the demo evaluators' 'judgement'."""
    import hashlib

    return hashlib.sha256("|".join(parts).encode("utf-8")).digest()[0] % 100


def fill_sample_sheets(sheets: Sequence[Path], evaluations: Path) -> list[Path]:
    """Fill the demo evaluators' sheets as people would and drop them into ``evaluations/``.

    alice scores close to the automatic pass; bob is harsher, leaves a few rows blank and
    disagrees sharply on two questions, so the disagreement analysis has something to show.
    """
    from openpyxl import load_workbook

    from rfp.core.files import atomic_path
    from rfp.evaluate import layout

    evaluations.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet_path in sheets:
        evaluator = sheet_path.stem
        if evaluator not in DEMO_EVALUATORS:
            continue
        workbook = load_workbook(sheet_path)
        scores = workbook[layout.SHEET_SCORES]
        for row in range(2, scores.max_row + 1):
            vendor = scores.cell(row=row, column=1).value
            criterion = scores.cell(row=row, column=2).value
            auto = scores.cell(row=row, column=layout.AUTO_COLUMN).value
            if not criterion or not isinstance(auto, int | float):
                continue
            base = round(float(auto))
            draw = _draw(evaluator, str(vendor), str(criterion))
            if evaluator == "alice":
                score = base + (1 if draw < 10 else -1 if draw >= 90 else 0)
            else:
                if _draw("blank", str(vendor), str(criterion)) < 3:
                    continue  # left blank: shows up under missing scores
                score = base - 1 if draw < 35 else base
                if criterion == "TZ-02" and draw % 2 == 0:
                    score = base - 2 if base >= 2 else base + 2
            scores.cell(row=row, column=layout.SCORE_COLUMN, value=max(0, min(5, score)))
            if score != base:
                comment = (
                    "Evidence thinner than the automatic score suggests."
                    if score < base
                    else "Stronger than the text match shows; specific commitments."
                )
                scores.cell(row=row, column=layout.COMMENT_COLUMN, value=comment)
        target = evaluations / sheet_path.name
        with atomic_path(target) as temporary:
            workbook.save(str(temporary))
        written.append(target)
    return written


# --------------------------------------------------------------------------- the orals stage

ORALS_PANEL: dict[str, dict[str, tuple[float, float, str]]] = {
    "Northstar CX Solutions": {
        "ORL-01": (3, 3, "Knew our volumes and hours; said little about the warranty-sale peak."),
        "ORL-02": (2, 1, "The named account director did not attend; sales staff answered."),
        "ORL-03": (3, 1, "alice: clear recorded demo; bob: screenshots, nothing shown live."),
        "ORL-04": (3, 2, "Spike scenario had steps but no timings; data incident answer generic."),
        "ORL-05": (3, 3, "Dated transition plan; hiring fits the go-live date."),
    },
    "Bayanihan Contact Solutions": {
        "ORL-01": (4, 4, "Played back our contact reasons and the Saturday peak unprompted."),
        "ORL-02": (5, 4, "Account director, operations and transition leads all presented."),
        "ORL-03": (4, 4, "Live WFM and quality tools on sample data; changed views on request."),
        "ORL-04": (4, 5, "Owners and timings for each scenario; a real example from a client."),
        "ORL-05": (3, 4, "Credible plan; Spanish-language hiring is the risk they named."),
    },
}
"""The demo panel's orals scores (alice, bob, the reason), by vendor and item: Northstar sent
sales staff and screenshots, Bayanihan its delivery team and live tools."""


def fill_stage_sheets(sheets: Sequence[Path], evaluations: Path) -> list[Path]:
    """Fill the demo panel's orals sheets and drop them into ``evaluations/orals/``; a vendor
    the table does not know (another shortlist) gets a plain 3 from both."""
    from openpyxl import load_workbook

    from rfp.core.files import atomic_path
    from rfp.evaluate import layout

    evaluations.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet_path in sheets:
        evaluator = sheet_path.stem
        if evaluator not in DEMO_EVALUATORS or sheet_path.suffix != ".xlsx":
            continue
        workbook = load_workbook(sheet_path)
        scores = workbook[layout.SHEET_SCORES]
        for row in range(2, scores.max_row + 1):
            vendor = str(scores.cell(row=row, column=1).value or "")
            item = scores.cell(row=row, column=2).value
            if not item:
                continue
            alice, bob, reason = ORALS_PANEL.get(vendor, {}).get(str(item), (3, 3, "Adequate."))
            score = alice if evaluator == "alice" else bob
            scores.cell(row=row, column=layout.SCORE_COLUMN, value=score)
            scores.cell(row=row, column=layout.COMMENT_COLUMN, value=reason)
        target = evaluations / sheet_path.name
        with atomic_path(target) as temporary:
            workbook.save(str(temporary))
        written.append(target)
    return written
