"""Ranking + evidence -> the leadership shortlist (PDF and HTML).

``build`` turns a scoring run into a plain template context: who to shortlist and why, the
risks, and how sure the ranking is (from ``sensitivity``). The template only lays it out, and
every vendor-supplied string reaches it as data, so autoescaping keeps it text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from rfp.core import render
from rfp.core.calendar import describe_coverage
from rfp.core.files import write_text
from rfp.core.languages import language_name
from rfp.core.render import document_context, inline_stylesheet
from rfp.core.spec import PRICE_MODEL_TITLES
from rfp.report import charts, sensitivity
from rfp.score.audit import InputFile, RunRecord, build_record
from rfp.score.run import ScoreRun

REPORT_TEMPLATE = "report.html.j2"
SHORT_TITLES = {
    "security": "Security",
    "quality_control": "Quality",
    "cultural_fit": "Culture",
    "compliance": "Legal",
    "language": "Language",
    "time_zone": "Time zone",
    "pricing": "Price",
    "service_levels": "SLAs",
    "business_continuity": "BCP",
    "technology": "Tech",
    "workforce": "People",
    "transition": "Transition",
    "experience": "Experience",
}
LOW_OVERLAP_SHARE = 0.5
WEAK_AREA_SHARE = 0.4


@dataclass(frozen=True)
class ReportFiles:
    """Where the shortlist was written."""

    pdf: Path
    html: Path

    def all(self) -> list[Path]:
        """Both files, PDF first."""
        return [self.pdf, self.html]


def input_digest(inputs: Sequence[InputFile]) -> str:
    """A short hash of every input's path and content hash, printed so paper matches data.

    It is computed from the audit record's inputs, so the report and ``rfp audit`` agree on
    what the run read and every file is hashed once.
    """
    digest = hashlib.sha256()
    for item in sorted(inputs, key=lambda i: i.path):
        digest.update(f"{item.path}\0{item.sha256}\n".encode())
    return digest.hexdigest()[:12]


def _cost(value: Any) -> float | None:
    """An annual cost cell: None or NaN mean the vendor gave no usable price."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _money(value: float | None, currency: str) -> str:
    if value is None:
        return "not priced"
    return render.money(value, currency)


def _first_reasons(reason: str, keep: int = 2) -> str:
    """The first reasons for a knockout, so the one-page summary stays one page."""
    reasons = [part for part in reason.split("; ") if part]
    shown = "; ".join(reasons[:keep])
    extra = len(reasons) - keep
    return f"{shown}; and {extra} more (see the scores workbook)" if extra > 0 else shown


def _price_position(position: int, count: int) -> str:
    """``lowest of 3``, ``2nd lowest of 3``, ``highest of 3``."""
    if position == 1:
        return f"lowest of {count}"
    if position == count:
        return f"highest of {count}"
    return f"{_ordinal(position)} lowest of {count}"


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def build(
    run: ScoreRun,
    *,
    top: int = 3,
    generated: dt.date | None = None,
    digest: str = "",
    disagreement: Any = None,
) -> dict[str, Any]:
    """The report's template context."""
    project = run.project
    spec = project.spec
    selection = project.selection
    currency = spec.pricing.currency
    areas = [area for area in selection.areas if area.points > 0]
    area_titles = {area.id: area.area.title for area in areas}
    ranking = run.ranking
    rows: dict[str, dict[str, Any]] = {
        str(vendor): {str(k): v for k, v in values.items()}
        for vendor, values in ranking.to_dict("index").items()
    }
    vendors = list(rows)
    qualified = [v for v in vendors if not rows[v]["disqualified"]]
    shortlist = qualified[:top]
    costs: dict[str, float | None] = {v: _cost(rows[v]["annual_cost"]) for v in vendors}
    priced = {v: cost for v, cost in costs.items() if cost is not None}
    priced_qualified = sorted((v for v in qualified if v in priced), key=lambda v: priced[v])

    subtotals = ranking[[area.id for area in areas]].astype(float)
    points = {area.id: area.points for area in areas}
    achievement = sensitivity.area_achievement(subtotals, points)
    earned = {v: {a.id: float(rows[v][a.id]) for a in areas} for v in vendors}
    share = {
        str(v): {str(a): float(x) for a, x in values.items()}
        for v, values in achievement.to_dict("index").items()
    }
    pool = qualified or vendors
    field_average = {a.id: sum(share[v][a.id] for v in pool) / len(pool) for a in areas}

    # Sensitivity, on qualified vendors only: disqualified ones rank last whatever the weights.
    confidence_text = "No vendor qualified, so there is no ranking to test."
    monte: sensitivity.MonteCarloResult | None = None
    flip: sensitivity.WinnerFlip | None = None
    topsis_check: sensitivity.TopsisCheck | None = None
    confidence: sensitivity.Confidence | None = None
    if qualified:
        qualified_achievement = achievement.loc[qualified]
        monte = sensitivity.monte_carlo(
            qualified_achievement, points, top_n=min(top, len(qualified))
        )
        totals = {v: float(rows[v]["total"]) for v in qualified}
        confidence = sensitivity.assess_confidence(totals, monte)
        confidence_text = sensitivity.confidence_statement(confidence)
        flip = sensitivity.smallest_winner_flip(qualified_achievement, points)
        if len(qualified) > 1:
            matrix = run.matrix.loc[qualified]
            criterion_points = {wc.id: wc.points for wc in selection.criteria if wc.points > 0}
            topsis_scores = sensitivity.topsis(matrix[list(criterion_points)], criterion_points)
            topsis_check = sensitivity.ranking_agreement(qualified, topsis_scores)

    cells = {(c.vendor, c.criterion): c for c in run.cells}
    by_id = selection.by_id()

    def evidence_for(vendor: str, criterion_id: str) -> dict[str, Any]:
        match = run.match_for(vendor, criterion_id)
        cell = cells[(vendor, criterion_id)]
        top_evidence = match.evidence[0] if match and match.evidence else None
        return {
            "id": criterion_id,
            "title": by_id[criterion_id].criterion.title,
            "score": cell.score,
            "source": cell.source,
            "note": cell.note,
            "quote": top_evidence.quote if top_evidence and cell.source != "check" else "",
            "file": top_evidence.file if top_evidence else "",
            "page": top_evidence.page if top_evidence else None,
            "section": top_evidence.section if top_evidence else "",
        }

    vendor_pages = []
    risks: list[str] = []
    one_liners = {}
    for position, vendor in enumerate(shortlist, start=1):
        checks = run.checks[vendor]
        own = share[vendor]
        # What sets the vendor apart: areas where it beats the qualified average by most.
        best_areas = sorted(areas, key=lambda a: (-(own[a.id] - field_average[a.id]), a.id))[:2]
        cost = costs[vendor]
        price_rank = priced_qualified.index(vendor) + 1 if vendor in priced_qualified else None
        price_text = "no usable price"
        if price_rank:
            price_text = (
                f"{_money(cost, currency)} a year "
                f"({_price_position(price_rank, len(priced_qualified))})"
            )
        one_liners[vendor] = (
            f"{float(rows[vendor]['total']):.1f} points; stands out in "
            f"{best_areas[0].area.title.lower()}"
            + (f" and {best_areas[1].area.title.lower()}" if len(best_areas) > 1 else "")
            + f"; {price_text}."
        )
        scored = [wc for wc in selection.criteria if wc.points > 0 and wc.criterion.check is None]
        scored.sort(key=lambda wc: (-cells[(vendor, wc.id)].score, -wc.points, wc.id))
        strengths = [evidence_for(vendor, wc.id) for wc in scored[:3]]
        gaps_sorted = sorted(
            scored, key=lambda wc: (cells[(vendor, wc.id)].score, -wc.points, wc.id)
        )
        gaps = [evidence_for(vendor, wc.id) for wc in gaps_sorted[:3]]
        vendor_risks = []
        if checks.overlap_hours is not None and checks.buyer_hours > 0:
            overlap_share = checks.overlap_hours / checks.buyer_hours
            if overlap_share < LOW_OVERLAP_SHARE:
                vendor_risks.append(
                    f"{vendor}: delivery sites cover only {checks.overlap_hours:g} of your "
                    f"{checks.buyer_hours:g} weekly hours ({overlap_share:.0%})."
                )
        elif checks.overlap_hours is None:
            vendor_risks.append(
                f"{vendor}: no delivery sites declared, so hours cover is unverified."
            )
        if checks.languages is not None and checks.languages.missing:
            vendor_risks.append(f"{vendor}: does not offer {', '.join(checks.languages.missing)}.")
        if (
            price_rank is not None
            and price_rank == len(priced_qualified)
            and len(priced_qualified) > 1
        ):
            premium = priced[vendor] / priced[priced_qualified[0]] - 1
            vendor_risks.append(
                f"{vendor}: the most expensive qualified bid, {premium:.0%} above the lowest."
            )
        weak = [a.area.title for a in areas if own[a.id] < WEAK_AREA_SHARE]
        if weak:
            vendor_risks.append(
                f"{vendor}: weak in {', '.join(weak[:3]).lower()} (under 40% of the points)."
            )
        flags = next(v for v in run.vendors if v.name == vendor).warnings
        if flags:
            vendor_risks.append(f"{vendor}: {len(flags)} file problem(s); see the scores workbook.")
        risks.extend(vendor_risks)
        certifications = checks.certifications
        vendor_pages.append(
            {
                "name": vendor,
                "rank": position,
                "total": float(rows[vendor]["total"]),
                "areas": [
                    {
                        "title": area.area.title,
                        "points": area.points,
                        "earned": earned[vendor][area.id],
                        "share": own[area.id],
                        "average": field_average[area.id],
                    }
                    for area in areas
                ],
                "strengths": strengths,
                "gaps": gaps,
                "certifications_held": certifications.held if certifications else [],
                "certifications_missing": certifications.missing if certifications else [],
                "languages": [
                    f"{language_name(code)} ({code})"
                    for code in (checks.languages.offered if checks.languages else [])
                ],
                "languages_missing": checks.languages.missing if checks.languages else [],
                "overlap_hours": checks.overlap_hours,
                "buyer_hours": checks.buyer_hours,
                "site_overlap": checks.site_overlap,
                "covers_24_7": checks.covers_24_7,
                "locations": checks.locations,
                "price": _money(cost, currency),
                "price_model": PRICE_MODEL_TITLES.get(
                    checks.price.model, checks.price.model
                ).lower()
                if checks.price
                else "",
                "price_lines": (checks.price.lines if checks.price else [])
                + ([checks.price_note] if checks.price_note else []),
                "risks": vendor_risks,
                "disagreements": _vendor_disagreements(disagreement, vendor),
            }
        )

    disqualified_rows = [
        {
            "name": v,
            "reason": _first_reasons(str(rows[v]["reason"])),
            "total": float(rows[v]["total"]),
        }
        for v in vendors
        if bool(rows[v]["disqualified"])
    ]
    ranking_rows = [
        {
            "rank": int(rows[v]["rank"]),
            "name": v,
            "total": float(rows[v]["total"]),
            "areas": [earned[v][a.id] for a in areas],
            "cost": _money(costs[v], currency),
            "status": "Shortlisted"
            if v in shortlist
            else ("Disqualified" if bool(rows[v]["disqualified"]) else "Qualified"),
            "flagged": bool(rows[v]["flags"]),
        }
        for v in vendors
    ]
    bars = charts.stacked_area_bars(
        earned, area_titles, vendors, [v for v in vendors if rows[v]["disqualified"]]
    )
    radar = (
        charts.radar(
            {v: share[v] for v in shortlist},
            {a.id: SHORT_TITLES.get(a.id, a.area.title) for a in areas},
            field_average,
        )
        if shortlist
        else None
    )
    timeline = spec.timeline
    generated = generated or dt.date.today()
    return {
        **document_context(spec, f"Vendor shortlist for RFP {spec.project.reference}"),
        "office": project.library.offices[spec.office].title,
        "generated": generated,
        "digest": digest,
        "top": top,
        "shortlist": [{"name": v, "reason": one_liners[v]} for v in shortlist],
        "qualified_count": len(qualified),
        "vendor_count": len(vendors),
        "disqualified": disqualified_rows,
        "risks": risks,
        "confidence": confidence_text,
        "too_close": bool(confidence and confidence.too_close),
        "monte_carlo": monte,
        "p_first": [
            {"name": v, "p_first": monte.p_first.get(v, 0.0), "p_top": monte.p_top_n.get(v, 0.0)}
            for v in qualified
        ]
        if monte
        else [],
        "flip": flip,
        "flip_area": area_titles.get(flip.area, flip.area) if flip else "",
        "topsis": topsis_check,
        "areas": areas,
        "short_titles": {a.id: SHORT_TITLES.get(a.id, a.area.title) for a in areas},
        "ranking_rows": ranking_rows,
        "bars": bars,
        "radar": radar,
        "vendors": vendor_pages,
        "disagreement": disagreement,
        "currency": currency,
        "coverage_text": describe_coverage(spec.coverage),
        "time_zone": spec.time_zone,
        "evaluation": spec.evaluation,
        "price_points": sum(wc.points for wc in selection.with_check("price")),
        "mandatory": selection.mandatory,
        "certifications": spec.certifications,
        "reference_week": run.reference_week,
        "issued": timeline.issued,
        "auto_cells": sum(1 for c in run.cells if c.source == "auto"),
        "human_cells": sum(1 for c in run.cells if c.source in ("evaluators", "consensus")),
        "check_cells": sum(1 for c in run.cells if c.source == "check"),
        "total_cells": len(run.cells),
    }


def _vendor_disagreements(disagreement: Any, vendor: str) -> list[dict[str, Any]]:
    """Flagged evaluator spreads for one vendor, when evaluator sheets were merged."""
    if disagreement is None:
        return []
    rows = getattr(disagreement, "flagged_cells", None)
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        records = [{str(k): v for k, v in r.items()} for r in rows.to_dict("records")]
    else:
        records = [r if isinstance(r, dict) else vars(r) for r in rows]
    own = [r for r in records if str(r.get("vendor")) == vendor]
    return sorted(own, key=lambda r: (-float(r.get("spread", 0)), str(r.get("criterion"))))


def write_report(
    run: ScoreRun,
    *,
    top: int = 3,
    output_dir: Path | None = None,
    templates: Path | None = None,
    disagreement: Any = None,
    generated: dt.date | None = None,
    record: RunRecord | None = None,
) -> ReportFiles:
    """Write ``shortlist.pdf`` and ``shortlist.html`` into the project's output folder."""
    out = output_dir or run.project.output_dir
    context = build(
        run,
        top=top,
        generated=generated,
        digest=input_digest((record or build_record(run, run.evaluations)).inputs),
        disagreement=disagreement if disagreement is not None else run.disagreement,
    )
    html = render.render_html(REPORT_TEMPLATE, context, templates)
    files = ReportFiles(pdf=out / "shortlist.pdf", html=out / "shortlist.html")
    render.write_pdf(html, files.pdf, templates)
    write_text(files.html, inline_stylesheet(html, templates))
    return files
