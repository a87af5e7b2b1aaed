"""Errors that reach the user as a plain Dutch message instead of a traceback."""


class UserError(Exception):
    """A problem the user can fix; its message is Dutch, plain and says what to do."""


class Interrupted(Exception):
    """The user stopped the work (Ctrl+C); the Dutch message says what was kept and how to go on."""
