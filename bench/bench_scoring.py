"""Score the demo projects and print timings plus the auto-score distribution per vendor.

Run: .venv/bin/python -m bench.bench_scoring   (prints figures; never run as a test)

The distribution is how the auto-score thresholds in rfp/score/matching.py were checked: a strong,
specific proposal should sit mostly at 3-5, a weak and vague one mostly at 0-2.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from pathlib import Path

from rfp.core.criteria import load_library
from rfp.core.project import load_project
from rfp.demo.builder import create_projects, write_sample_proposals
from rfp.generate.document import write_rfp
from rfp.score import ingest, matching, passages
from rfp.score.pipeline import score_project


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        library = load_library()
        for folder in create_projects(library, Path(scratch))[:2]:
            project = load_project(folder)
            files = write_rfp(project)
            write_sample_proposals(folder, project.spec.project.reference, files.workbook)
            vendor_dirs = sorted((folder / "proposals").iterdir())

            start = time.perf_counter()
            documents = [ingest.read_folder(v)[0] for v in vendor_dirs]
            read_ms = (time.perf_counter() - start) * 1000
            ids = [wc.id for wc in project.selection.criteria]
            start = time.perf_counter()
            all_passages = [
                p
                for v, docs in zip(vendor_dirs, documents, strict=True)
                for p in passages.split_all(docs, v.name, ids)
            ]
            split_ms = (time.perf_counter() - start) * 1000
            criteria = [wc.criterion for wc in project.selection.criteria]
            start = time.perf_counter()
            matches = matching.match(criteria, all_passages)
            match_ms = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            run = score_project(project)
            total_ms = (time.perf_counter() - start) * 1000

            print(f"\n{folder.name}: {len(vendor_dirs)} vendors, {len(ids)} criteria, "
                  f"{len(all_passages)} passages")  # fmt: skip
            print(f"  read {read_ms:.0f} ms, split {split_ms:.0f} ms, match {match_ms:.0f} ms, "
                  f"whole score_project {total_ms:.0f} ms")  # fmt: skip
            print(f"  {'vendor':32} {'0':>3} {'1':>3} {'2':>3} {'3':>3} {'4':>3} {'5':>3}  "
                  f"{'mean':>5} {'under id':>8} {'total':>6}")  # fmt: skip
            assert len(matches) == len(run.matches)
            for vendor in sorted({m.vendor for m in run.matches}):
                own = [m for m in run.matches if m.vendor == vendor]
                counts = Counter(m.auto_score for m in own)
                mean = sum(m.auto_score for m in own) / len(own)
                tagged = sum(m.answered_under_id for m in own)
                total = float(run.ranking["total"].to_dict()[vendor])
                cells = " ".join(f"{counts.get(level, 0):3d}" for level in range(6))
                print(f"  {vendor:32} {cells}  {mean:5.2f} {tagged:8d} {total:6.1f}")


if __name__ == "__main__":
    main()
