"""What a returned response workbook states, as typed values: the reader fills these in.

Pure data: the pure steps (facts, scoring) depend on these types without depending on
``openpyxl`` or on how the workbook is laid out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Site:
    """A delivery site from the returned workbook."""

    name: str
    city: str
    country: str
    location_type: str
    time_zone: str
    days: tuple[str, ...]
    start: dt.time
    end: dt.time
    seats: int | None
    services: str


@dataclass(frozen=True)
class LanguageOffer:
    """A language the vendor staffs, from the returned workbook."""

    code: str
    proficiency: str
    agents: int | None


@dataclass(frozen=True)
class Certification:
    """A certification the vendor declares, from the returned workbook."""

    name: str
    scope: str
    issuer: str
    expiry: dt.date | None


@dataclass(frozen=True)
class Price:
    """One priced line of the returned workbook; ``note`` says how the rate was converted from
    the currency the vendor quoted in, if it was."""

    model: str
    scope: str
    rate: float
    fte: float | None
    year_rates: tuple[float, ...] = ()
    """Rates for years 2, 3... of the term, as stated (an old kit has none)."""
    escalation: float | None = None
    """Yearly increase for years with no stated rate, as a fraction (0.03 = 3%)."""
    transition_fee: float = 0.0
    band: tuple[float, float | None] | None = None
    """The monthly volume (from, to; to None: no upper bound) a per-transaction rate applies in."""
    note: str = ""
    productive_hours: float | None = None
    """The vendor's productive hours per FTE-month on this line (paid hours less shrinkage), as
    stated; None when left blank (an old kit has no such column)."""


@dataclass(frozen=True)
class ComplianceAnswer:
    """Comply / Partial / No for one requirement, and where the proposal answers it."""

    criterion: str
    response: str
    reference: str


ACCEPTED = "accepted"
EXCEPTION = "exception"
REJECTED = "rejected"
UNANSWERED = "unanswered"
UNCLEAR = "unclear"
CONTRACT_STATUS_LABELS = {
    ACCEPTED: "Accepted",
    EXCEPTION: "Exception",
    REJECTED: "Rejected",
    UNCLEAR: "To be confirmed",
    UNANSWERED: "Unanswered",
}
"""How each reading of a key term's answer is shown in the outputs."""
"""An answer that says neither yes nor no: a response that is not a choice, "Accept" with other
wording or a reason that qualifies it, "Accept" under edited wording of a non-negotiable term, or
a sheet whose headers were changed. It is to be confirmed with the vendor, never read as
accepted and never as an exception."""
CONTRACT_SEVERITY = {UNANSWERED: 0, ACCEPTED: 1, UNCLEAR: 2, EXCEPTION: 3, REJECTED: 4}
"""How far an answer to a key term moves from the buyer's wording; of two rows for one term,
the further one stands, so adding a row never improves how a vendor is read."""


@dataclass(frozen=True)
class ContractAnswer:
    """The vendor's answer to one key term on the "Contract exceptions" sheet, as read.

    ``status`` is how it was read: accepted, exception, rejected, unanswered (blank) or unclear
    (to be confirmed: see ``UNCLEAR``). ``note`` says when the reading is not the response as
    typed.
    """

    term: str
    response: str
    status: str
    alternative: str = ""
    reason: str = ""
    cell: str = ""
    note: str = ""


@dataclass
class VendorWorkbook:
    """Everything read from a vendor's returned ``response-workbook.xlsx``."""

    path: str
    reference: str = ""
    respondent: dict[str, str] = field(default_factory=dict)
    sites: list[Site] = field(default_factory=list)
    languages: list[LanguageOffer] = field(default_factory=list)
    certifications: list[Certification] = field(default_factory=list)
    prices: list[Price] = field(default_factory=list)
    price_notes: list[tuple[str, str]] = field(default_factory=list)
    """(cell, text) of every filled Assumptions cell of the Pricing sheet: what the vendor says
    about its prices, read for terms such as a monthly minimum."""
    compliance: dict[str, ComplianceAnswer] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    languages_declined: list[str] = field(default_factory=list)
    """Language codes the vendor gave 0 agents: a stated "not offered"."""
    languages_left_blank: list[str] = field(default_factory=list)
    """Codes the kit pre-filled that the vendor left as written: nothing stated either way."""
    contract: dict[str, ContractAnswer] = field(default_factory=dict)
    """Term id -> the vendor's answer, from the "Contract exceptions" sheet."""
    contract_sheet: bool = False
    """Whether the workbook has the "Contract exceptions" sheet (a kit from before the contract
    package has none: every term is then unanswered)."""
