from odoo import api, models

from ..tools import format_date_id


class ReportSopLetter(models.AbstractModel):
    """The values of the printed official letter (template ``sop_lakip.report_sop_letter``)."""

    _name = "report.sop_lakip.report_sop_letter"
    _description = "Official Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["sop.letter"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "sop.letter",
            "docs": docs,
            "signatories": {doc.id: doc._get_signatory() for doc in docs},
            "format_date": format_date_id,
        }
