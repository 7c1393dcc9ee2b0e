from odoo import models

from .sop_xlsx_abstract import sheet_name

REGISTER_COLUMNS = [
    ("No", 5),
    ("Nomor SOP", 32),
    ("Nama SOP", 48),
    ("Unit Kerja", 36),
    ("Tanggal Efektif", 15),
    ("Revisi", 8),
    ("Status", 14),
]


class SopRegisterXlsx(models.AbstractModel):
    """The Daftar SOP of the selected SOPs: one sheet per agency."""

    _name = "report.sop_lakip.sop_register_xlsx"
    _inherit = "report.sop_lakip.abstract_xlsx"
    _description = "SOP Register (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        header = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1})
        cell = workbook.add_format({"border": 1, "valign": "top", "text_wrap": True})
        date = workbook.add_format({"border": 1, "valign": "top", "num_format": "dd/mm/yyyy"})
        number = workbook.add_format({"border": 1, "valign": "top", "align": "center"})
        used = set()
        for company, rows in objs._get_register_agencies():
            name = sheet_name(company.name, used)
            sheet = self._add_table_sheet(workbook, name, REGISTER_COLUMNS, header, 0)
            for index, row in enumerate(rows, start=1):
                sheet.write_number(index, 0, index, number)
                sheet.write_string(index, 1, row["number"], cell)
                sheet.write_string(index, 2, row["name"], cell)
                sheet.write_string(index, 3, row["unit"], cell)
                if row["date_effective"]:
                    sheet.write_datetime(index, 4, row["date_effective"], date)
                else:
                    sheet.write_blank(index, 4, None, date)
                sheet.write_number(index, 5, row["revision"], number)
                sheet.write_string(index, 6, row["state"], cell)
            sheet.autofilter(0, 0, max(len(rows), 1), len(REGISTER_COLUMNS) - 1)
