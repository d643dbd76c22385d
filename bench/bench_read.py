"""CPU time to read one vendor folder, by proposal format: its documents and its workbook.

Run: .venv/bin/python -m bench.bench_read [--corpus 100] [--vendors 12] [--pages 30]
[--repeats 3] [--before DIR] (prints figures; never run as a test; ``--before`` measures a
copy of earlier code, ``git archive <commit> rfp | tar -x -C DIR``, in the same run right
before this one)

The seeded corpus of bench/corpus.py (Markdown, Word and PDF proposals in turn, a filled
response workbook each; ``--corpus`` vendors) is built once under ``--cache``, as bench_scale
builds it, and its first ``--vendors`` are read. Each vendor's proposal files are read
as `rfp score` reads them (``ingest.read_files``) and its workbook as well (``kit.read_workbook``
with the project's settings); each figure is the best of ``--repeats`` passes over the same
vendors, in CPU seconds (``time.process_time``), since the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

FORMATS = (".md", ".docx", ".pdf")


def measure(folder: Path, vendors: int, repeats: int) -> dict[str, dict[str, float]]:
    """Milliseconds of CPU per vendor, by proposal format: documents, workbook, both."""
    from rfp.core.contract import key_terms
    from rfp.core.kit_layout import WORKBOOK_FILE
    from rfp.core.number_format import default_locale
    from rfp.core.project import load_project
    from rfp.score import ingest
    from rfp.score.ingest import kit

    project = load_project(folder)
    spec = project.spec
    folders = sorted(p for p in (folder / "proposals").iterdir() if p.is_dir())[:vendors]
    kinds = {f: next(p.suffix for p in f.iterdir() if p.stem == "proposal") for f in folders}

    def workbook(vendor: Path) -> None:
        path = vendor / WORKBOOK_FILE
        kit.read_workbook(
            path,
            spec.project.reference,
            path.read_bytes(),
            currency=spec.pricing.currency,
            limits=spec.limits,
            exchange_rates=spec.pricing.exchange_rates,
            default_locale=default_locale(spec.buyer.country),
            contract_terms=key_terms(spec),
        )

    best: dict[str, dict[str, float]] = {}
    for repeat in range(repeats + 1):  # the first pass only warms imports and caches
        spent = {kind: {"documents": 0.0, "workbook": 0.0} for kind in FORMATS}
        for vendor in folders:
            start = time.process_time()
            ingest.read_files(vendor, spec.limits)
            middle = time.process_time()
            workbook(vendor)
            spent[kinds[vendor]]["documents"] += middle - start
            spent[kinds[vendor]]["workbook"] += time.process_time() - middle
        for kind, parts in spent.items():
            count = sum(1 for k in kinds.values() if k == kind) or 1
            row = {part: 1000 * seconds / count for part, seconds in parts.items()}
            row["total"] = row["documents"] + row["workbook"]
            if repeat and (kind not in best or row["total"] < best[kind]["total"]):
                best[kind] = row
    return best


def _print(label: str, rows: dict[str, dict[str, float]], before: dict[str, Any] | None) -> None:
    print(f"\n== {label}: CPU ms per vendor (best of the repeats)")
    print(
        f"{'format':>7} {'documents':>10} {'workbook':>9} {'total':>7}"
        + ("  after/before" * bool(before))
    )
    for kind in FORMATS:
        row = rows[kind]
        ratio = f"  {row['total'] / before[kind]['total']:12.2f}" if before else ""
        print(
            f"{kind:>7} {row['documents']:10.1f} {row['workbook']:9.1f} {row['total']:7.1f}{ratio}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, default=100, help="vendors in the corpus")
    parser.add_argument("--vendors", type=int, default=12, help="vendors read")
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/rfp-bench"))
    parser.add_argument("--before", type=Path, help="a copy of the code to compare with")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.vendors, args.repeats)))
        return
    from bench.bench_scale import _corpus

    folder = _corpus(args.cache, args.corpus, args.pages).resolve()
    trees: dict[str, Path | None] = (
        {"before": args.before.resolve(), "after": Path.cwd()} if args.before else {"": None}
    )
    results: dict[str, dict[str, Any]] = {}
    for label, tree in trees.items():
        # This script by its path, with the tree's rfp first on the path: a copy of earlier
        # code need not have the script.
        command = [sys.executable, str(Path(__file__).resolve()), "--one", str(folder)]
        command += ["--vendors", str(args.vendors), "--repeats", str(args.repeats)]
        env = {**os.environ, "PYTHONPATH": str(tree or Path.cwd())}
        done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
        results[label] = json.loads(done.stdout.strip().splitlines()[-1])
    for label, rows in results.items():
        _print(label or "results", rows, results.get("before") if label == "after" else None)


if __name__ == "__main__":
    main()
