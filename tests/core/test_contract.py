"""The contract: section of rfp.yaml, the shipped key terms and the service-credit arithmetic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rfp.core import contract
from rfp.core.criteria import Library
from rfp.core.spec import KPI, load_spec
from rfp.errors import ConfigError
from tests.factories import line_of

MakeProject = Callable[..., Path]


def _problems(path: Path, library: Library) -> str:
    with pytest.raises(ConfigError) as caught:
        load_spec(path, library.context())
    return str(caught.value)


def test_defaults_make_audit_and_data_protection_non_negotiable(
    make_project: MakeProject, library: Library
) -> None:
    spec, _ = load_spec(make_project("front") / "rfp.yaml", library.context())
    assert spec.contract.non_negotiable == ["right_to_audit", "data_protection"]
    credits = spec.contract.service_credits
    assert (credits.at_risk_percent, credits.pool_percent, credits.earn_back_months) == (12, 200, 3)
    assert spec.rules.action("contract_unanswered") == "confirm"


def test_an_unknown_term_is_named_with_its_line_and_a_suggestion(
    make_project: MakeProject, library: Library
) -> None:
    folder = make_project("front", contract={"non_negotiable": ["right_to_audt"]})
    message = _problems(folder / "rfp.yaml", library)
    line = line_of(folder / "rfp.yaml", "right_to_audt")
    assert f"rfp.yaml:{line}" in message
    assert "did you mean 'right_to_audit'" in message


@pytest.mark.parametrize(
    ("section", "fragment"),
    [
        ({"service_credits": {"at_risk_percent": 25}}, "less than or equal to 20"),
        ({"service_credits": {"pool_percent": 90}}, "greater than or equal to 100"),
        ({"service_credits": {"earn_back_months": True}}, "yes/no answer"),
        ({"breach_notice_hours": 72}, "less than or equal to 48"),
        ({"liability_cap_month": 12}, "did you mean 'liability_cap_months'"),
        ({"non_negotiable": ["insurance", "insurance"]}, "listed twice"),
    ],
)
def test_bad_contract_values_are_refused_with_the_key(
    make_project: MakeProject, library: Library, section: dict[str, object], fragment: str
) -> None:
    folder = make_project("front", contract=section)
    message = _problems(folder / "rfp.yaml", library)
    assert "contract." in message
    assert fragment in message


def test_the_library_has_every_term_once_in_order() -> None:
    assert [term.id for term in contract.library().terms] == list(contract.TERM_IDS)


def test_terms_are_worded_from_the_spec(make_project: MakeProject, library: Library) -> None:
    folder = make_project(
        "front",
        contract={
            "liability_cap_months": 18,
            "data_breach_cap_multiple": 3,
            "insurance": {"cyber": 7_500_000, "crime": 0},
            "non_negotiable": ["insurance"],
        },
    )
    spec, _ = load_spec(folder / "rfp.yaml", library.context())
    terms = {term.id: term for term in contract.key_terms(spec)}
    assert all("{" not in term.summary for term in terms.values())
    liability = terms["limitation_of_liability"].summary
    assert "in the 18 months before the claim" in liability
    assert "3 times that amount" in liability
    insurance = terms["insurance"].summary
    assert "cyber liability of USD 7,500,000" in insurance
    assert "crime" not in insurance  # 0: not required
    assert [t.id for t in terms.values() if t.non_negotiable] == ["insurance"]
    assert "within 24 hours" in terms["data_protection"].summary


def test_no_insurance_amounts_reads_as_usual_cover() -> None:
    nothing = contract.Insurance(
        cyber=0, professional_indemnity=0, crime=0, general_liability=0, employers_liability=0
    )
    assert "no minimum amounts" in contract.insurance_list(nothing, "GBP")


@pytest.mark.parametrize(
    ("count", "pool", "cap", "expected"),
    [
        (6, 200, 50, [34, 34, 33, 33, 33, 33]),  # 200 = 6 x 33 + 2
        (3, 200, 100, [67, 67, 66]),
        (3, 200, 50, [50, 50, 50]),  # the cap binds: 150 of the 200 allocated
        (4, 250.5, 100, [63, 63, 62, 62.5]),
        (0, 200, 50, []),
    ],
)
def test_pool_allocation(count: int, pool: float, cap: float, expected: list[float]) -> None:
    assert contract.allocations(count, pool, cap) == expected


def _kpi(kpi_id: str, *, credit: bool = True) -> KPI:
    return KPI(id=kpi_id, title=kpi_id.replace("_", " "), target="t", credit=credit)


def test_handle_time_and_occupancy_are_never_credited(
    make_project: MakeProject, library: Library
) -> None:
    """Even a criteria override that marks AHT as credited gets no credit on it."""
    spec, _ = load_spec(make_project("front") / "rfp.yaml", library.context())
    kpis = [
        _kpi("service_level"),
        _kpi("average_handle_time", credit=True),
        _kpi("occupancy"),
        _kpi("nps", credit=False),
        _kpi("csat"),
    ]
    schedule = contract.credit_schedule(spec, kpis)
    assert [row.id for row in schedule.critical] == ["service_level", "csat"]
    assert [row.id for row in schedule.kpis] == ["average_handle_time", "occupancy", "nps"]
    assert [row.allocation for row in schedule.critical] == [50, 50]  # 200 capped at 50 each
    assert schedule.allocated_percent == 100


def test_measurement_names_the_buyers_system(make_project: MakeProject, library: Library) -> None:
    folder = make_project("front", systems={"telephony": "Genesys Cloud CX"})
    spec, _ = load_spec(folder / "rfp.yaml", library.context())
    (row,) = contract.credit_schedule(spec, [_kpi("service_level")]).rows
    assert row.source.endswith("(Genesys Cloud CX)")
    assert "30-minute interval" in row.window
    (other,) = contract.credit_schedule(spec, [_kpi("not_in_the_library")]).rows
    assert other.window == "Calendar month"


def test_worked_example_by_hand() -> None:
    """12% at risk of 100,000 is 12,000; 34% of it is 4,080; 200% of it, 24,000, is capped."""
    lines = contract.worked_example("USD", 12, [("Service level", 34), ("CSAT", 166)])
    assert "= USD 12,000." in lines[0]
    assert "credit = USD 12,000 × 34% = USD 4,080." in lines[1]
    assert "USD 24,000, capped at the at-risk amount: credit = USD 12,000." in lines[2]
    assert contract.worked_example("USD", 0, [("Service level", 100)])[1].startswith("No service")


def test_earn_back_wording() -> None:
    assert "no earn-back" in contract.earn_back_sentence(0)
    assert contract.earn_back_sentence(1).endswith("target in the month that follows.")
    assert "each of the 3 months that follow" in contract.earn_back_sentence(3)
