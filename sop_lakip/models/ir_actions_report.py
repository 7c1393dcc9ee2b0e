from odoo import models

SOP_REPORT = "sop_lakip.report_sop"
PAPERFORMATS = {"f4": "sop_lakip.paperformat_sop_f4", "a4": "sop_lakip.paperformat_sop_a4"}
LETTER_REPORT = "sop_lakip.report_sop_letter"
LETTER_PAPERFORMATS = {
    "f4": "sop_lakip.paperformat_sop_letter_f4",
    "a4": "sop_lakip.paperformat_sop_letter_a4",
}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def get_paperformat(self):
        """SOP forms (landscape) and letters (portrait) print on the agency's paper."""
        if self.report_name == SOP_REPORT:
            return self.env.ref(PAPERFORMATS[self.env.company.sop_paper])
        if self.report_name == LETTER_REPORT:
            return self.env.ref(LETTER_PAPERFORMATS[self.env.company.sop_letter_paper])
        return super().get_paperformat()
