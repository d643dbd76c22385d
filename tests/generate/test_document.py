"""The RFP document and the response kit, checked through their extracted text and structure."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pypdfium2
import pytest

from rfp.core.calendar import describe_coverage, describe_days
from rfp.core.criteria import Library
from rfp.core.items import scored_items
from rfp.core.project import load_project
from rfp.core.render import render_html
from rfp.core.spec import Coverage
from rfp.generate.document import RFP_TEMPLATE, GeneratedFiles, build
from rfp.generate.starter import write_starter
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
        "7. Timeline and process",
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


def test_the_rfp_says_how_many_pricing_points_are_price(make_project: Callable[..., Path]) -> None:
    """Issue 12: "only about half of the pricing area's points are price" must be said plainly.
    Back office: pricing is 25 points over raw weights PRC-01 12, PRC-02 4, PRC-03 4, PRC-05 3,
    PRC-06 3 (26): PRC-01 is 25 x 12 / 26 = 11.5, the other four 13.5 (PRC-06 25 x 3 / 26 = 2.9)."""
    project = load_project(make_project("back"))
    text = " ".join(re.sub(r"<[^>]+>", " ", render_html(RFP_TEMPLATE, build(project))).split())
    assert "11.5 of the 100 points are the price formula below" in text
    assert "The pricing area's other 13.5 points are commercial terms" in text
    assert "PRC-06 Price stability, one-time costs and productivity commitments (2.9)" in text
    # Full coverage scales only what is priced per hour of cover (issue 12 review).
    assert "Only the part of its cost priced per hour of cover is scaled" in text
    assert "cost per unit of work + cost per hour of cover × full-coverage factor" in text


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


def test_the_rfp_prints_the_abnormally_low_floor(make_project: Callable[..., Path]) -> None:
    """The floor a price is asked to be justified below is the buyer's, and bidders see it."""
    folder = make_project("front")
    default = rfp_text(folder)
    assert "less than one USD per FTE-month of the work our volumes need" in default
    edit(folder, "  currency: USD", "  currency: USD\n  abnormally_low_per_fte_month: 1500")
    text = rfp_text(folder)
    assert "less than USD 1,500 per FTE-month of the work our volumes need" in text
    assert "does not set the lowest term cost others are measured by" in text


# --------------------------------------------------------------------------- by function (issue 11)


def rfp_text(folder: Path) -> str:
    """The RFP's HTML as plain text with single spaces, for checks by wording."""
    html = render_html(RFP_TEMPLATE, build(load_project(folder)))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def between(text: str, start: str, end: str) -> str:
    """The text from the last ``start`` (headings are in the contents too) to the next ``end``."""
    first = text.rindex(start)
    return text[first : text.index(end, first + len(start))]


def question(text: str, criterion_id: str) -> str:
    """One question's printed text in section 4, up to the next question id."""
    requirements = between(text, "4. Requirements", "5. Evaluation method")
    start = requirements.index(criterion_id)
    following = ID_PATTERN.search(requirements, start + len(criterion_id))
    return requirements[start : following.start() if following else None]


def test_scope_names_only_the_functions_bought(make_project: Callable[..., Path]) -> None:
    front = rfp_text(
        make_project("front", name="cs", functions=["customer_service", "technical_support"])
    )
    scope = between(front, "2.1 Services in scope", "2.2 Delivery requirements")
    assert "Customer service" in scope and "Technical support" in scope
    assert not re.search(r"\bsales\b", scope, re.IGNORECASE)
    back = rfp_text(
        make_project("back", name="fin", functions=["accounting_bookkeeping", "payroll"])
    )
    scope = between(back, "2.1 Services in scope", "2.2 Delivery requirements")
    assert "Payroll" in scope and "Accounting and bookkeeping" in scope
    for other in ("HR", "data", "IT", "procurement", "invoice"):
        assert not re.search(rf"\b{other}\b", scope), other


def test_uk_and_irish_payroll_rfp_names_their_payroll_law_not_the_us(
    make_project: Callable[..., Path],
) -> None:
    text = rfp_text(make_project("back", functions=["payroll"], countries=["GB", "IE"]))
    for term in (
        "PAYE",
        "Real Time Information",
        "auto-enrolment",
        "PRSI",
        "Universal Social Charge",
    ):
        assert term in text, term
    for term in ("FICA", "FUTA", "W-2", "Form 941", "TCPA"):
        assert term not in text, term
    kpis = between(text, "3. Service levels and KPIs", "4. Requirements")
    assert "Payroll paid on time 100%" in kpis
    assert "Tax filings and deposits on time 100%" in kpis


def test_kpi_table_offers_no_credits_on_handle_time_occupancy_or_nps(
    make_project: Callable[..., Path],
) -> None:
    kpis = between(rfp_text(make_project("front")), "3. Service levels and KPIs", "4. Requirements")
    for title in ("Average handle time (AHT)", "Occupancy", "Net Promoter Score (NPS)"):
        row = between(kpis, title, "Reported")
        assert "Service credit" not in row, title
    assert between(kpis, "Service level ", "Service credit")
    assert "in every interval of the covered hours (as question TZ-06 asks)" in kpis
    assert "assessed monthly. KPIs marked Reported" in kpis
    assert "top two boxes" not in kpis  # CSAT is one measure
    assert "Payroll paid on time" not in kpis  # no payroll in a contact-centre RFP


def test_back_office_kpis_have_no_duplicate_or_uncontrolled_service_levels(
    make_project: Callable[..., Path],
) -> None:
    kpis = between(rfp_text(make_project("back")), "3. Service levels and KPIs", "4. Requirements")
    assert "Accuracy rate" in kpis
    assert "Error rate" not in kpis  # restated accuracy
    assert "Cost per transaction" not in kpis  # a price, not a service level
    assert "Reported" in between(kpis, "Exception rate", "Payroll paid on time")


def test_volume_labels_keep_acronyms(make_project: Callable[..., Path]) -> None:
    volumes = between(rfp_text(make_project("back")), "2.3 Baseline volumes", "3. Service levels")
    assert "AP invoices" in volumes and "Ap invoices" not in volumes
    assert "±20%" in volumes  # the band PRC-01 scores against


def test_systems_are_printed_in_scope_and_under_technology_questions(
    make_project: Callable[..., Path],
) -> None:
    folder = make_project(
        "front", systems={"crm": "Salesforce Service Cloud", "telephony": "Genesys Cloud CX"}
    )
    text = rfp_text(folder)
    scope = between(text, "2.1 Services in scope", "2.2 Delivery requirements")
    assert "CRM Salesforce Service Cloud" in scope
    assert "Telephony / CCaaS Genesys Cloud CX" in scope
    assert "ERP" not in scope  # not named, not printed
    tec02 = question(text, "TEC-02")
    assert "The buyer's systems (CRM: Salesforce Service Cloud)" in tec02
    tec01 = question(text, "TEC-01")
    assert "Telephony / CCaaS: Genesys Cloud CX" in tec01


def test_no_systems_no_systems_table(make_project: Callable[..., Path]) -> None:
    text = rfp_text(make_project("front", systems={}))
    assert "The buyer's systems" not in text
    assert "The provider will work in the buyer's systems" not in text


def test_countries_served_are_printed_by_name(make_project: Callable[..., Path]) -> None:
    delivery = between(
        rfp_text(make_project("back", countries=["GB", "IE"])),
        "2.2 Delivery requirements",
        "2.3 Baseline volumes",
    )
    assert "Countries served United Kingdom, Ireland" in delivery


def all_stages(library: Library, folder: Path) -> Path:
    """The starter issued Monday 1 March 2027, with its commented-out stages (site visits,
    BAFO) and page limit switched on."""
    issued = {"issued": dt.date(2027, 3, 1)}
    spec_path = write_starter(library, folder, "front", ["customer_service"], issued)
    text = spec_path.read_text(encoding="utf-8")
    spec_path.write_text(
        text.replace("  # site_visits:", "  site_visits:")
        .replace("  # bafo:", "  bafo:")
        .replace("# process:\n#   page_limit: 60", "process:\n  page_limit: 45"),
        encoding="utf-8",
    )
    return folder


def test_timeline_prints_every_stage_given_in_order(library: Library, tmp_path: Path) -> None:
    """The starter's stage days (STAGE_DAYS) after 1 March 2027 give the dates below."""
    folder = all_stages(library, tmp_path)
    timeline = between(rfp_text(folder), "7.1 Timeline", "7.2 Process")
    expected = [
        "RFP issued 1 March 2027",
        "Intent to bid and NDA due 8 March 2027",
        "Written questions close 11 March 2027",
        "Answers published to all bidders 15 March 2027",
        "Proposals due 29 March 2027",
        "Shortlist announced 8 April 2027",
        "Oral presentations and demonstrations 15 April 2027",
        "Site visits 19 April 2027",
        "Reference checks 22 April 2027",
        "Best and final offers due 23 April 2027",
        "Decision and notification 26 April 2027",
        "Contract signature 10 May 2027",
        "Go-live 9 August 2027",
    ]
    positions = [timeline.index(row) for row in expected]
    assert positions == sorted(positions)


def test_process_rules_and_scored_stages_are_printed(library: Library, tmp_path: Path) -> None:
    text = rfp_text(all_stages(library, tmp_path))
    process = between(text, "7.2 Process", "8. Submission instructions")
    assert "Intent to bid. Tell Jordan Lee in writing by 8 March 2027" in process
    assert "non-disclosure agreement" in process
    assert "by 11 March 2027. Answers are published to every bidder by 15 March 2027" in process
    assert "do not discuss this RFP with anyone at" in process
    assert "may run to at most 45 pages" in process
    stages = between(text, "5.6 Evaluation stages", "6. Pricing instructions")
    assert "Only the written proposal is scored" in stages
    assert "(told by 8 April 2027)" in stages
    assert (
        "invited to oral presentations or demonstrations, visits to their delivery sites and "
        "calls to their references" in stages
    )
    assert "carry no points of their own" in stages
    assert "best and final offer by 23 April 2027" in stages


def test_without_later_stages_the_rfp_promises_none(make_project: Callable[..., Path]) -> None:
    """Only the four original dates: no stage rows, no page limit, no intent-to-bid date."""
    folder = make_project("front")
    spec_path = folder / "rfp.yaml"
    optional = tuple(
        f"  {key}:"
        for key in [
            *("intent_to_bid", "answers_published", "shortlist", "orals"),
            *("reference_checks", "contract_signature", "go_live"),
        ]
    )
    lines = spec_path.read_text(encoding="utf-8").splitlines()
    spec_path.write_text(
        "\n".join(line for line in lines if not line.startswith(optional)) + "\n",
        encoding="utf-8",
    )
    text = rfp_text(folder)
    timeline = between(text, "7.1 Timeline", "7.2 Process")
    for title in ("Intent to bid", "Shortlist", "Oral", "Site visits", "Go-live", "Contract"):
        assert title not in timeline, title
    stages = between(text, "5.6 Evaluation stages", "6. Pricing instructions")
    assert "No presentations, site visits or reference calls are planned" in stages
    assert "best and final offer" not in stages
    process = between(text, "7.2 Process", "8. Submission instructions")
    assert "as soon as you decide" in process
    assert "pages" not in process


# --------------------------------------------------------------------------- layout (issue 11)

ITEM_HEAD = re.compile(
    r'<div class="requirement( group| member)?" id="q-([A-Z]+-G?\d+)">\s*<div class="head">'
    r'.*?<span class="pts">([^<]+)</span>',
    re.DOTALL,
)


@pytest.mark.parametrize("office", ["front", "back", "hybrid"])
def test_printed_items_are_worth_half_a_point_or_more_and_add_up_to_100(
    generated: dict[str, GeneratedFiles], office: str
) -> None:
    """Read back from the HTML as printed: items carry "N pts", a group's questions "n of N"."""
    selection = load_project(generated[office].pdf.parent.parent).selection
    html = generated[office].html.read_text(encoding="utf-8")
    items: dict[str, float] = {}
    members: dict[str, list[tuple[str, float, float]]] = {}
    group = ""
    for kind, item_id, printed in ITEM_HEAD.findall(html):
        if kind == " member":
            share = re.fullmatch(r"(\d+\.\d\d) of (\d+\.\d\d)", printed)
            assert share, printed
            members.setdefault(group, []).append((item_id, float(share[1]), float(share[2])))
            continue
        items[item_id] = float(printed.removesuffix(" pts"))
        group = item_id if kind == " group" else ""
    assert min(items.values()) >= 0.5, items
    assert round(sum(items.values()), 6) == 100.0
    for group_id, shares in members.items():
        assert group_id.endswith("-G1") and len(shares) >= 2
        assert round(sum(share for _, share, _ in shares), 6) == items[group_id]
        assert {of for _, _, of in shares} == {items[group_id]}
    printed_ids = [i for i in items if "-G" not in i] + [
        m for s in members.values() for m, _, _ in s
    ]
    assert sorted(printed_ids) == sorted(wc.id for wc in selection.criteria)
    if office == "hybrid":  # 96 questions: several areas have questions under half a point
        assert len(members) >= 2


def test_the_evaluation_method_names_each_group_and_how_it_is_scored(
    generated: dict[str, GeneratedFiles],
) -> None:
    folder = generated["hybrid"].pdf.parent.parent
    project = load_project(folder)
    text = rfp_text(folder)
    weights = between(text, "5.1 Weights", "5.2 Scoring scale")
    groups = [item for area in project.selection.areas for item in scored_items(area) if item.group]
    assert groups
    for item in groups:
        assert f"{item.id} ({', '.join(item.member_ids)}; {item.points:.2f} points)" in weights
    assert "No question worth less than 0.5 points is a scored item of its own" in weights
    assert "scored 0 to 5 against its own rubric" in weights
    rubrics = text[text.rindex("Appendix A. Scoring rubrics") :]
    first = groups[0].member_ids[0]
    assert f"{first} {groups[0].members[0].criterion.title} (in {groups[0].id})" in rubrics


def page_fill(pdf: Path) -> list[float]:
    """How far down each page its text reaches, as a share of the area inside the margins
    (22 mm top, 20 mm bottom in style.css): 1.0 is a full page, 0.1 a page with a line or two."""
    mm = 72 / 25.4
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        fills = []
        for index in range(len(document)):
            page = document[index]
            top, bottom = page.get_height() - 22 * mm, 20 * mm
            text = page.get_textpage()
            boxes = [text.get_rect(i) for i in range(text.count_rects())]
            lows = [box[1] for box in boxes if box[1] > bottom - 1 and box[3] < top + 1]
            fills.append((top - min(lows, default=top)) / (top - bottom))
        return fills
    finally:
        document.close()


@pytest.mark.parametrize("office", ["front", "back", "hybrid"])
def test_no_page_but_the_last_is_mostly_empty(
    generated: dict[str, GeneratedFiles], office: str
) -> None:
    """Before sections 2, 3 and 5 to 8 ran on, a spilled table or two bullets before a forced
    break left pages a sixth to two fifths full (hybrid page 5: 0.15)."""
    fills = page_fill(generated[office].pdf)
    inner = fills[1:-1]  # the cover has no text inside the margins; the last page ends the text
    assert len(inner) > 30
    assert min(inner) >= 0.5, [(page, round(f, 2)) for page, f in enumerate(fills, 1) if f < 0.5]


def test_scored_stages_print_their_shares_items_and_the_final_total(
    library: Library, tmp_path: Path
) -> None:
    """Orals 20% and reference checks 10%: the written proposal keeps 70%; site visits, with a
    date but no weight, keep today's wording; 5.1 says what the 100 points are worth."""
    folder = all_stages(library, tmp_path)
    spec_path = folder / "rfp.yaml"
    text = spec_path.read_text(encoding="utf-8")
    spec_path.write_text(
        text.replace(
            "  knockout_below: 2\n",
            "  knockout_below: 2\n  stages: {orals: 20, reference_checks: 10, site_visits: 0}\n",
        ),
        encoding="utf-8",
    )
    text = rfp_text(folder)
    weights = between(text, "5.1 Weights", "5.2 Scoring scale")
    assert "These 100 points make up 70% of the final total" in weights
    stages = between(text, "5.6 Evaluation stages", "6. Pricing instructions")
    assert "makes up 70% of the final total" in stages
    assert "Only the written proposal is scored" not in stages
    assert (
        "Oral presentations and demonstrations 15 April 2027 ORL-01 Understanding of our "
        "operation (20.0); ORL-02" in stages
    )
    assert "ORL-04 Answers to our scenarios (30.0)" in stages
    assert "REF-04 Would hire again (20.0) 10%" in stages
    assert (
        "Final total = written points × 70% + oral presentations and demonstrations score × 20% "
        "+ reference checks score × 10%" in stages
    )
    assert "ranks below every shortlisted one" in stages
    assert "never scored 0" in stages
    assert "invited to visits to their delivery sites" in stages
    assert "carry no points of their own" in stages
    rubrics = text[text.index("Appendix A. Scoring rubrics", text.index("5.6 Evaluation")) :]
    assert "ORL-02 The proposed team, met in person" in rubrics
    assert "REF-04 Would hire again" in rubrics
    assert "SIT-01" not in rubrics


def test_rfps_for_other_functions_ask_their_own_questions(
    make_project: Callable[..., Path],
) -> None:
    """Issue 11: a recruitment and IT support buyer is asked about time to fill, right to work,
    ITIL and priority-1 resolution, not about supplier invoices; a chat and social buyer about
    concurrency and social response times, not about telemarketing law."""
    back = rfp_text(make_project("back", name="it", functions=["recruitment", "it_support"]))
    for term in ("time to fill", "right to work", "applicant tracking system", "ITIL",
                 "priority 1 incidents resolved"):  # fmt: skip
        assert term in back, term
    for term in ("three-way", "Payment-run calendar", "FICA"):
        assert term not in back, term
    front = rfp_text(make_project("front", name="chat", functions=["live_chat_social_media"]))
    assert "chats an agent handles at once" in question(front, "SLA-14")
    assert "Committed attrition ceiling" in front and "Billable training" in front
    for term in ("TCPA", "Do-Not-Call", "RMA"):
        assert term not in front, term


def test_the_rfp_says_whose_productive_hours_price_the_fte_lines(
    make_project: Callable[..., Path],
) -> None:
    """Issue 11: the method printed is the one applied; the vendor's productive hours per
    FTE-month, with the default and the plausible range, are stated in section 5.3."""
    text = rfp_text(make_project("front"))
    method = between(text, "5.3 How price is scored", "Price points =")
    assert "A per-hour line with your FTE bills your FTE × 12 × the productive hours" in method
    assert "and the floor on FTE, always use 112 hours, whatever is stated" in method
    assert "Left blank, 112 hours (160 paid hours less 30% shrinkage) are used" in method
    assert "a figure outside 80–176 is not used" in method
    per_unit = rfp_text(
        make_project(
            "back", name="units", pricing={"currency": "USD", "models": ["per_transaction"]}
        )
    )
    assert "productive hours per FTE-month you state" not in per_unit
