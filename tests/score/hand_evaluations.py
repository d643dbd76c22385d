"""Three evaluators' scores for three vendors, worked by hand, for the merge and agreement tests.

SEC-01 (50 points) and SEC-02 (30) are scored by people, PRC-01 (20) by the price formula.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from rfp.core.criteria import Selection, WeightedArea, WeightedCriterion
from rfp.core.project import Project
from rfp.core.spec import AreaInfo, Check, Criterion, Evaluation
from rfp.score.run import ConsensusOverride, Evaluations, EvaluatorEntry, EvaluatorSheet, ScoreCell

RUBRIC = {level: f"level {level}" for level in range(6)}


def small_project(base: Project, aggregate: str = "mean") -> Project:
    """SEC-01 (50 points) and SEC-02 (30) scored by people, PRC-01 (20) by the price formula."""

    def criterion(cid: str, area: str, check: str | None = None) -> Criterion:
        return Criterion(
            id=cid,
            area=area,
            title=cid,
            question="q",
            rubric=RUBRIC,
            check=Check(type=check) if check else None,
        )

    selection = Selection(
        office="front",
        areas=(
            WeightedArea(
                area=AreaInfo(id="security", title="Security"),
                raw_weight=80,
                points=80.0,
                criteria=(
                    WeightedCriterion(criterion("SEC-01", "security"), 50.0),
                    WeightedCriterion(criterion("SEC-02", "security"), 30.0),
                ),
            ),
            WeightedArea(
                area=AreaInfo(id="pricing", title="Pricing", pricing=True),
                raw_weight=20,
                points=20.0,
                criteria=(WeightedCriterion(criterion("PRC-01", "pricing", "price"), 20.0),),
            ),
        ),
    )
    spec = base.spec.model_copy(update={"evaluation": Evaluation(aggregate=aggregate)})
    return dataclasses.replace(base, spec=spec, selection=selection)


# e1 is lenient, e3 harsh; e2 left Z / SEC-02 blank.
HAND_SCORES: dict[str, dict[tuple[str, str], float | None]] = {
    "e1": {("X", "SEC-01"): 5, ("X", "SEC-02"): 4, ("Y", "SEC-01"): 3, ("Y", "SEC-02"): 3,
           ("Z", "SEC-01"): 2, ("Z", "SEC-02"): 2},
    "e2": {("X", "SEC-01"): 4, ("X", "SEC-02"): 4, ("Y", "SEC-01"): 4, ("Y", "SEC-02"): 2,
           ("Z", "SEC-01"): 2, ("Z", "SEC-02"): None},
    "e3": {("X", "SEC-01"): 1, ("X", "SEC-02"): 2, ("Y", "SEC-01"): 2, ("Y", "SEC-02"): 2,
           ("Z", "SEC-01"): 1, ("Z", "SEC-02"): 1},
}  # fmt: skip


def hand_evaluations(consensus: tuple[ConsensusOverride, ...] = ()) -> Evaluations:
    sheets = tuple(
        EvaluatorSheet(
            evaluator=name,
            path=Path(f"{name}.xlsx"),
            envelope="technical",
            blind=False,
            entries=tuple(
                EvaluatorEntry(name, vendor, cid, score, "", f"Scores!H{row}")
                for row, ((vendor, cid), score) in enumerate(scores.items(), start=3)
            ),
        )
        for name, scores in HAND_SCORES.items()
    )
    return Evaluations(sheets=sheets, consensus=consensus)


def hand_cells() -> list[ScoreCell]:
    """Automatic cells: 1 everywhere for the text criteria; the price formula gave 5, 4, 3."""
    cells = []
    for vendor, price in (("X", 5.0), ("Y", 4.0), ("Z", 3.0)):
        cells.append(ScoreCell(vendor, "SEC-01", 1.0, "auto"))
        cells.append(ScoreCell(vendor, "SEC-02", 1.0, "auto"))
        cells.append(ScoreCell(vendor, "PRC-01", price, "check", "annual cost"))
    return cells
