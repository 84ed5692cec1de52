"""The payout file: one SEPA credit transfer (pain.001.001.03, the version Dutch banks accept) for all creditors.

Built with `sepaxml`, which also validates the result against the ISO 20022 schema. Its message id and creation
time are set from our settlement (sepaxml would take the wall clock and a random id), so the file says which
settlement it pays and the clock stays injectable.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sepaxml import SepaTransfer

from core.money import to_cents_int

SCHEMA = "pain.001.001.03"
NAMESPACE = f"urn:iso:std:iso:20022:tech:xsd:{SCHEMA}"


@dataclass(frozen=True)
class PayerAccount:
    """The agency's collection account the payouts leave from."""

    name: str
    iban: str
    bic: str | None = None


@dataclass(frozen=True)
class Payout:
    name: str
    iban: str
    amount: Decimal
    description: str
    end_to_end_id: str


def credit_transfer(
    payer: PayerAccount, payouts: list[Payout], *, message_id: str, created_at: datetime, execution_date: date
) -> bytes:
    """The pain.001 XML (UTF-8 bytes). Amounts go in as integer cents: sepaxml refuses anything else."""
    if not payouts:
        raise ValueError("a credit transfer needs at least one payout")
    config: dict[str, object] = {"name": payer.name, "IBAN": payer.iban.replace(" ", ""), "batch": True,
                                 "currency": "EUR"}
    if payer.bic:
        config["BIC"] = payer.bic
    transfer = SepaTransfer(config, schema=SCHEMA, clean=True)
    header = transfer._xml.find("CstmrCdtTrfInitn/GrpHdr")  # sepaxml offers no setter for these
    assert header is not None
    header.find("MsgId").text = message_id[:35]  # type: ignore[union-attr]
    header.find("CreDtTm").text = created_at.replace(microsecond=0).isoformat()  # type: ignore[union-attr]
    for payout in payouts:
        if payout.amount <= 0:
            raise ValueError(f"payout to {payout.iban} must be positive, got {payout.amount}")
        transfer.add_payment({
            "name": payout.name,
            "IBAN": payout.iban.replace(" ", ""),
            "amount": to_cents_int(payout.amount),
            "execution_date": execution_date,
            "description": payout.description,
            "endtoend_id": payout.end_to_end_id[:35],
        })
    return transfer.export(validate=True)


def control_sum(xml: bytes) -> tuple[int, Decimal]:
    """(number of transactions, control sum) from a pain.001's group header."""
    root = ET.fromstring(xml)
    header = root.find(f"{{{NAMESPACE}}}CstmrCdtTrfInitn/{{{NAMESPACE}}}GrpHdr")
    assert header is not None
    return int(header.findtext(f"{{{NAMESPACE}}}NbOfTxs") or 0), Decimal(header.findtext(f"{{{NAMESPACE}}}CtrlSum")
                                                                          or "0")
