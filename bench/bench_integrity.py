"""Adversaries against the automatic score: do proposals written to the score beat real ones?

Run: .venv/bin/python -m bench.bench_integrity   (prints figures; never run as a test)

For the demo's front-office and back-office projects, five adversary vendors are added beside
the sample proposals, each returning the best genuine vendor's response workbook (same price,
sites, languages and certifications) under its own company name:

- parrot: "We fully comply." then each question and its "Evidence expected" text, under its id;
- keywords: each criterion's distinctive words (its match text minus stop words), no sentences;
- blank-template: the untouched response-template.docx that ``rfp generate`` wrote;
- superlatives: three sentences of marketing per criterion, no number, name or commitment;
- near-copy: the best genuine proposal with its name replaced and about 5% of words changed.

Each project is scored with automatic scores only. The table shows each adversary's total and
rank against the genuine qualified vendors and whether the ranking flags it. The Spearman rank
correlation of the auto-scores with the demo evaluators' scores (front office only; the demo's
evaluators start from the automatic score, so read it as a consistency check, not a validation)
follows. Last, ``rfp.score.copying.find_copies`` is timed on a synthetic tender of 1,000
vendors x 300 passages.
"""

from __future__ import annotations

import dataclasses
import random
import re
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import yaml
from openpyxl import load_workbook
from scipy.stats import spearmanr
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from rfp.core import kit_layout
from rfp.core.criteria import load_library
from rfp.core.project import Project, load_project
from rfp.core.spec import Criterion
from rfp.demo.builder import (
    DEMO_DATA,
    DEMO_EVALUATORS,
    EVALUATED_PROJECT,
    SampleVendor,
    create_projects,
    fill_sample_sheets,
    sample_vendors,
    write_docx_proposal,
    write_pdf_proposal,
    write_sample_proposals,
)
from rfp.evaluate.layout import EVALUATIONS_DIR
from rfp.evaluate.sheets_in import read_evaluations
from rfp.evaluate.sheets_out import write_sheets
from rfp.generate.document import write_rfp
from rfp.score.copying import COPY_FLAG, find_copies, vendor_pairs
from rfp.score.own_words import ECHO_FLAG, EMPTY_FLAG
from rfp.score.passages import Passage, split_all
from rfp.score.pipeline import score_project
from rfp.score.run import ScoreRun

PROJECTS = ("acme-contact-centre", "globex-finance-payroll")
ADVERSARIES = {
    "parrot": "Parrot Proposals Ltd",
    "keywords": "Keyword Lists Inc",
    "blank-template": "Blank Template Co",
    "superlatives": "Superlative Partners",
    "near-copy": "Near Copy Services",
}
FLAG_TEXTS = (ECHO_FLAG, EMPTY_FLAG, COPY_FLAG)
CHANGED_SHARE = 0.05
FILLER = ("robust", "modern", "careful", "reliable", "broad", "steady", "local", "regular")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        library = load_library()
        for folder in create_projects(library, Path(scratch)):
            if folder.name in PROJECTS:
                bench_project(folder)
    bench_scale()


def bench_project(folder: Path) -> None:
    """Build one demo project, add the adversaries, score it and print what happened."""
    project = load_project(folder)
    files = write_rfp(project)
    write_sample_proposals(folder, project.spec.project.reference, files.workbook)
    if folder.name == EVALUATED_PROJECT:
        first_pass = score_project(project, None)
        sheets = write_sheets(first_pass, list(DEMO_EVALUATORS), price_evaluators=["alice"])
        fill_sample_sheets(sheets, folder / EVALUATIONS_DIR)
    best = best_genuine_vendor(folder.name)
    best_folder = folder / "proposals" / best.slug
    changed = add_adversaries(project, best, best_folder, files.template)
    start = time.perf_counter()
    run = score_project(load_project(folder), None)
    seconds = time.perf_counter() - start
    print(
        f"\n{folder.name}: best genuine vendor {best.name} ({best.format}); near-copy changed "
        f"{changed:.1%} of its words; scored in {seconds:.1f} s, automatic scores only"
    )
    print_table(run, {v.name for v in sample_vendors(folder.name)})
    if (folder / EVALUATIONS_DIR).is_dir():
        print_correlation(run)
    print_copies(run)


def best_genuine_vendor(project_name: str) -> SampleVendor:
    """The top qualified vendor in the demo's written-down expected order."""
    expected = yaml.safe_load((DEMO_DATA / project_name / "expected.yaml").read_text("utf-8"))
    top = expected["qualified"][0]
    return next(v for v in sample_vendors(project_name) if v.name == top)


# --------------------------------------------------------------------------------------------
# The adversaries


def add_adversaries(
    project: Project, best: SampleVendor, best_folder: Path, template: Path
) -> float:
    """Write the five adversary folders; return the share of words the near-copy changed."""
    proposals = project.folder / "proposals"
    criteria = [wc.criterion for wc in project.selection.criteria]
    texts = {
        "parrot": "\n\n".join(parrot(c) for c in criteria),
        "keywords": "\n\n".join(keyword_list(c) for c in criteria),
        "superlatives": "\n\n".join(superlatives(c) for c in criteria),
    }
    for slug, name in ADVERSARIES.items():
        folder = proposals / slug
        folder.mkdir(parents=True)
        workbook = load_workbook(best_folder / kit_layout.WORKBOOK_FILE)
        workbook[kit_layout.SHEET_RESPONDENT].cell(row=2, column=2, value=name)
        workbook.save(folder / kit_layout.WORKBOOK_FILE)
        if slug in texts:
            (folder / "proposal.md").write_text(f"# {name}\n\n{texts[slug]}\n", "utf-8")
    shutil.copyfile(template, proposals / "blank-template" / kit_layout.TEMPLATE_FILE)
    markdown, changed = near_copy(best, ADVERSARIES["near-copy"])
    copy = dataclasses.replace(best, name=ADVERSARIES["near-copy"], markdown=markdown)
    target = proposals / "near-copy" / f"proposal.{best.format}"
    if best.format == "pdf":
        write_pdf_proposal(copy, project.spec.project.reference, target, "#1b4f72")
    elif best.format == "docx":
        write_docx_proposal(copy, target)
    else:
        target.write_text(markdown, "utf-8")
    return changed


def parrot(criterion: Criterion) -> str:
    return (
        f"## {criterion.id} {criterion.title}\n\nWe fully comply.\n\n"
        f"{criterion.question}\n\n{criterion.guidance}"
    )


def keyword_list(criterion: Criterion) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z0-9/.-]*[A-Za-z0-9]", criterion.match)
    distinct = dict.fromkeys(w.lower() for w in words if w.lower() not in ENGLISH_STOP_WORDS)
    return f"## {criterion.id} {criterion.title}\n\n{', '.join(distinct)}"


def superlatives(criterion: Criterion) -> str:
    topic = criterion.title.lower()
    return (
        f"## {criterion.id} {criterion.title}\n\n"
        f"We are a world-class, best-in-class, passionate partner committed to excellence in "
        f"{topic}. Our industry-leading, award-winning teams deliver seamless, cutting-edge, "
        f"customer-centric outcomes that exceed expectations. We strive to be the trusted, "
        f"innovative, market-leading choice for {topic}, bringing unmatched passion to every "
        f"interaction."
    )


def near_copy(vendor: SampleVendor, name: str) -> tuple[str, float]:
    """The vendor's proposal under another name with 5% of its words swapped (seeded).

    Headings and table rules are kept, as a copier keeps the question ids; the words swapped are
    drawn from the rest. Returns the text and the share of all its words that changed.
    """
    old_first, new_first = vendor.name.split()[0], name.split(maxsplit=1)[0]
    text = vendor.markdown.replace(vendor.name, name).replace(old_first, new_first)
    lines = text.splitlines()
    word = re.compile(r"(?<![\w/-])[A-Za-z]{3,}(?![\w/-])")
    eligible = [
        (number, match.start(), match.end())
        for number, line in enumerate(lines)
        if not line.startswith(("#", "|-"))
        for match in word.finditer(line)
    ]
    total = sum(len(line.split()) for line in lines)
    chosen = random.Random(9).sample(eligible, min(len(eligible), round(CHANGED_SHARE * total)))
    pick = random.Random(10)
    for number, begin, end in sorted(chosen, reverse=True):  # right to left keeps offsets valid
        line = lines[number]
        lines[number] = line[:begin] + pick.choice(FILLER) + line[end:]
    return "\n".join(lines) + "\n", len(chosen) / max(total, 1)


# --------------------------------------------------------------------------------------------
# Reporting


def print_table(run: ScoreRun, genuine: set[str]) -> None:
    ranking = run.ranking
    totals = {str(v): float(t) for v, t in ranking["total"].items()}
    ranks = {str(v): int(r) for v, r in ranking["rank"].items()}
    qualified = [str(v) for v, row in ranking.iterrows() if not row["disqualified"]]
    genuine_qualified = [v for v in qualified if v in genuine]
    lowest = min(totals[v] for v in genuine_qualified)
    print(
        "  genuine: "
        + ", ".join(
            f"{v} {totals[v]:.1f}{'' if v in qualified else ' (disqualified)'}"
            for v in ranking.index
            if str(v) in genuine
        )
    )
    header = f"  {'adversary':22} {'total':>6} {'rank':>4} {'lowest genuine':>14} "
    print(header + f"{'below all':>9} {'flagged':>7}  flags")
    for name in ADVERSARIES.values():
        row = ranking.loc[name]
        flags = str(row["flags"])
        flagged = any(text in flags for text in FLAG_TEXTS)
        below = totals[name] < lowest
        status = " (disqualified)" if row["disqualified"] else ""
        print(
            f"  {name:22} {totals[name]:6.1f} {ranks[name]:4d} {lowest:14.1f} "
            f"{'yes' if below else 'no':>9} {'yes' if flagged else 'no':>7}  "
            f"{flags[:60] or '-'}{status}"
        )


def print_correlation(run: ScoreRun) -> None:
    """Spearman's rho of auto-scores against the evaluators' mean, cell by cell."""
    evaluations = read_evaluations(run.project, [str(v) for v in run.ranking.index])
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    for sheet in evaluations.sheets:
        for entry in sheet.scored:
            if entry.score is not None:
                scores[(entry.vendor, entry.criterion)].append(entry.score)
    auto = {(m.vendor, m.criterion): m.auto_score for m in run.matches}
    cells = sorted(key for key in scores if key in auto)
    rho = spearmanr([auto[c] for c in cells], [float(np.mean(scores[c])) for c in cells])
    print(
        f"  Spearman rho, auto-score vs evaluators' mean over {len(cells)} cells "
        f"({', '.join(evaluations.evaluators)}): {rho.statistic:.3f}"
    )


def print_copies(run: ScoreRun) -> None:
    """What rfp.score.copying finds among this run's passages (before it is wired into scoring)."""
    ids = [wc.id for wc in run.project.selection.criteria]
    every = [p for v in run.vendors for p in split_all(v.documents, v.name, ids)]
    start = time.perf_counter()
    pairs = vendor_pairs(find_copies(every))
    milliseconds = (time.perf_counter() - start) * 1000
    print(f"  find_copies over {len(every)} passages in {milliseconds:.0f} ms:", end="")
    print("" if pairs else " no shared passages")
    counts = Counter(p.vendor for p in every)
    for (a, b), shared in pairs.items():
        overlaps = [c.overlap for c in shared]
        print(
            f"    {a} ({counts[a]} passages) / {b} ({counts[b]}): {len(shared)} pairs of passages "
            f"shared, overlap {min(overlaps):.2f}-{max(overlaps):.2f}"
        )


# --------------------------------------------------------------------------------------------
# Scale


def bench_scale(vendors: int = 1000, per_vendor: int = 300, planted: int = 200) -> None:
    """Time find_copies on a synthetic tender with planted near-copies between vendors."""
    rng = np.random.default_rng(7)
    vocabulary = [f"w{n}" for n in range(20_000)]
    weights = 1.0 / np.arange(1, len(vocabulary) + 1) ** 1.05  # Zipf-like, as prose is
    lengths = rng.integers(60, 121, size=vendors * per_vendor)
    ids = rng.choice(len(vocabulary), size=int(lengths.sum()), p=weights / weights.sum())
    ends = np.cumsum(lengths)
    texts = [
        " ".join(vocabulary[i] for i in ids[e - n : e]) for e, n in zip(ends, lengths, strict=True)
    ]
    corpus = [
        Passage(f"vendor {k // per_vendor:04d}", "proposal.pdf", 1, "", None, text, k % per_vendor)
        for k, text in enumerate(texts)
    ]
    pick = random.Random(7)
    qualifying = 0
    for number in range(planted):
        source = pick.choice(corpus[: len(texts)])
        words = [w if pick.random() >= CHANGED_SHARE else "edited" for w in source.text.split()]
        corpus.append(Passage(f"copier {number:03d}", "p.pdf", 1, "", None, " ".join(words), 0))
        qualifying += exact_overlap(source.text, corpus[-1].text) >= 0.7
    start = time.perf_counter()
    copies = find_copies(corpus)
    seconds = time.perf_counter() - start
    found = sum("copier" in (c.vendor_a + c.vendor_b) for c in copies)
    print(
        f"\nfind_copies on {vendors} vendors x {per_vendor} passages (+{planted} planted "
        f"near-copies, random 5% of words edited; {qualifying} of them at overlap 0.7 or more "
        f"by exact count; {int(lengths.sum()):,} words): {seconds:.1f} s; "
        f"{found} planted found, {len(copies) - found} other pairs"
    )


def exact_overlap(a: str, b: str) -> float:
    """Containment of word 5-grams, counted exactly with sets, to check the hashed count."""

    def grams(text: str) -> set[tuple[str, ...]]:
        words = text.split()
        return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}

    grams_a, grams_b = grams(a), grams(b)
    return len(grams_a & grams_b) / min(len(grams_a), len(grams_b))


if __name__ == "__main__":
    main()
