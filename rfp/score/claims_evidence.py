"""Claims against evidence: a "Comply" in the compliance matrix that the proposal does not back.

Pure. Ticking "Comply" costs a vendor nothing and earns it nothing; the points come from the
answer. A "Comply" whose question the proposal never answers, or answers only with the RFP's
own words, hedges or marketing (all taken out before matching, see ``own_words``), is an
unsupported claim: listed with the gap for evaluators to raise at clarification.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rfp.core.criteria import WeightedCriterion
from rfp.core.project import Project
from rfp.score import echo, matching
from rfp.score.own_words import TextAccount
from rfp.score.run import ScoreCell, UnsupportedClaim, VendorInput

SUPPORTED_FROM = 2
"""An answer backs a "Comply" from this 0-5 score: level 2 of every rubric is an answer that
addresses the question with something of the vendor's own; 0-1 is none, or words alone."""
HUMAN_SOURCES = frozenset({"evaluators", "consensus"})
GAP_TITLES = {
    "no_answer": "no answer found",
    "restated": "the answer restates the RFP",
    "uncommitted": "the answer commits to nothing checkable",
}
"""Each class of gap as a reader sees it, in the order the shortlist groups them."""
FACTS_NAMED = 2


def unsupported_claims(
    project: Project,
    vendors: Sequence[VendorInput],
    matches: Sequence[matching.Match],
    cells: Sequence[ScoreCell],
    accounts: Mapping[str, TextAccount],
) -> dict[str, list[UnsupportedClaim]]:
    """Per vendor, each "Comply" its text does not back, in the RFP's question order.

    Questions scored by a structured check (certifications, languages, hours, price) are left
    to the check; a cell people scored at ``SUPPORTED_FROM`` or above is backed by their reading.
    """
    by_match = {(m.vendor, m.criterion): m for m in matches}
    by_cell = {(c.vendor, c.criterion): c for c in cells}
    found: dict[str, list[UnsupportedClaim]] = {}
    for vendor in vendors:
        answers = vendor.workbook.compliance if vendor.workbook else {}
        account = accounts.get(vendor.name, TextAccount())
        found[vendor.name] = []
        for wc in project.selection.criteria:
            answer = answers.get(wc.id)
            if answer is None or answer.response != "Comply" or wc.criterion.check is not None:
                continue
            cell = by_cell.get((vendor.name, wc.id))
            if cell is not None and cell.source in HUMAN_SOURCES and cell.score >= SUPPORTED_FROM:
                continue
            gap = _gap(wc, by_match.get((vendor.name, wc.id)), account)
            if gap:
                found[vendor.name].append(UnsupportedClaim(wc.id, wc.criterion.title, *gap))
    return found


def _gap(
    wc: WeightedCriterion, match: matching.Match | None, account: TextAccount
) -> tuple[str, str] | None:
    """What the proposal lacks to back a "Comply" on ``wc`` and its class, or None when its
    answer does."""
    if match is not None and match.auto_score >= SUPPORTED_FROM:
        return None
    echoed = account.answer_echo_share(wc.id)
    if echoed >= echo.ECHO_FLAG_SHARE:
        return (
            f"the answer under {wc.id} restates the RFP's own text ({echoed:.0%} of its words)",
            "restated",
        )
    if match is None or not (
        match.answered_under_id or match.similarity >= matching.RELEVANT_SIMILARITY
    ):
        return f"no answer to {wc.id} found in the proposal", "no_answer"
    missed = ", ".join(match.facts_missed[:FACTS_NAMED])
    states = f"; states none of: {missed}" if missed else ""
    return (
        f"the answer commits to nothing checkable (automatic score {match.auto_score}, "
        f"hedges and marketing set aside){states}",
        "uncommitted",
    )
