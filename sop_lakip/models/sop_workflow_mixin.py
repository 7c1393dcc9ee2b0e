from odoo import api, models
from odoo.exceptions import AccessError, UserError


class SopWorkflowMixin(models.AbstractModel):
    """A record moved through its states by its buttons only.

    The fields in ``_WORKFLOW_FIELDS`` (the state and what each step records) are set
    by the buttons: each checks who may act and when, then calls ``_workflow_write``.
    Writing or creating them directly is refused whatever the context says (a new record
    may only carry their defaults, as the web client sends them); only the superuser
    (data files, and the buttons after their checks) sets them.
    """

    _name = "sop.workflow.mixin"
    _description = "Life Cycle Driven by Buttons"

    _WORKFLOW_FIELDS = frozenset({"state"})

    def _workflow_error(self):
        """The message refusing a direct change of the workflow fields."""
        return self.env._("The state changes only with the buttons.")

    def _check_workflow_vals(self, vals):
        if not self.env.su and self._WORKFLOW_FIELDS.intersection(vals):
            raise UserError(self._workflow_error())

    @api.model_create_multi
    def create(self, vals_list):
        # A new record may carry the default of a workflow field (the web client sends the
        # statusbar's "draft"), never another value.
        sent = self._WORKFLOW_FIELDS.intersection(set().union(*vals_list))
        defaults = self.default_get(list(sent)) if sent else {}
        for vals in vals_list:
            self._check_workflow_vals(
                {
                    f: v
                    for f, v in vals.items()
                    if not (f in sent and (v or False) == defaults.get(f, False))
                }
            )
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_vals(vals)
        return super().write(vals)

    def _workflow_write(self, vals):
        """Write ``vals`` for a button that has checked who may act and when.

        The user must still be allowed to write these records (rules included).
        """
        self.check_access("write")
        return self.sudo().write(vals)

    def _check_group(self, group_xmlid, message):
        """Raise ``message`` unless the user belongs to ``group_xmlid``."""
        if not self.env.user.has_group(group_xmlid):
            raise AccessError(message)

    def _check_state(self, states, message):
        """Raise ``message``, naming the first record that is not in one of ``states``."""
        wrong = self.filtered(lambda r: r.state not in states)
        if wrong:
            raise UserError(
                self.env._("%(record)s: %(message)s", record=wrong[0].display_name, message=message)
            )
