from odoo import fields, models


class LakipWorksheetReopenWizard(models.TransientModel):
    _name = "lakip.worksheet.reopen.wizard"
    _inherit = "sop.reason.wizard"
    _description = "Send Worksheet Back"

    worksheet_ids = fields.Many2many("lakip.worksheet", required=True)

    def _apply(self, reason):
        self.worksheet_ids._send_back(reason)
