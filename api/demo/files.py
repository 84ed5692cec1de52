"""The documents the demo's people hand over: a creditor's invoice (PDF), a debtor's photo (JPEG) and the agency's
bank statement (CAMT.053) with a debtor's transfer on it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from core.money import format_eur


def invoice_pdf(creditor: str, debtor: str, number: str, invoice_date: str, due: str, amount: Decimal,
                title: str = "Factuur") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica-Bold", 16)
    page.drawString(60, 780, creditor)
    page.setFont("Helvetica", 11)
    for i, line in enumerate((f"{title} {number}", f"Aan: {debtor}", f"Factuurdatum: {invoice_date}",
                              f"Vervaldatum: {due}", f"Totaal: {format_eur(amount)}")):
        page.drawString(60, 740 - 18 * i, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def photo_jpeg() -> bytes:
    """A tiny JPEG (a photo of the undelivered order, so to speak): real JPEG markers, checked by content."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 2048 + b"\xff\xd9"


@dataclass(frozen=True)
class Transfer:
    amount: Decimal
    name: str
    iban: str
    reference: str


def camt053(statement_id: str, account_iban: str, booked_on: date, transfers: list[Transfer]) -> bytes:
    """A CAMT.053 day statement of the collection account, as the bank exports it."""
    entries = "".join(
        f"""<Ntry><Amt Ccy="EUR">{t.amount:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>{booked_on.isoformat()}</Dt></BookgDt><AcctSvcrRef>{statement_id}-{i}</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>{escape(t.name)}</Nm></Dbtr><DbtrAcct><Id><IBAN>{t.iban}</IBAN></Id></DbtrAcct>
</RltdPties><RmtInf><Strd><CdtrRefInf><Ref>{escape(t.reference)}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>
</NtryDtls></Ntry>"""
        for i, t in enumerate(transfers, 1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>{statement_id}</MsgId><CreDtTm>{booked_on.isoformat()}T23:00:00+01:00</CreDtTm></GrpHdr>
<Stmt><Id>{statement_id}</Id><Acct><Id><IBAN>{account_iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>
{entries}
</Stmt></BkToCstmrStmt></Document>""".encode()
