from odoo import fields, models


class SopTemplatePublishWizard(models.TransientModel):
    """The SOP Coordinator's dialog: publish an approved SOP of an agency of his pemda as a
    template of the pemda, new or as the next revision of one of its templates."""

    _name = "sop.template.publish.wizard"
    _description = "Publish an SOP as a Pemda Template"

    document_id = fields.Many2one("sop.document", string="SOP", required=True, readonly=True)
    # As the user: computed as superuser, it would tell anyone the pemda of any SOP's agency.
    pemda_id = fields.Many2one(
        related="document_id.company_id.parent_id", string="Pemda", compute_sudo=False
    )
    name = fields.Char(string="Template", required=True)
    replace_id = fields.Many2one(
        "sop.template",
        string="New Revision Of",
        domain="[('company_id', '=', pemda_id)]",
        help="The template of the pemda this SOP replaces: the agencies that adopted it get "
        "an activity naming what changed. Empty: a new template.",
    )

    def action_publish(self):
        self.ensure_one()
        template = self.env["sop.template"]._publish(self.document_id, self.replace_id, self.name)
        return {
            "type": "ir.actions.act_window",
            "res_model": "sop.template",
            "res_id": template.id,
            "views": [(False, "form")],
            "target": "current",
        }
