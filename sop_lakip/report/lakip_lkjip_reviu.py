from odoo import api, models


class ReportLakipLkjip(models.AbstractModel):
    """The LKjIP prints the reviu statement among its attachments (``reviu`` of its values:
    the statement's values, ``None`` while the reviu is not finished)."""

    _inherit = "report.sop_lakip.report_lakip_lkjip"

    @api.model
    def _lkjip_values(self, report, pages=None):
        values = super()._lkjip_values(report, pages)
        reviu = report.sudo().reviu_id
        values["reviu"] = (
            (reviu, self.env["report.sop_lakip.report_lakip_reviu"]._reviu_values(reviu))
            if reviu.state == "done"
            else None
        )
        return values
