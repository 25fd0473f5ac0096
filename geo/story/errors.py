"""Errors a story's author can cause, each located in the file and stated plainly."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a story: where it is and what it is."""

    file: str
    line: int | None
    column: int | None
    message: str
    unit: str | None = None  # what ``line`` counts when it is not a line: "feature", "slide", ...

    def __str__(self) -> str:
        where = self.file
        if self.line is not None and self.unit:
            where += f", {self.unit} {self.line}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class StoryError(ValueError):
    """A story that cannot be shown, with every problem found in it.

    The message lists all problems, one a line, each as ``file:line:column: message``.
    """

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("StoryError needs at least one problem")
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, line: int | None = None, column: int | None = None) -> StoryError:
        """A StoryError with one problem."""
        return cls([Problem(file, line, column, message)])
