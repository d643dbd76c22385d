"""Time each step of ``rfp generate`` for front, back and hybrid starter projects.

Run: .venv/bin/python -m bench.bench_generate   (prints figures; never run as a test)
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from bench.timing import timed
from rfp.core import render
from rfp.core.criteria import load_library
from rfp.core.project import load_project
from rfp.generate import document as generate
from rfp.generate import kit
from rfp.generate.starter import write_starter

FUNCTIONS = {
    "front": ["customer_service", "technical_support"],
    "back": ["payroll", "invoice_processing"],
    "hybrid": ["customer_service", "payroll"],
}


def main() -> None:
    print(f"{'office':8} {'step':22} {'median ms':>10}")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        print(f"{'-':8} {'load criteria library':22} {timed(load_library, 5):10.1f}")
        library = load_library()
        for office, functions in FUNCTIONS.items():
            folder = root / office
            folder.mkdir()
            write_starter(library, folder, office, functions)
            project = load_project(folder)
            context = generate.build(project)
            html = render.render_html(generate.RFP_TEMPLATE, context)
            rows: list[tuple[str, Callable[[], object], int]] = [
                ("load + validate spec", partial(load_project, folder), 5),
                ("render HTML", partial(render.render_html, generate.RFP_TEMPLATE, context), 5),
                ("render PDF", partial(render.write_pdf, html, folder / "x.pdf"), 3),
                ("response DOCX", partial(kit.write_template, project, folder / "x.docx"), 3),
                ("response XLSX", partial(kit.write_workbook, project, folder / "x.xlsx"), 3),
            ]
            for label, step, repeats in rows:
                print(f"{office:8} {label:22} {timed(step, repeats):10.1f}")
            import pypdfium2

            pages = len(pypdfium2.PdfDocument(str(folder / "x.pdf")))
            print(
                f"{office:8} {'(size)':22} {len(project.selection.criteria):5d} questions, "
                f"{pages} pages"
            )


if __name__ == "__main__":
    main()
