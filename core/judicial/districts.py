"""The court district (arrondissement) of a Dutch postcode: which of the 11 rechtbanken hears the case.

The kanton and civil court of the debtor's place of residence (or seat) are competent (art. 99 Rv). The table in
``data/court_districts.csv`` maps postcode RANGES to districts; districts follow municipal borders, which postcode
ranges only approximate, so the result is marked approximate and border areas (e.g. the Gooi, Flevoland, the
Vijfheerenlanden, Weesp) may be wrong. Check the exact kanton location on rechtspraak.nl before filing.
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "court_districts.csv"
_POSTCODE = re.compile(r"^\s*(\d{4})\s*[A-Za-z]{0,2}\s*$")


@dataclass(frozen=True)
class District:
    name: str  # e.g. "Midden-Nederland": the court is "Rechtbank Midden-Nederland"
    seat: str  # the district's main location; the kanton location may be another town in the district
    approximate: bool = True


@cache
def _ranges() -> tuple[tuple[int, int, District], ...]:
    with DATA_FILE.open(encoding="utf-8", newline="") as fh:
        rows = [(int(r["from"]), int(r["to"]), District(r["district"], r["seat"])) for r in csv.DictReader(fh)]
    rows.sort(key=lambda r: r[0])
    for (_, end, _), (start, _, _) in itertools.pairwise(rows):
        if start != end + 1:
            raise ValueError(f"{DATA_FILE.name}: postcode ranges must be contiguous ({end} -> {start})")
    return tuple(rows)


def district_for(postcode: str | None, country: str = "NL") -> District | None:
    """The district of a Dutch postcode; None abroad or without a usable postcode."""
    if country.upper() != "NL" or not postcode:
        return None
    match = _POSTCODE.match(postcode)
    if match is None:
        return None
    number = int(match.group(1))
    for start, end, district in _ranges():
        if start <= number <= end:
            return district
    return None
