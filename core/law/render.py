"""Showing a statement: the JSON-ready dict and the human-readable text (Dutch or English).

Amounts are rounded half-up to cents only here. In text, amounts are written the Dutch way (`€ 1.234,56`, via
``core.money.format_eur``) in both languages, as DESIGN.md asks; dates are DD-MM-YYYY in Dutch, ISO in English.
The footnote states the conventions the numbers follow.
"""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from core.law.collection_costs import VAT_PERCENT
from core.law.interest import InterestPeriod
from core.money import format_eur, money_str

if TYPE_CHECKING:
    from core.law.statement import Statement

LANGUAGES = ("nl", "en")


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _rate(rate: Decimal) -> str:
    return f"{rate:.2f}"


def _period_dict(period: InterestPeriod, invoice_number: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {} if invoice_number is None else {"invoice_number": invoice_number}
    row.update(
        {
            "from": period.from_date.isoformat(),
            "to": period.to_date.isoformat(),
            "days": period.days,
            "rate": _rate(period.rate),
            "base": money_str(period.base),
            "interest": money_str(period.interest),
            "rate_confirmed": period.rate_confirmed,
        }
    )
    return row


def statement_to_dict(statement: Statement) -> dict[str, Any]:
    """Money as strings with exactly two decimals, dates ISO, rates as percent strings ("12.25")."""
    s = statement
    letter = s.letter
    return {
        "as_of": s.as_of.isoformat(),
        "debtor_kind": str(s.debtor_kind),
        "interest_basis": s.interest_basis,
        "interest_spec": s.interest_spec.describe(),
        "cost_basis": s.cost_basis,
        "vat_deductible": s.vat_deductible,
        "principal": money_str(s.principal),
        "principal_paid": money_str(s.principal_paid),
        "principal_open": money_str(s.principal_open),
        "interest": money_str(s.interest),
        "interest_paid": money_str(s.interest_paid),
        "interest_open": money_str(s.interest_open),
        "costs_base": money_str(s.costs_base),
        "costs": money_str(s.costs),
        "vat": money_str(s.vat),
        "vat_percent": _rate(VAT_PERCENT),
        "costs_paid": money_str(s.costs_paid),
        "costs_open": money_str(s.costs_open),
        "paid": money_str(s.paid),
        "overpaid": money_str(s.overpaid),
        "total_open": money_str(s.total_open),
        "costs_claimable_from": _iso(s.costs_claimable_from),
        "letter": None
        if letter is None
        else {
            "sent": letter.sent.isoformat(),
            "presumed_receipt": letter.presumed_receipt.isoformat(),
            "last_day_of_term": letter.last_day.isoformat(),
            "costs_claimable_from": letter.costs_claimable_from.isoformat(),
        },
        "prescribes_on": s.prescribes_on.isoformat(),
        "interest_periods": [
            _period_dict(period, inv.invoice_number) for inv in s.invoices for period in inv.interest_periods
        ],
        "invoices": [
            {
                "invoice_number": inv.invoice_number,
                "invoice_date": inv.invoice_date.isoformat(),
                "due_date": inv.due_date.isoformat(),
                "principal": money_str(inv.principal),
                "principal_paid": money_str(inv.principal_paid),
                "principal_open": money_str(inv.principal_open),
                "interest": money_str(inv.interest),
                "interest_paid": money_str(inv.interest_paid),
                "interest_open": money_str(inv.interest_open),
                "interest_periods": [_period_dict(period) for period in inv.interest_periods],
                "prescribes_on": inv.prescribes_on.isoformat(),
                "costs_claimable_from": _iso(inv.costs_claimable_from),
                "consumer_purchase": inv.consumer_purchase,
            }
            for inv in s.invoices
        ],
        "allocations": [
            {
                "paid_on": alloc.paid_on.isoformat(),
                "amount": money_str(alloc.amount),
                "to_costs": money_str(alloc.to_costs),
                "to_interest": money_str(alloc.to_interest),
                "to_principal": money_str(alloc.to_principal),
                "overpaid": money_str(alloc.overpaid),
                "invoices": [
                    {
                        "invoice_number": line.invoice_number,
                        "to_interest": money_str(line.to_interest),
                        "to_principal": money_str(line.to_principal),
                    }
                    for line in alloc.lines
                ],
            }
            for alloc in s.allocations
        ],
        "warnings": s.warnings,
        "conventions": list(FOOTNOTE["en"]),
    }


# -- text ------------------------------------------------------------------------------------------------

TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Specificatie van de vordering per {as_of}",
        "consumer": "consument",
        "business": "zakelijk",
        "debtor": "Schuldenaar",
        "interest_basis": "Rente",
        "statutory_consumer": "wettelijke rente (art. 6:119 BW)",
        "statutory_business": "wettelijke handelsrente (art. 6:119a BW)",
        "contractual": "contractuele rente: {rate}% per jaar{month}, {how}",
        "month": " ({rate}% per maand)",
        "simple": "enkelvoudig",
        "compound": "jaarlijks samengesteld",
        "invoice": "Factuur {number} (factuurdatum {invoice_date}, vervaldatum {due_date})",
        "principal": "Hoofdsom",
        "period": "{start} t/m {end}  {days:>4} dagen  {rate:>7}  over {base}",
        "interest_to": "Rente t/m {as_of}",
        "no_interest": "Geen rente (nog niet vervallen)",
        "paid_interest": "Betaald op rente",
        "paid_principal": "Betaald op hoofdsom",
        "principal_open": "Openstaande hoofdsom",
        "interest_open": "Openstaande rente",
        "prescribes": "Verjaart op {day} (tenzij gestuit)",
        "costs": "Buitengerechtelijke incassokosten ({basis}, over {base})",
        "costs_none": "Buitengerechtelijke incassokosten",
        "basis_statutory": "staffel",
        "basis_agreed": "afgesproken",
        "vat": "Btw {percent}% over de incassokosten",
        "costs_from": "Incassokosten verschuldigd vanaf {day}",
        "costs_never": "Incassokosten: niet verschuldigd",
        "letter": "Veertiendagenbrief verstuurd {sent}, vermoedelijk ontvangen {received}, termijn t/m {last}",
        "payments": "Betalingen",
        "payment": "{day}  {amount}: kosten {costs}, rente {interest}, hoofdsom {principal}",
        "payment_over": ", te veel betaald {over}",
        "totals": "Openstaand",
        "total_principal": "Hoofdsom",
        "total_interest": "Rente",
        "total_costs": "Incassokosten (incl. eventuele btw)",
        "total_paid": "Betaald",
        "total_open": "Totaal openstaand",
        "overpaid": "Te veel betaald",
        "warnings": "Let op",
        "footnote": "Toelichting",
    },
    "en": {
        "title": "Statement of the claim as of {as_of}",
        "consumer": "consumer",
        "business": "business",
        "debtor": "Debtor",
        "interest_basis": "Interest",
        "statutory_consumer": "statutory interest (art. 6:119 BW)",
        "statutory_business": "statutory commercial interest (art. 6:119a BW)",
        "contractual": "contractual interest: {rate}% per year{month}, {how}",
        "month": " ({rate}% per month)",
        "simple": "simple",
        "compound": "compounded yearly",
        "invoice": "Invoice {number} (invoice date {invoice_date}, due {due_date})",
        "principal": "Principal",
        "period": "{start} to {end}  {days:>4} days  {rate:>7}  on {base}",
        "interest_to": "Interest up to {as_of}",
        "no_interest": "No interest (not yet due)",
        "paid_interest": "Paid on interest",
        "paid_principal": "Paid on principal",
        "principal_open": "Principal open",
        "interest_open": "Interest open",
        "prescribes": "Prescribes on {day} (unless interrupted)",
        "costs": "Extrajudicial collection costs ({basis}, on {base})",
        "costs_none": "Extrajudicial collection costs",
        "basis_statutory": "staffel",
        "basis_agreed": "as agreed",
        "vat": "VAT {percent}% on the collection costs",
        "costs_from": "Collection costs claimable from {day}",
        "costs_never": "Collection costs: not claimable",
        "letter": "14-day letter sent {sent}, presumed received {received}, term up to {last}",
        "payments": "Payments",
        "payment": "{day}  {amount}: costs {costs}, interest {interest}, principal {principal}",
        "payment_over": ", overpaid {over}",
        "totals": "Open",
        "total_principal": "Principal",
        "total_interest": "Interest",
        "total_costs": "Collection costs (incl. any VAT)",
        "total_paid": "Paid",
        "total_open": "Total open",
        "overpaid": "Overpaid",
        "warnings": "Warnings",
        "footnote": "Notes",
    },
}

FOOTNOTE: dict[str, tuple[str, ...]] = {
    "nl": (
        "Rente loopt over elke dag na de vervaldatum tot en met de datum van deze specificatie "
        "(dagen = specificatiedatum − vervaldatum).",
        "Dagtelling werkelijk aantal dagen / 365 (ook in schrikkeljaren); elke dag geldt het op die dag geldende "
        "percentage, perioden zijn gesplitst bij een wijziging.",
        "Wettelijke rente (en samengestelde contractuele rente) wordt jaarlijks samengesteld: aan het eind van elke "
        "verjaardag van de vervaldatum wordt de onbetaalde rente van dat jaar bij de grondslag opgeteld "
        "(art. 6:119 lid 2 BW); een verjaardag op 29 februari valt in andere jaren op 28 februari.",
        "Contractuele rente per maand: 12 × het maandpercentage per jaar, per dag berekend (werkelijk/365).",
        "Bedragen worden op volle precisie berekend en pas bij weergave afgerond op centen (half naar boven); "
        "totalen zijn sommen van afgeronde bedragen, de regels per periode kunnen daardoor een cent afwijken.",
        "Betalingen gaan eerst naar de incassokosten (met btw), dan naar de rente, dan naar de hoofdsom, de oudste "
        "factuur eerst (art. 6:43 en 6:44 BW); rente loopt tot en met de betaaldag.",
        "Incassokosten volgens het Besluit vergoeding voor buitengerechtelijke incassokosten, over de hoofdsom die "
        "openstond toen de kosten verschuldigd werden.",
    ),
    "en": (
        "Interest runs for every day after the due date up to and including the date of this statement "
        "(days = statement date − due date).",
        "Day count actual/365 (also in leap years); each day bears the rate in force on that day, periods are "
        "split where the rate changes.",
        "Statutory interest (and compound contractual interest) is compounded yearly: at the end of each "
        "anniversary of the due date the unpaid interest of that year joins the base (art. 6:119 lid 2 BW); an "
        "anniversary on 29 February falls on 28 February in other years.",
        "Contractual interest per month: 12 × the monthly rate per year, accrued per day (actual/365).",
        "Amounts are computed at full precision and rounded half-up to cents only when shown; totals are sums of "
        "rounded amounts, so the period lines may differ from them by a cent.",
        "Payments go to the collection costs (with VAT) first, then to interest, then to principal, oldest invoice "
        "first (art. 6:43 and 6:44 BW); interest runs up to and including the day of payment.",
        "Collection costs per the Besluit vergoeding voor buitengerechtelijke incassokosten, on the principal that "
        "was open when the costs became claimable.",
    ),
}

_WIDTH = 78
_MONTHLY_NOTE = 3  # index of the "% per month" note in FOOTNOTE: shown only for contractual monthly interest


def _day(day: date, lang: str) -> str:
    return f"{day:%d-%m-%Y}" if lang == "nl" else day.isoformat()


def _pct(rate: Decimal, lang: str) -> str:
    text = _rate(rate)
    return text.replace(".", ",") if lang == "nl" else text


def _line(label: str, amount: Decimal, indent: int = 2) -> str:
    money = format_eur(amount)
    pad = max(1, _WIDTH - indent - len(label) - len(money))
    return " " * indent + label + " " * pad + money


def render_statement(statement: Statement, lang: str = "nl") -> str:
    """The statement as text for people: Dutch (default) or English, amounts as `€ 1.234,56`."""
    if lang not in TEXT:
        raise ValueError(f"lang: {lang!r} (use one of {', '.join(LANGUAGES)})")
    t = TEXT[lang]
    s = statement
    out: list[str] = [t["title"].format(as_of=_day(s.as_of, lang)), "=" * _WIDTH]
    out.append(f"{t['debtor']}: {t[str(s.debtor_kind)]}")
    spec = s.interest_spec
    if spec.kind == "statutory":
        basis = t["statutory_consumer"] if s.debtor_kind == "consumer" else t["statutory_business"]
    else:
        yearly = spec.yearly_percent
        assert yearly is not None and spec.rate_percent is not None
        month = t["month"].format(rate=_pct(spec.rate_percent, lang)) if spec.per == "month" else ""
        basis = t["contractual"].format(
            rate=_pct(yearly, lang), month=month, how=t["compound" if spec.compound else "simple"]
        )
    out.append(f"{t['interest_basis']}: {basis}")

    for inv in s.invoices:
        out.append("")
        out.append(
            t["invoice"].format(
                number=inv.invoice_number,
                invoice_date=_day(inv.invoice_date, lang),
                due_date=_day(inv.due_date, lang),
            )
        )
        out.append(_line(t["principal"], inv.principal))
        if not inv.interest_periods:
            out.append("  " + t["no_interest"])
        for period in inv.interest_periods:
            label = t["period"].format(
                start=_day(period.from_date, lang),
                end=_day(period.to_date, lang),
                days=period.days,
                rate=_pct(period.rate, lang) + "%" + ("*" if not period.rate_confirmed else " "),
                base=format_eur(period.base),
            )
            out.append(_line(label, period.interest, indent=4))
        out.append(_line(t["interest_to"].format(as_of=_day(s.as_of, lang)), inv.interest))
        if inv.interest_paid:
            out.append(_line(t["paid_interest"], inv.interest_paid))
        if inv.principal_paid:
            out.append(_line(t["paid_principal"], inv.principal_paid))
        out.append(_line(t["principal_open"], inv.principal_open))
        out.append(_line(t["interest_open"], inv.interest_open))
        out.append("  " + t["prescribes"].format(day=_day(inv.prescribes_on, lang)))

    out.append("")
    if s.letter is not None:
        out.append(
            t["letter"].format(
                sent=_day(s.letter.sent, lang),
                received=_day(s.letter.presumed_receipt, lang),
                last=_day(s.letter.last_day, lang),
            )
        )
    if s.costs_claimable_from is None:
        out.append(t["costs_never"])
    else:
        out.append(t["costs_from"].format(day=_day(s.costs_claimable_from, lang)))
    if s.costs:
        basis = t["basis_statutory"] if s.cost_basis == "statutory" else t["basis_agreed"]
        out.append(_line(t["costs"].format(basis=basis, base=format_eur(s.costs_base)), s.costs, indent=0))
        if s.vat:
            out.append(_line(t["vat"].format(percent=f"{VAT_PERCENT.normalize():f}"), s.vat, indent=0))
    else:
        out.append(_line(t["costs_none"], s.costs, indent=0))

    if s.allocations:
        out.append("")
        out.append(t["payments"])
        for alloc in s.allocations:
            text = t["payment"].format(
                day=_day(alloc.paid_on, lang),
                amount=format_eur(alloc.amount),
                costs=format_eur(alloc.to_costs),
                interest=format_eur(alloc.to_interest),
                principal=format_eur(alloc.to_principal),
            )
            if alloc.overpaid:
                text += t["payment_over"].format(over=format_eur(alloc.overpaid))
            out.append("  " + text)

    out.append("")
    out.append(t["totals"])
    out.append("-" * _WIDTH)
    out.append(_line(t["total_principal"], s.principal_open))
    out.append(_line(t["total_interest"], s.interest_open))
    out.append(_line(t["total_costs"], s.costs_open))
    out.append(_line(t["total_open"], s.total_open))
    if s.paid:
        out.append(_line(t["total_paid"], s.paid))
    if s.overpaid:
        out.append(_line(t["overpaid"], s.overpaid))

    if s.notices:
        out.append("")
        out.append(t["warnings"])
        for notice in s.notices:
            text = notice.nl if lang == "nl" else notice.en
            out.extend(textwrap.wrap(text, _WIDTH, initial_indent="  - ", subsequent_indent="    "))

    out.append("")
    out.append(t["footnote"])
    notes = [
        note
        for index, note in enumerate(FOOTNOTE[lang])
        if index != _MONTHLY_NOTE or (spec.kind == "contractual" and spec.per == "month")
    ]
    for number, note in enumerate(notes, start=1):
        out.extend(textwrap.wrap(note, _WIDTH, initial_indent=f"  {number}. ", subsequent_indent="     "))
    if any(not p.rate_confirmed for inv in s.invoices for p in inv.interest_periods):
        out.append(
            "  * "
            + ("percentage nog niet officieel bevestigd" if lang == "nl" else "rate not yet officially confirmed")
        )
    return "\n".join(out) + "\n"
