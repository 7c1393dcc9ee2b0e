from odoo import api, fields, models
from odoo.exceptions import UserError

from .sop_evaluation import CRITERIA


class SopEvaluationLine(models.Model):
    """One criterion of an evaluation, answered Yes or No with notes."""

    _name = "sop.evaluation.line"
    _description = "SOP Evaluation Criterion"
    _order = "evaluation_id, id"

    evaluation_id = fields.Many2one("sop.evaluation", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="evaluation_id.company_id", store=True, index=True)
    criterion = fields.Selection(CRITERIA, required=True)
    name = fields.Char(compute="_compute_name", string="Wording")
    answer = fields.Selection([("yes", "Yes"), ("no", "No")])
    note = fields.Text(string="Notes")

    @api.depends("criterion")
    def _compute_name(self):
        labels = dict(self._fields["criterion"]._description_selection(self.env))
        for line in self:
            line.name = labels.get(line.criterion, "")

    def _check_open(self):
        if not self.env.su and any(c.evaluation_id.state == "done" for c in self):
            raise UserError(self.env._("A concluded evaluation no longer changes."))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_open()
        return lines

    def write(self, vals):
        self._check_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_open(self):
        self._check_open()
