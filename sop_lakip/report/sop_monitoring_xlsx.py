from odoo import models

COLUMNS = [
    ("No", 5),
    ("Prosedur", 40),
    ("Nomor SOP", 26),
    ("Penilaian", 22),
    ("Catatan hasil penilaian", 40),
    ("Tindakan yang harus diambil", 36),
    ("Fakta pelaksanaan", 60),
    ("Dimulai", 9),
    ("Selesai", 9),
    ("Dibatalkan", 11),
    ("Langkah selesai", 10),
    ("Sesuai Mutu Baku (%)", 12),
    ("Rasio rata-rata", 10),
    ("Rasio terburuk", 10),
    ("Terlambat", 10),
    ("Dieskalasi", 10),
    ("Kembali (Tidak)", 10),
]


class SopMonitoringXlsx(models.AbstractModel):
    """The monitoring table (Tabel 7) with the figures of the runs: one sheet per form."""

    _name = "report.sop_lakip.sop_monitoring_xlsx"
    _inherit = "report.sop_lakip.abstract_xlsx"
    _description = "SOP Monitoring Table (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        header, cell, number = self._table_formats(workbook, "0.##")
        lang = self.env["report.sop_lakip.report_sop_monitoring"]._print_lang()
        for monitoring in objs.with_context(lang=lang):
            sheet = self._add_table_sheet(workbook, monitoring.period_label, COLUMNS, header)
            for row, line in enumerate(monitoring._get_table_rows(), start=1):
                sheet.write_number(row, 0, line["number"], number)
                for col, key in enumerate(
                    ("procedure", "sop_number", "judgement", "note", "action", "facts"), start=1
                ):
                    sheet.write_string(row, col, line[key], cell)
                self._write_figures(sheet, row, 7, line["figures"], cell, number)
