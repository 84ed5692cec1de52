"""Writes small CAMT.053 statements for property tests (the hand-written samples are in samples/)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

COLLECTION_IBAN = "NL20INGB0001234567"


@dataclass(frozen=True)
class Credit:
    amount: Decimal
    name: str
    reference: str | None = None  # goes into RmtInf/Strd (structured), else Ustrd carries `text`
    text: str = ""
    iban: str | None = None
    bank_reference: str | None = None
    currency: str = "EUR"
    debit: bool = False


def camt053(statement_id: str, booked_on: date, credits: list[Credit]) -> bytes:
    entries = []
    for credit in credits:
        remittance = (
            f"<Strd><CdtrRefInf><Ref>{escape(credit.reference)}</Ref></CdtrRefInf></Strd>"
            if credit.reference
            else f"<Ustrd>{escape(credit.text)}</Ustrd>"
        )
        account = f"<DbtrAcct><Id><IBAN>{credit.iban}</IBAN></Id></DbtrAcct>" if credit.iban else ""
        ref = f"<AcctSvcrRef>{credit.bank_reference}</AcctSvcrRef>" if credit.bank_reference else ""
        entries.append(
            f"""<Ntry><Amt Ccy="{credit.currency}">{credit.amount:.2f}</Amt>
  <CdtDbtInd>{"DBIT" if credit.debit else "CRDT"}</CdtDbtInd><Sts>BOOK</Sts>
  <BookgDt><Dt>{booked_on.isoformat()}</Dt></BookgDt>{ref}
  <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>{escape(credit.name)}</Nm></Dbtr>{account}</RltdPties>
  <RmtInf>{remittance}</RmtInf></TxDtls></NtryDtls></Ntry>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>{statement_id}</MsgId><CreDtTm>{booked_on.isoformat()}T23:00:00+01:00</CreDtTm></GrpHdr>
<Stmt><Id>{statement_id}</Id><Acct><Id><IBAN>{COLLECTION_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
{"".join(entries)}
</Stmt></BkToCstmrStmt></Document>""".encode()
