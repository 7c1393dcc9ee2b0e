import base64

from odoo import fields, models


class LakipWorksheetImportWizard(models.TransientModel):
    _name = "lakip.worksheet.import.wizard"
    _description = "Import Worksheet"

    worksheet_id = fields.Many2one("lakip.worksheet", required=True)
    file = fields.Binary(string="Filled Worksheet", required=True)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        data = base64.b64decode(self.with_context(bin_size=False).file or b"")
        self.worksheet_id._import_xlsx(data, self.filename)
        return {"type": "ir.actions.act_window_close"}
