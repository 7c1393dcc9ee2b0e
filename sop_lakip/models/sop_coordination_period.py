from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL

from .sop_coordination import MONITORING_ID

# The finished periods each agency has a row for, besides those it has a monitoring of.
PERIODS_SHOWN = 4
# A period's recap: the Tabel 7 summary of each agency's confirmed monitoring.
PERIOD_FIGURES = (
    "sop_count",
    "good_count",
    "poor_count",
    "run_started",
    "run_done",
    "step_done",
    "within_share",
)


class SopCoordinationPeriod(models.Model):
    """The pemda's monitoring periods: one row per agency and finished monitoring period
    (its last four, and any other it has a monitoring of), whether its monitoring (Tabel 7)
    is confirmed, and the summary of the confirmed one, so that the Bagian Organisasi sees
    after each period who has not confirmed, and prints the period's recap.

    Computed on each read from the agencies' periods (sop.monitoring's, counted on the
    user's date) in one grouped query; read only, as the dashboard (not in the write
    policy). Who reads a row follows the addon's read rules.
    """

    _name = "sop.coordination.period"
    _inherit = ["sop.agency.view"]
    _description = "SOP Monitoring per Period"
    _auto = False
    _order = "date_from desc, parent_id, company_id"
    _rec_name = "period_label"
    _depends = {
        "sop.monitoring": ["company_id", "date_from", "state", "date_confirmed"],
        "sop.monitoring.line": [
            "monitoring_id",
            "judgement",
            "run_started",
            "run_done",
            "step_done",
            "step_within",
        ],
    }

    date_from = fields.Date(string="Period From", readonly=True)
    date_to = fields.Date(string="Period To", readonly=True)
    period_label = fields.Char(string="Period", readonly=True)
    monitoring_id = fields.Many2one("sop.monitoring", readonly=True)
    state = fields.Selection(
        [("confirmed", "Confirmed"), ("draft", "To Confirm"), ("missing", "Missing")],
        string="Monitoring Status",
        readonly=True,
    )
    date_confirmed = fields.Date(string="Confirmed On", readonly=True)
    sop_count = fields.Integer(string="SOPs Monitored", readonly=True)
    good_count = fields.Integer(string="Running Well", readonly=True)
    poor_count = fields.Integer(string="Not Running Well", readonly=True)
    run_started = fields.Integer(string="Runs Started", readonly=True)
    run_done = fields.Integer(string="Runs Finished", readonly=True)
    step_done = fields.Integer(string="Steps Done", readonly=True)
    step_within = fields.Integer(string="Steps Within Mutu Baku", readonly=True)
    within_share = fields.Float(
        string="Within Mutu Baku (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the period's steps done within their Mutu Baku time; empty without "
        "a confirmed monitoring or a step done.",
    )

    def _compute_display_name(self):
        # a coordinator reads the rows of agencies that are not among his companies
        for row in self:
            row.display_name = f"{row.company_id.sudo().name}, {row.period_label}"

    @property
    def _table_query(self):
        """The rows; the figures are those of confirmed monitorings only."""
        return SQL(
            """
    WITH %(agency)s, period AS (
        SELECT a.id AS company_id, a.parent_id, a.months,
               (a.period_start - make_interval(months => a.months * k))::date AS date_from
          FROM agency a CROSS JOIN generate_series(1, %(shown)s) k
         UNION
        SELECT a.id, a.parent_id, a.months, m.date_from
          FROM sop_monitoring m JOIN agency a ON a.id = m.company_id
         WHERE m.date_from < a.period_start
    ), line AS (
        SELECT l.monitoring_id, COUNT(*) AS sop_count,
               COUNT(*) FILTER (WHERE l.judgement = 'good') AS good_count,
               COUNT(*) FILTER (WHERE l.judgement = 'poor') AS poor_count,
               SUM(l.run_started) AS run_started, SUM(l.run_done) AS run_done,
               SUM(l.step_done) AS step_done, SUM(l.step_within) AS step_within
          FROM sop_monitoring_line l
          JOIN sop_monitoring m ON m.id = l.monitoring_id AND m.state = 'confirmed'
         GROUP BY l.monitoring_id
    )
    SELECT p.company_id::bigint * 1000000 + EXTRACT(YEAR FROM p.date_from)::int * 100
               + EXTRACT(MONTH FROM p.date_from)::int AS id,
           p.company_id, p.parent_id, p.date_from,
           (p.date_from + make_interval(months => p.months) - interval '1 day')::date
               AS date_to,
           CASE p.months
               WHEN 6 THEN 'Semester ' || (ARRAY['I', 'II'])[
                   (EXTRACT(MONTH FROM p.date_from)::int + 5) / 6]
               WHEN 3 THEN 'Triwulan ' || (ARRAY['I', 'II', 'III', 'IV'])[
                   (EXTRACT(MONTH FROM p.date_from)::int + 2) / 3]
               ELSE 'Tahun'
           END || ' ' || EXTRACT(YEAR FROM p.date_from)::int AS period_label,
           m.id AS monitoring_id, COALESCE(m.state, 'missing') AS state,
           m.date_confirmed,
           line.sop_count, line.good_count, line.poor_count, line.run_started,
           line.run_done, line.step_done, line.step_within,
           CASE WHEN line.step_done > 0
                THEN 100.0 * line.step_within / line.step_done END AS within_share
      FROM period p
      LEFT JOIN sop_monitoring m ON m.company_id = p.company_id AND m.date_from = p.date_from
      LEFT JOIN line ON line.monitoring_id = m.id
""",
            agency=self._agency_cte(fields.Date.context_today(self)),
            shown=PERIODS_SHOWN,
        )

    def _sop_print_company(self):
        """The paper of the recap: the pemda's, when the user is in it (a coordinator)."""
        self.ensure_one()
        pemda = self.sudo().parent_id
        return pemda if pemda in self.env.user.company_ids else self.company_id

    def _recap(self):
        """These rows as the period's recap prints them, one recap per pemda and period,
        its agencies in the order of their names: ``[(pemda, period, rows, total)]``. A
        row is ``{"agency": name, "figures": [state, *PERIOD_FIGURES]}``, its figures
        ``None`` unless the monitoring is confirmed (and the share without a step done)."""
        groups = defaultdict(list)
        for row in self.sudo().sorted(lambda r: r.company_id.name or ""):
            # an agency under no pemda reports on its own letterhead
            groups[row.parent_id or row.company_id, row.date_from, row.period_label].append(row)
        recaps = []
        for (company, _start, label), rows in sorted(
            groups.items(), key=lambda item: (item[0][0].name or "", item[0][1])
        ):
            lines = [{"agency": row.company_id.name, "figures": row._figures()} for row in rows]
            confirmed = [row for row in rows if row.state == "confirmed"]
            total = [sum(row[name] for row in confirmed) for name in PERIOD_FIGURES[:-1]]
            step_done, step_within = (
                sum(row[n] for row in confirmed) for n in ("step_done", "step_within")
            )
            total.append(100.0 * step_within / step_done if step_done else None)
            recaps.append((company, label, lines, [f"{len(confirmed)} / {len(rows)}", *total]))
        return recaps

    def _figures(self):
        self.ensure_one()
        if self.state != "confirmed":
            return [MONITORING_ID[self.state]] + [None] * len(PERIOD_FIGURES)
        figures = [self[name] for name in PERIOD_FIGURES[:-1]]
        share = self.within_share if self.step_done else None
        return [MONITORING_ID[self.state], *figures, share]

    def action_open_monitoring(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sop.monitoring",
            "res_id": self.monitoring_id.id,
            "view_mode": "form",
        }

    def action_print_recap(self):
        """The recap of the selected rows: per pemda and period, the agencies' Tabel 7
        summaries side by side."""
        return self.env.ref("sop_lakip.action_report_sop_coordination_period").report_action(self)

    def action_download_recap_xlsx(self):
        """The same recap as an Excel file."""
        action = self.env.ref("sop_lakip.action_report_sop_coordination_period_xlsx")
        return action.report_action(self)
