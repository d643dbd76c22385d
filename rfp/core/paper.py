"""Which paper a buyer prints on: the RFP, the shortlist and every workbook use the same."""

from __future__ import annotations

LETTER_COUNTRIES = frozenset(
    {"United States", "Canada", "Mexico", "Philippines", "Chile", "Colombia"}
)
"""Countries whose offices print on US Letter; everyone else on A4."""


def uses_letter(country: str) -> bool:
    """Whether a buyer in ``country`` prints on US Letter rather than A4."""
    return country in LETTER_COUNTRIES
