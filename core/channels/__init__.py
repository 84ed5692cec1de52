"""Channels that need no chat framework: e-mail over SMTP and letters as PDF, plus the ports the bots implement."""
