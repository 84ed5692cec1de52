"""The cases the sample statements (samples/) pay: filed in this order, they get INC-2026-000001 … 000005.

The amounts in the samples were taken from the law engine for these cases on the booking days (27 Feb and
2 Mar 2026); a change in the law tables would show up as lines that no longer match by amount.
"""

from __future__ import annotations

from typing import Any

from core.db.models import Case
from core.uow import UnitOfWork
from tests.builders import business_claim, consumer_claim, make_case, make_creditor


def _consumer(name: str, number: str, principal: str, street: str) -> dict[str, Any]:
    claim = consumer_claim()
    claim["debtor"] = {**claim["debtor"], "name": name, "address": {**claim["debtor"]["address"], "street": street}}
    claim["invoices"] = [{**claim["invoices"][0], "invoice_number": number, "principal": principal}]
    return claim


def file_cases(uow: UnitOfWork) -> list[Case]:
    creditor = make_creditor(uow)
    claims = [
        consumer_claim(),  # 1: J. de Vries, 1000.00: pays 400 by reference, then the rest and 50 too much
        business_claim(),  # 2: Bouwbedrijf Jansen B.V., 2500.00: pays exactly what is open, no reference
        _consumer("P. Bakker", "F-2026-201", "250.00", "Kerkstraat 1"),  # 3 and 4: same name, same amount
        _consumer("P. Bakker", "F-2026-202", "250.00", "Molenweg 9"),
        business_claim(number="F-2026-300", principal="400.00"),  # 5: pays in full by reference (MT940)
    ]
    claims[4]["debtor"] = {**claims[4]["debtor"], "name": "Kapsalon Knip B.V.", "kvk_number": "11223344"}
    return [make_case(uow, creditor, claim) for claim in claims]
