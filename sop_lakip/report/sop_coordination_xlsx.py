from odoo import models

# The recap's columns: the agency, then the figures of sop_coordination.RECAP_FIGURES.
COLUMNS = [
    ("No", 5),
    ("Perangkat Daerah", 42),
    ("SOP berlaku", 10),
    ("Menunggu paraf", 10),
    ("Menunggu pengesahan", 12),
    ("Terlama menunggu (hari)", 12),
    ("Lewat tanggal reviu", 10),
    ("Pelaksanaan periode berjalan", 12),
    ("Langkah sesuai Mutu Baku (%)", 12),
    ("Monitoring periode lalu", 18),
    ("Evaluasi selesai", 10),
]


class SopCoordinationXlsx(models.AbstractModel):
    """The recap of the coordination dashboard (Rekapitulasi Penerapan SOP): one sheet per
    pemda, a row per agency and the total."""

    _name = "report.sop_lakip.sop_coordination_xlsx"
    _inherit = "report.sop_lakip.abstract_xlsx"
    _description = "SOP Recap (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        header, cell, number = self._table_formats(workbook, "#,##0.#")
        bold = workbook.add_format({"border": 1, "bold": True, "num_format": "#,##0.#"})
        for company, rows, total in objs._recap():
            sheet = self._add_table_sheet(workbook, company.name, COLUMNS, header)
            for row, line in enumerate(rows, start=1):
                sheet.write_number(row, 0, row, number)
                sheet.write_string(row, 1, line["agency"], cell)
                self._write_figures(sheet, row, 2, line["figures"], cell, number)
            sheet.write_string(len(rows) + 1, 1, "Jumlah", bold)
            self._write_figures(sheet, len(rows) + 1, 2, total, bold, bold)
