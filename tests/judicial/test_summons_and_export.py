"""A case taken to court end to end through the API: advice, consent, the draft summons and the case file ZIP."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader
from sqlalchemy import select

from api.cli.main import cli
from core.actors import Actor
from core.db.models import CaseEvent, Creditor, Document, OutboundMessage
from core.judicial.advice import draft_advice, send_advice
from core.judicial.export import event_record
from core.judicial.summons_pdf import draft_summons
from core.schedule.tick import run_tick
from core.services import disputes, documents, lifecycle
from tests.api.conftest import Api
from tests.api.support import assert_problem
from tests.builders import business_claim, make_case

SPECIALIST = Actor.specialist("U-spec", label="Sanne")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def prepared_case(uow_factory, api: Api) -> str:  # type: ignore[no-untyped-def]
    """Filed with an invoice and terms, demand letter and e-mail made, disputed and answered, escalated, advised."""
    with uow_factory() as uow:
        creditor = uow.session.get_one(Creditor, api.creditor_id)
        case = make_case(uow, creditor, business_claim(invoices=[{
            "invoice_number": "F-2025-881", "invoice_date": "2025-12-01", "due_date": "2025-12-31",
            "principal": "4200.00", "description": "Levering bakstenen, project Lunetten"}]))
        ref = case.reference
        for kind, name in (("invoice", "factuur-F-2025-881.pdf"), ("terms", "algemene-voorwaarden.pdf")):
            documents.add_document(uow, Actor.creditor(api.creditor_id), ref, kind=kind, file_name=name,
                                   data=PDF + name.encode())
        uow.commit()
    run_tick(uow_factory, api.settings, {})  # lays out the plan and makes the demand letter (PDF) and e-mail
    with uow_factory() as uow:
        dispute = disputes.open_dispute(uow, Actor.debtor(case.id, "555"), ref, "De stenen waren beschadigd")
        disputes.resolve_dispute(uow, SPECIALIST, dispute.id, upheld=False,
                                 resolution="Bij aflevering zonder opmerking getekend")
        lifecycle.escalate(uow, Actor.system(), ref, "day 10")
        draft_advice(uow, SPECIALIST, ref)
        send_advice(uow, SPECIALIST, ref)
        uow.commit()
    return ref


async def test_advice_consent_summons_and_export_over_the_api(api: Api, uow_factory, database_url, data_dir) -> None:
    ref = prepared_case(uow_factory, api)

    # another creditor sees nothing of it and cannot decide on it
    for path in ("advice", "export"):
        assert_problem(await api.client.get(f"/v1/cases/{ref}/{path}", headers=api.auth(api.other_token)), 404)
    refused = await api.client.post(f"/v1/cases/{ref}/decision", json={"decision": "start_proceedings"},
                                    headers=api.auth(api.other_token))
    assert_problem(refused, 404)

    advice = (await api.client.get(f"/v1/cases/{ref}/advice", headers=api.auth())).json()
    assert advice["version"] == 1 and advice["recommendation"] == "start_proceedings"
    assert advice["facts"]["court"]["court"] == "kanton" and "De stenen waren beschadigd" in advice["text"]
    stale = await api.client.post(f"/v1/cases/{ref}/decision", headers=api.auth(),
                                  json={"decision": "start_proceedings", "advice_id": advice["id"] + 1})
    assert_problem(stale, 409)
    ok = await api.client.post(f"/v1/cases/{ref}/decision", headers=api.auth(),
                               json={"decision": "start_proceedings", "advice_id": advice["id"], "note": "Akkoord"})
    assert ok.status_code == 200 and ok.json()["status"] == "judicial"

    # the specialist records the drafted summons from the command line: the generated draft is stored with it
    runner = CliRunner()
    env = {"DATABASE_URL": database_url, "INCASSO_DATA_DIR": str(data_dir)}
    result = runner.invoke(cli, ["case", "judicial-step", ref, "--step", "drafted", "--on", "2026-03-02",
                                 "--by", "Sanne"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with uow_factory() as uow:
        summons = uow.session.scalars(select(Document).where(Document.kind == "summons")).one()
        text = pdf_text(uow.documents.get(summons.sha256))
    for element in (
        "CONCEPT-DAGVAARDING", "CONCEPT — door deurwaarder of advocaat te voltooien",
        "Bakkerij De Zon B.V.", "12345678",  # the claimant
        "Bouwbedrijf Jansen B.V.", "Industrieweg 12", "3542 AD Utrecht",  # the defendant
        "kantonrechter", "rechtbank Midden-Nederland",
        "F-2025-881", "Levering bakstenen", "€ 4.200,00",  # the invoice
        "algemene voorwaarden: productie “algemene-voorwaarden.pdf”",  # the agreement
        "sommatiebrief per letter", "sommatiebrief per email",  # the reminders in the contact log
        "De stenen waren beschadigd", "Bij aflevering zonder opmerking getekend",  # defence and answer
        "Buitengerechtelijke incassokosten", "€ 545,00",  # staffel on 4,200: 375 + 10 % of 1,700
        "wettelijke rente over de hoofdsom", "factuur-F-2025-881.pdf",
    ):
        assert element in text.replace("\xa0", " "), element

    response = await api.client.get(f"/v1/cases/{ref}/export", headers=api.auth())
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    assert f'filename="{ref}-dossier-2026-03-02.zip"' in response.headers["content-disposition"]
    zf = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(zf.namelist())
    with uow_factory() as uow:
        events = uow.session.scalars(select(CaseEvent).where(CaseEvent.case_id == summons.case_id)
                                     .order_by(CaseEvent.id)).all()
        docs = uow.session.scalars(select(Document).where(Document.case_id == summons.case_id)).all()
        stored = {d.id: (d.file_name, uow.documents.get(d.sha256)) for d in docs}
        emails = uow.session.scalars(select(OutboundMessage).where(OutboundMessage.channel == "email")).all()
    # every document, byte for byte: invoice, terms, the demand letter PDF, the draft summons
    assert {d.kind for d in docs} >= {"invoice", "terms", "reminder", "summons"}
    for doc_id, (file_name, data) in stored.items():
        assert zf.read(f"{ref}/documents/{doc_id:04d}-{file_name}") == data
    # the timeline is the audit log, event for event
    assert json.loads(zf.read(f"{ref}/timeline.json")) == json.loads(json.dumps([event_record(e) for e in events]))
    timeline_text = zf.read(f"{ref}/timeline.txt").decode()
    assert all(f"#{e.id} " in timeline_text for e in events)
    # the e-mails sent (or waiting), the debtor's words, the advice, the statement
    assert emails and all(f"{ref}/messages/{m.id:04d}-email.txt" in names for m in emails)
    assert emails[0].body in zf.read(f"{ref}/messages/{emails[0].id:04d}-email.txt").decode()
    debtor = json.loads(zf.read(f"{ref}/debtor/messages.json"))
    assert debtor["disputes"][0]["reason"] == "De stenen waren beschadigd"
    assert debtor["disputes"][0]["answer"] == "Bij aflevering zonder opmerking getekend"
    assert "dispute_opened" in [e["kind"] for e in debtor["debtor_events"]]
    assert zf.read(f"{ref}/advice/v01.txt").decode() == advice["text"]
    statement = json.loads(zf.read(f"{ref}/statement.json"))
    assert statement["costs"] == "545.00" and "Hoofdsom" in zf.read(f"{ref}/statement.txt").decode()
    steps = json.loads(zf.read(f"{ref}/judicial_steps.json"))
    assert [(s["step"], s["recorded_by"]) for s in steps] == [("drafted", "Sanne")]

    # the same ZIP from the command line
    out = Path(data_dir).parent / "dossier.zip"
    result = runner.invoke(cli, ["case", "export", ref.lower(), "--out", str(out)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert set(zipfile.ZipFile(out).namelist()) == names


def test_the_summons_for_the_civil_court_says_a_lawyer_finishes_it(api: Api, uow_factory) -> None:
    with uow_factory() as uow:
        creditor = uow.session.get_one(Creditor, api.creditor_id)
        case = make_case(uow, creditor, business_claim(principal="30000.00"))
        text = pdf_text(draft_summons(uow, case, case.filed_at.date(), agent_name="Incasso B.V."))
    assert "advocaat" in text and "hoger dan € 25.000" in text.replace("\xa0", " ")
    assert "Geen overeenkomst of voorwaarden" in text or "geen overeenkomst of voorwaarden" in text
    assert "Gedaagde heeft de vordering niet betwist" in text and "Incasso B.V." in text
