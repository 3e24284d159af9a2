"""The guided session: a plan (timeline of steps) run by a pure state machine.

Nothing here imports Rich, SQLAlchemy or any I/O: front ends and the store consume events.
"""
