"""Validation at the door: every field checked with a well-kept library, every error named in nl and en.

IBAN: schwifty. Phone numbers: phonenumbers (E.164, NL default region). E-mail: email-validator (syntax only,
no DNS: the service runs without internet).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from core.errors import FieldError
from core.money import MoneyError, parse_amount

T = TypeVar("T")

MAX_PRINCIPAL = Decimal("10000000.00")
_KVK = re.compile(r"[0-9]{8}")  # fullmatch, ASCII digits only
_NL_POSTCODE = re.compile(r"([1-9][0-9]{3})\s?([A-Z]{2})")  # fullmatch
# C0 control characters other than tab, line feed and carriage return (PostgreSQL refuses NUL in text outright)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Invalid(Exception):
    """Raised by a single check; `Collector` turns it into a FieldError."""

    def __init__(self, rule: str, **params: str) -> None:
        self.rule = rule
        self.params = tuple((k, str(v)) for k, v in params.items())
        super().__init__(rule)


def iban(value: str) -> str:
    try:
        return IBAN(value).compact
    except SchwiftyException as exc:
        raise Invalid("iban", value=value, detail=str(exc)) from None


def phone(value: str, region: str = "NL") -> str:
    try:
        number = phonenumbers.parse(str(value), region)
    except phonenumbers.NumberParseException:
        raise Invalid("phone", value=value) from None
    if not phonenumbers.is_valid_number(number):
        raise Invalid("phone", value=value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email(value: str) -> str:
    try:
        return validate_email(str(value), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise Invalid("email", value=value, detail=str(exc)) from None


def kvk(value: str) -> str:
    compact = str(value).replace(" ", "").replace(".", "")
    if not _KVK.fullmatch(compact):
        raise Invalid("kvk", value=value)
    return compact


def postcode(value: str, country: str = "NL") -> str:
    value = str(value)
    if country != "NL":
        if not value.strip() or len(value) > 10:
            raise Invalid("postcode", value=value)
        return value.strip()
    match = _NL_POSTCODE.fullmatch(value.strip().upper())
    if not match:
        raise Invalid("postcode", value=value)
    return f"{match.group(1)} {match.group(2)}"


def amount(value: object) -> Decimal:
    try:
        result = parse_amount(value)  # type: ignore[arg-type]
    except MoneyError:
        raise Invalid("amount", value=str(value)) from None
    if result > MAX_PRINCIPAL:
        raise Invalid("amount_too_large", value=str(value), limit=str(MAX_PRINCIPAL))
    return result


def iso_date(value: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise Invalid("date", value=str(value)) from None


def choice(value: object, options: tuple[str, ...]) -> str:
    text = str(value).strip().lower()
    if text not in options:
        raise Invalid("choice", value=str(value), options="|".join(options))
    return text


def text(value: object, limit: int) -> str:
    result = str(value).strip()
    if not result:
        raise Invalid("required")
    if len(result) > limit:
        raise Invalid("too_long", limit=str(limit))
    return result


class Collector:
    """Runs checks field by field and keeps every error, so the sender sees all problems at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, rule: str, **params: str) -> None:
        self.errors.append(FieldError(field, rule, tuple((k, str(v)) for k, v in params.items())))

    def check(self, field: str, raw: object, check: Callable[..., T], *args: object, required: bool = True) -> T | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.add(field, "required")
            return None
        if isinstance(raw, dict | list | tuple | set | bytes):  # a JSON object or list where one value belongs
            self.add(field, "not_a_value")
            return None
        if isinstance(raw, str) and _CONTROL.search(raw):
            self.add(field, "control_characters")
            return None
        try:
            return check(raw, *args)
        except Invalid as exc:
            self.errors.append(FieldError(field, exc.rule, exc.params))
            return None
