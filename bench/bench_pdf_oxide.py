"""pdf-oxide under rfp's PDF reader: would it give the same Documents, and how much faster?

Run: .venv/bin/python -m bench.bench_pdf_oxide [--compare PDF_OR_FOLDER ...] [--timing FOLDER]
(prints figures; never run as a test; needs ``pdf-oxide`` from the dev extra).

Evaluated for issue 13 and not adopted (docs/scaling.md, "Earlier rounds"): pdf-oxide's spans
cost a quarter of PDFium's bare text, but its font sizes are the printed ones where
PDFium's leave out the page's transformation matrix (4/3 larger on every WeasyPrint PDF), and
the reader's layout thresholds are set in PDFium's units; so the same lines group into other
paragraphs and headings, and scores move. This adapter turns spans into the reader's own
``_Line``s so that everything after (blocks, headings, running lines) is rfp's shared code:
the comparison measures the engines, not two readers.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import resource
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from rfp.errors import ProposalReadError
from rfp.score.document import Page
from rfp.score.ingest import pdf as rfp_pdf
from rfp.score.ingest.pdf import majority

# --------------------------------------------------------------------------------------------
# The adapter: pdf-oxide spans -> the reader's lines


def read_pdf_oxide(file: str, data: bytes) -> tuple[Page, ...]:
    """rfp's ``read_pdf`` with pdf-oxide in PDFium's place (no page limit: not timed here)."""
    import pdf_oxide

    try:
        document = pdf_oxide.PdfDocument.from_bytes(data)
        pages_lines = [_page_lines(document, index) for index in range(document.page_count())]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a Rust panic is a BaseException (pyo3's PanicException)
        raise ProposalReadError(file, f"pdf-oxide: {type(exc).__name__}: {exc}") from exc
    if sum(line.visible for lines in pages_lines for line in lines) < rfp_pdf._MIN_PDF_CHARS:
        raise ProposalReadError(
            file,
            "the PDF has no extractable text: it looks like a scanned image; OCR is not supported",
        )
    pages_blocks = rfp_pdf._drop_running_lines(rfp_pdf._pdf_blocks(pages_lines))
    return tuple(Page(number=i + 1, blocks=tuple(b)) for i, b in enumerate(pages_blocks))


def _page_lines(document: Any, index: int) -> list[rfp_pdf._Line]:
    """Spans in content-stream order, as PDFium gives characters; runs on one baseline join
    into a line, then the reader's own rule merges pieces of one visual line."""
    spans = sorted(document.extract_spans(index), key=lambda span: span.sequence)
    lines: list[rfp_pdf._Line] = []
    for run in _runs(spans):
        line = _run_line(run)
        if line is None:
            continue
        if lines and rfp_pdf._same_visual_line(lines[-1], line):
            line = rfp_pdf._merge_lines(lines[-1], line)
            lines.pop()
        lines.append(line)
    return lines


def _runs(spans: list[Any]) -> list[list[Any]]:
    runs: list[list[Any]] = []
    for span in spans:
        if not span.text:
            continue
        if runs:
            prev = runs[-1][-1]
            x, y, _, _ = span.bbox
            prev_x, prev_y, prev_width, _ = prev.bbox
            size = max(prev.font_size, span.font_size)
            if abs(prev_y - y) <= 0.3 * size and x >= prev_x + prev_width - 0.5 * size:
                runs[-1].append(span)
                continue
        runs.append([span])
    return runs


def _visible(text: str) -> int:
    if rfp_pdf._SPECIAL.search(text):
        return len(rfp_pdf._VISIBLE.findall(text))
    return sum(map(len, text.split()))


def _style(span: Any) -> tuple[float, bool]:
    return round(span.font_size * 2) / 2, bool(span.is_bold)


def _run_line(run: list[Any]) -> rfp_pdf._Line | None:
    """One line, its size and weight voted by the same sample characters PDFium's path uses."""
    parts: list[str] = []
    ends: list[int] = []
    count = 0
    for span in run:
        text = span.text
        if parts and not parts[-1][-1:].isspace() and not text[:1].isspace():
            prev = run[len(ends) - 1]
            if span.bbox[0] - (prev.bbox[0] + prev.bbox[2]) > 0.15 * span.font_size:
                parts.append(" ")
        parts.append(text)
        count += _visible(text)
        ends.append(count)
    if count == 0:
        return None
    size, bold = _style(run[0]) if len(run) == 1 else _vote(run, ends, count)
    chars = "".join(parts)
    text = rfp_pdf._line_text(chars) if rfp_pdf._SPECIAL.search(chars) else chars
    x0, x1 = _edges(run[0], run[-1])
    return rfp_pdf._Line(
        text=" ".join(text.split()),
        size=max(size, 1.0),
        bold=bold,
        x0=x0,
        x1=max(x1, x0),
        y=run[0].bbox[1],
        visible=count,
    )


def _vote(run: list[Any], ends: list[int], count: int) -> tuple[float, bool]:
    """Size and weight of a line of several spans, from every (count // 12)-th visible one."""
    step = max(1, count // 12)
    samples = [_style(run[bisect.bisect_right(ends, i)]) for i in range(0, count, step)]
    return majority(samples)


def _edges(first: Any, last: Any) -> tuple[float, float]:
    """Left edge of the first visible character, right edge of the last (advance widths:
    PDFium's right edge is the glyph's box, up to a point narrower). Widths are asked for
    only when a span starts or ends with white space: each request builds a new list."""
    x0 = first.bbox[0]
    text = first.text
    lead = len(text) - len(text.lstrip())
    if lead and len(widths := first.char_widths) == len(text):  # else ligatures were expanded
        x0 += sum(widths[:lead])
    x, _, width, _ = last.bbox
    x1 = x + width
    text = last.text
    trail = len(text) - len(text.rstrip())
    if trail and len(widths := last.char_widths) == len(text):
        x1 -= sum(widths[len(widths) - trail :])
    elif trail:
        x1 -= 0.28 * last.font_size * trail
    return x0, x1


# --------------------------------------------------------------------------------------------
# Same Documents?


def _outcome(read: Callable[[str, bytes], tuple[Page, ...]], path: Path) -> list[str]:
    """A Document as one line per block (page, kind, text), or the reason it was refused."""
    try:
        pages = read(str(path), path.read_bytes())
    except ProposalReadError as exc:
        return [f"refused: {exc.reason}"]
    return [
        f"p{page.number} "
        + (f"H{block.level}" if block.is_heading else f"L{block.group}" if block.group else "P")
        + f" {block.text}"
        for page in pages
        for block in page.blocks
    ]


def compare(paths: Sequence[Path], *, show: int = 6) -> None:
    """How many PDFs read the same through both engines; for the others, the first changes."""
    same = 0
    for path in paths:
        ours = _outcome(rfp_pdf.read_pdf, path)
        theirs = _outcome(read_pdf_oxide, path)
        if ours == theirs:
            same += 1
            continue
        changes = [
            line
            for line in difflib.unified_diff(ours, theirs, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("---", "+++"))
        ]
        print(f"  differs: {path} ({len(changes)} block lines)")
        for line in changes[:show]:
            print(f"    {line[:150]}")
    print(f"identical: {same} of {len(paths)}")


# --------------------------------------------------------------------------------------------
# How fast?


def _oxide_pages(path: Path) -> int:
    return len(read_pdf_oxide(str(path), path.read_bytes()))


def _pdfium_pages(path: Path) -> int:
    return len(rfp_pdf.read_pdf(str(path), path.read_bytes()))


def _best_cpu(step: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        step()
        best = min(best, time.process_time() - start)
    return best


def _pdftotext_cpu(pdfs: Sequence[Path], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for path in pdfs:
            subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return best


def timing(pdfs: Sequence[Path]) -> None:
    """CPU ms per page (best of 3; the machine is shared, CPU time is the fair figure), then
    pages per second with each reader in two spawned processes against pdftotext in one."""
    import pdf_oxide

    from bench.bench_scale import _pdf_pages, _pdfium_text

    pages = sum(_pdf_pages(path) for path in pdfs)

    def spans_only() -> None:
        for path in pdfs:
            document = pdf_oxide.PdfDocument.from_bytes(path.read_bytes())
            for index in range(document.page_count()):
                document.extract_spans(index)

    cpu = {
        "rfp reader on PDFium": _best_cpu(lambda: [_pdfium_pages(path) for path in pdfs]),
        "rfp reader on pdf-oxide": _best_cpu(lambda: [_oxide_pages(path) for path in pdfs]),
        "PDFium bare text": _best_cpu(lambda: [_pdfium_text(path) for path in pdfs]),
        "pdf-oxide spans alone": _best_cpu(spans_only),
        "pdftotext": _pdftotext_cpu(pdfs),
    }
    floor = cpu["pdftotext"]
    print(f"{len(pdfs)} PDFs, {pages} pages; CPU ms/page (x pdftotext):")
    for name, seconds in cpu.items():
        print(f"  {name:24} {seconds / pages * 1e3:6.3f}  ({seconds / floor:.2f}x)")

    start = time.perf_counter()
    for path in pdfs:
        subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
    rates = {"pdftotext, 1 process": pages / (time.perf_counter() - start)}
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        list(pool.map(_oxide_pages, pdfs[:2]))  # workers started and imports paid beforehand
        list(pool.map(_pdfium_pages, pdfs[:2]))
        for name, worker in (("PDFium", _pdfium_pages), ("pdf-oxide", _oxide_pages)):
            start = time.perf_counter()
            assert sum(pool.map(worker, pdfs)) == pages
            rates[f"rfp reader on {name}, 2 processes"] = pages / (time.perf_counter() - start)
    base = rates["pdftotext, 1 process"]
    print("pages/s (wall; x pdftotext in one process):")
    for name, rate in rates.items():
        print(f"  {name:36} {rate:7.0f}  ({rate / base:.2f}x)")


def _pdfs(where: str) -> list[Path]:
    path = Path(where)
    return [path] if path.is_file() else sorted(path.rglob("*.pdf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", nargs="*", default=[], help="PDFs or folders of PDFs")
    parser.add_argument("--timing", help="a folder of PDFs (the first 30 are timed)")
    args = parser.parse_args()
    for where in args.compare:
        print(f"== {where}")
        compare(_pdfs(where))
    if args.timing:
        timing(_pdfs(args.timing)[:30])


if __name__ == "__main__":
    main()
