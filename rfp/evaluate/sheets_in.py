"""Evaluator sheets in: read the filled sheets and the consensus file back, checking everything.

**Refuse, never half-merge.** A sheet for another RFP, with edited rows or headers, a score
outside 0-5, or claimed by two files is skipped whole, and every problem in it is reported at
once, naming file and cell. Problems are returned as data, so one bad sheet never stops scoring;
what passes becomes ``Evaluations`` for ``rfp.score.merge`` to merge. A rejected file also gets a
one-line ``SheetRejected`` summary, so it cannot be missed in a long list of problems; a stray
value outside the score cells is a ``SheetWarning`` and does not stop the merge.

**A split sheet is one evaluator.** Its parts (``alice-1-of-3.xlsx`` ...) are merged as one sheet
only when every part of one ``rfp sheets`` run is back exactly once; otherwise every part is
refused, each naming the others.

**Whatever suite saved it.** .xlsx and .xlsm are read with openpyxl, .ods with python-calamine
when it is installed; any other file in ``evaluations/`` is named in a warning.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import math
import re
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rfp.core.criteria import WeightedCriterion
from rfp.core.project import Project
from rfp.core.spec import SCORED_STAGES
from rfp.errors import Problem, ScoringError, SheetRejected, SheetWarning
from rfp.evaluate.blind import BlindKey, read_blind_key
from rfp.evaluate.layout import (
    ALL,
    BLIND_KEY_FILE,
    COMMENT_COLUMN,
    CONSENSUS_FILE,
    CONSENSUS_HEADERS,
    ENVELOPES,
    EVALUATIONS_DIR,
    EVALUATOR_NAME,
    KIND_CONSENSUS,
    KIND_SHEET,
    SCORE_COLUMN,
    SCORE_HEADERS,
    SHEET_ABOUT,
    SHEET_CONSENSUS,
    SHEET_SCORES,
    SHEETS_DIR,
    envelope_criteria,
    fingerprint,
)
from rfp.score.merge import is_formula_scored
from rfp.score.run import (
    ConsensusOverride,
    EvaluationReader,
    Evaluations,
    EvaluatorEntry,
    EvaluatorSheet,
)

Report = Callable[[str, str], None]
"""Adds a problem (message, cell) against the file being read."""


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _shown(path: Path, project: Project) -> str:
    """A path as the user knows it: relative to the project folder when inside it."""
    try:
        return path.resolve().relative_to(project.folder.resolve()).as_posix()
    except ValueError:
        return str(path)


def _score_value(value: object) -> tuple[float | None, str]:
    """(score, "") for a usable cell, (None, "") when blank, (None, problem) otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*-?\d+(?:[.,]\d+)?\s*", value):
        number = float(value.strip().replace(",", "."))
    if number is None or math.isnan(number):
        return None, f"{_text(value)!r} is not a number (enter 0–5)"
    if not 0 <= number <= 5:
        return None, f"{number:g} is outside 0–5"
    return number, ""


SHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods")
"""What an evaluator's office suite may save a sheet as: Excel with or without macros (read by
openpyxl), and OpenDocument (read by python-calamine when it is installed)."""

SAVE_AS_XLSX = "open it and save it as .xlsx"


Row = tuple[Any, ...]


@dataclass(frozen=True)
class PartSheet(EvaluatorSheet):
    """One part of an evaluator's sheet split by vendor, or all parts merged as one.

    ``files`` (from EvaluatorSheet) lists every part merged, empty on a single part as read;
    the merged sheet's ``path`` is its first part's."""

    part: int = 1
    parts: int = 1
    sheet_set: str = ""


READ_COLUMNS = 12
"""Columns read per sheet: every column rfp writes and a few beyond, never a stray far cell."""
READ_ROWS = 50_000
"""Rows read per sheet unless the hidden sheet says more were issued: far more than 200 vendors
x 88 criteria, so a stray value typed at the sheet's last row cannot make reading take minutes."""
READ_ABOUT = 50
"""Rows of the hidden sheet looked at for the issued row count."""


def _row_limit(about: Sequence[Sequence[object]]) -> int:
    """Rows to read from each sheet: ``READ_ROWS``, or all of a longer sheet as issued (its
    vendor x criterion rows, at most one band row per such row, and the header), so a 70,000-row
    sheet for 1,000 vendors is read whole rather than cut and then refused as edited."""
    for row in about[:READ_ABOUT]:
        if len(row) > 1 and _text(row[0]) == "rows" and _text(row[1]).isdigit():
            return max(READ_ROWS, 2 * int(_text(row[1])) + 1)
    return READ_ROWS


@dataclass(frozen=True)
class _Book:
    """A workbook as its sheets' rows of values, whichever library read it."""

    sheets: dict[str, list[Row]]
    cut: tuple[str, ...] = ()  # sheets with rows beyond the limit, which were not read
    limit: int = READ_ROWS

    def __contains__(self, name: str) -> bool:
        return name in self.sheets

    def rows(self, name: str) -> list[Row]:
        return self.sheets[name]


def _openpyxl_book(path: Path) -> _Book:
    from openpyxl import load_workbook

    workbook = load_workbook(path, data_only=True)
    about = workbook[SHEET_ABOUT] if SHEET_ABOUT in workbook.sheetnames else None
    limit = _row_limit(
        list(about.iter_rows(max_row=READ_ABOUT, max_col=2, values_only=True)) if about else []
    )
    sheets = {
        sheet.title: [
            tuple(row)
            for row in sheet.iter_rows(
                max_row=min(sheet.max_row, limit), max_col=READ_COLUMNS, values_only=True
            )
        ]
        for sheet in workbook.worksheets
    }
    cut = tuple(sheet.title for sheet in workbook.worksheets if sheet.max_row > limit)
    return _Book(sheets, cut, limit)


def _calamine_book(path: Path) -> _Book:
    """An .ods read with python-calamine; its empty cells ("") become None as openpyxl's are."""
    calamine: Any = importlib.import_module("python_calamine")  # optional: not a dependency
    workbook = calamine.CalamineWorkbook.from_path(str(path))
    data = {
        name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in workbook.sheet_names
    }
    limit = _row_limit(data.get(SHEET_ABOUT, []))
    sheets: dict[str, list[Row]] = {
        name: [
            tuple(None if value == "" else value for value in row[:READ_COLUMNS])
            for row in rows[:limit]
        ]
        for name, rows in data.items()
    }
    cut = tuple(name for name, rows in data.items() if len(rows) > limit)
    return _Book(sheets, cut, limit)


def _calamine_installed() -> bool:
    return importlib.util.find_spec("python_calamine") is not None


def _unreadable(path: Path) -> tuple[type[BaseException], ...]:
    """What a broken file raises while read: a bad zip, cut XML (ParseError is a SyntaxError),
    a truncated stream, or calamine's own errors."""
    from openpyxl.utils.exceptions import InvalidFileException

    errors: tuple[type[BaseException], ...] = (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        InvalidFileException,
        SyntaxError,
        KeyError,
        IndexError,
        OSError,
        ValueError,
        TypeError,
    )
    if path.suffix.lower() == ".ods":
        errors += (importlib.import_module("python_calamine").CalamineError,)
    return errors


def _load(path: Path) -> _Book:
    return _calamine_book(path) if path.suffix.lower() == ".ods" else _openpyxl_book(path)


def _cell(rows: Sequence[Row], row: int, column: int) -> object:
    """The value at 1-based (row, column), None outside the data."""
    if row > len(rows) or column > len(rows[row - 1]):
        return None
    return rows[row - 1][column - 1]


def _about(book: _Book) -> dict[str, tuple[str, int]]:
    """Key -> (value, row) from the hidden sheet."""
    found: dict[str, tuple[str, int]] = {}
    for number, row in enumerate(book.rows(SHEET_ABOUT), start=1):
        if row and _text(row[0]):
            found[_text(row[0])] = (_text(row[1]) if len(row) > 1 else "", number)
    return found


@dataclass
class _Reader:
    """Shared state while reading one ``evaluations/`` folder."""

    project: Project
    vendors: Sequence[str]
    key_file: Path
    key: BlindKey | None = None
    key_error: str = ""
    key_used: bool = False
    problems: list[Problem] = field(default_factory=list)
    evaluator_cells: dict[Path, str] = field(default_factory=dict)
    stage: str = ""
    """The scored stage whose folder is read ("orals"), or "" for the written proposal's."""

    def known(self) -> dict[str, WeightedCriterion]:
        """The criteria a row or override may name: the stage's, or the RFP's."""
        stage = self.project.stage(self.stage) if self.stage else None
        chosen = stage.criteria if stage is not None else self.project.selection.criteria
        return {wc.id: wc for wc in chosen}

    def errors_since(self, before: int) -> list[Problem]:
        """Problems added since ``before`` that stop a file being merged (not warnings)."""
        return [p for p in self.problems[before:] if not isinstance(p, SheetWarning)]

    def rejected(self, where: str, before: int) -> None:
        """Add the one-line summary of a rejected file, so it cannot be missed; return None."""
        errors = self.errors_since(before)
        first = f"{errors[0].key}: {errors[0].message}" if errors[0].key else errors[0].message
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        self.problems.append(
            SheetRejected(
                where,
                f"rejected, {count}: {first}{more}; none of its scores are merged",
                problems=len(errors),
            )
        )

    def blind_key(self) -> BlindKey | None:
        if self.key is None and not self.key_error:
            try:
                self.key = read_blind_key(self.key_file)
            except ScoringError as error:
                self.key_error = str(error)
        return self.key

    def open(
        self, path: Path, where: str, kind: str
    ) -> tuple[_Book | None, dict[str, tuple[str, int]]]:
        """Open a workbook and check it is ours, of ``kind``, for this RFP; problems are added."""
        if path.suffix.lower() == ".ods" and not _calamine_installed():
            self.problems.append(
                Problem(
                    where,
                    f"cannot read .ods here (python-calamine is not installed); {SAVE_AS_XLSX}",
                )
            )
            return None, {}
        try:
            workbook = _load(path)
        except _unreadable(path) as error:
            self.problems.append(
                Problem(where, f"not a readable Excel workbook ({error}); {SAVE_AS_XLSX}")
            )
            return None, {}
        if SHEET_ABOUT not in workbook:
            self.problems.append(
                Problem(
                    where,
                    f"the hidden '{SHEET_ABOUT}' sheet is missing: this is not a sheet written "
                    "by rfp sheets, or it was rebuilt by hand",
                )
            )
            return None, {}
        about = _about(workbook)
        wanted = "an evaluator score sheet" if kind == KIND_SHEET else "a consensus sheet"
        got_kind, kind_row = about.get("kind", ("", 1))
        if got_kind != kind:
            self.problems.append(
                Problem(
                    where,
                    f"this is {'a ' + got_kind if got_kind else 'not an rfp'} sheet, not {wanted}",
                    f"{SHEET_ABOUT}!B{kind_row}",
                )
            )
            return None, about
        expected = self.project.spec.project.reference
        reference, reference_row = about.get("reference", ("", 0))
        if reference != expected:
            self.problems.append(
                Problem(
                    where,
                    f"this sheet belongs to RFP {reference or '(none)'}, not {expected}",
                    f"{SHEET_ABOUT}!B{reference_row}" if reference_row else SHEET_ABOUT,
                )
            )
            return None, about
        return workbook, about

    def display_map(self, about: Mapping[str, tuple[str, int]], where: str) -> dict[str, str]:
        """Shown vendor -> vendor for this sheet, checking the blind key; {} on a problem."""
        if about.get("blind", ("no", 0))[0] != "yes":
            return {name: name for name in self.vendors}
        key = self.blind_key()
        if key is None:
            self.problems.append(Problem(where, f"blind sheet, but {self.key_error}"))
            return {}
        sheet_key, row = about.get("blind_key", ("", 0))
        if sheet_key != key.key or key.reference != self.project.spec.project.reference:
            self.problems.append(
                Problem(
                    where,
                    f"this blind sheet was made with a different blind key than {self.key_file}; "
                    "its aliases cannot be trusted",
                    f"{SHEET_ABOUT}!B{row}" if row else SHEET_ABOUT,
                )
            )
            return {}
        self.key_used = True
        return dict(key.vendors)


def _check_headers(rows: Sequence[Row], name: str, headers: Sequence[str], problem: Report) -> None:
    """Row 1 must read exactly as written: a renamed header means the columns may have moved."""
    from openpyxl.utils import get_column_letter

    for column, expected in enumerate(headers, start=1):
        got = _text(_cell(rows, 1, column))
        if got != expected:
            letter = get_column_letter(column)
            problem(f"header {got!r} should be {expected!r}", f"{name}!{letter}1")


# --------------------------------------------------------------------------- evaluator sheets


def _identity(
    reader: _Reader, path: Path, about: Mapping[str, tuple[str, int]], problem: Report
) -> tuple[str, str]:
    """(evaluator, envelope) from the hidden sheet; a bad value is a problem."""
    evaluator, evaluator_row = about.get("evaluator", ("", 0))
    reader.evaluator_cells[path] = f"{SHEET_ABOUT}!B{evaluator_row}" if evaluator_row else ""
    if not EVALUATOR_NAME.fullmatch(evaluator):
        problem(f"evaluator name {evaluator!r} is not valid", f"{SHEET_ABOUT}!B{evaluator_row}")
    envelope, envelope_row = about.get("envelope", ("", 0))
    wrong = _misplaced(envelope, reader.stage)
    if wrong:
        problem(wrong, f"{SHEET_ABOUT}!B{envelope_row}")
        envelope = reader.stage or ALL
    return evaluator, envelope


def _misplaced(envelope: str, stage: str) -> str:
    """Why a sheet of ``envelope`` cannot be read in this folder, or "": a stage's sheet belongs
    in evaluations/<stage>/ and a written-proposal sheet in evaluations/ itself."""
    if envelope == stage or (not stage and envelope in ENVELOPES):
        return ""
    if stage and envelope in ENVELOPES:
        return f"a written-proposal sheet, not a {stage} sheet: move it to {EVALUATIONS_DIR}/"
    if envelope in SCORED_STAGES:
        return f"this is the {envelope} stage's sheet: move it to {EVALUATIONS_DIR}/{envelope}/"
    return f"unknown envelope {envelope!r}"


def _criterion_problem(
    criterion: str, envelope: str, allowed: set[str], known: Mapping[str, Any]
) -> str:
    """Why ``criterion`` cannot be scored on a sheet of ``envelope``, or ""."""
    if criterion not in known:
        return f"unknown criterion {criterion!r}"
    if criterion not in allowed:
        reason = (
            "is scored by the price formula"
            if is_formula_scored(known[criterion])
            else f"does not belong on a {envelope} sheet"
        )
        return f"{criterion} {reason}"
    return ""


def _stray_values(row: Sequence[object], number: int, warn: Report) -> None:
    """Values typed on a vendor band (or empty) row: warned about by cell, never merged."""
    from openpyxl.utils import get_column_letter

    for column, value in enumerate(row[1:], start=2):
        if not _text(value):
            continue
        number_typed = isinstance(value, int | float) and not isinstance(value, bool)
        shown = f"{value:g}" if number_typed else repr(_text(value)[:40])
        warn(
            f"{shown} is on a vendor band row, not in a score cell; ignored (the sheet is merged)",
            f"{SHEET_SCORES}!{get_column_letter(column)}{number}",
        )


def _score_rows(
    reader: _Reader,
    rows: Sequence[Row],
    identity: tuple[str, str],
    shown_to_vendor: Mapping[str, str],
    *,
    problem: Report,
    warn: Report,
    book: str = "",
) -> tuple[list[tuple[str, str]], list[EvaluatorEntry]]:
    """The (vendor as shown, criterion) key of every row, and the entries that can be merged."""
    from openpyxl.utils import get_column_letter

    evaluator, envelope = identity
    allowed = {wc.id for wc in envelope_criteria(reader.project, envelope)}
    known = reader.known()
    score_letter = get_column_letter(SCORE_COLUMN)
    keys: list[tuple[str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    entries: list[EvaluatorEntry] = []
    for number, row in enumerate(rows[1:], start=2):
        values = list(row) + [None] * (len(SCORE_HEADERS) - len(row))
        shown, criterion = _text(values[0]), _text(values[1])
        raw_score, comment = values[SCORE_COLUMN - 1], _text(values[COMMENT_COLUMN - 1])
        score_cell = f"{SHEET_SCORES}!{score_letter}{number}"
        if not criterion:
            _stray_values(values, number, warn)
            continue  # a vendor band row or an empty row
        keys.append((shown, criterion))
        if (shown, criterion) in seen:
            problem(
                f"{shown} / {criterion} appears twice (also row {seen[(shown, criterion)]})",
                f"{SHEET_SCORES}!B{number}",
            )
            continue
        seen[(shown, criterion)] = number
        vendor = shown_to_vendor.get(shown)
        if vendor is None and shown_to_vendor:
            what = f"unknown vendor {shown!r}" if shown else "the vendor is missing"
            problem(what, f"{SHEET_SCORES}!A{number}")
        wrong = _criterion_problem(criterion, envelope, allowed, known)
        if wrong:
            problem(wrong, f"{SHEET_SCORES}!B{number}")
        score, message = _score_value(raw_score)
        if message:
            problem(message, score_cell)
        if vendor is not None:
            # A part's cells name its file, Excel's way ("[alice-2-of-3.xlsx]Scores!H14").
            where = f"[{book}]{score_cell}" if book else score_cell
            entries.append(EvaluatorEntry(evaluator, vendor, criterion, score, comment, where))
    return keys, entries


def _check_fingerprint(
    about: Mapping[str, tuple[str, int]], keys: Sequence[tuple[str, str]], problem: Report
) -> None:
    """Rows added, deleted or re-keyed change the fingerprint the sheet was issued with."""
    stored, stored_row = about.get("fingerprint", ("", 0))
    rows, _ = about.get("rows", ("", 0))
    if stored != fingerprint(keys):
        problem(
            f"the rows were changed (issued with {rows or '?'} vendor x criterion rows, found "
            f"{len(keys)}): rows added or deleted, or a Vendor or ID cell edited; restore the "
            "sheet as issued and copy the scores back",
            f"{SHEET_ABOUT}!B{stored_row}" if stored_row else SHEET_ABOUT,
        )


def _read_sheet(reader: _Reader, path: Path, where: str) -> EvaluatorSheet | None:
    """Read one evaluator sheet; None when anything is wrong with it (problems are added)."""
    before = len(reader.problems)

    def problem(message: str, key: str = "") -> None:
        reader.problems.append(Problem(where, message, key))

    def warn(message: str, key: str = "") -> None:
        reader.problems.append(SheetWarning(where, message, key))

    workbook, about = reader.open(path, where, KIND_SHEET)
    if workbook is None:
        reader.rejected(where, before)
        return None
    identity = _identity(reader, path, about, problem)
    shown_to_vendor = reader.display_map(about, where)
    if SHEET_SCORES not in workbook:
        problem(f"the '{SHEET_SCORES}' sheet is missing")
        reader.rejected(where, before)
        return None
    rows = workbook.rows(SHEET_SCORES)
    if SHEET_SCORES in workbook.cut:
        warn(
            f"values below row {workbook.limit:,} are past the rows issued and were not read",
            SHEET_SCORES,
        )
    _check_headers(rows, SHEET_SCORES, SCORE_HEADERS, problem)
    part = _part_of(about, problem)
    book = path.name if part[1] > 1 else ""
    keys, entries = _score_rows(
        reader, rows, identity, shown_to_vendor, problem=problem, warn=warn, book=book
    )
    _check_fingerprint(about, keys, problem)
    if reader.errors_since(before):
        reader.rejected(where, before)
        return None
    blind = about.get("blind", ("no", 0))[0] == "yes"
    if part[1] > 1:
        index, count, sheet_set = part
        return PartSheet(
            evaluator=identity[0],
            path=path,
            envelope=identity[1],
            blind=blind,
            entries=tuple(entries),
            part=index,
            parts=count,
            sheet_set=sheet_set,
        )
    return EvaluatorSheet(
        evaluator=identity[0], path=path, envelope=identity[1], blind=blind, entries=tuple(entries)
    )


def _part_of(about: Mapping[str, tuple[str, int]], problem: Report) -> tuple[int, int, str]:
    """(index, count, set) of a part from the hidden sheet; a sheet from before the split, or
    not split, is part 1 of 1."""
    index_text, index_row = about.get("part", ("1", 0))
    count_text, _ = about.get("parts", ("1", 0))
    if not (index_text.isdigit() and count_text.isdigit()):
        problem("the part number was edited", f"{SHEET_ABOUT}!B{index_row}")
        return 1, 1, ""
    index, count = int(index_text), int(count_text)
    if not 1 <= index <= count:
        problem(f"part {index} of {count} cannot be", f"{SHEET_ABOUT}!B{index_row}")
        return 1, 1, ""
    return index, count, about.get("sheet_set", ("", 0))[0]


# --------------------------------------------------------------------------- consensus


def _consensus_names(
    reader: _Reader, about: Mapping[str, tuple[str, int]], where: str
) -> tuple[dict[str, str], dict[str, str]] | None:
    """(shown -> vendor, casefolded -> vendor); None when a blind file's key is unusable."""
    names: dict[str, str] = {name: name for name in reader.vendors}
    folded = {name.casefold(): name for name in reader.vendors}
    if about.get("blind", ("no", 0))[0] == "yes":
        mapping = reader.display_map(about, where)
        if not mapping:
            return None  # the key problem is reported; the aliases mean nothing without it
        names.update(mapping)
    return names, folded


def _read_consensus(reader: _Reader, path: Path, where: str) -> list[ConsensusOverride] | None:
    before = len(reader.problems)

    def problem(message: str, key: str) -> None:
        reader.problems.append(Problem(where, message, key))

    workbook, about = reader.open(path, where, KIND_CONSENSUS)
    if workbook is None:
        reader.rejected(where, before)
        return None
    if SHEET_CONSENSUS not in workbook:
        reader.problems.append(Problem(where, f"the '{SHEET_CONSENSUS}' sheet is missing"))
        reader.rejected(where, before)
        return None
    rows = workbook.rows(SHEET_CONSENSUS)
    _check_headers(rows, SHEET_CONSENSUS, CONSENSUS_HEADERS, problem)
    resolved = _consensus_names(reader, about, where)
    if resolved is None:
        reader.rejected(where, before)
        return None
    names, folded = resolved
    known = reader.known()
    overrides: list[ConsensusOverride] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        values = list(row) + [None] * (len(CONSENSUS_HEADERS) - len(row))
        shown, criterion, raw, reason = (
            _text(values[0]),
            _text(values[1]).upper(),
            values[2],
            _text(values[3]),
        )
        if not (shown or criterion or _text(raw) or reason):
            continue
        vendor = names.get(shown) or folded.get(shown.casefold())
        if not shown:
            problem("the vendor is missing", f"{SHEET_CONSENSUS}!A{number}")
        elif vendor is None:
            problem(f"unknown vendor {shown!r}", f"{SHEET_CONSENSUS}!A{number}")
        if not criterion:
            problem("the criterion ID is missing", f"{SHEET_CONSENSUS}!B{number}")
        elif criterion not in known:
            problem(f"unknown criterion {criterion!r}", f"{SHEET_CONSENSUS}!B{number}")
        score, message = _score_value(raw)
        if message:
            problem(message, f"{SHEET_CONSENSUS}!C{number}")
        elif score is None:
            problem("an override needs a score from 0 to 5", f"{SHEET_CONSENSUS}!C{number}")
        if not reason:
            problem("an override needs a reason", f"{SHEET_CONSENSUS}!D{number}")
        if vendor is None or criterion not in known or score is None or not reason:
            continue
        if (vendor, criterion) in seen:
            problem(
                f"{shown} / {criterion} is overridden twice (also row {seen[(vendor, criterion)]})",
                f"{SHEET_CONSENSUS}!B{number}",
            )
            continue
        seen[(vendor, criterion)] = number
        overrides.append(
            ConsensusOverride(vendor, criterion, score, reason, f"{SHEET_CONSENSUS}!C{number}")
        )
    if reader.errors_since(before):
        reader.rejected(where, before)
        return None
    return overrides


# --------------------------------------------------------------------------- the folder


def _returned_files(folder: Path) -> list[Path]:
    """The files in ``folder``, leaving out folders, hidden files (LibreOffice's ``.~lock``
    files among them) and Excel's ``~$`` lock files."""
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))),
        key=lambda p: (p.name.casefold(), p.name),
    )


def _not_sheets(reader: _Reader, files: Sequence[Path]) -> list[Path]:
    """Files in evaluations/ in no format a sheet is read from: each is a warning by name, so
    a sheet saved as .xls or .csv is never silently left out."""
    others = [p for p in files if p.suffix.lower() not in SHEET_SUFFIXES]
    for path in others:
        reader.problems.append(
            SheetWarning(
                _shown(path, reader.project),
                "not read: rfp reads evaluator sheets saved as "
                f"{', '.join(SHEET_SUFFIXES[:-1])} or {SHEET_SUFFIXES[-1]}; {SAVE_AS_XLSX}",
            )
        )
    return others


def _refuse_shared_claims(
    reader: _Reader, good: Sequence[EvaluatorSheet]
) -> tuple[list[EvaluatorSheet], list[Path]]:
    """(sheets kept, paths refused): two files claiming one evaluator, by the name in the hidden
    sheet or by file name, are both refused, since neither can be trusted to be the final one."""
    project = reader.project
    claims: dict[str, list[EvaluatorSheet]] = defaultdict(list)
    for sheet in good:
        for name in dict.fromkeys((sheet.evaluator.casefold(), sheet.path.stem.casefold())):
            claims[name].append(sheet)
    duplicated: dict[Path, set[Path]] = defaultdict(set)
    for claimants in claims.values():
        if len(claimants) > 1:
            for sheet in claimants:
                for other in claimants:
                    if other is not sheet:
                        duplicated[sheet.path].update(other.sources)
    refused: list[Path] = []
    for sheet in good:
        if sheet.path in duplicated:
            others = ", ".join(_shown(p, project) for p in sorted(duplicated[sheet.path]))
            # A split sheet is refused part by part, so no part goes unmentioned.
            for path in sheet.sources:
                reader.problems.append(
                    Problem(
                        _shown(path, project),
                        f"evaluator {sheet.evaluator!r} is also claimed by {others}; neither is "
                        "merged: keep one file per evaluator",
                        reader.evaluator_cells.get(path, ""),
                    )
                )
                refused.append(path)
                reader.rejected(_shown(path, project), len(reader.problems) - 1)
    return [sheet for sheet in good if sheet.path not in duplicated], refused


def _part_problem(parts: Sequence[PartSheet], shown: Callable[[Path], str]) -> str:
    """Why these parts of one evaluator's sheet cannot be merged, or "": every part of one
    sheets run, each exactly once."""
    listed = ", ".join(f"{shown(p.path)} (part {p.part} of {p.parts})" for p in parts)
    if len({(p.sheet_set, p.parts) for p in parts}) > 1:
        return (
            f"the parts come from different sheets runs: {listed}; return every part from one run"
        )
    count = parts[0].parts
    by_index: dict[int, list[PartSheet]] = defaultdict(list)
    for sheet in parts:
        by_index[sheet.part].append(sheet)
    twice = [
        f"part {i} is in {' and '.join(shown(p.path) for p in by_index[i])}"
        for i in sorted(by_index)
        if len(by_index[i]) > 1
    ]
    missing = [str(i) for i in range(1, count + 1) if i not in by_index]
    if twice:
        return f"{'; '.join(twice)}: keep one file per part"
    if missing:
        return f"part {', '.join(missing)} of {count} is missing (found {listed})"
    return ""


def _merge_parts(
    reader: _Reader, good: Sequence[EvaluatorSheet]
) -> tuple[list[EvaluatorSheet], list[Path]]:
    """(sheets, paths refused): the parts of each evaluator's split sheet merged as one sheet;
    a part missing, repeated or from another run refuses every part of that evaluator."""
    groups: dict[str, list[PartSheet]] = defaultdict(list)
    for sheet in good:
        if isinstance(sheet, PartSheet):
            groups[sheet.evaluator.casefold()].append(sheet)
    merged: dict[Path, EvaluatorSheet] = {}
    refused: list[Path] = []
    for parts in groups.values():
        parts.sort(key=lambda p: (p.part, p.path.name))
        wrong = _part_problem(parts, lambda path: _shown(path, reader.project))
        if not wrong:
            first = parts[0]
            entries = tuple(entry for part in parts for entry in part.entries)
            files = tuple(part.path for part in parts)
            merged[first.path] = dataclasses.replace(first, entries=entries, files=files)
            continue
        for sheet in parts:
            where = _shown(sheet.path, reader.project)
            reader.problems.append(Problem(where, f"evaluator {sheet.evaluator!r}: {wrong}"))
            reader.rejected(where, len(reader.problems) - 1)
            refused.append(sheet.path)
    # Each merged sheet takes its first part's place, so problems keep the files' order.
    kept = [merged.get(s.path, s) for s in good if not isinstance(s, PartSheet) or s.path in merged]
    return kept, refused


def _consensus_of(
    reader: _Reader, files: Sequence[Path]
) -> tuple[list[ConsensusOverride], Path | None, list[Path]]:
    """(overrides, the file they came from, files skipped): only the first consensus file counts."""
    project = reader.project
    consensus: list[ConsensusOverride] = []
    consensus_path: Path | None = None
    skipped: list[Path] = []
    for path in files[1:]:
        where = _shown(path, project)
        reader.problems.append(Problem(where, f"a second {CONSENSUS_FILE}; only one is read"))
        reader.rejected(where, len(reader.problems) - 1)
        skipped.append(path)
    for path in files[:1]:
        read = _read_consensus(reader, path, _shown(path, project))
        if read is None:
            skipped.append(path)
        else:
            consensus, consensus_path = read, path
    return consensus, consensus_path, skipped


def read_evaluations(
    project: Project,
    vendors: Sequence[str],
    folder: Path | None = None,
    *,
    key_file: Path | None = None,
    stage: str = "",
) -> Evaluations:
    """Read every returned sheet in ``folder`` (default ``<project>/evaluations``, or
    ``evaluations/<stage>`` for a scored stage's sheets).

    A missing folder gives empty Evaluations. A sheet with any problem is skipped whole and its
    problems are returned, not raised, so one bad sheet never stops scoring. Two files claiming
    the same evaluator (by the name in the hidden sheet or by file name) are both skipped.
    ``key_file`` defaults to ``<project>/out/sheets/blind-key.json``.
    """
    default = project.folder / EVALUATIONS_DIR
    folder = folder if folder is not None else (default / stage if stage else default)
    reader = _Reader(
        project,
        list(vendors),
        key_file or project.output_dir / SHEETS_DIR / BLIND_KEY_FILE,
        stage=stage,
    )
    if not folder.is_dir():
        return Evaluations(folder=folder)
    files = _returned_files(folder)
    others = _not_sheets(reader, files)
    files = [p for p in files if p not in others]
    consensus_stem = Path(CONSENSUS_FILE).stem
    consensus_files = [p for p in files if p.stem.casefold() == consensus_stem]
    sheet_files = [p for p in files if p.stem.casefold() != consensus_stem]

    good: list[EvaluatorSheet] = []
    skipped: list[Path] = []
    for path in sheet_files:
        sheet = _read_sheet(reader, path, _shown(path, project))
        if sheet is None:
            skipped.append(path)
        else:
            good.append(sheet)
    good, unmerged = _merge_parts(reader, good)
    good, refused = _refuse_shared_claims(reader, good)
    refused += unmerged
    consensus, consensus_path, unread = _consensus_of(reader, consensus_files)
    return Evaluations(
        sheets=tuple(sorted(good, key=lambda s: (s.evaluator.casefold(), s.evaluator))),
        consensus=tuple(consensus),
        consensus_path=consensus_path,
        problems=tuple(reader.problems),
        skipped=tuple(sorted(skipped + refused + unread + others)),
        key_file=reader.key_file if reader.key_used else None,
        folder=folder,
    )


def evaluation_reader(
    project: Project, folder: Path | None = None, *, key_file: Path | None = None
) -> EvaluationReader:
    """``read_evaluations`` waiting for the vendors' display names, for ``score_project``.

    The names come from the vendors' workbooks, which ``score_project`` reads anyway; handing it
    this reader keeps each vendor folder read once.
    """

    def read(vendors: Sequence[str]) -> Evaluations:
        return read_evaluations(project, vendors, folder, key_file=key_file)

    return read


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def sheet_summaries(evaluations: Evaluations, project: Project) -> list[str]:
    """One line per file in ``evaluations/``: merged with its count, rejected with its first
    problem, or not read; the console prints these so a rejected sheet cannot go unnoticed."""
    warnings: dict[str, int] = defaultdict(int)
    lines: dict[str, str] = {}
    for problem in evaluations.problems:
        if isinstance(problem, SheetWarning):
            warnings[problem.file] += 1
            if Path(problem.file).suffix.lower() not in SHEET_SUFFIXES:
                lines[problem.file] = str(problem)
        elif isinstance(problem, SheetRejected):
            lines[problem.file] = str(problem)
    merged: list[tuple[Path, str]] = [
        (sheet.path, _plural(len(sheet.scored), "score")) for sheet in evaluations.sheets
    ]
    if evaluations.consensus_path is not None:
        merged.append((evaluations.consensus_path, _plural(len(evaluations.consensus), "override")))
    files = {sheet.path: sheet.files for sheet in evaluations.sheets}
    for path, count in merged:
        shown = _shown(path, project)
        named = [_shown(part, project) for part in files.get(path, ())]
        warned_count = sum(warnings[name] for name in named) if named else warnings[shown]
        warned = f" ({_plural(warned_count, 'warning')})" if warned_count else ""
        together = f" as one sheet with {', '.join(named[1:])}" if named else ""
        lines[shown] = f"{shown}: merged{together}, {count}{warned}"
    return [lines[name] for name in sorted(lines, key=lambda name: (name.casefold(), name))]


def rejected_sheets(evaluations: Evaluations | None) -> list[tuple[str, int]]:
    """(file, problems) for every file rejected whole, for the report's methodology."""
    if evaluations is None:
        return []
    return [(p.file, p.problems) for p in evaluations.problems if isinstance(p, SheetRejected)]
