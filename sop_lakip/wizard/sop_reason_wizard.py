from odoo import fields, models


class SopReasonWizard(models.AbstractModel):
    """A dialog that asks why, then hands the reason to its records' method.

    Each dialog is a thin transient model: the records it works on and ``_apply``.
    """

    _name = "sop.reason.wizard"
    _description = "Reason Dialog"

    reason = fields.Text(required=True)

    def _apply(self, reason):
        raise NotImplementedError

    def action_confirm(self):
        self.ensure_one()
        self._apply(self.reason)
        return {"type": "ir.actions.act_window_close"}
