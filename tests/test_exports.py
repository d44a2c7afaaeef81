"""Spreadsheet exports keep what was typed and never run a formula."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from participatienet import exports

DANGEROUS = ['=HYPERLINK("x")', "+32 9 123", "-1+1", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_texts_that_would_start_a_formula_get_an_apostrophe(text):
    assert exports.neutralise(text) == "'" + text


def test_numbers_dates_and_plain_texts_are_kept_as_they_are():
    day = dt.date(2026, 3, 1)
    assert exports.neutralise(-5) == -5
    assert exports.neutralise(Decimal("-1.5")) == Decimal("-1.5")
    assert exports.neutralise(day) == day
    assert exports.neutralise("Stad Gent") == "Stad Gent"
    assert exports.neutralise(None) is None


def test_csv_is_utf8_with_bom_and_semicolons_and_neutralised():
    body = exports.csv_bytes(["Naam", "Telefoon"], [["Zoë =1", "=1+1"], ["Ann", None]])
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Naam", "Telefoon"], ["Zoë =1", "'=1+1"], ["Ann", ""]]


def test_xlsx_writes_every_text_as_text_and_keeps_numbers_and_dates():
    body = exports.xlsx_bytes(
        ["Naam", "Aantal", "Sinds"],
        [['=HYPERLINK("http://x")', 3, dt.date(2025, 1, 2)]],
        title="Contact/punten",
    )
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet.title == "Contact punten"
    name, count, since = (cell for cell in sheet[2])
    assert name.value == '=HYPERLINK("http://x")'
    assert name.data_type == "s"
    assert count.value == 3
    assert since.value.date() == dt.date(2025, 1, 2)


def test_response_is_a_download_with_a_safe_dated_file_name():
    response = exports.response("csv", "contact punten/Gent", ["A"], [["b"]])
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="contact-punten-Gent-')
    assert disposition.endswith('.csv"')


def test_an_unknown_format_is_an_error():
    with pytest.raises(ValueError):
        exports.response("pdf", "x", ["A"], [])
