"""The application layer: one coaching session from the safety gate to the record.

Front ends (terminal, plain log, voice, web) subscribe to the coach's one event stream and feed
it user commands and pose frames; the coach reaches I/O only through small ports.
"""
