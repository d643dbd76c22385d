"""Workbook and text facts -> check results, their 0-5 scores and the knockouts they decide.

Pure: takes what was read for a vendor (``VendorInput``) and the project's spec, returns new
values. Text matching estimates how well a question is answered; these facts decide where a
fact should: certifications held, languages offered, hours covered and the price.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from rfp.core.languages import language_label
from rfp.core.project import Project
from rfp.core.spec import PRICE_MODEL_TITLES, Spec
from rfp.errors import ScoringError
from rfp.score import checks
from rfp.score.run import Knockout, VendorChecks, VendorInput
from rfp.score.workbook import Price


def buyer_window(spec: Spec) -> checks.CoverageWindow:
    """The hours the buyer needs covered, in the buyer's own time zone."""
    return checks.CoverageWindow(
        time_zone=spec.time_zone,
        days=tuple(spec.coverage.days),
        start=spec.coverage.start,
        end=spec.coverage.end,
    )


def run_checks(
    project: Project, vendor: VendorInput, week: dt.date, text: str | None = None
) -> VendorChecks:
    """Certifications, languages, time-zone overlap and price for one vendor.

    ``text`` is the vendor's own text with the buyer's words taken out (a heading copied from
    the template, "SEC-05 Payment card security (PCI DSS)", is no claim to hold PCI DSS); the
    documents' full text is read when it is not given.
    """
    result = VendorChecks()
    if text is None:
        text = "\n\n".join(document.text for document in vendor.documents)
    _check_certifications(project.spec, vendor, text, result)
    _check_languages(project.spec, vendor, text, result)
    _check_hours(project.spec, vendor, week, result)
    _check_price(project.spec, vendor, result)
    return result


def _check_certifications(spec: Spec, vendor: VendorInput, text: str, result: VendorChecks) -> None:
    """Held certifications: declared in the workbook (unexpired when proposals are due) or stated
    as held in the text. Negated or planned mentions do not count."""
    held: list[str] = []
    workbook = vendor.workbook
    for certification in workbook.certifications if workbook is not None else []:
        name = checks.normalise_certification(certification.name) or certification.name
        if certification.expiry is not None and certification.expiry < spec.timeline.proposals_due:
            result.certification_evidence.append(
                f"workbook: {certification.name} expired {certification.expiry:%Y-%m-%d}"
            )
            continue
        held.append(name)
        expiry = f", expires {certification.expiry:%Y-%m-%d}" if certification.expiry else ""
        result.certification_evidence.append(f"workbook: {certification.name}{expiry}")
    for finding in checks.find_certifications(text):
        label = "held" if finding.held else finding.status.replace("_", " ")
        result.certification_evidence.append(f"text ({label}): \u201c{finding.quote}\u201d")
        if finding.held:
            held.append(finding.name)
    result.certifications = checks.check_certifications(list(spec.certifications), held)


def _check_languages(spec: Spec, vendor: VendorInput, text: str, result: VendorChecks) -> None:
    """Languages offered in the workbook or named in the text."""
    workbook = vendor.workbook
    offered = [offer.code for offer in workbook.languages] if workbook else []
    found = checks.find_languages(text)
    result.language_evidence = [f"workbook: {code}" for code in offered] + [
        f"text: {code}" for code in found if code not in offered
    ]
    result.languages = checks.check_languages(list(spec.languages), offered + found)


def _check_hours(spec: Spec, vendor: VendorInput, week: dt.date, result: VendorChecks) -> None:
    """Weekly overlap of the delivery sites with the buyer's hours, in one real week."""
    declared = vendor.workbook.sites if vendor.workbook else []
    sites = [
        checks.DeliverySite(
            name=site.name,
            window=checks.CoverageWindow(site.time_zone, site.days, site.start, site.end),
        )
        for site in declared
    ]
    result.locations = sorted({site.location_type for site in declared if site.location_type})
    buyer = buyer_window(spec)
    result.buyer_hours = checks.weekly_overlap_hours(
        buyer, [checks.DeliverySite("buyer", buyer)], week
    )
    if sites:
        result.overlap_hours = checks.weekly_overlap_hours(buyer, sites, week)
        result.site_overlap = checks.per_site_overlap_hours(buyer, sites, week)
        result.covers_24_7 = checks.covers_24_7(sites, week)


def _check_price(spec: Spec, vendor: VendorInput, result: VendorChecks) -> None:
    """The annual cost at the buyer's volumes; alternative offers score their lowest."""
    workbook = vendor.workbook
    if workbook is None or not workbook.prices:
        result.price_note = "no prices in the response workbook"
        return
    quotes = [
        checks.PriceQuote(
            model=price.model,
            rate=price.rate,
            currency=spec.pricing.currency,
            fte=price.fte,
            scope=price.scope,
        )
        for price in workbook.prices
    ]
    try:
        result.price = _annual_cost(spec, quotes)
    except ScoringError as error:
        _price_alternatives(spec, quotes, error, result)
    else:
        if result.price.unpriced:
            result.price_note = f"not priced: {', '.join(result.price.unpriced)}"
    _note_conversions(workbook.prices, result)


def _note_conversions(prices: Sequence[Price], result: VendorChecks) -> None:
    """Rates converted from another currency say so first in the price workings."""
    converted = [f"converted: {price.note}" for price in prices if price.note]
    if converted and result.price is not None:
        result.price = dataclasses.replace(result.price, lines=[*converted, *result.price.lines])


def _annual_cost(spec: Spec, offer: Sequence[checks.PriceQuote]) -> checks.PriceEstimate:
    """One offer's annual cost at the spec's volumes, voice staffed with Erlang C."""
    channels = [
        checks.ChannelVolume(v.channel, v.per_month, v.aht_seconds or 0.0)
        for v in spec.volumes
        if v.channel is not None
    ]
    transactions = [
        checks.TransactionVolume(v.transaction or "", v.per_month, v.handle_minutes)
        for v in spec.volumes
        if v.transaction is not None
    ]
    return checks.annual_cost(
        list(offer),
        channels,
        transactions,
        open_hours_per_month=spec.coverage.hours_per_week * 52 / 12,
        target_service_level=spec.service_level.percent / 100,
        target_answer_seconds=spec.service_level.answer_seconds,
    )


def _price_alternatives(
    spec: Spec, quotes: Sequence[checks.PriceQuote], error: ScoringError, result: VendorChecks
) -> None:
    """Score the lowest complete alternative offer when the quotes mix pricing models.

    A vendor may quote the same volumes under several of the accepted models, as the RFP
    invites. Each model that prices every volume on its own is an alternative offer, and the
    lowest is scored (the buyer can choose it).
    """
    alternatives: dict[str, checks.PriceEstimate] = {}
    for model in sorted({q.model for q in quotes}):
        try:
            estimate = _annual_cost(spec, [q for q in quotes if q.model == model])
        except ScoringError:
            continue
        if not estimate.unpriced:
            alternatives[model] = estimate
    if not alternatives:
        result.price_note = f"price could not be normalised: {error}"
        return
    best = min(alternatives, key=lambda m: (alternatives[m].annual_cost, m))
    result.price = alternatives[best]
    offers = ", ".join(
        f"{PRICE_MODEL_TITLES[m].lower()} {alternatives[m].annual_cost:,.0f}"
        for m in sorted(alternatives)
    )
    result.price_note = f"alternative offers ({offers}); the lowest is scored"


def check_score(
    check_type: str, vendor_checks: VendorChecks, price_score: float | None
) -> tuple[float, str] | None:
    """A structured check's 0-5 score and note, or None to fall back to text matching."""
    if check_type == "certifications":
        cert = vendor_checks.certifications
        if cert is None or not cert.required:
            return None
        score, note = _share_score(len(cert.required), cert.missing, "all required held")
        if cert.complies_with:
            note += f"; complies with: {', '.join(cert.complies_with)}"
        return score, note
    if check_type == "languages":
        languages = vendor_checks.languages
        if languages is None or not languages.required:
            return None
        return _share_score(len(languages.required), languages.missing, "all required offered")
    if check_type == "time_zone":
        if vendor_checks.overlap_hours is None or vendor_checks.buyer_hours <= 0:
            return None
        share = min(vendor_checks.overlap_hours / vendor_checks.buyer_hours, 1.0)
        return (
            round(5 * share, 2),
            f"{vendor_checks.overlap_hours:g} of {vendor_checks.buyer_hours:g} buyer hours "
            "a week covered",
        )
    if check_type == "price":
        if price_score is None or vendor_checks.price is None:
            return 0.0, vendor_checks.price_note or "no usable price"
        return round(price_score, 4), f"annual cost {vendor_checks.price.annual_cost:,.0f}"
    return None


def _share_score(required: int, missing: Sequence[str], complete: str) -> tuple[float, str]:
    """5 x the share of required items met, with a note naming what is missing."""
    share = (required - len(missing)) / required
    note = complete if not missing else f"missing {', '.join(missing)}"
    return round(5 * share, 2), note


def fact_knockouts(
    project: Project,
    vendors: Sequence[VendorInput],
    vendor_checks: Mapping[str, VendorChecks],
    *,
    price_required: bool,
) -> dict[str, list[Knockout]]:
    """Knockouts decided by a checked fact, per vendor: a missing required certification, a
    required language not offered, and no usable price (when ``price_required``: price is left
    out while finding the qualifying price pool)."""
    found: dict[str, list[Knockout]] = {}
    for vendor in vendors:
        facts = vendor_checks[vendor.name]
        found[vendor.name] = [
            *_certification_knockouts(project, facts),
            *_language_knockouts(project, facts),
            *(_price_knockouts(project, facts) if price_required else []),
        ]
    return found


def compliance_knockouts(
    project: Project, vendors: Sequence[VendorInput]
) -> dict[str, list[Knockout]]:
    """A "No" the vendor declared to a mandatory question in the compliance matrix."""
    return {vendor.name: _compliance_knockouts(project, vendor) for vendor in vendors}


def _criterion_with_check(project: Project, check_type: str) -> str:
    """The id of the first selected criterion a fact is scored on, or "" when none is."""
    ids = [wc.id for wc in project.selection.with_check(check_type)]
    return ids[0] if ids else ""


def _certification_knockouts(project: Project, facts: VendorChecks) -> list[Knockout]:
    missing = facts.certifications.missing if facts.certifications else []
    return _missing_knockouts(
        project,
        "certifications",
        failure="missing required certification",
        missing=missing,
        evidence=facts.certification_evidence,
    )


def _language_knockouts(project: Project, facts: VendorChecks) -> list[Knockout]:
    missing = facts.languages.missing if facts.languages else []
    return _missing_knockouts(
        project,
        "languages",
        failure="does not offer required language",
        missing=[language_label(code) for code in missing],
        evidence=facts.language_evidence,
    )


def _missing_knockouts(
    project: Project,
    check_type: str,
    *,
    failure: str,
    missing: Sequence[str],
    evidence: Sequence[str],
) -> list[Knockout]:
    """One knockout naming every required item a check found missing, with what was found."""
    if not missing:
        return []
    return [
        Knockout(
            criterion=_criterion_with_check(project, check_type),
            reason=f"{failure}: {', '.join(missing)}",
            evidence="; ".join(evidence) or "none stated",
            source="check",
        )
    ]


def _price_knockouts(project: Project, facts: VendorChecks) -> list[Knockout]:
    if facts.price is not None:
        return []
    note = facts.price_note or "none given"
    return [
        Knockout(
            criterion=_criterion_with_check(project, "price"),
            reason=f"no usable price ({note})",
            evidence=note,
            source="check",
        )
    ]


def _compliance_knockouts(project: Project, vendor: VendorInput) -> list[Knockout]:
    if vendor.workbook is None:
        return []
    found: list[Knockout] = []
    for wc in project.selection.mandatory:
        answer = vendor.workbook.compliance.get(wc.id)
        if answer is not None and answer.response == "No":
            found.append(
                Knockout(
                    criterion=wc.id,
                    reason=f"declared No to mandatory {wc.id} in the compliance matrix",
                    evidence=f"compliance matrix, {wc.id}: No",
                    source="workbook",
                )
            )
    return found
