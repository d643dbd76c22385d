"""Properties of the readers of what users and evaluators write: the spec loader over mutated
and random YAML, and the evaluator sheet reader over random cell values written into a real
generated sheet. Whatever the input, only the project's own errors (or reported problems)
come out, never a library's exception (hypothesis, derandomized so every run is the same)."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from rfp.core.criteria import Library, load_library, select
from rfp.core.project import Project, load_project
from rfp.core.spec import Spec, limits_of, validate_document
from rfp.core.yamlfile import read_yaml
from rfp.errors import ConfigError, RFPError
from rfp.evaluate import layout
from rfp.evaluate.sheets_in import read_evaluations
from rfp.evaluate.sheets_out import write_sheets
from rfp.generate.starter import write_starter
from rfp.score.pipeline import score_project
from tests.conftest import OFFICE_FUNCTIONS

QUICK = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@functools.cache
def _library() -> Library:
    return load_library()


@functools.cache
def _starter_text() -> str:
    with tempfile.TemporaryDirectory() as folder:
        return write_starter(
            _library(), Path(folder), "front", OFFICE_FUNCTIONS["front"]
        ).read_text(encoding="utf-8")


def _load(text: str | bytes) -> None:
    """Load an rfp.yaml holding ``text`` as ``load_project`` does (its limits read first, then
    validated against the library and the criteria selected), with the library read once: it
    loads, or raises ConfigError with problems located in that file."""
    with tempfile.TemporaryDirectory() as folder:
        spec = Path(folder) / "rfp.yaml"
        spec.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        try:
            document = read_yaml(spec)
            limits_of(document)
            select(_library(), validate_document(document, Spec, _library().context()), str(spec))
        except ConfigError as error:
            assert error.problems and all(p.file == str(spec) for p in error.problems)


yaml_scalar = st.one_of(
    st.sampled_from(
        [".nan", ".inf", "-.inf", "~", "null", "yes", "no", "on", "[", "]", "{", "}", "*x",
         "&x y", "!!python/object:os.system", "!!binary AAAA", "2027-13-45", "1e308", "-0",
         "0x1F", "'unclosed", '"\\u0000"', "|", ">", "---", "...", "@", "`", "%YAML 1.1",
         "9" * 5000, "[[[[[[[[[[", "{a: *a}", "&a [*a]", "\t", "\u0007", "é", "\ufeff"]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(str),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30),
)  # fmt: skip


@st.composite
def mutated_spec(draw: st.DrawFn) -> str:
    """The starter rfp.yaml with a few lines changed: a value replaced, a line dropped,
    repeated, re-indented, or a stray line inserted."""
    lines = _starter_text().splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["value", "drop", "repeat", "indent", "insert"]))
        line = lines[index]
        if action == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(yaml_scalar)}"
        elif action == "drop":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, line)
        elif action == "indent":
            lines[index] = " " * draw(st.integers(min_value=0, max_value=5)) + line.lstrip()
        else:
            lines.insert(index, draw(yaml_scalar))
        if not lines:
            lines = ["schema_version: 1"]
    return "\n".join(lines) + "\n"


@QUICK
@given(text=mutated_spec())
def test_a_mutated_rfp_yaml_loads_or_raises_a_located_config_error(text: str) -> None:
    _load(text)


yaml_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
              st.dates()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)  # fmt: skip
spec_keys = st.sampled_from(
    ["schema_version", "buyer", "project", "office", "functions", "locations", "time_zone",
     "coverage", "languages", "volumes", "timeline", "weights", "criteria", "questions",
     "pricing", "evaluation", "limits", "service_level", "certifications"]
)  # fmt: skip


@QUICK
@given(document=st.dictionaries(spec_keys, yaml_value, max_size=8))
def test_random_documents_with_spec_keys_raise_only_config_errors(
    document: dict[str, Any],
) -> None:
    _load(yaml.safe_dump(document, allow_unicode=True))


@QUICK
@given(data=st.binary(max_size=300))
def test_random_bytes_as_rfp_yaml_raise_only_config_errors(data: bytes) -> None:
    _load(data)


# --------------------------------------------------------------------------- evaluator sheets

cell_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), max_size=30),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from(["=1/0", "=A1", "3,5", "4.5 ", "five", "N/A", "-", "5/5", "1e3", "#REF!"]),
)
cells = st.lists(
    st.tuples(st.integers(min_value=1, max_value=80), st.integers(min_value=1, max_value=14),
              cell_value),
    min_size=1, max_size=12,
)  # fmt: skip


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, list[str], bytes]:
    """A scored project and one evaluator's blank sheet as generated, read once."""
    folder = tmp_path_factory.mktemp("sheets")
    write_starter(_library(), folder, "front", OFFICE_FUNCTIONS["front"])
    for name, text in (("Alpha Ltd", "We hold ISO 27001."), ("Beta Ltd", "We staff 40 agents.")):
        vendor = folder / "proposals" / name
        vendor.mkdir(parents=True)
        (vendor / "proposal.md").write_text(f"# Proposal\n\n{text}\n", encoding="utf-8")
    project = load_project(folder)
    run = score_project(project)
    (written,) = [p for p in write_sheets(run, ["dana"]) if p.name == "dana.xlsx"]
    return project, [v.name for v in run.vendors], written.read_bytes()


@QUICK
@given(changes=cells, sheet_index=st.integers(min_value=0, max_value=5))
def test_random_cells_in_a_real_sheet_give_problems_never_exceptions(
    sheet: tuple[Project, list[str], bytes], changes: list[tuple[int, int, Any]], sheet_index: int
) -> None:
    project, vendors, blank = sheet
    workbook = load_workbook(io.BytesIO(blank))
    target = workbook.worksheets[sheet_index % len(workbook.worksheets)]
    if sheet_index % 2:
        target = workbook[layout.SHEET_SCORES]  # the sheet that matters, half of the time
    for row, column, value in changes:
        target.cell(row=row, column=column, value=value)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dana.xlsx"
        workbook.save(path)
        try:
            read = read_evaluations(project, vendors, Path(folder))
        except RFPError:
            return
    for problem in read.problems:
        assert re.search(r"dana\.xlsx", str(problem)), str(problem)
    assert len(read.sheets) + len(read.problems) >= 1
