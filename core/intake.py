"""A claim as filed (JSON, CSV row, API body, Slack modal), validated into plain data before any write."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core import validation as v
from core.errors import InvalidInput
from core.law import InterestSpec

MAX_INVOICES_PER_CASE = 200
MAX_INTEREST_TEXT = 40
DEBTOR_KINDS = ("consumer", "business")
LANGS = ("nl", "en")


@dataclass(frozen=True)
class DebtorData:
    kind: str
    name: str
    street: str | None
    postcode: str | None
    city: str | None
    country: str
    email: str | None
    phone: str | None
    kvk_number: str | None
    language: str


@dataclass(frozen=True)
class InvoiceData:
    invoice_number: str
    invoice_date: date
    due_date: date
    principal: Decimal
    description: str | None = None
    consumer_purchase: bool = False


@dataclass(frozen=True)
class ClaimRequest:
    debtor: DebtorData
    invoices: tuple[InvoiceData, ...]
    interest_basis: str = "statutory"
    fourteen_day_letter_sent_on: date | None = None
    creditor_reference: str | None = None
    documents: tuple[Mapping[str, str], ...] = field(default_factory=tuple)


def _flag(value: object) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "ja", "y")


def parse_claim(data: Mapping[str, object], *, today: date, lang: str = "en") -> ClaimRequest:
    """Validate a claim; raise InvalidInput naming every broken field (none of it is written)."""
    c = v.Collector()
    raw_debtor = data.get("debtor")
    if not isinstance(raw_debtor, Mapping):
        c.add("debtor", "required")
        raw_debtor = {}
    debtor = _parse_debtor(c, raw_debtor)

    raw_invoices = data.get("invoices")
    invoices: list[InvoiceData] = []
    if not isinstance(raw_invoices, list) or not raw_invoices:
        c.add("invoices", "no_invoices")
    elif len(raw_invoices) > MAX_INVOICES_PER_CASE:
        c.add("invoices", "too_many_invoices", limit=str(MAX_INVOICES_PER_CASE))
    else:
        seen: set[str] = set()
        for i, raw in enumerate(raw_invoices):
            inv = _parse_invoice(c, f"invoices[{i}]", raw if isinstance(raw, Mapping) else {}, today)
            if inv is None:
                continue
            if inv.invoice_number in seen:
                c.add(f"invoices[{i}].invoice_number", "duplicate_invoice", value=inv.invoice_number)
            seen.add(inv.invoice_number)
            invoices.append(inv)

    interest_basis = str(data.get("interest") or "statutory").strip()
    if len(interest_basis) > MAX_INTEREST_TEXT:  # what the case row holds
        c.add("interest", "too_long", limit=str(MAX_INTEREST_TEXT))
    else:
        try:
            InterestSpec.parse(interest_basis)
        except ValueError as exc:
            c.add("interest", "interest_basis", detail=str(exc))

    letter = c.check("fourteen_day_letter_sent_on", data.get("fourteen_day_letter_sent_on"), v.iso_date, required=False)
    if letter and invoices and letter <= min(i.due_date for i in invoices):
        c.add("fourteen_day_letter_sent_on", "letter_before_default", value=letter.isoformat())
    reference = c.check("creditor_reference", data.get("creditor_reference"), v.text, 100, required=False)

    documents = data.get("documents") or ()
    if c.errors or debtor is None:
        raise InvalidInput(c.errors, lang)
    return ClaimRequest(
        debtor=debtor,
        invoices=tuple(invoices),
        interest_basis=interest_basis,
        fourteen_day_letter_sent_on=letter,
        creditor_reference=reference,
        documents=tuple(documents) if isinstance(documents, list | tuple) else (),
    )


def _parse_debtor(c: v.Collector, d: Mapping[str, object]) -> DebtorData | None:
    before = len(c.errors)
    kind = c.check("debtor.kind", d.get("kind"), v.choice, DEBTOR_KINDS)
    name = c.check("debtor.name", d.get("name"), v.text, 200)
    address = d.get("address") if isinstance(d.get("address"), Mapping) else d
    assert isinstance(address, Mapping)
    country = str(address.get("country") or "NL").strip().upper()[:2]
    street = c.check("debtor.address.street", address.get("street"), v.text, 200, required=False)
    postcode = c.check("debtor.address.postcode", address.get("postcode"), v.postcode, country, required=False)
    city = c.check("debtor.address.city", address.get("city"), v.text, 100, required=False)
    email = c.check("debtor.email", d.get("email"), v.email, required=False)
    phone = c.check("debtor.phone", d.get("phone"), v.phone, required=False)
    kvk = c.check("debtor.kvk_number", d.get("kvk_number") or d.get("kvk"), v.kvk, required=False)
    language = c.check("debtor.language", d.get("language") or "nl", v.choice, LANGS)
    if not (street and postcode and city) and not email:
        # A letter needs a full address; without one, e-mail is the only way to reach the debtor.
        for key, value in (("street", street), ("postcode", postcode), ("city", city)):
            if value is None and not any(e.field == f"debtor.address.{key}" for e in c.errors):
                c.add(f"debtor.address.{key}", "required")
    if len(c.errors) > before:
        return None
    assert kind and name and language
    return DebtorData(kind, name, street, postcode, city, country, email, phone, kvk, language)


def _parse_invoice(c: v.Collector, prefix: str, d: Mapping[str, object], today: date) -> InvoiceData | None:
    before = len(c.errors)
    number = c.check(f"{prefix}.invoice_number", d.get("invoice_number"), v.text, 64)
    invoice_date = c.check(f"{prefix}.invoice_date", d.get("invoice_date"), v.iso_date)
    due_date = c.check(f"{prefix}.due_date", d.get("due_date"), v.iso_date)
    principal = c.check(f"{prefix}.principal", d.get("principal"), v.amount)
    description = c.check(f"{prefix}.description", d.get("description"), v.text, 500, required=False)
    if due_date and due_date > today:
        c.add(f"{prefix}.due_date", "due_in_future", value=due_date.isoformat())
    if due_date and invoice_date and due_date < invoice_date:
        c.add(f"{prefix}.due_date", "due_before_invoice", value=due_date.isoformat())
    if len(c.errors) > before:
        return None
    assert number and invoice_date and due_date and principal
    return InvoiceData(number, invoice_date, due_date, principal, description, _flag(d.get("consumer_purchase")))
