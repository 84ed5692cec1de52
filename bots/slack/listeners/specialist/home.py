"""The specialists' App Home: their queue (open disputes, approvals, calls due today, failed deliveries) with the
same buttons as the cards. A1's app_home_opened listener calls publish_specialist_home for the agency's workspace;
"send again" on a failed delivery and "refresh" live here."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.blocks.home import specialist_home
from bots.slack.blocks.judicial import home_sections, with_court_sections
from bots.slack.blocks.specialist import DELIVERY_RETRY, HOME_REFRESH
from bots.slack.context import SlackContext
from bots.slack.identity import in_thread
from bots.slack.listeners.specialist.common import (
    Deps,
    Outcome,
    language,
    object_id,
    refuse,
    refuse_outsider,
    run,
    specialist_of,
    tell,
)
from bots.slack.specialist_texts import language_of, t
from bots.slack.texts import LocaleCache
from core.judicial.queue import advices_waiting, cases_in_court
from core.services.queues import SpecialistQueue, retry_failed_message, specialist_queue
from core.uow import UnitOfWork

_LOCALES = LocaleCache()
COURT_ROOM = 24  # blocks for "advices waiting" and "cases in court" (listeners/specialist/advice.py, court.py)


async def publish_specialist_home(client: Any, user_id: str, ctx: SlackContext, *,
                                  locales: LocaleCache | None = None) -> None:
    """Publish the queue as `user_id`'s App Home (the caller checked that they are a specialist)."""

    def load() -> tuple[SpecialistQueue, Any, list[Any], list[Any]]:
        with ctx.uow(read_only=True) as uow:
            return specialist_queue(uow), uow.clock.now(), advices_waiting(uow), cases_in_court(uow)

    queue, now, advices, court = await in_thread(load)
    lang = language_of(await (locales or _LOCALES).language(client, ctx.settings.slack_specialist_team_id, user_id))
    view = with_court_sections(specialist_home(queue, lang, now),
                               home_sections(advices, court, lang, room=COURT_ROOM))
    await client.views_publish(user_id=user_id, view=view)


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(HOME_REFRESH)
    async def refresh(ack: Any, body: dict[str, Any], client: Any) -> None:
        await ack()
        lang = await language(deps, client, body)
        if specialist_of(deps, body) is None:
            await refuse_outsider(client, body, lang)
            return
        await publish_specialist_home(client, body["user"]["id"], deps.ctx, locales=deps.locales)

    @app.action(DELIVERY_RETRY)
    async def retry(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()
        lang = await language(deps, client, body)
        actor = specialist_of(deps, body)
        if actor is None:
            await refuse_outsider(client, body, lang)
            return
        message_id = object_id(action.get("value"))

        def work(uow: UnitOfWork) -> Outcome | None:
            retry_failed_message(uow, actor, message_id or 0)
            return None

        outcome = await run(deps, work)
        if not outcome.ok:
            await refuse(client, body, lang, outcome)
            return
        await tell(client, body, t("done.retry", lang, id=message_id))
        if (body.get("container") or {}).get("type") == "view":
            await publish_specialist_home(client, body["user"]["id"], deps.ctx, locales=deps.locales)
