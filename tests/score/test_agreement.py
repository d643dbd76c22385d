"""Evaluator agreement: Kendall's W against published examples, spread and bias by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from rfp.core.project import Project, load_project
from rfp.errors import ScoringError
from rfp.score.agreement import disagreement, kendalls_w
from rfp.score.merge import merge
from rfp.score.run import Evaluations
from tests.score.hand_evaluations import hand_cells, hand_evaluations, small_project


@pytest.fixture
def base(make_project: Callable[..., Path]) -> Project:
    """A front-office starter project: ``small_project`` keeps its spec and swaps the criteria."""
    return load_project(make_project("front"))


def test_kendalls_w_published_example_with_ties() -> None:
    # NAG Library Manual, G08DAF example program results (Kendall's coefficient of concordance),
    # https://support.nag.com/numeric/fl/nagdoc_fl26.2/examples/baseresults/g08dafe.r.html :
    # 3 comparisons of 10 objects with tied ranks; NAG prints "Kendall's coefficient = 0.828".
    ranks = pd.DataFrame(
        [
            [1.0, 4.5, 2.0, 4.5, 3.0, 7.5, 6.0, 9.0, 7.5, 10.0],
            [2.5, 1.0, 2.5, 4.5, 4.5, 8.0, 9.0, 6.5, 10.0, 6.5],
            [2.0, 1.0, 4.5, 4.5, 4.5, 4.5, 8.0, 8.0, 8.0, 10.0],
        ]
    )
    # By hand: rank sums 5.5, 6.5, 9, 13.5, 12, 20, 23, 23.5, 25.5, 26.5 around their mean
    # 3 x 11 / 2 = 16.5 give S = 591. Ties: rater 1 two pairs (6 + 6), rater 2 three pairs
    # (6 + 6 + 6), rater 3 a group of four and one of three (60 + 24): sum T = 114.
    # W = 12 x 591 / (3^2 x (10^3 - 10) - 3 x 114) = 7092 / 8568 = 0.8277.
    assert kendalls_w(ranks) == pytest.approx(7092 / 8568)
    assert round(kendalls_w(ranks), 3) == 0.828


def test_kendalls_w_published_example_without_ties() -> None:
    # ProofWiki, "Kendall's Coefficient of Concordance/Examples/Arbitrary Example 1",
    # https://www.proofwiki.org/wiki/Kendall%27s_Coefficient_of_Concordance/Examples/Arbitrary_Example_1
    # Judges A-D rank competitors X, Y, Z; the page derives W = 1/16.
    ranks = pd.DataFrame(
        {"X": [1, 1, 2, 3], "Y": [3, 2, 3, 1], "Z": [2, 3, 1, 2]}, index=list("ABCD")
    )
    assert kendalls_w(ranks) == pytest.approx(1 / 16)
    assert kendalls_w(pd.DataFrame([[1, 2, 3], [1, 2, 3]])) == pytest.approx(1.0)
    with pytest.raises(ScoringError, match="at least 2 raters"):
        kendalls_w(pd.DataFrame([[1, 2, 3]]))


def test_disagreement_by_hand(base: Project) -> None:
    project = small_project(base)
    evaluations = hand_evaluations()
    merged = merge(project, hand_cells(), evaluations)
    result = disagreement(project, evaluations, merged)

    spread = {(r.vendor, r.criterion): (r.spread, r.flagged) for r in result.spread.itertuples()}
    assert spread == {
        ("X", "SEC-01"): (4.0, True),  # 5 - 1
        ("X", "SEC-02"): (2.0, True),  # 4 - 2: two points is flagged
        ("Y", "SEC-01"): (2.0, True),  # 4 - 2
        ("Y", "SEC-02"): (1.0, False),  # 3 - 2
        ("Z", "SEC-01"): (1.0, False),  # 2 - 1
        ("Z", "SEC-02"): (1.0, False),  # 2 - 1 (e2 blank)
    }
    assert len(result.flagged_cells) == 3

    bias = result.bias.set_index("evaluator")
    # e1 minus the others' mean, cell by cell: X1 5-2.5, X2 4-3, Y1 3-3, Y2 3-2, Z1 2-1.5, Z2 2-1
    # = 2.5 + 1 + 0 + 1 + 0.5 + 1 = 6 over 6 cells = +1.0
    assert bias.loc["e1", "bias"] == pytest.approx(1.0)
    assert bias.loc["e1", "shared_cells"] == 6
    # e2: X1 4-3, X2 4-3, Y1 4-2.5, Y2 2-2.5, Z1 2-1.5 = 1 + 1 + 1.5 - 0.5 + 0.5 = 3.5 / 5 = +0.7
    assert bias.loc["e2", "bias"] == pytest.approx(0.7)
    # e3: X1 1-4.5, X2 2-4, Y1 2-3.5, Y2 2-2.5, Z1 1-2, Z2 1-2 = -9.5 / 6 = -1.583
    assert bias.loc["e3", "bias"] == pytest.approx(-9.5 / 6)
    assert list(bias["flagged"]) == [True, True, True]
    assert list(bias["tendency"]) == ["more lenient", "more lenient", "harsher"]

    # Totals: 50 x SEC-01/5 + 30 x SEC-02/5 + 20 x PRC-01/5 = 10 S1 + 6 S2 + 4 P.
    # e1: X 50+24+20 = 94, Y 30+18+16 = 64, Z 20+12+12 = 44          -> ranks 1, 2, 3
    # e2: X 40+24+20 = 84, Y 40+12+16 = 68, Z 20+6x1.5 (merged)+12 = 41 -> ranks 1, 2, 3
    # e3: X 10+12+20 = 42, Y 20+12+16 = 48, Z 10+6+12 = 28          -> ranks 2, 1, 3
    assert result.totals.loc["e2"].to_dict() == pytest.approx({"X": 84, "Y": 68, "Z": 41})
    assert result.ranks.loc["e3"].to_dict() == {"X": 2.0, "Y": 1.0, "Z": 3.0}
    # Rank sums X 4, Y 5, Z 9 around 6: S = 4 + 1 + 9 = 14; W = 12 x 14 / (9 x 24) = 7/9.
    assert result.kendalls_w == pytest.approx(7 / 9)

    assert result.missing.to_dict("records") == [
        {"evaluator": "e2", "vendor": "Z", "criterion": "SEC-02", "cell": "Scores!H8"}
    ]


def test_disagreement_with_one_evaluator_has_no_concordance(base: Project) -> None:
    project = small_project(base)
    evaluations = Evaluations(sheets=hand_evaluations().sheets[:1])
    result = disagreement(project, evaluations, merge(project, hand_cells(), evaluations))
    assert result.kendalls_w is None
    assert result.bias.loc[0, "shared_cells"] == 0 and not result.bias.loc[0, "flagged"]
    assert set(result.spread["spread"]) == {0.0}
