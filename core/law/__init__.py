"""Dutch claim law: statutory and contractual interest, collection costs, the 14-day letter, payment allocation
and limitation, combined into one claim statement. Pure functions: no clock, no database, no framework.

Sources and conventions: reference/dutch-collection-law.md; each module names the articles it implements.
"""

from core.law.allocation import Allocation, AllocationLine
from core.law.collection_costs import agreed_costs, statutory_costs, vat_on
from core.law.fourteen_day_letter import LetterTerm, costs_claimable_from, letter_term, presumed_receipt
from core.law.inputs import CostTerms, DebtorKind, InterestSpec, InvoiceInput, LawInputError, PaymentInput
from core.law.interest import InterestPeriod, accrued_interest
from core.law.limitation import prescribes_on
from core.law.rates import DEFAULT_RATE_TABLE, STATUTORY_RATES, RateRow, RateTable
from core.law.render import render_statement
from core.law.statement import InvoiceResult, Notice, Statement, compute_statement

__all__ = [
    "DEFAULT_RATE_TABLE",
    "STATUTORY_RATES",
    "Allocation",
    "AllocationLine",
    "CostTerms",
    "DebtorKind",
    "InterestPeriod",
    "InterestSpec",
    "InvoiceInput",
    "InvoiceResult",
    "LawInputError",
    "LetterTerm",
    "Notice",
    "PaymentInput",
    "RateRow",
    "RateTable",
    "Statement",
    "accrued_interest",
    "agreed_costs",
    "compute_statement",
    "costs_claimable_from",
    "letter_term",
    "prescribes_on",
    "presumed_receipt",
    "render_statement",
    "statutory_costs",
    "vat_on",
]
