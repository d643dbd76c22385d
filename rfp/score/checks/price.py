"""A vendor's quotes normalised to an annual cost at the buyer's volumes, with the workings."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from rfp.core.kit_layout import PLAUSIBLE_PRODUCTIVE_HOURS
from rfp.core.payroll import PAYSLIPS_PER_PAYROLL_FTE_YEAR, is_payroll
from rfp.errors import ScoringError
from rfp.score.checks.staffing import fte_required, payroll_fte_required
from rfp.score.checks.validation import (
    require_non_negative,
    require_positive,
    require_shrinkage,
)

PRICE_MODELS: tuple[str, ...] = (
    "per_fte_month",
    "per_productive_hour",
    "per_minute",
    "per_transaction",
    "per_employee_month",
)
_QUEUED_CHANNELS = frozenset({"voice", "phone", "calls", "telephone"})
_CONTACT_NOUNS = {"voice": "calls", "phone": "calls", "chat": "chats", "email": "emails"}
_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
_SCOPE_SEPARATOR = re.compile(r"\s*(?:[,+/&]|\band\b)\s*", re.IGNORECASE)


def productive_hours_problem(hours: float) -> str:
    """Why a vendor-stated productive hours per FTE-month is not used, or "" when it is: a
    figure outside ``PLAUSIBLE_PRODUCTIVE_HOURS`` (set aside for ``annual_cost``'s default of
    paid hours less shrinkage, 112)."""
    low, high = PLAUSIBLE_PRODUCTIVE_HOURS
    if not math.isfinite(hours) or not low <= hours <= high:
        return f"{hours:g} productive hours per FTE-month is outside the plausible {low:g}-{high:g}"
    return ""


@dataclass(frozen=True)
class ChannelVolume:
    """A front-office channel's monthly baseline volume and average handle time."""

    channel: str
    per_month: float
    aht_seconds: float

    def __post_init__(self) -> None:
        require_non_negative(self.per_month, f"{self.channel} volume")
        require_positive(self.aht_seconds, f"{self.channel} AHT")


@dataclass(frozen=True)
class TransactionVolume:
    """A back-office transaction type's monthly volume.

    ``handle_minutes`` (work per transaction) is only needed to turn the volume into FTE for a
    per-FTE or per-hour quote that does not state its FTE.
    """

    name: str
    per_month: float
    handle_minutes: float | None = None
    employees: float | None = None

    def __post_init__(self) -> None:
        require_non_negative(self.per_month, f"{self.name} volume")
        if self.handle_minutes is not None:
            require_positive(self.handle_minutes, f"{self.name} handle minutes")
        if self.employees is not None:
            require_positive(self.employees, f"{self.name} employees")


@dataclass(frozen=True)
class PriceQuote:
    """One price line from a vendor; ``scope`` names the channels or transactions it covers.

    An empty scope covers everything not priced by a quote with an explicit scope
    (a per-minute quote covers channels only, since transactions have no handle minutes; a
    per-employee quote covers payroll only). ``rate`` is year 1's; ``year_rates`` the rates
    the vendor stated for years 2, 3...; ``escalation`` its yearly increase (0.03 = 3%) for the
    years it gave no rate; ``transition_fee`` a one-time charge (see ``rate_in_year``).
    """

    model: str
    rate: float
    currency: str = "USD"
    fte: float | None = None
    scope: str = ""
    year_rates: tuple[float, ...] = ()
    escalation: float | None = None
    transition_fee: float = 0.0
    band: tuple[float, float | None] | None = None
    productive_hours: float | None = None
    """The vendor's productive hours per FTE-month for this line (paid hours less shrinkage);
    None: ``annual_cost``'s default. Callers pass only a plausible figure (see
    ``productive_hours_problem``)."""

    def __post_init__(self) -> None:
        if self.model not in PRICE_MODELS:
            raise ScoringError(
                f"unknown price model {self.model!r}: use one of {', '.join(PRICE_MODELS)}"
            )
        require_non_negative(self.rate, f"{self.model} rate")
        if self.fte is not None:
            require_non_negative(self.fte, "quoted FTE")
        for rate in self.year_rates:
            require_non_negative(rate, f"{self.model} later-year rate")
        if self.escalation is not None:
            require_non_negative(self.escalation, "annual escalation")
        require_non_negative(self.transition_fee, "transition fee")
        if self.productive_hours is not None:
            require_positive(self.productive_hours, "productive hours per FTE month")

    def rate_in_year(self, year: int) -> float:
        """The rate charged in contract year ``year`` (1-based): the vendor's rate for that year,
        else the last stated rate grown by the escalation, else held constant."""
        if year <= 1:
            return self.rate
        stated = (self.rate, *self.year_rates)
        if year <= len(stated):
            return stated[year - 1]
        growth = (1 + (self.escalation or 0.0)) ** (year - len(stated))
        return stated[-1] * growth


@dataclass(frozen=True)
class PriceEstimate:
    """A vendor's price normalised to the buyer's volumes, with the workings as evidence.

    ``fte`` is the FTE the FTE- and hour-based lines charge for (0 for pure volume pricing);
    ``unpriced`` lists volumes no quote covers, which make the total look cheaper than it is.
    ``per_hour_cost`` is the part of ``annual_cost`` priced per hour of cover: FTE- and
    hour-based lines at the FTE the vendor stated, which staff only the hours its sites are
    open. The rest is priced per unit of work at the buyer's volumes (per minute, transaction
    or employee, or at FTE derived from the buyer's own hours) and already covers every hour.
    """

    annual_cost: float
    model: str
    fte: float
    lines: list[str]
    currency: str = "USD"
    unpriced: list[str] = field(default_factory=list)
    per_hour_cost: float = 0.0


@dataclass(frozen=True)
class _Workload:
    name: str
    per_month: float
    aht_seconds: float | None  # channels
    handle_minutes: float | None  # transactions
    employees: float | None = None  # payroll

    @property
    def is_payroll(self) -> bool:
        return not self.is_channel and is_payroll(self.name)

    @property
    def employees_paid(self) -> tuple[float, str]:
        """(employees, how known): the spec's figure, else one payslip per employee a month."""
        if self.employees is not None:
            return self.employees, f"{_number(self.employees)} employees"
        return self.per_month, (
            f"{_number(self.per_month)} employees (one {self.name} per employee a month assumed)"
        )

    @property
    def is_channel(self) -> bool:
        return self.aht_seconds is not None

    @property
    def volume_text(self) -> str:
        if self.is_channel:
            noun = _CONTACT_NOUNS.get(self.name.casefold(), "contacts")
        else:
            noun = self.name
        return f"{_number(self.per_month)} {noun}/month"


@dataclass(frozen=True)
class _Assumptions:
    open_hours: float
    target_service_level: float
    target_answer_seconds: float
    shrinkage: float
    paid_hours: float
    handle_minutes: float | None
    symbol: str
    stated_productive: float | None = None
    """The quote's own productive hours per FTE-month, when the vendor stated them."""

    @property
    def productive_hours(self) -> float:
        """The buyer's model, paid hours less shrinkage: the hours every derived FTE works, so a
        vendor's own productivity claim never shrinks the FTE its price is computed on."""
        return self.paid_hours * (1 - self.shrinkage)

    @property
    def billed_hours(self) -> float:
        """Productive hours a vendor-stated FTE bills per month on a per-hour line: the vendor's
        own figure when stated (its bill), else the buyer's model."""
        if self.stated_productive is not None:
            return self.stated_productive
        return self.productive_hours

    @property
    def hours_text(self) -> str:
        """How a stated FTE's billed hours were set, for the workings."""
        if self.stated_productive is not None:
            return f"{_number(self.stated_productive, 1)} productive h/FTE-month (vendor-stated)"
        return self.model_hours_text

    @property
    def model_hours_text(self) -> str:
        """The buyer's model hours, for the workings."""
        return f"{_number(self.paid_hours)} h × (1 − {self.shrinkage:.2f})"

    def for_quote(self, quote: PriceQuote) -> _Assumptions:
        """These assumptions with the quote's own productive hours, if it states them."""
        if quote.productive_hours is None:
            return self
        return replace(self, stated_productive=quote.productive_hours)


def annual_cost(
    quotes: Sequence[PriceQuote],
    channels: Sequence[ChannelVolume],
    transactions: Sequence[TransactionVolume],
    open_hours_per_month: float,
    *,
    target_service_level: float = 0.8,
    target_answer_seconds: float = 20,
    shrinkage: float = 0.30,
    paid_hours_per_fte_month: float = 160,
    minutes_per_transaction: float | None = None,
) -> PriceEstimate:
    """A vendor's annual cost at the buyer's volumes, whatever pricing model it quoted.

    - per_fte_month: rate x FTE x 12;
    - per_productive_hour: rate x FTE x paid hours x (1 - shrinkage) x 12;
    - per_minute: rate x volume x AHT / 60 x 12, over the channels in scope;
    - per_transaction: rate x volume x 12, over the contacts or transactions in scope;
    - per_employee_month: rate x employees paid x 12, over payroll volumes only.

    FTE is the vendor's own figure when the quote states it. Otherwise it is derived: voice
    by Erlang C (see ``fte_required``); chat, email and other channels by workload,
    volume x AHT / (paid hours x (1 - shrinkage)), with no chat concurrency assumed;
    transactions the same way from their handle minutes (``TransactionVolume.handle_minutes``
    or ``minutes_per_transaction``), except payroll, staffed by the practitioner ratio of
    payslips per payroll FTE (``payroll_fte_required``) rather than minutes per payslip.
    No minutes are invented: without them a derived FTE for
    a transaction raises ScoringError. Derived FTE is rounded to 0.1 per line so each line's
    arithmetic can be checked by hand.
    """
    if not quotes:
        raise ScoringError("no price quotes to normalise")
    require_positive(open_hours_per_month, "open hours per month")
    require_positive(paid_hours_per_fte_month, "paid hours per FTE month")
    require_shrinkage(shrinkage)
    if minutes_per_transaction is not None:
        require_positive(minutes_per_transaction, "minutes per transaction")
    currencies = sorted({quote.currency.strip().upper() for quote in quotes})
    if len(currencies) > 1:
        raise ScoringError(f"quotes mix currencies {currencies}: convert them to one first")
    currency = currencies[0]
    workloads = _workloads(channels, transactions)
    assumptions = _Assumptions(
        open_hours=open_hours_per_month,
        target_service_level=target_service_level,
        target_answer_seconds=target_answer_seconds,
        shrinkage=shrinkage,
        paid_hours=paid_hours_per_fte_month,
        handle_minutes=minutes_per_transaction,
        symbol=currency_symbol(currency),
    )
    assigned = _assign_scopes(quotes, workloads)

    lines: list[str] = []
    total = 0.0
    total_fte = per_hour = 0.0
    for quote, covered in assigned:
        own = assumptions.for_quote(quote)
        cost, fte, quote_lines = _price_quote(quote, covered, own)
        total += cost
        total_fte += fte
        per_hour += cost if _priced_per_hour_of_cover(quote, covered, own) else 0.0
        lines.extend(quote_lines)
    priced = {item.name for _, covered in assigned for item in covered}
    unpriced = [item for item in workloads if item.name not in priced]
    lines.extend(f"{item.name}: {item.volume_text} not priced by any quote" for item in unpriced)
    models = sorted({quote.model for quote in quotes})
    model = models[0] if len(models) == 1 else "mixed"
    lines.append(f"total: {_money(total, assumptions.symbol)} per year ({model})")
    return PriceEstimate(
        annual_cost=round(total, 2),
        model=model,
        fte=round(total_fte, 1),
        lines=lines,
        currency=currency,
        unpriced=sorted(item.name for item in unpriced),
        per_hour_cost=round(per_hour, 2),
    )


def workload_fte(
    channels: Sequence[ChannelVolume],
    transactions: Sequence[TransactionVolume],
    open_hours_per_month: float,
    *,
    target_service_level: float = 0.8,
    target_answer_seconds: float = 20,
) -> float | None:
    """The FTE the buyer's volumes need by the staffing model ``annual_cost`` uses, whatever a
    vendor states; None when none can be derived. A transaction with no handle minutes is left
    out: the FTE is then fewer than the work needs, so a price per FTE-month measured on it is
    higher, and only a price that is low even so is called abnormally low."""
    assumptions = _Assumptions(
        open_hours=open_hours_per_month,
        target_service_level=target_service_level,
        target_answer_seconds=target_answer_seconds,
        shrinkage=0.30,
        paid_hours=160,
        handle_minutes=None,
        symbol="",
    )
    total, derived = 0.0, False
    for item in _workloads(channels, transactions):
        try:
            total += _derived_fte(item, assumptions)[1]
        except ScoringError:
            continue
        derived = True
    return round(total, 1) if derived else None


def abnormally_low(
    yearly_cost: float, needed_fte: float | None, floor: float, currency: str
) -> str:
    """Why a price is abnormally low for the work the buyer's volumes need ("" when it is not).

    Measured against the buyer's own staffing model and a floor per FTE-month the buyer sets,
    never against other bids, so it does not depend on who else bid.
    """
    if not needed_fte or needed_fte <= 0 or floor <= 0:
        return ""
    per_fte_month = yearly_cost / 12 / needed_fte
    if per_fte_month >= floor:
        return ""
    symbol = currency_symbol(currency)
    return (
        f"abnormally low: {_money(per_fte_month, symbol)} per FTE-month for the "
        f"{_number(needed_fte, 1)} FTE the volumes need, below the floor of "
        f"{_money(floor, symbol)}; ask the vendor to justify it"
    )


def _priced_per_hour_of_cover(
    quote: PriceQuote, covered: Sequence[_Workload], assumptions: _Assumptions
) -> bool:
    """Whether a quote's cost buys the vendor's open hours rather than the buyer's work: an
    FTE- or hour-based line at the FTE the vendor stated (and not floored to the FTE the
    buyer's volumes need, which is derived over the buyer's own hours)."""
    if quote.model not in {"per_fte_month", "per_productive_hour"} or quote.fte is None:
        return False
    floor, needed = plausible_fte_floor(covered, assumptions)
    return needed is None or quote.fte >= floor


def select_bands(
    quotes: Sequence[PriceQuote], volumes: Mapping[str, float]
) -> tuple[list[PriceQuote], list[str]]:
    """The quotes that apply at the baseline volumes, with a line for each banded one.

    A per-transaction rate may depend on volume, one quote per monthly volume band (both ends
    included; no upper end: and above). Only the band holding the baseline volume of its scope
    (``volumes``: casefolded name -> per month) prices it, so a tiny rate for a volume the buyer
    will never reach earns nothing. A band on a quote without one named scope is not used.
    """
    kept: list[PriceQuote] = []
    lines: list[str] = []
    for quote in quotes:
        if quote.band is None:
            kept.append(quote)
            continue
        low, high = quote.band
        band = f"{_number(low)}–{_number(high)}" if high is not None else f"{_number(low)} and up"
        rate = _money(quote.rate, currency_symbol(quote.currency))
        volume = volumes.get(quote.scope.strip().casefold())
        if volume is None:
            lines.append(f"band {band} a month at {rate}: not used (a band needs one named volume)")
        elif low <= volume and (high is None or volume <= high):
            kept.append(quote)
            lines.append(
                f"{quote.scope}: {_number(volume)} a month is in the band {band}: {rate} applies"
            )
        else:
            lines.append(f"{quote.scope}: band {band} a month at {rate} does not apply")
    return kept, lines


def currency_symbol(currency: str) -> str:
    """How amounts in a currency are printed in the workings: "$", "€", "£" or "CAD "."""
    code = currency.strip().upper()
    return _CURRENCY_SYMBOLS.get(code, f"{code} ")


def price_points(annual_costs: Mapping[str, float], points: float) -> dict[str, float]:
    """Price score per vendor: lowest cost / this cost x points, rounded to 2 decimals."""
    require_non_negative(points, "price points")
    for vendor, cost in annual_costs.items():
        if not math.isfinite(cost) or cost <= 0:
            raise ScoringError(f"annual cost for {vendor!r} must be positive, got {cost}")
    if not annual_costs:
        return {}
    lowest = min(annual_costs.values())
    return {
        vendor: round(lowest / annual_costs[vendor] * points, 2) for vendor in sorted(annual_costs)
    }


def _workloads(
    channels: Sequence[ChannelVolume], transactions: Sequence[TransactionVolume]
) -> list[_Workload]:
    items = [_Workload(c.channel.strip(), c.per_month, c.aht_seconds, None) for c in channels]
    items += [
        _Workload(t.name.strip(), t.per_month, None, t.handle_minutes, t.employees)
        for t in transactions
    ]
    folded = [item.name.casefold() for item in items]
    if len(set(folded)) != len(folded) or "" in folded:
        raise ScoringError(
            f"channel and transaction names must be unique and non-empty: {[i.name for i in items]}"
        )
    return items


def _assign_scopes(
    quotes: Sequence[PriceQuote], workloads: list[_Workload]
) -> list[tuple[PriceQuote, list[_Workload]]]:
    """Which volumes each quote prices: explicit scopes first, then catch-all quotes."""
    by_name = {item.name.casefold(): item for item in workloads}
    owner: dict[str, PriceQuote] = {}
    assigned: list[tuple[PriceQuote, list[_Workload]]] = []
    for quote in quotes:
        if not quote.scope.strip():
            continue
        covered: list[_Workload] = []
        for part in _SCOPE_SEPARATOR.split(quote.scope.strip()):
            item = by_name.get(part.casefold())
            if item is None:
                raise ScoringError(
                    f"quote scope {part!r} matches no channel or transaction "
                    f"(known: {', '.join(sorted(i.name for i in workloads)) or 'none'})"
                )
            if quote.model == "per_minute" and not item.is_channel:
                raise ScoringError(
                    f"a per_minute quote cannot price transaction {item.name!r}: "
                    "it has no handle time"
                )
            if quote.model == "per_employee_month" and not item.is_payroll:
                raise ScoringError(
                    f"a per_employee_month quote cannot price {item.name!r}: it is not payroll"
                )
            _claim(owner, item, quote)
            covered.append(item)
        assigned.append((quote, covered))
    for quote in quotes:
        if quote.scope.strip():
            continue
        covered = [
            item
            for item in workloads
            if item.name.casefold() not in owner and _can_price(quote.model, item)
        ]
        for item in covered:
            _claim(owner, item, quote)
        assigned.append((quote, covered))
    return assigned


def _can_price(model: str, item: _Workload) -> bool:
    """Whether a catch-all quote of this model prices this volume."""
    if model == "per_minute":
        return item.is_channel
    if model == "per_employee_month":
        return item.is_payroll
    return True


def _claim(owner: dict[str, PriceQuote], item: _Workload, quote: PriceQuote) -> None:
    key = item.name.casefold()
    if key in owner:
        raise ScoringError(f"{item.name!r} is priced by more than one quote")
    owner[key] = quote


def _price_quote(
    quote: PriceQuote, covered: list[_Workload], assumptions: _Assumptions
) -> tuple[float, float, list[str]]:
    """(annual cost, FTE charged, evidence lines) for one quote."""
    symbol = assumptions.symbol
    rate = _money(quote.rate, symbol)
    if quote.model in {"per_minute", "per_transaction", "per_employee_month"}:
        cost = 0.0
        lines = []
        for item in covered:
            if quote.model == "per_employee_month":
                employees, known = item.employees_paid
                line_cost = quote.rate * employees * 12
                lines.append(f"{item.name}: {known} × 12 × {rate} = {_money(line_cost, symbol)}")
            elif quote.model == "per_minute":
                assert item.aht_seconds is not None  # scopes admit channels only
                minutes = item.per_month * item.aht_seconds / 60
                line_cost = quote.rate * minutes * 12
                lines.append(
                    f"{item.name}: {item.volume_text} × {_number(item.aht_seconds)} s AHT = "
                    f"{_number(minutes)} min/month × 12 × {rate} = {_money(line_cost, symbol)}"
                )
            else:
                line_cost = quote.rate * item.per_month * 12
                lines.append(
                    f"{item.name}: {item.volume_text} × 12 × {rate} = {_money(line_cost, symbol)}"
                )
            cost += line_cost
        return cost, 0.0, lines

    # FTE-based models: one line per volume, or one line for the vendor's stated FTE. A stated
    # FTE far below what the volumes need would let a bid look cheap by promising an SLA it
    # cannot staff, so it is floored (see ``plausible_fte_floor``) and the evidence says so.
    # On a per-hour line the vendor's stated FTE bills its own productive hours (its bill); an
    # FTE the buyer's model derives, or puts in place of one below the floor, bills the model's.
    if quote.fte is not None:
        label = ", ".join(item.name for item in covered) or "all"
        floor, needed = plausible_fte_floor(covered, assumptions)
        capacity = quote.fte * (
            assumptions.billed_hours / assumptions.productive_hours
            if quote.model == "per_productive_hour"
            else 1.0
        )
        if needed is not None and capacity < floor:
            short = (
                f"{_number(quote.fte, 1)} FTE"
                if capacity == quote.fte
                else f"{_number(quote.fte, 1)} FTE at {assumptions.hours_text} "
                f"({_number(capacity, 1)} FTE of the model's hours)"
            )
            stages = [
                (
                    f"{label}: vendor-stated {short} is below the floor of "
                    f"{_number(floor, 1)} FTE for these volumes; {_number(needed, 1)} FTE priced",
                    needed,
                    False,
                )
            ]
        else:
            stages = [(f"{label}: vendor-stated {_number(quote.fte, 1)} FTE", quote.fte, True)]
    else:
        stages = [(*_derived_fte(item, assumptions), False) for item in covered]
    cost = 0.0
    fte_total = 0.0
    lines = []
    for derivation, fte, vendor_fte in stages:
        if quote.model == "per_fte_month":
            line_cost = quote.rate * fte * 12
            pricing = f"{_number(fte, 1)} FTE × {rate} × 12 = {_money(line_cost, symbol)}"
        else:
            per_fte = assumptions.billed_hours if vendor_fte else assumptions.productive_hours
            text = assumptions.hours_text if vendor_fte else assumptions.model_hours_text
            hours = fte * per_fte * 12
            line_cost = quote.rate * hours
            pricing = (
                f"{_number(fte, 1)} FTE × {text} × 12 = "
                f"{_number(hours, 1)} productive h × {rate} = {_money(line_cost, symbol)}"
            )
        lines.append(f"{derivation} → {pricing}")
        cost += line_cost
        fte_total += fte
    return cost, fte_total, lines


VOICE_FTE_FLOOR = 0.85
OTHER_FTE_FLOOR = 0.5


def plausible_fte_floor(
    covered: Sequence[_Workload], assumptions: _Assumptions
) -> tuple[float, float | None]:
    """(lowest believable FTE, FTE the volumes need) for a vendor-stated FTE.

    The floor is 85% of the Erlang C staffing for voice, which has no concurrency, and 50% of
    the workload elsewhere, where chat concurrency and automation can honestly halve it
    (payroll's workload is the practitioner ratio, see ``payroll_fte_required``).
    ``None`` when the need cannot be derived (a transaction with no handle minutes).
    """
    floor = needed = 0.0
    for item in covered:
        try:
            _, fte = _derived_fte(item, assumptions)
        except ScoringError:
            return 0.0, None
        share = VOICE_FTE_FLOOR if item.name.casefold() in _QUEUED_CHANNELS else OTHER_FTE_FLOOR
        floor += share * fte
        needed += fte
    if not covered:
        return 0.0, None
    return round(floor, 1), round(needed, 1)


def _derived_fte(item: _Workload, assumptions: _Assumptions) -> tuple[str, float]:
    """(derivation text, FTE rounded to 0.1) for a volume the vendor gave no FTE for."""
    productive = assumptions.productive_hours
    if item.is_payroll:
        fte = _round_fte(payroll_fte_required(item.per_month))
        return (
            f"{item.name}: {item.volume_text} × 12 ÷ {_number(PAYSLIPS_PER_PAYROLL_FTE_YEAR)} "
            f"payslips per payroll FTE a year → {_number(fte, 1)} FTE (practitioner median)",
            fte,
        )
    if item.aht_seconds is not None and item.name.casefold() in _QUEUED_CHANNELS:
        fte = _round_fte(
            fte_required(
                item.per_month,
                item.aht_seconds,
                assumptions.open_hours,
                target_service_level=assumptions.target_service_level,
                target_answer_seconds=assumptions.target_answer_seconds,
                shrinkage=assumptions.shrinkage,
                paid_hours_per_fte_month=assumptions.paid_hours,
                channel=item.name,
            )
        )
        target = f"{assumptions.target_service_level * 100:g}/{assumptions.target_answer_seconds:g}"
        basis = f"{assumptions.shrinkage:.0%} shrinkage"
        return (
            f"{item.name}: {item.volume_text} × {_number(item.aht_seconds)} s AHT → "
            f"{_number(fte, 1)} FTE by Erlang C ({target}, {_number(assumptions.open_hours)} "
            f"open h/month, {basis})",
            fte,
        )
    if item.aht_seconds is not None:
        hours = item.per_month * item.aht_seconds / 3600
        work = f"{item.volume_text} × {_number(item.aht_seconds)} s AHT"
    else:
        minutes = item.handle_minutes or assumptions.handle_minutes
        if minutes is None:
            raise ScoringError(
                f"cannot derive FTE for transaction {item.name!r}: give its handle minutes "
                "or use a quote that states FTE"
            )
        hours = item.per_month * minutes / 60
        work = f"{item.volume_text} × {_number(minutes, 1)} min"
    fte = _round_fte(hours / productive)
    return (
        f"{item.name}: {work} = {_number(hours, 1)} h ÷ {_number(productive, 1)} productive "
        f"h/FTE → {_number(fte, 1)} FTE (workload)",
        fte,
    )


def _round_fte(fte: float) -> float:
    """Half-up to one decimal, the granularity vendors bill FTE at."""
    return math.floor(fte * 10 + 0.5) / 10


def _number(value: float, decimals: int = 0) -> str:
    if decimals == 0 and not float(value).is_integer():
        decimals = 1
    return f"{value:,.{decimals}f}"


def _money(amount: float, symbol: str) -> str:
    if abs(amount - round(amount)) < 0.005:
        return f"{symbol}{round(amount):,}"
    return f"{symbol}{amount:,.2f}"
