"""The python-telegram-bot Application: built without an updater (our webhook route feeds it), with PTB's rate
limiter, and with every handler routed to the conversation modules in bots/telegram/handlers."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bots.telegram.conversation import RECORDED, Turn, respond, run_turn, send
from bots.telegram.handlers import arrangement, call_back, cannot_pay, complaint, connect, dispute, menu
from bots.telegram.texts import COMMANDS, t

if TYPE_CHECKING:
    from api.state import AppState

log = logging.getLogger("incasso.telegram")

FLOWS = (menu, connect, arrangement, dispute, call_back, cannot_pay, complaint)
BUTTONS: dict[str, Any] = {key: handler for flow in FLOWS for key, handler in flow.BUTTONS.items()}
STEPS: dict[str, Any] = {key: handler for flow in FLOWS for key, handler in flow.STEPS.items()}
# Telegram retries a 429 after retry_after; a burst of reminders waits in the limiter instead of failing
RATE_LIMIT_RETRIES = 3


def build_application(state: AppState, request: BaseRequest | None = None) -> Application:
    settings = state.settings
    builder = ApplicationBuilder().token(settings.telegram_bot_token).updater(None)
    if settings.telegram_api_url:
        base = settings.telegram_api_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(_file_url_of(base))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    builder = builder.rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
    application = builder.build()
    application.bot_data["state"] = state
    register_handlers(application)
    return application


def _file_url_of(base: str) -> str:
    """https://api.telegram.org/bot -> https://api.telegram.org/file/bot (the Bot API's file download root)."""
    head, _, tail = base.rpartition("/")
    return f"{head}/file/{tail}" if tail.startswith("bot") else f"{base}/file/bot"


def register_handlers(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", _start, filters=private))
    for names, handler in (
        (("menu",), menu.show_menu),
        (("help",), menu.show_help),
        (("taal", "language"), None),
        (("stop",), menu.stop),
        (("annuleer", "cancel"), menu.cancel),
    ):
        callback = _language_command if handler is None else _command(handler)
        application.add_handler(CommandHandler(list(names), callback, filters=private))
    application.add_handler(CallbackQueryHandler(_button))
    application.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE & (filters.PHOTO | filters.Document.ALL), dispute.on_file)
    )
    application.add_handler(MessageHandler(private & filters.UpdateType.MESSAGE & filters.COMMAND, _unknown_command))
    application.add_handler(MessageHandler(private & filters.UpdateType.MESSAGE & filters.TEXT, _text))
    application.add_handler(MessageHandler(private & filters.UpdateType.MESSAGE, _unsupported))
    # after every other handler (a later group runs after the earlier ones): the update is no longer in hand, so a
    # repeat of it (a webhook retry, a getUpdates that hands it out again) finds it recorded and does nothing
    application.add_handler(TypeHandler(Update, _done_with_update), group=DONE_GROUP)
    application.add_error_handler(_on_error)


DONE_GROUP = 99


async def _done_with_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.application.bot_data.setdefault(RECORDED, set()).discard(update.update_id)


def _command(handler: Any) -> Any:
    async def callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await respond(update, context, handler)

    return callback


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    payload = context.args[0] if context.args else None
    await respond(update, context, lambda turn: connect.start(turn, payload))


async def _language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    choice = (context.args[0].lower() if context.args else "")[:2]
    if choice in ("nl", "en"):
        await respond(update, context, lambda turn: menu.set_language(turn, [choice]))
    else:
        await respond(update, context, menu.ask_language)


async def _text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = update.effective_message.text or ""  # type: ignore[union-attr]

    def route(turn: Turn) -> None:
        handler = STEPS.get(turn.step or "")
        if handler is None:
            menu.unexpected_text(turn)
        else:
            handler(turn, text)

    await respond(update, context, route)


async def _unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await respond(update, context, menu.unknown_command)


async def _unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await respond(update, context, menu.unsupported)


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed inline button: acknowledge it, close the keyboard it was on (showing the choice), then act."""
    query = update.callback_query
    assert query is not None
    data = query.data or ""
    parts = data.split(":")
    handler = BUTTONS.get(":".join(parts[:2]))
    args = parts[2:]
    if handler is None:
        handler, args = BUTTONS.get(parts[0]), parts[1:]
    await query.answer()
    if query.message is not None and getattr(query.message, "text", None):
        label = _label_of(query, data)
        text = f"{query.message.text}\n\n→ {label}" if label else query.message.text
        try:
            await query.edit_message_text(text, reply_markup=None)
        except Exception:  # an old message can no longer be edited; the action itself still counts
            log.info("could not close the keyboard of message %s", query.message.message_id)
    if handler is None:
        await respond(update, context, _stale)
        return
    await respond(update, context, lambda turn: handler(turn, args))


def _stale(turn: Turn) -> None:
    raise turn.refuse("stale_button")


def _label_of(query: Any, data: str) -> str | None:
    markup = getattr(query.message, "reply_markup", None)
    for row in getattr(markup, "inline_keyboard", ()) or ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("telegram update failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        phone = context.application.bot_data["state"].settings.agency_phone
        text = f"{t('nl', 'error', phone=phone)}\n\n{t('en', 'error', phone=phone)}"
        try:
            await context.bot.send_message(update.effective_chat.id, text)
        except Exception:
            log.warning("could not tell chat %s about the error", update.effective_chat.id)


async def register_commands(application: Application) -> None:
    """The command menu in Dutch (default) and English."""
    for lang, commands in COMMANDS.items():
        await application.bot.set_my_commands(
            [BotCommand(name, description) for name, description in commands],
            language_code=None if lang == "nl" else lang,
        )
    await application.bot.set_my_commands(
        [BotCommand(name, description) for name, description in COMMANDS["nl"]], language_code="nl"
    )


__all__ = ["build_application", "register_commands", "run_turn", "send"]
