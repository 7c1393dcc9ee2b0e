from odoo import fields, models


class LakipWorksheetImportWizard(models.TransientModel):
    _name = "lakip.worksheet.import.wizard"
    _inherit = "sop.xlsx.import.mixin"
    _description = "Import Worksheet"
    _xlsx_model = "lakip.worksheet"

    worksheet_id = fields.Many2one("lakip.worksheet", required=True)
    file = fields.Binary(
        string="Filled Worksheet",
        required=True,
        help="The .xlsx file downloaded from the worksheet and filled in; at most 2 MB.",
    )
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        self.worksheet_id._import_xlsx(self._file_data(), self.filename)
        return {"type": "ir.actions.act_window_close"}
