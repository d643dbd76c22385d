"""Pydantic models of the RFP spec (``rfp.yaml``) and of the criteria library files.

The schema is the documentation: every field says what it is for. Loading validates the whole
file at once and turns every pydantic error into a Problem with the file, key path and line, so a
user fixes all mistakes in one pass instead of one per run.
"""

from __future__ import annotations

import difflib
import itertools
import re
import types
import typing
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import pycountry
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from rfp.core.calendar import DAY_ALIASES, Day, yaml_clock
from rfp.core.contract import Contract
from rfp.core.languages import code_for_name, is_language_code
from rfp.core.payroll import is_payroll
from rfp.core.yamlfile import (
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    KeyPath,
    YamlDocument,
    YamlLimits,
    read_yaml,
)
from rfp.errors import ConfigError, Problem

SCHEMA_VERSION = 1
ModelT = TypeVar("ModelT", bound=BaseModel)

MAX_WEIGHT = 1_000_000
"""The largest raw weight, area or criterion. Weights are relative (8 and 20, or 0.08 and
0.2), so anything larger is a typo; the bound also keeps any sum of weights finite."""

MAX_MONTHLY_VOLUME = 100_000_000
"""The largest ``per_month`` of one volume: above the busiest real contact centres, and a
bound that keeps staffing arithmetic finite and quick."""

MAX_HANDLE_SECONDS = 86_400
"""The longest ``aht_seconds``: one day per contact."""

MAX_HANDLE_MINUTES = 10_080
"""The longest ``handle_minutes``: one week of work per back-office transaction."""

MAX_AGENTS_BUSY = 100_000
"""The most agents one channel may keep busy at once on average (its traffic in Erlangs:
volume x handle time / open hours). More is no real operation, and Erlang C staffing grows
with it, so the spec is refused before anything is scored."""

MIN_EXCHANGE_RATE = 1e-6
MAX_EXCHANGE_RATE = 1e6
"""Bounds on ``pricing.exchange_rates``: a million to one either way spans every real pair of
currencies (one Kuwaiti dinar buys about 50,000 Indonesian rupiah); beyond is a typo."""

_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

Office = Literal["front", "back", "hybrid"]
AppliesTo = Literal["front", "back", "both"]
Location = Literal["onshore", "nearshore", "offshore"]
Channel = Literal["voice", "chat", "email", "social"]
PriceModel = Literal[
    "per_fte_month", "per_productive_hour", "per_minute", "per_transaction", "per_employee_month"
]
CheckType = Literal["certifications", "languages", "time_zone", "price"]
ExpectKind = Literal["percent", "duration", "number", "mention"]
TimeUnit = Literal["seconds", "minutes", "hours", "days", "weeks", "months", "years"]

SystemKind = Literal["crm", "telephony", "ticketing", "erp", "hcm", "wfm"]
StageName = Literal["orals", "site_visits", "reference_checks"]
SCORED_STAGES: tuple[str, ...] = ("orals", "site_visits", "reference_checks")
"""The later stages that can carry points (``evaluation.stages``), in process order."""
CRITERION_ID = re.compile(r"^[A-Z][A-Z0-9]{1,5}-\d{2,3}$")
PRICE_MODEL_TITLES: dict[str, str] = {
    "per_fte_month": "Per FTE per month",
    "per_productive_hour": "Per productive hour",
    "per_minute": "Per handled minute",
    "per_transaction": "Per transaction or contact",
    "per_employee_month": "Per employee per month",
}


class EntryError(ValueError):
    """A validation error about one entry of a list or mapping, so the message can name its line.

    ``entry`` is one key or index, or a tuple of them for an entry deeper down (a validator on
    ``evaluation`` that names ``evaluation.stages.orals``)."""

    def __init__(self, entry: str | int | tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.entry = entry


class StrictModel(BaseModel):
    """Base for every schema model: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """YAML reads yes, no, on and off as booleans; pydantic would take them as 1 and 0."""
        annotation = cls.model_fields[info.field_name or ""].annotation
        if "bool" in str(annotation) or _unwrap_model(annotation) is not None:
            return value  # a yes/no field, or a model that checks its own fields
        if isinstance(value, bool):
            raise ValueError(f"{str(value).lower()} is a yes/no answer, not a value for this key")
        if isinstance(value, dict | list):
            entries = value.items() if isinstance(value, dict) else enumerate(value)
            for entry, item in entries:
                if isinstance(item, bool):
                    raise EntryError(
                        entry, f"{str(item).lower()} is a yes/no answer, not a value for this key"
                    )
        return value

    @field_validator("*")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        """Refuse text no DOCX, XLSX or HTML can hold (NUL, bell, escape), naming the entry."""
        if isinstance(value, str):
            _require_printable(value, None)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    _require_printable(item, index)
        elif isinstance(value, dict):
            for key, item in value.items():
                for text in (key, item):
                    if isinstance(text, str):
                        _require_printable(text, key)
        return value


def _require_printable(text: str, entry: str | int | None) -> None:
    """Raise a located error when ``text`` holds a control character other than tab or newline."""
    found = _CONTROL_CHARACTER.search(text)
    if found is None:
        return
    message = (
        f"contains a control character (U+{ord(found.group()):04X}) that documents cannot "
        "hold; remove it"
    )
    raise ValueError(message) if entry is None else EntryError(entry, message)


# --------------------------------------------------------------------------- criteria library


class Check(StrictModel):
    """A structured check that scores a criterion from facts rather than from text similarity."""

    type: CheckType


class Expect(StrictModel):
    """A fact a rubric level names (80/20, ASA under 30 s, ISO 27001) that the scorer looks for.

    Facts are what separate a commitment from vocabulary: a level that names a number is reached
    only when the vendor's own sentence states a value on the right side of the bound, in a
    sentence about the right thing (``near``). ``rfp.score.expects`` reads them.
    """

    level: int = Field(ge=3, le=5, description="The rubric level the fact is needed for.")
    fact: str = Field(min_length=1, description="The fact in the buyer's words, for evaluators.")
    kind: ExpectKind
    near: list[str] = Field(
        default_factory=list,
        description="Words or short regexes (case-insensitive); one must be in the value's "
        "sentence. Required for percent, duration and number.",
    )
    at_least: float | None = Field(None, description="The value must be this or more.")
    at_most: float | None = Field(None, description="The value must be this or less.")
    unit: TimeUnit | None = Field(None, description="The unit of a duration's bound.")
    pattern: str | None = Field(None, description="For mention: a case-insensitive regex.")
    example: str = Field(min_length=1, description="A vendor sentence that meets the fact.")

    @field_validator("near")
    @classmethod
    def _near_compiles(cls, value: list[str]) -> list[str]:
        for index, word in enumerate(value):
            if not word.strip():
                raise EntryError(index, "near words cannot be empty")
            _require_regex(word, index)
        return value

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            _require_regex(value, None)
        return value

    @model_validator(mode="after")
    def _complete_for_kind(self) -> Expect:
        bounded = self.at_least is not None or self.at_most is not None
        if self.kind == "mention":
            if self.pattern is None:
                raise ValueError("a mention needs a pattern (a regex such as ISO\\s*27001)")
            if bounded or self.unit is not None:
                raise ValueError("a mention takes no at_least, at_most or unit")
            return self
        if not bounded:
            raise ValueError(f"a {self.kind} fact needs at_least or at_most")
        if not self.near:
            raise ValueError(
                f"a {self.kind} fact needs near words, so a value counts only in a "
                "sentence about it"
            )
        if self.pattern is not None:
            raise ValueError("pattern is only for kind: mention")
        if (self.kind == "duration") != (self.unit is not None):
            raise ValueError(
                "a duration needs a unit"
                if self.kind == "duration"
                else f"unit is only for kind: duration, not {self.kind}"
            )
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise ValueError(f"at_least {self.at_least:g} is above at_most {self.at_most:g}")
        return self


def _require_regex(text: str, entry: int | None) -> None:
    """Raise a located error when ``text`` is not a valid regular expression."""
    try:
        re.compile(text, re.IGNORECASE)
    except re.error as error:
        message = f"{text!r} is not a valid regular expression: {error}"
        raise (ValueError(message) if entry is None else EntryError(entry, message)) from None


class Criterion(StrictModel):
    """One question in the library (or a buyer's own question) with how answers are scored."""

    id: str = Field(description="Question id printed in the RFP, e.g. SEC-01.")
    area: str = Field("", description="Area id; taken from the file for library criteria.")
    title: str = Field(min_length=1)
    question: str = Field(min_length=1, description="What the vendor must answer.")
    guidance: str = Field("", description="The evidence the buyer expects to see.")
    applies_to: AppliesTo = "both"
    mandatory: bool = Field(False, description="Pass/fail: failing it disqualifies the vendor.")
    weight: float = Field(1.0, ge=0, le=MAX_WEIGHT, description="Raw weight inside its area.")
    rubric: dict[int, str] = Field(description="What a score of 0 to 5 means.")
    match: str = Field("", description="A strong answer in vendors' words, for TF-IDF matching.")
    check: Check | None = None
    expects: list[Expect] = Field(
        default_factory=list,
        description="Facts the rubric names at levels 3 to 5, checked in the vendor's sentences.",
    )
    functions: list[str] | Literal["all"] = Field(
        "all",
        description="Function ids the question applies to (any one of them in the spec "
        "selects it), or 'all'.",
    )
    countries: list[str] = Field(
        default_factory=list,
        description="ISO alpha-2 codes; the question is asked only when the spec's countries "
        "include one of them. Empty: every country.",
    )
    systems: list[SystemKind] = Field(
        default_factory=list,
        description="Kinds of buyer system the RFP names under the question when the spec "
        "gives them (systems: in rfp.yaml).",
    )

    @field_validator("countries")
    @classmethod
    def _alpha2_countries(cls, value: list[str]) -> list[str]:
        return [_alpha2(code, index) for index, code in enumerate(value)]

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not CRITERION_ID.match(value):
            raise ValueError(
                f"criterion id {value!r} must look like SEC-01: capital letters, a dash, two digits"
            )
        return value

    @field_validator("rubric")
    @classmethod
    def _rubric_levels(cls, value: dict[int, str]) -> dict[int, str]:
        return rubric_levels(value)

    @property
    def query(self) -> str:
        """The text matched against proposals: the question plus the strong-answer vocabulary."""
        return f"{self.title}. {self.question} {self.match}".strip()


def rubric_levels(value: dict[int, str]) -> dict[int, str]:
    """A rubric must describe every level from 0 to 5 and nothing else; sorted by level."""
    expected = set(range(6))
    if set(value) != expected:
        missing = sorted(expected - set(value))
        extra = sorted(set(value) - expected)
        parts = []
        if missing:
            parts.append(f"missing level(s) {', '.join(map(str, missing))}")
        if extra:
            parts.append(f"unexpected level(s) {', '.join(map(str, extra))}")
        raise ValueError(f"rubric needs levels 0 to 5: {'; '.join(parts)}")
    return dict(sorted(value.items()))


class AreaInfo(StrictModel):
    """An evaluation area such as security or pricing: everything the code knows about it.

    The facts live in the area's YAML file, not in Python, so adding an area is adding a file.
    """

    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    title: str
    short_title: str = Field(
        "",
        description="Column heading in the shortlist's ranking table and radar; "
        "defaults to the title.",
    )
    order: int | None = Field(
        None,
        ge=0,
        description="Position in the RFP, the workbooks and the shortlist; areas without one "
        "come after those with one, by id.",
    )
    pricing: bool = Field(
        False,
        description="The commercial area: scored in the price envelope, which technical "
        "evaluators never see. At most one area may say so.",
    )
    description: str = ""

    @model_validator(mode="before")
    @classmethod
    def _short_title_defaults_to_title(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("short_title") and "title" in data:
            return {**data, "short_title": data["title"]}
        return data


class AreaFile(StrictModel):
    """One ``criteria/<area>.yaml`` file."""

    schema_version: Literal[1]
    area: AreaInfo
    criteria: list[Criterion] = Field(min_length=1)


class FunctionInfo(StrictModel):
    """An outsourceable business function, e.g. payroll or technical support."""

    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    office: Literal["front", "back"]
    title: str
    description: str = ""


class KPI(StrictModel):
    """A key performance indicator with the target typically contracted."""

    id: str
    title: str
    target: str
    definition: str = ""
    credit: bool = Field(
        True,
        description="False: reported, never a service credit (credits on handle time or "
        "occupancy reward rushed contacts; NPS and exception rates are not the vendor's alone).",
    )
    functions: list[str] | Literal["all"] = Field(
        "all", description="Function ids the KPI is for, or 'all'."
    )


class OfficeProfile(StrictModel):
    """Defaults for front, back or hybrid RFPs: area weights and typical KPIs."""

    title: str
    description: str = ""
    weights: dict[str, float]
    kpis: list[KPI] = Field(min_length=1)


class OfficesFile(StrictModel):
    """``criteria/offices.yaml``: the function catalogue and the three office profiles."""

    schema_version: Literal[1]
    functions: list[FunctionInfo] = Field(min_length=1)
    offices: dict[Office, OfficeProfile]


# --------------------------------------------------------------------------- evaluation stages


class StageCriterion(StrictModel):
    """One thing a later stage scores (``criteria/stages/<stage>.yaml``), e.g. the proposed
    team met in person at the orals; evaluators score it 0 to 5 on their stage sheets."""

    id: str = Field(description="Printed on the stage sheets, e.g. ORL-01.")
    title: str = Field(min_length=1)
    question: str = Field(min_length=1, description="What the panel judges.")
    guidance: str = Field("", description="What to look for, printed on the stage sheet.")
    weight: float = Field(1.0, ge=0, le=MAX_WEIGHT, description="Raw weight inside its stage.")
    rubric: dict[int, str] = Field(description="What a score of 0 to 5 means.")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not CRITERION_ID.match(value):
            raise ValueError(
                f"criterion id {value!r} must look like ORL-01: capital letters, a dash, two digits"
            )
        return value

    @field_validator("rubric")
    @classmethod
    def _rubric_levels(cls, value: dict[int, str]) -> dict[int, str]:
        return rubric_levels(value)

    def as_criterion(self, stage: str) -> Criterion:
        """The same item as a library criterion of area ``stage``, so the evaluator sheets and
        their reader handle stage rows exactly as written-proposal rows."""
        return Criterion(
            id=self.id,
            area=stage,
            title=self.title,
            question=self.question,
            guidance=self.guidance,
            weight=self.weight,
            rubric=self.rubric,
        )


class StageInfo(StrictModel):
    """A later stage: its id (the ``timeline`` key) and how documents name it."""

    id: StageName
    title: str = Field(min_length=1)
    description: str = ""


class StageFile(StrictModel):
    """One ``criteria/stages/<stage>.yaml`` file: what the stage scores."""

    schema_version: Literal[1]
    stage: StageInfo
    criteria: list[StageCriterion] = Field(min_length=1)


# --------------------------------------------------------------------------- the RFP spec


class Contact(StrictModel):
    """The buyer's single point of contact for the RFP."""

    name: str
    title: str = ""
    email: str = ""
    phone: str = ""


def _alpha2(value: str, index: int | None = None) -> str:
    """The ISO 3166 alpha-2 code for a country code or name; a located error otherwise."""
    try:
        return str(pycountry.countries.lookup(value).alpha_2)
    except LookupError:
        message = f"unknown country {value!r}; use an ISO code such as US or GB"
        raise (ValueError(message) if index is None else EntryError(index, message)) from None


SYSTEM_TITLES: dict[str, str] = {
    "crm": "CRM",
    "telephony": "Telephony / CCaaS",
    "ticketing": "Ticketing",
    "erp": "ERP",
    "hcm": "HCM / HRIS",
    "wfm": "Workforce management",
}


class Systems(StrictModel):
    """The buyer's own systems the vendor will work in, by name (``systems:``)."""

    crm: str = Field("", description="e.g. Salesforce Service Cloud")
    telephony: str = Field("", description="Telephony or CCaaS platform, e.g. Genesys Cloud")
    ticketing: str = Field("", description="e.g. Zendesk, ServiceNow")
    erp: str = Field("", description="e.g. SAP S/4HANA, Oracle Fusion")
    hcm: str = Field("", description="HCM or HRIS, e.g. Workday")
    wfm: str = Field("", description="Workforce management, e.g. NICE WFM")

    def named(self) -> dict[str, str]:
        """The systems the buyer named, kind -> name, in a fixed order."""
        return {kind: name.strip() for kind, name in self.model_dump().items() if name.strip()}


class Buyer(StrictModel):
    """The organisation issuing the RFP."""

    name: str = Field(min_length=1)
    country: str = Field(description="ISO 3166 country code or name.")
    contact: Contact

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        try:
            country = pycountry.countries.lookup(value)
        except LookupError:
            raise ValueError(
                f"unknown country {value!r}; use an ISO code such as US or GB"
            ) from None
        return str(country.name)


class Project(StrictModel):
    """What is being sourced."""

    title: str = Field(min_length=1)
    reference: str = Field(min_length=1, description="The RFP reference printed on every page.")
    summary: str = ""
    contract_years: int = Field(3, ge=1, le=10)


class Coverage(StrictModel):
    """The hours the buyer needs covered, in the buyer's time zone."""

    days: list[Day] = Field(min_length=1)
    start: time
    end: time
    mandatory: bool = Field(
        False,
        description="True: a vendor whose sites do not cover every hour is disqualified. "
        "False: it is priced for full coverage (uncovered hours at its own rate).",
    )

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock(cls, value: object) -> object:
        return yaml_clock(value)

    @field_validator("days", mode="before")
    @classmethod
    def _lower_days(cls, value: object) -> object:
        if isinstance(value, list):
            return [
                DAY_ALIASES.get(d.strip().lower(), d) if isinstance(d, str) else d for d in value
            ]
        return value

    @property
    def hours_per_day(self) -> float:
        """Hours per covered day; an end at or before the start runs past midnight."""
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        span = end - start if end > start else end + 24 * 60 - start
        return span / 60

    @property
    def hours_per_week(self) -> float:
        """Covered hours in a week."""
        return self.hours_per_day * len(self.days)


class Volume(StrictModel):
    """A monthly baseline volume: a front-office channel or a back-office transaction type."""

    channel: Channel | None = None
    transaction: str | None = Field(None, min_length=1)
    per_month: float = Field(gt=0, description=f"At most {MAX_MONTHLY_VOLUME:,}.")
    aht_seconds: float | None = Field(
        None,
        gt=0,
        le=MAX_HANDLE_SECONDS,
        description="Average handle time (channels), at most a day.",
    )
    handle_minutes: float | None = Field(
        None,
        gt=0,
        le=MAX_HANDLE_MINUTES,
        description="Typical minutes of work per transaction (back office), at most a week.",
    )
    employees: int | None = Field(
        None,
        gt=0,
        le=MAX_MONTHLY_VOLUME,
        description="Employees paid (payroll): what a per-employee-per-month price is charged on.",
    )

    @field_validator("per_month")
    @classmethod
    def _plausible_volume(cls, value: float) -> float:
        if value > MAX_MONTHLY_VOLUME:
            raise ValueError(
                f"{value:,.0f} a month is more than the {MAX_MONTHLY_VOLUME:,} any volume may "
                "be; check the units"
            )
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Volume:
        if (self.channel is None) == (self.transaction is None):
            raise ValueError("give exactly one of 'channel' or 'transaction'")
        if self.channel is not None and self.aht_seconds is None:
            raise ValueError(f"channel {self.channel!r} needs aht_seconds")
        return self

    @property
    def name(self) -> str:
        """The channel or transaction name."""
        return self.channel or self.transaction or ""


class Timeline(StrictModel):
    """Key RFP dates, in the order the process runs; every stage but the four original is optional.

    ``questions_due`` is when the written Q&A closes, so there is no separate closing date.
    """

    issued: date
    intent_to_bid: date | None = Field(
        None, description="Bidders confirm they will respond (and sign the NDA) by this date."
    )
    questions_due: date = Field(description="Written questions close on this date.")
    answers_published: date | None = Field(
        None, description="Answers to every question are sent to all bidders by this date."
    )
    proposals_due: date
    shortlist: date | None = Field(None, description="Shortlisted providers are told.")
    orals: date | None = Field(None, description="Oral presentations or demonstrations.")
    site_visits: date | None = Field(None, description="Visits to the proposed delivery sites.")
    reference_checks: date | None = Field(None, description="Calls to the providers' references.")
    bafo: date | None = Field(None, description="Best and final offers are due.")
    decision: date
    contract_signature: date | None = None
    go_live: date | None = None

    @model_validator(mode="after")
    def _in_order(self) -> Timeline:
        """Each date given must not come before the one given ahead of it; all slips at once."""
        steps = [(name, when) for name, when in self.dates() if when is not None]
        late = [
            (name_b, b, name_a, a)
            for (name_a, a), (name_b, b) in itertools.pairwise(steps)
            if b < a
        ]
        if late:
            raise EntryError(
                late[0][0],
                "; ".join(f"{nb} ({b}) comes before {na} ({a})" for nb, b, na, a in late),
            )
        return self

    @property
    def document_time(self) -> datetime:
        """When every document rfp writes says it was made: the issue date at 09:00, taken
        from the spec so that the same inputs give the same bytes (a time of writing made
        every file differ)."""
        return datetime(self.issued.year, self.issued.month, self.issued.day, 9, 0, 0)

    def dates(self) -> list[tuple[str, date | None]]:
        """Every stage key with its date (None when not given), in process order."""
        return [(name, getattr(self, name)) for name in TIMELINE_ORDER]


TIMELINE_ORDER = (
    "issued",
    "intent_to_bid",
    "questions_due",
    "answers_published",
    "proposals_due",
    "shortlist",
    "orals",
    "site_visits",
    "reference_checks",
    "bafo",
    "decision",
    "contract_signature",
    "go_live",
)
"""The timeline keys in the order the stages run; dates must follow it."""


class Process(StrictModel):
    """Rules of the RFP process that vary by buyer; the fixed rules are the template's wording."""

    page_limit: int | None = Field(
        None,
        ge=1,
        le=2000,
        description="Most pages the written proposal may run to, attachments excluded.",
    )


class CriteriaOverrides(StrictModel):
    """Tailoring of the library: extra criteria, removed criteria and per-criterion weights."""

    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    weights: dict[str, float] = Field(default_factory=dict)

    @field_validator("include", "exclude")
    @classmethod
    def _known_ids(cls, value: list[str], info: ValidationInfo) -> list[str]:
        _require_known(value, _context(info).criterion_ids, "criterion id")
        return value

    @field_validator("weights")
    @classmethod
    def _known_weighted_ids(cls, value: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        _require_known(value, _context(info).criterion_ids, "criterion id")
        _require_weights(value)
        return value


class Pricing(StrictModel):
    """How vendors must price: the accepted models, the currency, and any exchange rates."""

    currency: str = "USD"
    models: list[PriceModel] = Field(default_factory=list)
    discount_rate: float | None = Field(
        None,
        ge=0,
        le=0.5,
        description="Yearly rate (0.05 = 5%) that brings each contract year's cost to today's "
        "money; none: years are added undiscounted.",
    )
    abnormally_low_per_fte_month: float | None = Field(
        None,
        gt=0,
        le=MAX_EXCHANGE_RATE,
        description="A price working out below this per FTE-month of the work the volumes need "
        "(by the buyer's staffing model) is abnormally low: the vendor is asked to justify it "
        "and it does not set the lowest price. None: only a nominal price (under one unit of "
        "the currency per FTE-month) is caught.",
    )
    exchange_rates: dict[str, float] = Field(
        default_factory=dict,
        description="Units of the RFP's currency per unit of another, e.g. EUR: 1.08 (1 EUR = "
        "1.08 USD): a price quoted in that currency is converted, and the workings say so. "
        "Without one, a price in another currency is not used.",
    )

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if pycountry.currencies.get(alpha_3=value.upper()) is None:
            raise ValueError(f"unknown currency {value!r}; use an ISO 4217 code such as USD")
        return value.upper()

    @field_validator("exchange_rates")
    @classmethod
    def _usable_rates(cls, value: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        """ISO 4217 codes other than the RFP's own, each at a positive, bounded rate."""
        currency = str(info.data.get("currency", ""))
        rates: dict[str, float] = {}
        for key, rate in value.items():
            code = str(key).strip().upper()
            if pycountry.currencies.get(alpha_3=code) is None:
                raise EntryError(key, f"unknown currency {key!r}; use an ISO 4217 code such as EUR")
            if code == currency:
                raise EntryError(key, f"{code} is the RFP's own currency; remove this rate")
            if not MIN_EXCHANGE_RATE <= rate <= MAX_EXCHANGE_RATE:
                raise EntryError(
                    key,
                    f"rate {rate:g} is out of range: give the {currency or 'RFP currency'} "
                    f"units one {code} buys, between {MIN_EXCHANGE_RATE:g} and "
                    f"{MAX_EXCHANGE_RATE:,g}",
                )
            if code in rates:
                raise EntryError(key, f"{code} is given twice")
            rates[code] = rate
        return rates


class ServiceLevel(StrictModel):
    """The speed-of-answer target used to staff voice with Erlang C, e.g. 80% in 20 seconds."""

    percent: float = Field(80, gt=0, lt=100)
    answer_seconds: float = Field(
        20, gt=0, le=MAX_HANDLE_SECONDS, description="Seconds to answer in, at most a day."
    )


class Evaluation(StrictModel):
    """How scores are combined; printed in the RFP and applied by ``rfp score``."""

    aggregate: Literal["mean", "median"] = "mean"
    knockout_below: float = Field(
        2, ge=0, le=5, description="A mandatory criterion scored below this disqualifies."
    )
    stages: dict[StageName, float] = Field(
        default_factory=dict,
        description="Percent of the final total each later stage carries (orals, site_visits, "
        "reference_checks), e.g. {orals: 20}; the written proposal keeps the rest. Each needs "
        "its date in the timeline; 0 or absent: the stage is held but not scored.",
    )

    @field_validator("stages")
    @classmethod
    def _stage_shares(cls, value: dict[str, float]) -> dict[str, float]:
        """Each share a percent from 0 to under 100, and together under 100: the written
        proposal must keep some weight, or the shortlist it chose would count for nothing."""
        for name, share in value.items():
            if not 0 <= share < 100:
                raise EntryError(name, f"{name}: {share:g} is not a percent from 0 to under 100")
        total = sum(value.values())
        if total >= 100:
            raise ValueError(
                f"the stages add up to {total:g}% of the final total; keep them under 100 so the "
                "written proposal still counts"
            )
        return value

    @property
    def scored_stages(self) -> dict[str, float]:
        """Stage -> percent of the final total, for the stages that carry points, in process
        order."""
        shares: dict[str, float] = {str(name): share for name, share in self.stages.items()}
        return {name: shares[name] for name in SCORED_STAGES if shares.get(name, 0) > 0}


_MB = 1024 * 1024


class Limits(StrictModel):
    """How much of any one untrusted input is read (``limits:`` in rfp.yaml).

    Vendors' files are read under these bounds so a hostile or broken file costs a warning
    against that vendor, not the run's memory or time. The YAML bounds apply to the criteria
    files; rfp.yaml itself is always read with the defaults, since its limits are inside it.
    """

    file_mb: int = Field(100, gt=0, description="Largest vendor file read, in MB.")
    unzipped_mb: int = Field(
        500,
        gt=0,
        description="Largest total unpacked size of a DOCX, XLSX or ODS, in MB (zip bombs).",
    )
    pdf_pages: int = Field(1000, gt=0, description="Most pages read from one PDF.")
    workbook_rows: int = Field(5000, gt=0, description="Rows read from each response sheet.")
    workbook_columns: int = Field(
        64, gt=0, description="Columns searched for the known headers of each response sheet."
    )
    yaml_mb: int = Field(MAX_YAML_BYTES // _MB, gt=0, description="Largest criteria YAML file.")
    yaml_depth: int = Field(MAX_YAML_DEPTH, gt=0, description="Deepest nesting in a YAML file.")
    yaml_nodes: int = Field(
        MAX_YAML_NODES, gt=0, description="Most values in a YAML file once aliases expand."
    )
    passages_per_vendor: int = Field(
        5000, gt=0, description="Passages scored per vendor; the first in reading order."
    )

    @property
    def file_bytes(self) -> int:
        """``file_mb`` in bytes."""
        return self.file_mb * _MB

    @property
    def unzipped_bytes(self) -> int:
        """``unzipped_mb`` in bytes."""
        return self.unzipped_mb * _MB

    def yaml(self) -> YamlLimits:
        """The bounds for the criteria files read under this project."""
        return YamlLimits(self.yaml_mb * _MB, self.yaml_depth, self.yaml_nodes, configurable=True)


RuleAction = Literal["confirm", "disqualify"]
RULE_TITLES: dict[str, str] = {
    "missing_workbook": "a proposal without the completed response workbook",
    "missing_certification": "a required certification the proposal never states it holds",
    "missing_language": "a required language the proposal never states it offers",
    "unanswered_mandatory": "a mandatory question with no answer found in the proposal",
    "unpriced": "a proposal with no usable price",
    "contract_unanswered": "a non-negotiable contract term (Annex C) left unanswered, or not "
    "answered with a clear choice, in the response workbook",
}
"""The classes of unconfirmed item ``rules:`` can make disqualifying, worded for the RFP."""


class Rules(StrictModel):
    """What happens to a vendor for each class of item it did not state (``rules:``).

    ``confirm`` (the default) keeps the vendor in the ranking, marked "to be confirmed", with the
    item listed for the buyer to clarify; ``disqualify`` makes the item a knockout. A fact the
    vendor stated that fails the requirement always disqualifies, whatever the rules.
    """

    missing_workbook: RuleAction = "confirm"
    missing_certification: RuleAction = "confirm"
    missing_language: RuleAction = "confirm"
    unanswered_mandatory: RuleAction = "confirm"
    unpriced: RuleAction = "confirm"
    contract_unanswered: RuleAction = "confirm"

    def action(self, kind: str) -> RuleAction:
        """The rule for one item class; an unknown class is only ever to be confirmed."""
        value = getattr(self, kind, "confirm") if kind in RULE_TITLES else "confirm"
        return "disqualify" if value == "disqualify" else "confirm"

    @property
    def strict(self) -> list[str]:
        """The item classes the buyer made disqualifying, in the documented order."""
        return [kind for kind in RULE_TITLES if self.action(kind) == "disqualify"]


class Spec(StrictModel):
    """The whole ``rfp.yaml``."""

    schema_version: Literal[1]
    buyer: Buyer
    project: Project
    office: Office
    functions: list[str] = Field(min_length=1)
    countries: list[str] = Field(
        default_factory=list,
        description="Countries whose customers or employees the work serves (ISO codes or "
        "names); picks the country-specific questions. Empty: the buyer's country.",
    )
    systems: Systems = Field(default_factory=Systems)
    locations: list[Location] = Field(min_length=1)
    time_zone: str
    coverage: Coverage
    languages: list[str] = Field(min_length=1)
    certifications: list[str] = Field(default_factory=list)
    volumes: list[Volume] = Field(default_factory=list)
    service_level: ServiceLevel = Field(default_factory=ServiceLevel)
    timeline: Timeline
    process: Process = Field(default_factory=Process)
    weights: dict[str, float] = Field(default_factory=dict)
    criteria: CriteriaOverrides = Field(default_factory=CriteriaOverrides)
    questions: list[Criterion] = Field(default_factory=list)
    pricing: Pricing = Field(default_factory=Pricing)
    evaluation: Evaluation = Field(default_factory=Evaluation)
    limits: Limits = Field(default_factory=Limits)
    rules: Rules = Field(default_factory=Rules)
    contract: Contract = Field(default_factory=Contract)

    @field_validator("evaluation")
    @classmethod
    def _stages_dated(cls, value: Evaluation, info: ValidationInfo) -> Evaluation:
        """A scored stage needs its date in the timeline: the RFP prints when it happens."""
        timeline = info.data.get("timeline")
        if not isinstance(timeline, Timeline):
            return value
        undated = [name for name in value.scored_stages if getattr(timeline, name) is None]
        if undated:
            raise EntryError(
                ("stages", undated[0]),
                "; ".join(f"{name} is scored but timeline.{name} has no date" for name in undated),
            )
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}{suggest(value, zoneinfo.available_timezones())}; "
                "use an IANA name such as America/New_York"
            ) from None
        return value

    @field_validator("languages")
    @classmethod
    def _iso_languages(cls, value: list[str]) -> list[str]:
        codes = []
        bad: list[tuple[str, str]] = []
        first_bad = -1
        for index, entry in enumerate(value):
            code = entry.strip().lower()
            if not is_language_code(code):
                by_name = code_for_name(entry)
                hint = f" (did you mean {by_name!r}?)" if by_name else ""
                bad.append((repr(entry), hint))
                first_bad = index if first_bad < 0 else first_bad
            codes.append(code)
        if bad:
            if len(bad) == 1:
                message = f"{bad[0][0]} is not an ISO 639-1 language code{bad[0][1]}"
            else:
                listed = ", ".join(entry + hint for entry, hint in bad)
                message = f"not ISO 639-1 language codes: {listed}"
            raise EntryError(first_bad, message)
        return codes

    @field_validator("functions")
    @classmethod
    def _known_functions(cls, value: list[str], info: ValidationInfo) -> list[str]:
        context = _context(info)
        _require_known(value, context.function_offices, "function")
        office = info.data.get("office")
        if office in ("front", "back"):
            wrong = [f for f in value if context.function_offices[f] != office]
            if wrong:
                other = "back" if office == "front" else "front"
                raise EntryError(
                    value.index(wrong[0]),
                    f"{', '.join(wrong)} {'is a' if len(wrong) == 1 else 'are'} {other}-office "
                    f"function{'s' if len(wrong) > 1 else ''}; set office: hybrid or remove "
                    f"{'it' if len(wrong) == 1 else 'them'}",
                )
        return value

    @field_validator("countries")
    @classmethod
    def _known_countries(cls, value: list[str]) -> list[str]:
        return [_alpha2(entry, index) for index, entry in enumerate(value)]

    @property
    def country_codes(self) -> list[str]:
        """The ISO alpha-2 codes the work serves: ``countries``, else the buyer's country."""
        return self.countries or [_alpha2(self.buyer.country)]

    @field_validator("volumes")
    @classmethod
    def _staffable(cls, value: list[Volume], info: ValidationInfo) -> list[Volume]:
        coverage = info.data.get("coverage")
        if not isinstance(coverage, Coverage):
            return value
        open_seconds = coverage.hours_per_week * 52 / 12 * 3600
        for index, volume in enumerate(value):
            if volume.aht_seconds is None:
                continue
            busy = volume.per_month * volume.aht_seconds / open_seconds
            if busy > MAX_AGENTS_BUSY:
                raise EntryError(
                    index,
                    f"{volume.name}: {volume.per_month:,.0f} a month at {volume.aht_seconds:g} s "
                    f"each over {open_seconds / 3600:,.0f} open hours a month keeps {busy:,.0f} "
                    f"agents busy at once, more than the {MAX_AGENTS_BUSY:,} any channel may; "
                    "check per_month, aht_seconds and coverage",
                )
        return value

    @field_validator("weights")
    @classmethod
    def _area_weights(cls, value: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        context = _context(info)
        _require_known(value, context.area_ids, "area")
        _require_weights(value)
        defaults = context.office_weights.get(str(info.data.get("office", "")), {})
        effective = {**defaults, **value}
        if value and not any(weight > 0 for weight in effective.values()):
            raise ValueError("all area weights are zero; give at least one area a positive weight")
        return value

    @field_validator("questions")
    @classmethod
    def _buyer_questions(cls, value: list[Criterion], info: ValidationInfo) -> list[Criterion]:
        context = _context(info)
        seen: set[str] = set()
        for question in value:
            if question.id in context.criterion_ids:
                raise ValueError(f"question id {question.id} is already used by the library")
            if question.id in seen:
                raise ValueError(f"question id {question.id} is used twice")
            seen.add(question.id)
            if question.area not in context.area_ids:
                raise ValueError(
                    f"question {question.id} needs an area, one of: {', '.join(context.area_ids)}"
                    f"{suggest(question.area, context.area_ids)}"
                )
        return value

    @property
    def price_models(self) -> list[str]:
        """Accepted price models: the spec's, or the usual ones for the office."""
        if self.pricing.models:
            return list(self.pricing.models)
        if self.office == "front":
            return ["per_fte_month", "per_productive_hour", "per_minute"]
        if self.office == "back":
            payroll = any(is_payroll(v.name) for v in self.volumes) or "payroll" in self.functions
            return ["per_fte_month", "per_transaction"] + (
                ["per_employee_month"] if payroll else []
            )
        return list(PRICE_MODEL_TITLES)


# --------------------------------------------------------------------------- validation plumbing


@dataclass(frozen=True)
class SpecContext:
    """What the spec is checked against: the library's areas, criteria and functions."""

    area_ids: tuple[str, ...] = ()
    criterion_ids: frozenset[str] = frozenset()
    function_offices: Mapping[str, str] = field(default_factory=dict)
    office_weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)


def _context(info: ValidationInfo) -> SpecContext:
    context = info.context
    if isinstance(context, SpecContext):
        return context
    return SpecContext()


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the nearest choice, or an empty string."""
    matches = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    if not matches:
        matches = difflib.get_close_matches(str(word).lower(), sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def _require_known(values: Iterable[str], known: Iterable[str], what: str) -> None:
    known_set = set(known)
    if not known_set:
        return
    entries = list(values)
    unknown = [value for value in entries if value not in known_set]
    if unknown:
        messages = [f"unknown {what} {value!r}{suggest(value, known_set)}" for value in unknown]
        raise EntryError(_entry_key(values, unknown[0]), "; ".join(messages))


def _require_weights(weights: Mapping[str, float]) -> None:
    """Weights are finite (the model refuses NaN and infinity), not negative, not huge."""
    negative = [key for key, value in weights.items() if value < 0]
    if negative:
        listed = ", ".join(f"{key} = {weights[key]:g}" for key in negative)
        raise EntryError(negative[0], f"weights cannot be negative: {listed}")
    huge = [key for key, value in weights.items() if value > MAX_WEIGHT]
    if huge:
        listed = ", ".join(f"{key} = {weights[key]:g}" for key in huge)
        raise EntryError(huge[0], f"{too_large_weight()}: {listed}")


def too_large_weight() -> str:
    """The message for a weight above ``MAX_WEIGHT``, shared with the criteria library."""
    return f"weight too large; weights are relative, so keep each at most {MAX_WEIGHT:,}"


def _entry_key(container: Iterable[str], entry: str) -> str | int:
    """The key path step of ``entry``: itself in a mapping, its index in a list."""
    if isinstance(container, Mapping):
        return entry
    return list(container).index(entry)


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    """Find the pydantic model inside ``list[X]``, ``X | None`` or ``dict[str, X]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _unwrap_model(typing.get_args(annotation)[0])
    if origin in (list, dict, tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap_model(arg)
            if found is not None:
                return found
    return None


def _model_at(root: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
    """Walk a pydantic error location to the model that owns its last key."""
    model: type[BaseModel] | None = root
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        if part in model.model_fields:
            model = _unwrap_model(model.model_fields[part].annotation)
        elif isinstance(part, str) and model is not root:
            # dict keys (like an office name) pass through to the value model
            continue
        else:
            return None
    return model


def _message(error: Any, root: type[BaseModel], loc: KeyPath) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        owner = _model_at(root, loc[:-1])
        fields = list(owner.model_fields) if owner else []
        return f"unknown key {loc[-1]!r}{suggest(str(loc[-1]), fields)}"
    if kind == "missing":
        return "this key is required"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind == "literal_error":
        given = error.get("input")
        return f"{given!r} is not allowed: {message.lower()}"
    return message


def problems_from(
    error: ValidationError, document: YamlDocument, root: type[BaseModel]
) -> list[Problem]:
    """Turn every pydantic error into a located Problem, in file order."""
    problems = []
    for item in error.errors():
        loc: KeyPath = tuple(
            part
            for part in item["loc"]
            if not (isinstance(part, str) and part.startswith("function-"))
        )
        cause = item.get("ctx", {}).get("error")
        if isinstance(cause, EntryError):
            loc = (*loc, *(cause.entry if isinstance(cause.entry, tuple) else (cause.entry,)))
        problems.append(document.problem(loc, _message(item, root, loc)))
    problems.sort(key=lambda p: (p.line or 0, p.key))
    return problems


def validate_document(
    document: YamlDocument, model: type[ModelT], context: object | None = None
) -> ModelT:
    """Validate a parsed YAML file against ``model``, raising one ConfigError with every problem."""
    if not isinstance(document.data, dict):
        raise ConfigError(
            [
                Problem(
                    str(document.path), "expected a mapping of keys at the top of the file", line=1
                )
            ]
        )
    try:
        return model.model_validate(document.data, context=context)
    except ValidationError as error:
        raise ConfigError(problems_from(error, document, model)) from None


def limits_of(document: YamlDocument) -> Limits:
    """The project's ``limits:`` read ahead of the rest, to read the criteria files under them.

    Invalid limits give the defaults here; validating the whole spec then reports them with
    every other problem, at once.
    """
    data = document.data
    section = data.get("limits") if isinstance(data, dict) else None
    if section is None:
        return Limits()
    try:
        return Limits.model_validate(section)
    except ValidationError:
        return Limits()


def load_spec(path: Path, context: SpecContext) -> tuple[Spec, YamlDocument]:
    """Read and validate an ``rfp.yaml`` against the library described by ``context``."""
    document = read_yaml(path)
    spec = validate_document(document, Spec, context)
    return spec, document
