"""Who is asking: a Slack (team, user) becomes a core Actor, or nobody.

A member of a linked creditor workspace acts for that creditor (Actor.creditor); a member of the agency's workspace
(SLACK_SPECIALIST_TEAM_ID) is a specialist; anyone else has no rights and changes nothing. Database work of the
listeners runs in a worker thread (`in_thread`): our sessions are synchronous, Bolt's listeners are not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from bots.slack.context import SlackContext
from bots.slack.texts import LocaleCache
from bots.slack.workspaces import LinkedWorkspace, workspace_for_team
from core.actors import Actor

T = TypeVar("T")


async def in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await asyncio.to_thread(fn, *args, **kwargs)


@dataclass(frozen=True)
class Who:
    team_id: str
    user_id: str
    actor: Actor | None  # None: a workspace that is not linked (and not the agency's)
    workspace: LinkedWorkspace | None
    lang: str

    @property
    def is_specialist(self) -> bool:
        return self.actor is not None and self.actor.creditor_id is None

    @property
    def is_creditor(self) -> bool:
        return self.workspace is not None and self.actor is not None and self.actor.creditor_id is not None


def ids_of(body: dict[str, Any]) -> tuple[str, str]:
    """(team_id, user_id) from a command, an interaction payload or an event envelope."""
    if "command" in body:
        return body.get("team_id", ""), body.get("user_id", "")
    if "event" in body:
        event = body["event"]
        return body.get("team_id", ""), event.get("user", "") if isinstance(event.get("user"), str) else ""
    team = body.get("team") or {}
    user = body.get("user") or {}
    return (team.get("id") or user.get("team_id") or ""), user.get("id", "")


def _lookup(ctx: SlackContext, team_id: str, user_id: str) -> tuple[Actor | None, LinkedWorkspace | None]:
    if ctx.is_specialist_team(team_id):
        return Actor.specialist(user_id, label=f"slack:{team_id}/{user_id}"), None
    with ctx.uow(read_only=True) as uow:
        workspace = workspace_for_team(uow, team_id)
    if workspace is None:
        return None, None
    return Actor.creditor(workspace.creditor_id, user_id=user_id, label=f"slack:{team_id}/{user_id}"), workspace


async def who(ctx: SlackContext, locales: LocaleCache, client: Any, body: dict[str, Any]) -> Who:
    team_id, user_id = ids_of(body)
    actor, workspace = await in_thread(_lookup, ctx, team_id, user_id)
    lang = workspace.language if workspace and workspace.language else None
    if lang is None:
        lang = await locales.language(client, team_id, user_id) if user_id else "nl"
    return Who(team_id, user_id, actor, workspace, lang)
