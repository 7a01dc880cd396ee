"""The one error type that reading raises: a file and a one-line problem."""


class ReadError(Exception):
    """An input that cannot be read as a plan; str() is the one-line message for users."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
