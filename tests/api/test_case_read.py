"""GET /v1/cases/{reference} answers from its own read path (plain SQL on one connection, and, for a plain request,
without FastAPI's parameter machinery): it must give byte for byte what the ORM path (case_out) gives, for a case
with invoices, payments, a contact plan with deliveries and a timeline, on SQLite and PostgreSQL; and the key,
parameter and access checks must answer as on every other route."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from api.routers.cases import case_out
from core.actors import Actor
from core.db.models import ApiKey, Case
from core.schedule.tick import run_tick
from core.services import case_read, lifecycle, payments
from core.services.creditors import revoke_api_key
from tests.api.support import assert_problem, claim


def orm_answer(uow_factory, reference: str, as_of: date) -> bytes:  # type: ignore[no-untyped-def]
    """What the endpoint answered before it had its own read path: case_out as FastAPI serialises a model."""
    with uow_factory() as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == reference)).one()
        return case_out(uow, case, as_of).model_dump_json(by_alias=True).encode()


async def test_the_answer_is_the_orm_paths_answer_byte_for_byte(api, uow_factory, clock, engine) -> None:
    body = claim("F-1", "2500.00", fourteen_day_letter_sent_on="2026-01-05")
    body["invoices"].append(
        {"invoice_number": "F-0", "invoice_date": "2025-10-01", "due_date": "2025-10-31", "principal": "99.99"}
    )
    body["debtor"]["name"] = "Café 't Hoekje — Zoë"  # non-ASCII goes out as UTF-8, as before
    filed = await api.client.post("/v1/cases", json=body, headers=api.auth())
    reference = filed.json()["reference"]
    run_tick(uow_factory, api.settings, {})  # lays out the plan; letter and e-mail are due at once (no transports)
    clock.advance(timedelta(days=2))
    with uow_factory() as uow:
        payments.record_payment(
            uow, Actor.system(), reference, amount="300.00", paid_on=date(2026, 3, 3), source="manual", note="deel"
        )
        lifecycle.report_contact(uow, Actor.system(), reference, "Belde: rest volgt")
        uow.commit()
    read = (await api.client.get(f"/v1/cases/{reference}", headers=api.auth())).json()
    assert read["plan"] and any(step["deliveries"] for step in read["plan"]), read["plan"]
    assert read["statement"]["paid"] == "300.00" and len(read["statement"]["invoices"]) == 2
    assert [e["kind"] for e in read["timeline"]][-1] == "contact_reported"

    today = date(2026, 3, 4)
    for as_of, query in (
        (today, ""),
        (date(2026, 3, 2), "?as_of=2026-03-02"),  # before the payment: it does not count yet
        (date(2027, 1, 1), "?as_of=2027-01-01"),
    ):
        expected = orm_answer(uow_factory, reference, as_of)
        plain = await api.client.get(f"/v1/cases/{reference}{query}", headers=api.auth())
        # an extra (ignored) parameter sends the request along FastAPI's standard path
        standard = await api.client.get(
            f"/v1/cases/{reference}{query}{'&' if query else '?'}unused=1", headers=api.auth()
        )
        for response in (plain, standard):
            assert response.status_code == 200 and response.headers["content-type"] == "application/json"
            assert response.content == expected

    # the read path's statements run on the DB-API cursor (core.db.plain_reads): the same rows, value for value and
    # type for type (Decimal, aware datetimes, dates, JSON), as Connection.execute gives
    with engine.connect() as connection:
        case_id = connection.execute(select(Case.id).where(Case.reference == reference)).scalar_one()
        for read, params in (
            (case_read._CASE, {"reference": reference}),
            *(
                (plain, {"case_id": case_id})
                for plain in (
                    case_read._LINES,
                    case_read._PAYMENTS,
                    case_read._STEPS,
                    case_read._DELIVERIES,
                    case_read._EVENTS,
                )
            ),
        ):
            expected_rows = connection.execute(read.statement, params).all()
            rows = read.all(connection, params)
            assert rows and [row._asdict() for row in rows] == [row._asdict() for row in expected_rows]
            assert [[type(value) for value in row] for row in rows] == [[type(v) for v in r] for r in expected_rows]


async def test_keys_parameters_and_access_are_checked_in_the_usual_order(api, uow_factory) -> None:
    reference = (await api.client.post("/v1/cases", json=claim("F-1"), headers=api.auth())).json()["reference"]
    wrong = {"Authorization": "Bearer inc_000000000000_nope"}
    for path in (f"/v1/cases/{reference}", f"/v1/cases/{reference}?as_of=2026-99-01", "/v1/cases/%00"):
        assert "API key" in assert_problem(await api.client.get(path, headers=wrong), 401)["detail"]
        assert "missing API key" in assert_problem(await api.client.get(path), 401)["detail"]
    basic = {"Authorization": "Basic dXNlcjpwdw=="}
    assert_problem(await api.client.get(f"/v1/cases/{reference}", headers=basic), 401)
    # a valid key: parameters next (422), then the case (404), the same on both paths
    for query in ("?as_of=2026-02-30", "?as_of=20260301", "?as_of=2026-03-01&as_of=x"):
        assert_problem(await api.client.get(f"/v1/cases/{reference}{query}", headers=api.auth()), 422)
        assert_problem(await api.client.get(f"/v1/cases/INC-2026-999999{query}", headers=api.auth()), 422)
    assert_problem(await api.client.get(f"/v1/cases/{reference}?as_of=2025-01-01", headers=api.auth()), 422)
    for path in (f"/v1/cases/{reference}", f"/v1/cases/{reference}?unused=1"):
        assert_problem(await api.client.get(path, headers=api.auth(api.other_token)), 404)
    body_too_big = await api.client.request(
        "GET", f"/v1/cases/{reference}", content=b" " * (1024 * 1024 + 1), headers=api.auth()
    )
    assert_problem(body_too_big, 413)

    # a revoked key stops working at once, on the very next request
    assert (await api.client.get(f"/v1/cases/{reference}", headers=api.auth())).status_code == 200
    with uow_factory() as uow:
        key_id = uow.session.scalars(select(ApiKey.id).where(ApiKey.creditor_id == api.creditor_id)).one()
        revoke_api_key(uow, key_id)
        uow.commit()
    revoked = assert_problem(await api.client.get(f"/v1/cases/{reference}", headers=api.auth()), 401)
    assert revoked["detail"] == "unknown or revoked API key"
