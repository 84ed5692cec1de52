"""Everything the bot says, in Dutch (the default) and English. Plain words (B1), short sentences.

`t(lang, key, **values)`; amounts come in formatted (core.money.format_eur), dates as dd-mm-yyyy.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.messages import single_stops
from core.money import format_eur

LANGUAGES = ("nl", "en")

TEXTS: dict[str, dict[str, str]] = {
    # -- connecting ----------------------------------------------------------------------------------------------
    "welcome_unbound": {
        "nl": "Welkom bij {agency}. Open de link uit onze brief of e-mail om uw dossier te koppelen. "
        "Zo weten we zeker dat u het bent.",
        "en": "Welcome to {agency}. Open the link in our letter or e-mail to connect your case. "
        "That way we know it is you.",
    },
    "ask_postcode": {
        "nl": "Voor uw veiligheid: wat is de postcode op onze brief? (bijvoorbeeld 1234 AB)",
        "en": "For your safety: what is the postcode on our letter? (for example 1234 AB)",
    },
    "postcode_wrong": {
        "nl": "Die postcode klopt niet. U kunt het nog {left} keer proberen.",
        "en": "That postcode does not match. You can try {left} more time(s).",
    },
    "linked": {
        "nl": "Gelukt: deze chat is gekoppeld aan dossier {ref}. Kies hieronder wat u wilt doen.",
        "en": "Done: this chat is connected to case {ref}. Choose below what you would like to do.",
    },
    "already_linked": {
        "nl": "Deze chat is al gekoppeld aan dossier {ref}.",
        "en": "This chat is already connected to case {ref}.",
    },
    "link_unknown": {
        "nl": "Deze link werkt niet. Controleer of u de hele link uit onze brief of e-mail hebt geopend, of bel "
        "ons op {phone}.",
        "en": "This link does not work. Check that you opened the whole link from our letter or e-mail, or call "
        "us at {phone}.",
    },
    "link_expired": {
        "nl": "Dit dossier is afgesloten; de link werkt daarom niet meer. Vragen? Bel ons op {phone}.",
        "en": "This case has been closed, so the link no longer works. Questions? Call us at {phone}.",
    },
    "link_locked": {
        "nl": "Deze link is geblokkeerd na te veel pogingen. Bel ons op {phone}; een medewerker helpt u verder.",
        "en": "This link is blocked after too many attempts. Please call us at {phone}; a specialist will help you.",
    },
    "link_no_postcode": {
        "nl": "We kunnen uw dossier niet via Telegram koppelen. Bel ons op {phone}.",
        "en": "We cannot connect your case through Telegram. Please call us at {phone}.",
    },
    "not_linked": {
        "nl": "Deze chat is nog niet gekoppeld aan een dossier. Open de link uit onze brief of e-mail.",
        "en": "This chat is not connected to a case yet. Please open the link in our letter or e-mail.",
    },
    "messages_on_again": {
        "nl": "U krijgt weer berichten via Telegram.",
        "en": "You will receive messages on Telegram again.",
    },
    # -- menu ----------------------------------------------------------------------------------------------------
    "menu": {
        "nl": "Dossier {ref}. Wat wilt u doen?",
        "en": "Case {ref}. What would you like to do?",
    },
    "choose_case": {
        "nl": "Deze chat is gekoppeld aan meer dossiers. Over welk dossier gaat het?",
        "en": "This chat is connected to more than one case. Which case is it about?",
    },
    "btn_overview": {"nl": "📄 Overzicht", "en": "📄 Overview"},
    "btn_pay": {"nl": "💶 Betalen", "en": "💶 Pay"},
    "btn_arrangement": {"nl": "📅 Betalingsregeling", "en": "📅 Payment arrangement"},
    "btn_dispute": {"nl": "⚠️ Niet eens", "en": "⚠️ Dispute"},
    "btn_call": {"nl": "📞 Bel mij terug", "en": "📞 Call me back"},
    "btn_cannot_pay": {"nl": "🆘 Ik kan niet betalen", "en": "🆘 I can't pay"},
    "btn_complaint": {"nl": "✉️ Klacht", "en": "✉️ Complaint"},
    "btn_language": {"nl": "🌐 English", "en": "🌐 Nederlands"},
    "btn_stop": {"nl": "🔕 Stop berichten", "en": "🔕 Stop messages"},
    "btn_menu": {"nl": "☰ Menu", "en": "☰ Menu"},
    "btn_cancel": {"nl": "Annuleren", "en": "Cancel"},
    "btn_back": {"nl": "Terug", "en": "Back"},
    "cancelled": {"nl": "Geannuleerd. Er is niets veranderd.", "en": "Cancelled. Nothing was changed."},
    "use_buttons": {
        "nl": "Kies een van de knoppen hierboven, of typ /menu.",
        "en": "Please choose one of the buttons above, or type /menu.",
    },
    "unknown_command": {
        "nl": "Die opdracht ken ik niet. Typ /menu voor de keuzes of /help voor uitleg.",
        "en": "I don't know that command. Type /menu for the choices or /help for an explanation.",
    },
    "unsupported_message": {
        "nl": "Dit soort bericht kan ik niet lezen. Stuur tekst, of kies in /menu.",
        "en": "I cannot read this kind of message. Please send text, or choose in /menu.",
    },
    "stale_button": {
        "nl": "Deze knop is niet meer actief. Typ /menu om opnieuw te kiezen.",
        "en": "This button is no longer active. Type /menu to choose again.",
    },
    "help": {
        "nl": "Met deze chat kunt u uw dossier bekijken, betalen, een betalingsregeling voorstellen, bezwaar maken, "
        "om een terugbelverzoek vragen of een klacht indienen.\n/menu – de keuzes\n/taal – Nederlands of English\n"
        "/stop – geen berichten meer via Telegram (brieven en e-mail gaan door)\n/annuleer – stoppen met wat u "
        "aan het doen bent",
        "en": "In this chat you can see your case, pay, propose a payment arrangement, dispute the claim, ask us to "
        "call you back or make a complaint.\n/menu – the choices\n/taal – Dutch or English\n/stop – no more "
        "messages on Telegram (letters and e-mail continue)\n/annuleer – stop what you are doing",
    },
    "language_set": {"nl": "Taal: Nederlands.", "en": "Language: English."},
    "choose_language": {"nl": "Kies uw taal:", "en": "Choose your language:"},
    "stopped": {
        "nl": "U krijgt geen berichten meer via Telegram. Brieven en e-mail gaan door zoals de wet toestaat. "
        "Typ /start om weer berichten te krijgen.",
        "en": "You will no longer receive messages on Telegram. Letters and e-mail continue as the law allows. "
        "Type /start to receive messages again.",
    },
    "generic_refusal": {
        "nl": "Dat lukt nu niet: {detail}. Er is niets veranderd. Typ /menu of bel ons op {phone}.",
        "en": "That is not possible now: {detail}. Nothing was changed. Type /menu or call us at {phone}.",
    },
    "not_possible_now": {
        "nl": "Dat kan nu niet voor dit dossier (status: {status}). Er is niets veranderd. Vragen? Bel {phone}.",
        "en": "That is not possible for this case now (status: {status}). Nothing was changed. Questions? "
        "Call {phone}.",
    },
    "error": {
        "nl": "Er ging iets mis aan onze kant. Probeer het later nog eens of bel ons op {phone}.",
        "en": "Something went wrong on our side. Please try again later or call us at {phone}.",
    },
    # -- overview and paying -------------------------------------------------------------------------------------
    "overview_head": {
        "nl": "Dossier {ref} – {creditor}\nStand op {today}",
        "en": "Case {ref} – {creditor}\nAs of {today}",
    },
    "overview_invoice": {
        "nl": "Factuur {number} (vervallen {due})\n  Hoofdsom: {principal}\n  Rente: {interest}\n  Betaald: {paid}",
        "en": "Invoice {number} (due {due})\n  Principal: {principal}\n  Interest: {interest}\n  Paid: {paid}",
    },
    "overview_totals": {
        "nl": "Incassokosten: {costs}\nBtw over de kosten: {vat}\nTotaal betaald: {paid}\nTotaal open: {total}",
        "en": "Collection costs: {costs}\nVAT on the costs: {vat}\nTotal paid: {paid}\nTotal open: {total}",
    },
    "overview_deadline": {"nl": "Betaal uiterlijk {deadline}.", "en": "Please pay by {deadline}."},
    "pay_link": {
        "nl": "Betaal {amount} direct via deze link: {url}",
        "en": "Pay {amount} right away with this link: {url}",
    },
    "pay_transfer": {
        "nl": "Maak {amount} over naar:\nIBAN: {iban}\nTen name van: {name}\nBetalingskenmerk: {payref}\n"
        "Vermeld het kenmerk precies zo; dan verwerken we uw betaling automatisch. U krijgt hier bericht als "
        "het geld binnen is.",
        "en": "Please transfer {amount} to:\nIBAN: {iban}\nAccount name: {name}\nPayment reference: {payref}\n"
        "Quote the reference exactly like this, so your payment is processed automatically. You will get a "
        "message here when it has arrived.",
    },
    "nothing_open": {"nl": "Er staat niets meer open. Dank u wel!", "en": "Nothing is open any more. Thank you!"},
    # -- arrangement ---------------------------------------------------------------------------------------------
    "arr_how": {
        "nl": "Er staat {total} open. Hoe wilt u betalen?",
        "en": "{total} is open. How would you like to pay?",
    },
    "btn_arr_amount": {"nl": "Bedrag per maand", "en": "Amount per month"},
    "btn_arr_months": {"nl": "Aantal maanden", "en": "Number of months"},
    "arr_ask_amount": {
        "nl": "Hoeveel kunt u per maand betalen? Typ een bedrag, bijvoorbeeld 75 of 75,50.",
        "en": "How much can you pay per month? Type an amount, for example 75 or 75.50.",
    },
    "arr_ask_months": {
        "nl": "In hoeveel maanden wilt u betalen? Typ een getal van 1 tot en met {max}.",
        "en": "In how many months would you like to pay? Type a number from 1 to {max}.",
    },
    "arr_ask_date": {
        "nl": "Wanneer betaalt u de eerste termijn? Kies een datum of typ er een (dd-mm-jjjj), uiterlijk {latest}.",
        "en": "When will you pay the first installment? Choose a date or type one (dd-mm-yyyy), by {latest} "
        "at the latest.",
    },
    "arr_not_amount": {
        "nl": "Dat is geen bedrag. Typ alleen het bedrag, bijvoorbeeld 75 of 75,50.",
        "en": "That is not an amount. Please type just the amount, for example 75 or 75.50.",
    },
    "arr_not_number": {
        "nl": "Dat is geen getal. Typ een heel getal van 1 tot en met {max}, bijvoorbeeld 6.",
        "en": "That is not a number. Please type a whole number from 1 to {max}, for example 6.",
    },
    "arr_amount_not_positive": {
        "nl": "Het bedrag moet groter zijn dan 0. Typ bijvoorbeeld 75.",
        "en": "The amount must be more than 0. Type for example 75.",
    },
    "arr_months_not_positive": {
        "nl": "Het aantal maanden moet minstens 1 zijn.",
        "en": "The number of months must be at least 1.",
    },
    "arr_too_many_months": {
        "nl": "Dat zou {months} maanden duren; het kan in hoogstens {max} maanden.{hint} Bel ons als dat niet "
        "lukt.",
        "en": "That would take {months} months; the most is {max} months.{hint} Please call us if that is not "
        "possible for you.",
    },
    "arr_min_hint": {
        "nl": " Betaal dan minstens {minimum} per maand.",
        "en": " Then please pay at least {minimum} per month.",
    },
    "arr_not_date": {
        "nl": "Dat is geen datum. Typ de datum als dd-mm-jjjj, bijvoorbeeld {example}.",
        "en": "That is not a date. Please type the date as dd-mm-yyyy, for example {example}.",
    },
    "arr_date_in_past": {
        "nl": "Die datum is al voorbij. Kies vandaag ({today}) of later.",
        "en": "That date has passed. Please choose today ({today}) or later.",
    },
    "arr_date_too_late": {
        "nl": "De eerste termijn moet uiterlijk op {latest} zijn. Kies een eerdere datum.",
        "en": "The first installment must be on {latest} at the latest. Please choose an earlier date.",
    },
    "arr_preview": {
        "nl": "Zo ziet uw regeling eruit (totaal {total}):\n{plan}\nWilt u dit voorstellen?",
        "en": "This is your arrangement (total {total}):\n{plan}\nWould you like to propose it?",
    },
    "btn_arr_confirm": {"nl": "✅ Voorstellen", "en": "✅ Propose"},
    "btn_arr_change": {"nl": "Wijzigen", "en": "Change"},
    "arr_accepted": {
        "nl": "Uw betalingsregeling is goedgekeurd. De herinneringen stoppen zolang u de termijnen betaalt.\n{plan}\n"
        "Betaal op {iban} t.n.v. {name} o.v.v. {payref}.",
        "en": "Your payment arrangement is approved. Reminders stop as long as you pay the installments.\n{plan}\n"
        "Pay to {iban} ({name}) quoting {payref}.",
    },
    "arr_review": {
        "nl": "Dank u. Uw voorstel valt buiten wat we direct mogen goedkeuren. Een medewerker bekijkt het; u hoort "
        "de beslissing hier.",
        "en": "Thank you. Your proposal is outside what we can approve at once. A specialist reviews it; you will "
        "hear the decision here.",
    },
    "arr_pending": {
        "nl": "Er wacht al een voorstel op een beslissing. U hoort hier zo snel mogelijk meer.",
        "en": "A proposal is already waiting for a decision. You will hear more here as soon as possible.",
    },
    "arr_not_possible": {
        "nl": "Voor dit dossier kunt u nu geen regeling voorstellen (status: {status}). Bel ons op {phone}.",
        "en": "You cannot propose an arrangement for this case now (status: {status}). Please call us at {phone}.",
    },
    "btn_counter_accept": {"nl": "✅ Regeling aannemen", "en": "✅ Accept arrangement"},
    "btn_counter_reject": {"nl": "Nee, liever niet", "en": "No, thank you"},
    "counter_accepted": {
        "nl": "U hebt de regeling aangenomen.\n{plan}\nBetaal op {iban} t.n.v. {name} o.v.v. {payref}.",
        "en": "You accepted the arrangement.\n{plan}\nPay to {iban} ({name}) quoting {payref}.",
    },
    "counter_rejected": {
        "nl": "U hebt de regeling niet aangenomen. Wilt u een ander voorstel doen of met ons praten? Kies in /menu.",
        "en": "You did not accept the arrangement. Would you like to propose something else or talk to us? "
        "Choose in /menu.",
    },
    "counter_gone": {
        "nl": "Dit aanbod geldt niet meer. Typ /menu voor de mogelijkheden.",
        "en": "This offer is no longer open. Type /menu for the options.",
    },
    # -- dispute -------------------------------------------------------------------------------------------------
    "disp_reason": {
        "nl": "Waarom bent u het niet eens met de vordering?",
        "en": "Why do you disagree with the claim?",
    },
    "reason_paid": {"nl": "Al betaald", "en": "Already paid"},
    "reason_not_delivered": {"nl": "Niet geleverd of kapot", "en": "Not delivered or defective"},
    "reason_wrong_amount": {"nl": "Bedrag klopt niet", "en": "Wrong amount"},
    "reason_not_mine": {"nl": "Niet mijn schuld", "en": "Not my debt"},
    "reason_other": {"nl": "Iets anders", "en": "Something else"},
    "disp_words": {
        "nl": "Vertel in uw eigen woorden wat er niet klopt. Typ het in één bericht.",
        "en": "Tell us in your own words what is wrong. Type it in one message.",
    },
    "disp_words_too_long": {
        "nl": "Dat is te lang ({length} tekens). Houd het onder de {max} tekens.",
        "en": "That is too long ({length} characters). Please keep it under {max} characters.",
    },
    "disp_evidence": {
        "nl": "Hebt u bewijs, zoals een foto, bon of pdf? Stuur het nu (PDF, JPG of PNG, hoogstens 20 MB per "
        "bestand). Klaar, of geen bewijs? Druk op 'Klaar'.",
        "en": "Do you have evidence, such as a photo, receipt or PDF? Send it now (PDF, JPG or PNG, at most 20 MB "
        "per file). Finished, or no evidence? Press 'Done'.",
    },
    "btn_disp_done": {"nl": "✅ Klaar", "en": "✅ Done"},
    "disp_file_received": {
        "nl": "Ontvangen: {name}. Stuur meer of druk op 'Klaar'.",
        "en": "Received: {name}. Send more or press 'Done'.",
    },
    "disp_file_too_large": {
        "nl": "Dit bestand is te groot ({size_mb} MB; hoogstens {max_mb} MB). Stuur een kleiner bestand of een "
        "foto, of druk op 'Klaar'.",
        "en": "This file is too large ({size_mb} MB; at most {max_mb} MB). Please send a smaller file or a photo, "
        "or press 'Done'.",
    },
    "disp_file_type": {
        "nl": "Dit soort bestand kan ik niet aannemen. Stuur een PDF, JPG of PNG.",
        "en": "I cannot accept this kind of file. Please send a PDF, JPG or PNG.",
    },
    "disp_file_not_now": {
        "nl": "Wilt u bewijs sturen? Kies eerst 'Niet eens' in /menu.",
        "en": "Would you like to send evidence? First choose 'Dispute' in /menu.",
    },
    "disp_opened": {
        "nl": "Uw bezwaar is geregistreerd{files}. Wat er nu gebeurt:\n• Alle herinneringen zijn gepauzeerd.\n"
        "• Een medewerker bekijkt uw bezwaar en vraagt {creditor} om een reactie.\n• U hoort de uitkomst hier. "
        "Tot die tijd hoeft u niets te doen.",
        "en": "Your dispute is registered{files}. What happens next:\n• All reminders are paused.\n• A specialist "
        "reviews your dispute and asks {creditor} to respond.\n• You will hear the outcome here. Until then "
        "you need not do anything.",
    },
    "disp_files": {"nl": " met {count} bijlage(n)", "en": " with {count} attachment(s)"},
    "disp_already": {
        "nl": "Er loopt al een bezwaar voor dit dossier. U hoort de uitkomst hier.",
        "en": "A dispute for this case is already open. You will hear the outcome here.",
    },
    # -- call back -----------------------------------------------------------------------------------------------
    "call_ask_phone": {
        "nl": "Op welk nummer kunnen we u bellen?",
        "en": "Which number can we call you on?",
    },
    "call_bad_phone": {
        "nl": "Dat lijkt geen telefoonnummer. Typ het zo: 06 12345678.",
        "en": "That does not look like a phone number. Please type it like: 06 12345678.",
    },
    "call_slots": {"nl": "Wanneer kunnen we u bellen?", "en": "When can we call you?"},
    "call_booked": {
        "nl": "Afgesproken: we bellen u op {day} tussen {start} en {end} op {phone}.",
        "en": "Done: we will call you on {day} between {start} and {end} at {phone}.",
    },
    "call_slot_gone": {
        "nl": "Dat tijdvak kan niet meer. Kies een ander moment.",
        "en": "That time is no longer available. Please choose another.",
    },
    # -- can't pay -----------------------------------------------------------------------------------------------
    "cannot_pay_info": {
        "nl": "Kunt u niet betalen? U staat er niet alleen voor.\n• Uw gemeente helpt gratis met geldzorgen en "
        "schulden (schuldhulpverlening). Zoek op de website van uw gemeente naar 'schuldhulp', of bel de gemeente.\n"
        "• Op geldfit.nl kunt u anoniem een korte test doen en hulp in de buurt vinden.\n"
        "Wilt u dat een medewerker naar uw dossier kijkt? Dan pauzeren we de automatische herinneringen tot "
        "iemand contact met u heeft gehad.",
        "en": "Can't pay? You are not alone.\n• Your municipality (gemeente) helps with money worries and debts "
        "for free (schuldhulpverlening). Search your municipality's website for 'schuldhulp', or call them.\n"
        "• On geldfit.nl you can take a short anonymous test and find help nearby.\n"
        "Would you like a specialist to look at your case? Then we pause the automatic reminders until someone "
        "has been in touch with you.",
    },
    "btn_cannot_pay_confirm": {"nl": "Ja, laat iemand kijken", "en": "Yes, ask someone to look"},
    "cannot_pay_done": {
        "nl": "We hebben de automatische herinneringen gepauzeerd. Een medewerker neemt contact met u op. De "
        "herinneringen gaan pas weer verder nadat een medewerker uw dossier heeft bekeken.",
        "en": "We paused the automatic reminders. A specialist will contact you. Reminders only continue after a "
        "specialist has looked at your case.",
    },
    # -- complaint -----------------------------------------------------------------------------------------------
    "complaint_ask": {
        "nl": "Wat is uw klacht over hoe wij werken? Typ het in één bericht.",
        "en": "What is your complaint about how we work? Type it in one message.",
    },
    "complaint_registered": {
        "nl": "Uw klacht is geregistreerd onder nummer {complaint}. Een medewerker neemt uiterlijk {ack_by} "
        "contact met u op, en we behandelen uw klacht uiterlijk {handle_by}. Komen we er samen niet uit, dan "
        "kunt u naar de geschillencommissie.",
        "en": "Your complaint is registered as {complaint}. A specialist will contact you by {ack_by}, and we "
        "handle your complaint by {handle_by}. If we cannot solve it together, you can go to the disputes "
        "committee.",
    },
    "complaint_empty": {
        "nl": "Typ uw klacht in woorden, in één bericht.",
        "en": "Please type your complaint in words, in one message.",
    },
    # -- outbound keyboards --------------------------------------------------------------------------------------
    "btn_open_menu": {"nl": "Bekijk mijn mogelijkheden", "en": "See my options"},
}

COMMANDS: dict[str, list[tuple[str, str]]] = {
    "nl": [
        ("menu", "Wat kan ik doen?"),
        ("taal", "Nederlands of English"),
        ("help", "Uitleg"),
        ("annuleer", "Stop met wat ik aan het doen ben"),
        ("stop", "Geen berichten meer via Telegram"),
    ],
    "en": [
        ("menu", "What can I do?"),
        ("taal", "Dutch or English"),
        ("help", "Explanation"),
        ("annuleer", "Stop what I am doing"),
        ("stop", "No more messages on Telegram"),
    ],
}


def t(lang: str, key: str, **values: object) -> str:
    entry = TEXTS[key]
    return single_stops(entry.get(lang, entry["nl"]).format(**values))


def eur(amount: Decimal, lang: str) -> str:
    return format_eur(amount, "nl_NL" if lang == "nl" else "en_GB")


def day(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def language_of(code: str | None) -> str:
    """Telegram's language_code ("en-GB", "nl") to ours; Dutch unless the user's app is in English."""
    return "en" if (code or "").lower().startswith("en") else "nl"
