"""A published list file -> numbered rows of text (the I/O edge of the importer).

CSV: the encoding is UTF-8 (with or without BOM) when the bytes are valid UTF-8, else cp1252,
else latin-1. Spanish text in cp1252/latin-1 practically never forms valid UTF-8 sequences, so
trying UTF-8 first is safe; the reverse (cp1252 first) would silently turn "á" into "Ã¡". The
delimiter (comma, semicolon, tab, pipe) is the one under which the header row is recognised
best, so a semicolon list with "1,234.50" amounts is not split on its thousands commas.
XLSX: the first sheet with a recognisable header; numbers come back as text.

Every row keeps its physical number: the 1-based line where the CSV record starts (header
line = 1 when there is no title above it), or the Excel row.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from core.errors import RawDataError
from etl.projects.headers import find_header, map_headings

DELIMITERS = (",", ";", "\t", "|")
Rows = list[tuple[int, list[str]]]


@dataclass
class RawTable:
    """Numbered non-empty rows of one file, and how it was read (for the quality notes)."""

    rows: Rows
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    def describe(self) -> str:
        if self.sheet is not None:
            return f"sheet {self.sheet!r}"
        return f"encoding {self.encoding}, delimiter {self.delimiter!r}"


def read_rows(path: Path) -> RawTable:
    """Read a CSV or XLSX list into numbered text rows; RawDataError when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RawDataError(path, "file not found", "check the path of the project list") from None
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RawDataError(path, "is an old binary Excel file (.xls)",
                           "open it in a spreadsheet and save it as .xlsx or .csv")
    if not data.strip():
        raise RawDataError(path, "file is empty", "supply the list as published")
    text, encoding = decode(data, path)
    delimiter = sniff_delimiter(text)
    return RawTable(split_csv(text, delimiter), encoding=encoding, delimiter=delimiter)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding name): UTF-16 by its BOM, UTF-8(-sig), else cp1252, else latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"  # Excel's "Unicode text" export
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, ("utf-8" if encoding == "utf-8-sig" else encoding)
    raise RawDataError(path, "is not a text file (NUL bytes)", "save the list as CSV (UTF-8 or Windows-1252) or XLSX")


def split_csv(text: str, delimiter: str) -> Rows:
    """CSV text -> [(line where the record starts, cells)], blank records dropped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: Rows = []
    previous = 0
    for record in reader:
        start = previous + 1
        previous = reader.line_num
        if record and any(cell.strip() for cell in record):
            rows.append((start, [cell.strip() for cell in record]))
    return rows


def sniff_delimiter(text: str, lines: int = 40) -> str:
    """The delimiter under which the most headings are recognised (ties: the most regular table)."""
    head = "\n".join(text.splitlines()[:lines])
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        rows = split_csv(head, delimiter)
        recognised = max((len(map_headings(cells).columns) for _, cells in rows[:20]), default=0)
        widths = [len(cells) for _, cells in rows]
        regular = max((widths.count(w) * w for w in set(widths) if w > 1), default=0)
        if (recognised, regular) > best_score:
            best, best_score = delimiter, (recognised, regular)
    return best


def read_xlsx(path: Path) -> RawTable:
    """The first sheet whose header is recognised, as numbered text rows (row = Excel row)."""
    from openpyxl import load_workbook  # imported here: only XLSX lists need it

    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several types for damaged files
        raise RawDataError(path, f"is not a readable XLSX file ({type(exc).__name__})",
                           "save it again as .xlsx") from None
    first: RawTable | None = None
    for sheet in book.worksheets:
        rows: Rows = []
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            if any(cells):
                rows.append((number, cells))
        table = RawTable(rows, sheet=sheet.title)
        first = first or table
        try:
            find_header(rows, path)
            return table
        except RawDataError:
            continue
    if first is None:
        raise RawDataError(path, "workbook has no sheets", "supply the list as published")
    return first  # the caller's find_header reports what the first sheet holds


def cell_text(value: object) -> str:
    """An Excel cell as the text a CSV export would show (whole floats without '.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return re.sub(r"\s+", " ", str(value)).strip()
