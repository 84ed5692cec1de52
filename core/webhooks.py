"""Outgoing webhooks: every case event POSTed, signed, to the creditor's own system (accounting, CRM).

How it works
- When a case event is written (`record_event`, or the bulk `case_filed` insert of `file_claims_batch`) for a
  creditor with a `webhook_url`, one outbox row is queued on channel `creditor_webhook`: recipient the URL, body
  the JSON envelope below, idempotency key `webhook:<event id>`. Creditors without a URL get no extra rows.
- Delivery is the outbox's (core/schedule/delivery.py): retries with its backoff (1 min, 5 min, 30 min, 2 h), then
  `failed` with a specialist alert. `WebhookTransport` does the POST; the creditor's secret is read at delivery
  time, never stored in the outbox row.

The request a creditor receives::

    POST <webhook_url>
    Content-Type: application/json
    X-Incasso-Event-Id: 1234
    X-Incasso-Timestamp: 1772442000
    X-Incasso-Signature: v1=<hex HMAC-SHA256(secret, "1772442000." + raw body)>

    {"id": 1234, "type": "status_changed", "case": "INC-2026-000042",
     "occurred_at": "2026-03-02T09:00:00Z", "data": {"from": "new", "to": "amicable", "reason": "…"}}

`id` is the event's id in the audit log: unique, and increasing within a case. A retried delivery carries the same
id (deduplicate on it). On the normal path a case's events arrive in order; a delivery that had to be retried may
arrive after later ones, so order by `id` when it matters.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from http.client import HTTPException
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import select, update

from core.channels.errors import DeliveryError
from core.db.models import Case, CaseEvent, Creditor, OutboundMessage
from core.errors import UserError
from core.notifications import queue_message
from core.uow import UnitOfWork

if TYPE_CHECKING:
    from core.schedule.delivery import Parcel

CHANNEL = "creditor_webhook"
SIGNATURE_VERSION = "v1"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_URL_LENGTH = 254  # what the outbox's recipient column holds
MIN_SECRET_LENGTH, MAX_SECRET_LENGTH = 16, 100
_CACHE = "incasso.webhook_urls"  # per session: creditor id -> URL or None, so an event costs no query


# ---------------------------------------------------------------------------------------------------------- queue


def envelope(event_id: int, kind: str, reference: str, occurred_at: datetime, payload: Mapping[str, Any]) -> str:
    """The JSON body of one webhook: what the creditor receives and what the signature covers."""
    moment = occurred_at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return json.dumps(
        {"id": event_id, "type": kind, "case": reference, "occurred_at": moment, "data": dict(payload)},
        default=str,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def idempotency_key(event_id: int) -> str:
    return f"webhook:{event_id}"


def forwarded(kind: str, payload: Mapping[str, Any]) -> bool:
    """Every event goes out, except the failure of a webhook itself: that would only feed the failing URL."""
    return not (kind == "delivery_failed" and payload.get("channel") == CHANNEL)


def webhook_url_of(uow: UnitOfWork, creditor_id: int) -> str | None:
    """The creditor's webhook URL, looked up once per session (a unit of work) and creditor."""
    cache: dict[int, str | None] = uow.session.info.setdefault(_CACHE, {})
    if creditor_id not in cache:
        with uow.session.no_autoflush:  # a lookup, not a reason to write what the caller is still building
            creditor = uow.session.get(Creditor, creditor_id)
        cache[creditor_id] = creditor.webhook_url if creditor else None
    return cache[creditor_id]


def queue_for_event(uow: UnitOfWork, case: Case, event: CaseEvent) -> OutboundMessage | None:
    """Queue the webhook of one event just added to the session; nothing when the creditor has no URL."""
    url = webhook_url_of(uow, case.creditor_id)
    if not url or not forwarded(event.kind, event.payload or {}):
        return None
    uow.session.flush()  # the event's id names the webhook
    return queue_message(
        uow,
        channel=CHANNEL,
        recipient=url,
        body=envelope(event.id, event.kind, case.reference, event.occurred_at, event.payload or {}),
        key=idempotency_key(event.id),
        case=case,
    )


def outbox_row(url: str, case_id: int, body: str, event_id: int, now: datetime) -> dict[str, Any]:
    """One webhook as a plain row, for the bulk intake's multi-row INSERT."""
    return {
        "case_id": case_id,
        "channel": CHANNEL,
        "recipient": url,
        "body": body,
        "idempotency_key": idempotency_key(event_id),
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


# -------------------------------------------------------------------------------------------------- configuration


def check_url(url: str) -> str:
    """A webhook URL: https, or http to this machine only (for development)."""
    text = url.strip()
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise UserError(f"webhook URL {text!r}: expected https://host/path")
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        raise UserError(f"webhook URL {text!r}: https is required (plain http only for localhost or 127.0.0.1)")
    if parts.username or parts.password:
        raise UserError("webhook URL: no user or password in the URL; the signature authenticates us")
    if parts.fragment:
        raise UserError("webhook URL: no #fragment")
    if len(text) > MAX_URL_LENGTH:
        raise UserError(f"webhook URL: at most {MAX_URL_LENGTH} characters")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise UserError(f"webhook URL {text!r}: bad port") from None
    return text


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def set_webhook(uow: UnitOfWork, creditor_id: int, url: str, secret: str | None = None) -> str:
    """Point the creditor's webhooks at `url`; returns the secret in force (the given one, the kept one or a new
    one). Webhooks still waiting in the outbox go to the new URL. The caller commits."""
    creditor = uow.session.get(Creditor, creditor_id)
    if creditor is None:
        raise UserError(f"creditor {creditor_id} not found")
    clean = check_url(url)
    if secret is not None and not MIN_SECRET_LENGTH <= len(secret) <= MAX_SECRET_LENGTH:
        raise UserError(f"webhook secret: {MIN_SECRET_LENGTH} to {MAX_SECRET_LENGTH} characters")
    creditor.webhook_url = clean
    creditor.webhook_secret = secret or creditor.webhook_secret or new_secret()
    uow.session.execute(
        update(OutboundMessage)
        .where(_pending_of(creditor_id))
        .values(recipient=clean)
        .execution_options(synchronize_session=False)
    )
    uow.session.info.pop(_CACHE, None)
    return creditor.webhook_secret


def turn_off_webhook(uow: UnitOfWork, creditor_id: int) -> int:
    """No more webhooks for this creditor; those still waiting are cancelled. Returns how many. Caller commits."""
    creditor = uow.session.get(Creditor, creditor_id)
    if creditor is None:
        raise UserError(f"creditor {creditor_id} not found")
    creditor.webhook_url = creditor.webhook_secret = None
    cancelled = uow.session.execute(
        update(OutboundMessage)
        .where(_pending_of(creditor_id))
        .values(status="cancelled", last_error="webhook turned off", lease_until=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    uow.session.info.pop(_CACHE, None)
    return cancelled or 0


def _pending_of(creditor_id: int) -> Any:
    return (
        (OutboundMessage.channel == CHANNEL)
        & (OutboundMessage.status == "pending")
        & OutboundMessage.case_id.in_(select(Case.id).where(Case.creditor_id == creditor_id))
    )


def secret_for(uow: UnitOfWork, case_id: int | None) -> str | None:
    """The secret of the creditor a webhook row belongs to, as it is now (a rotated secret applies at once)."""
    if case_id is None:
        return None
    return uow.session.scalar(
        select(Creditor.webhook_secret).join(Case, Case.creditor_id == Creditor.id).where(Case.id == case_id)
    )


# ------------------------------------------------------------------------------------------------------ signature


def sign(secret: str, timestamp: int | str, body: bytes | str) -> str:
    """`v1=<hex>`: HMAC-SHA256 with the secret over "<timestamp>.<raw body>"."""
    raw = body.encode() if isinstance(body, str) else body
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def verify_signature(
    secret: str,
    timestamp: str | int,
    body: bytes | str,
    header: str,
    tolerance: int = 300,
    now: float | None = None,
) -> bool:
    """Check a webhook on the receiving side: True if `header` (X-Incasso-Signature) signs this exact raw body
    with this timestamp (X-Incasso-Timestamp) and the timestamp is within `tolerance` seconds of `now`.

    Self-contained (hashlib, hmac, time) so a creditor's developer can copy it. Pass the body exactly as received,
    before any JSON parsing. The header may carry several comma-separated signatures (e.g. during a secret
    rotation); one matching is enough. Deduplicate on X-Incasso-Event-Id: a retried delivery repeats it.
    """
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - sent_at) > tolerance:
        return False
    raw = body.encode() if isinstance(body, str) else body
    expected = hmac.new(secret.encode(), f"{sent_at}.".encode() + raw, hashlib.sha256).hexdigest()
    for part in header.split(","):
        version, _, value = part.strip().partition("=")
        if version == "v1" and hmac.compare_digest(value.strip().encode(), expected.encode()):
            return True
    return False


# ------------------------------------------------------------------------------------------------------ transport


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would turn the POST into a GET without body: report it instead of following it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class WebhookTransport:
    """POSTs a `creditor_webhook` outbox row, signed with the creditor's secret (read at delivery time).

    2xx: sent. 408, 429, 5xx, timeouts, refused or reset connections, DNS and TLS trouble: transient (the outbox
    retries with its backoff). Any other answer (other 4xx, 3xx): permanent, the row fails and specialists are
    alerted. The standard library only: core imports no web framework.

    Delivery is one row after another, so an endpoint that does not answer would hold up every other message for
    `timeout` seconds per webhook. After a timeout or a failed connection the endpoint's other webhooks are not
    tried for `pause` seconds: they count a failed attempt and wait for their next retry.
    """

    def __init__(
        self, *, timeout: float = 10.0, pause: float = 60.0, user_agent: str = "Incasso-Webhooks/1"
    ) -> None:
        self.timeout = timeout
        self.pause = pause
        self.user_agent = user_agent
        self._opener = urllib.request.build_opener(_NoRedirects)
        self._unreachable: dict[str, float] = {}  # endpoint (scheme://host:port) -> monotonic time of the failure

    def deliver(self, message: OutboundMessage, parcel: Parcel) -> None:
        secret = parcel.secret
        if not secret:
            raise DeliveryError("the creditor has no webhook secret (webhook turned off?)", transient=False)
        endpoint = _endpoint(message.recipient)
        failed_at = self._unreachable.get(endpoint)
        if failed_at is not None and time.monotonic() - failed_at < self.pause:
            raise DeliveryError(f"{endpoint} did not answer {time.monotonic() - failed_at:.0f} s ago", transient=True)
        body = message.body.encode()
        timestamp = str(int(time.time()))
        event_id = str(json.loads(message.body).get("id", message.idempotency_key))
        request = urllib.request.Request(
            message.recipient,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": self.user_agent,
                "X-Incasso-Event-Id": event_id,
                "X-Incasso-Timestamp": timestamp,
                "X-Incasso-Signature": sign(secret, timestamp, body),
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read(65536)
                status = response.status
        except urllib.error.HTTPError as exc:
            self._unreachable.pop(endpoint, None)  # it answered, if not with what we hoped
            status = exc.code
            detail = _snippet(exc)
            transient = status in (408, 429) or status >= 500
            raise DeliveryError(
                f"{message.recipient} answered {status}{detail}", transient=transient, code=status
            ) from None
        except (OSError, HTTPException) as exc:  # refused, reset, timeout, DNS, TLS (URLError is an OSError)
            self._unreachable[endpoint] = time.monotonic()
            reason = getattr(exc, "reason", exc)
            raise DeliveryError(f"{message.recipient}: {type(reason).__name__}: {reason}", transient=True) from None
        self._unreachable.pop(endpoint, None)
        if not 200 <= status < 300:
            raise DeliveryError(f"{message.recipient} answered {status}", transient=False, code=status)


def _endpoint(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _snippet(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read(300).decode("utf-8", "replace").strip()
    except Exception:  # the body is only for the error message
        text = ""
    finally:
        exc.close()
    return f": {text}" if text else ""
