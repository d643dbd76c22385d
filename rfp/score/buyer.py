"""Everything the buyer wrote that a vendor could copy into its proposal. Pure.

The criteria library ships with the tool and the RFP and the response template go to every
bidder, so each is text a vendor can echo without committing to anything. The published RFP
and template themselves (read from ``out/`` by the pipeline when ``rfp generate`` wrote them)
add the prose around the questions: scope, KPI tables, instructions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rfp.core import kit_layout
from rfp.core.project import Project
from rfp.core.spec import Criterion, OfficeProfile


def question_texts(project: Project) -> dict[str, list[str]]:
    """Each question's query, by question id: the words matching weighs an answer by (its
    title, question and ``match`` text), which a vendor gaming the score fills answers with."""
    return {wc.id: [wc.criterion.query] for wc in project.selection.criteria}


def criterion_texts(criterion: Criterion) -> list[str]:
    """What the library, the RFP and the template print for one criterion."""
    texts = [
        criterion.title,
        f"{criterion.id} {criterion.title}",
        criterion.question,
        kit_layout.TEMPLATE_MANDATORY + criterion.question,
        criterion.match,
        *criterion.rubric.values(),
    ]
    if criterion.guidance:
        texts += [criterion.guidance, kit_layout.TEMPLATE_EVIDENCE + criterion.guidance]
    for expect in criterion.expects:
        texts += [expect.fact, expect.example]
    return [text for text in texts if text]


def _office_texts(offices: Iterable[OfficeProfile]) -> list[str]:
    texts: list[str] = []
    for office in offices:
        texts += [office.title, office.description]
        for kpi in office.kpis:
            texts += [kpi.title, kpi.target, kpi.definition, f"{kpi.title} {kpi.target}"]
    return [text for text in texts if text]


def buyer_texts(project: Project, published: Sequence[str] = ()) -> list[str]:
    """The buyer's texts: every library criterion (vendors can read the whole library), the
    buyer's own questions, the office KPIs, the spec's prose, the template's fixed wording and
    the text of the published documents."""
    criteria = {c.id: c for c in project.library.criteria.values()}
    criteria.update({wc.id: wc.criterion for wc in project.selection.criteria})
    texts: list[str] = []
    for criterion in criteria.values():
        texts += criterion_texts(criterion)
    for area in project.library.areas.values():
        texts += [area.title, area.description]
    texts += _office_texts(project.library.offices.values())
    spec = project.spec
    texts += [spec.project.title, spec.project.summary]
    texts += kit_layout.template_wording()
    texts += published
    return [text for text in texts if text]
