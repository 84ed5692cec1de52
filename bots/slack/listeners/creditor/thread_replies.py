"""A creditor answers in a case thread (e.g. to a specialist's question about a dispute): message events in the case
channels (message.channels, message.groups) whose thread is a case's parent message (slack_case_threads) become a
"creditor_replied" case event through core.services.creditor_replies, which forwards them to the specialists.

Ignored, changing nothing: messages outside a case thread, the thread's parent, bots (ours included), edits and
deletions (subtypes), authors from another workspace (a shared channel), and threads of a case that is not this
workspace's creditor's. Slack's retries carry the same event_id and are dropped by the dedupe wrapper (dedupe.py);
core also records each message (team/channel/ts) once.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from sqlalchemy import select

from bots.slack.identity import in_thread
from bots.slack.judicial_texts import t
from bots.slack.listeners.creditor.common import Deps
from bots.slack.workspaces import workspace_for_team
from core.actors import Actor
from core.db.models import Case, SlackCaseThread
from core.services.creditor_replies import record_creditor_reply

log = logging.getLogger("incasso.slack")

# a plain message, one also sent to the channel, one with files; not message_changed, message_deleted, bot_message…
ANSWER_SUBTYPES = (None, "thread_broadcast", "file_share")
CHANNEL_TYPES = ("channel", "group")


def is_answer(event: dict[str, Any], team_id: str) -> bool:
    """A person's new reply inside a thread of a channel, written by a member of this workspace."""
    thread_ts, ts = event.get("thread_ts"), event.get("ts")
    author_team = event.get("user_team") or event.get("team") or team_id
    return (event.get("subtype") in ANSWER_SUBTYPES and not event.get("bot_id") and bool(event.get("user"))
            and event.get("channel_type") in CHANNEL_TYPES and bool(thread_ts) and thread_ts != ts
            and author_team == team_id)


def _record(deps: Deps, team_id: str, event: dict[str, Any]) -> tuple[str, str] | None:
    """(reference, language) when the reply was recorded; None when it is no case thread of this creditor's."""
    channel, user = str(event.get("channel")), str(event["user"])
    with deps.ctx.uow() as uow:
        workspace = workspace_for_team(uow, team_id)
        if workspace is None:
            return None
        thread = uow.session.scalars(select(SlackCaseThread).where(
            SlackCaseThread.team_id == team_id, SlackCaseThread.channel == channel,
            SlackCaseThread.ts == str(event["thread_ts"]))).one_or_none()
        if thread is None:
            return None
        case = uow.session.get_one(Case, thread.case_id)
        if case.creditor_id != workspace.creditor_id:  # a thread the workspace no longer speaks for
            return None
        actor = Actor.creditor(workspace.creditor_id, user_id=user, label=f"slack:{team_id}/{user}")
        files = [str(f.get("name") or f.get("id")) for f in event.get("files") or [] if isinstance(f, dict)]
        recorded = record_creditor_reply(uow, actor, case.reference, str(event.get("text") or ""),
                                         source=f"slack:{team_id}/{channel}/{event.get('ts')}", attachments=files)
        uow.commit()
        return (case.reference, workspace.language or "nl") if recorded is not None else None


def register(app: AsyncApp, deps: Deps) -> None:
    @app.event("message")
    async def message(event: dict[str, Any], body: dict[str, Any], client: Any) -> None:
        team_id = str(body.get("team_id") or "")
        if deps.ctx.is_specialist_team(team_id) or not is_answer(event, team_id):
            return
        try:
            recorded = await in_thread(_record, deps, team_id, event)
        except Exception:
            log.exception("slack: a reply in a case thread could not be recorded")
            return
        if recorded is None:
            return
        reference, lang = recorded
        try:  # only the author sees it, in the thread
            await client.chat_postEphemeral(channel=event["channel"], user=event["user"], thread_ts=event["thread_ts"],
                                            text=t("thread.forwarded", lang, ref=reference))
        except Exception:
            log.warning("slack: could not confirm a case thread reply", exc_info=True)
