from odoo import api, models


class ReportLakipReviu(models.AbstractModel):
    """The values of the printed Pernyataan Telah Direviu (template
    ``sop_lakip.report_lakip_reviu``)."""

    _name = "report.sop_lakip.report_lakip_reviu"
    _description = "Printed Reviu Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        monitoring = self.env["report.sop_lakip.report_sop_monitoring"]
        docs = self.env["lakip.reviu"].with_context(lang=monitoring._print_lang()).browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "lakip.reviu",
            "docs": docs,
            "reviu_values": {doc.id: self._reviu_values(doc) for doc in docs},
        }

    @api.model
    def _reviu_values(self, reviu):
        """What one statement prints, as text."""
        place = reviu.company_id._get_letter_place() or ""
        return {
            "agency": reviu.company_id.name,
            "year": reviu.year,
            "place": place,
            "date": reviu._date_text(),
            "job_title": (reviu.inspector_job_title or "").strip(),
            "name": (reviu.inspector_name or "").strip(),
            "rank": (reviu.inspector_rank or "").strip(),
            "nip": (reviu.inspector_nip or "").strip(),
        }
