from odoo import models

from .sop_coordination_report import PERIOD_COLUMNS

# Excel caps a sheet's name at 31 characters.
SHEET_NAME = 31


def period_headings():
    """The headings of the printed period recap's figures, a group's name before each of its
    columns: "Penilaian penerapan berjalan dengan baik"."""
    headings, group = [], ""
    for heading, _width, _fmt in PERIOD_COLUMNS:
        if isinstance(heading, str):
            headings.append(heading)
            continue
        group = heading[0] or group
        headings.append(f"{group} {heading[1]}")
    return headings


class SopCoordinationPeriodXlsx(models.AbstractModel):
    """The recap of a monitoring period as an Excel file (Rekapitulasi Monitoring Pelaksanaan
    SOP AP): one sheet per pemda and period, its name and period on the first row, then a row
    per agency and the total, with the figures of the printed recap."""

    _name = "report.sop_lakip.sop_coordination_period_xlsx"
    _inherit = "report.sop_lakip.abstract_xlsx"
    _description = "SOP Monitoring Recap per Period (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        title = workbook.add_format({"bold": True})
        header, cell, number = self._table_formats(workbook, "#,##0.#")
        bold = workbook.add_format({"border": 1, "bold": True, "num_format": "#,##0.#"})
        headings = ["No", "Perangkat Daerah", *period_headings()]
        names = set()
        for company, label, rows, total in objs._recap():
            sheet = workbook.add_worksheet(self._sheet_name(label, names))
            sheet.write_string(0, 0, f"{company.name}, Periode {label}", title)
            for col, heading in enumerate(headings):
                sheet.set_column(col, col, {0: 5, 1: 42, 2: 18}.get(col, 12))
                sheet.write_string(1, col, heading, header)
            sheet.freeze_panes(2, 2)
            for index, line in enumerate(rows, start=1):
                sheet.write_number(index + 1, 0, index, number)
                sheet.write_string(index + 1, 1, line["agency"], cell)
                self._write_figures(sheet, index + 1, 2, line["figures"], cell, number)
            sheet.write_string(len(rows) + 2, 1, "Jumlah", bold)
            self._write_figures(sheet, len(rows) + 2, 2, total, bold, bold)

    def _sheet_name(self, label, names):
        """The period's label; several pemdas' recaps of one period are numbered."""
        name, count = label[:SHEET_NAME], 1
        while name in names:
            count += 1
            name = f"{label[: SHEET_NAME - 5]} ({count})"
        names.add(name)
        return name
