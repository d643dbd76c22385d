"""rfp: generate, score and report BPO vendor RFPs.

The public API is four functions, one per step; each is imported on first use, so ``import rfp``
(and ``rfp --help``) stays quick while WeasyPrint, pandas and scikit-learn load only when needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from rfp._version import __version__

if TYPE_CHECKING:
    from rfp.core.project import load_project
    from rfp.generate.document import write_rfp
    from rfp.report.write import write_report
    from rfp.score.pipeline import score_project

_PUBLIC = {
    "load_project": "rfp.core.project",
    "write_rfp": "rfp.generate.document",
    "score_project": "rfp.score.pipeline",
    "write_report": "rfp.report.write",
}

__all__ = ["__version__", "load_project", "score_project", "write_report", "write_rfp"]


def __getattr__(name: str) -> Any:
    """Import a public function from its module the first time it is asked for."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'rfp' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
