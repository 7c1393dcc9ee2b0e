from odoo import api, models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        # Checked even as superuser: the chatter uploads files with sudo().
        self.env["mail.thread"]._check_sop_auditor_writes(
            {
                vals["res_model"]
                for vals in vals_list
                if vals.get("res_model") and vals.get("res_id")
            }
        )
        return super().create(vals_list)
