import io

from odoo import models

from ..tools import number_pages

SOP_REPORT = "sop_lakip.report_sop"
# Landscape forms on the SOP paper, portrait ones on the letter paper.
LANDSCAPE_REPORTS = (
    SOP_REPORT,
    "sop_lakip.report_sop_monitoring",
    "sop_lakip.report_sop_coordination",
    "sop_lakip.report_sop_coordination_period",
)
PAPERFORMATS = {"f4": "sop_lakip.paperformat_sop_f4", "a4": "sop_lakip.paperformat_sop_a4"}
LETTER_REPORT = "sop_lakip.report_sop_letter"
LETTER_MODEL = "sop.letter"
LKJIP_REPORT = "sop_lakip.report_lakip_lkjip"
PORTRAIT_REPORTS = (
    LETTER_REPORT,
    "sop_lakip.report_sop_evaluation",
    "sop_lakip.report_lakip_pk",
    "sop_lakip.report_lakip_reviu",
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
        if (report.report_name in LANDSCAPE_REPORTS or report._sop_portrait()) and res_ids:
            record = self.env[report.model].browse(res_ids[:1])
            # a model printed on another company's paper says which (the pemda's recap)
            printer = getattr(record, "_sop_print_company", None)
            company = printer() if printer else record.company_id
            if company and company != self.env.company:
                return super(
                    IrActionsReport, self.with_company(company)
                )._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)

    def _get_printable_size(self, company):
        """``(width, height)`` in mm inside the margins of the paper this report prints on
        for ``company`` (its ``report.paperformat``, as ``get_paperformat`` picks it)."""
        self.ensure_one()
        paper = self.with_company(company).get_paperformat()
        return (
            paper.print_page_width - paper.margin_left - paper.margin_right,
            paper.print_page_height - paper.margin_top - paper.margin_bottom,
        )

    def get_paperformat(self):
        """SOP forms (landscape) and letters (portrait) print on the agency's paper."""
        if self.report_name in LANDSCAPE_REPORTS:
            return self.env.ref(PAPERFORMATS[self.env.company.sop_paper])
        if self._sop_portrait():
            return self.env.ref(LETTER_PAPERFORMATS[self.env.company.sop_letter_paper])
        return super().get_paperformat()

    def _sop_portrait(self):
        """Whether the report prints on the agency's letter paper: the portrait forms and
        every layout of a letter (a kind of letter names its own)."""
        return self.report_name in PORTRAIT_REPORTS or self.model == LETTER_MODEL

    def _get_rendering_context_model(self, report):
        """A letter layout without values of its own gets those of the official letter, so
        that a kind of letter with another layout needs only its template and report."""
        report_model = super()._get_rendering_context_model(report)
        if report_model is None and report.model == LETTER_MODEL:
            return self.env[f"report.{LETTER_REPORT}"]
        return report_model

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
