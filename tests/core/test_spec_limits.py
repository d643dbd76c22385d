"""Hostile rfp.yaml and criteria values: one located message each, never a traceback or a hang.

Issue 10: non-finite and overflowing weights, alias bombs, deep nesting, oversized files,
implausible volumes, dates and numbers YAML cannot build, and control characters that no DOCX or
XLSX can hold. Every case checks the exception type and that the message names the file, the
line and the key; the CLI cases also check the exit code, that no traceback is printed, that the
input is unchanged and that nothing was written.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rfp.cli import app
from rfp.core import yamlfile
from rfp.core.criteria import Library, apportion, load_library
from rfp.core.spec import MAX_MONTHLY_VOLUME, load_spec
from rfp.core.yamlfile import read_yaml
from rfp.errors import ConfigError
from tests.factories import edit, line_of

runner = CliRunner()
MakeProject = Callable[..., Path]
CRITERIA = Path(__file__).parents[2] / "criteria"


def spec_problems(path: Path, library: Library) -> str:
    with pytest.raises(ConfigError) as caught:
        load_spec(path, library.context())
    return str(caught.value)


def run_cli_fails(folder: Path, command: str = "generate") -> str:
    """Run ``command`` on ``folder``; assert exit 1, no traceback, input unchanged, no output."""
    spec_path = folder / "rfp.yaml"
    before = spec_path.read_bytes()
    result = runner.invoke(app, [command, str(folder)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert spec_path.read_bytes() == before
    assert not (folder / "out").exists()
    return result.stderr


# --------------------------------------------------------------------------- weights


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN"])
def test_non_finite_area_weight_is_a_located_problem(
    make_project: MakeProject, library: Library, value: str
) -> None:
    spec_path = edit(make_project("front"), "  security: 8", f"  security: {value}")
    message = spec_problems(spec_path, library)
    assert f"{spec_path}:{line_of(spec_path, 'security: ')}: weights.security" in message
    assert "finite" in message


def test_area_weights_whose_sum_overflows_are_a_located_problem(
    make_project: MakeProject, library: Library
) -> None:
    folder = make_project("front")
    edit(folder, "  security: 8", "  security: 1e308")
    spec_path = edit(folder, "  pricing: 20", "  pricing: 1e308")
    message = spec_problems(spec_path, library)
    assert f"{spec_path}:{line_of(spec_path, 'security: 1e308')}: weights.security" in message
    assert "too large" in message and "pricing = 1e+308" in message


def test_one_huge_area_weight_is_apportioned_without_overflow(
    make_project: MakeProject, library: Library
) -> None:
    """1.7e308 is finite and sums with the defaults, but ``units * weight`` overflowed."""
    spec_path = edit(make_project("front"), "  security: 8", "  security: 1.7e308")
    message = spec_problems(spec_path, library)
    assert "weights" in message and "too large" in message


def test_criterion_weights_whose_sum_overflows_are_a_located_problem(
    make_project: MakeProject, library: Library
) -> None:
    spec_path = edit(
        make_project("front"), "  weights: {}", "  weights: {SEC-01: 1e308, SEC-02: 1e308}"
    )
    message = spec_problems(spec_path, library)
    assert f"{spec_path}:{line_of(spec_path, 'SEC-01: 1e308')}: criteria.weights" in message
    assert "too large" in message


def test_non_finite_criterion_weight_is_a_located_problem(
    make_project: MakeProject, library: Library
) -> None:
    spec_path = edit(make_project("front"), "  weights: {}", "  weights: {SEC-01: .nan}")
    message = spec_problems(spec_path, library)
    assert f"{spec_path}:{line_of(spec_path, 'SEC-01: .nan')}: criteria.weights.SEC-01" in message
    assert "finite" in message


@pytest.mark.parametrize("value", [".nan", ".inf"])
def test_weights_cli_exits_1_without_traceback(make_project: MakeProject, value: str) -> None:
    folder = make_project("front")
    edit(folder, "  security: 8", f"  security: {value}")
    assert "weights.security" in run_cli_fails(folder)


def test_apportion_is_exact_for_huge_finite_weights() -> None:
    assert apportion({"a": 1.7e308, "b": 1.7e308 / 3}, 100.0, 0.1) == {"a": 75.0, "b": 25.0}
    assert apportion({"a": 5e-324, "b": 5e-324}, 100.0, 0.1) == {"a": 50.0, "b": 50.0}


def test_apportion_refuses_non_finite_weights() -> None:
    with pytest.raises(ValueError, match="finite"):
        apportion({"a": float("nan"), "b": 1.0}, 100.0, 0.1)


def criteria_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "criteria"
    shutil.copytree(CRITERIA, folder)
    return folder


@pytest.mark.parametrize("value", [".nan", ".inf"])
def test_library_criterion_weight_must_be_finite(tmp_path: Path, value: str) -> None:
    folder = criteria_copy(tmp_path)
    area = folder / "security.yaml"
    text = area.read_text(encoding="utf-8")
    marker = "    weight: "
    assert marker in text
    start = text.index(marker)
    end = text.index("\n", start)
    area.write_text(text[:start] + f"{marker}{value}" + text[end:], encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_library(folder)
    message = str(caught.value)
    assert f"{area}:{line_of(area, f'weight: {value}')}: criteria[" in message
    assert "finite" in message


@pytest.mark.parametrize(("value", "expected"), [(".inf", "finite"), ("1e308", "too large")])
def test_library_office_weights_must_be_finite_and_bounded(
    tmp_path: Path, value: str, expected: str
) -> None:
    folder = criteria_copy(tmp_path)
    offices = folder / "offices.yaml"
    text = offices.read_text(encoding="utf-8")
    start = text.index("      security: ")
    end = text.index("\n", start)
    offices.write_text(text[:start] + f"      security: {value}" + text[end:], encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_library(folder)
    message = str(caught.value)
    line = line_of(offices, f"security: {value}")
    assert f"{offices}:{line}: offices.front.weights.security" in message
    assert expected in message


# --------------------------------------------------------------------------- volumes


@pytest.mark.parametrize("value", ["1e308", ".inf", "100000001"])
def test_implausible_monthly_volume_is_a_located_problem(
    make_project: MakeProject, library: Library, value: str
) -> None:
    spec_path = edit(make_project("front"), "per_month: 42000", f"per_month: {value}")
    message = spec_problems(spec_path, library)
    assert (
        f"{spec_path}:{line_of(spec_path, f'per_month: {value}')}: volumes[0].per_month" in message
    )
    assert f"{MAX_MONTHLY_VOLUME:,}" in message if value != ".inf" else "finite" in message


def test_handle_times_are_bounded(make_project: MakeProject, library: Library) -> None:
    spec_path = edit(make_project("front"), "aht_seconds: 360", "aht_seconds: 1e308")
    message = spec_problems(spec_path, library)
    assert (
        f"{spec_path}:{line_of(spec_path, 'aht_seconds: 1e308')}: volumes[0].aht_seconds" in message
    )


def test_volume_needing_more_agents_than_any_centre_is_a_located_problem(
    make_project: MakeProject, library: Library
) -> None:
    """100 million one-hour calls a month in a 60-hour week is ~385,000 agents busy at once."""
    folder = make_project("front")
    edit(folder, "per_month: 42000", "per_month: 100000000")
    spec_path = edit(folder, "aht_seconds: 360", "aht_seconds: 3600")
    message = spec_problems(spec_path, library)
    assert f"{spec_path}:{line_of(spec_path, '- channel: voice')}: volumes[0]" in message
    assert "agents" in message


def test_huge_volume_cli_exits_1_quickly(make_project: MakeProject) -> None:
    folder = make_project("front")
    edit(folder, "per_month: 42000", "per_month: 1e308")
    assert "volumes[0].per_month" in run_cli_fails(folder, "score")


# --------------------------------------------------------------------------- YAML itself


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rfp.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def yaml_problem(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        read_yaml(path)
    return str(caught.value)


def test_alias_bomb_is_refused_before_expansion(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    message = yaml_problem(path)
    assert f"{yamlfile.MAX_YAML_NODES:,}" in message
    assert str(path) in message
    assert f"{path}:" in message  # a line is named


def test_doubling_alias_chain_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 {k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1, k8: 1, k9: 1}"]
    for level in range(1, 15):
        lines.append(f"a{level}: &a{level} {{x: *a{level - 1}, y: *a{level - 1}}}")
    path = write(tmp_path, "\n".join(lines) + "\n")
    assert "nodes" in yaml_problem(path)


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "schema_version: 1\na: &a [1, *a]\n")
    message = yaml_problem(path)
    assert f"{path}:2" in message
    assert "*a refers to itself" in message


def test_deep_nesting_is_refused_without_recursion_error(tmp_path: Path) -> None:
    depth = 50_000
    path = write(tmp_path, "a: " + "[" * depth + "]" * depth + "\n")
    message = yaml_problem(path)
    assert f"{path}:1" in message
    assert f"{yamlfile.MAX_YAML_DEPTH}" in message


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    text = "".join(f"{' ' * level}k{level}:\n" for level in range(200)) + " " * 200 + "k: 1\n"
    path = write(tmp_path, text)
    assert "nested" in yaml_problem(path)


def test_nesting_at_the_limit_is_read(tmp_path: Path) -> None:
    depth = yamlfile.MAX_YAML_DEPTH
    path = write(tmp_path, "a: " + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "\n")
    assert read_yaml(path).data["a"] is not None


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, "a: " + "x" * yamlfile.MAX_YAML_BYTES + "\n")
    message = yaml_problem(path)
    assert str(path) in message
    assert "MB" in message


def test_library_files_fit_the_limits() -> None:
    """The limits are far above what real files need: the built-in library loads."""
    for path in sorted(CRITERIA.glob("*.yaml")):
        read_yaml(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("issued: 2026-13-45\n", "month must be in 1..12"),
        ("per_month: " + "9" * 5000 + "\n", "5000 digits"),
    ],
)
def test_values_yaml_cannot_build_are_located(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, "schema_version: 1\n" + text)
    message = yaml_problem(path)
    assert f"{path}:2" in message
    assert expected in message
    assert "set_int_max_str_digits" not in message


def test_invalid_date_cli_exits_1(make_project: MakeProject) -> None:
    folder = make_project("front")
    edit(folder, "  issued: ", "  issued: 2026-13-45\n  xissued: ")
    assert "month must be in 1..12" in run_cli_fails(folder, "score")


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('  reference: "', '  reference: "\\a', "project.reference"),
        ('  name: "Acme', '  name: "\\x01Acme', "buyer.name"),
        ('  title: "Customer', '  title: "\\0Customer', "project.title"),
        ("languages: [en, es]", 'languages: [en, "e\\x1bs"]', "languages[1]"),
    ],
)
def test_control_characters_are_a_located_problem(
    make_project: MakeProject, library: Library, old: str, new: str, key: str
) -> None:
    spec_path = edit(make_project("front"), old, new)
    message = spec_problems(spec_path, library)
    assert f"{spec_path}:{line_of(spec_path, new.strip())}: {key}" in message
    assert "control character" in message


def test_control_character_cli_exits_1(make_project: MakeProject) -> None:
    folder = make_project("front")
    edit(folder, '  reference: "', '  reference: "\\a')
    assert "project.reference" in run_cli_fails(folder)


def test_tabs_and_newlines_stay_allowed(make_project: MakeProject, library: Library) -> None:
    spec_path = edit(make_project("front"), '  title: "Customer', '  title: "Tab\\there\\nCustomer')
    spec, _ = load_spec(spec_path, library.context())
    assert spec.project.title.startswith("Tab\there")


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("per_month: 42000", "per_month: yes", "volumes[0].per_month"),
        ("contract_years: 3", "contract_years: true", "project.contract_years"),
        ("  security: 8", "  security: on", "weights.security"),
        ("  weights: {}", "  weights: {SEC-01: no}", "criteria.weights.SEC-01"),
    ],
)
def test_yes_no_values_are_not_read_as_numbers(
    make_project: MakeProject, library: Library, old: str, new: str, key: str
) -> None:
    spec_path = edit(make_project("front"), old, new)
    message = spec_problems(spec_path, library)
    assert f"{spec_path}:{line_of(spec_path, new.strip())}: {key}" in message
    assert "yes/no" in message


def test_answer_time_is_bounded(make_project: MakeProject, library: Library) -> None:
    spec_path = edit(make_project("front"), "answer_seconds: 20", "answer_seconds: 1e308")
    message = spec_problems(spec_path, library)
    line = line_of(spec_path, "answer_seconds: 1e308")
    assert f"{spec_path}:{line}: service_level.answer_seconds" in message
