"""Time detecting the language a proposal is written in, against scoring the whole project.

Run: .venv/bin/python -m bench.bench_language   (prints figures; never run as a test)

The cold figure includes building the detector and loading its models for the candidate
languages (once per run); the warm one is each proposal after that. The ratio compares all the
detections of a project with one full ``score_project`` of it, measured in the same run.
"""

from __future__ import annotations

import tempfile
import time
from functools import partial
from pathlib import Path

import lingua

from bench.timing import timed
from rfp.core.criteria import load_library
from rfp.core.project import load_project
from rfp.demo.builder import create_projects, write_sample_proposals
from rfp.generate import kit
from rfp.score import pipeline
from rfp.score.checks import languages


def _installed_mb() -> float:
    folder = Path(lingua.__file__).parent
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _detect_all(texts: list[str], candidates: list[str]) -> None:
    for text in texts:
        languages.written_in(text, candidates)


def main() -> None:
    print(f"lingua package installed: {_installed_mb():.0f} MB")
    with tempfile.TemporaryDirectory() as scratch:
        library = load_library()
        for folder in create_projects(library, Path(scratch))[:2]:
            project = load_project(folder)
            blank = folder / "kit.xlsx"
            kit.write_workbook(project, blank)
            write_sample_proposals(folder, project.spec.project.reference, blank)
            vendors = pipeline.read_vendors(project, lambda stage, detail: None)
            published, _ = pipeline.published_texts(project)
            texts = [w.text for w in pipeline.own_words_of(project, vendors, published).values()]
            candidates = [*project.spec.languages, "en"]
            languages._detector.cache_clear()
            start = time.perf_counter()
            languages.written_in(texts[0], candidates)
            cold = (time.perf_counter() - start) * 1000
            warm = timed(partial(_detect_all, texts, candidates), 5)
            whole = timed(partial(pipeline.score_project, project), 3)
            words = sum(len(t.split()) for t in texts)
            print(
                f"{folder.name}: {len(texts)} proposals, {words} words; detection cold "
                f"{cold:.0f} ms, warm {warm / len(texts):.1f} ms a proposal; all detections "
                f"{warm:.0f} ms = {warm / whole:.1%} of score_project ({whole:.0f} ms)"
            )


if __name__ == "__main__":
    main()
