from odoo import api, fields, models


class SopDocumentChildMixin(models.AbstractModel):
    """Lines that make up an SOP: editable only while their SOP is a draft."""

    _name = "sop.document.child.mixin"
    _description = "Part of an SOP"

    document_id = fields.Many2one(
        "sop.document", string="SOP", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="document_id.company_id", store=True, index=True, precompute=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.document_id._check_editable()
        return records

    def write(self, vals):
        self.check_access("write")
        self.document_id._check_editable()
        result = super().write(vals)
        if "document_id" in vals:
            self.document_id._check_editable()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_document_not_draft(self):
        self.document_id._check_editable()
