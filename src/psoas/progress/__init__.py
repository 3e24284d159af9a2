"""Progress from stored sessions: streaks, totals (and, later, plans and reports)."""
