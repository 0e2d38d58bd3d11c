"""A spreadsheet file (CSV or XLSX) read as rows of text, within limits, whatever it claims.

Registration exports come from many tools, and some files are hostile. So:

- **Encodings are detected**, not assumed: a byte-order mark says UTF-8 or
  UTF-16 (Excel's "Unicode text" is UTF-16 LE with a BOM, tab-separated); without
  one, UTF-16 shows as NUL bytes in every other place; else UTF-8, else cp1252
  (Excel's "CSV" on Western Windows).
- **XLSX is streamed**: openpyxl's read-only mode, with the sheet's declared
  ``<dimension>`` thrown away (a 1.5 KB file may declare 16,384 × 1,048,576
  cells), at most :data:`~limits.MAX_SPREADSHEET_COLUMNS` columns, and the row
  limit checked while reading, so a file of three million rows stops at the
  limit. Before anything is unpacked, the sizes the ZIP declares are added up
  (a zip bomb is refused by its directory; Python never unpacks more than an
  entry declares).
- Every refusal is one sentence naming the file, and the line, row or column
  where that helps.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from workshop_planner.domain import limits
from workshop_planner.services.errors import ServiceError

MAX_ROWS = limits.MAX_SPREADSHEET_ROWS
MAX_COLUMNS = limits.MAX_SPREADSHEET_COLUMNS


@dataclass(frozen=True)
class RawTable:
    """A spreadsheet as text: header cells and data rows (ragged rows padded)."""

    headers: list[str]
    rows: list[list[str]]
    #: the spreadsheet row number of each data row (the header is row 1)
    row_numbers: list[int]
    source: str = ""


def column_name(index: int) -> str:
    """The spreadsheet name of the column at ``index`` (0 → "A", 27 → "AB")."""
    name = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def read_table(path: Path) -> RawTable:
    """Read a CSV or XLSX file's first sheet; raises ServiceError with one sentence."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table = _table(_xlsx_records(path), path.name)
    elif suffix in (".csv", ".txt", ".tsv"):
        table = _table(_csv_records(path), path.name)
    elif suffix == ".xls":
        raise ServiceError(f"{path.name} is an old Excel file; save it as .xlsx or .csv first.")
    else:
        raise ServiceError(f"{path.name} is not a CSV or XLSX file.")
    if not any(h.strip() for h in table.headers):
        raise ServiceError(f"{path.name} has no header row; its first row must name the columns.")
    if not table.rows:
        raise ServiceError(f"{path.name} has a header row but no people below it.")
    return table


def _too_many_rows(path: Path) -> ServiceError:
    return ServiceError(f"{path.name} has more than {MAX_ROWS:,} rows; split it into parts.")


# --- CSV --------------------------------------------------------------------------


def decode_text(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of a text file's bytes; raises UnicodeDecodeError for UTF-16 gone bad."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    sample = raw[:4096]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        # UTF-16 without a mark: Latin text has a NUL in every other byte
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        encoding = "utf-16-be" if even > odd else "utf-16-le"
        return raw.decode(encoding), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 reads those as what they most likely are
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1"


def _csv_records(path: Path) -> Iterator[list[str]]:
    try:
        size = path.stat().st_size
        if size > limits.MAX_CSV_BYTES:
            mb = 1024 * 1024
            raise ServiceError(
                f"{path.name} is {size / mb:,.0f} MB; a participant list may be at most "
                f"{limits.MAX_CSV_BYTES // mb} MB."
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ServiceError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ServiceError(f"{path} is a folder, not a spreadsheet.") from None
    except OSError as exc:
        raise ServiceError(f"{path} cannot be read ({exc.strerror}).") from None
    try:
        text, _encoding = decode_text(raw)
    except UnicodeDecodeError:
        raise ServiceError(f"{path.name} is not a readable text file (broken UTF-16).") from None
    del raw
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ServiceError(
            f"{path.name} has a NUL character on line {line}; it is not a text file."
        )
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    count = 0
    try:
        for record in reader:
            count += 1
            if count > MAX_ROWS + 1:  # the header and the rows below it
                raise _too_many_rows(path)
            if len(record) > MAX_COLUMNS:
                raise ServiceError(
                    f"{path.name} has {len(record):,} columns on line {reader.line_num}; "
                    f"a participant list may have at most {MAX_COLUMNS}."
                )
            yield record
    except csv.Error as exc:
        raise ServiceError(
            f"{path.name} is not a readable CSV file (line {reader.line_num}: {exc})."
        ) from None


# --- XLSX ---------------------------------------------------------------------------


def _check_zip(path: Path) -> None:
    """Refuse a workbook too big to open, before openpyxl unpacks any of it.

    First the sizes its ZIP directory declares (Python never unpacks more than an
    entry declares): in all, and of each part openpyxl reads whole. Then each
    sheet without a ``<dimension>``: openpyxl reads such a sheet to its end while
    opening the workbook, whatever the row limit, so its rows are counted here
    first, at the speed of unpacking, stopping at the limit.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            declared = sum(info.file_size for info in entries)
            mb = 1024 * 1024
            if declared > limits.MAX_XLSX_UNCOMPRESSED_BYTES or len(entries) > 10_000:
                raise ServiceError(
                    f"{path.name} unpacks to {declared / mb:,.0f} MB; a participant workbook "
                    f"may unpack to at most {limits.MAX_XLSX_UNCOMPRESSED_BYTES // mb} MB."
                )
            for info in entries:
                if not _WORKSHEET.match(info.filename):
                    if info.file_size > limits.MAX_XLSX_PART_BYTES:
                        raise ServiceError(
                            f"{path.name} holds {info.filename}, which unpacks to "
                            f"{info.file_size / mb:,.0f} MB; a participant workbook's parts "
                            f"may unpack to at most {limits.MAX_XLSX_PART_BYTES // mb} MB."
                        )
                elif _rows_beyond_limit(archive, info):
                    raise _too_many_rows(path)
    except FileNotFoundError:
        raise ServiceError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ServiceError(f"{path} is a folder, not a spreadsheet.") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise ServiceError(f"{path.name} is not a readable XLSX workbook ({exc}).") from None


_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_DIMENSION = re.compile(_PREFIX + rb"dimension[\s/>]")
_SHEET_DATA = re.compile(_PREFIX + rb"sheetData[\s/>]")
_ROW = re.compile(_PREFIX + rb"row[\s/>]")


def _rows_beyond_limit(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a sheet lacking a ``<dimension>`` has more rows than the limit."""
    rows = 0
    in_data = False
    pending = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(1024 * 1024)
            data = pending + chunk
            # keep an unfinished tag for the next round, so no tag is cut or counted twice
            cut = data.rfind(b"<") if chunk else len(data)
            body, pending = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            if not in_data:
                dimension, sheet_data = _DIMENSION.search(body), _SHEET_DATA.search(body)
                if dimension and (sheet_data is None or dimension.start() < sheet_data.start()):
                    return False  # openpyxl stops at the dimension; rows are capped as read
                if sheet_data is None:
                    pending = body[-256:] + pending  # a tag name may straddle the cut
                    if not chunk:
                        return False
                    continue
                in_data = True
                body = body[sheet_data.start() :]
            rows += len(_ROW.findall(body))
            if rows > MAX_ROWS + 1:
                return True
            if not chunk:
                return False


def _xlsx_records(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ServiceError(f"{path.name} is not a readable XLSX workbook ({exc}).") from None
    try:
        sheet: Any = book.worksheets[0]
        # Never trust the declared size: it would pad every row and add empty rows to it.
        sheet.reset_dimensions()
        rows: Iterable[Sequence[Any]] = sheet.iter_rows(
            min_row=1, max_col=MAX_COLUMNS, values_only=True
        )
        for count, row in enumerate(rows, start=1):
            if count > MAX_ROWS + 1:  # the header and the rows below it
                raise _too_many_rows(path)
            yield _row_text(row)
    except ServiceError:
        raise
    except Exception as exc:  # a broken sheet inside a readable workbook
        raise ServiceError(f"{path.name} is not a readable XLSX workbook ({exc}).") from None
    finally:
        book.close()


def _row_text(row: Sequence[Any]) -> list[str]:
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return [_cell_text(row[i]) for i in range(end)]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# --- both ---------------------------------------------------------------------------


def _table(records: Iterable[list[str]], source: str) -> RawTable:
    """The header (the first row that is not blank) and the rows below it; blank rows skipped."""
    headers: list[str] | None = None
    width = 0
    rows: list[list[str]] = []
    numbers: list[int] = []
    for number, record in enumerate(records, start=1):
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        if headers is None:
            headers = cells
            while headers and not headers[-1]:
                headers.pop()
            width = len(headers)
            continue
        rows.append((cells + [""] * width)[:width] if width else cells)
        numbers.append(number)
    if headers is None:
        raise ServiceError(f"{source} is empty.")
    return RawTable(headers, rows, numbers, source)
