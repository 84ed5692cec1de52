"""The Slack app manifest declares exactly what the Bolt app listens to, so an operator can create the app by
pasting it: every command, shortcut and event registered in code is in the manifest, and the other way round."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bots.slack.app import BOT_SCOPES
from tests.slack.conftest import SPECIALIST_TEAM

MANIFEST = json.loads((Path(__file__).parents[2] / "bots" / "slack" / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_every_listener_is_declared_in_the_manifest_and_back(slack) -> None:
    # the recorder saw every registration on the Bolt app the service mounted
    surfaces = slack.api.state.slack.surfaces
    features, settings = MANIFEST["features"], MANIFEST["settings"]
    assert surfaces.commands == {c["command"] for c in features["slash_commands"]}
    assert surfaces.shortcuts == {s["callback_id"] for s in features["shortcuts"]}
    assert surfaces.events == set(settings["event_subscriptions"]["bot_events"])
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == set(BOT_SCOPES)
    # every listener is reachable: the command and the shortcut are answered, not "unhandled"
    for command in surfaces.commands:
        assert (await slack.command("help", command=command, team_id=SPECIALIST_TEAM)).status_code == 200


def test_urls_app_home_and_interactivity() -> None:
    base = "https://incasso.example.nl"
    features, settings = MANIFEST["features"], MANIFEST["settings"]
    assert all(c["url"] == f"{base}/slack/events" for c in features["slash_commands"])
    assert settings["event_subscriptions"]["request_url"] == f"{base}/slack/events"
    assert settings["interactivity"] == {"is_enabled": True, "request_url": f"{base}/slack/events"}
    assert MANIFEST["oauth_config"]["redirect_urls"] == [f"{base}/slack/oauth_redirect"]
    assert features["app_home"]["home_tab_enabled"] is True
    assert settings["socket_mode_enabled"] is False
    assert [s["type"] for s in features["shortcuts"]] == ["global"]
