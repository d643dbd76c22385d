"""Structured facts about a proposal: certifications, languages, hours overlap, staffing, price.

Everything here is pure: plain values in, frozen results out, no I/O. Text matching can miss
or misread a fact, so each result carries its evidence (a quote or a worked calculation) for
an evaluator to check.

One module per fact (`certifications`, `languages`, `locations`, `hours`, `staffing`, `price`,
`term`; `claims` reads whether a mention is a present-tense claim); the public names are
re-exported here so ``checks.X`` call sites keep working. New code imports from the defining module.
"""

from __future__ import annotations

from rfp.core.payroll import PAYSLIPS_PER_PAYROLL_FTE_YEAR
from rfp.score.checks.certifications import (
    CERTIFICATIONS,
    REGULATIONS,
    CertificationCheck,
    CertificationFinding,
    CertificationStatus,
    check_certifications,
    find_certifications,
    held_certifications,
    is_regulation,
    normalise_certification,
)
from rfp.score.checks.hours import (
    WEEKDAYS,
    CoverageWindow,
    DeliverySite,
    coverage_gaps,
    covers_24_7,
    per_site_overlap_hours,
    weekly_overlap_hours,
)
from rfp.score.checks.languages import (
    LanguageCheck,
    LanguageClaim,
    check_languages,
    find_language_claims,
    find_languages,
    normalise_language,
    written_in,
)
from rfp.score.checks.locations import find_locations
from rfp.score.checks.price import (
    PRICE_MODELS,
    ChannelVolume,
    PriceEstimate,
    PriceQuote,
    TransactionVolume,
    abnormally_low,
    annual_cost,
    currency_symbol,
    price_points,
    productive_hours_problem,
    select_bands,
    workload_fte,
)
from rfp.score.checks.staffing import (
    agents_for_service_level,
    erlang_c,
    fte_required,
    payroll_fte_required,
    service_level,
)
from rfp.score.checks.term import TermCost, coverage_factor, term_cost

__all__ = [
    "CERTIFICATIONS",
    "PAYSLIPS_PER_PAYROLL_FTE_YEAR",
    "PRICE_MODELS",
    "REGULATIONS",
    "WEEKDAYS",
    "CertificationCheck",
    "CertificationFinding",
    "CertificationStatus",
    "ChannelVolume",
    "CoverageWindow",
    "DeliverySite",
    "LanguageCheck",
    "LanguageClaim",
    "PriceEstimate",
    "PriceQuote",
    "TermCost",
    "TransactionVolume",
    "abnormally_low",
    "agents_for_service_level",
    "annual_cost",
    "check_certifications",
    "check_languages",
    "coverage_factor",
    "coverage_gaps",
    "covers_24_7",
    "currency_symbol",
    "erlang_c",
    "find_certifications",
    "find_language_claims",
    "find_languages",
    "find_locations",
    "fte_required",
    "held_certifications",
    "is_regulation",
    "normalise_certification",
    "normalise_language",
    "payroll_fte_required",
    "per_site_overlap_hours",
    "price_points",
    "productive_hours_problem",
    "select_bands",
    "service_level",
    "term_cost",
    "weekly_overlap_hours",
    "workload_fte",
    "written_in",
]
