from odoo import fields, models


class SopDocument(models.Model):
    """The run engine's part of an SOP: starting a run of it (the register runs nothing)."""

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "sop.document"  # pylint: disable=consider-merging-classes-inherited

    def action_create_instance(self):
        """Open a new run of this approved SOP, its role holders ready to check."""
        self.ensure_one()
        self._check_state(["approved"], self.env._("only an approved SOP can be run."))
        instance = self.env["sop.instance"].create(
            {
                "name": self.env._(
                    "%(sop)s %(year)s",
                    sop=self.name,
                    year=fields.Date.context_today(self).year,
                ),
                "document_id": self.id,
                "company_id": self.company_id.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sop.instance",
            "res_id": instance.id,
            "view_mode": "form",
        }
