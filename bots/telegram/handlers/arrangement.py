"""Proposing a payment arrangement, and answering a counter-offer.

    arr:start ──> [amount per month] arrangement:amount ──┐
              └─> [number of months] arrangement:months ──┴─> arrangement:first_date ──> plan shown
    plan shown ──[Propose]──> core: within policy → accepted, confirmed with the plan
                                     outside policy → a specialist decides; the debtor hears it here later
    counter-offer (arrives through core.debtor_updates) ──[Accept | No]──> core decides
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from bots.telegram.conversation import Turn
from bots.telegram.texts import day, eur
from core.clock import local_today
from core.db.models import Arrangement, Case
from core.errors import UserError
from core.money import MoneyError, parse_amount
from core.services.arrangements import MAX_FIRST_DUE_DAYS, MAX_MONTHS, decide_arrangement, propose_arrangement
from core.services.case_view import statement_for
from core.services.debtor_self_service import (
    Refused,
    check_first_date,
    check_monthly_amount,
    check_months,
    installments_of,
    preview_arrangement,
)

CANCEL = "flow:cancel"


def start(turn: Turn, args: list[str]) -> None:
    case = turn.case()
    total = statement_for(turn.uow, case, local_today(turn.uow.clock)).total_open
    if total <= 0:
        raise turn.refuse("nothing_open")
    if _pending(turn, case) is not None:
        raise turn.refuse("arr_pending")
    turn.go("arrangement:mode")
    turn.say(
        turn.t("arr_how", total=eur(total, turn.lang)),
        [
            [(turn.t("btn_arr_amount"), "arr:by_amount"), (turn.t("btn_arr_months"), "arr:by_months")],
            [(turn.t("btn_cancel"), CANCEL)],
        ],
    )


def by_amount(turn: Turn, args: list[str]) -> None:
    turn.actor()
    turn.go("arrangement:amount")
    turn.say(turn.t("arr_ask_amount"), [[(turn.t("btn_cancel"), CANCEL)]])


def by_months(turn: Turn, args: list[str]) -> None:
    turn.actor()
    turn.go("arrangement:months")
    turn.say(turn.t("arr_ask_months", max=MAX_MONTHS), [[(turn.t("btn_cancel"), CANCEL)]])


def amount_typed(turn: Turn, text: str) -> None:
    actor = turn.actor()
    raw = text.strip()
    try:
        # a leading minus is read as a (refused) negative amount, not as "not an amount"
        amount = -parse_amount(raw[1:], allow_zero=True) if raw.startswith("-") else parse_amount(raw, allow_zero=True)
    except MoneyError:
        raise turn.refuse("arr_not_amount") from None
    try:
        months = check_monthly_amount(turn.uow, actor, turn.chat.case_id or 0, amount)
    except Refused as refused:
        raise _refusal(turn, refused) from None
    _ask_first_date(turn, months=months, monthly=str(amount))


def months_typed(turn: Turn, text: str) -> None:
    turn.actor()
    raw = text.strip()
    if not re.fullmatch(r"-?\d{1,6}", raw):
        raise turn.refuse("arr_not_number", max=MAX_MONTHS)
    try:
        months = check_months(int(raw))
    except Refused as refused:
        raise _refusal(turn, refused) from None
    _ask_first_date(turn, months=months)


def _ask_first_date(turn: Turn, *, months: int, monthly: str | None = None) -> None:
    today = local_today(turn.uow.clock)
    turn.go("arrangement:first_date", months=months, monthly=monthly)
    options = [today + timedelta(days=7), today + timedelta(days=14), _first_of_next_month(today)]
    latest = today + timedelta(days=MAX_FIRST_DUE_DAYS)
    buttons = [[(day(d), f"arr:date:{d.isoformat()}") for d in sorted(set(options)) if d <= latest]]
    turn.say(turn.t("arr_ask_date", latest=day(latest)), [*buttons, [(turn.t("btn_cancel"), CANCEL)]])


def _first_of_next_month(today: date) -> date:
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


def date_typed(turn: Turn, text: str) -> None:
    first = _parse_date(text)
    if first is None:
        example = day(local_today(turn.uow.clock) + timedelta(days=7))
        raise turn.refuse("arr_not_date", example=example)
    _preview(turn, first)


def date_chosen(turn: Turn, args: list[str]) -> None:
    if turn.step != "arrangement:first_date" or not args:
        raise turn.refuse("stale_button")
    try:
        first = date.fromisoformat(args[0])
    except ValueError:
        raise turn.refuse("stale_button") from None
    _preview(turn, first)


def _parse_date(text: str) -> date | None:
    match = re.fullmatch(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*", text)
    try:
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _preview(turn: Turn, first: date) -> None:
    actor = turn.actor()
    months = turn.answers().get("months")
    if not isinstance(months, int):
        turn.go(None)
        raise turn.refuse("stale_button")
    try:
        check_first_date(turn.uow, first)
        preview = preview_arrangement(turn.uow, actor, turn.chat.case_id or 0, months=months, first_due_on=first)
    except Refused as refused:
        raise _refusal(turn, refused) from None
    turn.go("arrangement:confirm", first=first.isoformat())
    plan = _plan_text(turn, preview.installments)
    turn.say(
        turn.t("arr_preview", total=eur(preview.total, turn.lang), plan=plan),
        [
            [(turn.t("btn_arr_confirm"), "arr:confirm")],
            [(turn.t("btn_arr_change"), "arr:start"), (turn.t("btn_cancel"), CANCEL)],
        ],
    )


def confirm(turn: Turn, args: list[str]) -> None:
    answers = turn.answers()
    if turn.step != "arrangement:confirm" or "first" not in answers:
        raise turn.refuse("stale_button")
    actor = turn.actor()
    case = turn.case()
    monthly = answers.get("monthly")
    try:
        arrangement = propose_arrangement(
            turn.uow,
            actor,
            case.reference,
            first_due_on=answers["first"],
            months=None if monthly else answers["months"],
            monthly_amount=monthly,
        )
    except UserError as exc:
        if "waiting for a decision" in str(exc):
            raise turn.refuse("arr_pending") from None
        raise
    turn.go(None)
    if arrangement.status == "accepted":
        turn.say(_accepted_text(turn, "arr_accepted", case, arrangement))
    else:
        turn.say(turn.t("arr_review"))


def counter_accept(turn: Turn, args: list[str]) -> None:
    _answer_counter(turn, args, accept=True)


def counter_reject(turn: Turn, args: list[str]) -> None:
    _answer_counter(turn, args, accept=False)


def _answer_counter(turn: Turn, args: list[str], *, accept: bool) -> None:
    arrangement_id = int(args[0]) if args and args[0].isdecimal() else 0
    arrangement = turn.uow.session.get(Arrangement, arrangement_id)
    if arrangement is None or arrangement.status != "proposed" or arrangement.proposed_by == "debtor":
        raise turn.refuse("counter_gone")
    turn.chat.case_id = arrangement.case_id  # the offer names its case; actor() checks the chat is bound to it
    actor = turn.actor()
    decide_arrangement(turn.uow, actor, arrangement.id, accept=accept, note="answered by the debtor in Telegram")
    turn.go(None)
    if accept:
        case = turn.uow.session.get_one(Case, arrangement.case_id)
        turn.say(_accepted_text(turn, "counter_accepted", case, arrangement))
    else:
        turn.say(turn.t("counter_rejected"))


def _pending(turn: Turn, case: Case) -> Arrangement | None:
    return turn.uow.session.scalars(
        select(Arrangement).where(Arrangement.case_id == case.id, Arrangement.status == "proposed")
    ).first()


def _plan_text(turn: Turn, installments: list[tuple[date, Decimal]]) -> str:
    return "\n".join(f"{i}. {day(d)}: {eur(amount, turn.lang)}" for i, (d, amount) in enumerate(installments, 1))


def _accepted_text(turn: Turn, key: str, case: Case, arrangement: Arrangement) -> str:
    from core.payment_reference import payment_reference_for

    return turn.t(
        key,
        plan=_plan_text(turn, installments_of(turn.uow, arrangement)),
        iban=turn.settings.collection_iban,
        name=turn.settings.collection_account_name,
        payref=case.payment_reference or payment_reference_for(case.reference),
    )


def _refusal(turn: Turn, refused: Refused) -> Exception:
    p = refused.params
    if refused.code == "too_many_months":
        hint = turn.t("arr_min_hint", minimum=eur(p["minimum"], turn.lang)) if "minimum" in p else ""
        return turn.refuse("arr_too_many_months", months=p["months"], max=p["max"], hint=hint)
    if refused.code == "date_in_past":
        return turn.refuse("arr_date_in_past", today=day(p["today"]))
    if refused.code == "date_too_late":
        return turn.refuse("arr_date_too_late", latest=day(p["latest"]))
    if refused.code == "arrangement_not_possible":
        return turn.refuse("arr_not_possible", status=p["status"])
    keys = {
        "amount_not_positive": "arr_amount_not_positive",
        "months_not_positive": "arr_months_not_positive",
        "nothing_open": "nothing_open",
    }
    return turn.refuse(keys.get(refused.code, "stale_button"))


BUTTONS = {
    "arr:start": start,
    "arr:by_amount": by_amount,
    "arr:by_months": by_months,
    "arr:date": date_chosen,
    "arr:confirm": confirm,
    "arr:counter_accept": counter_accept,
    "arr:counter_reject": counter_reject,
}
STEPS = {
    "arrangement:amount": amount_typed,
    "arrangement:months": months_typed,
    "arrangement:first_date": date_typed,
}
