from odoo import api, models

# The regulation's wording, printed whatever languages the database has.
CRITERIA_ID = {
    "performance": "SOP mendorong peningkatan kinerja",
    "understandable": "SOP mudah dipahami",
    "practicable": "SOP mudah dilaksanakan",
    "roles": "Semua orang dapat menjalankan perannya masing-masing",
    "problems": "SOP mampu mengatasi permasalahan yang berkaitan dengan proses",
    "needs": "SOP mampu menjawab kebutuhan peningkatan kinerja organisasi",
    "synergy": "SOP dapat bersinergi dengan SOP lainnya",
}
RECOMMENDATIONS_ID = {"keep": "Dipertahankan", "revise": "Direvisi", "retire": "Dicabut"}


class ReportSopEvaluation(models.AbstractModel):
    """The values of the printed evaluation of an SOP."""

    _name = "report.sop_lakip.report_sop_evaluation"
    _description = "Printed SOP Evaluation"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = self.env["report.sop_lakip.report_sop_monitoring"]._signed_form_values(
            "sop.evaluation", docids, "evaluator_id"
        )
        return {**values, "criteria": CRITERIA_ID, "recommendations": RECOMMENDATIONS_ID}
