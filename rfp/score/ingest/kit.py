"""Read a vendor's returned response workbook: sites, languages, certifications, prices, answers.

The writer is `rfp.generate.kit`; both use the names in `rfp.core.kit_layout`. Problems with a
cell become warnings naming the sheet and cell, so one bad cell never hides the rest of a
vendor's answers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zoneinfo
from pathlib import Path
from typing import Any

from rfp.core.calendar import parse_clock, parse_days
from rfp.core.kit_layout import (
    CERTIFICATIONS_HEADERS,
    COMPLIANCE_CHOICES,
    COMPLIANCE_HEADERS,
    LANGUAGES_HEADERS,
    PRICING_HEADERS,
    RESPONDENT_HEADERS,
    SHEET_ABOUT,
    SHEET_CERTIFICATIONS,
    SHEET_COMPLIANCE,
    SHEET_LANGUAGES,
    SHEET_PRICING,
    SHEET_RESPONDENT,
    SHEET_SITES,
    SITES_HEADERS,
)
from rfp.core.spec import PRICE_MODEL_TITLES
from rfp.errors import ProposalReadError
from rfp.score.workbook import (
    Certification,
    ComplianceAnswer,
    LanguageOffer,
    Price,
    Site,
    VendorWorkbook,
)

_MODEL_BY_TITLE = {title.lower(): model for model, title in PRICE_MODEL_TITLES.items()}


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


def read_workbook(path: Path, expected_reference: str, data: bytes | None = None) -> VendorWorkbook:
    """Read a returned workbook; problems become warnings naming the sheet and cell.

    ``data`` is the file's bytes when the caller has read them already (and hashed them for the
    audit), so the workbook scored is exactly the one recorded. Raises ProposalReadError only
    when the file is not a readable workbook at all or belongs to a different RFP, so one bad
    cell never hides the rest of a vendor's answers.
    """
    workbook = _open_workbook(path, data)
    result = VendorWorkbook(path=str(path))
    _read_about(workbook, result, expected_reference)

    def sheet(name: str) -> Any:
        if name in workbook.sheetnames:
            return workbook[name]
        result.warnings.append(f"{result.path}: sheet '{name}' is missing")
        return None

    if SHEET_RESPONDENT in workbook.sheetnames:
        _read_respondent(workbook[SHEET_RESPONDENT], result)
    readers = (
        (SHEET_COMPLIANCE, _read_compliance),
        (SHEET_PRICING, _read_pricing),
        (SHEET_SITES, _read_sites),
        (SHEET_LANGUAGES, _read_languages),
        (SHEET_CERTIFICATIONS, _read_certifications),
    )
    for name, read_sheet in readers:
        worksheet = sheet(name)
        if worksheet is not None:
            read_sheet(worksheet, result)
    return result


def _open_workbook(path: Path, data: bytes | None = None) -> Any:
    """Load the workbook with cached formula values, or raise ProposalReadError saying why not."""
    from openpyxl import load_workbook

    where = str(path)
    if (len(data) if data is not None else path.stat().st_size) == 0:
        raise ProposalReadError(where, "the workbook is empty")
    try:
        source = io.BytesIO(data) if data is not None else path
        return load_workbook(source, read_only=False, data_only=True)
    except Exception as error:  # openpyxl surfaces zip, XML and value errors of many kinds
        detail = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise ProposalReadError(where, f"not a readable Excel workbook ({detail})") from None


def _read_about(workbook: Any, result: VendorWorkbook, expected_reference: str) -> None:
    """The RFP reference from the hidden sheet: a different RFP's workbook is refused."""
    where = result.path
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


def _read_respondent(worksheet: Any, result: VendorWorkbook) -> None:
    for _row_number, row in _rows(worksheet, RESPONDENT_HEADERS):
        key, value = _text(row.get("Field")), _text(row.get("Value"))
        if key and value:
            result.respondent[key] = value


def _read_compliance(worksheet: Any, result: VendorWorkbook) -> None:
    for number, row in _rows(worksheet, COMPLIANCE_HEADERS):
        criterion = _text(row.get("ID")).upper()
        response = _text(row.get("Response")).capitalize()
        if not criterion or not response:
            continue
        if response not in COMPLIANCE_CHOICES:
            result.warnings.append(
                f"{result.path}: {SHEET_COMPLIANCE}!E{number}: {response!r} is not "
                "Comply, Partial or No"
            )
            continue
        result.compliance[criterion] = ComplianceAnswer(
            criterion, response, _text(row.get("Reference"))
        )


def _read_pricing(worksheet: Any, result: VendorWorkbook) -> None:
    where = result.path
    for number, row in _rows(worksheet, PRICING_HEADERS):
        rate = _number(row.get("Rate"))
        if rate is None:
            if _text(row.get("Rate")):
                result.warnings.append(f"{where}: {SHEET_PRICING}!F{number}: rate is not a number")
            continue
        model = _MODEL_BY_TITLE.get(_text(row.get("Model")).lower())
        if model is None:
            result.warnings.append(f"{where}: {SHEET_PRICING}!A{number}: unknown price model")
            continue
        scope = _text(row.get("Scope"))
        result.prices.append(
            Price(model, "" if scope.lower() == "all" else scope, rate, _number(row.get("FTE")))
        )


def _read_sites(worksheet: Any, result: VendorWorkbook) -> None:
    """Sites with a known IANA zone and readable days and hours; others become warnings."""
    for number, row in _rows(worksheet, SITES_HEADERS):
        zone = _text(row.get("Time zone"))
        days = parse_days(row.get("Days"))
        start, end = parse_clock(row.get("Start")), parse_clock(row.get("End"))
        cell = f"{result.path}: {SHEET_SITES}!"
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


def _read_languages(worksheet: Any, result: VendorWorkbook) -> None:
    for _number_row, row in _rows(worksheet, LANGUAGES_HEADERS):
        code = _text(row.get("Code")).lower()
        agents = _number(row.get("Agents"))
        if code and (agents is None or agents > 0):
            result.languages.append(
                LanguageOffer(
                    code, _text(row.get("Proficiency (CEFR)")), int(agents) if agents else None
                )
            )


def _read_certifications(worksheet: Any, result: VendorWorkbook) -> None:
    for number, row in _rows(worksheet, CERTIFICATIONS_HEADERS):
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
                    f"{result.path}: {SHEET_CERTIFICATIONS}!D{number}: "
                    "expiry is not a date (YYYY-MM-DD)"
                )
        result.certifications.append(
            Certification(name, _text(row.get("Scope")), _text(row.get("Issuer")), expiry)
        )
