"""Time the confidence draws (weights, scores, both) as the field grows, against weights alone.

Run: .venv/bin/python -m bench.bench_confidence   (prints figures; never run as a test)

Synthetic fields of 3 to 1,000 vendors x 60 criteria in 12 areas, every cell drawn with sd 1
(the worst case: a field scored by the auto-score alone). The baseline is the weight-only Monte
Carlo of ``sensitivity`` on the same field, measured in the same run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bench.timing import timed
from rfp.report import sensitivity, uncertainty

CRITERIA = 60
AREAS = 12
DRAWS = 5000


def field(vendors: int) -> tuple[pd.DataFrame, dict[str, float], dict[str, str]]:
    rng = np.random.default_rng(vendors)
    names = [f"Vendor {i:04d}" for i in range(vendors)]
    criteria = [f"Q{j:02d}" for j in range(CRITERIA)]
    scores = pd.DataFrame(rng.integers(0, 6, (vendors, CRITERIA)).astype(float), names, criteria)
    return (
        scores,
        dict.fromkeys(criteria, 100 / CRITERIA),
        {c: f"a{j % AREAS}" for j, c in enumerate(criteria)},
    )


def measure(vendors: int) -> str:
    """One line of figures for a field of ``vendors``."""
    scores, points, area_of = field(vendors)
    sds = scores * 0 + 1.0
    areas = sorted(set(area_of.values()))
    area_points = {a: sum(p for c, p in points.items() if area_of[c] == a) for a in areas}
    subtotals = pd.DataFrame(
        {a: sum(scores[c] * points[c] / 5 for c in points if area_of[c] == a) for a in areas}
    )
    achievement = sensitivity.area_achievement(subtotals, area_points)
    repeats = 3 if vendors < 1000 else 1
    base = timed(lambda: sensitivity.monte_carlo(achievement, area_points, draws=DRAWS), repeats)
    drawn = timed(lambda: uncertainty.scenarios(scores, sds, points, area_of, draws=DRAWS), repeats)
    flip = timed(lambda: uncertainty.smallest_cell_flip(scores, points), repeats)
    return (
        f"{vendors:>5} vendors x {CRITERIA} criteria, {DRAWS} draws: weights only "
        f"{base:9.1f} ms; weights, scores and both {drawn:9.1f} ms ({drawn / base:5.1f}x); "
        f"single-score flip {flip:7.1f} ms"
    )


def main() -> None:
    for vendors in (3, 30, 300, 1000):
        print(measure(vendors))


if __name__ == "__main__":
    main()
