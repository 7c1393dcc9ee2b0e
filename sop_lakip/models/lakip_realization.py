from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

QUARTERS = [("1", "TW I"), ("2", "TW II"), ("3", "TW III"), ("4", "TW IV")]


class LakipRealization(models.Model):
    """The realisation of an indicator in one quarter (triwulan).

    A quarter without a record has no data: it is not the same as a value of 0.
    """

    _name = "lakip.realization"
    _description = "Quarterly Realisation"
    _order = "target_id, quarter"
    _check_company_auto = True

    target_id = fields.Many2one(
        "lakip.target", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="target_id.company_id", store=True, index=True)
    department_id = fields.Many2one(related="target_id.department_id", store=True)
    year = fields.Integer(related="target_id.year", store=True)
    indicator_id = fields.Many2one(related="target_id.indicator_id", store=True)
    quarter = fields.Selection(QUARTERS, required=True)
    value = fields.Float(required=True, digits=(16, 2))

    _sql_constraints = [
        ("target_quarter_uniq", "unique(target_id, quarter)", "One value per quarter."),
    ]

    @api.depends("indicator_id.name", "year", "quarter")
    def _compute_display_name(self):
        quarters = dict(QUARTERS)
        for rec in self:
            rec.display_name = (
                f"{rec.indicator_id.name or ''} \u2013 {rec.year} {quarters.get(rec.quarter, '')}"
            )

    @api.constrains("value")
    def _check_value(self):
        for rec in self.filtered(lambda r: r.value < 0):
            raise ValidationError(
                self.env._(
                    "%(indicator)s, %(year)s %(quarter)s: a realisation cannot be negative "
                    "(%(value)s).",
                    indicator=rec.indicator_id.name,
                    year=rec.year,
                    quarter=dict(QUARTERS)[rec.quarter],
                    value=rec.value,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        targets = self.env["lakip.target"].browse(
            {v["target_id"] for v in vals_list if v.get("target_id")}
        )
        targets._check_open()
        self._check_not_from_sop(targets)
        return super().create(vals_list)

    def write(self, vals):
        if "target_id" in vals and not self.env.su:
            raise UserError(self.env._("A realisation stays with its indicator."))
        self.target_id._check_open()
        self._check_not_from_sop(self.target_id)
        return super().write(vals)

    def unlink(self):
        self.target_id._check_open()
        self._check_not_from_sop(self.target_id)
        return super().unlink()

    def _check_not_from_sop(self, targets):
        """The realisation of an indicator taken from the SOPs is computed, never typed."""
        computed = targets.filtered("indicator_id.sop_source")
        if computed and not self.env.su:
            raise UserError(
                self.env._(
                    "The realisation of '%s' is computed from the SOP runs: use 'Update from "
                    "SOPs' on the indicator.",
                    computed[0].indicator_id.name,
                )
            )
