"""``rfp score``: read every vendor folder, match, check, score, rank.

This module does the file reading (through ``ingest`` and ``kit``) and hands plain values to the
pure steps: ``passages``, ``matching``, ``checks`` and ``scoring``. A file that cannot be read is
a warning against its vendor, never a crash; the vendor is flagged in every output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from rfp.core import kit_layout
from rfp.core.project import Project
from rfp.core.spec import PRICE_MODEL_TITLES
from rfp.errors import ProposalReadError, ScoringError
from rfp.score import checks, ingest, matching, passages, scoring
from rfp.score.ingest import kit
from rfp.score.run import Progress, ScoreCell, ScoreRun, VendorChecks, VendorInput

if TYPE_CHECKING:
    pass

PROPOSALS_DIR = "proposals"

def reference_week(project: Project) -> dt.date:
    """The Monday after proposals are due: time-zone overlap is measured in that real week."""
    due = project.spec.timeline.proposals_due
    return due + dt.timedelta(days=7 - due.weekday())


def vendor_folders(project: Project) -> list[Path]:
    """Sorted vendor folders under ``proposals/``."""
    root = project.folder / PROPOSALS_DIR
    if not root.is_dir():
        raise ScoringError(
            f"{root}: no proposals folder; put each vendor's files in {root}/<vendor>/"
        )
    folders = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))),
        key=lambda p: p.name.casefold(),
    )
    if not folders:
        raise ScoringError(
            f"{root}: no vendor folders; put each vendor's files in {root}/<vendor>/"
        )
    return folders


def read_vendor(project: Project, folder: Path) -> VendorInput:
    """Read one vendor's proposal files and returned workbook, collecting warnings."""
    vendor = VendorInput(name=folder.name, folder=folder)
    documents, errors = ingest.read_folder(folder)
    vendor.documents = documents
    vendor.warnings += [str(error) for error in errors]
    vendor.files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and not p.name.startswith((".", "~$"))
    )
    workbooks = sorted(p for p in folder.glob("*.xlsx") if not p.is_symlink())
    preferred = [p for p in workbooks if p.name == kit_layout.WORKBOOK_FILE]
    chosen = preferred or workbooks
    if not chosen:
        vendor.warnings.append(
            f"{folder}: no {kit_layout.WORKBOOK_FILE}; structured checks use the text only"
        )
    else:
        if len(chosen) > 1:
            vendor.warnings.append(f"{folder}: several workbooks; reading {chosen[0].name}")
        try:
            vendor.workbook = kit.read_workbook(chosen[0], project.spec.project.reference)
            vendor.warnings += vendor.workbook.warnings
        except ProposalReadError as error:
            vendor.warnings.append(str(error))
    if vendor.workbook is not None:
        declared = " ".join(vendor.workbook.respondent.get("Company name", "").split())
        if declared:
            vendor.name = declared[:120]
    if not documents:
        vendor.warnings.append(
            f"{folder}: no readable proposal text; text-matched criteria score 0"
        )
    return vendor


def _buyer_window(project: Project) -> checks.CoverageWindow:
    spec = project.spec
    return checks.CoverageWindow(
        time_zone=spec.time_zone,
        days=tuple(spec.coverage.days),
        start=spec.coverage.start,
        end=spec.coverage.end,
    )


def run_checks(project: Project, vendor: VendorInput, week: dt.date) -> VendorChecks:
    """Certifications, languages, time-zone overlap and price for one vendor."""
    spec = project.spec
    result = VendorChecks()
    text = "\n\n".join(document.text for document in vendor.documents)
    workbook = vendor.workbook

    # Certifications: declared in the workbook (and unexpired when proposals are due) or stated
    # as held in the text. Negated or planned mentions do not count.
    held: list[str] = []
    if workbook is not None:
        for certification in workbook.certifications:
            name = checks.normalise_certification(certification.name) or certification.name
            if (
                certification.expiry is not None
                and certification.expiry < spec.timeline.proposals_due
            ):
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

    offered = [offer.code for offer in workbook.languages] if workbook else []
    found = checks.find_languages(text)
    result.language_evidence = [f"workbook: {code}" for code in offered] + [
        f"text: {code}" for code in found if code not in offered
    ]
    result.languages = checks.check_languages(list(spec.languages), offered + found)

    sites = [
        checks.DeliverySite(
            name=site.name,
            window=checks.CoverageWindow(site.time_zone, site.days, site.start, site.end),
        )
        for site in (workbook.sites if workbook else [])
    ]
    result.locations = sorted(
        {site.location_type for site in (workbook.sites if workbook else []) if site.location_type}
    )
    buyer = _buyer_window(project)
    result.buyer_hours = checks.weekly_overlap_hours(
        buyer, [checks.DeliverySite("buyer", buyer)], week
    )
    if sites:
        result.overlap_hours = checks.weekly_overlap_hours(buyer, sites, week)
        result.site_overlap = checks.per_site_overlap_hours(buyer, sites, week)
        result.covers_24_7 = checks.covers_24_7(sites, week)

    if workbook is None or not workbook.prices:
        result.price_note = "no prices in the response workbook"
    else:
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

        def cost(offer: list[checks.PriceQuote]) -> checks.PriceEstimate:
            return checks.annual_cost(
                offer,
                channels,
                transactions,
                open_hours_per_month=spec.coverage.hours_per_week * 52 / 12,
                target_service_level=spec.service_level.percent / 100,
                target_answer_seconds=spec.service_level.answer_seconds,
            )

        try:
            result.price = cost(quotes)
        except ScoringError as error:
            # A vendor may quote the same volumes under several of the accepted models, as the
            # RFP invites. Each model that prices every volume on its own is an alternative
            # offer, and the lowest is scored (the buyer can choose it).
            alternatives: dict[str, checks.PriceEstimate] = {}
            for model in sorted({q.model for q in quotes}):
                try:
                    estimate = cost([q for q in quotes if q.model == model])
                except ScoringError:
                    continue
                if not estimate.unpriced:
                    alternatives[model] = estimate
            if not alternatives:
                result.price_note = f"price could not be normalised: {error}"
            else:
                best = min(alternatives, key=lambda m: (alternatives[m].annual_cost, m))
                result.price = alternatives[best]
                offers = ", ".join(
                    f"{PRICE_MODEL_TITLES[m].lower()} {alternatives[m].annual_cost:,.0f}"
                    for m in sorted(alternatives)
                )
                result.price_note = f"alternative offers ({offers}); the lowest is scored"
        else:
            if result.price.unpriced:
                result.price_note = f"not priced: {', '.join(result.price.unpriced)}"
    return result


def check_score(
    check_type: str, vendor_checks: VendorChecks, price_score: float | None
) -> tuple[float, str] | None:
    """A structured check's 0-5 score and note, or None to fall back to text matching."""
    if check_type == "certifications":
        cert = vendor_checks.certifications
        if cert is None or not cert.required:
            return None
        share = (len(cert.required) - len(cert.missing)) / len(cert.required)
        note = "all required held" if not cert.missing else f"missing {', '.join(cert.missing)}"
        return round(5 * share, 2), note
    if check_type == "languages":
        languages = vendor_checks.languages
        if languages is None or not languages.required:
            return None
        share = (len(languages.required) - len(languages.missing)) / len(languages.required)
        note = (
            "all required offered"
            if not languages.missing
            else f"missing {', '.join(languages.missing)}"
        )
        return round(5 * share, 2), note
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


def score_project(
    project: Project, progress: Progress | None = None, *, merge_evaluations: bool = True
) -> ScoreRun:
    """Score every vendor folder of ``project`` and rank them.

    Filled evaluator sheets in ``evaluations/`` are merged over the automatic scores before
    knockouts and ranking, unless ``merge_evaluations`` is off (``rfp sheets`` needs the
    automatic first pass on its own).
    """
    from rfp.evaluate import evaluators

    notify = progress or (lambda stage, detail: None)
    folders = vendor_folders(project)
    vendors: list[VendorInput] = []
    for folder in folders:
        notify("read", folder.name)
        vendors.append(read_vendor(project, folder))
    # The company name a vendor declares is its display name; a clash keeps the folder name too.
    names = [vendor.name for vendor in vendors]
    for vendor in vendors:
        if names.count(vendor.name) > 1:
            vendor.name = f"{vendor.name} ({vendor.folder.name})"
    sheets = (
        evaluators.read_evaluations(project, [vendor.name for vendor in vendors])
        if merge_evaluations
        else None
    )
    question_ids = [wc.id for wc in project.selection.criteria]
    all_passages: list[passages.Passage] = []
    for vendor in vendors:
        all_passages += passages.split_all(vendor.documents, vendor.name, question_ids)
    notify("match", f"{len(all_passages)} passages")
    criteria = [wc.criterion for wc in project.selection.criteria]
    matches = matching.match(criteria, all_passages)
    by_key = {(m.vendor, m.criterion): m for m in matches}

    week = reference_week(project)
    vendor_checks: dict[str, VendorChecks] = {}
    for vendor in vendors:
        notify("check", vendor.name)
        vendor_checks[vendor.name] = run_checks(project, vendor, week)

    costs: dict[str, float | None] = {
        name: (c.price.annual_cost if c.price else None) for name, c in vendor_checks.items()
    }
    names = [vendor.name for vendor in vendors]
    price_ids = [wc.id for wc in project.selection.with_check("price")]

    def build_cells(prices: dict[str, float]) -> list[ScoreCell]:
        cells: list[ScoreCell] = []
        for vendor in vendors:
            for wc in project.selection.criteria:
                criterion = wc.criterion
                found = by_key.get((vendor.name, criterion.id))
                cell = ScoreCell(
                    vendor.name, criterion.id, float(found.auto_score) if found else 0.0, "auto"
                )
                if criterion.check is not None:
                    checked = check_score(
                        criterion.check.type, vendor_checks[vendor.name], prices.get(vendor.name)
                    )
                    if checked is not None:
                        cell = ScoreCell(
                            vendor.name, criterion.id, checked[0], "check", checked[1]
                        )
                cells.append(cell)
        return evaluators.merge(project, cells, sheets) if sheets else cells

    def disqualifications(
        matrix: pd.DataFrame, skip: list[str], cells: list[ScoreCell]
    ) -> dict[str, list[str]]:
        missing = {
            name: (c.certifications.missing if c.certifications else [])
            for name, c in vendor_checks.items()
        }
        failed: dict[str, list[str]] = {}
        for name, found in vendor_checks.items():
            failed[name] = []
            if found.languages is not None and found.languages.missing:
                failed[name].append(
                    f"does not offer required language: {', '.join(found.languages.missing)}"
                )
            if price_ids and price_ids[0] not in skip and found.price is None:
                failed[name].append(f"no usable price ({found.price_note or 'none given'})")
        reasons = scoring.knockouts(
            matrix,
            project.selection,
            project.spec.evaluation.knockout_below,
            missing,
            skip=skip,
            failed_checks=failed,
            auto_scored={(c.vendor, c.criterion) for c in cells if c.source == "auto"},
        )
        for vendor in vendors:
            if vendor.workbook is None:
                continue
            for wc in project.selection.mandatory:
                answer = vendor.workbook.compliance.get(wc.id)
                if answer is not None and answer.response == "No":
                    reasons[vendor.name].append(
                        f"declared No to mandatory {wc.id} in the compliance matrix"
                    )
        return reasons

    # Price is scored against the lowest price among proposals that qualify on everything else,
    # so a disqualified low bid cannot depress the price points of the qualified ones.
    provisional_cells = build_cells({})
    provisional = scoring.score_matrix(provisional_cells, names, question_ids)
    provisional_reasons = disqualifications(provisional, price_ids, provisional_cells)
    pool = {n: c for n, c in costs.items() if c is not None and not provisional_reasons[n]}
    prices = scoring.price_scores(costs, pool or None)

    cells = build_cells(prices)
    matrix = scoring.score_matrix(cells, names, question_ids)
    totals = scoring.area_totals(matrix, project.selection)
    reasons = disqualifications(matrix, [], cells)
    earned = scoring.weighted_points(matrix, project.selection)
    price_points = {str(k): float(v) for k, v in earned[price_ids].sum(axis=1).items()}
    mandatory_ids = [wc.id for wc in project.selection.mandatory]
    mandatory_sum = {str(k): float(v) for k, v in matrix[mandatory_ids].sum(axis=1).items()}
    ranking = scoring.rank(totals, reasons, price_points, mandatory_sum)
    ranking["annual_cost"] = [costs.get(str(v)) for v in ranking.index]
    warnings = {vendor.name: vendor.warnings for vendor in vendors}
    ranking["flags"] = ["; ".join(warnings[str(name)]) for name in ranking.index]
    spread = evaluators.disagreement(project, sheets, cells) if sheets and sheets.sheets else None
    return ScoreRun(
        evaluations=sheets,
        disagreement=spread,
        project=project,
        vendors=vendors,
        matches=matches,
        checks=vendor_checks,
        cells=cells,
        matrix=matrix,
        ranking=ranking,
        reference_week=week,
    )
