from odoo import models

SOP_REPORT = "sop_lakip.report_sop"
PAPERFORMATS = {"f4": "sop_lakip.paperformat_sop_f4", "a4": "sop_lakip.paperformat_sop_a4"}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def get_paperformat(self):
        """The SOP form prints on the paper its agency chose (F4 or A4, landscape)."""
        if self.report_name == SOP_REPORT:
            return self.env.ref(PAPERFORMATS[self.env.company.sop_paper])
        return super().get_paperformat()
