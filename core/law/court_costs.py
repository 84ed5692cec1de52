"""Court costs of the judicial phase: griffierecht, the bailiff's fee, the kanton lump sum, the kanton limit.

The figures live in ``data/court_costs.toml`` with their sources (reference/dutch-collection-law.md §7), so a new
year is a data change. Every lookup returns the amount together with the year it is from, its source and whether
it is confirmed: an advice that uses an unconfirmed figure says so.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "court_costs.toml"


class Court(StrEnum):
    KANTON = "kanton"  # subdistrict court (kantonrechter): money claims up to the kanton limit, no lawyer needed
    RECHTBANK = "rechtbank"  # civil court: above the limit; a lawyer is mandatory


class PartyKind(StrEnum):
    """The fee classes of the Wet griffierechten burgerlijke zaken."""

    LEGAL_ENTITY = "legal_entity"  # niet-natuurlijke personen: B.V., N.V., stichting, and also VOF, CV, maatschap
    NATURAL_PERSON = "natural_person"  # natuurlijke personen: consumers and sole traders (eenmanszaak, zzp)
    INDIGENT = "indigent"  # on- en minvermogenden (a natural person with a low income, on request)


@dataclass(frozen=True)
class Figure:
    """An amount from the table with where it comes from."""

    amount: Decimal
    year: int  # the table year the figure was taken from
    source: str
    confirmed: bool


@dataclass(frozen=True)
class _Bracket:
    up_to: Decimal | None
    values: dict[str, Decimal]


@dataclass(frozen=True)
class _Row:
    year: int
    source: str
    confirmed: bool
    brackets: tuple[_Bracket, ...]


@dataclass(frozen=True)
class CourtCostTable:
    kanton_limit: Decimal
    court_fees: dict[Court, tuple[_Row, ...]]  # ascending by year
    bailiff_fees: tuple[_Row, ...]
    lump_sums: tuple[tuple[date, _Row], ...]  # ascending by the date they are in force from

    def court_for(self, claim_value: Decimal) -> Court:
        """Kanton up to and including the limit (€ 25,000.00), the civil court from one cent above it."""
        return Court.KANTON if claim_value <= self.kanton_limit else Court.RECHTBANK

    def court_fee(self, court: Court, claim_value: Decimal, party: PartyKind, year: int) -> Figure:
        row, exact = _by_year(self.court_fees[court], year)
        bracket = _bracket(row.brackets, claim_value)
        return Figure(bracket.values[party.value], row.year, row.source, row.confirmed and exact)

    def bailiff_fee(self, year: int) -> Figure:
        """The fee for serving a summons, excluding VAT."""
        row, exact = _by_year(self.bailiff_fees, year)
        return Figure(row.brackets[0].values["amount"], row.year, row.source, row.confirmed and exact)

    def kanton_lump_sum_per_point(self, claim_value: Decimal, on: date) -> Figure:
        in_force = [row for start, row in self.lump_sums if start <= on]
        row = in_force[-1] if in_force else self.lump_sums[0][1]
        bracket = _bracket(row.brackets, claim_value)
        return Figure(bracket.values["per_point"], row.year, row.source, row.confirmed and bool(in_force))


def _by_year(rows: tuple[_Row, ...], year: int) -> tuple[_Row, bool]:
    """The row of that year; else the nearest earlier one (or the first), reported as not exact."""
    for row in rows:
        if row.year == year:
            return row, True
    earlier = [row for row in rows if row.year < year]
    return (earlier[-1] if earlier else rows[0]), False


def _bracket(brackets: tuple[_Bracket, ...], value: Decimal) -> _Bracket:
    for bracket in brackets:
        if bracket.up_to is None or value <= bracket.up_to:
            return bracket
    return brackets[-1]


def _brackets(raw: list[dict[str, Any]]) -> tuple[_Bracket, ...]:
    brackets = tuple(
        _Bracket(
            Decimal(item["up_to"]) if "up_to" in item else None,
            {k: Decimal(v) for k, v in item.items() if k != "up_to"},
        )
        for item in raw
    )
    bounds = [b.up_to for b in brackets]
    if None in bounds[:-1] or bounds != sorted(bounds, key=lambda b: b if b is not None else Decimal("Infinity")):
        raise ValueError(f"{DATA_FILE.name}: brackets must ascend, only the last may be open-ended")
    return brackets


def load_table(text: str | None = None) -> CourtCostTable:
    """Parse the TOML (the data file unless `text` is given) and check it."""
    raw = tomllib.loads(text if text is not None else DATA_FILE.read_text(encoding="utf-8"))
    fees: dict[Court, list[_Row]] = {court: [] for court in Court}
    by_year: dict[tuple[str, int], tuple[_Bracket, ...]] = {}
    for item in sorted(raw["court_fee"], key=lambda i: (i["court"], "same_as" in i, i["year"])):
        court = Court(item["court"])
        brackets = by_year[(court.value, item["same_as"])] if "same_as" in item else _brackets(item["brackets"])
        by_year[(court.value, item["year"])] = brackets
        fees[court].append(_Row(item["year"], item["source"], bool(item["confirmed"]), brackets))
    bailiff = tuple(
        _Row(i["year"], i["source"], bool(i["confirmed"]), (_Bracket(None, {"amount": Decimal(i["amount"])}),))
        for i in sorted(raw["bailiff_fee"], key=lambda i: i["year"])
    )
    lump_sums = tuple(
        (
            date.fromisoformat(i["from"]),
            _Row(date.fromisoformat(i["from"]).year, i["source"], bool(i["confirmed"]), _brackets(i["brackets"])),
        )
        for i in sorted(raw["kanton_lump_sum"], key=lambda i: i["from"])
    )
    return CourtCostTable(
        kanton_limit=Decimal(raw["kanton_limit"]),
        court_fees={court: tuple(sorted(rows, key=lambda r: r.year)) for court, rows in fees.items()},
        bailiff_fees=bailiff,
        lump_sums=lump_sums,
    )


@cache
def court_costs() -> CourtCostTable:
    """The table from the data file, read once per process."""
    return load_table()
