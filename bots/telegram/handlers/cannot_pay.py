""""I can't pay": plain information about free municipal debt help, then (if the debtor wants) the case is flagged
for a specialist and automated reminders pause until a person has looked.

    cantpay:start ──> information + [Yes, ask someone to look] ──> core report_cannot_pay, confirmation
"""

from __future__ import annotations

from bots.telegram.conversation import Turn
from core.services.cannot_pay import report_cannot_pay


def start(turn: Turn, args: list[str]) -> None:
    turn.actor()
    turn.go(None)
    turn.say(
        turn.t("cannot_pay_info"),
        [[(turn.t("btn_cannot_pay_confirm"), "cantpay:confirm")], [(turn.t("btn_back"), "menu:show")]],
    )


def confirm(turn: Turn, args: list[str]) -> None:
    actor = turn.actor()
    report_cannot_pay(turn.uow, actor, turn.chat.case_id or 0, note="reported by the debtor in Telegram")
    turn.go(None)
    turn.say(turn.t("cannot_pay_done"))


BUTTONS = {"cantpay:start": start, "cantpay:confirm": confirm}
STEPS: dict = {}
