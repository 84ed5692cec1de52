"""A new claim's documents survive a process that stops right after Slack's ack: the rows written with the claim
are fetched by the sweep (at start-up and every few minutes), each file stored once however many workers sweep,
and the creditor is told once what was stored and what was refused."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from core.db.models import Case, Document, InboundFile
from core.services.inbound_files import claim_inbound_files
from tests.builders import make_creditor
from tests.slack.test_creditor_claims import EXE, META, PDF, claim_values


def reports(slack) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.params["text"] for c in slack.fake.of("chat.postMessage")
            if c.params.get("channel") == "U0CRED" and ("stored" in c.params["text"] or "opgeslagen" in
                                                         c.params["text"])]


def rows(uow_factory) -> list[tuple[str, str | None, int | None]]:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return [(r.status, r.reason, r.document_id)
                for r in uow.session.scalars(select(InboundFile).order_by(InboundFile.id))]


async def test_a_stopped_process_leaves_rows_the_sweep_completes_once(slack, uow_factory, clock) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
    slack.link(creditor.id, language="en")
    fetcher = slack.api.state.slack.files
    slack.api.state.slack.creditor.fetcher = None  # the process "dies" right after the ack: no download starts
    pdf = slack.fake.add_file("F0PDF", "factuur.pdf", "application/pdf", PDF)
    exe = slack.fake.add_file("F0EXE", "aanmaning.pdf", "application/pdf", EXE)
    answer = await slack.submit_view("new_claim", claim_values(invoices_files=[pdf], letter_files=[exe]),
                                     private_metadata=META, view_id="V0CLAIM")
    assert answer.json()["response_action"] == "update"
    # the rows were written with the claim; nothing was fetched
    assert [status for status, _, _ in rows(uow_factory)] == ["pending", "pending"]
    assert slack.fake.of("files.info") == []

    # a worker had leased them before it died: the sweep leaves them alone until the lease runs out
    with uow_factory() as uow:
        assert len(claim_inbound_files(uow, "slack")) == 2
    assert await fetcher.sweep() == 0
    clock.advance(timedelta(minutes=6))

    # Slack has a hiccup on the first files.info: that file is tried again later, the other one finishes now
    slack.fake.fail_once["files.info"] = "internal_error"
    assert await fetcher.sweep() == 1
    assert sorted(status for status, _, _ in rows(uow_factory)) == ["pending", "refused"]
    clock.advance(timedelta(minutes=2))
    # two sweeps at once (two processes): the file is stored once, the creditor told once per outcome
    done = await asyncio.gather(fetcher.sweep(), fetcher.sweep(), fetcher.fetch(None))
    assert sum(done) == 1
    assert await fetcher.sweep() == 0
    with uow_factory() as uow:
        case = uow.session.scalars(select(Case)).one()
        [doc] = uow.session.scalars(select(Document)).all()
        assert (doc.case_id, doc.kind, doc.file_name, doc.size) == (case.id, "invoice", "factuur.pdf", len(PDF))
        assert uow.session.scalar(select(func.count()).select_from(Document)) == 1
    final = rows(uow_factory)
    assert sorted((s, r) for s, r, _ in final) == [("refused", "file_type"), ("stored", None)]
    assert [d for s, _, d in final if s == "stored"] == [doc.id]
    told = reports(slack)
    assert len(told) == 2, told  # the refusal when it happened, the stored one when it was stored
    assert any("aanmaning.pdf was not stored with " + case.reference in m and "not the name" in m for m in told)
    assert any("1 document(s) stored with case " + case.reference in m for m in told)
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(InboundFile).where(
            InboundFile.told_at.is_(None))) == 0
