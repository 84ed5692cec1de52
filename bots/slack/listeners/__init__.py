"""Bolt listeners, one folder per audience (creditor, specialist), one module per Slack surface."""
