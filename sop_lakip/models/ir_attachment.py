from collections import defaultdict

from odoo import api, models

# What ties an attachment to the binary field of a record.
TARGET_FIELDS = ("res_model", "res_id", "res_field")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        # Checked even as superuser: the chatter uploads files with sudo(). The file of a
        # binary field (res_field) is the field's value: the write policy rules it, below
        # (a coordinator's Publish stores the template's file).
        self.env["mail.thread"]._check_sop_auditor_writes(
            {
                vals["res_model"]
                for vals in vals_list
                if vals.get("res_model") and vals.get("res_id") and not vals.get("res_field")
            }
        )
        self._check_field_file_write(
            [
                (vals.get("res_model"), vals.get("res_id"), vals.get("res_field"))
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def _check_field_file_write(self, targets):
        """Refuse to change the file of a binary field of the addon's records unless the
        user may write that field of that record now: the file is the field's value (a
        signed scan, a signed report), so the addon's write policy decides. ``targets`` are
        ``(model, id, field)``; the superuser (the field's own write) is not checked."""
        if self.env.su:
            return
        ids = defaultdict(set)
        for model, res_id, field in targets:
            if field and res_id and model in self.env:
                ids[model, field].add(res_id)
        policy = self.env.registry["sop.write.policy.mixin"]
        for (model, field), res_ids in ids.items():
            if isinstance(self.env[model], policy):
                self.env[model].browse(res_ids).exists()._sop_check_field_change(field)

    def _field_file_targets(self):
        return [(a.res_model, a.res_id, a.res_field) for a in self.sudo()]

    def write(self, vals):
        targets = self._field_file_targets()
        if any(name in vals for name in TARGET_FIELDS):  # moved: onto its new place too
            targets += [
                tuple(vals.get(name, target[i]) for i, name in enumerate(TARGET_FIELDS))
                for target in targets
            ]
        self._check_field_file_write(targets)
        return super().write(vals)

    def unlink(self):
        self._check_field_file_write(self._field_file_targets())
        return super().unlink()
