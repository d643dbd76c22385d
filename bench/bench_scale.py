"""How scoring grows with the number of proposals, stage by stage, against baselines.

Run: .venv/bin/python -m bench.bench_scale [--sizes 10 100 1000] [--huge] [--pages 30]
[--before DIR] [--pdf-only] (prints figures; never run as a test; ``--huge`` adds N = 10,000;
``--before`` measures a copy of earlier code at each N in the same run)

For each N, a seeded corpus (bench/corpus.py: Markdown, Word and PDF proposals of P pages, a
filled workbook each) is built once under ``--cache`` and scored in a fresh process, so each N's
peak memory is its own. Per stage: wall time, CPU time and the process's peak resident memory
after it (worker processes' peak apart). Baselines run in the same process on the same passages,
each given as a ratio:
- the floor: sklearn ``TfidfVectorizer(ngram_range=(1, 2))`` ``fit_transform`` on the passages
  matched, plus the sparse product with the criteria queries;
- peers: ``bm25s`` (sparse BM25) and ``rank_bm25`` (BM25Okapi), indexing the same passages and
  scoring every passage against every criterion query;
- PDF reading: rfp's reader in two processes against ``pdftotext`` in one, pages per second on
  the corpus's PDFs.
The machine is shared, so absolute times are noisy; ratios measured in the same run are not.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

STAGES = ("read+match", "copies", "score", "outputs", "load", "sheets", "report")
ENGINE = ("read+match", "copies", "score")
EARLIER_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "read+match": (("read+split", "checks"), ("read+check",)),
    "copies": (("match",),),
}
"""Earlier code (``--before``) timed the stages under other names: checks apart from reading,
and all the matching after copy detection ("match"), which today runs where each folder is
read, leaving "copies" (copy detection and matching again the vendors it withholds from)."""
"""What ``rfp score`` does before writing its outputs."""


def _peak_gb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024**2  # Linux reports KiB


class _Clock:
    """Times stages: wall and CPU seconds (this process and its finished workers), peak memory."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, float]] = {}

    def __call__(self, name: str, step: Callable[[], Any]) -> Any:
        start, cpu = time.perf_counter(), self._cpu()
        result = step()
        self.rows[name] = {
            "wall": time.perf_counter() - start,
            "cpu": self._cpu() - cpu,
            "peak_gb": _peak_gb(),
            "worker_peak_gb": _peak_gb(resource.RUSAGE_CHILDREN),
        }
        return result

    @staticmethod
    def _cpu() -> float:
        """This process, its finished workers, and its live workers (the pool outlives a stage:
        reading and matching share it, so a worker's CPU is read from /proc while it runs)."""
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + _live_cpu()


def _live_cpu() -> float:
    """CPU seconds of this process's live child processes, from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for task in Path("/proc/self/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended between the two reads; RUSAGE_CHILDREN has it once reaped
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


# --------------------------------------------------------------------------------------------
# One N, in its own process


def measure(folder: Path, outputs: bool) -> dict[str, Any]:
    """Score ``folder`` stage by stage the way ``score_project`` does, then the baselines."""
    from rfp.core.project import load_project
    from rfp.score import copying
    from rfp.score.pipeline import (
        _match,
        _read_split,
        _score_and_rank,
        _Workers,
        folder_reader,
        pool_size,
        published_texts,
        reference_week,
        vendor_folders,
    )
    from rfp.score.run import ScoreRun

    clock = _Clock()
    project = load_project(folder)
    published, _ = published_texts(project)
    reader = folder_reader(project, published)
    folders = vendor_folders(project)
    # One pool for reading and matching, as score_project runs them.
    with _Workers(reader, pool_size(None, len(folders))) as pool:
        # Each folder is read, split, checked and matched in a worker: "read+match".
        vendors, own, checks, matched, numbered = clock(
            "read+match", lambda: _read_split(reader, folders, pool, _quiet)
        )
        folder_of = {vendor.name: vendor.folder for vendor in vendors}
        matches, shared = clock(
            "copies",
            lambda: _match(reader, matched, _quiet, pool, numbered=numbered, folder_of=folder_of),
        )
        # The baselines' passages, read again and not timed: the engine no longer keeps them.
        texts = [
            passage.text
            for passages in pool.own_passages([(folder_of[name], name) for name in own])
            for passage in passages
        ]
    week = reference_week(project)
    cells, matrix, (knockouts, to_confirm), ranking = clock(
        "score", lambda: _score_and_rank(project, vendors, checks, matches, None)
    )
    copying.copy_flags(shared)
    run = ScoreRun(project, vendors, matches, checks, cells, matrix, ranking, week)
    run.knockouts, run.shared, run.to_confirm = knockouts, shared, to_confirm
    if outputs:
        _outputs(clock, run)
    queries = [wc.criterion.query for wc in project.selection.criteria]
    baselines: dict[str, dict[str, float]] = {
        "floor": _floor(texts, queries),
        "bm25s": _bm25s(texts, queries),
    }
    if len(texts) <= RANK_BM25_UP_TO:
        baselines["rank_bm25"] = _rank_bm25(texts, queries)
    return {
        "vendors": len(vendors),
        "passages": len(texts),
        "criteria": len(queries),
        "stages": clock.rows,
        "baselines": baselines,
        "pdf": _pdf_rates(folder) if len(vendors) <= 100 else None,
    }


def _quiet(stage: str, detail: str) -> None:
    """No progress bar in a benchmark."""


def _outputs(clock: _Clock, run: Any) -> None:
    from rfp.evaluate.sheets_out import write_sheets
    from rfp.report.write import write_report
    from rfp.score import outputs, saved

    def write_outputs() -> None:
        if not hasattr(outputs, "scores_written"):  # earlier code (--before): one by one
            outputs.write_scores(run)
            saved.save_run(run)
            return
        with outputs.scores_written(run):  # scores.xlsx in a second process from 300 vendors on
            saved.save_run(run)

    # What `rfp score` writes: scores.xlsx, scores.csv, evidence.jsonl and the saved run.
    clock("outputs", write_outputs)
    # What `rfp sheets` and `rfp report` do first: load the saved run (inputs unchanged).
    loaded = clock("load", lambda: saved.load_run(run.project))
    assert isinstance(loaded, saved.Loaded), loaded
    clock("sheets", lambda: write_sheets(run, ["alice", "bob"], price_evaluators=["alice"]))
    clock("report", lambda: write_report(run))


def _timed(step: Callable[[], Any]) -> dict[str, float]:
    """Wall and CPU seconds of ``step``, run in this process."""
    start, cpu = time.perf_counter(), time.process_time()
    step()
    return {"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu}


def _floor(texts: list[str], queries: list[str]) -> dict[str, float]:
    """sklearn's TF-IDF with bigrams fitted on the passages, times the criteria: the least
    any TF-IDF matcher must do."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    def run() -> None:
        vectoriser = TfidfVectorizer(ngram_range=(1, 2))
        matrix = vectoriser.fit_transform(texts)
        _ = matrix @ vectoriser.transform(queries).T

    return _timed(run)


def _bm25s(texts: list[str], queries: list[str]) -> dict[str, float]:
    import bm25s

    def run() -> None:
        retriever = bm25s.BM25()
        retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False),
                        show_progress=False)  # fmt: skip
        for query in bm25s.tokenize(queries, stopwords="en", return_ids=False,
                                    show_progress=False):  # fmt: skip
            retriever.get_scores(query)

    return _timed(run)


RANK_BM25_UP_TO = 40_000
"""rank_bm25 scores in pure Python: 258 s for 34,000 passages x 69 queries on the shared
machine, so larger corpora skip it."""


def _rank_bm25(texts: list[str], queries: list[str]) -> dict[str, float]:
    from rank_bm25 import BM25Okapi

    def run() -> None:
        index = BM25Okapi([text.lower().split() for text in texts])
        for query in queries:
            index.get_scores(query.lower().split())

    return _timed(run)


# --------------------------------------------------------------------------------------------
# PDF reading against pdftotext


PDF_SAMPLE = 60
"""PDFs timed at each N (the first ones in folder order): enough for a steady rate."""


def _pdf_pages(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def _read_pdf(path: Path) -> int:
    from rfp.score import ingest

    return len(ingest.read(path).pages)


def _pdfium_text(path: Path) -> int:
    """What any PDFium-based reader must do: open, load each page's text, take its text in one
    call. Nothing about lines, fonts or headings: the floor under rfp's reader."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(path.read_bytes())
    try:
        for index in range(len(document)):
            page = pdfium_c.FPDF_LoadPage(document.raw, index)
            textpage = pdfium_c.FPDFText_LoadPage(page)
            count = pdfium_c.FPDFText_CountChars(textpage)
            pdfium_c.FPDFText_GetText(textpage, 0, count, (ctypes.c_ushort * (count + 1))())
            pdfium_c.FPDFText_ClosePage(textpage)
            pdfium_c.FPDF_ClosePage(page)
        return len(document)
    finally:
        document.close()


def _warm_reader(_: int) -> None:
    """Import the reader and PDFium, then hold the worker a moment so that the other one takes
    the other call: each worker's imports (about 0.2 s) stay off the clock. Until 2 December
    only PDFium was imported before the clock, so the reader's imports counted as reading."""
    import pypdfium2  # noqa: F401

    from rfp.score import ingest  # noqa: F401

    time.sleep(0.5)


def _pdf_rates(folder: Path) -> dict[str, float]:
    """Pages per second: rfp's reader in two spawned processes, ``pdftotext`` in one, and
    PDFium's bare text extraction in two (the floor for any reader built on it)."""
    pdfs = sorted((folder / "proposals").glob("*/*.pdf"))[:PDF_SAMPLE]
    if not pdfs:
        return {}
    pages = sum(_pdf_pages(path) for path in pdfs)
    start = time.perf_counter()
    for path in pdfs:
        subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
    poppler = time.perf_counter() - start
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        list(pool.map(_warm_reader, range(2)))  # both workers started and importing before
        start = time.perf_counter()
        read = sum(pool.map(_read_pdf, pdfs))
        ours = time.perf_counter() - start
        start = time.perf_counter()
        bare = sum(pool.map(_pdfium_text, pdfs))
        floor = time.perf_counter() - start
    assert read == pages == bare, (read, pages, bare)
    return {
        "pages": pages,
        "rfp_pages_per_s": pages / ours,
        "pdftotext_pages_per_s": pages / poppler,
        "pdfium_text_pages_per_s": pages / floor,
    }


# --------------------------------------------------------------------------------------------
# The driver


def _corpus(cache: Path, vendors: int, pages: int) -> Path:
    from bench.corpus import PROJECT, build

    root = cache / f"n{vendors}-p{pages}"
    folder = root / PROJECT
    done = root / "complete"
    if not done.exists():
        build(root, vendors, pages)
        done.write_text("built\n", encoding="utf-8")
    return folder


def _merge_earlier(rows: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """``rows`` with stages timed apart by earlier code summed under today's names."""
    merged = dict(rows)
    for name, spellings in EARLIER_NAMES.items():
        parts = next((p for p in spellings if all(part in rows for part in p)), None)
        if name not in merged and parts:
            merged[name] = {
                key: (max if key.endswith("_gb") else sum)(rows[p][key] for p in parts)
                for key in rows[parts[0]]
            }
    return merged


def _print(results: list[dict[str, Any]]) -> None:
    print(f"\n{'N':>6} {'passages':>9} " + " ".join(f"{s:>11}" for s in STAGES)
          + f" {'engine':>8} {'s/prop':>7} {'peak GB':>8} {'worker GB':>9}")  # fmt: skip
    for r in results:
        rows = _merge_earlier(r["stages"])
        engine = sum(rows[s]["wall"] for s in ENGINE)
        cells = " ".join(f"{rows[s]['wall']:10.1f}s" if s in rows else f"{'-':>11}" for s in STAGES)
        peak = max(row["peak_gb"] for row in rows.values())
        workers = max(row["worker_peak_gb"] for row in rows.values())
        cpu = sum(rows[s]["cpu"] for s in ENGINE)
        print(f"{r['vendors']:>6} {r['passages']:>9} {cells} {engine:7.1f}s "
              f"{engine / r['vendors']:7.3f} {peak:8.2f} {workers:9.2f}  "
              f"(engine CPU {cpu:.1f}s, {cpu / r['vendors']:.3f} s a proposal)")  # fmt: skip
    for clock in ("wall", "cpu"):
        print(f"\n{clock} seconds: {'N':>6} {'engine':>8} {'floor':>8} {'bm25s':>8} "
              f"{'rank_bm25':>10} {'/floor':>7} {'/bm25s':>7} {'/rank_bm25':>10}")  # fmt: skip
        for r in results:
            b = r["baselines"]
            engine = sum(_merge_earlier(r["stages"])[s][clock] for s in ENGINE)
            base = [
                b.get(name, {}).get(clock, float("nan")) for name in ("floor", "bm25s", "rank_bm25")
            ]
            print(f"{'':>{len(clock) + 9}}{r['vendors']:>6} {engine:7.1f}s "
                  + " ".join(f"{value:7.1f}s" for value in base[:2]) + f" {base[2]:9.1f}s "
                  + f"{engine / base[0]:6.1f}x {engine / base[1]:6.1f}x "
                  + f"{engine / base[2]:9.1f}x")  # fmt: skip
    by_n = {r["vendors"]: r for r in results}
    if 100 in by_n and 1000 in by_n:
        for clock in ("wall", "cpu"):
            per = [
                sum(_merge_earlier(by_n[n]["stages"])[s][clock] for s in ENGINE) / n
                for n in (100, 1000)
            ]
            print(f"\n{clock} time per proposal at N=1000 / at N=100: {per[1] / per[0]:.2f}")
    _print_pdf(results)


def _print_pdf(results: list[dict[str, Any]]) -> None:
    for r in results:
        pdf = r.get("pdf")
        if pdf:
            print(f"N={r['vendors']}: PDF {pdf['pages']} pages, rfp (2 processes) "
                  f"{pdf['rfp_pages_per_s']:.0f} pages/s, pdftotext (1 process) "
                  f"{pdf['pdftotext_pages_per_s']:.0f} pages/s, ratio "
                  f"{pdf['rfp_pages_per_s'] / pdf['pdftotext_pages_per_s']:.2f}; PDFium's bare "
                  f"text (2 processes) {pdf.get('pdfium_text_pages_per_s', float('nan')):.0f} "
                  "pages/s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--huge", action="store_true", help="add N = 10,000")
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/rfp-bench"))
    parser.add_argument("--no-outputs", action="store_true", help="engine stages only")
    parser.add_argument(
        "--before",
        type=Path,
        help="a copy of the code to compare with (git archive <commit> rfp bench | tar -x -C DIR),"
        " measured in the same run right before this one at each N",
    )
    parser.add_argument("--pdf-only", action="store_true", help="PDF reading rates only")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one and args.pdf_only:
        print(json.dumps({"vendors": 0, "pdf": _pdf_rates(args.one)}))
        return
    if args.one:
        print(json.dumps(measure(args.one, not args.no_outputs)))
        return
    sizes = [*args.sizes, *([10_000] if args.huge else [])]
    trees = {"before": args.before.resolve(), "after": Path.cwd()} if args.before else {"": None}
    results: dict[str, list[dict[str, Any]]] = {label: [] for label in trees}
    for vendors in sizes:
        folder = _corpus(args.cache, vendors, args.pages).resolve()
        for label, tree in trees.items():
            command = [sys.executable, "-m", "bench.bench_scale", "--one", str(folder)]
            command += ["--no-outputs"] if args.no_outputs else []
            command += ["--pdf-only"] if args.pdf_only else []
            done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=tree)
            results[label].append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"{label} N={vendors}: {json.dumps(results[label][-1])}", flush=True)
    for label, rows in results.items():
        print(f"\n== {label or 'results'}")
        if args.pdf_only:
            _print_pdf(rows)
        else:
            _print(rows)


if __name__ == "__main__":
    main()
