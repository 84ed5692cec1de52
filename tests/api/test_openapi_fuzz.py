"""FUZZ: schemathesis over the whole OpenAPI document of the running app (SQLite only, bounded).

Every operation gets generated requests, valid and invalid by the schema, sent with a valid API key to an app whose
database holds real cases (INC-2026-000001 … INC-2026-000042, the reference the documentation uses as example,
one escalated, one with a document). Checks: no 5xx, every status documented, every content type documented, every
response body valid against its schema. 40 examples per operation and mode (INCASSO_FUZZ_EXAMPLES) keep the run
under 30 seconds.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from core.actors import Actor
from core.clock import local_today
from core.config import load_settings
from core.db.base import make_engine, make_session_factory
from core.intake import parse_claim
from core.services import lifecycle
from core.services.claims import file_claims_batch
from core.services.creditors import create_api_key
from core.services.documents import add_document
from core.uow import UnitOfWork
from tests.api.support import PDF
from tests.builders import business_claim, consumer_claim, make_creditor

MAX_EXAMPLES = int(os.environ.get("INCASSO_FUZZ_EXAMPLES", "40"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def fuzz_app(sqlite_template: Path, tmp_path: Path, clock):  # type: ignore[no-untyped-def]
    """The app on its own SQLite copy with 42 cases of creditor 1; yields (app, auth headers)."""
    database = tmp_path / "fuzz.db"
    shutil.copy(sqlite_template, database)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    settings_ = load_settings(database_url=f"sqlite:///{database}", data_dir=data_dir, secret_key="fuzz")
    engine = make_engine(settings_.database_url)
    with UnitOfWork(make_session_factory(engine), clock=clock, data_dir=data_dir) as uow:
        creditor = make_creditor(uow)
        make_creditor(uow, kvk_number="99999999", name="Andere B.V.")
        token = create_api_key(uow, creditor.id, "fuzz").token
        actor = Actor.creditor(creditor.id, label="fuzz")
        today = local_today(clock)
        requests = [
            (
                n,
                parse_claim(
                    business_claim(f"F-{n}")
                    if n % 2
                    else consumer_claim(
                        invoices=[
                            {
                                "invoice_number": f"F-{n}",
                                "invoice_date": "2026-01-02",
                                "due_date": "2026-01-16",
                                "principal": "1000.00",
                            }
                        ]
                    ),
                    today=today,
                ),
            )
            for n in range(1, 43)
        ]
        file_claims_batch(uow, actor, creditor.id, requests, source="test")
        uow.commit()
        lifecycle.start_amicable(uow, Actor.system(), "INC-2026-000041")
        lifecycle.escalate(uow, Actor.system(), "INC-2026-000041", "day 10")
        add_document(uow, actor, "INC-2026-000042", kind="invoice", file_name="factuur.pdf", data=PDF)
        uow.commit()
    engine.dispose()
    app = create_app(settings_, clock=clock, transports={})
    yield app, {"Authorization": f"Bearer {token}"}
    shutdown_lifespans()


@pytest.mark.fuzz
def test_fuzz_the_whole_api(fuzz_app) -> None:  # type: ignore[no-untyped-def]
    """Each operation, positive and negative data; all failures are collected and reported together."""
    app, auth = fuzz_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15  # the whole API (and health, readiness, metrics)
    failures: list[str] = []
    seen: dict[str, Counter[int]] = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def fuzz(case: schemathesis.Case) -> None:
                response = case.call_and_validate(headers=dict(auth), checks=CHECKS)  # (it adds to the dict)
                seen.setdefault(case.operation.label, Counter())[response.status_code] += 1

            try:
                fuzz()
            except Unsatisfiable:  # nothing to get wrong: no parameters and no body (health, readiness, metrics)
                assert mode is GenerationMode.NEGATIVE and not operation.path.startswith("/v1")
            except (Exception, BaseExceptionGroup) as exc:  # collect: one run shows every operation that fails
                failures.append(f"{operation.label} [{mode.value}]: {exc}")
    print("\n".join(f"{label}: {dict(statuses)}" for label, statuses in seen.items()))
    assert not failures, "\n\n".join(failures)
