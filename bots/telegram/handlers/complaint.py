"""A complaint about the agency: registered with a reference, acknowledged at once with the handling term, and
queued for a specialist with its deadline (core.services.complaints).

    compl:start ──> complaint:text ──(text)──> registered, acknowledgement with reference and dates
"""

from __future__ import annotations

from bots.telegram.conversation import Turn
from bots.telegram.texts import day
from core.services.complaints import MAX_COMPLAINT, register_complaint


def start(turn: Turn, args: list[str]) -> None:
    turn.actor()
    turn.go("complaint:text")
    turn.say(turn.t("complaint_ask"), [[(turn.t("btn_cancel"), "flow:cancel")]])


def text_typed(turn: Turn, text: str) -> None:
    actor = turn.actor()
    words = text.strip()
    if not words:
        raise turn.refuse("complaint_empty")
    if len(words) > MAX_COMPLAINT:
        raise turn.refuse("disp_words_too_long", length=len(words), max=MAX_COMPLAINT)
    case = turn.case()
    registered = register_complaint(turn.uow, actor, case.reference, words, channel="telegram")
    turn.go(None)
    turn.say(
        turn.t(
            "complaint_registered",
            complaint=registered.complaint.reference,
            ack_by=day(registered.acknowledge_by),
            handle_by=day(registered.handle_by),
        )
    )


BUTTONS = {"compl:start": start}
STEPS = {"complaint:text": text_typed}
