"""The 10-day amicable schedule: the contact plan, its calendar, the dispatcher and the day-10 evaluation."""
