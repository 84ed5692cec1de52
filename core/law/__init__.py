"""Dutch claim law: statutory and contractual interest, collection costs, the 14-day letter, payment allocation
and limitation, combined into one claim statement. Pure functions: no clock, no database, no framework.

Sources and conventions: reference/dutch-collection-law.md; each module names the articles it implements.

- ``inputs``: what the engine is given (DebtorKind, InvoiceInput, PaymentInput, InterestSpec, CostTerms) and
  LawInputError;
- ``rates``: the statutory interest rate table as data (art. 6:119 / 6:119a BW), injectable as RateTable;
- ``dates``: anniversaries (29 February -> 28 February) and Dutch public holidays;
- ``interest``: the interest engine per invoice (periods, yearly compounding, payments);
- ``collection_costs``: the staffel of the Besluit BIK, agreed costs, VAT;
- ``fourteen_day_letter``: presumed receipt, the 14-day term, when costs become claimable;
- ``allocation``: how a payment is allocated (art. 6:43 / 6:44 BW) and its result types;
- ``limitation``: when a claim prescribes (art. 3:307, 7:28 BW) and the warning;
- ``statement``: compute_statement, combining all of the above;
- ``render``: Statement.to_dict() and render_statement (Dutch / English text).
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
