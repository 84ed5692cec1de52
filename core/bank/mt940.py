"""MT940 (SWIFT customer statement), as Dutch banks still export it, read with the `mt-940` package.

`mt-940` splits the file into statements and :61: lines; the :86: information of Dutch banks (ING, ABN AMRO,
Rabobank: "/TRTP/…/IBAN/…/NAME/…/REMI/…") it leaves as text, so that part is read here.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import mt940

from core.bank.lines import CREDIT, DEBIT, StatementLine, account_iban, clip, number_lines
from core.errors import UserError

# the keys of the Dutch structured :86: field (SEPA), in the spellings ING, ABN AMRO and Rabobank use
_KEYS = (
    "TRTP",
    "IBAN",
    "BIC",
    "NAME",
    "REMI",
    "EREF",
    "CNTP",
    "ORDP",
    "BENM",
    "ADDR",
    "CSID",
    "MARF",
    "PREF",
    "RTRN",
    "PURP",
    "ULTC",
    "ULTD",
    "SVCL",
    "ISDT",
    "OCMT",
    "ID",
)
_SPLIT = re.compile(r"/(" + "|".join(_KEYS) + r")/")


def parse_details(text: str) -> dict[str, str]:
    """ "/EREF/x//CNTP/NL32INGB0000012345/INGBNL2A/J DE VRIES///REMI/USTD//Factuur 12/" → name, iban, remittance."""
    flat = (text or "").replace("\r", "").replace("\n", "")
    parts = _SPLIT.split(flat)
    fields: dict[str, str] = {}
    for key, value in zip(parts[1::2], parts[2::2], strict=True):
        fields.setdefault(key, value.strip(" ").rstrip("/ "))  # a leading "/" is an empty sub-field
    out: dict[str, str] = {}
    if "CNTP" in fields:  # ING: /CNTP/<IBAN>/<BIC>/<name>/<city>/
        cntp = [p.strip() for p in fields["CNTP"].split("/")]
        if cntp and cntp[0]:
            out["iban"] = cntp[0]
        if len(cntp) > 2 and cntp[2]:
            out["name"] = cntp[2]
    if fields.get("IBAN"):
        out["iban"] = fields["IBAN"]
    if fields.get("NAME"):
        out["name"] = fields["NAME"]
    remi = fields.get("REMI", "")
    # "USTD//free text", "STRD/CUR/RF18…", "STRD/ISO/RF18…"
    remi = re.sub(r"^(USTD|STRD/(CUR|ISO))/+", "", remi)
    if remi:
        out["remittance"] = remi
    elif not fields:  # unstructured :86: (older formats): the whole text is what the payer wrote
        out["remittance"] = flat
    return out


def parse_mt940(content: bytes) -> list[StatementLine]:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    try:
        statements = mt940.parse_statements(text, options=mt940.Options.all())
    except Exception as exc:  # the library raises bare ValueError/RuntimeError on what it cannot read
        raise UserError(f"MT940: cannot read the file: {exc}") from None
    lines: list[StatementLine] = []
    for statement in statements:
        data = statement.data
        raw_account = str(data.get("account_identification") or "")
        account = account_iban(raw_account)
        if account is None:
            raise UserError(f"MT940: statement account {raw_account!r} (:25:) is not an IBAN")
        statement_id = f"{data.get('transaction_reference') or ''}/{data.get('statement_number') or ''}"
        for tx in statement:
            lines.append(_line(tx.data, account, statement_id))
    if not lines and not statements:
        raise UserError("MT940: no statement found in the file")
    return number_lines(lines)


def _line(tx: dict, account: str, statement_id: str) -> StatementLine:
    amount = tx.get("amount")
    if amount is None or tx.get("date") is None:
        raise UserError(f"MT940: a :61: line of statement {statement_id} has no amount or date")
    value = Decimal(str(amount.amount))
    status = str(tx.get("status") or "")
    details = parse_details(str(tx.get("transaction_details") or ""))
    bank_reference = str(tx.get("bank_reference") or "").strip() or None
    return StatementLine(
        source="mt940",
        account_iban=account,
        statement_id=statement_id,
        bank_reference=clip(bank_reference, 100),
        booked_on=_plain_date(tx.get("entry_date") or tx["date"]),
        amount=abs(value),
        currency=str(amount.currency or tx.get("currency") or "").upper(),
        direction=CREDIT if value > 0 else DEBIT,
        counterparty_name=clip(details.get("name"), 200),
        counterparty_iban=clip(details.get("iban"), 34),
        remittance=clip(details.get("remittance"), 500),
        reversal=status.upper().startswith("R"),
    )


def _plain_date(value: date) -> date:
    return date(value.year, value.month, value.day)
