"""Evaluator score sheets out: one workbook per evaluator, plus the consensus template.

Why sheets: the auto-score is a starting point, and a panel's judgement is what the RFP promises.
Each evaluator gets an ``.xlsx`` with one row per vendor x criterion to return into the
project's ``evaluations/`` folder, where ``sheets_in`` reads it back. Decisions worth knowing:

- **Two envelopes.** Criteria in the ``pricing`` area go only to price evaluators; technical
  evaluators never see pricing rows, and money amounts in their evidence quotes read
  ``[price hidden]``. A criterion scored by the price formula (``check.type == "price"``) is
  never scored by a human: price evaluators see it read-only on a protected "Price formula"
  sheet, so they know what the formula gave without being able to change it.
- **Blind mode.** Vendors are shown by alias and their names masked everywhere (see ``blind``).
- **Checked on return.** The hidden ``_rfp`` sheet holds the RFP reference, the evaluator, the
  envelope and a fingerprint of the row keys, so ``sheets_in`` can refuse an edited sheet whole.
- **Split by vendor.** A sheet past ``max_rows`` (or Excel's row limit) becomes
  ``name-1-of-N.xlsx`` ..., whole vendors per file; every part carries its index, the count and
  one ``sheet_set`` digest, so ``sheets_in`` merges only the complete set of one run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rfp.core.criteria import WeightedCriterion
from rfp.core.files import atomic_path
from rfp.core.items import ScoredItem, groups_by_question
from rfp.core.project import Project
from rfp.core.xlsx import (
    BRAND_COLOUR,
    append_row,
    core_property,
    header_look,
    input_fill,
    number_format_id,
    row_height,
    set_widths,
    style_header,
    styled_rows_sheet,
    title_font,
)
from rfp.errors import ConfigError, Problem
from rfp.evaluate.blind import (
    PRICE_HIDDEN,
    BlindKey,
    Masker,
    NameForms,
    VendorNames,
    blind_key_for,
    mask_money,
    name_forms,
    write_blind_key,
)
from rfp.evaluate.layout import (
    ALL,
    AUTO_COLUMN,
    BLIND_KEY_FILE,
    COMMENT_COLUMN,
    CONSENSUS_FILE,
    CONSENSUS_HEADERS,
    CONSENSUS_ROWS,
    EVALUATOR_NAME,
    FORMULA_HEADERS,
    KIND_CONSENSUS,
    KIND_SHEET,
    PRICE,
    RESERVED_NAMES,
    SCORE_COLUMN,
    SCORE_HEADERS,
    SCORE_WIDTHS,
    SHEET_ABOUT,
    SHEET_CONSENSUS,
    SHEET_FORMULA,
    SHEET_INSTRUCTIONS,
    SHEET_LISTS,
    SHEET_SCORES,
    SHEET_VERSION,
    SHEETS_DIR,
    TECHNICAL,
    envelope_criteria,
    fingerprint,
    is_stage,
    stage_sheets_dir,
)
from rfp.score.copying import copy_flags
from rfp.score.matching import Match
from rfp.score.merge import is_formula_scored
from rfp.score.run import ScoreCell, ScoreRun, VendorInput

EVIDENCE_QUOTES = 3
INSTRUCTIONS_WIDTH = 110


# --------------------------------------------------------------------------- evaluator names


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


# --------------------------------------------------------------------------- cells and styles


def _instruction_lines(sheet: Any, lines: Sequence[str], look: _Look) -> None:
    """The instruction paragraphs, one a row, wrapped in a 110-character column."""
    sheet.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
    for row, line in enumerate(lines, start=1):
        _set(sheet, row, 1, line).alignment = look.wrap
        sheet.row_dimensions[row].height = row_height([line], [INSTRUCTIONS_WIDTH])


def _evidence_text(found: Match | None, cell: ScoreCell) -> str:
    parts: list[str] = []
    if cell.source == "check" and cell.note:
        parts.append(f"Check: {cell.note}")
    for evidence in (found.evidence if found else ())[:EVIDENCE_QUOTES]:
        where = evidence.file if evidence.page is None else f"{evidence.file}, p. {evidence.page}"
        parts.append(f"\u201c{evidence.quote}\u201d ({where})")
    if not parts:
        parts.append("No matching passage found.")
    return "\n\n".join(parts)


def _auto_score(found: Match | None, cell: ScoreCell) -> float:
    """The machine's score; a run already merged with evaluations falls back to text matching."""
    if cell.source in ("auto", "check"):
        return float(cell.score)
    return float(found.auto_score) if found else 0.0


def _rubric(item: WeightedCriterion) -> str:
    return "\n".join(f"{level} — {text}" for level, text in sorted(item.criterion.rubric.items()))


def _points_text(item: WeightedCriterion, group: ScoredItem | None) -> str:
    """A question's title and points as the RFP prints them, with the grouped item it is
    printed in (see ``rfp.core.items``): the sheet still scores the question on its own."""
    points = f"{item.points:g} of 100 points"
    if group is not None:
        points += f"; in the RFP part of item {group.id}, {group.points:g} points"
    return f"{item.criterion.title} ({points})"


def _criterion_text(project: Project, item: WeightedCriterion, group: ScoredItem | None) -> str:
    criterion = item.criterion
    head = _points_text(item, group)
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
            band_font=Font(bold=True, color=BRAND_COLOUR, size=12),
            band_fill=PatternFill("solid", fgColor="DCE6F1"),
            input_fill=input_fill(),
            read_only_fill=PatternFill("solid", fgColor="F2F2F2"),
            wrap=Alignment(wrap_text=True, vertical="top"),
            centre=Alignment(horizontal="center", vertical="top"),
        )


def _header(sheet: Any, headers: Sequence[str], widths: Sequence[int]) -> None:
    for column, (title, _) in enumerate(zip(headers, widths, strict=True), start=1):
        _set(sheet, 1, column, title)
    style_header(sheet, widths)
    sheet.row_dimensions[1].height = 30


def _about_sheet(workbook: Any, rows: Sequence[tuple[str, str]]) -> None:
    about = workbook.create_sheet(SHEET_ABOUT)
    for key, value in rows:
        about.append([key, value])
    about.sheet_state = "hidden"


def _properties(workbook: Any, project: Project, title: str, keywords: str) -> None:
    """Document properties say only what the file is: no vendor and no person's name."""

    fixed = project.spec.timeline.document_time
    properties = workbook.properties
    properties.creator = "rfp"
    properties.lastModifiedBy = "rfp"
    properties.title = core_property(title)
    properties.subject = core_property(f"RFP {project.spec.project.reference}")
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
    *,
    part: tuple[int, int, str] = (1, 1, ""),
) -> list[str]:
    """The Instructions sheet's lines; ``part`` is (index, count, file name) of this file."""
    spec = project.spec
    index, count, file_name = part
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
        "How the auto-score reads a proposal: the buyer's own words (the RFP, the response "
        "template, the criteria library) are taken out first and count for nothing; so do "
        'hedges ("we aim to", "plan to"), marketing ("world-class") and lists of keywords. '
        "Levels 3 and 4 need at least two of the vendor's own specifics (figures with units, "
        "named standards and versions, named tools, dates, named references), level 5 at "
        "least four; where the rubric names a figure, the auto-score reaches a level only when "
        "the vendor states it. A vendor flagged in its band row restates the RFP or writes "
        "mostly statements that earn nothing: read it with care.",
        "Leave a score blank if you did not assess it: the automatic score is used for that cell "
        "and the report shows which cells no evaluator scored.",
        f"A mandatory criterion scored below {spec.evaluation.knockout_below:g} disqualifies the "
        "vendor.",
        "A vendor's band says whether it is disqualified (a fact it stated fails a requirement) "
        "or to be confirmed (something it did not state, or only the auto-score judged). Rows "
        "marked TO CONFIRM are for you to judge from the proposal; rows marked UNSUPPORTED "
        'CLAIM are a "Comply" in the compliance matrix that the text does not back: a tick '
        "earns nothing, the answer does.",
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
    if count > 1:
        lines.append(
            f"This file is part {index} of {count} of your sheet: the vendors are split across "
            f"{count} files to keep each one workable. Return every part; your scores are merged "
            "only when all of them are back."
        )
    lines.append(
        f"When you are done, save the file (keep the name {file_name or evaluator + '.xlsx'}) "
        "and return it to the sourcing lead, who puts it in the project's evaluations folder."
    )
    return lines


# --------------------------------------------------------------------------- one evaluator's sheet


@dataclass(frozen=True)
class _Sheet:
    """What one evaluator's workbook shows: shared by the helpers that write its sheets."""

    run: ScoreRun
    evaluator: str
    envelope: str
    display: Mapping[str, str]
    mask: Callable[[str], str]
    key_id: str
    part: tuple[int, int, str]
    """(index, count, file name): which part of the evaluator's sheet this file is."""
    sheet_set: str
    """The digest every part of one evaluator's sheet shares (see ``_sheet_set``)."""
    look: _Look
    criteria: list[WeightedCriterion]
    formula: list[WeightedCriterion]
    by_cell: dict[tuple[str, str], ScoreCell]
    matches: dict[tuple[str, str], Match]
    """The text match behind each (vendor, criterion), looked up once per row."""
    vendors: list[VendorInput]
    copied: dict[str, list[str]]
    """Copy flags by real vendor name, naming the other vendor as this sheet shows it."""
    groups: Mapping[str, ScoredItem]
    """The RFP's grouped item for each question printed in one (``rfp.core.items``)."""
    styles: dict[str, Any] = field(default_factory=dict)
    """Cell styles already registered in this workbook, by name, to copy onto later cells."""

    def restyle(self, cell: Any, name: str, apply: Callable[[Any], None]) -> None:
        """Style ``cell`` like the first cell styled ``name``: copying openpyxl's style array
        skips hashing every style object again, which took a third of writing 69,000 rows."""
        key = f"{name}/{number_format_id(cell)}"  # a number format set by the value is kept
        known = self.styles.get(key)
        if known is None:
            apply(cell)
            self.styles[key] = copy(cell._style)  # openpyxl's own fast path
        else:
            cell._style = copy(known)

    @classmethod
    def plan(
        cls,
        run: ScoreRun,
        *,
        evaluator: str,
        envelope: str,
        display: Mapping[str, str],
        mask: Callable[[str], str],
        key_id: str,
    ) -> _Sheet:
        project = run.project
        return cls(
            run=run,
            evaluator=evaluator,
            envelope=envelope,
            display=display,
            mask=mask,
            key_id=key_id,
            part=(1, 1, ""),
            sheet_set="",
            look=_Look.make(),
            criteria=envelope_criteria(project, envelope),
            formula=[wc for wc in project.selection.criteria if is_formula_scored(wc)],
            by_cell={(cell.vendor, cell.criterion): cell for cell in run.cells},
            matches={(match.vendor, match.criterion): match for match in run.matches},
            # Rows follow the displayed name, so a blind sheet's order reveals nothing about
            # real names.
            vendors=sorted(run.vendors, key=lambda v: (display[v.name].casefold(), v.name)),
            copied={} if is_stage(envelope) else _copied(run, display),
            groups=groups_by_question(project.selection.areas),
        )

    def vendor_text(self, text: str) -> str:
        """Text from a proposal: masked, and without money amounts on a technical sheet."""
        text = self.mask(text)
        if self.envelope != TECHNICAL:
            return text
        return mask_money(text, self.run.project.spec.pricing.currency)


def _copied(run: ScoreRun, display: Mapping[str, str]) -> dict[str, list[str]]:
    """Each vendor's copy flags with the other vendor named as the sheet shows it (an alias on
    a blind sheet), keyed by the real name."""
    shown = [
        replace(pair, vendor_a=display[pair.vendor_a], vendor_b=display[pair.vendor_b])
        for pair in run.shared
    ]
    real = {alias: name for name, alias in display.items()}
    return {real[alias]: flags for alias, flags in copy_flags(shown).items()}


def _instructions_sheet(workbook: Any, plan: _Sheet) -> None:
    from openpyxl.styles import Font

    instructions = styled_rows_sheet(workbook, SHEET_INSTRUCTIONS)
    if is_stage(plan.envelope):
        lines = _stage_instructions(plan.run.project, plan.evaluator, plan.envelope, plan.part)
    else:
        lines = _instructions(
            plan.run.project,
            plan.evaluator,
            plan.envelope,
            bool(plan.key_id),
            [wc.id for wc in plan.formula],
            part=plan.part,
        )
    fonts = {1: title_font(), 4: Font(bold=True, color=BRAND_COLOUR)}
    instructions.dimension = f"A1:A{len(lines)}"
    instructions.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
    for row, line in enumerate((plan.mask(line) for line in lines), start=1):
        cell = _new_cell(instructions, line)
        cell.alignment = plan.look.wrap
        if row in fonts:
            cell.font = fonts[row]
        append_row(instructions, row, [cell], row_height([line], [INSTRUCTIONS_WIDTH]))


def _new_cell(sheet: Any, value: Any) -> Any:
    """A cell for a write-only sheet's row; text is always text, so vendor words starting
    with "=" stay inert."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _header_row(sheet: Any, headers: Sequence[str], widths: Sequence[int]) -> None:
    """A write-only sheet's header row, in the header look, with its columns' widths (which
    the sheet takes only before its first row)."""
    font, fill, alignment = header_look()
    cells = []
    for title in headers:
        cell = _new_cell(sheet, title)
        cell.font, cell.fill, cell.alignment = font, fill, alignment
        cells.append(cell)
    set_widths(sheet, widths)
    append_row(sheet, 1, cells, 30)


def _vendor_band(scores: Any, plan: _Sheet, vendor: VendorInput, row: int) -> None:
    """The bold row that opens a vendor's group of criteria."""
    look = plan.look
    band = f"{plan.display[vendor.name]} — {len(plan.criteria)} criteria"
    if vendor.flagged:
        band += " (see the scoring warnings: some files are missing or unreadable)"
    account = plan.run.accounts.get(vendor.name)
    flags = [*(account.flags if account else []), *plan.copied.get(vendor.name, [])]
    if flags:
        band += f" — flagged: {'; '.join(flags)}"
    band += _standing(plan.run, vendor.name)
    # The standing can quote a price ("priced from the text: confirm (USD 3,100 ...)"): a
    # technical sheet shows it without the money, like every other vendor text.
    values = [plan.vendor_text(band), *[None] * (len(SCORE_HEADERS) - 1)]
    cells = [_new_cell(scores, value) for value in values]
    for cell in cells:
        plan.restyle(cell, "band", _band(look.band_fill, look.band_font))
    append_row(scores, row, cells, 20)


def _band(fill: Any, font: Any) -> Callable[[Any], None]:
    def apply(cell: Any) -> None:
        cell.fill = fill
        cell.font = font

    return apply


def _standing(run: ScoreRun, vendor: str) -> str:
    """The vendor's status for its band: what disqualifies it, or what is left to confirm."""
    knockouts, open_items = run.knockouts.get(vendor, []), run.to_confirm.get(vendor, [])
    if knockouts:
        return f" — DISQUALIFIED: {'; '.join(k.brief for k in knockouts)}"
    if open_items:
        return f" — TO BE CONFIRMED: {'; '.join(k.brief for k in open_items)}"
    return ""


def _open_points(run: ScoreRun, vendor: str, criterion: str) -> str:
    """What this row must settle: an item to confirm on it, or an unsupported "Comply"."""
    lines = [
        f"TO CONFIRM: {item.brief}. Score it from the proposal; a consensus score settles it."
        for item in run.to_confirm.get(vendor, [])
        if item.criterion == criterion
    ]
    lines += [
        f'UNSUPPORTED CLAIM: "Comply" in the compliance matrix, but {claim.gap}.'
        for claim in run.unsupported.get(vendor, [])
        if claim.criterion == criterion
    ]
    return "\n".join(lines)


def _criterion_row(
    scores: Any, plan: _Sheet, vendor: VendorInput, item: WeightedCriterion, row: int
) -> None:
    """One vendor x criterion row: what to judge, the evidence, and the yellow input cells."""
    run, look, mask = plan.run, plan.look, plan.mask
    project = run.project
    cell = plan.by_cell.get((vendor.name, item.id))
    found = plan.matches.get((vendor.name, item.id))
    auto: float | None = _auto_score(found, cell) if cell else 0.0
    evidence = plan.vendor_text(_evidence_text(found, cell)) if cell else ""
    if is_stage(plan.envelope):  # judged in the room: no machine score, no proposal quote
        auto, evidence = None, f"Look for: {item.criterion.guidance}".strip()
    points = _open_points(run, vendor.name, item.id)
    evidence = f"{mask(points)}\n{evidence}".strip() if points else evidence
    texts = [
        plan.display[vendor.name],
        item.id,
        mask(_area_title(project, item.criterion.area)),
        mask(_criterion_text(project, item, plan.groups.get(item.id))),
        mask(_rubric(item)),
        evidence,
    ]
    cells = dict(enumerate((_new_cell(scores, text) for text in texts), start=1))
    for written in cells.values():
        plan.restyle(written, "wrap", _align(look.wrap))
    cells[AUTO_COLUMN] = _new_cell(scores, auto)
    plan.restyle(cells[AUTO_COLUMN], "centre", _align(look.centre))
    cells[SCORE_COLUMN] = _new_cell(scores, None)
    plan.restyle(cells[SCORE_COLUMN], "score", _input(look.input_fill, look.centre))
    cells[COMMENT_COLUMN] = _new_cell(scores, None)
    plan.restyle(cells[COMMENT_COLUMN], "comment", _input(look.input_fill, look.wrap))
    in_order = [cells.get(column) for column in range(1, max(cells) + 1)]
    height = row_height(texts, SCORE_WIDTHS[: len(texts)], least=30)
    append_row(scores, row, in_order, height, outline=1)


def _align(alignment: Any) -> Callable[[Any], None]:
    def apply(cell: Any) -> None:
        cell.alignment = alignment

    return apply


def _input(fill: Any, alignment: Any) -> Callable[[Any], None]:
    def apply(cell: Any) -> None:
        cell.fill = fill
        cell.alignment = alignment

    return apply


def _scores_sheet(workbook: Any, plan: _Sheet) -> None:
    """The Scores sheet: rows grouped under a band per vendor, scores validated 0-5."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import Outline, PageSetupProperties

    scores = styled_rows_sheet(workbook, SHEET_SCORES)
    last_column = get_column_letter(len(SCORE_HEADERS))
    rows = 1 + len(plan.vendors) * (1 + len(plan.criteria)) if plan.criteria else 1
    # What a write-only sheet writes before its rows: extent, properties, panes, widths.
    scores.dimension = f"A1:{last_column}{rows}"
    scores.sheet_properties.tabColor = "F2C94C"
    scores.sheet_properties.outlinePr = Outline(summaryBelow=False, summaryRight=True)
    scores.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    scores.freeze_panes = "C2"
    _header_row(scores, SCORE_HEADERS, SCORE_WIDTHS)
    validation = _score_validation()
    scores.data_validations.append(validation)  # what add_data_validation does
    score_letter = get_column_letter(SCORE_COLUMN)
    row = 1
    for vendor in plan.vendors:
        if not plan.criteria:
            break
        row += 1
        _vendor_band(scores, plan, vendor, row)
        first = row + 1
        for item in plan.criteria:
            row += 1
            _criterion_row(scores, plan, vendor, item, row)
        validation.add(f"{score_letter}{first}:{score_letter}{row}")
    scores.auto_filter.ref = f"A1:{last_column}{max(row, 2)}"
    scores.print_title_rows = "1:1"
    scores.page_setup.orientation = "landscape"
    scores.page_setup.fitToWidth = 1
    scores.page_setup.fitToHeight = 0


def _formula_sheet(workbook: Any, plan: _Sheet) -> None:
    """What the price formula gave each vendor, read-only: price evaluators see, never score."""
    look, mask = plan.look, plan.mask
    sheet = styled_rows_sheet(workbook, SHEET_FORMULA)
    sheet.dimension = f"A1:E{1 + len(plan.vendors) * len(plan.formula)}"
    sheet.freeze_panes = "A2"
    _header_row(sheet, FORMULA_HEADERS, (14, 9, 40, 12, 50))
    line_number = 1
    for vendor in plan.vendors:
        for item in plan.formula:
            line_number += 1
            cell = plan.by_cell.get((vendor.name, item.id))
            formula_values: list[object] = [
                plan.display[vendor.name],
                item.id,
                mask(_points_text(item, plan.groups.get(item.id))),
                round(cell.score, 4) if cell else None,
                mask(cell.note) if cell else "",
            ]
            cells = [_new_cell(sheet, value) for value in formula_values]
            for written in cells:
                written.alignment = look.wrap
                written.fill = look.read_only_fill
            sheet.append(cells)
    sheet.protection.sheet = True


def _about_rows(workbook: Any, rows: Sequence[tuple[str, str]]) -> None:
    """The hidden sheet ``sheets_in`` checks a returned sheet against (see ``_about_sheet``)."""
    from openpyxl.cell import WriteOnlyCell

    about = styled_rows_sheet(workbook, SHEET_ABOUT)
    about.dimension = f"A1:B{max(len(rows), 1)}"
    for key, value in rows:
        about.append([WriteOnlyCell(about, key), WriteOnlyCell(about, value)])
    about.sheet_state = "hidden"


def _write_sheet(plan: _Sheet, target: Path) -> None:
    """One evaluator's workbook, written row by row (openpyxl's write-only mode): at 1,000
    vendors a Scores sheet is 70,000 rows, never held whole in memory."""
    from openpyxl import Workbook

    project = plan.run.project
    workbook = Workbook(write_only=True)
    _properties(
        workbook,
        project,
        plan.mask(f"Score sheet for RFP {project.spec.project.reference}"),
        "rfp-evaluator-sheet",
    )
    _instructions_sheet(workbook, plan)
    _scores_sheet(workbook, plan)
    if plan.envelope != TECHNICAL and plan.formula:
        _formula_sheet(workbook, plan)
    display = plan.display
    keys = [(display[vendor.name], item.id) for vendor in plan.vendors for item in plan.criteria]
    _about_rows(
        workbook,
        [
            ("kind", KIND_SHEET),
            ("reference", project.spec.project.reference),
            ("sheet_version", SHEET_VERSION),
            ("evaluator", plan.evaluator),
            ("envelope", plan.envelope),
            ("blind", "yes" if plan.key_id else "no"),
            ("blind_key", plan.key_id),
            ("rows", str(len(keys))),
            ("fingerprint", fingerprint(keys)),
            ("part", str(plan.part[0])),
            ("parts", str(plan.part[1])),
            ("sheet_set", plan.sheet_set),
        ],
    )
    with atomic_path(target) as temporary:
        workbook.save(str(temporary))


# --------------------------------------------------------------------------- the consensus sheet


def _consensus_instructions(workbook: Any, project: Project, look: _Look) -> None:

    instructions = workbook.active
    assert instructions is not None
    instructions.title = SHEET_INSTRUCTIONS
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
    _instruction_lines(instructions, lines, look)
    instructions["A1"].font = title_font()


def _list_rule(column: str, count: int, what: str, choose: str) -> Any:
    """A drop-down of the values listed in ``column`` of the hidden lists sheet."""
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="list",
        formula1=f"{SHEET_LISTS}!${column}$1:${column}${max(count, 1)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=f"Unknown {what}",
        error=f"Choose {choose} from the list.",
    )


def _write_consensus(
    project: Project, display: Sequence[str], key_id: str, target: Path, stage: str = ""
) -> None:
    from openpyxl import Workbook

    look = _Look.make()
    workbook = Workbook()
    _properties(
        workbook,
        project,
        f"Consensus overrides for RFP {project.spec.project.reference}",
        "rfp-consensus",
    )
    _consensus_instructions(workbook, project, look)

    lists = workbook.create_sheet(SHEET_LISTS)
    ids = [wc.id for wc in envelope_criteria(project, stage)] if stage else []
    ids = ids or [wc.id for wc in project.selection.criteria]
    for row, name in enumerate(display, start=1):
        _set(lists, row, 1, name)
    for row, cid in enumerate(ids, start=1):
        _set(lists, row, 2, cid)
    lists.sheet_state = "hidden"

    sheet = workbook.create_sheet(SHEET_CONSENSUS, 1)
    _header(sheet, CONSENSUS_HEADERS, (18, 10, 10, 90))
    last = CONSENSUS_ROWS + 1
    vendor_rule = _list_rule("A", len(display), "vendor", "a vendor")
    id_rule = _list_rule("B", len(ids), "criterion", "a criterion ID")
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


# --------------------------------------------------------------------------- all sheets


def _envelopes(
    evaluators: Sequence[str], price_evaluators: Sequence[str], stage: str = ""
) -> list[tuple[str, str]]:
    """(evaluator, envelope) in the order named: both lists -> all, price list only -> price;
    at a stage, every evaluator scores the stage."""
    if stage:
        return [(name, stage) for name in evaluators]
    technical = {name.casefold() for name in evaluators}
    pricing = {name.casefold() for name in price_evaluators}
    plan: list[tuple[str, str]] = []
    for name in evaluators:
        plan.append((name, ALL if name.casefold() in pricing else TECHNICAL))
    plan += [(name, PRICE) for name in price_evaluators if name.casefold() not in technical]
    return plan


def _name_forms(run: ScoreRun) -> dict[str, NameForms]:
    """Every form of each vendor's name, from its folder, its workbook's Respondent sheet and
    its own text, for the blind masker."""
    vendors: list[VendorNames] = []
    for vendor in run.vendors:
        respondent = vendor.workbook.respondent if vendor.workbook is not None else {}
        vendors.append(
            VendorNames(
                folder=vendor.folder.name,
                display=vendor.name,
                in_text=vendor.text_names,
                email=respondent.get("Email", ""),
                contact=respondent.get("Contact name", ""),
            )
        )
    return name_forms(vendors, buyer_domains=[run.project.spec.buyer.contact.email])


def _unmasked(text: str) -> str:
    return text


EXCEL_ROWS = 1_048_576
"""Rows an Excel worksheet holds."""
MAX_ROWS = 100_000
"""Rows per Scores sheet by default: well under Excel's limit, so a file still opens, sorts and
saves in seconds (about 1,400 vendors at 69 criteria); a larger field is split by vendor."""


def _vendors_per_file(criteria: int, max_rows: int) -> int:
    """How many vendors fit one Scores sheet: a header, then a band row and one row per
    criterion for each vendor, within ``max_rows`` and Excel's own limit."""
    budget = min(max_rows, EXCEL_ROWS)
    fits = (budget - 1) // (1 + criteria)
    if fits < 1:
        raise ConfigError(
            [
                Problem(
                    "--max-rows",
                    f"{max_rows:,} rows cannot hold one vendor's {1 + criteria} rows and the "
                    f"header; use at least {2 + criteria}",
                )
            ]
        )
    return fits


def _split(vendors: Sequence[VendorInput], per_file: int) -> list[list[VendorInput]]:
    """Vendors in consecutive files of at most ``per_file``, as even as possible, never a vendor
    across two files."""
    count = max(1, -(-len(vendors) // per_file))
    size, extra = divmod(len(vendors), count)
    chunks: list[list[VendorInput]] = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        chunks.append(list(vendors[start:end]))
        start = end
    return chunks


def _sheet_set(plan: _Sheet, chunks: Sequence[Sequence[VendorInput]]) -> str:
    """What every part of one evaluator's sheet carries, so parts are merged only with their
    own: the evaluator, envelope, blind key and each part's rows. Runs that issue the same rows
    give the same digest (outputs are deterministic), and such parts are interchangeable."""
    parts = [
        (
            f"{index}/{len(chunks)} {plan.evaluator} {plan.envelope} {plan.key_id}",
            fingerprint((plan.display[v.name], item.id) for v in chunk for item in plan.criteria),
        )
        for index, chunk in enumerate(chunks, start=1)
    ]
    return fingerprint(parts)


def _write_parts(plan: _Sheet, out: Path, max_rows: int) -> list[Path]:
    """One evaluator's sheet as ``name.xlsx``, or split by vendor as ``name-1-of-3.xlsx`` ...
    when it would pass ``max_rows``."""
    chunks = _split(plan.vendors, _vendors_per_file(len(plan.criteria), max_rows))
    sheet_set = _sheet_set(plan, chunks)
    written: list[Path] = []
    for index, chunk in enumerate(chunks, start=1):
        name = plan.evaluator
        file_name = f"{name}.xlsx" if len(chunks) == 1 else f"{name}-{index}-of-{len(chunks)}.xlsx"
        part = replace(
            plan,
            vendors=chunk,
            part=(index, len(chunks), file_name),
            sheet_set=sheet_set,
            styles={},  # a style array belongs to one workbook
        )
        _write_sheet(part, out / file_name)
        written.append(out / file_name)
    return written


def write_sheets(
    run: ScoreRun,
    evaluators: Sequence[str],
    *,
    price_evaluators: Sequence[str] = (),
    blind: bool = False,
    out_dir: Path | None = None,
    max_rows: int = MAX_ROWS,
    stage: str = "",
) -> list[Path]:
    """Write one score sheet per evaluator, a blank consensus template and, when blind, the key.

    An evaluator in both lists gets one sheet with every criterion; one only in
    ``price_evaluators`` gets the pricing criteria. Returns the evaluators' sheets in the order
    named, then ``consensus.xlsx``, then ``blind-key.json``. Raises ConfigError for unusable or
    repeated evaluator names. ``run`` should be scored without evaluations, so the auto-score
    column shows the machine's score. A sheet longer than ``max_rows`` (or Excel's limit) is
    split by vendor into ``name-1-of-N.xlsx`` ..., each part carrying the same ``sheet_set``.

    ``stage`` (a scored stage such as "orals") writes that stage's sheets instead, for every
    vendor in ``run`` (pass a run narrowed to the shortlist), into ``out/sheets/<stage>/``.
    """
    problems = validate_evaluators(evaluators, price_evaluators)
    if stage:
        problems += _stage_problems(run.project, stage, price_evaluators, blind)
    if problems:
        raise ConfigError(problems)
    project = run.project
    default = stage_sheets_dir(project, stage) if stage else project.output_dir / SHEETS_DIR
    out = out_dir or default
    names = [vendor.name for vendor in run.vendors]
    for _, envelope in _envelopes(evaluators, price_evaluators, stage):
        _vendors_per_file(len(envelope_criteria(project, envelope)), max_rows)  # before writing

    key: BlindKey | None = None
    mask: Callable[[str], str] = _unmasked
    if blind:
        forms = _name_forms(run)
        key = blind_key_for(project, names, out / BLIND_KEY_FILE)
        key = replace(key, masked={name: list(forms[name].all) for name in names})
        display = key.alias_of()
        mask = Masker.for_vendors(display, forms)
    else:
        display = {name: name for name in names}

    key_id = key.key if key else ""
    written: list[Path] = []
    for name, envelope in _envelopes(evaluators, price_evaluators, stage):
        plan = _Sheet.plan(
            run, evaluator=name, envelope=envelope, display=display, mask=mask, key_id=key_id
        )
        written += _write_parts(plan, out, max_rows)
    shown = sorted((display[name] for name in names), key=lambda n: (n.casefold(), n))
    consensus = out / CONSENSUS_FILE
    _write_consensus(project, shown, key_id, consensus, stage)
    written.append(consensus)
    if key is not None:
        target = out / BLIND_KEY_FILE
        write_blind_key(target, key)
        written.append(target)
    return written


# --------------------------------------------------------------------------- evaluation stages


def _stage_problems(
    project: Project, stage: str, price_evaluators: Sequence[str], blind: bool
) -> list[Problem]:
    """Why a stage's sheets cannot be written as asked: an unscored stage, a price envelope
    (a stage has none), or blind mode (the panel meets the vendor in person)."""
    if project.stage(stage) is None:
        scored = ", ".join(s.id for s in project.stages) or "none"
        return [
            Problem(
                "--stage",
                f"{stage!r} carries no points in rfp.yaml (evaluation.stages; scored: {scored})",
            )
        ]
    problems = []
    if price_evaluators:
        problems.append(Problem("--price-evaluators", "a stage has no price envelope"))
    if blind:
        problems.append(
            Problem("--blind", "a stage cannot be blind: the panel meets the vendors in person")
        )
    return problems


def _stage_instructions(
    project: Project, evaluator: str, stage: str, part: tuple[int, int, str]
) -> list[str]:
    """The Instructions sheet of a stage's sheet: what the stage scores and how it counts."""
    spec = project.spec
    scored = project.stage(stage)
    assert scored is not None  # checked before any sheet is written
    index, count, file_name = part
    lines = [
        f"{scored.info.title} — RFP {spec.project.reference}: {spec.project.title}",
        f"Evaluator: {evaluator}. Issued by {spec.buyer.name}.",
        "",
        "How to score",
        "Score each shortlisted vendor from 0 to 5 on each item in the yellow Score column, "
        f"against the rubric in the same row, from what you saw and heard ({scored.info.title}); "
        "decimals such as 3.5 are allowed. Say why in the yellow Comment column: the comment "
        "is what a debrief or a challenge will be answered with.",
        f"A vendor's stage score is out of 100: each item's points (in brackets) x its score "
        f"÷ 5, the items' scores being the {spec.evaluation.aggregate} of the panel's. The stage "
        f"is {scored.share:g}% of the final total; the written proposal keeps its share.",
        "There is no automatic score at a stage. Leave a cell blank only if you did not "
        "assess it: an item no evaluator scored leaves the vendor's stage to be confirmed; it "
        "is never counted as 0.",
        "Only the shortlisted vendors are on this sheet. Do not add or delete rows and do not "
        "change the Vendor, ID or header cells: the sheet is checked when it is read back, and "
        "an edited sheet is rejected whole.",
    ]
    if count > 1:
        lines.append(
            f"This file is part {index} of {count} of your sheet. Return every part; your "
            "scores are merged only when all of them are back."
        )
    lines.append(
        f"When you are done, save the file (keep the name {file_name or evaluator + '.xlsx'}) "
        f"and return it to the sourcing lead, who puts it in the project's evaluations/{stage} "
        "folder."
    )
    return lines
