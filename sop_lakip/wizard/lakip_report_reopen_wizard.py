from odoo import fields, models


class LakipReportReopenWizard(models.TransientModel):
    _name = "lakip.report.reopen.wizard"
    _inherit = "sop.reason.wizard"
    _description = "Reopen LAKIP"

    report_id = fields.Many2one("lakip.report", required=True)

    def _apply(self, reason):
        self.report_id._reopen(reason)
