from odoo import api, fields, models
from odoo.exceptions import UserError

from ..compat import ODOO_19, store_values
from .mail_thread import is_read_only_for

# What ties an activity to its step and its assignee: only the system changes it.
STEP_LINK_FIELDS = frozenset(
    {"sop_workitem_id", "res_model_id", "res_model", "res_id", "user_id", "active"}
)
# What the life cycles set on their hand-off activities (see sop.activity.mixin).
HANDOFF_FIELDS = frozenset(
    {"activity_type_id", "res_model_id", "res_model", "res_id", "user_id", "date_deadline"}
)


class MailActivity(models.Model):
    """A step of a running SOP is an activity in its assignee's inbox.

    Anyone who reads a run may handle activities on it (``_mail_post_access``), so the
    activities of open steps are guarded here: only the assignee, or someone above them
    in the agency (as for completing the step), changes one; nobody but the system moves
    it to another person or record, archives it, or detaches it from its step.
    """

    _inherit = "mail.activity"

    sop_workitem_id = fields.Many2one(
        "sop.workitem", string="SOP Work Item", index="btree_not_null", ondelete="cascade"
    )

    def _check_sop_step_write(self, vals):
        if self.env.su:
            return
        if "sop_workitem_id" in vals:
            raise UserError(self.env._("Only the SOP run links an activity to one of its steps."))
        workitems = self.sudo().sop_workitem_id.filtered(lambda w: w.state == "open")
        if not workitems:
            return
        linked = STEP_LINK_FIELDS.intersection(vals)
        if linked:
            raise UserError(
                self.env._(
                    "This activity is step %(step)s of the running SOP %(run)s: its assignee, "
                    "record and state change only when the step is completed or the run is "
                    "cancelled (%(fields)s).",
                    step=workitems[0].step_id.number,
                    run=workitems[0].instance_id.display_name,
                    fields=", ".join(sorted(self._fields[f].string for f in linked)),
                )
            )
        workitems.with_env(self.env)._check_can_complete()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("sop_workitem_id") for vals in vals_list):
            raise UserError(self.env._("Only the SOP run links an activity to one of its steps."))
        self._check_sop_handoff_types({vals.get("activity_type_id") for vals in vals_list})
        return super().create(vals_list)

    def write(self, vals):
        self._check_sop_step_write(vals)
        if HANDOFF_FIELDS.intersection(vals):
            self._check_sop_handoff_types(
                {*self.sudo().activity_type_id.ids, vals.get("activity_type_id")}
            )
        return super().write(vals)

    def _check_sop_handoff_types(self, type_ids):
        """Refuse a person scheduling, reassigning, moving or rescheduling a hand-off of the
        addon's life cycles (of the activity types ``type_ids``): who gets it, on which
        record and by when is its record's transitions' to set, as its closing is."""
        if self.env.su:
            return
        Data = self.env["ir.model.data"]
        handoffs = {
            Data._xmlid_to_res_id(xmlid)
            for name in self.env.registry.descendants(["sop.activity.mixin"], "_inherit")
            if not self.env[name]._abstract
            for xmlid in self.env[name]._activity_handoff_types()
        }
        refused = handoffs.intersection(type_ids)
        if refused:
            raise UserError(
                self.env._(
                    "%(activity)s is a hand-off of the record's life cycle: its buttons "
                    "schedule it for the right person, and close it. It cannot be scheduled, "
                    "reassigned, moved or rescheduled by hand.",
                    activity=self.env["mail.activity.type"].browse(min(refused)).name,
                )
            )

    def _check_access(self, operation):
        """Auditors schedule, change and cancel no activity on the addon's records."""
        result = super()._check_access(operation)
        if operation == "read" or not self or not self.env.user._is_sop_auditor_only():
            return result
        forbidden = self.browse(
            activity.id
            for activity in self.sudo()
            if activity.res_model in self.env
            and is_read_only_for(self.env.user, self.env[activity.res_model])
        )
        if not forbidden:
            return result
        if result:
            return (result[0] | forbidden, result[1])
        return (forbidden, lambda: forbidden._make_access_error(operation))

    def _to_store(self, store, *args, **kwargs):
        """Tell the web client which activities are SOP steps, and which ask Yes or No."""
        if ODOO_19:  # no _to_store of its own: the store reads the fields it asks for
            result = store.add_records_fields(self, *args)
        else:
            result = super()._to_store(store, *args, **kwargs)
        for activity in self:
            workitem = activity.sudo().sop_workitem_id
            values = {"sop_workitem_id": workitem.id}
            if workitem:
                values["sop_decision"] = workitem.step_id._symbol().branches
            store_values(store, activity, values)
        return result

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
        if self.env.su:  # the transition, as superuser (a context key is anyone's)
            return
        mixin = self.env.registry["sop.activity.mixin"]
        for model, activities in self.grouped("res_model").items():
            if model in self.env and isinstance(self.env[model], mixin):
                self.env[model]._activity_check_close(activities)
