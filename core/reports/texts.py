"""The weekly report in words, Dutch and English: the Slack message that carries the chart, and the CLI's output.

Works from the report's JSON form (WeeklyReport.as_dict), so what an outbox row carries is what gets written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from core.messages import LANGUAGES
from core.money import format_eur

_LOCALE = {"nl": "nl_NL", "en": "en_GB"}

_T: dict[str, dict[str, str]] = {
    "title.creditor": {"nl": "Weekrapport {name} — week {week} ({start} t/m {end})",
                       "en": "Weekly report {name} — week {week} ({start} to {end})"},
    "title.agency": {"nl": "Weekrapport van het kantoor — week {week} ({start} t/m {end})",
                     "en": "Weekly report of the agency — week {week} ({start} to {end})"},
    "filed": {"nl": "Nieuwe dossiers: {n}", "en": "Cases filed: {n}"},
    "collected": {"nl": "Geïnd: {amount}", "en": "Collected: {amount}"},
    "success": {"nl": "Binnen 10 werkdagen betaald: {paid} van {cohort} ({rate})",
                "en": "Paid within 10 business days: {paid} of {cohort} ({rate})"},
    "success.none": {"nl": "Binnen 10 werkdagen betaald: geen dossier waarvan de 10 werkdagen deze week afliepen",
                     "en": "Paid within 10 business days: no case's 10 business days ran out this week"},
    "days": {"nl": "Gemiddeld {days} dagen van indienen tot betaling ({n} dossier(s) volledig betaald)",
             "en": "On average {days} days from filing to payment ({n} case(s) paid in full)"},
    "days.none": {"nl": "Deze week is geen dossier volledig betaald", "en": "No case was paid in full this week"},
    "open": {"nl": "Openstaand aan het eind van de week: {amount} in {n} dossier(s)",
             "en": "Open at the end of the week: {amount} in {n} case(s)"},
    "status_line": {"nl": "• {status}: {amount} ({n})", "en": "• {status}: {amount} ({n})"},
    "queue": {"nl": "Wachtrij nu: {parts}", "en": "Queue now: {parts}"},
    "queue.empty": {"nl": "Wachtrij nu: leeg", "en": "Queue now: empty"},
    "failed": {"nl": "Niet afgeleverde berichten: {n}", "en": "Messages not delivered: {n}"},
    "failed_line": {"nl": "• {case} via {channel}: {error}", "en": "• {case} via {channel}: {error}"},
    "no_case": {"nl": "zonder dossier", "en": "no case"},
    "chart.title.creditor": {"nl": "{name}: geïnd en openstaand per week", "en": "{name}: collected and open by week"},
    "chart.title.agency": {"nl": "Kantoor: geïnd en openstaand per week", "en": "Agency: collected and open by week"},
    "chart.collected": {"nl": "Geïnd in de week", "en": "Collected in the week"},
    "chart.open": {"nl": "Openstaand aan het eind van de week", "en": "Open at the end of the week"},
}

STATUS_NAMES: dict[str, dict[str, str]] = {
    "new": {"nl": "ingediend, nog niet gestart", "en": "filed, not started yet"},
    "amicable": {"nl": "minnelijke fase", "en": "amicable phase"},
    "arrangement": {"nl": "betalingsregeling", "en": "payment arrangement"},
    "disputed": {"nl": "betwist", "en": "disputed"},
    "awaiting_creditor": {"nl": "wacht op uw besluit", "en": "awaiting your decision"},
    "judicial": {"nl": "gerechtelijke fase", "en": "judicial phase"},
}

QUEUE_NAMES: dict[str, dict[str, str]] = {
    "disputes": {"nl": "geschillen", "en": "disputes"},
    "approvals": {"nl": "regelingen ter goedkeuring", "en": "arrangements to approve"},
    "calls_today": {"nl": "belopdrachten vandaag", "en": "calls today"},
    "failed_deliveries": {"nl": "niet afgeleverd", "en": "not delivered"},
    "bank_credits": {"nl": "bijschrijvingen zonder dossier", "en": "bank credits without a case"},
    "complaints": {"nl": "klachten", "en": "complaints"},
    "cannot_pay": {"nl": "kan niet betalen", "en": "cannot pay"},
    "locked_links": {"nl": "geblokkeerde koppelingen", "en": "locked links"},
}


def language(value: str | None) -> str:
    return value if value in LANGUAGES else "nl"


def t(key: str, lang: str, **values: Any) -> str:
    return _T[key][language(lang)].format(**values)


def money(text: str | Decimal, lang: str) -> str:
    return format_eur(Decimal(str(text)), _LOCALE[language(lang)])


def day(text: str, lang: str) -> str:
    value = date.fromisoformat(text)
    return value.strftime("%d-%m-%Y") if language(lang) == "nl" else value.strftime("%d %b %Y")


def percent(rate: str, lang: str) -> str:
    value = (Decimal(rate) * 100).quantize(Decimal("1"))
    return f"{value} %" if language(lang) == "nl" else f"{value}%"


def decimal(text: str, lang: str) -> str:
    return text.replace(".", ",") if language(lang) == "nl" else text


def summary_text(report: dict[str, Any], lang: str) -> str:
    """The report week in a few lines (mrkdwn-safe plain text: Slack shows it as the file's comment)."""
    lang = language(lang)
    week = report["week"]
    names = {"week": week["week"], "start": day(week["starts_on"], lang), "end": day(week["ends_on"], lang)}
    if report.get("scope") == "agency":
        lines = [t("title.agency", lang, **names)]
    else:
        lines = [t("title.creditor", lang, name=(report.get("creditor") or {}).get("name") or "", **names)]
    lines.append(t("filed", lang, n=week["cases_filed"]))
    lines.append(t("collected", lang, amount=money(week["collected"], lang)))
    if week["ten_day_cohort"]:
        lines.append(t("success", lang, paid=week["paid_within_10_days"], cohort=week["ten_day_cohort"],
                       rate=percent(week["success_rate"], lang)))
    else:
        lines.append(t("success.none", lang))
    if week["paid_cases"]:
        lines.append(t("days", lang, days=decimal(week["average_days_to_payment"], lang), n=week["paid_cases"]))
    else:
        lines.append(t("days.none", lang))
    lines.append(t("open", lang, amount=money(week["open_total"], lang), n=week["open_cases"]))
    for row in report.get("open_by_status") or []:
        name = STATUS_NAMES.get(row["status"], {}).get(lang, row["status"])
        lines.append(t("status_line", lang, status=name, amount=money(row["amount"], lang), n=row["cases"]))
    if "queue" in report:
        parts = [f"{QUEUE_NAMES.get(k, {}).get(lang, k)} {n}" for k, n in report["queue"].items() if n]
        lines.append(t("queue", lang, parts=", ".join(parts)) if parts else t("queue.empty", lang))
        failed = report.get("failed_deliveries") or []
        if failed:
            lines.append(t("failed", lang, n=report["queue"].get("failed_deliveries", len(failed))))
            lines += [t("failed_line", lang, case=f["case"] or t("no_case", lang), channel=f["channel"],
                        error=(f["error"] or "")[:120]) for f in failed]
    return "\n".join(lines)
