"""The vendor response kit: ``response-template.docx`` and ``response-workbook.xlsx``.

The sheet names and column headers below are read back by ``rfp score``, so writer and reader
share these constants and a vendor who keeps the structure is scored without manual rework.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rfp.core.files import atomic_path
from rfp.core.project import Project
from rfp.core.spec import PRICE_MODEL_TITLES

TEMPLATE_FILE = "response-template.docx"
WORKBOOK_FILE = "response-workbook.xlsx"
KIT_VERSION = "1"

SHEET_INSTRUCTIONS = "Instructions"
SHEET_RESPONDENT = "Respondent"
SHEET_COMPLIANCE = "Compliance"
SHEET_PRICING = "Pricing"
SHEET_SITES = "Delivery sites"
SHEET_LANGUAGES = "Languages"
SHEET_CERTIFICATIONS = "Certifications"
SHEET_ABOUT = "_rfp"

COMPLIANCE_HEADERS = ("ID", "Area", "Requirement", "Mandatory", "Response", "Reference", "Comments")
COMPLIANCE_CHOICES = ("Comply", "Partial", "No")
PRICING_HEADERS = (
    "Model",
    "Scope",
    "Unit",
    "Baseline per month",
    "AHT seconds",
    "Rate",
    "FTE",
    "Billable units per year",
    "Annual cost",
    "Assumptions",
)
SITES_HEADERS = (
    "Site",
    "City",
    "Country",
    "Location type",
    "Time zone",
    "Days",
    "Start",
    "End",
    "Seats",
    "Services",
)
LANGUAGES_HEADERS = ("Code", "Language", "Proficiency (CEFR)", "Agents", "Sites")
CERTIFICATIONS_HEADERS = ("Certification", "Scope", "Issuer", "Expiry", "Evidence")
RESPONDENT_HEADERS = ("Field", "Value")
RESPONDENT_FIELDS = ("Company name", "Contact name", "Email", "Phone")

PRODUCTIVE_HOURS_PER_FTE_MONTH = 112  # 160 paid hours less 30% shrinkage
PRICE_UNITS = {
    "per_fte_month": "FTE-month",
    "per_productive_hour": "Productive hour",
    "per_minute": "Handled minute",
    "per_transaction": "Transaction",
}


def _fixed_time(project: Project) -> dt.datetime:
    """Document timestamps come from the spec, so regenerating gives identical files."""
    issued = project.spec.timeline.issued
    return dt.datetime(issued.year, issued.month, issued.day, 9, 0, 0)


# --------------------------------------------------------------------------- DOCX


def write_template(project: Project, target: Path) -> None:
    """Write the Word response template: one heading per question, starting with its id."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    spec = project.spec
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10.5)
    properties = document.core_properties
    properties.title = f"Response to RFP {spec.project.reference}: {spec.project.title}"
    properties.subject = spec.project.reference
    properties.author = "rfp"
    properties.keywords = f"rfp-response-template kit-{KIT_VERSION}"
    properties.created = _fixed_time(project)
    properties.modified = _fixed_time(project)
    properties.last_modified_by = "rfp"
    properties.revision = 1

    document.add_heading(f"Response to RFP {spec.project.reference}", level=0)
    document.add_paragraph(f"{spec.project.title} — issued by {spec.buyer.name}")
    document.add_paragraph("Respondent: [company name]")
    intro = document.add_paragraph()
    intro.add_run("How to use this template. ").bold = True
    intro.add_run(
        "Answer each question under its heading. Keep every heading and its question id "
        "unchanged: answers are matched to questions by id. Add tables or sub-headings as "
        "needed, and reference attachments by file name and page. Mandatory questions are "
        "pass/fail."
    )
    grey = RGBColor(0x5B, 0x67, 0x75)
    for area in project.selection.areas:
        document.add_heading(area.area.title, level=1)
        for item in area.criteria:
            criterion = item.criterion
            document.add_heading(f"{criterion.id} {criterion.title}", level=2)
            question = document.add_paragraph()
            if criterion.mandatory:
                marker = question.add_run("MANDATORY. ")
                marker.bold = True
                marker.font.color.rgb = RGBColor(0x9B, 0x1C, 0x1C)
            question_run = question.add_run(criterion.question)
            question_run.italic = True
            if criterion.guidance:
                guidance = document.add_paragraph()
                run = guidance.add_run(f"Evidence expected: {criterion.guidance}")
                run.font.size = Pt(9)
                run.font.color.rgb = grey
            answer = document.add_paragraph()
            answer.add_run("Response: ").bold = True
            placeholder = answer.add_run("[Write your answer here.]")
            placeholder.font.color.rgb = grey
            answer.add_run().add_break(WD_BREAK.LINE)
    with atomic_path(target) as temporary:
        document.save(str(temporary))


# --------------------------------------------------------------------------- XLSX


def pricing_rows(project: Project) -> list[dict[str, Any]]:
    """One row per accepted price model and baseline volume line, with its billable units."""
    spec = project.spec
    rows: list[dict[str, Any]] = []
    lines = spec.volumes or []
    for model in spec.price_models:
        if not lines:
            rows.append({"model": model, "scope": "All", "per_month": None, "aht": None})
            continue
        for volume in lines:
            if model == "per_minute" and volume.channel is None:
                continue
            rows.append(
                {
                    "model": model,
                    "scope": volume.name,
                    "per_month": volume.per_month,
                    "aht": volume.aht_seconds,
                }
            )
    return rows


def write_workbook(project: Project, target: Path) -> None:
    """Write the Excel response workbook the scoring step reads back."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

    spec = project.spec
    workbook = Workbook()
    workbook.properties.creator = "rfp"
    workbook.properties.title = f"Response workbook for RFP {spec.project.reference}"
    workbook.properties.created = _fixed_time(project)
    workbook.properties.modified = _fixed_time(project)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="0B3D6E")
    input_fill = PatternFill("solid", fgColor="FFF7D6")
    wrap = Alignment(wrap_text=True, vertical="top")

    def sheet(title: str, headers: tuple[str, ...], widths: tuple[int, ...]) -> Worksheet:
        worksheet = workbook.create_sheet(title)
        worksheet.append(list(headers))
        for index, width in enumerate(widths, start=1):
            cell = worksheet.cell(row=1, column=index)
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            worksheet.column_dimensions[get_column_letter(index)].width = width
        worksheet.freeze_panes = "A2"
        return worksheet

    instructions = workbook.active
    assert instructions is not None
    instructions.title = SHEET_INSTRUCTIONS
    instructions.column_dimensions["A"].width = 110
    lines = [
        f"Response workbook — RFP {spec.project.reference}: {spec.project.title}",
        f"Issued by {spec.buyer.name.rstrip('.')}. "
        f"Proposals due {spec.timeline.proposals_due:%d %B %Y}.",
        "",
        "Fill in the yellow cells on every sheet. Do not rename sheets, columns or question ids.",
        "Respondent: your company's name as it should appear in the evaluation, and a contact.",
        "Compliance: for each requirement choose Comply, Partial or No; give the section and page "
        "of your proposal that answers it.",
        f"Pricing: quote in {spec.pricing.currency}. For per-FTE and per-hour models also state "
        "the FTE you would deploy. Annual cost is calculated for you.",
        "Delivery sites: one row per site with its IANA time zone (e.g. Asia/Manila, "
        "America/Mexico_City) and operating days and hours in local time (HH:MM).",
        "Languages: ISO 639-1 code (en, es, fr...), CEFR proficiency (B2, C1, C2) and agent count.",
        "Certifications: name, scope, issuing body and expiry date (YYYY-MM-DD).",
    ]
    for line in lines:
        instructions.append([line])
    instructions["A1"].font = Font(bold=True, size=13, color="0B3D6E")
    for row in instructions.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True)

    respondent = sheet(SHEET_RESPONDENT, RESPONDENT_HEADERS, (18, 50))
    for name in RESPONDENT_FIELDS:
        respondent.append([name, None])
        respondent.cell(row=respondent.max_row, column=2).fill = input_fill

    compliance = sheet(SHEET_COMPLIANCE, COMPLIANCE_HEADERS, (10, 22, 60, 11, 12, 24, 40))
    choice = DataValidation(
        type="list",
        formula1=f'"{",".join(COMPLIANCE_CHOICES)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Comply, Partial or No",
        error="Choose Comply, Partial or No.",
    )
    compliance.add_data_validation(choice)
    for item in project.selection.criteria:
        criterion = item.criterion
        compliance.append(
            [
                criterion.id,
                project.library.areas[criterion.area].title
                if criterion.area in project.library.areas
                else criterion.area,
                f"{criterion.title}: {criterion.question}",
                "Yes" if criterion.mandatory else "No",
                None,
                None,
                None,
            ]
        )
        row = compliance.max_row
        for column in range(1, len(COMPLIANCE_HEADERS) + 1):
            compliance.cell(row=row, column=column).alignment = wrap
        for column in (5, 6, 7):
            compliance.cell(row=row, column=column).fill = input_fill
    if compliance.max_row > 1:
        choice.add(f"E2:E{compliance.max_row}")
    compliance.auto_filter.ref = compliance.dimensions

    pricing = sheet(SHEET_PRICING, PRICING_HEADERS, (22, 16, 16, 14, 12, 12, 10, 16, 16, 40))
    for row_data in pricing_rows(project):
        model = row_data["model"]
        pricing.append(
            [
                PRICE_MODEL_TITLES[model],
                row_data["scope"],
                PRICE_UNITS[model],
                row_data["per_month"],
                row_data["aht"],
                None,
                None,
                None,
                None,
                None,
            ]
        )
        row = pricing.max_row
        per_month, aht = f"D{row}", f"E{row}"
        units: str | None
        if model == "per_fte_month":
            units = f'=IF(G{row}="","",G{row}*12)'
        elif model == "per_productive_hour":
            units = f'=IF(G{row}="","",G{row}*12*{PRODUCTIVE_HOURS_PER_FTE_MONTH})'
        elif model == "per_minute":
            units = f"={per_month}*{aht}/60*12" if row_data["per_month"] else None
        else:
            units = f"={per_month}*12" if row_data["per_month"] else None
        pricing.cell(row=row, column=8, value=units)
        pricing.cell(row=row, column=9, value=f'=IF(OR(F{row}="",H{row}=""),"",F{row}*H{row})')
        pricing.cell(row=row, column=9).number_format = "#,##0"
        pricing.cell(row=row, column=8).number_format = "#,##0"
        pricing.cell(row=row, column=4).number_format = "#,##0"
        for column in (6, 7, 10):
            pricing.cell(row=row, column=column).fill = input_fill

    sites = sheet(SHEET_SITES, SITES_HEADERS, (22, 16, 16, 14, 22, 14, 8, 8, 8, 30))
    location = DataValidation(
        type="list", formula1='"onshore,nearshore,offshore"', allow_blank=True
    )
    sites.add_data_validation(location)
    location.add("D2:D50")
    for row_number in range(2, 12):
        for column in range(1, len(SITES_HEADERS) + 1):
            sites.cell(row=row_number, column=column).fill = input_fill

    languages = sheet(SHEET_LANGUAGES, LANGUAGES_HEADERS, (8, 18, 18, 10, 30))
    for code in spec.languages:
        languages.append([code, None, None, None, None])
    for row_number in range(2, 2 + max(len(spec.languages), 5)):
        for column in range(2, len(LANGUAGES_HEADERS) + 1):
            languages.cell(row=row_number, column=column).fill = input_fill

    certifications = sheet(SHEET_CERTIFICATIONS, CERTIFICATIONS_HEADERS, (24, 30, 24, 12, 30))
    for name in spec.certifications:
        certifications.append([name, None, None, None, None])
    for row_number in range(2, 2 + max(len(spec.certifications), 6)):
        for column in range(1, len(CERTIFICATIONS_HEADERS) + 1):
            certifications.cell(row=row_number, column=column).fill = input_fill
        certifications.cell(row=row_number, column=4).number_format = "yyyy-mm-dd"

    about = workbook.create_sheet(SHEET_ABOUT)
    about.append(["reference", spec.project.reference])
    about.append(["kit_version", KIT_VERSION])
    about.append(["office", spec.office])
    about.sheet_state = "hidden"

    with atomic_path(target) as temporary:
        workbook.save(str(temporary))


# --------------------------------------------------------------------------- reading returns


@dataclass(frozen=True)
class Site:
    """A delivery site from the returned workbook."""

    name: str
    city: str
    country: str
    location_type: str
    time_zone: str
    days: tuple[str, ...]
    start: dt.time
    end: dt.time
    seats: int | None
    services: str


@dataclass(frozen=True)
class LanguageOffer:
    """A language the vendor staffs, from the returned workbook."""

    code: str
    proficiency: str
    agents: int | None


@dataclass(frozen=True)
class Certification:
    """A certification the vendor declares, from the returned workbook."""

    name: str
    scope: str
    issuer: str
    expiry: dt.date | None


@dataclass(frozen=True)
class Price:
    """One priced line of the returned workbook."""

    model: str
    scope: str
    rate: float
    fte: float | None


@dataclass(frozen=True)
class ComplianceAnswer:
    """Comply / Partial / No for one requirement, and where the proposal answers it."""

    criterion: str
    response: str
    reference: str


@dataclass
class VendorWorkbook:
    """Everything read from a vendor's returned ``response-workbook.xlsx``."""

    path: str
    reference: str = ""
    respondent: dict[str, str] = field(default_factory=dict)
    sites: list[Site] = field(default_factory=list)
    languages: list[LanguageOffer] = field(default_factory=list)
    certifications: list[Certification] = field(default_factory=list)
    prices: list[Price] = field(default_factory=list)
    compliance: dict[str, ComplianceAnswer] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


_DAY_ORDER = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MODEL_BY_TITLE = {title.lower(): model for model, title in PRICE_MODEL_TITLES.items()}


def parse_days(value: object) -> tuple[str, ...] | None:
    """Read ``Mon-Fri``, ``Mon–Sat``, ``mon, wed, fri``, ``Monday to Friday`` or ``24/7``."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in {"24/7", "7/7", "every day", "daily", "all", "mon-sun", "7 days"}:
        return _DAY_ORDER
    text = re.sub(r"\s*(?:-|–|—|to|through|thru)\s*", "-", text)
    days: list[str] = []
    for part in re.split(r"[,;/ ]+", text):
        if not part:
            continue
        if "-" in part:
            first, _, last = part.partition("-")
            if first[:3] not in _DAY_ORDER or last[:3] not in _DAY_ORDER:
                return None
            start, end = _DAY_ORDER.index(first[:3]), _DAY_ORDER.index(last[:3])
            span = range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)]
            days += [_DAY_ORDER[i] for i in span]
        elif part[:3] in _DAY_ORDER:
            days.append(part[:3])
        else:
            return None
    ordered = tuple(d for d in _DAY_ORDER if d in days)
    return ordered or None


def parse_clock(value: object) -> dt.time | None:
    """Read a time cell: an Excel time, a fraction of a day, ``08:00``, ``8:30 pm`` or ``24:00``."""
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, int | float) and 0 <= value <= 1:
        minutes = round(float(value) * 24 * 60)
        return dt.time(0, 0) if minutes >= 24 * 60 else dt.time(minutes // 60, minutes % 60)
    if value is None:
        return None
    match = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*", str(value).lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3) == "pm" and hour < 12:
        hour += 12
    if match.group(3) == "am" and hour == 12:
        hour = 0
    if hour == 24 and minute == 0:
        return dt.time(0, 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    cleaned = re.sub(r"[^\d.\-]", "", str(value))
    try:
        return float(cleaned) if cleaned else None
    except ValueError:
        return None


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _rows(worksheet: Any, headers: tuple[str, ...]) -> list[tuple[int, dict[str, object]]]:
    """Data rows as header -> value, keeping the Excel row number for messages."""
    header_row = [_text(cell.value) for cell in worksheet[1]]
    positions = {name: header_row.index(name) for name in headers if name in header_row}
    rows = []
    for number, row in enumerate(worksheet.iter_rows(min_row=2, values_only=True), start=2):
        values = {
            name: row[index] if index < len(row) else None for name, index in positions.items()
        }
        if any(v not in (None, "") for v in values.values()):
            rows.append((number, values))
    return rows


def read_workbook(path: Path, expected_reference: str) -> VendorWorkbook:
    """Read a returned workbook; problems become warnings naming the sheet and cell.

    Raises ProposalReadError only when the file is not a readable workbook at all or belongs to a
    different RFP, so one bad cell never hides the rest of a vendor's answers.
    """
    import zoneinfo

    from openpyxl import load_workbook

    from rfp.errors import ProposalReadError

    where = str(path)
    if path.stat().st_size == 0:
        raise ProposalReadError(where, "the workbook is empty")
    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except Exception as error:  # openpyxl surfaces zip, XML and value errors of many kinds
        detail = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise ProposalReadError(where, f"not a readable Excel workbook ({detail})") from None
    result = VendorWorkbook(path=where)
    if SHEET_ABOUT in workbook.sheetnames:
        about = {
            _text(r[0]): _text(r[1]) for r in workbook[SHEET_ABOUT].iter_rows(values_only=True) if r
        }
        result.reference = about.get("reference", "")
    if result.reference and result.reference != expected_reference:
        raise ProposalReadError(
            where,
            f"this workbook belongs to RFP {result.reference}, not {expected_reference}",
        )
    if not result.reference:
        result.warnings.append(
            f"{where}: the hidden '{SHEET_ABOUT}' sheet is missing; cannot confirm the RFP"
        )

    def sheet(name: str) -> Any:
        if name in workbook.sheetnames:
            return workbook[name]
        result.warnings.append(f"{where}: sheet '{name}' is missing")
        return None

    if SHEET_RESPONDENT in workbook.sheetnames:
        for _row_number, row in _rows(workbook[SHEET_RESPONDENT], RESPONDENT_HEADERS):
            key, value = _text(row.get("Field")), _text(row.get("Value"))
            if key and value:
                result.respondent[key] = value

    compliance = sheet(SHEET_COMPLIANCE)
    if compliance is not None:
        for number, row in _rows(compliance, COMPLIANCE_HEADERS):
            criterion = _text(row.get("ID")).upper()
            response = _text(row.get("Response")).capitalize()
            if not criterion or not response:
                continue
            if response not in COMPLIANCE_CHOICES:
                result.warnings.append(
                    f"{where}: {SHEET_COMPLIANCE}!E{number}: {response!r} is not "
                    "Comply, Partial or No"
                )
                continue
            result.compliance[criterion] = ComplianceAnswer(
                criterion, response, _text(row.get("Reference"))
            )

    pricing = sheet(SHEET_PRICING)
    if pricing is not None:
        for number, row in _rows(pricing, PRICING_HEADERS):
            rate = _number(row.get("Rate"))
            if rate is None:
                if _text(row.get("Rate")):
                    result.warnings.append(
                        f"{where}: {SHEET_PRICING}!F{number}: rate is not a number"
                    )
                continue
            model = _MODEL_BY_TITLE.get(_text(row.get("Model")).lower())
            if model is None:
                result.warnings.append(f"{where}: {SHEET_PRICING}!A{number}: unknown price model")
                continue
            scope = _text(row.get("Scope"))
            result.prices.append(
                Price(model, "" if scope.lower() == "all" else scope, rate, _number(row.get("FTE")))
            )

    sites = sheet(SHEET_SITES)
    if sites is not None:
        for number, row in _rows(sites, SITES_HEADERS):
            zone = _text(row.get("Time zone"))
            days = parse_days(row.get("Days"))
            start, end = parse_clock(row.get("Start")), parse_clock(row.get("End"))
            cell = f"{where}: {SHEET_SITES}!"
            try:
                zoneinfo.ZoneInfo(zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                result.warnings.append(
                    f"{cell}E{number}: unknown IANA time zone {zone!r}; site ignored"
                )
                continue
            if days is None or start is None or end is None:
                result.warnings.append(f"{cell}F{number}: days or hours unreadable; site ignored")
                continue
            seats = _number(row.get("Seats"))
            result.sites.append(
                Site(
                    name=_text(row.get("Site")) or f"Site {number - 1}",
                    city=_text(row.get("City")),
                    country=_text(row.get("Country")),
                    location_type=_text(row.get("Location type")).lower(),
                    time_zone=zone,
                    days=days,
                    start=start,
                    end=end,
                    seats=int(seats) if seats is not None else None,
                    services=_text(row.get("Services")),
                )
            )

    languages = sheet(SHEET_LANGUAGES)
    if languages is not None:
        for _number_row, row in _rows(languages, LANGUAGES_HEADERS):
            code = _text(row.get("Code")).lower()
            agents = _number(row.get("Agents"))
            if code and (agents is None or agents > 0):
                result.languages.append(
                    LanguageOffer(
                        code, _text(row.get("Proficiency (CEFR)")), int(agents) if agents else None
                    )
                )

    certifications = sheet(SHEET_CERTIFICATIONS)
    if certifications is not None:
        for number, row in _rows(certifications, CERTIFICATIONS_HEADERS):
            name = _text(row.get("Certification"))
            if not name or not any(_text(row.get(h)) for h in ("Scope", "Issuer", "Expiry")):
                continue  # the buyer's pre-filled name with nothing declared against it
            expiry_cell = row.get("Expiry")
            expiry: dt.date | None = None
            if isinstance(expiry_cell, dt.datetime):
                expiry = expiry_cell.date()
            elif isinstance(expiry_cell, dt.date):
                expiry = expiry_cell
            elif _text(expiry_cell):
                try:
                    expiry = dt.date.fromisoformat(_text(expiry_cell)[:10])
                except ValueError:
                    result.warnings.append(
                        f"{where}: {SHEET_CERTIFICATIONS}!D{number}: "
                        "expiry is not a date (YYYY-MM-DD)"
                    )
            result.certifications.append(
                Certification(name, _text(row.get("Scope")), _text(row.get("Issuer")), expiry)
            )
    return result
