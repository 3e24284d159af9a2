"""Errors that reach the user as a one-line message and exit code 2 (bad input or usage)."""


class UserError(Exception):
    """Bad input from the user: the message says what is wrong and what to do."""

    exit_code = 2


class Refused(Exception):
    """psoas declines to go on (e.g. screening says see a clinician first): exit code 1."""

    exit_code = 1
