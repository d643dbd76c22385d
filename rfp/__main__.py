"""``python -m rfp`` works like ``rfp``."""

from __future__ import annotations

from rfp.cli import app

app(prog_name="rfp")
