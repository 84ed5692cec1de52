"""Fetching one document from Slack: asked of Slack (files.info), downloaded with the bot token, checked by content
(core's checks: type by its bytes, at most 20 MB).

Slack answers a download without the right token with an HTML sign-in page (status 200), so an HTML answer is
refused as such, never stored as a "text" document. Which files to fetch, storing them and telling the creditor is
bots/slack/downloads.py: the rows it works from are written with the claim, so a stopped process loses nothing.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from slack_sdk.errors import SlackApiError

from core.documents_store import ALLOWED_MEDIA_TYPES, MAX_DOCUMENT_BYTES, sniff_media_type

log = logging.getLogger("incasso.slack")

DOWNLOAD_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
# Slack's answers to files.info that will not change by asking again
GONE = frozenset({"file_not_found", "file_deleted", "not_authed", "invalid_auth", "account_inactive",
                  "token_revoked", "no_permission", "missing_scope"})


class Refused(Exception):
    """The file is not stored. `reason`: a text key; `transient`: asking again later may work."""

    def __init__(self, reason: str, *, transient: bool = False) -> None:
        self.reason = reason
        self.transient = transient
        super().__init__(reason)


def _looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


async def download(client: Any, token: str, file_id: str) -> tuple[str, bytes]:
    """(file name, bytes) of a Slack file, or Refused with the reason."""
    try:
        info = (await client.files_info(file=file_id)).get("file") or {}
    except SlackApiError as exc:
        error = str(exc.response.get("error", "")) if exc.response is not None else ""
        log.warning("slack: files.info failed for %s: %s", file_id, error)
        raise Refused("file_download_failed", transient=error not in GONE) from None
    except Exception:
        log.warning("slack: files.info failed for %s", file_id, exc_info=True)
        raise Refused("file_download_failed", transient=True) from None
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
                raise Refused("file_download_failed", transient=response.status_code in (408, 429)
                              or response.status_code >= 500)
            if response.headers.get("content-type", "").startswith("text/html"):
                raise Refused("file_login_page")
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_DOCUMENT_BYTES:
                    raise Refused("file_too_big")
                chunks.append(chunk)
    except httpx.HTTPError:
        raise Refused("file_download_failed", transient=True) from None
    data = b"".join(chunks)
    if _looks_like_html(data):
        raise Refused("file_login_page")
    if not data:
        raise Refused("file_empty")
    if sniff_media_type(data, name) not in ALLOWED_MEDIA_TYPES:
        raise Refused("file_type")
    return name, data
