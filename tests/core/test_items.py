"""Small questions grouped into one scored item per area, worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rfp.core.criteria import Library, WeightedArea, WeightedCriterion
from rfp.core.items import (
    MIN_ITEM_POINTS,
    ScoredItem,
    group_title,
    groups_by_question,
    scored_items,
)
from rfp.core.project import load_project
from rfp.core.spec import Criterion

RUBRIC = {level: f"level {level}" for level in range(6)}


def area(library: Library, *points: tuple[str, float]) -> WeightedArea:
    """The security area holding questions with the given ids and points, in that order."""
    members = tuple(
        WeightedCriterion(
            Criterion(
                id=cid, area="security", title=f"Question {cid}", question="?", rubric=RUBRIC
            ),
            value,
        )
        for cid, value in points
    )
    total = round(sum(value for _, value in points), 2)
    return WeightedArea(library.areas["security"], 1.0, total, members)


def shape(items: list[ScoredItem]) -> list[tuple[str, float, list[str]]]:
    return [(item.id, item.points, item.member_ids) for item in items]


def test_questions_under_the_threshold_form_one_item_at_the_end(library: Library) -> None:
    items = scored_items(
        area(library, ("SEC-01", 2.0), ("SEC-02", 0.3), ("SEC-03", 1.0), ("SEC-04", 0.25))
    )
    # 0.3 + 0.25 = 0.55, at least 0.5: the group stands on its own, after the other questions.
    assert shape(items) == [
        ("SEC-01", 2.0, ["SEC-01"]),
        ("SEC-03", 1.0, ["SEC-03"]),
        ("SEC-G1", 0.55, ["SEC-02", "SEC-04"]),
    ]
    assert [item.group for item in items] == [False, False, True]
    assert items[2].title == "Other questions on information security and data protection"


def test_a_group_still_under_the_threshold_takes_in_the_smallest_question(
    library: Library,
) -> None:
    # SEC-04 alone (0.3) is under 0.5; the smallest other question is SEC-03 (0.7): 1.0 in all.
    items = scored_items(
        area(library, ("SEC-01", 2.0), ("SEC-02", 0.8), ("SEC-03", 0.7), ("SEC-04", 0.3))
    )
    assert shape(items) == [
        ("SEC-01", 2.0, ["SEC-01"]),
        ("SEC-02", 0.8, ["SEC-02"]),
        ("SEC-G1", 1.0, ["SEC-03", "SEC-04"]),
    ]


def test_among_equally_small_questions_the_last_joins_the_group(library: Library) -> None:
    # 0.1 + 0.2 = 0.3 < 0.5; SEC-02 and SEC-03 both carry 0.6: SEC-03, the later, joins.
    questions = [
        ("SEC-01", 1.0),
        ("SEC-02", 0.6),
        ("SEC-03", 0.6),
        ("SEC-04", 0.1),
        ("SEC-05", 0.2),
    ]
    items = scored_items(area(library, *questions))
    assert shape(items)[-1] == ("SEC-G1", 0.9, ["SEC-03", "SEC-04", "SEC-05"])


def test_nothing_is_grouped_at_or_above_the_threshold(library: Library) -> None:
    items = scored_items(area(library, ("SEC-01", 0.5), ("SEC-02", 0.5)))
    assert shape(items) == [("SEC-01", 0.5, ["SEC-01"]), ("SEC-02", 0.5, ["SEC-02"])]
    assert not any(item.group for item in items)


def test_an_area_of_only_tiny_questions_is_one_group_and_a_lone_question_stays(
    library: Library,
) -> None:
    # Nothing to merge with: the group is what the area is worth, below the threshold.
    assert shape(scored_items(area(library, ("SEC-01", 0.2), ("SEC-02", 0.2)))) == [
        ("SEC-G1", 0.4, ["SEC-01", "SEC-02"])
    ]
    single = scored_items(area(library, ("SEC-01", 0.3)))
    assert shape(single) == [("SEC-01", 0.3, ["SEC-01"])] and not single[0].group


def test_the_group_id_takes_the_prefix_most_questions_share(library: Library) -> None:
    # A buyer's own question (ACME-01) sorts first but the area's questions are SEC.
    items = scored_items(
        area(library, ("ACME-01", 0.2), ("SEC-01", 2.0), ("SEC-02", 0.2), ("SEC-03", 0.2))
    )
    assert shape(items)[-1] == ("SEC-G1", 0.6, ["ACME-01", "SEC-02", "SEC-03"])


def test_group_title_keeps_a_leading_acronym() -> None:
    assert group_title("Transition and exit") == "Other questions on transition and exit"
    assert group_title("KYC operations") == "Other questions on KYC operations"


@pytest.mark.parametrize("office", ["front", "back", "hybrid"])
def test_default_rfps_print_no_item_under_the_threshold_and_items_add_up_to_100(
    make_project: Callable[..., Path], office: str
) -> None:
    selection = load_project(make_project(office)).selection
    items = [item for weighted in selection.areas for item in scored_items(weighted)]
    assert all(item.points >= MIN_ITEM_POINTS for item in items), shape(items)
    assert round(sum(item.points for item in items), 6) == 100.0
    # Every question is in exactly one item, and a group is worth exactly its questions.
    printed = [cid for item in items for cid in item.member_ids]
    assert sorted(printed) == sorted(wc.id for wc in selection.criteria)
    for item in items:
        assert item.points == round(sum(wc.points for wc in item.members), 2)
    grouped = groups_by_question(selection.areas)
    assert set(grouped) == {cid for item in items if item.group for cid in item.member_ids}
