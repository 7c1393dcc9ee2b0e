from odoo import api, fields, models
from odoo.exceptions import UserError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    sop_workitem_id = fields.Many2one(
        "sop.workitem", string="SOP Work Item", index="btree_not_null", ondelete="cascade"
    )

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking a step's activity done, from anywhere, completes the step."""
        self._check_sop_handoff_close()
        workitems = self.sop_workitem_id.filtered(lambda w: w.state == "open")
        if workitems and not self.env.context.get("sop_workitem_completing"):
            workitems.with_context(sop_workitem_completing=True)._complete("done", feedback)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_open_sop_step(self):
        if any(w.state == "open" for w in self.sop_workitem_id):
            raise UserError(
                self.env._(
                    "This activity is a step of a running SOP: mark it done, or cancel the run."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_waiting_handoff(self):
        self._check_sop_handoff_close()

    def _check_sop_handoff_close(self):
        """Only the transition closes a hand-off that its record still waits for."""
        if self.env.context.get("sop_activity_update"):
            return
        mixin = self.env.registry["sop.activity.mixin"]
        for model, activities in self.grouped("res_model").items():
            if model in self.env and isinstance(self.env[model], mixin):
                self.env[model]._activity_check_close(activities)
