"""What every specialist listener needs: who may press (members of the agency's workspace only), running a core
call in a worker thread with its refusals turned into polite texts, and redrawing the card that was decided."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bots.slack.blocks.home import not_specialist_home
from bots.slack.context import SlackContext
from bots.slack.identity import in_thread
from bots.slack.specialist_cards import card_of, draw
from bots.slack.specialist_texts import t
from bots.slack.texts import LocaleCache
from core.actors import Actor
from core.errors import InvalidInput, NotFound, UserError
from core.uow import UnitOfWork

log = logging.getLogger("incasso.slack")


@dataclass
class Deps:
    ctx: SlackContext
    locales: LocaleCache = field(default_factory=LocaleCache)


@dataclass(frozen=True)
class Outcome:
    """What became of a core call: done, or refused with a text key (and, for a form, the field errors)."""

    refused: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    invalid: InvalidInput | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None and self.invalid is None


def specialist_of(deps: Deps, body: dict[str, Any]) -> Actor | None:
    """The specialist pressing, or None: the request must come from the agency's workspace, and so must the user
    (a guest from another organisation in a shared channel is not a specialist)."""
    team = (body.get("team") or {}).get("id") or ""
    user = body.get("user") or {}
    user_team = user.get("team_id") or team
    if not user.get("id") or not deps.ctx.is_specialist_team(team) or not deps.ctx.is_specialist_team(user_team):
        return None
    name = str(user.get("name") or user.get("username") or user["id"])[:100]
    return Actor.specialist(f"slack:{team}/{user['id']}", label=name)


async def language(deps: Deps, client: Any, body: dict[str, Any]) -> str:
    team = (body.get("team") or {}).get("id") or ""
    user = (body.get("user") or {}).get("id") or ""
    if not user:
        return deps.ctx.settings.slack_specialist_language
    return await deps.locales.language(client, team, user)


def object_id(value: object) -> int | None:
    """The id a button or a modal carries; anything else (a tampered value) is no id at all."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


async def run(deps: Deps, work: Callable[[UnitOfWork], Outcome | None]) -> Outcome:
    """One unit of work in a worker thread: committed if `work` returns None or an ok Outcome, else rolled back."""

    def _do() -> Outcome:
        with deps.ctx.uow() as uow:
            try:
                result = work(uow) or Outcome()
            except InvalidInput as exc:
                return Outcome(invalid=exc)
            except NotFound:
                return Outcome(refused="refused.not_found")
            except UserError as exc:
                return Outcome(refused="refused.conflict", params={"detail": str(exc)[:300]})
            if result.ok:
                uow.commit()
            return result

    try:
        return await in_thread(_do)
    except Exception:
        log.exception("slack: a specialist action failed")
        return Outcome(refused="refused.error")


async def tell(client: Any, body: dict[str, Any], text: str) -> None:
    """Answer the person who pressed, only to them: in the channel of the card, or as a direct message."""
    user = (body.get("user") or {}).get("id")
    channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id")
    try:
        if channel and user:
            await client.chat_postEphemeral(channel=channel, user=user, text=text)
        elif user:
            await client.chat_postMessage(channel=user, text=text)
    except Exception:  # the answer is a courtesy; the decision (or refusal) stands either way
        log.warning("slack: could not answer user %s", user, exc_info=True)


async def refuse(client: Any, body: dict[str, Any], lang: str, outcome: Outcome) -> None:
    if outcome.invalid is not None:
        await tell(client, body, outcome.invalid.in_language(lang))
    else:
        await tell(client, body, t(outcome.refused or "refused.error", lang, **outcome.params))


async def refuse_outsider(client: Any, body: dict[str, Any], lang: str) -> None:
    await tell(client, body, t("refused.not_specialist", lang))
    if (body.get("container") or {}).get("type") == "view" and (body.get("user") or {}).get("id"):
        try:  # an App Home that should never have shown specialist buttons: replace it
            await client.views_publish(user_id=body["user"]["id"], view=not_specialist_home(lang))
        except Exception:
            log.warning("slack: could not reset an App Home", exc_info=True)


def card_location(body: dict[str, Any]) -> dict[str, str] | None:
    """The channel message the button was on (None for App Home and modals)."""
    container = body.get("container") or {}
    if container.get("type") == "message" and container.get("channel_id") and container.get("message_ts"):
        return {"channel": str(container["channel_id"]), "ts": str(container["message_ts"])}
    return None


def metadata_of(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


async def redraw(deps: Deps, client: Any, kind: str, ident: int, *, pressed_on: dict[str, str] | None,
                 user_id: str | None, from_home: bool) -> None:
    """Show the decision everywhere: the card in the channel (kept, or the message pressed), and the App Home."""

    def _load() -> tuple[tuple[str, str] | None, tuple[str, list[dict[str, Any]]] | None]:
        with deps.ctx.uow(read_only=True) as uow:
            return card_of(uow, kind, ident), draw(uow, kind, ident, deps.ctx.settings.slack_specialist_language)

    kept, drawn = await in_thread(_load)
    if drawn is not None:
        places = {kept} if kept else set()
        if pressed_on:
            places.add((pressed_on["channel"], pressed_on["ts"]))
        for channel, ts in places:
            try:
                await client.chat_update(channel=channel, ts=ts, text=drawn[0], blocks=drawn[1])
            except Exception:  # the decision is recorded; a card that could not be redrawn only looks stale
                log.warning("slack: card %s %s at %s/%s not updated", kind, ident, channel, ts, exc_info=True)
    if from_home and user_id:
        from bots.slack.listeners.specialist.home import publish_specialist_home

        await publish_specialist_home(client, user_id, deps.ctx, locales=deps.locales)


Loaded = TypeVar("Loaded")


async def open_checked_modal(
    deps: Deps,
    client: Any,
    body: dict[str, Any],
    load: Callable[[UnitOfWork, str], Loaded | Outcome],
    view: Callable[[Loaded, str, dict[str, str] | None], dict[str, Any]],
) -> Loaded | Outcome | None:
    """A specialist's button that opens a modal: an outsider is refused; what the modal shows is read in a worker
    thread (`load` answers an Outcome when the item was decided meanwhile or is unknown), then the refusal is told
    or the modal opened. Returns what was loaded, the refusal, or None for an outsider."""
    lang = await language(deps, client, body)
    if specialist_of(deps, body) is None:
        await refuse_outsider(client, body, lang)
        return None

    def read() -> Loaded | Outcome:
        with deps.ctx.uow(read_only=True) as uow:
            return load(uow, lang)

    found = await in_thread(read)
    if isinstance(found, Outcome):
        await refuse(client, body, lang, found)
        return found
    await client.views_open(trigger_id=body["trigger_id"], view=view(found, lang, card_location(body)))
    return found


async def submitting_specialist(
    deps: Deps, ack: Any, body: dict[str, Any], client: Any, field: str
) -> tuple[str, Actor] | None:
    """A modal submitted: (language, the specialist), or None once a non-specialist was refused on `field`."""
    lang = await language(deps, client, body)
    actor = specialist_of(deps, body)
    if actor is None:
        await ack(response_action="errors", errors={field: t("refused.not_specialist", lang)})
        return None
    return lang, actor
