"""The knockout policy: which items disqualify a vendor and which are left to confirm. Pure.

Every vendor ends qualified, to be confirmed or disqualified:
- a fact the vendor stated that fails the requirement (``Knockout.kind`` "" or one of
  ``STATED``) disqualifies, whatever the panel scores;
- what it did not state, or only an automatic score judged (a class ``rules:`` names) is to be
  confirmed: the vendor stays in the ranking, marked, with the item listed, unless the buyer's
  ``rules:`` make that class disqualifying;
- a consensus score on the item's criterion settles it: at or above ``knockout_below`` the item
  is closed, below it the panel's judgement disqualifies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rfp.core.spec import Rules
from rfp.score.run import Knockout

STATED = frozenset({"", "contract"})
"""Kinds of item that are facts the vendor stated: "contract" is an exception to or rejection of
a non-negotiable term, which no consensus score on a criterion measures."""


def apply_rules(
    items: Mapping[str, Sequence[Knockout]],
    rules: Rules,
    consensus: Mapping[tuple[str, str], float],
    knockout_below: float,
) -> tuple[dict[str, list[Knockout]], dict[str, list[Knockout]]]:
    """Split each vendor's items into (knockouts, items to confirm), in the items' order.

    ``consensus`` maps (vendor, criterion) to the panel's agreed score, for the cells a
    consensus override set.
    """
    knockouts: dict[str, list[Knockout]] = {}
    to_confirm: dict[str, list[Knockout]] = {}
    for vendor, listed in items.items():
        knockouts[vendor], to_confirm[vendor] = [], []
        for item in listed:
            stated = item.kind in STATED
            settled = None if stated else consensus.get((vendor, item.criterion))
            if settled is not None:
                if settled < knockout_below:
                    knockouts[vendor].append(_confirmed_failure(item, settled, knockout_below))
            elif stated:
                knockouts[vendor].append(item)
            elif rules.action(item.kind) == "disqualify":
                knockouts[vendor].append(_by_rule(item))
            else:
                to_confirm[vendor].append(item)
    return knockouts, to_confirm


def _confirmed_failure(item: Knockout, score: float, knockout_below: float) -> Knockout:
    return Knockout(
        criterion=item.criterion,
        reason=f"{item.reason}; consensus scored {score:g}, below {knockout_below:g}",
        evidence=item.evidence,
        source="consensus",
        criterion_title=item.criterion_title,
    )


def _by_rule(item: Knockout) -> Knockout:
    return Knockout(
        criterion=item.criterion,
        reason=f"{item.reason} (rules: {item.kind}: disqualify)",
        evidence=item.evidence,
        source=item.source,
        criterion_title=item.criterion_title,
        kind=item.kind,
    )
