from odoo import api, fields, models


class LakipBudget(models.Model):
    """The budget of one programme in the LAKIP year: pagu and realisation."""

    _name = "lakip.budget"
    _description = "Programme Budget"
    _order = "report_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    report_id = fields.Many2one(
        "lakip.report", string="LAKIP", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="report_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    name = fields.Char(string="Programme", required=True)
    objective_id = fields.Many2one(
        "lakip.objective", string="Strategic Objective", check_company=True
    )
    budget = fields.Monetary(string="Budget (Pagu)", required=True)
    spent = fields.Monetary(string="Realisation")
    rate = fields.Float(
        string="Realisation (%)", compute="_compute_rate", store=True, digits=(16, 2)
    )

    _sql_constraints = [
        ("amounts_positive", "CHECK(budget >= 0 AND spent >= 0)", "Amounts cannot be negative."),
    ]

    @api.depends("budget", "spent")
    def _compute_rate(self):
        for rec in self:
            rec.rate = rec.spent / rec.budget * 100.0 if rec.budget else 0.0
