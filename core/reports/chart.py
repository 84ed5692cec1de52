"""The weekly report's chart as PNG bytes: collected per week (bars) and open at each week's end (line).

matplotlib is imported when a chart is drawn, not when this module is (it takes a second), with the Agg backend
on a Figure of its own: no display, no global pyplot state, safe in the scheduler's and the API's threads.
Amounts become floats here and only here: pixels, never books.
"""

from __future__ import annotations

import io
from decimal import Decimal

from core.reports.texts import language, money, t
from core.reports.weekly import WeeklyReport

WIDTH_INCHES, HEIGHT_INCHES, DPI = 9.0, 4.5, 100  # 900 x 450 pixels: readable in Slack's preview


def render_png(report: WeeklyReport, lang: str = "nl") -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    lang = language(lang)
    labels = [w.week.label.split("-")[1] for w in report.weeks]  # "W10"
    collected = [_pixels(w.collected) for w in report.weeks]
    open_ = [_pixels(w.open_total) for w in report.weeks]

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    axes.bar(positions, collected, width=0.6, color="#2e7d32", label=t("chart.collected", lang))
    axes.plot(positions, open_, color="#c62828", marker="o", linewidth=2, label=t("chart.open", lang))
    axes.set_xticks(positions, labels)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: _whole_euros(value, lang)))
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    # below the plot, so it never hides a bar or the line
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=2, frameon=False)
    if report.creditor_id is None:
        axes.set_title(t("chart.title.agency", lang))
    else:
        axes.set_title(t("chart.title.creditor", lang, name=report.creditor_name or ""))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _pixels(amount: Decimal) -> float:
    return float(amount)  # float ok: a bar's height on the chart, never money again


def _whole_euros(value: float, lang: str) -> str:
    """An axis label: "€ 12.000" / "€12,000" (the cents of a tick are noise)."""
    text = money(Decimal(round(value)), lang)
    return text.rsplit("," if lang == "nl" else ".", 1)[0]
