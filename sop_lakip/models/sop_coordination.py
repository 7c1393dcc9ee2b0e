from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..compat import GROUPS_FIELD

COORDINATOR = "sop_lakip.group_sop_coordinator"
# A draft waiting for paraf or pengesahan longer than this makes its agency lag.
WAITING_DAYS_LATE = 14
# The printed recap (Rekapitulasi Penerapan SOP) is in Indonesian whatever the language.
MONITORING_ID = {"confirmed": "Dikonfirmasi", "draft": "Belum dikonfirmasi", "missing": "Belum ada"}
RECAP_FIGURES = (
    "sop_count",
    "waiting_paraf",
    "waiting_approval",
    "waiting_days",
    "review_overdue",
    "run_count",
    "within_share",
    "monitoring_state",
    "evaluation_count",
)


class SopCoordination(models.Model):
    """The coordination dashboard of a pemda: one row per agency (a company without child
    companies), what the Bagian Organisasi follows across them.

    A SQL view, as Odoo's own reporting models: its figures come from one grouped query
    whatever the number of agencies and runs, and it is read only (nobody writes it, so it
    is not in the write policy). A row's id is its agency's: the reminder of a lagging
    agency is an activity on its row, which its Sekretaris opens from his systray. The rows
    are built for the user's agencies only (``sop.agency.view``); of those, who reads a row
    follows the addon's read rules: the agency, the auditors and coordinators of its pemda.
    """

    _name = "sop.coordination"
    _inherit = ["sop.agency.view", "mail.thread", "mail.activity.mixin"]
    _description = "SOP Coordination"
    _auto = False
    _order = "parent_id, company_id"
    _rec_name = "company_id"
    # What the view reads: the ORM flushes them before it is queried.
    _depends = {
        "sop.document": ["company_id", "state", "date_submitted", "date_review", "template_id"],
        "sop.template": ["company_id", "previous_id"],
        "sop.instance": ["company_id", "date_start"],
        "sop.workitem": ["company_id", "state", "date_done", "within_standard"],
        "sop.monitoring": ["company_id", "date_from", "state"],
        "sop.evaluation": ["company_id", "state", "date"],
    }

    sop_count = fields.Integer(string="SOPs in Force", readonly=True)
    waiting_paraf = fields.Integer(string="Waiting for Paraf", readonly=True)
    waiting_approval = fields.Integer(string="Waiting for Pengesahan", readonly=True)
    waiting_days = fields.Integer(
        string="Oldest Waiting (Days)",
        aggregator="max",
        readonly=True,
        help="Days since the oldest SOP waiting for paraf or pengesahan was submitted.",
    )
    review_overdue = fields.Integer(string="Past Review Date", readonly=True)
    run_count = fields.Integer(
        string="Runs This Period",
        readonly=True,
        help="Runs started in the agency's current monitoring period (a semester by default).",
    )
    step_done = fields.Integer(string="Steps Done This Period", readonly=True)
    step_within = fields.Integer(string="Steps Within Mutu Baku", readonly=True)
    within_share = fields.Float(
        string="Within Mutu Baku (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the steps done this period within their Mutu Baku time; empty "
        "without a step done.",
    )
    monitoring_state = fields.Selection(
        [("confirmed", "Confirmed"), ("draft", "To Confirm"), ("missing", "Missing")],
        string="Last Period's Monitoring",
        readonly=True,
    )
    evaluation_count = fields.Integer(
        string="Evaluations Concluded",
        readonly=True,
        help="Evaluations concluded since the start of the last monitoring period.",
    )
    template_adopted = fields.Integer(
        string="Pemda Templates Adopted",
        readonly=True,
        help="The agency's SOPs made from a template of its pemda (any revision, any state).",
    )
    template_outdated = fields.Integer(
        string="Adopted from an Old Revision",
        readonly=True,
        help="Of the SOPs made from a pemda template, those whose template has a newer "
        "revision since: the agency was told of it in its inbox.",
    )
    lagging = fields.Boolean(
        readonly=True,
        help="The last period's monitoring is not confirmed, an SOP is past its review "
        f"date, or an SOP has waited for paraf or pengesahan more than {WAITING_DAYS_LATE} "
        "days.",
    )

    def _compute_display_name(self):
        # The agency's name: a coordinator reads the rows of agencies that are not among
        # his companies, whose records he may not read.
        for row in self:
            row.display_name = row.company_id.sudo().display_name

    def init(self):
        # The rows were a database view until they were counted on the user's own date.
        tools.drop_view_if_exists(self.env.cr, self._table)

    @property
    # long: one SQL query, read top to bottom; its CTEs mean nothing apart.
    def _table_query(self):
        """The rows, "today" being the user's date in his time zone (the periods, the
        waits and the review dates count from it)."""
        today = fields.Date.context_today(self)
        return SQL(
            """
    WITH %(agency)s, doc AS (
        SELECT d.company_id,
               COUNT(*) FILTER (WHERE d.state = 'approved') AS sop_count,
               COUNT(*) FILTER (WHERE d.state = 'submitted') AS waiting_paraf,
               COUNT(*) FILTER (WHERE d.state = 'verified') AS waiting_approval,
               MAX(%(today)s::date - d.date_submitted::date)
                   FILTER (WHERE d.state IN ('submitted', 'verified')) AS waiting_days,
               COUNT(*) FILTER (WHERE d.state = 'approved' AND d.date_review < %(today)s::date)
                   AS review_overdue
          FROM sop_document d JOIN agency a ON a.id = d.company_id
         GROUP BY d.company_id
    ), run AS (
        SELECT r.company_id, COUNT(*) AS run_count
          FROM sop_instance r JOIN agency a ON a.id = r.company_id
         WHERE r.date_start >= a.period_start
         GROUP BY r.company_id
    ), step AS (
        SELECT w.company_id, COUNT(*) AS step_done,
               COUNT(*) FILTER (WHERE w.within_standard) AS step_within
          FROM sop_workitem w JOIN agency a ON a.id = w.company_id
         WHERE w.state = 'done' AND w.date_done >= a.period_start
         GROUP BY w.company_id
    ), evaluation AS (
        SELECT e.company_id, COUNT(*) AS evaluation_count
          FROM sop_evaluation e JOIN agency a ON a.id = e.company_id
         WHERE e.state = 'done' AND e.date >= (a.period_start - make_interval(months => a.months))
         GROUP BY e.company_id
    ), adoption AS (
        SELECT d.company_id, COUNT(*) AS template_adopted,
               COUNT(*) FILTER (
                   WHERE EXISTS (SELECT 1 FROM sop_template n WHERE n.previous_id = t.id)
               ) AS template_outdated
          FROM sop_document d
          JOIN agency a ON a.id = d.company_id
          JOIN sop_template t ON t.id = d.template_id AND t.company_id = a.parent_id
         GROUP BY d.company_id
    ), figures AS (
        SELECT a.id, a.parent_id,
               COALESCE(doc.sop_count, 0) AS sop_count,
               COALESCE(doc.waiting_paraf, 0) AS waiting_paraf,
               COALESCE(doc.waiting_approval, 0) AS waiting_approval,
               doc.waiting_days,
               COALESCE(doc.review_overdue, 0) AS review_overdue,
               COALESCE(run.run_count, 0) AS run_count,
               COALESCE(step.step_done, 0) AS step_done,
               COALESCE(step.step_within, 0) AS step_within,
               COALESCE(m.state, 'missing') AS monitoring_state,
               COALESCE(evaluation.evaluation_count, 0) AS evaluation_count,
               COALESCE(adoption.template_adopted, 0) AS template_adopted,
               COALESCE(adoption.template_outdated, 0) AS template_outdated
          FROM agency a
          LEFT JOIN doc ON doc.company_id = a.id
          LEFT JOIN run ON run.company_id = a.id
          LEFT JOIN step ON step.company_id = a.id
          LEFT JOIN evaluation ON evaluation.company_id = a.id
          LEFT JOIN adoption ON adoption.company_id = a.id
          LEFT JOIN sop_monitoring m
                 ON m.company_id = a.id
                AND m.date_from = (a.period_start - make_interval(months => a.months))::date
    )
    SELECT id, id AS company_id, parent_id, sop_count, waiting_paraf, waiting_approval,
           waiting_days, review_overdue, run_count, step_done, step_within,
           CASE WHEN step_done > 0 THEN 100.0 * step_within / step_done END AS within_share,
           monitoring_state, evaluation_count, template_adopted, template_outdated,
           (monitoring_state != 'confirmed' OR review_overdue > 0
            OR COALESCE(waiting_days, 0) > %(late)s) AS lagging
      FROM figures
""",
            agency=self._agency_cte(today),
            today=today,
            late=WAITING_DAYS_LATE,
        )

    # The printed recap
    # ------------------------------------------------------------------
    def _recap(self):
        """These rows as the recap prints them, one recap per pemda, its agencies in the order
        of their names: ``[(pemda, rows, total)]``. A row is ``{"agency": name, "figures":
        [...]}`` with the dashboard's figures in the order of ``RECAP_FIGURES``, ``None``
        where there is no data (no SOP waiting, no step done); the total sums the counts,
        takes the longest wait and the share of all the steps."""
        # The names of the agencies and pemda: a coordinator reads the rows of agencies
        # that are not among his companies, an agency user his pemda's name.
        by_pemda = defaultdict(list)
        for row in self.sudo().sorted(lambda r: r.company_id.name or ""):
            # an agency under no pemda reports on its own letterhead
            by_pemda[row.parent_id or row.company_id].append(row)
        recaps = []
        for pemda, rows in sorted(by_pemda.items(), key=lambda item: item[0].name or ""):
            lines = [
                {
                    "agency": row.company_id.name,
                    "figures": [
                        MONITORING_ID[row.monitoring_state]
                        if name == "monitoring_state"
                        else row._recap_value(name)
                        for name in RECAP_FIGURES
                    ],
                }
                for row in rows
            ]
            recaps.append((pemda, lines, self._recap_total(rows)))
        return recaps

    def _sop_print_company(self):
        """The company whose paper the recap is printed on: the pemda, when the user is in
        it (a coordinator), else the agency."""
        self.ensure_one()
        pemda = self.sudo().parent_id
        return pemda if pemda in self.env.user.company_ids else self.company_id

    def _recap_value(self, name):
        if name == "waiting_days":
            return self.waiting_days if self.waiting_paraf + self.waiting_approval else None
        if name == "within_share":
            return self.within_share if self.step_done else None
        return self[name]

    @api.model
    def _recap_total(self, rows):
        counts = set(RECAP_FIGURES) - {"waiting_days", "within_share", "monitoring_state"}
        total = {name: sum(row[name] for row in rows) for name in counts}
        waits = [row.waiting_days for row in rows if row.waiting_paraf + row.waiting_approval]
        step_done = sum(row.step_done for row in rows)
        total["waiting_days"] = max(waits) if waits else None
        within = sum(row.step_within for row in rows)
        total["within_share"] = 100.0 * within / step_done if step_done else None
        confirmed = sum(row.monitoring_state == "confirmed" for row in rows)
        total["monitoring_state"] = f"{confirmed} / {len(rows)}"
        return [total[name] for name in RECAP_FIGURES]

    def _recap_rows(self):
        """The rows to print: those selected, or every agency of the companies ticked in the
        company switcher (a pemda's agencies, an agency itself)."""
        companies = self.env.companies.ids
        return self or self.search(
            ["|", ("parent_id", "in", companies), ("company_id", "in", companies)]
        )

    def action_print_recap(self):
        rows = self._recap_rows()
        return self.env.ref("sop_lakip.action_report_sop_coordination").report_action(rows)

    def action_download_recap_xlsx(self):
        rows = self._recap_rows()
        return self.env.ref("sop_lakip.action_report_sop_coordination_xlsx").report_action(rows)

    # Drill-down
    # ------------------------------------------------------------------
    def _open(self, model, name, domain):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": f"{name} ({self.company_id.name})",
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("company_id", "=", self.company_id.id), *domain],
            "context": {"create": False},
        }

    # Each label is translated on a line of its own: Odoo 19.0's term extractor would also
    # take the domain's strings of a call that holds a translation ("state", "submitted"…).
    def action_open_sops(self):
        label = self.env._("SOPs in Force")
        return self._open("sop.document", label, [("state", "=", "approved")])

    def action_open_waiting(self):
        label = self.env._("SOPs Waiting")
        return self._open("sop.document", label, [("state", "in", ("submitted", "verified"))])

    def action_open_review_overdue(self):
        today = fields.Date.context_today(self)
        label = self.env._("SOPs Past Review Date")
        return self._open(
            "sop.document", label, [("state", "=", "approved"), ("date_review", "<", today)]
        )

    def action_open_runs(self):
        start, _end = self.env["sop.monitoring"]._period_of(
            self.company_id, fields.Date.context_today(self)
        )
        label = self.env._("Runs This Period")
        return self._open("sop.instance", label, [("date_start", ">=", start)])

    def action_open_monitoring(self):
        return self._open("sop.monitoring", self.env._("SOP Monitoring"), [])

    def action_open_evaluations(self):
        label = self.env._("SOP Evaluations")
        return self._open("sop.evaluation", label, [("state", "=", "done")])

    def action_open_adoptions(self):
        label = self.env._("SOPs from Pemda Templates")
        pemda = [("template_id.company_id", "!=", False)]
        return self._open(
            "sop.document", label, [*pemda, ("template_id.company_id", "=", self.parent_id.id)]
        )

    # Reminders
    # ------------------------------------------------------------------
    def _missing(self):
        """What the agency of this row has left undone, as sentences."""
        self.ensure_one()
        missing = []
        if self.monitoring_state == "missing":
            missing.append(self.env._("The monitoring of the last period has not been prepared."))
        elif self.monitoring_state == "draft":
            missing.append(self.env._("The monitoring of the last period is not confirmed."))
        if self.review_overdue:
            missing.append(
                self.env._(
                    "%(count)s SOP(s) are past their review date.", count=self.review_overdue
                )
            )
        if (self.waiting_days or 0) > WAITING_DAYS_LATE:
            missing.append(
                self.env._(
                    "%(count)s SOP(s) wait for paraf or pengesahan, the oldest for %(days)s days.",
                    count=self.waiting_paraf + self.waiting_approval,
                    days=self.waiting_days,
                )
            )
        return missing

    def _reminder_vals(self, activity_type):
        """The values of the reminders of these rows: one per Sekretaris (not Kepala Dinas)
        of the row's agency, naming what is missing in the Sekretaris's language."""
        secretary = self.env.ref("sop_lakip.group_sop_secretary")
        head = self.env.ref("sop_lakip.group_sop_head")
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    (GROUPS_FIELD, "in", secretary.id),
                    (GROUPS_FIELD, "not in", head.id),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.ids),
                ]
            )
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        deadline = activity_type._get_date_deadline()
        vals_list = []
        for row in self:
            for user in users.filtered(lambda u, c=row.company_id: c in u.company_ids):
                missing = row.with_context(lang=user.lang)._missing()
                vals_list.append(
                    {
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "res_model_id": model_id,
                        "res_id": row.id,
                        "date_deadline": deadline,
                        "note": Markup("<br/>").join(escape(line) for line in missing),
                    }
                )
        return vals_list

    def action_remind(self):
        """Give the Sekretaris of each lagging agency among these rows an activity naming
        what is missing; a reminder still open on the row is replaced by the new one."""
        if not self.env.user.has_group(COORDINATOR):
            raise AccessError(self.env._("Only an SOP coordinator reminds the agencies."))
        lagging = self.filtered("lagging")
        if not lagging:
            raise UserError(self.env._("None of the selected agencies is lagging."))
        activity_type = self.env.ref("sop_lakip.mail_activity_type_sop_coordination")
        Activity = self.env["mail.activity"].sudo()
        Activity.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", lagging.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        ).unlink()
        vals_list = lagging._reminder_vals(activity_type)
        if not vals_list:
            raise UserError(
                self.env._(
                    "%(agencies)s: no Sekretaris to remind. Give the agency's Sekretaris the "
                    "Secretary level of SOP & LAKIP.",
                    agencies=", ".join(lagging.company_id.mapped("name")),
                )
            )
        # No "you have been assigned" e-mail: the systray shows it, with or without e-mail.
        Activity.with_context(mail_activity_quick_update=True).create(vals_list)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s reminder(s) given to the Sekretaris of %(agencies)s.",
                    count=len(vals_list),
                    agencies=", ".join(lagging.company_id.mapped("name")),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
