"""Requests as Slack sends them to our app: the signature, and full payloads for slash commands, view submissions,
button clicks and events. The tests and the demo both drive the real Bolt app with these."""

from __future__ import annotations

import json
import time
import urllib.parse
from typing import Any

from slack_sdk.signature import SignatureVerifier

FORM = "application/x-www-form-urlencoded"


def sign(body: str, *, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's headers: HMAC-SHA256 of `v0:{timestamp}:{body}`; Bolt refuses a timestamp older than 5 minutes, so
    the wall clock is used here even when the service runs on a simulated one."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def _user(user_id: str, team_id: str, name: str) -> dict[str, Any]:
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def view_submission(callback_id: str, values: dict[str, Any], *, view_id: str, private_metadata: str,
                    team_id: str, user_id: str, user_name: str = "anna") -> dict[str, Any]:
    """A view_submission with view.type (Bolt needs it) and file_input files inside state.values."""
    view = {"id": view_id, "team_id": team_id, "type": "modal", "callback_id": callback_id, "blocks": [],
            "private_metadata": private_metadata, "state": {"values": values}, "hash": "1700000000.abcdef",
            "title": {"type": "plain_text", "text": "Incasso"}, "close": None, "submit": None,
            "previous_view_id": None, "root_view_id": view_id, "app_id": "A0FAKE", "external_id": "",
            "app_installed_team_id": team_id, "bot_id": "B0BOT", "clear_on_close": False,
            "notify_on_close": False}
    return {"type": "view_submission", "team": {"id": team_id, "domain": "workspace"},
            "user": _user(user_id, team_id, user_name), "api_app_id": "A0FAKE", "token": "legacy",
            "trigger_id": f"trigger-{time.monotonic_ns()}", "view": view, "response_urls": [],
            "is_enterprise_install": False, "enterprise": None}


def block_actions(action_id: str, value: str = "", *, team_id: str, user_id: str, user_name: str = "anna",
                  view: dict[str, Any] | None = None, channel: str | None = None, message_ts: str | None = None,
                  block_id: str = "b", action_ts: str | None = None) -> dict[str, Any]:
    """One button click: on a message in a channel (`channel` + `message_ts`), else in a view (App Home default)."""
    action = {"action_id": action_id, "block_id": block_id, "type": "button", "value": value,
              "text": {"type": "plain_text", "text": action_id}, "action_ts": action_ts or f"{time.time():.6f}"}
    payload: dict[str, Any] = {
        "type": "block_actions", "user": _user(user_id, team_id, user_name), "api_app_id": "A0FAKE",
        "token": "legacy", "trigger_id": f"trigger-{time.monotonic_ns()}", "team": {"id": team_id, "domain": "x"},
        "enterprise": None, "is_enterprise_install": False, "actions": [action],
    }
    if channel is not None:
        payload |= {
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": False},
            "channel": {"id": channel, "name": "channel"},
            "message": {"type": "message", "ts": message_ts, "text": "", "user": "U0BOT", "blocks": []},
            "state": {"values": {}}, "response_url": "https://hooks.slack.invalid/actions/T0/1/x",
        }
        return payload
    view = view or {"id": "V0HOME", "team_id": team_id, "type": "home", "blocks": [], "private_metadata": "",
                    "callback_id": "", "state": {"values": {}}, "hash": "1700000000.home", "app_id": "A0FAKE"}
    return payload | {"container": {"type": "view", "view_id": view["id"]}, "view": view}


def command_form(text: str, *, team_id: str, user_id: str, channel_id: str, command: str = "/incasso",
                 user_name: str = "anna", **extra: str) -> str:
    """A slash command as Slack posts it (form-encoded)."""
    fields = {"token": "legacy", "team_id": team_id, "team_domain": "workspace", "channel_id": channel_id,
              "channel_name": "incasso", "user_id": user_id, "user_name": user_name, "command": command,
              "text": text, "api_app_id": "A0FAKE", "response_url": "https://hooks.slack.invalid/commands/1",
              "trigger_id": f"trigger-{time.monotonic_ns()}", **extra}
    return urllib.parse.urlencode(fields)


def interaction_form(payload: dict[str, Any]) -> str:
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


def event_envelope(event: dict[str, Any], *, team_id: str, event_id: str) -> str:
    envelope = {"token": "legacy", "team_id": team_id, "api_app_id": "A0FAKE", "event": event,
                "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
                "authorizations": [{"team_id": team_id, "user_id": "U0BOT", "is_bot": True}]}
    return json.dumps(envelope)
