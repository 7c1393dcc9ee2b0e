from odoo import api, models

from .sop_monitoring_report import LINE_PITCH, PAGE_SAFETY, table_pages
from .sop_text_metrics import PT, text_lines

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
# Heights (mm) on its portrait paper: the letterhead (its logo 26 mm high) and the title, a
# line of the identity table above the criteria, the criteria's header.
EVALUATION_HEAD = 62.0
HEAD_ROW = 6.0
CRITERIA_HEADER = 10.0


class ReportSopEvaluation(models.AbstractModel):
    """The values of the printed evaluation of an SOP."""

    _name = "report.sop_lakip.report_sop_evaluation"
    _description = "Printed SOP Evaluation"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = self.env["report.sop_lakip.report_sop_monitoring"]._signed_form_values(
            "sop.evaluation", docids, "evaluator_id"
        )
        return {
            **values,
            "criteria": CRITERIA_ID,
            "recommendations": RECOMMENDATIONS_ID,
            "pages": {doc.id: self._table_pages(doc) for doc in values["docs"]},
        }

    @api.model
    def _table_pages(self, doc):
        """The criteria of ``doc`` over pages (see ``table_pages``), under the letterhead and
        the SOP's identity and facts on the first page."""
        report = self.env["ir.actions.report"]._get_report("sop_lakip.report_sop_evaluation")
        width, height = report._get_printable_size(doc.company_id)
        cells = [(width - 122.0, [("criterion", 11, 0.0)]), (58.0, [("note", 11, 0.0)])]
        rows = [
            (line, {"criterion": CRITERIA_ID.get(line.criterion, line.name), "note": line.note})
            for line in doc.line_ids
        ]
        facts = text_lines(doc.facts or "", width - 48.0, 11 * PT) * 11 * PT * LINE_PITCH
        page = height - PAGE_SAFETY - CRITERIA_HEADER
        return table_pages(cells, rows, page - EVALUATION_HEAD - 3 * HEAD_ROW - facts, page)
