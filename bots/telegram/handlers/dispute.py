"""Disputing the claim: a reason, the debtor's own words, photos or documents as evidence.

    disp:start ──> dispute:reason ──[reason]──> dispute:words ──(text)──> dispute:evidence
    dispute:evidence ──(photo | PDF | image, ≤ 20 MB)──> stored as case document, stays at dispute:evidence
                     └─[Done]──> core open_dispute: case disputed, plan paused, specialists alerted; confirmation
"""

from __future__ import annotations

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bots.telegram.conversation import Turn, respond, run_turn, send
from core.db.models import Creditor
from core.services.debtor_self_service import Refused, add_evidence, check_evidence_size
from core.services.disputes import MAX_REASON, open_dispute, open_dispute_of

REASONS = ("paid", "not_delivered", "wrong_amount", "not_mine", "other")
REASON_IN_ENGLISH = {
    "paid": "already paid",
    "not_delivered": "not delivered or defective",
    "wrong_amount": "wrong amount",
    "not_mine": "not my debt",
    "other": "other",
}
MAX_WORDS = MAX_REASON - 200  # room for the reason and the evidence list around the debtor's words
CANCEL = "flow:cancel"


def start(turn: Turn, args: list[str]) -> None:
    case = turn.case()
    if open_dispute_of(turn.uow, case.id) is not None:
        raise turn.refuse("disp_already")
    turn.go("dispute:reason")
    rows = [[(turn.t(f"reason_{code}"), f"disp:reason:{code}")] for code in REASONS]
    turn.say(turn.t("disp_reason"), [*rows, [(turn.t("btn_cancel"), CANCEL)]])


def reason_chosen(turn: Turn, args: list[str]) -> None:
    if turn.step != "dispute:reason" or not args or args[0] not in REASONS:
        raise turn.refuse("stale_button")
    turn.actor()
    turn.go("dispute:words", reason=args[0])
    turn.say(turn.t("disp_words"), [[(turn.t("btn_cancel"), CANCEL)]])


def words_typed(turn: Turn, text: str) -> None:
    turn.actor()
    words = text.strip()
    if len(words) > MAX_WORDS:
        raise turn.refuse("disp_words_too_long", length=len(words), max=MAX_WORDS)
    turn.go("dispute:evidence", words=words, documents=[])
    turn.say(turn.t("disp_evidence"), _done_buttons(turn))


def evidence_text(turn: Turn, text: str) -> None:
    turn.say(turn.t("disp_evidence"), _done_buttons(turn))


def done(turn: Turn, args: list[str]) -> None:
    answers = turn.answers()
    if turn.step != "dispute:evidence" or "reason" not in answers:
        raise turn.refuse("stale_button")
    actor = turn.actor()
    case = turn.case()
    documents = [int(d) for d in answers.get("documents", [])]
    reason = f"{REASON_IN_ENGLISH.get(answers['reason'], 'other')}: {answers.get('words', '')}"
    if documents:
        reason += f"\nEvidence sent in Telegram: document(s) {', '.join(str(d) for d in documents)}"
    open_dispute(turn.uow, actor, case.reference, reason)
    turn.go(None)
    creditor = turn.uow.session.get_one(Creditor, case.creditor_id)
    files = turn.t("disp_files", count=len(documents)) if documents else ""
    turn.say(turn.t("disp_opened", files=files, creditor=creditor.name))


def _done_buttons(turn: Turn) -> list[list[tuple[str, str]]]:
    return [[(turn.t("btn_disp_done"), "disp:done"), (turn.t("btn_cancel"), CANCEL)]]


async def on_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo or document: checked by its stated size and type first, downloaded only if it can be accepted."""
    message = update.effective_message
    assert message is not None
    if message.photo:
        photo = message.photo[-1]  # the largest size Telegram made of it
        file_id, size, name = photo.file_id, photo.file_size, f"photo-{photo.file_unique_id}.jpg"
    elif message.document:
        document = message.document
        file_id, size, name = document.file_id, document.file_size, document.file_name or "document"
    else:
        return
    ready: list[bool] = []

    def check(turn: Turn) -> None:
        if turn.step != "dispute:evidence":
            raise turn.refuse("disp_file_not_now")
        turn.actor()
        try:
            check_evidence_size(size)
        except Refused as refused:
            raise turn.refuse("disp_file_too_large", buttons=_done_buttons(turn), **refused.params) from None
        ready.append(True)

    replies = await run_turn(update, context, check)
    if not ready:
        await send(update, context, replies)
        return
    try:
        telegram_file = await context.bot.get_file(file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError:
        await respond(update, context, lambda turn: turn.say(turn.t("error")))
        return

    def store(turn: Turn) -> None:
        if turn.step != "dispute:evidence":
            raise turn.refuse("disp_file_not_now")
        actor = turn.actor()
        try:
            document = add_evidence(turn.uow, actor, turn.chat.case_id or 0, file_name=name, data=data)
        except Refused as refused:
            key = "disp_file_too_large" if refused.code == "file_too_large" else "disp_file_type"
            raise turn.refuse(key, buttons=_done_buttons(turn), **refused.params) from None
        documents = [*turn.answers().get("documents", []), document.id]
        turn.go("dispute:evidence", documents=documents)
        turn.say(turn.t("disp_file_received", name=document.file_name), _done_buttons(turn))

    await respond(update, context, store)


BUTTONS = {"disp:start": start, "disp:reason": reason_chosen, "disp:done": done}
STEPS = {"dispute:words": words_typed, "dispute:evidence": evidence_text}
