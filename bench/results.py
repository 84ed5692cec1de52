"""One result line per headline figure, so bench/all.py can put every benchmark in one table.

A script prints its own readable report as before and, for each target of the issues, one line
`BENCH {"measured": ..., "figure": ..., "unit": ..., "baseline": ..., "baseline_unit": ..., "target": ...}`.
"""

from __future__ import annotations

import json

PREFIX = "BENCH "


def emit(
    measured: str,
    figure: float,
    unit: str,
    *,
    target: str,
    met: bool | None,
    baseline: float | None = None,
    baseline_name: str = "",
    ratio: float | None = None,
) -> None:
    """`met` is None where the issues set no target. `ratio` defaults to figure / baseline (how close to the
    floor we are); pass it when the scale is inverted."""
    if ratio is None and baseline:
        ratio = figure / baseline
    print(PREFIX + json.dumps({
        "measured": measured, "figure": figure, "unit": unit, "baseline": baseline, "baseline_name": baseline_name,
        "ratio": ratio, "target": target, "met": met,
    }), flush=True)
