"""How sure the ranking is when the scores, not only the weights, are uncertain. Pure.

Weights are one judgement; the scores are others: evaluators differ, and an auto-score is an
estimate. Here every cell of the criterion matrix (vendor x criterion, 0-5) carries a standard
deviation, decided by ``analysis``: 0 for a fact, the evaluators' spread where people scored
it, the auto-score's own uncertainty where nobody did.

- ``scenarios``: rank the vendors under (a) the weight draws of ``sensitivity.monte_carlo``
  alone, (b) a draw of every cell alone and (c) both together, from the same random numbers;
- ``smallest_cell_flip``: the smallest change to one judged score that puts another vendor
  first, solved exactly because a total is linear in each score;
- ``decision_statement``: that flip and the weight flip, in one sentence.

Seeded and vectorised: the draws are processed in blocks of about a million cells, so memory
stays flat and nothing loops over draws or vendors in Python.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from threadpoolctl import threadpool_limits

from rfp.errors import ScoringError
from rfp.report import sensitivity
from rfp.report.sensitivity import BOTH, SCORES, TOTAL_POINTS, WEIGHTS, MonteCarloResult

FloatArray = npt.NDArray[np.float64]

MAX_SCORE = 5.0
# Cells drawn per block: bounds memory (a few arrays of this many floats) whatever the field.
_BLOCK_CELLS = 1 << 20
# A challenger must get ahead by more than this (in points) to count as overtaking.
_TOLERANCE = 1e-9
_DECIMALS = 9


@dataclass(frozen=True)
class Scenarios:
    """The ranking's probabilities under each kind of uncertainty, from the same draws."""

    weights: MonteCarloResult
    scores: MonteCarloResult
    both: MonteCarloResult


@dataclass(frozen=True)
class CellFlip:
    """The smallest change to one judged score at which the current winner loses first place.

    ``new_score`` is the breakpoint where the two totals are level: ``new_winner`` leads for
    any score beyond it (in ``direction``). ``vendor`` is whose score moves: the challenger's
    rising or the winner's falling.
    """

    vendor: str
    criterion: str
    direction: Literal["rise", "fall"]
    current_score: float
    new_score: float
    change: float
    current_winner: str
    new_winner: str
    lead_points: float


@dataclass(frozen=True)
class _Cells:
    vendors: list[str]
    criteria: list[str]
    areas: list[str]
    scores: FloatArray  # vendors x criteria, 0-5
    sd: FloatArray  # vendors x criteria, >= 0
    points: FloatArray  # criteria
    to_area: FloatArray  # criteria x areas: share of the area's achievement per score point
    area_points: FloatArray  # areas, sums to 100


def _matrix(frame: pd.DataFrame, vendors: list[str], criteria: list[str], what: str) -> FloatArray:
    if [str(v) for v in frame.index] != vendors or [str(c) for c in frame.columns] != criteria:
        raise ScoringError(f"{what} must have the same vendors and criteria as the scores")
    return sensitivity.numeric_values(frame, what)


def _cells(
    scores: pd.DataFrame,
    sd: pd.DataFrame,
    points: Mapping[str, float],
    area_of: Mapping[str, str],
) -> _Cells:
    vendors = [str(v) for v in scores.index]
    criteria = [str(c) for c in scores.columns]
    if not vendors or not criteria:
        raise ScoringError("no vendors or no criteria to analyse")
    if len(set(vendors)) != len(vendors) or len(set(criteria)) != len(criteria):
        raise ScoringError("duplicate vendors or criteria in the score matrix")
    unknown = [c for c in criteria if c not in points or c not in area_of]
    if unknown:
        raise ScoringError(f"no points or area for {', '.join(unknown)}")
    values = _matrix(scores, vendors, criteria, "scores")
    spread = _matrix(sd, vendors, criteria, "standard deviations")
    if values.min() < 0 or values.max() > MAX_SCORE:
        raise ScoringError("scores must be on the 0-5 scale")
    if spread.min() < 0:
        raise ScoringError("standard deviations must not be negative")
    weights = np.array([float(points[c]) for c in criteria])
    if not np.isfinite(weights).all() or weights.min() < 0 or weights.sum() <= 0:
        raise ScoringError("criterion points must be non-negative and not all zero")
    weights *= TOTAL_POINTS / weights.sum()
    areas = list(dict.fromkeys(area_of[c] for c in criteria))
    member = np.array([[area_of[c] == a for a in areas] for c in criteria], dtype=np.float64)
    area_points = weights @ member
    # achievement[v, k] = sum over k's criteria of points x score / 5, over the area's points.
    per_area = np.divide(
        weights,
        MAX_SCORE * (member @ area_points),
        out=np.zeros_like(weights),
        where=weights > 0,
    )
    to_area = member * per_area[:, None]
    return _Cells(vendors, criteria, areas, values, spread, weights, to_area, area_points)


def scenarios(
    scores: pd.DataFrame,
    sd: pd.DataFrame,
    points: Mapping[str, float],
    area_of: Mapping[str, str],
    *,
    top_n: int = 3,
    draws: int = 5000,
    spread: float = 0.20,
    seed: int = 20270101,
) -> Scenarios:
    """Rank vendors under weight draws, score draws and both, ``draws`` scenarios each.

    ``scores`` and ``sd`` are vendors x criteria (0-5 and its standard deviation); ``points``
    gives each criterion's points and ``area_of`` its area. Weight draws are exactly those of
    ``sensitivity.monte_carlo`` for the area points and ``seed``. A score draw takes every cell
    from a normal around its score with its standard deviation, clipped to 0-5 (a score cannot
    leave the scale); cells are drawn independently. The same draws serve all three, so the
    three columns differ only in what was varied. Ties go to the vendor name.
    """
    cells = _cells(scores, sd, points, area_of)
    if draws < 1 or top_n < 1:
        raise ScoringError(f"draws and top_n must be at least 1, got {draws} and {top_n}")
    if not 0 <= spread < 1:
        raise ScoringError(f"spread must be in [0, 1), got {spread}")
    factors = sensitivity.weight_factors(seed, draws, len(cells.areas), spread)
    weights = cells.area_points * factors
    weights *= TOTAL_POINTS / weights.sum(axis=1, keepdims=True)
    base_achievement = cells.scores @ cells.to_area  # vendors x areas
    tallies = [sensitivity.RankTally.empty(len(cells.vendors), top_n) for _ in range(3)]
    alphabetical = sensitivity.name_order(cells.vendors)
    start = 0
    # The products here are narrow (one column an area): a second BLAS thread costs more than
    # it saves, and the second core is drawing the next block. Threads split rows, never the
    # sum behind one value, so the bits are the same.
    cell_sd, cell_scores = np.ascontiguousarray(cells.sd), np.ascontiguousarray(cells.scores)
    with threadpool_limits(limits=1, user_api="blas"):
        for normals in _normal_blocks(np.random.default_rng((seed, 1)), cells.scores.shape, draws):
            drawn = weights[start : start + len(normals)]
            start += len(normals)
            scored = _drawn_achievement(normals, cell_sd, cell_scores, cells.to_area)
            for index, totals in enumerate(
                (
                    drawn @ base_achievement.T,
                    scored @ cells.area_points,
                    np.einsum("dvk,dk->dv", scored, drawn),
                )
            ):
                tallies[index].add(totals, alphabetical)
    results = [
        sensitivity.tally(ranks, cells.vendors, seed=seed, spread=spread, varies=varies)
        for ranks, varies in zip(tallies, (WEIGHTS, SCORES, BOTH), strict=True)
    ]
    return Scenarios(weights=results[0], scores=results[1], both=results[2])


def _normal_blocks(
    rng: np.random.Generator, shape: tuple[int, ...], draws: int
) -> Iterator[FloatArray]:
    """``draws`` standard normal draws of an array of ``shape``, in blocks of about
    ``_BLOCK_CELLS`` cells, each block drawn by a second thread while the caller works on the
    one before: drawing is half the work, and numpy draws without holding the GIL.

    One thread draws every block, in order, from the one generator: the numbers are those of
    a single ``rng.standard_normal((draws, *shape))``, whatever the block size. Two buffers
    take turns; the caller may change a block in place, but not keep it past the next one.
    """
    block = min(draws, max(1, _BLOCK_CELLS // max(1, math.prod(shape))))
    buffers = [np.empty((block, *shape)) for _ in range(2 if draws > block else 1)]
    sizes = [min(block, draws - start) for start in range(0, draws, block)]

    def fill(turn: int) -> FloatArray:
        out = buffers[turn % len(buffers)][: sizes[turn]]
        rng.standard_normal(out=out)
        return out

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(fill, 0)
        for turn in range(len(sizes)):
            normals = pending.result()
            if turn + 1 < len(sizes):
                pending = pool.submit(fill, turn + 1)
            yield normals


def _drawn_achievement(
    normals: FloatArray, spread: FloatArray, centre: FloatArray, to_area: FloatArray
) -> FloatArray:
    """Standard normal ``normals`` (draws x vendors x criteria, changed in place) as draws of
    every cell around ``centre`` with sd ``spread``, clipped to 0-5, and so as draws x vendors
    x areas achievement (``to_area``: criteria x areas).

    The product with ``to_area`` is taken as one 2-D matrix product: the same BLAS kernel on
    the same rows gives the same bits as the stacked product, 30 times faster.
    """
    drawn = normals
    drawn *= spread
    drawn += centre
    np.clip(drawn, 0.0, MAX_SCORE, out=drawn)
    rows: FloatArray = drawn.reshape(-1, drawn.shape[-1]) @ to_area
    return rows.reshape(*drawn.shape[:-1], rows.shape[-1])


# ---------------------------------------------------------------- smallest single-score flip


def smallest_cell_flip(
    scores: pd.DataFrame,
    points: Mapping[str, float],
    *,
    facts: Collection[tuple[str, str]] = (),
) -> CellFlip | None:
    """The smallest change to one score (0-5) that puts another vendor first, or None.

    A total is sum(points x score / 5), so a score moving by d moves its vendor's total by
    points x d / 5. The challenger c overtakes the winner w when c's score on criterion j rises
    by more than lead x 5 / points_j (while it stays within 5), or when w's score falls by more
    than the runner-up's lead x 5 / points_j (while it stays above 0). Cells in ``facts``
    ((vendor, criterion): prices, certifications) are facts, not judgements, and never move.
    Knockouts are not re-tested: a mandatory score falling below the threshold would
    disqualify, not just demote.
    """
    vendors = [str(v) for v in scores.index]
    criteria = [str(c) for c in scores.columns]
    if len(vendors) < 2 or not criteria:
        return None
    values = _matrix(scores, vendors, criteria, "scores")
    weights = np.array([float(points[c]) for c in criteria])
    totals = values @ weights / MAX_SCORE
    order = sensitivity.rank_order(dict(zip(vendors, totals.tolist(), strict=True)))
    w, runner = vendors.index(order[0]), vendors.index(order[1])
    lead = totals[w] - totals
    fixed = np.array([[(v, c) in facts for c in criteria] for v in vendors], dtype=bool)
    judged = (weights > 0) & ~fixed
    per_point = np.where(weights > 0, weights / MAX_SCORE, 1.0)
    # Rises: every challenger's every judged cell. Falls: the winner's, for the runner-up.
    rise = np.where(judged, lead[:, None] / per_point, np.inf)
    rise[w] = np.inf
    rise[rise >= MAX_SCORE - values - _TOLERANCE] = np.inf
    fall = np.where(judged[w], lead[runner] / per_point, np.inf)
    fall[fall >= values[w] - _TOLERANCE] = np.inf
    c, j = np.unravel_index(int(np.argmin(np.round(rise, _DECIMALS))), rise.shape)
    k = int(np.argmin(np.round(fall, _DECIMALS)))
    if not np.isfinite(rise[c, j]) and not np.isfinite(fall[k]):
        return None
    if round(float(rise[c, j]), _DECIMALS) <= round(float(fall[k]), _DECIMALS):
        mover, criterion, change, new_winner = int(c), int(j), float(rise[c, j]), int(c)
    else:
        mover, criterion, change, new_winner = w, k, -float(fall[k]), runner
    current = float(values[mover, criterion])
    return CellFlip(
        vendor=vendors[mover],
        criterion=criteria[criterion],
        direction="fall" if mover == w else "rise",
        current_score=current,
        new_score=current + change,
        change=abs(change),
        current_winner=vendors[w],
        new_winner=vendors[new_winner],
        lead_points=float(lead[new_winner]),
    )


def possessive(name: str) -> str:
    """``Northstar's``, ``Solutions'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _figure(value: float) -> str:
    """Three significant figures, so a breakpoint near 0 does not print as 0.0."""
    return f"{value:.3g}"


def decision_statement(
    cell: CellFlip | None,
    weight: sensitivity.WinnerFlip | None,
    *,
    criterion_titles: Mapping[str, str],
    area_titles: Mapping[str, str],
) -> str:
    """What would change the decision, in words: the smallest score and weight changes."""
    clauses: list[tuple[str, str, str]] = []  # (winner, challenger, condition)
    if cell is not None:
        title = criterion_titles.get(cell.criterion, "")
        named = f"{cell.criterion} ({title})" if title else cell.criterion
        verb = "rose" if cell.direction == "rise" else "fell"
        clauses.append(
            (
                cell.current_winner,
                cell.new_winner,
                f"{possessive(cell.vendor)} score on {named} {verb} by more than "
                f"{_figure(cell.change)} (from {cell.current_score:g} to "
                f"{_figure(cell.new_score)} out of 5)",
            )
        )
    if weight is not None:
        area = area_titles.get(weight.area, weight.area)
        verb = "rose above" if weight.direction == "increase" else "fell below"
        clauses.append(
            (
                weight.current_winner,
                weight.new_winner,
                f"the weight of {area} {verb} {_figure(weight.new_weight)} points "
                f"(from {weight.current_weight:g}, the other areas rescaled in proportion)",
            )
        )
    if not clauses:
        return "No change to a single score or to a single area's weight puts another vendor first."
    winner, challenger, condition = clauses[0]
    sentence = f"{challenger} would overtake {winner} if {condition}"
    for _, other, more in clauses[1:]:
        sentence += f", or if {more}" if other == challenger else f"; {other} would if {more}"
    if cell is None:
        sentence += "; no change to a single score could do it"
    elif weight is None:
        sentence += "; no change to a single area's weight could do it"
    return sentence + "."
