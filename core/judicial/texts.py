"""Wording of the advice, the judicial steps, the summons and the export, in Dutch and English (B1 level).

Each entry is a template with named placeholders; amounts are filled in already formatted (core.money.format_eur).
"""

from __future__ import annotations

from typing import Any

LANGS = ("nl", "en")

ADVICE: dict[str, dict[str, str]] = {
    # headings and amounts
    "title": {"nl": "Advies na de minnelijke fase — {ref}", "en": "Advice after the amicable phase — {ref}"},
    "claim_heading": {"nl": "Wat u nu kunt vorderen (per {as_of})", "en": "What you can claim now (as of {as_of})"},
    "principal": {"nl": "Hoofdsom open", "en": "Principal open"},
    "interest": {"nl": "Rente tot vandaag", "en": "Interest to date"},
    "costs": {"nl": "Incassokosten", "en": "Collection costs"},
    "vat": {"nl": "Btw over incassokosten", "en": "VAT on collection costs"},
    "total": {"nl": "Totaal open", "en": "Total open"},
    "court_heading": {"nl": "Welke rechter", "en": "Which court"},
    "court_kanton": {
        "nl": "De kantonrechter (vordering tot en met {limit}); een advocaat is niet nodig.",
        "en": "The subdistrict court (kantonrechter: claims up to and including {limit}); no lawyer is needed.",
    },
    "court_rechtbank": {
        "nl": "De rechtbank (vordering boven {limit}): daar is een advocaat verplicht. Vraag een advocaat om een "
        "offerte; de advocaatkosten staan niet in dit advies.",
        "en": "The civil court (rechtbank: claims above {limit}): a lawyer is required there. Ask a lawyer for a "
        "quote; the lawyer's fees are not in this advice.",
    },
    "district": {
        "nl": "Rechtbank {district} (hoofdlocatie {seat}), op grond van de postcode van de debiteur ({postcode}). "
        "Dit is bij benadering: controleer de kantonlocatie op rechtspraak.nl.",
        "en": "Court district {district} (main location {seat}), from the debtor's postcode ({postcode}). This is "
        "approximate: check the subdistrict location on rechtspraak.nl.",
    },
    "district_unknown": {
        "nl": "De rechtbank volgt uit de woonplaats van de debiteur; die konden wij niet bepalen (geen Nederlands "
        "adres). Bij een debiteur in het buitenland adviseren wij een advocaat.",
        "en": "The court follows from the debtor's place of residence, which we could not determine (no Dutch "
        "address). For a debtor abroad we advise a lawyer.",
    },
    "costs_heading": {"nl": "Wat een procedure kost en oplevert", "en": "What a procedure costs and brings"},
    "court_fee": {
        "nl": "Griffierecht ({court}, {claimant}, tabel {year})",
        "en": "Court fee ({court}, {claimant}, table {year})",
    },
    "bailiff_fee": {
        "nl": "Deurwaarder: betekening dagvaarding (tabel {year})",
        "en": "Bailiff: serving the summons (table {year})",
    },
    "bailiff_vat": {"nl": "Btw over deurwaarderskosten", "en": "VAT on the bailiff's fee"},
    "advance": {"nl": "U schiet voor", "en": "You advance"},
    "lump_sum": {
        "nl": "Vergoeding gemachtigde die de rechter meestal toekent ({points} punt(en) x {per_point})",
        "en": "Lump sum for representation the court usually awards ({points} point(s) x {per_point})",
    },
    "lump_sum_unknown": {
        "nl": "Vergoeding voor de advocaat (liquidatietarief rechtbank): niet in onze gegevens",
        "en": "Award for the lawyer (liquidatietarief of the civil court): not in our data",
    },
    "award": {"nl": "Wat een vonnis daar bovenop toekent", "en": "What a judgment adds on top"},
    "recovery": {
        "nl": "Verwachte opbrengst als de debiteur na het vonnis betaalt",
        "en": "Expected recovery if the debtor pays after the judgment",
    },
    "running": {
        "nl": "Rente en kosten lopen door tot de betaling; het griffierecht en de deurwaarderskosten krijgt u "
        "alleen terug als de debiteur na het vonnis betaalt.",
        "en": "Interest and costs keep running until payment; you get the court fee and the bailiff's fee back "
        "only if the debtor pays after the judgment.",
    },
    "claimant_note": {
        "nl": "Uitgegaan van: u procedeert als {claimant}. Als {other} betaalt u {other_fee}.",
        "en": "Assumed: you litigate as a {claimant}. As a {other} you would pay {other_fee}.",
    },
    "unconfirmed": {
        "nl": "Let op: dit bedrag is niet bevestigd ({what}: {source}).",
        "en": "Note: this figure is not confirmed ({what}: {source}).",
    },
    "signals_heading": {"nl": "Wat wij zien (kans van slagen)", "en": "What we see (chance of success)"},
    "recommendation_heading": {"nl": "Ons advies", "en": "Our advice"},
    "choose": {
        "nl": "Kies: procedure starten, de minnelijke fase 14 dagen verlengen, of sluiten. Zonder uw akkoord "
        "starten wij geen procedure.",
        "en": "Choose: start proceedings, extend the amicable phase by 14 days, or close. We start no "
        "proceedings without your consent.",
    },
}

PARTY: dict[str, dict[str, str]] = {
    "legal_entity": {"nl": "rechtspersoon of vennootschap", "en": "legal entity or partnership"},
    "natural_person": {"nl": "natuurlijk persoon (ook eenmanszaak)", "en": "natural person (incl. sole trader)"},
    "indigent": {"nl": "minvermogende", "en": "person of limited means"},
}

COURT: dict[str, dict[str, str]] = {
    "kanton": {"nl": "kantonrechter", "en": "subdistrict court"},
    "rechtbank": {"nl": "rechtbank", "en": "civil court"},
}

RECOMMENDATION: dict[str, dict[str, str]] = {
    "start_proceedings": {"nl": "Procedure starten", "en": "Start proceedings"},
    "extend": {"nl": "Minnelijke fase verlengen", "en": "Extend the amicable phase"},
    "close": {"nl": "Sluiten als oninbaar", "en": "Close as uncollectable"},
}

SIGNAL: dict[str, dict[str, str]] = {
    "dispute_open": {
        "nl": "De debiteur betwist de vordering: “{reason}”.",
        "en": "The debtor disputes the claim: “{reason}”.",
    },
    "dispute_answered": {
        "nl": "De debiteur betwistte: “{reason}”. Ons antwoord: “{answer}”. Verwacht verweer in de procedure.",
        "en": "The debtor disputed: “{reason}”. Our answer: “{answer}”. Expect a defence in court.",
    },
    "dispute_reduced": {
        "nl": "Betwisting deels toegewezen, vordering verlaagd: “{reason}”.",
        "en": "Dispute upheld in part, claim reduced: “{reason}”.",
    },
    "no_dispute": {
        "nl": "De debiteur heeft de vordering niet betwist.",
        "en": "The debtor has not disputed the claim.",
    },
    "document_present": {"nl": "In het dossier: {what}.", "en": "On file: {what}."},
    "document_missing": {"nl": "Ontbreekt: {what}.", "en": "Missing: {what}."},
    "letter_present": {
        "nl": "De 14-dagenbrief is verstuurd op {on}: de incassokosten zijn vorderbaar.",
        "en": "The 14-day letter was sent on {on}: the collection costs can be claimed.",
    },
    "letter_missing": {
        "nl": "Geen geldige 14-dagenbrief: tegen een consument zijn de incassokosten niet vorderbaar.",
        "en": "No valid 14-day letter: collection costs cannot be claimed from a consumer.",
    },
    "reached": {"nl": "De debiteur is bereikt ({how}).", "en": "The debtor was reached ({how})."},
    "unreachable": {
        "nl": "De debiteur reageerde niet en is telefonisch niet bereikt ({tried}).",
        "en": "The debtor did not respond and was not reached by phone ({tried}).",
    },
    "no_address": {
        "nl": "Geen postadres bekend: een dagvaarding kan zo niet worden betekend.",
        "en": "No postal address known: a summons cannot be served like this.",
    },
    "abroad": {
        "nl": "De debiteur woont in het buitenland ({country}): vraag een advocaat.",
        "en": "The debtor lives abroad ({country}): ask a lawyer.",
    },
    "partial_payments": {
        "nl": "Deelbetalingen ontvangen: {amount} in {count} betaling(en), laatste op {last}. Dat erkent de schuld.",
        "en": "Partial payments received: {amount} in {count} payment(s), last on {last}. That acknowledges the debt.",
    },
    "no_payments": {"nl": "Niets betaald.", "en": "Nothing paid."},
    "promised": {
        "nl": "De debiteur beloofde telefonisch te betalen{on}.",
        "en": "The debtor promised by phone to pay{on}.",
    },
    "prescribed": {
        "nl": "Verjaard op {on} (5 jaar na de vervaldatum, art. 3:307 BW), tenzij de verjaring is gestuit.",
        "en": "Prescribed on {on} (5 years after the due date, art. 3:307 BW), unless it was interrupted.",
    },
    "prescribes_soon": {
        "nl": "Verjaart op {on} (over {days} dagen): een dagvaarding of schriftelijke aanmaning stuit dat "
        "(art. 3:316, 3:317 BW).",
        "en": "Prescribes on {on} (in {days} days): a summons or written reminder interrupts that "
        "(art. 3:316, 3:317 BW).",
    },
    "prescribes_later": {
        "nl": "Verjaart op {on}; elke schriftelijke aanmaning die de debiteur bereikt stuit de verjaring "
        "(art. 3:317 BW).",
        "en": "Prescribes on {on}; each written reminder that reaches the debtor interrupts it (art. 3:317 BW).",
    },
}

REASON: dict[str, dict[str, str]] = {
    "prescribed": {
        "nl": "De vordering lijkt verjaard; een rechter wijst haar dan af als de debiteur dat aanvoert.",
        "en": "The claim appears prescribed; a court rejects it if the debtor invokes that.",
    },
    "no_address_unreached": {
        "nl": "Geen adres en geen contact: er is niemand om te dagvaarden.",
        "en": "No address and no contact: there is no one to summon.",
    },
    "no_address_reached": {
        "nl": "De debiteur is bereikbaar maar wij hebben geen postadres: vraag dat eerst op.",
        "en": "The debtor can be reached but we have no postal address: obtain it first.",
    },
    "uneconomic": {
        "nl": "Een procedure kost meer voor te schieten ({advance}) dan de vordering ({claim}).",
        "en": "A procedure costs more to advance ({advance}) than the claim ({claim}).",
    },
    "paying": {
        "nl": "De debiteur betaalt of belooft te betalen: meer tijd levert waarschijnlijk meer op dan een procedure.",
        "en": "The debtor is paying or promised to pay: more time will likely bring more than a procedure.",
    },
    "weak_file": {
        "nl": "De vordering is betwist en het dossier mist bewijs ({missing}): vul dat eerst aan.",
        "en": "The claim is disputed and the file lacks evidence ({missing}): complete it first.",
    },
    "sound": {
        "nl": "Onbetwist of weerlegd, met een adres om te dagvaarden: een procedure heeft een goede kans.",
        "en": "Undisputed or answered, with an address to serve: a procedure has a good chance.",
    },
    "default_judgment": {
        "nl": "De debiteur reageert niet: een verstekvonnis is waarschijnlijk.",
        "en": "The debtor does not respond: a default judgment is likely.",
    },
    "lawyer": {
        "nl": "De vordering gaat boven {limit}: de zaak moet via een advocaat naar de rechtbank.",
        "en": "The claim exceeds {limit}: the case must go to the civil court through a lawyer.",
    },
}

DOCUMENT: dict[str, dict[str, str]] = {
    "invoice": {"nl": "factuur", "en": "invoice"},
    "terms": {"nl": "algemene voorwaarden of overeenkomst", "en": "terms or agreement"},
    "proof_of_delivery": {"nl": "bewijs van levering", "en": "proof of delivery"},
    "order_confirmation": {"nl": "opdrachtbevestiging", "en": "order confirmation"},
}

STEP: dict[str, dict[str, str]] = {
    "drafted": {"nl": "Dagvaarding opgesteld", "en": "Summons drafted"},
    "served": {"nl": "Dagvaarding betekend", "en": "Summons served"},
    "hearing": {"nl": "Zittingsdatum", "en": "Hearing date"},
    "judgment": {"nl": "Vonnis", "en": "Judgment"},
    "execution": {"nl": "Tenuitvoerlegging", "en": "Execution"},
}


def text(catalogue: dict[str, dict[str, str]], key: str, lang: str, **params: Any) -> str:
    lang = lang if lang in LANGS else "nl"
    return catalogue[key][lang].format(**params)
