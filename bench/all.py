"""Run every benchmark and print one table: what was measured, the figure, the baseline from the same run, the
ratio, the target from the issues, and whether it is met.

    .venv/bin/python bench/all.py [--quick]

Each script runs in its own process (its own peak memory, no warm caches shared) and prints its full report, then
the table sums up the `BENCH` lines they emit (bench/results.py). `--quick` runs each on a small size: for a smoke
check of the scripts, not for figures to quote. Exit status 1 when a script failed; a target not met is reported,
not an error (the machine may be shared).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from results import PREFIX

HERE = Path(__file__).resolve().parent

FULL = [
    ["import_claims.py"],
    ["calc.py"],
    ["letters.py"],
    ["email_render.py"],
    ["tick.py"],
    ["api.py"],
]
QUICK = [
    ["import_claims.py", "--rows", "3000"],
    ["calc.py", "--quick"],
    ["letters.py", "--quick"],
    ["email_render.py", "--quick"],
    ["tick.py", "--cases", "2000"],
    ["api.py", "--cases", "3000", "--seconds", "3"],
]


def run(script: list[str]) -> tuple[list[dict], int]:
    print(f"\n=== {' '.join(script)}", flush=True)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(HERE / script[0]), *script[1:]], stdout=subprocess.PIPE, text=True)
    rows = []
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(PREFIX):
            rows.append(json.loads(line[len(PREFIX):]))
        else:
            print(line, end="", flush=True)
    code = process.wait()
    print(f"=== {script[0]}: exit {code}, {time.perf_counter() - started:.0f} s", flush=True)
    return rows, code


def number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def table(rows: list[dict]) -> str:
    header = ("measured", "figure", "baseline (same run)", "ratio", "target", "")
    body = [
        (
            row["measured"],
            f"{number(row['figure'])} {row['unit']}",
            f"{number(row['baseline'])} ({row['baseline_name']})" if row["baseline"] is not None else "-",
            f"{row['ratio']:.3f}" if row["ratio"] is not None else "-",
            row["target"],
            {True: "met", False: "NOT met", None: "-"}[row["met"]],
        )
        for row in rows
    ]
    widths = [max(len(str(r[i])) for r in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(r, widths, strict=True)) for r in [header, *body]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def main() -> int:
    scripts = QUICK if "--quick" in sys.argv else FULL
    rows: list[dict] = []
    failed = []
    for script in scripts:
        found, code = run(script)
        rows += found
        if code != 0 or not found:
            failed.append(script[0])
    print("\n" + table(rows))
    if failed:
        print(f"\nfailed or printed no result: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
