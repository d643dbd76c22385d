"""The data types of a scoring run, shared by every step that reads or writes one.

No logic and no I/O live here, so the pure steps, the outputs, the evaluator sheets and the
report can all depend on these types without depending on each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from rfp.core.project import Project
from rfp.score import checks, ingest, matching
from rfp.score.ingest import kit

if TYPE_CHECKING:
    from rfp.evaluate.evaluators import Disagreement, Evaluations


@dataclass(frozen=True)
class ScoreCell:
    """One vendor's score on one criterion and where it came from."""

    vendor: str
    criterion: str
    score: float
    source: str  # "auto" (text matching), "check" (structured check), "evaluators", "consensus"
    note: str = ""


Progress = Callable[[str, str], None]
"""Called with (stage, detail) as work advances, so the CLI can draw a progress bar."""


@dataclass
class VendorChecks:
    """The structured facts established for one vendor, each with its evidence."""

    certifications: checks.CertificationCheck | None = None
    certification_evidence: list[str] = field(default_factory=list)
    languages: checks.LanguageCheck | None = None
    language_evidence: list[str] = field(default_factory=list)
    overlap_hours: float | None = None
    buyer_hours: float = 0.0
    site_overlap: dict[str, float] = field(default_factory=dict)
    covers_24_7: bool | None = None
    locations: list[str] = field(default_factory=list)
    price: checks.PriceEstimate | None = None
    price_note: str = ""


@dataclass
class VendorInput:
    """What was read for one vendor."""

    name: str
    folder: Path
    documents: list[ingest.Document] = field(default_factory=list)
    workbook: kit.VendorWorkbook | None = None
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        """Whether something the vendor sent could not be read or used."""
        return bool(self.warnings)


@dataclass
class ScoreRun:
    """Everything one scoring run established: inputs, evidence, checks, matrix and ranking."""

    project: Project
    vendors: list[VendorInput]
    matches: list[matching.Match]
    checks: dict[str, VendorChecks]
    cells: list[ScoreCell]
    matrix: pd.DataFrame
    ranking: pd.DataFrame
    reference_week: dt.date
    evaluations: Evaluations | None = None
    disagreement: Disagreement | None = None

    def match_for(self, vendor: str, criterion: str) -> matching.Match | None:
        """The text match behind one cell, if the vendor had readable text."""
        for item in self.matches:
            if item.vendor == vendor and item.criterion == criterion:
                return item
        return None




@dataclass(frozen=True)
class Knockout:
    """One reason a vendor is disqualified, kept whole from scoring to every output.

    ``criterion`` is the question id the knockout rests on, or "" for a vendor-level fact;
    ``reason`` is the sentence readers see; ``evidence`` what it rests on (a quote, a cell, a
    check result); ``source`` how the fact was established ("check", "auto", "evaluators",
    "consensus", "workbook").
    """

    criterion: str
    reason: str
    evidence: str = ""
    source: str = ""
