"""The contract package: the ``contract:`` section of rfp.yaml and the key terms it fills in.

The RFP's annexes (service-level schedule, data-processing schedule, key terms), the Word
schedules the buyer's lawyers edit, the response workbook's "Contract exceptions" sheet and the
scoring of that sheet all read the terms from here, so the wording a vendor accepts is the
wording printed. The terms' text is data (``criteria/contract/key_terms.yaml``); their ids are
fixed here because rfp.yaml and the workbook name terms by id.

Import order: ``rfp.core.spec`` imports this module for its ``contract`` field, so the models
here use their own strict base rather than the spec's.
"""

from __future__ import annotations

import difflib
import functools
import string
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rfp.core import resources
from rfp.core.yamlfile import read_yaml

if TYPE_CHECKING:
    from rfp.core.spec import KPI, Spec

TERM_IDS = (
    "right_to_audit",
    "exit_assistance",
    "subcontracting",
    "insurance",
    "limitation_of_liability",
    "benchmarking",
    "termination",
    "data_protection",
    "service_credits",
)
"""Every key term, in the order the RFP and the workbook list them."""

NEVER_CREDITED = frozenset({"average_handle_time", "occupancy"})
"""KPIs that never carry a service credit, whatever a criteria override says: a credit on
handle time or occupancy pays the provider to rush customers."""

KEY_TERMS_FILE = "contract/key_terms.yaml"
EXAMPLE_MONTHLY_FEES = 100_000
"""The month's charges in the service-level schedule's worked example, in the RFP currency."""
MAX_AMOUNT = 1e12


class _Strict(BaseModel):
    """Unknown keys are errors and yes/no is never a number, as everywhere in rfp.yaml."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(f"{str(value).lower()} is a yes/no answer, not a value for this key")
        return value


class ServiceCredits(_Strict):
    """How service credits work (Annex A): the amount at risk, its pool and earn-back."""

    at_risk_percent: float = Field(
        12, ge=0, le=20, description="Most credits in a month, as % of the month's charges."
    )
    pool_percent: float = Field(
        200,
        ge=100,
        le=1000,
        description="Sum of the allocations across the critical service levels, as % of the "
        "at-risk amount; above 100 so one miss costs more than an equal share.",
    )
    cap_percent: float = Field(
        50,
        gt=0,
        le=100,
        description="Most of the at-risk amount any one critical service level may carry.",
    )
    earn_back_months: int = Field(
        3,
        ge=0,
        le=12,
        description="A credit is earned back when the target is met in each of this many "
        "following months; 0: no earn-back.",
    )


class Insurance(_Strict):
    """Minimum cover the provider holds, in the RFP currency; 0: not required."""

    cyber: float = Field(5_000_000, ge=0, le=MAX_AMOUNT)
    professional_indemnity: float = Field(5_000_000, ge=0, le=MAX_AMOUNT)
    crime: float = Field(2_000_000, ge=0, le=MAX_AMOUNT, description="Crime or fidelity.")
    general_liability: float = Field(2_000_000, ge=0, le=MAX_AMOUNT)
    employers_liability: float = Field(5_000_000, ge=0, le=MAX_AMOUNT)
    run_off_years: int = Field(3, ge=0, le=10, description="Years cover continues after exit.")


INSURANCE_TITLES = {
    "cyber": "cyber liability",
    "professional_indemnity": "professional indemnity (errors and omissions)",
    "crime": "crime (fidelity)",
    "general_liability": "general (public) liability",
    "employers_liability": "employer's liability",
}


class Contract(_Strict):
    """The ``contract:`` section: what the contract package's terms say, and which the buyer
    will not move on."""

    service_credits: ServiceCredits = Field(default_factory=ServiceCredits)
    liability_cap_months: int = Field(
        12, ge=1, le=60, description="General cap: the charges of this many months."
    )
    data_breach_cap_multiple: float = Field(
        2, ge=1, le=10, description="Data-protection super-cap, as a multiple of the general cap."
    )
    breach_notice_hours: int = Field(
        24,
        ge=1,
        le=48,
        description="A processor tells the buyer of a breach within this many hours; the buyer "
        "then has 72 to tell the regulator (GDPR Art. 33).",
    )
    audit_notice_days: int = Field(30, ge=0, le=90)
    exit_assistance_months: int = Field(6, ge=0, le=24)
    convenience_notice_days: int = Field(90, ge=0, le=365)
    insurance: Insurance = Field(default_factory=Insurance)
    non_negotiable: list[str] = Field(
        default_factory=lambda: ["right_to_audit", "data_protection"],
        description="Term ids a vendor must accept as written: an exception or a rejection "
        "disqualifies it.",
    )

    @field_validator("non_negotiable")
    @classmethod
    def _known_terms(cls, value: list[str]) -> list[str]:
        from rfp.core.spec import EntryError  # loaded by now: the spec is what validates this

        seen: set[str] = set()
        for index, term in enumerate(value):
            if term not in TERM_IDS:
                close = difflib.get_close_matches(term, TERM_IDS, n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise EntryError(
                    index, f"unknown term {term!r}{hint}; the terms are {', '.join(TERM_IDS)}"
                )
            if term in seen:
                raise EntryError(index, f"term {term!r} is listed twice")
            seen.add(term)
        return value


# --------------------------------------------------------------------------- the library


class KeyTerm(_Strict):
    """One key term as the library words it: its summary is a template of ``PLACEHOLDERS``."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)

    @field_validator("summary")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        try:
            names = {field for _, field, _, _ in string.Formatter().parse(value) if field}
        except ValueError as error:
            raise ValueError(f"the summary's braces do not pair up: {error}") from None
        unknown = sorted(names - set(PLACEHOLDERS))
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{unknown[0]}}}; use one of {', '.join(PLACEHOLDERS)}"
            )
        return value


class Measurement(_Strict):
    """How one KPI is measured: its window and the data it is computed from."""

    window: str = Field(min_length=1)
    source: str = Field(min_length=1)
    system: str = ""


class KeyTermsFile(_Strict):
    """``criteria/contract/key_terms.yaml``."""

    schema_version: Literal[1]
    terms: list[KeyTerm]
    measurement: dict[str, Measurement]

    @model_validator(mode="after")
    def _every_term_once(self) -> KeyTermsFile:
        ids = [term.id for term in self.terms]
        if ids != list(TERM_IDS):
            raise ValueError(f"terms must be exactly, in order: {', '.join(TERM_IDS)}")
        if "default" not in self.measurement:
            raise ValueError("measurement needs a 'default' entry")
        return self


PLACEHOLDERS = (
    "buyer",
    "currency",
    "contract_years",
    "liability_cap_months",
    "breach_cap_multiple",
    "breach_notice_hours",
    "audit_notice_days",
    "exit_assistance_months",
    "convenience_notice_days",
    "insurance_list",
    "run_off_years",
    "at_risk_percent",
    "pool_percent",
    "cap_percent",
    "earn_back_sentence",
)


@functools.cache
def library() -> KeyTermsFile:
    """The shipped key terms, read once per process (from a checkout or an installed wheel)."""
    from rfp.core.spec import validate_document

    path = resources.builtin_dir("criteria") / KEY_TERMS_FILE
    return validate_document(read_yaml(path), KeyTermsFile)


@dataclass(frozen=True)
class Term:
    """A key term as this RFP prints it: the summary filled in from the spec."""

    id: str
    title: str
    summary: str
    non_negotiable: bool


def key_terms(spec: Spec) -> list[Term]:
    """Every key term, in order, worded for this spec."""
    values = _values(spec)
    chosen = set(spec.contract.non_negotiable)
    return [
        Term(t.id, t.title, " ".join(t.summary.format(**values).split()), t.id in chosen)
        for t in library().terms
    ]


def money(amount: float, currency: str) -> str:
    """An amount for print: "USD 5,000,000"."""
    return f"{currency} {amount:,.0f}"


def percent(value: float) -> str:
    """A percentage without a needless decimal: 12, 12.5."""
    return f"{value:g}"


def _values(spec: Spec) -> dict[str, str]:
    contract = spec.contract
    credits = contract.service_credits
    return {
        "buyer": spec.buyer.name,
        "currency": spec.pricing.currency,
        "contract_years": str(spec.project.contract_years),
        "liability_cap_months": str(contract.liability_cap_months),
        "breach_cap_multiple": percent(contract.data_breach_cap_multiple),
        "breach_notice_hours": str(contract.breach_notice_hours),
        "audit_notice_days": str(contract.audit_notice_days),
        "exit_assistance_months": str(contract.exit_assistance_months),
        "convenience_notice_days": str(contract.convenience_notice_days),
        "insurance_list": insurance_list(contract.insurance, spec.pricing.currency),
        "run_off_years": str(contract.insurance.run_off_years),
        "at_risk_percent": percent(credits.at_risk_percent),
        "pool_percent": percent(credits.pool_percent),
        "cap_percent": percent(credits.cap_percent),
        "earn_back_sentence": earn_back_sentence(credits.earn_back_months),
    }


def insurance_list(insurance: Insurance, currency: str) -> str:
    """The required covers as one phrase; "no specific cover" when every amount is 0."""
    covers = [
        f"{title} of {money(getattr(insurance, key), currency)}"
        for key, title in INSURANCE_TITLES.items()
        if getattr(insurance, key) > 0
    ]
    if not covers:
        return "the cover usual for the services (no minimum amounts are set)"
    return "; ".join(covers[:-1]) + (" and " if len(covers) > 1 else "") + covers[-1]


def earn_back_sentence(months: int) -> str:
    """The earn-back rule in one sentence."""
    if months == 0:
        return "Credits are final: there is no earn-back."
    following = (
        "in the month that follows"
        if months == 1
        else (f"in each of the {months} months that follow")
    )
    return (
        f"A credit is earned back when the provider meets or beats the missed service level's "
        f"target {following}."
    )


# --------------------------------------------------------------------------- Annex A


@dataclass(frozen=True)
class ServiceLevelRow:
    """One line of the service-level schedule: a critical service level or a KPI."""

    id: str
    title: str
    target: str
    definition: str
    window: str
    source: str
    critical: bool
    allocation: float  # % of the at-risk amount; 0 for a KPI


@dataclass(frozen=True)
class CreditSchedule:
    """Annex A's figures: the rows, the pool actually allocated, and a worked example."""

    rows: list[ServiceLevelRow]
    at_risk_percent: float
    pool_percent: float
    allocated_percent: float
    cap_percent: float
    earn_back: str
    example: list[str]

    @property
    def critical(self) -> list[ServiceLevelRow]:
        """The credit-bearing rows."""
        return [row for row in self.rows if row.critical]

    @property
    def kpis(self) -> list[ServiceLevelRow]:
        """The rows reported without credit."""
        return [row for row in self.rows if not row.critical]


def is_credited(kpi: KPI) -> bool:
    """Whether a KPI carries a service credit: its ``credit`` flag, never on AHT or occupancy."""
    return kpi.credit and kpi.id not in NEVER_CREDITED


def allocations(count: int, pool: float, cap: float) -> list[float]:
    """Whole-percent equal shares of ``pool`` over ``count`` service levels, the remainder to
    the first ones, each at most ``cap``: 200 over 3 gives 67, 67, 66."""
    if count == 0:
        return []
    whole = int(pool)
    base, extra = divmod(whole, count)
    shares = [float(base + (1 if index < extra else 0)) for index in range(count)]
    shares[-1] += pool - whole  # a fractional pool keeps its fraction
    return [min(share, cap) for share in shares]


def credit_schedule(spec: Spec, kpis: list[KPI]) -> CreditSchedule:
    """The service-level schedule for ``kpis`` (the office's KPIs for the functions in scope)."""
    credits = spec.contract.service_credits
    credited = [kpi for kpi in kpis if is_credited(kpi)]
    shares = dict(
        zip(
            [kpi.id for kpi in credited],
            allocations(len(credited), credits.pool_percent, credits.cap_percent),
            strict=True,
        )
    )
    measured = library().measurement
    named = spec.systems.named()
    rows = []
    for kpi in kpis:
        how = measured.get(kpi.id, measured["default"])
        system = named.get(how.system, "")
        rows.append(
            ServiceLevelRow(
                kpi.id,
                kpi.title,
                kpi.target,
                kpi.definition,
                how.window,
                f"{how.source} ({system})" if system else how.source,
                kpi.id in shares,
                shares.get(kpi.id, 0.0),
            )
        )
    rows.sort(key=lambda row: not row.critical)
    allocated = sum(shares.values())
    return CreditSchedule(
        rows=rows,
        at_risk_percent=credits.at_risk_percent,
        pool_percent=credits.pool_percent,
        allocated_percent=allocated,
        cap_percent=credits.cap_percent,
        earn_back=earn_back_sentence(credits.earn_back_months),
        example=worked_example(
            spec.pricing.currency,
            credits.at_risk_percent,
            [(kpi.title, shares[kpi.id]) for kpi in credited],
        ),
    )


def worked_example(currency: str, at_risk: float, shares: list[tuple[str, float]]) -> list[str]:
    """The credit for one miss, for two, and for every critical service level missed at once
    (capped at the at-risk amount), on a month invoiced at ``EXAMPLE_MONTHLY_FEES``."""
    fees = EXAMPLE_MONTHLY_FEES
    at_risk_amount = fees * at_risk / 100
    lines = [
        f"Month invoiced at {money(fees, currency)}: at-risk amount = {percent(at_risk)}% × "
        f"{money(fees, currency)} = {money(at_risk_amount, currency)}."
    ]
    if not shares or at_risk_amount == 0:
        lines.append("No service credit is payable: nothing is at risk.")
        return lines
    first, allocation = shares[0]
    one = at_risk_amount * allocation / 100
    lines.append(
        f"One critical service level missed ({first}, allocation {percent(allocation)}%): "
        f"credit = {money(at_risk_amount, currency)} × {percent(allocation)}% = "
        f"{money(one, currency)}."
    )
    total = sum(share for _, share in shares)
    every = at_risk_amount * total / 100
    lines.append(
        f"Every critical service level missed in the same month: {money(at_risk_amount, currency)}"
        f" × {percent(total)}% = {money(every, currency)}, capped at the at-risk amount: credit = "
        f"{money(min(every, at_risk_amount), currency)}."
    )
    return lines
