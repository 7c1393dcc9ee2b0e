import json

from markupsafe import Markup

from odoo import api, fields, models


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
    preview = fields.Html(
        compute="_compute_preview",
        sanitize=False,  # built here from the content, every text escaped
        help="The actor columns and steps the SOP made from this template starts with.",
    )

    def _get_payload(self):
        """The template's SOP as a payload for ``sop.document._create_from_payload``."""
        self.ensure_one()
        return {"name": self.name, **json.loads(self.content)}  # content names the SOP

    def _compute_step_count(self):
        for template in self:
            template.step_count = len(json.loads(template.content or "{}").get("steps", []))

    @api.depends("content")
    def _compute_preview(self):
        Step = self.env["sop.step"]
        symbols = dict(Step._fields["symbol"]._description_selection(self.env))
        units = dict(Step._fields["duration_unit"]._description_selection(self.env))
        for template in self:
            content = json.loads(template.content or "{}")
            columns = Markup("").join(
                Markup("<li>%s</li>") % column.get("heading", "")
                for column in content.get("columns", [])
            )
            steps = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    number,
                    step.get("name", ""),
                    step.get("role") or "",
                    symbols.get(step.get("symbol"), ""),
                    f"{step.get('duration', 0):g} {units.get(step.get('duration_unit'), '')}",
                )
                for number, step in enumerate(content.get("steps", []), start=1)
            )
            template.preview = Markup(
                "<h5>%s</h5><ul>%s</ul><h5>%s</h5><table class='table table-sm'><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
                "<tbody>%s</tbody></table>"
            ) % (
                self.env._("Actor columns"),
                columns,
                self.env._("Steps"),
                self.env._("No."),
                self.env._("Activity"),
                self.env._("Actor"),
                self.env._("Symbol"),
                self.env._("Standard Time"),
                steps,
            )

    def action_use_template(self):
        """Make a draft SOP of the user's current agency from this template."""
        self.ensure_one()
        origin = self.env._("template %s", self.name)
        return self.env["sop.document"]._copy_payload_to_agency(
            self._get_payload(), origin, template=self
        )
