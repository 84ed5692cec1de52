"""What a creditor reports or decides through /v1: payments, contact, withdrawal, the judicial-phase decision."""

from __future__ import annotations

from decimal import Decimal

from tests.api.support import assert_problem, claim, escalate, start


async def new_case(api, number: str = "F-1") -> str:  # type: ignore[no-untyped-def]
    response = await api.client.post("/v1/cases", json=claim(number), headers=api.auth())
    assert response.status_code == 201, response.text
    return response.json()["reference"]


async def act(api, reference: str, action: str, body: object, token: str | None = None):  # type: ignore[no-untyped-def]
    return await api.client.post(f"/v1/cases/{reference}/{action}", json=body, headers=api.auth(token))


async def test_a_direct_payment_is_allocated_and_settles_the_case_when_all_is_paid(api) -> None:
    reference = await new_case(api)
    start_open = Decimal(
        (await api.client.get(f"/v1/cases/{reference}", headers=api.auth())).json()["statement"]["total_open"]
    )
    part = await act(api, reference, "payments", {"amount": "500.00", "paid_on": "2026-02-27", "note": "bank"})
    assert part.status_code == 201, part.text
    receipt = part.json()
    assert receipt["payment"]["amount"] == "500.00" and receipt["payment"]["source"] == "creditor_report"
    assert receipt["payment"]["paid_on"] == "2026-02-27" and receipt["payment"]["note"] == "bank"
    assert receipt["case"]["status"] == "new" and Decimal(receipt["case"]["total_open"]) < start_open
    rest = receipt["case"]["total_open"]
    final = await act(api, reference, "payments", {"amount": rest, "paid_on": "2026-03-02"})
    assert final.json()["case"] == {
        "reference": reference,
        "status": "paid",
        "phase": "ended",
        "total_open": "0.00",
        "links": final.json()["case"]["links"],
    }
    statement = (await api.client.get(f"/v1/cases/{reference}", headers=api.auth())).json()["statement"]
    assert statement["paid"] == str(Decimal("500.00") + Decimal(rest)) and len(statement["allocations"]) == 2


async def test_payment_input_is_checked(api) -> None:
    reference = await new_case(api)
    future = assert_problem(await act(api, reference, "payments", {"amount": "10.00", "paid_on": "2026-03-03"}), 422)
    assert future["errors"][0]["field"] == "paid_on"
    bad = assert_problem(await act(api, reference, "payments", {"amount": "tien", "paid_on": "2026-03-01"}), 422)
    assert bad["errors"][0] == {"field": "amount", "rule": "amount", "message": bad["errors"][0]["message"]}
    dutch = await api.client.post(
        f"/v1/cases/{reference}/payments",
        json={"amount": "-5", "paid_on": "2026-03-01"},
        headers=api.auth() | {"Accept-Language": "nl"},
    )
    assert "bedrag moet positief zijn" in assert_problem(dutch, 422)["detail"]
    wrong = (
        {"amount": 10.5, "paid_on": "2026-03-01"},  # money is a string, never a float
        {"paid_on": "2026-03-01"},
        {"amount": "1", "paid_on": "01-03-2026"},
        {"amount": "1", "paid_on": "2026-03-01", "note": "a\x00b"},
        [],
        "x",
    )
    for body in wrong:
        assert_problem(await act(api, reference, "payments", body), 422)
    statement = (await api.client.get(f"/v1/cases/{reference}", headers=api.auth())).json()["statement"]
    assert statement["paid"] == "0.00"


async def test_contact_and_withdrawal_and_409_once_ended(api) -> None:
    reference = await new_case(api)
    contact = await act(api, reference, "contact", {"note": "Debiteur belde: betaalt vrijdag.", "mood": "ok"})
    assert contact.status_code == 200 and contact.json()["status"] == "new"
    assert_problem(await act(api, reference, "contact", {"note": "   "}), 400)
    assert_problem(await act(api, reference, "contact", {"note": ""}), 422)
    assert_problem(await act(api, reference, "contact", {"note": "x" * 2001}), 422)
    withdrawn = await act(api, reference, "withdraw", {"reason": "Zelf geregeld met de klant."})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    again = assert_problem(await act(api, reference, "withdraw", {"reason": "again"}), 409)
    assert "withdrawn" in again["detail"]
    timeline = (await api.client.get(f"/v1/cases/{reference}/timeline", headers=api.auth())).json()
    kinds = [e["kind"] for e in timeline]
    assert kinds[:2] == ["case_filed", "contact_reported"] and "status_changed" in kinds
    assert timeline[1]["payload"] == {"note": "Debiteur belde: betaalt vrijdag."}  # unknown fields are ignored


async def test_the_decision_after_the_amicable_phase(api, uow_factory) -> None:
    reference = await new_case(api)
    early = assert_problem(await act(api, reference, "decision", {"decision": "start_proceedings"}), 409)
    assert "no decision to make" in early["detail"]
    assert_problem(await act(api, reference, "decision", {"decision": "sue them"}), 422)
    escalate(uow_factory, reference)
    decided = await act(api, reference, "decision", {"decision": "start_proceedings", "note": "Akkoord."})
    assert (
        decided.status_code == 200 and decided.json()["status"] == "judicial" and decided.json()["phase"] == "judicial"
    )
    assert_problem(await act(api, reference, "decision", {"decision": "close"}), 409)
    event = [
        e
        for e in (await api.client.get(f"/v1/cases/{reference}/timeline", headers=api.auth())).json()
        if e["kind"] == "creditor_decision"
    ]
    assert event[0]["payload"] == {"decision": "start_proceedings", "note": "Akkoord."}
    assert event[0]["actor"] == "API key test"

    other = await new_case(api, "F-2")
    escalate(uow_factory, other)
    extended = await act(api, other, "decision", {"decision": "extend"})
    assert extended.json()["status"] == "amicable"
    plan = (await api.client.get(f"/v1/cases/{other}", headers=api.auth())).json()["plan"]
    assert [s["channel"] for s in plan if s["status"] == "planned"][-1] == "evaluation"
    assert all(s["due_at"].endswith("+00:00") or s["due_at"].endswith("Z") for s in plan)


async def test_another_creditor_cannot_act_on_my_case(api, uow_factory) -> None:
    reference = await new_case(api)
    start(uow_factory, reference)
    them = api.other_token
    before = (await api.client.get(f"/v1/cases/{reference}/timeline", headers=api.auth())).json()
    for action, body in (
        ("payments", {"amount": "10.00", "paid_on": "2026-03-01"}),
        ("contact", {"note": "hallo"}),
        ("withdraw", {"reason": "mine now"}),
        ("decision", {"decision": "close"}),
    ):
        assert_problem(await act(api, reference, action, body, token=them), 404)
    after = (await api.client.get(f"/v1/cases/{reference}/timeline", headers=api.auth())).json()
    assert after == before
