"""The contract package's key terms as each vendor answered them, and the knockouts they make.

Pure: the workbook reader (``rfp.score.ingest.kit``) has read each answer and said how; here
every key term gets one response per vendor, and the buyer's non-negotiable terms decide:
- an explicit "Accept with exception" or "Reject" of a non-negotiable term is a knockout (a fact
  the vendor stated, ``Knockout.kind`` "contract": no evaluator score can override it; the way
  back is the vendor withdrawing it in writing, which a corrected workbook reads as accepted);
- a non-negotiable term left unanswered (blank, no row, no sheet, no workbook) or answered
  unclearly (``UNCLEAR``: "Accept" with a qualifying reason or other wording, a response that is
  not a choice, edited wording, changed headers) is to be confirmed (``rules.contract_unanswered``),
  never taken as accepted;
- exceptions to the other terms cost no points: they are listed for the negotiation.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePath

from rfp.core.contract import Term, key_terms
from rfp.core.kit_layout import SHEET_CONTRACT
from rfp.core.project import Project
from rfp.score.run import ContractResponse, Knockout, VendorInput
from rfp.score.workbook import EXCEPTION, REJECTED, UNANSWERED, UNCLEAR

RULE = "contract_unanswered"
STATED = "contract"
"""``Knockout.kind`` of an exception to or rejection of a non-negotiable term."""


def responses(
    project: Project, vendors: Sequence[VendorInput]
) -> dict[str, list[ContractResponse]]:
    """Every vendor's answer to every key term, in the terms' order."""
    terms = key_terms(project.spec)
    return {vendor.name: vendor_responses(terms, vendor, project.folder) for vendor in vendors}


def vendor_responses(
    terms: Sequence[Term], vendor: VendorInput, project_folder: Path
) -> list[ContractResponse]:
    """One vendor's answers; a term with no answer is unanswered, saying why."""
    workbook = vendor.workbook
    answers = workbook.contract if workbook is not None else {}
    path = _shown(workbook.path, project_folder) if workbook is not None else ""
    found = []
    for term in terms:
        answer = answers.get(term.id)
        if answer is None:
            found.append(
                ContractResponse(
                    term.id, term.title, term.non_negotiable, UNANSWERED, note=_why_none(vendor)
                )
            )
            continue
        found.append(
            ContractResponse(
                term=term.id,
                title=term.title,
                non_negotiable=term.non_negotiable,
                status=answer.status,
                response=answer.response,
                alternative=answer.alternative,
                reason=answer.reason,
                cell=f"{path}: {answer.cell}",
                note=answer.note,
            )
        )
    return found


def _shown(path: str | Path, project_folder: Path) -> str:
    """The workbook's path from the project folder, as the other outputs show a vendor's file:
    scores.xlsx and the shortlist travel, and an absolute path told where the evaluator keeps
    the project and made the same run differ from one machine to the next."""
    try:
        return PurePath(path).relative_to(project_folder).as_posix()
    except ValueError:
        return str(path)


def _why_none(vendor: VendorInput) -> str:
    if vendor.workbook is None:
        return "no readable response workbook"
    if not vendor.workbook.contract_sheet:
        return f"no '{SHEET_CONTRACT}' sheet in the workbook"
    return f"no row for the term on the '{SHEET_CONTRACT}' sheet"


def knockouts(answers: dict[str, list[ContractResponse]]) -> dict[str, list[Knockout]]:
    """Per vendor: a knockout per non-negotiable term it departs from, and an item to confirm
    per non-negotiable term it left unanswered."""
    return {
        vendor: [item for response in listed if (item := _item(response)) is not None]
        for vendor, listed in answers.items()
    }


def _item(response: ContractResponse) -> Knockout | None:
    if not response.non_negotiable:
        return None
    name = f"non-negotiable term {response.title} ({response.term})"
    if response.status in (EXCEPTION, REJECTED):
        verb = "rejects" if response.status == REJECTED else "takes exception to"
        how = f"; {response.note}" if response.note else ""
        return Knockout(
            criterion="",
            reason=f"{verb} {name}{how}",
            evidence=_evidence(response),
            source="workbook",
            kind=STATED,
        )
    if response.status == UNCLEAR:
        return Knockout(
            criterion="",
            reason=f"answer to {name} to be confirmed: {response.note or 'not a clear Accept'}",
            evidence=_evidence(response),
            source="workbook",
            kind=RULE,
        )
    if response.status == UNANSWERED:
        return Knockout(
            criterion="",
            reason=f"does not answer {name}",
            evidence=response.cell or response.note,
            source="workbook",
            kind=RULE,
        )
    return None


def _evidence(response: ContractResponse) -> str:
    parts = [response.cell, f"response {response.response!r}" if response.response else ""]
    if response.alternative:
        parts.append(f"proposed wording: {response.alternative[:200]}")
    if response.reason:
        parts.append(f"reason: {response.reason[:200]}")
    return "; ".join(part for part in parts if part)


def summary(listed: Sequence[ContractResponse]) -> dict[str, int]:
    """Counts of the answers by status, for one-line summaries."""
    counts = {"accepted": 0, "exception": 0, "rejected": 0, "unclear": 0, "unanswered": 0}
    for response in listed:
        counts[response.status] = counts.get(response.status, 0) + 1
    return counts


_COUNTED = (
    ("exception", "exception"),
    ("rejected", "rejection"),
    ("unclear", "to confirm"),
    ("unanswered", "unanswered"),
)
_UNCOUNTABLE = ("to confirm", "unanswered")


def summary_line(listed: Sequence[ContractResponse]) -> str:
    """One vendor's answers in a line: "accepts 8 of 9 key terms; 1 exception: Benchmarking"."""
    if not listed:
        return ""
    counts = summary(listed)
    parts = [f"accepts {counts['accepted']} of {len(listed)} key terms"]
    for status, word in _COUNTED:
        names = [
            response.title + (" (non-negotiable)" if response.non_negotiable else "")
            for response in listed
            if response.status == status
        ]
        if names:
            plural = "s" if len(names) > 1 and word not in _UNCOUNTABLE else ""
            parts.append(f"{len(names)} {word}{plural}: {', '.join(names)}")
    return "; ".join(parts)
