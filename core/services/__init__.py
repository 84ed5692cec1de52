"""Services: one unit of work each, every change of a case recorded as an event in the audit log."""
