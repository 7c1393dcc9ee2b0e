import io
import zipfile

from openpyxl import Workbook, load_workbook

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..report.lakip_xlsx import FIRST_ROW
from .common import CAPAIAN_XLSX, LakipCommon

# Columns of the worksheet file (1-based, as openpyxl counts them).
COL_REF, COL_TW1, COL_TW4, COL_ANALYSIS = 1, 7, 10, 11


def fill(data, values, analysis=None, edit=None):
    """Fill a downloaded worksheet like a Bidang does in Excel; return the new bytes.

    ``values``: {indicator name: [TW I..IV]}; ``edit(sheet)`` makes other changes.
    """
    book = load_workbook(io.BytesIO(data))
    sheet = book["Kertas Kerja"]
    for row in range(FIRST_ROW + 1, sheet.max_row + 1):
        name = sheet.cell(row, 4).value
        for offset, value in enumerate(values.get(name, [])):
            sheet.cell(row, COL_TW1 + offset).value = value
        if analysis and name in analysis:
            sheet.cell(row, COL_ANALYSIS).value = analysis[name]
    if edit:
        edit(sheet)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestLakipWorksheet(LakipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report.with_user(cls.user_kasubag).action_send_worksheets()

    def _snapshot(self):
        targets = self.report.target_ids
        return (
            sorted(targets.realization_ids.mapped(lambda r: (r.target_id.id, r.quarter, r.value))),
            targets.mapped("analysis"),
            self.report.worksheet_ids.mapped("state"),
        )

    def test_generate_one_per_unit(self):
        """One worksheet per Bidang with its own indicators; all sent."""
        sheets = self.report.worksheet_ids
        self.assertEqual(sheets.department_id, self.dept_unit_1 | self.dept_unit_2)
        self.assertEqual(self._sheet(self.dept_unit_1).target_ids.indicator_id,
                         self.ind_rehab | self.ind_poverty)  # fmt: skip
        self.assertEqual(set(sheets.mapped("state")), {"sent"})
        self.assertEqual(self.report.state, "collecting")

    def test_generate_needs_every_target(self):
        """An indicator without a target for the year stops generation, by name."""
        self.env["lakip.indicator"].create(
            {"name": "Indeks kepuasan", "company_id": self.company.id, "uom": "Nilai",
             "department_id": self.dept_unit_2.id}
        )  # fmt: skip
        with self.assertRaisesRegex(UserError, "no target for 2024.*\n- Indeks kepuasan"):
            self.report.with_user(self.user_kasubag).action_generate_worksheets()

    def test_export_file(self):
        """The file names its unit and year, lists the indicators, locks all but the inputs."""
        sheet = self._sheet(self.dept_unit_2)
        book = load_workbook(io.BytesIO(sheet._export_xlsx()))
        self.assertEqual(book.sheetnames, ["Kertas Kerja"])
        ws = book["Kertas Kerja"]
        self.assertEqual(ws["C3"].value, "Bidang PMD")
        self.assertEqual(ws["C4"].value, 2024)
        self.assertTrue(ws.protection.sheet, "the sheet is protected")
        self.assertTrue(ws.column_dimensions["A"].hidden)
        rows = [[c.value for c in r] for r in ws.iter_rows(min_row=FIRST_ROW + 1)]
        self.assertEqual(
            [r[3] for r in rows], ["Persentase desa mandiri", "Persentase BUMDes aktif"]
        )
        self.assertEqual([r[5] for r in rows], ["30", "60 \u2013 80"])
        first = ws.cell(FIRST_ROW + 1, COL_TW1)
        self.assertFalse(first.protection.locked, "quarter cells are input cells")
        self.assertTrue(ws.cell(FIRST_ROW + 1, 4).protection.locked, "indicator cells are not")
        validation = ws.data_validations.dataValidation[0]
        self.assertEqual((validation.type, validation.operator), ("decimal", "greaterThanOrEqual"))
        self.assertIn(f"G{FIRST_ROW + 1}:J{FIRST_ROW + 2}", str(validation.sqref))

    def test_round_trip(self):
        """Export, fill in Excel, import: the figures, analysis and state follow."""
        sheet = self._sheet(self.dept_unit_1).with_user(self.user_unit_1)
        data = fill(
            sheet._export_xlsx(),
            {"Persentase PMKS tertangani": [20, 20.5, None, 31.5],
             "Persentase penduduk miskin": [None, None, None, 6.5]},
            analysis={"Persentase penduduk miskin": "DTKS lebih tepat sasaran"},
        )  # fmt: skip
        sheet._import_xlsx(data, "kk_sosial.xlsx")
        rehab, poverty = self._target(self.ind_rehab), self._target(self.ind_poverty)
        self.assertEqual(rehab.realization_ids.mapped("value"), [20, 20.5, 31.5])
        self.assertEqual((rehab.realisation, rehab.capaian), (72.0, 90.0))
        self.assertEqual((poverty.capaian_display, poverty.analysis),
                         ("107,14 %", "DTKS lebih tepat sasaran"))  # fmt: skip
        self.assertEqual(sheet.state, "filled")
        self.assertEqual(sheet.filled_by_id, self.user_unit_1)
        # The newest message closes the unit's 'Fill Worksheet' activity; the import's is before.
        message = sheet.message_ids.filtered("attachment_ids")[:1]
        self.assertIn("kk_sosial.xlsx", message.body)
        self.assertEqual(message.attachment_ids.name, "kk_sosial.xlsx")
        # The file exported now carries the imported values; a re-import replaces them.
        again = fill(sheet._export_xlsx(), {"Persentase PMKS tertangani": [None, None, None, 80]})
        sheet._import_xlsx(again, "kk_sosial_2.xlsx")
        self.assertEqual(rehab.realization_ids.mapped("quarter"), ["4"])
        self.assertEqual(rehab.capaian, 100.0)
        self.assertEqual(poverty.realisation, 6.5, "values still in the file are kept")
        self.assertIn("kk_sosial_2.xlsx", sheet.message_ids[0].body)

    def _assert_refused(self, data, filename, pattern, sheet=None):
        sheet = (sheet or self._sheet(self.dept_unit_1)).with_user(self.user_unit_1)
        before = self._snapshot()
        with self.assertRaisesRegex(UserError, pattern):
            sheet._import_xlsx(data, filename)
        self.assertEqual(self._snapshot(), before, "nothing changed")

    def test_bad_files(self):
        """Each bad file is refused with a message saying what is wrong; nothing changes."""
        sheet = self._sheet(self.dept_unit_1)
        good = sheet._export_xlsx()
        self._assert_refused(b"", "kosong.xlsx", "kosong.xlsx is empty")
        self._assert_refused(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
            "lama.xls",
            r"lama.xls is an old Excel 97-2003 \(.xls\) file: nothing was imported",
        )
        self._assert_refused(good[: len(good) // 2], "rusak.xlsx", "not a readable Excel")
        self._assert_refused(b"Realisasi;80\n", "data.csv", "not a readable Excel")
        zipped = io.BytesIO()
        with zipfile.ZipFile(zipped, "w") as z:
            z.writestr("readme.txt", "not a workbook")
        self._assert_refused(zipped.getvalue(), "zip.xlsx", "not a readable Excel")
        other = Workbook()
        other.active.title = "Sheet1"
        buffer = io.BytesIO()
        other.save(buffer)
        self._assert_refused(
            buffer.getvalue(), "lain.xlsx", "has no sheet named 'Kertas Kerja' \\(it has: Sheet1\\)"
        )

        def rename(ws):
            ws.title = "Data"

        self._assert_refused(fill(good, {}, edit=rename), "ganti.xlsx", "it has: Data")

    def test_errors_in_the_users_language(self):
        """An Indonesian user reads the list of bad cells in Indonesian."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["sop_lakip"], ["id_ID"], overwrite=True)

        def damage(ws):
            ws.cell(FIRST_ROW + 1, COL_TW1).value = "banyak"

        data = fill(self._sheet(self.dept_unit_1)._export_xlsx(), {}, edit=damage)
        self._assert_refused(
            data,
            "kk.xlsx",
            f"kk.xlsx tidak diimpor dan tidak ada data yang diubah.*\n.*{FIRST_ROW + 1}.*"
            "'banyak'.*bukan angka",
            sheet=self._sheet(self.dept_unit_1).with_context(lang="id_ID"),
        )

    def test_far_rows_refused(self):
        """Data far below the worksheet's rows is refused; cells beyond its columns are not read."""
        good = self._sheet(self.dept_unit_1)._export_xlsx()

        def far_row(ws):
            ws["G5000"] = 12

        self._assert_refused(
            fill(good, {}, edit=far_row), "jauh.xlsx", "data on row 5000, far below"
        )

        def far_column(ws):
            ws["XFD1048576"] = "x"

        sheet = self._sheet(self.dept_unit_1).with_user(self.user_unit_1)
        sheet._import_xlsx(
            fill(good, {"Persentase PMKS tertangani": [1]}, edit=far_column), "k.xlsx"
        )
        self.assertEqual(self._target(self.ind_rehab).realisation, 1)

    def test_wrong_worksheet(self):
        """Another unit's file, or the same unit's file of another year, is refused."""
        other_unit = self._sheet(self.dept_unit_2)._export_xlsx()
        self._assert_refused(other_unit, "pmd.xlsx", "worksheet of 2024 \u2013 Bidang PMD, not")
        old_report = self.env["lakip.report"].create({"company_id": self.company.id, "year": 2023})
        self.env["lakip.target"].create(
            [{"indicator_id": i.id, "year": 2023, "target": 10, "target_max": 20}
             for i in self.report.target_ids.indicator_id]
        )  # fmt: skip
        old_report.with_user(self.user_kasubag).action_send_worksheets()
        old = old_report.worksheet_ids.filtered(lambda w: w.department_id == self.dept_unit_1)
        self._assert_refused(old._export_xlsx(), "2023.xlsx", "worksheet of 2023 \u2013 Bidang")

        def scrub(ws):
            ws["C5"].value = "bukan kode"

        self._assert_refused(
            fill(self._sheet(self.dept_unit_1)._export_xlsx(), {}, edit=scrub),
            "kode.xlsx",
            "code cell C5 does not match",
        )

    def test_bad_cells_all_listed(self):
        """Every bad cell is listed with row, column, value and reason; nothing is written."""
        good = self._sheet(self.dept_unit_1)._export_xlsx()
        first = FIRST_ROW + 1

        def damage(ws):
            ws.cell(first, COL_TW1).value = "dua puluh"
            ws.cell(first, COL_TW1 + 1).value = "12,5"
            ws.cell(first + 1, COL_TW4).value = -3
            ws.cell(first + 2, COL_REF).value = 999999
            ws.cell(first + 2, 4).value = "Indikator tambahan"
            ws.cell(first + 2, COL_TW1).value = 5
            ws.cell(first + 1, COL_TW1).value = 0.8
            ws.cell(first + 1, COL_TW1).number_format = "0%"

        data = fill(good, {"Persentase PMKS tertangani": [10, 10, 10, 10]}, edit=damage)
        self._assert_refused(
            data,
            "salah.xlsx",
            f"salah.xlsx was not imported, nothing was changed. Fix these 5 problems.*\n"
            f"Row {first}, column G \\('dua puluh'\\): not a number\n"
            f"Row {first}, column H \\('12,5'\\): not a number\n"
            f"Row {first + 1}, column G \\('80 %'\\): a percentage: type the number without %, "
            "e.g. 80\n"
            f"Row {first + 1}, column J \\(-3\\): negative.*\n"
            f"Row {first + 2}, column A \\(999999\\): row added",
        )

    def test_deleted_and_repeated_rows(self):
        """A deleted indicator row, or a row copied twice, is refused."""
        good = self._sheet(self.dept_unit_1)._export_xlsx()

        def delete(ws):
            ws.delete_rows(FIRST_ROW + 2)

        self._assert_refused(
            fill(good, {}, edit=delete), "hapus.xlsx", "Persentase penduduk miskin'\\): row deleted"
        )

        def repeat(ws):
            for col in range(1, 12):
                ws.cell(FIRST_ROW + 3, col).value = ws.cell(FIRST_ROW + 1, col).value

        self._assert_refused(fill(good, {}, edit=repeat), "ulang.xlsx", "repeated on another row")

    def test_verify_locks_until_reopened(self):
        """The Kabid verifies; the figures are locked until a Kasubag reopens with a reason."""
        sheet = self._sheet(self.dept_unit_1)
        sheet.with_user(self.user_unit_1).action_mark_filled()
        with self.assertRaisesRegex(AccessError, "Only the head of Bidang Sosial"):
            sheet.with_user(self.user_unit_1).action_verify()
        sheet.with_user(self.user_kabid_1).action_verify()
        self.assertEqual((sheet.state, sheet.verified_by_id), ("verified", self.user_kabid_1))
        target = self._target(self.ind_rehab)
        with self.assertRaisesRegex(UserError, "Sosial is Verified: a Kasubag or the Sekretaris"):
            target.with_user(self.user_kasubag).realization_ids = [
                Command.create({"quarter": "1", "value": 5})
            ]
        with self.assertRaises(UserError):  # the unit's own rule refuses it first
            target.with_user(self.user_unit_1).realization_ids = [
                Command.create({"quarter": "1", "value": 5})
            ]
        with self.assertRaisesRegex(UserError, "only a sent or filled worksheet"):
            sheet.with_user(self.user_kasubag)._import_xlsx(sheet._export_xlsx(), "x.xlsx")
        with self.assertRaisesRegex(UserError, "Say why"):
            sheet.with_user(self.user_kasubag)._send_back(" ")
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_unit_1)._send_back("Salah hitung")
        sheet.with_user(self.user_kasubag)._send_back("Target TW IV salah ketik")
        self.assertEqual(sheet.state, "sent")
        self.assertIn("Target TW IV salah ketik", sheet.message_ids[0].body)
        target.with_user(self.user_unit_1).realization_ids = [
            Command.create({"quarter": "1", "value": 5})
        ]
        self.assertEqual(target.realisation, 5)

    def test_state_only_by_buttons(self):
        """Nobody below the buttons changes a worksheet's state by writing it."""
        sheet = self._sheet(self.dept_unit_1)
        with self.assertRaisesRegex(UserError, "changes with its buttons"):
            sheet.with_user(self.user_kabid_1).write({"state": "verified"})
        with self.assertRaisesRegex(UserError, "changes with its buttons"):
            sheet.with_user(self.user_kasubag).write({"state": "compiled"})

    def test_compile(self):
        """Compiling needs every worksheet verified, then closes them all."""
        with self.assertRaisesRegex(UserError, "not verified yet:\n- 2024 \u2013 Bidang"):
            self.report.with_user(self.user_kasubag).action_compile()
        for sheet, kabid in ((self._sheet(self.dept_unit_1), self.user_kabid_1),
                             (self._sheet(self.dept_unit_2), self.user_kabid_2)):  # fmt: skip
            sheet.with_user(kabid).action_mark_filled()
            sheet.with_user(kabid).action_verify()
        self.report.with_user(self.user_kasubag).action_compile()
        self.assertEqual(set(self.report.worksheet_ids.mapped("state")), {"compiled"})
        self.assertEqual(self.report.state, "compiled")

    def test_capaian_table_file(self):
        """The Tabel Capaian workbook has the year, previous years, Renstra and status."""
        self._target(self.ind_rehab).realization_ids = [
            Command.create({"quarter": "1", "value": 72})
        ]
        data = self._render_xlsx(CAPAIAN_XLSX, self.report)
        ws = load_workbook(io.BytesIO(data)).active
        self.assertEqual(ws["A1"].value, "TABEL CAPAIAN KINERJA TAHUN 2024")
        headers = [c.value for c in ws[4]]
        self.assertEqual(headers[4:9], ["Target 2024", "Realisasi 2024", "Capaian 2024",
                                        "Realisasi 2023", "Capaian 2023"])  # fmt: skip
        self.assertIn("Target Akhir Renstra", headers)
        row = [c.value for c in ws[5]]
        self.assertEqual(row[2:7], ["Persentase PMKS tertangani", "%", "80", "72", "90 %"])
        self.assertEqual(row[13], "Belum Tercapai")
        self.assertEqual(ws.max_row, 4 + 4, "one row per indicator")

    def test_budget_sheet(self):
        """The workbook's second sheet is the Realisasi Anggaran per programme, with a total."""
        self.env["lakip.budget"].create(
            [
                {"report_id": self.report.id, "name": "Program Rehabilitasi Sosial",
                 "budget": 640_000_000, "spent": 598_300_000},
                {"report_id": self.report.id, "name": "Program Pemberdayaan Sosial",
                 "budget": 400_000_000, "spent": 0},
            ]
        )  # fmt: skip
        data = self._render_xlsx(CAPAIAN_XLSX, self.report)
        ws = load_workbook(io.BytesIO(data))["Realisasi Anggaran"]
        rows = list(ws.iter_rows(min_row=4, values_only=True))
        self.assertEqual(rows[0][1:4], ("Program Rehabilitasi Sosial", 640_000_000, 598_300_000))
        self.assertAlmostEqual(rows[0][4], 93.48, places=2)
        self.assertEqual(rows[2][1:4], ("Jumlah", 1_040_000_000, 598_300_000))
        self.assertAlmostEqual(rows[2][4], 57.53, places=2)
