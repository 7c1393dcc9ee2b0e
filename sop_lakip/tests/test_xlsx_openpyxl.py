import datetime
import io

import openpyxl
from openpyxl import Workbook

from odoo.tests import BaseCase, tagged

from ..report import xlsx_openpyxl
from ..report.xlsx_reader import BadCell, Percent, XlsxRefused, read_sheet
from .xlsx_zip import patch

SHEET = "xl/worksheets/sheet1.xml"


def workbook():
    """A sheet with text, a number, a percentage and a date, as Excel files have them."""
    book = Workbook()
    sheet = book.active
    sheet.title = "S"
    sheet["A1"], sheet["B1"], sheet["C1"], sheet["D1"] = (
        "teks",
        12.5,
        0.8,
        datetime.date(2024, 3, 1),
    )
    sheet["C1"].number_format = "0.00%"
    sheet["A2"] = "=1+1"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def with_row(data, row):
    """``data`` with ``row`` (the XML of a <row>) added at the end of the sheet."""
    return patch(data, SHEET, lambda xml: xml.replace(b"</sheetData>", row + b"</sheetData>"))


@tagged("post_install", "-at_install")
class TestXlsxOpenpyxl(BaseCase):
    """The bounded reader uses openpyxl's private parts (report/xlsx_openpyxl.py): on the
    installed openpyxl they are where the reader expects them and convert as it expects.
    A newer openpyxl that moved them fails here, by name, not in an agency's import."""

    def test_the_private_parts_are_there(self):
        book = openpyxl.load_workbook(io.BytesIO(workbook()), read_only=True)
        try:
            sheet = book["S"]
            missing = [f"Workbook.{n}" for n in xlsx_openpyxl.PRIVATE_BOOK if not hasattr(book, n)]
            missing += [
                f"ReadOnlyWorksheet.{n}"
                for n in xlsx_openpyxl.PRIVATE_SHEET
                if not hasattr(sheet, n)
            ]
            with xlsx_openpyxl.sheet_source(sheet) as source:
                parser = xlsx_openpyxl.cell_parser(book, sheet, source)
                missing += [
                    f"WorkSheetParser.{n}"
                    for n in xlsx_openpyxl.PRIVATE_PARSER
                    if not hasattr(parser, n)
                ]
        finally:
            book.close()
        self.assertFalse(missing, f"openpyxl {openpyxl.__version__} moved: {missing}")

    def test_cells_convert_as_openpyxl_does(self):
        rows = read_sheet(workbook(), "S", 4, 2)
        self.assertEqual(rows[0], ("teks", 12.5, 0.8, datetime.datetime(2024, 3, 1)))
        self.assertIsInstance(rows[0][2], Percent)
        self.assertIsInstance(rows[1][0], BadCell)
        self.assertEqual((rows[1][0].reason, rows[1][0].value), ("formula", "=1+1"))

    def test_inline_text_unreadable_numbers_and_references(self):
        """Inline text (runs joined), an unreadable number, a lower-case reference and a
        cell without one are read; a reference to row 0 is a damaged file."""
        data = with_row(
            workbook(),
            b'<row r="3"><c r="A3" t="inlineStr"><is><r><t>Sa</t></r><r><t>tu</t></r></is></c>'
            b'<c r="b3"><v>abc</v></c><c><v>7</v></c></row>',
        )
        row = read_sheet(data, "S", 4, 3)[2]
        self.assertEqual(row[0], "Satu")
        self.assertEqual((row[1].reason, row[1].value), ("unreadable", "abc"))
        self.assertEqual(row[2], 7)
        damaged = with_row(workbook(), b'<row r="3"><c r="A0" t="n"><v>x</v></c></row>')
        with self.assertRaises(XlsxRefused) as caught:
            read_sheet(damaged, "S", 4, 3)
        self.assertEqual(caught.exception.reason, "damaged")
