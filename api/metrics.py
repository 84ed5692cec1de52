"""Prometheus metrics: HTTP requests and latencies, and, read from the database at scrape time, the schedule's
dispatched steps by channel and outcome, deliveries by channel and status, and open cases by status."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.logs import request_id
from core.db.models import Case, ContactStep, OutboundMessage
from core.uow import UnitOfWork


class Metrics:
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "incasso_http_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "incasso_http_request_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self.registry.register(_DatabaseCollector(uow_factory))
        # the labelled children by (method, route, status): .labels() costs a lookup and a lock on every request
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """One request counted and its latency recorded."""
        children = self._children.get((method, route, status))
        if children is None:
            children = self._children[(method, route, status)] = (
                self.requests.labels(method, route, str(status)),
                self.latency.labels(method, route),
            )
        children[0].inc()
        children[1].observe(seconds)


class _DatabaseCollector(Collector):
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self.uow_factory = uow_factory

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self.uow_factory() as uow:
            steps = GaugeMetricFamily(
                "incasso_contact_steps", "Contact steps by channel and status", labels=["channel", "status"]
            )
            for channel, status, count in uow.session.execute(
                select(ContactStep.channel, ContactStep.status, func.count()).group_by(
                    ContactStep.channel, ContactStep.status
                )
            ):
                steps.add_metric([channel, status], count)
            messages = GaugeMetricFamily(
                "incasso_outbound_messages", "Outbox messages by channel and status", labels=["channel", "status"]
            )
            for channel, status, count in uow.session.execute(
                select(OutboundMessage.channel, OutboundMessage.status, func.count()).group_by(
                    OutboundMessage.channel, OutboundMessage.status
                )
            ):
                messages.add_metric([channel, status], count)
            cases = GaugeMetricFamily("incasso_cases", "Cases by status", labels=["status"])
            for status, count in uow.session.execute(select(Case.status, func.count()).group_by(Case.status)):
                cases.add_metric([status], count)
        yield steps
        yield messages
        yield cases


class RequestMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware, which costs a task and a stream copy per request): gives every request an
    id (X-Request-ID, echoed back and put on every log line) and counts it in the metrics by route template."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope.get("headers") or [])
        rid = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex[:16]
        token = request_id.set(rid)
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id.reset(token)
            route = scope.get("route")
            path = getattr(route, "path", "unmatched")  # the template (/v1/cases/{reference}), never the raw path
            method = scope.get("method", "")
            self.metrics.observe(method, path, status, time.perf_counter() - started)
