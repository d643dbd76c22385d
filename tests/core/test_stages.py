"""Scored evaluation stages in rfp.yaml and the stage library: validation with file and line,
the shipped library, and a buyer's own stage file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from rfp.core import resources
from rfp.core.criteria import Library
from rfp.core.project import load_project
from rfp.core.spec import load_spec
from rfp.core.stages import STAGES_FOLDER, load_stage, written_share
from rfp.errors import ConfigError
from tests.factories import edit, line_of

MakeProject = Callable[..., Path]
EVALUATION = "  knockout_below: 2\n"


def problems(path: Path, library: Library) -> str:
    with pytest.raises(ConfigError) as caught:
        load_spec(path, library.context())
    return str(caught.value)


def test_the_starter_scores_no_stage(make_project: MakeProject, library: Library) -> None:
    spec, _ = load_spec(make_project("front") / "rfp.yaml", library.context())
    assert spec.evaluation.stages == {}
    assert spec.evaluation.scored_stages == {}


def test_stage_shares_are_read_in_process_order_and_zero_is_unscored(
    make_project: MakeProject, library: Library
) -> None:
    folder = make_project("front")
    edit(folder, EVALUATION, EVALUATION + "  stages: {reference_checks: 10, orals: 20}\n")
    spec, _ = load_spec(folder / "rfp.yaml", library.context())
    assert list(spec.evaluation.scored_stages.items()) == [("orals", 20), ("reference_checks", 10)]
    edit(folder, "reference_checks: 10", "reference_checks: 0")
    spec, _ = load_spec(folder / "rfp.yaml", library.context())
    assert spec.evaluation.scored_stages == {"orals": 20}


def test_a_scored_stage_without_its_date_names_the_line(
    make_project: MakeProject, library: Library
) -> None:
    """The starter leaves site_visits commented out: scoring it is an error on its own line."""
    folder = make_project("front")
    spec_path = edit(folder, EVALUATION, EVALUATION + "  stages:\n    site_visits: 5\n")
    message = problems(spec_path, library)
    line = line_of(spec_path, "site_visits: 5")
    assert f"{spec_path}:{line}: evaluation.stages.site_visits" in message
    assert "site_visits is scored but timeline.site_visits has no date" in message


def test_stages_adding_up_to_100_are_refused(make_project: MakeProject, library: Library) -> None:
    folder = make_project("front")
    spec_path = edit(
        folder, EVALUATION, EVALUATION + "  stages: {orals: 60, reference_checks: 40}\n"
    )
    message = problems(spec_path, library)
    assert f"{spec_path}:{line_of(spec_path, 'stages:')}: evaluation.stages" in message
    assert "add up to 100%" in message


@pytest.mark.parametrize(("text", "expected"), [("-5", "-5 is not a percent"), ("bids", "bids")])
def test_a_bad_share_or_unknown_stage_is_refused_on_its_line(
    make_project: MakeProject, library: Library, text: str, expected: str
) -> None:
    folder = make_project("front")
    entry = f"{text}: 10" if text == "bids" else f"orals: {text}"
    spec_path = edit(folder, EVALUATION, EVALUATION + f"  stages:\n    {entry}\n")
    message = problems(spec_path, library)
    assert f"{spec_path}:{line_of(spec_path, entry)}" in message
    assert expected in message


def test_the_shipped_library_weights_each_stage_to_100() -> None:
    """orals.yaml weighs its five items 2, 2, 2, 3 and 1: 20, 20, 20, 30 and 10 points."""
    orals = load_stage("orals", 20)
    assert [(wc.id, wc.points) for wc in orals.criteria] == [
        ("ORL-01", 20.0),
        ("ORL-02", 20.0),
        ("ORL-03", 20.0),
        ("ORL-04", 30.0),
        ("ORL-05", 10.0),
    ]
    for stage in ("site_visits", "reference_checks"):
        loaded = load_stage(stage, 10)
        assert round(sum(wc.points for wc in loaded.criteria), 6) == 100.0
        assert all(sorted(wc.criterion.rubric) == list(range(6)) for wc in loaded.criteria)


def test_the_project_carries_only_the_scored_stages(
    make_project: MakeProject,
) -> None:
    folder = make_project("front")
    edit(folder, EVALUATION, EVALUATION + "  stages: {orals: 20, reference_checks: 0}\n")
    project = load_project(folder)
    assert [stage.id for stage in project.stages] == ["orals"]
    assert project.stage("reference_checks") is None
    assert written_share(project.stages) == 80.0


def test_a_buyers_stage_file_wins_and_its_errors_name_the_line(
    make_project: MakeProject, tmp_path: Path
) -> None:
    folder = make_project("front")
    edit(folder, EVALUATION, EVALUATION + "  stages: {orals: 20}\n")
    override = tmp_path / "my-criteria" / STAGES_FOLDER
    override.mkdir(parents=True)
    builtin = resources.builtin_dir("criteria") / STAGES_FOLDER / "orals.yaml"
    mine = override / "orals.yaml"
    text = builtin.read_text(encoding="utf-8").replace("    weight: 3\n", "    weight: 0\n")
    mine.write_text(text, encoding="utf-8")
    project = load_project(folder, override.parent)
    assert project.stages[0].source == mine
    assert [wc.points for wc in project.stages[0].criteria] == [28.57, 28.57, 28.57, 0.0, 14.29]

    mine.write_text(text.replace("  id: orals", "  id: bafo"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_project(folder, override.parent)
    assert f"{mine}:{line_of(mine, 'id: bafo')}: stage.id" in str(caught.value)
    shutil.rmtree(override)
