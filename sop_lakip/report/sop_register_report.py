from odoo import api, fields, models


class ReportSopRegister(models.AbstractModel):
    """The values of the printed Daftar SOP (template ``sop_lakip.report_sop_register``):
    one section per agency, in the order of their names."""

    _name = "report.sop_lakip.report_sop_register"
    _description = "SOP Register (Daftar SOP)"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["sop.document"].browse(docids)
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        return {
            "doc_ids": docids,
            "doc_model": "sop.document",
            "docs": docs,
            "agencies": docs._get_register_agencies(),
            "print_date": now.strftime("%d/%m/%Y"),
        }
