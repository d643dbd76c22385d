"""YAML with line numbers: the line of each key path, and duplicate keys reported by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from rfp.core.yamlfile import format_key_path, read_yaml
from rfp.errors import ConfigError

TEXT = """\
# a comment on line 1
buyer:
  name: Acme
  contact:
    email: a@b.example
functions:
  - payroll
  - name: invoices
    volume: 3
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rfp.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_line_of_each_key_path(tmp_path: Path) -> None:
    document = read_yaml(write(tmp_path, TEXT))
    assert document.data["buyer"]["contact"]["email"] == "a@b.example"
    assert document.line_of(["buyer"]) == 2
    assert document.line_of(["buyer", "name"]) == 3
    assert document.line_of(["buyer", "contact", "email"]) == 5
    assert document.line_of(["functions"]) == 6
    assert document.line_of(["functions", 0]) == 7
    assert document.line_of(["functions", 1]) == 8
    assert document.line_of(["functions", 1, "volume"]) == 9
    # A missing key falls back to its nearest ancestor; nothing at all gives None.
    assert document.line_of(["buyer", "contact", "phone"]) == 4
    assert document.line_of(["nowhere"]) is None


def test_problem_names_file_key_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT)
    problem = read_yaml(path).problem(["functions", 1, "volume"], "too small")
    assert (problem.file, problem.key, problem.line, problem.message) == (
        str(path),
        "functions[1].volume",
        9,
        "too small",
    )


def test_format_key_path() -> None:
    assert format_key_path(["criteria", "weights", "SEC-01"]) == "criteria.weights.SEC-01"
    assert format_key_path(["functions", 0, "name"]) == "functions[0].name"
    assert format_key_path([]) == ""


def test_duplicate_keys_are_each_reported_at_their_second_line(tmp_path: Path) -> None:
    text = "office: front\nbuyer:\n  name: A\n  name: B\noffice: back\n"
    with pytest.raises(ConfigError) as caught:
        read_yaml(write(tmp_path, text))
    problems = caught.value.problems
    assert [(p.key, p.line) for p in problems] == [("buyer.name", 4), ("office", 5)]
    assert all(p.message == "this key appears twice; keep one" for p in problems)


def test_same_key_in_different_mappings_is_not_a_duplicate(tmp_path: Path) -> None:
    document = read_yaml(write(tmp_path, "a:\n  name: x\nb:\n  name: y\n"))
    assert document.data == {"a": {"name": "x"}, "b": {"name": "y"}}
    assert document.line_of(["b", "name"]) == 4


def _every_yaml_in_the_project() -> list[Path]:
    root = Path(__file__).resolve().parents[2]
    found = [
        path
        for folder in ("criteria", "rfp", "tests", "templates")
        for path in (root / folder).rglob("*.y*ml")
    ]
    return sorted(found)


def test_libyaml_reads_every_project_yaml_as_the_pure_python_parser_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """read_yaml parses with libyaml when it can; the data and every key's line must be what
    the pure-Python parser gives (which still reads any file libyaml finds fault with)."""
    from rfp.core import yamlfile

    files = _every_yaml_in_the_project()
    assert len(files) >= 18 and yamlfile._FAST_LOADER is not None
    fast: dict[Path, tuple[object, object]] = {}
    for path in files:
        try:
            document = read_yaml(path)
            fast[path] = (document.data, document.lines)
        except ConfigError as error:
            fast[path] = (str(error), None)
    monkeypatch.setattr(yamlfile, "_FAST_LOADER", None)
    for path in files:
        try:
            document = read_yaml(path)
            assert fast[path] == (document.data, document.lines), path
        except ConfigError as error:
            assert fast[path] == (str(error), None), path


@pytest.mark.parametrize(
    "text",
    [
        "a: [1, 2\nb: 3\n",  # an unclosed bracket
        "a: 1\n  b: 2\n",  # bad indentation
        "a: &x [*x]\n",  # an alias to itself
        "when: 2027-13-01\n",  # a thirteenth month
        "a: 1\na: 2\n",  # a duplicated key
    ],
)
def test_a_bad_file_is_reported_as_the_pure_python_parser_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    from rfp.core import yamlfile

    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as fast:
        read_yaml(path)
    monkeypatch.setattr(yamlfile, "_FAST_LOADER", None)
    with pytest.raises(ConfigError) as slow:
        read_yaml(path)
    assert str(fast.value) == str(slow.value)
