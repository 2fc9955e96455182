"""An XLSX file written as a stream: the first bytes leave before the last row is read.

openpyxl (which reads the XLSForms and writes the small files) can only save a finished
workbook to a seekable file, so a 100,000-row export would sit on disk, and the person
downloading it would see nothing, for a minute. This writes the few fixed parts of a
SpreadsheetML package and then the one worksheet row by row into a zip that goes straight
out: Python's ``zipfile`` writes to a pipe-like object with data descriptors. Cells are
numbers or inline strings; that is all an answers export needs, and every spreadsheet
program (and openpyxl, which the tests read it back with) understands it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

#: Bytes gathered before a chunk is handed to the response.
CHUNK = 64 * 1024

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>'
    "</Relationships>"
)
# The least a styles part may hold, plus a bold font for the header row.
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    # The header row stays in view while scrolling.
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    "</sheetView></sheetViews>"
    "<sheetData>"
)
_SHEET_END = "</sheetData></worksheet>"
#: Characters XML 1.0 cannot hold at all (tab, line feed and carriage return it can).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _workbook(sheet_name: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{escape(sheet_name[:31], {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    value = _NOT_XML.sub("", value)
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f"<is><t{space}>{escape(value)}</t></is>"


def _row(number: int, cells: Iterable, letters: list[str], style: str = "") -> str:
    parts = [f'<row r="{number}">']
    for letter, value in zip(letters, cells, strict=False):
        if value is None or value == "":
            continue
        ref = f"{letter}{number}"
        if isinstance(value, bool):
            parts.append(f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, (int, float)):
            parts.append(f'<c r="{ref}"{style}><v>{value!r}</v></c>')
        else:
            parts.append(f'<c r="{ref}"{style} t="inlineStr">{_text(str(value))}</c>')
    parts.append("</row>")
    return "".join(parts)


class _Pipe:
    """What ``zipfile`` writes into; the generator empties it between rows."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def xlsx_chunks(header: list[str], rows: Iterable[list], *, sheet_name: str = "Sheet1") -> Iterator[bytes]:
    """The workbook as byte chunks: ``header`` in bold, then every row of ``rows``.

    Values are written as numbers (int, float), booleans or text; ``None`` and "" leave the
    cell empty. The worksheet stays under zip's 4 GiB entry limit up to a few million rows.
    """
    letters = [column_letters(i) for i in range(len(header))]
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook(sheet_name))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        yield pipe.take()
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write((_SHEET_START + _row(1, header, letters, ' s="1"')).encode())
            buffered: list[str] = []
            for number, cells in enumerate(rows, start=2):
                buffered.append(_row(number, cells, letters))
                if len(buffered) == 200:
                    sheet.write("".join(buffered).encode())
                    buffered.clear()
                    if pipe.size >= CHUNK:
                        yield pipe.take()
            sheet.write(("".join(buffered) + _SHEET_END).encode())
    yield pipe.take()
