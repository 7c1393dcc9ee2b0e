from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import selection_label
from .lakip_target import REPORT_LOCKED_STATES


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

    @api.model_create_multi
    def create(self, vals_list):
        # Before the write policy, which would only name the field.
        reports = self.env["lakip.report"].browse(
            {v["report_id"] for v in vals_list if v.get("report_id")}
        )
        for report in reports:
            self.new({"report_id": report.id})._check_report_open()
        return super().create(vals_list)

    def write(self, vals):
        self._check_report_open()
        result = super().write(vals)
        if "report_id" in vals:
            self._check_report_open()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_report_closed(self):
        self._check_report_open()

    def _check_report_open(self):
        """The budget figures of a compiled, signed or sent LAKIP are the ones it reported
        (the demo loads a sent LAKIP's budgets as superuser)."""
        if self.env.su:
            return
        closed = self.report_id.filtered(lambda r: r.state in REPORT_LOCKED_STATES)
        if closed:
            raise UserError(
                self.env._(
                    "%(report)s is %(state)s: its programme budgets are the ones it reported. "
                    "A Kasubag or the Sekretaris must reopen it, with a reason, before they "
                    "change.",
                    report=closed[0].display_name,
                    state=selection_label(closed[0]),
                )
            )

    @api.depends("budget", "spent")
    def _compute_rate(self):
        for rec in self:
            rec.rate = rec.spent / rec.budget * 100.0 if rec.budget else 0.0
