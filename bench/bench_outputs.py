"""Time and size the outputs at scale: score once, then ``rfp report`` and ``rfp sheets`` from the
saved run versus scoring again, on a synthetic front-office project of N vendors.

Run: .venv/bin/python -m bench.bench_outputs [N] [--keep FOLDER]   (default N = 1000)

Each synthetic vendor is a short Markdown proposal remixed from the demo's five sample proposals
(paragraphs dropped at random, a filler word every few words so no two vendors share a passage)
plus one of the five filled response workbooks. Cheap to build (seconds), realistic in shape:
the scores spread, some vendors are knocked out. Figures are printed, never asserted.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rfp.core.criteria import load_library
from rfp.core.project import load_project
from rfp.demo.builder import create_projects, fill_workbook, sample_vendors
from rfp.evaluate.sheets_out import write_sheets
from rfp.generate.kit import write_workbook
from rfp.report.write import write_report
from rfp.score import pipeline, saved
from rfp.score.audit import build_record
from rfp.score.matching import Match
from rfp.score.outputs import write_scores
from rfp.score.own_words import TextAccount
from rfp.score.pipeline import score_project, without_evaluations
from rfp.score.run import ScoreRun, VendorChecks, VendorInput

T = TypeVar("T")
_FILLERS = ("indeed", "also", "notably", "today", "here", "further", "likewise", "moreover")


def remix(markdown: str, name: str, source_name: str, rng: random.Random) -> str:
    """A proposal like ``markdown`` but in no passage the same: see the module docstring."""
    lines = []
    for line in markdown.replace(source_name, name).splitlines():
        if not line.strip() or line.startswith("#"):
            lines.append(line)
            continue
        if rng.random() < 0.3:
            continue
        words = line.split(" ")
        mixed = [
            f"{word} {rng.choice(_FILLERS)}{rng.randrange(100)}" if i % 4 == 3 else word
            for i, word in enumerate(words)
        ]
        lines.append(" ".join(mixed))
    return "\n".join(lines) + "\n"


def synthetic_project(root: Path, vendors: int, seed: int = 7) -> Path:
    """The demo's front-office project with ``vendors`` synthetic vendors (see module doc)."""
    folder = create_projects(load_library(), root)[0]
    project = load_project(folder)
    blank = root / "kit.xlsx"
    write_workbook(project, blank)
    samples = sample_vendors(folder.name)
    workbooks = []
    for sample in samples:
        target = root / f"{sample.slug}.xlsx"
        fill_workbook(blank, sample, target)
        workbooks.append(target)
    rng = random.Random(seed)
    for number in range(vendors):
        sample = samples[number % len(samples)]
        name = f"Vendor {number:05d}"
        vendor = folder / "proposals" / f"vendor-{number:05d}"
        vendor.mkdir(parents=True)
        (vendor / "proposal.md").write_text(
            remix(sample.markdown, name, sample.name, rng), encoding="utf-8"
        )
        shutil.copy(workbooks[number % len(samples)], vendor / "response-workbook.xlsx")
    return folder


def replicate(run: ScoreRun, vendors: int, seed: int = 7) -> ScoreRun:
    """A run of ``vendors`` vendors made from ``run``'s: each copy's text scores nudged by -1, 0
    or +1, then ranked by the real scoring steps. Seconds, where scoring 1,000 takes minutes."""
    rng = random.Random(seed)
    by_vendor: dict[str, list[Match]] = {}
    for match in run.matches:
        by_vendor.setdefault(match.vendor, []).append(match)
    copies: list[VendorInput] = []
    matches: list[Match] = []
    checks: dict[str, VendorChecks] = {}
    accounts: dict[str, TextAccount] = {}
    for number in range(vendors):
        base = run.vendors[number % len(run.vendors)]
        name = f"{base.name} {number:05d}"
        copies.append(dataclasses.replace(base, name=name))
        checks[name] = run.checks[base.name]
        accounts[name] = run.accounts[base.name]
        matches += [
            dataclasses.replace(
                m, vendor=name, auto_score=min(5, max(0, m.auto_score + rng.choice((-1, 0, 1))))
            )
            for m in by_vendor.get(base.name, [])
        ]
    cells, matrix, (knockouts, to_confirm), ranking = pipeline._score_and_rank(
        run.project, copies, checks, matches, None
    )
    pipeline._add_text_flags(ranking, accounts, [])
    return dataclasses.replace(
        run,
        vendors=copies,
        matches=matches,
        checks=checks,
        cells=cells,
        matrix=matrix,
        ranking=ranking,
        knockouts=knockouts,
        to_confirm=to_confirm,
        unsupported={},
        accounts=accounts,
        shared=[],
        evaluations=None,
        disagreement=None,
    )


def clock(label: str, step: Callable[[], T]) -> tuple[T, float]:
    """Run ``step`` once, print its wall and CPU time, return its value and the CPU seconds.

    CPU time is what the verdicts use: on a shared 2-core machine the wall time of one step
    varied 5x with other work, its CPU time by a few percent.
    """
    start, cpu = time.perf_counter(), time.process_time()
    value = step()
    seconds, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<48} {seconds:8.2f} s wall {used:8.2f} s CPU", flush=True)
    return value, used


def size(path: Path) -> str:
    """A file's (or a folder's files') size in MB."""
    total = sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size
    return f"{total / 1e6:.2f} MB"


def measure(folder: Path, replicas: int = 0) -> None:
    """Score once, save, then time report and sheets from the saved run and from scoring again
    (the sum of CPU times: the saved run is loaded, the report or sheets written).

    ``replicas``: replicate the scored vendors into that many (see ``replicate``); the
    re-scoring figures are then those of the small project, not of ``replicas`` vendors.
    """
    project = load_project(folder)
    run, score_s = clock("score (read, match, check, rank)", lambda: score_project(project))
    if replicas:
        run, _ = clock(f"replicate into {replicas} vendors", lambda: replicate(run, replicas))
    files, _ = clock("scores.xlsx + scores.csv + evidence.jsonl", lambda: write_scores(run))
    kept, _ = clock("save the run", lambda: saved.save_run(run))
    for path in [*files.all(), kept]:
        print(f"    {path.name:<30} {size(path)}")

    def from_saved() -> ScoreRun:
        fresh = load_project(folder)
        loaded = saved.load_run(fresh)
        assert isinstance(loaded, saved.Loaded), loaded
        return loaded.run

    print("rfp report")
    loaded, load_s = clock("load the saved run (fingerprint + decode)", from_saved)
    report, report_s = clock(
        "shortlist PDF + HTML", lambda: write_report(loaded, record=build_record(loaded))
    )
    again = "" if replicas else f"; scoring again: {score_s + report_s:.1f} s CPU"
    print(f"    from the saved run: {load_s + report_s:.1f} s CPU{again}")
    for path in report.all():
        print(f"    {path.name:<30} {size(path)}")
    print("rfp sheets, 2 evaluators")
    automatic, auto_s = clock(
        "automatic scores from the saved run", lambda: without_evaluations(loaded)
    )
    written, sheets_s = clock(
        "write 2 evaluator sheets + consensus", lambda: write_sheets(automatic, ["alice", "bob"])
    )
    again = "" if replicas else f"; scoring again: {score_s + sheets_s:.1f} s CPU"
    print(f"    from the saved run: {load_s + auto_s + sheets_s:.1f} s CPU{again}")
    for path in written:
        print(f"    {path.name:<30} {size(path)}")


def main() -> None:
    vendors = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1000
    replicas = 0
    if "--replicate" in sys.argv:
        vendors, replicas = 30, vendors
    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    with tempfile.TemporaryDirectory() as scratch:
        root = keep or Path(scratch)
        existing = root / "acme-contact-centre"
        if keep is not None and (existing / "proposals").is_dir():
            folder = existing
        else:
            root.mkdir(parents=True, exist_ok=True)
            folder, _ = clock(
                f"build {vendors} synthetic vendors", lambda: synthetic_project(root, vendors)
            )
        print(f"{vendors} vendors in {folder}")
        measure(folder, replicas)


if __name__ == "__main__":
    main()
