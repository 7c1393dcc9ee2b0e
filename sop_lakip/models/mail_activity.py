from odoo import api, fields, models
from odoo.exceptions import UserError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    sop_workitem_id = fields.Many2one(
        "sop.workitem", string="SOP Work Item", index="btree_not_null", ondelete="cascade"
    )

    def write(self, vals):
        # A step's assignee and run are the work item's: changing them on the activity
        # would leave the step with someone who cannot complete it.
        fixed = {"user_id", "res_model", "res_model_id", "res_id", "sop_workitem_id"}
        if not self.env.su and fixed.intersection(vals) and self.sop_workitem_id:
            raise UserError(
                self.env._(
                    "This activity is a step of an SOP run: its assignee and run follow the run."
                )
            )
        return super().write(vals)

    def _check_access(self, operation):
        """Auditors schedule, change and cancel no activity on the addon's records."""
        result = super()._check_access(operation)
        if operation == "read" or not self or not self.env.user._is_sop_auditor_only():
            return result
        forbidden = self.browse(
            activity.id
            for activity in self.sudo()
            if activity.res_model in self.env
            and self.env[activity.res_model]._original_module == "sop_lakip"
        )
        if not forbidden:
            return result
        if result:
            return (result[0] | forbidden, result[1])
        return (forbidden, lambda: forbidden._make_access_error(operation))

    def _to_store(self, store):
        """Tell the web client which activities are SOP steps, and which ask Yes or No."""
        result = super()._to_store(store)
        for activity in self.filtered("sop_workitem_id"):
            workitem = activity.sudo().sop_workitem_id
            store.add(
                activity,
                {
                    "sop_workitem_id": workitem.id,
                    "sop_decision": workitem.symbol == "decision",
                },
            )
        return result

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking a step's activity done, from anywhere, completes the step."""
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
