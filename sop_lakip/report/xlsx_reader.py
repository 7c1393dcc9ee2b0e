"""Reading an uploaded Excel file back (a filled worksheet, an SOP workbook), with bounded cost.

An uploaded file is untrusted: a few kilobytes of zip can expand to gigabytes of XML,
declare millions of rows, carry entity declarations or values no number can hold.
Everything here is bounded before it is read: the file's size, each part's
uncompressed size (the zip directory's sizes, which reading never exceeds), the rows
read past the ones the caller expects and the cells of a row. Cells that cannot be taken as
they are come back as :class:`BadCell` so that the caller lists them all, by cell.

This module knows no Odoo: it raises :class:`XlsxRefused` with a reason code and
its parameters, which the caller turns into a translated message.
"""

import io
import math
import re
import zipfile
import zlib
from contextlib import contextmanager
from xml.etree.ElementTree import ParseError, iterparse

from lxml.etree import LxmlError
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.constants import SHEET_MAIN_NS

from .xlsx_openpyxl import cell_parser, percent_styles, sheet_source

KB = 1024
MB = 1024 * KB
MAX_FILE_BYTES = 2 * MB  # the upload itself
MAX_SHEET_BYTES = 8 * MB  # a worksheet's XML, read as a stream
MAX_STRINGS_BYTES = 4 * MB  # shared strings, held in memory while reading
MAX_PART_BYTES = 2 * MB  # any other part (styles, workbook, ...)
MAX_TOTAL_BYTES = 24 * MB  # all parts together, uncompressed
MAX_PARTS = 200
MAX_EXTRA_ROWS = 100  # rows read past the last indicator (empty or not)
MAX_ROW_CELLS = 1024  # cells of one row, in any column
MAX_ELEMENTS = 400_000  # XML elements of the worksheet part
MAX_TEXT = 4000  # characters of one cell
MAX_NUMBER = 1e15

CELL_TAG = f"{{{SHEET_MAIN_NS}}}c"
ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"
DTD_RE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# Errors of damaged parts: the zip, its XML, and openpyxl's reading of them.
DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    InvalidFileException,
    ParseError,
    LxmlError,
    KeyError,
    IndexError,
    ValueError,
    OverflowError,
    UnicodeError,
    OSError,
    RuntimeError,
)
# openpyxl checks the type of each value it loads from the workbook's parts (styles, sheet
# properties) and raises TypeError for a wrong one: a damaged part, while the book loads.
# Afterwards a TypeError or AttributeError is a bug, and is not reported as a damaged file.
LOAD_DAMAGED = (*DAMAGED, TypeError)


# The first bytes of an Excel 97-2003 (.xls) file (an OLE2 compound document).
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class XlsxRefused(Exception):
    """The file is refused as a whole; ``reason`` names why, ``params`` say where."""

    def __init__(self, reason, **params):
        super().__init__(reason, params)
        self.reason = reason
        self.params = params


class Percent(float):
    """A number Excel shows as a percentage: 80 % is stored as 0.8."""


class BadCell:
    """A cell whose content is refused: ``reason`` is one of 'unreadable', 'formula',
    'too_long', 'not_finite', 'too_large'; ``value`` is what the file holds (shortened)."""

    __slots__ = ("reason", "value")

    def __init__(self, reason, value):
        self.reason = reason
        self.value = value if not isinstance(value, str) or len(value) < 60 else value[:57] + "…"

    def __repr__(self):
        return repr(self.value)


def check_archive(data, max_parts=MAX_PARTS):
    """Refuse the file by its size and its parts' sizes, before any XML is parsed."""
    if len(data) > MAX_FILE_BYTES:
        raise XlsxRefused("file_size", size=len(data), limit=MAX_FILE_BYTES)
    if data.startswith(OLE2_SIGNATURE):
        raise XlsxRefused("old_xls")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except DAMAGED as error:
        raise XlsxRefused("damaged") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > max_parts:
            raise XlsxRefused("parts", count=len(infos), limit=max_parts)
        total = 0
        for info in infos:
            name = info.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                limit = MAX_SHEET_BYTES
            elif name == "xl/sharedStrings.xml":
                limit = MAX_STRINGS_BYTES
            else:
                limit = MAX_PART_BYTES
            total += info.file_size
            if info.file_size > limit or total > MAX_TOTAL_BYTES:
                raise XlsxRefused(
                    "part_size", part=name, size=info.file_size, limit=min(limit, MAX_TOTAL_BYTES)
                )
        # Excel never writes a DTD; refuse one (entities, external references) outright.
        try:
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    _check_xml_part(archive, info)
        except DAMAGED as error:
            raise XlsxRefused("damaged") from error


def _check_xml_part(archive, info):
    with archive.open(info) as part:
        tail = b""
        first = True
        while chunk := part.read(256 * KB):
            if first and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                # UTF-16, which Excel does not write and the DTD scan below cannot read.
                raise XlsxRefused("damaged")
            first = False
            if DTD_RE.search(tail + chunk):
                raise XlsxRefused("dtd", part=info.filename)
            tail = chunk[-16:]


def _cell_value(cell, percent_styles):
    value = cell["value"]
    if "unreadable" in cell:
        return BadCell("unreadable", cell["unreadable"])
    if cell.get("data_type") == "f":
        return BadCell("formula", value)
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return BadCell("too_long", value)
    if isinstance(value, float) and not math.isfinite(value):
        return BadCell("not_finite", value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if abs(value) > MAX_NUMBER:
            return BadCell("too_large", value)
        if cell.get("style_id") in percent_styles:
            return Percent(value)
    return value


def read_sheet(data, sheet_name, max_col, max_row):
    """The values of ``sheet_name``'s rows 1..``max_row``, columns 1..``max_col``.

    Returns a list of ``max_row`` tuples of ``max_col`` values (None when empty).
    Data (in those columns) on a row below ``max_row`` is refused, as is a file with
    more than :data:`MAX_EXTRA_ROWS` rows below it. Raises :class:`XlsxRefused`.
    """
    with _open_book(data) as book:
        if sheet_name not in book.sheetnames:
            raise XlsxRefused("no_sheet", sheets=", ".join(book.sheetnames))
        return _read_sheet(book, book[sheet_name], max_col, max_row)


def read_sheets(data, max_col, max_row, max_parts=MAX_PARTS):
    """Every sheet of the workbook, in its order: [(name, rows)], each read as
    :func:`read_sheet` reads one (the same bounds, for each sheet); the workbook may
    have ``max_parts`` parts (a sheet is one)."""
    with _open_book(data, max_parts) as book:
        return [(name, _read_sheet(book, book[name], max_col, max_row)) for name in book.sheetnames]


def sheet_names(data, max_parts=MAX_PARTS):
    """The names of the workbook's sheets, in its order; no sheet is read."""
    with _open_book(data, max_parts) as book:
        return list(book.sheetnames)


@contextmanager
def _open_book(data, max_parts=MAX_PARTS):
    """The workbook of ``data``, checked first; a damaged part raises :class:`XlsxRefused`."""
    check_archive(data, max_parts)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except XlsxRefused:
        raise
    except LOAD_DAMAGED as error:
        raise XlsxRefused("damaged") from error
    try:
        yield book
    except XlsxRefused:
        raise
    except DAMAGED as error:
        raise XlsxRefused("damaged") from error
    finally:
        book.close()


def _read_sheet(book, sheet, max_col, max_row):
    with sheet_source(sheet) as source:
        return _read_rows(book, sheet, source, max_col, max_row)


# Long on purpose: one streaming loop over the sheet's XML that enforces every limit as
# it reads; split, the limits' counters would travel through every part.
def _read_rows(book, sheet, source, max_col, max_row):
    parser = cell_parser(book, sheet, source)
    percents = percent_styles(book)
    rows = [[None] * max_col for _i in range(max_row)]
    elements = extra = row_cells = 0
    last_row = 0
    data_element = None
    for event, element in iterparse(source, events=("start", "end")):
        tag = element.tag
        if event == "start":
            elements += 1
            if elements > MAX_ELEMENTS:
                raise XlsxRefused("elements", limit=MAX_ELEMENTS)
            if tag == ROW_TAG:
                index = element.get("r")
                index = int(index) if index else last_row + 1
                if index <= last_row:
                    raise XlsxRefused("damaged")
                last_row = parser.row_counter = index
                parser.col_counter = 0
                row_cells = 0
                if index > max_row:
                    extra += 1
                    if extra > MAX_EXTRA_ROWS:
                        raise XlsxRefused("rows", row=index, limit=max_row)
            elif tag == CELL_TAG:
                row_cells += 1
                if row_cells > MAX_ROW_CELLS:
                    raise XlsxRefused("row_cells", row=last_row, limit=MAX_ROW_CELLS)
            elif tag == DATA_TAG:
                data_element = element
            continue
        if tag == CELL_TAG:
            cell = parser.parse_cell(element)
            element.clear()
            column, index = cell["column"], cell["row"]
            if index < 1 or column < 1:
                raise XlsxRefused("damaged")
            if column > max_col or index != last_row:
                if index != last_row:
                    raise XlsxRefused("damaged")
                continue
            value = _cell_value(cell, percents)
            if value in (None, ""):
                continue
            if index > max_row:
                raise XlsxRefused("far_row", row=index, cell=f"{get_column_letter(column)}{index}")
            rows[index - 1][column - 1] = value
        elif tag == ROW_TAG and data_element is not None:
            data_element.clear()
    return [tuple(row) for row in rows]
