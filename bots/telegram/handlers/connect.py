"""Connecting a chat to a case: the deep link from the letter, then the postcode on it.

    /start <token> ──(token ok)──> connect:postcode ──(right)──> bound, menu
         │                              └──(wrong ×5)──> token locked, specialists alerted
         └──(unknown | expired | locked)──> a short explanation, nothing changes
    /start (no token) ──> messages on again (after /stop); menu, or how to connect
"""

from __future__ import annotations

from bots.telegram.conversation import Turn
from bots.telegram.handlers.menu import main_menu, show_menu
from core.services.debtor_link import LinkRefused, bound_case_ids, case_for_token, check_postcode, set_opted_out

REFUSALS = {
    "unknown": "link_unknown",
    "expired": "link_expired",
    "locked": "link_locked",
    "no_postcode": "link_no_postcode",
}


def start(turn: Turn, payload: str | None) -> None:
    if set_opted_out(turn.uow, turn.chat.chat_id, False):
        turn.say(turn.t("messages_on_again"))
    if not payload:
        if bound_case_ids(turn.uow, turn.chat.chat_id):
            show_menu(turn)
        else:
            turn.go(None)
            turn.say(turn.t("welcome_unbound"))
        return
    try:
        case = case_for_token(turn.uow, payload)
    except LinkRefused as refused:
        raise turn.refuse(REFUSALS[refused.code]) from None
    if case.id in bound_case_ids(turn.uow, turn.chat.chat_id):
        turn.chat.case_id = case.id
        turn.go(None)
        turn.say(turn.t("already_linked", ref=case.reference), main_menu(turn))
        return
    turn.go("connect:postcode", linking_case=case.id)
    turn.say(turn.t("ask_postcode"))


def postcode(turn: Turn, text: str) -> None:
    case_id = turn.answers().get("linking_case")
    if not isinstance(case_id, int):
        turn.go(None)
        raise turn.refuse("welcome_unbound")
    try:
        result = check_postcode(turn.uow, turn.chat.chat_id, case_id, text)
    except LinkRefused as refused:
        turn.go(None)
        turn.say(turn.t(REFUSALS[refused.code]))
        return
    if result.linked:
        turn.chat.case_id = result.case_id
        turn.go(None)
        turn.say(turn.t("linked", ref=result.reference), main_menu(turn))
    elif result.locked:
        turn.go(None)  # the count and the lock are kept: this turn commits
        turn.say(turn.t("link_locked"))
    else:
        turn.say(turn.t("postcode_wrong", left=result.attempts_left))


BUTTONS: dict = {}
STEPS = {"connect:postcode": postcode}
