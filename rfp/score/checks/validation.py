"""Argument checks shared by staffing and price: a bad figure raises ScoringError, naming it."""

from __future__ import annotations

import math

from rfp.errors import ScoringError


def require_finite(value: float, what: str) -> None:
    if not math.isfinite(value):
        raise ScoringError(f"{what} must be a finite number, got {value}")


def require_non_negative(value: float, what: str) -> None:
    require_finite(value, what)
    if value < 0:
        raise ScoringError(f"{what} must not be negative, got {value}")


def require_positive(value: float, what: str) -> None:
    require_finite(value, what)
    if value <= 0:
        raise ScoringError(f"{what} must be positive, got {value}")


def require_shrinkage(shrinkage: float) -> None:
    require_finite(shrinkage, "shrinkage")
    if not 0 <= shrinkage < 1:
        raise ScoringError(f"shrinkage must be at least 0 and below 1, got {shrinkage}")
