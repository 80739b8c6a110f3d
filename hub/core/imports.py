"""Shared by the CSV importers (councils, service topics): all-or-nothing with line-numbered problems."""


class CsvImportError(Exception):
    """The file cannot be imported; ``problems`` lists each bad line. Nothing was changed."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))
