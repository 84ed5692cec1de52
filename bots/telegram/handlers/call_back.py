"""Call me back: a time slot within business hours becomes a phone task for the specialists.

    call:start ──[no phone known]──> call:phone ──(valid number)──┐
               └──────────────────────────────────────────────────┴─> slots ──[slot]──> core call task, confirmed
"""

from __future__ import annotations

from bots.telegram.conversation import Turn
from bots.telegram.texts import day
from core import validation as v
from core.services.debtor_self_service import Refused, Slot, call_back_slots, has_phone, request_call_in_slot

CANCEL = "flow:cancel"
WEEKDAYS = {"nl": ("ma", "di", "wo", "do", "vr", "za", "zo"), "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def start(turn: Turn, args: list[str]) -> None:
    actor = turn.actor()
    if not has_phone(turn.uow, actor, turn.chat.case_id or 0):
        turn.go("call:phone")
        turn.say(turn.t("call_ask_phone"), [[(turn.t("btn_cancel"), CANCEL)]])
        return
    _offer_slots(turn, phone=None)


def phone_typed(turn: Turn, text: str) -> None:
    turn.actor()
    try:
        number = v.phone(text.strip())
    except v.Invalid:
        raise turn.refuse("call_bad_phone") from None
    _offer_slots(turn, phone=number)


def _offer_slots(turn: Turn, *, phone: str | None) -> None:
    turn.go("call:slot", phone=phone)
    rows = [
        [
            (
                f"{WEEKDAYS[turn.lang][slot.day.weekday()]} {day(slot.day)} "
                f"{slot.start.strftime('%H:%M')}-{slot.end.strftime('%H:%M')}",
                f"call:slot:{slot.key}",
            )
        ]
        for slot in call_back_slots(turn.settings, turn.uow.clock.now())
    ]
    turn.say(turn.t("call_slots"), [*rows, [(turn.t("btn_cancel"), CANCEL)]])


def slot_chosen(turn: Turn, args: list[str]) -> None:
    if turn.step != "call:slot" or not args:
        raise turn.refuse("stale_button")
    actor = turn.actor()
    phone = turn.answers().get("phone")
    try:
        slot = Slot.parse(":".join(args))
        task = request_call_in_slot(turn.uow, actor, turn.chat.case_id or 0, turn.settings, slot, phone=phone)
    except Refused:
        raise turn.refuse("call_slot_gone") from None
    turn.go(None)
    turn.say(
        turn.t(
            "call_booked",
            day=day(slot.day),
            start=slot.start.strftime("%H:%M"),
            end=slot.end.strftime("%H:%M"),
            phone=task.phone,
        )
    )


BUTTONS = {"call:start": start, "call:slot": slot_chosen}
STEPS = {"call:phone": phone_typed}
