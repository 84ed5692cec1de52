"""What creditors read in Slack, in Dutch and English, and which of the two a user gets.

The language is the workspace's setting (`/incasso taal en`), else the user's Slack locale, else Dutch.
Amounts go through core.money.format_eur (`€ 1.234,56` for Dutch readers).
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from typing import Any

from core.messages import single_stops
from core.money import format_eur

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALE_TTL_SECONDS = 3600.0

TEXTS: dict[str, dict[str, str]] = {
    # -- access ---------------------------------------------------------------------------------------------------
    "not_linked": {
        "nl": "Deze Slack-werkruimte is nog niet gekoppeld aan een opdrachtgever. Vraag het incassobureau om een "
              "koppelcode en typ dan `/incasso koppel <code>`.",
        "en": "This Slack workspace is not linked to a creditor account yet. Ask the agency for a link code, then "
              "type `/incasso link <code>`.",
    },
    "specialist_workspace": {
        "nl": "Dit is de werkruimte van het incassobureau; de functies voor opdrachtgevers zijn hier niet beschikbaar.",
        "en": "This is the agency's workspace; the creditor functions are not available here.",
    },
    "try_again": {
        "nl": "Er ging bij ons iets mis; er is niets veranderd. Probeer het over een minuut nog eens.",
        "en": "Something went wrong on our side; nothing was changed. Please try again in a minute.",
    },
    "case_not_found": {
        "nl": "Dossier {reference} staat niet bij uw dossiers. Er is niets veranderd.",
        "en": "Case {reference} is not one of your cases. Nothing was changed.",
    },
    # -- linking --------------------------------------------------------------------------------------------------
    "linked": {
        "nl": "Gekoppeld: deze werkruimte werkt nu voor {creditor}. Elk dossier krijgt een draad in {channel}. "
              "Typ `/incasso` voor het menu.",
        "en": "Linked: this workspace now acts for {creditor}. Each case gets a thread in {channel}. "
              "Type `/incasso` for the menu.",
    },
    "link_usage": {
        "nl": "Typ `/incasso koppel <code>` met de koppelcode die u van het incassobureau kreeg.",
        "en": "Type `/incasso link <code>` with the link code the agency gave you.",
    },
    "link_code_invalid": {
        "nl": "Deze koppelcode klopt niet of is al gebruikt. Controleer de code of vraag het incassobureau om een "
              "nieuwe.",
        "en": "This link code is not valid or was used already. Check the code or ask the agency for a new one.",
    },
    "link_code_expired": {
        "nl": "Deze koppelcode is verlopen. Vraag het incassobureau om een nieuwe.",
        "en": "This link code has expired. Ask the agency for a new one.",
    },
    "link_other_creditor": {
        "nl": "Deze werkruimte is al aan een andere opdrachtgever gekoppeld. Neem contact op met het incassobureau.",
        "en": "This workspace is linked to another creditor already. Please contact the agency.",
    },
    "link_specialist_team": {
        "nl": "De werkruimte van het incassobureau kan niet aan een opdrachtgever worden gekoppeld.",
        "en": "The agency's own workspace cannot be linked to a creditor.",
    },
    "channel_set": {
        "nl": "Nieuwe dossierberichten komen voortaan in {channel}.",
        "en": "Case threads now go to {channel}.",
    },
    "channel_needed": {
        "nl": "Typ `/incasso kanaal` in het kanaal waar de dossierberichten moeten komen.",
        "en": "Type `/incasso channel` in the channel where case threads should go.",
    },
    "language_set": {"nl": "De taal is nu Nederlands.", "en": "The language is now English."},
    "language_usage": {
        "nl": "Typ `/incasso taal nl` of `/incasso taal en` (of `/incasso taal auto` voor ieders Slack-taal).",
        "en": "Type `/incasso language nl` or `/incasso language en` (or `auto` for each user's Slack language).",
    },
    "language_auto": {
        "nl": "Iedereen krijgt nu de taal van zijn eigen Slack-instellingen.",
        "en": "Everyone now gets the language of their own Slack settings.",
    },
    # -- menu and help --------------------------------------------------------------------------------------------
    "menu_title": {"nl": "Incasso", "en": "Incasso"},
    "menu_intro": {
        "nl": "Wat wilt u doen voor *{creditor}*?",
        "en": "What would you like to do for *{creditor}*?",
    },
    "btn_new_claim": {"nl": "Nieuwe vordering", "en": "New claim"},
    "btn_my_cases": {"nl": "Mijn dossiers", "en": "My cases"},
    "btn_status": {"nl": "Status van een dossier", "en": "Case status"},
    "btn_report_payment": {"nl": "Betaling aan mij melden", "en": "Report a direct payment"},
    "btn_report_contact": {"nl": "Contact met debiteur melden", "en": "Report contact with the debtor"},
    "btn_help": {"nl": "Hulp", "en": "Help"},
    "close": {"nl": "Sluiten", "en": "Close"},
    "cancel": {"nl": "Annuleren", "en": "Cancel"},
    "help": {
        "nl": "*Incasso in Slack*\n"
              "• `/incasso` of de snelkoppeling: het menu\n"
              "• `/incasso nieuw`: een vordering indienen (debiteur, facturen, documenten)\n"
              "• `/incasso dossiers`: uw open dossiers met het openstaande bedrag\n"
              "• `/incasso status INC-2026-000042`: stand van één dossier\n"
              "• `/incasso betaling` / `/incasso contact`: melden dat de debiteur u betaalde of u sprak\n"
              "• `/incasso kanaal`: dossierberichten voortaan in dit kanaal\n"
              "• `/incasso taal nl|en|auto`: de taal van de app\n"
              "Op het tabblad *Home* ziet u uw cijfers en de dossiers die op uw beslissing wachten.",
        "en": "*Incasso in Slack*\n"
              "• `/incasso` or the shortcut: the menu\n"
              "• `/incasso new`: file a claim (debtor, invoices, documents)\n"
              "• `/incasso cases`: your open cases with the amount open\n"
              "• `/incasso status INC-2026-000042`: where one case stands\n"
              "• `/incasso payment` / `/incasso contact`: report that the debtor paid you or spoke to you\n"
              "• `/incasso channel`: case threads go to this channel from now on\n"
              "• `/incasso language nl|en|auto`: the app's language\n"
              "The *Home* tab shows your figures and the cases waiting for your decision.",
    },
    # -- new claim ------------------------------------------------------------------------------------------------
    "claim_title": {"nl": "Nieuwe vordering", "en": "New claim"},
    "claim_submit": {"nl": "Indienen", "en": "File claim"},
    "debtor_header": {"nl": "Debiteur", "en": "Debtor"},
    "debtor_kind": {"nl": "Soort debiteur", "en": "Debtor type"},
    "debtor_language": {"nl": "Taal van de debiteur (brieven, e-mail, chat)",
                        "en": "Debtor's language (letters, e-mail, chat)"},
    "debtor_language_nl": {"nl": "Nederlands", "en": "Dutch"},
    "debtor_language_en": {"nl": "Engels", "en": "English"},
    "consumer": {"nl": "Particulier", "en": "Consumer"},
    "business": {"nl": "Bedrijf", "en": "Business"},
    "debtor_name": {"nl": "Naam", "en": "Name"},
    "debtor_street": {"nl": "Straat en huisnummer", "en": "Street and number"},
    "debtor_postcode": {"nl": "Postcode", "en": "Postcode"},
    "debtor_city": {"nl": "Plaats", "en": "City"},
    "debtor_email": {"nl": "E-mailadres", "en": "E-mail address"},
    "debtor_phone": {"nl": "Telefoonnummer", "en": "Phone number"},
    "debtor_kvk": {"nl": "KvK-nummer (alleen bedrijven)", "en": "KvK number (businesses only)"},
    "address_hint": {
        "nl": "Zonder volledig adres is e-mail de enige weg naar de debiteur.",
        "en": "Without a full address, e-mail is the only way to reach the debtor.",
    },
    "invoice_header": {"nl": "Factuur {n}", "en": "Invoice {n}"},
    "invoice_number": {"nl": "Factuurnummer", "en": "Invoice number"},
    "invoice_date": {"nl": "Factuurdatum", "en": "Invoice date"},
    "invoice_due": {"nl": "Vervaldatum", "en": "Due date"},
    "invoice_amount": {"nl": "Bedrag (hoofdsom)", "en": "Amount (principal)"},
    "amount_hint": {"nl": "Bijvoorbeeld 1.234,56", "en": "For example 1234.56 or 1.234,56"},
    "add_invoice": {"nl": "Nog een factuur", "en": "Add an invoice"},
    "letter_date": {
        "nl": "14-dagenbrief al verstuurd op (leeg: nog niet)",
        "en": "14-day letter already sent on (empty: not yet)",
    },
    "documents_header": {"nl": "Documenten (PDF, PNG, JPEG, DOCX, EML; max. 20 MB)",
                         "en": "Documents (PDF, PNG, JPEG, DOCX, EML; at most 20 MB)"},
    "doc_invoice": {"nl": "Facturen", "en": "Invoices"},
    "doc_reminder": {"nl": "Herinneringen en aanmaningen", "en": "Reminders"},
    "doc_fourteen_day_letter": {"nl": "14-dagenbrief", "en": "14-day letter"},
    "doc_terms": {"nl": "Algemene voorwaarden", "en": "Terms and conditions"},
    "doc_quote": {"nl": "Offerte", "en": "Quote"},
    "doc_order_confirmation": {"nl": "Opdrachtbevestiging", "en": "Order confirmation"},
    "your_reference": {"nl": "Uw eigen kenmerk", "en": "Your own reference"},
    "note": {"nl": "Toelichting voor het incassobureau", "en": "Note for the agency"},
    "kvk_consumer": {
        "nl": "Een KvK-nummer hoort alleen bij een bedrijf; kies 'Bedrijf' of laat dit leeg.",
        "en": "A KvK number belongs to a business only; choose 'Business' or leave it empty.",
    },
    "too_many_invoices": {
        "nl": "Hoogstens {limit} facturen in dit formulier; gebruik voor meer de API of de CSV-import.",
        "en": "At most {limit} invoices in this form; use the API or the CSV import for more.",
    },
    "claim_filed_title": {"nl": "Vordering ingediend", "en": "Claim filed"},
    "claim_filed": {
        "nl": ":white_check_mark: Dossier *{reference}* is aangemaakt tegen {debtor}.\n"
              "Gevorderd bedrag vandaag: *{amount}* (hoofdsom {principal}, rente {interest}, incassokosten {costs}).\n"
              "Eerste contact: {next}.",
        "en": ":white_check_mark: Case *{reference}* is filed against {debtor}.\n"
              "Amount claimed today: *{amount}* (principal {principal}, interest {interest}, collection costs "
              "{costs}).\nFirst contact: {next}.",
    },
    "files_pending": {
        "nl": "Uw {count} document(en) worden nu opgehaald; u krijgt bericht als ze bij het dossier staan.",
        "en": "Your {count} document(s) are being fetched; you will get a message when they are with the case.",
    },
    "files_stored": {
        "nl": ":page_facing_up: {count} document(en) opgeslagen bij dossier {reference}.",
        "en": ":page_facing_up: {count} document(s) stored with case {reference}.",
    },
    "file_refused": {
        "nl": ":warning: {name} is niet opgeslagen bij {reference}: {why}",
        "en": ":warning: {name} was not stored with {reference}: {why}",
    },
    "file_login_page": {
        "nl": "Slack gaf ons een inlogpagina in plaats van het bestand. Deel het bestand opnieuw of stuur het naar "
              "het incassobureau.",
        "en": "Slack gave us a sign-in page instead of the file. Share the file again or send it to the agency.",
    },
    "file_too_big": {"nl": "het bestand is groter dan 20 MB.", "en": "the file is larger than 20 MB."},
    "file_empty": {"nl": "het bestand is leeg.", "en": "the file is empty."},
    "file_type": {
        "nl": "dit soort bestand nemen we niet aan (wel PDF, PNG, JPEG, DOCX of EML); we kijken naar de inhoud, "
              "niet naar de naam.",
        "en": "we do not accept this kind of file (PDF, PNG, JPEG, DOCX or EML are fine); we look at the content, "
              "not the name.",
    },
    "file_download_failed": {
        "nl": "we konden het bestand niet bij Slack ophalen. Probeer het later opnieuw.",
        "en": "we could not fetch the file from Slack. Please try again later.",
    },
    # -- cases ----------------------------------------------------------------------------------------------------
    "my_cases_title": {"nl": "Mijn dossiers", "en": "My cases"},
    "my_cases_header": {
        "nl": "*{count} open dossier(s)*, samen {amount} open.",
        "en": "*{count} open case(s)*, {amount} open in total.",
    },
    "no_cases": {"nl": "U heeft geen open dossiers.", "en": "You have no open cases."},
    "more_cases": {
        "nl": "…en nog {count}. Vraag er één op met `/incasso status <kenmerk>`.",
        "en": "…and {count} more. Look one up with `/incasso status <reference>`.",
    },
    "case_line": {
        "nl": "*{reference}* · {debtor} · {status} · open {amount}\n{next}",
        "en": "*{reference}* · {debtor} · {status} · open {amount}\n{next}",
    },
    "next_contact": {"nl": "Volgend contact: {when} ({channel})", "en": "Next contact: {when} ({channel})"},
    "no_next_contact": {"nl": "Geen contact meer gepland", "en": "No further contact planned"},
    "status_title": {"nl": "Status van een dossier", "en": "Case status"},
    "status_submit": {"nl": "Bekijken", "en": "Show"},
    "case_reference": {"nl": "Dossierkenmerk", "en": "Case reference"},
    "case_reference_hint": {"nl": "Bijvoorbeeld INC-2026-000042", "en": "For example INC-2026-000042"},
    "statement": {
        "nl": "*{reference}* · {debtor}\nStatus: *{status}*\n"
              "Hoofdsom {principal} · rente {interest} · incassokosten {costs} · betaald {paid}\n"
              "*Nu open: {open}*\n{next}",
        "en": "*{reference}* · {debtor}\nStatus: *{status}*\n"
              "Principal {principal} · interest {interest} · collection costs {costs} · paid {paid}\n"
              "*Open now: {open}*\n{next}",
    },
    "status_usage": {
        "nl": "Typ `/incasso status <kenmerk>`, bijvoorbeeld `/incasso status INC-2026-000042`.",
        "en": "Type `/incasso status <reference>`, for example `/incasso status INC-2026-000042`.",
    },
    # -- direct payment and contact -------------------------------------------------------------------------------
    "payment_title": {"nl": "Betaling aan u", "en": "Payment to you"},
    "payment_intro": {
        "nl": "De debiteur betaalde u rechtstreeks? Meld het hier; het schema past zich aan.",
        "en": "Did the debtor pay you directly? Report it here; the schedule adjusts.",
    },
    "payment_amount": {"nl": "Bedrag", "en": "Amount"},
    "payment_date": {"nl": "Betaald op", "en": "Paid on"},
    "submit": {"nl": "Melden", "en": "Report"},
    "payment_recorded": {
        "nl": ":moneybag: Betaling van {amount} op {date} gemeld bij {reference}. Nog open: {open}.",
        "en": ":moneybag: Payment of {amount} on {date} recorded for {reference}. Still open: {open}.",
    },
    "contact_title": {"nl": "Contact met debiteur", "en": "Contact with debtor"},
    "contact_intro": {
        "nl": "Sprak of mailde de debiteur u? Vertel wat er is gezegd of afgesproken; de specialist ziet het.",
        "en": "Did the debtor call or write to you? Say what was said or agreed; the specialist sees it.",
    },
    "contact_note": {"nl": "Wat is er gezegd of afgesproken?", "en": "What was said or agreed?"},
    "contact_note_required": {
        "nl": "Vertel kort wat er is gezegd of afgesproken.",
        "en": "Please say briefly what was said or agreed.",
    },
    "contact_recorded": {
        "nl": ":telephone_receiver: Uw contact met de debiteur is vastgelegd bij {reference}.",
        "en": ":telephone_receiver: Your contact with the debtor is recorded on {reference}.",
    },
    # -- app home -------------------------------------------------------------------------------------------------
    "home_title": {"nl": "Incasso voor {creditor}", "en": "Incasso for {creditor}"},
    "home_open_cases": {"nl": "Open dossiers", "en": "Open cases"},
    "home_amount_open": {"nl": "Openstaand", "en": "Amount open"},
    "home_collected_month": {"nl": "Geïnd deze maand", "en": "Collected this month"},
    "home_success_rate": {"nl": "Succesratio", "en": "Success rate"},
    "home_success_detail": {
        "nl": "{rate} ({paid} van {ended} afgeronde dossiers betaald)",
        "en": "{rate} ({paid} of {ended} finished cases paid)",
    },
    "home_no_ended": {"nl": "nog geen afgeronde dossiers", "en": "no finished cases yet"},
    "home_waiting": {"nl": "Wachten op uw beslissing", "en": "Waiting for your decision"},
    "home_none_waiting": {"nl": "Geen dossiers wachten op u.", "en": "No cases are waiting for you."},
    "home_waiting_line": {
        "nl": "*{reference}* · {debtor} · open {amount}. De minnelijke fase is voorbij: hoe verder?",
        "en": "*{reference}* · {debtor} · open {amount}. The amicable phase is over: how to go on?",
    },
    "decision_start_proceedings": {"nl": "Gerechtelijke procedure", "en": "Start proceedings"},
    "decision_extend": {"nl": "Minnelijk verlengen", "en": "Extend amicable phase"},
    "decision_close": {"nl": "Dossier sluiten", "en": "Close case"},
    "decision_confirm_title": {"nl": "Weet u het zeker?", "en": "Are you sure?"},
    "decision_confirm_text": {
        "nl": "{decision} voor {reference}.",
        "en": "{decision} for {reference}.",
    },
    "decision_confirm_yes": {"nl": "Ja", "en": "Yes"},
    "decision_recorded": {
        "nl": ":ballot_box_with_check: {reference}: '{decision}' is vastgelegd.",
        "en": ":ballot_box_with_check: {reference}: '{decision}' is recorded.",
    },
    "decision_not_now": {
        "nl": "Voor {reference} valt nu niets te beslissen (status: {status}). Er is niets veranderd.",
        "en": "There is no decision to make for {reference} now (status: {status}). Nothing was changed.",
    },
}

STATUS: dict[str, dict[str, str]] = {
    "new": {"nl": "ingediend", "en": "filed"},
    "amicable": {"nl": "minnelijke fase", "en": "amicable phase"},
    "arrangement": {"nl": "betalingsregeling", "en": "payment arrangement"},
    "disputed": {"nl": "betwist", "en": "disputed"},
    "awaiting_creditor": {"nl": "wacht op uw beslissing", "en": "waiting for your decision"},
    "judicial": {"nl": "gerechtelijke fase", "en": "judicial phase"},
    "paid": {"nl": "betaald", "en": "paid"},
    "withdrawn": {"nl": "ingetrokken", "en": "withdrawn"},
    "closed": {"nl": "gesloten", "en": "closed"},
}

CHANNELS: dict[str, dict[str, str]] = {
    "letter": {"nl": "brief", "en": "letter"},
    "email": {"nl": "e-mail", "en": "e-mail"},
    "telegram": {"nl": "Telegram", "en": "Telegram"},
    "phone": {"nl": "telefoon", "en": "phone call"},
    "evaluation": {"nl": "evaluatie dag 10", "en": "day-10 evaluation"},
}


def t(lang: str, key: str, **params: Any) -> str:
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return single_stops(TEXTS[key][lang].format(**params))


def status_text(lang: str, status: str) -> str:
    return STATUS.get(status, {}).get(lang if lang in LANGUAGES else DEFAULT_LANGUAGE, status)


def channel_text(lang: str, channel: str) -> str:
    return CHANNELS.get(channel, {}).get(lang if lang in LANGUAGES else DEFAULT_LANGUAGE, channel)


def money(lang: str, amount: Decimal) -> str:
    """Dutch formatting for every reader (the issue: amounts the Dutch way), `€ 1.234,56`."""
    return format_eur(amount, "nl_NL")


def day(lang: str, value: date) -> str:
    return value.strftime("%d-%m-%Y") if lang == "nl" else value.isoformat()


def language_of_locale(locale: str | None) -> str | None:
    """"en-US" -> "en", "nl-NL" -> "nl"; other locales get no preference (Dutch is the default)."""
    prefix = (locale or "").split("-")[0].split("_")[0].lower()
    return prefix if prefix in LANGUAGES else None


class LocaleCache:
    """Slack users' locales, asked once an hour per user (users.info), so a request does not wait on it each time."""

    def __init__(self, ttl: float = LOCALE_TTL_SECONDS) -> None:
        self._ttl = ttl
        self._known: dict[tuple[str, str], tuple[float, str | None]] = {}

    async def language(self, client: Any, team_id: str, user_id: str) -> str:
        key = (team_id, user_id)
        hit = self._known.get(key)
        if hit is not None and time.monotonic() - hit[0] < self._ttl:
            return hit[1] or DEFAULT_LANGUAGE
        found: str | None = None
        try:
            answer = await client.users_info(user=user_id, include_locale=True)
            found = language_of_locale((answer.get("user") or {}).get("locale"))
        except Exception:  # no users:read, a network hiccup: Dutch, and ask again next time
            return DEFAULT_LANGUAGE
        if len(self._known) > 10_000:
            self._known.clear()
        self._known[key] = (time.monotonic(), found)
        return found or DEFAULT_LANGUAGE
