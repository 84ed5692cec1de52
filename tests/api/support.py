"""Helpers shared by the creditor API tests: realistic bodies and files, and moving a case along in core."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from core.actors import Actor
from core.db.models import Case
from core.services import lifecycle
from tests.builders import business_claim, consumer_claim

PROBLEM = "application/problem+json"
# the smallest files our store accepts, recognised by their first bytes
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def claim(number: str = "F-2026-100", principal: str = "2500.00", **overrides: Any) -> dict[str, Any]:
    """A business claim as a creditor's system would send it."""
    return business_claim(number, principal, creditor_reference=f"ref-{number}", **overrides)


def consumer(**overrides: Any) -> dict[str, Any]:
    return consumer_claim(**overrides)


def count_cases(uow_factory) -> int:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return uow.session.scalar(select(func.count()).select_from(Case)) or 0


def escalate(uow_factory, reference: str) -> None:  # type: ignore[no-untyped-def]
    """Day 10 came and went unpaid: the case waits for the creditor's decision."""
    with uow_factory() as uow:
        lifecycle.start_amicable(uow, Actor.system(), reference)
        lifecycle.escalate(uow, Actor.system(), reference, "day 10: unpaid")
        uow.commit()


def start(uow_factory, reference: str) -> None:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        lifecycle.start_amicable(uow, Actor.system(), reference)
        uow.commit()


def assert_problem(response, status: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"]
    assert "Traceback" not in response.text
    return body
