"""What goes wrong in surveys, with a translated message for the person."""

from __future__ import annotations

from collections.abc import Iterable


class SurveyError(ValueError):
    """Something the person can fix; ``str()`` is a translated, plain-language message."""

    def __init__(self, message: str, problems: Iterable[str] = ()):
        super().__init__(message)
        self.problems = list(problems)


class AlreadyAnswered(SurveyError):
    pass


class Incomplete(SurveyError):
    """A required question on a shown page has no answer."""

    def __init__(self, message: str, section_id: int):
        super().__init__(message)
        self.section_id = section_id
