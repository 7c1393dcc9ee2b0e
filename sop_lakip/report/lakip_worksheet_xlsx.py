from odoo import models

from .lakip_xlsx import (
    CODE_CELL,
    FIRST_ROW,
    SHEET_NAME,
    WORKSHEET_COLUMNS,
    worksheet_code,
    xlsx_formats,
)

NOTE = (
    "Isi sel berwarna kuning: realisasi tiap triwulan (angka, 0 atau lebih; kosongkan "
    "bila belum ada data) dan analisis. Jangan menambah, menghapus atau memindah baris."
)


class LakipWorksheetXlsx(models.AbstractModel):
    """The worksheet (kertas kerja) of one Bidang, to fill in Excel and import back:
    protected, only the yellow inputs unlocked."""

    _name = "report.sop_lakip.lakip_worksheet_xlsx"
    _inherit = "report.sop_lakip.abstract_xlsx"
    _description = "LAKIP Worksheet (XLSX)"

    def get_workbook_options(self):
        # Rows are written as they are read, 1,000 at a time: flat memory.
        return {"constant_memory": True}

    def generate_xlsx_report(self, workbook, data, objs):
        for worksheet in objs:
            count = self.env["lakip.target"].search_count([("worksheet_id", "=", worksheet.id)])
            self._write_worksheet(workbook, worksheet, worksheet._get_xlsx_rows(), count)

    def _write_worksheet(self, workbook, worksheet, rows, count):
        """``rows`` may be a generator of ``count`` rows: they are written as they come."""
        fmt = xlsx_formats(workbook)
        sheet = workbook.add_worksheet(SHEET_NAME)
        for col, (kind, _title, width) in enumerate(WORKSHEET_COLUMNS):
            sheet.set_column(col, col, width, None, {"hidden": kind == "ref"})
        sheet.write_string(0, 1, "KERTAS KERJA PENGUMPULAN DATA KINERJA", fmt["title"])
        # constant_memory: rows are written top to bottom, never back.
        sheet.write_string(1, 1, "Instansi", fmt["label"])
        sheet.write_string(1, 2, worksheet.company_id.name)
        sheet.write_string(2, 1, "Unit Kerja", fmt["label"])
        sheet.write_string(2, 2, worksheet.department_id.name)
        sheet.write_string(3, 1, "Tahun", fmt["label"])
        sheet.write_number(3, 2, worksheet.year)
        sheet.write_string(4, 1, "Kode", fmt["label"])
        sheet.write_string(*CODE_CELL, worksheet_code(worksheet))
        sheet.write_string(5, 1, NOTE, fmt["note"])
        for col, (_kind, title, _width) in enumerate(WORKSHEET_COLUMNS):
            sheet.write_string(FIRST_ROW - 1, col, title, fmt["header"])
        for index, row in enumerate(rows):
            self._write_row(sheet, fmt, FIRST_ROW + index, index + 1, row)
        if count:
            last = FIRST_ROW + count - 1
            sheet.data_validation(
                FIRST_ROW, 6, last, 9,
                {
                    "validate": "decimal",
                    "criteria": ">=",
                    "value": 0,
                    "error_title": "Realisasi",
                    "error_message": "Isi dengan angka 0 atau lebih.",
                },
            )  # fmt: skip
        sheet.freeze_panes(FIRST_ROW, 4)
        sheet.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})

    def _write_row(self, sheet, fmt, r, number, row):
        sheet.write_number(r, 0, row["id"])
        sheet.write_number(r, 1, number, fmt["center"])
        sheet.write_string(r, 2, row["objective"], fmt["cell"])
        sheet.write_string(r, 3, row["indicator"], fmt["cell"])
        sheet.write_string(r, 4, row["uom"] or "", fmt["center"])
        sheet.write_string(r, 5, row["target"], fmt["center"])
        for offset, value in enumerate(row["quarters"]):
            if value is None:
                sheet.write_blank(r, 6 + offset, None, fmt["input"])
            else:
                sheet.write_number(r, 6 + offset, value, fmt["input"])
        sheet.write_string(r, 10, row["analysis"], fmt["input_text"])
