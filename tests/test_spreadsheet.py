"""The streamed XLSX writer: what openpyxl reads back, and that it streams."""

import io
import zipfile

from openpyxl import load_workbook

from dialog.core.spreadsheet import column_letters, xlsx_chunks


def _read(chunks):
    workbook = load_workbook(io.BytesIO(b"".join(chunks)), read_only=True)
    return workbook, [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]


def test_column_letters():
    assert [column_letters(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_values_come_back_as_written():
    rows = [
        [1, 2.5, "Mörkt & kallt <kväll>", None, "", True],
        [0, -3, "  leading and trailing  ", "line\nbreak", "ممتاز", False],
    ]
    workbook, read = _read(xlsx_chunks(["id", "x", "text", "empty", "blank", "flag"], rows, sheet_name="answers"))
    assert workbook.sheetnames == ["answers"]
    assert read[0] == ["id", "x", "text", "empty", "blank", "flag"]
    assert read[1] == [1, 2.5, "Mörkt & kallt <kväll>", None, None, True]
    assert read[2] == [0, -3, "  leading and trailing  ", "line\nbreak", "ممتاز", False]


def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    _, read = _read(xlsx_chunks(["t"], [["a\x00b\x07c\x1fd"]]))
    assert read[1] == ["abcd"]


def test_the_first_bytes_leave_before_the_rows_are_read():
    pulled = []

    def rows():
        for i in range(50_000):
            pulled.append(i)
            yield [i, f"text {i}"]

    chunks = xlsx_chunks(["n", "t"], rows())
    first = next(chunks)
    assert first.startswith(b"PK") and not pulled  # the fixed parts, before any row
    second = next(chunks)
    assert second and 0 < len(pulled) < 50_000  # a piece of the sheet while rows remain
    rest = b"".join(chunks)
    assert len(pulled) == 50_000
    archive = zipfile.ZipFile(io.BytesIO(first + second + rest))
    assert archive.testzip() is None
    assert "xl/worksheets/sheet1.xml" in archive.namelist()
