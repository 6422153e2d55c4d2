"""Foundation: the error types a user sees: a problem with the input, located where
possible, and a usage error (a parameter the command does not take)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """Bad input: the CLI prints ``file:line:col: message`` and exits with code 1."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        return f"{where}: {self.message}" if where else self.message


class UsageError(InputError):
    """A command used wrongly (an unknown or repeated parameter): the CLI prints the
    message and exits with code 2, as for any other usage error."""
