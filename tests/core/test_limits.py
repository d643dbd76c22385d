"""``limits:`` in rfp.yaml: documented defaults, validated like every other key, and the YAML
bounds applied to the buyer's own criteria files (rfp.yaml itself is read with the defaults,
since its limits are inside it)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from rfp.core import yamlfile
from rfp.core.criteria import Library
from rfp.core.project import load_project
from rfp.core.spec import Limits, load_spec
from rfp.errors import ConfigError
from rfp.score.ingest import kit
from tests.factories import line_of

MakeProject = Callable[..., Path]
CRITERIA = Path(__file__).parents[2] / "criteria"


def test_defaults_are_the_bounds_that_were_constants() -> None:
    limits = Limits()
    assert (limits.workbook_rows, limits.workbook_columns) == (kit.MAX_ROWS, kit.MAX_COLUMNS)
    assert (limits.workbook_rows, limits.workbook_columns) == (5000, 64)
    assert limits.yaml() == yamlfile.YamlLimits(2 * 1024 * 1024, 50, 100_000, configurable=True)
    assert (limits.file_mb, limits.unzipped_mb, limits.pdf_pages) == (100, 500, 1000)
    assert limits.passages_per_vendor == 5000
    assert limits.file_bytes == 100 * 1024 * 1024


def test_a_project_without_limits_gets_the_defaults(make_project: MakeProject) -> None:
    assert load_project(make_project("front")).spec.limits == Limits()


def test_limits_are_read_from_rfp_yaml(make_project: MakeProject) -> None:
    folder = make_project("front", limits={"pdf_pages": 40, "passages_per_vendor": 300})
    limits = load_project(folder).spec.limits
    assert (limits.pdf_pages, limits.passages_per_vendor) == (40, 300)
    assert limits.file_mb == 100  # the rest keep their defaults


def test_every_bad_limit_is_reported_at_once_with_its_key_and_line(
    make_project: MakeProject, library: Library
) -> None:
    folder = make_project(
        "front",
        limits={"file_mb": 0, "pdf_pages": -3, "yaml_depth": "deep", "passages_per_vendor": True,
                "page_count": 5},
    )  # fmt: skip
    spec_path = folder / "rfp.yaml"
    with pytest.raises(ConfigError) as caught:
        load_spec(spec_path, library.context())
    message = str(caught.value)
    for key, fragment in (
        ("file_mb", "greater than 0"),
        ("pdf_pages", "greater than 0"),
        ("yaml_depth", "integer"),
        ("passages_per_vendor", ""),
    ):
        located = f"{spec_path}:{line_of(spec_path, key + ':')}: limits.{key}: "
        assert located in message, message
        assert fragment in message.split(located, 1)[1].split("\n", 1)[0]
    assert "unknown key 'page_count'" in message
    assert len(caught.value.problems) == 5


def test_a_fraction_is_not_a_limit(make_project: MakeProject, library: Library) -> None:
    spec_path = make_project("front", limits={"workbook_rows": 2.5}) / "rfp.yaml"
    with pytest.raises(ConfigError, match=r"limits\.workbook_rows"):
        load_spec(spec_path, library.context())


def _override_with(tmp_path: Path, area: str) -> Path:
    override = tmp_path / "my-criteria"
    override.mkdir()
    shutil.copy(CRITERIA / f"{area}.yaml", override / f"{area}.yaml")
    return override


def test_yaml_limits_apply_to_the_buyers_criteria_files(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """The security area file holds hundreds of values: under a 100-node limit it is refused,
    naming the file and the key that raises the limit; the built-in files still load."""
    override = _override_with(tmp_path, "security")
    folder = make_project("front", limits={"yaml_nodes": 100})
    with pytest.raises(ConfigError) as caught:
        load_project(folder, override)
    (problem,) = caught.value.problems
    assert problem.file == str(override / "security.yaml")
    assert "more than 100 nodes" in problem.message
    assert "limits.yaml_nodes in rfp.yaml" in problem.message


def test_a_raised_yaml_limit_lets_a_large_criteria_file_load(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """Padding the security file past 2 MB with a YAML comment: refused by default, read once
    ``yaml_mb`` allows it."""
    override = _override_with(tmp_path, "security")
    area = override / "security.yaml"
    area.write_text(area.read_text(encoding="utf-8") + "#" + "x" * (2 * 1024 * 1024) + "\n")
    with pytest.raises(ConfigError, match=r"at most 2 MB \(limits\.yaml_mb in rfp\.yaml\)"):
        load_project(make_project("front", name="strict"), override)
    project = load_project(make_project("front", name="raised", limits={"yaml_mb": 3}), override)
    assert "SEC-01" in project.library.criteria


def test_rfp_yaml_itself_is_read_with_the_default_yaml_limits(make_project: MakeProject) -> None:
    """rfp.yaml nests deeper than 2 (buyer.contact.name) and holds far more than 10 values;
    its own limits cannot apply to reading it, so it loads."""
    folder = make_project("front", limits={"yaml_depth": 2, "yaml_nodes": 10})
    assert load_project(folder).spec.limits.yaml_depth == 2
