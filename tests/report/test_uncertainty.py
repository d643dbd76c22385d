"""Score uncertainty against probabilities worked out by hand, and the single-score flip.

Monte Carlo tolerances are four binomial standard errors, sqrt(p (1 - p) / draws): with a
fixed seed the figures are reproducible, and a correct sampler misses by more than 4 SE less
than once in 15,000 runs, so a failure means the maths is wrong, not bad luck.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from rfp.errors import ScoringError
from rfp.report import uncertainty
from rfp.report.sensitivity import (
    BOTH,
    SCORES,
    WEIGHTS,
    area_achievement,
    monte_carlo,
    rank_order,
)
from rfp.report.uncertainty import (
    CellFlip,
    decision_statement,
    scenarios,
    smallest_cell_flip,
)

DRAWS = 20_000


def four_se(p: float, draws: int = DRAWS) -> float:
    return 4 * math.sqrt(p * (1 - p) / draws)


def matrix(rows: Mapping[str, list[float]], criteria: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(dict(rows), orient="index", columns=criteria, dtype=float)


def one_question(scores: Mapping[str, float], sds: Mapping[str, float]) -> tuple[pd.DataFrame, ...]:
    return (
        matrix({v: [s] for v, s in scores.items()}, ["Q1"]),
        matrix({v: [sds[v]] for v in scores}, ["Q1"]),
    )


# ---------------------------------------------------------------- probabilities


def test_no_spread_anywhere_gives_the_base_ranking_with_certainty() -> None:
    scores = matrix({"A": [4, 3], "B": [3, 4], "C": [2, 2]}, ["Q1", "Q2"])
    result = scenarios(
        scores, scores * 0, {"Q1": 60, "Q2": 40}, {"Q1": "x", "Q2": "y"}, spread=0.0, draws=300
    )
    for drawn in (result.weights, result.scores, result.both):
        assert drawn.p_first == {"A": 1.0, "B": 0.0, "C": 0.0}
        assert drawn.p_top_n == {"A": 1.0, "B": 1.0, "C": 1.0}
        assert drawn.mean_rank == {"A": 1.0, "B": 2.0, "C": 3.0}
    assert (result.weights.varies, result.scores.varies, result.both.varies) == (
        WEIGHTS,
        SCORES,
        BOTH,
    )


def test_one_uncertain_challenger_matches_the_normal_tail() -> None:
    # A = 3 fixed; B ~ N(2.5, 0.5) on a single question: B is first when B > 3, i.e. z > 1.
    scores, sds = one_question({"A": 3.0, "B": 2.5}, {"A": 0.0, "B": 0.5})
    result = scenarios(scores, sds, {"Q1": 100}, {"Q1": "x"}, draws=DRAWS)
    expected = 1 - norm.cdf(1.0)  # 0.1587
    assert result.scores.p_first["B"] == pytest.approx(expected, abs=four_se(expected))
    # One area: the weights cannot change anything, so "both" is the score draw itself.
    assert result.weights.p_first == {"A": 1.0, "B": 0.0}
    assert result.both.p_first == result.scores.p_first


def test_two_uncertain_vendors_use_the_spread_of_the_difference() -> None:
    # A ~ N(3, 0.3), B ~ N(2.5, 0.4): A - B ~ N(0.5, 0.5), so P(B first) = P(z > 1).
    scores, sds = one_question({"A": 3.0, "B": 2.5}, {"A": 0.3, "B": 0.4})
    result = scenarios(scores, sds, {"Q1": 100}, {"Q1": "x"}, draws=DRAWS)
    expected = 1 - norm.cdf(1.0)
    assert result.scores.p_first["B"] == pytest.approx(expected, abs=four_se(expected))


def test_equal_vendors_each_rank_first_half_the_time() -> None:
    scores = matrix({"A": [3, 2], "B": [3, 2]}, ["Q1", "Q2"])
    result = scenarios(scores, scores * 0 + 1.0, {"Q1": 50, "Q2": 50}, {"Q1": "x", "Q2": "y"})
    assert result.scores.p_first["A"] == pytest.approx(0.5, abs=four_se(0.5, 5000))
    assert result.both.p_first["B"] == pytest.approx(0.5, abs=four_se(0.5, 5000))
    # Without noise the tie goes to the name, in every weight scenario.
    assert result.weights.p_first == {"A": 1.0, "B": 0.0}


def test_shortlist_probability_matches_the_normal_tail() -> None:
    # A = 4, B = 3 fixed; C ~ N(2.5, 0.5). Top 2: C is in when C > 3 (z > 1), first when C > 4
    # (z > 3); B drops out exactly when C gets in.
    scores, sds = one_question({"A": 4.0, "B": 3.0, "C": 2.5}, {"A": 0, "B": 0, "C": 0.5})
    result = scenarios(scores, sds, {"Q1": 100}, {"Q1": "x"}, top_n=2, draws=DRAWS).scores
    in_top = 1 - norm.cdf(1.0)
    first = 1 - norm.cdf(3.0)  # 0.00135
    assert result.p_top_n["C"] == pytest.approx(in_top, abs=four_se(in_top))
    assert result.p_top_n["B"] == pytest.approx(1 - result.p_top_n["C"], abs=1e-12)
    assert result.p_top_n["A"] == 1.0
    assert result.p_first["C"] == pytest.approx(first, abs=four_se(first))


def test_a_score_at_the_top_of_the_scale_can_only_fall() -> None:
    # A = 5 with sd 1, clipped: A' = 5 - |z| below 5, so A' > 4.9 when z > -0.1: Phi(0.1).
    scores, sds = one_question({"A": 5.0, "B": 4.9}, {"A": 1.0, "B": 0.0})
    result = scenarios(scores, sds, {"Q1": 100}, {"Q1": "x"}, draws=DRAWS).scores
    expected = float(norm.cdf(0.1))  # 0.5398
    assert result.p_first["A"] == pytest.approx(expected, abs=four_se(expected))


def test_weight_draws_are_those_of_the_weight_monte_carlo() -> None:
    rng = np.random.default_rng(5)
    vendors = [f"Vendor {c}" for c in "ABCDEF"]
    criteria = [f"Q{j}" for j in range(8)]
    scores = pd.DataFrame(rng.integers(0, 6, (6, 8)).astype(float), vendors, criteria)
    points = dict(zip(criteria, [10.0, 15, 5, 20, 10, 10, 20, 10], strict=True))
    area_of = dict(zip(criteria, "aabbbccd", strict=True))
    area_points = {a: sum(p for c, p in points.items() if area_of[c] == a) for a in "abcd"}
    subtotals = pd.DataFrame(
        {a: sum(scores[c] * points[c] / 5 for c in criteria if area_of[c] == a) for a in "abcd"}
    )
    weights_only = monte_carlo(area_achievement(subtotals, area_points), area_points, draws=3000)
    result = scenarios(scores, scores * 0 + 0.8, points, area_of, draws=3000)
    assert result.weights == weights_only


def test_the_same_draws_serve_all_three_columns() -> None:
    scores = matrix({"A": [4, 2, 3], "B": [3, 3, 3.5], "C": [2, 5, 2]}, ["Q1", "Q2", "Q3"])
    points = {"Q1": 40, "Q2": 35, "Q3": 25}
    area_of = {"Q1": "x", "Q2": "y", "Q3": "z"}
    noisy = scenarios(scores, scores * 0 + 0.7, points, area_of, spread=0.0, draws=2000)
    assert noisy.both == dataclass_with(noisy.scores, varies=BOTH)
    still = scenarios(scores, scores * 0, points, area_of, draws=2000)
    assert still.both == dataclass_with(still.weights, varies=BOTH)


def dataclass_with(result: object, **changes: object) -> object:
    from dataclasses import replace

    return replace(result, **changes)  # type: ignore[type-var]


def test_seeded_and_independent_of_the_block_size(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    vendors = [f"V{i}" for i in range(7)]
    criteria = [f"Q{j}" for j in range(9)]
    scores = pd.DataFrame(rng.integers(0, 6, (7, 9)).astype(float), vendors, criteria)
    points = dict.fromkeys(criteria, 100 / 9)
    area_of = {c: f"a{j % 3}" for j, c in enumerate(criteria)}
    sds = scores * 0 + 1.0
    first = scenarios(scores, sds, points, area_of, draws=500)
    assert scenarios(scores, sds, points, area_of, draws=500) == first
    monkeypatch.setattr(uncertainty, "_BLOCK_CELLS", 7 * 9 * 7)  # 7 draws per block
    assert scenarios(scores, sds, points, area_of, draws=500) == first
    other = scenarios(scores, sds, points, area_of, draws=500, seed=1)
    assert other.scores.p_first != first.scores.p_first


def test_blocks_drawn_by_the_second_thread_are_one_draw_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(uncertainty, "_BLOCK_CELLS", 4 * 3 * 5)  # 5 draws a block, 23 = 5x4 + 3
    blocks = [
        block.copy()
        for block in uncertainty._normal_blocks(np.random.default_rng(9), (4, 3), draws=23)
    ]
    assert [len(block) for block in blocks] == [5, 5, 5, 5, 3]
    whole = np.random.default_rng(9).standard_normal((23, 4, 3))
    assert np.array_equal(np.concatenate(blocks), whole)


def test_achievement_is_bit_for_bit_the_stacked_product() -> None:
    """The 2-D product that replaced the stacked one (draws x vendors x criteria @ criteria x
    areas) must give the very same bits, or a tie between two totals could break differently."""
    rng = np.random.default_rng(11)
    vendors, criteria = [f"V{i}" for i in range(40)], [f"Q{j}" for j in range(30)]
    scores = pd.DataFrame(rng.integers(0, 6, (40, 30)).astype(float), vendors, criteria)
    sds = pd.DataFrame(rng.uniform(0, 1.5, (40, 30)), vendors, criteria)
    points = dict(zip(criteria, rng.uniform(1, 9, 30).tolist(), strict=True))
    cells = uncertainty._cells(
        scores, sds, points, {c: f"a{j % 7}" for j, c in enumerate(criteria)}
    )
    normals = rng.standard_normal((17, 40, 30))
    stacked = np.clip(normals * cells.sd + cells.scores, 0.0, 5.0) @ cells.to_area
    drawn = uncertainty._drawn_achievement(normals.copy(), cells.sd, cells.scores, cells.to_area)
    assert np.array_equal(drawn, stacked)


@pytest.mark.parametrize(
    ("sds", "options", "message"),
    [
        ({"A": -0.1, "B": 0.0}, {}, "not be negative"),
        ({"A": float("nan"), "B": 0.0}, {}, "missing or infinite"),
        ({"A": 0.0, "B": 0.0}, {"draws": 0}, "at least 1"),
        ({"A": 0.0, "B": 0.0}, {"spread": 1.0}, "spread"),
    ],
)
def test_invalid_input_raises_scoring_error(
    sds: dict[str, float], options: dict[str, float], message: str
) -> None:
    scores, spread = one_question({"A": 3.0, "B": 2.0}, sds)
    with pytest.raises(ScoringError, match=message):
        scenarios(scores, spread, {"Q1": 100}, {"Q1": "x"}, **options)  # type: ignore[arg-type]


def test_scores_off_the_scale_or_unplaced_criteria_raise() -> None:
    scores, spread = one_question({"A": 3.0, "B": 2.0}, {"A": 0.0, "B": 0.0})
    with pytest.raises(ScoringError, match="0-5"):
        scenarios(scores + 3, spread, {"Q1": 100}, {"Q1": "x"})
    with pytest.raises(ScoringError, match="no points or area"):
        scenarios(scores, spread, {"Q1": 100}, {})
    with pytest.raises(ScoringError, match="same vendors"):
        scenarios(scores, spread.loc[["B", "A"]], {"Q1": 100}, {"Q1": "x"})


# ---------------------------------------------------------------- smallest single-score flip


def test_hand_worked_rise() -> None:
    # Q1 60 points, Q2 40: A = 4 x 12 + 2 x 8 = 64, B = 3 x 12 + 3 x 8 = 60; A leads by 4.
    # Q1 is a fact, so B's Q2 must rise by 4 / 8 = 0.5 (A's Q2 falling 0.5 draws level too:
    # at equal size the challenger's rise is reported).
    scores = matrix({"A": [4, 2], "B": [3, 3]}, ["Q1", "Q2"])
    flip = smallest_cell_flip(scores, {"Q1": 60, "Q2": 40}, facts={("A", "Q1"), ("B", "Q1")})
    assert flip is not None
    assert (flip.vendor, flip.criterion, flip.direction) == ("B", "Q2", "rise")
    assert (flip.current_winner, flip.new_winner, flip.current_score) == ("A", "B", 3.0)
    assert flip.change == pytest.approx(0.5)
    assert flip.new_score == pytest.approx(3.5)
    assert flip.lead_points == pytest.approx(4.0)
    # Without the fact, Q1 is worth 12 points a level: a third of a level suffices.
    free = smallest_cell_flip(scores, {"Q1": 60, "Q2": 40})
    assert free is not None and free.criterion == "Q1"
    assert free.change == pytest.approx(1 / 3)


def test_hand_worked_fall_when_the_challenger_has_no_headroom() -> None:
    # W = 5 x 12 + 5 x 8 = 100, R = 5 x 12 + 4 x 8 = 92; W leads by 8. R's Q1 is already 5 and
    # its Q2 reaching 5 only draws level, so W's Q1 must fall by 8 / 12 = 2/3, to 13/3.
    scores = matrix({"W": [5, 5], "R": [5, 4]}, ["Q1", "Q2"])
    flip = smallest_cell_flip(scores, {"Q1": 60, "Q2": 40})
    assert flip is not None
    assert (flip.vendor, flip.criterion, flip.direction) == ("W", "Q1", "fall")
    assert flip.change == pytest.approx(2 / 3)
    assert flip.new_score == pytest.approx(13 / 3)
    assert (flip.current_winner, flip.new_winner) == ("W", "R")


def test_no_flip_when_no_single_score_can_close_the_gap() -> None:
    # A leads by 30 points; one question is worth at most 25 points (5 levels x 5).
    scores = matrix({"A": [5, 5, 5, 5], "B": [2, 2, 2.5, 2]}, ["Q1", "Q2", "Q3", "Q4"])
    assert smallest_cell_flip(scores, dict.fromkeys(scores.columns, 25.0)) is None
    assert smallest_cell_flip(scores.loc[["A"]], dict.fromkeys(scores.columns, 25.0)) is None


def totals(scores: pd.DataFrame, points: Mapping[str, float]) -> dict[str, float]:
    weights = np.array([points[c] for c in scores.columns])
    return dict(
        zip(map(str, scores.index), (scores.to_numpy() @ weights / 5).tolist(), strict=True)
    )


@pytest.mark.parametrize("seed", range(8))
def test_flip_is_the_smallest_by_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    vendors = [f"Vendor {c}" for c in "ABCD"]
    criteria = [f"Q{j}" for j in range(5)]
    scores = pd.DataFrame(rng.integers(1, 5, (4, 5)).astype(float), vendors, criteria)
    points = dict(zip(criteria, rng.uniform(5, 35, 5).round(1).tolist(), strict=True))
    facts = {(vendor, "Q0") for vendor in vendors}
    winner = rank_order(totals(scores, points))[0]
    flip = smallest_cell_flip(scores, points, facts=facts)

    values = scores.to_numpy()

    def winner_after(vendor: str, criterion: str, change: float) -> str:
        moved = values.copy()
        moved[vendors.index(vendor), criteria.index(criterion)] += change
        return rank_order(totals(pd.DataFrame(moved, vendors, criteria), points))[0]

    if flip is None:  # then no judged score, moved to a hair inside 0 or 5, changes the winner
        for vendor in vendors:
            for criterion in criteria[1:]:
                current = float(values[vendors.index(vendor), criteria.index(criterion)])
                for change in (5 - 1e-6 - current, 1e-6 - current):
                    assert winner_after(vendor, criterion, change) == winner
        return

    sign = 1 if flip.direction == "rise" else -1
    assert winner_after(flip.vendor, flip.criterion, sign * (flip.change + 1e-6)) == flip.new_winner
    assert winner_after(flip.vendor, flip.criterion, sign * (flip.change - 1e-6)) == winner
    # No other single judged score, moved by a hair less within 0-5, changes the winner.
    step = max(flip.change - 1e-6, 0.0)
    for vendor in vendors:
        for criterion in criteria[1:]:
            current = float(values[vendors.index(vendor), criteria.index(criterion)])
            for change in (min(step, 5 - current), -min(step, current)):
                assert winner_after(vendor, criterion, change) == winner


def test_decision_statement_names_both_changes() -> None:
    from rfp.report.sensitivity import WinnerFlip

    cell = CellFlip("Bravo Services", "SEC-02", "rise", 2.0, 3.0, 1.0, "Alpha", "Bravo Services", 3)
    weight = WinnerFlip("security", "increase", 20.0, 23.4, 3.4, "Alpha", "Bravo Services", 3.0, {})
    titles = {
        "criterion_titles": {"SEC-02": "Access control"},
        "area_titles": {"security": "Security"},
    }
    assert decision_statement(cell, weight, **titles) == (
        "Bravo Services would overtake Alpha if Bravo Services' score on SEC-02 (Access control) "
        "rose by more than 1 (from 2 to 3 out of 5), or if the weight of Security rose above 23.4 "
        "points (from 20, the other areas rescaled in proportion)."
    )
    other = WinnerFlip("price", "decrease", 30.0, 12.5, -17.5, "Alpha", "Charlie", 3.0, {})
    assert decision_statement(None, other, **titles) == (
        "Charlie would overtake Alpha if the weight of price fell below 12.5 points (from 30, "
        "the other areas rescaled in proportion); no change to a single score could do it."
    )
    assert decision_statement(cell, None, **titles).endswith(
        "; no change to a single area's weight could do it."
    )
    assert decision_statement(None, None, **titles) == (
        "No change to a single score or to a single area's weight puts another vendor first."
    )


def test_clipping_never_turns_the_favourite_into_the_underdog() -> None:
    # A scores 5 everywhere, B 4.8: clipped at 5, A can only fall, so A's expected draw is
    # 5 - 0.40 = 4.60 against B's 4.8 - 0.31 = 4.49 (E[max(0, z - d)] for sd 1). A clipped draw
    # keeps its median at the score, so A stays ahead more often than not, never the reverse.
    criteria = [f"Q{j}" for j in range(10)]
    scores = matrix({"A": [5.0] * 10, "B": [4.8] * 10}, criteria)
    points = dict.fromkeys(criteria, 10.0)
    result = scenarios(scores, scores * 0 + 1.0, points, dict.fromkeys(criteria, "x"))
    assert result.scores.p_first["A"] > 0.5 + four_se(0.5, 5000)
