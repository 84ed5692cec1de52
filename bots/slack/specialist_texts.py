"""Texts of the case threads (creditor's language) and of the specialists' cards, modals and App Home, in Dutch
and English. Amounts are formatted by the caller with core.money.format_eur (`money(amount, lang)` below)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from core.messages import single_stops
from core.money import format_eur
from core.schedule.calendar import AMSTERDAM

LANGUAGES = ("nl", "en")
SPECIALIST_LANGUAGE = "nl"  # the agency's own workspace; cards in its channel are read by the whole team

_T: dict[str, dict[str, str]] = {
    # -- the case thread (creditor) ------------------------------------------------------------------------------
    "parent.title": {"nl": "Dossier {ref} — {debtor}", "en": "Case {ref} — {debtor}"},
    "parent.status": {"nl": "Status", "en": "Status"},
    "parent.open": {"nl": "Openstaand", "en": "Amount open"},
    "parent.next": {"nl": "Volgend contact", "en": "Next contact"},
    "parent.none": {"nl": "niets gepland", "en": "nothing planned"},
    "parent.your_ref": {"nl": "Uw kenmerk", "en": "Your reference"},
    "parent.footer": {"nl": "Bijgewerkt {when} · updates volgen in deze thread",
                      "en": "Updated {when} · updates follow in this thread"},
    "parent.text": {"nl": "Dossier {ref} — {debtor}: {status}, {open} open",
                    "en": "Case {ref} — {debtor}: {status}, {open} open"},
    "status.new": {"nl": "nieuw", "en": "new"},
    "status.amicable": {"nl": "minnelijke fase loopt", "en": "amicable phase running"},
    "status.arrangement": {"nl": "betalingsregeling", "en": "payment arrangement"},
    "status.disputed": {"nl": "betwist — ligt bij onze specialist", "en": "disputed — with our specialist"},
    "status.awaiting_creditor": {"nl": "wacht op uw besluit", "en": "waiting for your decision"},
    "status.judicial": {"nl": "gerechtelijke fase", "en": "judicial phase"},
    "status.paid": {"nl": "betaald", "en": "paid"},
    "status.withdrawn": {"nl": "ingetrokken", "en": "withdrawn"},
    "status.closed": {"nl": "gesloten", "en": "closed"},
    "channel.letter": {"nl": "brief", "en": "letter"},
    "channel.email": {"nl": "e-mail", "en": "e-mail"},
    "channel.telegram": {"nl": "Telegram", "en": "Telegram"},
    "channel.phone": {"nl": "telefoon", "en": "phone call"},
    "channel.evaluation": {"nl": "beoordeling dag 10", "en": "day-10 review"},
    "template.demand": {"nl": "Sommatie", "en": "Demand"},
    "template.reminder": {"nl": "Herinnering", "en": "Reminder"},
    "template.final_notice": {"nl": "Laatste aanmaning", "en": "Final notice"},
    "template.costs_now_due": {"nl": "Melding incassokosten verschuldigd", "en": "Notice that costs are now due"},
    "and": {"nl": "en", "en": "and"},
    "reply.contact": {"nl": ":envelope: {what} verstuurd per {channels}.",
                      "en": ":envelope: {what} sent by {channels}."},
    "reply.contact.fourteen_day": {
        "nl": " Dit is de 14-dagenbrief: de debiteur heeft 14 dagen na ontvangst om te betalen zonder incassokosten.",
        "en": " This is the 14-day letter: the debtor has 14 days after receipt to pay without collection costs.",
    },
    "reply.plan_laid_out": {
        "nl": ":calendar: De minnelijke fase is gestart: {steps} contactmomenten, uiterlijk {deadline} beoordelen wij.",
        "en": ":calendar: The amicable phase has started: {steps} contacts planned; we review by {deadline}.",
    },
    "reply.payment_recorded": {"nl": ":moneybag: Betaling ontvangen: {amount}. Nog open: {open}.",
                               "en": ":moneybag: Payment received: {amount}. Still open: {open}."},
    "reply.payment_recorded.creditor": {
        "nl": ":moneybag: Door u gemelde rechtstreekse betaling verwerkt: {amount}. Nog open: {open}.",
        "en": ":moneybag: The direct payment you reported is recorded: {amount}. Still open: {open}.",
    },
    "reply.paid": {"nl": ":white_check_mark: Volledig betaald. Het dossier is afgesloten; wij maken het bedrag over.",
                   "en": ":white_check_mark: Paid in full. The case is closed; we transfer the amount to you."},
    "reply.arrangement_proposed": {
        "nl": ":handshake: De debiteur stelt een regeling voor: {months} × {installment}, eerste termijn {first}.",
        "en": ":handshake: The debtor proposes an arrangement: {months} × {installment}, first on {first}.",
    },
    "reply.arrangement_proposed.within": {"nl": " Dit past binnen uw beleid.", "en": " This is within your policy."},
    "reply.arrangement_proposed.outside": {
        "nl": " Dit valt buiten uw beleid; onze specialist beoordeelt het.",
        "en": " This is outside your policy; our specialist reviews it.",
    },
    "reply.arrangement_accepted": {
        "nl": ":handshake: Betalingsregeling afgesproken ({by}). Wij bewaken de termijnen.",
        "en": ":handshake: Payment arrangement agreed ({by}). We monitor the installments.",
    },
    "reply.arrangement_rejected": {"nl": ":x: Voorstel voor een regeling afgewezen ({by}).{note}",
                                   "en": ":x: Arrangement proposal rejected ({by}).{note}"},
    "reply.arrangement_countered": {
        "nl": ":leftwards_arrow_with_hook: Tegenvoorstel aan de debiteur ({by}): {months} × {installment}, "
        "eerste termijn {first}.",
        "en": ":leftwards_arrow_with_hook: Counter-offer to the debtor ({by}): {months} × {installment}, "
        "first on {first}.",
    },
    "reply.dispute_opened": {
        "nl": ":warning: De debiteur betwist de vordering: “{reason}”. De planning is gepauzeerd; onze specialist "
        "beoordeelt de betwisting.",
        "en": ":warning: The debtor disputes the claim: “{reason}”. The schedule is paused; our specialist reviews "
        "the dispute.",
    },
    "reply.dispute_resolved.rejected": {
        "nl": ":scales: Betwisting afgewezen door {by}. De planning loopt weer; de debiteur is geïnformeerd.{note}",
        "en": ":scales: Dispute rejected by {by}. The schedule resumes; the debtor is informed.{note}",
    },
    "reply.dispute_resolved.upheld": {
        "nl": ":scales: Betwisting toegekend door {by}. Het dossier is gesloten.{note}",
        "en": ":scales: Dispute upheld by {by}. The case is closed.{note}",
    },
    "reply.dispute_resolved.reduced": {
        "nl": ":scales: Betwisting deels toegekend door {by}: de vordering is verlaagd met {amount}. "
        "De planning loopt weer.{note}",
        "en": ":scales: Dispute upheld in part by {by}: the claim is reduced by {amount}. The schedule resumes.{note}",
    },
    "reply.creditor_consulted": {
        "nl": ":speech_balloon: Onze specialist vraagt uw reactie op de betwisting: “{reason}”.{question} "
        "Antwoord in deze thread, met eventuele stukken.",
        "en": ":speech_balloon: Our specialist asks for your view on the dispute: “{reason}”.{question} "
        "Please answer in this thread, with any documents.",
    },
    "reply.call_logged": {"nl": ":telephone_receiver: Wij hebben de debiteur gebeld: {outcome}.",
                          "en": ":telephone_receiver: We called the debtor: {outcome}."},
    "reply.call_back_requested": {"nl": ":telephone_receiver: De debiteur vraagt om teruggebeld te worden.",
                                  "en": ":telephone_receiver: The debtor asked to be called back."},
    "reply.creditor_decision": {"nl": ":memo: Uw besluit is vastgelegd: {decision}.",
                                "en": ":memo: Your decision is recorded: {decision}."},
    "reply.contact_reported": {"nl": ":memo: Contact met de debiteur vastgelegd: “{note}”",
                               "en": ":memo: Contact with the debtor recorded: “{note}”"},
    "reply.specialist_assigned": {"nl": ":bust_in_silhouette: Uw specialist voor dit dossier: {name}.",
                                  "en": ":bust_in_silhouette: Your specialist for this case: {name}."},
    "reply.status.withdrawn": {"nl": ":no_entry_sign: Dossier ingetrokken. Er gaat geen contact meer uit.",
                               "en": ":no_entry_sign: Case withdrawn. No further contact goes out."},
    "reply.status.closed": {"nl": ":file_folder: Dossier gesloten ({reason}).",
                            "en": ":file_folder: Case closed ({reason})."},
    "reply.status.judicial": {"nl": ":classical_building: Het dossier gaat naar de gerechtelijke fase.",
                              "en": ":classical_building: The case moves to the judicial phase."},
    "reply.day10.waiting": {
        "nl": ":hourglass: Dag 10: de 14-dagentermijn van de debiteur loopt nog. Vanaf {from} zijn incassokosten "
        "verschuldigd; op {again} beoordelen wij opnieuw.",
        "en": ":hourglass: Day 10: the debtor's 14-day term is still running. Costs are due from {from}; "
        "we review again on {again}.",
    },
    "reply.decision_needed": {
        "nl": ":bell: De minnelijke fase is voorbij zonder volledige betaling ({open} open). Wij hebben {tried}. "
        "Wat wilt u: een gerechtelijke procedure starten, langer minnelijk doorgaan, of sluiten? Kies via /incasso.",
        "en": ":bell: The amicable phase ended without full payment ({open} open). We tried {tried}. "
        "What would you like: start proceedings, continue amicably, or close? Choose via /incasso.",
    },
    "reply.unknown": {"nl": ":information_source: {what}", "en": ":information_source: {what}"},
    "outcome.reached": {"nl": "bereikt", "en": "reached"},
    "outcome.no_answer": {"nl": "geen gehoor", "en": "no answer"},
    "outcome.voicemail": {"nl": "voicemail ingesproken", "en": "voicemail left"},
    "outcome.wrong_number": {"nl": "verkeerd nummer", "en": "wrong number"},
    "outcome.promised_payment": {"nl": "bereikt — belooft te betalen", "en": "reached — promised to pay"},
    "outcome.promised_payment_on": {"nl": "bereikt — belooft te betalen op {date}",
                                    "en": "reached — promised to pay on {date}"},
    "outcome.disputes": {"nl": "bereikt — betwist de vordering", "en": "reached — disputes the claim"},
    "outcome.other": {"nl": "overig", "en": "other"},
    "decision.start_proceedings": {"nl": "gerechtelijke procedure starten", "en": "start proceedings"},
    "decision.extend": {"nl": "langer minnelijk doorgaan", "en": "continue amicably"},
    "decision.close": {"nl": "dossier sluiten", "en": "close the case"},
    "note": {"nl": " Toelichting: “{note}”", "en": " Note: “{note}”"},
    "question": {"nl": " Vraag: “{question}”", "en": " Question: “{question}”"},
    # -- specialists: cards ------------------------------------------------------------------------------------
    "card.dispute.title": {"nl": ":warning: Betwisting — {ref}", "en": ":warning: Dispute — {ref}"},
    "card.debtor": {"nl": "Debiteur", "en": "Debtor"},
    "card.creditor": {"nl": "Opdrachtgever", "en": "Creditor"},
    "card.open": {"nl": "Openstaand", "en": "Amount open"},
    "card.opened_by": {"nl": "Ingediend door", "en": "Raised by"},
    "card.reason": {"nl": "*Reden, in de woorden van de debiteur:*\n>{reason}",
                    "en": "*Reason, in the debtor's words:*\n>{reason}"},
    "card.evidence": {"nl": "*Stukken:* {docs}", "en": "*Documents:* {docs}"},
    "card.no_evidence": {"nl": "*Stukken:* geen", "en": "*Documents:* none"},
    "card.dispute.text": {"nl": "Betwisting {ref}: {debtor}, {open} open — {reason}",
                          "en": "Dispute {ref}: {debtor}, {open} open — {reason}"},
    "btn.contact_creditor": {"nl": "Opdrachtgever vragen", "en": "Contact creditor"},
    "btn.uphold": {"nl": "Betwisting toekennen", "en": "Uphold dispute"},
    "btn.reject": {"nl": "Betwisting afwijzen", "en": "Reject dispute"},
    "confirm.reject.title": {"nl": "Betwisting afwijzen?", "en": "Reject the dispute?"},
    "confirm.reject.text": {"nl": "De planning loopt weer en de debiteur wordt geïnformeerd.",
                            "en": "The schedule resumes and the debtor is informed."},
    "confirm.yes": {"nl": "Ja", "en": "Yes"},
    "confirm.no": {"nl": "Annuleren", "en": "Cancel"},
    "decided.dispute.rejected": {"nl": ":no_entry: Afgewezen door {who} op {when}",
                                 "en": ":no_entry: Rejected by {who} on {when}"},
    "decided.dispute.upheld": {"nl": ":white_check_mark: Toegekend door {who} op {when} — dossier gesloten",
                               "en": ":white_check_mark: Upheld by {who} on {when} — case closed"},
    "decided.dispute.reduced": {"nl": ":white_check_mark: Deels toegekend door {who} op {when} — verlaagd met {amount}",
                                "en": ":white_check_mark: Upheld in part by {who} on {when} — reduced by {amount}"},
    "decided.dispute.withdrawn": {"nl": "Ingetrokken op {when}", "en": "Withdrawn on {when}"},
    "asked.creditor": {"nl": ":speech_balloon: {who} heeft de opdrachtgever om een reactie gevraagd ({when})",
                       "en": ":speech_balloon: {who} asked the creditor for their view ({when})"},
    "card.arrangement.title": {"nl": ":handshake: Regeling ter goedkeuring — {ref}",
                               "en": ":handshake: Arrangement to approve — {ref}"},
    "card.arrangement.terms": {"nl": "Voorstel", "en": "Proposal"},
    "card.arrangement.terms_value": {"nl": "{months} × {installment}, eerste termijn {first} (totaal {total})",
                                     "en": "{months} × {installment}, first on {first} (total {total})"},
    "card.arrangement.policy": {"nl": "Beleid opdrachtgever", "en": "Creditor's policy"},
    "card.arrangement.policy_value": {"nl": "hoogstens {months} maanden, termijn minstens {min}",
                                      "en": "at most {months} months, installments of at least {min}"},
    "card.arrangement.text": {"nl": "Regeling ter goedkeuring {ref}: {months} × {installment}",
                              "en": "Arrangement to approve {ref}: {months} × {installment}"},
    "btn.approve": {"nl": "Goedkeuren", "en": "Approve"},
    "btn.reject_proposal": {"nl": "Afwijzen", "en": "Reject"},
    "btn.counter": {"nl": "Tegenvoorstel", "en": "Counter-offer"},
    "confirm.approve.title": {"nl": "Regeling goedkeuren?", "en": "Approve the arrangement?"},
    "confirm.approve.text": {"nl": "De termijnen worden vastgelegd en de planning pauzeert.",
                             "en": "The installments are set and the schedule pauses."},
    "confirm.reject_proposal.title": {"nl": "Voorstel afwijzen?", "en": "Reject the proposal?"},
    "confirm.reject_proposal.text": {"nl": "De debiteur hoort dat het voorstel niet is aangenomen.",
                                     "en": "The debtor hears that the proposal was not accepted."},
    "decided.arrangement.accepted": {"nl": ":white_check_mark: Goedgekeurd door {who} op {when}",
                                     "en": ":white_check_mark: Approved by {who} on {when}"},
    "decided.arrangement.rejected": {"nl": ":no_entry: Afgewezen door {who} op {when}",
                                     "en": ":no_entry: Rejected by {who} on {when}"},
    "decided.arrangement.countered": {"nl": ":leftwards_arrow_with_hook: Tegenvoorstel door {who} op {when}",
                                      "en": ":leftwards_arrow_with_hook: Counter-offer by {who} on {when}"},
    "decided.arrangement.other": {"nl": "Status: {status}", "en": "Status: {status}"},
    "card.call.title": {"nl": ":telephone_receiver: Bellen — {ref}", "en": ":telephone_receiver: Call — {ref}"},
    "card.call.phone": {"nl": "Telefoon", "en": "Phone"},
    "card.call.no_phone": {"nl": "geen nummer bekend", "en": "no number known"},
    "card.call.why": {"nl": "Aanleiding", "en": "Why"},
    "card.call.origin.schedule": {"nl": "planning", "en": "schedule"},
    "card.call.origin.callback_request": {"nl": "debiteur vraagt terugbellen", "en": "debtor asked for a call back"},
    "card.call.preferred": {"nl": "Voorkeur: {time}", "en": "Preferred: {time}"},
    "card.statement": {
        "nl": "*Specificatie:* hoofdsom {principal} · rente {interest} · incassokosten {costs} · betaald {paid} · "
        "*open {open}*",
        "en": "*Statement:* principal {principal} · interest {interest} · collection costs {costs} · paid {paid} · "
        "*open {open}*",
    },
    "card.call.text": {"nl": "Bellen {ref}: {debtor} ({phone}), {open} open",
                       "en": "Call {ref}: {debtor} ({phone}), {open} open"},
    "btn.call.promised": {"nl": "Bereikt — belooft te betalen", "en": "Reached — promised to pay"},
    "btn.call.no_answer": {"nl": "Geen gehoor", "en": "No answer"},
    "btn.call.wrong_number": {"nl": "Verkeerd nummer", "en": "Wrong number"},
    "btn.call.disputes": {"nl": "Betwist", "en": "Disputes"},
    "decided.call": {"nl": ":telephone_receiver: {outcome} — gelogd door {who} op {when}",
                     "en": ":telephone_receiver: {outcome} — logged by {who} on {when}"},
    "decided.call.cancelled": {"nl": "Vervallen", "en": "Cancelled"},
    "alert.generic": {"nl": ":rotating_light: {kind} — {ref}: {detail}",
                      "en": ":rotating_light: {kind} — {ref}: {detail}"},
    "alert.delivery_failed": {
        "nl": ":rotating_light: Bericht niet afgeleverd — {ref}: kanaal {channel} aan {recipient}. Fout: {error}",
        "en": ":rotating_light: Message not delivered — {ref}: channel {channel} to {recipient}. Error: {error}",
    },
    "alert.step_failed": {
        "nl": ":rotating_light: Contactstap mislukt — {ref}: {channel}. Fout: {error}",
        "en": ":rotating_light: Contact step failed — {ref}: {channel}. Error: {error}",
    },
    "no_case": {"nl": "geen dossier", "en": "no case"},
    # -- specialists: modals ---------------------------------------------------------------------------------------
    "modal.uphold.title": {"nl": "Betwisting toekennen", "en": "Uphold dispute"},
    "modal.submit": {"nl": "Vastleggen", "en": "Record"},
    "modal.cancel": {"nl": "Annuleren", "en": "Cancel"},
    "modal.uphold.intro": {"nl": "{ref} — {debtor}, {open} open (hoofdsom {principal}).",
                           "en": "{ref} — {debtor}, {open} open (principal {principal})."},
    "modal.uphold.outcome": {"nl": "Uitkomst", "en": "Outcome"},
    "modal.uphold.close": {"nl": "Volledig toekennen: dossier sluiten", "en": "In full: close the case"},
    "modal.uphold.reduce": {"nl": "Deels toekennen: vordering verlagen", "en": "In part: reduce the claim"},
    "modal.uphold.amount": {"nl": "Verlagen met (alleen bij deels)", "en": "Reduce by (in part only)"},
    "modal.uphold.amount_hint": {"nl": "Bijvoorbeeld 150,00 — van de hoofdsom, nieuwste factuur eerst",
                                 "en": "E.g. 150.00 — off the principal, latest invoice first"},
    "modal.resolution": {"nl": "Toelichting (voor het dossier en de opdrachtgever)",
                         "en": "Explanation (for the file and the creditor)"},
    "modal.counter.title": {"nl": "Tegenvoorstel", "en": "Counter-offer"},
    "modal.counter.intro": {"nl": "{ref} — de debiteur stelde voor: {months} × {installment}. Geef uw voorstel: "
                                  "een maandbedrag óf een aantal maanden.",
                            "en": "{ref} — the debtor proposed: {months} × {installment}. Give your offer: "
                                  "a monthly amount or a number of months."},
    "modal.counter.monthly": {"nl": "Maandbedrag", "en": "Monthly amount"},
    "modal.counter.months": {"nl": "Aantal maanden", "en": "Number of months"},
    "modal.counter.first": {"nl": "Eerste termijn op", "en": "First installment on"},
    "modal.counter.note": {"nl": "Toelichting voor de debiteur", "en": "Note for the debtor"},
    "modal.counter.both": {"nl": "Geef een maandbedrag óf een aantal maanden, niet allebei",
                           "en": "Give a monthly amount or a number of months, not both"},
    "modal.counter.neither": {"nl": "Geef een maandbedrag of een aantal maanden",
                              "en": "Give a monthly amount or a number of months"},
    "modal.months_number": {"nl": "Een heel getal, bijvoorbeeld 6", "en": "A whole number, e.g. 6"},
    "modal.promised.title": {"nl": "Betaalbelofte", "en": "Promise to pay"},
    "modal.promised.date": {"nl": "Belooft te betalen op", "en": "Promised to pay on"},
    "modal.promised.past": {"nl": "Kies vandaag of een latere datum", "en": "Choose today or a later date"},
    "modal.disputes.title": {"nl": "Debiteur betwist", "en": "Debtor disputes"},
    "modal.disputes.reason": {"nl": "Wat zegt de debiteur?", "en": "What does the debtor say?"},
    "modal.notes": {"nl": "Notities van het gesprek", "en": "Notes of the call"},
    "modal.required": {"nl": "Dit veld is verplicht", "en": "This field is required"},
    # -- specialists: answers --------------------------------------------------------------------------------------
    "refused.not_specialist": {
        "nl": "Deze knop is alleen voor de specialisten van het incassobureau. Er is niets gewijzigd.",
        "en": "This button is for the collection agency's specialists only. Nothing was changed.",
    },
    "refused.already": {"nl": "Dit is al afgehandeld ({status}). Er is niets gewijzigd.",
                        "en": "This was handled already ({status}). Nothing was changed."},
    "refused.not_found": {"nl": "Dit bestaat niet (meer). Er is niets gewijzigd.",
                          "en": "This does not exist (any more). Nothing was changed."},
    "refused.conflict": {"nl": "Dat kan nu niet: {detail}. Er is niets gewijzigd.",
                         "en": "That is not possible now: {detail}. Nothing was changed."},
    "refused.error": {"nl": "Er ging iets mis; er is niets gewijzigd. Probeer het zo nog eens.",
                      "en": "Something went wrong; nothing was changed. Please try again shortly."},
    "done.asked_creditor": {"nl": "De opdrachtgever krijgt de vraag in de dossierthread.",
                            "en": "The creditor gets the question in the case thread."},
    "done.retry": {"nl": "Bericht {id} wordt opnieuw verstuurd.", "en": "Message {id} is sent again."},
    # -- specialists: money in, Telegram-side work, other alerts (bots/slack/blocks/queue_cards.py) -------------
    "card.credit.title": {"nl": ":bank: Bijschrijving zonder dossier", "en": ":bank: Credit without a case"},
    "card.credit.title_ambiguous": {"nl": ":bank: Bijschrijving past bij meerdere dossiers",
                                    "en": ":bank: Credit fits several cases"},
    "card.credit.amount": {"nl": "Bedrag", "en": "Amount"},
    "card.credit.booked": {"nl": "Boekdatum", "en": "Booked on"},
    "card.credit.payer": {"nl": "Betaler", "en": "Payer"},
    "card.credit.remittance": {"nl": "Omschrijving", "en": "Remittance"},
    "card.credit.candidates": {"nl": "*Mogelijke dossiers:* {refs}", "en": "*Possible cases:* {refs}"},
    "card.credit.no_candidates": {"nl": "*Mogelijke dossiers:* geen gevonden",
                                  "en": "*Possible cases:* none found"},
    "card.credit.why": {"nl": "Waarom niet gekoppeld: {reason}", "en": "Why not matched: {reason}"},
    "card.credit.text": {"nl": "Bijschrijving {amount} van {payer} op {booked} zonder dossier",
                         "en": "Credit of {amount} from {payer} on {booked} without a case"},
    "btn.credit.assign": {"nl": "Aan dossier koppelen", "en": "Assign to case"},
    "btn.credit.ignore": {"nl": "Negeren", "en": "Ignore"},
    "decided.credit.matched": {"nl": ":white_check_mark: Gekoppeld aan {ref} door {who} op {when}",
                               "en": ":white_check_mark: Assigned to {ref} by {who} on {when}"},
    "decided.credit.ignored": {"nl": ":no_entry_sign: Genegeerd door {who} op {when} — {reason}",
                               "en": ":no_entry_sign: Ignored by {who} on {when} — {reason}"},
    "modal.assign.title": {"nl": "Aan dossier koppelen", "en": "Assign to case"},
    "modal.assign.intro": {"nl": "{amount} van {payer}, {booked}.", "en": "{amount} from {payer}, {booked}."},
    "modal.assign.reference": {"nl": "Dossiernummer", "en": "Case reference"},
    "modal.assign.hint": {"nl": "Bijvoorbeeld {example}", "en": "For example {example}"},
    "modal.ignore.title": {"nl": "Bijschrijving negeren", "en": "Ignore credit"},
    "modal.ignore.reason": {"nl": "Waarom hoort dit bij geen dossier?", "en": "Why is this no case's payment?"},
    "modal.ignore.hint": {"nl": "Bijvoorbeeld: teruggestort, geen geld van een debiteur",
                          "en": "E.g. paid back, not a debtor's money"},
    "card.overpayment.title": {"nl": ":moneybag: Te veel betaald — {ref}", "en": ":moneybag: Overpaid — {ref}"},
    "card.overpayment.refund": {"nl": "Terug te betalen", "en": "To refund"},
    "card.overpayment.paid": {"nl": "Betaling", "en": "Payment"},
    "card.overpayment.source": {"nl": "Bron: {source} · betaald op {day}", "en": "Source: {source} · paid on {day}"},
    "card.overpayment.todo": {"nl": "Betaal {refund} terug aan {payer} en leg dat vast in de boekhouding.",
                              "en": "Pay {refund} back to {payer} and record it in the books."},
    "card.overpayment.text": {"nl": "Te veel betaald {ref}: {refund} terug te betalen",
                              "en": "Overpaid {ref}: {refund} to refund"},
    "card.lock.title": {"nl": ":lock: Telegram-link geblokkeerd — {ref}", "en": ":lock: Telegram link locked — {ref}"},
    "card.lock.body": {"nl": "{attempts} keer een verkeerde postcode; de link uit de brief werkt niet meer, voor "
                             "niemand. Ontgrendel pas als u zeker weet wie het is (bel de debiteur).",
                       "en": "{attempts} wrong postcodes; the link in the letter no longer works, for anyone. "
                             "Unlock only once you know who is asking (call the debtor)."},
    "card.lock.locked_at": {"nl": "Geblokkeerd op", "en": "Locked on"},
    "card.lock.text": {"nl": "Telegram-link geblokkeerd {ref} ({debtor})",
                       "en": "Telegram link locked {ref} ({debtor})"},
    "btn.lock.unlock": {"nl": "Ontgrendelen", "en": "Unlock"},
    "confirm.unlock.title": {"nl": "Link ontgrendelen?", "en": "Unlock the link?"},
    "confirm.unlock.text": {"nl": "Wie de link uit de brief heeft, kan weer vijf postcodes proberen.",
                            "en": "Whoever has the link from the letter can try five postcodes again."},
    "decided.lock.unlocked": {"nl": ":unlock: Ontgrendeld door {who} op {when}",
                              "en": ":unlock: Unlocked by {who} on {when}"},
    "card.cannot_pay.title": {"nl": ":sos: Kan niet betalen — {ref}", "en": ":sos: Cannot pay — {ref}"},
    "card.cannot_pay.body": {"nl": "De debiteur meldt via Telegram niet te kunnen betalen. De herinneringen zijn "
                                   "gepauzeerd tot een specialist heeft gekeken.",
                             "en": "The debtor reports through Telegram that they cannot pay. Reminders are paused "
                                   "until a specialist has looked."},
    "card.cannot_pay.note": {"nl": "*Toelichting van de debiteur:*\n>{note}", "en": "*The debtor's note:*\n>{note}"},
    "card.cannot_pay.reported": {"nl": "Gemeld op", "en": "Reported on"},
    "card.cannot_pay.text": {"nl": "Kan niet betalen {ref} ({debtor})", "en": "Cannot pay {ref} ({debtor})"},
    "btn.cannot_pay.resume": {"nl": "Bekeken — herinneringen hervatten", "en": "Reviewed — resume reminders"},
    "btn.cannot_pay.keep": {"nl": "Gepauzeerd houden", "en": "Keep paused"},
    "confirm.resume.title": {"nl": "Herinneringen hervatten?", "en": "Resume reminders?"},
    "confirm.resume.text": {"nl": "De planning loopt weer; de debiteur krijgt weer herinneringen.",
                            "en": "The schedule resumes; the debtor gets reminders again."},
    "decided.cannot_pay.kept": {"nl": ":double_vertical_bar: Bekeken door {who} op {when} — blijft gepauzeerd",
                                "en": ":double_vertical_bar: Looked at by {who} on {when} — stays paused"},
    "decided.cannot_pay.reviewed": {"nl": ":arrow_forward: Bekeken door {who} op {when} — herinneringen hervat",
                                    "en": ":arrow_forward: Reviewed by {who} on {when} — reminders resumed"},
    "card.complaint.title": {"nl": ":speech_balloon: Klacht {complaint} — {ref}",
                             "en": ":speech_balloon: Complaint {complaint} — {ref}"},
    "card.complaint.ack_by": {"nl": "Bevestigen vóór", "en": "Acknowledge by"},
    "card.complaint.handle_by": {"nl": "Afhandelen vóór", "en": "Handle by"},
    "card.complaint.received": {"nl": "Ontvangen", "en": "Received"},
    "card.complaint.acknowledged": {"nl": " (ontvangstbevestiging verstuurd {when})",
                                    "en": " (acknowledgement sent {when})"},
    "card.complaint.overdue": {"nl": ":red_circle: *Termijn verstreken*", "en": ":red_circle: *Deadline passed*"},
    "card.complaint.words": {"nl": "*De klacht, in de woorden van de debiteur:*\n>{text}",
                             "en": "*The complaint, in the debtor's words:*\n>{text}"},
    "card.complaint.text": {"nl": "Klacht {complaint} ({ref}): afhandelen vóór {handle_by}",
                            "en": "Complaint {complaint} ({ref}): handle by {handle_by}"},
    "btn.complaint.handle": {"nl": "Afgehandeld", "en": "Handled"},
    "decided.complaint": {"nl": ":white_check_mark: Afgehandeld door {who} op {when}:\n>{answer}",
                          "en": ":white_check_mark: Handled by {who} on {when}:\n>{answer}"},
    "modal.complaint.title": {"nl": "Klacht afhandelen", "en": "Handle complaint"},
    "modal.complaint.intro": {"nl": "*{complaint}* ({ref}) — afhandelen vóór {handle_by}.\n>{text}",
                              "en": "*{complaint}* ({ref}) — handle by {handle_by}.\n>{text}"},
    "modal.complaint.answer": {"nl": "Het antwoord aan de debiteur (voor het klachtenregister)",
                               "en": "The answer to the debtor (for the complaint register)"},
    "refused.no_case": {"nl": "Er is geen dossier {ref}. Controleer het nummer.",
                        "en": "There is no case {ref}. Please check the reference."},
    "done.unlocked": {"nl": "De link van {ref} is ontgrendeld.", "en": "The link of {ref} is unlocked."},
    "alert.generic.title": {"nl": ":rotating_light: {title} — {ref}", "en": ":rotating_light: {title} — {ref}"},
    "alert.kind.payment_needs_review": {"nl": "Betaling controleren", "en": "Payment to check"},
    "alert.kind.unmatched_credit": {"nl": "Bijschrijving zonder dossier", "en": "Credit without a case"},
    "alert.kind.overpayment": {"nl": "Te veel betaald", "en": "Overpaid"},
    "alert.kind.telegram_link_locked": {"nl": "Telegram-link geblokkeerd", "en": "Telegram link locked"},
    "alert.kind.cannot_pay": {"nl": "Kan niet betalen", "en": "Cannot pay"},
    "alert.kind.complaint_registered": {"nl": "Klacht", "en": "Complaint"},
    "alert.kind.creditor_reported_contact": {"nl": "Opdrachtgever meldt contact met de debiteur",
                                             "en": "Creditor reports contact with the debtor"},
    "alert.kind.creditor_reported_payment": {"nl": "Opdrachtgever meldt een rechtstreekse betaling",
                                             "en": "Creditor reports a direct payment"},
    "field.note": {"nl": "Notitie", "en": "Note"},
    "field.amount": {"nl": "Bedrag", "en": "Amount"},
    "field.paid_on": {"nl": "Betaald op", "en": "Paid on"},
    "field.reported_by": {"nl": "Gemeld door", "en": "Reported by"},
    "home.credits": {"nl": ":bank: Bijschrijvingen zonder dossier ({n})", "en": ":bank: Credits without a case ({n})"},
    "home.complaints": {"nl": ":speech_balloon: Open klachten ({n})", "en": ":speech_balloon: Open complaints ({n})"},
    "home.cannot_pay": {"nl": ":sos: Kan niet betalen ({n})", "en": ":sos: Cannot pay ({n})"},
    "home.locked": {"nl": ":lock: Geblokkeerde Telegram-links ({n})", "en": ":lock: Locked Telegram links ({n})"},
    "home.credit_line": {"nl": "*{amount}* · {booked} · {payer}\n>{remittance}",
                         "en": "*{amount}* · {booked} · {payer}\n>{remittance}"},
    "home.complaint_line": {"nl": "{overdue}*{complaint}* · {ref} · bevestigen vóór {ack} · afhandelen vóór {handle}"
                                  "\n>{text}",
                            "en": "{overdue}*{complaint}* · {ref} · acknowledge by {ack} · handle by {handle}"
                                  "\n>{text}"},
    "home.overdue": {"nl": ":red_circle: TE LAAT · ", "en": ":red_circle: OVERDUE · "},
    "home.cannot_pay_line": {"nl": "*{ref}* · {debtor} · gemeld {when}{note}",
                             "en": "*{ref}* · {debtor} · reported {when}{note}"},
    "home.locked_line": {"nl": "*{ref}* · {debtor} · geblokkeerd {when} ({attempts} pogingen)",
                         "en": "*{ref}* · {debtor} · locked {when} ({attempts} attempts)"},
    "home.more": {"nl": "… en nog {n}", "en": "… and {n} more"},
    # -- specialists: App Home -------------------------------------------------------------------------------------
    "home.title": {"nl": "Werkvoorraad specialisten", "en": "Specialists' queue"},
    "home.updated": {"nl": "Stand van {when}", "en": "As of {when}"},
    "home.disputes": {"nl": ":warning: Open betwistingen ({n})", "en": ":warning: Open disputes ({n})"},
    "home.approvals": {"nl": ":handshake: Regelingen ter goedkeuring ({n})",
                       "en": ":handshake: Arrangements to approve ({n})"},
    "home.calls": {"nl": ":telephone_receiver: Vandaag bellen ({n})",
                   "en": ":telephone_receiver: Calls due today ({n})"},
    "home.failed": {"nl": ":rotating_light: Niet afgeleverde berichten ({n})",
                    "en": ":rotating_light: Failed deliveries ({n})"},
    "home.empty": {"nl": "Niets — mooi zo.", "en": "Nothing — well done."},
    "home.dispute_line": {"nl": "*{ref}* · {debtor} · {open} open\n>{reason}",
                          "en": "*{ref}* · {debtor} · {open} open\n>{reason}"},
    "home.approval_line": {"nl": "*{ref}* · {debtor} · {months} × {installment} vanaf {first} (totaal {total})",
                           "en": "*{ref}* · {debtor} · {months} × {installment} from {first} (total {total})"},
    "home.call_line": {"nl": "*{ref}* · {debtor} · {phone} · {origin}",
                       "en": "*{ref}* · {debtor} · {phone} · {origin}"},
    "home.failed_line": {"nl": "*{ref}* · {channel} aan {recipient}\n>{error}",
                         "en": "*{ref}* · {channel} to {recipient}\n>{error}"},
    "btn.retry": {"nl": "Opnieuw versturen", "en": "Send again"},
    "btn.refresh": {"nl": "Vernieuwen", "en": "Refresh"},
    "home.not_specialist": {
        "nl": "Deze app-pagina is voor de specialisten van het incassobureau.",
        "en": "This app page is for the collection agency's specialists.",
    },
}


def t(key: str, lang: str = SPECIALIST_LANGUAGE, **params: object) -> str:
    lang = lang if lang in LANGUAGES else "nl"
    entry = _T.get(key)
    if entry is None:
        raise KeyError(f"no Slack text {key!r}")
    return single_stops(entry[lang].format(**params))


def has_text(key: str) -> bool:
    return key in _T


def language_of(value: str | None, default: str = "nl") -> str:
    """"nl", "en" from a setting or a Slack locale ("en-GB", "nl-NL"); anything else gives the default."""
    if not value:
        return default
    short = value[:2].lower()
    return short if short in LANGUAGES else default


def money(amount: Decimal | str, lang: str) -> str:
    return format_eur(Decimal(str(amount)), "nl_NL" if lang == "nl" else "en_GB")


def day(value: date | str, lang: str) -> str:
    d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return d.strftime("%d-%m-%Y") if lang == "nl" else d.strftime("%d %b %Y").lstrip("0")


_WEEKDAYS = {"nl": ("ma", "di", "wo", "do", "vr", "za", "zo"), "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def moment(value: datetime, lang: str) -> str:
    """A moment in Amsterdam time, as a person reads it: "di 12-05-2026 10:00" / "Tue 12 May 2026 10:00"."""
    local = value.astimezone(AMSTERDAM)
    weekday = _WEEKDAYS[lang if lang in LANGUAGES else "nl"][local.weekday()]
    return f"{weekday} {day(local.date(), lang)} {local:%H:%M}"


def join_words(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('and', lang)} {items[-1]}"
