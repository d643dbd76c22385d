"""Structured facts about a proposal: certifications, languages, hours overlap, staffing, price.

Everything here is pure: plain values in, frozen results out, no I/O. Text matching can miss
or misread a fact, so each result carries its evidence (a quote or a worked calculation) for
an evaluator to check.

One module per fact (`certifications`, `languages`, `locations`, `hours`, `staffing`, `price`;
`claims` reads whether a mention is a present-tense claim); the public names are re-exported
here so ``checks.X`` call sites keep working. New code imports from the defining module.
"""

from __future__ import annotations

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
)
from rfp.score.checks.locations import find_locations
from rfp.score.checks.price import (
    PRICE_MODELS,
    ChannelVolume,
    PriceEstimate,
    PriceQuote,
    TransactionVolume,
    annual_cost,
    price_points,
)
from rfp.score.checks.staffing import (
    agents_for_service_level,
    erlang_c,
    fte_required,
    service_level,
)

__all__ = [
    "CERTIFICATIONS",
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
    "TransactionVolume",
    "agents_for_service_level",
    "annual_cost",
    "check_certifications",
    "check_languages",
    "coverage_gaps",
    "covers_24_7",
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
    "per_site_overlap_hours",
    "price_points",
    "service_level",
    "weekly_overlap_hours",
]
