from odoo import models

from .sop_xlsx_layout import write_sops


class SopDocumentXlsx(models.AbstractModel):
    """*Export to Excel* of SOPs: a sheet pair each, to edit and import back."""

    _name = "report.sop_lakip.sop_document_xlsx"
    _inherit = "report.sop_lakip.abstract_xlsx"
    _description = "SOP in the Official Table Layout (XLSX)"

    def generate_xlsx_report(self, workbook, data, records):
        write_sops(workbook, records._get_xlsx_values())


class SopTemplateXlsx(models.AbstractModel):
    """The empty SOP of an agency, its SOP roles as actor columns, to fill and import."""

    _name = "report.sop_lakip.sop_template_xlsx"
    _inherit = "report.sop_lakip.abstract_xlsx"
    _description = "Empty SOP Template (XLSX)"

    def generate_xlsx_report(self, workbook, data, records):
        write_sops(workbook, [self.env["sop.document"]._get_xlsx_template(records[:1])])
