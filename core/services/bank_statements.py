"""Bank statements of the collection account: every credit found a case or a person to look at it.

Matching, in order: (1) a payment reference with valid check digits that belongs to a case; (2) an amount equal to
what an open case has open on the booking day, or, for a case in arrangement, to what its next unpaid installment
still asks, from a payer whose IBAN paid that case before or whose name is the debtor's. One fit: recorded through
`record_payment` (the law engine allocates it; a case in arrangement also ticks off installments). Several:
ambiguous. None: unmatched. Both go to the specialists' queue (`alert_specialists`, kind "unmatched_credit") and
wait for `assign_transaction`. Debits, foreign currency, reversals and unbooked lines are kept as ignored, with
the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from core.actors import Actor, ActorKind
from core.bank.camt053 import parse_camt053
from core.bank.lines import CREDIT, StatementLine, clean_iban
from core.bank.matching import find_payment_references, longest_token, names_match
from core.bank.mt940 import parse_mt940
from core.db.models import BankTransaction, Case, Debtor, Payment
from core.domain.case_states import OPEN_STATUSES
from core.errors import NotFound, UserError
from core.money import money_str
from core.notifications import alert_specialists
from core.services.case_access import load_case, require
from core.services.case_view import statement_for
from core.services.installments import next_installment_amount
from core.services.payments import record_payment
from core.uow import UnitOfWork

MATCHED, UNMATCHED, AMBIGUOUS, IGNORED = "matched", "unmatched", "ambiguous", "ignored"
ACCEPTED_CURRENCY = "EUR"


@dataclass
class ImportResult:
    lines: int = 0
    already_known: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {MATCHED: 0, UNMATCHED: 0, AMBIGUOUS: 0, IGNORED: 0})
    recorded: Decimal = Decimal("0.00")  # the sum of the payments this import recorded
    transactions: list[BankTransaction] = field(default_factory=list)  # the new rows, in file order


def read_statement(content: bytes) -> list[StatementLine]:
    """CAMT.053 (XML) or MT940, told apart by their first characters."""
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"<"):
        return parse_camt053(content)
    if b":20:" in content[:2000] or head.startswith((b"{1:", b":20:")):
        return parse_mt940(content)
    raise UserError("not a bank statement: expected a CAMT.053 (XML) or MT940 file")


def import_statement(uow: UnitOfWork, actor: Actor, content: bytes, *, collection_iban: str) -> ImportResult:
    """Import one statement file in one transaction; lines already imported (by key) are skipped."""
    require(actor, ActorKind.SPECIALIST, ActorKind.SYSTEM, what="importing a bank statement")
    lines = read_statement(content)
    own = clean_iban(collection_iban)
    foreign = sorted({line.account_iban for line in lines if line.account_iban != own})
    if foreign:
        raise UserError(
            f"the statement is for account {', '.join(foreign)}, not the collection account {own} "
            "(INCASSO_COLLECTION_IBAN): nothing imported"
        )
    result = ImportResult(lines=len(lines))
    keys = [line.dedupe_key() for line in lines]
    known = set(_known_keys(uow, keys))
    for line, key in zip(lines, keys, strict=True):
        if key in known:
            result.already_known += 1
            continue
        known.add(key)
        tx = _process(uow, line, key)
        result.counts[tx.status] += 1
        if tx.status == MATCHED:
            result.recorded += tx.amount
        result.transactions.append(tx)
    return result


def _known_keys(uow: UnitOfWork, keys: list[str]) -> Iterable[str]:
    for start in range(0, len(keys), 500):
        yield from uow.session.scalars(
            select(BankTransaction.dedupe_key).where(BankTransaction.dedupe_key.in_(keys[start : start + 500]))
        )


def _process(uow: UnitOfWork, line: StatementLine, key: str) -> BankTransaction:
    tx = BankTransaction(
        dedupe_key=key,
        source=line.source,
        account_iban=line.account_iban,
        statement_id=line.statement_id[:100],
        bank_reference=line.bank_reference,
        booked_on=line.booked_on,
        amount=line.amount,
        currency=line.currency or "?",
        direction=line.direction,
        counterparty_name=line.counterparty_name,
        counterparty_iban=line.counterparty_iban,
        remittance=line.remittance,
        status=UNMATCHED,
        candidates=[],
        imported_at=uow.clock.now(),
    )
    uow.session.add(tx)
    uow.session.flush()
    ignore = _reason_to_ignore(line)
    if ignore:
        tx.status, tx.reason = IGNORED, ignore
        return tx
    status, cases, how, reason = _find_case(uow, line)
    tx.reason = reason
    if status == MATCHED:
        _record(uow, tx, Actor.system("bank statement"), cases[0], how)
    else:
        tx.status = status
        tx.candidates = [c.reference for c in cases]
    if tx.status in (UNMATCHED, AMBIGUOUS):
        _queue_for_specialists(uow, tx)
    return tx


def _reason_to_ignore(line: StatementLine) -> str | None:
    if not line.booked:
        return "not booked yet (pending at the bank)"
    if line.direction != CREDIT:
        return "debit: money going out is not a payment by a debtor"
    if line.reversal:
        return "reversal of an earlier booking: check it by hand"
    if line.currency != ACCEPTED_CURRENCY:
        return f"foreign currency ({line.currency or 'unknown'}): claims are in euro; convert and assign by hand"
    if line.amount <= 0:
        return "zero amount"
    return None


def _find_case(uow: UnitOfWork, line: StatementLine) -> tuple[str, list[Case], str | None, str | None]:
    """(status, cases, matched_by, reason)."""
    refs = find_payment_references(line.structured_reference, line.remittance)
    if refs.valid:
        cases = list(uow.session.scalars(select(Case).where(Case.payment_reference.in_(refs.valid))))
        if len(cases) == 1:
            return MATCHED, cases, "reference", None
        if len(cases) > 1:
            return AMBIGUOUS, cases, None, "several payment references of different cases in one transfer"
    notes = []
    if refs.broken:
        notes.append(f"payment reference {refs.broken[0]} has wrong check digits (a typo?)")
    elif refs.valid:
        notes.append(f"payment reference {refs.valid[0]} belongs to no case")

    fits = _fits_by_amount(uow, line)
    if len(fits) == 1:
        case, how = fits[0]
        return MATCHED, [case], how, "; ".join(notes) or None
    if len(fits) > 1:
        notes.append(f"the amount and payer fit {len(fits)} open cases")
        return AMBIGUOUS, [c for c, _ in fits], None, "; ".join(notes)
    notes.append("no open case with this amount open and this payer's name or IBAN")
    return UNMATCHED, [], None, "; ".join(notes)


def _fits_by_amount(uow: UnitOfWork, line: StatementLine) -> list[tuple[Case, str]]:
    open_cases = select(Case).where(Case.status.in_([s.value for s in OPEN_STATUSES]))
    by_case: dict[int, tuple[Case, str]] = {}
    iban = clean_iban(line.counterparty_iban)
    if iban:
        paid_before = open_cases.where(Case.id.in_(select(Payment.case_id).where(Payment.payer_iban == iban)))
        for case in uow.session.scalars(paid_before):
            by_case[case.id] = (case, "amount+iban")
    token = longest_token(line.counterparty_name)
    if token:
        # a cheap filter in SQL on the payer's most telling word; the full comparison follows in Python
        named = (
            open_cases.join(Debtor, Debtor.id == Case.debtor_id)
            .where(func.upper(Debtor.name).contains(token))
            .add_columns(Debtor.name)
        )
        for case, debtor_name in uow.session.execute(named):
            if case.id not in by_case and names_match(debtor_name, line.counterparty_name):
                by_case[case.id] = (case, "amount+name")
    fits = []
    for case, how in by_case.values():
        if statement_for(uow, case, line.booked_on).total_open == line.amount:
            fits.append((case, how))
        elif next_installment_amount(uow, case) == line.amount:  # a case in arrangement: the next installment
            fits.append((case, how.replace("amount", "installment")))
    return sorted(fits, key=lambda fit: fit[0].reference)


def _record(uow: UnitOfWork, tx: BankTransaction, actor: Actor, case: Case, how: str) -> None:
    """Record the credit as a payment of `case`; if the case refuses it (say, a date before the invoice), the line
    stays in the queue with that reason and nothing of the attempt remains."""
    try:
        with uow.session.begin_nested():
            payment = record_payment(
                uow,
                actor,
                case.reference,
                amount=tx.amount,
                paid_on=tx.booked_on,
                source="bank_statement",
                external_id=f"bank-tx:{tx.id}",
                payer_name=tx.counterparty_name,
                payer_iban=clean_iban(tx.counterparty_iban),
                note=(tx.remittance or "")[:500] or None,
            )
    except UserError as exc:
        tx.status = UNMATCHED
        tx.candidates = [case.reference]
        tx.reason = f"fits {case.reference} ({how}), but the payment was refused: {exc}"[:300]
        return
    tx.status, tx.matched_by, tx.case_id, tx.payment_id = MATCHED, how, case.id, payment.id


def _queue_for_specialists(uow: UnitOfWork, tx: BankTransaction) -> None:
    alert_specialists(
        uow,
        None,
        "unmatched_credit",
        f"bank-tx:{tx.id}",
        transaction_id=tx.id,
        status=tx.status,
        amount=money_str(tx.amount),
        booked_on=tx.booked_on.isoformat(),
        payer_name=tx.counterparty_name,
        payer_iban=tx.counterparty_iban,
        remittance=tx.remittance,
        reason=tx.reason,
        candidates=tx.candidates,
    )


def assign_transaction(uow: UnitOfWork, actor: Actor, transaction_id: int, case_reference: str) -> BankTransaction:
    """A specialist decides which case an unmatched or ambiguous credit pays; it is recorded there."""
    require(actor, ActorKind.SPECIALIST, what="assigning a bank transaction")
    tx = _queued(uow, transaction_id)
    case = load_case(uow, actor, case_reference.strip().upper(), for_update=True)
    was = f"was {tx.status}: {tx.reason}" if tx.reason else f"was {tx.status}"
    _record(uow, tx, actor, case, "hand")
    if tx.status != MATCHED:
        raise UserError(tx.reason or "the payment was refused")
    tx.reason = was[:300]
    tx.resolved_by = actor.label or actor.id
    tx.resolved_at = uow.clock.now()
    return tx


def ignore_transaction(uow: UnitOfWork, actor: Actor, transaction_id: int, reason: str) -> BankTransaction:
    """A specialist takes a credit out of the queue without a case (paid back, not a debtor's money, …)."""
    require(actor, ActorKind.SPECIALIST, what="ignoring a bank transaction")
    reason = " ".join((reason or "").split())
    if not reason:
        raise UserError("give a reason why this credit is not a case's payment")
    tx = _queued(uow, transaction_id)
    tx.status, tx.reason = IGNORED, f"by hand: {reason}"[:300]
    tx.resolved_by = actor.label or actor.id
    tx.resolved_at = uow.clock.now()
    return tx


def _queued(uow: UnitOfWork, transaction_id: int) -> BankTransaction:
    tx = uow.session.get(BankTransaction, transaction_id, with_for_update=True)
    if tx is None:
        raise NotFound(f"bank transaction {transaction_id} not found")
    if tx.status not in (UNMATCHED, AMBIGUOUS):
        detail = f" ({tx.reason})" if tx.reason else ""
        raise UserError(
            f"bank transaction {transaction_id} is {tx.status}{detail}: only queued credits can be assigned"
        )
    return tx


def queued_transactions(uow: UnitOfWork, *, status: str | None = None, limit: int = 200) -> list[BankTransaction]:
    query = select(BankTransaction).order_by(BankTransaction.booked_on, BankTransaction.id).limit(limit)
    if status:
        query = query.where(BankTransaction.status == status)
    else:
        query = query.where(BankTransaction.status.in_((UNMATCHED, AMBIGUOUS)))
    return list(uow.session.scalars(query))
