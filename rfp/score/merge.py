"""Merge evaluators' scores over the automatic cells: the scores the ranking rests on.

Pure: the returned sheets arrive as ``Evaluations`` (read by ``rfp.evaluate.sheets_in``), so
scoring never depends on how sheets are laid out. Per vendor x criterion the evaluators' mean
(median when ``evaluation.aggregate`` is ``median``); a cell no evaluator scored keeps its
automatic score and says so in its note; a consensus override replaces any cell, with a reason.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence

from rfp.core.criteria import WeightedCriterion
from rfp.core.project import Project
from rfp.errors import ScoringError
from rfp.score.run import ConsensusOverride, Evaluations, ScoreCell

AGGREGATES = ("mean", "median")
FORMULA_CHECK = "price"


def is_formula_scored(item: WeightedCriterion) -> bool:
    """Scored by the price formula, so never by a human."""
    check = item.criterion.check
    return check is not None and check.type == FORMULA_CHECK


def aggregate_of(project: Project) -> str:
    """How evaluators' scores combine ("mean" or "median"); ScoringError for anything else."""
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


def _combined(scores: dict[str, float], aggregate: str) -> tuple[float | None, str]:
    """The evaluators' aggregate for one cell and the note listing who gave what."""
    if not scores:
        return None, ""
    ordered = sorted(scores.items(), key=lambda item: item[0].casefold())
    numbers = [score for _, score in ordered]
    value = statistics.median(numbers) if aggregate == "median" else statistics.fmean(numbers)
    listed = ", ".join(f"{name} {score:g}" for name, score in ordered)
    count = len(numbers)
    return value, f"{aggregate} of {count} evaluator{'s' if count != 1 else ''}: {listed}"


def _overridden(cell: ScoreCell, override: ConsensusOverride, summary: str) -> ScoreCell:
    note = f"consensus: {override.reason}"
    if summary:
        note += f" (evaluators' {summary})"
    return ScoreCell(cell.vendor, cell.criterion, override.score, "consensus", note)


def _kept(cell: ScoreCell, blank: list[str] | None) -> ScoreCell:
    """The automatic cell, its note saying no evaluator scored it."""
    flag = (
        f"left blank by {', '.join(blank)}; automatic score used"
        if blank
        else "on no evaluator's sheet; automatic score used"
    )
    note = f"{cell.note}; {flag}" if cell.note else flag
    return ScoreCell(cell.vendor, cell.criterion, cell.score, cell.source, note)


def merge(
    project: Project, cells: Sequence[ScoreCell], evaluations: Evaluations
) -> list[ScoreCell]:
    """The scores to rank on: evaluators' aggregate, consensus overrides, else the automatic cell.

    Pure. ``cells`` are the run's automatic cells (source "auto" or "check"). A cell that no
    evaluator scored keeps its source and score and, when any sheet came back, its note says
    the automatic score was used; formula-scored cells are never flagged.
    """
    aggregate = aggregate_of(project)
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
        value, summary = _combined(humans.get(key, {}), aggregate)
        override = overrides.get(key)
        if override is not None:
            merged.append(_overridden(cell, override, summary))
        elif value is not None:
            merged.append(ScoreCell(cell.vendor, cell.criterion, value, "evaluators", summary))
        elif evaluations.sheets and cell.criterion not in formula:
            merged.append(_kept(cell, assigned.get(key)))
        else:
            merged.append(cell)
    return merged
