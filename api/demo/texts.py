"""The narrator's words in the demo's transcript, in Dutch and English (what the people see comes from the
service itself, in its own catalogues)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "title": {"nl": "Incasso — demo: een opdrachtgever, drie dossiers, tien werkdagen",
              "en": "Incasso — demo: one creditor, three cases, ten business days"},
    "intro": {"nl": "Echte service, tijdelijke SQLite-database, gesimuleerde klok; Slack, Telegram, de mailserver en "
                    "Mollie zijn lokale stand-ins.",
              "en": "The real service on a temporary SQLite database with a simulated clock; Slack, Telegram, the "
                    "mail server and Mollie are local stand-ins."},
    "scene": {"nl": "Scène {n}", "en": "Scene {n}"},
    "scene.install": {"nl": "de opdrachtgever installeert de Slack-app en dient drie vorderingen in",
                      "en": "the creditor installs the Slack app and files three claims"},
    "scene.letters": {"nl": "brieven en e-mails gaan de deur uit", "en": "letters and e-mails go out"},
    "scene.a_pays": {"nl": "debiteur A koppelt Telegram en betaalt via een betaallink",
                     "en": "debtor A connects on Telegram and pays through a payment link"},
    "scene.b_arrangement": {"nl": "debiteur B treft een betalingsregeling en betaalt de eerste termijn",
                            "en": "debtor B makes a payment arrangement and pays the first installment"},
    "scene.c_dispute": {"nl": "debiteur C betwist; de specialist wijst af; na dag 10 advies en toestemming",
                        "en": "debtor C disputes; the specialist rejects; after day 10 advice and consent"},
    "scene.settle": {"nl": "de maand wordt afgerekend", "en": "the month is settled"},
    "stamp": {"nl": "dag {day} · {weekday} {date} {time}", "en": "day {day} · {weekday} {date} {time}"},
    "weekday.0": {"nl": "ma", "en": "Mon"}, "weekday.1": {"nl": "di", "en": "Tue"},
    "weekday.2": {"nl": "wo", "en": "Wed"}, "weekday.3": {"nl": "do", "en": "Thu"},
    "weekday.4": {"nl": "vr", "en": "Fri"}, "weekday.5": {"nl": "za", "en": "Sat"},
    "weekday.6": {"nl": "zo", "en": "Sun"},
    "who.agency": {"nl": "Incassobureau (commandoregel)", "en": "Agency (command line)"},
    "who.slack_creditor": {"nl": "Slack · opdrachtgever Anna", "en": "Slack · creditor Anna"},
    "who.slack_specialist": {"nl": "Slack · specialist Mark", "en": "Slack · specialist Mark"},
    "who.telegram": {"nl": "Telegram · {name}", "en": "Telegram · {name}"},
    "slack.creditor": {"nl": "Slack · de opdrachtgever ziet ({where}):", "en": "Slack · the creditor sees ({where}):"},
    "slack.specialist": {"nl": "Slack · de specialisten zien ({where}):",
                         "en": "Slack · the specialists see ({where}):"},
    "slack.thread": {"nl": "antwoord in de dossierdraad", "en": "reply in the case thread"},
    "slack.updated": {"nl": "bericht bijgewerkt", "en": "message updated"},
    "slack.view": {"nl": "venster", "en": "view"},
    "slack.message": {"nl": "bericht", "en": "message"},
    "slack.answer": {"nl": "antwoord", "en": "answer"},
    "telegram.saw": {"nl": "Telegram · {name} ziet:", "en": "Telegram · {name} sees:"},
    "mail.to": {"nl": "E-mail aan {to}", "en": "E-mail to {to}"},
    "mail.subject": {"nl": "Onderwerp: {subject}", "en": "Subject: {subject}"},
    "mail.attachments": {"nl": "Bijlage: {names}", "en": "Attachment: {names}"},
    "letter.queued": {"nl": "Brief in de printwachtrij", "en": "Letter in the print queue"},
    "letter.file": {"nl": "{name}", "en": "{name}"},
    "installed": {"nl": "Slack-app geïnstalleerd in werkruimte '{team}' (OAuth)",
                  "en": "Slack app installed in workspace '{team}' (OAuth)"},
    "files_claim": {"nl": "vult 'Nieuwe vordering' in: {debtor}, factuur {invoice}, {amount}, bijlage {file}",
                    "en": "fills in 'New claim': {debtor}, invoice {invoice}, {amount}, attached {file}"},
    "letters_done": {"nl": "{letters} brief/brieven in de printwachtrij, {emails} e-mail(s) verstuurd",
                     "en": "{letters} letter(s) in the print queue, {emails} e-mail(s) sent"},
    "from_email_link": {"nl": "(de link uit de e-mail)", "en": "(the link from the e-mail)"},
    "a_pays_at_mollie": {"nl": "{name} betaalt op de betaalpagina (Mollie-stand-in: {payment} → betaald)",
                         "en": "{name} pays on the checkout page (Mollie stand-in: {payment} → paid)"},
    "mollie_webhook": {"nl": "Mollie meldt de betaling aan /webhooks/mollie (HTTP {status})",
                       "en": "Mollie reports the payment to /webhooks/mollie (HTTP {status})"},
    "c_dispute_words": {"nl": "De tuin is nooit aangelegd; de bestrating ligt er nog niet. Zie foto.",
                        "en": "The garden was never laid out; the paving is still missing. See the photo."},
    "photo": {"nl": "(stuurt een foto)", "en": "(sends a photo)"},
    "clicks": {"nl": "klikt op [{button}]", "en": "clicks [{button}]"},
    "btn_reject": {"nl": "Bezwaar afwijzen", "en": "Reject dispute"},
    "btn_send_advice": {"nl": "Advies versturen", "en": "Send advice"},
    "btn_proceed": {"nl": "Gerechtelijke procedure", "en": "Start proceedings"},
    "opens_home": {"nl": "opent het tabblad Home van de app", "en": "opens the app's Home tab"},
    "settle_missing": {"nl": "afrekening: nog niet gebouwd", "en": "settlement: not built yet"},
    "settled_line": {"nl": "{name}: geïnd {collected}, honorarium {fee}, uitbetaling {payout}",
                     "en": "{name}: collected {collected}, fee {fee}, payout {payout}"},
    "settled_files": {"nl": "bestanden: {files}", "en": "files: {files}"},
    "doc.order_confirmation": {"nl": "Opdrachtbevestiging", "en": "Order confirmation"},
    "doc.terms": {"nl": "Algemene voorwaarden bij", "en": "Terms and conditions for"},
    "bank_imported": {"nl": "bankafschrift ingelezen ({lines} regel): {amount} geboekt op het dossier, herkend aan het "
                            "betalingskenmerk",
                      "en": "bank statement imported ({lines} line): {amount} recorded on the case, matched by its "
                            "payment reference"},
    "done": {"nl": "Klaar in {seconds} s. Alles staat in {out}: transcript.txt, letters/, emails/, bank/, "
                   "export/, settlement/",
             "en": "Done in {seconds} s. Everything is in {out}: transcript.txt, letters/, emails/, bank/, "
                   "export/, settlement/"},
}


def t(key: str, lang: str, **params: object) -> str:
    entry = TEXTS[key]
    return entry.get(lang, entry["nl"]).format(**params)
