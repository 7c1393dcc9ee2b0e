import io

from odoo import models

from ..tools import number_pages

SOP_REPORT = "sop_lakip.report_sop"
# Landscape forms on the SOP paper, portrait ones on the letter paper.
LANDSCAPE_REPORTS = (SOP_REPORT, "sop_lakip.report_sop_monitoring")
PAPERFORMATS = {"f4": "sop_lakip.paperformat_sop_f4", "a4": "sop_lakip.paperformat_sop_a4"}
LETTER_REPORT = "sop_lakip.report_sop_letter"
LKJIP_REPORT = "sop_lakip.report_lakip_lkjip"
PORTRAIT_REPORTS = (
    LETTER_REPORT,
    "sop_lakip.report_sop_evaluation",
    "sop_lakip.report_lakip_pk",
    LKJIP_REPORT,
)
LETTER_PAPERFORMATS = {
    "f4": "sop_lakip.paperformat_sop_letter_f4",
    "a4": "sop_lakip.paperformat_sop_letter_a4",
}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Print SOP forms, letters and monitoring forms in the agency of the printed
        records, whichever company the session is in, so that ``get_paperformat`` gives
        that agency's paper. Records of several agencies printed together take the first
        one's."""
        report = self._get_report(report_ref)
        if report.report_name == LKJIP_REPORT and "lkjip_pages" not in self.env.context:
            return self._render_lkjip_streams(report_ref, data, res_ids)
        if report.report_name in LANDSCAPE_REPORTS + PORTRAIT_REPORTS and res_ids:
            company = self.env[report.model].browse(res_ids[:1]).company_id
            if company and company != self.env.company:
                return super(
                    IrActionsReport, self.with_company(company)
                )._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)

    def get_paperformat(self):
        """SOP forms (landscape) and letters (portrait) print on the agency's paper."""
        if self.report_name in LANDSCAPE_REPORTS:
            return self.env.ref(PAPERFORMATS[self.env.company.sop_paper])
        if self.report_name in PORTRAIT_REPORTS:
            return self.env.ref(LETTER_PAPERFORMATS[self.env.company.sop_letter_paper])
        return super().get_paperformat()

    def _render_lkjip_streams(self, report_ref, data, res_ids):
        """The LKjIP prints twice: first to find the page of each heading, then with these
        pages in its table of contents (each document on its own the first time)."""
        first = self.with_context(lkjip_pages={})
        pages = {}
        for res_id in res_ids or []:
            streams = first._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=[res_id])
            pdf = streams[res_id]["stream"].getvalue()
            pages[res_id] = self.env["report.sop_lakip.report_lakip_lkjip"]._toc_pages(pdf)
        streams = self.with_context(lkjip_pages=pages)._render_qweb_pdf_prepare_streams(
            report_ref, data, res_ids=res_ids
        )
        for stream in streams.values():
            numbered = number_pages(stream["stream"].getvalue())
            stream["stream"] = io.BytesIO(numbered)
        return streams
