"""The package's public API: one function per step, importable from ``rfp`` itself."""

from __future__ import annotations

import subprocess
import sys

import pytest

import rfp
from rfp.core.project import load_project
from rfp.generate.document import write_rfp
from rfp.report.write import write_report
from rfp.score.pipeline import score_project


def test_public_functions_are_the_modules_own() -> None:
    assert rfp.load_project is load_project
    assert rfp.write_rfp is write_rfp
    assert rfp.score_project is score_project
    assert rfp.write_report is write_report
    assert sorted(rfp.__all__) == sorted(
        ["__version__", "load_project", "score_project", "write_report", "write_rfp"]
    )
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = rfp.nothing


def test_importing_rfp_loads_no_heavy_library() -> None:
    code = "import rfp, sys; print(sorted(m for m in ('weasyprint', 'pandas', 'sklearn') if m in sys.modules))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
