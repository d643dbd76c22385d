"""Matplotlib charts as SVG, each with alt text that says what the chart shows.

Charts are returned as text (SVG) with a plain-language description, so the report can embed them
as ``<img alt=...>`` and a screen reader, or a reader of the tagged PDF, gets the same facts.
Output is deterministic: fixed hash salt, no timestamps, text kept as text.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

PALETTE = (
    "#0b3d6e", "#1f6fb2", "#5b9bd5", "#9dc3e6", "#2e8b57", "#7fbf7f", "#c9a227",
    "#e0c36b", "#a23b3b", "#d98080", "#6c5b7b", "#a593b3", "#7f7f7f",
)  # fmt: skip


@dataclass(frozen=True)
class Chart:
    """An SVG chart and the sentence that describes it."""

    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        """The SVG as a ``data:`` URI, the only kind of URL the PDF renderer will load."""
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "rfp", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def _style() -> Any:
    return {
        "font.family": ["Lato", "DejaVu Sans"],
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#9aa5b1",
        "axes.labelcolor": "#1d2733",
        "xtick.color": "#1d2733",
        "ytick.color": "#1d2733",
    }


def stacked_area_bars(
    points: Mapping[str, Mapping[str, float]],
    area_titles: Mapping[str, str],
    vendor_order: Sequence[str],
    disqualified: Sequence[str] = (),
) -> Chart:
    """Horizontal bars of each vendor's total, split into the points earned in each area."""
    vendors = list(vendor_order)
    areas = list(area_titles)
    with matplotlib.rc_context(_style()):
        height = 0.9 + 0.42 * len(vendors)
        figure, axes = plt.subplots(figsize=(7.2, height))
        left = np.zeros(len(vendors))
        for index, area in enumerate(areas):
            values = np.array([points[v].get(area, 0.0) for v in vendors])
            axes.barh(
                range(len(vendors)),
                values,
                left=left,
                color=PALETTE[index % len(PALETTE)],
                label=area_titles[area],
                edgecolor="white",
                linewidth=0.4,
            )
            left += values
        labels = [f"{v} (disqualified)" if v in disqualified else v for v in vendors]
        axes.set_yticks(range(len(vendors)), labels)
        axes.invert_yaxis()
        for row, total in enumerate(left):
            axes.text(total + 0.8, row, f"{total:.1f}", va="center", fontsize=7.5)
        axes.set_xlim(0, 100)
        axes.set_xlabel("Weighted score (points out of 100)")
        axes.legend(
            ncol=4, fontsize=6.5, frameon=False, loc="upper center", bbox_to_anchor=(0.45, -0.22)
        )
        svg = _svg(figure)
    ranked = ", ".join(f"{v} {t:.1f}" for v, t in zip(vendors, left, strict=True))
    alt = (
        "Stacked bar chart of each vendor's weighted score out of 100, split by evaluation "
        f"area. Totals in rank order: {ranked}."
    )
    return Chart(svg=svg, alt=alt)


def radar(
    achievement: Mapping[str, Mapping[str, float]],
    area_titles: Mapping[str, str],
    field_average: Mapping[str, float] | None = None,
) -> Chart:
    """Spider chart of the share of each area's points earned by the shortlisted vendors."""
    areas = list(area_titles)
    angles = np.linspace(0, 2 * np.pi, len(areas), endpoint=False).tolist()
    closed = [*angles, angles[0]]
    with matplotlib.rc_context(_style()):
        figure = plt.figure(figsize=(6.2, 4.6))
        axes = figure.add_subplot(polar=True)
        if field_average:
            values = [100 * field_average.get(a, 0.0) for a in areas]
            axes.plot(
                closed,
                [*values, values[0]],
                color="#9aa5b1",
                linewidth=1,
                linestyle="--",
                label="Field average",
            )
        for index, (vendor, shares) in enumerate(achievement.items()):
            values = [100 * shares.get(a, 0.0) for a in areas]
            colour = PALETTE[(index * 3) % len(PALETTE)]
            axes.plot(closed, [*values, values[0]], color=colour, linewidth=1.6, label=vendor)
            axes.fill(closed, [*values, values[0]], color=colour, alpha=0.08)
        axes.set_xticks(angles, [area_titles[a] for a in areas], fontsize=6.5)
        axes.set_ylim(0, 100)
        axes.set_yticks([25, 50, 75, 100], ["25%", "50%", "75%", "100%"], fontsize=6)
        axes.legend(loc="upper left", bbox_to_anchor=(1.08, 1.05), fontsize=7, frameon=False)
        svg = _svg(figure)
    parts = []
    for vendor, shares in achievement.items():
        best = max(areas, key=lambda a: (shares.get(a, 0.0), a))
        worst = min(areas, key=lambda a: (shares.get(a, 0.0), a))
        parts.append(
            f"{vendor} is strongest in {area_titles[best]} ({100 * shares.get(best, 0):.0f}%) "
            f"and weakest in {area_titles[worst]} ({100 * shares.get(worst, 0):.0f}%)"
        )
    alt = "Radar chart of the share of each area's points earned by the shortlisted vendors. " + (
        "; ".join(parts) + "."
    )
    return Chart(svg=svg, alt=alt)


def score_histogram(qualified: Sequence[float], disqualified: Sequence[float]) -> Chart:
    """How every vendor's total is spread over 0–100 in 5-point bins, qualified and not, so a
    field of hundreds reads at a glance where a bar per vendor would not fit on paper."""
    edges = list(range(0, 105, 5))
    with matplotlib.rc_context(_style()):
        figure, axes = plt.subplots(figsize=(7.2, 2.6))
        axes.hist(
            [np.clip(qualified, 0, 100), np.clip(disqualified, 0, 100)],
            bins=edges,
            stacked=True,
            color=[PALETTE[1], PALETTE[9]],
            label=["Qualified", "Disqualified"],
            edgecolor="white",
            linewidth=0.4,
        )
        axes.set_xlim(0, 100)
        axes.set_xlabel("Weighted score (points out of 100)")
        axes.set_ylabel("Vendors")
        axes.legend(fontsize=7, frameon=False)
        svg = _svg(figure)
    alt = (
        f"Histogram of every vendor's weighted score in 5-point bins: {len(qualified)} qualified "
        f"and {len(disqualified)} disqualified vendors."
    )
    return Chart(svg=svg, alt=alt)
