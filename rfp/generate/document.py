"""Spec + weighted criteria -> the RFP document (HTML and PDF) and the vendor response kit.

``build`` turns a project into a plain template context; the templates only lay it out. Numbers
such as weights and points are computed here once and printed as they will be applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

from rfp.core import kit_layout, render
from rfp.core.calendar import describe_coverage
from rfp.core.criteria import WeightedArea
from rfp.core.files import write_text
from rfp.core.items import MIN_ITEM_POINTS, groups_by_question, scored_items
from rfp.core.languages import language_label
from rfp.core.payroll import PAYSLIPS_PER_PAYROLL_FTE_YEAR, is_payroll
from rfp.core.project import Project
from rfp.core.render import document_context, inline_stylesheet
from rfp.core.spec import (
    KPI,
    PRICE_MODEL_TITLES,
    RULE_TITLES,
    SYSTEM_TITLES,
    Criterion,
    Spec,
)
from rfp.core.stages import written_share
from rfp.generate import contract, kit

RFP_TEMPLATE = "rfp.html.j2"

STAGE_TITLES = {
    "issued": "RFP issued",
    "intent_to_bid": "Intent to bid and NDA due",
    "questions_due": "Written questions close",
    "answers_published": "Answers published to all bidders",
    "proposals_due": "Proposals due",
    "shortlist": "Shortlist announced",
    "orals": "Oral presentations and demonstrations",
    "site_visits": "Site visits",
    "reference_checks": "Reference checks",
    "bafo": "Best and final offers due",
    "decision": "Decision and notification",
    "contract_signature": "Contract signature",
    "go_live": "Go-live",
}
"""How each timeline key reads in the RFP's timeline table."""

CONFIRMING_STAGES = {
    "orals": "oral presentations or demonstrations",
    "site_visits": "visits to their delivery sites",
    "reference_checks": "calls to their references",
}
"""The later stages shortlisted providers take part in, as the evaluation method names them."""

SCALE: tuple[tuple[int, str], ...] = (
    (0, "Not addressed, or no response."),
    (1, "Poor: acknowledges the requirement but gives no evidence or a generic statement."),
    (2, "Weak: partly meets the requirement; significant gaps or vague commitments."),
    (3, "Adequate: meets the requirement with some specific evidence."),
    (4, "Good: fully meets the requirement with specific evidence, metrics or references."),
    (5, "Excellent: exceeds the requirement with verifiable evidence and measurable commitments."),
)

PRICE_MODEL_EXPLANATIONS: dict[str, str] = {
    "per_fte_month": "A fully loaded monthly rate per full-time agent, and the FTE you would "
    "deploy for each channel or transaction type at the baseline volumes.",
    "per_productive_hour": "A rate per logged-in productive hour, and the productive hours per FTE "
    "per month you assume.",
    "per_minute": "A rate per handled minute (talk, hold and after-call work), applied to the "
    "baseline volumes and handle times.",
    "per_transaction": "A rate per contact handled or per transaction processed (for example per "
    "invoice or payslip), applied to the baseline volumes.",
    "per_employee_month": "A rate per employee paid per month (PEPM) for payroll, covering every "
    "pay run, off-cycle payment, statutory filing and employee query, applied to the employees "
    "in section 2.3.",
}


@dataclass(frozen=True)
class GeneratedFiles:
    """Where ``generate`` wrote each document."""

    html: Path
    pdf: Path
    template: Path
    workbook: Path
    contract: Path | None = None
    """The contract schedules as Word, for the buyer's lawyers to edit."""

    def all(self) -> list[Path]:
        """Every file written, in a stable order."""
        files = [self.pdf, self.html, self.template, self.workbook]
        return files + ([self.contract] if self.contract else [])


ACRONYMS = frozenset({"ap", "ar", "gl", "hr", "po", "it", "kyc", "rma", "vat"})


def transaction_label(transaction: str) -> str:
    """A transaction id as a label: ``ap_invoices`` -> "AP invoices", not "Ap invoices"."""
    words = [w.upper() if w.lower() in ACRONYMS else w for w in transaction.split("_") if w]
    if words and not words[0].isupper():
        words[0] = words[0].capitalize()
    return " ".join(words)


def country_name(code: str) -> str:
    """A country's common name for print ("United Kingdom", not the ISO long form)."""
    country = pycountry.countries.get(alpha_2=code)
    return str(getattr(country, "common_name", None) or getattr(country, "name", code))


def scoped_kpis(kpis: list[KPI], functions: list[str]) -> list[KPI]:
    """The office's KPIs for the functions in scope: no payroll SLAs in a contact-centre RFP."""
    return [k for k in kpis if k.functions == "all" or any(f in functions for f in k.functions)]


def system_rows(spec: Spec) -> list[tuple[str, str]]:
    """The buyer's named systems as (kind, name) rows for the scope."""
    return [(SYSTEM_TITLES[kind], name) for kind, name in spec.systems.named().items()]


def systems_note(criterion: Criterion, spec: Spec) -> str:
    """A sentence naming the buyer's systems a question is about, so vendors answer for
    Salesforce Service Cloud rather than for CRMs in general; empty when none are named."""
    named = spec.systems.named()
    parts = [f"{SYSTEM_TITLES[kind]}: {named[kind]}" for kind in criterion.systems if kind in named]
    if not parts:
        return ""
    return (
        f"The buyer's systems ({'; '.join(parts)}). Say how you will integrate with and "
        "work in these, and your experience with them."
    )


def volume_rows(spec: Spec) -> list[dict[str, str | float]]:
    """Baseline volumes as table rows with annual totals and workload hours."""
    rows: list[dict[str, str | float]] = []
    for volume in spec.volumes:
        if volume.channel is not None:
            seconds = volume.aht_seconds or 0.0
            handle = f"{seconds:,.0f} s AHT"
            kind = "Channel"
            name = volume.channel.capitalize()
        else:
            seconds = (volume.handle_minutes or 0.0) * 60
            handle = f"{volume.handle_minutes:g} min" if volume.handle_minutes else "—"
            kind = "Transaction"
            name = transaction_label(volume.transaction or "")
            if volume.employees is not None:  # what a per-employee-per-month price is charged on
                name += f" ({volume.employees:,} employees)"
        workload = volume.per_month * seconds / 3600
        rows.append(
            {
                "name": name,
                "kind": kind,
                "per_month": volume.per_month,
                "per_year": volume.per_month * 12,
                "handle_time": handle,
                "workload_hours": f"{workload:,.0f}" if seconds else "—",
            }
        )
    return rows


def item_context(areas: Sequence[WeightedArea]) -> dict[str, Any]:
    """How section 4 prints each area's questions: small ones grouped into one scored item."""
    items = {area.id: scored_items(area) for area in areas}
    return {
        "items": items,
        "groups": [item for area_items in items.values() for item in area_items if item.group],
        "group_of": groups_by_question(areas),
        "min_item_points": MIN_ITEM_POINTS,
    }


def build(project: Project) -> dict[str, Any]:
    """The template context for the RFP document: every value the template prints."""
    spec = project.spec
    selection = project.selection
    profile = project.library.offices[spec.office]
    functions = [project.library.functions[fid] for fid in spec.functions]
    criteria = selection.criteria
    price_points = sum(wc.points for wc in selection.with_check("price"))
    areas = selection.areas
    toc: list[dict[str, str | bool]] = [
        {"anchor": "introduction", "label": "1. Introduction", "sub": False},
        {"anchor": "scope", "label": "2. Background and scope", "sub": False},
        {"anchor": "service-levels", "label": "3. Service levels and KPIs", "sub": False},
        {"anchor": "requirements", "label": "4. Requirements", "sub": False},
    ]
    toc += [
        {"anchor": f"area-{area.id}", "label": f"4.{i} {area.area.title}", "sub": True}
        for i, area in enumerate(areas, start=1)
    ]
    toc += [
        {"anchor": "evaluation", "label": "5. Evaluation method", "sub": False},
        {"anchor": "pricing", "label": "6. Pricing instructions", "sub": False},
        {"anchor": "timeline", "label": "7. Timeline and process", "sub": False},
        {"anchor": "submission", "label": "8. Submission instructions", "sub": False},
        {"anchor": "rubrics", "label": "Appendix A. Scoring rubrics", "sub": False},
    ]
    # The contract package (annexes A to C), after the appendix.
    toc += [{"anchor": anchor, "label": label, "sub": False} for anchor, label in CONTRACT_ANNEXES]
    timeline = spec.timeline
    return {
        **document_context(
            spec, f"Request for Proposal {spec.project.reference}: {spec.project.title}"
        ),
        "office_title": profile.title,
        "office_description": profile.description,
        "functions": functions,
        "function_titles": [f.title for f in functions],
        "systems": system_rows(spec),
        "systems_notes": {wc.id: systems_note(wc.criterion, spec) for wc in criteria},
        "locations": [location.capitalize() for location in spec.locations],
        "coverage_text": describe_coverage(spec.coverage),
        "coverage_hours": spec.coverage.hours_per_week,
        "time_zone": spec.time_zone,
        "language_names": [language_label(code) for code in spec.languages],
        "country_names": [country_name(code) for code in spec.country_codes],
        "certifications": spec.certifications,
        "volumes": volume_rows(spec),
        "has_voice": any(v.channel == "voice" for v in spec.volumes),
        "service_level": spec.service_level,
        "kpis": scoped_kpis(profile.kpis, spec.functions),
        "interval_question": "TZ-06" if "TZ-06" in selection.by_id() else None,
        "sla_question_ids": [wc.id for wc in criteria if wc.criterion.area == "service_levels"][:3],
        "areas": areas,
        **item_context(areas),
        "criteria": criteria,
        "question_count": len(criteria),
        "total_points": sum(area.points for area in areas),
        "mandatory": selection.mandatory,
        "price_points": price_points,
        "commercial_terms": [
            wc
            for area in areas
            if area.area.pricing
            for wc in area.criteria
            if wc not in selection.with_check("price")
        ],
        "scale": SCALE,
        "evaluation": spec.evaluation,
        "rules": [
            {"title": title, "action": spec.rules.action(kind)}
            for kind, title in RULE_TITLES.items()
        ],
        "currency": spec.pricing.currency,
        "contract_years": spec.project.contract_years,
        "discount_rate": spec.pricing.discount_rate,
        "abnormally_low": (
            f"{spec.pricing.abnormally_low_per_fte_month:,g}"
            if spec.pricing.abnormally_low_per_fte_month
            else ""
        ),
        "coverage_mandatory": spec.coverage.mandatory,
        "payslips_per_fte": PAYSLIPS_PER_PAYROLL_FTE_YEAR,
        "has_payroll": any(is_payroll(v.name) for v in spec.volumes if v.transaction),
        "productive_hours": {
            "default": kit_layout.DEFAULT_PRODUCTIVE_HOURS,
            "low": f"{kit_layout.PLAUSIBLE_PRODUCTIVE_HOURS[0]:g}",
            "high": f"{kit_layout.PLAUSIBLE_PRODUCTIVE_HOURS[1]:g}",
            "asked": bool({"per_fte_month", "per_productive_hour"} & set(spec.price_models)),
        },
        "exchange_rates": [
            (code, f"{rate:g}") for code, rate in sorted(spec.pricing.exchange_rates.items())
        ],
        "price_models": [
            {"id": m, "title": PRICE_MODEL_TITLES[m], "explanation": PRICE_MODEL_EXPLANATIONS[m]}
            for m in spec.price_models
        ],
        "timeline": timeline,
        "timeline_rows": [
            (STAGE_TITLES[name], when) for name, when in timeline.dates() if when is not None
        ],
        "later_stages": [
            phrase
            for name, phrase in CONFIRMING_STAGES.items()
            if getattr(timeline, name) is not None
        ],
        **stage_context(project),
        "page_limit": spec.process.page_limit,
        "sections": {"evaluation": 5, "submission": 8},
        "first_question_id": criteria[0].id if criteria else "SEC-01",
        "toc": toc,
        **_contract_context(project),
    }


def stage_context(project: Project) -> dict[str, Any]:
    """Section 5.6's scored stages: each with its date, share of the final total and items, the
    written proposal's share, and the later stages that stay unscored."""
    timeline = project.spec.timeline
    scored = [
        {
            "id": stage.id,
            "title": stage.info.title,
            "date": getattr(timeline, stage.id),
            "share": stage.share,
            "items": stage.criteria,
        }
        for stage in project.stages
    ]
    return {
        "scored_stages": scored,
        "written_share": written_share(project.stages),
        "unscored_stages": [
            phrase
            for name, phrase in CONFIRMING_STAGES.items()
            if getattr(timeline, name) is not None and project.stage(name) is None
        ],
    }


def _contract_context(project: Project) -> dict[str, Any]:
    """What the contract annexes print (``_contract.html.j2``)."""
    schedules = contract.schedules(project)
    return {"contract": schedules, "contract_rules": contract.credit_rules(schedules)}


CONTRACT_ANNEXES = (
    ("annex-service-levels", "Annex A. Service-level schedule"),
    ("annex-data-processing", "Annex B. Data-processing schedule"),
    ("annex-key-terms", "Annex C. Key terms"),
)
"""The contract package's annexes in the RFP, by anchor and contents label."""


def write_rfp(
    project: Project, output_dir: Path | None = None, templates: Path | None = None
) -> GeneratedFiles:
    """Write ``rfp.html``, ``rfp.pdf`` and the response kit into the project's output folder."""
    out = output_dir or project.output_dir
    context = build(project)
    html = render.render_html(RFP_TEMPLATE, context, templates)
    files = GeneratedFiles(
        html=out / "rfp.html",
        pdf=out / "rfp.pdf",
        template=out / kit_layout.TEMPLATE_FILE,
        workbook=out / kit_layout.WORKBOOK_FILE,
        contract=out / contract.contract_file(project).name,
    )
    write_text(files.html, inline_stylesheet(html, templates))
    render.write_pdf(html, files.pdf, templates)
    kit.write_template(project, files.template)
    kit.write_workbook(project, files.workbook)
    if files.contract is not None:
        contract.write_contract_docx(project, files.contract)
    return files
