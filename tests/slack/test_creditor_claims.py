"""A creditor files a claim in Slack: /incasso → modal → errors inline → corrected → case, plan, documents."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from core.clock import local_today
from core.db.models import Case, ContactStep, Document
from core.money import format_eur
from core.services.case_view import statement_for
from tests.builders import make_creditor
from tests.slack.conftest import eventually

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def text(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def day(value: str | None) -> dict[str, Any]:
    return {"type": "datepicker", "selected_date": value}


def radio(value: str) -> dict[str, Any]:
    return {"type": "radio_buttons", "selected_option": {"text": {"type": "plain_text", "text": value},
                                                         "value": value}}


def file_input(files: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "file_input", "files": files}


def claim_values(*, postcode: str = "3542 AD", amount: str = "1.250,00", due: str = "2026-01-16",
                 email: str | None = "administratie@jansen-bouw.nl", second: bool = True,
                 invoices_files: list[dict[str, Any]] | None = None,
                 letter_files: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    elements: dict[str, dict[str, Any]] = {
        "debtor_kind": radio("business"),
        "debtor_name": text("Bouwbedrijf Jansen B.V."),
        "debtor_street": text("Industrieweg 12"),
        "debtor_postcode": text(postcode),
        "debtor_city": text("Utrecht"),
        "debtor_email": text(email),
        "debtor_phone": text("030 123 4567"),
        "debtor_kvk": text("87654321"),
        "invoice_0_number": text("F-2026-001"),
        "invoice_0_date": day("2026-01-02"),
        "invoice_0_due": day(due),
        "invoice_0_amount": text(amount),
        "invoice_1_number": text("F-2026-002" if second else None),
        "invoice_1_date": day("2026-01-10" if second else None),
        "invoice_1_due": day("2026-01-24" if second else None),
        "invoice_1_amount": text("750" if second else None),
        "invoice_2_number": text(None),
        "invoice_2_date": day(None),
        "invoice_2_due": day(None),
        "invoice_2_amount": text(None),
        "letter_date": day(None),
        "doc_invoice": file_input(invoices_files or []),
        "doc_reminder": file_input([]),
        "doc_fourteen_day_letter": file_input(letter_files or []),
        "doc_terms": file_input([]),
        "doc_quote": file_input([]),
        "doc_order_confirmation": file_input([]),
        "your_reference": text("PRJ-77"),
        "note": text("Klant reageert niet meer op mail."),
    }
    return {block: {block: element} for block, element in elements.items()}


META = json.dumps({"rows": 3, "lang": "nl"})


async def test_file_a_claim_from_the_slash_command_to_the_case(slack, uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
    slack.link(creditor.id)
    slack.fake.users["U0CRED"] = {"id": "U0CRED", "locale": "en-GB"}

    opened = await slack.command("nieuw")
    assert opened.status_code == 200
    [call] = await eventually(lambda: slack.fake.of("views.open"))
    modal = call.params["view"]
    assert modal["callback_id"] == "new_claim" and modal["title"]["text"] == "New claim"
    blocks = {b.get("block_id") for b in modal["blocks"]}
    assert {"debtor_kind", "debtor_kvk", "invoice_0_amount", "letter_date", "doc_invoice",
            "doc_fourteen_day_letter", "note"} <= blocks
    assert [b["element"]["type"] for b in modal["blocks"] if b.get("block_id") == "doc_terms"] == ["file_input"]

    # errors: inline, on the field, in the user's language; nothing is written
    bad = await slack.submit_view("new_claim", claim_values(postcode="12345", amount="twaalf", due="2026-04-01"),
                                  private_metadata=META, view_id="V0CLAIM")
    answer = bad.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"debtor_postcode", "invoice_0_amount", "invoice_0_due"}
    assert answer["errors"]["debtor_postcode"].startswith("not a valid Dutch postcode")
    assert "the due date is in the future" in answer["errors"]["invoice_0_due"]
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Case)) == 0

    # corrected, with two documents: one PDF, one program renamed to .pdf
    pdf = slack.fake.add_file("F0PDF", "factuur-F-2026-001.pdf", "application/pdf", PDF)
    exe = slack.fake.add_file("F0EXE", "aanmaning.pdf", "application/pdf", EXE)
    values = claim_values(invoices_files=[pdf], letter_files=[exe])
    good = await slack.submit_view("new_claim", values, private_metadata=META, view_id="V0CLAIM")
    answer = good.json()
    assert answer["response_action"] == "update"
    with uow_factory() as uow:
        case = uow.session.scalars(select(Case)).one()
        assert (case.status, case.creditor_reference) == ("amicable", "PRJ-77")
        assert [line.invoice_number for line in case.claim_lines] == ["F-2026-001", "F-2026-002"]
        assert uow.session.scalar(select(func.count()).select_from(ContactStep).where(
            ContactStep.case_id == case.id, ContactStep.status == "planned")) > 3  # the schedule started
        total = statement_for(uow, case, local_today(uow.clock)).total_open
    confirmation = json.dumps(answer["view"], ensure_ascii=False)
    assert case.reference in confirmation and format_eur(total) in confirmation
    assert "Amount claimed today" in confirmation
    assert "principal €\u00a02.000,00" in confirmation  # amounts the Dutch way, for English readers too
    assert "2 document(s) are being fetched" in confirmation

    # Slack retries the submission (or the user clicked twice): the same answer, still one case
    retry = await slack.submit_view("new_claim", values, private_metadata=META, view_id="V0CLAIM",
                                    headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.json() == answer
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Case)) == 1

    # after the ack: the documents are fetched with the bot token, checked by their content, stored or refused
    def file_report() -> list[str]:
        return [c.params["text"] for c in slack.fake.of("chat.postMessage") if "document" in c.params["text"]
                or "not stored" in c.params["text"]]

    [report] = await eventually(file_report)
    assert "1 document(s) stored with case " + case.reference in report
    assert "aanmaning.pdf was not stored" in report and "we look at the content, not the name" in report
    with uow_factory() as uow:
        [doc] = uow.session.scalars(select(Document).where(Document.case_id == case.id)).all()
        assert (doc.kind, doc.file_name, doc.media_type, doc.size) == (
            "invoice", "factuur-F-2026-001.pdf", "application/pdf", len(PDF))
        assert len(doc.sha256) == 64
    assert {c.params["file"] for c in slack.fake.of("files.info")} == {"F0PDF", "F0EXE"}
    dm = [c.params for c in slack.fake.of("chat.postMessage") if c.params["channel"] == "U0CRED"]
    assert any(case.reference in m["text"] and format_eur(total) in m["text"] for m in dm)


async def test_dutch_errors_and_a_duplicate_invoice_refused_inline(slack, uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
    slack.link(creditor.id)
    first = await slack.submit_view("new_claim", claim_values(second=False), private_metadata=META,
                                    view_id="V0ONE")
    assert first.json()["response_action"] == "update"
    again = await slack.submit_view("new_claim", claim_values(second=False, email="geen-mail"),
                                    private_metadata=META, view_id="V0TWO")
    errors = again.json()["errors"]
    assert errors["debtor_email"].startswith("geen geldig e-mailadres")
    duplicate = await slack.submit_view("new_claim", claim_values(second=False), private_metadata=META,
                                        view_id="V0THREE")
    assert duplicate.json()["errors"] == {
        "invoice_0_number": "factuur F-2026-001 is al eerder ingediend door deze opdrachtgever"}
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Case)) == 1


async def test_a_download_that_gets_slacks_sign_in_page_is_refused_with_the_reason(slack, uow_factory) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
    slack.link(creditor.id, language="en")
    slack.install("T0CREDITOR", bot_token="xoxb-revoked-token")  # Slack answers downloads with a sign-in page
    pdf = slack.fake.add_file("F0PDF", "factuur.pdf", "application/pdf", PDF)
    big = slack.fake.add_file("F0BIG", "scan.pdf", "application/pdf", PDF + b"0" * (20 * 1024 * 1024))
    answer = await slack.submit_view("new_claim", claim_values(invoices_files=[pdf], letter_files=[big]),
                                     private_metadata=META)
    assert answer.json()["response_action"] == "update"
    [report] = await eventually(lambda: [c.params["text"] for c in slack.fake.of("chat.postMessage")
                                         if "not stored" in c.params["text"]])
    assert "factuur.pdf was not stored" in report and "sign-in page instead of the file" in report
    assert "scan.pdf was not stored" in report and "larger than 20 MB" in report
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Document)) == 0
        assert uow.session.scalar(select(func.count()).select_from(Case)) == 1  # the claim itself stands


async def test_add_invoice_row_keeps_the_modal_and_an_unlinked_workspace_files_nothing(slack, uow_factory) -> None:
    view = {"id": "V0CLAIM", "hash": "h1", "type": "modal", "callback_id": "new_claim", "team_id": "T0CREDITOR",
            "private_metadata": json.dumps({"rows": 1, "lang": "nl"}), "state": {"values": {}}, "blocks": []}
    await slack.click("new_claim_add_invoice", "1", view=view)
    [update] = await eventually(lambda: slack.fake.of("views.update"))
    assert update.params["view_id"] == "V0CLAIM" and update.params["hash"] == "h1"
    assert {"invoice_1_number", "invoice_1_amount"} <= {b.get("block_id") for b in update.params["view"]["blocks"]}

    refused = await slack.submit_view("new_claim", claim_values(), private_metadata=META)
    assert "nog niet gekoppeld" in json.dumps(refused.json(), ensure_ascii=False)
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Case)) == 0
