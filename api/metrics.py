"""Prometheus metrics: HTTP requests and latencies, and, read from the database at scrape time, the schedule's
dispatched steps by channel and outcome, deliveries by channel and status, and open cases by status."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response

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


class MetricsMiddleware(BaseHTTPMiddleware):
    def __init__(self, app: object, metrics: Metrics) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.metrics = metrics

    async def dispatch(self, request: Request, call_next: Callable) -> Response:  # type: ignore[override]
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")  # the template (/v1/cases/{reference}), never the raw path
        self.metrics.requests.labels(request.method, path, str(response.status_code)).inc()
        self.metrics.latency.labels(request.method, path).observe(time.perf_counter() - started)
        return response
