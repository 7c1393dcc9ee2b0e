from odoo import fields, models


class LakipReportReopenWizard(models.TransientModel):
    _name = "lakip.report.reopen.wizard"
    _inherit = "sop.reason.wizard"
    _description = "Reopen LAKIP"

    report_id = fields.Many2one("lakip.report", required=True)

    def _apply(self, reason):
        self.report_id._reopen(reason)


class LakipPkRejectWizard(models.TransientModel):
    _name = "lakip.pk.reject.wizard"
    _inherit = "sop.reason.wizard"
    _description = "Return Performance Agreement"

    pk_ids = fields.Many2many("lakip.pk", string="Performance Agreements", required=True)

    def _apply(self, reason):
        self.pk_ids._reject(reason)
