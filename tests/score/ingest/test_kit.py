"""The returned response workbook as read by `rfp score`: a vendor's cells arrive as typed values.

The workbook is written by the generate step's writer and filled with openpyxl as a vendor
would, so writer and reader are checked against each other through the shared layout names.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from rfp.core import kit_layout
from rfp.core.project import Project, load_project
from rfp.errors import ProposalReadError
from rfp.generate.kit import write_workbook
from rfp.score.ingest.kit import _formula_columns, ods_foreign_currencies, read_workbook
from rfp.score.ingest.sheetbook import ods_content
from rfp.score.workbook import Certification, ComplianceAnswer, LanguageOffer, Price, Site


def blank_workbook(make_project: Callable[..., Path], tmp_path: Path) -> tuple[Project, Path]:
    project = load_project(make_project("front"))
    blank = tmp_path / kit_layout.WORKBOOK_FILE
    write_workbook(project, blank)
    return project, blank


def test_vendor_cells_are_read_back(make_project: Callable[..., Path], tmp_path: Path) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    first_criterion = project.selection.criteria[0].criterion.id
    workbook = load_workbook(blank)
    workbook[kit_layout.SHEET_RESPONDENT]["B2"] = "Northwind Contact Ltd"
    assert workbook[kit_layout.SHEET_RESPONDENT]["A6"].value == "Number format / locale"
    workbook[kit_layout.SHEET_RESPONDENT]["B6"] = "en_US"  # so "$3,150" is 3150, not 3.15
    compliance = workbook[kit_layout.SHEET_COMPLIANCE]
    assert compliance["A2"].value == first_criterion
    compliance["E2"] = "comply"  # any case: the reader capitalises
    compliance["F2"] = "Proposal section 4, page 12"
    pricing = workbook[kit_layout.SHEET_PRICING]
    fte_row = next(r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per FTE per month")
    fte_row[5].value = "$3,150"
    fte_row[6].value = 42
    sites = workbook[kit_layout.SHEET_SITES]
    site: list[str | int] = ["Manila hub", "Manila", "Philippines", "Offshore", "Asia/Manila",
                             "Mon-Sat", "8:00 pm", "05:00", 350, "voice, chat"]  # fmt: skip
    for column, value in enumerate(site, start=1):
        sites.cell(row=2, column=column, value=value)
    languages = workbook[kit_layout.SHEET_LANGUAGES]
    assert languages["A2"].value == "en"  # pre-filled from the spec
    languages["C2"] = "C2"
    languages["D2"] = 120
    certifications = workbook[kit_layout.SHEET_CERTIFICATIONS]
    expiry = dt.datetime(2027, 5, 31)
    certification: list[str | dt.datetime] = ["ISO/IEC 27001", "All delivery sites", "BSI", expiry]
    for column, entry in enumerate(certification, start=1):
        certifications.cell(row=2, column=column, value=entry)
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    read = read_workbook(returned, project.spec.project.reference)

    assert read.reference == project.spec.project.reference
    assert read.respondent == {
        "Company name": "Northwind Contact Ltd",
        "Number format / locale": "en_US",
    }
    assert read.compliance == {
        first_criterion: ComplianceAnswer(first_criterion, "Comply", "Proposal section 4, page 12")
    }
    voice = str(fte_row[1].value)
    assert read.prices == [Price("per_fte_month", voice, 3150.0, 42.0)]
    assert read.sites == [
        Site(
            name="Manila hub",
            city="Manila",
            country="Philippines",
            location_type="offshore",
            time_zone="Asia/Manila",
            days=("mon", "tue", "wed", "thu", "fri", "sat"),
            start=dt.time(20, 0),
            end=dt.time(5, 0),
            seats=350,
            services="voice, chat",
        )
    ]
    assert LanguageOffer("en", "C2", 120) in read.languages
    assert read.languages_left_blank == ["es"]  # pre-filled, nothing stated against it
    assert read.certifications[0] == Certification(
        "ISO/IEC 27001", "All delivery sites", "BSI", dt.date(2027, 5, 31)
    )
    assert read.warnings == []


def test_bad_cells_become_warnings_naming_the_cell(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    workbook[kit_layout.SHEET_COMPLIANCE]["E2"] = "Maybe"
    sites = workbook[kit_layout.SHEET_SITES]
    for column, value in enumerate(["Moon base", "", "", "", "Mars/Olympus", "Mon-Fri"], start=1):
        sites.cell(row=2, column=column, value=value)
    for column, value in enumerate(["Cebu", "", "", "", "Asia/Manila", "someday"], start=1):
        sites.cell(row=3, column=column, value=value)
    certifications = workbook[kit_layout.SHEET_CERTIFICATIONS]
    certifications["A2"], certifications["D2"] = "PCI DSS", "next spring"
    del workbook[kit_layout.SHEET_LANGUAGES]
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    read = read_workbook(returned, project.spec.project.reference)

    where = str(returned)
    assert read.warnings == [
        f"{where}: {kit_layout.SHEET_COMPLIANCE}!E2: 'Maybe' is not Comply, Partial or No",
        f"{where}: {kit_layout.SHEET_SITES}!E2: unknown IANA time zone 'Mars/Olympus'; "
        "site ignored",
        f"{where}: {kit_layout.SHEET_SITES}!F3: days or hours unreadable; site ignored",
        f"{where}: sheet '{kit_layout.SHEET_LANGUAGES}' is missing",
        f"{where}: {kit_layout.SHEET_CERTIFICATIONS}!D2: expiry is not a date (YYYY-MM-DD)",
    ]
    assert read.compliance == {} and read.sites == []
    assert read.certifications[0] == Certification("PCI DSS", "", "", None)


def test_unreadable_or_foreign_workbooks_raise(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip archive")

    with pytest.raises(ProposalReadError, match="the workbook is empty"):
        read_workbook(empty, project.spec.project.reference)
    with pytest.raises(ProposalReadError, match=r"not a readable Excel workbook \("):
        read_workbook(junk, project.spec.project.reference)
    with pytest.raises(ProposalReadError) as caught:
        read_workbook(blank, "OTHER-RFP")
    assert caught.value.reason == (
        f"this workbook belongs to RFP {project.spec.project.reference}, not OTHER-RFP"
    )


def test_a_damaged_sheet_inside_a_workbook_is_one_message_naming_the_file(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """openpyxl parses a sheet only when its rows are read: a truncated sheet XML used to
    escape as a raw XML ParseError, a traceback, after the workbook had opened."""
    project, blank = blank_workbook(make_project, tmp_path)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(blank) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                body = body[: len(body) // 2]
            target.writestr(item, body)
    with pytest.raises(ProposalReadError, match="a sheet inside the workbook is damaged") as got:
        read_workbook(damaged, project.spec.project.reference)
    assert got.value.file == str(damaged)


def test_term_columns_are_read_and_a_bare_escalation_is_refused(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """Issue 12: later-year rates, escalation and transition fee come back typed; "3" in the
    escalation column could be 3% or 300%, so that line is not used and the cell is named."""
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    pricing = workbook[kit_layout.SHEET_PRICING]
    headers = [cell.value for cell in pricing[1]]
    assert headers[len(kit_layout.PRICING_HEADERS) :] == [
        "Annual escalation",
        "One-time transition fee",
        "Band from (per month)",
        "Band to (per month)",
        "Rate year 2",
        "Rate year 3",
        "Productive hours per FTE-month",
    ]  # the starter's term is 3 years; the vendor's productive hours after the term columns
    column = {name: index for index, name in enumerate(headers)}
    rows = [r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per FTE per month"]
    rows[0][5].value, rows[0][6].value = 3000, 40
    rows[0][column["Rate year 2"]].value = 3100
    rows[0][column["Annual escalation"]].value = "2.5%"
    rows[0][column["One-time transition fee"]].value = 120000
    rows[1][5].value, rows[1][6].value = 2900, 20
    rows[1][column["Annual escalation"]].value = 3
    pricing.append(["Per transaction or contact", "voice", "Transaction", None, None, 1.2])
    pricing.cell(row=pricing.max_row, column=column["Band from (per month)"] + 1, value=30000)
    pricing.append(["Per transaction or contact", "voice", "Transaction", None, None, 1.5])
    pricing.cell(row=pricing.max_row, column=column["Band from (per month)"] + 1, value=50)
    pricing.cell(row=pricing.max_row, column=column["Band to (per month)"] + 1, value=10)
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    read = read_workbook(returned, project.spec.project.reference)

    assert read.prices == [
        Price("per_fte_month", str(rows[0][1].value), 3000.0, 40.0, (3100.0,), 0.025, 120000.0),
        Price("per_transaction", "voice", 1.2, None, band=(30000.0, None)),
    ]
    last = pricing.max_row
    assert read.warnings == [
        f"{returned}: Pricing!K{rows[1][0].row}: escalation 3 is ambiguous (3% or 300%?); "
        "type it as a percentage, e.g. 3%; price line not used",
        f"{returned}: Pricing!M{last}: volume band 50 to 10 is empty or negative; "
        "price line not used",
    ]


def test_an_old_kit_without_term_columns_still_reads(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    pricing = workbook[kit_layout.SHEET_PRICING]
    pricing.delete_cols(len(kit_layout.PRICING_HEADERS) + 1, 10)
    row = next(r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per FTE per month")
    row[5].value, row[6].value = 3000, 40
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    read = read_workbook(returned, project.spec.project.reference)

    assert read.prices == [Price("per_fte_month", str(row[1].value), 3000.0, 40.0)]
    assert read.prices[0].year_rates == () and read.prices[0].escalation is None
    assert read.warnings == []


def test_the_pricing_assumptions_are_kept_with_their_cells(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """What the vendor writes beside its prices (a monthly minimum, say) is read, unpriced or not."""
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    pricing = workbook[kit_layout.SHEET_PRICING]
    column = kit_layout.PRICING_HEADERS.index("Assumptions") + 1
    letter = get_column_letter(column)
    pricing.cell(row=2, column=column, value="Monthly minimum: USD 80,000")
    pricing.cell(row=3, column=column, value="  ")
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    read = read_workbook(returned, project.spec.project.reference)

    assert read.price_notes == [(f"{returned}: Pricing!{letter}2", "Monthly minimum: USD 80,000")]


def european_workbook(
    blank: Path,
    target: Path,
    cells: dict[str, tuple[str | float, str | float]],
    *,
    number_format: str | None = None,
) -> dict[str, int]:
    """Fill the per-FTE rows' rate and FTE by channel, as a vendor typing text would."""
    workbook = load_workbook(blank)
    if number_format is not None:
        workbook[kit_layout.SHEET_RESPONDENT]["B6"] = number_format
    rows = {}
    for row in workbook[kit_layout.SHEET_PRICING].iter_rows(min_row=2):
        scope = str(row[1].value)
        if row[0].value == "Per FTE per month" and scope in cells:
            row[5].value, row[6].value = cells[scope]
            rows[scope] = int(row[0].row or 0)
    workbook.save(target)
    return rows


@pytest.mark.parametrize(
    ("number_format", "rate", "fte", "expected"),
    [
        ("de_DE", "2.650,00", "52,5", (2650.0, 52.5)),
        ("fr_FR", "2.650,00", "52,5", (2650.0, 52.5)),
        ("fr_FR", "2 650,00", "52,5", (2650.0, 52.5)),
        ("es_ES", "2.650,00", "52,5", (2650.0, 52.5)),
        ("de-DE", "2.650", "52", (2650.0, 52.0)),
        ("1.234,56", "2.650,5", "1.052", (2650.5, 1052.0)),
        ("en_GB", "2.650", "1,052", (2.65, 1052.0)),
        ("de_CH", "2'650.50", "52.5", (2650.5, 52.5)),
    ],
)
def test_text_is_read_in_the_declared_number_format(
    make_project: Callable[..., Path],
    tmp_path: Path,
    number_format: str,
    rate: str,
    fte: str,
    expected: tuple[float, float],
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    returned = tmp_path / "returned.xlsx"
    european_workbook(blank, returned, {"voice": (rate, fte)}, number_format=number_format)

    read = read_workbook(returned, project.spec.project.reference)

    assert read.prices == [Price("per_fte_month", "voice", *expected)]
    assert read.warnings == []


def test_numeric_cells_are_used_as_stored_whatever_the_declared_format(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    returned = tmp_path / "returned.xlsx"
    european_workbook(blank, returned, {"voice": (2.65, 52.5)}, number_format="de_DE")

    read = read_workbook(returned, project.spec.project.reference)

    assert read.prices == [Price("per_fte_month", "voice", 2.65, 52.5)]


def test_text_that_reads_two_ways_without_a_declared_format_is_a_warning_not_a_guess(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    returned = tmp_path / "returned.xlsx"
    cells: dict[str, tuple[str | float, str | float]] = {
        "voice": ("2.650,00", "52,5"),  # one reading only: 2650.00 and 52.5
        "chat": ("2.650", 30),  # 2650 in Germany, 2.65 in the UK
        "email": (3000, "1,500"),  # 1500 in the UK, 1.5 in Germany
    }
    rows = european_workbook(blank, returned, cells)

    read = read_workbook(returned, project.spec.project.reference)

    assert read.prices == [Price("per_fte_month", "voice", 2650.0, 52.5)]
    where = f"{returned}: {kit_layout.SHEET_PRICING}!"
    advice = (
        "depending on the number format; not used: state the number format on the Respondent "
        "sheet ('Number format / locale', e.g. de_DE or 1.234,56) or type the number as a number"
    )
    assert read.warnings == [
        f"{where}F{rows['chat']}: rate '2.650' is ambiguous: 2650 or 2.65, {advice}",
        f"{where}G{rows['email']}: FTE '1,500' is ambiguous: 1500 or 1.5, {advice}; "
        "price line not used",
    ]


def test_an_unknown_number_format_is_a_warning_naming_its_cell(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    returned = tmp_path / "returned.xlsx"
    european_workbook(blank, returned, {"voice": ("2.650,00", 60)}, number_format="German")

    read = read_workbook(returned, project.spec.project.reference)

    assert read.warnings[0].startswith(
        f"{returned}: {kit_layout.SHEET_RESPONDENT}!B6: 'German' is not a number format"
    )
    assert read.warnings[0].endswith("only unambiguous numbers are read")
    assert read.prices == [Price("per_fte_month", "voice", 2650.0, 60.0)]


def test_a_euro_price_in_a_euro_locale_reads_as_written(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    returned = tmp_path / "returned.xlsx"
    european_workbook(blank, returned, {"voice": ("€2.540", "52,5")}, number_format="de_DE")

    read = read_workbook(returned, project.spec.project.reference, currency="EUR")

    assert read.prices == [Price("per_fte_month", "voice", 2540.0, 52.5)]
    assert read.warnings == []


@pytest.mark.parametrize(
    ("rate", "number_format", "expected", "note"),
    [
        ("EUR 4,200.00", None, 4536.0, "EUR 4,200 at 1.08 = USD 4,536"),
        ("4.200,50 €", "de_DE", 4536.54, "EUR 4,200.50 at 1.08 = USD 4,536.54"),
    ],
)
def test_another_currency_is_converted_at_the_spec_rate_and_says_so(
    make_project: Callable[..., Path],
    tmp_path: Path,
    rate: str,
    number_format: str | None,
    expected: float,
    note: str,
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    returned = tmp_path / "returned.xlsx"
    european_workbook(blank, returned, {"voice": (rate, 60)}, number_format=number_format)

    read = read_workbook(
        returned, project.spec.project.reference, currency="USD", exchange_rates={"EUR": 1.08}
    )

    assert [p.note for p in read.prices] == [note]
    assert read.prices[0].rate == pytest.approx(expected)
    assert read.warnings == []


@pytest.mark.parametrize(
    ("rate", "rates", "expected"),
    [
        ("EUR 4,200.00", {}, "priced in EUR, but the RFP asks for GBP; price not used (ask for "
         "the price in GBP, or give pricing.exchange_rates.EUR in rfp.yaml)"),
        ("$4,200.00", {"USD": 0.79}, "$ may be any of ARS, AUD, CAD, CLP, COP, HKD, MXN, NZD, "
         "SGD, USD; price not used"),
        ("US$4,200.00", {"EUR": 0.86}, "priced in USD"),
    ],
)  # fmt: skip
def test_another_currency_without_a_rate_is_a_clear_message(
    make_project: Callable[..., Path],
    tmp_path: Path,
    rate: str,
    rates: dict[str, float],
    expected: str,
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    returned = tmp_path / "returned.xlsx"
    row = european_workbook(blank, returned, {"voice": (rate, 60)})["voice"]

    read = read_workbook(
        returned, project.spec.project.reference, currency="GBP", exchange_rates=rates
    )

    assert read.prices == []
    assert len(read.warnings) == 1
    assert read.warnings[0].startswith(f"{returned}: {kit_layout.SHEET_PRICING}!F{row}: rate ")
    assert expected in read.warnings[0]


def test_counts_follow_the_declared_format_too(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    site = ["Berlin", "Berlin", "Germany", "onshore", "Europe/Berlin", "Mon-Fri", "08:00", "18:00"]
    sites = workbook[kit_layout.SHEET_SITES]
    for row, seats in ((2, "1.200"), (3, "1.250,0")):
        for column, value in enumerate([*site, seats], start=1):
            sites.cell(row=row, column=column, value=value)
    undeclared = tmp_path / "undeclared.xlsx"
    workbook.save(undeclared)
    workbook[kit_layout.SHEET_RESPONDENT]["B6"] = "de_DE"
    declared = tmp_path / "declared.xlsx"
    workbook.save(declared)

    without = read_workbook(undeclared, project.spec.project.reference)
    with_format = read_workbook(declared, project.spec.project.reference)

    assert [site.seats for site in without.sites] == [None, 1250]
    assert "Delivery sites!I2: seats '1.200' is ambiguous: 1200 or 1.2" in without.warnings[0]
    assert [site.seats for site in with_format.sites] == [1200, 1250]


@pytest.mark.parametrize(
    ("number_format", "rates", "expected", "problem"),
    [
        ("#,##0.00 [$€-407]", {}, None, "'2540 shown as €' is priced in EUR, but the RFP asks for USD"),
        ("[$EUR] #,##0.00", {"EUR": 1.08}, 2743.2, ""),
        ('"$"#,##0.00', {}, 2540.0, ""),
        ("[$-409]#,##0.00", {}, 2540.0, ""),
        ('#,##0 "FTE"', {}, 2540.0, ""),
    ],
)  # fmt: skip
def test_the_currency_a_numeric_cell_is_shown_in_counts(
    make_project: Callable[..., Path],
    tmp_path: Path,
    number_format: str,
    rates: dict[str, float],
    expected: float | None,
    problem: str,
) -> None:
    """A spreadsheet keeps '2.540 €' typed in Germany as 2540 formatted in euros."""
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    pricing = workbook[kit_layout.SHEET_PRICING]
    row = next(r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per FTE per month")
    row[5].value, row[6].value = 2540, 60
    row[5].number_format = number_format
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    read = read_workbook(returned, project.spec.project.reference, exchange_rates=rates)

    assert [p.rate for p in read.prices] == ([] if expected is None else [pytest.approx(expected)])
    if problem:
        assert read.warnings[0].startswith(
            f"{returned}: {kit_layout.SHEET_PRICING}!F{row[5].row}: rate {problem}"
        )
    else:
        assert read.warnings == []


def _ods_with_styles(content: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_an_ods_showing_another_currency_is_named_not_read_silently() -> None:
    """python-calamine drops cell formats: '2.540 €' typed in Germany reaches rfp as 2540."""
    euro = (
        '<number:currency-style style:name="N104P0"><number:number/>'
        '<number:currency-symbol number:language="de" number:country="DE">€'
        "</number:currency-symbol></number:currency-style>"
    )
    dollar = '<number:currency-symbol number:language="en">$</number:currency-symbol>'
    assert ods_foreign_currencies(ods_content(_ods_with_styles(euro + dollar)), "USD") == ["€"]
    assert ods_foreign_currencies(ods_content(_ods_with_styles(euro)), "EUR") == []
    assert ods_foreign_currencies(ods_content(_ods_with_styles("<office:body/>")), "USD") == []
    assert ods_foreign_currencies(ods_content(b"not a zip"), "USD") == []


def test_nothing_the_template_wrote_counts_as_stated(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """Review of issue 12: the kit pre-fills language codes, criteria, price models and
    volumes, and certification names; a workbook returned as written states none of them."""
    project, blank = blank_workbook(make_project, tmp_path)
    read = read_workbook(blank, project.spec.project.reference)
    assert read.languages == [] and read.languages_declined == []
    assert read.languages_left_blank == ["en", "es"]
    assert (read.compliance, read.prices, read.sites, read.certifications) == ({}, [], [], [])


def test_zero_agents_is_a_language_declined(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    languages = workbook[kit_layout.SHEET_LANGUAGES]
    languages["D2"], languages["C3"] = 0, "B2"
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)
    read = read_workbook(returned, project.spec.project.reference)
    assert read.languages == [LanguageOffer("es", "B2", None)]
    assert (read.languages_declined, read.languages_left_blank) == (["en"], [])


def test_a_later_year_rate_after_a_blank_year_is_a_warning(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """Review of issue 12: "Rate year 3" typed with "Rate year 2" blank used to vanish."""
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    pricing = workbook[kit_layout.SHEET_PRICING]
    headers = [cell.value for cell in pricing[1]]
    row = next(r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per FTE per month")
    row[5].value, row[6].value = 3000, 40
    year_3 = row[headers.index("Rate year 3")]
    year_3.value = 3200
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    read = read_workbook(returned, project.spec.project.reference)

    assert read.prices == [Price("per_fte_month", str(row[1].value), 3000.0, 40.0)]
    assert read.warnings == [
        f"{returned}: Pricing!{year_3.coordinate}: year 3 rate 3,200 follows a blank year 2; "
        "rates after the first blank year are not used (the term holds the last stated rate, "
        "or applies the escalation, from there)"
    ]


def _pricing_row(workbook: Any) -> Any:
    pricing = workbook[kit_layout.SHEET_PRICING]
    return pricing, next(
        r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per FTE per month"
    )


def _header_cell(pricing: Any, row: Any, header: str) -> Any:
    column = [c.value for c in pricing[1]].index(header) + 1
    return pricing.cell(row=row[0].row, column=column)


def test_absurd_term_cells_are_warned_about_and_the_line_not_used(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """Review findings: a band from -5 to nothing crashed; '-90%' and '1e200%' escalations and a
    1e306 later-year rate reached the price check, aborting the run or overflowing."""
    project, blank = blank_workbook(make_project, tmp_path)
    cases = {
        kit_layout.PRICING_BAND_FROM: (-5, "volume band -5 to no upper bound is empty or negative"),
        kit_layout.PRICING_ESCALATION: ("-90%", "'-90%' is outside -50% to 100% a year"),
        kit_layout.pricing_year_header(2): (1e306, "1e+306 is implausibly large"),
    }
    for header, (value, message) in cases.items():
        workbook = load_workbook(blank)
        pricing, row = _pricing_row(workbook)
        row[5].value, row[6].value = 3000, 40
        _header_cell(pricing, row, header).value = value
        returned = tmp_path / "returned.xlsx"
        workbook.save(returned)
        read = read_workbook(returned, project.spec.project.reference)
        assert read.prices == [], header
        assert any(message in warning for warning in read.warnings), read.warnings


def test_a_later_year_rate_shown_in_euros_is_converted_and_says_so(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """Review finding: only the year-1 rate's cell format was read; year 2 in euros was USD."""
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    pricing, row = _pricing_row(workbook)
    row[5].value, row[6].value = 3000, 40
    year_two = _header_cell(pricing, row, kit_layout.pricing_year_header(2))
    year_two.value, year_two.number_format = 2540, "#,##0.00 [$€-407]"
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    refused = read_workbook(returned, project.spec.project.reference)
    assert refused.prices == []
    assert any("priced in EUR, but the RFP asks for USD" in w for w in refused.warnings)
    converted = read_workbook(returned, project.spec.project.reference, exchange_rates={"EUR": 1.1})
    (price,) = converted.prices
    assert len(price.year_rates) == 1
    assert price.year_rates[0] == pytest.approx(2794.0)  # 2,540 x 1.1
    assert "Rate year 2: EUR 2,540 at 1.1 = USD 2,794" in price.note


def test_productive_hours_are_read_per_line_and_a_bad_cell_reads_as_blank(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """Issue 11: the vendor's productive hours per FTE-month come back on its price line; text
    that is not a number of hours is a warning naming the cell, and the line keeps its price
    (priced at the scorer's default, which the scorer asks the vendor to confirm)."""
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    pricing = workbook[kit_layout.SHEET_PRICING]
    headers = [cell.value for cell in pricing[1]]
    hours = headers.index(kit_layout.PRICING_PRODUCTIVE_HOURS)
    hourly = [r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per productive hour"]
    hourly[0][5].value, hourly[0][6].value, hourly[0][hours].value = 21.5, 30, 126
    hourly[1][5].value, hourly[1][6].value, hourly[1][hours].value = 22, 10, "lots"
    hourly[2][5].value, hourly[2][6].value, hourly[2][hours].value = 23, 5, -4
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    read = read_workbook(returned, project.spec.project.reference)

    assert [(p.rate, p.fte, p.productive_hours) for p in read.prices] == [
        (21.5, 30.0, 126.0),
        (22.0, 10.0, None),
        (23.0, 5.0, None),
    ]
    column = get_column_letter(hours + 1)
    assert [w for w in read.warnings if "productive hours" in w] == [
        f"{returned}: Pricing!{column}{hourly[1][0].row}: productive hours per FTE-month "
        "'lots' is not a number (type digits only, e.g. 4200.50); read as blank",
        f"{returned}: Pricing!{column}{hourly[2][0].row}: productive hours per FTE-month "
        "-4 is not a number of hours; read as blank",
    ]


# Formulas with no saved value: found from the sheet's XML before the workbook is reopened ---


def _formula_workbook(make_project: Callable[..., Path], tmp_path: Path) -> tuple[Project, Path]:
    """A kit with a formula (no saved value: openpyxl saves none) in a counted column of each
    sheet that has one: Pricing FTE, Delivery sites Seats, Languages Agents."""
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    _, row = _pricing_row(workbook)
    row[5].value, row[6].value = 3150, "=40+2"
    sites = workbook[kit_layout.SHEET_SITES]
    site: list[str | int] = ["Manila hub", "Manila", "Philippines", "Offshore", "Asia/Manila",
                             "Mon-Sat", "08:00", "17:00", "=100+250", "voice"]  # fmt: skip
    for column, value in enumerate(site, start=1):
        sites.cell(row=2, column=column, value=value)
    workbook[kit_layout.SHEET_LANGUAGES]["C2"] = "C1"
    workbook[kit_layout.SHEET_LANGUAGES]["D2"] = "=60*2"
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)
    return project, returned


def _no_saved_value(where: Path, cell: str, formula: str) -> str:
    return (
        f"{where}: {cell}: the formula {formula!r} has no saved value; ask the vendor to send "
        "values (save the file in Excel or LibreOffice, or type the number)"
    )


def test_a_formula_with_no_saved_value_is_named_on_every_sheet(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, returned = _formula_workbook(make_project, tmp_path)
    fte_row = _pricing_row(load_workbook(returned))[1][0].row

    read = read_workbook(returned, project.spec.project.reference)

    assert [w for w in read.warnings if "has no saved value" in w] == [
        _no_saved_value(returned, f"{kit_layout.SHEET_PRICING}!G{fte_row}", "=40+2"),
        _no_saved_value(returned, f"{kit_layout.SHEET_SITES}!I2", "=100+250"),
        _no_saved_value(returned, f"{kit_layout.SHEET_LANGUAGES}!D2", "=60*2"),
    ]
    assert read.sites[0].seats is None and read.languages[0].agents is None


def test_cells_without_their_reference_are_still_searched_for_formulas(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """A writer may leave out a cell's r attribute (its place is then counted); the sheet's
    XML cannot say where its formulas are, so the workbook is read again for them."""
    import re

    project, returned = _formula_workbook(make_project, tmp_path)
    stripped = tmp_path / "no-references.xlsx"
    with zipfile.ZipFile(returned) as source, zipfile.ZipFile(stripped, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'(<c [^>]*?)r="[A-Z]+[0-9]+" ?', rb"\1", data)
            target.writestr(info, data)

    read = read_workbook(stripped, project.spec.project.reference)

    fte_row = _pricing_row(load_workbook(returned))[1][0].row
    named = [w.split("!")[1].split(":")[0] for w in read.warnings if "has no saved value" in w]
    assert named == [f"G{fte_row}", "I2", "D2"]
    pricing = load_workbook(stripped, read_only=True)[kit_layout.SHEET_PRICING]
    assert _formula_columns(pricing, 5000) is None


def test_the_kits_own_formulas_are_where_the_xml_says(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """The kit computes billable units and annual cost (Pricing H and I) by formula; no
    counted column holds one, so a filled kit is read without opening it again."""
    _, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank, read_only=True)

    assert _formula_columns(workbook[kit_layout.SHEET_PRICING], 5000) == {7, 8}
    assert _formula_columns(workbook[kit_layout.SHEET_SITES], 5000) == set()


def test_formulas_are_looked_for_in_the_rows_read_only(tmp_path: Path) -> None:
    """Like openpyxl's own pass, the scan stops at the first row past the rows read, so a
    sheet claiming a million rows costs no more than the rows read."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"], sheet["B2"], sheet["C3"], sheet["D5"] = "header", "=1+1", "=2+2", "=3+3"
    path = tmp_path / "rows.xlsx"
    workbook.save(path)
    opened = load_workbook(path, read_only=True)[sheet.title]

    assert _formula_columns(opened, 5000) == {1, 2, 3}
    assert _formula_columns(opened, 2) == {1, 2}  # row 3 ends the scan: past the 2 rows read
    assert _formula_columns(opened, 1) == {1}


def test_a_sheet_without_the_known_headers_is_not_parsed_past_its_first_rows(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """Its rows are never used, so, as always, damage far below its header row is not seen:
    the sheet is parsed only as far as the rows asked for."""
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    certifications = workbook[kit_layout.SHEET_CERTIFICATIONS]
    for column in range(1, 6):
        certifications.cell(row=1, column=column, value=f"Renamed {column}")
    for row in range(3, 3000):
        certifications.cell(row=row, column=1, value=row)
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(filled) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/") and len(data) > 100_000:
                data = data.replace(b"</sheetData>", b"<<not xml</sheetData>")  # the long one
            target.writestr(info, data)

    read = read_workbook(damaged, project.spec.project.reference)

    assert read.certifications == []
    assert read.reference == project.spec.project.reference


# One pass per sheet against the passes it replaced ---------------------------------------
#
# The reader used to parse a sheet once for its header row and once more for its data rows
# (each time as wide as needed); it now parses it once, MAX_COLUMNS wide, and slices. The
# separate passes, kept here as the oracle, must give the same header and rows.


@pytest.mark.parametrize("first_row", [1, 3])
@pytest.mark.parametrize("limit", [1, 2, 4, 5000])
def test_one_pass_gives_the_header_and_rows_of_separate_passes(
    tmp_path: Path, first_row: int, limit: int
) -> None:
    from openpyxl import Workbook

    from rfp.score.ingest.kit import MAX_COLUMNS, _Sheet

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    filled: list[tuple[int, list[str | int | None]]] = [
        (first_row, ["ID", "Response", None, "Reference"]),
        (first_row + 1, ["A-1", "Comply", "x", 4200]),
        (first_row + 4, [None, "No"]),  # a gap before it
        (9, ["Z-9", None, None, None, "far right"]),
    ]
    for row, values in filled:
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    sheet.cell(row=2, column=MAX_COLUMNS + 3, value="beyond the columns searched")
    path = tmp_path / "sheet.xlsx"
    workbook.save(path)
    opened = load_workbook(path, read_only=True, data_only=True)[sheet.title]

    for columns, width in ((4, 2), (4, 4), (MAX_COLUMNS, 5)):
        one_pass = _Sheet("S", opened, None, rows=limit, columns=columns)
        header = [
            "" if value is None else str(value).strip()
            for row in opened.iter_rows(min_row=1, max_row=1, max_col=columns, values_only=True)
            for value in row
        ]
        rows = opened.iter_rows(min_row=2, max_row=limit, max_col=width, values_only=True)

        assert one_pass.header(columns) == header
        assert [row[:width] for row in one_pass.data_rows()] == list(rows)
