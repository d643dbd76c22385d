"""Merging evaluators' scores over the automatic cells: mean, median and consensus, by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rfp.core.project import Project, load_project
from rfp.score.merge import merge
from rfp.score.run import ConsensusOverride, ScoreCell
from tests.score.hand_evaluations import hand_cells, hand_evaluations, small_project


@pytest.fixture
def base(make_project: Callable[..., Path]) -> Project:
    """A front-office starter project: ``small_project`` keeps its spec and swaps the criteria."""
    return load_project(make_project("front"))


def test_merge_mean_median_and_consensus_by_hand(base: Project) -> None:
    override = ConsensusOverride("Y", "SEC-02", 3.0, "reference call confirmed", "Consensus!C2")
    evaluations = hand_evaluations((override,))

    mean = {
        (c.vendor, c.criterion): c for c in merge(small_project(base), hand_cells(), evaluations)
    }
    # X SEC-01: (5 + 4 + 1) / 3 = 10/3; X SEC-02: (4 + 4 + 2) / 3 = 10/3
    assert mean[("X", "SEC-01")].score == pytest.approx(10 / 3)
    assert mean[("X", "SEC-02")].score == pytest.approx(10 / 3)
    # Y SEC-01: (3 + 4 + 2) / 3 = 3; Z SEC-01: (2 + 2 + 1) / 3 = 5/3
    assert mean[("Y", "SEC-01")].score == pytest.approx(3.0)
    assert mean[("Z", "SEC-01")].score == pytest.approx(5 / 3)
    # Z SEC-02: e2 left it blank, so (2 + 1) / 2 = 1.5
    assert mean[("Z", "SEC-02")].score == pytest.approx(1.5)
    assert mean[("Z", "SEC-02")].note == "mean of 2 evaluators: e1 2, e3 1"
    # Y SEC-02: the evaluators' (3 + 2 + 2) / 3 = 2.33 is overridden by the panel's 3.
    assert mean[("Y", "SEC-02")] == ScoreCell(
        "Y",
        "SEC-02",
        3.0,
        "consensus",
        "consensus: reference call confirmed (evaluators' mean of 3 evaluators: e1 3, e2 2, e3 2)",
    )
    assert mean[("X", "PRC-01")] == ScoreCell("X", "PRC-01", 5.0, "check", "annual cost")

    median = {
        (c.vendor, c.criterion): c.score
        for c in merge(small_project(base, "median"), hand_cells(), evaluations)
    }
    # X SEC-01: median(5, 4, 1) = 4; X SEC-02: median(4, 4, 2) = 4; Y SEC-01: median(3, 4, 2) = 3
    # Z SEC-01: median(2, 2, 1) = 2; Z SEC-02: median(2, 1) = 1.5; Y SEC-02: consensus 3
    assert median == {
        ("X", "SEC-01"): 4.0,
        ("X", "SEC-02"): 4.0,
        ("X", "PRC-01"): 5.0,
        ("Y", "SEC-01"): 3.0,
        ("Y", "SEC-02"): 3.0,
        ("Y", "PRC-01"): 4.0,
        ("Z", "SEC-01"): 2.0,
        ("Z", "SEC-02"): 1.5,
        ("Z", "PRC-01"): 3.0,
    }


# --------------------------------------------------------------------------- disagreement
