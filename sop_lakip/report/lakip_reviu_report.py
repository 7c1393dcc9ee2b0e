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
        """What one statement prints, as text. The statement is the Inspektorat's: on the
        letterhead of the agency's pemda (its parent company), as its Inspektorat Daerah;
        an agency without a pemda in Odoo prints its own."""
        agency = reviu.company_id  # read as the user: he reads this reviu
        # The pemda's letterhead prints for the agency's users too, who are not given the
        # pemda company: read as superuser, once the reviu itself was read.
        pemda = agency.sudo().parent_id
        letterhead = pemda or agency
        place = letterhead._get_letter_place() or agency._get_letter_place() or ""
        return {
            "letterhead": letterhead,
            "office": "Inspektorat Daerah" if pemda else None,
            "agency": reviu.company_id.name,
            "year": reviu.year,
            "subtitle": [f"LAPORAN KINERJA {agency.name.upper()}", f"TAHUN {reviu.year}"],
            "paragraphs": self._statement_paragraphs(agency.name, reviu.year),
            "place": place,
            "date": reviu._date_text(),
            "job_title": (reviu.inspector_job_title or "").strip(),
            "name": (reviu.inspector_name or "").strip(),
            "rank": (reviu.inspector_rank or "").strip(),
            "nip": (reviu.inspector_nip or "").strip(),
        }

    @api.model
    def _statement_paragraphs(self, agency, year):
        """The statement's paragraphs (Permenpan RB 53/2014), printed as they are by the PDF
        and the Word file of the LKjIP."""
        return [
            f"Kami telah mereviu Laporan Kinerja {agency} untuk tahun anggaran {year} sesuai "
            "Pedoman Reviu atas Laporan Kinerja. Substansi informasi yang dimuat dalam Laporan "
            f"Kinerja menjadi tanggung jawab manajemen {agency}.",
            "Reviu bertujuan untuk memberikan keyakinan terbatas laporan kinerja telah "
            "disajikan secara akurat, andal, dan valid.",
            "Berdasarkan reviu kami, tidak terdapat kondisi atau hal-hal yang menimbulkan "
            "perbedaan dalam meyakini keandalan informasi yang disajikan di dalam laporan "
            "kinerja ini.",
        ]
