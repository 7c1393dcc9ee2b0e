from odoo import api, models

from ..tools import format_date_id

# The printed form is in Indonesian whatever languages the database has.
METHODS_ID = {
    "observation": "Observasi atasan",
    "interview_performers": "Wawancara dengan pelaksana",
    "interview_customers": "Wawancara dengan pengguna layanan",
    "discussion": "Rapat dan diskusi kelompok kerja",
    "guidance": "Bimbingan saat pelaksanaan",
}


class ReportSopMonitoring(models.AbstractModel):
    """The values of the printed monitoring form (Tabel 7, Monitoring Pelaksanaan SOP AP)."""

    _name = "report.sop_lakip.report_sop_monitoring"
    _description = "Printed SOP Monitoring"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = self._signed_form_values("sop.monitoring", docids, "assessor_id")
        return {**values, "methods": METHODS_ID}

    @api.model
    def _signed_form_values(self, model, docids, signer):
        """The values of a signed form (monitoring, evaluation): its ``model`` records, each
        with the signature block of the user in its field ``signer``."""
        # official forms print in Indonesian, whoever prints them
        docs = self.env[model].with_context(lang=self._print_lang()).browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": model,
            "docs": docs,
            "signatures": {doc.id: self._signature(doc[signer], doc.company_id) for doc in docs},
            "format_date": format_date_id,
        }

    @api.model
    def _print_lang(self):
        """Indonesian when the database has it, for the texts the form takes from the code."""
        return "id_ID" if "id_ID" in dict(self.env["res.lang"].get_installed()) else self.env.lang

    @api.model
    def _signature(self, user, company):
        """(place, jabatan, name, pangkat, NIP) of ``user``'s signature block in ``company``."""
        employee = user.sudo().with_company(company).employee_id
        block = employee._get_signature_block() if employee else {}
        return (
            company._get_letter_place() or "",
            block.get("job_title") or "",
            block.get("name") or user.name or "",
            block.get("rank") or "",
            block.get("nip") or "",
        )
