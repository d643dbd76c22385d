"""Hostile proposal files and response workbooks (issue 10): each is a warning naming the file
and the cell, never a hang, a crash, an exhausted memory or a silent misread."""

from __future__ import annotations

import contextlib
import os
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rfp.core import kit_layout
from rfp.core.project import Project, load_project
from rfp.core.spec import Limits
from rfp.errors import ProposalReadError
from rfp.generate.kit import write_workbook
from rfp.score.ingest import kit as kit_reader
from rfp.score.ingest import read, read_files
from rfp.score.ingest.kit import read_workbook
from rfp.score.workbook import Price
from tests.factories import blank_pdf


def binary_junk(size: int = 200_000) -> bytes:
    generator = random.Random(10)
    return bytes(generator.randrange(256) for _ in range(size))


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html"])
def test_binary_junk_named_as_text_is_refused(tmp_path: Path, suffix: str) -> None:
    junk = tmp_path / f"proposal{suffix}"
    junk.write_bytes(binary_junk())
    with pytest.raises(ProposalReadError) as caught:
        read(junk)
    assert caught.value.file == str(junk)
    assert "not text" in caught.value.reason


def test_binary_without_nul_bytes_is_refused_too(tmp_path: Path) -> None:
    junk = tmp_path / "notes.md"
    junk.write_bytes(bytes(b for b in binary_junk(50_000) if b))
    with pytest.raises(ProposalReadError, match="not text"):
        read(junk)


def test_real_text_in_legacy_encodings_still_reads(tmp_path: Path) -> None:
    cp1252 = tmp_path / "letter.txt"
    cp1252.write_bytes("Café service – 24/7 “always on”.\n\fPage two.\n".encode("cp1252"))
    utf16 = tmp_path / "answer.md"
    utf16.write_bytes("\ufeff# Answer\n\nWe staff 120 agents.\n".encode("utf-16-le"))
    assert "Café" in read(cp1252).text
    assert "120 agents" in read(utf16).text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "annex.md")
    (tmp_path / "proposal.md").write_text("# Answer\n\nWe staff 120 agents.\n", encoding="utf-8")
    documents, errors, _ = read_files(tmp_path)
    assert [d.name for d in documents] == ["proposal.md"]
    assert [e.file for e in errors] == [str(tmp_path / "annex.md")]
    assert "not a regular file" in errors[0].reason


def test_a_linked_subfolder_is_a_warning_and_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\nzebra quartz lantern\n", encoding="utf-8")
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    (vendor / "proposal.md").write_text("# Answer\n\nWe staff 120 agents.\n", encoding="utf-8")
    (vendor / "annexes").symlink_to(outside, target_is_directory=True)
    documents, errors, _ = read_files(vendor)
    assert [d.name for d in documents] == ["proposal.md"]
    assert [e.file for e in errors] == [str(vendor / "annexes")]
    assert "symbolic link" in errors[0].reason


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/annex-\xff.md"
    with open(raw, "wb") as handle:  # noqa: PTH123 - a name bytes only can express
        handle.write(b"# Answer\n\nWe staff 120 agents.\n")
    documents, errors, _ = read_files(tmp_path)
    assert errors == []
    assert documents[0].name == "annex-\\xff.md"
    assert documents[0].name.encode("utf-8")


# The response workbook -------------------------------------------------------------------


def blank_workbook(make_project: Callable[..., Path], tmp_path: Path) -> tuple[Project, Path]:
    project = load_project(make_project("front"))
    blank = tmp_path / kit_layout.WORKBOOK_FILE
    write_workbook(project, blank)
    return project, blank


def fill_rate(blank: Path, target: Path, rate: str | float, fte: str | float = 42) -> int:
    workbook = load_workbook(blank)
    pricing = workbook[kit_layout.SHEET_PRICING]
    row = next(r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per FTE per month")
    row[5].value = rate
    row[6].value = fte
    workbook.save(target)
    return int(row[5].row or 0)


@contextlib.contextmanager
def memory_headroom(extra: int) -> Iterator[None]:
    """Cap this process's address space at its current size plus ``extra`` bytes (Linux)."""
    try:
        import resource

        status = Path("/proc/self/status").read_text(encoding="ascii")
    except (ImportError, OSError):
        yield
        return
    size = next(
        int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmSize:")
    )
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (size + extra, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def test_a_far_away_cell_does_not_exhaust_memory_and_is_warned_about(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    workbook[kit_layout.SHEET_PRICING]["XFD1048576"] = "stray"
    workbook[kit_layout.SHEET_SITES]["A6000"] = "Far site"
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    with memory_headroom(1 << 30):  # a regression fails here instead of taking the machine
        read_back = read_workbook(returned, project.spec.project.reference)

    joined = "\n".join(read_back.warnings)
    assert f"{returned}: {kit_layout.SHEET_PRICING}" in joined
    assert "XFD1048576" in joined or "beyond" in joined
    assert f"{kit_layout.SHEET_SITES}" in joined and "5000" in joined.replace(",", "")


def test_the_row_limit_is_a_documented_constant() -> None:
    assert kit_reader.MAX_ROWS == 5000
    assert "5,000" in (kit_reader.__doc__ or "") or "5000" in (kit_reader.__doc__ or "")


@pytest.mark.parametrize(
    ("cell", "expected", "warning"),
    [
        ("=4000+200", None, "formula"),
        ("4.2e3", 4200.0, None),
        ("EUR 4,200", None, "EUR"),
        ("€4,200", None, "€"),
        ("4,200 GBP", None, "GBP"),
        ("USD 4,200", None, "ambiguous: 4200 or 4.2"),
        ("USD 4,200.00", 4200.0, None),
        ("$4,200.50", 4200.5, None),
        ("4 200", None, "not a number"),
        ("4.200,50", 4200.5, None),
        ("about 4000", None, "not a number"),
        ("1e400", None, "not a number"),
    ],
)
def test_price_cells_are_read_exactly_or_warned_about(
    make_project: Callable[..., Path],
    tmp_path: Path,
    cell: str,
    expected: float | None,
    warning: str | None,
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    returned = tmp_path / "returned.xlsx"
    row = fill_rate(blank, returned, cell)

    read_back = read_workbook(returned, project.spec.project.reference, currency="USD")

    rates = [price.rate for price in read_back.prices if price.model == "per_fte_month"]
    if expected is None:
        assert rates == []
        assert any(
            f"{returned}: {kit_layout.SHEET_PRICING}!F{row}" in w and str(warning) in w
            for w in read_back.warnings
        ), read_back.warnings
    else:
        assert rates == [expected]
        assert read_back.warnings == []


def test_a_formula_without_a_cached_value_names_the_cell(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    """openpyxl saves formulas without values, as a hand-built or script-filled file would be."""
    project, blank = blank_workbook(make_project, tmp_path)
    returned = tmp_path / "returned.xlsx"
    workbook = load_workbook(blank)
    pricing = workbook[kit_layout.SHEET_PRICING]
    row = next(r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per FTE per month")
    row[5].value = "=4000+200"
    row[6].value = 42
    workbook.save(returned)

    read_back = read_workbook(returned, project.spec.project.reference, currency="USD")

    assert [p for p in read_back.prices if p.model == "per_fte_month"] == []
    assert any(
        f"{kit_layout.SHEET_PRICING}!F{row[5].row}" in w and "formula" in w and "value" in w
        for w in read_back.warnings
    ), read_back.warnings


@pytest.mark.parametrize(("rate", "fte", "column"), [(-3000, 42, "F"), (3000, -4, "G")])
def test_negative_rate_or_fte_is_a_warning_naming_the_cell(
    make_project: Callable[..., Path], tmp_path: Path, rate: float, fte: float, column: str
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    returned = tmp_path / "returned.xlsx"
    row = fill_rate(blank, returned, rate, fte)

    read_back = read_workbook(returned, project.spec.project.reference)

    assert [p for p in read_back.prices if p.model == "per_fte_month"] == []
    assert any(
        f"{returned}: {kit_layout.SHEET_PRICING}!{column}{row}" in w and "negative" in w
        for w in read_back.warnings
    ), read_back.warnings


def test_a_plain_number_still_reads(make_project: Callable[..., Path], tmp_path: Path) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    returned = tmp_path / "returned.xlsx"
    fill_rate(blank, returned, 3150, 42)
    read_back = read_workbook(returned, project.spec.project.reference, currency="EUR")
    assert Price("per_fte_month", "voice", 3150.0, 42.0) in read_back.prices


# --------------------------------------------------------------------------- limits (rfp.yaml)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "proposal.md"
    big.write_bytes(b"We answer every question. " * 60_000)  # 1.5 MB
    with pytest.raises(ProposalReadError) as caught:
        read(big, Limits(file_mb=1))
    assert caught.value.file == str(big)
    assert "is 1.5 MB, more than the 1 MB" in caught.value.reason
    assert "limits.file_mb in rfp.yaml" in caught.value.reason
    assert read(big).text  # the default limit (100 MB) reads it


def test_a_pdf_over_the_page_limit_is_refused_naming_the_count(tmp_path: Path) -> None:
    path = tmp_path / "proposal.pdf"
    path.write_bytes(blank_pdf(3))
    with pytest.raises(ProposalReadError) as caught:
        read(path, Limits(pdf_pages=2))
    assert caught.value.file == str(path)
    assert "has 3 pages, more than the 2 read from one PDF" in caught.value.reason
    assert "limits.pdf_pages in rfp.yaml" in caught.value.reason
    with pytest.raises(ProposalReadError, match="no extractable text"):
        read(path, Limits(pdf_pages=3))  # at the limit it is read (and found blank)


def test_workbook_rows_beyond_the_limit_are_not_read_and_are_warned_about(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    sites = workbook[kit_layout.SHEET_SITES]
    for row in (2, 5):
        site: list[str | int] = [f"Site {row}", "Manila", "Philippines", "Offshore",
                                 "Asia/Manila", "Mon-Fri", "08:00", "17:00", 100, "voice"]  # fmt: skip
        for column, value in enumerate(site, start=1):
            sites.cell(row=row, column=column, value=value)
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    limited = read_workbook(
        returned, project.spec.project.reference, limits=Limits(workbook_rows=4)
    )
    assert [site.name for site in limited.sites] == ["Site 2"]
    joined = "\n".join(limited.warnings)
    assert f"{returned}: {kit_layout.SHEET_SITES}: the sheet reaches" in joined
    assert "only rows 2 to 4" in joined and "limits.workbook_rows" in joined
    full = read_workbook(returned, project.spec.project.reference)
    assert [site.name for site in full.sites] == ["Site 2", "Site 5"]
