"""The vendor response kit: ``response-template.docx`` and ``response-workbook.xlsx``.

Only the writer lives here. The names the workbook is read back by (sheets, headers, file names,
price units) are in `rfp.core.kit_layout`, shared with the reader `rfp.score.ingest.kit`, so a
vendor who keeps the structure is scored without manual rework.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rfp.core import kit_layout
from rfp.core.files import atomic_path
from rfp.core.kit_layout import (
    CERTIFICATIONS_HEADERS,
    COMPLIANCE_CHOICES,
    COMPLIANCE_HEADERS,
    DEFAULT_PRODUCTIVE_HOURS,
    KIT_VERSION,
    LANGUAGES_HEADERS,
    PLAUSIBLE_PRODUCTIVE_HOURS,
    PRICE_UNITS,
    PRICING_HEADERS,
    PRICING_PRODUCTIVE_HOURS,
    RESPONDENT_FIELDS,
    RESPONDENT_HEADERS,
    RESPONDENT_NUMBER_FORMAT,
    SHEET_ABOUT,
    SHEET_CERTIFICATIONS,
    SHEET_COMPLIANCE,
    SHEET_INSTRUCTIONS,
    SHEET_LANGUAGES,
    SHEET_PRICING,
    SHEET_RESPONDENT,
    SHEET_SITES,
    SITES_HEADERS,
)
from rfp.core.paper import uses_letter
from rfp.core.payroll import is_payroll
from rfp.core.project import Project
from rfp.core.spec import PRICE_MODEL_TITLES
from rfp.core.xlsx import (
    core_property,
    input_fill,
    print_setup,
    row_height,
    style_header,
    title_font,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


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
    properties.title = core_property(
        f"Response to RFP {spec.project.reference}: {spec.project.title}"
    )
    properties.subject = core_property(spec.project.reference)
    properties.author = "rfp"
    properties.keywords = f"rfp-response-template kit-{KIT_VERSION}"
    properties.created = project.spec.timeline.document_time
    properties.modified = project.spec.timeline.document_time
    properties.last_modified_by = "rfp"
    properties.revision = 1

    document.add_heading(f"Response to RFP {spec.project.reference}", level=0)
    document.add_paragraph(f"{spec.project.title} — issued by {spec.buyer.name}")
    document.add_paragraph(kit_layout.TEMPLATE_RESPONDENT)
    intro = document.add_paragraph()
    intro.add_run(kit_layout.TEMPLATE_HOW_TO_LEAD).bold = True
    intro.add_run(kit_layout.TEMPLATE_HOW_TO)
    grey = RGBColor(0x5B, 0x67, 0x75)
    for area in project.selection.areas:
        document.add_heading(area.area.title, level=1)
        for item in area.criteria:
            criterion = item.criterion
            document.add_heading(f"{criterion.id} {criterion.title}", level=2)
            question = document.add_paragraph()
            if criterion.mandatory:
                marker = question.add_run(kit_layout.TEMPLATE_MANDATORY)
                marker.bold = True
                marker.font.color.rgb = RGBColor(0x9B, 0x1C, 0x1C)
            question_run = question.add_run(criterion.question)
            question_run.italic = True
            if criterion.guidance:
                guidance = document.add_paragraph()
                run = guidance.add_run(kit_layout.TEMPLATE_EVIDENCE + criterion.guidance)
                run.font.size = Pt(9)
                run.font.color.rgb = grey
            answer = document.add_paragraph()
            answer.add_run(kit_layout.TEMPLATE_RESPONSE).bold = True
            placeholder = answer.add_run(kit_layout.TEMPLATE_PLACEHOLDER)
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
            if model == "per_employee_month" and not is_payroll(volume.name):
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

    spec = project.spec
    workbook = Workbook()
    workbook.properties.creator = "rfp"
    workbook.properties.title = core_property(f"Response workbook for RFP {spec.project.reference}")
    workbook.properties.created = project.spec.timeline.document_time
    workbook.properties.modified = project.spec.timeline.document_time
    _write_instructions(workbook, project)
    _write_respondent(workbook)
    _write_compliance(workbook, project)
    _write_pricing(workbook, project)
    _write_sites(workbook)
    _write_languages(workbook, project)
    _write_certifications(workbook, project)
    _write_contract(workbook, project)
    letter = uses_letter(spec.buyer.country)
    for sheet in workbook.worksheets:
        print_setup(sheet, letter=letter, header_rows=0 if sheet is workbook.active else 1)
    about = workbook.create_sheet(SHEET_ABOUT)
    about.append(["reference", spec.project.reference])
    about.append(["kit_version", KIT_VERSION])
    about.append(["office", spec.office])
    about.sheet_state = "hidden"
    with atomic_path(target) as temporary:
        workbook.save(str(temporary))


def _sheet(
    workbook: Workbook, title: str, headers: tuple[str, ...], widths: tuple[int, ...]
) -> Worksheet:
    """A new sheet with its header row styled, column widths set and the header frozen."""
    # The stubs type create_sheet as Any (a write-only workbook gives a WriteOnlyWorksheet).
    worksheet = cast("Worksheet", workbook.create_sheet(title))
    worksheet.append(list(headers))
    style_header(worksheet, widths)
    worksheet.freeze_panes = "A2"
    return worksheet


def _write_instructions(workbook: Workbook, project: Project) -> None:
    from openpyxl.styles import Alignment

    spec = project.spec
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
        "Respondent: your company's name as it should appear in the evaluation, a contact, and "
        "the number format of any number you type as text (a locale such as de_DE or en_GB, or "
        "an example such as 1.234,56).",
        "Compliance: for each requirement choose Comply, Partial or No; give the section and page "
        "of your proposal that answers it.",
        f"Pricing: quote in {spec.pricing.currency}. For per-FTE and per-hour models also state "
        "the FTE you would deploy. Annual cost is calculated for you. "
        f"Price is compared over the {spec.project.contract_years}-year term: give each later "
        "year's rate, or an annual escalation (as a percentage, e.g. 3%) for the years you leave "
        "blank, and any one-time transition fee once per model (on its first row). Rates left "
        "blank for later years are held at year 1's. A per-transaction rate that depends on "
        "volume: one row per band, with the monthly volume it starts and ends at.",
        *_productive_hours_instructions(),
        "Delivery sites: one row per site with its IANA time zone (e.g. Asia/Manila, "
        "America/Mexico_City) and operating days and hours in local time (HH:MM).",
        "Languages: ISO 639-1 code (en, es, fr...), CEFR proficiency (B2, C1, C2) and agent count.",
        "Certifications: name, scope, issuing body and expiry date (YYYY-MM-DD).",
        f"{kit_layout.SHEET_CONTRACT}: for each key term of the contract (RFP Annex C) choose "
        "Accept, Accept with exception or Reject; for an exception give your proposed wording "
        "and the reason. Taking exception to, or rejecting, a term marked non-negotiable "
        "disqualifies the proposal. Keep the term ids. Your answer is to the wording in the RFP "
        "(Annex C): editing the Summary column changes nothing, so put any other wording in "
        "the Proposed alternative wording column.",
    ]
    for line in lines:
        instructions.append([line])
        instructions.row_dimensions[instructions.max_row].height = row_height([line], [110])
    instructions["A1"].font = title_font()
    for row in instructions.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True)


def _write_respondent(workbook: Workbook) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    respondent = _sheet(workbook, SHEET_RESPONDENT, RESPONDENT_HEADERS, (22, 50))
    for name in RESPONDENT_FIELDS:
        respondent.append([name, None])
        respondent.cell(row=respondent.max_row, column=2).fill = input_fill()
    # Excel and LibreOffice show the prompt when the cell is selected.
    hint = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle="How you type numbers",
        prompt=NUMBER_FORMAT_PROMPT,
    )
    respondent.add_data_validation(hint)
    row = 2 + RESPONDENT_FIELDS.index(RESPONDENT_NUMBER_FORMAT)
    hint.add(f"B{row}")


NUMBER_FORMAT_PROMPT = (
    "Numbers typed as numbers need nothing here. If you type numbers as text, give their format: "
    "a locale such as de_DE or en_GB, or an example such as 1.234,56. Without it, text such as "
    "2.650 that reads two ways is not used."
)


def _choice_list(choices: tuple[str, ...]) -> Any:
    """A drop-down that refuses anything but ``choices``, naming them in its error message."""
    from openpyxl.worksheet.datavalidation import DataValidation

    named = f"{', '.join(choices[:-1])} or {choices[-1]}"
    return DataValidation(
        type="list",
        formula1=f'"{",".join(choices)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=named,
        error=f"Choose {named}.",
    )


def _write_compliance(workbook: Workbook, project: Project) -> None:
    """One row per selected criterion, with a Comply / Partial / No list on the Response column."""
    from openpyxl.styles import Alignment

    wrap = Alignment(wrap_text=True, vertical="top")
    widths = (10, 22, 60, 11, 12, 24, 40)
    compliance = _sheet(workbook, SHEET_COMPLIANCE, COMPLIANCE_HEADERS, widths)
    choice = _choice_list(COMPLIANCE_CHOICES)
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
        texts = [str(cell.value or "") for cell in compliance[row]]
        compliance.row_dimensions[row].height = row_height(texts, widths)
        for column in range(1, len(COMPLIANCE_HEADERS) + 1):
            compliance.cell(row=row, column=column).alignment = wrap
        for column in (5, 6, 7):
            compliance.cell(row=row, column=column).fill = input_fill()
    if compliance.max_row > 1:
        choice.add(f"E2:E{compliance.max_row}")
    compliance.auto_filter.ref = compliance.dimensions


_TERM_FORMATS = {
    kit_layout.PRICING_ESCALATION: "0.0%",
    kit_layout.PRICING_BAND_FROM: "#,##0",
    kit_layout.PRICING_BAND_TO: "#,##0",
}
_PRICING_WIDTHS = (22, 16, 16, 14, 12, 12, 10, 16, 16, 40)


def _write_pricing(workbook: Workbook, project: Project) -> None:
    """One row per price model and volume line; billable units and annual cost are formulas."""
    pricing = _sheet(workbook, SHEET_PRICING, PRICING_HEADERS, _PRICING_WIDTHS)
    hours = _productive_hours_column(project.spec.project.contract_years)
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
        units = _billable_units_formula(
            model, row, has_volume=bool(row_data["per_month"]), hours=hours
        )
        pricing.cell(row=row, column=8, value=units)
        pricing.cell(row=row, column=9, value=f'=IF(OR(F{row}="",H{row}=""),"",F{row}*H{row})')
        pricing.cell(row=row, column=9).number_format = "#,##0"
        pricing.cell(row=row, column=8).number_format = "#,##0"
        pricing.cell(row=row, column=4).number_format = "#,##0"
        for column in (6, 7, 10):
            pricing.cell(row=row, column=column).fill = input_fill()
    _write_term_columns(pricing, project.spec.project.contract_years)
    _write_productive_hours(pricing, hours)


def _write_term_columns(pricing: Worksheet, years: int) -> None:
    """Escalation, transition fee and a rate per later year, after the year-1 columns."""
    headers = _term_headers(years)
    first = len(PRICING_HEADERS) + 1
    for offset, header in enumerate(headers):
        pricing.cell(row=1, column=first + offset, value=header)
        for row in range(2, pricing.max_row + 1):
            target = pricing.cell(row=row, column=first + offset)
            target.fill = input_fill()
            target.number_format = _TERM_FORMATS.get(header, "#,##0.00")
    style_header(pricing, (*_PRICING_WIDTHS, *(14,) * len(headers)))


def _term_headers(years: int) -> list[str]:
    """The term columns' headers for a term of ``years``, in sheet order."""
    return [
        kit_layout.PRICING_ESCALATION,
        kit_layout.PRICING_TRANSITION,
        kit_layout.PRICING_BAND_FROM,
        kit_layout.PRICING_BAND_TO,
        *(kit_layout.pricing_year_header(year) for year in range(2, years + 1)),
    ]


# --------------------------------------------------------------------------- productive hours


def _productive_hours_column(years: int) -> str:
    """The letter of the productive-hours column: after the year-1 and term columns, so the
    columns a returned kit is read by keep their places."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(len(PRICING_HEADERS) + len(_term_headers(years)) + 1)


def _productive_hours_instructions() -> list[str]:
    low, high = PLAUSIBLE_PRODUCTIVE_HOURS
    return [
        f"Productive hours per FTE-month: on each per-FTE and per-hour line, your own paid hours "
        f"less shrinkage (leave, training, breaks, meetings), e.g. 160 paid hours less 30% is "
        f"112. A per-hour line's billable units are your FTE × 12 × these hours; FTE the "
        f"evaluation calculates from our volumes always works {DEFAULT_PRODUCTIVE_HOURS} hours. "
        f"Left blank, the "
        f"evaluation assumes {DEFAULT_PRODUCTIVE_HOURS} and asks you to confirm; a figure "
        f"outside {low:g}-{high:g} is not used."
    ]


def _write_productive_hours(pricing: Worksheet, column: str) -> None:
    """The header, and a yellow input cell on each per-FTE and per-hour row (blank: stated by
    the vendor, never pre-filled, so a blank is told apart from a figure)."""
    from openpyxl.utils import column_index_from_string

    index = column_index_from_string(column)
    pricing.cell(row=1, column=index, value=PRICING_PRODUCTIVE_HOURS)
    hourly = {PRICE_MODEL_TITLES[m] for m in ("per_fte_month", "per_productive_hour")}
    for row in range(2, pricing.max_row + 1):
        if pricing.cell(row=row, column=1).value in hourly:
            target = pricing.cell(row=row, column=index)
            target.fill = input_fill()
            target.number_format = "0.0"
    term_widths = (14,) * (index - 1 - len(_PRICING_WIDTHS))
    style_header(pricing, (*_PRICING_WIDTHS, *term_widths, 16))


def _billable_units_formula(model: str, row: int, *, has_volume: bool, hours: str) -> str | None:
    """Excel formula for a pricing row's billable units per year, None when it cannot be known.
    A per-hour row's are FTE x 12 x the vendor's productive hours (column ``hours``)."""
    per_month, aht = f"D{row}", f"E{row}"
    if model == "per_fte_month":
        return f'=IF(G{row}="","",G{row}*12)'
    if model == "per_productive_hour":
        stated = f"{hours}{row}"
        return f'=IF(OR(G{row}="",{stated}=""),"",G{row}*12*{stated})'
    if model == "per_minute":
        return f"={per_month}*{aht}/60*12" if has_volume else None
    return f"={per_month}*12" if has_volume else None


def _write_sites(workbook: Workbook) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    sites = _sheet(workbook, SHEET_SITES, SITES_HEADERS, (22, 16, 16, 14, 22, 14, 8, 8, 8, 30))
    location = DataValidation(
        type="list", formula1='"onshore,nearshore,offshore"', allow_blank=True
    )
    sites.add_data_validation(location)
    location.add("D2:D50")
    for row_number in range(2, 12):
        for column in range(1, len(SITES_HEADERS) + 1):
            sites.cell(row=row_number, column=column).fill = input_fill()


def _write_languages(workbook: Workbook, project: Project) -> None:
    spec = project.spec
    languages = _sheet(workbook, SHEET_LANGUAGES, LANGUAGES_HEADERS, (8, 18, 18, 10, 30))
    for code in spec.languages:
        languages.append([code, None, None, None, None])
    for row_number in range(2, 2 + max(len(spec.languages), 5)):
        for column in range(2, len(LANGUAGES_HEADERS) + 1):
            languages.cell(row=row_number, column=column).fill = input_fill()


def _write_certifications(workbook: Workbook, project: Project) -> None:
    spec = project.spec
    certifications = _sheet(
        workbook, SHEET_CERTIFICATIONS, CERTIFICATIONS_HEADERS, (24, 30, 24, 12, 30)
    )
    for name in spec.certifications:
        certifications.append([name, None, None, None, None])
    for row_number in range(2, 2 + max(len(spec.certifications), 6)):
        for column in range(1, len(CERTIFICATIONS_HEADERS) + 1):
            certifications.cell(row=row_number, column=column).fill = input_fill()
        certifications.cell(row=row_number, column=4).number_format = "yyyy-mm-dd"


# --------------------------------------------------------------------------- contract exceptions


def _write_contract(workbook: Workbook, project: Project) -> None:
    """One row per key term, with an Accept / Accept with exception / Reject list."""
    from openpyxl.styles import Alignment

    from rfp.core.contract import key_terms

    wrap = Alignment(wrap_text=True, vertical="top")
    widths = (22, 24, 70, 14, 22, 40, 30)
    sheet = _sheet(workbook, kit_layout.SHEET_CONTRACT, kit_layout.CONTRACT_HEADERS, widths)
    choice = _choice_list(kit_layout.CONTRACT_CHOICES)
    sheet.add_data_validation(choice)
    for term in key_terms(project.spec):
        flag = "Yes" if term.non_negotiable else "No"
        sheet.append([term.id, term.title, term.summary, flag, None, None, None])
        row = sheet.max_row
        texts = [str(cell.value or "") for cell in sheet[row]]
        sheet.row_dimensions[row].height = row_height(texts, widths)
        for column in range(1, len(kit_layout.CONTRACT_HEADERS) + 1):
            sheet.cell(row=row, column=column).alignment = wrap
        for column in (5, 6, 7):
            sheet.cell(row=row, column=column).fill = input_fill()
    choice.add(f"E2:E{sheet.max_row}")
