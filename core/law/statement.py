"""The claim statement: principal, interest, collection costs, payments and limitation of a set of invoices.

``compute_statement`` is a pure function of its inputs (no clock, no database). It walks the payments in date
order; before each payment the interest of every invoice it reaches is brought up to the payment day, the
collection costs claimable on that day are determined, and the payment is allocated (see ``allocation``).

Collection costs (see ``collection_costs`` and ``fourteen_day_letter``):
- each invoice's costs become claimable on its ``costs_claimable_from`` day (business: the day after its due
  date; consumer: the day after the 14-day term of a letter sent after its due date, else never);
- the costs base is the principal still open of the invoices whose costs are claimable, each taken at the moment
  its costs became claimable, i.e. after the payments made before that day (reference §2: "a partial payment
  within the term: costs are recomputed on the principal still open"); the staffel (or the agreed rule) is applied
  once to the sum;
- on an as-of date before ``costs_claimable_from`` the statement contains no costs.

Rounding: per-invoice interest and the breakdown periods keep full precision (``to_dict`` and the renderer
round them half-up to cents); case totals are sums of the per-invoice amounts rounded to cents, so a printed
statement adds up. Costs, VAT, payments, allocations and principal are whole cents throughout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Any

from core.law.allocation import Allocation, AllocationLine
from core.law.collection_costs import VAT_PERCENT, agreed_costs, statutory_costs, vat_on
from core.law.dates import ONE_DAY
from core.law.fourteen_day_letter import LetterTerm, costs_claimable_from, letter_term
from core.law.inputs import CostTerms, DebtorKind, InterestSpec, InvoiceInput, LawInputError, PaymentInput
from core.law.interest import InterestAccount, InterestPeriod, RawPeriod, to_periods
from core.law.limitation import limitation_warning, prescribes_on
from core.law.rates import DEFAULT_RATE_TABLE, RateSchedule, RateTable, flat_schedule
from core.money import cents, format_eur, money_str

ZERO = Decimal(0)
_CENT = Decimal("0.01")


@dataclass(slots=True)
class Notice:
    """A warning in English (``Statement.warnings``) and Dutch (the Dutch rendering)."""

    en: str
    nl: str


@dataclass(slots=True)
class InvoiceResult:
    """One invoice in a statement. Interest amounts keep full precision (round with ``core.money.cents``)."""

    invoice_number: str
    invoice_date: date
    due_date: date
    principal: Decimal
    principal_paid: Decimal
    principal_open: Decimal
    interest: Decimal  # accrued up to and including as_of (= interest_paid + interest_open), full precision
    interest_paid: Decimal
    interest_open: Decimal  # full precision
    raw_periods: list[RawPeriod] = field(repr=False)  # the breakdown as computed; see interest_periods
    prescribes_on: date  # first day on which the invoice is prescribed (unless interrupted)
    costs_claimable_from: date | None
    consumer_purchase: bool = False
    _periods: list[InterestPeriod] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def interest_periods(self) -> list[InterestPeriod]:
        """The interest breakdown: from, to, days, rate, base, interest (made into rows on first access)."""
        if self._periods is None:
            self._periods = to_periods(self.raw_periods)
        return self._periods


@dataclass(slots=True)
class Statement:
    """A claim as of ``as_of``. Case-level amounts are whole cents (sums of the rounded per-invoice amounts).

    Results are plain (non-frozen) slotted dataclasses for speed; treat them as read-only.
    """

    as_of: date
    debtor_kind: DebtorKind
    interest_spec: InterestSpec
    interest_basis: str  # "art. 6:119 BW", "art. 6:119a BW" or "contractual 12% per year (1% per month), simple"
    cost_basis: str  # "statutory" | "percentage:10" | "fixed:250"
    vat_deductible: bool
    invoices: list[InvoiceResult]
    principal: Decimal
    principal_paid: Decimal
    principal_open: Decimal
    interest: Decimal  # accrued up to as_of, sum of the per-invoice amounts rounded to cents
    interest_paid: Decimal
    interest_open: Decimal
    costs_base: Decimal  # the principal the costs were computed on
    costs: Decimal  # collection costs without VAT
    vat: Decimal
    costs_paid: Decimal  # costs and VAT together (one bucket)
    costs_open: Decimal
    paid: Decimal  # payments up to and including as_of
    overpaid: Decimal
    total_open: Decimal  # principal_open + interest_open + costs_open
    costs_claimable_from: date | None
    letter: LetterTerm | None  # the 14-day letter's dates (consumers)
    prescribes_on: date  # earliest among the invoices
    allocations: list[Allocation]
    notices: list[Notice] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [notice.en for notice in self.notices]

    @property
    def interest_periods(self) -> list[tuple[str, InterestPeriod]]:
        """All breakdown periods as (invoice_number, period)."""
        return [(inv.invoice_number, period) for inv in self.invoices for period in inv.interest_periods]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: money as strings with exactly two decimals, dates in ISO form, rates as % strings."""
        from core.law.render import statement_to_dict

        return statement_to_dict(self)


# -- input checks ----------------------------------------------------------------------------------------


def _is_day(value: object) -> bool:
    return type(value) is date or (isinstance(value, date) and not isinstance(value, datetime))


def _check_date(value: object, field_name: str) -> date:
    if not _is_day(value):
        raise LawInputError(f"{field_name}: not a date: {value!r}")
    return value  # type: ignore[return-value]


def _is_amount(value: object) -> bool:
    """A positive, finite Decimal in whole cents."""
    return isinstance(value, Decimal) and value.is_finite() and value > 0 and value == value.quantize(_CENT)


def _check_money(value: object, field_name: str) -> Decimal:
    if not isinstance(value, Decimal):
        raise LawInputError(f"{field_name}: must be a Decimal amount, got {value!r}")
    if not value.is_finite() or value <= 0:
        raise LawInputError(f"{field_name}: must be a positive amount, got {value}")
    if value != value.quantize(_CENT):
        raise LawInputError(f"{field_name}: at most two decimals allowed, got {value}")
    return value


def _check_invoices(invoices: Sequence[InvoiceInput], consumer: bool, as_of: date) -> date | None:
    """Check the invoices; return the earliest invoice date (None when an iterator yielded none)."""
    if not invoices:
        raise LawInputError("invoices: at least one invoice is needed")
    seen: set[str] = set()
    first: date | None = None
    for index, invoice in enumerate(invoices):
        if not isinstance(invoice, InvoiceInput):
            raise LawInputError(f"invoices[{index}]: not an InvoiceInput: {invoice!r}")
        number = invoice.invoice_number
        if not isinstance(number, str) or not number.strip():
            raise LawInputError(f"invoices[{index}].invoice_number: must be a non-empty text")
        if number in seen:
            raise LawInputError(f"invoices[{index}].invoice_number: duplicate {number!r}")
        seen.add(number)
        invoice_date, due_date = invoice.invoice_date, invoice.due_date
        if not (
            (type(invoice_date) is date or _is_day(invoice_date))
            and (type(due_date) is date or _is_day(due_date))
            and _is_amount(invoice.principal)
        ):
            _check_date(invoice_date, f"invoices[{index}].invoice_date")
            _check_date(due_date, f"invoices[{index}].due_date")
            _check_money(invoice.principal, f"invoices[{index}].principal")
        if due_date < invoice_date:
            raise LawInputError(
                f"invoices[{index}].due_date: {due_date.isoformat()} is before the invoice date "
                f"{invoice_date.isoformat()}"
            )
        if as_of < invoice_date:
            raise LawInputError(
                f"as_of: {as_of.isoformat()} is before the invoice date {invoice_date.isoformat()} of invoice {number}"
            )
        if invoice.consumer_purchase and not consumer:
            raise LawInputError(
                f"invoices[{index}].consumer_purchase: only a consumer debtor makes a consumer purchase"
            )
        if first is None or invoice_date < first:  # ties keep the first, as min() does
            first = invoice_date
    return first


def _check_payments(payments: Sequence[PaymentInput], first_invoice_date: date) -> None:
    for index, payment in enumerate(payments):
        if not isinstance(payment, PaymentInput):
            raise LawInputError(f"payments[{index}]: not a PaymentInput: {payment!r}")
        paid_on = payment.paid_on
        if not ((type(paid_on) is date or _is_day(paid_on)) and _is_amount(payment.amount)):
            _check_date(paid_on, f"payments[{index}].paid_on")
            _check_money(payment.amount, f"payments[{index}].amount")
        if paid_on < first_invoice_date:
            raise LawInputError(
                f"payments[{index}].paid_on: {paid_on.isoformat()} is before the invoice date "
                f"{first_invoice_date.isoformat()}"
            )


# -- the computation -------------------------------------------------------------------------------------


def _interest_basis(spec: InterestSpec, debtor_kind: DebtorKind) -> str:
    if spec.kind == "statutory":
        return "art. 6:119a BW" if debtor_kind == DebtorKind.BUSINESS else "art. 6:119 BW"
    # keyed on the rate's text, which keeps its exponent (1.5 and 1.50 print differently)
    return _contractual_basis(str(spec.rate_percent), spec.per, spec.compound)


@lru_cache(maxsize=256)
def _contractual_basis(rate_text: str, per: str, compound: bool) -> str:
    rate = Decimal(rate_text)
    yearly = rate * 12 if per == "month" else rate  # as InterestSpec.yearly_percent
    text = f"contractual {yearly}% per year"
    if per == "month":
        text += f" ({rate}% per month)"
    return text + (", compounded yearly" if compound else ", simple")


@lru_cache(maxsize=256)
def _contractual_schedule(yearly_text: str) -> RateSchedule:
    # keyed on the text, not the Decimal: 12 and 12.0 are equal but give interest amounts of different exponents
    return flat_schedule(Decimal(yearly_text), "contractual")


# The statement of every due step of a tick goes through here: the per-invoice facts that depend on a date
# alone are cached (typed, so a date subclass gets results of its own type).
@lru_cache(maxsize=8192, typed=True)
def _prescribes_on(due_date: date, consumer_purchase: bool) -> date:
    return prescribes_on(due_date, consumer_purchase=consumer_purchase)


_PAID_ON = attrgetter("paid_on")


def compute_statement(
    *,
    invoices: Sequence[InvoiceInput],
    debtor_kind: DebtorKind,
    as_of: date,
    payments: Sequence[PaymentInput] = (),
    letter_sent: date | None = None,
    vat_deductible: bool = True,
    interest: InterestSpec = InterestSpec(),  # noqa: B008 - frozen, immutable default
    cost_terms: CostTerms = CostTerms(),  # noqa: B008 - frozen, immutable default
    rate_table: RateTable = DEFAULT_RATE_TABLE,
    frozen_on: date | None = None,
) -> Statement:
    """The statement of a claim (one or more invoices of one debtor) as of ``as_of``.

    ``rate_table`` replaces the statutory rate table (tests, or a decree not yet in the data).
    ``frozen_on``: the creditor agreed (a payment arrangement) that no interest accrues and no collection costs
    become claimable after this day; payments after it are still allocated (costs, interest, principal).
    Raises ``LawInputError`` (a ValueError) naming the field for input it cannot compute with.
    """
    # This runs once per due step of a scheduler tick: the checks take the common case (exact types) first.
    if type(debtor_kind) is not DebtorKind:
        try:
            debtor_kind = DebtorKind(debtor_kind)
        except ValueError:
            raise LawInputError(f"debtor_kind: {debtor_kind!r} (consumer or business)") from None
    if type(as_of) is not date:
        _check_date(as_of, "as_of")
    if letter_sent is not None and type(letter_sent) is not date:
        _check_date(letter_sent, "letter_sent")
    if not isinstance(interest, InterestSpec):
        raise LawInputError(f"interest: not an InterestSpec: {interest!r}")
    if not isinstance(cost_terms, CostTerms):
        raise LawInputError(f"cost_terms: not a CostTerms: {cost_terms!r}")
    consumer = debtor_kind is DebtorKind.CONSUMER
    first_invoice_date = _check_invoices(invoices, consumer, as_of)
    if first_invoice_date is None or (type(invoices) is not list and type(invoices) is not tuple):
        # any other iterable is iterated once more, as before (a generator, already used up, fails here)
        first_invoice_date = min(invoice.invoice_date for invoice in invoices)
    _check_payments(payments, first_invoice_date)
    if frozen_on is not None and type(frozen_on) is not date:
        _check_date(frozen_on, "frozen_on")
    # the last day interest accrues and costs can join (an arrangement's freeze, else the statement's day)
    cap = as_of if frozen_on is None or frozen_on > as_of else frozen_on

    notices: list[Notice] = []

    # Interest: which rate column, compounding.
    if interest.kind == "statutory":
        schedule = rate_table.schedule(commercial=not consumer)
        compound = True  # art. 6:119 lid 2 BW
    else:
        yearly = interest.yearly_percent
        assert yearly is not None  # checked by InterestSpec
        schedule = _contractual_schedule(str(yearly))
        compound = interest.compound

    # Allocation order: oldest due date first (art. 6:43 lid 2 BW); ties keep the input order.
    count = len(invoices)
    order = (
        [0]
        if count == 1
        else sorted(range(count), key=lambda i: (invoices[i].due_date, invoices[i].invoice_date, i))
    )
    accounts = [
        InterestAccount(invoice.principal, invoice.due_date, schedule, compound=compound) for invoice in invoices
    ]
    if consumer:
        claimable = [
            costs_claimable_from(debtor_kind=debtor_kind, due_date=invoice.due_date, letter_sent=letter_sent)
            for invoice in invoices
        ]
    else:  # as costs_claimable_from: a business debtor owes them from the day after the due date
        claimable = [invoice.due_date + ONE_DAY for invoice in invoices]

    # Collection costs, determined lazily as days pass: each invoice joins the costs base with the principal it
    # still has open at the moment its costs become claimable.
    agreed = not consumer and cost_terms.kind != "statutory"
    costs_base = ZERO
    joined = [False] * count
    pending = count - claimable.count(None)
    costs = vat = ZERO

    def costs_on(day: date) -> Decimal:
        """Costs and VAT claimable on ``day`` (the bucket), after letting due invoices join the base."""
        nonlocal costs_base, pending, costs, vat
        if pending:
            changed = False
            for i, start in enumerate(claimable):
                if start is not None and not joined[i] and start <= day:
                    joined[i] = True
                    pending -= 1
                    costs_base += accounts[i].principal
                    changed = True
            if changed:
                if agreed:
                    assert cost_terms.value is not None
                    costs = agreed_costs(costs_base, kind=cost_terms.kind, value=cost_terms.value)
                else:
                    costs = statutory_costs(costs_base) if costs_base else ZERO
                vat = ZERO if vat_deductible else vat_on(costs)
        return costs + vat

    allocations: list[Allocation] = []
    costs_paid = ZERO
    paid = ZERO
    overpaid = ZERO
    late: list[PaymentInput] = []
    try:
        for payment in sorted(payments, key=_PAID_ON):
            if payment.paid_on > as_of:
                late.append(payment)
                continue
            counted_on = payment.paid_on if payment.paid_on <= cap else cap
            day = counted_on.toordinal()
            amount = payment.amount
            paid += amount
            to_costs = costs_on(counted_on) - costs_paid
            if to_costs > amount:
                to_costs = amount
            costs_paid += to_costs
            rest = amount - to_costs
            lines: list[AllocationLine] = []
            for i in order:
                if not rest:
                    break
                account = accounts[i]
                account.advance(day)
                to_interest = account.pay_interest(rest)
                rest -= to_interest
                to_principal = account.pay_principal(rest)
                rest -= to_principal
                if to_interest or to_principal:
                    lines.append(AllocationLine(invoices[i].invoice_number, to_interest, to_principal))
            overpaid += rest
            allocations.append(Allocation(payment.paid_on, amount, to_costs, lines, rest))
        end = cap.toordinal()
        for account in accounts:
            account.advance(end, close=True)
    except LookupError as error:
        raise LawInputError(f"invoices: due date too early for the rate table: {error}") from None
    costs_bucket = costs_on(cap)

    # Per invoice results and case totals (sums of amounts rounded to cents).
    results: list[InvoiceResult] = []
    principal_total = principal_paid = principal_open = ZERO
    interest_paid = interest_open = ZERO
    earliest_prescription: date | None = None
    first_unconfirmed: date | None = None
    for i, invoice in enumerate(invoices):
        account = accounts[i]
        open_interest = account.capitalised + account.running  # account.interest_open
        prescribed = _prescribes_on(invoice.due_date, bool(invoice.consumer_purchase))
        results.append(
            InvoiceResult(
                invoice.invoice_number,
                invoice.invoice_date,
                invoice.due_date,
                invoice.principal,
                account.principal_paid,
                account.principal,
                account.interest_paid + open_interest,
                account.interest_paid,
                open_interest,
                account.periods,
                prescribed,
                claimable[i],
                invoice.consumer_purchase,
            )
        )
        principal_total += invoice.principal
        principal_paid += account.principal_paid
        principal_open += account.principal
        interest_paid += account.interest_paid
        interest_open += cents(open_interest)
        warning = limitation_warning(invoice.invoice_number, prescribed, as_of)
        if warning is not None:
            notices.append(Notice(*warning))
        if earliest_prescription is None or prescribed < earliest_prescription:  # ties keep the first, as min()
            earliest_prescription = prescribed
        unconfirmed = account.first_unconfirmed
        if unconfirmed is not None and (first_unconfirmed is None or unconfirmed < first_unconfirmed):
            first_unconfirmed = unconfirmed
    assert earliest_prescription is not None

    costs_open = costs_bucket - costs_paid
    first_claimable = None
    for start in claimable:
        if start is not None and (first_claimable is None or start < first_claimable):
            first_claimable = start
    letter = letter_term(letter_sent) if consumer and letter_sent is not None else None

    if consumer or agreed or (first_claimable is not None and as_of < first_claimable):
        _cost_notices(
            notices,
            invoices=invoices,
            consumer=consumer,
            letter_sent=letter_sent,
            claimable=claimable,
            first_claimable=first_claimable,
            as_of=as_of,
            cost_terms=cost_terms,
            costs=costs,
            costs_base=costs_base,
        )
    if late:
        notices.append(
            Notice(
                f"{len(late)} payment(s) dated after {as_of.isoformat()} not included",
                f"{len(late)} betaling(en) na {as_of:%d-%m-%Y} niet meegenomen",
            )
        )
    if first_unconfirmed is not None:
        notices.append(Notice(*_rate_notice(first_unconfirmed)))
    if cap < as_of:
        notices.append(
            Notice(
                f"interest and costs frozen from {cap.isoformat()} by a payment arrangement",
                f"rente en kosten bevroren vanaf {cap:%d-%m-%Y} door een betalingsregeling",
            )
        )
    if overpaid:
        notices.append(
            Notice(
                f"overpaid EUR {money_str(overpaid)}: to be refunded to the debtor",
                f"te veel betaald: {format_eur(overpaid)}, terug te betalen aan de schuldenaar",
            )
        )

    # positional, in field order (_STATEMENT_ORDER): a call with 26 keywords costs more than the rest of a
    # one-invoice statement's bookkeeping
    return Statement(
        as_of,
        debtor_kind,
        interest,  # interest_spec
        _interest_basis(interest, debtor_kind),
        cost_terms.kind if not agreed else f"{cost_terms.kind}:{cost_terms.value}",  # cost_basis
        vat_deductible,
        results,  # invoices
        principal_total,  # principal
        principal_paid,
        principal_open,
        interest_paid + interest_open,  # interest
        interest_paid,
        interest_open,
        costs_base,
        costs,
        vat,
        costs_paid,
        costs_open,
        paid,
        overpaid,
        principal_open + interest_open + costs_open,  # total_open
        first_claimable,  # costs_claimable_from
        letter,
        earliest_prescription,  # prescribes_on
        allocations,
        notices,
    )


_STATEMENT_ORDER = (
    "as_of", "debtor_kind", "interest_spec", "interest_basis", "cost_basis", "vat_deductible", "invoices",
    "principal", "principal_paid", "principal_open", "interest", "interest_paid", "interest_open", "costs_base",
    "costs", "vat", "costs_paid", "costs_open", "paid", "overpaid", "total_open", "costs_claimable_from", "letter",
    "prescribes_on", "allocations", "notices",
)  # fmt: skip
if tuple(f.name for f in fields(Statement)) != _STATEMENT_ORDER:  # a new or moved field needs the call above
    raise AssertionError("Statement fields changed: update compute_statement's positional call")


def _cost_notices(
    notices: list[Notice],
    *,
    invoices: Sequence[InvoiceInput],
    consumer: bool,
    letter_sent: date | None,
    claimable: list[date | None],
    first_claimable: date | None,
    as_of: date,
    cost_terms: CostTerms,
    costs: Decimal,
    costs_base: Decimal,
) -> None:
    if consumer:
        if letter_sent is None:
            notices.append(
                Notice(
                    "no 14-day letter sent: no collection costs can be claimed from a consumer (art. 6:96 lid 6 BW)",
                    "geen veertiendagenbrief verstuurd: geen incassokosten verschuldigd door een consument "
                    "(art. 6:96 lid 6 BW)",
                )
            )
        else:
            for invoice, start in zip(invoices, claimable, strict=True):
                if start is None:
                    notices.append(
                        Notice(
                            f"invoice {invoice.invoice_number}: the 14-day letter of {letter_sent.isoformat()} was "
                            f"sent on or before its due date {invoice.due_date.isoformat()} (not yet in default): "
                            "no collection costs for it without a new letter",
                            f"factuur {invoice.invoice_number}: de veertiendagenbrief van {letter_sent:%d-%m-%Y} is "
                            f"verstuurd op of vóór de vervaldatum {invoice.due_date:%d-%m-%Y} (nog geen verzuim): "
                            "geen incassokosten zonder nieuwe brief",
                        )
                    )
        if cost_terms.kind != "statutory":
            notices.append(
                Notice(
                    "agreed collection costs do not apply to a consumer: the statutory staffel is used "
                    "(art. 6:96 lid 5 BW)",
                    "afgesproken incassokosten gelden niet voor een consument: de wettelijke staffel is gebruikt "
                    "(art. 6:96 lid 5 BW)",
                )
            )
    elif cost_terms.kind != "statutory" and costs_base and costs > statutory_costs(costs_base):
        notices.append(
            Notice(
                f"agreed collection costs (EUR {money_str(costs)}) exceed the staffel "
                f"(EUR {money_str(statutory_costs(costs_base))}); a court may reduce them (HR 10-07-2015, "
                "ECLI:NL:HR:2015:1868)",
                f"afgesproken incassokosten ({format_eur(costs)}) zijn hoger dan de staffel "
                f"({format_eur(statutory_costs(costs_base))}); de rechter kan ze matigen "
                "(HR 10-07-2015, ECLI:NL:HR:2015:1868)",
            )
        )
    if first_claimable is not None and as_of < first_claimable:
        notices.append(
            Notice(
                f"collection costs are claimable from {first_claimable.isoformat()}: none included as of "
                f"{as_of.isoformat()}",
                f"incassokosten zijn verschuldigd vanaf {first_claimable:%d-%m-%Y}: per {as_of:%d-%m-%Y} nog niet "
                "meegenomen",
            )
        )


@lru_cache(maxsize=4096)  # the first unconfirmed day: a rate start or the day after a due date
def _rate_notice(first: date) -> tuple[str, str]:
    """The warning that interest used a rate marked unconfirmed in the rate table (from its first such day)."""
    return (
        f"interest from {first.isoformat()} on uses a statutory rate not yet confirmed by an official source",
        f"de rente vanaf {first:%d-%m-%Y} gebruikt een wettelijk percentage dat nog niet officieel is bevestigd",
    )


__all__ = ["VAT_PERCENT", "InvoiceResult", "Notice", "Statement", "compute_statement"]
