"""Wording of the settlement statement (PDF, CSV headings, the Slack summary), in Dutch and English."""

from __future__ import annotations

LANGS = ("nl", "en")

TEXTS: dict[str, dict[str, str]] = {
    "title": {"nl": "Afrekening {period}", "en": "Settlement {period}"},
    "intro": {
        "nl": "Afrekening van de door ons geïnde bedragen over {period} (betalingen tot en met {last_day} die nog "
        "niet eerder zijn afgerekend). Wij werken op basis van no cure no pay: zonder inning geen kosten.",
        "en": "Settlement of the amounts we collected for {period} (payments up to and including {last_day} not "
        "settled before). We work no cure no pay: nothing collected, nothing charged.",
    },
    "creditor": {"nl": "Opdrachtgever", "en": "Creditor"},
    "terms": {
        "nl": "Afspraak: wij houden de door de debiteur betaalde incassokosten; provisie {commission} over de geïnde "
        "hoofdsom, plus 21 % btw over de provisie.",
        "en": "Terms: we keep the collection costs the debtor paid; commission {commission} of the principal "
        "collected, plus 21 % VAT on the commission.",
    },
    "terms_costs_only": {
        "nl": "Afspraak: wij houden alleen de door de debiteur betaalde incassokosten; geen provisie.",
        "en": "Terms: we keep only the collection costs the debtor paid; no commission.",
    },
    "case": {"nl": "Dossier", "en": "Case"},
    "debtor": {"nl": "Debiteur", "en": "Debtor"},
    "paid_on": {"nl": "Betaald op", "en": "Paid on"},
    "collected": {"nl": "Geïnd", "en": "Collected"},
    "to_costs": {"nl": "Incassokosten", "en": "Collection costs"},
    "to_interest": {"nl": "Rente", "en": "Interest"},
    "to_principal": {"nl": "Hoofdsom", "en": "Principal"},
    "held": {"nl": "Terug te betalen", "en": "Refund held"},
    "commission": {"nl": "Provisie", "en": "Commission"},
    "commission_vat": {"nl": "Btw provisie", "en": "VAT on commission"},
    "fee": {"nl": "Ons honorarium", "en": "Our fee"},
    "payout": {"nl": "Uitbetaling", "en": "Payout"},
    "totals": {"nl": "Totaal", "en": "Total"},
    "summary": {"nl": "Samenvatting", "en": "Summary"},
    "to_account": {
        "nl": "Wij maken {payout} over naar {iban}.",
        "en": "We transfer {payout} to {iban}.",
    },
    "nothing_to_pay": {"nl": "Er valt deze periode niets uit te betalen.", "en": "Nothing to pay out this period."},
    "held_note": {
        "nl": "Terug te betalen: wat een debiteur meer betaalde dan verschuldigd was; dat betalen wij aan de "
        "debiteur terug, niet aan u.",
        "en": "Refund held: what a debtor paid above what was owed; we pay it back to the debtor, not to you.",
    },
    "late_note": {
        "nl": "Een betaling die later binnenkomt met een datum in een al afgerekende maand, staat op de volgende "
        "afrekening.",
        "en": "A payment that arrives later with a date in a month already settled is on the next settlement.",
    },
    "slack": {
        "nl": "Afrekening {period}: geïnd {collected}, ons honorarium {fee}, terug te betalen {held}, "
        "uitbetaling {payout} naar {iban}. {cases} dossier(s); de afrekening staat in de bijlage.",
        "en": "Settlement {period}: collected {collected}, our fee {fee}, refunds held {held}, payout {payout} "
        "to {iban}. {cases} case(s); the statement is attached.",
    },
}


def text(key: str, lang: str, **values: object) -> str:
    entry = TEXTS[key]
    return entry[lang if lang in LANGS else "nl"].format(**values)


def locale_of(lang: str) -> str:
    return "en_GB" if lang == "en" else "nl_NL"
