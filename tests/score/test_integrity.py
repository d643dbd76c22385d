"""The automatic score against proposals written to game it, on the front-office demo project.

Each adversary returns the best genuine vendor's response workbook (so its certifications,
sites and price are as good as the best bid's) with a proposal text that commits to nothing:
the RFP's own questions, a keyword list, one sentence filled under every heading with that
question's terms and made-up figures, the blank response template, marketing superlatives.
Each must score below every genuine qualified vendor and be flagged where a reader sees it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rfp.core import kit_layout
from rfp.core.criteria import load_library
from rfp.core.project import Project, load_project
from rfp.demo.builder import create_projects, write_sample_proposals
from rfp.generate.kit import write_template, write_workbook
from rfp.score import echo
from rfp.score.buyer import buyer_texts
from rfp.score.own_words import TEMPLATE_FLAG
from rfp.score.pipeline import published_texts, score_project
from rfp.score.run import ScoreRun

pytestmark = pytest.mark.slow

NAME = "acme-contact-centre"
BEST = "northstar-cx"
GENUINE = ("Northstar CX Solutions", "Bayanihan Contact Solutions", "Premier Voice Partners")
STOP = frozenset(
    ("a", "an", "the", "of", "and", "or", "to", "in", "for", "on", "with", "by", "is", "are")
)


def _proposals(project: Project) -> dict[str, str]:
    criteria = [wc.criterion for wc in project.selection.criteria]
    return {
        "parrot": "\n\n".join(
            f"## {c.id} {c.title}\n\nWe fully comply. {c.question} {c.guidance}" for c in criteria
        ),
        "keywords": "\n\n".join(
            f"## {c.id} {c.title}\n\n"
            + ", ".join(w for w in re.findall(r"[\w/%-]+", c.match) if w.lower() not in STOP)
            for c in criteria
        ),
        # One sentence filled, under every heading, with that question's own terms and figures.
        "moulded": "\n\n".join(
            f"## {c.id} {c.title}\n\nWe deliver {', '.join(terms[:4])} and {terms[4]} at "
            f"{90 + index % 10}% and {99 - index % 7}%."
            for index, c in enumerate(criteria)
            if len(terms := _terms(c.match)) >= 5
        ),
        "superlatives": "\n\n".join(
            f"## {c.id} {c.title}\n\nWe are a world-class, best-in-class, passionate partner "
            f"committed to excellence in {c.title.lower()}. Our industry-leading team delivers "
            "unmatched, seamless results. We strive to exceed every expectation."
            for c in criteria
        ),
    }


def _terms(text: str) -> list[str]:
    """The distinct words of ``text`` that are not in STOP, in order."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w-]+", text) if w.lower() not in STOP]
    return list(dict.fromkeys(words))


def _add(folder: Path, name: str, best_workbook: Path) -> Path:
    vendor = folder / "proposals" / name
    vendor.mkdir()
    workbook = load_workbook(best_workbook)
    for row in workbook[kit_layout.SHEET_RESPONDENT].iter_rows(min_row=2):
        if row[0].value == "Company name":
            row[1].value = name.title()
    workbook.save(vendor / kit_layout.WORKBOOK_FILE)
    return vendor


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("integrity")
    folder = next(f for f in create_projects(load_library(), root) if f.name == NAME)
    project = load_project(folder)
    project.output_dir.mkdir(parents=True, exist_ok=True)
    blank = project.output_dir / kit_layout.WORKBOOK_FILE
    write_workbook(project, blank)
    write_template(project, project.output_dir / kit_layout.TEMPLATE_FILE)
    write_sample_proposals(folder, project.spec.project.reference, blank)
    return folder


@pytest.fixture(scope="module")
def attacked(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> ScoreRun:
    folder = tmp_path_factory.mktemp("attacked") / NAME
    shutil.copytree(demo, folder)
    project = load_project(folder)
    best = folder / "proposals" / BEST / kit_layout.WORKBOOK_FILE
    for name, text in _proposals(project).items():
        (_add(folder, name, best) / "proposal.md").write_text(text, encoding="utf-8")
    template = project.output_dir / kit_layout.TEMPLATE_FILE
    shutil.copy(template, _add(folder, "blank-template", best) / "proposal.docx")
    return score_project(load_project(folder))


ADVERSARIES = ("Parrot", "Keywords", "Moulded", "Superlatives", "Blank-Template")


@pytest.mark.parametrize("adversary", ADVERSARIES)
def test_every_adversary_scores_below_every_genuine_qualified_vendor(
    attacked: ScoreRun, adversary: str
) -> None:
    totals = attacked.ranking["total"]
    qualified = [v for v in GENUINE if not attacked.ranking.loc[v, "disqualified"]]
    assert qualified == list(GENUINE)
    assert totals[adversary] < min(totals[v] for v in qualified) - 20


@pytest.mark.parametrize("adversary", ADVERSARIES)
def test_every_adversary_is_flagged(attacked: ScoreRun, adversary: str) -> None:
    flags = str(attacked.ranking.loc[adversary, "flags"])
    assert "restates the RFP's own text" in flags or "mostly statements that earn nothing" in flags
    for genuine in GENUINE:
        assert attacked.accounts[genuine].flags == []


def test_answers_poured_into_one_frame_are_set_aside_and_flagged(attacked: ScoreRun) -> None:
    account = attacked.accounts["Moulded"]
    questions = len(attacked.project.selection.criteria)
    # Where "deliver" is the question's own word, the frame keeps no word of the vendor's and
    # is let be (6 of 81 questions): the rest go.
    assert account.templated >= 0.9 * questions
    assert account.statements <= questions - account.templated
    assert any(flag.startswith(TEMPLATE_FLAG) for flag in account.flags)


def test_the_blank_template_claims_no_certification_in_its_text(attacked: ScoreRun) -> None:
    # Its workbook (the best bid's) declares certifications; its text claims none, although
    # the template prints "SEC-05 Payment card security (PCI DSS)" and asks about SOC 2.
    evidence = attacked.checks["Blank-Template"].certification_evidence
    assert evidence and all(line.startswith("workbook:") for line in evidence)


def test_no_quote_shown_as_evidence_is_the_buyers_text(attacked: ScoreRun) -> None:
    project = attacked.project
    published, _ = published_texts(project)
    buyer = echo.buyer_text(buyer_texts(project, published))
    quotes = [e.quote.rstrip(" …") for m in attacked.matches for e in m.evidence]
    assert len(quotes) > 500
    for quote in quotes:
        share = echo.own_text(quote, buyer).echo_share
        assert share < echo.SENTENCE_ECHO_SHARE, quote


def test_a_vendors_scores_do_not_depend_on_who_else_bid(demo: Path, attacked: ScoreRun) -> None:
    # Score the project again without two genuine vendors and without any adversary: every
    # remaining vendor's text matches, and so its automatic scores, are identical.
    folder = demo.parent / "fewer" / NAME
    shutil.copytree(demo, folder)
    for gone in ("quickserve-bpo", "atlas-nearshore"):
        shutil.rmtree(folder / "proposals" / gone)
    fewer = score_project(load_project(folder))
    by_key = {(m.vendor, m.criterion): m for m in attacked.matches}
    assert {m.vendor for m in fewer.matches} == set(GENUINE)
    for match in fewer.matches:
        assert match == by_key[(match.vendor, match.criterion)]
    # Every cell but price, whose points the RFP defines against the lowest qualifying bid.
    price = {wc.id for wc in fewer.project.selection.with_check("price")}
    cells = {(c.vendor, c.criterion): c for c in attacked.cells}
    compared = [c for c in fewer.cells if c.criterion not in price]
    assert len(compared) == 3 * (len(fewer.project.selection.criteria) - len(price))
    for cell in compared:
        assert cell == cells[(cell.vendor, cell.criterion)]


def test_a_near_copy_is_flagged_on_both_sides_and_earns_nothing_from_the_shared_text(
    demo: Path, tmp_path: Path
) -> None:
    import random

    from rfp.score import ingest
    from rfp.score.copying import COPY_FLAG
    from rfp.score.outputs import write_scores

    folder = tmp_path / NAME
    shutil.copytree(demo, folder)
    original = next((folder / "proposals" / BEST).glob("proposal.*"))
    words = ingest.read(original).text.split(" ")
    rng = random.Random(9)
    for index in rng.sample(range(len(words)), len(words) // 20):  # 5% of the words changed
        words[index] = "steady"
    best = folder / "proposals" / BEST / kit_layout.WORKBOOK_FILE
    (_add(folder, "near-copy", best) / "proposal.md").write_text(" ".join(words), "utf-8")
    run = score_project(load_project(folder))

    flags = run.ranking["flags"]
    assert f"{COPY_FLAG} Northstar CX Solutions" in str(flags["Near-Copy"])
    assert f"{COPY_FLAG} Near-Copy" in str(flags["Northstar CX Solutions"])
    assert run.shared and all(
        {p.vendor_a, p.vendor_b} == {"Near-Copy", "Northstar CX Solutions"} for p in run.shared
    )
    # The shared passages are evidence for neither vendor, so no quote comes from them.
    shared = {(p.passage_a.vendor, p.passage_a.index) for p in run.shared} | {
        (p.passage_b.vendor, p.passage_b.index) for p in run.shared
    }
    texts = [p.passage_a for p in run.shared] + [p.passage_b for p in run.shared]
    shared_texts = {(p.vendor, " ".join(p.text.split())) for p in texts}
    assert len(shared) >= 10
    for match in run.matches:
        for evidence in match.evidence:
            quote = evidence.quote.removesuffix(" …")
            assert not any(
                vendor == match.vendor and text.startswith(quote) for vendor, text in shared_texts
            )
    totals = {str(v): float(total) for v, total in run.ranking["total"].items()}
    others = [v for v in GENUINE if v != "Northstar CX Solutions"]
    assert totals["Near-Copy"] < min(totals[v] for v in others)
    workbook = load_workbook(write_scores(run).xlsx)
    assert workbook["Shared passages"].max_row == len(run.shared) + 1


def test_text_hidden_by_style_rules_pale_colour_or_a_covering_box_earns_nothing(
    demo: Path, tmp_path: Path
) -> None:
    """The best bid's text hidden four ways in an HTML proposal (a class set to display:none,
    the "screen reader only" clip, #eeeeee, a rule in @media) adds nothing to a one-line
    answer under every heading, and the proposal is flagged with what was set aside."""
    import html

    from rfp.score import ingest

    folder = tmp_path / NAME
    shutil.copytree(demo, folder)
    project = load_project(folder)
    original = next((folder / "proposals" / BEST).glob("proposal.*"))
    stolen = html.escape(ingest.read(original).text)
    answers = "".join(
        f"<h2>{c.id} {c.title}</h2><p>We will meet this requirement.</p>"
        for c in (wc.criterion for wc in project.selection.criteria)
    )
    hiding = (
        "<style>.a{display:none} .b{position:absolute;width:1px;height:1px;overflow:hidden;"
        "clip:rect(0 0 0 0)} .c{color:#eeeeee} @media screen{div.d{visibility:hidden}}</style>"
        + "".join(f'<div class="{kind}">{stolen}</div>' for kind in "abcd")
    )
    best = folder / "proposals" / BEST / kit_layout.WORKBOOK_FILE
    (_add(folder, "plain", best) / "proposal.html").write_text(answers, "utf-8")
    (_add(folder, "styled", best) / "proposal.html").write_text(hiding + answers, "utf-8")

    run = score_project(load_project(folder))

    totals = run.ranking["total"]
    assert totals["Styled"] == totals["Plain"]
    assert totals["Styled"] < min(totals[v] for v in GENUINE) - 20
    assert {(c.criterion, c.score) for c in run.cells if c.vendor == "Styled"} == {
        (c.criterion, c.score) for c in run.cells if c.vendor == "Plain"
    }
    styled = next(vendor for vendor in run.vendors if vendor.name == "Styled")
    [warning] = [w for w in styled.warnings if "hidden text" in w]
    assert "marked hidden" in warning and "white or too pale" in warning
