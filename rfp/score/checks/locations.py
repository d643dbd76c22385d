"""Delivery location types (onshore, nearshore, offshore) a proposal says it delivers from now.

The workbook's delivery sites are the main source; this reads the proposal's own words, where
the same words also appear in price comparisons ("well below onshore delivery"), refusals
("we do not offshore"), plans and the buyer's list of acceptable locations.
"""

from __future__ import annotations

import re

from rfp.score.checks.claims import Clauses, claim_status

_FLAGS = re.IGNORECASE
# "offshored" and "offshoring" describe the practice, not where this vendor delivers from.
_LOCATION_IN_TEXT = re.compile(r"\b(on|near|off)[-\s]?shore\b", _FLAGS)
# The vendor's own delivery: a "we"/"our" or a word about sites and delivery in the clause.
_DELIVERY_CONTEXT = re.compile(
    r"\b(?:we|our|us|deliver(?:s|ed|y)?|centres?|centers?|sites?|teams?|operat(?:e|es|ions)"
    r"|based|located|model|hubs?)\b",
    _FLAGS,
)
# A location type named as a yardstick for price or quality is not a claim to deliver there.
_COMPARISON = re.compile(
    r"\b(?:than|below|above|cheaper|compared|comparable|versus|vs|relative\s+to|instead\s+of"
    r"|rather\s+than|typical|common|equivalent)\b",
    _FLAGS,
)


def find_locations(text: str) -> list[str]:
    """Location types ("nearshore", "offshore", "onshore") the vendor delivers from now, sorted.

    A mention counts when its clause is about the vendor's own delivery, compares nothing,
    and is a present-tense claim (``claims.claim_status``): "We offer onshore and nearshore
    delivery" counts both; "we plan to open a nearshore centre" and "the vendor must deliver
    from onshore sites" count neither.
    """
    clauses = Clauses.of(text)
    found: set[str] = set()
    for match in _LOCATION_IN_TEXT.finditer(text):
        span = match.span()
        start, end = clauses.around(span)
        clause = text[start:end]
        if not _DELIVERY_CONTEXT.search(clause) or _COMPARISON.search(clause):
            continue
        if claim_status(clauses, span) == "held":
            found.add(f"{match.group(1).lower()}shore")
    return sorted(found)
