from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


def workflow_state(states, **kwargs):
    """The ``state`` field of a life cycle of ``states``: it starts in the first, is
    required, tracked in the chatter and not copied (a copy starts over, as a new record
    does: the mixin refuses any other state on a create). ``kwargs`` add to it (an index,
    ``group_expand``)."""
    return fields.Selection(
        states, default=states[0][0], required=True, tracking=True, copy=False, **kwargs
    )


class SopWorkflowMixin(models.AbstractModel):
    """A record moved through its states by its buttons only.

    The fields in ``_WORKFLOW_FIELDS`` (the state and what each step records) are set
    by the buttons: each checks who may act and when, then calls ``_workflow_write``.
    Changing them directly is refused whatever the context says; only the superuser
    (data files, and the buttons after their checks) sets them. What is not a change
    passes, as the web client sends it: a new record may carry a field's default (the
    statusbar's ``state: draft``) or an empty value, and a write may repeat the values
    the records already have.
    """

    _name = "sop.workflow.mixin"
    _description = "Life Cycle Driven by Buttons"

    _WORKFLOW_FIELDS = frozenset({"state"})

    def _workflow_error(self):
        """The message refusing a direct change of the workflow fields."""
        return self.env._("The state changes only with the buttons.")

    def _check_workflow_vals(self, vals):
        """Refuse ``vals`` if they change a workflow field of ``self``.

        On an empty recordset (a create), a workflow field may only be empty or hold its
        default; on records, it may only hold the value every record already has.
        """
        if self.env.su:
            return
        for name in self._WORKFLOW_FIELDS.intersection(vals):
            field = self._fields[name]
            value = field.convert_to_record(field.convert_to_cache(vals[name], self), self)
            if self:
                unchanged = all(record[name] == value for record in self)
            else:
                default = field.default(self) if field.default else False
                unchanged = not value or value == field.convert_to_record(
                    field.convert_to_cache(default, self), self
                )
            if not unchanged:
                raise UserError(self._workflow_error())

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.browse()._check_workflow_vals(vals)
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

    def _check_errors(self, get_errors, message, exception=UserError):
        """Refuse, listing every problem of the first record that has any.

        ``get_errors(record)`` gives a record's problems as sentences;
        ``message(record, errors)`` the translated refusal for the record's name and the list
        of its problems (formatted by ``env._``, which falls back on the English text when a
        translation's placeholders are wrong).
        """
        for record in self:
            errors = get_errors(record)
            if errors:
                listed = "\n".join(f"- {e}" for e in errors)
                raise exception(message(record.display_name, listed))

    def _check_state(self, states, message):
        """Raise ``message``, naming the first record that is not in one of ``states``."""
        wrong = self.filtered(lambda r: r.state not in states)
        if wrong:
            raise UserError(
                self.env._("%(record)s: %(message)s", record=wrong[0].display_name, message=message)
            )
