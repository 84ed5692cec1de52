"""Texts of the judicial phase in Slack, in Dutch and English: the advice card and its modal (specialists), the
advice in the creditor's case thread with its buttons, the court card and its step modal, the creditor's answers
in a case thread, and the App Home sections. Amounts are formatted by the caller (specialist_texts.money)."""

from __future__ import annotations

from core.judicial import texts as core_texts

LANGUAGES = ("nl", "en")

_T: dict[str, dict[str, str]] = {
    # -- advice card (specialists) ---------------------------------------------------------------------------------
    "advice.title": {"nl": ":scales: Advies — {ref}", "en": ":scales: Advice — {ref}"},
    "advice.version": {"nl": "Versie {version} · {status} · opgesteld door {by}",
                       "en": "Version {version} · {status} · written by {by}"},
    "advice.status.draft": {"nl": "concept", "en": "draft"},
    "advice.status.sent": {"nl": "verstuurd", "en": "sent"},
    "advice.status.superseded": {"nl": "vervangen", "en": "superseded"},
    "advice.claimable": {"nl": "Nu te vorderen", "en": "Claimable now"},
    "advice.court": {"nl": "Rechter", "en": "Court"},
    "advice.advance": {"nl": "Voor te schieten kosten", "en": "Costs to advance"},
    "advice.recovery": {"nl": "Verwachte opbrengst", "en": "Expected recovery"},
    "advice.recommendation": {"nl": "*Aanbeveling: {what}*", "en": "*Recommendation: {what}*"},
    "advice.signals": {"nl": "*Signalen*", "en": "*Signals*"},
    "advice.edited": {"nl": "Aangepast door de specialist; de tekst hieronder gaat naar de opdrachtgever.",
                      "en": "Edited by the specialist; the text below goes to the creditor."},
    "advice.court_value": {"nl": "{court}{where}", "en": "{court}{where}"},
    "advice.where": {"nl": ", {seat}", "en": ", {seat}"},
    "advice.lawyer": {"nl": " (advocaat verplicht)", "en": " (a lawyer is required)"},
    "advice.text": {"nl": "Advies {ref} (v{version}): {what}, {open} te vorderen",
                    "en": "Advice {ref} (v{version}): {what}, {open} claimable"},
    "advice.sent_by": {"nl": ":outbox_tray: Versie {version} verstuurd aan de opdrachtgever door {who} op {when}",
                       "en": ":outbox_tray: Version {version} sent to the creditor by {who} on {when}"},
    "advice.decided": {"nl": ":memo: De opdrachtgever koos: {decision} ({who}, {when})",
                       "en": ":memo: The creditor chose: {decision} ({who}, {when})"},
    "advice.case_ended": {"nl": "Het dossier is {status}: dit advies gaat niet meer uit.",
                          "en": "The case is {status}: this advice no longer goes out."},
    "btn.advice.edit": {"nl": "Aanpassen", "en": "Edit"},
    "btn.advice.send": {"nl": "Versturen naar opdrachtgever", "en": "Send to creditor"},
    "confirm.send.title": {"nl": "Advies versturen?", "en": "Send the advice?"},
    "confirm.send.text": {"nl": "De opdrachtgever krijgt deze versie in de dossierthread, met de keuzeknoppen. "
                                "Een verstuurde versie verandert niet meer.",
                          "en": "The creditor gets this version in the case thread, with the buttons to choose. "
                                "A version that was sent is never changed."},
    "confirm.yes": {"nl": "Versturen", "en": "Send"},
    "confirm.no": {"nl": "Annuleren", "en": "Cancel"},
    "done.sent": {"nl": "Advies {ref} (versie {version}) is verstuurd naar de opdrachtgever.",
                  "en": "Advice {ref} (version {version}) was sent to the creditor."},
    "done.edited": {"nl": "Advies {ref}: versie {version} opgeslagen als concept.",
                    "en": "Advice {ref}: version {version} saved as a draft."},
    "refused.no_draft": {"nl": "Er is geen concept om te versturen ({detail}). Er is niets gewijzigd.",
                         "en": "There is no draft to send ({detail}). Nothing was changed."},
    # -- advice modal ----------------------------------------------------------------------------------------------
    "modal.advice.title": {"nl": "Advies aanpassen", "en": "Edit the advice"},
    "modal.save": {"nl": "Opslaan", "en": "Save"},
    "modal.cancel": {"nl": "Annuleren", "en": "Cancel"},
    "modal.advice.intro": {"nl": "{ref}, versie {version}. Opslaan maakt een nieuwe conceptversie; versturen doet u "
                                 "daarna op de kaart.",
                           "en": "{ref}, version {version}. Saving makes a new draft version; you send it from the "
                                 "card afterwards."},
    "modal.advice.recommendation": {"nl": "Aanbeveling", "en": "Recommendation"},
    "modal.advice.text": {"nl": "Tekst voor de opdrachtgever", "en": "Text for the creditor"},
    "modal.advice.too_long": {
        "nl": "De huidige tekst is te lang om hier te bewerken ({length} tekens); laat leeg om hem te houden, of "
              "vervang hem door een nieuwe tekst (de CLI `incasso case advice-edit` bewerkt de lange tekst).",
        "en": "The current text is too long to edit here ({length} characters); leave empty to keep it, or replace "
              "it with a new text (the CLI `incasso case advice-edit` edits the long text).",
    },
    "modal.advice.unchanged": {"nl": "Er is niets veranderd: kies een andere aanbeveling of pas de tekst aan",
                               "en": "Nothing changed: choose another recommendation or change the text"},
    # -- the advice in the creditor's thread -----------------------------------------------------------------------
    "reply.advice": {
        "nl": ":scales: *Ons advies voor dossier {ref}* (versie {version}): *{what}*. Het volledige advies staat "
              "hieronder; kies met de knoppen hoe u verder wilt.",
        "en": ":scales: *Our advice for case {ref}* (version {version}): *{what}*. The full advice is below; choose "
              "with the buttons how you want to go on.",
    },
    "reply.advice.more": {"nl": "… (ingekort; het hele advies: GET /v1/cases/{ref}/advice of vraag uw specialist)",
                          "en": "… (shortened; the whole advice: GET /v1/cases/{ref}/advice or ask your specialist)"},
    "reply.advice.text": {"nl": "Advies dossier {ref}: {what}", "en": "Advice case {ref}: {what}"},
    "btn.decide.start_proceedings": {"nl": "Procedure starten", "en": "Start proceedings"},
    "btn.decide.extend": {"nl": "14 dagen minnelijk verlengen", "en": "Extend amicable phase by 14 days"},
    "btn.decide.close": {"nl": "Dossier sluiten", "en": "Close the case"},
    "confirm.decide.title": {"nl": "Weet u het zeker?", "en": "Are you sure?"},
    "confirm.decide.text": {"nl": "{decision} voor dossier {ref}. Dit besluit wordt vastgelegd.",
                            "en": "{decision} for case {ref}. This decision is recorded."},
    "confirm.decide.yes": {"nl": "Ja, vastleggen", "en": "Yes, record it"},
    "decided.thread": {"nl": ":memo: Besloten: *{decision}* — door <@{user}> op {when}",
                       "en": ":memo: Decided: *{decision}* — by <@{user}> on {when}"},
    "refused.stale_advice": {
        "nl": "Dit advies voor dossier {ref} is vervangen door een nieuwere versie; kies bij het nieuwste advies in "
              "de thread. Er is niets gewijzigd.",
        "en": "This advice for case {ref} was replaced by a newer version; choose on the latest advice in the "
              "thread. Nothing was changed.",
    },
    # -- judicial steps --------------------------------------------------------------------------------------------
    "court.title": {"nl": ":classical_building: Gerechtelijke fase — {ref}",
                    "en": ":classical_building: Judicial phase — {ref}"},
    "court.open": {"nl": "Openstaand (loopt door)", "en": "Amount open (still running)"},
    "court.consent": {"nl": ":white_check_mark: Toestemming van {who} op {when}",
                      "en": ":white_check_mark: Consent by {who} on {when}"},
    "court.steps": {"nl": "*Stappen*", "en": "*Steps*"},
    "court.no_steps": {"nl": "Nog geen stap vastgelegd.", "en": "No step recorded yet."},
    "court.step_line": {"nl": ":heavy_check_mark: {step} — {on} — {who}{docs}{note}",
                        "en": ":heavy_check_mark: {step} — {on} — {who}{docs}{note}"},
    "court.docs": {"nl": " · {n} document(en)", "en": " · {n} document(s)"},
    "court.next": {"nl": "*Volgende stap:* {step}", "en": "*Next step:* {step}"},
    "court.all_done": {"nl": ":trophy: Alle stappen zijn vastgelegd.", "en": ":trophy: Every step is recorded."},
    "court.ended": {"nl": "Het dossier is {status}; er worden geen stappen meer vastgelegd.",
                    "en": "The case is {status}; no more steps are recorded."},
    "court.text": {"nl": "Gerechtelijke fase {ref}: {debtor}, volgende stap {step}",
                   "en": "Judicial phase {ref}: {debtor}, next step {step}"},
    "btn.step": {"nl": "Vastleggen: {step}", "en": "Record: {step}"},
    "modal.step.title": {"nl": "Stap vastleggen", "en": "Record a step"},
    "modal.step.intro": {"nl": "{ref} — {debtor}. Stap: *{step}*.", "en": "{ref} — {debtor}. Step: *{step}*."},
    "modal.step.date": {"nl": "Datum", "en": "Date"},
    "modal.step.note": {"nl": "Notitie (ook voor de opdrachtgever)", "en": "Note (the creditor sees it too)"},
    "modal.step.file": {"nl": "Document (optioneel)", "en": "Document (optional)"},
    "modal.step.file_hint_drafted": {
        "nl": "Zonder document maken wij de conceptdagvaarding uit het dossier (PDF).",
        "en": "Without a document we generate the draft summons from the case (PDF).",
    },
    "modal.step.file_hint": {"nl": "PDF, DOCX, PNG, JPEG of EML, hoogstens 10 MB",
                             "en": "PDF, DOCX, PNG, JPEG or EML, at most 10 MB"},
    "modal.required": {"nl": "Dit veld is verplicht", "en": "This field is required"},
    "done.step": {"nl": "{ref}: {step} vastgelegd op {on}.", "en": "{ref}: {step} recorded on {on}."},
    "done.step_docs": {"nl": "{ref}: {step} vastgelegd op {on}, met {n} document(en).",
                       "en": "{ref}: {step} recorded on {on}, with {n} document(s)."},
    "refused.file": {"nl": "{ref}: het document {name} is geweigerd ({why}); de stap is niet vastgelegd.",
                     "en": "{ref}: the document {name} was refused ({why}); the step was not recorded."},
    "refused.step_later": {"nl": "{ref}: de stap is niet vastgelegd: {why}",
                           "en": "{ref}: the step was not recorded: {why}"},
    "file.file_too_big": {"nl": "groter dan 20 MB", "en": "larger than 20 MB"},
    "file.file_type": {"nl": "geen PDF, DOCX, PNG, JPEG of EML", "en": "not a PDF, DOCX, PNG, JPEG or EML"},
    "file.file_empty": {"nl": "leeg bestand", "en": "empty file"},
    "file.file_login_page": {"nl": "Slack gaf geen bestand maar een inlogpagina",
                             "en": "Slack answered a sign-in page instead of the file"},
    "file.file_download_failed": {"nl": "downloaden bij Slack lukte niet", "en": "the download from Slack failed"},
    "step.refused.unknown_step": {"nl": "onbekende stap ({step})", "en": "unknown step ({step})"},
    "step.refused.note_too_long": {"nl": "de notitie is te lang (hoogstens {limit} tekens)",
                                   "en": "the note is too long (at most {limit} characters)"},
    "step.refused.no_date": {"nl": "geef de datum van de stap", "en": "give the date of the step"},
    "step.refused.too_far_ahead": {"nl": "{on} ligt meer dan een jaar vooruit", "en": "{on} is more than a year ahead"},
    "step.refused.no_consent": {
        "nl": "er is geen toestemming van de opdrachtgever voor een procedure (het dossier is {status})",
        "en": "the creditor has not consented to proceedings (the case is {status})",
    },
    "step.refused.already": {"nl": "{step} is al vastgelegd (op {on})", "en": "{step} was recorded already (on {on})"},
    "step.refused.out_of_order": {"nl": "{step} komt na {previous}, en die is nog niet vastgelegd",
                                  "en": "{step} comes after {previous}, which is not recorded yet"},
    "step.refused.before_previous": {"nl": "{on} ligt vóór de stap {previous} ({previous_on})",
                                     "en": "{on} is before the {previous} step ({previous_on})"},
    "reply.judicial_step": {"nl": ":classical_building: Gerechtelijke fase: *{step}* op {on}.{docs}{note}",
                            "en": ":classical_building: Judicial phase: *{step}* on {on}.{docs}{note}"},
    "reply.judicial_step.docs": {"nl": " {n} document(en) in het dossier.", "en": " {n} document(s) on file."},
    "note": {"nl": " Toelichting: “{note}”", "en": " Note: “{note}”"},
    # -- creditor answers in the case thread -----------------------------------------------------------------------
    "alert.creditor_replied": {
        "nl": ":speech_balloon: *{ref}* — de opdrachtgever antwoordt in de dossierthread ({by}):\n>{text}{files}",
        "en": ":speech_balloon: *{ref}* — the creditor answers in the case thread ({by}):\n>{text}{files}",
    },
    "alert.creditor_replied.files": {"nl": "\nBijlagen (in Slack): {names}", "en": "\nAttachments (in Slack): {names}"},
    "thread.forwarded": {"nl": "Dank u, uw antwoord over dossier {ref} is doorgestuurd naar onze specialist.",
                         "en": "Thank you, your answer about case {ref} was forwarded to our specialist."},
    # -- specialists' App Home -------------------------------------------------------------------------------------
    "home.advices": {"nl": ":scales: Adviezen ter beoordeling ({n})", "en": ":scales: Advices waiting ({n})"},
    "home.advice_line": {"nl": "*{ref}* · {debtor} · {open} · v{version}: {what}",
                         "en": "*{ref}* · {debtor} · {open} · v{version}: {what}"},
    "home.court": {"nl": ":classical_building: Dossiers bij de rechter ({n})",
                   "en": ":classical_building: Cases in court ({n})"},
    "home.court_line": {"nl": "*{ref}* · {debtor} · laatste stap: {last}",
                        "en": "*{ref}* · {debtor} · last step: {last}"},
    "home.court_none": {"nl": "nog geen", "en": "none yet"},
    "home.more": {"nl": "…en meer: zie de kaarten in het specialistenkanaal.",
                  "en": "…and more: see the cards in the specialists' channel."},
    "home.empty": {"nl": "Niets — mooi zo.", "en": "Nothing — well done."},
}


def t(key: str, lang: str = "nl", **params: object) -> str:
    lang = lang if lang in LANGUAGES else "nl"
    entry = _T.get(key)
    if entry is None:
        raise KeyError(f"no Slack text {key!r}")
    return entry[lang].format(**params)


def has_text(key: str) -> bool:
    return key in _T


def step_name(step: str, lang: str) -> str:
    return core_texts.text(core_texts.STEP, step, lang) if step in core_texts.STEP else step


def recommendation_name(value: str, lang: str) -> str:
    return core_texts.text(core_texts.RECOMMENDATION, value, lang) if value in core_texts.RECOMMENDATION else value


def court_name(value: str, lang: str) -> str:
    return core_texts.text(core_texts.COURT, value, lang) if value in core_texts.COURT else value
