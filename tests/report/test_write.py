"""The written shortlist: content in rank order, knockouts, escaping, and nothing fetched."""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

import pytest
from markupsafe import escape
from openpyxl import load_workbook

from rfp.core import render
from rfp.core.project import load_project
from rfp.report.context import build, input_digest
from rfp.report.write import REPORT_TEMPLATE, write_report
from rfp.score.audit import build_record
from rfp.score.pipeline import score_project
from tests.conftest import pdf_text

HOSTILE = '<script>alert(1)</script> <img src="file:///etc/passwd"> Ltd'


def declare_name(vendor_folder: Path, name: str) -> None:
    """Type a company name into the returned workbook's Respondent sheet, as a vendor would."""
    target = vendor_folder / "response-workbook.xlsx"
    workbook = load_workbook(target)
    workbook["Respondent"].cell(row=2, column=2, value=name)
    workbook.save(target)


def test_report_lists_vendors_in_rank_order_with_knockouts(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    files = write_report(run, top=2)
    text = pdf_text(files.pdf)
    flat = " ".join(text.split())
    ranking_page = flat[flat.index("Ranking Points out of 100") :]
    positions = [ranking_page.index(str(vendor)) for vendor in run.ranking.index]
    assert positions == sorted(positions)
    for _vendor, row in run.ranking.iterrows():
        if row["disqualified"]:
            first_reason = str(row["reason"]).split("; ")[0]
            assert " ".join(first_reason.split())[:40] in flat, first_reason
    assert "Executive summary" in flat and "How sure is this?" in flat
    assert "Appendix: methodology" in flat
    assert "Input fingerprint" in flat and input_digest(build_record(run).inputs) in flat
    html = files.html.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Executive summary" in html


def test_hostile_vendor_name_is_text_and_nothing_is_fetched(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    declare_name(scored_project / "proposals" / "Priced Partners", HOSTILE)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the report renderer tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    run = score_project(load_project(scored_project))
    assert HOSTILE in [str(v) for v in run.ranking.index]
    files = write_report(run, top=3)
    html = files.html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    flat = "".join(pdf_text(files.pdf).split())
    assert "".join(HOSTILE.split()) in flat  # printed literally, as text


def test_confidence_section_shows_the_three_draws_and_what_would_change_it(
    scored_project: Path,
) -> None:
    scored = score_project(load_project(scored_project))
    # The fixture's vendors all fail a mandatory criterion; let them through to get a section.
    run = dataclasses.replace(scored, ranking=scored.ranking.assign(disqualified=False))
    context = build(run, top=2)
    html = " ".join(render.render_html(REPORT_TEMPLATE, context).split())
    section = html[html.index("How sure is the ranking?") :]
    assert context["confidence"] in section
    assert "weights</th>" in section and "scores</th>" in section and "both</th>" in section
    leader = context["p_first"][0]
    both = f"{round(leader['first'][2] * 100, 1)}%"
    assert f"<td>{leader['name']}</td>" in section and both in section
    assert "What would change the decision:" in section
    assert str(escape(context["decision"])) in section
    assert "Cross-check with TOPSIS:" in section
    # No evaluator sheets: the text does not claim evaluators' spread was used.
    assert "evaluators' scores where people scored it" not in section


def test_the_method_says_which_pricing_points_are_price_and_what_coverage_scales(
    scored_project: Path,
) -> None:
    """Issue 12: front office pricing is 20 points over raw weights PRC-01 12, PRC-02 4,
    PRC-04 3, PRC-05 3, PRC-06 3 (25): PRC-01 is 20 x 12 / 25 = 9.6, the other four 10.4."""
    run = score_project(load_project(scored_project))
    html = " ".join(render.render_html(REPORT_TEMPLATE, build(run, top=2)).split())
    assert "Price points = lowest qualifying term cost ÷ the vendor's term cost × 9.6." in html
    assert (
        "The pricing area's other 10.4 points are commercial terms scored from the text like "
        "any other question (PRC-02, PRC-04, PRC-05, PRC-06), not from the price."
    ) in html
    assert "work priced per unit at the baseline volumes already pays for every hour" in html
