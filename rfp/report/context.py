"""A scoring run and its sensitivity analysis -> the shortlist's template context.

``build`` turns a run into plain values: who to shortlist and why, the risks, and how sure the
ranking is (from ``analysis``). The template only lays it out, and every vendor-supplied string
reaches it as data, so autoescaping keeps it text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from rfp.core import render
from rfp.core.calendar import describe_coverage
from rfp.core.criteria import WeightedArea
from rfp.core.languages import language_label
from rfp.core.render import document_context
from rfp.core.spec import PRICE_MODEL_TITLES, RULE_TITLES
from rfp.core.stages import ScoredStage
from rfp.errors import SheetRejected
from rfp.evaluate.sheets_in import rejected_sheets
from rfp.report import charts
from rfp.report.analysis import RANKING_ROWS, RankingAnalysis, analyse, ranking_records
from rfp.score import contract as contract_terms
from rfp.score.audit import InputFile
from rfp.score.claims_evidence import GAP_TITLES
from rfp.score.run import (
    DISQUALIFIED,
    QUALIFIED,
    TO_CONFIRM,
    ScoreCell,
    ScoreRun,
    StageResults,
    UnsupportedClaim,
    VendorInput,
)
from rfp.score.scoring import join_reasons
from rfp.score.workbook import ACCEPTED, CONTRACT_STATUS_LABELS

LOW_OVERLAP_SHARE = 0.5
WEAK_AREA_SHARE = 0.4
CHART_BARS = 10
"""Vendors the bar chart of a field larger than RANKING_ROWS shows: more would not be legible."""
DISQUALIFIED_LISTED = 10
"""Disqualified vendors named in the executive summary of a field larger than RANKING_ROWS."""
SCORE_BANDS = 10


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


@dataclass(frozen=True)
class _Standings:
    """What every part of the report reads: who ranked where, who qualified, costs and shares."""

    run: ScoreRun
    analysis: RankingAnalysis
    rows: dict[str, dict[str, Any]]
    shortlist: list[str]
    costs: dict[str, float | None]
    priced: dict[str, float]
    priced_qualified: list[str]
    earned: dict[str, dict[str, float]]
    share: dict[str, dict[str, float]]
    field_average: dict[str, float]
    cells: dict[tuple[str, str], ScoreCell]

    @property
    def vendors(self) -> list[str]:
        """Every vendor in rank order."""
        return list(self.rows)

    @property
    def listed(self) -> list[str]:
        """The vendors the ranking table shows: the top of the ranking, the shortlist included."""
        return self.vendors[: max(RANKING_ROWS, len(self.shortlist))]

    @property
    def qualified(self) -> list[str]:
        """Qualified vendors in rank order."""
        return list(self.analysis.qualified)

    @property
    def areas(self) -> tuple[WeightedArea, ...]:
        """The areas that carry points."""
        return self.analysis.areas

    @property
    def currency(self) -> str:
        """The currency prices are compared in."""
        return self.run.project.spec.pricing.currency

    def money(self, value: float | None) -> str:
        """An annual cost in the RFP's currency, or ``not priced``."""
        return _money(value, self.currency)


def _standings(run: ScoreRun, analysis: RankingAnalysis, top: int) -> _Standings:
    rows = ranking_records(run)
    qualified = list(analysis.qualified)
    # Like for like: vendors are compared on the term cost the price points rest on.
    costs = {
        vendor: _cost(row.get("term_cost", row["annual_cost"])) for vendor, row in rows.items()
    }
    priced = {vendor: cost for vendor, cost in costs.items() if cost is not None}
    share = analysis.shares()
    pool = qualified or list(rows)
    return _Standings(
        run=run,
        analysis=analysis,
        rows=rows,
        shortlist=qualified[:top],
        costs=costs,
        priced=priced,
        priced_qualified=sorted((v for v in qualified if v in priced), key=lambda v: priced[v]),
        earned={v: {a.id: float(rows[v][a.id]) for a in analysis.areas} for v in rows},
        share=share,
        field_average={a.id: sum(share[v][a.id] for v in pool) / len(pool) for a in analysis.areas},
        cells={(c.vendor, c.criterion): c for c in run.cells},
    )


def build(
    run: ScoreRun,
    *,
    top: int = 3,
    generated: dt.date | None = None,
    digest: str = "",
    disagreement: Any = None,
    analysis: RankingAnalysis | None = None,
) -> dict[str, Any]:
    """The report's template context.

    ``analysis`` is the run's sensitivity analysis for the same ``top``; it is computed here
    when not given.
    """
    if analysis is None:
        analysis = analyse(run, top=top)
    standings = _standings(run, analysis, top)
    spec = run.project.spec
    pages, risks, one_liners = _vendor_sections(standings, disagreement)
    return {
        **document_context(spec, f"Vendor shortlist for RFP {spec.project.reference}"),
        "office": run.project.library.offices[spec.office].title,
        "generated": generated or dt.date.today(),
        "digest": digest,
        "top": top,
        "shortlist": [
            {
                "name": v,
                "reason": one_liners[v],
                "to_confirm": _status(standings, v) == TO_CONFIRM,
            }
            for v in standings.shortlist
        ],
        "qualified_count": len(standings.qualified),
        "vendor_count": len(standings.vendors),
        "disqualified": _disqualified_rows(standings),
        "to_confirm": _to_confirm_rows(standings),
        "open_items": _open_item_rows(standings),
        **_unlisted_to_confirm(standings),
        "disqualified_unlisted": _disqualified_unlisted(standings),
        "risks": risks,
        **_confidence_context(analysis),
        "areas": list(analysis.areas),
        "short_titles": {a.id: a.area.short_title for a in analysis.areas},
        "ranking_rows": _ranking_rows(standings),
        **_field_context(standings),
        **_charts(standings),
        "vendors": pages,
        "disagreement": disagreement,
        "contract_lines": _contract_lines(standings),
        "currency": standings.currency,
        **_method_context(run),
        "stages": stage_context(run),
    }


def _confidence_context(analysis: RankingAnalysis) -> dict[str, Any]:
    """The "How sure is this?" section: verdict, the three kinds of draws, the smallest changes
    that flip the winner and the TOPSIS cross-check."""
    monte, flip, drawn = analysis.monte_carlo, analysis.flip, analysis.scenarios
    area_titles = {area.id: area.area.title for area in analysis.areas}
    return {
        "confidence": analysis.statement,
        "too_close": analysis.too_close,
        "monte_carlo": monte,
        "scenarios": drawn,
        "p_first": [
            {
                "name": v,
                "p_first": monte.p_first.get(v, 0.0),
                "p_top": monte.p_top_n.get(v, 0.0),
                "first": [r.p_first.get(v, 0.0) for r in (drawn.weights, drawn.scores, drawn.both)],
                "top": [r.p_top_n.get(v, 0.0) for r in (drawn.weights, drawn.scores, drawn.both)],
            }
            for position, v in enumerate(analysis.qualified)
            # A large field lists the top and any vendor further down that placed often.
            if position < RANKING_ROWS or drawn.both.p_top_n.get(v, 0.0) >= OFTEN_PLACED
        ]
        if monte and drawn
        else [],
        **_rarely_placed(analysis),
        "uncertain_cells": _uncertain_cells(analysis),
        "auto_sd": _auto_sd(analysis.auto_sd),
        "decision": analysis.decision,
        "flip": flip,
        "flip_area": area_titles.get(flip.area, flip.area) if flip else "",
        "topsis": analysis.topsis,
        "topsis_text": analysis.topsis_statement,
    }


OFTEN_PLACED = 0.01
"""Below the ranking table's vendors, the scenario table lists a vendor that reached the top
in at least this share of the scenarios; in a field of 1,000 close bids, hundreds reach it
now and then, and listing each took 15 pages."""


def _rarely_placed(analysis: RankingAnalysis) -> dict[str, Any]:
    """The vendors below the ranking table that reached the top, but rarely: how many, and
    what share of the top places they took together, in the scenarios varying both."""
    drawn = analysis.scenarios
    if drawn is None:
        return {"rarely_placed": 0, "rarely_placed_share": 0.0, "ranking_rows_shown": 0}
    shares = [
        drawn.both.p_top_n.get(v, 0.0)
        for position, v in enumerate(analysis.qualified)
        if position >= RANKING_ROWS and 0 < drawn.both.p_top_n.get(v, 0.0) < OFTEN_PLACED
    ]
    return {
        "rarely_placed": len(shares),
        "rarely_placed_share": sum(shares) / max(1, drawn.both.top_n),
        "ranking_rows_shown": RANKING_ROWS,
    }


def _auto_sd(levels: float) -> str:
    """How widely an auto-score is drawn, in words."""
    if levels == 1:
        return "one rubric level"
    return f"{levels:.2f} rubric levels (how far this run's evaluators landed from it)"


def _uncertain_cells(analysis: RankingAnalysis) -> dict[str, int]:
    """How many of the qualified vendors' scores were drawn with noise, and how many were not."""
    if analysis.sd is None:
        return {"drawn": 0, "fixed": 0}
    values = analysis.sd.to_numpy()
    drawn = int((values > 0).sum())
    return {"drawn": drawn, "fixed": int(values.size) - drawn}


def _method_context(run: ScoreRun) -> dict[str, Any]:
    """The methodology appendix: the buyer's terms and how many cells each source scored."""
    spec = run.project.spec
    selection = run.project.selection
    return {
        "coverage_text": describe_coverage(spec.coverage),
        "time_zone": spec.time_zone,
        "evaluation": spec.evaluation,
        "price_points": sum(wc.points for wc in selection.with_check("price")),
        "commercial_terms": [
            wc
            for area in selection.areas
            if area.area.pricing
            for wc in area.criteria
            if wc not in selection.with_check("price")
        ],
        "contract_years": run.project.spec.project.contract_years,
        "discount_rate": run.project.spec.pricing.discount_rate,
        "coverage_mandatory": run.project.spec.coverage.mandatory,
        "mandatory": selection.mandatory,
        "certifications": spec.certifications,
        "reference_week": run.reference_week,
        "issued": spec.timeline.issued,
        "auto_cells": sum(1 for c in run.cells if c.source == "auto"),
        "human_cells": sum(1 for c in run.cells if c.source in ("evaluators", "consensus")),
        "check_cells": sum(1 for c in run.cells if c.source == "check"),
        "total_cells": len(run.cells),
        "rejected_sheets": rejected_sheets(run.evaluations),
        "stage_problems": stage_problems(run),
        "rules": [
            {"title": title, "action": spec.rules.action(kind)}
            for kind, title in RULE_TITLES.items()
        ],
    }


def _charts(standings: _Standings) -> dict[str, Any]:
    """Stacked bars of the listed vendors' points by area (the top CHART_BARS of a large field),
    and a radar of the shortlist's shares."""
    areas, rows, vendors = standings.areas, standings.rows, standings.listed
    if _large(standings):
        vendors = vendors[: max(CHART_BARS, len(standings.shortlist))]
    bars = charts.stacked_area_bars(
        standings.earned,
        {area.id: area.area.title for area in areas},
        vendors,
        [v for v in vendors if rows[v]["disqualified"]],
    )
    radar = (
        charts.radar(
            {v: standings.share[v] for v in standings.shortlist},
            {a.id: a.area.short_title for a in areas},
            standings.field_average,
        )
        if standings.shortlist
        else None
    )
    return {"bars": bars, "radar": radar, "bars_shown": len(vendors)}


def _disqualified_rows(standings: _Standings) -> list[dict[str, Any]]:
    """Knocked-out vendors with the first reasons, in rank order; the first few of a large
    field (every reason is counted in the ranking section)."""
    rows = standings.rows
    listed = [
        {
            "name": v,
            "reason": _first_reasons(str(rows[v]["reason"])),
            "total": float(rows[v]["total"]),
        }
        for v in standings.vendors
        if bool(rows[v]["disqualified"])
    ]
    return listed[:DISQUALIFIED_LISTED] if _large(standings) else listed


def _disqualified_unlisted(standings: _Standings) -> int:
    """Disqualified vendors the executive summary does not name."""
    count = sum(1 for v in standings.vendors if bool(standings.rows[v]["disqualified"]))
    return count - len(_disqualified_rows(standings))


def _large(standings: _Standings) -> bool:
    return len(standings.vendors) > len(standings.listed)


def _field_context(standings: _Standings) -> dict[str, Any]:
    """For a field larger than the ranking table: how the rest scored, and every knockout
    reason with the number of vendors it knocked out. Empty for a field the table lists whole."""
    if not _large(standings):
        return {"unlisted": 0, "bands": [], "knockout_counts": [], "histogram": None}
    rows = standings.rows
    totals = {v: float(rows[v]["total"]) for v in standings.vendors}
    out = {v for v in standings.vendors if bool(rows[v]["disqualified"])}
    listed = set(standings.listed)
    return {
        "unlisted": len(standings.vendors) - len(listed),
        "bands": _score_bands(totals, out, listed),
        "knockout_counts": _knockout_counts(standings),
        "histogram": charts.score_histogram(
            [t for v, t in totals.items() if v not in out],
            [t for v, t in totals.items() if v in out],
        ),
    }


def _score_bands(totals: dict[str, float], out: set[str], listed: set[str]) -> list[dict[str, Any]]:
    """Vendors per 10-point band of total, qualified and not, and how many the table omits."""
    width = 100 / SCORE_BANDS
    bands = []
    for band in reversed(range(SCORE_BANDS)):
        low, high = band * width, (band + 1) * width
        inside = [
            v
            for v, t in totals.items()
            if low <= t < high or (band == SCORE_BANDS - 1 and t >= high)
        ]
        bands.append(
            {
                "low": low,
                "high": high,
                "qualified": sum(1 for v in inside if v not in out),
                "disqualified": sum(1 for v in inside if v in out),
                "unlisted": sum(1 for v in inside if v not in listed),
            }
        )
    return [band for band in bands if band["qualified"] or band["disqualified"]]


def _knockout_counts(standings: _Standings) -> list[dict[str, Any]]:
    """Every distinct knockout reason and how many vendors it knocked out, most common first."""
    counts: dict[str, int] = {}
    for vendor in standings.vendors:
        for reason in {k.reason for k in standings.run.knockouts.get(vendor, [])}:
            counts[reason] = counts.get(reason, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"reason": reason, "vendors": count} for reason, count in ordered]


def _named_vendors(standings: _Standings) -> list[str]:
    """The vendors the summary and the open items name: all of them, or in a field larger than
    the ranking table, those the table lists (the rest are counted, and in the workbook)."""
    return standings.listed if _large(standings) else standings.vendors


def _to_confirm_rows(standings: _Standings) -> list[dict[str, Any]]:
    """Vendors ranked but to be confirmed, with the first open items, for the summary page."""
    run = standings.run
    return [
        {"name": v, "reason": _first_reasons(join_reasons(run.to_confirm.get(v, [])))}
        for v in _named_vendors(standings)
        if _status(standings, v) == TO_CONFIRM
    ]


def _unlisted_to_confirm(standings: _Standings) -> dict[str, Any]:
    """Vendors to be confirmed below the ranking table, counted, and their items counted by
    question: at 1,000 vendors a list of each would run to dozens of pages."""
    named = set(_named_vendors(standings))
    rest = [v for v in standings.vendors if v not in named and _status(standings, v) == TO_CONFIRM]
    titles = {wc.id: wc.criterion.title for wc in standings.run.project.selection.criteria}
    counts: dict[tuple[str, str], int] = {}
    for vendor in rest:
        items = standings.run.to_confirm.get(vendor, [])
        for key in {item.counted_as(titles.get(item.criterion, "")) for item in items}:
            counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return {
        "to_confirm_unlisted": len(rest),
        # An item on no question (a contract term, the price) is counted by what it is, not
        # under an empty question with an empty title.
        "to_confirm_counts": [
            {"criterion": criterion, "title": title, "vendors": count}
            for (criterion, title), count in ordered
        ],
        "listed_count": len(named),
    }


def _open_item_rows(standings: _Standings) -> list[dict[str, Any]]:
    """Per vendor not disqualified, in rank order: every item to confirm (and how it is
    settled) and every "Comply" its proposal does not back."""
    run = standings.run
    rows = []
    for v in _named_vendors(standings):
        if _status(standings, v) == DISQUALIFIED:
            continue
        items = [
            {
                "criterion": "" if item.criterion in item.reason else item.criterion,
                "reason": item.reason,
                "evidence": item.evidence,
            }
            for item in run.to_confirm.get(v, [])
        ]
        claims = _grouped_claims(run.unsupported.get(v, []))
        if items or claims:
            rows.append({"name": v, "open": items, "claims": claims})
    return rows


def _grouped_claims(claims: Sequence[UnsupportedClaim]) -> list[dict[str, Any]]:
    """Unsupported claims grouped by the class of gap, question ids listed, so a vendor that
    ticked "Comply" forty times takes three lines, not a page (scores.xlsx has each in full)."""
    groups = []
    for kind, title in GAP_TITLES.items():
        ids = [claim.criterion for claim in claims if claim.kind == kind]
        if ids:
            groups.append({"title": title, "ids": ids})
    return groups


def _status(standings: _Standings, vendor: str) -> str:
    """The vendor's status as the ranking records it."""
    row = standings.rows[vendor]
    return DISQUALIFIED if bool(row["disqualified"]) else str(row.get("status", QUALIFIED))


def _status_label(standings: _Standings, vendor: str) -> str:
    status = _status(standings, vendor)
    if vendor in standings.shortlist:
        return "Shortlisted" if status == QUALIFIED else "Shortlisted, to confirm"
    return status.capitalize()


def _ranking_rows(standings: _Standings) -> list[dict[str, Any]]:
    """The ranking table: the listed vendors with their area points, cost and status."""
    rows = standings.rows
    return [
        {
            "rank": int(rows[v]["rank"]),
            "name": v,
            "total": float(rows[v]["total"]),
            "areas": [standings.earned[v][a.id] for a in standings.areas],
            "cost": standings.money(standings.costs[v]),
            "status": _status_label(standings, v),
            "flagged": bool(_vendor(standings, v).warnings),
            "text_flags": _text_flags(standings, v),
        }
        for v in standings.listed
    ]


def _vendor(standings: _Standings, name: str) -> VendorInput:
    return next(vendor for vendor in standings.run.vendors if vendor.name == name)


def _text_flags(standings: _Standings, name: str) -> list[str]:
    """What the automatic reading flagged in a vendor's text: echo of the RFP, empty claims."""
    account = standings.run.accounts.get(name)
    return account.flags if account else []


def _vendor_sections(
    standings: _Standings, disagreement: Any
) -> tuple[list[dict[str, Any]], list[str], dict[str, str]]:
    """A page per shortlisted vendor, the risks they raise, and a one-line reason for each."""
    pages: list[dict[str, Any]] = []
    risks: list[str] = []
    one_liners: dict[str, str] = {}
    for position, vendor in enumerate(standings.shortlist, start=1):
        price_rank = _price_rank(standings, vendor)
        one_liners[vendor] = _one_liner(standings, vendor, price_rank)
        vendor_risks = _vendor_risks(standings, vendor, price_rank)
        risks.extend(vendor_risks)
        page = _vendor_page(standings, vendor, position)
        page["risks"] = vendor_risks
        page["disagreements"] = _vendor_disagreements(disagreement, vendor)
        pages.append(page)
    return pages, risks, one_liners


def _price_rank(standings: _Standings, vendor: str) -> int | None:
    """The vendor's place among the priced qualified bids, cheapest first."""
    priced = standings.priced_qualified
    return priced.index(vendor) + 1 if vendor in priced else None


def _one_liner(standings: _Standings, vendor: str, price_rank: int | None) -> str:
    """Why a vendor is on the shortlist: total, the two areas it stands out in, and price."""
    own, average = standings.share[vendor], standings.field_average
    # What sets the vendor apart: areas where it beats the qualified average by most.
    best = sorted(standings.areas, key=lambda a: (-(own[a.id] - average[a.id]), a.id))[:2]
    price_text = "no usable price"
    if price_rank:
        price_text = (
            f"{standings.money(standings.costs[vendor])} over the term "
            f"({_price_position(price_rank, len(standings.priced_qualified))})"
        )
    return (
        f"{float(standings.rows[vendor]['total']):.1f} points; stands out in "
        f"{best[0].area.title.lower()}"
        + (f" and {best[1].area.title.lower()}" if len(best) > 1 else "")
        + f"; {price_text}."
    )


def _vendor_risks(standings: _Standings, vendor: str, price_rank: int | None) -> list[str]:
    """Hours cover, languages, price premium, weak areas and file problems, in that order."""
    checks = standings.run.checks[vendor]
    risks = []
    if checks.overlap_hours is not None and checks.buyer_hours > 0:
        overlap_share = checks.overlap_hours / checks.buyer_hours
        if overlap_share < LOW_OVERLAP_SHARE:
            risks.append(
                f"{vendor}: delivery sites cover only {checks.overlap_hours:g} of your "
                f"{checks.buyer_hours:g} weekly hours ({overlap_share:.0%})."
            )
    elif checks.overlap_hours is None:
        risks.append(f"{vendor}: no delivery sites declared, so hours cover is unverified.")
    if checks.languages is not None and checks.languages.missing:
        missing = ", ".join(language_label(code) for code in checks.languages.missing)
        risks.append(f"{vendor}: does not offer {missing}.")
    priced = standings.priced_qualified
    if price_rank is not None and price_rank == len(priced) and len(priced) > 1:
        premium = standings.priced[vendor] / standings.priced[priced[0]] - 1
        term = checks.term
        covered = " once priced for full coverage" if term and term.coverage_adjustment else ""
        risks.append(
            f"{vendor}: the most expensive qualified bid{covered}, {premium:.0%} above the lowest."
        )
    own = standings.share[vendor]
    weak = [a.area.title for a in standings.areas if own[a.id] < WEAK_AREA_SHARE]
    if weak:
        risks.append(f"{vendor}: weak in {', '.join(weak[:3]).lower()} (under 40% of the points).")
    flags = _vendor(standings, vendor).warnings
    if flags:
        risks.append(f"{vendor}: {len(flags)} file problem(s); see the scores workbook.")
    risks += [f"{vendor}: {flag}." for flag in _text_flags(standings, vendor)]
    return risks


def _evidence(standings: _Standings, vendor: str, criterion_id: str) -> dict[str, Any]:
    """One criterion's score for a vendor with its best quote, file and page."""
    run = standings.run
    match = run.match_for(vendor, criterion_id)
    cell = standings.cells[(vendor, criterion_id)]
    top_evidence = match.evidence[0] if match and match.evidence else None
    return {
        "id": criterion_id,
        "title": run.project.selection.by_id()[criterion_id].criterion.title,
        "score": cell.score,
        "source": cell.source,
        "note": cell.note,
        "quote": top_evidence.quote if top_evidence and cell.source != "check" else "",
        "file": top_evidence.file if top_evidence else "",
        "page": top_evidence.page if top_evidence else None,
        "section": top_evidence.section if top_evidence else "",
    }


def _strengths_and_gaps(
    standings: _Standings, vendor: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The three best- and three worst-scored text criteria, heavier ones first on a tie."""
    cells = standings.cells
    scored = [
        wc
        for wc in standings.run.project.selection.criteria
        if wc.points > 0 and wc.criterion.check is None
    ]
    best = sorted(scored, key=lambda wc: (-cells[(vendor, wc.id)].score, -wc.points, wc.id))
    worst = sorted(scored, key=lambda wc: (cells[(vendor, wc.id)].score, -wc.points, wc.id))
    return (
        [_evidence(standings, vendor, wc.id) for wc in best[:3]],
        [_evidence(standings, vendor, wc.id) for wc in worst[:3]],
    )


def _vendor_page(standings: _Standings, vendor: str, position: int) -> dict[str, Any]:
    """A shortlisted vendor's page: area scores against the field, evidence and check facts."""
    checks = standings.run.checks[vendor]
    own = standings.share[vendor]
    strengths, gaps = _strengths_and_gaps(standings, vendor)
    certifications, languages, price = checks.certifications, checks.languages, checks.price
    return {
        "name": vendor,
        "rank": position,
        "total": float(standings.rows[vendor]["total"]),
        "areas": [
            {
                "title": area.area.title,
                "points": area.points,
                "earned": standings.earned[vendor][area.id],
                "share": own[area.id],
                "average": standings.field_average[area.id],
            }
            for area in standings.areas
        ],
        "strengths": strengths,
        "gaps": gaps,
        "certifications_held": certifications.held if certifications else [],
        "complies_with": certifications.complies_with if certifications else [],
        "certifications_missing": certifications.missing if certifications else [],
        "languages": [language_label(code) for code in (languages.offered if languages else [])],
        "languages_missing": [language_label(code) for code in languages.missing]
        if languages
        else [],
        "overlap_hours": checks.overlap_hours,
        "buyer_hours": checks.buyer_hours,
        "site_overlap": checks.site_overlap,
        "covers_24_7": checks.covers_24_7,
        "locations": checks.locations,
        "price": standings.money(standings.costs[vendor]),
        "price_model": PRICE_MODEL_TITLES.get(price.model, price.model).lower() if price else "",
        "price_lines": (price.lines if price else [])
        + ([checks.price_note] if checks.price_note else []),
        **_term_facts(standings, vendor),
        "contract": _contract_facts(standings, vendor),
    }


def _term_facts(standings: _Standings, vendor: str) -> dict[str, Any]:
    """The vendor page's term cost, full-coverage adjustment, price source and text prices."""
    checks = standings.run.checks[vendor]
    term = checks.term if checks.price is not None else None
    adjustment = term.coverage_adjustment if term else 0.0
    return {
        "annual_cost": standings.money(checks.price.annual_cost if checks.price else None),
        "term_lines": list(term.lines) if term else [],
        "coverage_adjustment": standings.money(adjustment) if adjustment else "",
        "coverage_note": checks.coverage_note,
        "price_source": checks.price_source,
        "text_prices": [price.evidence for price in checks.text_prices],
        "price_confirm": checks.price_confirm,
    }


CONTRACT_READ_AS = {
    status: label for status, label in CONTRACT_STATUS_LABELS.items() if status != ACCEPTED
}
"""The readings a vendor page lists: every term not simply accepted."""


def _contract_facts(standings: _Standings, vendor: str) -> dict[str, Any] | None:
    """The vendor page's contract terms: a summary line and every term it moves from or left
    unanswered, with its proposed wording; None when the run has no contract answers."""
    listed = standings.run.contract.get(vendor, [])
    if not listed:
        return None
    return {
        "summary": contract_terms.summary_line(listed),
        "rows": [
            {
                "title": response.title,
                "non_negotiable": response.non_negotiable,
                "read_as": CONTRACT_READ_AS[response.status],
                "alternative": response.alternative,
                "reason": response.reason,
                "note": response.note,
                "cell": response.cell,
            }
            for response in listed
            if response.status in CONTRACT_READ_AS
        ],
    }


def _contract_lines(standings: _Standings) -> list[dict[str, str]]:
    """The executive summary's line per shortlisted vendor on the contract's key terms."""
    run = standings.run
    return [
        {"name": vendor, "line": contract_terms.summary_line(run.contract[vendor])}
        for vendor in standings.shortlist
        if run.contract.get(vendor)
    ]


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


# --------------------------------------------------------------------------- evaluation stages


def stage_context(run: ScoreRun) -> dict[str, Any] | None:
    """The "Ranking after orals" section: the total after the stages held, each stage's score
    and items, the panel's flags, and the stages still to come; None before any stage is held."""
    results = run.stages
    if results is None:
        return None
    project = run.project
    held = [stage for stage in project.stages if stage.id in results.held]
    rows = []
    for line in results.ranking:
        found = [results.score(stage.id, line.vendor) for stage in held]
        rows.append(
            {
                "rank": line.rank,
                "name": line.vendor,
                "total": line.total,
                "written": line.written,
                "scores": [None if f is None else f.score for f in found],
                "standing": line.standing,
                "ranked": line.total is not None,
            }
        )
    items = {(i.stage, i.vendor, i.criterion): i for i in results.items}
    detail = [
        {
            "title": stage.info.title,
            "vendors": results.shortlists[stage.id],
            "source": results.shortlist_sources.get(stage.id, ""),
            "rows": [
                {
                    "id": wc.id,
                    "title": wc.criterion.title,
                    "points": wc.points,
                    "scores": [
                        items[(stage.id, vendor, wc.id)].score
                        if (stage.id, vendor, wc.id) in items
                        else None
                        for vendor in results.shortlists[stage.id]
                    ],
                }
                for wc in stage.criteria
            ],
        }
        for stage in held
    ]
    return {
        "label": results.label,
        "held": [
            {"title": s.info.title, "short": s.id.replace("_", " ").capitalize(), "share": s.share}
            for s in held
        ],
        "to_come": [s.info.title for s in project.stages if s.id not in results.held],
        "written_share": results.written_share,
        "rows": rows,
        "detail": detail,
        "flags": results.flags,
        "problems": stage_problems(run),
        "swap": stage_swap(results, held),
    }


def stage_swap(results: StageResults, held: list[ScoredStage]) -> str:
    """How little one stage item's panel score (0-5) would have to move to swap the first two
    after the stages: the smallest change, on either vendor, that the 0-5 scale leaves room for.

    An item worth p of a stage's 100 points, in a stage worth s% of the total, moves the total
    by s/100 x p/5 for each point of panel score, so the margin m needs m x 500 / (s x p).
    """
    ranked = [line for line in results.ranking if line.total is not None]
    if len(ranked) < 2:
        return ""
    first, second = ranked[0], ranked[1]
    margin = (first.total or 0.0) - (second.total or 0.0)
    scores = {(i.stage, i.vendor, i.criterion): i.score for i in results.items}
    best: tuple[float, str] | None = None
    for stage in held:
        for wc in stage.criteria:
            ahead = scores.get((stage.id, first.vendor, wc.id))
            behind = scores.get((stage.id, second.vendor, wc.id))
            if ahead is None or behind is None or not stage.share or not wc.points:
                continue
            need = margin * 500 / (stage.share * wc.points)
            if need <= max(ahead, 5 - behind) and (best is None or need < best[0]):
                best = (need, f"{wc.id} {wc.criterion.title}")
    if best is None:
        return "No change to a single item's panel score could close the gap between them."
    return (
        f"Moving the panel's score (0–5) on {best[1]} by {best[0]:.2f}, for either of the first "
        "two, would close the gap between them."
    )


def stage_problems(run: ScoreRun) -> list[str]:
    """Every scored stage folder's problems, held or not (a stage whose sheets were all refused
    is not held, yet must not look as if no sheet was sent): each refused file once, with its
    first problem (the scores workbook's Warnings sheet lists them all), and every warning;
    then the stage cells left blank that keep an item to be confirmed."""
    read: list[str] = []
    for evaluations in run.stage_sheets.values():
        summed = {p.file for p in evaluations.problems if isinstance(p, SheetRejected)}
        read += [
            str(problem)
            for problem in evaluations.problems
            if isinstance(problem, SheetRejected) or problem.file not in summed
        ]
    return read + (run.stages.unconfirmed if run.stages is not None else [])
