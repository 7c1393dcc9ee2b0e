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

    def _check_sop_signed_scan(self):
        """Refuse to change the signed scan of an SOP that has left the draft state: it is
        the original the registered SOP reproduces (its field refuses it too)."""
        if self.env.su:
            return
        scans = self.filtered(
            lambda a: a.res_model == "sop.document" and a.res_field == "paper_scan"
        )
        if scans:
            self.env["sop.document"].browse(scans.mapped("res_id")).exists()._check_editable()

    def write(self, vals):
        self._check_sop_signed_scan()
        return super().write(vals)

    def unlink(self):
        self._check_sop_signed_scan()
        return super().unlink()
