"""A corpus of bad inputs through the command line, each built in code, each held to the same
five promises: the documented exit code, no traceback, a message naming the file (and key,
line or cell where there is one), inputs unchanged, and no partial outputs left behind.

Exit 1 is for a project that cannot be processed (its rfp.yaml); a vendor's bad file or a bad
evaluator sheet is a warning and the run goes on (exit 0), flagging that vendor or sheet.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from rfp.cli import app

runner = CliRunner()
Setup = Callable[[Path], None]


def _spec_value(key: str, value: str) -> Setup:
    """Replace the value on the spec line that sets ``key``."""

    def edit(folder: Path) -> None:
        spec = folder / "rfp.yaml"
        text, count = re.subn(
            rf"(?m)^(\s*{key}:).*$", rf"\g<1> {value}", spec.read_text(encoding="utf-8"), count=1
        )
        assert count == 1, key
        spec.write_text(text, encoding="utf-8")

    return edit


def _weights(**values: str) -> Setup:
    """Set area weights in the starter's own ``weights:`` block."""

    def edit(folder: Path) -> None:
        spec = folder / "rfp.yaml"
        text = spec.read_text(encoding="utf-8")
        for area, value in values.items():
            text, count = re.subn(rf"(?m)^  {area}: .*$", f"  {area}: {value}", text, count=1)
            assert count == 1, area
        spec.write_text(text, encoding="utf-8")

    return edit


def _spec_append(extra: str) -> Setup:
    def edit(folder: Path) -> None:
        spec = folder / "rfp.yaml"
        spec.write_text(spec.read_text(encoding="utf-8") + extra, encoding="utf-8")

    return edit


def _vendor_file(name: str, data: bytes) -> Setup:
    def add(folder: Path) -> None:
        (folder / "proposals" / "Priced Partners" / name).write_bytes(data)

    return add


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "proposals" / "Priced Partners" / "pipe.md")


def _negative_rate(folder: Path) -> None:
    path = folder / "proposals" / "Priced Partners" / "response-workbook.xlsx"
    workbook = load_workbook(path)
    for row in workbook["Pricing"].iter_rows(min_row=2):
        if row[0].value == "Per FTE per month":
            row[5].value = -3000
    workbook.save(path)


def _cut_sheet(folder: Path) -> None:
    evaluations = folder / "evaluations"
    evaluations.mkdir()
    with zipfile.ZipFile(evaluations / "bob.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet name=")


def _linked_vendor(folder: Path) -> None:
    outside = folder.parent / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text("TOP SECRET payroll data", encoding="utf-8")
    (folder / "proposals" / "Linked Vendor").symlink_to(outside, target_is_directory=True)


@dataclass(frozen=True)
class Case:
    name: str
    setup: Setup
    command: str
    exit_code: int
    names: tuple[str, ...]  # what the message must name: the file, and the key/line/cell


CASES = [
    Case("nan weight", _weights(security=".nan"), "score", 1, ("rfp.yaml:", "weights.security")),
    Case("huge weights", _weights(security="1e308", pricing="1e308"), "score", 1, ("rfp.yaml:", "weights.")),
    Case(
        "alias bomb",
        _spec_append(
            "\nx0: &a0 [hello, hello, hello, hello, hello, hello, hello, hello, hello, hello]\n"
            + "".join(f"x{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
                      f"*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n" for i in range(1, 9))
        ),
        "score", 1, ("rfp.yaml",),
    ),
    Case("malformed yaml", _spec_append("\nweights: [unclosed\n"), "score", 1, ("rfp.yaml:",)),
    Case("impossible date", _spec_value("proposals_due", "2027-13-45"), "score", 1, ("rfp.yaml:", "2027-13-45")),
    Case("binary junk as markdown", _vendor_file("annex.md", bytes(range(256)) * 800), "score", 0, ("annex.md",)),
    Case("empty pdf", _vendor_file("empty.pdf", b""), "score", 0, ("empty.pdf",)),
    Case("fifo in a vendor folder", _fifo, "score", 0, ("pipe.md",)),
    Case("negative rate", _negative_rate, "score", 0, ("response-workbook.xlsx", "Pricing!F")),
    Case("evaluator sheet cut short", _cut_sheet, "score", 0, ("bob.xlsx",)),
    Case("vendor folder linked outside", _linked_vendor, "score", 0, ("Linked Vendor",)),
]  # fmt: skip


def _snapshot(folder: Path) -> dict[str, str]:
    """Every input file's digest: the project less its outputs (links are not followed)."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if "out" in path.relative_to(folder).parts or path.is_symlink() or not path.is_file():
            continue
        if path.stat().st_mode & 0o170000 == 0o010000:  # a FIFO: not readable content
            continue
        found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _outputs(folder: Path) -> dict[str, str]:
    out = folder / "out"
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_keeps_every_promise(case: Case, scored_project: Path) -> None:
    case.setup(scored_project)
    inputs = _snapshot(scored_project)
    outputs = _outputs(scored_project)
    result = runner.invoke(app, [case.command, str(scored_project)])

    assert result.exit_code == case.exit_code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    message = " ".join(result.output.split())
    for name in case.names:
        assert name in message, (name, result.output[-2000:])
    assert _snapshot(scored_project) == inputs  # inputs untouched
    leftovers = [p.name for p in (scored_project / "out").rglob("*.tmp")]
    assert leftovers == []  # no partial outputs
    if case.exit_code == 1:
        assert _outputs(scored_project) == outputs  # nothing written by a refused run
    else:
        assert (scored_project / "out" / "scores.csv").is_file()
    assert "TOP SECRET" not in message
