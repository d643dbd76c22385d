"""Weight sensitivity against hand-worked examples, brute force, pymcdm and a published TOPSIS."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, replace

import numpy as np
import pandas as pd
import pytest
from pymcdm.methods import TOPSIS
from pymcdm.normalizations import vector_normalization

from rfp.errors import ScoringError
from rfp.report import sensitivity
from rfp.report.sensitivity import (
    BOTH,
    SCORES,
    MonteCarloResult,
    TopsisDriver,
    WinnerFlip,
    area_achievement,
    assess_confidence,
    confidence_statement,
    monte_carlo,
    rank_order,
    ranking_agreement,
    smallest_winner_flip,
    too_close_to_call,
    topsis,
    topsis_driver,
    weighted_totals,
)

AchievementFactory = Callable[[int, int, int], pd.DataFrame]


def frame(rows: Mapping[str, list[float]], areas: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(dict(rows), orient="index", columns=areas)


def totals_of(achievement: pd.DataFrame, weights: Mapping[str, float]) -> dict[str, float]:
    return {
        str(vendor): float(total) for vendor, total in weighted_totals(achievement, weights).items()
    }


@pytest.fixture
def random_achievement() -> AchievementFactory:
    """Seeded vendors x areas achievement matrices, so failures reproduce."""

    def make(vendors: int, areas: int, seed: int) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        return pd.DataFrame(
            rng.uniform(0.2, 1.0, size=(vendors, areas)).round(3),
            index=[f"Vendor {chr(65 + i)}" for i in range(vendors)],
            columns=[f"area{j}" for j in range(areas)],
        )

    return make


@pytest.fixture
def two_by_two() -> tuple[pd.DataFrame, dict[str, float]]:
    """A = (1.0, 0.4), B = (0.7, 0.8) on price 70 / service 30 points.

    Totals: A = 70 x 1.0 + 30 x 0.4 = 82; B = 70 x 0.7 + 30 x 0.8 = 73; A leads by 9.
    """
    return (
        frame({"Alpha": [1.0, 0.4], "Bravo": [0.7, 0.8]}, ["price", "service"]),
        {"price": 70.0, "service": 30.0},
    )


# ---------------------------------------------------------------- totals


def test_area_achievement_divides_subtotals_by_area_points() -> None:
    # security 65 points, pricing 35: 52 / 65 = 0.8 and 17.5 / 35 = 0.5; "total" is ignored.
    subtotals = frame({"Alpha": [52.0, 17.5, 69.5]}, ["security", "pricing", "total"])
    achieved = area_achievement(subtotals, {"security": 65, "pricing": 35})
    assert list(achieved.columns) == ["security", "pricing"]
    assert achieved.to_numpy()[0].tolist() == pytest.approx([0.8, 0.5])
    assert weighted_totals(achieved, {"security": 65, "pricing": 35})["Alpha"] == pytest.approx(
        69.5
    )


def test_weighted_totals_normalise_raw_weights_to_100(
    two_by_two: tuple[pd.DataFrame, dict[str, float]],
) -> None:
    achievement, _ = two_by_two
    # 7:3 raw weights are the same as 70/30 points.
    totals = weighted_totals(achievement, {"price": 7, "service": 3})
    assert totals.to_dict() == pytest.approx({"Alpha": 82.0, "Bravo": 73.0})


def test_rank_order_breaks_ties_by_name() -> None:
    assert rank_order({"bravo": 70.0, "Alpha": 70.0, "Charlie": 71.0}) == [
        "Charlie",
        "Alpha",
        "bravo",
    ]


# ---------------------------------------------------------------- Monte Carlo


def test_probabilities_sum_to_one_and_top_n_to_its_size(
    random_achievement: AchievementFactory,
) -> None:
    achievement = random_achievement(5, 4, 7)
    weights = {"area0": 40, "area1": 30, "area2": 20, "area3": 10}
    result = monte_carlo(achievement, weights, top_n=3, draws=2000)
    assert sum(result.p_first.values()) == pytest.approx(1.0, abs=1e-12)
    assert sum(result.p_top_n.values()) == pytest.approx(3.0, abs=1e-12)
    # Every vendor holds exactly one rank per scenario and every rank is held once per scenario.
    assert sum(result.mean_rank.values()) == pytest.approx(1 + 2 + 3 + 4 + 5)
    assert all(1 <= rank <= 5 for rank in result.mean_rank.values())
    assert (result.draws, result.spread, result.seed) == (2000, 0.20, 20270101)


def test_top_n_larger_than_the_field_covers_every_vendor(
    two_by_two: tuple[pd.DataFrame, dict[str, float]],
) -> None:
    achievement, weights = two_by_two
    result = monte_carlo(achievement, weights, top_n=3, draws=500)
    assert result.p_top_n == {"Alpha": 1.0, "Bravo": 1.0}
    assert sum(result.p_top_n.values()) == min(3, 2)


def test_single_vendor_always_ranks_first() -> None:
    result = monte_carlo(frame({"Solo": [0.3, 0.9]}, ["a", "b"]), {"a": 50, "b": 50}, draws=100)
    assert result.p_first == {"Solo": 1.0}
    assert result.mean_rank == {"Solo": 1.0} and result.draws == 100


def test_dominating_vendor_ranks_first_in_every_scenario() -> None:
    achievement = frame(
        {"Northstar CX": [0.9, 0.8, 0.95], "Premier Voice": [0.85, 0.8, 0.6], "Atlas": [0.2] * 3},
        ["quality", "people", "price"],
    )
    result = monte_carlo(achievement, {"quality": 40, "people": 35, "price": 25}, spread=0.5)
    assert result.p_first["Northstar CX"] == 1.0
    assert result.mean_rank["Northstar CX"] == 1.0
    assert result.mean_rank["Atlas"] == 3.0


def _shares_from_a_rank_table(
    achievement: pd.DataFrame, weights: Mapping[str, float], top_n: int, draws: int
) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """``monte_carlo`` as first written, the oracle for the tally: every draw's totals in one
    product, a vendors x ranks table of counts, and the shares read from it."""
    problem = sensitivity._problem(achievement, weights)
    factors = sensitivity.weight_factors(20270101, draws, len(problem.areas), 0.2)
    scenario = problem.weights * factors
    scenario *= 100 / scenario.sum(axis=1, keepdims=True)
    totals = scenario @ problem.achievement.T
    alphabetical = sensitivity.name_order(problem.vendors)
    order = alphabetical[sensitivity.best_first(totals[..., alphabetical])]
    size = len(problem.vendors)
    counts = np.zeros((size, size), dtype=np.int64)
    np.add.at(counts.reshape(-1), (order * size + np.arange(size)).ravel(), 1)
    ranks = np.arange(1, size + 1)
    vendors = list(problem.vendors)
    return (
        {v: float(counts[i, 0]) / draws for i, v in enumerate(vendors)},
        {v: float(counts[i, :top_n].sum()) / draws for i, v in enumerate(vendors)},
        {v: float(counts[i] @ ranks) / draws for i, v in enumerate(vendors)},
    )


@pytest.mark.parametrize(("vendors", "block"), [(7, 1 << 20), (7, 3), (40, 50), (1, 1)])
def test_the_tally_gives_the_shares_of_a_table_of_every_rank(
    vendors: int,
    block: int,
    random_achievement: AchievementFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counted a block of draws at a time, without a vendors x ranks table: the same shares,
    to the bit, as read from the table of every vendor's every rank. Ties included: every
    third vendor copies the first's achievement."""
    achievement = random_achievement(vendors, 4, vendors)
    achievement.iloc[::3] = achievement.iloc[0].to_numpy()
    weights = {"area0": 40, "area1": 30, "area2": 20, "area3": 10}
    monkeypatch.setattr(sensitivity, "_BLOCK_TOTALS", block)
    result = monte_carlo(achievement, weights, top_n=3, draws=997)
    expected = _shares_from_a_rank_table(achievement, weights, 3, 997)
    assert (result.p_first, result.p_top_n, result.mean_rank) == expected
    assert result.draws == 997


def test_probability_matches_the_analytic_value() -> None:
    # A = (1, 0), B = (0, 1) on 55 / 45 points; factors f1, f2 ~ U[0.8, 1.2].
    # B is first when 45 f2 > 55 f1, i.e. f1 < (9/11) f2. Integrating over f2 in [0.8, 1.2]:
    # P = (1 / 0.16) x (11/9) x (2/11)^2 / 2 = 25/198 = 0.12626...
    achievement = frame({"A": [1.0, 0.0], "B": [0.0, 1.0]}, ["x", "y"])
    result = monte_carlo(achievement, {"x": 55, "y": 45}, draws=20000, spread=0.2)
    assert result.p_first["B"] == pytest.approx(25 / 198, abs=0.01)
    assert result.p_first["A"] == pytest.approx(1 - 25 / 198, abs=0.01)


def test_zero_spread_reproduces_the_base_ranking(
    random_achievement: AchievementFactory,
) -> None:
    achievement = random_achievement(4, 3, 11)
    weights = {"area0": 50, "area1": 30, "area2": 20}
    base = rank_order(totals_of(achievement, weights))
    result = monte_carlo(achievement, weights, spread=0.0, draws=50)
    assert [result.mean_rank[vendor] for vendor in base] == [1.0, 2.0, 3.0, 4.0]


def test_exact_ties_go_to_the_vendor_name() -> None:
    # Identical vendors tie in every scenario; "alpha" sorts before "Bravo" case-insensitively.
    achievement = frame({"Bravo": [0.5, 0.7], "alpha": [0.5, 0.7]}, ["x", "y"])
    result = monte_carlo(achievement, {"x": 50, "y": 50}, draws=200)
    assert result.p_first == {"Bravo": 0.0, "alpha": 1.0}


def test_same_seed_same_result_other_seed_differs_on_a_close_case() -> None:
    # 60 x 0.80 + 40 x 0.50 = 68 against 60 x 0.70 + 40 x 0.65 = 68: a dead heat.
    achievement = frame({"Northstar CX": [0.8, 0.5], "Premier Voice": [0.7, 0.65]}, ["q", "p"])
    weights = {"q": 60, "p": 40}
    first = monte_carlo(achievement, weights, draws=1000, seed=1)
    assert monte_carlo(achievement, weights, draws=1000, seed=1) == first
    other = monte_carlo(achievement, weights, draws=1000, seed=2)
    assert other.p_first != first.p_first
    assert other.seed == 2


# ---------------------------------------------------------------- smallest winner flip


def winner_under(achievement: pd.DataFrame, weights: Mapping[str, float]) -> str:
    return rank_order(totals_of(achievement, weights))[0]


def rescaled(weights: Mapping[str, float], area: str, new_weight: float) -> dict[str, float]:
    """The documented rule, written independently: the others share 100 - t pro rata."""
    rest = sum(w for a, w in weights.items() if a != area)
    return {
        a: (new_weight if a == area else w * (100 - new_weight) / rest) for a, w in weights.items()
    }


def brute_force_flip(
    achievement: pd.DataFrame, weights: Mapping[str, float], step: float
) -> float | None:
    """Smallest |change| on a grid of single-area moves that puts a vendor strictly ahead.

    Every grid point t = w_k +/- i x step is re-scored with plain numpy, independently of the
    module: the other areas share 100 - t pro rata, totals are weights @ achievement.
    """
    areas = list(achievement.columns)
    values = achievement.to_numpy(dtype=float)
    winner = list(achievement.index).index(winner_under(achievement, weights))
    best: float | None = None
    for k, area in enumerate(areas):
        weight = float(weights[area])
        if weight >= 100:
            continue
        rest = np.array([float(weights[a]) for a in areas])
        rest[k] = 0.0
        for sign in (-1, 1):
            steps = np.arange(1, int(100 / step) + 2) * step
            grid = weight + sign * steps
            keep = (grid >= 0) & (grid <= 100)
            steps, grid = steps[keep], grid[keep]
            grid_weights = np.outer(100 - grid, rest / rest.sum())
            grid_weights[:, k] = grid
            totals = grid_weights @ values.T
            others = np.delete(totals, winner, axis=1)
            ahead = (others > totals[:, [winner]] + 1e-9).any(axis=1)
            if ahead.any():
                change = float(steps[np.argmax(ahead)])
                best = change if best is None else min(best, change)
    return best


def test_hand_worked_flip_breakpoint(two_by_two: tuple[pd.DataFrame, dict[str, float]]) -> None:
    # Price weight t, service 100 - t:
    #   T_A(t) = t x 1.0 + (100 - t) x 0.4 = 40 + 0.6 t
    #   T_B(t) = t x 0.7 + (100 - t) x 0.8 = 80 - 0.1 t
    # Equal when 0.7 t = 40, t = 400/7 = 57.142857...: price down by 90/7 = 12.857 points.
    # (With two areas, lowering price is the same move as raising service to 300/7; the first
    # column wins the tie.)
    achievement, weights = two_by_two
    flip = smallest_winner_flip(achievement, weights)
    assert isinstance(flip, WinnerFlip)
    assert type(flip.new_weight) is float  # plain floats, ready for templates and JSON
    assert asdict(flip) == {
        "area": "price",
        "direction": "decrease",
        "current_weight": pytest.approx(70.0),
        "new_weight": pytest.approx(400 / 7, abs=1e-12),
        "change_points": pytest.approx(-90 / 7, abs=1e-12),
        "current_winner": "Alpha",
        "new_winner": "Bravo",
        "lead_points": pytest.approx(9.0),
        "weights_after": {
            "price": pytest.approx(400 / 7, abs=1e-12),
            "service": pytest.approx(300 / 7, abs=1e-12),
        },
    }
    # At the breakpoint both totals are 40 + 0.6 x 400/7 = 520/7 = 74.2857.
    at_break = weighted_totals(achievement, flip.weights_after)
    assert at_break["Alpha"] == pytest.approx(520 / 7)
    assert at_break["Bravo"] == pytest.approx(520 / 7)


def test_hand_worked_flip_reading_the_other_area_first(
    two_by_two: tuple[pd.DataFrame, dict[str, float]],
) -> None:
    achievement, weights = two_by_two
    flip = smallest_winner_flip(achievement[["service", "price"]], weights)
    assert flip is not None
    assert (flip.area, flip.direction) == ("service", "increase")
    assert flip.new_weight == pytest.approx(300 / 7)
    assert flip.change_points == pytest.approx(90 / 7)


def test_flip_happens_just_past_the_breakpoint_and_not_before(
    two_by_two: tuple[pd.DataFrame, dict[str, float]],
) -> None:
    achievement, weights = two_by_two
    flip = smallest_winner_flip(achievement, weights)
    assert flip is not None
    for delta in (1e-6, 1e-3, 0.5):
        before = rescaled(weights, "price", flip.new_weight + delta)
        after = rescaled(weights, "price", flip.new_weight - delta)
        assert winner_under(achievement, before) == "Alpha"
        assert winner_under(achievement, after) == "Bravo"
    # Scanning every 0.01 point of price from 70 down: the first flip is at 57.14 (57.1428 + ).
    scan = [70 - i / 100 for i in range(0, 7001)]
    first = next(
        t for t in scan if winner_under(achievement, rescaled(weights, "price", t)) != "Alpha"
    )
    assert first == pytest.approx(57.14)


@pytest.mark.parametrize("seed", range(8))
def test_flip_agrees_with_brute_force(seed: int, random_achievement: AchievementFactory) -> None:
    achievement = random_achievement(4, 3, seed)
    weights = {"area0": 45.0, "area1": 35.0, "area2": 20.0}
    step = 0.01
    flip = smallest_winner_flip(achievement, weights)
    brute = brute_force_flip(achievement, weights, step)
    if flip is None:
        assert brute is None
        return
    assert brute is not None
    change = abs(flip.change_points)
    # No grid move smaller than the analytic breakpoint flips; the next grid point does.
    assert change <= brute + 1e-9
    assert brute <= change + step + 1e-9
    assert flip.current_winner == winner_under(achievement, weights)
    moved = flip.new_weight + (0.01 if flip.direction == "increase" else -0.01)
    assert winner_under(achievement, rescaled(weights, flip.area, moved)) == flip.new_winner
    assert sum(flip.weights_after.values()) == pytest.approx(100.0)


def test_flip_keeps_the_other_areas_in_proportion() -> None:
    achievement = frame({"A": [1.0, 0.5, 0.5], "B": [0.5, 0.9, 0.9]}, ["x", "y", "z"])
    flip = smallest_winner_flip(achievement, {"x": 50, "y": 30, "z": 20})
    assert flip is not None
    others = [a for a in ("x", "y", "z") if a != flip.area]
    ratio = {"x": 50, "y": 30, "z": 20}
    assert flip.weights_after[others[0]] / flip.weights_after[others[1]] == pytest.approx(
        ratio[others[0]] / ratio[others[1]]
    )


def test_no_flip_for_one_vendor_or_a_dominating_vendor() -> None:
    assert smallest_winner_flip(frame({"Solo": [0.4, 0.6]}, ["a", "b"]), {"a": 50, "b": 50}) is None
    dominating = frame({"Top": [0.9, 0.8, 0.7], "Other": [0.85, 0.5, 0.6]}, ["a", "b", "c"])
    assert smallest_winner_flip(dominating, {"a": 20, "b": 30, "c": 50}) is None
    assert brute_force_flip(dominating, {"a": 20, "b": 30, "c": 50}, 0.5) is None


def test_no_flip_when_the_challenger_can_only_draw_level() -> None:
    # "Aa" beats "Zz" only on area a; at a = 0 they tie and the name keeps "Aa" first, so no
    # weight change puts "Zz" strictly ahead.
    achievement = frame({"Zz": [0.5, 0.7], "Aa": [0.9, 0.7]}, ["a", "b"])
    assert smallest_winner_flip(achievement, {"a": 30, "b": 70}) is None
    assert brute_force_flip(achievement, {"a": 30, "b": 70}, 0.5) is None


def test_a_winner_holding_first_on_the_name_flips_with_no_change() -> None:
    # Both total 50 x 0.6 + 50 x 0.8 = 70 = 50 x 0.8 + 50 x 0.6; "Able" wins on the name.
    achievement = frame({"Able": [0.6, 0.8], "Baker": [0.8, 0.6]}, ["a", "b"])
    flip = smallest_winner_flip(achievement, {"a": 50, "b": 50})
    assert flip is not None
    assert flip.change_points == pytest.approx(0.0, abs=1e-9)
    assert (flip.current_winner, flip.new_winner, flip.direction) == ("Able", "Baker", "increase")


def test_no_flip_with_a_single_area() -> None:
    assert smallest_winner_flip(frame({"A": [0.9], "B": [0.5]}, ["a"]), {"a": 100}) is None


# ---------------------------------------------------------------- TOPSIS


def test_topsis_matches_pymcdm_with_vector_normalisation() -> None:
    matrix = frame(
        {
            "Northstar CX": [0.82, 0.64, 41000.0, 0.9],
            "Premier Voice": [0.75, 0.91, 38000.0, 0.7],
            "Atlas": [0.55, 0.70, 29500.0, 0.8],
            "Bayanihan": [0.90, 0.40, 45500.0, 0.6],
        },
        ["quality", "people", "cost", "security"],
    )
    weights = {"quality": 35, "people": 25, "cost": 25, "security": 15}
    benefit = {"cost": False}
    ours = topsis(matrix, weights, benefit)
    # pymcdm normalises a cost column as 1 - x / ||x|| and then takes the max; that shifts the
    # column but leaves every distance, and so every closeness, the same as classic TOPSIS.
    reference = TOPSIS(normalization_function=vector_normalization)(
        matrix.to_numpy(dtype=float),
        np.array([0.35, 0.25, 0.25, 0.15]),
        np.array([1, 1, -1, 1]),
    )
    np.testing.assert_allclose(ours.to_numpy(), reference, rtol=0, atol=1e-9)
    assert list(ours.index) == list(matrix.index)


def test_topsis_reproduces_a_published_example() -> None:
    # Papathanasiou, J. & Ploskas, N. (2018), "TOPSIS", ch. 1 of Multiple Criteria Decision Aid:
    # Methods, Examples and Python Implementations, Springer Optimization and Its Applications
    # 136, doi:10.1007/978-3-319-91648-4_1. Six alternatives, four benefit criteria weighted
    # 0.4 / 0.3 / 0.1 / 0.2, vector normalisation; published closeness coefficients
    # 0.387, 0.327, 0.391, 0.615, 0.868, 0.493 (found through a test in a public repository
    # that cites the chapter).
    matrix = frame(
        {
            "A1": [8, 7, 2, 1],
            "A2": [5, 3, 7, 5],
            "A3": [7, 5, 6, 4],
            "A4": [9, 9, 7, 3],
            "A5": [11, 10, 3, 7],
            "A6": [6, 9, 5, 4],
        },
        ["C1", "C2", "C3", "C4"],
    )
    closeness = topsis(matrix, {"C1": 0.4, "C2": 0.3, "C3": 0.1, "C4": 0.2})
    assert closeness.round(3).tolist() == [0.387, 0.327, 0.391, 0.615, 0.868, 0.493]


def test_topsis_edge_cases() -> None:
    # All alternatives identical: at the ideal and the anti-ideal at once, so 0.5 each.
    same = topsis(frame({"A": [0.5, 0.5], "B": [0.5, 0.5]}, ["x", "y"]), {"x": 1, "y": 1})
    assert same.tolist() == [0.5, 0.5]
    # A column of zeros adds nothing: the result equals TOPSIS on the other column alone.
    with_zero = topsis(frame({"A": [0.9, 0.0], "B": [0.3, 0.0]}, ["x", "y"]), {"x": 1, "y": 1})
    assert with_zero.tolist() == [1.0, 0.0]


def test_ranking_agreement_flags_a_disagreement() -> None:
    # Spike = (1.0, 0.2), Even = (0.58, 0.58), equal weights.
    # Weighted sum: Spike 60, Even 58, so Spike wins.
    # TOPSIS: column norms sqrt(1.3364) = 1.15603 and sqrt(0.3764) = 0.61352; halved weighted
    # rows Spike (0.43252, 0.16299), Even (0.25086, 0.47269). Spike is 0.30970 from the ideal
    # (0.43252, 0.47269) and 0.18166 from the anti-ideal, closeness 0.18166 / 0.49136 = 0.3697;
    # Even is the mirror image, 0.6303. TOPSIS punishes Spike's weak second area.
    achievement = frame({"Spike": [1.0, 0.2], "Even": [0.58, 0.58]}, ["x", "y"])
    weights = {"x": 50, "y": 50}
    totals = totals_of(achievement, weights)
    assert totals == pytest.approx({"Spike": 60.0, "Even": 58.0})
    scores = topsis(achievement, weights)
    assert scores.to_dict() == pytest.approx({"Spike": 0.3697, "Even": 0.6303}, abs=1e-4)
    check = ranking_agreement(rank_order(totals), scores)
    assert check.weighted_sum_order == ("Spike", "Even")
    assert check.topsis_order == ("Even", "Spike")
    assert not check.same_order
    assert not check.same_winner
    assert check.kendall_tau == pytest.approx(-1.0)


def test_ranking_agreement_when_the_orders_match() -> None:
    # Three vendors in the same order by both methods; a swap of the last two gives tau 1/3
    # (2 concordant pairs, 1 discordant: (2 - 1) / 3).
    scores = pd.Series({"A": 0.8, "B": 0.5, "C": 0.2})
    agreed = ranking_agreement(["A", "B", "C"], scores)
    assert (agreed.same_order, agreed.same_winner, agreed.kendall_tau) == (True, True, 1.0)
    swapped = ranking_agreement(["A", "C", "B"], scores)
    assert (swapped.same_order, swapped.same_winner) == (False, True)
    assert swapped.kendall_tau == pytest.approx(1 / 3)
    single = ranking_agreement(["A"], pd.Series({"A": 0.5}))
    assert (single.same_order, single.kendall_tau) == (True, 1.0)


# ---------------------------------------------------------------- too close to call


def mc_result(p_first: dict[str, float], draws: int = 5000) -> MonteCarloResult:
    """A Monte Carlo result with chosen probabilities, to test the verdict on its own."""
    return MonteCarloResult(
        p_first=p_first,
        p_top_n=dict.fromkeys(p_first, 1.0),
        mean_rank=dict.fromkeys(p_first, 1.0),
        top_n=3,
        draws=draws,
        seed=20270101,
        spread=0.20,
    )


def test_robust_ranking_statement() -> None:
    totals = {"Northstar CX": 78.4, "Premier Voice": 72.1, "Atlas": 60.0}
    mc = mc_result({"Northstar CX": 0.94, "Premier Voice": 0.06, "Atlas": 0.0})
    confidence = assess_confidence(totals, mc)
    assert not confidence.too_close
    assert not too_close_to_call(totals, mc)
    assert confidence.gap_points == pytest.approx(6.3)
    assert confidence_statement(confidence) == (
        "Northstar CX ranks first in 94% of 5,000 weight scenarios (±20%); the ranking is robust "
        "to the weights, with the scores held fixed."
    )


def test_too_close_on_both_tests_statement() -> None:
    totals = {"Premier Voice": 74.0, "Northstar CX": 74.8}
    mc = mc_result({"Northstar CX": 0.52, "Premier Voice": 0.48})
    confidence = assess_confidence(totals, mc)
    assert (confidence.close_on_points, confidence.close_on_probability) == (True, True)
    assert too_close_to_call(totals, mc)
    assert confidence_statement(confidence) == (
        "Too close to call: Northstar CX and Premier Voice are 0.8 points apart and each ranks "
        "first in about half of the 5,000 weight scenarios (±20%)."
    )


def test_too_close_on_points_alone() -> None:
    totals = {"Northstar CX": 75.5, "Premier Voice": 74.0}
    mc = mc_result({"Northstar CX": 0.999, "Premier Voice": 0.001})
    confidence = assess_confidence(totals, mc)
    assert (confidence.close_on_points, confidence.close_on_probability) == (True, False)
    assert confidence_statement(confidence) == (
        "Too close to call: Northstar CX and Premier Voice are 1.5 points apart, under the "
        "2-point margin, although Northstar CX ranks first in over 99% of 5,000 weight "
        "scenarios (±20%)."
    )


def test_too_close_on_probability_alone() -> None:
    totals = {"Northstar CX": 80.0, "Premier Voice": 75.0}
    mc = mc_result({"Northstar CX": 0.65, "Premier Voice": 0.35})
    confidence = assess_confidence(totals, mc)
    assert (confidence.close_on_points, confidence.close_on_probability) == (False, True)
    assert confidence_statement(confidence) == (
        "Too close to call: Northstar CX and Premier Voice are 5.0 points apart; Northstar CX "
        "ranks first in only 65% of 5,000 weight scenarios (±20%) and Premier Voice in 35%."
    )


def test_thresholds_are_strict() -> None:
    # A gap of exactly 2 points and a p_first of exactly 0.70 are not "below" the thresholds.
    totals = {"A": 72.0, "B": 70.0}
    mc = mc_result({"A": 0.70, "B": 0.30})
    assert not too_close_to_call(totals, mc)
    assert too_close_to_call(totals, mc, margin_points=2.5)
    assert too_close_to_call(totals, mc, probability=0.71)


def test_single_vendor_is_never_too_close() -> None:
    confidence = assess_confidence({"Solo": 61.0}, mc_result({"Solo": 1.0}))
    assert not confidence.too_close
    assert confidence.runner_up is None
    assert confidence_statement(confidence) == (
        "Solo is the only qualified vendor, so no weight change can alter the ranking."
    )


def test_end_to_end_on_a_dead_heat() -> None:
    # 60 x 0.80 + 40 x 0.50 = 68 = 60 x 0.70 + 40 x 0.65: a tie, each first about half the time.
    achievement = frame({"Northstar CX": [0.8, 0.5], "Premier Voice": [0.7, 0.65]}, ["q", "p"])
    weights = {"q": 60, "p": 40}
    mc = monte_carlo(achievement, weights)
    assert mc.p_first["Northstar CX"] == pytest.approx(0.5, abs=0.05)
    totals = totals_of(achievement, weights)
    statement = confidence_statement(assess_confidence(totals, mc))
    assert statement.startswith("Too close to call: Northstar CX and Premier Voice are 0.0 points")
    assert "about half" in statement


# ---------------------------------------------------------------- validation


VALID = frame({"A": [0.5, 0.6], "B": [0.7, 0.2]}, ["x", "y"])


@pytest.mark.parametrize(
    ("achievement", "weights", "message"),
    [
        (VALID, {"x": 50}, "no weight for y"),
        (VALID, {"x": 50, "y": 40, "z": 10}, "unknown areas z"),
        (VALID, {"x": 120, "y": -20}, "must not be negative"),
        (VALID, {"x": 0, "y": 0}, "must not all be zero"),
        (VALID, {"x": float("nan"), "y": 50}, "finite"),
        (frame({"A": [1.2, 0.5]}, ["x", "y"]), {"x": 50, "y": 50}, "0-1"),
        (frame({"A": [-0.1, 0.5]}, ["x", "y"]), {"x": 50, "y": 50}, "0-1"),
        (frame({"A": [float("nan"), 0.5]}, ["x", "y"]), {"x": 50, "y": 50}, "missing"),
        (pd.DataFrame({"x": ["high"], "y": [0.5]}, index=["A"]), {"x": 50, "y": 50}, "numeric"),
        (VALID.iloc[0:0], {"x": 50, "y": 50}, "no vendors"),
        (pd.concat([VALID, VALID]), {"x": 50, "y": 50}, "duplicate vendors"),
    ],
)
def test_invalid_input_raises_scoring_error(
    achievement: pd.DataFrame, weights: dict[str, float], message: str
) -> None:
    with pytest.raises(ScoringError, match=message):
        monte_carlo(achievement, weights, draws=10)
    with pytest.raises(ScoringError, match=message):
        smallest_winner_flip(achievement, weights)
    with pytest.raises(ScoringError, match=message):
        weighted_totals(achievement, weights)


def test_float_noise_just_above_one_is_accepted() -> None:
    noisy = frame({"A": [1 + 1e-12, 0.5]}, ["x", "y"])
    assert weighted_totals(noisy, {"x": 50, "y": 50})["A"] == pytest.approx(75.0)


@pytest.mark.parametrize(
    ("options", "message"),
    [({"draws": 0}, "draws"), ({"top_n": 0}, "top_n"), ({"spread": 1.0}, "spread")],
)
def test_invalid_monte_carlo_options(options: dict[str, float], message: str) -> None:
    with pytest.raises(ScoringError, match=message):
        monte_carlo(VALID, {"x": 50, "y": 50}, **options)  # type: ignore[arg-type]


def test_invalid_topsis_and_agreement_input() -> None:
    with pytest.raises(ScoringError, match="non-negative"):
        topsis(frame({"A": [-1.0, 2.0]}, ["x", "y"]), {"x": 1, "y": 1})
    with pytest.raises(ScoringError, match="unknown criteria"):
        topsis(VALID, {"x": 1, "y": 1}, {"z": False})
    with pytest.raises(ScoringError, match="no weight"):
        topsis(VALID, {"x": 1})
    with pytest.raises(ScoringError, match="different vendors"):
        ranking_agreement(["A", "C"], pd.Series({"A": 0.4, "B": 0.6}))


def test_invalid_confidence_input() -> None:
    mc = mc_result({"A": 0.9, "B": 0.1})
    with pytest.raises(ScoringError, match="no Monte Carlo result for C"):
        assess_confidence({"A": 70.0, "C": 60.0}, mc)
    with pytest.raises(ScoringError, match="probability"):
        assess_confidence({"A": 70.0, "B": 60.0}, mc, probability=1.5)
    with pytest.raises(ScoringError, match="margin_points"):
        assess_confidence({"A": 70.0, "B": 60.0}, mc, margin_points=-1)


# ---------------------------------------------------------------- why TOPSIS disagrees


def test_topsis_driver_names_the_weak_area_by_hand() -> None:
    # Two questions of 50 points in two areas. W = (5, 1.4): 50 + 14 = 64; T = (3, 3): 60.
    # Vector-normalised and weighted: qa = (5, 3) / sqrt(34) / 2 = (0.4287, 0.2572);
    # qb = (1.4, 3) / sqrt(10.96) / 2 = (0.2114, 0.4531). W is 0.2417 short of the best on qb
    # and T 0.1715 on qa, so closeness W = 0.1715 / 0.4132 = 0.415, T = 0.585: TOPSIS picks T,
    # and the driver is area b, where W's squared shortfall (0.0584) beats T's (0).
    scores = frame({"W": [5.0, 1.4], "T": [3.0, 3.0]}, ["qa", "qb"])
    points = {"qa": 50.0, "qb": 50.0}
    closeness = topsis(scores, points)
    assert closeness["W"] == pytest.approx(0.1715 / (0.1715 + 0.2417), abs=1e-3)
    assert closeness["T"] == pytest.approx(0.2417 / (0.1715 + 0.2417), abs=1e-3)
    reference = TOPSIS(normalization_function=vector_normalization)(
        scores.to_numpy(), np.array([0.5, 0.5]), np.array([1, 1])
    )
    assert reference[1] > reference[0]  # pymcdm agrees T is ahead
    check = ranking_agreement(["W", "T"], closeness)
    assert not check.same_winner
    driver = topsis_driver(scores, points, {"qa": "a", "qb": "b"}, "W", "T")
    assert isinstance(driver, TopsisDriver)
    assert (driver.weighted_sum_winner, driver.topsis_winner, driver.area) == ("W", "T", "b")
    assert driver.weighted_sum_winner_share == pytest.approx(1.4 / 5)
    assert driver.topsis_winner_share == pytest.approx(3 / 5)


def test_topsis_driver_sums_an_area_over_its_questions() -> None:
    # qa1, qa2 (30 points each, area a) and qb (40, area b). W = (5, 5, 3): 84; T = (4, 4, 4): 80.
    # Weighted normalised: qa1 and qa2 = (5, 4) / sqrt(41) x 0.3 = (0.2343, 0.1874); qb =
    # (3, 4) / 5 x 0.4 = (0.24, 0.32). T is short 0.0468 twice in a (squared 0.0044 in all), W
    # 0.08 once in b (0.0064): closeness W = 0.0662 / 0.1462 = 0.453 < T's 0.547, driven by b.
    scores = frame({"W": [5.0, 5.0, 3.0], "T": [4.0, 4.0, 4.0]}, ["qa1", "qa2", "qb"])
    points = {"qa1": 30.0, "qa2": 30.0, "qb": 40.0}
    areas = {"qa1": "a", "qa2": "a", "qb": "b"}
    closeness = topsis(scores, points)
    assert closeness["W"] == pytest.approx(0.453, abs=1e-3)
    driver = topsis_driver(scores, points, areas, "W", "T")
    assert driver.area == "b"
    assert driver.weighted_sum_winner_share == pytest.approx(0.6)
    with pytest.raises(ScoringError, match="no area"):
        topsis_driver(scores, points, {"qa1": "a"}, "W", "T")
    with pytest.raises(ScoringError, match="not in the TOPSIS matrix"):
        topsis_driver(scores, points, areas, "W", "X")


def test_weights_only_verdict_does_not_claim_more_than_it_tested() -> None:
    totals = {"Northstar CX": 78.4, "Premier Voice": 72.1}
    both = MonteCarloResult(
        p_first={"Northstar CX": 0.9, "Premier Voice": 0.1},
        p_top_n={"Northstar CX": 1.0, "Premier Voice": 1.0},
        mean_rank={"Northstar CX": 1.1, "Premier Voice": 1.9},
        top_n=2,
        draws=5000,
        seed=1,
        spread=0.2,
        varies=BOTH,
    )
    assert confidence_statement(assess_confidence(totals, both)) == (
        "Northstar CX ranks first in 90% of 5,000 scenarios varying the weights (±20%) and every "
        "judged score within its uncertainty; the ranking is robust."
    )
    scores_only = assess_confidence(totals, replace(both, varies=SCORES))
    assert confidence_statement(scores_only).endswith(
        "of 5,000 scenarios varying every judged score within its uncertainty; the ranking is "
        "robust to the scores, with the weights held fixed."
    )


def test_best_first_is_the_stable_sort_of_the_rounded_totals() -> None:
    """The integer-key sort that ranks the draws must order exactly as the stable sort it
    replaced: ties after rounding to 9 decimals in column order, anything else by total."""
    rng = np.random.default_rng(4)
    totals = rng.uniform(0, 100, (50, 40))
    totals[:, 5] = totals[:, 30]  # exact ties
    totals[:, 7] = totals[:, 2] + 3e-10  # equal once rounded
    totals[:, 9] = totals[:, 3] + 2e-9  # apart once rounded
    totals[:, 11] = 0.0
    expected = np.argsort(-np.round(totals, 9), axis=-1, kind="stable")
    assert np.array_equal(sensitivity.best_first(totals), expected)
    # Totals too large for an exact integer key take the stable sort itself.
    huge = totals * 1e12
    assert np.array_equal(
        sensitivity.best_first(huge), np.argsort(-np.round(huge, 9), axis=-1, kind="stable")
    )


def test_kendall_tau_is_scipy_s_to_the_bit() -> None:
    from scipy.stats import kendalltau

    rng = np.random.default_rng(8)
    for size in (2, 3, 7, 50, 400):
        for _ in range(20):
            order = rng.permutation(size).tolist()
            expected = float(kendalltau(range(size), order).statistic)
            assert sensitivity.kendall_tau(order) == expected, (size, order)
    assert sensitivity.kendall_tau([3, 2, 1, 0]) == -1.0
    assert sensitivity.kendall_tau([0, 2, 1]) == pytest.approx(1 / 3)
