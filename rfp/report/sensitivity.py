"""How much the ranking depends on the area weights. Pure: no I/O, deterministic.

Area weights are a judgement call, so leadership needs to know whether the winner survives
reasonable disagreement about them. Everything here works on the per-vendor **area
achievement**: the fraction (0-1) of each area's points a vendor earned, i.e. the area
subtotal from ``scoring.area_totals`` divided by the area's points. With weights normalised to
100, a vendor's total is ``sum(weight[area] * achievement[vendor, area])``, exactly the total
the RFP prints, so any weight vector can be re-scored without going back to criterion scores.

- ``monte_carlo``: jitter every area weight at random and count how often each vendor ranks
  first (and in the top n);
- ``smallest_winner_flip``: the smallest change to one area's weight that changes the winner,
  solved exactly because totals are linear in that weight;
- ``topsis`` and ``ranking_agreement``: a second, differently shaped method as a cross-check;
- ``assess_confidence`` and ``confidence_statement``: one verdict and one sentence for readers.

Ties are broken by vendor name (case-insensitive, then exact) so every result is reproducible.
Only qualified vendors are passed in; disqualified ones rank last whatever the weights.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from rfp.errors import ScoringError

__all__ = [
    "Confidence",
    "MonteCarloResult",
    "TopsisCheck",
    "TopsisDriver",
    "WinnerFlip",
    "area_achievement",
    "assess_confidence",
    "confidence_statement",
    "monte_carlo",
    "rank_order",
    "ranking_agreement",
    "smallest_winner_flip",
    "too_close_to_call",
    "topsis",
    "topsis_driver",
    "weighted_totals",
]

FloatArray = npt.NDArray[np.float64]

TOTAL_POINTS = 100.0
# What a set of scenarios varies; the verdict's wording depends on it.
WEIGHTS = "weights"
SCORES = "scores"
BOTH = "weights and scores"
# Achievement is computed as subtotal / points, so allow float noise just outside 0-1.
_ACHIEVEMENT_SLACK = 1e-9
# Totals are rounded to this many decimals before ranking so float noise never decides a tie.
_RANK_DECIMALS = 9
# A challenger must get ahead by more than this (in points) to count as overtaking.
_OVERTAKE_TOLERANCE = 1e-9


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class MonteCarloResult:
    """How vendors rank across random weight scenarios; probabilities are shares of ``draws``."""

    p_first: dict[str, float]
    p_top_n: dict[str, float]
    mean_rank: dict[str, float]
    top_n: int
    draws: int
    seed: int
    spread: float
    varies: str = WEIGHTS
    """What the scenarios vary: ``WEIGHTS``, ``SCORES`` or ``BOTH``."""


@dataclass(frozen=True)
class WinnerFlip:
    """The smallest single-area weight change at which the current winner loses first place.

    ``new_weight`` is the breakpoint where the two totals are equal: the challenger leads for
    any weight beyond it (in ``direction``), the current winner for any weight short of it.
    ``weights_after`` is the full weight vector at the breakpoint (it sums to 100).
    """

    area: str
    direction: Literal["increase", "decrease"]
    current_weight: float
    new_weight: float
    change_points: float
    current_winner: str
    new_winner: str
    lead_points: float
    weights_after: dict[str, float]


@dataclass(frozen=True)
class TopsisCheck:
    """Whether TOPSIS, which rewards balance differently, agrees with the weighted sum."""

    weighted_sum_order: tuple[str, ...]
    topsis_order: tuple[str, ...]
    same_order: bool
    same_winner: bool
    kendall_tau: float


@dataclass(frozen=True)
class Confidence:
    """The verdict on the top two: too close to call on points, on probability, or robust."""

    leader: str
    runner_up: str | None
    gap_points: float | None
    leader_p_first: float
    runner_up_p_first: float | None
    margin_points: float
    probability: float
    draws: int
    spread: float
    close_on_points: bool
    close_on_probability: bool
    varies: str = WEIGHTS
    """What the scenarios behind ``leader_p_first`` varied (see ``MonteCarloResult``)."""

    @property
    def too_close(self) -> bool:
        """True when either test says the top two cannot be told apart with confidence."""
        return self.close_on_points or self.close_on_probability


# ---------------------------------------------------------------- validation and helpers


def _name_key(vendor: str) -> tuple[str, str]:
    return (vendor.casefold(), vendor)


def _labels(index: pd.Index, what: str) -> list[str]:
    labels = [str(label) for label in index]
    if len(set(labels)) != len(labels):
        raise ScoringError(f"duplicate {what}: {', '.join(sorted(labels))}")
    return labels


def numeric_values(frame: pd.DataFrame, what: str) -> FloatArray:
    """The frame as finite floats, or ScoringError naming ``what``."""
    try:
        values = frame.to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ScoringError(f"{what} must be numeric: {exc}") from exc
    if not np.isfinite(values).all():
        raise ScoringError(f"{what} contains missing or infinite values")
    return values


def _weight_vector(weights: Mapping[str, float], columns: Sequence[str]) -> FloatArray:
    """Weights in column order, checked and normalised to sum to 100."""
    missing = [column for column in columns if column not in weights]
    extra = sorted(str(key) for key in weights if key not in columns)
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"no weight for {', '.join(missing)}")
        if extra:
            parts.append(f"weights for unknown areas {', '.join(extra)}")
        raise ScoringError("weights must cover exactly the matrix columns: " + "; ".join(parts))
    raw = np.array([float(weights[column]) for column in columns], dtype=np.float64)
    if not np.isfinite(raw).all():
        raise ScoringError("weights must be finite numbers")
    negative = [column for column, value in zip(columns, raw, strict=True) if value < 0]
    if negative:
        raise ScoringError(f"weights must not be negative: {', '.join(negative)}")
    total = float(raw.sum())
    if total <= 0:
        raise ScoringError("weights must not all be zero")
    normalised: FloatArray = raw * (TOTAL_POINTS / total)
    return normalised


@dataclass(frozen=True)
class _Problem:
    vendors: list[str]
    areas: list[str]
    achievement: FloatArray  # vendors x areas, 0-1
    weights: FloatArray  # areas, sums to 100


def _problem(achievement: pd.DataFrame, weights: Mapping[str, float]) -> _Problem:
    vendors = _labels(achievement.index, "vendors")
    areas = _labels(achievement.columns, "areas")
    if not vendors:
        raise ScoringError("no vendors to analyse")
    if not areas:
        raise ScoringError("no areas to analyse")
    values = numeric_values(achievement, "achievement")
    low, high = float(values.min()), float(values.max())
    if low < -_ACHIEVEMENT_SLACK or high > 1 + _ACHIEVEMENT_SLACK:
        raise ScoringError(
            f"achievement must be a fraction of the area's points (0-1), got {low:g} to {high:g}"
        )
    return _Problem(vendors, areas, np.clip(values, 0.0, 1.0), _weight_vector(weights, areas))


def _order(vendors: Sequence[str], totals: Sequence[float]) -> list[int]:
    """Indices of vendors, best first: higher total, then the vendor name."""
    return sorted(
        range(len(vendors)),
        key=lambda i: (-round(float(totals[i]), _RANK_DECIMALS), _name_key(vendors[i])),
    )


# ---------------------------------------------------------------- totals


def area_achievement(area_subtotals: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Subtotals per area (``scoring.area_totals``) -> the fraction of each area's points earned.

    Only the columns named in ``weights`` are used (so a ``total`` column is ignored). An area
    worth 0 points has achievement 0: it carries no information to perturb.
    """
    areas = [str(area) for area in weights]
    missing = [area for area in areas if area not in area_subtotals.columns]
    if missing:
        raise ScoringError(f"no subtotal column for {', '.join(missing)}")
    points = _weight_vector(weights, areas)
    earned = numeric_values(area_subtotals[areas], "area subtotals")
    achieved = np.divide(earned, points, out=np.zeros_like(earned), where=points > 0)
    return pd.DataFrame(achieved, index=area_subtotals.index.copy(), columns=areas)


def weighted_totals(achievement: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Totals out of 100 under ``weights`` (normalised to 100), one per vendor."""
    problem = _problem(achievement, weights)
    return pd.Series(
        problem.achievement @ problem.weights, index=problem.vendors, name="total", dtype=float
    )


def rank_order(totals: Mapping[str, float]) -> list[str]:
    """Vendors best first: higher total, then the vendor name, as every function here ranks."""
    vendors = [str(vendor) for vendor in totals]
    return [vendors[i] for i in _order(vendors, [float(v) for v in totals.values()])]


# ---------------------------------------------------------------- Monte Carlo


def monte_carlo(
    achievement: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    top_n: int = 3,
    draws: int = 5000,
    spread: float = 0.20,
    seed: int = 20270101,
) -> MonteCarloResult:
    """Rank vendors under ``draws`` random weight scenarios around the agreed weights.

    Each scenario multiplies every area weight by its own factor drawn uniformly from
    [1 - spread, 1 + spread] and renormalises to 100, modelling evaluators who broadly agree
    but would each have nudged the weights. Ties go to the vendor name, as in the report.
    """
    problem = _problem(achievement, weights)
    if draws < 1:
        raise ScoringError(f"draws must be at least 1, got {draws}")
    if top_n < 1:
        raise ScoringError(f"top_n must be at least 1, got {top_n}")
    if not 0 <= spread < 1:
        raise ScoringError(f"spread must be in [0, 1), got {spread}")

    factors = weight_factors(seed, draws, len(problem.areas), spread)
    scenario_weights = problem.weights * factors
    scenario_weights *= TOTAL_POINTS / scenario_weights.sum(axis=1, keepdims=True)
    ranks = RankTally.empty(len(problem.vendors), top_n)
    alphabetical = name_order(problem.vendors)
    # A block of draws at a time: every draw's totals at once are draws x vendors (400 MB at
    # 10,000 vendors). A row of the product is the same sum whichever rows come with it.
    block = max(1, _BLOCK_TOTALS // max(1, len(problem.vendors)))
    for start in range(0, draws, block):
        ranks.add(scenario_weights[start : start + block] @ problem.achievement.T, alphabetical)
    return tally(ranks, problem.vendors, seed=seed, spread=spread)


_BLOCK_TOTALS = 1 << 20
"""Draws x vendors totals ranked at a time."""


def weight_factors(seed: int, draws: int, areas: int, spread: float) -> FloatArray:
    """The factors each area weight is multiplied by, draw by draw: U[1 - spread, 1 + spread].

    Drawn first from a generator seeded with ``seed`` alone, so every analysis that varies the
    weights with the same seed sees the very same weight scenarios.
    """
    rng = np.random.default_rng(seed)
    factors: FloatArray = rng.uniform(1 - spread, 1 + spread, size=(draws, areas))
    return factors


def name_order(vendors: Sequence[str]) -> npt.NDArray[np.int64]:
    """Vendor indices in name order (case-insensitive, then exact): how ties are broken."""
    return np.array(
        sorted(range(len(vendors)), key=lambda i: _name_key(vendors[i])), dtype=np.int64
    )


@dataclass
class RankTally:
    """Per vendor, over the draws counted so far: how often it ranked first, how often in the
    top ``top_n``, and the sum of its ranks. That is all the reported shares need, in memory
    linear in the vendors: a vendors x ranks table of counts took 0.8 GB at 10,000 vendors,
    and its rows as tuples as much again, for each of four analyses."""

    top_n: int
    first: npt.NDArray[np.int64]
    top: npt.NDArray[np.int64]
    rank_sum: npt.NDArray[np.int64]
    draws: int = 0

    @classmethod
    def empty(cls, vendors: int, top_n: int) -> RankTally:
        first, top, rank_sum = np.zeros((3, vendors), dtype=np.int64)
        return cls(top_n, first, top, rank_sum)

    def add(self, totals: FloatArray, alphabetical: npt.NDArray[np.int64]) -> None:
        """Count the draws x vendors ``totals``; ``alphabetical`` is ``name_order(vendors)``.

        Totals are rounded so float noise never decides a tie; ties go to the vendor name.
        """
        vendors = len(alphabetical)
        if vendors == 0:
            return
        # Columns in name order, then best first with ties in column order: ties keep name order.
        order = alphabetical[best_first(totals[..., alphabetical])]
        # order[d, r] is the vendor at rank r + 1 in draw d.
        self.first += np.bincount(order[:, 0], minlength=vendors)
        self.top += np.bincount(order[:, : self.top_n].ravel(), minlength=vendors)
        rank_of = np.empty_like(order)
        np.put_along_axis(rank_of, order, np.arange(1, vendors + 1)[None, :], axis=1)
        self.rank_sum += rank_of.sum(axis=0)
        self.draws += len(order)


def best_first(totals: FloatArray) -> npt.NDArray[np.int64]:
    """Per row, the column indices by total, highest first, totals rounded to
    ``_RANK_DECIMALS`` and ties in column order: ``argsort(-round(totals), kind="stable")``.

    numpy rounds x as rint(x * 10**d) / 10**d, so two totals tie exactly when their
    rint(x * 10**d) do and otherwise keep their order. One integer a column,
    -rint(x * 10**d) x columns + column, is then unique and sorts in that very order, and
    sorting integers is four times faster than a stable sort of floats.
    """
    columns = totals.shape[-1]
    scaled = np.rint(totals * 10.0**_RANK_DECIMALS)
    if scaled.size and not np.abs(scaled).max() < min(2.0**53, 2.0**62 / max(columns, 1)):
        # Totals too large for an exact integer key: the stable sort itself.
        rounded = np.round(totals, _RANK_DECIMALS)
        stable: npt.NDArray[np.int64] = np.argsort(-rounded, axis=-1, kind="stable")
        return stable
    keys = (-scaled).astype(np.int64) * columns + np.arange(columns)
    keys.sort(axis=-1)
    positions: npt.NDArray[np.int64] = keys % columns
    return positions


def tally(
    ranks: RankTally,
    vendors: Sequence[str],
    *,
    seed: int,
    spread: float,
    varies: str = WEIGHTS,
) -> MonteCarloResult:
    """The counts -> the shares reported: first, top n and the mean rank."""
    draws = ranks.draws
    return MonteCarloResult(
        p_first={v: float(ranks.first[i]) / draws for i, v in enumerate(vendors)},
        p_top_n={v: float(ranks.top[i]) / draws for i, v in enumerate(vendors)},
        mean_rank={v: float(ranks.rank_sum[i]) / draws for i, v in enumerate(vendors)},
        top_n=ranks.top_n,
        draws=draws,
        seed=seed,
        spread=spread,
        varies=varies,
    )


# ---------------------------------------------------------------- smallest winner flip


@dataclass(frozen=True)
class _FlipCandidate:
    change: float
    area_index: int
    speed: float  # how fast the challenger gains on the winner, points per weight point
    challenger: str
    new_weight: float
    direction: Literal["increase", "decrease"]


def _flip_candidates(problem: _Problem, totals: FloatArray, winner: int) -> list[_FlipCandidate]:
    """For each area and challenger, the weight at which the challenger gets strictly ahead."""
    vendors, ach, base = problem.vendors, problem.achievement, problem.weights
    candidates: list[_FlipCandidate] = []
    for k, weight in enumerate(base.tolist()):
        rest = TOTAL_POINTS - weight
        if rest <= _OVERTAKE_TOLERANCE:
            continue  # the other areas have no points to rescale proportionally
        others = (totals - weight * ach[:, k]) / rest
        for c, challenger in enumerate(vendors):
            if c == winner:
                continue
            lead = float(totals[winner] - totals[c])
            slope = float((ach[winner, k] - others[winner]) - (ach[c, k] - others[c]))
            lead_at_0 = TOTAL_POINTS * float(others[winner] - others[c])
            lead_at_100 = TOTAL_POINTS * float(ach[winner, k] - ach[c, k])
            direction: Literal["increase", "decrease"]
            if slope < 0 and lead_at_100 < -_OVERTAKE_TOLERANCE:
                new_weight = min(max(weight - lead / slope, weight), TOTAL_POINTS)
                direction = "increase"
            elif slope > 0 and lead_at_0 < -_OVERTAKE_TOLERANCE:
                new_weight = max(min(weight - lead / slope, weight), 0.0)
                direction = "decrease"
            else:
                continue
            candidates.append(
                _FlipCandidate(
                    abs(new_weight - weight), k, abs(slope), challenger, new_weight, direction
                )
            )
    return candidates


def smallest_winner_flip(
    achievement: pd.DataFrame, weights: Mapping[str, float]
) -> WinnerFlip | None:
    """The smallest change to one area's weight that puts another vendor first, or None.

    Rule: area k's weight moves from w_k to t (0 <= t <= 100) and every other area keeps its
    share of the remaining points, w_j' = w_j x (100 - t) / (100 - w_k), so weights still sum
    to 100 and the others keep their ratios. A vendor's total is then linear in t:

        T_v(t) = 100 R_v + t (a_vk - R_v),  R_v = sum_{j != k} w_j a_vj / (100 - w_k)

    (R_v is the vendor's weighted achievement over the other areas). The winner's lead over a
    challenger, D(t) = T_w(t) - T_c(t), is linear too, so the breakpoint is where D(t) = 0.
    Raising area k can flip the winner only if the challenger achieves more in k
    (D(100) < 0); lowering it only if the challenger is ahead on the other areas (D(0) < 0).
    None when no vendor can get strictly ahead this way (one vendor, one area, or a winner at
    least as good in every area).
    """
    problem = _problem(achievement, weights)
    vendors, ach, base = problem.vendors, problem.achievement, problem.weights
    if len(vendors) < 2:
        return None
    totals = ach @ base
    winner = _order(vendors, totals.tolist())[0]

    candidates = _flip_candidates(problem, totals, winner)
    if not candidates:
        return None

    # Smallest change first; then column order; if two challengers draw level at the same
    # point, the faster one is ahead just past it; the name settles anything left.
    best = min(
        candidates,
        key=lambda f: (
            round(f.change, _RANK_DECIMALS),
            f.area_index,
            -f.speed,
            _name_key(f.challenger),
        ),
    )
    k = best.area_index
    weight = float(base[k])
    scale = (TOTAL_POINTS - best.new_weight) / (TOTAL_POINTS - weight)
    after = {
        area: (best.new_weight if j == k else float(base[j]) * scale)
        for j, area in enumerate(problem.areas)
    }
    return WinnerFlip(
        area=problem.areas[k],
        direction=best.direction,
        current_weight=weight,
        new_weight=best.new_weight,
        change_points=best.new_weight - weight,
        current_winner=vendors[winner],
        new_winner=best.challenger,
        lead_points=float(totals[winner] - totals[vendors.index(best.challenger)]),
        weights_after=after,
    )


# ---------------------------------------------------------------- TOPSIS cross-check


def topsis(
    matrix: pd.DataFrame,
    weights: Mapping[str, float],
    benefit: Mapping[str, bool] | None = None,
) -> pd.Series:
    """Classic TOPSIS closeness coefficients (Hwang & Yoon 1981), one per row, in 0-1.

    Columns are vector-normalised (x / sqrt(sum x^2)), multiplied by the weights (normalised to
    sum to 1), and each row is scored D- / (D+ + D-) by its Euclidean distances to the ideal
    (best value per column: max for a benefit column, min for a cost column) and anti-ideal.
    Unlike the weighted sum it penalises a weak area more than it rewards a strong one, which
    is what makes it a useful second opinion. A column of zeros carries no information and is
    left at zero; a row at both the ideal and the anti-ideal (all rows identical) scores 0.5.
    """
    alternatives = _labels(matrix.index, "alternatives")
    columns = _labels(matrix.columns, "criteria")
    if not alternatives or not columns:
        raise ScoringError("TOPSIS needs at least one alternative and one criterion")
    values = numeric_values(matrix, "TOPSIS matrix")
    if (values < 0).any():
        raise ScoringError("TOPSIS vector normalisation needs non-negative values")
    weight_vector = _weight_vector(weights, columns) / TOTAL_POINTS
    benefit = dict(benefit or {})
    unknown = sorted(str(key) for key in benefit if key not in columns)
    if unknown:
        raise ScoringError(f"benefit flags for unknown criteria: {', '.join(unknown)}")
    is_benefit = np.array([bool(benefit.get(column, True)) for column in columns])

    weighted = _topsis_weighted(values, weight_vector)
    ideal = np.where(is_benefit, weighted.max(axis=0), weighted.min(axis=0))
    anti_ideal = np.where(is_benefit, weighted.min(axis=0), weighted.max(axis=0))
    to_ideal = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    to_anti_ideal = np.sqrt(((weighted - anti_ideal) ** 2).sum(axis=1))
    spread = to_ideal + to_anti_ideal
    closeness = np.divide(to_anti_ideal, spread, out=np.full_like(spread, 0.5), where=spread > 0)
    return pd.Series(closeness, index=alternatives, name="closeness", dtype=float)


def _topsis_weighted(values: FloatArray, weight_vector: FloatArray) -> FloatArray:
    """TOPSIS's weighted normalised matrix: each column over its length, times its weight."""
    norms = np.sqrt((values**2).sum(axis=0))
    weighted: FloatArray = values / np.where(norms > 0, norms, 1.0) * weight_vector
    return weighted


@dataclass(frozen=True)
class TopsisDriver:
    """Why TOPSIS names another winner: the area where the weighted-sum winner falls furthest
    behind the best bid, relative to the TOPSIS winner. Shares are of the area's points (0-1)."""

    weighted_sum_winner: str
    topsis_winner: str
    area: str
    weighted_sum_winner_share: float
    topsis_winner_share: float


def topsis_driver(
    matrix: pd.DataFrame,
    weights: Mapping[str, float],
    area_of: Mapping[str, str],
    weighted_sum_winner: str,
    topsis_winner: str,
) -> TopsisDriver:
    """The area that makes TOPSIS prefer ``topsis_winner`` (all criteria benefit criteria).

    TOPSIS scores a vendor by its Euclidean distance to the best bid on every criterion, so a
    shortfall counts squared: one weak area costs more than several small ones. Each area's
    part of the squared distance to the ideal is summed over its criteria; the driver is the
    area where the weighted-sum winner's part exceeds the TOPSIS winner's by most (column
    order breaks a tie). ``matrix`` holds criterion scores, ``weights`` criterion points.
    """
    columns = _labels(matrix.columns, "criteria")
    missing = [c for c in columns if c not in area_of]
    if missing:
        raise ScoringError(f"no area for {', '.join(missing)}")
    vendors = _labels(matrix.index, "alternatives")
    for name in (weighted_sum_winner, topsis_winner):
        if name not in vendors:
            raise ScoringError(f"{name} is not in the TOPSIS matrix")
    values = numeric_values(matrix, "TOPSIS matrix")
    weight_vector = _weight_vector(weights, columns)
    weighted = _topsis_weighted(values, weight_vector / TOTAL_POINTS)
    shortfall = (weighted.max(axis=0) - weighted) ** 2
    w, t = vendors.index(weighted_sum_winner), vendors.index(topsis_winner)
    areas = list(dict.fromkeys(area_of[c] for c in columns))
    in_area = np.array([[area_of[c] == area for c in columns] for area in areas])
    excess = in_area @ (shortfall[w] - shortfall[t])
    area = areas[int(np.argmax(np.round(excess, _RANK_DECIMALS)))]
    points = in_area @ weight_vector
    earned = in_area @ (values[[w, t]] * weight_vector).T  # areas x (w, t), as 0-5 x points
    k = areas.index(area)
    scale = 5 * points[k] if points[k] > 0 else 1.0
    return TopsisDriver(
        weighted_sum_winner=weighted_sum_winner,
        topsis_winner=topsis_winner,
        area=area,
        weighted_sum_winner_share=float(earned[k, 0] / scale),
        topsis_winner_share=float(earned[k, 1] / scale),
    )


def kendall_tau(order: Sequence[int]) -> float:
    """Kendall's tau between 0, 1, ..., n - 1 and ``order``, a permutation of them.

    With no ties tau-b is (concordant - discordant) / pairs, and it is computed as
    ``scipy.stats.kendalltau`` does, to the same bits: (pairs - 2 x discordant) / sqrt(pairs)
    / sqrt(pairs). Counting the discordant pairs here spares every report the 0.8 s it takes
    to import scipy.stats.
    """
    seen: list[int] = []
    discordant = 0
    for value in order:
        position = bisect.bisect_right(seen, value)
        discordant += len(seen) - position  # earlier values above this one
        seen.insert(position, value)
    pairs = len(order) * (len(order) - 1) // 2
    if pairs == 0:
        return math.nan
    tau = (pairs - 2 * discordant) / math.sqrt(pairs) / math.sqrt(pairs)
    return min(1.0, max(-1.0, tau))


def ranking_agreement(weighted_sum_order: Sequence[str], topsis_scores: pd.Series) -> TopsisCheck:
    """Compare the weighted-sum order with the TOPSIS order (higher closeness first).

    Kendall's tau is 1 for the same order and -1 for the reverse; it is 1 for a single vendor.
    """
    ws_order = tuple(str(vendor) for vendor in weighted_sum_order)
    scores = {str(vendor): float(score) for vendor, score in topsis_scores.items()}
    if len(set(ws_order)) != len(ws_order):
        raise ScoringError("the weighted-sum order lists a vendor twice")
    if set(ws_order) != set(scores) or len(scores) != len(topsis_scores):
        raise ScoringError("the weighted-sum order and the TOPSIS scores name different vendors")
    if not ws_order:
        raise ScoringError("no vendors to compare")
    topsis_order = tuple(rank_order(scores))
    if len(ws_order) < 2:
        tau = 1.0
    else:
        position = {vendor: i for i, vendor in enumerate(topsis_order)}
        tau = kendall_tau([position[v] for v in ws_order])
    return TopsisCheck(
        weighted_sum_order=ws_order,
        topsis_order=topsis_order,
        same_order=ws_order == topsis_order,
        same_winner=ws_order[0] == topsis_order[0],
        kendall_tau=tau,
    )


# ---------------------------------------------------------------- verdict and sentence


def assess_confidence(
    totals: Mapping[str, float],
    monte_carlo_result: MonteCarloResult,
    *,
    margin_points: float = 2.0,
    probability: float = 0.70,
) -> Confidence:
    """Judge the top two: too close when the gap is below ``margin_points`` (out of 100) or
    the leader ranks first in fewer than ``probability`` of the weight scenarios."""
    if not totals:
        raise ScoringError("no vendors to assess")
    if not math.isfinite(margin_points) or margin_points < 0:
        raise ScoringError(f"margin_points must be a non-negative number, got {margin_points}")
    if not 0 <= probability <= 1:
        raise ScoringError(f"probability must be in [0, 1], got {probability}")
    order = rank_order(totals)
    absent = [vendor for vendor in order if vendor not in monte_carlo_result.p_first]
    if absent:
        raise ScoringError(f"no Monte Carlo result for {', '.join(absent)}")
    leader = order[0]
    runner_up = order[1] if len(order) > 1 else None
    gap = float(totals[leader]) - float(totals[runner_up]) if runner_up is not None else None
    leader_p = monte_carlo_result.p_first[leader]
    return Confidence(
        leader=leader,
        runner_up=runner_up,
        gap_points=gap,
        leader_p_first=leader_p,
        runner_up_p_first=(
            monte_carlo_result.p_first[runner_up] if runner_up is not None else None
        ),
        margin_points=margin_points,
        probability=probability,
        draws=monte_carlo_result.draws,
        spread=monte_carlo_result.spread,
        close_on_points=gap is not None and gap < margin_points,
        close_on_probability=runner_up is not None and leader_p < probability,
        varies=monte_carlo_result.varies,
    )


def too_close_to_call(
    totals: Mapping[str, float],
    monte_carlo_result: MonteCarloResult,
    *,
    margin_points: float = 2.0,
    probability: float = 0.70,
) -> bool:
    """True when the top two are too close to call (see ``assess_confidence``)."""
    return assess_confidence(
        totals, monte_carlo_result, margin_points=margin_points, probability=probability
    ).too_close


def _percent(share: float) -> str:
    """A share as a whole percentage that never rounds a near-certainty up to 100%."""
    if share >= 1:
        return "100%"
    if share >= 0.995:
        return "over 99%"
    if 0 < share < 0.005:
        return "under 1%"
    return f"{round(share * 100):d}%"


def _points(value: float) -> str:
    return f"{value:.1f} point{'' if f'{value:.1f}' == '1.0' else 's'}"


def _scenarios(confidence: Confidence) -> str:
    """What the probabilities were measured over, in the reader's words."""
    weights = f"±{confidence.spread * 100:g}%"
    if confidence.varies == BOTH:
        return (
            f"{confidence.draws:,} scenarios varying the weights ({weights}) and every judged "
            "score within its uncertainty"
        )
    if confidence.varies == SCORES:
        return f"{confidence.draws:,} scenarios varying every judged score within its uncertainty"
    return f"{confidence.draws:,} weight scenarios ({weights})"


def _robust(confidence: Confidence) -> str:
    """Robust only says as much as was varied: weights alone leave the scores untested."""
    if confidence.varies == BOTH:
        return "the ranking is robust"
    if confidence.varies == SCORES:
        return "the ranking is robust to the scores, with the weights held fixed"
    return "the ranking is robust to the weights, with the scores held fixed"


def confidence_statement(confidence: Confidence) -> str:
    """One plain-English sentence on how safe the ranking is, for a leadership summary."""
    scenarios = _scenarios(confidence)
    leader, runner_up = confidence.leader, confidence.runner_up
    if runner_up is None or confidence.gap_points is None:
        return f"{leader} is the only qualified vendor, so no weight change can alter the ranking."
    leader_share = _percent(confidence.leader_p_first)
    if not confidence.too_close:
        return f"{leader} ranks first in {leader_share} of {scenarios}; {_robust(confidence)}."
    apart = f"{leader} and {runner_up} are {_points(confidence.gap_points)} apart"
    runner_up_p = confidence.runner_up_p_first or 0.0
    if abs(confidence.leader_p_first - 0.5) <= 0.1 and abs(runner_up_p - 0.5) <= 0.1:
        return f"Too close to call: {apart} and each ranks first in about half of the {scenarios}."
    if not confidence.close_on_probability:
        return (
            f"Too close to call: {apart}, under the {confidence.margin_points:g}-point margin, "
            f"although {leader} ranks first in {leader_share} of {scenarios}."
        )
    return (
        f"Too close to call: {apart}; {leader} ranks first in only {leader_share} of "
        f"{scenarios} and {runner_up} in {_percent(runner_up_p)}."
    )
