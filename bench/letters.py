"""Benchmark of the letter PDF: letters per second on one core, against a raw ReportLab baseline.

The letters: 200 different 14-day letters and reminders (consumers and businesses alternate, Dutch and English
alternate, every letter has its own case number, amounts and Telegram QR code), each 2 A4 pages. The contexts are
built before the clock starts (the law engine has its own benchmark, bench/calc.py); what is timed is
``render_letter`` alone: catalogue texts, platypus layout, the QR code, and writing the PDF.

Baseline, in the same run: a bare ReportLab canvas writing one line of text on one page per document, as many
documents — the floor any PDF costs on this machine.

Run: ``.venv/bin/python bench/letters.py`` (``--quick`` for 50 letters; ``--strict`` exits 1 below the target).
"""

from __future__ import annotations

import os
import platform
import sys
import time
from decimal import Decimal
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from results import emit

from core.channels.content import MessageContext, Template
from core.channels.letter_pdf import render_letter
from core.channels.samples import sample_context

TARGET = 50  # letters per second on one core


def make_contexts(count: int) -> list[MessageContext]:
    contexts = []
    for k in range(count):
        consumer = k % 2 == 0
        contexts.append(
            sample_context(
                Template.DEMAND if consumer else Template.REMINDER,
                "nl" if k % 4 < 2 else "en",
                fourteen_day=consumer,
                debtor_kind="consumer" if consumer else "business",
                number=1000 + k,
                principal=Decimal("850.00") + Decimal(37 * (k % 97)) + Decimal(k % 100) / 100,
            )
        )
    return contexts


def run_letters(contexts: list[MessageContext]) -> tuple[float, int, int]:
    size = pages = 0
    started = time.perf_counter()
    for ctx in contexts:
        pdf = render_letter(ctx)
        size += len(pdf)
        pages += pdf.count(b"/Type /Page\n")
    return time.perf_counter() - started, size, pages


def run_baseline(count: int) -> float:
    started = time.perf_counter()
    for k in range(count):
        buffer = BytesIO()
        canvas = Canvas(buffer, pagesize=A4, invariant=1)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(72, 770, f"Letter {k}: one line of text.")
        canvas.showPage()
        canvas.save()
        buffer.getvalue()
    return time.perf_counter() - started


def main() -> int:
    count = 50 if "--quick" in sys.argv else 200
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    contexts = make_contexts(count)
    for ctx in contexts[:4]:  # warm up: templates compiled, font metrics loaded
        render_letter(ctx)
    run_baseline(10)

    runs = [run_letters(contexts) for _ in range(3)]
    letters_time, size, pages = min(runs)
    per_second = count / letters_time
    baseline_time = min(run_baseline(count) for _ in range(3))
    baseline_per_second = count / baseline_time

    print(f"incasso letter PDF, one core, {platform.python_implementation()} {platform.python_version()}")
    print(
        f"letters: {count} different 14-day letters and reminders, nl/en, consumer/business, with QR code; "
        f"{pages / count:.1f} pages and {size / count / 1024:.1f} KiB each"
    )
    print(f"render_letter                     {per_second:>8,.1f} letters/s   ({1000 / per_second:.1f} ms each)")
    baseline_ms = 1000 / baseline_per_second
    print(f"baseline canvas, 1 line, 1 page   {baseline_per_second:>8,.1f} documents/s ({baseline_ms:.2f} ms each)")
    print(f"ratio baseline : letter           1 : {baseline_per_second / per_second:,.1f}")
    fast_enough = per_second >= TARGET
    print(f"target >= {TARGET} letters/s: {'OK' if fast_enough else 'NOT MET'}")
    emit("letter PDFs (2 pages, QR), one core", per_second, "letters/s", baseline=baseline_per_second,
         baseline_name="bare ReportLab 1-line page", target=f">= {TARGET} letters/s", met=fast_enough)
    return 1 if "--strict" in sys.argv and not fast_enough else 0


if __name__ == "__main__":
    raise SystemExit(main())
