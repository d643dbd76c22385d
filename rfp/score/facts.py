"""Workbook and text facts -> check results, their 0-5 scores and the knockouts they decide.

Pure: takes what was read for a vendor (``VendorInput``) and the project's spec, returns new
values. Text matching estimates how well a question is answered; these facts decide where a
fact should: certifications held, languages offered, hours covered and the price.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence

from rfp.core.kit_layout import DEFAULT_PRODUCTIVE_HOURS
from rfp.core.languages import language_name
from rfp.core.project import Project
from rfp.core.spec import PRICE_MODEL_TITLES, Spec
from rfp.errors import ScoringError
from rfp.score import checks, text_prices
from rfp.score.run import Knockout, VendorChecks, VendorInput
from rfp.score.workbook import Price, VendorWorkbook


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
        text = vendor.all_text
    _check_certifications(project.spec, vendor, text, result)
    _check_languages(project.spec, vendor, text, result)
    _check_hours(project.spec, vendor, week, result)
    _check_price(project.spec, vendor, result)
    return result


_NOT_HELD_IN_ROW = re.compile(
    r"\bnot\s+(?:yet\s+)?(?:held|certified|obtained|achieved|in\s+place|audited)\b|\bplann(?:ed|ing)\b"
    r"|\bworking\s+towards?\b|\bin\s+progress\b|\bpending\b|\bapplied\s+for\b|\bnone\b"
    r"|\bto\s+be\s+(?:obtained|achieved|certified|audited)\b|\bexpected\s+(?:in|by)\b|\bn/a\b",
    re.IGNORECASE,
)
"""Words in a certification row's scope or issuer that say it is not held: a row reading "not
held - planned 2028" states the opposite of holding it, so it is a refusal, not a holding."""


def _check_certifications(spec: Spec, vendor: VendorInput, text: str, result: VendorChecks) -> None:
    """Held certifications: declared in the workbook (unexpired when proposals are due) or stated
    as held in the text. Negated or planned mentions do not count; an expired one or the
    vendor's own "we do not hold" is kept as a refusal, the stated fact a knockout rests on."""
    held: list[str] = []
    workbook = vendor.workbook
    for certification in workbook.certifications if workbook is not None else []:
        name = checks.normalise_certification(certification.name) or certification.name
        if certification.expiry is not None and certification.expiry < spec.timeline.proposals_due:
            stated = f"workbook: {certification.name} expired {certification.expiry:%Y-%m-%d}"
            result.certification_evidence.append(stated)
            result.certification_refusals.setdefault(name, stated)
            continue
        declared = f"{certification.scope} {certification.issuer}"
        if _NOT_HELD_IN_ROW.search(declared):
            stated = f"workbook: {certification.name}: \u201c{declared.strip()}\u201d"
            result.certification_evidence.append(stated)
            result.certification_refusals.setdefault(name, stated)
            continue
        held.append(name)
        expiry = f", expires {certification.expiry:%Y-%m-%d}" if certification.expiry else ""
        result.certification_evidence.append(f"workbook: {certification.name}{expiry}")
    for finding in checks.find_certifications(text):
        label = "held" if finding.held else finding.status.replace("_", " ")
        result.certification_evidence.append(f"text ({label}): \u201c{finding.quote}\u201d")
        if finding.held:
            held.append(finding.name)
        elif finding.refused:
            result.certification_refusals.setdefault(
                finding.name, f"text: \u201c{finding.quote}\u201d"
            )
    result.certifications = checks.check_certifications(list(spec.certifications), held)


def _check_languages(spec: Spec, vendor: VendorInput, text: str, result: VendorChecks) -> None:
    """Languages offered in the workbook or named in the text, refusals the text states, and
    the language the proposal is written in (detected among the required ones and English)."""
    workbook = vendor.workbook
    offered = [offer.code for offer in workbook.languages] if workbook else []
    claims = checks.find_language_claims(text)
    found = sorted({claim.code for claim in claims if claim.status == "held"})
    result.language_evidence = [f"workbook: {code}" for code in offered] + [
        f"text: {code}" for code in found if code not in offered
    ]
    for claim in claims:
        if claim.refused:
            result.language_refusals.setdefault(claim.code, f"text: \u201c{claim.quote}\u201d")
    result.written_in = checks.written_in(text, [*spec.languages, "en"]) or ""
    if result.written_in:
        result.language_evidence.append(f"written in: {result.written_in} (detected)")
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
    """The cost of the term at the buyer's volumes, from the workbook or else the text.

    Text prices are always listed as evidence; they price the vendor only when the workbook
    has none, every statement is firm and together they price every volume (then the buyer is
    asked to confirm). Alternative offers in the workbook score their lowest term cost.
    """
    result.text_prices = text_prices.find_text_prices(vendor.documents)
    try:
        _price_vendor(spec, vendor, result)
    except (ScoringError, OverflowError, ValueError) as error:
        # One vendor's absurd figures (a rate of 1e306, an escalation of -90%) make its price
        # unusable, never the run: the others are still priced and ranked.
        result.price = result.term = None
        result.price_note = f"price could not be normalised: {error}"
    if result.price is not None and result.term is not None and result.term.total <= 0:
        result.price_note = "the price totals 0 over the term, which is not a usable price"
    _check_abnormal(spec, result)
    _check_minimums(spec, vendor, result)


def _check_minimums(spec: Spec, vendor: VendorInput, result: VendorChecks) -> None:
    """A monthly minimum the text states, above the monthly cost priced, is to be confirmed:
    the term cost is built from unit prices and would be understated by the difference."""
    if result.price is None:
        return
    monthly = result.price.annual_cost / 12
    currency = spec.pricing.currency
    minimums = text_prices.find_monthly_minimums(vendor.documents)
    if vendor.workbook is not None:
        for cell, note in vendor.workbook.price_notes:
            minimums += text_prices.minimums_in(note, cell)
    for minimum in minimums:
        same = minimum.currency == currency or (
            minimum.currency == "$" and currency in text_prices.DOLLAR_CURRENCIES
        )
        if same and minimum.amount <= monthly:
            continue
        compared = (
            f"above the {currency} {monthly:,.0f} a month priced at the baseline volumes"
            if same
            else f"in {minimum.currency}, not compared with the {currency} price"
        )
        result.price_confirm.append(
            f"the proposal states a monthly minimum of {minimum.currency} {minimum.amount:,.0f} "
            f"({minimum.where}), {compared}; the term cost does not include it"
        )


NOMINAL_PER_FTE_MONTH = 1.0
"""Without a buyer's floor, a price under one unit of the currency per FTE-month of the work is
caught: nominal in any currency (0.0001 per payslip), and a bid that wins every price point."""


def _check_abnormal(spec: Spec, result: VendorChecks) -> None:
    """Flag a price too low for the work the buyer's own staffing model says the volumes need."""
    cost = result.scored_cost
    if cost is None:
        return
    channels, transactions = _volumes(spec)
    needed = checks.workload_fte(
        channels,
        transactions,
        spec.coverage.hours_per_week * 52 / 12,
        target_service_level=spec.service_level.percent / 100,
        target_answer_seconds=spec.service_level.answer_seconds,
    )
    floor = spec.pricing.abnormally_low_per_fte_month or NOMINAL_PER_FTE_MONTH
    yearly = cost / spec.project.contract_years
    reason = checks.abnormally_low(yearly, needed, floor, spec.pricing.currency)
    if reason:
        result.abnormal_price = reason
        result.price_confirm.append(reason)


def _price_vendor(spec: Spec, vendor: VendorInput, result: VendorChecks) -> None:
    """``_check_price``'s work: pick the quotes (workbook, else text), then price them."""
    band_lines: list[str] = []
    if vendor.workbook is not None and vendor.workbook.prices:
        baseline = {volume.name.casefold(): volume.per_month for volume in spec.volumes}
        quotes, band_lines = checks.select_bands(
            _workbook_quotes(spec, vendor.workbook, result), baseline
        )
        source = "workbook"
    else:
        quotes = _text_quotes(spec, result)
        source = "text"
        if not quotes:
            return
    factor = _coverage(spec, result)
    if not quotes:
        result.price_note = result.price_note or "no price line applies at the baseline volumes"
        return
    _price_offers(spec, quotes, factor or 1.0, result)
    _settle_coverage(result, factor)
    if result.term is not None and band_lines:
        result.term = dataclasses.replace(result.term, lines=(*band_lines, *result.term.lines))
    if result.price is None and source == "text":
        _unpriced_text(result)
    if result.price is not None:
        result.price_source = source
        if result.price.unpriced:
            result.price_note = f"not priced: {', '.join(result.price.unpriced)}"
    if source == "workbook" and vendor.workbook is not None:
        _note_conversions(vendor.workbook.prices, result)


def _workbook_quotes(
    spec: Spec, workbook: VendorWorkbook, result: VendorChecks
) -> list[checks.PriceQuote]:
    """The workbook's price lines as quotes in the RFP's currency, each with the productive
    hours the vendor stated when they are plausible (see ``_productive_hours``)."""
    return [
        checks.PriceQuote(
            model=price.model,
            rate=price.rate,
            currency=spec.pricing.currency,
            fte=price.fte,
            scope=price.scope,
            year_rates=price.year_rates,
            escalation=price.escalation,
            transition_fee=price.transition_fee,
            band=price.band,
            productive_hours=_productive_hours(price, result),
        )
        for price in workbook.prices
    ]


_HOURLY_MODELS = frozenset({"per_fte_month", "per_productive_hour"})


def _productive_hours(price: Price, result: VendorChecks) -> float | None:
    """The line's productive hours per FTE-month if the vendor stated a plausible figure.

    A figure outside ``checks.PLAUSIBLE_PRODUCTIVE_HOURS`` (400 h: more than a month has) would
    cut the FTE derived from the buyer's workload, and the price with it, so it is not used:
    the default applies and the vendor is asked to confirm. A blank on a per-hour line with a
    stated FTE, where the hours are the bill (rate x FTE x hours x 12), is priced at the default
    and to be confirmed too; elsewhere a blank changes nothing the vendor did not leave to the
    buyer's model.
    """
    if price.model not in _HOURLY_MODELS:
        return None
    line = f"the {PRICE_MODEL_TITLES[price.model]} line ({price.scope or 'all'})"
    default = (
        f"priced at the default {DEFAULT_PRODUCTIVE_HOURS} (160 paid hours less 30% shrinkage)"
    )
    hours = price.productive_hours
    if hours is None:
        if price.model == "per_productive_hour" and price.fte is not None:
            result.price_confirm.append(
                f"productive hours per FTE-month not stated on {line}: {default}; confirm"
            )
        return None
    problem = checks.productive_hours_problem(hours)
    if problem:
        result.price_confirm.append(f"{problem} on {line}, so not used: {default}; confirm")
        return None
    return hours


def _text_quotes(spec: Spec, result: VendorChecks) -> list[checks.PriceQuote]:
    """Quotes from firm text prices covering every volume, or [] with the item to confirm."""
    offer = text_prices.text_offer(result.text_prices, spec.volumes, spec.pricing.currency)
    item = text_prices.confirm_item(offer, result.text_prices)
    if not offer.complete or not spec.volumes:
        result.price_note = (
            f"no prices in the response workbook; {item}"
            if result.text_prices
            else "no prices in the response workbook"
        )
        if result.text_prices:
            result.price_confirm.append(f"price not usable: {item}")
        return []
    result.price_confirm.append(f"priced from the text: confirm ({item})")
    return offer.quotes


def _unpriced_text(result: VendorChecks) -> None:
    """Firm text prices that still could not be priced: say so instead of "confirm"."""
    result.price_confirm = [
        item.replace("priced from the text: confirm (", "price not usable (", 1)
        for item in result.price_confirm
    ]


def _coverage(spec: Spec, result: VendorChecks) -> float | None:
    """The full-coverage factor, with a note saying which policy applied; None: unpriceable."""
    covered, needed = result.overlap_hours, result.buyer_hours
    if covered is None:
        if needed > 0:
            result.price_confirm.append(
                f"delivery hours not stated: priced as quoted; confirm coverage of all "
                f"{needed:g} weekly hours"
            )
        return 1.0
    if covered >= needed:
        return 1.0
    if spec.coverage.mandatory:
        result.coverage_note = (
            f"sites cover {covered:g} of {needed:g} weekly hours; coverage is mandatory, so "
            "the vendor is disqualified (price not adjusted)"
        )
        return 1.0
    return checks.coverage_factor(covered, needed)


def _settle_coverage(result: VendorChecks, factor: float | None) -> None:
    """Say how full coverage was priced, once the lines priced per hour of cover are known.

    Only those lines (FTE the vendor stated, staffing its own open hours) are scaled; lines
    priced per unit of work at the buyer's volumes already pay for every hour. Sites that
    cover none of the hours leave an hourly price with nothing to scale, so it is not used.
    """
    covered, needed = result.overlap_hours, result.buyer_hours
    if result.price is None or covered is None or covered >= needed or result.coverage_note:
        return
    hourly, cost = result.price.per_hour_cost, result.price.annual_cost
    if hourly <= 0:
        result.coverage_note = (
            f"sites cover {covered:g} of {needed:g} weekly hours: priced per unit of work at "
            "the buyer's volumes, which already pays for every hour (not adjusted)"
        )
        return
    if factor is None:
        result.price, result.term = None, None
        result.price_note = (
            f"sites cover none of the {needed:g} weekly hours required; "
            "full coverage cannot be priced from the quote"
        )
        return
    share = "cost" if hourly >= cost else "lines priced per hour of cover (vendor-stated FTE)"
    result.coverage_note = (
        f"sites cover {covered:g} of {needed:g} weekly hours: priced for full coverage, "
        f"{share} × {needed:g} h ÷ {covered:g} h (× {factor:.2f})"
    )
    if hourly < cost:
        result.coverage_note += "; lines priced per unit of work are not scaled"


def _note_conversions(prices: Sequence[Price], result: VendorChecks) -> None:
    """Rates converted from another currency say so first in the price workings."""
    converted = [f"converted: {price.note}" for price in prices if price.note]
    if converted and result.price is not None:
        result.price = dataclasses.replace(result.price, lines=[*converted, *result.price.lines])


def _volumes(
    spec: Spec,
) -> tuple[list[checks.ChannelVolume], list[checks.TransactionVolume]]:
    """The spec's volumes as the price check's channels and transactions."""
    channels = [
        checks.ChannelVolume(v.channel, v.per_month, v.aht_seconds or 0.0)
        for v in spec.volumes
        if v.channel is not None
    ]
    transactions = [
        checks.TransactionVolume(v.transaction or "", v.per_month, v.handle_minutes, v.employees)
        for v in spec.volumes
        if v.transaction is not None
    ]
    return channels, transactions


def _annual_cost(spec: Spec, offer: Sequence[checks.PriceQuote]) -> checks.PriceEstimate:
    """One offer's annual cost at the spec's volumes, voice staffed with Erlang C."""
    channels, transactions = _volumes(spec)
    return checks.annual_cost(
        list(offer),
        channels,
        transactions,
        open_hours_per_month=spec.coverage.hours_per_week * 52 / 12,
        target_service_level=spec.service_level.percent / 100,
        target_answer_seconds=spec.service_level.answer_seconds,
    )


def _term(
    spec: Spec, offer: Sequence[checks.PriceQuote], first: checks.PriceEstimate, factor: float
) -> checks.TermCost:
    """The offer's cost over ``project.contract_years``: each year at that year's rates."""
    years = [first]
    for year in range(2, spec.project.contract_years + 1):
        rates = [dataclasses.replace(q, rate=q.rate_in_year(year)) for q in offer]
        years.append(_annual_cost(spec, rates))
    return checks.term_cost(
        [estimate.annual_cost for estimate in years],
        per_hour=[estimate.per_hour_cost for estimate in years],
        transition=sum(quote.transition_fee for quote in offer),
        discount_rate=spec.pricing.discount_rate,
        factor=factor,
        symbol=checks.currency_symbol(spec.pricing.currency),
    )


def _price_offers(
    spec: Spec, quotes: Sequence[checks.PriceQuote], factor: float, result: VendorChecks
) -> None:
    """Price the quotes as one offer, or else score the lowest complete alternative offer.

    A vendor may quote the same volumes under several of the accepted models, as the RFP
    invites. Each model that prices every volume on its own is an alternative offer, and the
    one with the lowest term cost is scored (the buyer can choose it).
    """
    try:
        estimate = _annual_cost(spec, quotes)
    except ScoringError as error:
        problem = error
    else:
        result.price, result.term = estimate, _term(spec, quotes, estimate, factor)
        result.term = dataclasses.replace(
            result.term, lines=(*_term_basis(quotes, spec), *result.term.lines)
        )
        return
    alternatives: dict[str, tuple[checks.PriceEstimate, checks.TermCost]] = {}
    for model in sorted({q.model for q in quotes}):
        offer = [q for q in quotes if q.model == model]
        try:
            estimate = _annual_cost(spec, offer)
        except ScoringError:
            continue
        if not estimate.unpriced:
            term = _term(spec, offer, estimate, factor)
            alternatives[model] = (
                estimate,
                dataclasses.replace(term, lines=(*_term_basis(offer, spec), *term.lines)),
            )
    if not alternatives:
        result.price_note = f"price could not be normalised: {problem}"
        return
    best = min(alternatives, key=lambda m: (alternatives[m][1].total, m))
    result.price, result.term = alternatives[best]
    offers = ", ".join(
        f"{PRICE_MODEL_TITLES[m].lower()} {alternatives[m][1].total:,.0f}"
        for m in sorted(alternatives)
    )
    result.price_note = f"alternative offers over the term ({offers}); the lowest is scored"


def _term_basis(quotes: Sequence[checks.PriceQuote], spec: Spec) -> list[str]:
    """How later years were priced, said once: stated rates, escalation, or held constant."""
    years = spec.project.contract_years
    if years == 1:
        return []
    if all(not q.year_rates and q.escalation is None for q in quotes):
        return [f"year-1 rates held constant over the {years}-year term (no later rates stated)"]
    escalations = sorted({q.escalation for q in quotes if q.escalation is not None})
    stated = max(len(q.year_rates) for q in quotes)
    parts = [f"rates stated for years 2-{stated + 1}"] if stated else []
    parts += [f"{rate:.1%} a year escalation" for rate in escalations]
    return [f"later years: {', '.join(parts)}"]


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
        cost = vendor_checks.scored_cost
        if price_score is None or vendor_checks.price is None or cost is None:
            return 0.0, vendor_checks.price_note or "no usable price"
        return round(price_score, 4), _price_score_note(vendor_checks, cost)
    return None


def _price_score_note(vendor_checks: VendorChecks, cost: float) -> str:
    """Year-1 annual cost, then what the score rests on: the term cost and its adjustments."""
    assert vendor_checks.price is not None and vendor_checks.term is not None
    term = vendor_checks.term
    note = f"annual cost {vendor_checks.price.annual_cost:,.0f}; term cost {cost:,.0f}"
    if term.coverage_adjustment:
        note += f" (incl. {term.coverage_adjustment:,.0f} for full coverage)"
    if vendor_checks.price_source == "text":
        note += "; priced from the text: confirm"
    return note


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
    """Knockouts and items to confirm decided by a checked fact, per vendor.

    A fact the vendor stated that fails (an expired certificate, "we do not hold", a lower
    report type, a language its workbook does not list) is a knockout (``kind`` ""); what it
    did not state (no workbook, a certification or language never mentioned, no usable price,
    when ``price_required``: price is left out while finding the qualifying price pool) is an
    item of the class ``rules:`` names, to be confirmed unless the rules say otherwise.
    """
    found: dict[str, list[Knockout]] = {}
    for vendor in vendors:
        facts = vendor_checks[vendor.name]
        found[vendor.name] = [
            *_workbook_items(vendor),
            *_certification_knockouts(project, facts),
            *_language_knockouts(project, vendor, facts),
            *(_price_knockouts(project, facts) if price_required else []),
            *_coverage_knockouts(project, facts),
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


def _workbook_items(vendor: VendorInput) -> list[Knockout]:
    if vendor.workbook is not None:
        return []
    return [
        Knockout(
            criterion="",
            reason="no readable response workbook: sites, languages, certifications and "
            "prices rest on the proposal text",
            evidence="; ".join(w for w in vendor.warnings if "workbook" in w) or "none sent",
            source="check",
            kind="missing_workbook",
        )
    ]


def _certification_knockouts(project: Project, facts: VendorChecks) -> list[Knockout]:
    """Per missing certification: a knockout on a stated failure, else an item to confirm."""
    missing = facts.certifications.missing if facts.certifications else []
    held = facts.certifications.held if facts.certifications else []
    criterion = _criterion_with_check(project, "certifications")
    items: list[Knockout] = []
    for name in missing:
        stated = _certification_refusal(name, facts.certification_refusals, held)
        if stated:
            items.append(
                Knockout(
                    criterion, f"does not hold required certification: {name}", stated, "check"
                )
            )
        else:
            items.append(
                Knockout(
                    criterion,
                    f"required certification not stated: {name}",
                    "; ".join(facts.certification_evidence) or "none stated",
                    "check",
                    kind="missing_certification",
                )
            )
    return items


def _certification_refusal(name: str, refusals: Mapping[str, str], held: Sequence[str]) -> str:
    """What the vendor stated that fails ``name``: a refusal of it or of its family ("SOC 2"
    for "SOC 2 Type II"), or a lower report type held; "" when it stated nothing."""
    for refused, evidence in sorted(refusals.items()):
        if refused == name or name.startswith(f"{refused} "):
            return evidence
    lower = [h for h in held if name.endswith(" Type II") and h == name.removesuffix("I")]
    return f"holds {lower[0]}, not {name}" if lower else ""


def _language_knockouts(
    project: Project, vendor: VendorInput, facts: VendorChecks
) -> list[Knockout]:
    """Per missing language: a knockout when the vendor refused it (in the text, or 0 agents in
    the workbook) or its workbook lists other languages and not this one; else an item to
    confirm, citing the detected language. A row the vendor left as the kit pre-filled it
    states nothing, so it is to be confirmed, never a knockout."""
    missing = facts.languages.missing if facts.languages else []
    workbook = vendor.workbook
    listed = [offer.code for offer in workbook.languages] if workbook else []
    blank = workbook.languages_left_blank if workbook else []
    declined = workbook.languages_declined if workbook else []
    criterion = _criterion_with_check(project, "languages")
    items: list[Knockout] = []
    for code in missing:
        name = language_name(code)
        written = facts.written_in == code
        stated = facts.language_refusals.get(code, "")
        if not stated and code in declined:
            stated = f"workbook Languages sheet: 0 agents for {code}"
        if not stated and listed and not written and code not in blank:
            stated = f"workbook Languages sheet lists {', '.join(listed)} only"
        if stated:
            items.append(
                Knockout(criterion, f"does not offer required language: {name}", stated, "check")
            )
            continue
        reason = (
            f"{name}: the proposal is written in it but does not state it is offered"
            if written
            else f"required language not stated: {name}"
        )
        if code in blank:
            reason += " (its row on the workbook's Languages sheet was left blank)"
        evidence = "; ".join(facts.language_evidence) or "none stated"
        items.append(Knockout(criterion, reason, evidence, "check", kind="missing_language"))
    return items


def _price_knockouts(project: Project, facts: VendorChecks) -> list[Knockout]:
    """No usable price is to be confirmed ("unpriced"), unless ``rules:`` disqualify it.

    A vendor priced from its text, or priced with a fact it did not state (its delivery hours),
    keeps its price but is to be confirmed on it: the vendor did state a price, so no rule
    turns these items into a knockout.
    """
    criterion = _criterion_with_check(project, "price")
    if facts.price is not None:
        items = [
            Knockout(criterion, item, item, "check", kind="price_to_confirm")
            for item in facts.price_confirm
        ]
        if facts.scored_cost is None and not facts.price.unpriced:
            note = facts.price_note or "no usable total"
            reason = f"no usable price ({note})"
            items.append(Knockout(criterion, reason, note, "check", kind="unpriced"))
        if facts.price.unpriced:
            missing = ", ".join(facts.price.unpriced)
            reason = (
                f"incomplete price: nothing prices {missing}; the partial cost "
                f"({facts.price.annual_cost:,.0f} a year) is not scored"
            )
            items.append(Knockout(criterion, reason, facts.price_note, "check", kind="unpriced"))
        return items
    note = facts.price_note or "none given"
    return [
        Knockout(
            criterion=criterion,
            reason=f"no usable price ({note})",
            evidence=note,
            source="check",
            kind="unpriced",
        )
    ]


def _coverage_knockouts(project: Project, facts: VendorChecks) -> list[Knockout]:
    """Sites that miss some of the buyer's hours, when the spec makes coverage mandatory."""
    covered = facts.overlap_hours
    if not project.spec.coverage.mandatory or covered is None or covered >= facts.buyer_hours:
        return []
    return [
        Knockout(
            criterion=_criterion_with_check(project, "time_zone"),
            reason=f"sites cover {covered:g} of the {facts.buyer_hours:g} weekly hours required "
            "(coverage is mandatory)",
            evidence="; ".join(
                f"{site}: {hours:g} h" for site, hours in facts.site_overlap.items()
            ),
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
