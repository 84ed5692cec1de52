"""Data tables of the judicial phase (court districts by postcode)."""
