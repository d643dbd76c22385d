"""Advice before the RFP: the worked cases, each score added up by hand from the rule tables.

Points per location (onshore, nearshore, offshore), from SHORE_RULES:
cost advantage (0,1,2); time-zone alignment (1,1,0); brand risk (2,1,0); cultural and
regulatory alignment (1,0,0); GDPR (1,1,0); HIPAA (1,0,0); PCI (0,0,0); public sector (2,0,0);
language (0,1,0); around-the-clock (0,0,2); data residency excludes nearshore and offshore.
"""

from __future__ import annotations

import pytest

from rfp.core.criteria import Library
from rfp.errors import ConfigError
from rfp.generate.advise import (
    CONTACTS,
    GOALS,
    LEVELS,
    OFFICE_FACTORS,
    SCALINGS,
    SHORE_RULES,
    Advice,
    Needs,
    advise,
    parse_needs,
    spec_values,
)


@pytest.fixture(scope="module")
def catalogue(library: Library) -> dict[str, str]:
    return {f.id: f.office for f in library.functions.values()}


def needs(catalogue: dict[str, str], **answers: str) -> Needs:
    return parse_needs(answers, catalogue)


def run(catalogue: dict[str, str], **answers: str) -> Advice:
    return advise(needs(catalogue, **answers))


def scores(advice: Advice, group: str) -> tuple[int, int, int]:
    found = next(g for g in advice.locations_by_group if g.group == group)
    return found.scores["onshore"], found.scores["nearshore"], found.scores["offshore"]


def test_customer_service_for_revenue_with_high_exposure_is_front_office_onshore(
    catalogue: dict[str, str],
) -> None:
    advice = run(
        catalogue, functions="customer_service", goals="revenue", contact="continuous",
        exposure="high", scaling="fast", constraints="none",
    )  # fmt: skip
    # Factors 1-6 point to front; 7 (both needed) to neither.
    assert advice.office.office == "front" and advice.office.status == "agreed"
    assert "6 of 7 factors point to front office, 0 to back" in advice.office.verdict
    # time zone (1,1,0) + brand risk (2,1,0) + cultural (1,0,0); no cost goal.
    assert scores(advice, "front") == (4, 2, 0)
    (group,) = advice.locations_by_group
    assert group.recommended == ("onshore",)
    assert group.conflicts == () and not group.balanced
    # Nearshore is 2 behind (one strong reason): not accepted; offshore even less.
    assert advice.locations == ["onshore"]
    assert [f.factor for f in group.findings] == [
        "time-zone alignment", "brand risk", "cultural and regulatory alignment",
    ]  # fmt: skip
    brand = group.findings[1]
    assert brand.given == "exposure = high; contact = continuous"
    assert advice.contradictions == ()


def test_payroll_and_ap_for_cost_without_contact_is_back_office_offshore(
    catalogue: dict[str, str],
) -> None:
    advice = run(
        catalogue, functions="payroll,invoice_processing", goals="cost", contact="none",
        exposure="low", scaling="slow", constraints="none",
    )  # fmt: skip
    assert advice.office.office == "back" and advice.office.status == "agreed"
    assert scores(advice, "back") == (0, 1, 2)
    (group,) = advice.locations_by_group
    assert group.recommended == ("offshore",)
    assert group.functions == ("payroll", "invoice_processing")
    assert advice.locations == ["nearshore", "offshore"]
    assert group.findings[0].given == "goals = cost"


def test_data_that_must_stay_in_country_forces_onshore_and_says_what_it_costs(
    catalogue: dict[str, str],
) -> None:
    advice = run(
        catalogue, functions="payroll,invoice_processing", goals="cost", contact="none",
        exposure="low", scaling="slow", constraints="data_in_country",
    )  # fmt: skip
    (group,) = advice.locations_by_group
    # Offshore still scores best, but it is excluded: the reason is shown, not hidden.
    assert scores(advice, "back") == (0, 1, 2)
    assert group.excluded == {"nearshore", "offshore"}
    assert group.recommended == ("onshore",) and advice.locations == ["onshore"]
    residency = next(f for f in group.findings if f.factor == "data residency")
    assert residency.given == "constraints = data_in_country"
    assert "only onshore delivery is possible" in residency.reason
    assert len(group.conflicts) == 1
    assert group.conflicts[0].startswith(
        "cost advantage (goals = cost) favours offshore over onshore"
    )


def test_both_offices_make_a_hybrid_located_group_by_group(catalogue: dict[str, str]) -> None:
    advice = run(
        catalogue, functions="customer_service,payroll", goals="revenue,cost",
        contact="continuous", exposure="high", scaling="seasonal", constraints="none",
    )  # fmt: skip
    assert advice.office.office == "hybrid" and advice.office.status == "hybrid"
    assert "front-office customer_service and back-office payroll" in advice.office.verdict
    # Front: cost (0,1,2) + time zone (1,1,0) + brand (2,1,0) + cultural (1,0,0).
    assert scores(advice, "front") == (4, 3, 2)
    # Back: no customer contact by definition, so no time-zone or brand rule: cost + cultural.
    assert scores(advice, "back") == (1, 1, 2)
    front, back = advice.locations_by_group
    assert (front.recommended, back.recommended) == (("onshore",), ("offshore",))
    assert {f.factor for f in back.findings} == {
        "cost advantage", "cultural and regulatory alignment",
    }  # fmt: skip
    assert back.notes[0].startswith("the contact answer is not counted for this group")
    assert front.notes == ()
    # The cost goal pulls the front group offshore: said as a conflict, not averaged away.
    assert front.conflicts[0].startswith("cost advantage (goals = cost,revenue) favours offshore")
    assert advice.locations == ["onshore", "nearshore", "offshore"]


def test_balanced_office_factors_are_called_balanced_with_what_would_tip_them(
    catalogue: dict[str, str],
) -> None:
    advice = run(
        catalogue, functions="data_entry", goals="revenue", contact="continuous",
        exposure="medium", scaling="seasonal", constraints="none",
    )  # fmt: skip
    office = advice.office
    # Back: function type and impact; front: goals and contact; the rest neither.
    assert office.office == "back" and office.status == "balanced"
    assert "factors are balanced: 2 of 7 factors point to back office, 2 to front" in (
        office.verdict
    )
    assert [f.given for f in office.against] == ["goals = revenue", "contact = continuous"]
    assert "now pulling toward front: goals = revenue, contact = continuous" in office.tips[0]
    assert "add a front-office function: that makes it hybrid" in office.tips[1]
    assert any("no front-office function is named" in c for c in advice.contradictions)


def test_factors_against_the_functions_are_reported_as_against(catalogue: dict[str, str]) -> None:
    advice = run(
        catalogue, functions="payroll", goals="revenue", contact="continuous", exposure="high",
        scaling="fast", constraints="none",
    )  # fmt: skip
    assert advice.office.office == "back" and advice.office.status == "against"
    assert "2 of 7 factors point to back office, 4 to front" in advice.office.verdict


def test_a_location_tie_is_balanced_and_names_the_answers_that_would_tip_it(
    catalogue: dict[str, str],
) -> None:
    advice = run(
        catalogue, functions="customer_service", goals="revenue", contact="continuous",
        exposure="medium", scaling="fast", constraints="none", hours="business",
    )  # fmt: skip
    (group,) = advice.locations_by_group
    assert scores(advice, "front") == (1, 1, 0)  # time zone only
    assert group.balanced and group.recommended == ("onshore", "nearshore")
    assert group.conflicts == ()
    assert "goals include cost -> nearshore (cost advantage)" in group.tips
    assert "exposure is high and customers are served -> onshore (brand risk)" in group.tips
    # Around-the-clock coverage helps neither tied location: it is no tie-breaker here.
    assert not any("24x7" in tip for tip in group.tips)
    # Offshore is one point (a lean) behind: still accepted.
    assert advice.locations == ["onshore", "nearshore", "offshore"]


def test_cost_goal_against_high_exposure_and_continuous_contact_is_said_plainly(
    catalogue: dict[str, str],
) -> None:
    advice = run(
        catalogue, functions="customer_service", goals="cost", contact="continuous",
        exposure="high", scaling="fast", constraints="none",
    )  # fmt: skip
    assert scores(advice, "front") == (4, 3, 2)
    assert any(
        c.startswith("goals = cost, but exposure = high with contact = continuous")
        for c in advice.contradictions
    )
    (group,) = advice.locations_by_group
    assert group.recommended == ("onshore",)
    assert any("favours offshore over onshore" in c for c in group.conflicts)
    # The office factors: goal points back, so it is "mostly" front and says which.
    assert advice.office.status == "mostly"
    assert [f.given for f in advice.office.against] == ["goals = cost"]


def test_regulatory_constraints_add_their_points(catalogue: dict[str, str]) -> None:
    advice = run(
        catalogue, functions="payroll", goals="cost", contact="none", exposure="low",
        scaling="slow", constraints="public_sector,hipaa,pci", hours="24x7", languages="en,fr",
    )  # fmt: skip
    # cost (0,1,2) + HIPAA (1,0,0) + PCI (0,0,0) + public sector (2,0,0) + language (0,1,0)
    # + around the clock (0,0,2); no live contact, so no time-zone rule.
    assert scores(advice, "back") == (3, 2, 4)
    (group,) = advice.locations_by_group
    assert group.recommended == ("offshore",)
    pci = next(f for f in group.findings if f.factor == "regulatory alignment (PCI DSS)")
    assert dict(pci.points) == {"onshore": 0, "nearshore": 0, "offshore": 0}
    assert advice.locations == ["onshore", "offshore"]


def test_front_functions_without_contact_is_a_contradiction(catalogue: dict[str, str]) -> None:
    advice = run(
        catalogue, functions="customer_service,technical_support", goals="cost", contact="none",
        exposure="low", scaling="slow", constraints="none",
    )  # fmt: skip
    assert advice.contradictions == (
        "front-office functions (customer_service, technical_support) serve customers by "
        "definition, yet contact = none; check the functions or the contact answer",
    )


def test_unanswered_optional_factors_are_listed_as_not_assessed(
    catalogue: dict[str, str],
) -> None:
    advice = run(
        catalogue, functions="payroll", goals="cost", contact="none", exposure="low",
        scaling="slow", constraints="none", country="GB",
    )  # fmt: skip
    assert [text.split(":")[0] for text in advice.not_assessed] == [
        "language", "around-the-clock coverage", "time zone not given (--time-zone)",
    ]  # fmt: skip


def test_every_missing_or_bad_answer_is_reported_at_once(catalogue: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_needs(
            {"functions": "payrol, customer_service", "goals": "profit", "contact": "often"},
            catalogue,
        )
    message = str(raised.value)
    assert message.startswith("6 problems found:")
    assert "--functions: unknown function 'payrol' (did you mean 'payroll'?)" in message
    assert "--goals: unknown goal 'profit'" in message
    assert "--contact: unknown contact level 'often'" in message
    for option in ("--exposure", "--scaling", "--constraints"):
        assert f"{option}: missing; give" in message
    assert "--country" not in message  # optional


def test_answers_are_read_leniently_but_exactly(catalogue: dict[str, str]) -> None:
    read = needs(
        catalogue, functions="payroll, payroll ,customer_service", goals="both", contact="Some",
        exposure="HIGH", scaling="fast", constraints="none", country="United Kingdom",
        languages="English, es", time_zone="Europe/London", hours="24x7",
    )  # fmt: skip
    assert read.functions == ("payroll", "customer_service")
    assert read.offices == {"payroll": "back", "customer_service": "front"}
    assert read.goals == frozenset(GOALS)
    assert (read.contact, read.exposure) == ("some", "high")
    assert read.constraints == frozenset()
    assert read.country == "GB"
    assert read.languages == ("en", "es")


def test_spec_values_carry_the_recommendation(catalogue: dict[str, str]) -> None:
    advice = run(
        catalogue, functions="customer_service", goals="revenue", contact="continuous",
        exposure="high", scaling="fast", constraints="pci", country="IE",
        languages="en,ga", time_zone="Europe/Dublin", hours="24x7",
    )  # fmt: skip
    values = spec_values(advice)
    assert values["country"] == "IE" and values["countries"] == ["IE"]
    assert values["languages"] == ["en", "ga"]
    assert values["time_zone"] == "Europe/Dublin"
    assert values["certifications"] == ["SOC 2 Type II", "ISO/IEC 27001", "PCI DSS"]
    assert values["coverage_days"] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert (values["coverage_start"], values["coverage_end"]) == ("00:00", "00:00")
    # brand (2,1,0) + cultural (1,0,0) + language (0,1,0) + around the clock (0,0,2); the
    # time-zone rule does not apply to 24x7 work.
    assert scores(advice, "front") == (3, 2, 2)
    assert values["locations"] == ["onshore", "nearshore", "offshore"]


def test_advice_is_deterministic(catalogue: dict[str, str]) -> None:
    answers = {
        "functions": "customer_service,payroll,invoice_processing", "goals": "cost,revenue",
        "contact": "some", "exposure": "medium", "scaling": "seasonal",
        "constraints": "gdpr,pci", "languages": "en,es",
    }  # fmt: skip
    assert advise(parse_needs(answers, catalogue)) == advise(parse_needs(answers, catalogue))
    assert spec_values(advise(parse_needs(answers, catalogue))) == spec_values(
        advise(parse_needs(answers, catalogue))
    )


def test_every_answer_has_a_row_in_the_office_table(catalogue: dict[str, str]) -> None:
    """No answer falls through the table: every factor reads every possible answer."""
    for functions in ("customer_service", "payroll", "customer_service,payroll"):
        for goals in ("revenue", "cost", "revenue,cost"):
            for contact in CONTACTS:
                for exposure in LEVELS:
                    for scaling in SCALINGS:
                        advice = run(
                            catalogue, functions=functions, goals=goals, contact=contact,
                            exposure=exposure, scaling=scaling, constraints="none",
                        )  # fmt: skip
                        assert len(advice.office.findings) == len(OFFICE_FACTORS)
                        assert all(f.reason for f in advice.office.findings)
    assert all(rule.inputs for rule in SHORE_RULES)  # every reason names its input
