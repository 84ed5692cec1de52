"""The case file as one ZIP: what a bailiff or lawyer needs to take the case over.

Contents (names are stable; README.txt in the ZIP lists them):
- case.json — parties, invoices, status, references;
- statement.json / statement.csv / statement.txt — the statement as of the export day (law engine);
- timeline.json — every audit-log event of the case, as stored (id, time, actor, kind, payload), oldest first;
  timeline.txt — the same, readable;
- messages/index.json and messages/NNNN-<channel>.txt (+ .html) — every message queued for the case (letters,
  e-mails, Telegram, phone tasks, creditor updates) with its status; the letters themselves are PDFs in documents/;
- debtor/messages.json and debtor/messages.txt — what the debtor said: disputes (with our answers), complaints,
  and every event the debtor caused (Telegram actions, call-back requests, arrangements);
- advice/vNN.txt and advice/advice.json — every advice version sent to the creditor;
- judicial_steps.json — the judicial steps recorded;
- documents/<id>-<file name> — every document of the case: invoices, terms, evidence, letters sent, summons.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from typing import Any

from sqlalchemy import select

from core.actors import Actor
from core.clock import AMSTERDAM
from core.db.models import (
    Case,
    CaseAdvice,
    CaseEvent,
    Complaint,
    Creditor,
    Debtor,
    Dispute,
    Document,
    OutboundMessage,
)
from core.judicial.steps import steps_of
from core.law import render_statement
from core.services.case_access import load_case
from core.services.case_view import statement_for, timeline_query
from core.uow import UnitOfWork

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # ZIP entries without the wall clock: the same case file gives the same bytes


def event_record(event: CaseEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "at": event.occurred_at.isoformat(),
        "actor_kind": event.actor_kind,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "kind": event.kind,
        "payload": event.payload,
    }


def export_case(uow: UnitOfWork, actor: Actor, reference: str, as_of: date) -> tuple[str, bytes]:
    """(file name, ZIP bytes) of the case file, for anyone who may see the case (a creditor: only its own)."""
    case = load_case(uow, actor, reference)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, data: str | bytes) -> None:
            info = zipfile.ZipInfo(f"{case.reference}/{name}", date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)

        def put_json(name: str, value: Any) -> None:
            put(name, json.dumps(value, indent=2, ensure_ascii=False, default=str))

        _case_and_statement(uow, case, as_of, put, put_json)
        events = list(uow.session.scalars(timeline_query(case.id)))
        put_json("timeline.json", [event_record(e) for e in events])
        put("timeline.txt", _timeline_text(events))
        _messages(uow, case, put, put_json)
        _debtor(uow, case, events, put, put_json)
        _advice_and_steps(uow, case, put, put_json)
        documents = uow.session.scalars(select(Document).where(Document.case_id == case.id).order_by(Document.id))
        names = []
        for document in documents:
            name = f"documents/{document.id:04d}-{document.file_name}"
            put(name, uow.documents.get(document.sha256))
            names.append({"id": document.id, "kind": document.kind, "file": name, "sha256": document.sha256,
                          "uploaded_by": document.uploaded_by, "at": document.created_at.isoformat()})
        put_json("documents/index.json", names)
        put("README.txt", _README.format(reference=case.reference, as_of=as_of.isoformat()))
    return f"{case.reference}-dossier-{as_of.isoformat()}.zip", out.getvalue()


def _case_and_statement(uow: UnitOfWork, case: Case, as_of: date, put: Any, put_json: Any) -> None:
    creditor = uow.session.get_one(Creditor, case.creditor_id)
    debtor = uow.session.get_one(Debtor, case.debtor_id)
    put_json(
        "case.json",
        {
            "reference": case.reference,
            "status": case.status,
            "phase": case.phase,
            "filed_at": case.filed_at.isoformat(),
            "creditor_reference": case.creditor_reference,
            "payment_reference": case.payment_reference,
            "interest_basis": case.interest_basis,
            "fourteen_day_letter_sent_on": case.fourteen_day_letter_sent_on,
            "creditor": {"name": creditor.name, "kvk_number": creditor.kvk_number, "email": creditor.email},
            "debtor": {
                "kind": debtor.kind, "name": debtor.name, "street": debtor.street, "postcode": debtor.postcode,
                "city": debtor.city, "country": debtor.country, "email": debtor.email, "phone": debtor.phone,
                "kvk_number": debtor.kvk_number,
            },
            "invoices": [
                {"invoice_number": line.invoice_number, "invoice_date": line.invoice_date,
                 "due_date": line.due_date, "principal": str(line.principal), "description": line.description}
                for line in case.claim_lines
            ],
        },
    )
    statement = statement_for(uow, case, as_of)
    put_json("statement.json", statement.to_dict())
    put("statement.txt", render_statement(statement, lang="nl") + "\n\n" + render_statement(statement, lang="en"))
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["invoice", "due_date", "principal", "principal_paid", "principal_open", "interest",
                     "interest_paid", "interest_open"])
    for inv in statement.invoices:
        writer.writerow([inv.invoice_number, inv.due_date, inv.principal, inv.principal_paid, inv.principal_open,
                         f"{inv.interest:.2f}", inv.interest_paid, f"{inv.interest_open:.2f}"])
    for label, amount in (("costs", statement.costs), ("vat", statement.vat), ("costs_paid", statement.costs_paid),
                          ("paid", statement.paid), ("total_open", statement.total_open)):
        writer.writerow([label, "", "", "", "", "", "", amount])
    put("statement.csv", rows.getvalue())


def _timeline_text(events: list[CaseEvent]) -> str:
    lines = []
    for e in events:
        at = e.occurred_at.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")
        who = e.actor_label or (f"{e.actor_kind}:{e.actor_id}" if e.actor_id else e.actor_kind)
        details = ", ".join(f"{k}={v}" for k, v in e.payload.items() if v not in (None, "", [], {}))
        lines.append(f"#{e.id}  {at}  {e.kind:<22} {who:<24} {details}")
    return "\n".join(lines) + "\n"


def _messages(uow: UnitOfWork, case: Case, put: Any, put_json: Any) -> None:
    index = []
    rows = uow.session.scalars(
        select(OutboundMessage).where(OutboundMessage.case_id == case.id).order_by(OutboundMessage.id)
    )
    for m in rows:
        name = f"messages/{m.id:04d}-{m.channel}.txt"
        head = [f"channel: {m.channel}", f"to: {m.recipient}", f"status: {m.status}",
                f"created: {m.created_at.isoformat()}", f"sent: {m.sent_at.isoformat() if m.sent_at else '-'}"]
        if m.subject:
            head.append(f"subject: {m.subject}")
        put(name, "\n".join(head) + "\n\n" + m.body)
        entry = {"id": m.id, "channel": m.channel, "recipient": m.recipient, "subject": m.subject,
                 "status": m.status, "created_at": m.created_at.isoformat(),
                 "sent_at": m.sent_at.isoformat() if m.sent_at else None, "file": name,
                 "document_id": m.document_id}
        if m.body_html:
            entry["html"] = name.removesuffix(".txt") + ".html"
            put(entry["html"], m.body_html)
        index.append(entry)
    put_json("messages/index.json", index)


def _debtor(uow: UnitOfWork, case: Case, events: list[CaseEvent], put: Any, put_json: Any) -> None:
    disputes = [
        {"id": d.id, "opened_at": d.opened_at.isoformat(), "opened_by": d.opened_by, "reason": d.reason,
         "status": d.status, "answer": d.resolution, "resolved_by": d.resolved_by,
         "resolved_at": d.resolved_at.isoformat() if d.resolved_at else None}
        for d in uow.session.scalars(select(Dispute).where(Dispute.case_id == case.id).order_by(Dispute.id))
    ]
    complaints = [
        {"reference": c.reference, "received_at": c.received_at.isoformat(), "channel": c.channel, "text": c.text,
         "status": c.status}
        for c in uow.session.scalars(select(Complaint).where(Complaint.case_id == case.id).order_by(Complaint.id))
    ]
    actions = [event_record(e) for e in events if e.actor_kind == "debtor"]
    put_json("debtor/messages.json", {"disputes": disputes, "complaints": complaints, "debtor_events": actions})
    lines = []
    for d in disputes:
        lines += [f"Dispute {d['id']} ({d['opened_at']}, {d['status']}): {d['reason']}",
                  f"  answer: {d['answer'] or '-'}"]
    for c in complaints:
        lines.append(f"Complaint {c['reference']} ({c['received_at']}, {c['channel']}): {c['text']}")
    for a in actions:
        lines.append(f"#{a['id']} {a['at']} {a['kind']}: {json.dumps(a['payload'], ensure_ascii=False)}")
    put("debtor/messages.txt", "\n".join(lines or ["(nothing from the debtor)"]) + "\n")


def _advice_and_steps(uow: UnitOfWork, case: Case, put: Any, put_json: Any) -> None:
    sent = uow.session.scalars(
        select(CaseAdvice).where(CaseAdvice.case_id == case.id, CaseAdvice.status == "sent")
        .order_by(CaseAdvice.version)
    ).all()
    for advice in sent:
        put(f"advice/v{advice.version:02d}.txt", advice.text)
    put_json("advice/advice.json", [
        {"id": a.id, "version": a.version, "recommendation": a.recommendation, "sent_at": a.sent_at,
         "sent_by": a.sent_by, "facts": a.facts}
        for a in sent
    ])
    put_json("judicial_steps.json", [
        {"step": s.step, "on": s.occurred_on, "note": s.note, "document_ids": s.document_ids,
         "recorded_by": s.recorded_by, "recorded_at": s.recorded_at.isoformat()}
        for s in steps_of(uow, case)
    ])


_README = """Dossier {reference} — export of {as_of}

case.json              parties, invoices, status
statement.json/.csv/.txt   the statement as of {as_of} (principal, interest per period, costs, VAT, payments)
timeline.json/.txt     the full audit log of the case, oldest first
messages/              every letter, e-mail, Telegram message and update queued for the case, with its status
debtor/                what the debtor said: disputes and our answers, complaints, actions
advice/                the advice sent to the creditor (each version)
judicial_steps.json    the steps of the court procedure
documents/             every document: invoices, terms, evidence, the letters sent (PDF), the summons

NL: dit is het volledige dossier voor de deurwaarder of advocaat: specificatie, tijdlijn, verzonden brieven en
e-mails, berichten van de debiteur en alle documenten.
"""
