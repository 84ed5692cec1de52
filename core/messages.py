"""Message catalogue for validation errors, in Dutch and English (B1 level, as the law asks of agencies)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.errors import FieldError

LANGUAGES = ("nl", "en")

FIELD_RULES: dict[str, dict[str, str]] = {
    "required": {"nl": "{field}: dit veld is verplicht", "en": "{field}: this field is required"},
    "iban": {
        "nl": "{field}: geen geldig IBAN ({detail})",
        "en": "{field}: not a valid IBAN ({detail})",
    },
    "phone": {
        "nl": "{field}: geen geldig telefoonnummer ({value})",
        "en": "{field}: not a valid phone number ({value})",
    },
    "email": {
        "nl": "{field}: geen geldig e-mailadres ({detail})",
        "en": "{field}: not a valid e-mail address ({detail})",
    },
    "kvk": {
        "nl": "{field}: een KvK-nummer heeft precies 8 cijfers ({value})",
        "en": "{field}: a KvK number has exactly 8 digits ({value})",
    },
    "postcode": {
        "nl": "{field}: geen geldige Nederlandse postcode, verwacht bijvoorbeeld 1234 AB ({value})",
        "en": "{field}: not a valid Dutch postcode, expected e.g. 1234 AB ({value})",
    },
    "amount": {
        "nl": "{field}: bedrag moet positief zijn met hoogstens 2 decimalen ({value})",
        "en": "{field}: amount must be positive with at most 2 decimals ({value})",
    },
    "amount_too_large": {
        "nl": "{field}: bedrag is groter dan het maximum van {limit} ({value})",
        "en": "{field}: amount exceeds the maximum of {limit} ({value})",
    },
    "date": {
        "nl": "{field}: geen geldige datum, verwacht JJJJ-MM-DD ({value})",
        "en": "{field}: not a valid date, expected YYYY-MM-DD ({value})",
    },
    "due_in_future": {
        "nl": "{field}: de vervaldatum ligt in de toekomst ({value}); dien alleen vervallen facturen in",
        "en": "{field}: the due date is in the future ({value}); only overdue invoices can be filed",
    },
    "due_before_invoice": {
        "nl": "{field}: de vervaldatum ligt voor de factuurdatum ({value})",
        "en": "{field}: the due date is before the invoice date ({value})",
    },
    "choice": {
        "nl": "{field}: kies uit {options} ({value})",
        "en": "{field}: choose from {options} ({value})",
    },
    "duplicate_invoice": {
        "nl": "{field}: factuur {value} is al eerder ingediend door deze opdrachtgever",
        "en": "{field}: invoice {value} was already filed by this creditor",
    },
    "too_long": {
        "nl": "{field}: te lang, hoogstens {limit} tekens",
        "en": "{field}: too long, at most {limit} characters",
    },
    "no_invoices": {
        "nl": "{field}: geef minstens één factuur op",
        "en": "{field}: give at least one invoice",
    },
    "too_many_invoices": {
        "nl": "{field}: hoogstens {limit} facturen per dossier",
        "en": "{field}: at most {limit} invoices per case",
    },
    "letter_before_default": {
        "nl": "{field}: een 14-dagenbrief telt pas na de vervaldatum ({value})",
        "en": "{field}: a 14-day letter counts only after the due date ({value})",
    },
    "interest_basis": {
        "nl": "{field}: onbekende rentegrondslag ({detail})",
        "en": "{field}: unknown interest basis ({detail})",
    },
    "not_a_value": {
        "nl": "{field}: verwacht één waarde, geen lijst of object",
        "en": "{field}: expected a single value, not a list or object",
    },
    "control_characters": {
        "nl": "{field}: bevat onzichtbare stuurtekens; verwijder ze",
        "en": "{field}: contains invisible control characters; remove them",
    },
    "unreadable_row": {
        "nl": "{field}: deze regel is geen leesbare CSV ({detail})",
        "en": "{field}: this line cannot be read as CSV ({detail})",
    },
    "unknown_field": {
        "nl": "{field}: onbekend veld",
        "en": "{field}: unknown field",
    },
    "reduction_too_large": {
        "nl": "{field}: een verlaging moet kleiner zijn dan de hoofdsom van {limit}; kies anders 'sluiten'",
        "en": "{field}: a reduction must be less than the principal of {limit}; otherwise choose 'close'",
    },
}


def field_error_text(error: FieldError, lang: str = "en") -> str:
    lang = lang if lang in LANGUAGES else "en"
    template = FIELD_RULES.get(error.rule, {}).get(lang) or f"{{field}}: {error.rule}"
    params = {"field": error.field, "value": "", "detail": "", "options": "", "limit": ""}
    params.update(dict(error.params))
    return template.format(**params)


_DOUBLE_STOP = re.compile(r"(?<=\w\.)\.(?!\.)")


def single_stops(text: str) -> str:
    """A sentence that ends in a name ending in a full stop ("… tegen Bouwbedrijf Jansen B.V..") gets one stop."""
    return _DOUBLE_STOP.sub("", text)
