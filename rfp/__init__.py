"""rfp: generate, score and report BPO vendor RFPs."""

from __future__ import annotations

__version__ = "0.1.0"
