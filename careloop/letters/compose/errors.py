from __future__ import annotations


class ComposeError(ValueError):
    """The document lacks what this kind of letter needs; ``problems`` as the parser's."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{path}: {message}" for path, message in problems))
