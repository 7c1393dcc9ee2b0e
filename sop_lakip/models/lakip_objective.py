from odoo import fields, models


class LakipObjective(models.Model):
    """A strategic objective (sasaran strategis) of the agency's Renstra."""

    _name = "lakip.objective"
    _description = "Strategic Objective"
    _inherit = ["sop.agency.mixin"]
    _order = "company_id, sequence, code, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    code = fields.Char()
    name = fields.Char(string="Strategic Objective", required=True, translate=False)
    indicator_ids = fields.One2many("lakip.indicator", "objective_id", string="Indicators")
    active = fields.Boolean(default=True)
