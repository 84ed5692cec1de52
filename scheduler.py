"""APScheduler entry point: the interval and cron jobs that call core.

Not built yet: the contact schedule, its dispatcher and the day-10 evaluation arrive with issue 4 (see README).
Until then there are no jobs to run, and this module deliberately defines none.
"""
