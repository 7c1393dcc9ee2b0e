from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _is_sop_auditor_only(self):
        """An auditor with no other role in the addon: reads everything, writes nothing."""
        self.ensure_one()
        return self.has_group("sop_lakip.group_sop_auditor") and not self.has_group(
            "sop_lakip.group_sop_staff"
        )
