"""The new-claim modal: debtor, invoices, 14-day letter, typed documents, note.

Validation is core's (parse_claim and file_claim, as for the API and CSV); its errors go back inline on the field
(`response_action: errors`) in the creditor's language. On success, in one transaction: the case is filed, the
contact plan laid out (the schedule starts now, not at the next scheduler tick), the statement computed; the modal
turns into the confirmation. Each document becomes a row in that same transaction (core.services.inbound_files);
it is fetched from Slack after the ack, or by the sweep if this process stops first (bots/slack/downloads.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.downloads import documents_of
from bots.slack.identity import Who, in_thread
from bots.slack.listeners.creditor.common import (
    Deps,
    date_input,
    info_view,
    input_block,
    metadata,
    plain,
    refusal,
    section,
    tell,
    text_input,
    value_of,
)
from bots.slack.texts import channel_text, money, t
from core.actors import Actor
from core.clock import AMSTERDAM, local_today
from core.errors import FieldError, InvalidInput
from core.intake import parse_claim
from core.schedule.planning import plan_case
from core.schedule.step_rules import windows_of
from core.services import claims
from core.services.case_access import record_event
from core.services.case_view import statement_for
from core.services.inbound_files import record_inbound_file

CALLBACK_ID = "new_claim"
ADD_INVOICE = "new_claim_add_invoice"
MAX_INVOICE_ROWS = 10
DOCUMENT_KINDS = ("invoice", "reminder", "fourteen_day_letter", "terms", "quote", "order_confirmation")
_DEBTOR_BLOCKS = {
    "debtor.kind": "debtor_kind",
    "debtor.name": "debtor_name",
    "debtor.address.street": "debtor_street",
    "debtor.address.postcode": "debtor_postcode",
    "debtor.address.city": "debtor_city",
    "debtor.email": "debtor_email",
    "debtor.phone": "debtor_phone",
    "debtor.kvk_number": "debtor_kvk",
    "debtor.language": "debtor_language",
    "fourteen_day_letter_sent_on": "letter_date",
    "creditor_reference": "your_reference",
    "invoices": "invoice_0_number",
}
_INVOICE_FIELD = re.compile(r"^invoices\[(\d+)\]\.(\w+)$")
_INVOICE_SUFFIX = {"invoice_number": "number", "invoice_date": "date", "due_date": "due", "principal": "amount"}


def claim_view(lang: str, rows: int = 1) -> dict[str, Any]:
    rows = max(1, min(rows, MAX_INVOICE_ROWS))
    kinds = [{"text": plain(t(lang, k)), "value": k} for k in ("consumer", "business")]
    # the language of the debtor's letters, e-mails and chat (the debtor can still switch in Telegram)
    languages = [{"text": plain(t(lang, f"debtor_language_{code}")), "value": code} for code in ("nl", "en")]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(t(lang, "debtor_header"))},
        input_block("debtor_kind", t(lang, "debtor_kind"),
                    {"type": "radio_buttons", "options": kinds, "initial_option": kinds[0]}, optional=False),
        text_input("debtor_name", t(lang, "debtor_name"), optional=False),
        text_input("debtor_street", t(lang, "debtor_street"), hint=t(lang, "address_hint")),
        text_input("debtor_postcode", t(lang, "debtor_postcode"), max_length=10),
        text_input("debtor_city", t(lang, "debtor_city"), max_length=100),
        text_input("debtor_email", t(lang, "debtor_email"), max_length=254),
        text_input("debtor_phone", t(lang, "debtor_phone"), max_length=30),
        text_input("debtor_kvk", t(lang, "debtor_kvk"), max_length=8),
        input_block("debtor_language", t(lang, "debtor_language"),
                    {"type": "radio_buttons", "options": languages, "initial_option": languages[0]}),
    ]
    for i in range(rows):
        required = i == 0
        blocks += [
            {"type": "header", "text": plain(t(lang, "invoice_header", n=i + 1))},
            text_input(f"invoice_{i}_number", t(lang, "invoice_number"), optional=not required, max_length=64),
            date_input(f"invoice_{i}_date", t(lang, "invoice_date"), optional=not required),
            date_input(f"invoice_{i}_due", t(lang, "invoice_due"), optional=not required),
            text_input(f"invoice_{i}_amount", t(lang, "invoice_amount"), optional=not required,
                       hint=t(lang, "amount_hint"), max_length=20),
        ]
    if rows < MAX_INVOICE_ROWS:
        blocks.append({"type": "actions", "block_id": "new_claim_more", "elements": [
            {"type": "button", "action_id": ADD_INVOICE, "text": plain(t(lang, "add_invoice")), "value": str(rows)}]})
    blocks += [
        {"type": "divider"},
        date_input("letter_date", t(lang, "letter_date")),
        {"type": "header", "text": plain(t(lang, "documents_header"))},
        *[input_block(f"doc_{kind}", t(lang, f"doc_{kind}"),
                      {"type": "file_input", "max_files": 10,
                       "filetypes": ["pdf", "png", "jpg", "jpeg", "docx", "eml"]})
          for kind in DOCUMENT_KINDS],
        {"type": "divider"},
        text_input("your_reference", t(lang, "your_reference"), max_length=100),
        text_input("note", t(lang, "note"), multiline=True, max_length=2000),
    ]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain(t(lang, "claim_title"), 24),
        "submit": plain(t(lang, "claim_submit"), 24),
        "close": plain(t(lang, "cancel"), 24),
        "private_metadata": json.dumps({"rows": rows, "lang": lang}),
        "blocks": blocks,
    }


@dataclass(frozen=True)
class Entered:
    claim: dict[str, Any]
    rows: list[int]  # modal row of each invoice in the claim (empty extra rows are left out)
    documents: list[tuple[str, dict[str, Any]]]  # (document kind, Slack file object)
    note: str | None


def read_submission(values: dict[str, Any], rows: int) -> Entered:
    """The modal's state as the claim JSON core reads (the same shape as the API's)."""
    kind = value_of(values, "debtor_kind") or "consumer"
    debtor: dict[str, Any] = {
        "kind": kind,
        "name": value_of(values, "debtor_name"),
        "address": {"street": value_of(values, "debtor_street"), "postcode": value_of(values, "debtor_postcode"),
                    "city": value_of(values, "debtor_city")},
        "email": value_of(values, "debtor_email"),
        "phone": value_of(values, "debtor_phone"),
        "kvk_number": value_of(values, "debtor_kvk"),
        "language": value_of(values, "debtor_language"),
    }
    invoices, used = [], []
    for i in range(rows):
        fields = {name: value_of(values, f"invoice_{i}_{suffix}") for name, suffix in _INVOICE_SUFFIX.items()}
        if i > 0 and not any(fields.values()):
            continue
        invoices.append(fields)
        used.append(i)
    documents = [
        (kind, f)
        for kind in DOCUMENT_KINDS
        for f in ((values.get(f"doc_{kind}") or {}).get(f"doc_{kind}") or {}).get("files") or []
        if isinstance(f, dict) and f.get("id")
    ]
    claim = {"debtor": debtor, "invoices": invoices,
             "fourteen_day_letter_sent_on": value_of(values, "letter_date"),
             "creditor_reference": value_of(values, "your_reference")}
    return Entered(claim, used, documents, value_of(values, "note"))


def block_of(error: FieldError, rows: list[int]) -> str:
    match = _INVOICE_FIELD.match(error.field)
    if match:
        index, name = int(match.group(1)), match.group(2)
        row = rows[index] if index < len(rows) else 0
        return f"invoice_{row}_{_INVOICE_SUFFIX.get(name, 'number')}"
    return _DEBTOR_BLOCKS.get(error.field, "debtor_name")


def inline_errors(errors: list[FieldError], rows: list[int], lang: str) -> dict[str, str]:
    """Core's field errors keyed by the modal block they belong to, without core's field path in front."""
    found: dict[str, str] = {}
    for error in errors:
        message = error.message(lang).removeprefix(f"{error.field}: ")
        block = block_of(error, rows)
        found[block] = f"{found[block]}; {message}" if block in found else message
    return {block: text[:2000] for block, text in found.items()}


@dataclass(frozen=True)
class Filed:
    reference: str
    debtor: str
    total: Decimal
    principal: Decimal
    interest: Decimal
    costs: Decimal
    first_contact: tuple[datetime, str] | None
    file_rows: list[int] = field(default_factory=list)  # the documents to fetch (inbound_files ids)


def file_and_start(deps: Deps, actor: Actor, entered: Entered, lang: str,
                   sender: tuple[str, str] = ("", "")) -> Filed | dict[str, str]:
    """File the claim, lay out its plan and note the documents to fetch in one transaction; inline errors instead
    if core refuses it. `sender`: the (team, user) who handed the documents over, to be told about them."""
    ctx = deps.ctx
    assert actor.creditor_id is not None
    with ctx.uow() as uow:
        today = local_today(uow.clock)
        try:
            request = parse_claim(entered.claim, today=today, lang=lang)
            case = claims.file_claim(uow, actor, actor.creditor_id, request, source="slack")
        except InvalidInput as exc:
            return inline_errors(exc.errors, entered.rows, lang)
        if entered.note:
            record_event(uow, case, actor, "creditor_note", {"note": entered.note[:2000]})
        steps = plan_case(uow, case, windows=windows_of(ctx.settings), token_key=ctx.settings.deep_link_key(),
                          actor=Actor.system("scheduler"))
        statement = statement_for(uow, case, today)
        first = min(steps, key=lambda s: s.due_at) if steps else None
        rows = [record_inbound_file(uow, case, actor, source="slack", file_id=file_id, account=sender[0],
                                    user=sender[1], kind=kind, file_name=name, language=lang)
                for kind, file_id, name in documents_of(entered.documents)]
        uow.session.flush()
        file_rows = [row.id for row in rows]
        uow.commit()
        return Filed(case.reference, request.debtor.name, statement.total_open, statement.principal_open,
                     statement.interest_open, statement.costs_open,
                     (first.due_at, first.channel) if first else None, file_rows)


def confirmation(lang: str, filed: Filed) -> str:
    if filed.first_contact:
        when, channel = filed.first_contact
        first = f"{when.astimezone(AMSTERDAM).strftime('%d-%m-%Y %H:%M')} ({channel_text(lang, channel)})"
    else:
        first = t(lang, "no_next_contact")
    return t(lang, "claim_filed", reference=filed.reference, debtor=filed.debtor, amount=money(lang, filed.total),
             principal=money(lang, filed.principal), interest=money(lang, filed.interest),
             costs=money(lang, filed.costs), next=first)


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(ADD_INVOICE)
    async def add_invoice(ack: Any, body: dict[str, Any], client: Any) -> None:
        await ack()
        view = body.get("view") or {}
        meta = metadata(view)
        lang = meta.get("lang") if meta.get("lang") in ("nl", "en") else "nl"
        rows = int(meta.get("rows") or 1) + 1
        # the same block ids keep what was entered (Slack preserves input state across views.update)
        await client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=claim_view(lang, rows))

    @app.view(CALLBACK_ID)
    async def submitted(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
        who: Who = await deps.who(client, body)
        lang = who.lang
        refused = refusal(who)
        if refused or who.actor is None:
            await ack(response_action="update", view=info_view(lang, t(lang, "claim_title"), refused or ""))
            return
        view = body["view"]
        rows = int(metadata(view).get("rows") or 1)
        entered = read_submission((view.get("state") or {}).get("values") or {}, rows)
        outcome = await in_thread(file_and_start, deps, who.actor, entered, lang, (who.team_id, who.user_id))
        if isinstance(outcome, dict):
            await ack(response_action="errors", errors=outcome)
            return
        text = confirmation(lang, outcome)
        blocks = [section(text)]
        if entered.documents:
            blocks.append(section(t(lang, "files_pending", count=len(entered.documents))))
        await ack(response_action="update", view=info_view(lang, t(lang, "claim_filed_title"), blocks))
        # after the ack: a copy of the confirmation to keep, then the documents (committed as rows with the claim:
        # if this process stops mid-way, the sweep of this or another process fetches them and tells the creditor)
        await tell(client, who.user_id, text)
        if outcome.file_rows and deps.fetcher is not None:
            deps.spawn(deps.fetcher.fetch(outcome.file_rows))
