"""A corpus of bad inputs through the command line, each built in code, each held to the same
five promises: the documented exit code, no traceback, a message naming the file (and key,
line or cell where there is one), inputs unchanged, and no partial outputs left behind.

Exit 1 is for a project that cannot be processed (its rfp.yaml); a vendor's bad file or a bad
evaluator sheet is a warning and the run goes on (exit 0), flagging that vendor or sheet.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from rfp.cli import app
from rfp.core.project import load_project
from rfp.evaluate import layout
from rfp.evaluate.sheets_out import write_sheets
from rfp.score.ingest.kit import read_workbook
from rfp.score.pipeline import score_project
from tests.factories import blank_pdf, write_docx

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


def _odd_vendor(name: str | bytes) -> Setup:
    """A vendor folder with an odd name (bytes for a name that is not UTF-8) and a proposal."""

    def add(folder: Path) -> None:
        target = folder / "proposals" / (os.fsdecode(name) if isinstance(name, bytes) else name)
        target.mkdir()
        (target / "proposal.md").write_text(
            "# Security\n\nWe hold ISO/IEC 27001 at every site, audited yearly by BSI.\n",
            encoding="utf-8",
        )

    return add


def _pricing_cell(value: str | int, *, far: bool = False) -> Setup:
    """Type ``value`` as the per-FTE rate in Priced Partners' workbook (and a far-off cell)."""

    def edit(folder: Path) -> None:
        path = folder / "proposals" / "Priced Partners" / "response-workbook.xlsx"
        workbook = load_workbook(path)
        for row in workbook["Pricing"].iter_rows(min_row=2):
            if row[0].value == "Per FTE per month" and row[1].value == "voice":
                row[5].value = value
        if far:
            workbook["Pricing"]["XFD1048576"] = "stray"
        workbook.save(path)

    return edit


def _rate_read_as(expected: float) -> Callable[[Path], None]:
    def check(folder: Path) -> None:
        path = folder / "proposals" / "Priced Partners" / "response-workbook.xlsx"
        read = read_workbook(path, load_project(folder).spec.project.reference)
        rates = {p.scope: p.rate for p in read.prices if p.model == "per_fte_month"}
        assert rates["voice"] == expected

    return check


def _long_title(folder: Path) -> None:
    """project.title (indented two spaces; the contact's title is indented four) of 300 T's."""
    spec = folder / "rfp.yaml"
    text, count = re.subn(
        r"(?m)^  title:.*$", "  title: " + "T" * 300, spec.read_text(encoding="utf-8"), count=1
    )
    assert count == 1
    spec.write_text(text, encoding="utf-8")


def _title_cut(folder: Path) -> None:
    """Office properties hold 255 characters: the title is cut there, marked with an ellipsis."""
    import docx

    title = docx.Document(str(folder / "out" / "response-template.docx")).core_properties.title
    assert len(title) == 255 and "TTTT" in title and title.endswith("T…")


def _evaluator_sheet(suffix: str, *, stray_on_band: bool = False) -> Setup:
    """dana's sheet, issued by rfp and filled with one score, returned as ``suffix``."""

    def add(folder: Path) -> None:
        run = score_project(load_project(folder))
        (issued,) = [p for p in write_sheets(run, ["dana"]) if p.name == "dana.xlsx"]
        workbook = load_workbook(issued)
        scores = workbook[layout.SHEET_SCORES]
        rows = range(2, scores.max_row + 1)
        first = next(r for r in rows if scores.cell(r, 2).value)
        scores.cell(first, layout.SCORE_COLUMN, 4)
        if stray_on_band:
            band = next(r for r in rows if not scores.cell(r, 2).value)
            scores.cell(band, 8, 3)
        evaluations = folder / "evaluations"
        evaluations.mkdir()
        filled = evaluations / ("dana.xlsx" if suffix == ".ods" else f"dana{suffix}")
        workbook.save(filled)
        shutil.rmtree(folder / "out")  # the run's own outputs are checked, not these
        if suffix == ".ods":
            _to_ods(filled)

    return add


def _to_ods(path: Path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is installed by make test"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(path.parent.parent / '.lo').as_uri()}",
         "--headless", "--convert-to", "ods", "--outdir", str(path.parent), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    path.unlink()
    shutil.rmtree(path.parent.parent / ".lo")


def _limits(**values: int) -> Setup:
    return _spec_append("\nlimits:\n" + "".join(f"  {k}: {v}\n" for k, v in values.items()))


def _both(*setups: Setup) -> Setup:
    def run(folder: Path) -> None:
        for setup in setups:
            setup(folder)

    return run


def _zip_bomb(folder: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (2 * 1024 * 1024))
    _vendor_file("annex.docx", buffer.getvalue())(folder)


def _docx(folder: Path) -> None:
    write_docx(folder / "proposals" / "Priced Partners" / "annex.docx")


def _big_criteria(folder: Path) -> None:
    """A buyer's criteria folder whose security file is padded past 1 MB."""
    source = Path(__file__).parents[1] / "criteria" / "security.yaml"
    criteria = folder / "my-criteria"
    criteria.mkdir()
    text = source.read_text(encoding="utf-8") + "#" + "x" * (1024 * 1024 + 1) + "\n"
    (criteria / "security.yaml").write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Case:
    name: str
    setup: Setup
    command: str
    exit_code: int
    names: tuple[str, ...]  # what the message must name: the file, and the key/line/cell
    check: Callable[[Path], None] | None = None  # what was read, where the output cannot say
    args: tuple[str, ...] = ()


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
    Case("control character in a vendor name", _odd_vendor("Bell\x07Ring Ltd"), "score", 0, ("Bell\\x07Ring Ltd",)),
    Case("vendor name not UTF-8", _odd_vendor(b"Caf\xe9 Services"), "score", 0, ("Caf\\xe9 Services",)),
    Case("vendor folder starting with _", _odd_vendor("_Underscore Ltd"), "score", 0, ("│ _Underscore Ltd",)),
    Case("far cell XFD1048576", _pricing_cell(3000, far=True), "score", 0, ("response-workbook.xlsx: Pricing", "XFD1048576")),
    Case("price formula =4000+200", _pricing_cell("=4000+200"), "score", 0, ("response-workbook.xlsx: Pricing!F", "'=4000+200' has no saved value")),
    Case("price text 4.2e3", _pricing_cell("4.2e3"), "score", 0, ("Priced Partners",), check=_rate_read_as(4200.0)),
    Case("price in another currency", _pricing_cell("EUR 4,200"), "score", 0, ("response-workbook.xlsx: Pricing!F", "EUR")),
    Case("evaluator sheet saved as .xlsm", _evaluator_sheet(".xlsm"), "score", 0, ("dana.xlsm: merged, 1 score",)),
    pytest.param(Case("evaluator sheet saved as .ods", _evaluator_sheet(".ods"), "score", 0, ("dana.ods: merged, 1 score",)), marks=pytest.mark.slow),
    Case("stray value on a band row", _evaluator_sheet(".xlsx", stray_on_band=True), "score", 0, ("dana.xlsx: Scores!H", "is on a vendor band row", "dana.xlsx: merged, 1 score")),
    Case("300-character title", _long_title, "generate", 0, ("response-template.docx", "response-workbook.xlsx"), check=_title_cut),
    Case("limit: file_mb", _both(_limits(file_mb=1), _vendor_file("annex.md", b"We answer. " * 150_000)), "score", 0, ("annex.md", "limits.file_mb")),
    Case("limit: unzipped_mb", _both(_limits(unzipped_mb=1), _zip_bomb), "score", 0, ("annex.docx", "unpacks to 2 MB", "limits.unzipped_mb")),
    Case("limit: pdf_pages", _both(_limits(pdf_pages=2), _vendor_file("annex.pdf", blank_pdf(3))), "score", 0, ("annex.pdf", "has 3 pages", "limits.pdf_pages")),
    Case("limit: workbook_rows", _both(_limits(workbook_rows=3), _pricing_cell(3000)), "score", 0, ("response-workbook.xlsx: Pricing: the sheet reaches", "limits.workbook_rows")),
    Case("limit: workbook_columns", _both(_limits(workbook_columns=4), _pricing_cell(3000)), "score", 0, ("response-workbook.xlsx: Pricing: the sheet reaches", "columns A to D", "limits.workbook_columns")),
    Case("limit: passages_per_vendor", _both(_limits(passages_per_vendor=1), _docx), "score", 0, ("Priced Partners", "limits.passages_per_vendor")),
    Case("limit: yaml_mb on a criteria file", _both(_limits(yaml_mb=1), _big_criteria), "score", 1, ("security.yaml", "limits.yaml_mb"), args=("--criteria", "{folder}/my-criteria")),
    Case("limit that is not positive", _limits(file_mb=0, pdf_pages=-1), "score", 1, ("rfp.yaml:", "limits.file_mb", "limits.pdf_pages")),
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


def _name(case: object) -> str:
    return case.name if isinstance(case, Case) else str(case.values[0].name)  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", CASES, ids=[_name(c) for c in CASES])
def test_bad_input_keeps_every_promise(case: Case, scored_project: Path) -> None:
    case.setup(scored_project)
    inputs = _snapshot(scored_project)
    outputs = _outputs(scored_project)
    extra = [arg.format(folder=scored_project) for arg in case.args]
    result = runner.invoke(app, [case.command, str(scored_project), *extra])

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
        written = "scores.csv" if case.command == "score" else "response-template.docx"
        assert (scored_project / "out" / written).is_file()
    assert "TOP SECRET" not in message
    if case.check is not None:
        case.check(scored_project)
