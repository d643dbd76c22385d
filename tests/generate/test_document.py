"""The RFP document and the response kit, checked through their extracted text and structure."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from rfp.core.calendar import describe_coverage, describe_days
from rfp.core.criteria import Library
from rfp.core.project import load_project
from rfp.core.render import render_html
from rfp.core.spec import Coverage
from rfp.generate.document import RFP_TEMPLATE, GeneratedFiles, build
from tests.conftest import pdf_text
from tests.factories import edit

ID_PATTERN = re.compile(r"\b[A-Z]{2,4}-\d{2}\b")


def ids_by_scope(library: Library, *scopes: str) -> set[str]:
    return {c.id for c in library.criteria.values() if c.applies_to in scopes}


@pytest.mark.parametrize(
    ("office", "present", "absent"),
    [("front", ("front", "both"), ("back",)), ("back", ("back", "both"), ("front",)), ("hybrid", ("front", "back", "both"), ())],
)  # fmt: skip
def test_pdf_holds_exactly_the_office_question_ids(
    generated: dict[str, GeneratedFiles],
    library: Library,
    office: str,
    present: tuple[str, ...],
    absent: tuple[str, ...],
) -> None:
    spec = load_project(generated[office].pdf.parent.parent).spec
    text = pdf_text(generated[office].pdf)
    printed = set(ID_PATTERN.findall(text)) & set(library.criteria)
    selected = {c.id for c in library.for_spec(spec)}
    assert printed == selected
    assert selected <= ids_by_scope(library, *present)
    assert not (ids_by_scope(library, *absent) & printed)


@pytest.mark.parametrize("office", ["front", "back", "hybrid"])
def test_printed_weights_sum_to_100_and_match_configuration(
    generated: dict[str, GeneratedFiles], office: str
) -> None:
    project = load_project(generated[office].pdf.parent.parent)
    text = pdf_text(generated[office].pdf)
    section = text[text.index("5.1 Weights") : text.index("5.2 Scoring scale")]
    printed: dict[str, float] = {}
    for area in project.selection.areas:
        match = re.search(re.escape(area.area.title) + r"\s+(\d+)\s+(\d+\.\d)", section)
        assert match, area.area.title
        assert int(match.group(1)) == len(area.criteria)
        printed[area.id] = float(match.group(2))
    assert round(sum(printed.values()), 6) == 100.0
    assert re.search(r"Total\s+\d+\s+100\.0", section)
    # The configuration's raw weights, normalised by hand here, agree with what is printed.
    raw = {area.id: area.raw_weight for area in project.selection.areas}
    total = sum(raw.values())
    for area_id, points in printed.items():
        assert abs(points - 100 * raw[area_id] / total) <= 0.1
    assert printed == project.selection.area_points


def test_pdf_has_every_section_and_mandatory_marks(generated: dict[str, GeneratedFiles]) -> None:
    text = pdf_text(generated["front"].pdf)
    for heading in (
        "Contents",
        "2. Background and scope",
        "2.3 Baseline volumes",
        "3. Service levels and KPIs",
        "4. Requirements",
        "5. Evaluation method",
        "5.3 How price is scored",
        "5.4 Knockouts",
        "6. Pricing instructions",
        "7. Timeline",
        "8. Submission instructions",
        "response-template.docx",
        "response-workbook.xlsx",
    ):
        assert heading in text, heading
    assert "Voice" in text and "42,000" in text  # starter volumes in the baseline table
    assert "80% of contacts answered within 20 seconds" in text or "80%" in text
    assert text.count("MANDATORY") >= 5
    assert re.search(r"Page \d+ of \d+", text)


def test_pdf_is_tagged_with_embedded_fonts_and_language(
    generated: dict[str, GeneratedFiles],
) -> None:
    pdf = str(generated["front"].pdf)
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+Customer contact centre services", info, re.MULTILINE)
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    assert all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column
    html = generated["front"].html.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "<style>" in html and 'href="style.css"' not in html  # self-contained HTML


def test_days_and_coverage_in_words() -> None:
    assert describe_days(["mon", "tue", "wed", "thu", "fri"]) == "Monday to Friday"
    assert describe_days(["sat", "mon"]) == "Monday, Saturday"
    window = Coverage.model_validate(
        {"days": ["mon", "tue", "wed"], "start": "22:00", "end": "06:00"}
    )
    assert describe_coverage(window) == "Monday to Wednesday, 22:00–06:00"
    assert window.hours_per_week == 24.0  # 8 hours across midnight, 3 days


def test_the_rfp_prints_the_rules_in_force(make_project: Callable[..., Path]) -> None:
    from rfp.core.render import render_html
    from rfp.generate.document import build

    folder = make_project("back", rules={"missing_workbook": "disqualify"})
    html = " ".join(render_html("rfp.html.j2", build(load_project(folder))).split())
    assert (
        "<li>A proposal without the completed response workbook: <strong>disqualifies</strong>."
        in html
    )
    assert "<li>A proposal with no usable price: to be confirmed.</li>" in html
    assert "is <strong>to be confirmed</strong>, not a knockout" in html


def test_the_rfp_prints_exchange_rates_and_the_number_format_field(
    make_project: Callable[..., Path],
) -> None:
    folder = make_project("front")
    edit(folder, "  currency: USD", "  currency: USD\n  exchange_rates: {EUR: 1.08, GBP: 1.27}")
    html = render_html(RFP_TEMPLATE, build(load_project(folder)))
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "converted at these rates" in text
    assert "1&nbsp;EUR = 1.08&nbsp;USD; 1&nbsp;GBP = 1.27&nbsp;USD." in text
    assert "the number format of any number you type as text" in text
    assert "Greek" not in text and "English (en)" in text
