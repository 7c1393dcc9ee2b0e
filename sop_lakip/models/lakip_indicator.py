from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .lakip_target import LOCKED_STATES, REPORT_LOCKED_STATES

POLARITY = [
    ("higher", "Higher is better"),
    ("lower", "Lower is better"),
    ("range", "Within a range"),
]
METHODS = [
    ("rt", "R / T"),
    ("2rt", "2 \u2212 R / T"),
    ("tr", "T / R"),
]

# The figure of the SOP monitoring (a method of sop.monitoring) each realisation source takes.
SOP_SOURCE_FIGURES = {
    "steps_within": "_quarter_steps_within",
    "sops_monitored": "_quarter_sops_monitored",
    "sops_evaluated": "_quarter_sops_evaluated",
}


class LakipIndicator(models.Model):
    """A performance indicator (indikator kinerja) and how its capaian is computed."""

    _name = "lakip.indicator"
    _description = "Performance Indicator"
    _inherit = ["sop.agency.mixin"]
    _order = "company_id, objective_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    code = fields.Char()
    name = fields.Char(string="Indicator", required=True)
    objective_id = fields.Many2one(
        "lakip.objective", string="Strategic Objective", check_company=True, index=True
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Responsible Unit",
        required=True,
        check_company=True,
        index=True,
        help="The Bidang that reports this indicator on its worksheet (kertas kerja).",
    )
    uom = fields.Char(string="Unit of Measure", required=True, help="Satuan, e.g. %, Dokumen.")
    polarity = fields.Selection(POLARITY, required=True, default="higher")
    capaian_method = fields.Selection(
        METHODS,
        string="Achievement Method",
        required=True,
        default="rt",
        help="Higher is better: R / T. Lower is better: 2 \u2212 R / T (performance-management "
        "guide) or T / R. Within a range: the method used above the upper bound (below the "
        "lower bound R / T applies).",
    )
    aggregation = fields.Selection(
        [("cumulative", "Cumulative (sum of quarters)"), ("final", "Final value (last quarter)")],
        string="Yearly Value",
        required=True,
        default="cumulative",
        help="Cumulative: the yearly realisation is the sum of the quarterly (TW I-IV) "
        "values. Final value: it is the value of the last quarter that has one.",
    )
    renstra_target = fields.Float(
        string="Renstra End Target", help="The target for the last year of the Renstra."
    )
    renstra_year = fields.Integer(string="Renstra End Year")
    target_ids = fields.One2many("lakip.target", "indicator_id", string="Yearly Targets")
    sop_source = fields.Selection(
        [
            ("steps_within", "% of SOP steps done within the Mutu Baku"),
            ("sops_monitored", "% of SOPs in force monitored"),
            ("sops_evaluated", "Number of SOPs evaluated"),
        ],
        string="Realisation from SOP Runs",
        help="The quarterly realisation is computed from the agency's SOP runs, monitorings "
        "or evaluations (every day, and with 'Update from SOPs'), never typed. Steps: those "
        "done in the quarter; monitored: SOPs on a confirmed monitoring whose period ended by "
        "the quarter's end, of the SOPs in force; evaluated: evaluations concluded in the "
        "quarter.",
    )
    active = fields.Boolean(default=True)

    def write(self, vals):
        frozen = {"polarity", "capaian_method", "aggregation", "department_id", "company_id"}
        if frozen & set(vals):
            locked = self.target_ids.filtered(lambda t: t.worksheet_id.state in LOCKED_STATES)
            if locked:
                raise UserError(
                    self.env._(
                        "Indicator '%(name)s' is on the verified worksheet %(worksheet)s: its "
                        "unit and how its capaian is computed cannot change until it is reopened.",
                        name=locked[0].indicator_id.name,
                        worksheet=locked[0].worksheet_id.display_name,
                    )
                )
            self.target_ids._check_report_open()
        return super().write(vals)

    def action_refresh_sop_realization(self):
        """Compute the quarterly realisation of these indicators from the SOPs."""
        self.check_access("write")
        self.sudo()._refresh_sop_realization()
        return True

    @api.model
    def _cron_refresh_sop_realization(self):
        self.sudo().search([("sop_source", "!=", False)])._refresh_sop_realization()

    def _refresh_sop_realization(self):
        """Write the realisation of each quarter begun of the open targets of these indicators
        (the figures of a verified worksheet or a compiled LAKIP stay as they were)."""
        today = fields.Date.context_today(self)
        targets = self.filtered("sop_source").target_ids.filtered(
            lambda t: t.year <= today.year and t.worksheet_id.state not in LOCKED_STATES
        )
        locked = {
            (r.company_id, r.year)
            for r in self.env["lakip.report"].search(
                [
                    ("company_id", "in", targets.company_id.ids),
                    ("state", "in", REPORT_LOCKED_STATES),
                ]
            )
        }
        Monitoring = self.env["sop.monitoring"]
        create_list = []
        for target in targets.filtered(lambda t: (t.company_id, t.year) not in locked):
            figure = SOP_SOURCE_FIGURES[target.indicator_id.sop_source]
            values = getattr(Monitoring, figure)(target.company_id, target.year)
            existing = {r.quarter: r for r in target.realization_ids}
            for quarter, value in values.items():
                if quarter in existing:
                    if existing[quarter].value != value:
                        existing[quarter].value = value
                else:
                    create_list.append({"target_id": target.id, "quarter": quarter, "value": value})
        self.env["lakip.realization"].create(create_list)

    @api.onchange("polarity")
    def _onchange_polarity(self):
        self.capaian_method = "rt" if self.polarity == "higher" else "2rt"

    @api.constrains("polarity", "capaian_method")
    def _check_capaian_method(self):
        for indicator in self:
            higher = indicator.polarity == "higher"
            if higher != (indicator.capaian_method == "rt"):
                raise ValidationError(
                    self.env._(
                        "Indicator '%(name)s': use R / T when higher is better, and "
                        "2 \u2212 R / T or T / R when lower is better or within a range.",
                        name=indicator.name,
                    )
                )
