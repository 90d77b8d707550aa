"""One problem in a file a user gave us, and the error that carries them: the same for every stage.

Scenarios, targets and levers, experiment designs, KPI histories and locations all
report faults as :class:`Problem` values: where (a field path, or a line and column
of a CSV file) and what, in plain words. Each reader raises its own subclass of
:class:`InputError`, so a caller can catch one family or all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where (a field path, or a line and column) and what, in plain words."""

    path: str
    message: str
    line: int | None = None  # 1-based line in a text file (the header is line 1)
    column: str | None = None  # a CSV column name

    @classmethod
    def at(cls, line: int | None, column: str | None, message: str) -> Problem:
        """A problem at a line (the header is line 1) and a column of a CSV file."""
        return cls("", message, line, column)

    def __str__(self) -> str:
        """``line 3, column 'value': message``, ``services[2].capacity: message`` or the message alone."""
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if self.path:
            where.append(self.path)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputError(ValueError):
    """Input that cannot be used, with one :class:`Problem` per fault (listed in the message)."""

    def __init__(self, problems: Sequence[Problem], message: str | None = None):
        """`problems` in full; `message` (default: one problem a line) is what ``str()`` shows."""
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems) if message is None else message)

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled (from a worker process, into the app's cache) as it is: the default would call the class
        # with the message alone, which reads as a list of one-character problems (and subclasses take
        # other arguments), so it is rebuilt without calling __init__.
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[InputError], args: tuple[object, ...], state: dict[str, object]) -> InputError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error
