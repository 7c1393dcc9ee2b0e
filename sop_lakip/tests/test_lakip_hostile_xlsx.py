import base64
import io
import logging
import re
import time
import zipfile

from openpyxl import load_workbook

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..report.lakip_xlsx import FIRST_ROW
from ..report.xlsx_reader import MAX_FILE_BYTES, _open_book
from .common import LakipCommon
from .test_lakip_worksheet import fill
from .xlsx_zip import patch

_logger = logging.getLogger(__name__)
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
TW1 = f"G{FIRST_ROW + 1}"  # first indicator's TW I cell


def set_cell(xml, coordinate, inner):
    """Give the empty cell ``coordinate`` of the sheet XML the children ``inner``
    (e.g. b"<v>1</v>"), keeping its style."""
    pattern = re.compile(rb'<c r="' + coordinate.encode() + rb'"( s="\d+")?/>')
    new, count = pattern.subn(
        lambda m: b'<c r="' + coordinate.encode() + b'"' + (m[1] or b"") + b">" + inner + b"</c>",
        xml,
        count=1,
    )
    assert count == 1, coordinate
    return new


@tagged("post_install", "-at_install")
class TestLakipHostileXlsx(LakipCommon):
    """Files built to hurt the server or to be misread are refused quickly, cell by cell,
    in the user's words; nothing is written and nothing is kept."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report.with_user(cls.user_kasubag).action_send_worksheets()
        cls.sheet = cls.report.worksheet_ids.filtered(lambda w: w.department_id == cls.dept_unit_1)
        cls.good = cls.sheet._export_xlsx()

    def _state(self):
        targets = self.report.target_ids
        return (
            sorted(targets.realization_ids.mapped(lambda r: (r.target_id.id, r.quarter, r.value))),
            targets.mapped("analysis"),
            self.sheet.state,
            len(self.sheet.message_ids),
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "lakip.worksheet"), ("res_id", "=", self.sheet.id)]
            ),
        )

    def _refused(self, data, pattern, filename="kk.xlsx"):
        """Import ``data`` as the unit's staff: refused with ``pattern``, nothing changed.
        Returns the seconds the refusal took."""
        before = self._state()
        sheet = self.sheet.with_user(self.user_unit_1)
        start = time.perf_counter()
        with self.assertRaisesRegex(UserError, pattern):
            sheet._import_xlsx(data, filename)
        elapsed = time.perf_counter() - start
        self.env.invalidate_all()
        self.assertEqual(self._state(), before, "nothing written, nothing kept")
        return elapsed

    def _good_import_seconds(self):
        """Seconds of a legitimate import of the same worksheet, measured here (rolled back)."""
        data = fill(self.good, {"Persentase PMKS tertangani": [10, 20, 30, 40]})
        with self.env.cr.savepoint(flush=False) as savepoint:
            start = time.perf_counter()
            self.sheet.with_user(self.user_unit_1)._import_xlsx(data, "ok.xlsx")
            elapsed = time.perf_counter() - start
            savepoint.rollback()
        self.env.invalidate_all()
        return elapsed

    # ------------------------------------------------------------------
    # Size: refused before parsing, bounded while parsing
    # ------------------------------------------------------------------
    def test_oversized_upload_refused_and_not_kept(self):
        """A 3 MB upload is refused by its size, in the wizard before it is stored."""
        big = self.good + b"\0" * (3 * 1024 * 1024)
        self.assertGreater(len(big), MAX_FILE_BYTES)
        self._refused(big, r"kk.xlsx is 3\.\d\d Mb, more than the 2\.00 Mb an imported file may be")
        stored = self.env["ir.attachment"].search_count(
            [("res_model", "=", "lakip.worksheet.import.wizard"), ("res_field", "=", "file")]
        )
        wizard = Form(
            self.env["lakip.worksheet.import.wizard"]
            .with_user(self.user_unit_1)
            .with_context(default_worksheet_id=self.sheet.id)
        )
        wizard.file = base64.b64encode(big)
        with self.assertRaisesRegex(UserError, r"The file is 3\.\d\d Mb"):
            wizard.save()
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "lakip.worksheet.import.wizard"), ("res_field", "=", "file")]
            ),
            stored,
            "the oversized upload is not stored",
        )

    def test_row_bomb_refused_quickly(self):
        """`<row/>` by the million under dimension A1:K99999999 is refused in a moment."""
        legit = self._good_import_seconds()

        def rows(count):
            def change(xml):
                xml = re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:K99999999"/>', xml)
                return xml.replace(b"</sheetData>", b"<row/>" * count + b"</sheetData>")

            return change

        bomb = patch(self.good, SHEET, rows(12_000_000))
        self.assertLess(len(bomb), 120 * 1024, "a small upload")
        timings = {
            "12M empty rows (72 MB of XML)": self._refused(
                bomb, r"unpacks to too much data \(xl/worksheets/sheet1.xml: 68"
            ),
            "1M empty rows (6 MB of XML)": self._refused(
                patch(self.good, SHEET, rows(1_000_000)),
                r"has rows down to row \d+, far below the 2 indicators of 2024 \u2013 Bidang Sosial",
            ),
        }

        def wide(xml):
            return xml.replace(
                b"</sheetData>", b'<row r="20">' + b"<c/>" * 1_000_000 + b"</row></sheetData>"
            )

        timings["a row of 1M cells"] = self._refused(
            patch(self.good, SHEET, wide), "holds far more than an importable file"
        )
        _logger.info("legit import %.3fs; refusals: %s", legit, timings)
        for name, seconds in timings.items():
            self.assertLess(seconds, max(10 * legit, 1.0), f"{name}: {seconds:.2f}s")

    def test_huge_declared_dimension_is_ignored(self):
        """A dimension of A1:K99999999 on a normal sheet neither slows nor breaks the import."""
        data = patch(
            fill(self.good, {"Persentase PMKS tertangani": [5]}),
            SHEET,
            lambda xml: re.sub(
                rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:K99999999"/>', xml
            ),
        )
        start = time.perf_counter()
        self.sheet.with_user(self.user_unit_1)._import_xlsx(data, "kk.xlsx")
        self.assertLess(time.perf_counter() - start, 5)
        self.assertEqual(self._target(self.ind_rehab).realisation, 5)

    def test_shared_string_bomb_refused(self):
        """One shared string of 200 MB is refused from the zip directory, never unpacked."""
        output = io.BytesIO()
        source = zipfile.ZipFile(io.BytesIO(self.good))
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename != STRINGS:
                    target.writestr(info.filename, source.read(info))
            with target.open(STRINGS, "w") as part:
                part.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                           b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')  # fmt: skip
                chunk = b"A" * (1024 * 1024)
                for _i in range(200):
                    part.write(chunk)
                part.write(b"</t></si></sst>")
        seconds = self._refused(output.getvalue(), r"xl/sharedStrings.xml: 200\.\d\d Mb")
        _logger.info("200 MB shared string refused in %.3fs", seconds)

    def test_long_text_cell_refused(self):
        """An analysis longer than the limit is refused by cell."""
        data = fill(self.good, {}, analysis={"Persentase PMKS tertangani": "x" * 5000})
        self._refused(data, f"Row {FIRST_ROW + 1}, column K .*longer than 4000 characters: shorten")

    # ------------------------------------------------------------------
    # Values that cannot be read, or would be misread
    # ------------------------------------------------------------------
    def test_unreadable_numbers_listed_by_cell(self):
        """`abc`, `nan` and `1e309` in number cells are listed with their cell, not crashed on."""
        for raw, shown in ((b"abc", "'abc'"), (b"nan", "'nan'"), (b"1e309", "inf")):
            with self.subTest(raw=raw):
                data = patch(
                    self.good, SHEET, lambda xml, r=raw: set_cell(xml, TW1, b"<v>" + r + b"</v>")
                )
                self._refused(
                    data,
                    f"kk.xlsx was not imported, nothing was changed.*\nRow {FIRST_ROW + 1}, "
                    f"column G \\({shown}\\): (unreadable value|not a number Odoo can store)",
                )

    def test_formulas_refused(self):
        """A formula is refused in an input cell, with or without a saved value."""
        for inner in (b"<f>SUM(1,2)</f>", b"<f>1+1</f><v>7</v>"):
            with self.subTest(inner=inner):
                data = patch(self.good, SHEET, lambda xml, i=inner: set_cell(xml, TW1, i))
                self._refused(
                    data,
                    f"Row {FIRST_ROW + 1}, column G \\('=.*'\\): a formula: type the value itself",
                )

    def test_damaged_parts_refused_clearly(self):
        """Broken styles, a control character in a sheet name, an entity file: a clear refusal."""
        self._refused(
            patch(self.good, "xl/styles.xml", lambda xml: xml[:200]), "not a readable Excel"
        )
        self._refused(
            patch(self.good, "xl/workbook.xml", lambda xml: xml.replace(b'name="Kertas Kerja"', b'name="Kertas\x01Kerja"')),
            "not a readable Excel",
        )  # fmt: skip
        # openpyxl refuses a value of the wrong type (TypeError) while the book loads.
        self._refused(
            patch(self.good, "xl/styles.xml", lambda xml: re.sub(rb'<sz val="[^"]*"/>', b'<sz val="x"/>', xml, count=1)),
            "not a readable Excel",
        )  # fmt: skip
        xxe = b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        self._refused(
            patch(self.good, SHEET, lambda xml: xml.replace(b"<worksheet", xxe + b"<worksheet", 1)),
            "part xl/worksheets/sheet1.xml declares a DTD or entities",
        )
        laughs = b'<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'
        self._refused(
            patch(
                self.good,
                "xl/styles.xml",
                lambda xml: xml.replace(b"<styleSheet", laughs + b"<styleSheet", 1),
            ),
            "part xl/styles.xml declares a DTD",
        )

    def test_a_bug_is_not_a_damaged_file(self):
        """Only what a damaged file raises is reported as one: a TypeError or an
        AttributeError of the code that reads the loaded book goes up as it is."""
        for error in (TypeError, AttributeError):
            with self.subTest(error=error.__name__), self.assertRaises(error):
                with _open_book(self.good) as book:
                    raise error(book.sheetnames[0])

    def test_rows_outside_the_dimension_are_read(self):
        """A row below the declared dimension is read, not silently dropped."""
        data = fill(self.good, {"Persentase penduduk miskin": [None, None, None, 6.5]})
        data = patch(
            data,
            SHEET,
            lambda xml: re.sub(rb'<dimension ref="[^"]+"/>', f'<dimension ref="A1:K{FIRST_ROW + 1}"/>'.encode(), xml),
        )  # fmt: skip
        self.sheet.with_user(self.user_unit_1)._import_xlsx(data, "kk.xlsx")
        self.assertEqual(self._target(self.ind_poverty).realisation, 6.5)

        def far(xml):
            return xml.replace(
                b"</sheetData>", b'<row r="500"><c r="G500"><v>1</v></c></row></sheetData>'
            )

        self._refused(patch(self.good, SHEET, far), "has data on row 500, far below")

    def test_good_file_kept_in_chatter(self):
        """Only a file that imported is attached to the worksheet's chatter."""
        data = fill(self.good, {"Persentase PMKS tertangani": [1, 2, 3, 4]})
        self.sheet.with_user(self.user_unit_1)._import_xlsx(data, "baik.xlsx")
        # the newest message may be the hand-off's; the file is on the import's
        attachment = self.sheet.message_ids.attachment_ids
        self.assertEqual(attachment.name, "baik.xlsx")
        self.assertEqual(attachment.file_size, len(data))

    def test_exported_file_reads_back(self):
        """The file Odoo exports passes every bound (no false refusal)."""
        book = load_workbook(io.BytesIO(self.good), read_only=True)
        self.assertIn("Kertas Kerja", book.sheetnames)
        book.close()
        self.sheet.with_user(self.user_unit_1)._import_xlsx(self.good, "kosong.xlsx")
        self.assertEqual(self.sheet.state, "filled")
