from odoo import fields, models


class SopDocumentRejectWizard(models.TransientModel):
    _name = "sop.document.reject.wizard"
    _description = "Reject SOP"

    document_ids = fields.Many2many("sop.document", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.document_ids._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
