"""Documents from a file_input, after the ack: asked of Slack (files.info), downloaded with the bot token, checked
by content (core's checks: type by its bytes, at most 20 MB) and stored as case documents with their checksum.

A refused file gets a message saying why. Slack answers a download without the right token with an HTML sign-in
page (status 200), so an HTML answer is refused as such, never stored as a "text" document. This runs as a task
in this process after the ack (a clean shutdown waits up to 30 s for it): if the process is killed mid-way the
claim is kept (it was committed first) and the creditor can add the documents later through the API.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from bots.slack.identity import Who, in_thread
from bots.slack.listeners.creditor.common import Deps, tell
from bots.slack.texts import t
from core.documents_store import ALLOWED_MEDIA_TYPES, MAX_DOCUMENT_BYTES, DocumentRefused, sniff_media_type
from core.errors import UserError
from core.services.documents import add_document

log = logging.getLogger("incasso.slack")

DOWNLOAD_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class Refused(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason  # a text key
        super().__init__(reason)


def _looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


async def download(client: Any, token: str, file_id: str) -> tuple[str, bytes]:
    """(file name, bytes) of a Slack file, or Refused with the reason."""
    try:
        info = (await client.files_info(file=file_id)).get("file") or {}
    except Exception:
        log.warning("slack: files.info failed for %s", file_id, exc_info=True)
        raise Refused("file_download_failed") from None
    name = str(info.get("name") or file_id)
    if int(info.get("size") or 0) > MAX_DOCUMENT_BYTES:
        raise Refused("file_too_big")
    url = info.get("url_private_download") or info.get("url_private")
    if not url:
        raise Refused("file_download_failed")
    chunks, size = [], 0
    try:
        async with httpx.AsyncClient(timeout=DOWNLOAD_TIMEOUT, follow_redirects=True) as http, http.stream(
            "GET", url, headers={"Authorization": f"Bearer {token}"}
        ) as response:
            if response.status_code != 200:
                raise Refused("file_download_failed")
            if response.headers.get("content-type", "").startswith("text/html"):
                raise Refused("file_login_page")
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_DOCUMENT_BYTES:
                    raise Refused("file_too_big")
                chunks.append(chunk)
    except httpx.HTTPError:
        raise Refused("file_download_failed") from None
    data = b"".join(chunks)
    if _looks_like_html(data):
        raise Refused("file_login_page")
    if not data:
        raise Refused("file_empty")
    if sniff_media_type(data, name) not in ALLOWED_MEDIA_TYPES:
        raise Refused("file_type")
    return name, data


def _store(deps: Deps, who: Who, reference: str, kind: str, name: str, data: bytes) -> None:
    assert who.actor is not None
    with deps.ctx.uow() as uow:
        add_document(uow, who.actor, reference, kind=kind, file_name=name, data=data)
        uow.commit()


async def store_documents(deps: Deps, client: Any, token: str, who: Who, reference: str,
                          documents: list[tuple[str, dict[str, Any]]]) -> None:
    stored, refused = 0, []
    for kind, slack_file in documents:
        name = str(slack_file.get("name") or slack_file.get("id"))
        try:
            name, data = await download(client, token, str(slack_file["id"]))
            await in_thread(_store, deps, who, reference, kind, name, data)
            stored += 1
        except Refused as exc:
            refused.append(t(who.lang, "file_refused", name=name, reference=reference, why=t(who.lang, exc.reason)))
        except DocumentRefused:
            refused.append(t(who.lang, "file_refused", name=name, reference=reference, why=t(who.lang, "file_type")))
        except UserError as exc:  # e.g. the case is not this creditor's: nothing stored
            refused.append(t(who.lang, "file_refused", name=name, reference=reference, why=str(exc)))
    lines = [t(who.lang, "files_stored", count=stored, reference=reference)] if stored else []
    await tell(client, who.user_id, "\n".join(lines + refused))
