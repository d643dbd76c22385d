"""Write the leadership shortlist: ``shortlist.pdf`` and a self-contained ``shortlist.html``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rfp.core import render
from rfp.core.files import write_text
from rfp.core.render import inline_stylesheet
from rfp.report.context import build, input_digest
from rfp.score.audit import RunRecord, build_record
from rfp.score.run import ScoreRun

REPORT_TEMPLATE = "report.html.j2"


@dataclass(frozen=True)
class ReportFiles:
    """Where the shortlist was written."""

    pdf: Path
    html: Path

    def all(self) -> list[Path]:
        """Both files, PDF first."""
        return [self.pdf, self.html]


def write_report(
    run: ScoreRun,
    *,
    top: int = 3,
    output_dir: Path | None = None,
    templates: Path | None = None,
    disagreement: Any = None,
    generated: dt.date | None = None,
    record: RunRecord | None = None,
) -> ReportFiles:
    """Write ``shortlist.pdf`` and ``shortlist.html`` into the project's output folder."""
    out = output_dir or run.project.output_dir
    context = build(
        run,
        top=top,
        generated=generated,
        digest=input_digest((record or build_record(run, run.evaluations)).inputs),
        disagreement=disagreement if disagreement is not None else run.disagreement,
    )
    html = render.render_html(REPORT_TEMPLATE, context, templates)
    files = ReportFiles(pdf=out / "shortlist.pdf", html=out / "shortlist.html")
    render.write_pdf(html, files.pdf, templates)
    write_text(files.html, inline_stylesheet(html, templates))
    return files
