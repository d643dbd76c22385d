"""The demo's RFPs laid out in worker processes: in order, and a failure said, not hung."""

from __future__ import annotations

from pathlib import Path

import pytest

from rfp.demo.builder import generated_rfps
from rfp.errors import ConfigError


def test_a_project_that_cannot_be_generated_stops_the_demo_with_its_problem(
    tmp_path: Path,
) -> None:
    """An error in a worker comes back whole (its problems, not a pickling error) and the
    pool is stopped; the projects after it are never waited for."""
    missing = [tmp_path / "first", tmp_path / "second", tmp_path / "third"]
    with pytest.raises(ConfigError) as raised, generated_rfps(missing) as generated:
        list(generated)
    assert [problem.file for problem in raised.value.problems] == [str(missing[0])]
    assert "the project folder does not exist" in str(raised.value)
