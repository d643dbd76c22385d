"""The project's exceptions: library code raises these, only the CLI turns them into messages."""

from __future__ import annotations

from dataclasses import dataclass


class RFPError(Exception):
    """Base of every error rfp raises on purpose; the CLI prints it and exits 1."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one input file, located as precisely as the input allows."""

    file: str
    message: str
    key: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.key:
            where += f": {self.key}"
        return f"{where}: {self.message}"


class SheetWarning(Problem):
    """A problem that does not stop the sheet being merged, e.g. a stray value on a band row."""


@dataclass(frozen=True)
class SheetRejected(Problem):
    """The summary of a rejected file: what is wrong, and that none of its scores are merged."""

    problems: int = 1


PROBLEM_KINDS: tuple[type[Problem], ...] = (SheetWarning, SheetRejected)
"""The kinds of Problem a scoring run may hold, which a saved run keeps apart."""


class ConfigError(RFPError):
    """Raised when an rfp.yaml or criteria file is invalid; carries every problem found at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} found:"
        super().__init__("\n".join([header, *(f"  - {p}" for p in self.problems)]))

    def __reduce__(self) -> tuple[type[ConfigError], tuple[list[Problem]]]:
        """Rebuilt from its problems when it crosses from a worker process (pickle would pass
        the joined message as the problems)."""
        return (type(self), (self.problems,))


class ResourceError(RFPError):
    """Raised when a built-in or override template, asset or criteria file cannot be found."""


class ProposalReadError(RFPError):
    """Raised when a proposal file cannot be read: encrypted, corrupt, image-only or empty."""

    def __init__(self, file: str, reason: str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")

    def __reduce__(self) -> tuple[type[ProposalReadError], tuple[str, str]]:
        """Rebuilt from its file and reason when it crosses from a worker process."""
        return (type(self), (self.file, self.reason))


class RenderError(RFPError):
    """Raised when a document cannot be rendered, for example a broken override template."""


class ScoringError(RFPError):
    """Raised when proposals cannot be scored, for example when a project has no vendors."""
