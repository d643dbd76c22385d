"""Evaluator sheets in: read the filled sheets and the consensus file back, checking everything.

**Refuse, never half-merge.** A sheet for another RFP, with edited rows or headers, a score
outside 0-5, or claimed by two files is skipped whole, and every problem in it is reported at
once, naming file and cell. Problems are returned as data, so one bad sheet never stops scoring;
what passes becomes ``Evaluations`` for ``rfp.score.merge`` to merge.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rfp.core.project import Project
from rfp.errors import Problem, ScoringError
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


def _load(path: Path) -> Any:
    from openpyxl import load_workbook

    return load_workbook(path, data_only=True)


def _about(workbook: Any) -> dict[str, tuple[str, int]]:
    """Key -> (value, row) from the hidden sheet."""
    found: dict[str, tuple[str, int]] = {}
    for number, row in enumerate(workbook[SHEET_ABOUT].iter_rows(values_only=True), start=1):
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

    def blind_key(self) -> BlindKey | None:
        if self.key is None and not self.key_error:
            try:
                self.key = read_blind_key(self.key_file)
            except ScoringError as error:
                self.key_error = str(error)
        return self.key

    def open(self, path: Path, where: str, kind: str) -> tuple[Any, dict[str, tuple[str, int]]]:
        """Open a workbook and check it is ours, of ``kind``, for this RFP; problems are added."""
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            workbook = _load(path)
        except (
            zipfile.BadZipFile,
            InvalidFileException,
            KeyError,
            OSError,
            ValueError,
            TypeError,
        ) as error:
            self.problems.append(Problem(where, f"not a readable Excel workbook ({error})"))
            return None, {}
        if SHEET_ABOUT not in workbook.sheetnames:
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


def _check_headers(sheet: Any, name: str, headers: Sequence[str], problem: Report) -> None:
    """Row 1 must read exactly as written: a renamed header means the columns may have moved."""
    from openpyxl.utils import get_column_letter

    for column, expected in enumerate(headers, start=1):
        got = _text(sheet.cell(row=1, column=column).value)
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
    if envelope not in ENVELOPES:
        problem(f"unknown envelope {envelope!r}", f"{SHEET_ABOUT}!B{envelope_row}")
        envelope = ALL
    return evaluator, envelope


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


def _score_rows(
    reader: _Reader,
    sheet: Any,
    identity: tuple[str, str],
    shown_to_vendor: Mapping[str, str],
    problem: Report,
) -> tuple[list[tuple[str, str]], list[EvaluatorEntry]]:
    """The (vendor as shown, criterion) key of every row, and the entries that can be merged."""
    from openpyxl.utils import get_column_letter

    evaluator, envelope = identity
    allowed = {wc.id for wc in envelope_criteria(reader.project, envelope)}
    known = {wc.id: wc for wc in reader.project.selection.criteria}
    score_letter = get_column_letter(SCORE_COLUMN)
    keys: list[tuple[str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    entries: list[EvaluatorEntry] = []
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        values = list(row) + [None] * (len(SCORE_HEADERS) - len(row))
        shown, criterion = _text(values[0]), _text(values[1])
        raw_score, comment = values[SCORE_COLUMN - 1], _text(values[COMMENT_COLUMN - 1])
        score_cell = f"{SHEET_SCORES}!{score_letter}{number}"
        if not criterion:
            if _text(raw_score):
                problem("a score on a row without a criterion ID", score_cell)
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
            entries.append(EvaluatorEntry(evaluator, vendor, criterion, score, comment, score_cell))
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

    workbook, about = reader.open(path, where, KIND_SHEET)
    if workbook is None:
        return None
    identity = _identity(reader, path, about, problem)
    shown_to_vendor = reader.display_map(about, where)
    if SHEET_SCORES not in workbook.sheetnames:
        problem(f"the '{SHEET_SCORES}' sheet is missing")
        return None
    sheet = workbook[SHEET_SCORES]
    _check_headers(sheet, SHEET_SCORES, SCORE_HEADERS, problem)
    keys, entries = _score_rows(reader, sheet, identity, shown_to_vendor, problem)
    _check_fingerprint(about, keys, problem)
    if len(reader.problems) > before:
        return None
    return EvaluatorSheet(
        evaluator=identity[0],
        path=path,
        envelope=identity[1],
        blind=about.get("blind", ("no", 0))[0] == "yes",
        entries=tuple(entries),
    )


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
        return None
    if SHEET_CONSENSUS not in workbook.sheetnames:
        reader.problems.append(Problem(where, f"the '{SHEET_CONSENSUS}' sheet is missing"))
        return None
    sheet = workbook[SHEET_CONSENSUS]
    _check_headers(sheet, SHEET_CONSENSUS, CONSENSUS_HEADERS, problem)
    resolved = _consensus_names(reader, about, where)
    if resolved is None:
        return None
    names, folded = resolved
    known = {wc.id: wc for wc in reader.project.selection.criteria}
    overrides: list[ConsensusOverride] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
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
    if len(reader.problems) > before:
        return None
    return overrides


# --------------------------------------------------------------------------- the folder


def _returned_files(folder: Path) -> list[Path]:
    """The workbooks in ``folder``, leaving out hidden files and Excel's ``~$`` lock files."""
    return sorted(
        (
            p
            for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() == ".xlsx" and not p.name.startswith((".", "~$"))
        ),
        key=lambda p: (p.name.casefold(), p.name),
    )


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
                duplicated[sheet.path].update(o.path for o in claimants if o is not sheet)
    refused: list[Path] = []
    for sheet in good:
        if sheet.path in duplicated:
            others = ", ".join(_shown(p, project) for p in sorted(duplicated[sheet.path]))
            reader.problems.append(
                Problem(
                    _shown(sheet.path, project),
                    f"evaluator {sheet.evaluator!r} is also claimed by {others}; neither is "
                    "merged: keep one file per evaluator",
                    reader.evaluator_cells.get(sheet.path, ""),
                )
            )
            refused.append(sheet.path)
    return [sheet for sheet in good if sheet.path not in duplicated], refused


def _consensus_of(
    reader: _Reader, files: Sequence[Path]
) -> tuple[list[ConsensusOverride], Path | None, list[Path]]:
    """(overrides, the file they came from, files skipped): only the first consensus file counts."""
    project = reader.project
    consensus: list[ConsensusOverride] = []
    consensus_path: Path | None = None
    skipped: list[Path] = []
    for path in files[1:]:
        reader.problems.append(
            Problem(_shown(path, project), f"a second {CONSENSUS_FILE}; only one is read")
        )
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
) -> Evaluations:
    """Read every returned sheet in ``folder`` (default ``<project>/evaluations``).

    A missing folder gives empty Evaluations. A sheet with any problem is skipped whole and its
    problems are returned, not raised, so one bad sheet never stops scoring. Two files claiming
    the same evaluator (by the name in the hidden sheet or by file name) are both skipped.
    ``key_file`` defaults to ``<project>/out/sheets/blind-key.json``.
    """
    folder = folder if folder is not None else project.folder / EVALUATIONS_DIR
    reader = _Reader(
        project,
        list(vendors),
        key_file or project.output_dir / SHEETS_DIR / BLIND_KEY_FILE,
    )
    if not folder.is_dir():
        return Evaluations(folder=folder)
    files = _returned_files(folder)
    consensus_files = [p for p in files if p.name.casefold() == CONSENSUS_FILE]
    sheet_files = [p for p in files if p.name.casefold() != CONSENSUS_FILE]

    good: list[EvaluatorSheet] = []
    skipped: list[Path] = []
    for path in sheet_files:
        sheet = _read_sheet(reader, path, _shown(path, project))
        if sheet is None:
            skipped.append(path)
        else:
            good.append(sheet)
    good, refused = _refuse_shared_claims(reader, good)
    consensus, consensus_path, unread = _consensus_of(reader, consensus_files)
    return Evaluations(
        sheets=tuple(sorted(good, key=lambda s: (s.evaluator.casefold(), s.evaluator))),
        consensus=tuple(consensus),
        consensus_path=consensus_path,
        problems=tuple(reader.problems),
        skipped=tuple(sorted(skipped + refused + unread)),
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
