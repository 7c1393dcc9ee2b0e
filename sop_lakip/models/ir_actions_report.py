from odoo import models

SOP_REPORT = "sop_lakip.report_sop"
# Landscape forms on the SOP paper, portrait ones on the letter paper.
LANDSCAPE_REPORTS = (SOP_REPORT, "sop_lakip.report_sop_monitoring")
PAPERFORMATS = {"f4": "sop_lakip.paperformat_sop_f4", "a4": "sop_lakip.paperformat_sop_a4"}
LETTER_REPORT = "sop_lakip.report_sop_letter"
PORTRAIT_REPORTS = (LETTER_REPORT, "sop_lakip.report_sop_evaluation")
LETTER_PAPERFORMATS = {
    "f4": "sop_lakip.paperformat_sop_letter_f4",
    "a4": "sop_lakip.paperformat_sop_letter_a4",
}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def get_paperformat(self):
        """SOP forms (landscape) and letters (portrait) print on the agency's paper."""
        if self.report_name in LANDSCAPE_REPORTS:
            return self.env.ref(PAPERFORMATS[self.env.company.sop_paper])
        if self.report_name in PORTRAIT_REPORTS:
            return self.env.ref(LETTER_PAPERFORMATS[self.env.company.sop_letter_paper])
        return super().get_paperformat()
