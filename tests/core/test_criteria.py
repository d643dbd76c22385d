"""The criteria library and how it is selected and weighted."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from rfp.core.criteria import Library, apportion, load_library, select
from rfp.core.spec import Spec, load_spec
from rfp.errors import ConfigError

# The built-in areas in their documented order: each area file's ``order`` key.
AREA_IDS: tuple[str, ...] = (
    "security", "quality_control", "cultural_fit", "compliance", "language", "time_zone",
    "pricing", "service_levels", "business_continuity", "technology", "workforce",
    "transition", "experience",
)  # fmt: skip


def test_library_has_exactly_the_thirteen_areas(library: Library) -> None:
    assert tuple(library.areas) == AREA_IDS
    assert set(AREA_IDS) == {
        "security", "quality_control", "cultural_fit", "compliance", "language", "time_zone",
        "pricing", "service_levels", "business_continuity", "technology", "workforce",
        "transition", "experience",
    }  # fmt: skip


def test_library_size_and_office_split(library: Library) -> None:
    per_area = Counter(c.area for c in library.criteria.values())
    assert min(per_area[a] for a in AREA_IDS) >= 4
    assert len(library.criteria) >= 60
    scope = Counter(c.applies_to for c in library.criteria.values())
    assert scope["front"] >= 8
    assert scope["back"] >= 8


def test_every_criterion_is_complete(library: Library) -> None:
    for criterion in library.criteria.values():
        assert criterion.id.split("-")[0].isupper()
        assert criterion.question and criterion.guidance and criterion.match, criterion.id
        assert list(criterion.rubric) == [0, 1, 2, 3, 4, 5], criterion.id
        assert criterion.weight > 0, criterion.id


def test_front_and_back_really_differ(library: Library) -> None:
    front = " ".join(
        c.match + c.question for c in library.criteria.values() if c.applies_to == "front"
    )
    back = " ".join(
        c.match + c.question for c in library.criteria.values() if c.applies_to == "back"
    )
    for term in ("service level", "AHT", "FCR", "CSAT", "NPS", "calibration", "PCI DSS"):
        assert term.lower() in front.lower(), term
    for term in ("accuracy", "turnaround", "per transaction", "segregation of duties", "payroll"):
        assert term.lower() in back.lower(), term


def test_exactly_one_price_check_and_structured_checks_exist(library: Library) -> None:
    checks = Counter(c.check.type for c in library.criteria.values() if c.check)
    assert checks["price"] == 1
    assert checks["certifications"] >= 1 and checks["languages"] >= 1 and checks["time_zone"] >= 1


def test_office_profiles_weight_every_area(library: Library) -> None:
    for office in ("front", "back", "hybrid"):
        weights = library.offices[office].weights
        assert set(weights) == set(AREA_IDS)
    front, back = library.offices["front"].weights, library.offices["back"].weights
    assert front["language"] > back["language"]
    assert front["cultural_fit"] > back["cultural_fit"]
    assert back["compliance"] > front["compliance"]
    assert back["pricing"] > front["pricing"]


def test_apportion_worked_by_hand() -> None:
    # 1:1:1 of 100 in steps of 0.1: quotas 333.33 units each, floors 333+333+333 = 999,
    # the one leftover unit goes to the first key on the tie: 33.4, 33.3, 33.3.
    assert apportion({"a": 1, "b": 1, "c": 1}, 100, 0.1) == {"a": 33.4, "b": 33.3, "c": 33.3}
    # 2:1 of 10 in steps of 0.01: 666.67 and 333.33 units -> 667 and 333 -> 6.67 and 3.33.
    assert apportion({"x": 2, "y": 1}, 10, 0.01) == {"x": 6.67, "y": 3.33}
    assert apportion({"x": 0, "y": 0}, 10, 0.01) == {"x": 0.0, "y": 0.0}


@pytest.mark.parametrize("office", ["front", "back", "hybrid"])
def test_selection_points_add_up(office: str, make_project, library: Library) -> None:  # type: ignore[no-untyped-def]
    folder: Path = make_project(office)
    spec, _ = load_spec(folder / "rfp.yaml", library.context())
    selection = select(library, spec)
    assert round(sum(selection.area_points.values()), 6) == 100.0
    for area in selection.areas:
        assert round(sum(wc.points for wc in area.criteria), 6) == area.points
    ids = {wc.id for wc in selection.criteria}
    if office == "front":
        assert not any(library.criteria[i].applies_to == "back" for i in ids)
    if office == "back":
        assert not any(library.criteria[i].applies_to == "front" for i in ids)
    if office == "hybrid":  # both offices' questions, for the functions and countries in scope
        assert ids == {c.id for c in library.for_spec(spec)}
        assert {"CMP-01", "SLA-01", "SLA-05"} <= ids


def test_overrides_include_exclude_and_weights(make_project, library: Library) -> None:  # type: ignore[no-untyped-def]
    back_only = next(c.id for c in library.criteria.values() if c.applies_to == "back")
    folder: Path = make_project(
        "front",
        criteria={"include": [back_only], "exclude": ["SEC-02"], "weights": {"SEC-03": 0}},
        weights={"security": 20, "pricing": 0},
    )
    spec: Spec = load_spec(folder / "rfp.yaml", library.context())[0]
    selection = select(library, spec)
    by_id = selection.by_id()
    assert back_only in by_id
    assert "SEC-02" not in by_id
    assert by_id["SEC-03"].points == 0
    assert selection.area_points["pricing"] == 0


def test_override_folder_replaces_an_area_file(tmp_path: Path, library: Library) -> None:
    source = library.sources["SEC-01"].read_text(encoding="utf-8")
    (tmp_path / "security.yaml").write_text(
        source.replace("title: Information security", "title: Cyber security"), encoding="utf-8"
    )
    overridden = load_library(tmp_path)
    assert overridden.areas["security"].title.startswith("Cyber security")
    assert overridden.sources["SEC-01"] == tmp_path / "security.yaml"


def test_broken_override_files_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "security.yaml").write_text("schema_version: 1\narea: [\n", encoding="utf-8")
    (tmp_path / "pricing.yaml").write_text(
        "schema_version: 1\narea: {id: pricing, title: P}\ncriteria:\n"
        "  - {id: PRC-01, title: T, question: Q, rubric: {0: a}}\n",
        encoding="utf-8",
    )
    (tmp_path / "extras.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_library(tmp_path)
    text = str(caught.value)
    assert "security.yaml:3" in text and "malformed YAML" in text
    assert "pricing.yaml:4: criteria[0].rubric" in text and "missing level(s) 1, 2, 3, 4, 5" in text
    assert "extras.yaml" in text


def test_area_facts_come_from_the_area_files(library: Library) -> None:
    assert library.area_ids == AREA_IDS
    assert library.pricing_area == "pricing"
    assert [area.id for area in library.areas.values() if area.pricing] == ["pricing"]
    assert library.areas["pricing"].short_title == "Price"
    assert library.areas["business_continuity"].short_title == "BCP"
    assert [library.areas[a].order for a in AREA_IDS] == list(range(1, 14))


def test_short_title_defaults_to_the_title(tmp_path: Path, library: Library) -> None:
    source = library.sources["SEC-01"].read_text(encoding="utf-8")
    assert "  short_title: Security\n" in source
    (tmp_path / "security.yaml").write_text(
        source.replace("  short_title: Security\n", ""), encoding="utf-8"
    )
    area = load_library(tmp_path).areas["security"]
    assert area.short_title == area.title == "Information security and data protection"


def test_pricing_flag_and_order_come_from_yaml(tmp_path: Path, library: Library) -> None:
    pricing = library.sources["PRC-01"].read_text(encoding="utf-8")
    security = library.sources["SEC-01"].read_text(encoding="utf-8")
    (tmp_path / "pricing.yaml").write_text(
        pricing.replace("  pricing: true\n", ""), encoding="utf-8"
    )
    (tmp_path / "security.yaml").write_text(
        security.replace("  order: 1\n", "  order: 99\n  pricing: true\n"), encoding="utf-8"
    )
    overridden = load_library(tmp_path)
    assert overridden.pricing_area == "security"
    assert overridden.area_ids == (*AREA_IDS[1:], "security")
    assert list(overridden.criteria)[-1].startswith("SEC-")


def test_two_pricing_areas_are_a_located_problem(tmp_path: Path, library: Library) -> None:
    security = library.sources["SEC-01"].read_text(encoding="utf-8")
    (tmp_path / "security.yaml").write_text(
        security.replace("  order: 1\n", "  order: 1\n  pricing: true\n"), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_library(tmp_path)
    text = str(caught.value)
    assert "1 problem found" in text
    assert "pricing.yaml:7: area.pricing: only one area can be the pricing area; 'security'" in text


NEW_AREA = """\
schema_version: 1
area:
  id: sustainability
  title: Sustainability and social value
  order: 8
  description: How the vendor reduces its footprint.
criteria:
  - id: SUS-01
    title: Carbon reporting
    question: Describe how you measure and reduce the carbon footprint of the service.
    guidance: Scope 1-3 figures and targets.
    match: carbon footprint scope emissions reduction targets
    rubric: {0: none, 1: poor, 2: weak, 3: adequate, 4: good, 5: excellent}
"""


def test_an_extra_area_file_becomes_an_area_without_code(
    tmp_path: Path, make_project: Callable[..., Path], library: Library
) -> None:
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    (criteria / "sustainability.yaml").write_text(NEW_AREA, encoding="utf-8")
    offices = (library.sources["SEC-01"].parent / "offices.yaml").read_text(encoding="utf-8")
    weighted = offices.replace("      experience: ", "      sustainability: 5\n      experience: ")
    assert weighted.count("sustainability: 5") == 3
    (criteria / "offices.yaml").write_text(weighted, encoding="utf-8")

    extended = load_library(criteria)
    ids = extended.area_ids
    # order 8 ties with service_levels; a tie goes by id, so it comes right after it.
    assert ids == (*AREA_IDS[:8], "sustainability", *AREA_IDS[8:])
    assert extended.areas["sustainability"].short_title == "Sustainability and social value"
    assert extended.criteria["SUS-01"].area == "sustainability"
    assert extended.sources["SUS-01"] == criteria / "sustainability.yaml"
    assert extended.pricing_area == "pricing"

    spec, _ = load_spec(make_project("front") / "rfp.yaml", extended.context())
    selection = select(extended, spec)
    assert [area.id for area in selection.areas] == list(ids)
    assert selection.by_id()["SUS-01"].points > 0
    assert round(sum(selection.area_points.values()), 6) == 100.0
    assert selection.pricing_area == "pricing"


def test_an_extra_area_needs_weights_in_every_office_profile(tmp_path: Path) -> None:
    (tmp_path / "sustainability.yaml").write_text(NEW_AREA, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_library(tmp_path)
    text = str(caught.value)
    assert text.count("no weight for area 'sustainability'") == 3


# --------------------------------------------------------------------------- expects

NUMBER_WORDS = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"


def names_a_number(text: str) -> bool:
    """A digit or a number word, not counting "As 3" (a reference to the level below)."""
    text = re.sub(r"\bAs [345]\b", "", text)
    return re.search(rf"\d|\b({NUMBER_WORDS})\b", text, re.IGNORECASE) is not None


def test_every_rubric_that_names_a_number_has_expects(library: Library) -> None:
    naming = [
        c.id
        for c in library.criteria.values()
        if names_a_number(" ".join(c.rubric[level] for level in (3, 4, 5)))
    ]
    # 41 before issue 11, plus the 10 new ones that name a form, a deadline or a period, plus
    # 10 of the function-specific and must-ask questions added after them
    assert len(naming) == 61
    assert [c for c in naming if not library.criteria[c].expects] == []
    # SLA-01 names four facts at level 3 (80, 20 s, 30 s, 5%), measurement by interval and
    # daily at level 4 (a mention: the rubric's words, no number) and 12 months at level 5.
    assert [(e.level, e.kind) for e in library.criteria["SLA-01"].expects] == [
        (3, "percent"), (3, "duration"), (3, "duration"), (3, "percent"), (4, "mention"),
        (5, "duration"),
    ]  # fmt: skip
    assert sum(len(c.expects) for c in library.criteria.values()) == 111  # 74 + 16 + 21 (issue 11)


def test_every_bound_is_a_number_its_rubric_level_names(library: Library) -> None:
    words = NUMBER_WORDS.split("|")
    for criterion in library.criteria.values():
        for fact in criterion.expects:
            text = criterion.rubric[fact.level]
            if fact.kind == "mention":
                assert fact.at_least is None and fact.at_most is None, criterion.id
                continue
            bound = fact.at_least if fact.at_least is not None else fact.at_most
            assert bound is not None
            forms = [f"{bound:g}"] + (
                [words[int(bound)]] if bound.is_integer() and bound < 13 else []
            )
            assert any(
                re.search(rf"(?<![\d.]){re.escape(form)}(?!\d)", text, re.IGNORECASE)
                for form in forms
            ), (criterion.id, fact.level, bound)


BAD_EXPECTS = """\
    expects:
      - level: 4
        fact: notice within a day
        kind: duration
        near: [notif]
        at_most: 24
        example: We notify within 24 hours.
      - level: 6
        fact: a standard
        kind: mention
        pattern: 'ISO(27001'
        example: ISO 27001.
      - level: 3
        fact: abandon under 5%
        kind: percent
        near: [abandon, '(']
        at_most: 5
        example: Abandon under 5%.
      - level: 3
        fact: a count
        kind: number
        at_least: 3
        example: Three.
"""


def test_bad_expects_are_located_by_file_line_and_key(tmp_path: Path, library: Library) -> None:
    source = library.sources["SEC-01"].read_text(encoding="utf-8")
    text = source.replace("  - id: SEC-08\n", BAD_EXPECTS + "  - id: SEC-08\n")
    (tmp_path / "security.yaml").write_text(text, encoding="utf-8")
    lines = text.splitlines()
    # the 1-based line of "expects:"; the entries' keys follow it line by line
    first = lines.index("    expects:", lines.index("  - id: SEC-07")) + 1

    with pytest.raises(ConfigError) as caught:
        load_library(tmp_path)
    assert [str(p).split("security.yaml", 1)[1] for p in caught.value.problems] == [
        f":{first + 1}: criteria[6].expects[0]: a duration needs a unit",
        f":{first + 7}: criteria[6].expects[1].level: Input should be less than or equal to 5",
        f":{first + 10}: criteria[6].expects[1].pattern: 'ISO(27001' is not a valid regular "
        "expression: missing ), unterminated subpattern at position 3",
        f":{first + 15}: criteria[6].expects[2].near[1]: '(' is not a valid regular expression: "
        "missing ), unterminated subpattern at position 0",
        f":{first + 18}: criteria[6].expects[3]: a number fact needs near words, so a value "
        "counts only in a sentence about it",
    ]


# --------------------------------------------------------------------------- by function (issue 11)

FRONT_MUST_ASK = {
    "SLA-08", "TEC-09", "SEC-09", "WF-10", "QC-07", "CMP-09", "TEC-10", "WF-11", "TEC-13",
}  # fmt: skip
PAYROLL_QUESTIONS = {"CMP-05", "CMP-17", "CMP-18", "SLA-09", "SLA-10", "TZ-07", "TEC-11"}
COUNTRY_PAYROLL = {"US": "CMP-10", "GB": "CMP-11", "IE": "CMP-12", "CA": "CMP-13"}


def selected_ids(
    make_project: Callable[..., Path], library: Library, office: str, **changes: object
) -> set[str]:
    spec, _ = load_spec(make_project(office, **changes) / "rfp.yaml", library.context())
    return {wc.id for wc in select(library, spec).criteria}


def test_inbound_service_buyer_is_not_asked_about_telemarketing(
    make_project: Callable[..., Path], library: Library
) -> None:
    ids = selected_ids(make_project, library, "front", functions=["customer_service"])
    assert "CMP-03" not in ids  # TCPA and Do-Not-Call: outbound only
    assert "QC-08" not in ids  # support tiers and returns: technical support only
    assert ids >= FRONT_MUST_ASK
    assert not ids & (PAYROLL_QUESTIONS | set(COUNTRY_PAYROLL.values()) | {"TEC-12", "SLA-11"})


def test_outbound_buyer_is_asked_about_telemarketing(
    make_project: Callable[..., Path], library: Library
) -> None:
    ids = selected_ids(make_project, library, "front", functions=["outbound_contact_centre"])
    assert "CMP-03" in ids
    ids = selected_ids(
        make_project, library, "front", name="support", functions=["technical_support"]
    )
    assert "QC-08" in ids and "CMP-03" not in ids


def test_uk_and_irish_payroll_asks_about_paye_prsi_not_fica(
    make_project: Callable[..., Path], library: Library
) -> None:
    ids = selected_ids(
        make_project, library, "back", functions=["payroll"], countries=["GB", "Ireland"]
    )
    assert PAYROLL_QUESTIONS | {"CMP-11", "CMP-12"} <= ids
    assert not ids & {"CMP-10", "CMP-13", "CMP-14", "CMP-15", "CMP-16"}
    # Questions for functions not bought: accounts payable, close, front office.
    assert not ids & ({"TEC-12", "SLA-11", "CMP-03", "QC-08"} | FRONT_MUST_ASK - {"TEC-10"})
    assert "TEC-10" in ids  # AI training on the buyer's data applies to every function


def test_countries_default_to_the_buyers_country(
    make_project: Callable[..., Path], library: Library
) -> None:
    ids = selected_ids(make_project, library, "back", functions=["payroll"])  # buyer in the US
    assert "CMP-10" in ids and "CMP-11" not in ids


def test_hybrid_asks_about_each_function_bought_and_nothing_else(
    make_project: Callable[..., Path], library: Library
) -> None:
    ids = selected_ids(
        make_project, library, "hybrid", functions=["customer_service", "invoice_processing"]
    )
    assert FRONT_MUST_ASK | {"TEC-12", "TEC-11"} <= ids
    assert not ids & ({"CMP-03", "SLA-11", "TZ-07", "SLA-09"} | set(COUNTRY_PAYROLL.values()))


def test_every_country_payroll_question_is_for_payroll_in_that_country(library: Library) -> None:
    for country, criterion_id in COUNTRY_PAYROLL.items():
        criterion = library.criteria[criterion_id]
        assert (criterion.functions, criterion.countries) == (["payroll"], [country])
    with_country = {c.id: c.countries for c in library.criteria.values() if c.countries}
    assert with_country == {
        "CMP-10": ["US"], "CMP-11": ["GB"], "CMP-12": ["IE"], "CMP-13": ["CA"],
        "CMP-14": ["MX"], "CMP-15": ["PH"], "CMP-16": ["IN"],
    }  # fmt: skip


def test_a_criterion_naming_an_unknown_or_wrong_office_function_is_reported(
    tmp_path: Path, library: Library
) -> None:
    source = library.sources["CMP-03"].read_text(encoding="utf-8")
    broken = source.replace(
        "functions: [sales_telemarketing, outbound_contact_centre, market_research]",
        "functions: [sales_telemarketting, payroll]",
    )
    assert broken != source
    (tmp_path / "compliance.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_library(tmp_path)
    text = str(caught.value)
    assert "CMP-03: unknown function 'sales_telemarketting'" in text
    assert "did you mean 'sales_telemarketing'" in text
    assert "'payroll' is a back-office function" in text


# Each function's own questions: those that name it (issue 11, questions for every function).
OWN_QUESTIONS = {
    "customer_service": {"QC-09"},
    "sales_telemarketing": {"SLA-12", "CMP-03"},
    "technical_support": {"QC-08"},
    "inbound_contact_centre": {"TEC-14"},
    "outbound_contact_centre": {"SLA-13", "CMP-03"},
    "live_chat_social_media": {"SLA-14"},
    "market_research": {"CMP-19", "CMP-03"},
    "multilingual_support": {"LNG-07"},
    "accounting_bookkeeping": {"SLA-11", "CMP-05"},
    "payroll": PAYROLL_QUESTIONS | {"CMP-10"},  # the buyer is in the US
    "hr_administration": {"SLA-15", "SLA-10", "CMP-05", "CMP-18"},
    "recruitment": {"SLA-16", "CMP-18"},
    "data_entry": {"QC-10"},
    "it_support": {"SLA-17"},
    "procurement_supply_chain": {"SLA-18", "TEC-12"},
    "invoice_processing": {"TZ-08", "TEC-11", "TEC-12"},
    "document_management": {"QC-11"},
}


def test_every_function_in_the_catalogue_has_questions_of_its_own(library: Library) -> None:
    assert set(OWN_QUESTIONS) == set(library.functions)
    named = {
        function_id
        for criterion in library.criteria.values()
        if criterion.functions != "all"
        for function_id in criterion.functions
    }
    assert named == set(library.functions)


@pytest.mark.parametrize("function_id", sorted(OWN_QUESTIONS))
def test_a_buyer_of_one_function_gets_its_questions_and_no_other_functions(
    make_project: Callable[..., Path], library: Library, function_id: str
) -> None:
    office = library.functions[function_id].office
    ids = selected_ids(make_project, library, office, functions=[function_id])
    assert OWN_QUESTIONS[function_id] <= ids
    others = {
        c.id
        for c in library.criteria.values()
        if c.functions != "all" and function_id not in c.functions
    }
    assert not ids & others, sorted(ids & others)


def test_recruitment_buyer_is_not_asked_about_accounts_payable(
    make_project: Callable[..., Path], library: Library
) -> None:
    ids = selected_ids(make_project, library, "back", functions=["recruitment"])
    assert {"SLA-16", "CMP-18"} <= ids
    assert not ids & {"TEC-11", "TEC-12", "TZ-08", "SLA-18", "CMP-10", "TZ-07", "SLA-09"}


def test_front_office_must_asks_on_training_and_attrition_apply_to_every_front_function(
    make_project: Callable[..., Path], library: Library
) -> None:
    for function_id in ("customer_service", "market_research"):
        ids = selected_ids(
            make_project, library, "front", name=function_id, functions=[function_id]
        )
        assert {"WF-05", "WF-12", "WF-13"} <= ids, function_id
    back = selected_ids(make_project, library, "back", name="ap", functions=["invoice_processing"])
    assert not back & {"WF-12", "WF-13"}
