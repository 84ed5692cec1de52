"""Small builders of realistic test data, shared by the service, CLI and import tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from core.actors import Actor
from core.clock import local_today
from core.db.models import Case, Creditor
from core.intake import parse_claim
from core.services.claims import file_claim
from core.services.creditors import add_creditor
from core.uow import UnitOfWork

CREDITOR = {"name": "Bakkerij De Zon B.V.", "kvk_number": "12345678", "payout_iban": "NL91ABNA0417164300"}


def consumer_claim(**overrides: Any) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "debtor": {
            "kind": "consumer",
            "name": "J. de Vries",
            "address": {"street": "Dorpsstraat 1", "postcode": "1234 AB", "city": "Utrecht"},
            "email": "j.devries@example.nl",
            "phone": "06 12345678",
        },
        "invoices": [
            {
                "invoice_number": "F-2026-001",
                "invoice_date": "2026-01-02",
                "due_date": "2026-01-16",
                "principal": "1000.00",
            }
        ],
    }
    claim.update(overrides)
    return claim


def business_claim(number: str = "F-2026-100", principal: str = "2500.00", **overrides: Any) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "debtor": {
            "kind": "business",
            "name": "Bouwbedrijf Jansen B.V.",
            "address": {"street": "Industrieweg 12", "postcode": "3542 AD", "city": "Utrecht"},
            "email": "administratie@jansen-bouw.nl",
            "kvk_number": "87654321",
        },
        "invoices": [
            {"invoice_number": number, "invoice_date": "2025-12-01", "due_date": "2025-12-31", "principal": principal}
        ],
    }
    claim.update(overrides)
    return claim


def make_creditor(uow: UnitOfWork, **overrides: Any) -> Creditor:
    creditor = add_creditor(uow, **(CREDITOR | overrides))
    uow.commit()
    return creditor


def make_case(uow: UnitOfWork, creditor: Creditor, claim: dict[str, Any] | None = None) -> Case:
    request = parse_claim(claim or consumer_claim(), today=local_today(uow.clock))
    case = file_claim(uow, Actor.creditor(creditor.id, label="test"), creditor.id, request, source="test")
    uow.commit()
    return case


CSV_HEADER = [
    "case_key",
    "debtor_kind",
    "debtor_name",
    "street",
    "postcode",
    "city",
    "email",
    "phone",
    "kvk_number",
    "invoice_number",
    "invoice_date",
    "due_date",
    "principal",
]


def csv_row(
    number: str,
    *,
    key: str = "",
    name: str = "Piet Pieters",
    principal: str = "250.00",
    email: str = "piet@example.nl",
    due: str = "2026-01-31",
    kind: str = "consumer",
    postcode: str = "1011 AB",
) -> list[str]:
    """One invoice row for `incasso import` / `POST /v1/imports`, in CSV_HEADER's column order."""
    return [
        key,
        kind,
        name,
        "Kerkstraat 5",
        postcode,
        "Amsterdam",
        email,
        "0201234567",
        "",
        number,
        "2026-01-01",
        due,
        principal,
    ]


def claims_csv(rows: list[list[str]], header: list[str] = CSV_HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
