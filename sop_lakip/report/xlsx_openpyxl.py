"""The parts of openpyxl's private API the bounded reader (xlsx_reader) relies on, in one place.

openpyxl's public reader either loads a whole sheet into memory or hides its cell
conversion behind an iterator that cannot stop on the reader's limits. Streaming the
sheet's XML ourselves and converting each cell as openpyxl does takes its
``WorkSheetParser``, the sheet's ``_get_source`` and the book's style and format tables,
none of them public. They were checked with openpyxl 3.0.9 (Odoo's pin on Debian 12) and
3.1.x (Odoo's pin on newer Pythons); ``test_xlsx_openpyxl`` fails on an openpyxl whose
private parts moved, naming what moved, rather than letting the reader misread files.
"""

from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.exceptions import CellCoordinatesException
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

FORMULA_TAG = f"{{{SHEET_MAIN_NS}}}f"
INLINE_TAG = f"{{{SHEET_MAIN_NS}}}is"
RUN_TAG = f"{{{SHEET_MAIN_NS}}}r"
TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"
VALUE_TAG = f"{{{SHEET_MAIN_NS}}}v"
# What the reader uses of openpyxl's private API (the contract test reads this list).
PRIVATE_BOOK = ("_cell_styles", "_number_formats", "_date_formats", "_timedelta_formats")
PRIVATE_SHEET = ("_get_source", "_shared_strings")
PRIVATE_PARSER = ("parse_cell", "row_counter", "col_counter")


class CellParser(WorkSheetParser):
    """openpyxl's cell conversion, as a dict per ``<c>`` element; a value it cannot
    convert comes back with the key ``unreadable`` (the raw text) instead of an error."""

    def parse_cell(self, element):
        if element.get("t") == "inlineStr" and element.find(FORMULA_TAG) is None:
            # The text of the runs, without openpyxl's rich-text objects (slow, unused here).
            row, column = self._position(element)
            inline = element.find(INLINE_TAG)
            value = None
            if inline is not None:
                runs = [inline.find(TEXT_TAG), *inline.iterfind(f"{RUN_TAG}/{TEXT_TAG}")]
                value = "".join(run.text or "" for run in runs if run is not None)
            return {"row": row, "column": column, "value": value, "data_type": "s"}
        try:
            return super().parse_cell(element)
        except (ValueError, OverflowError, IndexError, TypeError, KeyError):
            # openpyxl placed the cell (and moved its column counter) before converting.
            row, column = self._position(element, advance=False)
            raw = element.findtext(VALUE_TAG)
            return {"row": row, "column": column, "value": None, "unreadable": raw}

    def _position(self, element, advance=True):
        """The cell's (row, column); a malformed reference raises ValueError (damaged)."""
        coordinate = element.get("r")
        if not coordinate:
            self.col_counter += advance
            return self.row_counter, self.col_counter
        try:
            letters, row = coordinate_from_string(coordinate)
        except CellCoordinatesException as error:
            raise ValueError(coordinate) from error
        self.col_counter = column_index_from_string(letters)
        return row, self.col_counter


def cell_parser(book, sheet, source):
    """The parser of ``sheet``'s XML ``source``, converting cells as openpyxl does."""
    return CellParser(
        source,
        sheet._shared_strings,
        data_only=False,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )


def sheet_source(sheet):
    """The sheet's XML part, as a file opened for streaming (a context manager)."""
    return sheet._get_source()


def percent_styles(book):
    """The style ids whose number format shows a percentage."""
    ids = set()
    for style_id, style in enumerate(book._cell_styles):
        fmt_id = style.numFmtId
        if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(fmt_id, "General")
        else:
            code = book._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
        if "%" in (code or ""):
            ids.add(style_id)
    return ids
