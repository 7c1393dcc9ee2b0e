from odoo import fields, models


class SopWorkitemNoWizard(models.TransientModel):
    _name = "sop.workitem.no.wizard"
    _description = "Answer No to an SOP Decision"

    workitem_ids = fields.Many2many("sop.workitem", required=True)
    reason = fields.Text(required=True, help="What must be corrected; it goes back with the step.")

    def action_confirm(self):
        self.ensure_one()
        self.workitem_ids._complete("no", self.reason)
        return {"type": "ir.actions.act_window_close"}
