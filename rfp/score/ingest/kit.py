"""Read a vendor's returned response workbook: sites, languages, certifications, prices, answers.

The writer is `rfp.generate.kit`; both use the names in `rfp.core.kit_layout`. Problems with a
cell become warnings naming the sheet and cell, so one bad cell never hides the rest of a
vendor's answers.

The file is untrusted: it is opened read-only and only the columns holding the known headers
are read, up to row 5,000 (`MAX_ROWS`), so a cell claimed at XFD1048576 costs nothing and is a
warning. Numbers are read exactly or refused with a warning: numeric cells as stored, text in
the number format the Respondent sheet declares (`rfp.core.number_format`); a formula with no
saved value, text that reads two ways with no format declared (``2.650``), or a price in another
currency than the RFP's without an exchange rate is never guessed at.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import math
import re
import zipfile
import zlib
import zoneinfo
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final
from xml.etree.ElementTree import ParseError

import pycountry

from rfp.core.calendar import parse_clock, parse_days
from rfp.core.contract import Term
from rfp.core.files import shown
from rfp.core.kit_layout import (
    CERTIFICATIONS_HEADERS,
    COMPLIANCE_CHOICES,
    COMPLIANCE_HEADERS,
    CONTRACT_ACCEPT,
    CONTRACT_CHOICES,
    CONTRACT_EXCEPTION,
    CONTRACT_HEADERS,
    CONTRACT_REJECT,
    LANGUAGES_HEADERS,
    PRICING_BAND_FROM,
    PRICING_BAND_TO,
    PRICING_ESCALATION,
    PRICING_HEADERS,
    PRICING_PRODUCTIVE_HOURS,
    PRICING_TERM_HEADERS,
    PRICING_TRANSITION,
    RESPONDENT_HEADERS,
    RESPONDENT_NUMBER_FORMAT,
    SHEET_ABOUT,
    SHEET_CERTIFICATIONS,
    SHEET_COMPLIANCE,
    SHEET_CONTRACT,
    SHEET_LANGUAGES,
    SHEET_PRICING,
    SHEET_RESPONDENT,
    SHEET_SITES,
    SITES_HEADERS,
    pricing_year_header,
)
from rfp.core.number_format import (
    FALLBACK_LOCALE,
    UnknownNumberFormatError,
    parse_locale,
    read_number,
)
from rfp.core.spec import PRICE_MODEL_TITLES, Limits
from rfp.errors import ProposalReadError
from rfp.score.ingest.container import check_unzipped
from rfp.score.ingest.sheetbook import (
    CalamineBook,
    XlsxBook,
    XlsxSheet,
    claimed_cells,
    is_failure,
    ods_content,
    open_xlsx,
)
from rfp.score.workbook import (
    ACCEPTED,
    CONTRACT_SEVERITY,
    EXCEPTION,
    REJECTED,
    UNANSWERED,
    UNCLEAR,
    Certification,
    ComplianceAnswer,
    ContractAnswer,
    LanguageOffer,
    Price,
    Site,
    VendorWorkbook,
)

_MODEL_BY_TITLE = {title.lower(): model for model, title in PRICE_MODEL_TITLES.items()}

MAX_ROWS: Final = Limits().workbook_rows
"""Rows read from each sheet by default (row 1 is the header; ``limits.workbook_rows``): far
more than any response needs, and a bound on memory when a file claims a cell at XFD1048576."""
MAX_COLUMNS: Final = Limits().workbook_columns
"""Columns searched for the known headers by default (``limits.workbook_columns``); only the
columns holding them are read."""

# Symbols a price may carry, and the ISO 4217 currencies each could mean.
_SYMBOLS: Final[dict[str, frozenset[str]]] = {
    "$": frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "COP", "CLP", "ARS"}),
    "US$": frozenset({"USD"}),
    "C$": frozenset({"CAD"}),
    "A$": frozenset({"AUD"}),
    "€": frozenset({"EUR"}),
    "£": frozenset({"GBP"}),
    "¥": frozenset({"JPY", "CNY"}),
    "₹": frozenset({"INR"}),
    "₱": frozenset({"PHP"}),
    "R$": frozenset({"BRL"}),
    "zł": frozenset({"PLN"}),
}
_MARK = r"[A-Za-z]{3}|US\$|[CAR]\$|[$€£¥₹₱]|zł"
_AMOUNT: Final = re.compile(
    rf"\A(?P<before>{_MARK})?\s*(?P<number>[-+]?[0-9.,'’\u00a0\u202f ]*[0-9](?:[eE][-+]?\d+)?"
    rf"|[-+]?[.,][0-9]+)\s*(?P<after>{_MARK})?\Z"
)


@dataclass(frozen=True)
class NumberSettings:
    """How one workbook's text cells become numbers, and which currencies its prices may use.

    ``declared`` is the locale the vendor declared on the Respondent sheet (None: not declared,
    so only unambiguous text is read); ``default`` the buyer's; ``exchange_rates`` the spec's
    units of ``currency`` per unit of another currency.
    """

    currency: str = "USD"
    default: str = FALLBACK_LOCALE
    declared: str | None = None
    exchange_rates: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Number:
    value: float | None
    problem: str = ""
    note: str = ""


def _number(
    value: object, settings: NumberSettings, *, money: bool = False, number_format: str = ""
) -> _Number:
    """A cell's number, or None and why not ("" when the cell is blank).

    Numeric cells are used as stored. Text is read in the declared number format, or, with
    none declared, only when every common format reads it the same (``2.650`` is refused as
    2650 or 2.65; ``4.2e3`` is 4200). A currency code or symbol is accepted for an amount
    (``money``) in the RFP's currency, or in one the spec gives an exchange rate for, converted
    with a note saying so; any other, or one on a count, is refused, as is anything else
    (``about 4000``, a formula as text). An amount's ``number_format`` showing a currency
    (``#,##0.00 [$€-407]``) counts as its mark.
    """
    if isinstance(value, bool):
        return _Number(None, "is not a number")
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return _Number(None, "is not a finite number")
        mark = format_currency(number_format) if money else None
        if mark is None:
            return _Number(number)
        return _in_currency(f"{value} shown as {mark}", number, mark, settings)
    text = _text(value)
    if not text:
        return _Number(None)
    if text.startswith("="):
        return _Number(None, f"holds the formula {text[:40]!r} as text, not a value")
    match = _AMOUNT.match(text)
    if match is None:
        return _Number(None, f"{text[:40]!r} is not a number (type digits only, e.g. 4200.50)")
    mark = match["before"] or match["after"]
    if match["before"] and match["after"]:
        return _Number(None, f"{text[:40]!r} is not a number (two currency marks)")
    number_text = match["number"].strip()
    reading = read_number(number_text, settings.declared, settings.default)
    if reading.value is None:
        problem = reading.problem.replace(repr(number_text[:40]), repr(text[:40]), 1)
        return _Number(None, _ambiguity_advice(problem) if reading.ambiguous else problem)
    number = float(reading.value)
    if not math.isfinite(number):
        return _Number(None, f"{text[:40]!r} is not a number (too large)")
    if not mark:
        return _Number(number)
    if not money:
        return _Number(None, f"{text[:40]!r} is not a number (a count is expected)")
    return _in_currency(text, number, mark, settings)


# A currency in a cell's number format: [$€-407] or [$EUR], then "€" or € outside brackets.
_FORMAT_TAG: Final = re.compile(r"\[\$(?P<mark>[^\]-]*)(?:-[0-9A-Fa-f]+)?\]")
_FORMAT_OTHER: Final = re.compile(
    r'\[[^\]]*\]|"(?P<quoted>[^"]*)"|(?P<bare>US\$|[CAR]\$|[$€£¥₹₱]|zł)'
)


def format_currency(number_format: str) -> str | None:
    """The currency symbol or code a cell's number format shows, if any.

    A spreadsheet keeps the currency of an amount typed as ``2.540 €`` in the cell's format,
    not its value. The first mark is taken (later sections, for negatives or zero, repeat it);
    a bracketed locale tag alone (``[$-409]``), a colour or a condition shows no currency, and
    quoted text counts only when it is a currency (``"FTE"`` is not).
    """
    unescaped = number_format.replace("\\", "")
    marks = [found["mark"].strip() for found in _FORMAT_TAG.finditer(unescaped)]
    rest = _FORMAT_TAG.sub("", unescaped)
    marks += [
        (found["quoted"] or found["bare"] or "").strip() for found in _FORMAT_OTHER.finditer(rest)
    ]
    return next((mark for mark in marks if _is_currency_mark(mark)), None)


def _is_currency_mark(mark: str) -> bool:
    if mark in _SYMBOLS:
        return True
    return len(mark) == 3 and pycountry.currencies.get(alpha_3=mark.upper()) is not None


def _ambiguity_advice(problem: str) -> str:
    return (
        f"{problem}; not used: state the number format on the {SHEET_RESPONDENT} sheet "
        f"('{RESPONDENT_NUMBER_FORMAT}', e.g. de_DE or 1.234,56) or type the number as a number"
    )


def _in_currency(text: str, number: float, mark: str, settings: NumberSettings) -> _Number:
    """An amount marked with ``mark``: as is in the RFP's currency, converted at the spec's
    exchange rate from another, or refused saying why."""
    currency = settings.currency
    possible = _SYMBOLS.get(mark) or _SYMBOLS.get(mark.upper())
    if possible is None:
        if pycountry.currencies.get(alpha_3=mark.upper()) is None:
            return _Number(None, f"{text[:40]!r} is not a number (type digits only, e.g. 4200.50)")
        possible = frozenset({mark.upper()})
    if currency in possible:
        return _Number(number)
    if len(possible) > 1:
        return _Number(
            None,
            f"{text[:40]!r}: {mark} may be any of {', '.join(sorted(possible))}; price not used "
            f"(ask for the price in {currency})",
        )
    (source,) = possible
    rate = settings.exchange_rates.get(source)
    if rate is None:
        return _Number(
            None,
            f"{text[:40]!r} is priced in {source}, but the RFP asks for {currency}; price not "
            f"used (ask for the price in {currency}, or give pricing.exchange_rates.{source} "
            "in rfp.yaml)",
        )
    converted = number * rate
    return _Number(
        converted,
        note=f"{source} {_money(number)} at {rate:g} = {currency} {_money(converted)}",
    )


def _money(amount: float) -> str:
    """An amount with thousands commas and cents, the cents left off when there are none."""
    return f"{amount:,.2f}".removesuffix(".00")


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


class _BookOnDemand:
    """The workbook opened again read-only by openpyxl, only when needed: with its formulas as
    written, when a sheet may hold one where the reader looks, or, for an .xlsx calamine read,
    with its cells' number formats; parsing it costs as much as the values."""

    def __init__(self, open_book: Callable[[], Any]) -> None:
        self._open = open_book
        self._book: Any = None

    def sheet(self, name: str) -> Any:
        if self._book is None:
            self._book = self._open()
        return self._book[name]

    def close(self) -> None:
        if self._book is not None:
            self._book.close()


@dataclass
class _Sheet:
    """One known sheet, opened read-only with cached values (``formulas`` opens it again with
    the formulas as written, where they are needed); read up to ``rows`` rows and searched in
    ``columns`` columns (the project's limits). Its cells are parsed once, for every reader."""

    name: str
    values: Any
    formulas: _BookOnDemand | None
    rows: int = MAX_ROWS
    columns: int = MAX_COLUMNS
    numbers: NumberSettings = field(default_factory=NumberSettings)
    _read: list[tuple[Any, ...]] = field(default_factory=list, repr=False)
    _unread: Iterator[tuple[Any, ...]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        width = max(self.columns, MAX_COLUMNS)  # the header is searched in up to MAX_COLUMNS
        # A generator: the sheet is parsed only as far as the rows asked for.
        self._unread = iter(
            self.values.iter_rows(min_row=1, max_row=self.rows, max_col=width, values_only=True)
        )

    def header(self, columns: int) -> list[str]:
        """The first row's first ``columns`` cells as text, [] when the sheet has no rows."""
        first = self._parsed(1)
        return [_text(value) for value in first[0][:columns]] if first else []

    def data_rows(self) -> list[tuple[Any, ...]]:
        """Rows 2 to ``rows``."""
        return self._parsed(None)[1:]

    def _parsed(self, count: int | None) -> list[tuple[Any, ...]]:
        """The first ``count`` rows (None: all up to ``rows``), each ``max(columns,
        MAX_COLUMNS)`` values wide (an .ods row may be shorter). One pass over the sheet serves
        the header and the data rows, and goes no further than asked: a sheet without the
        known headers is parsed no further than its first row, as it always was."""
        while self._unread is not None and (count is None or len(self._read) < count):
            row = next(self._unread, None)
            if row is None:
                self._unread = None
            else:
                self._read.append(row)
        return self._read


def _rows(
    sheet: _Sheet,
    headers: tuple[str, ...],
    result: VendorWorkbook,
    *,
    computed: tuple[str, ...] = (),
) -> list[tuple[int, dict[str, object]]]:
    """Data rows as header -> value, keeping the Excel row number for messages.

    Only the columns holding ``headers`` are read, and rows up to ``sheet.rows``. A ``computed``
    column whose cell holds a formula with no saved value is a warning naming the cell: the
    vendor must send values (the reader never evaluates a formula).
    """
    header_row = sheet.header(sheet.columns)
    positions = {name: header_row.index(name) for name in headers if name in header_row}
    if not positions:
        return []
    width = max(positions.values()) + 1
    _warn_beyond(sheet, result)
    formulas = _formula_cells(sheet, positions, computed, width)
    rows = []
    for number, row in enumerate(sheet.data_rows(), start=2):
        values = {
            name: row[index] if index < len(row) else None for name, index in positions.items()
        }
        for name in computed:
            formula = formulas.get((number, name))
            if formula and values.get(name) is None:
                result.warnings.append(
                    f"{result.path}: {sheet.name}!{_cell(positions[name], number)}: the formula "
                    f"{formula[:40]!r} has no saved value; ask the vendor to send values "
                    "(save the file in Excel or LibreOffice, or type the number)"
                )
        if any(v not in (None, "") for v in values.values()):
            rows.append((number, values))
    return rows


def _formula_cells(
    sheet: _Sheet, positions: dict[str, int], computed: tuple[str, ...], width: int
) -> dict[tuple[int, str], str]:
    """The formulas, as written, in the ``computed`` columns (none when no cell there holds
    one, which the sheet's XML tells without opening the workbook again)."""
    wanted = {name: positions[name] for name in computed if name in positions}
    if not wanted or sheet.formulas is None:
        return {}
    columns = _formula_columns(sheet.values, sheet.rows)
    if columns is not None and not columns & set(wanted.values()):
        return {}
    found: dict[tuple[int, str], str] = {}
    for number, row in enumerate(
        sheet.formulas.sheet(sheet.name).iter_rows(
            min_row=2, max_row=sheet.rows, max_col=width, values_only=True
        ),
        start=2,
    ):
        for name, index in wanted.items():
            cell = row[index] if index < len(row) else None
            if isinstance(cell, str) and cell.startswith("="):
                found[(number, name)] = cell
    return found


_MAIN: Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW_TAG: Final = f"{_MAIN}row"
_CELL_TAG: Final = f"{_MAIN}c"
_FORMULA_TAG: Final = f"{_MAIN}f"


def _formula_columns(worksheet: Any, rows: int) -> set[int] | None:
    """The (0-based) columns of an .xlsx sheet's cells that hold a formula in its first
    ``rows`` rows, from its XML; None when that cannot be told (an .ods, a cell without its
    reference, XML that does not parse), so the formulas are read as before. openpyxl reads a
    cell's formula from the same elements, a c element with an f child placed by its r
    reference, and stops at the first row past ``rows``, as the scan does."""
    if isinstance(worksheet, XlsxSheet):
        return worksheet.formula_columns(rows)
    path = getattr(worksheet, "_worksheet_path", None)
    archive = getattr(getattr(worksheet, "parent", None), "_archive", None)
    if not isinstance(path, str) or archive is None:
        return None
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.functions import iterparse  # the parser openpyxl reads sheets with

    columns: set[int] = set()
    row = 0
    try:
        with archive.open(path) as source:
            for _, element in iterparse(source):
                if element.tag == _CELL_TAG:
                    if element.find(_FORMULA_TAG) is not None:
                        reference = element.get("r")
                        if not reference:
                            return None
                        columns.add(coordinate_to_tuple(reference)[1] - 1)
                    element.clear()
                elif element.tag == _ROW_TAG:
                    number = element.get("r")
                    row = row + 1 if number is None else int(number)
                    element.clear()
                    if row > rows:
                        break
    except Exception:  # any failure: openpyxl's own pass then reads, or reports, the sheet
        return None
    return columns


def _cell(index: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(index + 1)}{row}"


def _warn_beyond(sheet: _Sheet, result: VendorWorkbook) -> None:
    """A sheet whose used range reaches past the rows or columns read is a warning."""
    max_row = sheet.values.max_row or 0
    max_column = sheet.values.max_column or 0
    if max_row > sheet.rows or max_column > sheet.columns:
        result.warnings.append(
            f"{result.path}: {sheet.name}: the sheet reaches {_cell(max_column - 1, max_row)}; "
            f"only rows 2 to {sheet.rows:,} of columns A to {_cell(sheet.columns - 1, 1)[:-1]} "
            "are read, so anything beyond is ignored (limits.workbook_rows and "
            "limits.workbook_columns in rfp.yaml)"
        )


def read_workbook(
    path: Path,
    expected_reference: str,
    data: bytes | None = None,
    *,
    currency: str = "USD",
    limits: Limits | None = None,
    exchange_rates: Mapping[str, float] | None = None,
    default_locale: str = FALLBACK_LOCALE,
    contract_terms: Sequence[Term] = (),
) -> VendorWorkbook:
    """Read a returned workbook; problems become warnings naming the sheet and cell.

    An .ods (the kit filled in LibreOffice and saved as OpenDocument) is read with
    python-calamine through the same sheet readers; it carries no formula text, and LibreOffice
    always saves a formula's value. ``limits`` (the project's) bound the unpacked size checked
    before parsing and the rows and columns read.

    ``data`` is the file's bytes when the caller has read them already (and hashed them for the
    audit), so the workbook scored is exactly the one recorded. ``currency`` is the RFP's
    (spec ``pricing.currency``): a price in another is converted at its ``exchange_rates``
    entry, or else is a warning, not a number. Text in numeric cells is read in the number
    format the Respondent sheet declares, or unambiguously (``default_locale`` is the buyer's,
    see `rfp.core.number_format`). Raises
    ProposalReadError only when the file is not a readable workbook at all or belongs to a
    different RFP, so one bad cell never hides the rest of a vendor's answers.

    ``contract_terms`` are the key terms the kit listed (``rfp.core.contract.key_terms``): the
    "Contract exceptions" sheet is matched to them by term id, and a term edited, missing or
    answered twice is a warning naming the cell.
    """
    limits = limits or Limits()
    source = _load(path, data)
    if source:
        check_unzipped(shown(path), source, limits.unzipped_bytes)
    foreign: list[str] = []
    if path.suffix.lower() == ".ods":
        content = ods_content(source)
        values = _open_ods(path, source, content, limits)
        formulas = _BookOnDemand(lambda: values)
        foreign = ods_foreign_currencies(content, currency)
    else:
        values = _open_xlsx(path, source, limits)
        formulas = _BookOnDemand(lambda: _open_workbook(path, source, formulas=True))
    try:
        settings = NumberSettings(currency, default_locale, None, dict(exchange_rates or {}))
        result = _read_sheets(
            values,
            formulas,
            VendorWorkbook(path=shown(path)),
            expected_reference,
            settings,
            limits=limits,
        )
        _read_contract_sheet(values, result, settings, limits, contract_terms)
    except (ParseError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        # openpyxl parses each sheet's XML only when its rows are read, so a damaged sheet
        # surfaces here, after the workbook opened.
        detail = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise ProposalReadError(
            shown(path), f"a sheet inside the workbook is damaged ({detail}); ask for it again"
        ) from None
    finally:
        values.close()
        formulas.close()
    if foreign and result.prices:
        # Which cells are in which currency is not known, so no price is guessed at.
        result.prices = []
        result.warnings.append(
            f"{result.path}: some cells are formatted as {', '.join(foreign)} amounts, and an "
            f".ods keeps no cell format rfp can read, so its prices are not used: ask for the "
            f"workbook as .xlsx, or with the currency typed in each price cell"
        )
    return result


def _read_sheets(
    values: Any,
    formulas: _BookOnDemand,
    result: VendorWorkbook,
    expected_reference: str,
    settings: NumberSettings,
    *,
    limits: Limits,
) -> VendorWorkbook:
    _read_about(values, result, expected_reference)
    if SHEET_RESPONDENT in values.sheetnames:
        respondent = _Sheet(
            SHEET_RESPONDENT,
            values[SHEET_RESPONDENT],
            None,
            limits.workbook_rows,
            limits.workbook_columns,
            settings,
        )
        settings = _read_respondent(respondent, result)
    readers = (
        (SHEET_COMPLIANCE, _read_compliance),
        (SHEET_PRICING, _read_pricing),
        (SHEET_SITES, _read_sites),
        (SHEET_LANGUAGES, _read_languages),
        (SHEET_CERTIFICATIONS, _read_certifications),
    )
    for name, read_sheet in readers:
        if name in values.sheetnames:
            sheet = _Sheet(
                name,
                values[name],
                formulas,
                limits.workbook_rows,
                limits.workbook_columns,
                settings,
            )
            read_sheet(sheet, result)
        else:
            result.warnings.append(f"{result.path}: sheet '{name}' is missing")
    return result


def _load(path: Path, data: bytes | None) -> bytes:
    """The workbook's bytes, once, so both read-only passes parse the same file."""
    if data is not None:
        return data
    try:
        return path.read_bytes()
    except OSError as error:
        raise ProposalReadError(
            shown(path), f"the workbook cannot be read ({error.strerror or error})"
        ) from None


def _open_workbook(path: Path, data: bytes, *, formulas: bool = False) -> Any:
    """Open read-only, with cached formula values (or the formulas), or raise saying why not."""
    from openpyxl import load_workbook

    where = shown(path)
    if not data:
        raise ProposalReadError(where, "the workbook is empty")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas)
    except Exception as error:  # openpyxl surfaces zip, XML and value errors of many kinds
        detail = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise ProposalReadError(where, f"not a readable Excel workbook ({detail})") from None


def _open_xlsx(path: Path, data: bytes, limits: Limits) -> Any:
    """The workbook's cached values: read by python-calamine where it reads every cell as
    openpyxl does (`sheetbook.open_xlsx`), else opened read-only by openpyxl. The calamine
    book opens the file with openpyxl too, only if a cell's number format must be read."""
    # As wide and as deep as any sheet reader asks (the About sheet is read to row 100).
    fast = open_xlsx(
        data, max(limits.workbook_rows, 100), max(limits.workbook_columns, MAX_COLUMNS)
    )
    if fast is None:
        return _open_workbook(path, data)
    fast.styled = _BookOnDemand(lambda: _open_workbook(path, data))
    return fast


def _open_ods(path: Path, data: bytes, content: bytes, limits: Limits) -> CalamineBook:
    """Open an OpenDocument workbook with python-calamine, or raise saying why not."""
    where = shown(path)
    if not data:
        raise ProposalReadError(where, "the workbook is empty")
    budget = 10 * limits.workbook_rows * limits.workbook_columns  # ten sheets' worth
    claimed = claimed_cells(content)
    if claimed > budget:
        raise ProposalReadError(
            where,
            f"claims {claimed:,} filled cells once repeated rows are expanded, more than the "
            f"{budget:,} read (limits.workbook_rows x limits.workbook_columns x 10 sheets); "
            "ask for the workbook as .xlsx",
        )
    try:
        return CalamineBook.open(data, limits.workbook_rows, limits.workbook_columns)
    except BaseException as error:  # calamine's own errors, zip and XML ones, and its panics
        if not is_failure(error):
            raise
        detail = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise ProposalReadError(where, f"not a readable OpenDocument workbook ({detail})") from None


def _read_about(workbook: Any, result: VendorWorkbook, expected_reference: str) -> None:
    """The RFP reference from the hidden sheet: a different RFP's workbook is refused."""
    where = result.path
    if SHEET_ABOUT in workbook.sheetnames:
        rows = workbook[SHEET_ABOUT].iter_rows(max_row=100, max_col=2, values_only=True)
        about = {_text(r[0]): _text(r[1]) for r in rows if len(r) >= 2}
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


def _read_respondent(sheet: _Sheet, result: VendorWorkbook) -> NumberSettings:
    """The respondent's fields, and the number settings with the number format it declares."""
    settings = sheet.numbers
    for row_number, row in _rows(sheet, RESPONDENT_HEADERS, result):
        key, value = _text(row.get("Field")), _text(row.get("Value"))
        if key and value:
            result.respondent[key] = value
        if key == RESPONDENT_NUMBER_FORMAT and value:
            settings = _declared_format(
                value, f"{SHEET_RESPONDENT}!B{row_number}", settings, result
            )
    return settings


def _declared_format(
    value: str, cell: str, settings: NumberSettings, result: VendorWorkbook
) -> NumberSettings:
    """Settings reading text in the declared format; an unknown one is a warning, not a guess."""
    try:
        declared = parse_locale(value)
    except UnknownNumberFormatError as error:
        result.warnings.append(f"{result.path}: {cell}: {error}; only unambiguous numbers are read")
        return settings
    return NumberSettings(settings.currency, settings.default, declared, settings.exchange_rates)


def _read_compliance(sheet: _Sheet, result: VendorWorkbook) -> None:
    for number, row in _rows(sheet, COMPLIANCE_HEADERS, result):
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


def _read_pricing(sheet: _Sheet, result: VendorWorkbook) -> None:
    """Priced lines; a rate or FTE that is unreadable, ambiguous, in another currency without an
    exchange rate, or negative is a warning naming the cell, and that line is not used (the rest
    of the vendor still is). A converted rate keeps its conversion as the line's note."""
    where = f"{result.path}: {SHEET_PRICING}!"
    columns = {name: index for index, name in enumerate(sheet.header(MAX_COLUMNS)) if name}
    headers = (*PRICING_HEADERS, *PRICING_TERM_HEADERS, PRICING_PRODUCTIVE_HOURS)
    money_headers = ("Rate", PRICING_TRANSITION, *(pricing_year_header(y) for y in range(2, 11)))
    shows = _shows_currencies(sheet)
    formats = _number_formats(sheet, money_headers) if shows else {}
    computed = ("Rate", "FTE", PRICING_PRODUCTIVE_HOURS)
    for number, row in _rows(sheet, headers, result, computed=computed):
        note = _text(row.get("Assumptions"))
        if note:
            cell = _cell(columns.get("Assumptions", 0), number)
            result.price_notes.append((f"{result.path}: {SHEET_PRICING}!{cell}", note))
        shown = {header: found.get(number, "") for header, found in formats.items()}
        read_rate = _amount(row, "Rate", sheet.numbers, shown)
        rate, problem = read_rate.value, read_rate.problem
        if rate is None:
            if problem:
                result.warnings.append(f"{where}F{number}: rate {problem}")
            continue
        read_fte = _number(row.get("FTE"), sheet.numbers)
        fte, fte_problem = read_fte.value, read_fte.problem
        if fte_problem:
            result.warnings.append(f"{where}G{number}: FTE {fte_problem}; price line not used")
            continue
        negative = [
            f"{c}{number}: {n}"
            for c, n, v in (("F", "rate", rate), ("G", "FTE", fte))
            if v is not None and v < 0
        ]
        if negative:
            result.warnings += [
                f"{where}{text} is negative; price line not used" for text in negative
            ]
            continue
        model = _MODEL_BY_TITLE.get(_text(row.get("Model")).lower())
        if model is None:
            result.warnings.append(f"{where}A{number}: unknown price model")
            continue
        scope = _text(row.get("Scope"))
        notes = [read_rate.note] if read_rate.note else []
        term = _term_cells(row, number, columns, (sheet.numbers, shown, notes), result)
        usable, band = _band_cells(row, number, columns, sheet.numbers, result)
        if term is None or not usable:
            continue
        result.prices.append(
            Price(
                model,
                "" if scope.lower() == "all" else scope,
                rate,
                fte,
                *term,
                band=band,
                note="; ".join(notes),
                productive_hours=_productive_hours(row, number, columns, sheet.numbers, result),
            )
        )


def _productive_hours(
    row: dict[str, object],
    number: int,
    columns: dict[str, int],
    numbers: NumberSettings,
    result: VendorWorkbook,
) -> float | None:
    """The line's productive hours per FTE-month as stated; None when blank. An unreadable or
    non-positive figure is a warning naming the cell and reads as blank: the line keeps its
    price at the scorer's default hours, which the scorer asks the vendor to confirm."""
    hours, problem = _pair(_number(row.get(PRICING_PRODUCTIVE_HOURS), numbers))
    if hours is not None and hours <= 0:
        problem = f"{hours:g} is not a number of hours"
    if problem:
        cell = _cell(columns.get(PRICING_PRODUCTIVE_HOURS, 0), number)
        result.warnings.append(
            f"{result.path}: {SHEET_PRICING}!{cell}: productive hours per FTE-month {problem}; "
            "read as blank"
        )
        return None
    return hours


def _band_cells(
    row: dict[str, object],
    number: int,
    columns: dict[str, int],
    numbers: NumberSettings,
    result: VendorWorkbook,
) -> tuple[bool, tuple[float, float | None] | None]:
    """(usable, band): the monthly volume band a rate applies in (to None: open-ended), None
    when the row has none; not usable (with a warning naming the cell) when a bound is
    unreadable or the band is empty."""
    low, low_problem = _pair(_number(row.get(PRICING_BAND_FROM), numbers))
    high, high_problem = _pair(_number(row.get(PRICING_BAND_TO), numbers))
    where = f"{result.path}: {SHEET_PRICING}!"
    for header, problem in ((PRICING_BAND_FROM, low_problem), (PRICING_BAND_TO, high_problem)):
        if problem:
            cell = _cell(columns.get(header, 0), number)
            result.warnings.append(f"{where}{cell}: volume band {problem}; price line not used")
            return False, None
    if low is None and high is None:
        return True, None
    if (low or 0) < 0 or (high is not None and high < (low or 0)):
        cell = _cell(columns.get(PRICING_BAND_FROM, 0), number)
        result.warnings.append(
            f"{where}{cell}: volume band {low or 0:g} to "
            f"{'no upper bound' if high is None else f'{high:g}'} is empty or negative; "
            "price line not used"
        )
        return False, None
    return True, (low or 0.0, high)


def _term_cells(
    row: dict[str, object],
    number: int,
    columns: dict[str, int],
    reading: tuple[NumberSettings, dict[str, str], list[str]],
    result: VendorWorkbook,
) -> tuple[tuple[float, ...], float | None, float] | None:
    """(later-year rates, escalation, transition fee) from a pricing row's term columns, or
    None (with a warning naming the cell) when one is unreadable: the line is then not used,
    since a guessed later-year rate would move the term cost. ``reading`` is the workbook's
    number settings, each money column's cell format on this row, and the line's conversion
    notes, to which a converted later-year rate or fee adds its own."""
    numbers, shown, notes = reading
    where = f"{result.path}: {SHEET_PRICING}!"
    problems: list[str] = []

    def money(header: str) -> tuple[float | None, str]:
        read = _amount(row, header, numbers, shown)
        if read.note:
            notes.append(f"{header}: {read.note}")
        return read.value, read.problem

    def cell(header: str) -> str:
        return where + _cell(columns.get(header, 0), number)

    years: list[float] = []
    gap = 0
    for year in range(2, 11):
        value, problem = money(pricing_year_header(year))
        if problem or (value is not None and value < 0):
            problems.append(
                f"{cell(pricing_year_header(year))}: year {year} rate {problem or 'is negative'}"
            )
        elif value is None:
            gap = gap or year
        elif gap:
            result.warnings.append(
                f"{cell(pricing_year_header(year))}: year {year} rate {_money(value)} follows a "
                f"blank year {gap}; rates after the first blank year are not used (the term "
                "holds the last stated rate, or applies the escalation, from there)"
            )
        else:
            years.append(value)
    escalation, problem = _escalation(row.get(PRICING_ESCALATION), numbers)
    if problem:
        problems.append(f"{cell(PRICING_ESCALATION)}: escalation {problem}")
    fee, fee_problem = money(PRICING_TRANSITION)
    if fee_problem or (fee is not None and fee < 0):
        problems.append(
            f"{cell(PRICING_TRANSITION)}: transition fee {fee_problem or 'is negative'}"
        )
    result.warnings += [f"{text}; price line not used" for text in problems]
    return None if problems else (tuple(years), escalation, fee or 0.0)


def _escalation(value: object, numbers: NumberSettings) -> tuple[float | None, str]:
    """A yearly increase as a fraction: a percentage cell (0.03), or text "3%". A bare number
    above 1 could be 3% or 300%, so it is refused rather than guessed."""
    if isinstance(value, str) and value.strip().endswith("%"):
        number, problem = _pair(_number(value.strip()[:-1], numbers))
        if number is None:
            return None, problem
        if not MIN_ESCALATION <= number / 100 <= MAX_ESCALATION:
            return None, (
                f"{value.strip()!r} is outside {MIN_ESCALATION:.0%} to {MAX_ESCALATION:.0%} a year"
            )
        return number / 100, ""
    number, problem = _pair(_number(value, numbers))
    if number is None:
        return None, problem
    if not 0 <= number <= 1:
        return None, (
            f"{number:g} is ambiguous ({number:g}% or {number * 100:g}%?); type it as a "
            "percentage, e.g. 3%"
        )
    return number, ""


MIN_ESCALATION: Final = -0.5
MAX_ESCALATION: Final = 1.0
"""A yearly change outside -50% to +100% is a typing error or an attempt to game the term."""
MAX_AMOUNT: Final = 1e12
"""No BPO rate or fee comes near a trillion; larger is a typing error (or an overflow attack)."""


def _amount(
    row: dict[str, object], header: str, numbers: NumberSettings, shown: dict[str, str]
) -> _Number:
    """A money cell read with its own cell format (a currency there counts as typed), bounded."""
    read = _number(row.get(header), numbers, money=True, number_format=shown.get(header, ""))
    if read.value is not None and abs(read.value) > MAX_AMOUNT:
        return _Number(None, f"{read.value:.3g} is implausibly large")
    return read


def _pair(read: _Number) -> tuple[float | None, str]:
    """A read number as (value, problem), the shape the term and band readers use."""
    return read.value, read.problem


def _shows_currencies(sheet: _Sheet) -> bool:
    """Whether any of the workbook's own number formats shows a currency: only then is the
    column's format read, a second pass over the sheet. Excel's built-in currency formats
    (ids 5 to 8) show whatever currency the reader's computer uses, so they tell nothing."""
    parent = getattr(sheet.values, "parent", None)  # an .ods sheet has no formats to read
    if isinstance(parent, XlsxBook):
        # Every format the styles define; only when one shows a currency is openpyxl asked
        # which of them the cells use (it leaves out the unused and built-in ones).
        if not any(format_currency(code) for code in parent.format_codes):
            return False
        parent = _styled(sheet).parent
    custom = getattr(parent, "_number_formats", None) or ()
    return any(format_currency(str(number_format)) for number_format in custom)


_ODS_CURRENCY: Final = re.compile(
    rb"<number:currency-symbol\b[^>]*>([^<]{1,8})</number:currency-symbol>"
)


def ods_foreign_currencies(content: bytes, currency: str) -> list[str]:
    """Currency symbols an .ods's cell styles (its ``content``.xml) show other than
    ``currency``'s.

    python-calamine gives an .ods cell's number without its format, so "2.540 €" typed in a
    euro locale arrives as a bare 2540; the styles the cells use still say a currency is shown,
    which is enough to set the prices aside rather than read them as the RFP's currency.
    """
    marks = {m.decode("utf-8", "replace").strip() for m in _ODS_CURRENCY.findall(content)}
    own = {mark for mark, codes in _SYMBOLS.items() if currency in codes}
    return sorted(mark for mark in marks if mark and mark.upper() != currency and mark not in own)


def _styled(sheet: _Sheet) -> Any:
    """The sheet as openpyxl reads it, its cells with their number formats."""
    parent = getattr(sheet.values, "parent", None)
    return parent.styled.sheet(sheet.name) if isinstance(parent, XlsxBook) else sheet.values


def _number_formats(sheet: _Sheet, headers: Sequence[str]) -> dict[str, dict[int, str]]:
    """Header -> row -> the number format of that column's cell, where it is not General: the
    currency an amount is shown in lives there. One pass over the sheet for every column (a
    read-only sheet is parsed again on each pass)."""
    header_row = sheet.header(MAX_COLUMNS)
    columns = {h: header_row.index(h) for h in headers if h in header_row}
    formats: dict[str, dict[int, str]] = {header: {} for header in columns}
    if not columns:
        return formats
    width = max(columns.values()) + 1
    cells = _styled(sheet).iter_rows(min_row=2, max_row=sheet.rows, max_col=width)
    for number, row in enumerate(cells, start=2):
        for header, index in columns.items():
            cell = row[index] if index < len(row) else None
            shown_as = getattr(cell, "number_format", None) or "General"
            if shown_as != "General":
                formats[header][number] = shown_as
    return formats


def _count(
    row: dict[str, object], header: str, cell: str, result: VendorWorkbook, sheet: _Sheet
) -> float | None:
    """A count (seats, agents): a number that is not one is a warning, never a guess."""
    read = _number(row.get(header), sheet.numbers)
    value, problem = read.value, read.problem
    if problem:
        result.warnings.append(f"{cell}: {header.lower()} {problem}; left blank")
    elif value is not None and value < 0:
        result.warnings.append(f"{cell}: {header.lower()} is negative; left blank")
        return None
    return value


def _read_sites(sheet: _Sheet, result: VendorWorkbook) -> None:
    """Sites with a known IANA zone and readable days and hours; others become warnings."""
    for number, row in _rows(sheet, SITES_HEADERS, result, computed=("Seats",)):
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
        seats = _count(row, "Seats", f"{cell}I{number}", result, sheet)
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


def _read_languages(sheet: _Sheet, result: VendorWorkbook) -> None:
    """Offered languages. The kit pre-fills the spec's codes, so a row with nothing but its
    code is the template as written, not an offer; 0 agents is a stated "not offered"."""
    for number, row in _rows(sheet, LANGUAGES_HEADERS, result, computed=("Agents",)):
        code = _text(row.get("Code")).lower()
        if code and not any(_text(row.get(h)) for h in LANGUAGES_HEADERS if h != "Code"):
            result.languages_left_blank.append(code)
            continue
        agents = _count(row, "Agents", f"{result.path}: {SHEET_LANGUAGES}!D{number}", result, sheet)
        if code and agents == 0:
            result.languages_declined.append(code)
        elif code:
            result.languages.append(
                LanguageOffer(
                    code, _text(row.get("Proficiency (CEFR)")), int(agents) if agents else None
                )
            )


def _read_certifications(sheet: _Sheet, result: VendorWorkbook) -> None:
    for number, row in _rows(sheet, CERTIFICATIONS_HEADERS, result):
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


# --------------------------------------------------------------------------- contract exceptions

_CONTRACT_READINGS: Final = {
    CONTRACT_ACCEPT.casefold(): ACCEPTED,
    CONTRACT_EXCEPTION.casefold(): EXCEPTION,
    CONTRACT_REJECT.casefold(): REJECTED,
}


def _read_contract_sheet(
    values: Any,
    result: VendorWorkbook,
    settings: NumberSettings,
    limits: Limits,
    terms: Sequence[Term],
) -> None:
    """The "Contract exceptions" sheet, or a warning that it is missing (an older kit)."""
    if SHEET_CONTRACT not in values.sheetnames:
        if terms:
            result.warnings.append(
                f"{result.path}: sheet '{SHEET_CONTRACT}' is missing (a response kit from "
                "before the contract package?): every key term is to be confirmed"
            )
        return
    result.contract_sheet = True
    sheet = _Sheet(
        SHEET_CONTRACT,
        values[SHEET_CONTRACT],
        None,
        limits.workbook_rows,
        limits.workbook_columns,
        settings,
    )
    _read_contract(sheet, result, terms)


AFFIRMING: Final = frozenset(
    {
        "",
        "-",
        "n/a",
        "na",
        "none",
        "no comment",
        "agreed",
        "accepted",
        "accepted as written",
        "as written",
        "same as rfp",
        "as per rfp",
    }
)
"""What a vendor types in the wording or reason column to say nothing more than "as written":
read as blank. Deliberately short: any other text may qualify an "Accept" and is asked about."""


def _says_nothing(text: str, *wordings: str) -> bool:
    """Whether a cell adds nothing: a placeholder from ``AFFIRMING`` (case, spacing and a final
    full stop aside) or a copy of one of ``wordings`` (the term as printed)."""
    plain = " ".join(text.split())
    if plain.casefold().rstrip(".").strip() in AFFIRMING:
        return True
    return any(plain == " ".join(wording.split()) for wording in wordings if wording)


def _read_contract(sheet: _Sheet, result: VendorWorkbook, terms: Sequence[Term]) -> None:
    """One answer per key term, matched by term id whatever the rows' order; rows for unknown
    terms, rows missing and terms answered twice are warnings naming the cell."""
    expected = {term.id: term for term in terms}
    header = sheet.header(sheet.columns)
    if expected and _headers_changed(header, result, list(expected)):
        return
    columns = {name: header.index(name) for name in CONTRACT_HEADERS if name in header}
    where = f"{result.path}: {SHEET_CONTRACT}!"
    order: list[str] = []
    for number, row in _rows(sheet, CONTRACT_HEADERS, result):
        term_id = _text(row.get("Term id")).lower()
        if not term_id:
            result.warnings.append(f"{where}A{number}: a row with no term id; ignored")
            continue
        if expected and term_id not in expected:
            close = difflib.get_close_matches(term_id, list(expected), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            result.warnings.append(f"{where}A{number}: unknown term id {term_id!r}{hint}; ignored")
            continue
        answer = _contract_answer(row, number, columns, expected.get(term_id), result)
        order.append(term_id)
        earlier = result.contract.get(term_id)
        if earlier is not None:
            answer = _answered_twice(earlier, answer, result, f"{where}A{number}")
        result.contract[term_id] = answer
    if expected:
        _contract_layout_warnings(result, where, order, list(expected))


def _contract_layout_warnings(
    result: VendorWorkbook, where: str, order: list[str], expected: list[str]
) -> None:
    """Rows deleted or reordered: answers are matched by term id, and the reader is told."""
    missing = [term for term in expected if term not in result.contract]
    if missing:
        result.warnings.append(
            f"{where[:-1]}: no row for term{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; unanswered"
        )
    kept = [term for term in expected if term in order]
    if list(dict.fromkeys(order)) != kept:
        result.warnings.append(
            f"{where[:-1]}: the rows are not in the kit's order; answers are matched by term id"
        )


def _headers_changed(header: list[str], result: VendorWorkbook, expected: list[str]) -> bool:
    """A header renamed or deleted leaves the columns unknown: no answer on the sheet can be
    trusted, so every term is to be confirmed (one warning), never read as accepted."""
    missing = [name for name in CONTRACT_HEADERS if name not in header]
    if not missing:
        return False
    listed = ", ".join(repr(name) for name in missing)
    result.warnings.append(
        f"{result.path}: {SHEET_CONTRACT}!1:1 (the header row): no column headed {listed} "
        "(renamed or deleted); the answers cannot be matched to their columns, so every key "
        "term is to be confirmed with the vendor"
    )
    for term_id in expected:
        result.contract[term_id] = ContractAnswer(
            term=term_id,
            response="",
            status=UNCLEAR,
            cell=f"{SHEET_CONTRACT}!1:1",
            note=f"the sheet's header row has no {listed} column",
        )
    return True


def _answered_twice(
    earlier: ContractAnswer, answer: ContractAnswer, result: VendorWorkbook, where: str
) -> ContractAnswer:
    """Of two rows for one term the answer furthest from the buyer's wording stands (an answer
    that is not a choice above "Accept"), so a second row can only make the reading worse."""
    kept = max(earlier, answer, key=lambda a: CONTRACT_SEVERITY[a.status])
    result.warnings.append(
        f"{where}: term {answer.term!r} is answered twice ({earlier.cell}: "
        f"{earlier.response or 'blank'!r} and {answer.cell}: {answer.response or 'blank'!r}); "
        f"the answer furthest from the buyer's wording stands ({kept.cell}: {kept.status})"
    )
    note = f"answered twice ({earlier.cell} and {answer.cell}); the further answer stands"
    return replace(kept, note="; ".join(part for part in (kept.note, note) if part))


def _contract_answer(
    row: dict[str, object],
    number: int,
    columns: dict[str, int],
    term: Term | None,
    result: VendorWorkbook,
) -> ContractAnswer:
    """One row read: a typo in case or spacing is read; anything else is said, never guessed."""
    typed = " ".join(_text(row.get("Response")).split())
    wording = term.summary if term is not None else ""
    alternative = _text(row.get("Proposed alternative wording"))
    reason = _text(row.get("Reason"))
    cell = f"{SHEET_CONTRACT}!{_cell(columns.get('Response', 4), number)}"
    where = f"{result.path}: {cell}"
    status = _CONTRACT_READINGS.get(typed.casefold(), UNANSWERED)
    response = next((c for c in CONTRACT_CHOICES if c.casefold() == typed.casefold()), typed)
    other_wording = not _says_nothing(alternative, wording, _text(row.get("Summary")))
    qualified = not _says_nothing(reason)
    notes: list[str] = []
    if status == UNANSWERED and (typed or other_wording or qualified):
        status = UNCLEAR
        said = f"{typed[:40]!r} is not a choice" if typed else "no response"
        notes.append(
            f"{said}, with {'other wording' if other_wording else 'a reason'}"
            if (other_wording or qualified)
            else said
        )
        result.warnings.append(
            f"{where}: {said} ({', '.join(CONTRACT_CHOICES)}); to be confirmed with the vendor"
        )
    elif status == ACCEPTED and (other_wording or qualified):
        status = UNCLEAR
        what = "other wording in the alternative column" if other_wording else "a reason"
        notes.append(f"'Accept' with {what}, which may qualify it")
        result.warnings.append(
            f"{where}: 'Accept' with {what} ({(alternative if other_wording else reason)[:80]!r})"
            "; to be confirmed with the vendor (an exception is 'Accept with exception')"
        )
    if term is not None and _edited(row.get("Summary"), term.summary):
        status = _edited_wording(
            term, status, _cell(columns.get("Summary", 2), number), notes, result
        )
    return ContractAnswer(
        term=term.id if term else _text(row.get("Term id")).lower(),
        response=response,
        status=status,
        alternative=alternative,
        reason=reason,
        cell=cell,
        note="; ".join(notes),
    )


def _edited_wording(
    term: Term, status: str, column: str, notes: list[str], result: VendorWorkbook
) -> str:
    """The answer is to the buyer's wording (RFP Annex C); an edit proposes nothing, and a kit
    generated before the buyer changed a term differs the same way. On a non-negotiable term an
    "Accept" under other wording is to be confirmed: the signed workbook would say otherwise."""
    notes.append(f"the term's wording in {column} differs from the RFP's, which stands")
    confirm = term.non_negotiable and status == ACCEPTED
    result.warnings.append(
        f"{result.path}: {SHEET_CONTRACT}!{column}: the wording of term {term.id!r} differs "
        "from the RFP's (edited, or an older kit); the answer is read against the RFP's "
        "wording, and only column F proposes other wording"
        + ("; the term is non-negotiable, so its acceptance is to be confirmed" if confirm else "")
    )
    return UNCLEAR if confirm else status


def _edited(typed: object, wording: str) -> bool:
    """Whether a term's wording differs from the kit's, beyond spacing."""
    return " ".join(_text(typed).split()) != " ".join(wording.split())
