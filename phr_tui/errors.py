"""The one family of errors phr-tui raises, each with a message in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class PhrError(Exception):
    """An error a user can act on; its message is meant to be shown as it is."""

    title = "Something went wrong"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, at a 1-based line and column where known."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class RubricError(PhrError):
    """A rubric file that cannot be used, with every problem found in it."""

    title = "This rubric cannot be used"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        lines = "\n".join(str(problem) for problem in problems)
        super().__init__(f"The rubric has {head}:\n{lines}")


class SessionFileError(PhrError):
    """A session file that cannot be opened or used as it is."""

    title = "This session file cannot be opened"

    def __init__(self, path: Path, problem: str, backup: Path | None = None) -> None:
        self.path = path
        self.problem = problem
        self.backup = backup
        message = f"{path}: {problem}"
        if backup is not None:
            message += f"\nA last good copy exists: {backup}"
        super().__init__(message)


class SessionLockedError(PhrError):
    """The session cannot be changed now: it is revealed, closed or read-only."""

    title = "This cannot be changed now"


class SessionBusyError(PhrError):
    """Another program held the session file's lock for too long."""

    title = "The session file is busy"


class SessionSaveError(PhrError):
    """A change that could not be written to the session file; nothing was lost."""

    title = "The change was not saved"

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        self.path = path
        super().__init__(message)


class UnknownIdError(PhrError, KeyError):
    """An indicator, rating or health level that the session's rubric lacks."""

    title = "Not in this rubric"

    def __str__(self) -> str:
        # KeyError would quote its message; this one is meant to be read.
        return str(self.args[0])
