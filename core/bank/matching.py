"""Pure rules for finding the case a credit pays: payment references in what the payer typed, and names.

A reference only counts when its ISO 11649 check digits are right, so a typo'd reference never points at another
case; a candidate that fails them is reported, so the specialist sees what the payer meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.payment_reference import parse_payment_reference

# "RF" + 2 check digits + up to 21 characters, which payers (and banks) write with or without spaces
_RF = re.compile(r"RF[0-9]{2}(?:\s?[A-Z0-9]){1,21}")


@dataclass(frozen=True)
class ReferencesFound:
    valid: list[str]  # compact, check digits right, in the order found
    broken: list[str]  # looked like a reference (RF…), but the check digits are wrong


def find_payment_references(*texts: str | None) -> ReferencesFound:
    valid: list[str] = []
    broken: list[str] = []
    for text in texts:
        if not text:
            continue
        for match in _RF.finditer(text.upper()):
            found = _longest_valid(match.group(0))
            if found is None:
                broken.append(match.group(0).strip())
            elif found not in valid:
                valid.append(found)
    return ReferencesFound(valid, [b for b in broken if b])


def _longest_valid(candidate: str) -> str | None:
    """The whole run if valid, else the run cut at one of the payer's spaces (text may follow the reference)."""
    cuts = [len(candidate), *reversed([m.start() for m in re.finditer(r"\s", candidate)])]
    for cut in cuts:
        compact = parse_payment_reference(candidate[:cut])
        if compact is not None:
            return compact
    return None


# words in a name that say nothing about who it is: legal forms, titles, particles
_NOISE = frozenset(
    {"BV", "NV", "VOF", "CV", "EZ", "HR", "DHR", "MW", "MEVR", "MEJ", "FAM", "EO", "CJ", "EN", "OF"}
    | {"DE", "DEN", "DER", "HET", "VAN", "VD", "TER", "TEN", "TE", "LA", "LE"}
)


def name_tokens(name: str | None) -> frozenset[str]:
    words = re.sub(r"[^0-9A-Z]+", " ", (name or "").upper().replace("Ë", "E").replace("É", "E")).split()
    return frozenset(w for w in words if len(w) >= 2 and w not in _NOISE)


def names_match(debtor_name: str, payer_name: str | None) -> bool:
    """Every telling word of the debtor's name is in the payer's name ("J. de Vries" ~ "J DE VRIES", "HR J DE
    VRIES EO"; "Bouwbedrijf Jansen B.V." ~ "BOUWBEDRIJF JANSEN BV"). Only a hint: the amount must fit as well."""
    wanted = name_tokens(debtor_name)
    return bool(wanted) and wanted <= name_tokens(payer_name)


def longest_token(name: str | None) -> str | None:
    tokens = sorted(name_tokens(name), key=len, reverse=True)
    return tokens[0] if tokens else None
