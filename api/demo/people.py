"""The people of the demo, acting through the real interfaces: a creditor and a specialist in Slack (signed requests
into /slack/events), debtors in Telegram (updates through /telegram/webhook with the secret header)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from api.demo.world import SIGNING_SECRET, WEBHOOK_SECRET, World, eventually
from bots.stand_ins.slack_requests import (
    FORM,
    block_actions,
    command_form,
    event_envelope,
    interaction_form,
    sign,
    view_submission,
)
from bots.stand_ins.telegram_updates import SECRET_HEADER, UpdateBuilder, button_data, carrier_of

_updates = UpdateBuilder()


@dataclass
class SlackUser:
    world: World
    team_id: str
    user_id: str
    name: str
    channel_id: str
    _events: int = 0

    async def _post(self, body: str, content_type: str) -> httpx.Response:
        headers = {"Content-Type": content_type, **sign(body, secret=SIGNING_SECRET)}
        answer = await self.world.client.post("/slack/events", content=body, headers=headers)
        if answer.status_code != 200:
            raise RuntimeError(f"Slack request refused: {answer.status_code} {answer.text[:200]}")
        return answer

    async def command(self, text: str) -> dict[str, Any]:
        answer = await self._post(command_form(text, team_id=self.team_id, user_id=self.user_id,
                                               channel_id=self.channel_id, user_name=self.name), FORM)
        return answer.json() if answer.content else {}

    async def submit(self, callback_id: str, values: dict[str, Any], *, private_metadata: str,
                     view_id: str) -> dict[str, Any]:
        payload = view_submission(callback_id, values, view_id=view_id, private_metadata=private_metadata,
                                  team_id=self.team_id, user_id=self.user_id, user_name=self.name)
        answer = await self._post(interaction_form(payload), FORM)
        return answer.json() if answer.content else {}

    async def click(self, action_id: str, value: str, *, channel: str | None = None,
                    message_ts: str | None = None) -> None:
        payload = block_actions(action_id, value, team_id=self.team_id, user_id=self.user_id, user_name=self.name,
                                channel=channel, message_ts=message_ts)
        await self._post(interaction_form(payload), FORM)

    async def open_home(self) -> None:
        self._events += 1
        event = {"type": "app_home_opened", "user": self.user_id, "channel": f"D{self.user_id}", "tab": "home",
                 "event_ts": "1700000000.000100"}
        await self._post(event_envelope(event, team_id=self.team_id,
                                        event_id=f"Ev{self.user_id}{self._events:04d}"), "application/json")


@dataclass
class Debtor:
    """A debtor in their own Telegram chat."""

    world: World
    name: str
    chat_id: int
    language: str
    first_name: str
    last_name: str
    said: list[str] = field(default_factory=list)  # what the debtor typed or pressed, for the transcript

    @property
    def _sender(self) -> dict[str, Any]:
        return _updates.user(self.chat_id, self.language, self.first_name, self.last_name)

    def _date(self) -> int:
        return int(self.world.clock.now().timestamp())

    async def _post(self, update: dict[str, Any]) -> None:
        answer = await self.world.client.post("/telegram/webhook", json=update,
                                              headers={SECRET_HEADER: WEBHOOK_SECRET})
        if answer.status_code != 200:
            raise RuntimeError(f"Telegram update refused: {answer.status_code}")

    async def say(self, text: str) -> None:
        self.said.append(text)
        await self._post(_updates.text(self.chat_id, text, date=self._date(), sender=self._sender))

    async def press(self, data: str) -> None:
        carrier = carrier_of(self.world.telegram, self.chat_id, data)
        if carrier is None:
            raise RuntimeError(f"no button {data!r} in {self.name}'s chat")
        label = next(lbl for lbl, d in self.world.telegram.buttons(carrier) if d == data)
        self.said.append(f"[{label}]")
        await self._post(_updates.press(carrier, self.chat_id, data, sender=self._sender))

    async def press_first(self, prefix: str) -> str:
        data = await eventually(lambda: next((d for c in reversed(self.world.telegram.sent("sendMessage", self.chat_id))
                                              for _, d in self.world.telegram.buttons(c) if d.startswith(prefix)),
                                             None), timeout=2)
        await self.press(data)
        return str(data)

    async def press_label(self, label_part: str) -> None:
        data = button_data(self.world.telegram, self.chat_id, label_part)
        if data is None:
            raise RuntimeError(f"no button labelled {label_part!r} in {self.name}'s chat")
        await self.press(data)

    async def send_photo(self, content: bytes) -> None:
        self.said.append("(photo)")
        await self._post(_updates.photo(self.world.telegram, self.chat_id, content, date=self._date(),
                                        language=self.language))

    def last(self) -> str:
        return self.world.telegram.last_text(self.chat_id)


def slack_button(world: World, action_id: str, *, channel: str | None = None) -> tuple[str, str, str] | None:
    """(channel, value, message ts) of the latest button with this action id that Slack showed in a message."""
    for call in reversed(world.slack.calls):
        if call.method not in ("chat.postMessage", "chat.update"):
            continue
        if channel is not None and call.params.get("channel") != channel:
            continue
        blocks = call.params.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        for block in blocks:
            for element in [*(block.get("elements") or []), block.get("accessory") or {}]:
                if isinstance(element, dict) and element.get("action_id") == action_id:
                    ts = str(call.params.get("ts") or (call.result or {}).get("ts") or "")
                    return str(call.params.get("channel", "")), str(element.get("value", "")), ts
    return None
