"""Score the later stages (orals, site visits, reference checks) and rank after them.

Pure: the returned stage sheets arrive as ``Evaluations`` per stage (read by
``rfp.evaluate.stages``), with the shortlist each stage was held for. Rules that keep the total
defensible in a bid protest:

- **Like for like.** Only vendors scored at every stage held so far are ranked on the total
  after those stages; a shortlisted vendor with an item nobody scored, or one a returned sheet
  left blank while others scored it, is *to be confirmed* for that stage (never scored 0, never
  scored on fewer evaluators than the other vendors), and vendors not shortlisted stay below,
  on their written score.
- **The RFP's formula.** total = written x (100 - sum of the held stages' shares) / 100 + each
  held stage's score x its share / 100. Once every scored stage is held this is the final total
  printed in section 5.6; before that it is the total "after orals", with the written proposal
  keeping the shares of the stages still to come.
- **Traceable.** Each stage item's score lists the evaluator cells it comes from.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence

import pandas as pd

from rfp.core.project import Project
from rfp.core.stages import ScoredStage
from rfp.score.agreement import BIAS_FLAG, SPREAD_FLAG
from rfp.score.merge import aggregate_of
from rfp.score.run import (
    DISQUALIFIED,
    NOT_SHORTLISTED,
    RANKED_AFTER,
    Evaluations,
    EvaluatorSheet,
    StagedVendor,
    StageItem,
    StageResults,
    StageScore,
)

DEFAULT_SHORTLIST = 3
"""How many vendors a stage is held for unless told otherwise: the shortlist report's top 3."""


def default_shortlist(ranking: pd.DataFrame, top: int = DEFAULT_SHORTLIST) -> list[str]:
    """The first ``top`` vendors of the written ranking that are not disqualified."""
    eligible = [str(vendor) for vendor, row in ranking.iterrows() if not row["disqualified"]]
    return eligible[:top]


def _shown(sheet: EvaluatorSheet) -> str:
    """A stage sheet as outputs name it: "orals/alice.xlsx"."""
    return f"{sheet.path.parent.name}/{sheet.path.name}"


def _cell(sheet: EvaluatorSheet, cell: str) -> str:
    """A sheet cell with its file, unless a split sheet's cell already names it."""
    return cell if cell.startswith("[") else f"{_shown(sheet)} {cell}"


def _cells_by_item(evaluations: Evaluations) -> dict[tuple[str, str], dict[str, tuple[float, str]]]:
    """(vendor, item) -> evaluator -> (score, cell as "<folder>/<file> <cell>")."""
    found: dict[tuple[str, str], dict[str, tuple[float, str]]] = defaultdict(dict)
    for sheet in evaluations.sheets:
        for entry in sheet.scored:
            assert entry.score is not None
            found[(entry.vendor, entry.criterion)][sheet.evaluator] = (
                entry.score,
                _cell(sheet, entry.cell),
            )
    return found


def _left_blank(evaluations: Evaluations, vendor: str, item: str) -> tuple[str, ...]:
    """Each returned sheet with no score for ``vendor``'s ``item``: "bob at orals/bob.xlsx
    Scores!H5", or "bob at orals/bob.xlsx, no row for A" when it was issued without A."""
    blank: list[str] = []
    for sheet in sorted(evaluations.sheets, key=lambda s: s.evaluator.casefold()):
        rows = [e for e in sheet.entries if (e.vendor, e.criterion) == (vendor, item)]
        if any(e.score is not None for e in rows):
            continue
        where = _cell(sheet, rows[0].cell) if rows else f"{_shown(sheet)}, no row for {vendor}"
        blank.append(f"{sheet.evaluator} at {where}")
    return tuple(blank)


def _stage_item(
    key: tuple[str, str, str],
    evaluations: Evaluations,
    scored: Mapping[tuple[str, str], Mapping[str, tuple[float, str]]],
    aggregate: str,
) -> StageItem:
    """One item: the whole panel's mean or median; None (to be confirmed) when an evaluator
    whose sheet came back left it blank, so no vendor is scored on fewer evaluators than
    another; a consensus override settles it either way."""
    stage, vendor, item = key
    given = sorted(scored.get((vendor, item), {}).items(), key=lambda x: x[0].casefold())
    cells = tuple(cell for _, (_, cell) in given)
    numbers = [score for _, (score, _) in given]
    listed = ", ".join(f"{name} {score:g}" for name, (score, _) in given)
    blank = _left_blank(evaluations, vendor, item) if numbers else ()
    value: float | None = None
    if not numbers:
        note = "not scored"
    elif blank:
        note = f"to be confirmed: left blank by {', '.join(blank)}; scored by {listed}"
    else:
        note = f"{aggregate} of {len(numbers)}: {listed}"
        value = statistics.median(numbers) if aggregate == "median" else statistics.fmean(numbers)
    override = next(
        (o for o in evaluations.consensus if (o.vendor, o.criterion) == (vendor, item)), None
    )
    if override is not None:
        value, note = override.score, f"consensus: {override.reason} ({note})"
        cells, blank = (*cells, override.cell), ()
    return StageItem(stage, vendor, item, value, note, cells, blank)


def stage_items(
    project: Project, stage: ScoredStage, shortlist: Sequence[str], evaluations: Evaluations
) -> list[StageItem]:
    """Every shortlisted vendor's score on every item of ``stage``: the panel's mean or median,
    a consensus override where there is one, else None."""
    aggregate = aggregate_of(project)
    scored = _cells_by_item(evaluations)
    return [
        _stage_item((stage.id, vendor, item.id), evaluations, scored, aggregate)
        for vendor in shortlist
        for item in stage.criteria
    ]


def stage_score(stage: ScoredStage, vendor: str, items: Sequence[StageItem]) -> StageScore:
    """Out of 100: each item's points x its score / 5; None while any item is unscored, or
    scored by only part of the panel."""
    mine = {item.criterion: item for item in items if item.vendor == vendor}
    missing = tuple(
        wc.id for wc in stage.criteria if mine.get(wc.id) is None or mine[wc.id].score is None
    )
    if missing:
        blank = tuple(
            f"{wc} left blank by {', '.join(mine[wc].blank)}"
            for wc in missing
            if wc in mine and mine[wc].blank
        )
        return StageScore(stage.id, vendor, None, missing, blank)
    total = sum(wc.points * (mine[wc.id].score or 0.0) / 5 for wc in stage.criteria)
    return StageScore(stage.id, vendor, round(total, 6))


def unconfirmed(items: Sequence[StageItem]) -> list[str]:
    """One line per item left blank on a returned sheet: the sheet and cell, and why the item
    waits (the vendor's stage total with it)."""
    return [
        f"{item.stage} {item.criterion} for {item.vendor}: left blank by {', '.join(item.blank)}"
        f"; to be confirmed (the others scored it), never scored on fewer evaluators"
        for item in items
        if item.blank
    ]


def final_total(
    written: float, stage_scores: Mapping[str, float], shares: Mapping[str, float]
) -> float:
    """written x the written proposal's share + each stage's score x its share, out of 100."""
    kept = 100.0 - sum(shares[stage] for stage in stage_scores)
    return (written * kept + sum(stage_scores[s] * shares[s] for s in stage_scores)) / 100.0


def _open(score: StageScore) -> str:
    """Why a stage score waits: "ORL-03 not scored; ORL-01 left blank by bob"."""
    partly = {line.split(" ")[0] for line in score.blank}
    nobody = [item for item in score.missing if item not in partly]
    said = [f"{', '.join(nobody)} not scored"] if nobody else []
    return "; ".join([*said, *score.blank])


def _standing(
    vendor: str,
    held: Sequence[str],
    shortlists: Mapping[str, Sequence[str]],
    scores: Mapping[tuple[str, str], StageScore],
) -> str:
    """Why ``vendor`` cannot be ranked on the total after ``held``, or "" when it can."""
    if not any(vendor in shortlists[stage] for stage in held):
        return NOT_SHORTLISTED
    open_items = []
    for stage in held:
        found = scores.get((stage, vendor))
        if found is None:
            open_items.append(f"not shortlisted for {stage.replace('_', ' ')}")
        elif found.score is None:
            open_items.append(f"{stage.replace('_', ' ')} ({_open(found)})")
    return f"to be confirmed: {'; '.join(open_items)}" if open_items else ""


def rank_after_stages(
    ranking: pd.DataFrame,
    held: Sequence[str],
    shares: Mapping[str, float],
    shortlists: Mapping[str, Sequence[str]],
    scores: Sequence[StageScore],
) -> list[StagedVendor]:
    """Vendors scored at every held stage first, by the total after those stages (ties: the
    higher written score, then the name); then the shortlisted with a stage to be confirmed,
    then the vendors not shortlisted, then the disqualified, each in the written order."""
    by_key = {(score.stage, score.vendor): score for score in scores}
    label = ", ".join(stage.replace("_", " ") for stage in held)
    ranked: list[tuple[float, float, str, StagedVendor]] = []
    open_: list[StagedVendor] = []
    unlisted: list[StagedVendor] = []
    out: list[StagedVendor] = []
    for name, row in ranking.iterrows():
        vendor, written = str(name), float(row["total"])
        if row["disqualified"]:
            out.append(StagedVendor(0, vendor, written, None, DISQUALIFIED))
            continue
        why = _standing(vendor, held, shortlists, by_key)
        if why == NOT_SHORTLISTED:
            unlisted.append(StagedVendor(0, vendor, written, None, why))
        elif why:
            open_.append(StagedVendor(0, vendor, written, None, why))
        else:
            stage_points = {stage: by_key[(stage, vendor)].score or 0.0 for stage in held}
            total = round(final_total(written, stage_points, shares), 6)
            line = StagedVendor(0, vendor, written, total, f"{RANKED_AFTER} {label}")
            ranked.append((-total, -round(written, 6), vendor.casefold(), line))
    ordered = [line for *_, line in sorted(ranked, key=lambda item: item[:3])]
    ordered += open_ + unlisted + out
    return [
        StagedVendor(rank, line.vendor, line.written, line.total, line.standing)
        for rank, line in enumerate(ordered, start=1)
    ]


def panel_flags(stage: str, evaluations: Evaluations) -> list[str]:
    """Items where the panel differs by 2 points or more, and evaluators who score at least half
    a point above or below the others on average: bias made visible, as for the written sheets."""
    table: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for sheet in evaluations.sheets:
        for entry in sheet.scored:
            assert entry.score is not None
            table[(entry.vendor, entry.criterion)][sheet.evaluator] = entry.score
    flags = []
    gaps: dict[str, list[float]] = defaultdict(list)
    for (vendor, item), given in sorted(table.items()):
        if len(given) < 2:
            continue
        if max(given.values()) - min(given.values()) >= SPREAD_FLAG:
            listed = ", ".join(f"{name} {score:g}" for name, score in sorted(given.items()))
            flags.append(f"{stage} {item} for {vendor}: {listed}")
        for name, score in given.items():
            others = [value for other, value in given.items() if other != name]
            gaps[name].append(score - statistics.fmean(others))
    for name, values in sorted(gaps.items()):
        bias = statistics.fmean(values)
        if abs(bias) >= BIAS_FLAG:
            side = "above" if bias > 0 else "below"
            flags.append(
                f"{stage}: {name} scores {abs(bias):.2f} {side} the rest of the panel on average"
            )
    return flags


def score_stages(
    project: Project,
    ranking: pd.DataFrame,
    shortlists: Mapping[str, Sequence[str]],
    evaluations: Mapping[str, Evaluations],
    shortlist_sources: Mapping[str, str] | None = None,
) -> StageResults | None:
    """The stages held (a sheet of theirs was merged), their scores and the ranking after them;
    None when no scored stage has been held yet, so the written ranking stands alone."""
    held = [
        stage.id
        for stage in project.stages
        if stage.id in evaluations and evaluations[stage.id] and stage.id in shortlists
    ]
    if not held:
        return None
    items: list[StageItem] = []
    scores: list[StageScore] = []
    flags: list[str] = []
    blanks: list[str] = []
    for stage in project.stages:
        if stage.id not in held:
            continue
        stage_items_now = stage_items(project, stage, shortlists[stage.id], evaluations[stage.id])
        items += stage_items_now
        scores += [stage_score(stage, v, stage_items_now) for v in shortlists[stage.id]]
        flags += panel_flags(stage.id, evaluations[stage.id])
        blanks += unconfirmed(stage_items_now)
    shares = {stage.id: stage.share for stage in project.stages if stage.id in held}
    return StageResults(
        held=held,
        shares=shares,
        shortlists={stage: list(shortlists[stage]) for stage in held},
        shortlist_sources={stage: (shortlist_sources or {}).get(stage, "") for stage in held},
        items=items,
        scores=scores,
        ranking=rank_after_stages(ranking, held, shares, shortlists, scores),
        evaluations={stage: evaluations[stage] for stage in held},
        flags=flags,
        unconfirmed=blanks,
    )
