from odoo import fields, models


class SopDocumentRejectWizard(models.TransientModel):
    _name = "sop.document.reject.wizard"
    _inherit = "sop.reason.wizard"
    _description = "Reject SOP"

    document_ids = fields.Many2many("sop.document", required=True)

    def _apply(self, reason):
        self.document_ids._reject(reason)
