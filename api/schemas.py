"""What the creditor API reads and writes, as pydantic models: the OpenAPI document is generated from these.

Money is a string with exactly two decimals (`"1234.56"`), never a JSON number; dates are ISO 8601 (`2026-03-02`),
moments ISO 8601 with their offset. The claim body is documented here but validated by `core.intake.parse_claim`,
the one validator every channel (API, CSV, Slack, CLI) shares, which names every broken field in Dutch or English.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from core.db.models import Case, Debtor, Document, DocumentKind, Payment
from core.domain.case_states import CasePhase, CaseStatus
from core.law import Statement
from core.money import money_str
from core.services.case_view import PlanEntry, TimelineEntry
from core.services.decisions import Decision

MONEY_PATTERN = r"^-?[0-9]+\.[0-9]{2}$"
# no C0 control characters except tab, line feed and carriage return
NO_CONTROL_CHARACTERS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

Money = Annotated[str, Field(pattern=MONEY_PATTERN, examples=["1234.56"], description="Euro, two decimals")]
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: object) -> object:
    """Only `YYYY-MM-DD` (pydantic alone also takes Unix timestamps and numbers for dates)."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_day)]


_CLEAN = StringConstraints(pattern=NO_CONTROL_CHARACTERS)
Note = Annotated[str, _CLEAN, StringConstraints(max_length=2000)]
RequiredNote = Annotated[str, _CLEAN, StringConstraints(min_length=1, max_length=2000)]
Reason = Annotated[str, _CLEAN, StringConstraints(min_length=1, max_length=500)]


# --------------------------------------------------------------------------------------------------- problems


class FieldProblem(BaseModel):
    field: str = Field(description="The field, e.g. `invoices[0].due_date` or `debtor.address.postcode`")
    rule: str = Field(description="A stable code of the broken rule, e.g. `required`, `due_in_future`, `amount`")
    message: str = Field(description="Says what is wrong, in the caller's language (Accept-Language nl or en)")


class Problem(BaseModel):
    """An error, as RFC 9457 `application/problem+json`. Validation errors list every broken field."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Invalid input",
                    "status": 422,
                    "detail": "invoices[0].due_date: the due date is in the future (2026-04-01)",
                    "errors": [
                        {
                            "field": "invoices[0].due_date",
                            "rule": "due_in_future",
                            "message": "invoices[0].due_date: the due date is in the future (2026-04-01); "
                            "only overdue invoices can be filed",
                        }
                    ],
                }
            ]
        },
    )

    type: str = Field("about:blank", description="Always `about:blank`: the status says what kind of error it is")
    title: str
    status: int
    detail: str | None = Field(None, description="What went wrong, for a person")
    errors: list[FieldProblem] | None = Field(None, description="Validation errors only: one entry per broken rule")


# ------------------------------------------------------------------------------------------------ claim (input)


class AddressIn(BaseModel):
    street: str | None = Field(None, max_length=200, examples=["Industrieweg 12"])
    postcode: str | None = Field(None, max_length=10, examples=["3542 AD"], description="Dutch: `1234 AB`")
    city: str | None = Field(None, max_length=100, examples=["Utrecht"])
    country: str | None = Field("NL", max_length=2, description="ISO 3166 alpha-2; default NL")


class DebtorIn(BaseModel):
    """A letter needs a full address (street, postcode, city); without one, an e-mail address is required."""

    kind: Literal["consumer", "business"]
    name: str = Field(max_length=200, examples=["Bouwbedrijf Jansen B.V."])
    address: AddressIn | None = None
    email: str | None = Field(None, max_length=254, examples=["administratie@jansen-bouw.nl"])
    phone: str | None = Field(None, max_length=30, examples=["+31 30 123 4567"])
    kvk_number: str | None = Field(None, description="KvK number: 8 digits", examples=["87654321"])
    language: Literal["nl", "en"] = Field("nl", description="The language the debtor is addressed in")


class InvoiceIn(BaseModel):
    invoice_number: str = Field(max_length=64, description="At most once per creditor", examples=["F-2026-100"])
    invoice_date: date
    due_date: date = Field(description="Not in the future, not before the invoice date")
    principal: str = Field(
        description="Positive, at most two decimals; `1234.56` or the Dutch `1.234,56`; at most 10,000,000.00",
        examples=["2500.00"],
    )
    description: str | None = Field(None, max_length=500)
    consumer_purchase: bool = Field(False, description="A consumer purchase prescribes after 2 years, not 5")


BUSINESS_CLAIM_EXAMPLE: dict[str, Any] = {
    "debtor": {
        "kind": "business",
        "name": "Bouwbedrijf Jansen B.V.",
        "address": {"street": "Industrieweg 12", "postcode": "3542 AD", "city": "Utrecht"},
        "email": "administratie@jansen-bouw.nl",
        "kvk_number": "87654321",
        "language": "nl",
    },
    "invoices": [
        {
            "invoice_number": "F-2026-100",
            "invoice_date": "2025-12-01",
            "due_date": "2025-12-31",
            "principal": "2500.00",
            "description": "Levering bouwmaterialen project Oudegracht",
        },
        {"invoice_number": "F-2026-117", "invoice_date": "2025-12-15", "due_date": "2026-01-14", "principal": "830.50"},
    ],
    "interest": "statutory",
    "creditor_reference": "DEB-4711",
}
CONSUMER_CLAIM_EXAMPLE: dict[str, Any] = {
    "debtor": {
        "kind": "consumer",
        "name": "J. de Vries",
        "address": {"street": "Dorpsstraat 1", "postcode": "1234 AB", "city": "Utrecht"},
        "email": "j.devries@example.nl",
        "phone": "06 12345678",
        "language": "nl",
    },
    "invoices": [
        {
            "invoice_number": "2026-0042",
            "invoice_date": "2026-01-02",
            "due_date": "2026-01-16",
            "principal": "1000.00",
            "description": "Onderhoud cv-ketel",
        }
    ],
    "fourteen_day_letter_sent_on": "2026-01-20",
}


class ClaimIn(BaseModel):
    """A claim: one debtor and the overdue invoices claimed from it. Fields not listed here are ignored."""

    model_config = ConfigDict(json_schema_extra={"examples": [BUSINESS_CLAIM_EXAMPLE, CONSUMER_CLAIM_EXAMPLE]})

    debtor: DebtorIn
    invoices: list[InvoiceIn] = Field(min_length=1, max_length=200)
    interest: str = Field(
        "statutory",
        max_length=40,
        description="`statutory`, or contractual: `contractual:1%/month`, `contractual:8%/year`, "
        "`contractual:1%/month:compound`",
    )
    fourteen_day_letter_sent_on: date | None = Field(
        None, description="When the 14-day letter (art. 6:96 lid 6 BW) was sent, if it was; after the due date"
    )
    creditor_reference: str | None = Field(None, max_length=100, description="Your own reference for this claim")


# ----------------------------------------------------------------------------------------- action bodies (input)


class PaymentIn(BaseModel):
    """The debtor paid you directly: tell us, so the schedule stops asking for money already paid."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"amount": "250.00", "paid_on": "2026-02-27", "note": "bank transfer"}]}
    )

    amount: Annotated[str, Field(max_length=32, examples=["250.00"])] = Field(
        description="Positive, at most two decimals: `250.00` (or `250,00`)"
    )
    paid_on: IsoDate = Field(description="Not in the future, not before the first invoice date")
    note: Note | None = None


class ContactIn(BaseModel):
    """You spoke with the debtor yourself: what was said or agreed, so the specialist knows before calling."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"note": "Debtor called: pays the rest on Friday."}]})

    note: RequiredNote


class WithdrawIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "Settled with the debtor ourselves."}]})

    reason: Reason


class DecisionIn(BaseModel):
    """After the amicable phase: consent to court proceedings, two more weeks of amicable contact, or close."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"decision": "start_proceedings", "note": "Akkoord, dagvaarding uitbrengen."}]}
    )

    decision: Decision
    note: Note = ""
    advice_id: int | None = Field(
        default=None, ge=1, le=2**31 - 1,
        description="The advice you answer (`GET /v1/cases/{reference}/advice`); 409 if it is not the latest sent",
    )


# ---------------------------------------------------------------------------------------------- cases (output)


class CaseLinks(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    self_: str = Field(alias="self", examples=["/v1/cases/INC-2026-000042"])
    timeline: str
    documents: str

    @classmethod
    def of(cls, reference: str) -> CaseLinks:
        base = f"/v1/cases/{reference}"
        return cls(self_=base, timeline=f"{base}/timeline", documents=f"{base}/documents")


class AddressOut(BaseModel):
    street: str | None
    postcode: str | None
    city: str | None
    country: str


class DebtorOut(BaseModel):
    kind: Literal["consumer", "business"]
    name: str
    address: AddressOut
    email: str | None
    phone: str | None
    kvk_number: str | None
    language: str

    @classmethod
    def of(cls, debtor: Debtor) -> DebtorOut:
        return cls(
            kind=debtor.kind,  # type: ignore[arg-type]
            name=debtor.name,
            address=AddressOut(
                street=debtor.street, postcode=debtor.postcode, city=debtor.city, country=debtor.country
            ),
            email=debtor.email,
            phone=debtor.phone,
            kvk_number=debtor.kvk_number,
            language=debtor.language,
        )


class LetterTermOut(BaseModel):
    sent: date
    presumed_receipt: date
    last_day_of_term: date
    costs_claimable_from: date


class InterestPeriodOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from")
    to: date
    days: int
    rate: str = Field(description="Yearly percentage, e.g. `10.15`")
    base: Money
    interest: Money
    rate_confirmed: bool


class CaseInterestPeriodOut(InterestPeriodOut):
    invoice_number: str


class StatementInvoiceOut(BaseModel):
    invoice_number: str
    invoice_date: date
    due_date: date
    principal: Money
    principal_paid: Money
    principal_open: Money
    interest: Money
    interest_paid: Money
    interest_open: Money
    interest_periods: list[InterestPeriodOut]
    prescribes_on: date
    costs_claimable_from: date | None
    consumer_purchase: bool


class AllocationLineOut(BaseModel):
    invoice_number: str
    to_interest: Money
    to_principal: Money


class AllocationOut(BaseModel):
    paid_on: date
    amount: Money
    to_costs: Money
    to_interest: Money
    to_principal: Money
    overpaid: Money
    invoices: list[AllocationLineOut]


class StatementOut(BaseModel):
    """The claim as of `as_of`, from the law engine: principal, interest, collection costs, payments."""

    as_of: date
    debtor_kind: Literal["consumer", "business"]
    interest_basis: str
    interest_spec: str
    cost_basis: str
    vat_deductible: bool
    principal: Money
    principal_paid: Money
    principal_open: Money
    interest: Money
    interest_paid: Money
    interest_open: Money
    costs_base: Money
    costs: Money
    vat: Money
    vat_percent: str
    costs_paid: Money
    costs_open: Money
    paid: Money
    overpaid: Money
    total_open: Money
    costs_claimable_from: date | None
    letter: LetterTermOut | None
    prescribes_on: date
    interest_periods: list[CaseInterestPeriodOut]
    invoices: list[StatementInvoiceOut]
    allocations: list[AllocationOut]
    warnings: list[str]
    conventions: list[str]

    @classmethod
    def of(cls, statement: Statement) -> StatementOut:
        return cls.model_validate(statement.to_dict())


class PlanStepOut(BaseModel):
    due_at: datetime | None = Field(description="When the step is due")
    due_local: str = Field(description="The same, as shown in Amsterdam: `Mon 2026-03-02 10:00`")
    day: int = Field(description="Day of the amicable phase, 0 = the day it started")
    channel: str = Field(examples=["letter", "email", "telegram", "phone", "evaluation"])
    template: str
    status: str = Field(examples=["planned", "done", "skipped", "cancelled"])
    note: str | None
    deliveries: list[str] = Field(examples=[["email sent"]])

    @classmethod
    def of(cls, entry: PlanEntry) -> PlanStepOut:
        return cls(
            due_at=datetime.fromisoformat(entry.due) if entry.due else None,
            due_local=entry.due_at,
            day=entry.day,
            channel=entry.channel,
            template=entry.template,
            status=entry.status,
            note=entry.note,
            deliveries=entry.deliveries,
        )


class TimelineEntryOut(BaseModel):
    at: datetime
    actor: str = Field(examples=["API key main", "system"])
    kind: str = Field(examples=["case_filed", "status_changed", "payment_recorded", "contact_reported"])
    payload: dict[str, Any]

    @classmethod
    def of(cls, entry: TimelineEntry) -> TimelineEntryOut:
        return cls(at=datetime.fromisoformat(entry.at), actor=entry.actor, kind=entry.kind, payload=entry.payload)


class CaseOut(BaseModel):
    """A case: where it stands, what is owed today (or `as_of`), who owes it, what was done and what is planned."""

    reference: str = Field(examples=["INC-2026-000042"])
    status: CaseStatus
    phase: CasePhase
    creditor_reference: str | None
    payment_reference: str | None = Field(description="Structured reference (RF…) the debtor pays with")
    filed_at: datetime
    amicable_started_at: datetime | None
    deadline_on: date | None = Field(description="Last day of the amicable phase")
    closed_at: datetime | None
    updated_at: datetime
    debtor: DebtorOut
    statement: StatementOut
    plan: list[PlanStepOut]
    timeline: list[TimelineEntryOut]
    links: CaseLinks


class CaseSummary(BaseModel):
    reference: str = Field(examples=["INC-2026-000042"])
    status: CaseStatus
    phase: CasePhase
    creditor_reference: str | None
    debtor_name: str
    debtor_kind: Literal["consumer", "business"]
    invoices: int = Field(description="Number of invoices claimed")
    principal: Money = Field(description="Sum of the invoices claimed (without interest and costs)")
    filed_at: datetime
    updated_at: datetime
    links: CaseLinks

    @classmethod
    def of(cls, case: Case, debtor: Debtor) -> CaseSummary:
        return cls(
            reference=case.reference,
            status=CaseStatus(case.status),
            phase=CasePhase(case.phase),
            creditor_reference=case.creditor_reference,
            debtor_name=debtor.name,
            debtor_kind=debtor.kind,  # type: ignore[arg-type]
            invoices=len(case.claim_lines),
            principal=money_str(sum((line.principal for line in case.claim_lines), start=Decimal(0))),
            filed_at=case.filed_at,
            updated_at=case.updated_at,
            links=CaseLinks.of(case.reference),
        )


class CasePage(BaseModel):
    items: list[CaseSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")


class CaseBrief(BaseModel):
    """The case after an action: its status and what is still open today."""

    reference: str = Field(examples=["INC-2026-000042"])
    status: CaseStatus
    phase: CasePhase
    total_open: Money
    links: CaseLinks


class PaymentOut(BaseModel):
    id: int
    amount: Money
    paid_on: date
    source: str = Field(examples=["creditor_report"])
    note: str | None
    recorded_at: datetime

    @classmethod
    def of(cls, payment: Payment) -> PaymentOut:
        return cls(
            id=payment.id,
            amount=money_str(payment.amount),
            paid_on=payment.paid_on,
            source=payment.source,
            note=payment.note,
            recorded_at=payment.recorded_at,
        )


class PaymentReceipt(BaseModel):
    payment: PaymentOut
    case: CaseBrief


# ------------------------------------------------------------------------------------------ documents, imports


class DocumentLinks(BaseModel):
    download: str = Field(examples=["/v1/cases/INC-2026-000042/documents/7"])


class DocumentOut(BaseModel):
    id: int
    kind: DocumentKind
    file_name: str
    media_type: str = Field(description="As found in the content, not as the sender said", examples=["application/pdf"])
    size: int = Field(description="Bytes")
    sha256: str
    uploaded_by: str
    created_at: datetime
    links: DocumentLinks

    @classmethod
    def of(cls, reference: str, document: Document) -> DocumentOut:
        return cls(
            id=document.id,
            kind=DocumentKind(document.kind),
            file_name=document.file_name,
            media_type=document.media_type,
            size=document.size,
            sha256=document.sha256,
            uploaded_by=document.uploaded_by,
            created_at=document.created_at,
            links=DocumentLinks(download=f"/v1/cases/{reference}/documents/{document.id}"),
        )


class RefusedRow(BaseModel):
    row: int = Field(description="Line number as a spreadsheet counts it (the header is row 1)")
    reason: str


class ImportResult(BaseModel):
    dry_run: bool
    rows: int = Field(description="Data rows read")
    accepted_cases: int
    accepted_rows: int
    references: list[str] = Field(description="References of the cases filed, in file order")
    refused: list[RefusedRow] = Field(description="Rows refused (a case with one bad row is refused whole)")
