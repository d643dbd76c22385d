"""Evaluator score sheets out and in: one workbook per evaluator, merged back into the matrix.

Why sheets: the auto-score is a starting point, and a panel's judgement is what the RFP promises.
Each evaluator gets an ``.xlsx`` with one row per vendor x criterion, returns it into the project's
``evaluations/`` folder, and ``rfp score`` merges what came back. Decisions worth knowing:

- **Two envelopes.** Criteria in the ``pricing`` area go only to price evaluators; technical
  evaluators never see pricing rows, and money amounts in their evidence quotes read
  ``[price hidden]``. A criterion scored by the price formula (``check.type == "price"``) is
  never scored by a human: price evaluators see it read-only on a protected "Price formula"
  sheet, so they know what the formula gave without being able to change it.
- **Blind mode.** Vendors are "Vendor A", "Vendor B", ... in sorted vendor order, and every text
  written into the workbook (quotes, notes, questions, instructions, document properties) has
  the vendor names and their distinctive words replaced. The alias key stays with the buyer in
  ``out/sheets/blind-key.json``; the sheets carry only a random key id, so an evaluator cannot
  recover the mapping by hashing guesses.
- **Refuse, never half-merge.** The hidden ``_rfp`` sheet holds the RFP reference, the
  evaluator, the envelope and a fingerprint of the row keys. A sheet for another RFP, with edited
  rows or headers, a score outside 0-5, or claimed by two files is skipped whole, and every
  problem in it is reported at once, naming file and cell. Problems are returned as data.
- **Merge.** Per vendor x criterion the evaluators' mean (median when
  ``evaluation.aggregate`` is ``median``); a cell no evaluator scored keeps its automatic score
  and says so in its note; ``evaluations/consensus.xlsx`` overrides any cell, with a reason.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import secrets
import statistics
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from rfp.core.criteria import WeightedCriterion
from rfp.core.files import atomic_path, write_text
from rfp.core.project import Project
from rfp.errors import ConfigError, Problem, ScoringError
from rfp.score.run import ScoreCell

if TYPE_CHECKING:  # pipeline may import this module to merge sheets while scoring
    from rfp.score.run import ScoreRun

SHEETS_DIR = "sheets"
EVALUATIONS_DIR = "evaluations"
CONSENSUS_FILE = "consensus.xlsx"
BLIND_KEY_FILE = "blind-key.json"
SHEET_VERSION = "1"

SHEET_INSTRUCTIONS = "Instructions"
SHEET_SCORES = "Scores"
SHEET_FORMULA = "Price formula"
SHEET_CONSENSUS = "Consensus"
SHEET_ABOUT = "_rfp"
SHEET_LISTS = "_lists"

SCORE_HEADERS = (
    "Vendor",
    "ID",
    "Area",
    "Criterion",
    "Rubric (0–5)",
    "Evidence",
    "Auto-score",
    "Score",
    "Comment",
)
SCORE_WIDTHS = (14, 9, 16, 44, 46, 70, 10, 9, 40)
AUTO_COLUMN = SCORE_HEADERS.index("Auto-score") + 1
SCORE_COLUMN = SCORE_HEADERS.index("Score") + 1
COMMENT_COLUMN = SCORE_HEADERS.index("Comment") + 1
FORMULA_HEADERS = ("Vendor", "ID", "Criterion", "Formula score (0–5)", "Basis")
CONSENSUS_HEADERS = ("Vendor", "ID", "Score", "Reason")
CONSENSUS_ROWS = 100

KIND_SHEET = "evaluator-sheet"
KIND_CONSENSUS = "consensus"
PRICING_AREA = "pricing"
FORMULA_CHECK = "price"
TECHNICAL, PRICE, ALL = "technical", "price", "all"
ENVELOPES = (TECHNICAL, PRICE, ALL)

AGGREGATES = ("mean", "median")
SPREAD_FLAG = 2.0
BIAS_FLAG = 0.5
EVIDENCE_QUOTES = 3
PRICE_HIDDEN = "[price hidden]"
SHARED_WORD_MASK = "[vendor]"

EVALUATOR_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
RESERVED_NAMES = frozenset({"consensus", "blind-key"})

# Words that say what kind of company a vendor is rather than which one: masking them would hide
# half the vocabulary of a BPO proposal ("our contact centre services") without hiding anyone.
GENERIC_WORDS = frozenset(
    {
        "solutions", "solution", "services", "service", "group", "partners", "partner", "bpo", "cx",
        "contact", "inc", "ltd", "limited", "llc", "llp", "plc", "corporation", "corp", "co",
        "company", "gmbh", "sa", "ag", "bv", "global", "international", "outsourcing", "finance",
        "financial", "operations", "the", "and", "of", "vendor", "shared", "centre", "center",
        "support", "customer", "care", "voice", "business", "management", "consulting", "systems",
        "technologies", "technology", "holdings", "nearshore", "offshore", "onshore",
    }
)  # fmt: skip

_CURRENCY_CODES = (
    "USD|EUR|GBP|INR|PHP|MXN|CAD|AUD|NZD|JPY|CNY|RMB|ZAR|BRL|COP|CRC|PLN|RON|CHF|SGD|HKD|MYR|"
    "IDR|THB|VND|EGP|MAD|KES|NGN|ARS|CLP|PEN|UYU|SEK|NOK|DKK|CZK|HUF|BGN|TRY|AED|SAR|ILS"
)
_AMOUNT = r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALE = r"(?:\s?(?i:million|billion|thousand|mn|bn|k|m)\b)?"
_MONEY = re.compile(
    rf"(?:\b[A-Z]{{1,3}}\$|[$£€¥₹₱₩₦₫]|\b(?:{_CURRENCY_CODES})\b\.?)\s?-?(?:{_AMOUNT}){_SCALE}"
    rf"|(?<![\w.,])(?:{_AMOUNT}){_SCALE}\s?(?:\b(?:{_CURRENCY_CODES})\b"
    r"|(?i:dollars?|euros?|pounds sterling|pesos?|rupees?)\b)"
)


# --------------------------------------------------------------------------- names and masks


def split_names(text: str) -> list[str]:
    """``"alice, bob"`` -> ``["alice", "bob"]``: what ``--evaluators`` takes on the command line."""
    return [part.strip() for part in text.split(",") if part.strip()]


def validate_evaluators(
    evaluators: Sequence[str], price_evaluators: Sequence[str] = ()
) -> list[Problem]:
    """Problems with the evaluator lists: names become file names, so they must be safe."""
    problems: list[Problem] = []
    for option, names in (("--evaluators", evaluators), ("--price-evaluators", price_evaluators)):
        seen: dict[str, str] = {}
        for name in names:
            if not EVALUATOR_NAME.fullmatch(name):
                problems.append(
                    Problem(
                        option,
                        f"{name!r} is not a usable evaluator name: use letters, digits, dot, "
                        "dash and underscore, starting with a letter or digit (at most 64)",
                    )
                )
                continue
            if name.casefold() in RESERVED_NAMES:
                problems.append(Problem(option, f"{name!r} is reserved; choose another name"))
                continue
            key = name.casefold()
            if key in seen:
                same = "" if seen[key] == name else f" (as {seen[key]!r})"
                problems.append(Problem(option, f"{name!r} is listed twice{same}"))
            seen[key] = name
    if not evaluators and not price_evaluators:
        problems.append(Problem("--evaluators", "name at least one evaluator"))
    return problems


def aliases(vendors: Iterable[str], salt: str = "") -> dict[str, str]:
    """Vendor -> "Vendor A", "Vendor B", ...

    Without a salt, in sorted (case-insensitive) vendor order. Blind sheets pass the key's
    random salt, so the letters do not follow the alphabet and cannot be decoded by anyone who
    knows the list of bidders.
    """
    from openpyxl.utils import get_column_letter

    def order(name: str) -> tuple[str, str, str]:
        mixed = hashlib.sha256(f"{salt}|{name}".encode()).hexdigest() if salt else ""
        return mixed, name.casefold(), name

    ordered = sorted(dict.fromkeys(vendors), key=order)
    return {name: f"Vendor {get_column_letter(index)}" for index, name in enumerate(ordered, 1)}


def _words(name: str) -> list[str]:
    return re.findall(r"[^\W_]+", name)


def distinctive_words(name: str) -> tuple[str, ...]:
    """The words of a vendor name that identify it: "Northstar CX Solutions" -> ("northstar",).

    Generic company words (Solutions, Services, Group, CX, Inc, ...), single characters and bare
    numbers are left out: they name a kind of company, not this one.
    """
    found = [
        word.casefold()
        for word in _words(name)
        if word.casefold() not in GENERIC_WORDS and len(word) > 1 and not word.isdigit()
    ]
    return tuple(dict.fromkeys(found))


def _phrase_pattern(words: Sequence[str]) -> str:
    """A name in any spacing: "Northstar CX", "northstar-cx", "NorthstarCX"."""
    return r"(?<![^\W_])" + r"[\W_]{0,3}".join(map(re.escape, words)) + r"(?![^\W_])"


def _word_pattern(word: str) -> str:
    # A longer word hides the whole token it sits in ("northstarcx.example"); a short one only
    # whole words, or it would eat into ordinary words.
    if len(word) >= 4:
        return r"[^\W_]*" + re.escape(word) + r"[^\W_]*"
    return r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])"


@dataclass(frozen=True)
class Masker:
    """Replaces every vendor's name, short name and distinctive words with its alias."""

    pattern: re.Pattern[str] | None
    replacements: tuple[str, ...]

    @classmethod
    def for_vendors(cls, names: Mapping[str, str]) -> Masker:
        """Build from vendor -> alias; a word shared by two vendors becomes "[vendor]"."""
        owners: dict[str, set[str]] = defaultdict(set)
        for vendor in names:
            for word in distinctive_words(vendor):
                owners[word].add(vendor)
        phrases: list[tuple[str, str, int]] = []
        for vendor, alias in names.items():
            # The full name and every leading part of two words or more, so "Northstar CX" in
            # "Northstar CX Solutions" goes whole rather than leaving "Vendor B CX".
            words = _words(vendor)
            for size in range(len(words), 0, -1):
                if size >= 2 or size == len(words):
                    variant = words[:size]
                    phrases.append((_phrase_pattern(variant), alias, len(" ".join(variant))))
        singles = [
            (_word_pattern(word), next(iter(vendors)) if len(vendors) == 1 else "", len(word))
            for word, vendors in owners.items()
        ]
        items = sorted(dict.fromkeys(phrases), key=lambda item: (-item[2], item[0]))
        items += sorted(
            (
                (pattern, names[owner] if owner else SHARED_WORD_MASK, size)
                for pattern, owner, size in singles
            ),
            key=lambda item: (-item[2], item[0]),
        )
        if not items:
            return cls(None, ())
        combined = "|".join(f"(?P<m{index}>{item[0]})" for index, item in enumerate(items))
        return cls(re.compile(combined, re.IGNORECASE), tuple(item[1] for item in items))

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        replacements = self.replacements

        def replace(match: re.Match[str]) -> str:
            group = match.lastgroup or "m0"
            return replacements[int(group[1:])]

        return self.pattern.sub(replace, text)


def mask_money(text: str, currency: str = "") -> str:
    """Hide money amounts ("$742,200", "£1.45", "USD 3,450", "€2.1m") from technical evaluators."""
    masked = _MONEY.sub(PRICE_HIDDEN, text)
    if currency and currency.upper() not in _CURRENCY_CODES.split("|"):
        code = re.escape(currency)
        masked = re.sub(
            rf"\b{code}\b\s?(?:{_AMOUNT}){_SCALE}|(?:{_AMOUNT}){_SCALE}\s?\b{code}\b",
            PRICE_HIDDEN,
            masked,
        )
    return masked


# --------------------------------------------------------------------------- what goes where


def is_formula_scored(item: WeightedCriterion) -> bool:
    """Scored by the price formula, so never by a human."""
    check = item.criterion.check
    return check is not None and check.type == FORMULA_CHECK


def envelope_criteria(project: Project, envelope: str) -> list[WeightedCriterion]:
    """The criteria an evaluator of ``envelope`` scores, in the RFP's order."""
    chosen = []
    for item in project.selection.criteria:
        if is_formula_scored(item):
            continue
        pricing = item.criterion.area == PRICING_AREA
        if envelope == ALL or (envelope == PRICE) == pricing:
            chosen.append(item)
    return chosen


def fingerprint(keys: Iterable[tuple[str, str]]) -> str:
    """A digest of the (vendor as shown, criterion id) row keys, independent of row order."""
    lines = sorted(f"{vendor}\t{criterion}" for vendor, criterion in keys)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class BlindKey:
    """The buyer-side alias key: which vendor each "Vendor X" is."""

    reference: str
    key: str
    vendors: dict[str, str]  # alias -> vendor

    def alias_of(self) -> dict[str, str]:
        """Vendor -> alias."""
        return {vendor: alias for alias, vendor in self.vendors.items()}


def read_blind_key(path: Path) -> BlindKey:
    """Read ``blind-key.json``; raise ScoringError when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        vendors = data["vendors"]
        if not isinstance(vendors, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in vendors.items()
        ):
            raise TypeError("vendors must map aliases to names")
        return BlindKey(str(data["reference"]), str(data["key"]), dict(vendors))
    except FileNotFoundError:
        raise ScoringError(f"{path}: the blind key is missing") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ScoringError(f"{path}: not a readable blind key ({error})") from None


def _blind_key(project: Project, vendors: Sequence[str], path: Path) -> BlindKey:
    """The key for these vendors, reusing the existing key id when the mapping is unchanged, so
    regenerating sheets does not invalidate ones already handed out."""
    reference = project.spec.project.reference
    if path.is_file():
        try:
            old = read_blind_key(path)
        except ScoringError:
            old = None
        same_vendors = old is not None and set(old.vendors.values()) == set(vendors)
        if old is not None and same_vendors and old.reference == reference:
            return old
    key = secrets.token_hex(16)
    mapping = {alias: vendor for vendor, alias in aliases(vendors, salt=key).items()}
    return BlindKey(reference, key, mapping)


def _row_height(values: Sequence[str], widths: Sequence[int]) -> float:
    """Excel does not size wrapped rows written by openpyxl, so estimate: 15 points a line."""
    lines = 1
    for text, width in zip(values, widths, strict=True):
        count = sum(max(1, math.ceil(len(line) / max(width - 1, 1))) for line in text.split("\n"))
        lines = max(lines, count)
    return float(min(409, max(30, 15 * lines)))


def _evidence_text(run: ScoreRun, cell: ScoreCell) -> str:
    parts: list[str] = []
    if cell.source == "check" and cell.note:
        parts.append(f"Check: {cell.note}")
    found = run.match_for(cell.vendor, cell.criterion)
    for evidence in (found.evidence if found else ())[:EVIDENCE_QUOTES]:
        where = evidence.file if evidence.page is None else f"{evidence.file}, p. {evidence.page}"
        parts.append(f"\u201c{evidence.quote}\u201d ({where})")
    if not parts:
        parts.append("No matching passage found.")
    return "\n\n".join(parts)


def _auto_score(run: ScoreRun, cell: ScoreCell) -> float:
    """The machine's score; a run already merged with evaluations falls back to text matching."""
    if cell.source in ("auto", "check"):
        return float(cell.score)
    found = run.match_for(cell.vendor, cell.criterion)
    return float(found.auto_score) if found else 0.0


def _rubric(item: WeightedCriterion) -> str:
    return "\n".join(f"{level} — {text}" for level, text in sorted(item.criterion.rubric.items()))


def _criterion_text(project: Project, item: WeightedCriterion) -> str:
    criterion = item.criterion
    head = f"{criterion.title} ({item.points:g} of 100 points)"
    if criterion.mandatory:
        knockout = project.spec.evaluation.knockout_below
        head += f"\nMANDATORY: a score below {knockout:g} disqualifies"
    return f"{head}\n\n{criterion.question}"


def _area_title(project: Project, area_id: str) -> str:
    info = project.library.areas.get(area_id)
    return info.title if info else area_id


def _set(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write a cell; text is always text, so vendor words starting with "=" stay inert."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


@dataclass(frozen=True)
class _Look:
    """The workbook styles, shared with ``kit``'s look: navy header, yellow input cells."""

    header_font: Any
    header_fill: Any
    band_font: Any
    band_fill: Any
    input_fill: Any
    read_only_fill: Any
    wrap: Any
    centre: Any

    @classmethod
    def make(cls) -> _Look:
        from openpyxl.styles import Alignment, Font, PatternFill

        return cls(
            header_font=Font(bold=True, color="FFFFFF"),
            header_fill=PatternFill("solid", fgColor="0B3D6E"),
            band_font=Font(bold=True, color="0B3D6E", size=12),
            band_fill=PatternFill("solid", fgColor="DCE6F1"),
            input_fill=PatternFill("solid", fgColor="FFF7D6"),
            read_only_fill=PatternFill("solid", fgColor="F2F2F2"),
            wrap=Alignment(wrap_text=True, vertical="top"),
            centre=Alignment(horizontal="center", vertical="top"),
        )


def _header(sheet: Any, headers: Sequence[str], widths: Sequence[int], look: _Look) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    for column, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = _set(sheet, 1, column, title)
        cell.font = look.header_font
        cell.fill = look.header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[1].height = 30


def _about_sheet(workbook: Any, rows: Sequence[tuple[str, str]]) -> None:
    about = workbook.create_sheet(SHEET_ABOUT)
    for key, value in rows:
        about.append([key, value])
    about.sheet_state = "hidden"


def _properties(workbook: Any, project: Project, title: str, keywords: str) -> None:
    """Document properties say only what the file is: no vendor and no person's name."""
    import datetime as dt

    issued = project.spec.timeline.issued
    fixed = dt.datetime(issued.year, issued.month, issued.day, 9, 0, 0)
    properties = workbook.properties
    properties.creator = "rfp"
    properties.lastModifiedBy = "rfp"
    properties.title = title
    properties.subject = f"RFP {project.spec.project.reference}"
    properties.keywords = keywords
    properties.description = None
    properties.category = None
    properties.created = fixed
    properties.modified = fixed


def _score_validation() -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="5",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Score from 0 to 5",
        error="Enter a number from 0 to 5 (for example 3 or 3.5), or leave the cell blank.",
        showInputMessage=True,
        promptTitle="Score 0–5",
        prompt="Use the rubric in this row. Decimals are allowed; leave blank if not assessed.",
    )


def _instructions(
    project: Project,
    evaluator: str,
    envelope: str,
    blind: bool,
    formula_ids: Sequence[str],
) -> list[str]:
    spec = project.spec
    lines = [
        f"Score sheet — RFP {spec.project.reference}: {spec.project.title}",
        f"Evaluator: {evaluator}. Issued by {spec.buyer.name}.",
        "",
        "How to score",
        "On the Scores sheet, give each vendor a score from 0 to 5 against each criterion in the "
        "yellow Score column; decimals such as 3.5 are allowed. The rubric in the same row says "
        "what each level means.",
        "Explain your score in the yellow Comment column, above all where you differ from the "
        "auto-score.",
        "The auto-score and the evidence quotes come from automatic matching of the proposal "
        "text: a starting point, not a verdict. Check the quoted file and page before relying "
        "on them.",
        "Leave a score blank if you did not assess it: the automatic score is used for that cell "
        "and the report shows which cells no evaluator scored.",
        f"A mandatory criterion scored below {spec.evaluation.knockout_below:g} disqualifies the "
        "vendor.",
        "Rows are grouped by vendor: use the + and − buttons on the left to fold a vendor away. "
        "You may sort and filter, but do not add or delete rows and do not change the Vendor, "
        "ID or header cells: the sheet is checked when it is read back, and an edited sheet is "
        "rejected whole.",
    ]
    if envelope == TECHNICAL:
        lines.append(
            "Pricing is evaluated separately by the price evaluators: pricing criteria are not "
            f"on this sheet, and money amounts in the quotes read {PRICE_HIDDEN}."
        )
    elif envelope == PRICE:
        lines.append("This sheet holds the pricing criteria only.")
    else:
        lines.append("This sheet holds both the technical and the pricing criteria.")
    if envelope != TECHNICAL and formula_ids:
        lines.append(
            f"{', '.join(formula_ids)} scored by formula (5 x the lowest qualifying annual cost "
            "÷ this vendor's annual cost), not by evaluators: shown read-only on the Price "
            "formula sheet."
        )
    if blind:
        lines.append(
            "This is a blind evaluation: vendors appear as Vendor A, Vendor B, ... and their "
            "names are hidden in the quotes. Please do not try to identify them."
        )
    lines.append(
        f"When you are done, save the file (keep the name {evaluator}.xlsx) and return it to the "
        "sourcing lead, who puts it in the project's evaluations folder."
    )
    return lines


def _write_sheet(
    run: ScoreRun,
    *,
    evaluator: str,
    envelope: str,
    display: Mapping[str, str],
    mask: Callable[[str], str],
    key_id: str,
    target: Path,
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import Outline, PageSetupProperties

    project = run.project
    blind = bool(key_id)
    currency = project.spec.pricing.currency
    look = _Look.make()
    criteria = envelope_criteria(project, envelope)
    formula = [wc for wc in project.selection.criteria if is_formula_scored(wc)]
    by_cell = {(cell.vendor, cell.criterion): cell for cell in run.cells}
    # Rows follow the displayed name, so a blind sheet's order reveals nothing about real names.
    vendors = sorted(run.vendors, key=lambda v: (display[v.name].casefold(), v.name))

    def vendor_text(text: str) -> str:
        text = mask(text)
        return text if envelope != TECHNICAL else mask_money(text, currency)

    workbook = Workbook()
    _properties(
        workbook,
        project,
        mask(f"Score sheet for RFP {project.spec.project.reference}"),
        "rfp-evaluator-sheet",
    )

    instructions = workbook.active
    assert instructions is not None
    instructions.title = SHEET_INSTRUCTIONS
    instructions.column_dimensions["A"].width = 110
    lines = _instructions(project, evaluator, envelope, blind, [wc.id for wc in formula])
    for row, line in enumerate(lines, start=1):
        cell = _set(instructions, row, 1, mask(line))
        cell.alignment = look.wrap
    instructions["A1"].font = Font(bold=True, size=13, color="0B3D6E")
    instructions["A4"].font = Font(bold=True, color="0B3D6E")

    scores = workbook.create_sheet(SHEET_SCORES)
    scores.sheet_properties.tabColor = "F2C94C"
    scores.sheet_properties.outlinePr = Outline(summaryBelow=False, summaryRight=True)
    _header(scores, SCORE_HEADERS, SCORE_WIDTHS, look)
    validation = _score_validation()
    scores.add_data_validation(validation)
    score_letter = get_column_letter(SCORE_COLUMN)
    row = 1
    for vendor in vendors:
        if not criteria:
            break
        row += 1
        band = f"{display[vendor.name]} — {len(criteria)} criteria"
        if vendor.flagged:
            band += " (see the scoring warnings: some files are missing or unreadable)"
        _set(scores, row, 1, mask(band))
        for column in range(1, len(SCORE_HEADERS) + 1):
            scores.cell(row=row, column=column).fill = look.band_fill
            scores.cell(row=row, column=column).font = look.band_font
        scores.row_dimensions[row].height = 20
        first = row + 1
        for item in criteria:
            row += 1
            cell = by_cell.get((vendor.name, item.id))
            auto = _auto_score(run, cell) if cell else 0.0
            evidence = vendor_text(_evidence_text(run, cell)) if cell else ""
            texts = [
                display[vendor.name],
                item.id,
                mask(_area_title(project, item.criterion.area)),
                mask(_criterion_text(project, item)),
                mask(_rubric(item)),
                evidence,
            ]
            for column, text in enumerate(texts, start=1):
                _set(scores, row, column, text).alignment = look.wrap
            _set(scores, row, AUTO_COLUMN, auto).alignment = look.centre
            for column in (SCORE_COLUMN, COMMENT_COLUMN):
                scores.cell(row=row, column=column).fill = look.input_fill
                scores.cell(row=row, column=column).alignment = look.wrap
            scores.cell(row=row, column=SCORE_COLUMN).alignment = look.centre
            scores.row_dimensions[row].height = _row_height(texts, SCORE_WIDTHS[: len(texts)])
            scores.row_dimensions[row].outlineLevel = 1
        validation.add(f"{score_letter}{first}:{score_letter}{row}")
    scores.freeze_panes = "C2"
    scores.auto_filter.ref = f"A1:{get_column_letter(len(SCORE_HEADERS))}{max(row, 2)}"
    scores.print_title_rows = "1:1"
    scores.page_setup.orientation = "landscape"
    scores.page_setup.fitToWidth = 1
    scores.page_setup.fitToHeight = 0
    scores.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    if envelope != TECHNICAL and formula:
        sheet = workbook.create_sheet(SHEET_FORMULA)
        _header(sheet, FORMULA_HEADERS, (14, 9, 40, 12, 50), look)
        line_number = 1
        for vendor in vendors:
            for item in formula:
                line_number += 1
                cell = by_cell.get((vendor.name, item.id))
                formula_values: list[object] = [
                    display[vendor.name],
                    item.id,
                    mask(f"{item.criterion.title} ({item.points:g} of 100 points)"),
                    round(cell.score, 4) if cell else None,
                    mask(cell.note) if cell else "",
                ]
                for column, value in enumerate(formula_values, start=1):
                    written = _set(sheet, line_number, column, value)
                    written.alignment = look.wrap
                    written.fill = look.read_only_fill
        sheet.freeze_panes = "A2"
        sheet.protection.sheet = True

    keys = [(display[vendor.name], item.id) for vendor in vendors for item in criteria]
    _about_sheet(
        workbook,
        [
            ("kind", KIND_SHEET),
            ("reference", project.spec.project.reference),
            ("sheet_version", SHEET_VERSION),
            ("evaluator", evaluator),
            ("envelope", envelope),
            ("blind", "yes" if blind else "no"),
            ("blind_key", key_id),
            ("rows", str(len(keys))),
            ("fingerprint", fingerprint(keys)),
        ],
    )
    with atomic_path(target) as temporary:
        workbook.save(str(temporary))


def _write_consensus(project: Project, display: Sequence[str], key_id: str, target: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    look = _Look.make()
    workbook = Workbook()
    _properties(
        workbook,
        project,
        f"Consensus overrides for RFP {project.spec.project.reference}",
        "rfp-consensus",
    )
    instructions = workbook.active
    assert instructions is not None
    instructions.title = SHEET_INSTRUCTIONS
    instructions.column_dimensions["A"].width = 110
    lines = [
        f"Consensus overrides — RFP {project.spec.project.reference}",
        "",
        "Use this sheet after the evaluators' sheets are in, to record what the panel agreed.",
        "One row per cell to override: the vendor (as it appears on the evaluators' sheets), the "
        "criterion ID, the agreed score from 0 to 5 and the reason. Every override needs a "
        "reason; it is printed in the report.",
        "An override replaces the evaluators' mean or median for that vendor and criterion.",
        f"Save the file as {CONSENSUS_FILE} in the project's evaluations folder.",
    ]
    for row, line in enumerate(lines, start=1):
        _set(instructions, row, 1, line).alignment = look.wrap
    instructions["A1"].font = Font(bold=True, size=13, color="0B3D6E")

    lists = workbook.create_sheet(SHEET_LISTS)
    ids = [wc.id for wc in project.selection.criteria]
    for row, name in enumerate(display, start=1):
        _set(lists, row, 1, name)
    for row, cid in enumerate(ids, start=1):
        _set(lists, row, 2, cid)
    lists.sheet_state = "hidden"

    sheet = workbook.create_sheet(SHEET_CONSENSUS, 1)
    _header(sheet, CONSENSUS_HEADERS, (18, 10, 10, 90), look)
    last = CONSENSUS_ROWS + 1
    vendor_rule = DataValidation(
        type="list",
        formula1=f"{SHEET_LISTS}!$A$1:$A${max(len(display), 1)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Unknown vendor",
        error="Choose a vendor from the list.",
    )
    id_rule = DataValidation(
        type="list",
        formula1=f"{SHEET_LISTS}!$B$1:$B${max(len(ids), 1)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Unknown criterion",
        error="Choose a criterion ID from the list.",
    )
    score_rule = _score_validation()
    for rule, letter in ((vendor_rule, "A"), (id_rule, "B"), (score_rule, "C")):
        sheet.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{last}")
    for row in range(2, last + 1):
        for column in range(1, len(CONSENSUS_HEADERS) + 1):
            cell = sheet.cell(row=row, column=column)
            cell.fill = look.input_fill
            cell.alignment = look.wrap
    sheet.freeze_panes = "A2"
    _about_sheet(
        workbook,
        [
            ("kind", KIND_CONSENSUS),
            ("reference", project.spec.project.reference),
            ("sheet_version", SHEET_VERSION),
            ("blind", "yes" if key_id else "no"),
            ("blind_key", key_id),
        ],
    )
    with atomic_path(target) as temporary:
        workbook.save(str(temporary))


def write_sheets(
    run: ScoreRun,
    evaluators: Sequence[str],
    *,
    price_evaluators: Sequence[str] = (),
    blind: bool = False,
    out_dir: Path | None = None,
) -> list[Path]:
    """Write one score sheet per evaluator, a blank consensus template and, when blind, the key.

    An evaluator in both lists gets one sheet with every criterion; one only in
    ``price_evaluators`` gets the pricing criteria. Returns the evaluators' sheets in the order
    named, then ``consensus.xlsx``, then ``blind-key.json``. Raises ConfigError for unusable or
    repeated evaluator names. ``run`` should be scored without evaluations, so the auto-score
    column shows the machine's score.
    """
    problems = validate_evaluators(evaluators, price_evaluators)
    if problems:
        raise ConfigError(problems)
    project = run.project
    out = out_dir or project.output_dir / SHEETS_DIR
    names = [vendor.name for vendor in run.vendors]
    technical = {name.casefold() for name in evaluators}
    pricing = {name.casefold() for name in price_evaluators}
    plan: list[tuple[str, str]] = []
    for name in evaluators:
        plan.append((name, ALL if name.casefold() in pricing else TECHNICAL))
    plan += [(name, PRICE) for name in price_evaluators if name.casefold() not in technical]

    key: BlindKey | None = None
    if blind:
        key = _blind_key(project, names, out / BLIND_KEY_FILE)
        display = key.alias_of()
        mask: Callable[[str], str] = Masker.for_vendors(display)
    else:
        display = {name: name for name in names}

        def mask(text: str) -> str:
            return text

    key_id = key.key if key else ""
    written: list[Path] = []
    for name, envelope in plan:
        target = out / f"{name}.xlsx"
        _write_sheet(
            run,
            evaluator=name,
            envelope=envelope,
            display=display,
            mask=mask,
            key_id=key_id,
            target=target,
        )
        written.append(target)
    shown = sorted((display[name] for name in names), key=lambda n: (n.casefold(), n))
    consensus = out / CONSENSUS_FILE
    _write_consensus(project, shown, key_id, consensus)
    written.append(consensus)
    if key is not None:
        target = out / BLIND_KEY_FILE
        document = {
            "about": "rfp blind key: which vendor each alias is. Keep it away from evaluators.",
            "reference": key.reference,
            "key": key.key,
            "vendors": key.vendors,
        }
        write_text(target, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        written.append(target)
    return written


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class EvaluatorEntry:
    """One row of a returned sheet: an evaluator's score (None when blank) and comment."""

    evaluator: str
    vendor: str
    criterion: str
    score: float | None
    comment: str
    cell: str  # e.g. "Scores!H14"


@dataclass(frozen=True)
class EvaluatorSheet:
    """A returned sheet that passed every check and goes into the merge."""

    evaluator: str
    path: Path
    envelope: str
    blind: bool
    entries: tuple[EvaluatorEntry, ...]

    @property
    def scored(self) -> list[EvaluatorEntry]:
        """Entries with a score."""
        return [entry for entry in self.entries if entry.score is not None]

    @property
    def blank(self) -> list[EvaluatorEntry]:
        """Rows on the sheet the evaluator left without a score."""
        return [entry for entry in self.entries if entry.score is None]


@dataclass(frozen=True)
class ConsensusOverride:
    """A cell the panel agreed on, replacing the evaluators' aggregate."""

    vendor: str
    criterion: str
    score: float
    reason: str
    cell: str


@dataclass(frozen=True)
class Evaluations:
    """What was read from ``evaluations/``: good sheets, consensus, and why others were skipped."""

    sheets: tuple[EvaluatorSheet, ...] = ()
    consensus: tuple[ConsensusOverride, ...] = ()
    consensus_path: Path | None = None
    problems: tuple[Problem, ...] = ()
    skipped: tuple[Path, ...] = ()
    key_file: Path | None = None  # the blind key used, if any sheet was blind
    folder: Path | None = None

    @property
    def evaluators(self) -> list[str]:
        """Evaluators whose sheets went in."""
        return [sheet.evaluator for sheet in self.sheets]

    @property
    def messages(self) -> list[str]:
        """Problems as printable lines: "evaluations/bob.xlsx: Scores!H14: 7 is outside 0–5"."""
        return [str(problem) for problem in self.problems]

    @property
    def files(self) -> list[Path]:
        """The files merged: evaluator sheets, then the consensus sheet."""
        merged = [sheet.path for sheet in self.sheets]
        return merged + ([self.consensus_path] if self.consensus_path else [])

    def __bool__(self) -> bool:
        return bool(self.sheets or self.consensus)


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


def _read_sheet(reader: _Reader, path: Path, where: str) -> tuple[EvaluatorSheet | None, int]:
    """Read one evaluator sheet; (None, problem count) when anything is wrong with it."""
    before = len(reader.problems)

    def problem(message: str, key: str = "") -> None:
        reader.problems.append(Problem(where, message, key))

    workbook, about = reader.open(path, where, KIND_SHEET)
    if workbook is None:
        return None, len(reader.problems) - before
    evaluator, evaluator_row = about.get("evaluator", ("", 0))
    reader.evaluator_cells[path] = f"{SHEET_ABOUT}!B{evaluator_row}" if evaluator_row else ""
    if not EVALUATOR_NAME.fullmatch(evaluator):
        problem(f"evaluator name {evaluator!r} is not valid", f"{SHEET_ABOUT}!B{evaluator_row}")
    envelope, envelope_row = about.get("envelope", ("", 0))
    if envelope not in ENVELOPES:
        problem(f"unknown envelope {envelope!r}", f"{SHEET_ABOUT}!B{envelope_row}")
        envelope = ALL
    shown_to_vendor = reader.display_map(about, where)
    if SHEET_SCORES not in workbook.sheetnames:
        problem(f"the '{SHEET_SCORES}' sheet is missing")
        return None, len(reader.problems) - before
    sheet = workbook[SHEET_SCORES]
    from openpyxl.utils import get_column_letter

    for column, expected in enumerate(SCORE_HEADERS, start=1):
        got = _text(sheet.cell(row=1, column=column).value)
        if got != expected:
            letter = get_column_letter(column)
            problem(f"header {got!r} should be {expected!r}", f"{SHEET_SCORES}!{letter}1")

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
        if not criterion:
            if _text(raw_score):
                problem(
                    "a score on a row without a criterion ID",
                    f"{SHEET_SCORES}!{score_letter}{number}",
                )
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
        if criterion not in known:
            problem(f"unknown criterion {criterion!r}", f"{SHEET_SCORES}!B{number}")
        elif criterion not in allowed:
            reason = (
                "is scored by the price formula"
                if is_formula_scored(known[criterion])
                else f"does not belong on a {envelope} sheet"
            )
            problem(f"{criterion} {reason}", f"{SHEET_SCORES}!B{number}")
        score, message = _score_value(raw_score)
        if message:
            problem(message, f"{SHEET_SCORES}!{score_letter}{number}")
        if vendor is not None:
            entries.append(
                EvaluatorEntry(
                    evaluator,
                    vendor,
                    criterion,
                    score,
                    comment,
                    f"{SHEET_SCORES}!{score_letter}{number}",
                )
            )
    stored, stored_row = about.get("fingerprint", ("", 0))
    rows, _ = about.get("rows", ("", 0))
    if stored != fingerprint(keys):
        problem(
            f"the rows were changed (issued with {rows or '?'} vendor x criterion rows, found "
            f"{len(keys)}): rows added or deleted, or a Vendor or ID cell edited; restore the "
            "sheet as issued and copy the scores back",
            f"{SHEET_ABOUT}!B{stored_row}" if stored_row else SHEET_ABOUT,
        )
    if len(reader.problems) > before:
        return None, len(reader.problems) - before
    return (
        EvaluatorSheet(
            evaluator=evaluator,
            path=path,
            envelope=envelope,
            blind=about.get("blind", ("no", 0))[0] == "yes",
            entries=tuple(entries),
        ),
        0,
    )


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
    for column, expected in enumerate(CONSENSUS_HEADERS, start=1):
        got = _text(sheet.cell(row=1, column=column).value)
        if got != expected:
            problem(
                f"header {got!r} should be {expected!r}", f"{SHEET_CONSENSUS}!{'ABCD'[column - 1]}1"
            )
    names: dict[str, str] = {name: name for name in reader.vendors}
    folded = {name.casefold(): name for name in reader.vendors}
    if about.get("blind", ("no", 0))[0] == "yes":
        mapping = reader.display_map(about, where)
        if not mapping:
            return None  # the key problem is reported; the aliases mean nothing without it
        names.update(mapping)
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
    files = sorted(
        (
            p
            for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() == ".xlsx" and not p.name.startswith((".", "~$"))
        ),
        key=lambda p: (p.name.casefold(), p.name),
    )
    consensus_files = [p for p in files if p.name.casefold() == CONSENSUS_FILE]
    sheet_files = [p for p in files if p.name.casefold() != CONSENSUS_FILE]

    good: list[EvaluatorSheet] = []
    skipped: list[Path] = []
    for path in sheet_files:
        sheet, _ = _read_sheet(reader, path, _shown(path, project))
        if sheet is None:
            skipped.append(path)
        else:
            good.append(sheet)

    claims: dict[str, list[EvaluatorSheet]] = defaultdict(list)
    for sheet in good:
        for name in dict.fromkeys((sheet.evaluator.casefold(), sheet.path.stem.casefold())):
            claims[name].append(sheet)
    duplicated: dict[Path, set[Path]] = defaultdict(set)
    for claimants in claims.values():
        if len(claimants) > 1:
            for sheet in claimants:
                duplicated[sheet.path].update(o.path for o in claimants if o is not sheet)
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
            skipped.append(sheet.path)
    good = [sheet for sheet in good if sheet.path not in duplicated]

    consensus: list[ConsensusOverride] = []
    consensus_path: Path | None = None
    for path in consensus_files[1:]:
        reader.problems.append(
            Problem(_shown(path, project), f"a second {CONSENSUS_FILE}; only one is read")
        )
        skipped.append(path)
    for path in consensus_files[:1]:
        read = _read_consensus(reader, path, _shown(path, project))
        if read is None:
            skipped.append(path)
        else:
            consensus, consensus_path = read, path
    return Evaluations(
        sheets=tuple(sorted(good, key=lambda s: (s.evaluator.casefold(), s.evaluator))),
        consensus=tuple(consensus),
        consensus_path=consensus_path,
        problems=tuple(reader.problems),
        skipped=tuple(sorted(skipped)),
        key_file=reader.key_file if reader.key_used else None,
        folder=folder,
    )


# --------------------------------------------------------------------------- merging


def _aggregate(project: Project) -> str:
    aggregate = project.spec.evaluation.aggregate
    if aggregate not in AGGREGATES:
        raise ScoringError(f"unknown aggregate {aggregate!r}; expected one of {AGGREGATES}")
    return aggregate


def human_scores(evaluations: Evaluations) -> dict[tuple[str, str], dict[str, float]]:
    """(vendor, criterion) -> evaluator -> score, for every scored cell."""
    table: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for sheet in evaluations.sheets:
        for entry in sheet.scored:
            assert entry.score is not None
            table[(entry.vendor, entry.criterion)][sheet.evaluator] = entry.score
    return dict(table)


def merge(
    project: Project, cells: Sequence[ScoreCell], evaluations: Evaluations
) -> list[ScoreCell]:
    """The scores to rank on: evaluators' aggregate, consensus overrides, else the automatic cell.

    Pure. ``cells`` are the run's automatic cells (source "auto" or "check"). A cell that no
    evaluator scored keeps its source and score and, when any sheet came back, its note says
    the automatic score was used; formula-scored cells are never flagged.
    """
    aggregate = _aggregate(project)
    humans = human_scores(evaluations)
    assigned: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sheet in evaluations.sheets:
        for entry in sheet.blank:
            assigned[(entry.vendor, entry.criterion)].append(sheet.evaluator)
    overrides = {(o.vendor, o.criterion): o for o in evaluations.consensus}
    formula = {wc.id for wc in project.selection.criteria if is_formula_scored(wc)}
    merged: list[ScoreCell] = []
    for cell in cells:
        key = (cell.vendor, cell.criterion)
        scores = humans.get(key, {})
        value: float | None = None
        summary = ""
        if scores:
            ordered = sorted(scores.items(), key=lambda item: item[0].casefold())
            numbers = [score for _, score in ordered]
            value = (
                statistics.median(numbers) if aggregate == "median" else statistics.fmean(numbers)
            )
            listed = ", ".join(f"{name} {score:g}" for name, score in ordered)
            count = len(numbers)
            summary = f"{aggregate} of {count} evaluator{'s' if count != 1 else ''}: {listed}"
        override = overrides.get(key)
        if override is not None:
            note = f"consensus: {override.reason}"
            if summary:
                note += f" (evaluators' {summary})"
            merged.append(ScoreCell(cell.vendor, cell.criterion, override.score, "consensus", note))
        elif value is not None:
            merged.append(ScoreCell(cell.vendor, cell.criterion, value, "evaluators", summary))
        elif evaluations.sheets and cell.criterion not in formula:
            blank = assigned.get(key)
            flag = (
                f"left blank by {', '.join(blank)}; automatic score used"
                if blank
                else "on no evaluator's sheet; automatic score used"
            )
            note = f"{cell.note}; {flag}" if cell.note else flag
            merged.append(ScoreCell(cell.vendor, cell.criterion, cell.score, cell.source, note))
        else:
            merged.append(cell)
    return merged


# --------------------------------------------------------------------------- disagreement


def kendalls_w(ranks: pd.DataFrame) -> float:
    """Kendall's coefficient of concordance W, corrected for ties.

    ``ranks``: one row per rater, one column per object, each row the rater's ranks (tied
    objects share the average rank). W = 12 S / (m^2 (n^3 - n) - m sum T), with S the sum of
    squared deviations of the objects' rank sums from their mean and T = sum(t^3 - t) over each
    rater's groups of t tied ranks. Returns NaN when every rater ties every object.
    """
    m, n = ranks.shape
    if m < 2 or n < 2:
        raise ScoringError(f"Kendall's W needs at least 2 raters and 2 objects, got {m} x {n}")
    if ranks.isna().to_numpy().any():
        raise ScoringError("Kendall's W needs a rank for every rater and object")
    sums = ranks.sum(axis=0).to_numpy(dtype=float)
    s = float(((sums - sums.mean()) ** 2).sum())
    ties = 0.0
    for _, row in ranks.iterrows():
        counts = row.round(9).value_counts()
        ties += float(sum(t**3 - t for t in counts.to_numpy(dtype=float)))
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        return float("nan")
    return 12 * s / denominator


@dataclass(frozen=True)
class Disagreement:
    """Where evaluators differ, who scores harder, and how far their rankings agree.

    - ``spread``: vendor, criterion, evaluators, scores, min, max, spread, flagged
      (spread >= 2 points), one row per cell at least one evaluator scored;
    - ``bias``: evaluator, shared_cells, bias, flagged (|bias| >= 0.5), tendency;
      bias is the mean of (this evaluator's score - the other evaluators' mean) over the cells
      this evaluator and at least one other both scored;
    - ``totals`` / ``ranks``: evaluators x vendors weighted totals out of 100 and ranks
      (1 = best, ties share the average rank). A cell an evaluator did not score takes the
      merged value, so every evaluator ranks the same vendors on the same criteria and the
      rankings differ only where the evaluator's own scores do;
    - ``kendalls_w``: concordance of those rankings, None with fewer than 2 evaluators or
      vendors (or when every ranking is one big tie);
    - ``missing``: evaluator, vendor, criterion, cell: rows on a sheet left without a score.
    """

    spread: pd.DataFrame
    bias: pd.DataFrame
    totals: pd.DataFrame
    ranks: pd.DataFrame
    kendalls_w: float | None
    missing: pd.DataFrame

    @property
    def flagged_cells(self) -> pd.DataFrame:
        """Spread rows flagged for discussion."""
        return self.spread[self.spread["flagged"]]


def disagreement(
    project: Project, evaluations: Evaluations, merged: Sequence[ScoreCell]
) -> Disagreement:
    """Spread per cell, evaluator bias, Kendall's W over rankings, and missing scores."""
    humans = human_scores(evaluations)
    order = {wc.id: index for index, wc in enumerate(project.selection.criteria)}
    vendors = list(dict.fromkeys(cell.vendor for cell in merged))

    spread_rows = []
    for (vendor, criterion), scores in humans.items():
        values = list(scores.values())
        low, high = min(values), max(values)
        spread_rows.append(
            {
                "vendor": vendor,
                "criterion": criterion,
                "evaluators": len(values),
                "scores": ", ".join(
                    f"{name} {score:g}"
                    for name, score in sorted(scores.items(), key=lambda i: i[0].casefold())
                ),
                "min": low,
                "max": high,
                "spread": high - low,
                "flagged": high - low >= SPREAD_FLAG,
            }
        )
    spread_columns = [
        "vendor",
        "criterion",
        "evaluators",
        "scores",
        "min",
        "max",
        "spread",
        "flagged",
    ]
    spread = pd.DataFrame(spread_rows, columns=spread_columns)
    if not spread.empty:
        spread["_v"] = spread["vendor"].str.casefold()
        spread["_c"] = spread["criterion"].map(lambda c: order.get(c, len(order)))
        spread = spread.sort_values(["_v", "_c"], kind="mergesort").drop(columns=["_v", "_c"])
        spread = spread.reset_index(drop=True)

    names = [sheet.evaluator for sheet in evaluations.sheets]
    bias_rows = []
    for name in names:
        differences = []
        for scores in humans.values():
            if name in scores and len(scores) > 1:
                others = [score for who, score in scores.items() if who != name]
                differences.append(scores[name] - statistics.fmean(others))
        value = statistics.fmean(differences) if differences else float("nan")
        flagged = bool(differences) and abs(value) >= BIAS_FLAG
        tendency = ""
        if flagged:
            tendency = "harsher" if value < 0 else "more lenient"
        bias_rows.append(
            {
                "evaluator": name,
                "shared_cells": len(differences),
                "bias": value,
                "flagged": flagged,
                "tendency": tendency,
            }
        )
    bias = pd.DataFrame(
        bias_rows, columns=["evaluator", "shared_cells", "bias", "flagged", "tendency"]
    )

    points = {wc.id: wc.points for wc in project.selection.criteria}
    base = {(cell.vendor, cell.criterion): cell.score for cell in merged}
    raters = [sheet for sheet in evaluations.sheets if sheet.scored]
    totals = pd.DataFrame(
        0.0,
        index=pd.Index([s.evaluator for s in raters], name="evaluator"),
        columns=pd.Index(vendors, name="vendor"),
    )
    for sheet in raters:
        own = {(e.vendor, e.criterion): e.score for e in sheet.scored}
        for vendor in vendors:
            total = 0.0
            for criterion, weight in points.items():
                score = own.get((vendor, criterion), base.get((vendor, criterion), 0.0))
                total += weight * float(score or 0.0) / 5
            totals.loc[sheet.evaluator, vendor] = round(total, 6)
    ranks = totals.rank(axis=1, ascending=False, method="average")
    # Agreement only means something between evaluators who scored some of the same cells: a
    # technical and a price-only evaluator would "agree" perfectly on each other's merged values.
    keys = {s.evaluator: {(e.vendor, e.criterion) for e in s.scored} for s in raters}
    comparable = [
        name
        for name, own_keys in keys.items()
        if any(own_keys & other for other_name, other in keys.items() if other_name != name)
    ]
    w: float | None = None
    if len(comparable) >= 2 and len(vendors) >= 2:
        value = kendalls_w(ranks.loc[comparable])
        w = None if math.isnan(value) else value

    missing_rows = [
        {
            "evaluator": sheet.evaluator,
            "vendor": entry.vendor,
            "criterion": entry.criterion,
            "cell": entry.cell,
        }
        for sheet in evaluations.sheets
        for entry in sheet.blank
    ]
    missing = pd.DataFrame(missing_rows, columns=["evaluator", "vendor", "criterion", "cell"])
    return Disagreement(
        spread=spread, bias=bias, totals=totals, ranks=ranks, kendalls_w=w, missing=missing
    )
