"""After day 10: the advice to the creditor, the judicial steps, the draft summons and the case file export.

- ``districts``: which court district (rechtbank) a debtor's postcode belongs to (approximate, by postcode range);
- ``advice``: the advice computed from the case (amounts, court, procedure costs, signals, recommendation) and
  its versions (draft, edited by a specialist, sent — then final);
- ``steps``: the judicial steps a specialist records, in their fixed order;
- ``summons_pdf``: the draft summons (dagvaarding) as PDF, for a bailiff or lawyer to finish;
- ``export``: the whole case file as one ZIP;
- ``texts``: the Dutch and English wording of all of the above.
Court cost figures are law data: ``core.law.court_costs``.
"""
