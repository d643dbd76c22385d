"""The evaluator sheet's layout: the one set of names the sheet writer and reader share.

A sheet is written by ``sheets_out`` and read back by ``sheets_in``, possibly months apart and
after a person has typed into it; keeping folders, file names, sheet names, headers, columns,
envelopes and the row fingerprint in one place means the two cannot drift apart.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from rfp.core.criteria import WeightedCriterion
from rfp.core.project import Project
from rfp.score.merge import is_formula_scored

SHEETS_DIR = "sheets"
EVALUATIONS_DIR = "evaluations"
CONSENSUS_FILE = "consensus.xlsx"
BLIND_KEY_FILE = "blind-key.json"
SHEET_VERSION = "1"

SHEET_INSTRUCTIONS = "Instructions"
SHEET_SCORES = "Scores"
SHEET_FORMULA = "Price formula"
SHEET_CONSENSUS = "Consensus"
SHEET_ABOUT = "_rfp"
SHEET_LISTS = "_lists"

SCORE_HEADERS = (
    "Vendor",
    "ID",
    "Area",
    "Criterion",
    "Rubric (0–5)",
    "Evidence",
    "Auto-score",
    "Score",
    "Comment",
)
SCORE_WIDTHS = (14, 9, 16, 44, 46, 70, 10, 9, 40)
AUTO_COLUMN = SCORE_HEADERS.index("Auto-score") + 1
SCORE_COLUMN = SCORE_HEADERS.index("Score") + 1
COMMENT_COLUMN = SCORE_HEADERS.index("Comment") + 1
FORMULA_HEADERS = ("Vendor", "ID", "Criterion", "Formula score (0–5)", "Basis")
CONSENSUS_HEADERS = ("Vendor", "ID", "Score", "Reason")
CONSENSUS_ROWS = 100

KIND_SHEET = "evaluator-sheet"
KIND_CONSENSUS = "consensus"
TECHNICAL, PRICE, ALL = "technical", "price", "all"
ENVELOPES = (TECHNICAL, PRICE, ALL)

EVALUATOR_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
RESERVED_NAMES = frozenset({"consensus", "blind-key"})


def envelope_criteria(project: Project, envelope: str) -> list[WeightedCriterion]:
    """The criteria an evaluator of ``envelope`` scores, in the RFP's order; a scored stage's
    name as the envelope gives what that stage scores."""
    stage = project.stage(envelope)
    if stage is not None:
        return list(stage.criteria)
    chosen = []
    for item in project.selection.criteria:
        if is_formula_scored(item):
            continue
        pricing = item.criterion.area == project.selection.pricing_area
        if envelope == ALL or (envelope == PRICE) == pricing:
            chosen.append(item)
    return chosen


def fingerprint(keys: Iterable[tuple[str, str]]) -> str:
    """A digest of the (vendor as shown, criterion id) row keys, independent of row order."""
    lines = sorted(f"{vendor}\t{criterion}" for vendor, criterion in keys)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- evaluation stages
# A stage's sheets are the same workbooks with the stage's name as their envelope: written to
# out/sheets/<stage>/, returned into evaluations/<stage>/, next to the shortlist they were for.

SHORTLIST_FILE = "shortlist.json"


def stage_sheets_dir(project: Project, stage: str) -> Path:
    """Where ``rfp sheets --stage`` writes: ``out/sheets/<stage>/``."""
    return project.output_dir / SHEETS_DIR / stage


def stage_evaluations_dir(project: Project, stage: str) -> Path:
    """Where a stage's returned sheets go: ``evaluations/<stage>/``."""
    return project.folder / EVALUATIONS_DIR / stage


def is_stage(envelope: str) -> bool:
    """Whether a sheet's envelope names a stage rather than part of the written proposal."""
    return envelope not in ENVELOPES
