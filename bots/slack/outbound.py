"""What Slack sends: the outbox transports for creditor case threads, specialist alerts and call tasks.

`install(state)` puts them into state.transports (bots.slack.mount calls it). Each `deliver(message, parcel)` runs
synchronously in the scheduler's delivery thread, reads what it needs in its own unit of work, talks to Slack with
slack_sdk's sync WebClient, and maps Slack's answers to DeliveryError: rate limits, 5xx and network trouble are
transient (the outbox retries with backoff), a missing channel or a revoked token is permanent (failed, and raised
to the specialists).

Case thread: the first update of a case posts the parent message and keeps its ts in slack_case_threads (one row
per case, claimed before posting, so a second worker waits instead of posting a second parent); every update is a
reply in that thread, after which the parent is chat.update'd to the case as it stands (status, amount open, next
planned contact — the plan `incasso case show` prints).
"""

from __future__ import annotations

import json
import logging
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from bots.slack.blocks import Block
from bots.slack.blocks.case_thread import ThreadSummary, parent_message, reply_message
from bots.slack.blocks.specialist import alert_message
from bots.slack.document_post import deliver_document
from bots.slack.installations import bot_token_for_team
from bots.slack.queue_loaders import ALERT_CARDS, reopened_since_card
from bots.slack.queue_loaders import case_of as queue_case_of
from bots.slack.specialist_cards import (
    ARRANGEMENT,
    CALL,
    DISPUTE,
    JUDICIAL_CARDS,
    QUEUE_KINDS,
    card_of,
    draw,
    remember_card,
)
from bots.slack.specialist_texts import language_of
from core.channels.errors import DeliveryError
from core.clock import local_today
from core.config import Settings
from core.db.models import Case, ContactStep, Creditor, Debtor, OutboundMessage, SlackCaseThread, SlackWorkspace
from core.notifications import CREDITOR_UPDATE, SPECIALIST_ALERT
from core.schedule.delivery import Parcel
from core.services.case_view import statement_for
from core.uow import UnitOfWork

if TYPE_CHECKING:
    from api.state import AppState

log = logging.getLogger("incasso.slack")

PHONE_TASK = "phone_task"
DEFAULT_API_URL = "https://slack.com/api/"
# a worker that claimed a parent and then died: after this, another one posts it
PARENT_CLAIM_TIMEOUT = timedelta(minutes=2)
TRANSIENT_ERRORS = frozenset({
    "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout", "timeout",
    "team_added_to_org",
})

UowFactory = Callable[[], UnitOfWork]


def install(state: AppState) -> None:
    """Register the Slack transports (called by bots.slack.mount once Slack is configured)."""
    for channel, transport in transports(state.settings, state.uow).items():
        state.transports[channel] = transport


def transports(settings: Settings, uow_factory: UowFactory) -> dict[str, Any]:
    clients = SlackClients(settings, uow_factory)
    found: dict[str, Any] = {CREDITOR_UPDATE: CaseThreadTransport(clients, uow_factory)}
    if settings.slack_specialist_channel:
        found[SPECIALIST_ALERT] = SpecialistAlertTransport(clients, uow_factory)
        found[PHONE_TASK] = PhoneTaskTransport(clients, uow_factory)
    else:
        log.warning("Slack: SLACK_SPECIALIST_CHANNEL is not set; specialist alerts and call tasks wait in the outbox")
    return found


class SlackClients:
    """A sync WebClient per bot token; tokens are read when a message goes out (a reinstall replaces them)."""

    def __init__(self, settings: Settings, uow_factory: UowFactory) -> None:
        self.settings = settings
        self._uow = uow_factory
        self._clients: dict[str, WebClient] = {}

    def token_for_team(self, uow: UnitOfWork, team_id: str) -> str:
        token = bot_token_for_team(uow, team_id) or self.settings.slack_bot_token
        if not token:
            raise DeliveryError(f"Slack app is not installed in workspace {team_id}", transient=False)
        return token

    def client(self, token: str) -> WebClient:
        if token not in self._clients:
            # no retry handlers: a retried post after a reset connection could post twice; the outbox retries
            self._clients[token] = WebClient(token=token, base_url=self.settings.slack_api_url or DEFAULT_API_URL,
                                             timeout=10, retry_handlers=[])
        return self._clients[token]

    @property
    def specialist_language(self) -> str:
        return self.settings.slack_specialist_language

    def specialists(self, uow: UnitOfWork) -> tuple[WebClient, str]:
        team = self.settings.slack_specialist_team_id
        token = (bot_token_for_team(uow, team) if team else None) or self.settings.slack_bot_token
        if not token:
            raise DeliveryError("no bot token for the specialists' workspace (SLACK_SPECIALIST_TEAM_ID)",
                                transient=False)
        return self.client(token), self.settings.slack_specialist_channel


def call_slack(what: str, request: Callable[[], Any]) -> Any:
    """One Web API call; Slack's and the network's failures become DeliveryError (transient or not)."""
    try:
        return request()
    except SlackApiError as exc:
        error = str(exc.response.get("error", "")) if exc.response is not None else ""
        status = exc.response.status_code if exc.response is not None else 0
        transient = error in TRANSIENT_ERRORS or status == 429 or status >= 500
        raise DeliveryError(f"Slack {what}: {error or status}", transient=transient) from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError, SlackClientError) as exc:
        raise DeliveryError(f"Slack {what}: {type(exc).__name__}: {exc}", transient=True) from exc


# ------------------------------------------------------------------------------------------------ case threads


@dataclass(frozen=True)
class ThreadTarget:
    team_id: str
    channel: str
    language: str
    token: str


def creditor_target(uow: UnitOfWork, clients: SlackClients, creditor_id: int) -> ThreadTarget:
    """Where a creditor's case threads go: its linked workspace's case channel, in the creditor's language."""
    workspace = uow.session.scalars(
        select(SlackWorkspace)
        .where(SlackWorkspace.creditor_id == creditor_id, SlackWorkspace.case_channel_id.is_not(None))
        .order_by(SlackWorkspace.linked_at.desc(), SlackWorkspace.id.desc())
    ).first()
    if workspace is None or not workspace.case_channel_id:
        raise DeliveryError(f"creditor {creditor_id} has no Slack workspace with a case channel", transient=False)
    creditor = uow.session.get(Creditor, creditor_id)
    language = language_of(workspace.language or (creditor.language if creditor else None))
    return ThreadTarget(workspace.team_id, workspace.case_channel_id, language,
                        clients.token_for_team(uow, workspace.team_id))


def thread_summary(uow: UnitOfWork, case: Case) -> ThreadSummary:
    """The case as its parent message shows it: status, amount open today, and the next planned contact."""
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    step = uow.session.scalars(
        select(ContactStep)
        .where(ContactStep.case_id == case.id, ContactStep.status == "planned", ContactStep.channel != "evaluation")
        .order_by(ContactStep.due_at, ContactStep.id)
    ).first()
    return ThreadSummary(
        reference=case.reference, debtor=debtor.name, status=case.status,
        total_open=statement_for(uow, case, local_today(uow.clock)).total_open,
        next_contact_at=step.due_at if step else None, next_contact_channel=step.channel if step else None,
        creditor_reference=case.creditor_reference, as_of=uow.clock.now(),
    )


class CaseThreadTransport:
    """Channel "creditor_update": one parent message per case, every update a reply in its thread."""

    def __init__(self, clients: SlackClients, uow_factory: UowFactory) -> None:
        self.clients = clients
        self._uow = uow_factory

    def deliver(self, message: OutboundMessage, parcel: Parcel) -> None:
        body = _json(message)
        if body.get("kind") == "settlement":  # a creditor's monthly statement: no case, so no thread
            from bots.slack.settlement_post import deliver_settlement

            deliver_settlement(self.clients, self._uow, message, body)
            return
        if message.document_id is not None:  # a file (the weekly report's chart) into the case channel
            deliver_document(self.clients, self._uow, message, body, to_creditor=True,
                             parcel_reference=parcel.case_reference)
            return
        if message.case_id is None:
            raise DeliveryError("a creditor update without a case", transient=False)
        with self._uow() as uow:
            case = uow.session.get_one(Case, message.case_id)
            target = creditor_target(uow, self.clients, case.creditor_id)
            thread = uow.session.scalars(
                select(SlackCaseThread).where(SlackCaseThread.case_id == case.id)
            ).one_or_none()
            summary = thread_summary(uow, case)
            channel, ts = (thread.channel, thread.ts) if thread and thread.ts else (target.channel, None)
            if ts is None:
                self._claim_parent(uow, case.id, target, thread)
        client = self.clients.client(target.token)
        parent_text, parent_blocks = parent_message(summary, target.language)
        if ts is None:
            ts = self._post_parent(client, message.case_id, channel, parent_text, parent_blocks)
            parent_is_current = True
        else:
            parent_is_current = False
        text, blocks = reply_message(body, target.language)
        call_slack("chat.postMessage", lambda: client.chat_postMessage(
            channel=channel, thread_ts=ts, text=text, blocks=blocks, unfurl_links=False))
        if not parent_is_current:
            self._update_parent(client, channel, ts, parent_text, parent_blocks)

    def _claim_parent(
        self, uow: UnitOfWork, case_id: int, target: ThreadTarget, thread: SlackCaseThread | None
    ) -> None:
        """Take the right to post the case's parent message, or raise a transient error: someone else posts it."""
        now = uow.clock.now()
        if thread is None:
            try:
                uow.session.add(SlackCaseThread(case_id=case_id, team_id=target.team_id, channel=target.channel,
                                                claimed_at=now))
                uow.commit()
                return
            except IntegrityError:
                uow.rollback()
                raise DeliveryError("the case's thread is being started by another worker", transient=True) from None
        taken = uow.session.execute(
            update(SlackCaseThread)
            .where(SlackCaseThread.id == thread.id, SlackCaseThread.ts.is_(None),
                   SlackCaseThread.claimed_at < now - PARENT_CLAIM_TIMEOUT)
            .values(claimed_at=now, channel=target.channel, team_id=target.team_id)
        ).rowcount
        uow.commit()
        if not taken:
            raise DeliveryError("the case's thread is being started by another worker", transient=True)

    def _post_parent(self, client: WebClient, case_id: int, channel: str, text: str, blocks: list[Block]) -> str:
        try:
            answer = call_slack("chat.postMessage", lambda: client.chat_postMessage(
                channel=channel, text=text, blocks=blocks, unfurl_links=False))
        except DeliveryError:
            with self._uow() as uow:  # let the next attempt (ours or another worker's) post it right away
                uow.session.execute(delete(SlackCaseThread).where(SlackCaseThread.case_id == case_id,
                                                                  SlackCaseThread.ts.is_(None)))
                uow.commit()
            raise
        ts = str(answer["ts"])
        with self._uow() as uow:
            uow.session.execute(
                update(SlackCaseThread).where(SlackCaseThread.case_id == case_id)
                .values(ts=ts, channel=str(answer.get("channel") or channel), posted_at=uow.clock.now())
            )
            uow.commit()
        return ts

    def _update_parent(self, client: WebClient, channel: str, ts: str, text: str, blocks: list[Block]) -> None:
        # the reply is out: a failed refresh must not make the outbox send the reply again; the next one refreshes
        try:
            call_slack("chat.update", lambda: client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks))
        except DeliveryError as exc:
            log.warning("slack: case thread parent %s/%s not updated: %s", channel, ts, exc)


# ------------------------------------------------------------------------------------------------ specialists


class SpecialistAlertTransport:
    """Channel "specialist_alert": dispute and arrangement cards with buttons; other alerts as plain messages."""

    CARDS: ClassVar[dict[str, tuple[str, str]]] = {
        "dispute_opened": (DISPUTE, "dispute_id"), "arrangement_proposed": (ARRANGEMENT, "arrangement_id"),
        "advice_drafted": ("advice", "advice_id"), "judicial_started": ("court", "case_id")}

    def __init__(self, clients: SlackClients, uow_factory: UowFactory) -> None:
        self.clients = clients
        self._uow = uow_factory

    def deliver(self, message: OutboundMessage, parcel: Parcel) -> None:
        body = _json(message)
        if message.document_id is not None:  # a file (the agency's weekly report) into the specialists' channel
            deliver_document(self.clients, self._uow, message, body, to_creditor=False,
                             parcel_reference=parcel.case_reference)
            return
        card = self.CARDS.get(str(body.get("kind")))
        if card is not None and body.get(card[1]) is not None:
            post_card(self.clients, self._uow, card[0], int(body[card[1]]))
            return
        queue_card = ALERT_CARDS.get(str(body.get("kind")))  # money in, Telegram-side work: cards with buttons
        if queue_card is not None:
            with self._uow() as uow:
                object_id = queue_card[1](uow, body, message)
            if object_id is not None:
                post_card(self.clients, self._uow, queue_card[0], object_id)
                return
        if body.get("kind") == "creditor_replied":  # into the thread of the case's card, when there is one
            from bots.slack.creditor_reply_post import deliver_creditor_reply

            deliver_creditor_reply(self.clients, self._uow, message, body)
            return
        if message.idempotency_key.startswith("delivery-failed:"):
            body.setdefault("message_id", message.idempotency_key.split(":", 1)[1])
        with self._uow() as uow:
            client, channel = self.clients.specialists(uow)
        text, blocks = alert_message(body, parcel.case_reference, self.clients.specialist_language)
        call_slack("chat.postMessage", lambda: client.chat_postMessage(
            channel=channel, text=text, blocks=blocks, unfurl_links=False))


class PhoneTaskTransport:
    """Channel "phone_task": a call card with the debtor's number, the statement and the outcome buttons."""

    def __init__(self, clients: SlackClients, uow_factory: UowFactory) -> None:
        self.clients = clients
        self._uow = uow_factory

    def deliver(self, message: OutboundMessage, parcel: Parcel) -> None:
        body = _json(message)
        if body.get("task_id") is None:
            raise DeliveryError("a phone task without its task id", transient=False)
        post_card(self.clients, self._uow, CALL, int(body["task_id"]))


def post_card(clients: SlackClients, uow_factory: UowFactory, kind: str, object_id: int) -> None:
    """Post the card about one object once: a card already posted (a retry after a crash) is not posted again."""
    with uow_factory() as uow:
        again = kind in QUEUE_KINDS and reopened_since_card(uow, kind, object_id)  # e.g. a link locked again
        if card_of(uow, kind, object_id) is not None and not again:
            return
        drawn = draw(uow, kind, object_id, clients.specialist_language)
        if drawn is None:
            raise DeliveryError(f"{kind} {object_id} not found", transient=False)
        client, channel = clients.specialists(uow)
    text, blocks = drawn
    answer = call_slack("chat.postMessage", lambda: client.chat_postMessage(
        channel=channel, text=text, blocks=blocks, unfurl_links=False))
    with uow_factory() as uow:
        case_id = _case_of(uow, kind, object_id)
        remember_card(uow, kind, object_id, case_id, str(answer.get("channel") or channel), str(answer["ts"]),
                      replace=again)
        uow.commit()


def _case_of(uow: UnitOfWork, kind: str, object_id: int) -> int:
    from core.db.models import Arrangement, CallTask, Dispute

    if kind in QUEUE_KINDS:
        return queue_case_of(uow, kind, object_id)  # type: ignore[return-value]  # a bank credit has no case
    if kind in JUDICIAL_CARDS:
        from bots.slack.judicial_cards import case_of

        return int(case_of(uow, kind, object_id) or 0)

    model = {DISPUTE: Dispute, ARRANGEMENT: Arrangement, CALL: CallTask}[kind]
    return int(uow.session.get_one(model, object_id).case_id)


def _json(message: OutboundMessage) -> dict[str, Any]:
    try:
        body = json.loads(message.body)
    except ValueError:
        raise DeliveryError(f"message {message.id}: body is not JSON", transient=False) from None
    if not isinstance(body, dict):
        raise DeliveryError(f"message {message.id}: body is not a JSON object", transient=False)
    return body
