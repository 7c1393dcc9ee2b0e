"""Enforces the addon's write policy: the table ``POLICY`` of ``sop_write_policy_table.py``
(who may write which field of which model, in which state) on every model it lists."""

from odoo import api, models
from odoo.exceptions import AccessError

from .sop_write_policy_table import FIXED, POLICY, SYSTEM


class SopWritePolicyError(AccessError):
    """A write the policy refuses."""


class SopWritePolicyMixin(models.AbstractModel):
    """Enforces ``POLICY`` on the model that inherits it (see the module's docstring)."""

    _name = "sop.write.policy.mixin"
    _inherit = ["sop.integer.range.mixin"]
    _description = "Write Policy of the Addon's Models"
    # What marks a record of the addon for the overrides of Odoo's models (the chatter's,
    # the activities'): every model of the addon takes this mixin.
    _sop_addon_record = True

    @api.model
    def _sop_policy(self):
        return POLICY[self._name]

    @api.model
    def _sop_policy_fields(self):
        """The fields of the model that a user can write and the policy must classify: the
        addon's own stored or inverse fields (Odoo's own fields follow Odoo's rules)."""
        return [
            name
            for name, field in self._fields.items()
            if field._module == "sop_lakip"
            and name not in models.MAGIC_COLUMNS
            and (field.store or field.inverse)
        ]

    def _sop_policy_state(self):
        """The state that decides what may be written of this record (its parent's for a
        line), or False for a model without states."""
        self.ensure_one()
        path = self._sop_policy().get("state")
        return self.sudo().mapped(path)[0] if path else False

    def _sop_rule_failure(self, entry, known=None):
        """What keeps the current user from what ``entry`` guards on ``self`` now: None,
        ``(SYSTEM,)``, ``(FIXED,)``, ``("group", group name)`` or ``("state", the record that
        holds the state, its state's label)``. Without a record (a creation not made yet)
        the state is not looked at. ``known`` keeps, over one check or one created or
        deleted batch, the user's groups and (per record) the state: asking them again for
        every field of every record was most of the time an import of 150 SOPs took."""
        if entry in (SYSTEM, FIXED):
            return (entry,)
        known = {} if known is None else known
        if (entry.group, None) not in known:
            known[entry.group, None] = self.env.user.has_group(entry.group)
        if not known[entry.group, None]:
            return ("group", self.env.ref(entry.group).sudo().name)
        if not self or entry.states is None:
            return None
        if ("state", self.id) not in known:
            known["state", self.id] = self._sop_policy_state()
        state = known["state", self.id]
        if state not in entry.states:
            parent = self._sop_policy()["state"].rpartition(".")[0]
            holder = self.sudo()[parent] if parent else self.sudo()
            labels = dict(holder._fields["state"]._description_selection(self.env))
            return ("state", holder, labels.get(state, state))
        return None

    def _sop_policy_refusal(self, name, known=None):
        """Why the current user may not change field ``name`` of ``self`` now (without a
        record: of a record being created, whatever its state), or None."""
        entry = self._sop_policy()["fields"].get(name)
        failure = self._sop_rule_failure(entry, known) if entry is not None else ("unlisted",)
        if not failure:
            return None
        values = {
            "field": self._fields[name]._description_string(self.env),
            "model": self._description,
        }
        if entry is None:
            return self.env._(
                "%(field)s of %(model)s has no entry in the addon's write policy: nobody may "
                "change it until it has one.",
                **values,
            )
        if failure[0] == SYSTEM:
            return self.env._("%(field)s of %(model)s is set by the system only.", **values)
        if failure[0] == FIXED:
            return self.env._(
                "%(field)s of %(model)s is given when it is created and never changes.",
                **values,
            )
        if failure[0] == "group":
            return self.env._(
                "Only %(group)s and above may change %(field)s of %(model)s.",
                group=failure[1],
                **values,
            )
        return self.env._(
            "%(field)s of %(model)s can no longer change: %(record)s is %(state)s.",
            record=failure[1].display_name,
            state=failure[2],
            **values,
        )

    def _sop_policy_unchanged(self, name, value, creating_vals=None):
        """Whether writing ``value`` to field ``name`` leaves ``self`` as it is (on a
        creation: as the system would have made it without the value)."""
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return not value and creating_vals is not None
        if creating_vals is not None:
            if field.compute and not field.related:
                others = {k: v for k, v in creating_vals.items() if k != name}
                expected = self.new(others)[name]
            elif field.default:
                expected = field.convert_to_record(
                    field.convert_to_cache(field.default(self.browse()), self), self
                )
            else:
                expected = field.convert_to_record(field.convert_to_cache(False, self), self)
            new = field.convert_to_record(field.convert_to_cache(value, self), self)
            return not new or new == expected
        new = field.convert_to_record(field.convert_to_cache(value, self), self)
        return all(record[name] == new for record in self)

    def _sop_check_write_policy(self, vals, creating_vals=None, known=None):
        """Refuse ``vals`` on ``self`` unless the policy allows every field they change.

        ``creating_vals`` is given for records just created from those values (or, on an
        empty recordset, about to be): then the fixed fields may be given, and the others
        may hold what the system would set. ``known``: see ``_sop_rule_failure``.
        """
        if self.env.su or not vals:
            return
        entries = self._sop_policy()["fields"]
        names = [
            name
            for name in vals
            if name in self._fields
            and (name in entries or self._fields[name]._module == "sop_lakip")
            and name not in models.MAGIC_COLUMNS
            and not (creating_vals is not None and entries.get(name) == FIXED)
        ]
        known = {} if known is None else known
        for record in self or [self]:
            for name in names:
                entry = entries.get(name)
                if entry is not None and not record._sop_rule_failure(entry, known):
                    continue
                if not record._sop_policy_unchanged(name, vals[name], creating_vals):
                    raise SopWritePolicyError(record._sop_policy_refusal(name, known))

    def _sop_check_field_change(self, name):
        """Refuse a change of field ``name`` of these records now, whatever the new value
        (the file of a binary field, changed through ``ir.attachment``)."""
        if self.env.su:
            return
        self.check_access("write")
        for record in self:
            reason = record._sop_policy_refusal(name)
            if reason:
                raise SopWritePolicyError(reason)

    def _sop_check_create_policy(self):
        """Refuse new records whose parent no longer takes new ones (``"create"``)."""
        path, entry = self._sop_policy().get("create", (None, None))
        if self.env.su or not path:
            return
        allowed = self.env.user.has_group(entry.group)
        for record in self:
            parent = record.sudo()[path.rpartition(".")[0]]
            if not allowed or parent.state not in entry.states:
                states = dict(parent._fields["state"]._description_selection(self.env))
                raise SopWritePolicyError(
                    self.env._(
                        "No %(model)s can be added to %(record)s: it is %(state)s.",
                        model=self._description,
                        record=parent.display_name,
                        state=states.get(parent.state, parent.state),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_when_the_policy_allows(self):
        # Named to run after the models' own checks, whose messages say more (Odoo runs
        # the ondelete checks in the order of their names).
        if self.env.su:
            return
        entry = self._sop_policy()["unlink"]
        known = {}
        for record in self:
            failure = record._sop_rule_failure(entry, known)
            if not failure:
                continue
            values = {"record": record.display_name, "model": self._description}
            if failure[0] == SYSTEM:
                message = self.env._(
                    "%(record)s cannot be deleted: a %(model)s is deleted by the system only.",
                    **values,
                )
            elif failure[0] == "group":
                message = self.env._(
                    "Only %(group)s and above may delete %(record)s (%(model)s).",
                    group=failure[1],
                    **values,
                )
            else:
                message = self.env._(
                    "%(record)s (%(model)s) cannot be deleted: %(holder)s is %(state)s.",
                    holder=failure[1].display_name,
                    state=failure[2],
                    **values,
                )
            raise SopWritePolicyError(message)

    @api.model_create_multi
    def create(self, vals_list):
        # The user's groups and the new records' states are asked once for the whole batch
        # (an import creates thousands of quarterly values).
        known = {}
        if not self.env.su:  # what no state allows is refused before anything is written
            # Who may not create at all hears it from Odoo's access rights first.
            self.check_access("create")
            for vals in vals_list:
                self.browse()._sop_check_write_policy(vals, creating_vals=vals, known=known)
        records = super().create(vals_list)
        if not self.env.su:
            records._sop_check_create_policy()
            for record, vals in zip(records, vals_list, strict=True):
                record._sop_check_write_policy(vals, creating_vals=vals, known=known)
        return records

    def write(self, vals):
        if not self.env.su and vals:
            # Who may not write these records at all hears it from Odoo's access rights first.
            self.check_access("write")
            self._sop_check_write_policy(vals)
        return super().write(vals)


# Every model of the table takes the mixin.
for _model in POLICY:
    type(
        "SopWritePolicy" + "".join(part.title() for part in _model.split(".")),
        (models.Model,),
        {"_name": _model, "_inherit": [_model, "sop.write.policy.mixin"], "__module__": __name__},
    )
