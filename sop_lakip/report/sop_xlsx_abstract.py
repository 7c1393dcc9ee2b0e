from odoo import models
from odoo.exceptions import AccessError


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
