"""The main menu, help, language, stop, cancel, and what the bot says to input it does not expect.

    /menu ──> [one case] menu of actions ──> overview | pay | arrangement | dispute | call | can't pay | complaint
          └─> [several cases] choose a case ──> menu
"""

from __future__ import annotations

from sqlalchemy import select

from bots.telegram.conversation import Buttons, Turn
from core.db.models import Case
from core.services.debtor_link import bound_case_ids, set_opted_out


def main_menu(turn: Turn) -> Buttons:
    return [
        [(turn.t("btn_overview"), "menu:overview"), (turn.t("btn_pay"), "menu:pay")],
        [(turn.t("btn_arrangement"), "arr:start")],
        [(turn.t("btn_dispute"), "disp:start"), (turn.t("btn_call"), "call:start")],
        [(turn.t("btn_cannot_pay"), "cantpay:start"), (turn.t("btn_complaint"), "compl:start")],
        [(turn.t("btn_language"), f"lang:{'en' if turn.lang == 'nl' else 'nl'}"), (turn.t("btn_stop"), "menu:stop")],
    ]


def show_menu(turn: Turn) -> None:
    turn.go(None)
    cases = bound_case_ids(turn.uow, turn.chat.chat_id)
    if not cases:
        turn.say(turn.t("not_linked"))
        return
    if len(cases) > 1:
        references = dict(turn.uow.session.execute(select(Case.id, Case.reference).where(Case.id.in_(cases))).all())
        turn.say(turn.t("choose_case"), [[(references[c], f"case:{c}")] for c in cases])
        return
    menu_for_case(turn)


def menu_for_case(turn: Turn) -> None:
    case = turn.case()
    turn.say(turn.t("menu", ref=case.reference), main_menu(turn))


def choose_case(turn: Turn, args: list[str]) -> None:
    case_id = int(args[0]) if args and args[0].isdecimal() else None
    if case_id not in bound_case_ids(turn.uow, turn.chat.chat_id):
        raise turn.refuse("stale_button")
    turn.chat.case_id = case_id
    turn.go(None)
    menu_for_case(turn)


def show_help(turn: Turn) -> None:
    turn.say(turn.t("help"))


def ask_language(turn: Turn) -> None:
    turn.say(turn.t("choose_language"), [[("Nederlands", "lang:nl"), ("English", "lang:en")]])


def set_language(turn: Turn, args: list[str]) -> None:
    if not args or args[0] not in ("nl", "en"):
        raise turn.refuse("stale_button")
    turn.chat.language = args[0]
    turn.say(turn.t("language_set"))
    if bound_case_ids(turn.uow, turn.chat.chat_id) and turn.step is None:
        menu_for_case(turn)


def stop(turn: Turn) -> None:
    """/stop: no more messages here; letters and e-mail go on. The chat stays bound: /start switches them on."""
    set_opted_out(turn.uow, turn.chat.chat_id, True)
    turn.go(None)
    turn.say(turn.t("stopped"))


def cancel(turn: Turn) -> None:
    turn.go(None)
    buttons = [[(turn.t("btn_menu"), "menu:show")]] if bound_case_ids(turn.uow, turn.chat.chat_id) else []
    turn.say(turn.t("cancelled"), buttons)


def unknown_command(turn: Turn) -> None:
    turn.say(turn.t("unknown_command"))


def unexpected_text(turn: Turn) -> None:
    if not bound_case_ids(turn.uow, turn.chat.chat_id):
        turn.say(turn.t("not_linked"))
        return
    turn.say(turn.t("use_buttons"), [[(turn.t("btn_menu"), "menu:show")]])


def unsupported(turn: Turn) -> None:
    turn.say(turn.t("unsupported_message"))


def _overview(turn: Turn, args: list[str]) -> None:
    from bots.telegram.handlers import case_info

    case_info.overview(turn)


def _pay(turn: Turn, args: list[str]) -> None:
    from bots.telegram.handlers import case_info

    case_info.pay(turn)


BUTTONS = {
    "menu:show": lambda turn, args: show_menu(turn),
    "menu:overview": _overview,
    "menu:pay": _pay,
    "menu:stop": lambda turn, args: stop(turn),
    "flow:cancel": lambda turn, args: cancel(turn),
    "case": choose_case,
    "lang": set_language,
}
STEPS: dict = {}
