"""One statement line as every format reads it, and the key that makes importing a statement twice harmless."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

CREDIT, DEBIT = "credit", "debit"


@dataclass(frozen=True)
class StatementLine:
    source: str  # camt053 | mt940
    account_iban: str
    statement_id: str
    bank_reference: str | None  # the bank's own reference for the line (CAMT AcctSvcrRef, MT940 :61: after //)
    booked_on: date
    amount: Decimal  # positive; `direction` says which way
    currency: str
    direction: str  # credit | debit
    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    remittance: str | None = None  # the free text the payer typed (and any reference it holds)
    structured_reference: str | None = None  # a creditor reference the bank delivers in its own field
    reversal: bool = False
    booked: bool = True
    # the n-th line of this statement with the same reference (or contents): two equal transfers stay two
    ordinal: int = 0

    def dedupe_key(self) -> str:
        """Stable across re-imports of the same statement, and across re-exports when the bank names its lines."""
        if self.bank_reference:
            basis = f"ref|{self.bank_reference}|{self.ordinal}"
        else:
            basis = "|".join(
                (
                    "line",
                    self.statement_id,
                    self.booked_on.isoformat(),
                    self.direction,
                    f"{self.amount:.2f}",
                    self.currency,
                    self.counterparty_iban or "",
                    self.remittance or "",
                    self.structured_reference or "",
                    str(self.ordinal),
                )
            )
        return f"{self.account_iban}:{hashlib.sha256(basis.encode()).hexdigest()[:48]}"

    def identity(self) -> str:
        """What makes two lines of one statement "the same" for numbering them (`ordinal`)."""
        if self.bank_reference:
            return f"ref|{self.bank_reference}"
        return "|".join(
            (
                self.booked_on.isoformat(),
                self.direction,
                f"{self.amount:.2f}",
                self.currency,
                self.counterparty_iban or "",
                self.remittance or "",
                self.structured_reference or "",
            )
        )


def number_lines(lines: list[StatementLine]) -> list[StatementLine]:
    """Give identical lines of one statement their running number, so a re-import recognises each of them."""
    from dataclasses import replace

    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for line in lines:
        key = (line.account_iban, line.statement_id, line.identity())
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(replace(line, ordinal=n))
    return out


_IBAN_LIKE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}")


def account_iban(text: str) -> str | None:
    """The IBAN in an account field: "NL20INGB0001234567", "NL20INGB0001234567EUR" (ING MT940), "NL20 INGB …"."""
    compact = re.sub(r"\s+", "", text or "").upper()
    match = _IBAN_LIKE.match(compact)
    if not match:
        return None
    candidate = match.group(0)
    for cut in (candidate, candidate[:-3]):
        try:
            return IBAN(cut).compact
        except SchwiftyException:
            continue
    return None


def clean_iban(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return IBAN(text).compact
    except SchwiftyException:
        return None


def clip(text: str | None, length: int) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text[:length] or None
