"""Spreadsheet exports: CSV for any program and XLSX for Excel and LibreOffice.

Every list that people take to a meeting or a mail merge can be exported with the same
function, so every export neutralises formulas in the same way:

    return exports.response(
        "xlsx", "contactpunten", ["Naam", "E-mail"], rows, title="Contactpunten"
    )

A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a
formula by a spreadsheet program (a name like ``=HYPERLINK(...)`` typed into a form). In CSV such
a cell gets a leading apostrophe; in XLSX every text is written as a text cell, which is never
evaluated, so the value stays exactly what was typed. Numbers, dates and booleans keep their
type. CSV is UTF-8 with a byte order mark and semicolons, as Excel in Flanders expects.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

FORMATS = ("csv", "xlsx")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: First characters that make a spreadsheet program read a text as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")

Cell = str | int | float | Decimal | dt.date | dt.datetime | bool | None


def neutralise(value: Any) -> Cell:
    """``value`` as a spreadsheet cell for CSV: texts that would start a formula get a leading
    apostrophe; numbers, dates, booleans and None are kept."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _plain(value: Any) -> Cell:
    """A cell value for XLSX: aware datetimes in local time without zone (Excel has none)."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    return str(value)


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else _csv_text(neutralise(_plain(v))) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_text(value: Cell) -> Cell:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    bold = Font(bold=True)

    def cell(value: Any, header: bool = False) -> WriteOnlyCell:
        value = _plain(value)
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            # Never a formula, whatever the text starts with.
            written.data_type = "s"
        elif isinstance(value, dt.datetime):
            written.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, dt.date):
            written.number_format = "yyyy-mm-dd"
        if header:
            written.font = bold
        return written

    sheet.freeze_panes = "A2"
    sheet.append([cell(h, header=True) for h in headers])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """Excel refuses some characters and more than 31 in a sheet name."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip()
    return (cleaned or "Export")[:31]


def filename_for(stem: str, format: str, day: dt.date | None = None) -> str:
    day = day or timezone.localdate()
    safe = _UNSAFE_FILENAME.sub("-", stem).strip("-") or "export"
    return f"{safe}-{day.isoformat()}.{format}"


def response(
    format: str,
    stem: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "",
) -> HttpResponse:
    """A download of ``rows`` under ``headers`` as ``format`` (one of FORMATS)."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    body = csv_bytes(headers, rows) if format == "csv" else xlsx_bytes(headers, rows, title)
    result = HttpResponse(body, content_type=CONTENT_TYPES[format])
    result["Content-Disposition"] = f'attachment; filename="{filename_for(stem, format)}"'
    result["X-Content-Type-Options"] = "nosniff"
    return result
