"""Money out: the agency's no-cure-no-pay fee, monthly statements per creditor and the SEPA payout file."""
