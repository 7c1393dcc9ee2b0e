from odoo import models

from .lakip_xlsx import xlsx_formats

CAPAIAN_HEADERS = [
    ("No", 5),
    ("Sasaran Strategis", 32),
    ("Indikator Kinerja", 40),
    ("Satuan", 10),
    ("Target {year}", 11),
    ("Realisasi {year}", 11),
    ("Capaian {year}", 11),
    ("Realisasi {y1}", 11),
    ("Capaian {y1}", 11),
    ("Realisasi {y2}", 11),
    ("Capaian {y2}", 11),
    ("Target Akhir Renstra", 12),
    ("Capaian terhadap Renstra", 12),
    ("Status", 14),
    ("Analisis", 48),
]
STATUS_ID = {"achieved": "Tercapai", "not_achieved": "Belum Tercapai", "no_data": "\u2212"}


class LakipCapaianXlsx(models.AbstractModel):
    """The Tabel Capaian Kinerja of a LAKIP (chapter III.A) with the previous two years and
    the Renstra end target, and its Realisasi Anggaran (chapter III.B)."""

    _name = "report.sop_lakip.lakip_capaian_xlsx"
    _inherit = "report.sop_lakip.abstract_xlsx"
    _description = "LAKIP Tabel Capaian Kinerja (XLSX)"

    def get_workbook_options(self):
        return {"constant_memory": True}

    def generate_xlsx_report(self, workbook, data, objs):
        fmt = xlsx_formats(workbook)
        for report in objs:
            self._write_capaian(workbook, fmt, report, report._get_capaian_rows())
            self._write_budget(workbook, fmt, report)

    def _write_capaian(self, workbook, fmt, report, rows):
        sheet = workbook.add_worksheet("Capaian Kinerja")
        years = {"year": report.year, "y1": report.year - 1, "y2": report.year - 2}
        sheet.write_string(0, 0, f"TABEL CAPAIAN KINERJA TAHUN {report.year}", fmt["title"])
        sheet.write_string(1, 0, report.company_id.name, fmt["label"])
        for col, (title, width) in enumerate(CAPAIAN_HEADERS):
            sheet.set_column(col, col, width)
            sheet.write_string(3, col, title.format(**years), fmt["header"])
        for index, row in enumerate(rows, start=1):
            r = 3 + index
            values = [
                row["objective"], row["indicator"], row["uom"] or "", row["target"],
                row["realisation"], row["capaian"],
                row["previous"][0][0], row["previous"][0][1],
                row["previous"][1][0], row["previous"][1][1],
                row["renstra"], row["renstra_capaian"], STATUS_ID[row["status"]],
            ]  # fmt: skip
            sheet.write_number(r, 0, index, fmt["center"])
            sheet.write_string(r, 1, values[0], fmt["cell"])
            sheet.write_string(r, 2, values[1], fmt["cell"])
            for col, value in enumerate(values[2:], start=3):
                sheet.write_string(r, col, value, fmt["center"])
            sheet.write_string(r, 14, row["analysis"], fmt["cell"])
        sheet.freeze_panes(4, 3)

    def _write_budget(self, workbook, fmt, report):
        """The Realisasi Anggaran of the year's programmes (LAKIP chapter III.B)."""
        sheet = workbook.add_worksheet("Realisasi Anggaran")
        money = workbook.add_format({"border": 1, "valign": "top", "num_format": "#,##0"})
        rate = workbook.add_format({"border": 1, "valign": "top", "num_format": "0.00"})
        sheet.write_string(0, 0, f"REALISASI ANGGARAN TAHUN {report.year}", fmt["title"])
        for col, (title, width) in enumerate(
            [("No", 5), ("Program", 60), ("Pagu (Rp)", 18), ("Realisasi (Rp)", 18), ("%", 9)]
        ):
            sheet.set_column(col, col, width)
            sheet.write_string(2, col, title, fmt["header"])
        budgets = report.budget_ids
        for index, budget in enumerate(budgets, start=1):
            sheet.write_number(2 + index, 0, index, fmt["center"])
            sheet.write_string(2 + index, 1, budget.name, fmt["cell"])
            sheet.write_number(2 + index, 2, budget.budget, money)
            sheet.write_number(2 + index, 3, budget.spent, money)
            sheet.write_number(2 + index, 4, budget.rate, rate)
        total = 3 + len(budgets)
        pagu, spent = sum(budgets.mapped("budget")), sum(budgets.mapped("spent"))
        sheet.write_string(total, 1, "Jumlah", fmt["header"])
        sheet.write_number(total, 2, pagu, money)
        sheet.write_number(total, 3, spent, money)
        sheet.write_number(total, 4, spent / pagu * 100 if pagu else 0, rate)
