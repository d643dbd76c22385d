"""Weighted totals, price points, knockouts and ranking against values worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from rfp.core.criteria import Selection, WeightedArea, WeightedCriterion
from rfp.core.spec import AreaInfo, Check, Criterion
from rfp.errors import ScoringError
from rfp.score.run import Knockout, ScoreCell
from rfp.score.scoring import (
    area_totals,
    knockouts,
    price_scores,
    rank,
    score_matrix,
    weighted_points,
)

RUBRIC = {level: f"level {level}" for level in range(6)}


def criterion(cid: str, area: str, mandatory: bool = False, check: str | None = None) -> Criterion:
    return Criterion(
        id=cid,
        area=area,
        title=f"title {cid}",
        question="q",
        rubric=RUBRIC,
        mandatory=mandatory,
        check=Check(type=check) if check else None,
    )


@pytest.fixture
def selection() -> Selection:
    """Two areas: security 65 points (SEC-01 mandatory 40 + SEC-02 25) and pricing 35 (price)."""
    security = WeightedArea(
        area=AreaInfo(id="security", title="Security"),
        raw_weight=65,
        points=65.0,
        criteria=(
            WeightedCriterion(criterion("SEC-01", "security", mandatory=True), 40.0),
            WeightedCriterion(criterion("SEC-02", "security"), 25.0),
        ),
    )
    pricing = WeightedArea(
        area=AreaInfo(id="pricing", title="Pricing", pricing=True),
        raw_weight=35,
        points=35.0,
        criteria=(WeightedCriterion(criterion("PRC-01", "pricing", check="price"), 35.0),),
    )
    return Selection(office="front", areas=(security, pricing))


def test_price_points_for_the_published_three_bid_example() -> None:
    # $100k, $125k, $150k with 35 price points: 35 x 100/100 = 35.0, 35 x 100/125 = 28.0,
    # 35 x 100/150 = 23.33.
    scores = price_scores({"A": 100_000, "B": 125_000, "C": 150_000})
    points = {vendor: round(score / 5 * 35, 2) for vendor, score in scores.items()}
    assert points == {"A": 35.0, "B": 28.0, "C": 23.33}


def test_price_pool_excludes_disqualified_low_bid() -> None:
    # D bid $80k but is disqualified: the lowest qualifying bid ($100k) sets the scale, and D's
    # own score is capped at 5.
    scores = price_scores(
        {"A": 100_000, "B": 125_000, "D": 80_000, "E": None}, {"A": 100_000, "B": 125_000}
    )
    assert scores == {"A": 5.0, "B": 4.0, "D": 5.0, "E": 0.0}
    with pytest.raises(ScoringError):
        price_scores({"A": 0.0})


def test_weighted_totals_worked_by_hand(selection: Selection) -> None:
    cells = [
        ScoreCell("Alpha", "SEC-01", 4, "auto"),
        ScoreCell("Alpha", "SEC-02", 3, "auto"),
        ScoreCell("Alpha", "PRC-01", 5, "check"),
        ScoreCell("Beta", "SEC-01", 5, "auto"),
        ScoreCell("Beta", "SEC-02", 5, "auto"),
        ScoreCell("Beta", "PRC-01", 4, "check"),
        ScoreCell("Gamma", "SEC-01", 1, "auto"),
        ScoreCell("Gamma", "SEC-02", 5, "auto"),
        ScoreCell("Gamma", "PRC-01", 5, "check"),
    ]
    matrix = score_matrix(cells, ["Alpha", "Beta", "Gamma"], ["SEC-01", "SEC-02", "PRC-01"])
    totals = area_totals(matrix, selection)
    # Alpha: 40x4/5 + 25x3/5 = 32 + 15 = 47 security; 35x5/5 = 35 pricing; total 82.
    # Beta: 40 + 25 = 65 security; 35x4/5 = 28 pricing; total 93.
    # Gamma: 8 + 25 = 33 security; 35 pricing; total 68.
    assert totals.loc["Alpha"].to_dict() == pytest.approx(
        {"security": 47, "pricing": 35, "total": 82}
    )
    assert totals.loc["Beta"].to_dict() == pytest.approx(
        {"security": 65, "pricing": 28, "total": 93}
    )
    assert totals.loc["Gamma"].to_dict() == pytest.approx(
        {"security": 33, "pricing": 35, "total": 68}
    )
    assert weighted_points(matrix, selection).loc["Alpha", "SEC-02"] == pytest.approx(15)

    missing = Knockout("SEC-05", "missing required certification: PCI DSS", source="check")
    reasons = knockouts(matrix, selection, 2, {"Beta": [missing]})
    assert reasons["Alpha"] == []
    assert reasons["Beta"] == [missing]
    assert [k.reason for k in reasons["Gamma"]] == [
        "mandatory SEC-01 (title SEC-01) scored 1, below 2"
    ]
    assert reasons["Gamma"][0].criterion == "SEC-01"
    assert reasons["Gamma"][0].brief == "mandatory SEC-01 scored 1, below 2"

    # Facts come first, then thresholds, then what the vendor declared; an automatic score
    # behind a threshold knockout is marked for evaluators to confirm.
    declared = Knockout("SEC-01", "declared No to mandatory SEC-01 in the compliance matrix")
    ordered = knockouts(
        matrix,
        selection,
        2,
        {"Gamma": [missing]},
        sources={("Gamma", "SEC-01"): "auto"},
        declared={"Gamma": [declared]},
    )
    assert [k.reason for k in ordered["Gamma"]] == [
        "missing required certification: PCI DSS",
        "mandatory SEC-01 (title SEC-01) scored 1, below 2 (auto-score: confirm)",
        "declared No to mandatory SEC-01 in the compliance matrix",
    ]
    assert ordered["Gamma"][1].source == "auto"
    assert ordered["Gamma"][1].evidence == "auto score 1"

    ranking = rank(
        totals, reasons, {"Alpha": 35, "Beta": 28, "Gamma": 35}, {"Alpha": 4, "Beta": 5, "Gamma": 1}
    )
    # Beta has the highest total but is disqualified; it is listed below the qualified Alpha.
    # Among the disqualified, the higher total comes first.
    assert list(ranking.index) == ["Alpha", "Beta", "Gamma"]
    assert ranking["rank"].tolist() == [1, 2, 3]
    assert ranking["disqualified"].tolist() == [False, True, True]


def test_tie_break_price_then_mandatory_then_name() -> None:
    totals = pd.DataFrame(
        {"total": [80.0, 80.0, 80.0, 80.0]}, index=["delta", "Charlie", "bravo", "alpha"]
    )
    ranking = rank(
        totals,
        {},
        {"delta": 30, "Charlie": 25, "bravo": 25, "alpha": 25},
        {"delta": 10, "Charlie": 12, "bravo": 11, "alpha": 11},
    )
    # delta wins on price; Charlie on mandatory sum; alpha before bravo by name (case-insensitive).
    assert list(ranking.index) == ["delta", "Charlie", "alpha", "bravo"]
    assert ranking["rank"].tolist() == [1, 2, 3, 4]


def test_score_matrix_rejects_out_of_range_and_unknown() -> None:
    with pytest.raises(ScoringError, match="outside 0-5"):
        score_matrix([ScoreCell("A", "X-01", 6, "auto")], ["A"], ["X-01"])
    with pytest.raises(ScoringError, match="unknown vendor or criterion"):
        score_matrix([ScoreCell("A", "X-02", 1, "auto")], ["A"], ["X-01"])


def test_score_matrix_equals_writing_each_cell_into_the_frame() -> None:
    """The array-built matrix is the frame a write per cell gave: values, dtype, labels; a cell
    given twice keeps its last score; an unscored cell is 0."""
    vendors = [f"Vendor {n}" for n in range(7)]
    criteria = [f"C-{n:02d}" for n in range(5)]
    cells = [
        ScoreCell(v, c, float((3 * i + 2 * j) % 6), "auto")
        for i, v in enumerate(vendors)
        for j, c in enumerate(criteria)
        if (i + j) % 4
    ] + [ScoreCell("Vendor 2", "C-03", 4.5, "evaluators")]
    expected = pd.DataFrame(0.0, index=pd.Index(vendors, name="vendor"), columns=criteria)
    for cell in cells:
        expected.loc[cell.vendor, cell.criterion] = cell.score
    matrix = score_matrix(cells, vendors, criteria)
    pd.testing.assert_frame_equal(matrix, expected)
    assert matrix.loc["Vendor 2", "C-03"] == 4.5 and matrix.loc["Vendor 0", "C-00"] == 0.0
