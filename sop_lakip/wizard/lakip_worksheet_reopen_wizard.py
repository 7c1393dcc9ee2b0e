from odoo import fields, models


class LakipWorksheetReopenWizard(models.TransientModel):
    _name = "lakip.worksheet.reopen.wizard"
    _description = "Send Worksheet Back"

    worksheet_ids = fields.Many2many("lakip.worksheet", required=True)
    reason = fields.Text(required=True)

    def action_send_back(self):
        self.ensure_one()
        self.worksheet_ids._send_back(self.reason)
        return {"type": "ir.actions.act_window_close"}
