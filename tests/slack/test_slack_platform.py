"""The Slack platform under the creditor surfaces: signatures, OAuth install, workspace links, retries."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.parse

import httpx
from click.testing import CliRunner
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select
from starlette.responses import Response

from api.app import create_app
from api.cli.main import cli
from bots.slack import dedupe
from bots.slack.workspaces import link_team
from core.db.models import SlackInstallation, SlackLinkCode, SlackOAuthState, SlackReceipt, SlackWorkspace
from tests.builders import make_creditor
from tests.slack.conftest import SPECIALIST_TEAM, SlackHarness, eventually, sign


async def test_forged_or_stale_signatures_are_refused_and_change_nothing(slack, uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        code = _issue(uow_factory, creditor.id)
    body = urllib.parse.urlencode({"team_id": "T0CREDITOR", "user_id": "U0CRED", "command": "/incasso",
                                   "text": f"link {code}", "channel_id": "C0CRED", "trigger_id": "t1"})
    form = "application/x-www-form-urlencoded"
    forged = await slack.client.post("/slack/events", content=body, headers={
        "Content-Type": form, **sign(body, secret="not-the-secret")})
    stale = await slack.client.post("/slack/events", content=body, headers={
        "Content-Type": form, **sign(body, timestamp=int(time.time()) - 600)})
    unsigned = await slack.client.post("/slack/events", content=body, headers={"Content-Type": form})
    assert (forged.status_code, stale.status_code, unsigned.status_code) == (401, 401, 401)
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(SlackWorkspace)) == 0
        assert uow.session.scalar(select(func.count()).select_from(SlackReceipt)) == 0
        assert uow.session.scalars(select(SlackLinkCode)).one().used_at is None
    assert slack.fake.calls == []  # Slack was not even asked who the user is


def _issue(uow_factory, creditor_id: int) -> str:
    from bots.slack.workspaces import issue_link_code

    with uow_factory() as uow:
        code = issue_link_code(uow, creditor_id)
        uow.commit()
    return code


async def test_an_unlinked_workspace_is_told_politely_and_can_link_with_a_code(slack, uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
    before = await slack.command("")
    assert before.status_code == 200
    assert "nog niet gekoppeld" in before.json()["text"] and "koppelcode" in before.json()["text"]
    slack.fake.users["U0EN"] = {"id": "U0EN", "locale": "en-US"}
    english = await slack.command("dossiers", user_id="U0EN")
    assert "not linked to a creditor account yet" in english.json()["text"]
    assert slack.fake.of("views.open") == []

    wrong = await slack.command("koppel AAAA-BBBB-CCCC-DDDD")
    assert "klopt niet" in wrong.json()["text"]
    code = _issue(uow_factory, creditor.id)
    linked = await slack.command(f"koppel {code.lower()}", channel_id="C0HERE")
    assert "Bakkerij De Zon" in linked.json()["text"] and "<#C0HERE>" in linked.json()["text"]
    slack.install("T0OTHER")
    again = await slack.command(f"link {code}", team_id="T0OTHER")  # used once: another workspace gets nothing
    assert "klopt niet of is al gebruikt" in again.json()["text"]
    with uow_factory() as uow:
        workspace = uow.session.scalars(select(SlackWorkspace)).one()
        assert (workspace.team_id, workspace.creditor_id, workspace.case_channel_id) == (
            "T0CREDITOR", creditor.id, "C0HERE")
        assert uow.session.scalars(select(SlackLinkCode)).one().used_by_team_id == "T0CREDITOR"

    # the case channel and the language are the creditor's to change
    moved = await slack.command("kanaal", channel_id="C0NEW")
    assert "<#C0NEW>" in moved.json()["text"]
    assert "now English" in (await slack.command("taal en")).json()["text"]
    assert "*Incasso in Slack*" in (await slack.command("help")).json()["text"]
    assert "`/incasso new`" in (await slack.command("help")).json()["text"]
    with uow_factory() as uow:
        workspace = uow.session.scalars(select(SlackWorkspace)).one()
        assert (workspace.case_channel_id, workspace.language) == ("C0NEW", "en")


async def test_the_agency_workspace_is_never_a_creditor(slack, uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
    code = _issue(uow_factory, creditor.id)
    answer = await slack.command(f"link {code}", team_id=SPECIALIST_TEAM, user_id="U0SPEC")
    assert "kan niet aan een opdrachtgever" in answer.json()["text"]
    menu = await slack.command("", team_id=SPECIALIST_TEAM, user_id="U0SPEC")
    assert "werkruimte van het incassobureau" in menu.json()["text"]
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(SlackWorkspace)) == 0
        assert uow.session.scalars(select(SlackLinkCode)).one().used_at is None


def test_link_slack_prints_a_code_or_links_a_team_directly(database_url, tmp_path, uow_factory) -> None:
    with uow_factory() as uow:
        make_creditor(uow)
    env = {"DATABASE_URL": database_url, "INCASSO_DATA_DIR": str(tmp_path / "cli"),
           "SLACK_SPECIALIST_TEAM_ID": SPECIALIST_TEAM}
    runner = CliRunner()
    out = runner.invoke(cli, ["creditor", "link-slack", "12345678"], env=env, catch_exceptions=False)
    assert out.exit_code == 0, out.output
    code = out.output.splitlines()[1]
    assert len(code) == 19 and code.count("-") == 3
    with uow_factory() as uow:
        stored = uow.session.scalars(select(SlackLinkCode)).one()
        assert code not in stored.code_hash and len(stored.code_hash) == 64  # only a hash is kept
    direct = runner.invoke(cli, ["creditor", "link-slack", "12345678", "--team", "T0DIRECT", "--channel", "C0X"],
                           env=env, catch_exceptions=False)
    assert direct.exit_code == 0 and "T0DIRECT linked to Bakkerij De Zon B.V." in direct.output
    agency = runner.invoke(cli, ["creditor", "link-slack", "12345678", "--team", SPECIALIST_TEAM], env=env)
    assert agency.exit_code == 1 and "agency's own workspace" in agency.output
    with uow_factory() as uow:
        assert [w.team_id for w in uow.session.scalars(select(SlackWorkspace))] == ["T0DIRECT"]


async def test_oauth_install_stores_the_installation(slack, uow_factory) -> None:
    slack.fake.install["team"] = {"id": "T0NEWCO", "name": "Nieuw B.V."}
    slack.fake.install["access_token"] = "xoxb-newco"
    start = await slack.client.get("/slack/install")
    assert start.status_code == 302
    target = urllib.parse.urlparse(start.headers["location"])
    query = urllib.parse.parse_qs(target.query)
    assert target.path == "/oauth/v2/authorize" and query["client_id"] == ["111.222"]
    assert query["redirect_uri"] == ["https://incasso.example/slack/oauth_redirect"]
    assert "commands" in query["scope"][0] and "chat:write" in query["scope"][0]
    state = query["state"][0]
    with uow_factory() as uow:
        assert uow.session.scalars(select(SlackOAuthState.state)).all() == [state]

    # a state we never issued is refused even when the browser's cookie matches it (another browser: own jar)
    jar = httpx.Cookies(slack.client.cookies)
    forged = await slack.client.get("/slack/oauth_redirect", params={"code": "c0de", "state": "made-up"},
                                    headers={"Cookie": "slack-app-oauth-state=made-up"})
    assert forged.status_code >= 400 and slack.fake.of("oauth.v2.access") == []
    slack.client.cookies = jar
    done = await slack.client.get("/slack/oauth_redirect", params={"code": "c0de", "state": state})
    assert done.status_code == 200, done.text
    access = slack.fake.of("oauth.v2.access")
    assert len(access) == 1 and access[0].params["code"] == "c0de"
    with uow_factory() as uow:
        row = uow.session.scalars(select(SlackInstallation).where(SlackInstallation.team_id == "T0NEWCO")).one()
        assert (row.bot_token, row.team_name, row.installer_user_id) == ("xoxb-newco", "Nieuw B.V.", "U0INSTALLER")
        assert uow.session.scalars(select(SlackOAuthState)).all() == []  # the state is used up
    replay = await slack.client.get("/slack/oauth_redirect", params={"code": "c0de", "state": state})
    assert replay.status_code >= 400 and len(slack.fake.of("oauth.v2.access")) == 1

    # the new workspace works at once: not linked yet, so it is told how to link
    answer = await slack.command("", team_id="T0NEWCO")
    assert "koppelcode" in answer.json()["text"]
    assert {c.token for c in slack.fake.of("users.info")} == {"xoxb-newco"}


async def test_a_retried_event_is_handled_once(slack, uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
    slack.link(creditor.id)
    event = {"type": "app_home_opened", "user": "U0CRED", "channel": "D0HOME", "tab": "home",
             "event_ts": "1700000000.000100"}
    first = await slack.event(event, event_id="Ev0HOME1")
    await eventually(lambda: slack.fake.of("views.publish"))
    retry = await slack.event(event, event_id="Ev0HOME1", headers={"X-Slack-Retry-Num": "1",
                                                                   "X-Slack-Retry-Reason": "http_timeout"})
    assert first.status_code == retry.status_code == 200
    other = await slack.event(event, event_id="Ev0HOME2")
    assert other.status_code == 200
    await eventually(lambda: len(slack.fake.of("views.publish")) == 2)
    with uow_factory() as uow:
        keys = sorted(uow.session.scalars(select(SlackReceipt.key)))
    assert keys == ["event:Ev0HOME1", "event:Ev0HOME2"]


async def test_a_request_that_failed_is_released_and_a_repeat_gets_the_first_answer(uow_factory) -> None:
    """A failed first delivery (5xx before the ack) must not swallow Slack's retry; a repeat of a handled one
    gets the first answer again without running anything."""
    receipt = dedupe.Receipt("view:V0X:U0CRED:abc", "T0CREDITOR")
    runs: list[int] = []

    def handler(status: int, body: bytes):  # type: ignore[no-untyped-def]
        async def handle() -> Response:
            runs.append(status)
            return Response(body, status_code=status, media_type="application/json")
        return handle

    failed = await dedupe.handle_once(receipt, uow_factory, handler(500, b""), asyncio.to_thread)
    done = await dedupe.handle_once(receipt, uow_factory, handler(200, b'{"response_action":"clear"}'),
                                    asyncio.to_thread)
    repeat = await dedupe.handle_once(receipt, uow_factory, handler(200, b"{}"), asyncio.to_thread)
    assert (failed.status_code, done.status_code, repeat.status_code) == (500, 200, 200)
    assert runs == [500, 200] and repeat.body == b'{"response_action":"clear"}'
    assert repeat.headers["content-type"] == "application/json"


async def test_one_workspace_mode_with_a_bot_token_needs_no_oauth(slack_settings, fake_slack, clock,
                                                                  uow_factory) -> None:
    settings = slack_settings.model_copy(update={"slack_client_id": "", "slack_client_secret": "",
                                                 "slack_bot_token": "xoxb-single"})
    app = create_app(settings, clock=clock, transports={}, slack_client=AsyncWebClient(base_url=fake_slack.api_url))
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        link_team(uow, creditor.id, "T0CREDITOR", channel_id="C0CASES")
        uow.commit()
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="https://app") as client:
        harness = SlackHarness(client, fake_slack, settings)
        assert (await client.get("/slack/install")).status_code == 404
        answer = await harness.command("dossiers")
        assert answer.status_code == 200 and "geen open dossiers" in json.dumps(answer.json())
    assert {c.token for c in fake_slack.of("users.info")} == {"xoxb-single"}


def test_slack_stays_off_without_its_settings(slack_settings, caplog) -> None:
    for missing in ({"slack_signing_secret": ""}, {"slack_client_secret": "", "slack_bot_token": ""}):
        app = create_app(slack_settings.model_copy(update=missing), transports={})
        assert not any(getattr(r, "path", "").startswith("/slack") for r in app.routes)
    assert "Slack is off: SLACK_SIGNING_SECRET is not set" in caplog.text
    assert "Slack is off: neither SLACK_CLIENT_ID + SLACK_CLIENT_SECRET (OAuth) nor SLACK_BOT_TOKEN" in caplog.text
