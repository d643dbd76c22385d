"""Time the scan for prices stated in proposal text against a plain word split of the same text.

Run: .venv/bin/python -m bench.bench_text_prices   (prints figures; never run as a test)

The baseline (``str.split`` over every block) is measured in the same run, so the ratio says
what the price grammar costs relative to merely touching every word, on any machine.
"""

from __future__ import annotations

from pathlib import Path

from bench.timing import timed
from rfp.score.document import Block, Document, Page
from rfp.score.text_prices import find_text_prices

DEMO = Path(__file__).resolve().parent.parent / "rfp" / "demo" / "data"


def main() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(DEMO.glob("*/*/proposal.md"))]
    documents = [
        Document(str(i), str(i), "md", (Page(None, tuple(Block(p) for p in t.split("\n\n"))),))
        for i, t in enumerate(texts)
    ]
    words = sum(len(text.split()) for text in texts)

    def split() -> int:
        return sum(len(b.text.split()) for d in documents for b in d.blocks)

    def scan() -> int:
        return len(find_text_prices(documents))

    baseline, prices = timed(split, 20), timed(scan, 20)
    print(f"{len(texts)} demo proposals, {words:,} words, {scan()} price statements")
    print(f"  word split (baseline) {baseline:8.1f} ms")
    print(f"  text price scan       {prices:8.1f} ms   {prices / baseline:5.1f}x baseline")


if __name__ == "__main__":
    main()
