from odoo import fields, models
from odoo.exceptions import UserError


class SopWorkitemNoWizard(models.TransientModel):
    _name = "sop.workitem.no.wizard"
    _description = "Answer No to an SOP Decision"

    workitem_ids = fields.Many2many("sop.workitem", required=True)
    reason = fields.Text(required=True, help="What must be corrected; it goes back with the step.")

    def action_confirm(self):
        self.ensure_one()
        if not self.workitem_ids:
            raise UserError(
                self.env._("There is no step to answer: the steps are gone or not yours to see.")
            )
        self.workitem_ids._complete("no", self.reason)
        return {"type": "ir.actions.act_window_close"}
