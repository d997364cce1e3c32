"""``FileRejected``: a whole file refused before any row is judged; nothing is written."""

from __future__ import annotations

from dtks.domain.rules import FILE_PROBLEMS


class FileRejected(Exception):  # noqa: N818 - name fixed by the intake contract
    """A file of the import cannot be validated at all.

    ``code`` is one of ``dtks.domain.rules.FILE_PROBLEMS``; ``file`` the file's name; ``row``
    the 1-based line or row (header = 1) and ``column`` the column name where it applies;
    ``message`` an Indonesian sentence saying what is wrong and where.
    """

    def __init__(
        self,
        code: str,
        *,
        file: str,
        detail: str = "",
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.code = code
        self.file = file
        self.row = row
        self.column = column
        where = f"Berkas '{file}'"
        if row is not None:
            where += f", baris {row}"
        if column is not None:
            where += f", kolom '{column}'"
        base = FILE_PROBLEMS[code].message
        self.message = f"{where}: {base}" + (f" {detail}" if detail else "")
        super().__init__(self.message)
