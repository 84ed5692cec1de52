"""Weekly reports: a creditor's (or the agency's) figures per week, a chart of them, and the Monday posting.

weeks.py (week boundaries), weekly.py (the figures and their definitions), texts.py (the words, nl/en),
chart.py (the PNG), posting.py (the job that queues the reports for Slack).
"""
