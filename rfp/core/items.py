"""How an area's questions are printed as scored items: small questions are grouped.

A 70-question RFP gives many questions under half a point, and a reader cannot weigh a list of
0.37-point items. So, within an area, the questions worth less than ``MIN_ITEM_POINTS`` are
printed as one item (``WF-G1 Other questions on ...``) whose points are the sum of theirs. If that
sum is still under the threshold (one or two tiny questions), the area's smallest other question
joins the group: adding the smallest keeps the most points on questions printed on their own, and
one question is enough because every other question is at least the threshold.

This is presentation only. Every question keeps its id, its own points (from the apportionment
in ``criteria``) and is answered and scored 0-5 on its own rubric; a group's points are exactly
the sum of its questions' points, so the printed items still add up to 100.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rfp.core.criteria import WeightedArea, WeightedCriterion

MIN_ITEM_POINTS = 0.5
"""The fewest points a question may carry and still be printed as a scored item of its own."""

_EPSILON = 1e-9


@dataclass(frozen=True)
class ScoredItem:
    """One printed item of section 4: a question on its own, or a group of small questions."""

    id: str
    title: str
    points: float
    members: tuple[WeightedCriterion, ...]
    group: bool

    @property
    def member_ids(self) -> list[str]:
        """The question ids the item covers, in print order."""
        return [wc.id for wc in self.members]


def scored_items(area: WeightedArea, minimum: float = MIN_ITEM_POINTS) -> list[ScoredItem]:
    """The area's questions as printed items: those at or above ``minimum`` on their own, in id
    order, then one group of the rest (if any), in id order."""
    small = [wc for wc in area.criteria if wc.points < minimum - _EPSILON]
    large = [wc for wc in area.criteria if wc not in small]
    if small and _total(small) < minimum - _EPSILON and large:
        smallest = _smallest(large)
        large.remove(smallest)
        small.append(smallest)
    items = [_single(wc) for wc in large]
    if len(small) == 1:  # the area's only question: nothing to group it with
        items.append(_single(small[0]))
    elif small:
        order = {wc.id: index for index, wc in enumerate(area.criteria)}
        members = tuple(sorted(small, key=lambda wc: order[wc.id]))
        items.append(
            ScoredItem(
                id=f"{_prefix(area.criteria)}-G1",
                title=group_title(area.area.title),
                points=_total(members),
                members=members,
                group=True,
            )
        )
    return items


def group_title(area_title: str) -> str:
    """``Information security and data protection`` -> ``Other questions on information
    security and data protection``."""
    first, rest = area_title[:1], area_title[1:]
    lowered = first.lower() if not rest[:1].isupper() else first
    return f"Other questions on {lowered}{rest}"


def groups_by_question(areas: Iterable[WeightedArea]) -> dict[str, ScoredItem]:
    """Each grouped question's id -> the group it is printed in (questions on their own are
    absent), so evaluators' sheets can say which item a question counts towards."""
    return {
        wc.id: item
        for area in areas
        for item in scored_items(area)
        if item.group
        for wc in item.members
    }


def _single(wc: WeightedCriterion) -> ScoredItem:
    return ScoredItem(wc.id, wc.criterion.title, wc.points, (wc,), group=False)


def _total(members: Iterable[WeightedCriterion]) -> float:
    """Points are multiples of 0.01, so the sum is rounded back to them."""
    return round(sum(wc.points for wc in members), 2)


def _smallest(candidates: Sequence[WeightedCriterion]) -> WeightedCriterion:
    """The question with the fewest points; among equals the last in id order, the one most
    likely to be peripheral."""
    return min(reversed(candidates), key=lambda wc: wc.points)


def _prefix(members: Sequence[WeightedCriterion]) -> str:
    """The id prefix most of the area's questions share (``SEC`` for SEC-01...); among equally
    common prefixes the first in id order."""
    counts = Counter(wc.id.rpartition("-")[0] for wc in members)
    return max(counts, key=lambda prefix: counts[prefix])
