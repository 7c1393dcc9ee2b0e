import re

from odoo import models
from odoo.exceptions import AccessError

from ..tools import NO_DATA

SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name, used):
    """A valid and unique worksheet name (at most 31 characters, none of []:*?/\\)."""
    base = " ".join(SHEET_NAME_FORBIDDEN.sub(" ", name or "").strip("' ").split())
    if len(base) > 31:
        # Cut at a word boundary when that keeps a useful name.
        head = base[:32]
        cut = head.rsplit(" ", 1)[0] if " " in head else ""
        base = cut if len(cut) >= 16 else base[:31]
    base = base.strip(" '") or "Sheet"
    candidate, index = base, 1
    while candidate.lower() in used:
        index += 1
        suffix = f" ({index})"
        candidate = base[: 31 - len(suffix)].rstrip() + suffix
    used.add(candidate.lower())
    return candidate


class SopXlsxAbstract(models.AbstractModel):
    """What every XLSX file of the addon shares: who may have it.

    A builder ``report.sop_lakip.<name>`` inherits this model and only lays out cells in
    ``generate_xlsx_report(workbook, data, records)``; the values come from model methods.
    """

    _name = "report.sop_lakip.abstract_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "SOP & LAKIP XLSX File"

    def _get_objs_for_report(self, docids, data):
        """The records, if the user may read each of them. A record that does not exist and
        one he may not read get the same refusal, so that ids cannot be probed."""
        records = super()._get_objs_for_report(docids, data)
        # One query: the record rules of the user (his ticked agencies) on the ids asked for.
        readable = records.with_context(active_test=False).search([("id", "in", records.ids)])
        if not records or len(readable) != len(set(records.ids)):
            raise AccessError(
                self.env._(
                    "You cannot download this file: the record does not exist or you may not "
                    "read it."
                )
            )
        return records

    def _table_formats(self, workbook, num_format):
        """The formats of a table sheet: its title row, a text cell and a number cell
        (``num_format``, Excel's number format)."""
        header = workbook.add_format(
            {"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True}
        )
        cell = workbook.add_format({"border": 1, "valign": "top", "text_wrap": True})
        number = workbook.add_format({"border": 1, "valign": "top", "num_format": num_format})
        return header, cell, number

    def _add_table_sheet(self, workbook, name, columns, header, frozen_columns=2):
        """A sheet named ``name`` (made a valid name not yet in ``workbook``) whose first row
        holds the titles of ``columns`` ((title, width) pairs) in ``header``, the title row and the
        ``frozen_columns`` first columns frozen."""
        # Cleaned and numbered: two monitorings of one period, or a name with []:*?/\,
        # would make xlsxwriter refuse the sheet.
        used = {sheet.lower() for sheet in workbook.sheetnames}
        sheet = workbook.add_worksheet(sheet_name(name, used))
        for col, (title, width) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, title, header)
        sheet.freeze_panes(1, frozen_columns)
        return sheet

    def _write_figures(self, sheet, row, first_col, figures, text, number):
        """``figures`` on ``row`` from ``first_col``: a number in ``number``, a text in
        ``text``, a missing one (None) as ``NO_DATA``."""
        for col, value in enumerate(figures, start=first_col):
            if value is None:
                sheet.write_string(row, col, NO_DATA, text)
            elif isinstance(value, str):
                sheet.write_string(row, col, value, text)
            else:
                sheet.write_number(row, col, value, number)
