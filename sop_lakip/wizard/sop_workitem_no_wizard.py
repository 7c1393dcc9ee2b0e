from odoo import fields, models
from odoo.exceptions import UserError


class SopWorkitemNoWizard(models.TransientModel):
    _name = "sop.workitem.no.wizard"
    _inherit = "sop.reason.wizard"
    _description = "Answer No to an SOP Decision"

    workitem_ids = fields.Many2many("sop.workitem", required=True)
    reason = fields.Text(help="What must be corrected; it goes back with the step.")

    def _apply(self, reason):
        if not self.workitem_ids:
            raise UserError(
                self.env._("There is no step to answer: the steps are gone or not yours to see.")
            )
        self.workitem_ids._complete("no", reason)
