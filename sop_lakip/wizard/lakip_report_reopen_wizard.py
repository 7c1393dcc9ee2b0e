from odoo import fields, models


class LakipReportReopenWizard(models.TransientModel):
    _name = "lakip.report.reopen.wizard"
    _description = "Reopen LAKIP"

    report_id = fields.Many2one("lakip.report", required=True)
    reason = fields.Text(required=True)

    def action_reopen(self):
        self.ensure_one()
        self.report_id._reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
