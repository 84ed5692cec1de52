"""One update, one turn: load the chat's row (language, step, answers), let a handler act through core services,
write the new step in the same transaction, then send the replies.

The conversation state is ours (table telegram_chats), written per update: a restart or a second process continues
where the chat was. A refused input rolls the whole turn back, so it changes nothing, and gets a polite answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bots.telegram.texts import t
from core.actors import Actor
from core.config import Settings
from core.db.models import Case, TelegramChat, TelegramUpdate
from core.errors import IllegalTransition, NotFound, UserError
from core.services.debtor_link import bound_case_ids, debtor_actor
from core.uow import UnitOfWork

if TYPE_CHECKING:
    from api.state import AppState

log = logging.getLogger("incasso.telegram")

Buttons = list[list[tuple[str, str]]]


@dataclass
class Reply:
    text: str
    buttons: Buttons = field(default_factory=list)

    def markup(self) -> InlineKeyboardMarkup | None:
        if not self.buttons:
            return None
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in self.buttons]
        )


class Refusal(Exception):
    """A bad input in a handler: roll the turn back and say `text` (already in the chat's language)."""

    def __init__(self, text: str, buttons: Buttons | None = None) -> None:
        super().__init__(text)
        self.text = text
        self.buttons = buttons or []


class Turn:
    """What a handler gets: the unit of work, the chat's row and a way to answer."""

    def __init__(self, uow: UnitOfWork, chat: TelegramChat, settings: Settings, extras: dict[str, Any]) -> None:
        self.uow = uow
        self.chat = chat
        self.settings = settings
        self.extras = extras
        self.replies: list[Reply] = []

    @property
    def lang(self) -> str:
        return self.chat.language

    def t(self, key: str, **values: object) -> str:
        return t(self.lang, key, **{"phone": self.settings.agency_phone, "agency": self.settings.agency_name, **values})

    def say(self, text: str, buttons: Buttons | None = None) -> None:
        self.replies.append(Reply(text, buttons or []))

    def refuse(self, key: str, buttons: Buttons | None = None, **values: object) -> Refusal:
        return Refusal(self.t(key, **values), buttons)

    # -- the conversation's place ------------------------------------------------------------------------------

    @property
    def step(self) -> str | None:
        return self.chat.step

    def go(self, step: str | None, **answers: Any) -> None:
        """Move to `step`; answers given are added to those of the current flow (a new flow starts empty)."""
        same_flow = step is not None and self.chat.step is not None and step.split(":")[0] == self.chat.step.split(
            ":"
        )[0]
        merged = {**(self.chat.answers or {}), **answers} if same_flow else dict(answers)
        self.chat.step = step
        self.chat.answers = merged

    def answers(self) -> dict[str, Any]:
        return dict(self.chat.answers or {})

    # -- the case ----------------------------------------------------------------------------------------------

    def actor(self) -> Actor:
        """The debtor on the chat's current case; refused (nothing shown) unless the chat is bound to it."""
        try:
            return debtor_actor(self.uow, self.chat.chat_id, self.chat.case_id)
        except NotFound:
            cases = bound_case_ids(self.uow, self.chat.chat_id)
            if not cases:
                raise self.refuse("not_linked") from None
            self.chat.case_id = cases[-1]
            return debtor_actor(self.uow, self.chat.chat_id, self.chat.case_id)

    def case(self) -> Case:
        self.actor()
        return self.uow.session.get_one(Case, self.chat.case_id)


def load_chat(uow: UnitOfWork, chat_id: int, language: str) -> TelegramChat:
    """The chat's row, locked for this turn (updates of one chat are handled one after another)."""
    chat = uow.session.scalars(
        select(TelegramChat).where(TelegramChat.chat_id == chat_id).with_for_update()
    ).one_or_none()
    if chat is None:
        now = uow.clock.now()
        chat = TelegramChat(chat_id=chat_id, language=language, step=None, answers={}, created_at=now, updated_at=now)
        uow.session.add(chat)
        uow.session.flush()
    return chat


def state_of(context: ContextTypes.DEFAULT_TYPE) -> AppState:
    return context.application.bot_data["state"]


async def run_turn(
    update: Update, context: ContextTypes.DEFAULT_TYPE, handler: Callable[[Turn], None]
) -> list[Reply]:
    """Run `handler` for this update's chat in one transaction (in a worker thread: the database is blocking)."""
    state = state_of(context)
    chat_id = chat_id_of(update)
    user = update.effective_user
    from bots.telegram.texts import language_of

    first_language = language_of(user.language_code if user else None)

    update_id = update.update_id
    # a handler may take several turns for one update (check a file, download it, store it): the first records it
    recorded: set[int] = context.application.bot_data.setdefault(RECORDED, set())

    def work() -> list[Reply]:
        with state.uow() as uow:
            chat = load_chat(uow, chat_id, first_language)
            turn = Turn(uow, chat, state.settings, context.application.bot_data)
            lang, step, answers = chat.language, chat.step, dict(chat.answers or {})
            try:
                handler(turn)
            except Refusal as refusal:
                uow.rollback()
                return _after_rollback(
                    state, update_id, recorded, chat_id, lang, step, answers, Reply(refusal.text, refusal.buttons)
                )
            except IllegalTransition as exc:
                uow.rollback()
                text = t(lang, "not_possible_now", status=exc.current, phone=state.settings.agency_phone)
                return _after_rollback(state, update_id, recorded, chat_id, lang, step, answers, Reply(text))
            except UserError as exc:
                uow.rollback()
                text = t(lang, "generic_refusal", detail=str(exc), phone=state.settings.agency_phone)
                return _after_rollback(state, update_id, recorded, chat_id, lang, step, answers, Reply(text))
            chat.updated_at = uow.clock.now()
            # the update counts as handled in the same transaction as what it did: a crash in between leaves
            # neither, and Telegram's repeat of it is then handled; a concurrent repeat fails here and does nothing
            if not _commit_once(uow, update_id, recorded):
                return []
            return turn.replies

    return await asyncio.to_thread(work)


def _after_rollback(
    state: AppState,
    update_id: int,
    recorded: set[int],
    chat_id: int,
    lang: str,
    step: str | None,
    answers: dict,
    reply: Reply,
) -> list[Reply]:
    """A refusal changes nothing: the chat stays at the step it was at (its row exists for the next update)."""
    with state.uow() as uow:
        chat = load_chat(uow, chat_id, lang)
        chat.language, chat.step, chat.answers = lang, step, answers
        if not _commit_once(uow, update_id, recorded):
            return []
    return [reply]


RECORDED = "incasso.recorded_updates"  # update ids this process is handling and has recorded (webhook clears)


def _commit_once(uow: UnitOfWork, update_id: int, recorded: set[int]) -> bool:
    """Commit with the update recorded as handled; False (and nothing committed) if another delivery of the same
    update was handled already. Later turns of an update this process is handling just commit."""
    if update_id not in recorded:
        uow.session.add(TelegramUpdate(update_id=update_id, received_at=uow.clock.now()))
    try:
        uow.commit()
    except IntegrityError:
        uow.rollback()
        return False
    recorded.add(update_id)
    return True


def chat_id_of(update: Update) -> int:
    """The private chat of the update; a button on a message too old to be included still names its user."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    assert update.effective_user is not None
    return update.effective_user.id  # in a private chat the chat id is the user id


async def send(update: Update, context: ContextTypes.DEFAULT_TYPE, replies: list[Reply]) -> None:
    chat_id = chat_id_of(update)
    for reply in replies:
        await context.bot.send_message(chat_id, reply.text, reply_markup=reply.markup())


async def respond(update: Update, context: ContextTypes.DEFAULT_TYPE, handler: Callable[[Turn], None]) -> None:
    await send(update, context, await run_turn(update, context, handler))
