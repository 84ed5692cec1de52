"""Bulk intake of claims from CSV, streamed: validated row by row, written in batches, bad rows refused whole.

One row is one invoice. Rows that share a `case_key` and follow each other form one case (several invoices of
one debtor, whose collection costs are computed over their sum). Re-running an import is safe: invoices filed
before are refused as duplicates, so a killed import can simply be started again.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from core.actors import Actor
from core.clock import local_today
from core.errors import FieldError, InvalidInput, UserError
from core.intake import ClaimRequest, parse_claim
from core.services.claims import file_claims_batch
from core.uow import UnitOfWork

DEBTOR_COLUMNS = {
    "debtor_kind": "kind",
    "debtor_name": "name",
    "street": "street",
    "postcode": "postcode",
    "city": "city",
    "country": "country",
    "email": "email",
    "phone": "phone",
    "kvk_number": "kvk_number",
    "language": "language",
}
INVOICE_COLUMNS = (
    "invoice_number",
    "invoice_date",
    "due_date",
    "principal",
    "description",
    "consumer_purchase",
)
CASE_COLUMNS = ("case_key", "interest", "fourteen_day_letter_sent_on", "creditor_reference")
REQUIRED = ("debtor_kind", "debtor_name", "invoice_number", "invoice_date", "due_date", "principal")
KNOWN = frozenset(DEBTOR_COLUMNS) | frozenset(INVOICE_COLUMNS) | frozenset(CASE_COLUMNS)


@dataclass
class ImportSummary:
    rows: int = 0
    accepted_cases: int = 0
    accepted_rows: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (first row number, reasons)
    references: list[str] = field(default_factory=list)


def _records(reader: csv.DictReader) -> Iterator[dict[str, str] | csv.Error]:
    """The rows, and in place of a row the csv module cannot read (a field over its size limit) the error."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # the reader goes on with the next line
            yield exc


def _row_groups(reader: csv.DictReader) -> Iterator[tuple[int, list[dict[str, str]] | csv.Error]]:
    """Yield (first row number, rows) per case; row 1 is the header, as a spreadsheet counts."""
    group: list[dict[str, str]] = []
    first = 0
    key: str | None = None
    for number, row in enumerate(_records(reader), start=2):
        if isinstance(row, csv.Error):
            if group:
                yield first, group
                group = []
            yield number, row
            continue
        row_key = (row.get("case_key") or "").strip() or None
        if group and (row_key is None or row_key != key):
            yield first, group
            group = []
        if not group:
            first, key = number, row_key
        group.append(row)
    if group:
        yield first, group


def _claim_data(rows: list[dict[str, str]]) -> dict[str, object]:
    head = rows[0]
    return {
        "debtor": {target: head.get(col) for col, target in DEBTOR_COLUMNS.items()},
        "invoices": [{col: r.get(col) for col in INVOICE_COLUMNS} for r in rows],
        "interest": head.get("interest") or None,
        "fourteen_day_letter_sent_on": head.get("fourteen_day_letter_sent_on") or None,
        "creditor_reference": head.get("creditor_reference") or None,
    }


_FIELD_TO_COLUMN = {f"debtor.{target}": col for col, target in DEBTOR_COLUMNS.items()} | {
    f"debtor.address.{name}": name for name in ("street", "postcode", "city")
}


def _in_csv_terms(message: str, first_row: int) -> str:
    """Name CSV columns and row numbers instead of the JSON field paths the validator uses."""
    message = re.sub(
        r"invoices\[(\d+)\]\.(\w+)", lambda m: f"{m.group(2)} (row {first_row + int(m.group(1))})", message
    )
    return re.sub(r"debtor(?:\.address)?\.\w+", lambda m: _FIELD_TO_COLUMN.get(m.group(0), m.group(0)), message)


def check_header(fieldnames: list[str] | None) -> None:
    if not fieldnames:
        raise UserError("the CSV file is empty: expected a header row")
    names = [n.strip() for n in fieldnames]
    unknown = [n for n in names if n not in KNOWN]
    missing = [n for n in REQUIRED if n not in names]
    if unknown or missing:
        parts = []
        if missing:
            parts.append("missing column(s): " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s): " + ", ".join(unknown))
        raise UserError("CSV header: " + "; ".join(parts) + f" (known: {', '.join(sorted(KNOWN))})")


def import_claims_csv(
    uow: UnitOfWork,
    actor: Actor,
    creditor_id: int,
    stream: TextIO,
    *,
    batch_size: int = 1000,
    lang: str = "en",
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    reader = csv.DictReader(stream)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise UserError(f"the CSV header cannot be read: {exc}") from None
    check_header(fieldnames)
    reader.fieldnames = [n.strip() for n in reader.fieldnames or []]
    today = local_today(uow.clock)
    summary = ImportSummary()
    batch: list[tuple[int, ClaimRequest]] = []
    sizes: dict[int, int] = {}

    def flush() -> None:
        if not batch:
            return
        if not dry_run:
            result = file_claims_batch(uow, actor, creditor_id, batch, source="csv_import")
            uow.commit()
            summary.accepted_cases += len(result.accepted)
            summary.accepted_rows += sum(sizes[k] for k, _ in result.accepted)
            summary.references.extend(ref for _, ref in result.accepted)
            summary.refused.extend((k, _in_csv_terms(err.in_language(lang), k)) for k, err in result.refused)
        else:
            summary.accepted_cases += len(batch)
            summary.accepted_rows += sum(sizes[k] for k, _ in batch)
        if progress:
            progress(sum(sizes[k] for k, _ in batch))
        batch.clear()
        sizes.clear()

    for first_row, rows in _row_groups(reader):
        if isinstance(rows, csv.Error):
            summary.rows += 1
            unreadable = InvalidInput([FieldError(f"row {first_row}", "unreadable_row", (("detail", str(rows)),))])
            summary.refused.append((first_row, unreadable.in_language(lang)))
            if progress:
                progress(1)
            continue
        summary.rows += len(rows)
        try:
            batch.append((first_row, parse_claim(_claim_data(rows), today=today, lang=lang)))
            sizes[first_row] = len(rows)
        except InvalidInput as exc:
            summary.refused.append((first_row, _in_csv_terms(exc.in_language(lang), first_row)))
            if progress:
                progress(len(rows))
        if len(batch) >= batch_size:
            flush()
    flush()
    summary.refused.sort()
    return summary
