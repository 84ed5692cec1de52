"""CAMT.053 (ISO 20022 Bank-to-Customer Statement), the XML Dutch banks export: any version (.001.02 to .001.13).

Parsed with defusedxml: no DTDs, no entities, no external references — a statement file is untrusted input.
Elements are found by local name, so the namespace of the version does not matter.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from core.bank.lines import CREDIT, DEBIT, StatementLine, account_iban, clip, number_lines
from core.errors import UserError


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: Element | None, *path: str) -> Element | None:
    for name in path:
        if el is None:
            return None
        el = next((c for c in el if _local(c.tag) == name), None)
    return el


def _children(el: Element | None, name: str) -> list[Element]:
    return [] if el is None else [c for c in el if _local(c.tag) == name]


def _text(el: Element | None, *path: str) -> str | None:
    found = _child(el, *path)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _day(el: Element | None) -> date | None:
    text = _text(el, "Dt") or _text(el, "DtTm")
    return date.fromisoformat(text[:10]) if text else None


def _amount(el: Element | None) -> tuple[Decimal, str] | None:
    if el is None or not (el.text or "").strip():
        return None
    try:
        value = Decimal(el.text.strip())  # type: ignore[union-attr]
    except InvalidOperation:
        raise UserError(f"CAMT.053: not an amount: {el.text!r}") from None
    return value, (el.get("Ccy") or "").upper()


def parse_camt053(content: bytes) -> list[StatementLine]:
    try:
        root = SafeET.fromstring(content, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise UserError(f"CAMT.053: refused unsafe XML ({type(exc).__name__})") from None
    except SafeET.ParseError as exc:
        raise UserError(f"CAMT.053: not well-formed XML: {exc}") from None
    report = _child(root, "BkToCstmrStmt")
    if report is None:
        raise UserError("not a CAMT.053 statement: no BkToCstmrStmt element")
    lines: list[StatementLine] = []
    for stmt in _children(report, "Stmt"):
        iban_text = _text(stmt, "Acct", "Id", "IBAN") or _text(stmt, "Acct", "Id", "Othr", "Id") or ""
        account = account_iban(iban_text)
        if account is None:
            raise UserError(f"CAMT.053: statement account {iban_text!r} is not an IBAN")
        statement_id = _text(stmt, "Id") or _text(stmt, "ElctrncSeqNb") or ""
        for entry in _children(stmt, "Ntry"):
            lines.extend(_entry_lines(entry, account, statement_id))
    return number_lines(lines)


def _entry_lines(entry: Element, account: str, statement_id: str) -> list[StatementLine]:
    amount = _amount(_child(entry, "Amt"))
    if amount is None:
        raise UserError(f"CAMT.053: an entry of statement {statement_id} has no amount")
    direction = CREDIT if _text(entry, "CdtDbtInd") == "CRDT" else DEBIT
    status = _text(entry, "Sts") or _text(entry, "Sts", "Cd") or "BOOK"
    booked_on = _day(_child(entry, "BookgDt")) or _day(_child(entry, "ValDt"))
    if booked_on is None:
        raise UserError(f"CAMT.053: an entry of statement {statement_id} has no booking date")
    entry_ref = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
    details = [tx for d in _children(entry, "NtryDtls") for tx in _children(d, "TxDtls")]
    # a batch booking carries one TxDtls per transfer, each with its own amount: one line each
    if len(details) <= 1:
        parts = [(details[0] if details else None, amount)]
    else:
        parts = [(tx, _amount(_child(tx, "AmtDtls", "TxAmt", "Amt")) or _amount(_child(tx, "Amt"))) for tx in details]
        if any(a is None for _, a in parts):
            parts = [(None, amount)]
    out = []
    for tx, part_amount in parts:
        assert part_amount is not None
        value, currency = part_amount
        # the payer is the debtor of a credit, the payee the creditor of a debit
        party = "Dbtr" if direction == CREDIT else "Cdtr"
        parties = _child(tx, "RltdPties")
        name = _text(parties, party, "Nm") or _text(parties, party, "Pty", "Nm")
        iban = _text(parties, f"{party}Acct", "Id", "IBAN")
        remittance = _child(tx, "RmtInf")
        unstructured = " ".join(t for t in (_text_of(u) for u in _children(remittance, "Ustrd")) if t)
        structured = next((r for s in _children(remittance, "Strd") if (r := _text(s, "CdtrRefInf", "Ref"))), None)
        out.append(
            StatementLine(
                source="camt053",
                account_iban=account,
                statement_id=statement_id,
                bank_reference=(_text(tx, "Refs", "AcctSvcrRef") if tx is not None else None) or entry_ref,
                booked_on=booked_on,
                amount=abs(value),
                currency=currency,
                direction=direction,
                counterparty_name=clip(name, 200),
                counterparty_iban=clip(iban, 34),
                remittance=clip(unstructured or _text(tx, "AddtlTxInf") or _text(entry, "AddtlNtryInf"), 500),
                structured_reference=clip(structured, 35),
                reversal=_text(entry, "RvslInd") == "true",
                booked=status.upper() in ("BOOK", "BOOKED"),
            )
        )
    return out


def _text_of(el: Element) -> str | None:
    return el.text.strip() if el.text else None
