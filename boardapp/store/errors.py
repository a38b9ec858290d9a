"""The store's errors: each message is written for the person who named the file."""


class StoreError(Exception):
    """A database that cannot be opened or used as asked; ``str()`` says why."""


class DatabaseTooNew(StoreError):
    """The file was written by a newer Board App: this one refuses to touch it."""
