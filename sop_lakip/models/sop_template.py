import json

from odoo import fields, models


class SopTemplate(models.Model):
    """An SOP shipped with the addon for any agency to start from (*Use as Template*).

    Templates belong to no agency and hold no agency's data: they are the seed SOPs made
    generic, loaded from the addon's data files and changed by nobody (no group may
    write them). Agencies' own SOPs stay under their company rules; a template is
    copied into the user's agency by ``sop.document._create_from_payload``.
    """

    _name = "sop.template"
    _description = "SOP Template"
    _order = "sequence, name"

    name = fields.Char(string="Template", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        translate=True, help="What the SOP covers and the agency's SOP it comes from."
    )
    content = fields.Text(
        required=True,
        help="The SOP's columns, sections and steps (JSON), as sop.document copies them.",
    )
    step_count = fields.Integer(compute="_compute_step_count")

    def _get_payload(self):
        """The template's SOP as a payload for ``sop.document._create_from_payload``."""
        self.ensure_one()
        return {"name": self.name, **json.loads(self.content)}  # content names the SOP

    def _compute_step_count(self):
        for template in self:
            template.step_count = len(json.loads(template.content or "{}").get("steps", []))

    def action_use_template(self):
        """Make a draft SOP of the user's current agency from this template."""
        self.ensure_one()
        origin = self.env._("template %s", self.name)
        return self.env["sop.document"]._copy_payload_to_agency(
            self._get_payload(), origin, template=self
        )
