"""Time the shortlist: sensitivity analysis, charts and the PDF, on the demo's front-office project.

Run: .venv/bin/python -m bench.bench_report   (prints figures; never run as a test)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.timing import timed
from rfp.core.criteria import load_library
from rfp.core.project import load_project
from rfp.demo.builder import create_projects, write_sample_proposals
from rfp.generate.kit import write_workbook
from rfp.report import sensitivity
from rfp.report.context import build
from rfp.report.write import write_report
from rfp.score.pipeline import score_project


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = create_projects(load_library(), Path(scratch))[0]
        project = load_project(folder)
        blank = Path(scratch) / "kit.xlsx"
        write_workbook(project, blank)
        write_sample_proposals(folder, project.spec.project.reference, blank)
        run = score_project(project)
        areas = [a for a in project.selection.areas if a.points > 0]
        points = {a.id: a.points for a in areas}
        qualified = [str(v) for v, r in run.ranking.iterrows() if not r["disqualified"]]
        achievement = sensitivity.area_achievement(
            run.ranking.loc[qualified, list(points)].astype(float), points
        )
        for draws in (1_000, 5_000, 20_000):
            ms = timed(lambda d=draws: sensitivity.monte_carlo(achievement, points, draws=d), 5)  # type: ignore[misc]
            shape = f"{len(qualified)} vendors x {len(points)} areas"
            print(f"monte carlo, {shape}, {draws:>6} draws: {ms:8.1f} ms")
        flip_ms = timed(lambda: sensitivity.smallest_winner_flip(achievement, points), 5)
        print(f"smallest winner flip: {flip_ms:.2f} ms")
        print(f"report context (charts + sensitivity): {timed(lambda: build(run), 3):.0f} ms")
        print(f"shortlist PDF + HTML: {timed(lambda: write_report(run), 3):.0f} ms")


if __name__ == "__main__":
    main()
