"""The contract package: the RFP's annexes A to C, and the same schedules as an editable DOCX.

Both are built from one context (``schedules``), so the Word file the buyer's lawyers edit says
what the RFP printed: the service-level schedule with its credit mechanics, the data-processing
schedule, and the key terms the vendor accepts or takes exception to in the response workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rfp.core import kit_layout
from rfp.core.contract import CreditSchedule, Term, credit_schedule, key_terms, percent
from rfp.core.files import atomic_path
from rfp.core.project import Project
from rfp.core.xlsx import core_property

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

CONTRACT_FILE = "{reference}-contract-schedules.docx"
"""The Word file of the schedules, named after the RFP so several RFPs' files do not clash."""


@dataclass(frozen=True)
class Schedules:
    """Everything the three annexes print."""

    credits: CreditSchedule
    processing: list[tuple[str, str]]
    terms: list[Term]
    buyer: str
    currency: str
    sheet: str

    @property
    def non_negotiable(self) -> list[Term]:
        """The terms the buyer will not move on."""
        return [term for term in self.terms if term.non_negotiable]


def contract_file(project: Project) -> Path:
    """Where ``rfp generate`` writes the Word schedules."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in project.spec.project.reference)
    return project.output_dir / CONTRACT_FILE.format(reference=safe)


def schedules(project: Project) -> Schedules:
    """The annexes' content for ``project``: KPIs are the office's, for the functions in scope."""
    from rfp.generate.document import scoped_kpis

    spec = project.spec
    kpis = scoped_kpis(project.library.offices[spec.office].kpis, spec.functions)
    return Schedules(
        credits=credit_schedule(spec, kpis),
        processing=processing_terms(project),
        terms=key_terms(spec),
        buyer=spec.buyer.name,
        currency=spec.pricing.currency,
        sheet=kit_layout.SHEET_CONTRACT,
    )


def processing_terms(project: Project) -> list[tuple[str, str]]:
    """Annex B: the processor terms GDPR Art. 28(3) requires, as (heading, clause) rows."""
    spec = project.spec
    buyer = spec.buyer.name
    contract = spec.contract
    return [
        (
            "Roles and instructions",
            f"{buyer} (the buyer) is the controller and the provider its processor (GDPR Art. "
            "28). The provider processes personal data only on the buyer's documented "
            "instructions, for the services and the term of the contract, and tells the buyer at "
            "once if an instruction would break data-protection law.",
        ),
        (
            "Data and people",
            "The schedule lists the categories of data subjects (customers, employees, "
            "suppliers) and of personal data, any special-category data, and how long each is "
            "kept. Only staff bound by confidentiality and trained in data protection may "
            "process it.",
        ),
        (
            "Security",
            "The provider keeps the technical and organisational measures of Art. 32, at least "
            "those its proposal and certifications describe, and tests them regularly.",
        ),
        (
            "Personal-data breach",
            "The provider tells the buyer of any personal-data breach without undue delay and in "
            f"any case within {contract.breach_notice_hours} hours of becoming aware of it, "
            "with what is known of its nature, the data and people affected, its likely "
            "consequences and the measures taken, so that the buyer can notify the supervisory "
            "authority within the 72 hours of Art. 33.",
        ),
        (
            "Sub-processors",
            "No sub-processor without the buyer's prior written approval of each one; the "
            "provider gives 30 days' notice of any intended change, flows down the same "
            "obligations, and stays fully liable for its sub-processors.",
        ),
        (
            "Assistance",
            "The provider helps the buyer answer data subjects' requests (access, correction, "
            "erasure, portability) and with impact assessments and consultations with the "
            "supervisory authority.",
        ),
        (
            "Audit",
            f"The provider makes available all information needed to show compliance and allows "
            f"audits and inspections by the buyer or its auditor on {contract.audit_notice_days} "
            "days' notice, at once after a breach.",
        ),
        (
            "International transfers",
            "No transfer of personal data outside the buyer's jurisdiction (the EEA or the UK "
            "for European data) without the buyer's approval and a lawful mechanism: an "
            "adequacy decision, or standard contractual clauses with a transfer impact "
            "assessment and the supplementary measures it calls for.",
        ),
        (
            "Return and deletion at exit",
            "At the end of the services the provider returns all personal data to the buyer, "
            "in a format agreed in the exit plan, then deletes every copy (backups included, "
            "as they cycle) and certifies the deletion in writing, unless law requires it to "
            "keep a copy.",
        ),
    ]


# --------------------------------------------------------------------------- DOCX


def write_contract_docx(project: Project, target: Path) -> None:
    """Write the three schedules as one Word document with real headings and tables."""
    from docx import Document
    from docx.shared import Pt

    content = schedules(project)
    spec = project.spec
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10.5)
    properties = document.core_properties
    properties.title = core_property(f"Contract schedules for RFP {spec.project.reference}")
    properties.subject = core_property(spec.project.reference)
    properties.author = "rfp"
    properties.created = properties.modified = spec.timeline.document_time
    properties.last_modified_by = "rfp"
    properties.revision = 1
    document.add_heading(f"Contract schedules — RFP {spec.project.reference}", level=0)
    document.add_paragraph(
        f"{spec.project.title}. Draft schedules issued by {content.buyer} with the RFP, for "
        "the contract with the selected provider. Respondents answer each key term in the "
        f"'{content.sheet}' sheet of the response workbook."
    )
    _service_levels(document, content)
    _data_processing(document, content)
    _key_terms(document, content)
    with atomic_path(target) as temporary:
        document.save(str(temporary))


def _table(
    document: WordDocument, headers: list[str], rows: list[list[str]], widths: list[float]
) -> None:
    """A grid table with a bold header row; ``widths`` in centimetres, one per column."""
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    for row in table.rows:  # Word reads each cell's width, LibreOffice the column's
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)


def _service_levels(document: WordDocument, content: Schedules) -> None:
    credits = content.credits
    document.add_heading("Annex A. Service-level schedule", level=1)
    document.add_heading("A.1 Critical service levels", level=2)
    document.add_paragraph(
        "A critical service level missed in a month earns the buyer a service credit, worked "
        "out as in A.3."
    )
    _table(
        document,
        ["Service level", "Target", "Measurement window", "Data source", "Allocation"],
        [
            [r.title, r.target, r.window, r.source, f"{percent(r.allocation)}%"]
            for r in credits.critical
        ],
        [3.3, 3.4, 3.6, 4.2, 2.3],
    )
    document.add_heading("A.2 Key performance indicators (no credit)", level=2)
    document.add_paragraph(
        "KPIs are measured, reported and reviewed monthly but carry no service credit. Handle "
        "time and occupancy never do: a credit on them would pay the provider to rush customers."
    )
    _table(
        document,
        ["KPI", "Target", "Measurement window", "Data source"],
        [[r.title, r.target, r.window, r.source] for r in credits.kpis],
        [3.4, 4.0, 4.0, 5.4],
    )
    document.add_heading("A.3 Credit mechanics", level=2)
    for line in credit_rules(content):
        document.add_paragraph(line, style="List Bullet")
    document.add_heading("Worked example", level=3)
    for line in credits.example:
        document.add_paragraph(line)


def credit_rules(content: Schedules) -> list[str]:
    """The credit mechanics as sentences, shared by the RFP annex and the DOCX."""
    credits = content.credits
    rules = [
        f"At-risk amount: {percent(credits.at_risk_percent)}% of the month's charges, the most "
        "the provider pays in credits for any month.",
        f"Pool: {percent(credits.pool_percent)}% of the at-risk amount, allocated across the "
        "critical service levels as in A.1, so missing one costs more than an equal share. "
        f"No service level carries more than {percent(credits.cap_percent)}% of the at-risk "
        "amount.",
        "Credit for a missed critical service level = at-risk amount × its allocation. Credits "
        "for several misses in a month add up, to at most the at-risk amount.",
        credits.earn_back,
        "Credits are deducted from the next invoice. They are a price adjustment, not the "
        "buyer's only remedy, and do not count towards the liability cap.",
    ]
    if credits.allocated_percent + 1e-9 < credits.pool_percent and credits.critical:
        rules.insert(
            2,
            f"With {len(credits.critical)} critical service levels capped at "
            f"{percent(credits.cap_percent)}% each, {percent(credits.allocated_percent)}% of "
            f"the {percent(credits.pool_percent)}% pool is allocated.",
        )
    return rules


def _data_processing(document: WordDocument, content: Schedules) -> None:
    document.add_heading("Annex B. Data-processing schedule", level=1)
    document.add_paragraph(
        "The provider processes personal data for the buyer on these terms (GDPR Art. 28(3), "
        "and the equivalent terms of other data-protection law that applies)."
    )
    for heading, text in content.processing:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{heading}. ").bold = True
        paragraph.add_run(text)


def _key_terms(document: WordDocument, content: Schedules) -> None:
    document.add_heading("Annex C. Key terms", level=1)
    document.add_paragraph(
        f"Answer each term in the '{content.sheet}' sheet of the response workbook: Accept, "
        "Accept with exception (with your proposed wording and reason) or Reject, against the "
        "wording below; 'Accept' with proposed wording is read as an exception. Taking "
        "exception to, or rejecting, a non-negotiable term disqualifies the proposal; "
        "exceptions to the other terms cost no points and are negotiated with the shortlist."
    )
    for term in content.terms:
        marker = "non-negotiable" if term.non_negotiable else "open to exception"
        document.add_heading(f"{term.title} ({marker})", level=2)
        document.add_paragraph(term.summary)
