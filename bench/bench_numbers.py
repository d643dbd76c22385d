"""Reading a response workbook whose numbers are typed as text, against one with numbers.

Run: .venv/bin/python -m bench.bench_numbers   (prints figures; never run as a test)

A 5,000-row Pricing sheet (the reader's row limit) is filled three ways: numbers (the baseline),
European text with no declared number format (each text read under three locales to find
ambiguity), and the same text with de_DE declared. Figures are medians in this run, with the
ratio to the baseline measured in the same run.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from bench.timing import timed
from rfp.core import kit_layout
from rfp.core.criteria import load_library
from rfp.core.number_format import read_number
from rfp.core.project import load_project
from rfp.demo.builder import create_projects
from rfp.generate.kit import write_workbook
from rfp.score.ingest.kit import MAX_ROWS, read_workbook

ROWS = MAX_ROWS - 1


def filled(blank: Path, target: Path, *, text: bool, declared: str | None) -> Path:
    workbook = load_workbook(blank)
    if declared:
        workbook[kit_layout.SHEET_RESPONDENT]["B6"] = declared
    pricing = workbook[kit_layout.SHEET_PRICING]
    for row in range(2, ROWS + 2):
        rate = 2000 + row % 997 + 0.5
        pricing.cell(row=row, column=1, value="Per FTE per month")
        pricing.cell(row=row, column=2, value="voice")
        pricing.cell(
            row=row, column=6, value=f"{rate:,.2f}".translate({44: 46, 46: 44}) if text else rate
        )
        pricing.cell(row=row, column=7, value="52,5" if text else 52.5)
    workbook.save(target)
    return target


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = create_projects(load_library(), root)[0]
        project = load_project(folder)
        blank = root / "blank.xlsx"
        write_workbook(project, blank)
        reference = project.spec.project.reference
        cases = {
            "numbers (baseline)": filled(blank, root / "n.xlsx", text=False, declared=None),
            "text, no format declared": filled(blank, root / "u.xlsx", text=True, declared=None),
            "text, de_DE declared": filled(blank, root / "d.xlsx", text=True, declared="de_DE"),
        }
        print(f"read_workbook on a {ROWS:,}-row Pricing sheet (rate and FTE per row):")
        baseline = 0.0
        for name, path in cases.items():
            read_number.cache_clear()
            ms = timed(functools.partial(read_workbook, path, reference), repeats=3)
            baseline = baseline or ms
            print(f"  {name:28} {ms:8.0f} ms  x{ms / baseline:.2f}")


if __name__ == "__main__":
    main()
