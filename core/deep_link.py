"""Telegram deep-link tokens: derived from the case with an HMAC, so every letter and retry prints the same one.

The token is 256 bits (URL-safe base64, 43 characters: within Telegram's 64-character `start` payload). Only
its SHA-256 is stored on the case, so a database leak does not reveal working links.
"""

from __future__ import annotations

import base64
import hashlib
import hmac


def token_for(case_id: int, key: bytes) -> str:
    digest = hmac.new(key, f"telegram-deep-link:{case_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def deep_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"
