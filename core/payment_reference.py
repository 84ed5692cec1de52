"""The reference a debtor puts on a bank transfer: ISO 11649 ("RF" + two check digits), so typos are caught.

Check digits and validation by python-stdnum (ISO 7064 mod 97-10, the same arithmetic as IBAN).
"""

from __future__ import annotations

from stdnum import iso11649
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_97_10


def payment_reference_for(case_reference: str) -> str:
    """INC-2026-000123 -> RF.. INC2026000123 (compact form, no spaces)."""
    body = case_reference.replace("-", "").upper()
    return "RF" + mod_97_10.calc_check_digits(body + "RF") + body


def is_valid_payment_reference(text: str) -> bool:
    return iso11649.is_valid(text)


def parse_payment_reference(text: str) -> str | None:
    """The compact reference if `text` is a valid one (spaces and case ignored), else None."""
    try:
        return iso11649.validate(text)
    except ValidationError:
        return None


def format_payment_reference(reference: str) -> str:
    """Groups of four, as banks print it: RF18 INC2 0260 0012 3."""
    return iso11649.format(reference)
