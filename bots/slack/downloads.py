"""Creditors' documents from Slack, fetched durably: from rows written with the claim (core.services.inbound_files).

Right after the ack the submission's own rows are fetched in this process (`fetch(ids)`); a sweep at start-up and
every few minutes (`start`) fetches whatever is still pending — a process killed mid-way, Slack down for a while.
Each row is leased to one worker and ends in one transaction with its document, so a file is stored once however
many workers run. Then the creditor who handed it over gets a direct message: stored, or refused and why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bots.slack.context import SlackContext
from bots.slack.identity import in_thread
from bots.slack.installations import bot_token_for_team
from bots.slack.slack_files import Refused, download
from bots.slack.texts import TEXTS, t
from core.documents_store import DocumentRefused
from core.errors import UserError
from core.services.inbound_files import (
    REFUSED,
    STORED,
    Claimed,
    Outcome,
    claim_inbound_files,
    mark_told,
    refuse_inbound_file,
    retry_inbound_file,
    store_inbound_file,
    untold_inbound_files,
)

log = logging.getLogger("incasso.slack")

SOURCE = "slack"
SWEEP_EVERY = 120.0  # seconds between sweeps for rows left pending (a stopped process, a retry that is due)
BATCH = 10


class FileFetcher:
    def __init__(self, ctx: SlackContext, base_url: str) -> None:
        self.ctx = ctx
        self.base_url = base_url
        self._clients: dict[str, AsyncWebClient] = {}
        self._loop: asyncio.Task[None] | None = None

    # -- the work ---------------------------------------------------------------------------------------------
    async def fetch(self, ids: list[int] | None = None) -> int:
        """Fetch the due pending rows (only `ids`, if given), then tell their senders. Returns rows finished."""
        finished = 0
        while True:
            claimed = await in_thread(self._claim, ids)
            if not claimed:
                break
            for row in claimed:
                finished += await self._one(row)
            if ids is not None:
                break
        await self.tell(ids)
        return finished

    async def sweep(self) -> int:
        return await self.fetch(None)

    def _claim(self, ids: list[int] | None) -> list[Claimed]:
        with self.ctx.uow() as uow:
            return claim_inbound_files(uow, SOURCE, ids=ids, limit=BATCH)

    async def _one(self, row: Claimed) -> int:
        try:
            token = await in_thread(self._token, row.source_account)
            if token is None:
                raise Refused("file_download_failed", transient=True)
            name, data = await download(self._client(token), token, row.source_file_id)
        except Refused as exc:
            return await in_thread(self._not_stored, row, exc.reason, exc.transient)
        return await in_thread(self._store, row, name, data)

    def _store(self, row: Claimed, name: str, data: bytes) -> int:
        with self.ctx.uow() as uow:
            try:
                stored = store_inbound_file(uow, row, name, data)
            except DocumentRefused:
                uow.rollback()
                return self._not_stored(row, "file_type", False, name)
            except UserError as exc:  # e.g. the case ended meanwhile: nothing stored, the reason told
                uow.rollback()
                return self._not_stored(row, str(exc), False, name)
            if stored is None:
                log.info("slack: file row %s was taken over by another worker", row.id)
                return 0
            uow.commit()
            return 1

    def _not_stored(self, row: Claimed, reason: str, transient: bool, name: str | None = None) -> int:
        with self.ctx.uow() as uow:
            ended = retry_inbound_file(uow, row, reason) if transient else refuse_inbound_file(uow, row, reason, name)
            uow.commit()
            return int(ended)

    def _token(self, team_id: str) -> str | None:
        with self.ctx.uow(read_only=True) as uow:
            return bot_token_for_team(uow, team_id) or self.ctx.settings.slack_bot_token or None

    def _client(self, token: str) -> AsyncWebClient:
        if token not in self._clients:
            self._clients[token] = AsyncWebClient(token=token, base_url=self.base_url)
        return self._clients[token]

    # -- telling the creditor -----------------------------------------------------------------------------------
    async def tell(self, ids: list[int] | None = None) -> None:
        """One direct message per sender and case: what was stored, what was refused and why.

        The rows are marked told before the message goes (so two workers never both tell); a message that
        could not be sent is unmarked, and the next sweep tries again."""
        outcomes = await in_thread(self._untold, ids)
        groups: dict[tuple[str, str, str, str], list[Outcome]] = defaultdict(list)
        for outcome in outcomes:
            groups[(outcome.source_account, outcome.source_user, outcome.case_reference, outcome.language)].append(
                outcome)
        for (team, user, reference, lang), items in groups.items():
            mine = await in_thread(self._mark, [o.id for o in items])
            items = [o for o in items if o.id in mine]
            if not items:
                continue
            try:
                token = await in_thread(self._token, team)
                if token is None:
                    raise RuntimeError(f"no bot token for workspace {team}")
                await self._client(token).chat_postMessage(channel=user, text=report(lang, reference, items))
            except Exception:
                log.warning("slack: could not tell %s/%s about their documents; next sweep tries again", team, user,
                            exc_info=True)
                await in_thread(self._unmark, [o.id for o in items])

    def _untold(self, ids: list[int] | None) -> list[Outcome]:
        with self.ctx.uow(read_only=True) as uow:
            return untold_inbound_files(uow, SOURCE, ids=ids)

    def _mark(self, ids: list[int]) -> set[int]:
        with self.ctx.uow() as uow:
            marked = set(mark_told(uow, ids))
            uow.commit()
            return marked

    def _unmark(self, ids: list[int]) -> None:
        from sqlalchemy import update

        from core.db.models import InboundFile

        with self.ctx.uow() as uow:
            uow.session.execute(update(InboundFile).where(InboundFile.id.in_(ids)).values(told_at=None))
            uow.commit()

    # -- the sweep loop -------------------------------------------------------------------------------------------
    async def start(self) -> None:
        """At start-up: sweep now (rows a stopped process left), then every SWEEP_EVERY seconds."""
        self._loop = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
            self._loop = None

    async def _run(self) -> None:
        while True:
            try:
                finished = await self.sweep()
                if finished:
                    log.info("slack: %d document(s) fetched by the sweep", finished)
            except Exception:
                log.exception("slack: the document sweep failed; it runs again in %.0f s", SWEEP_EVERY)
            await asyncio.sleep(SWEEP_EVERY)


def report(lang: str, reference: str, items: list[Outcome]) -> str:
    stored = sum(1 for o in items if o.status == STORED)
    lines = [t(lang, "files_stored", count=stored, reference=reference)] if stored else []
    for o in items:
        if o.status == REFUSED:
            why = t(lang, o.reason) if o.reason in TEXTS else (o.reason or t(lang, "file_download_failed"))
            lines.append(t(lang, "file_refused", name=o.file_name, reference=reference, why=why))
    return "\n".join(lines)


def documents_of(values: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, str, str | None]]:
    """(kind, Slack file id, name) of each file in a submission, each file once."""
    seen: set[str] = set()
    found = []
    for kind, slack_file in values:
        file_id = str(slack_file.get("id") or "")
        if file_id and file_id not in seen:
            seen.add(file_id)
            found.append((kind, file_id, str(slack_file.get("name") or "") or None))
    return found
