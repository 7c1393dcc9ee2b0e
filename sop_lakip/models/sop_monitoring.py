from collections import defaultdict
from datetime import date, datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from ..compat import GROUPS_FIELD
from ..tools import ROMAN, format_date_id, readable
from .sop_workflow_mixin import workflow_state

METHODS = [
    ("observation", "Supervisor observation"),
    ("interview_performers", "Interviews with the performers"),
    ("interview_customers", "Interviews with customers"),
    ("discussion", "Meetings and group discussion"),
    ("guidance", "Guidance during execution"),
]


def period_bounds(day, months):
    """(first day, last day) of the period of ``months`` months (counted from January) that
    holds ``day``."""
    start = date(day.year, (day.month - 1) // months * months + 1, 1)
    return start, start + relativedelta(months=months, days=-1)


class SopMonitoring(models.Model):
    """The monitoring of an agency's SOPs over one period (Permenpan RB 35/2012, Tabel 7).

    - draft: prepared at the end of the period (by the cron, or by a Kasubag), one line per
      SOP in force, its figures taken from the runs; the assessor (the Sekretaris unless the
      agency names someone) has the 'Fill SOP Monitoring' activity and judges each line;
    - confirmed: the assessor confirmed (initialled) it; nobody changes it afterwards.
    A Kasubag and up prepare it and refresh its figures; staff and auditors read it.
    """

    _name = "sop.monitoring"
    _description = "SOP Monitoring"
    _inherit = ["sop.agency.mixin", "sop.workflow.mixin", "sop.activity.mixin"]
    _order = "company_id, date_from desc"
    _check_company_auto = True
    _WORKFLOW_FIELDS = frozenset({"state", "date_confirmed"})

    name = fields.Char(compute="_compute_name", store=True)
    # A period is judged once it is over (see action_confirm): a new form is for the
    # agency's last finished period.
    date_from = fields.Date(
        string="Period From", required=True, default=lambda self: self._default_period()[0]
    )
    date_to = fields.Date(
        string="Period To", required=True, default=lambda self: self._default_period()[1]
    )
    period_label = fields.Char(string="Period", compute="_compute_name", store=True)
    assessor_id = fields.Many2one(
        "res.users",
        compute="_compute_assessor_id",
        store=True,
        readonly=False,
        precompute=True,
        domain=[("share", "=", False)],
        tracking=True,
        help="Who judges each SOP and initials the form: the agency's monitoring assessor, "
        "the Sekretaris unless the agency names someone else.",
    )
    method = fields.Selection(
        METHODS,
        string="Monitoring Method",
        default="observation",
        help="How the assessor checked the SOPs besides the figures of the runs.",
    )
    state = workflow_state([("draft", "To Assess"), ("confirmed", "Confirmed")])
    date_confirmed = fields.Date(string="Confirmed On", readonly=True, copy=False)
    line_ids = fields.One2many("sop.monitoring.line", "monitoring_id", string="SOPs")

    _sql_constraints = [
        (
            "company_period_uniq",
            "unique(company_id, date_from)",
            "An agency has one monitoring per period.",
        ),
    ]

    @api.depends("date_from", "date_to")
    def _compute_name(self):
        for monitoring in self:
            monitoring.period_label = monitoring._period_label()
            monitoring.name = self.env._("SOP Monitoring %s", monitoring.period_label)

    def _period_label(self):
        """'Semester II 2024', 'Triwulan I 2024' or 'Tahun 2024', from the dates."""
        start, end = self.date_from, self.date_to
        if not start or not end:
            return ""
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months == 6:
            return f"Semester {ROMAN[(start.month - 1) // 6 + 1]} {start.year}"
        if months == 3:
            return f"Triwulan {ROMAN[(start.month - 1) // 3 + 1]} {start.year}"
        if months == 12 and start.month == 1:
            return f"Tahun {start.year}"
        return f"{start:%d.%m.%Y} - {end:%d.%m.%Y}"

    @api.depends("company_id")
    def _compute_assessor_id(self):
        companies = readable(self.company_id)
        assessors = self._default_assessors(companies)
        for monitoring in self:
            company = monitoring.company_id
            monitoring.assessor_id = assessors.get(company) if company in companies else False

    @api.model
    def _default_assessors(self, companies):
        """{agency: its named assessor, else its Sekretaris (the first Secretary who is not
        its head)} of ``companies``, in one query whatever their number."""
        assessors = {c: c.sop_monitoring_assessor_id for c in companies}
        rest = companies.filtered(lambda c: not assessors[c])
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    (GROUPS_FIELD, "in", self.env.ref("sop_lakip.group_sop_secretary").id),
                    (GROUPS_FIELD, "not in", self.env.ref("sop_lakip.group_sop_head").id),
                    ("company_ids", "in", rest.ids),
                    ("share", "=", False),
                    ("id", "!=", SUPERUSER_ID),
                ],
                order="id",
            )
            if rest
            else self.env["res.users"]
        )
        first = {}
        for user in users:  # in the order of their ids: the first of each agency
            for company in user.company_ids:
                first.setdefault(company, user)
        for company in rest:
            assessors[company] = first.get(company, self.env["res.users"])
        return assessors

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------
    @api.model
    def _period_of(self, company, day):
        """(first day, last day) of ``company``'s monitoring period holding ``day``."""
        return period_bounds(day, int(company.sop_monitoring_months or 6))

    @api.model
    def _last_period_of(self, company, day):
        """(first day, last day) of ``company``'s last monitoring period finished on ``day``."""
        start, _end = self._period_of(company, day)
        return self._period_of(company, start - relativedelta(days=1))

    @api.model
    def _default_period(self):
        return self._last_period_of(self.env.company, fields.Date.context_today(self))

    @api.model
    def _utc_bounds(self, company, date_from, date_to):
        """The period as naive UTC datetimes [start, end) in the agency's time zone."""
        tz = pytz.timezone(company.resource_calendar_id.tz or "UTC")

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return utc(date_from), utc(date_to + relativedelta(days=1))

    # ------------------------------------------------------------------
    # Preparing
    # ------------------------------------------------------------------
    @api.model
    def _cron_prepare_monitorings(self):
        """Prepare the monitoring of every agency's period that has just ended.

        Idempotent: an agency's period that already has its monitoring is left alone.
        """
        today = fields.Date.context_today(self)
        companies = self.env["sop.document"].sudo().search([("state", "=", "approved")]).company_id
        periods = {company: self._last_period_of(company, today) for company in companies}
        existing = self.sudo().search(
            [
                ("company_id", "in", companies.ids),
                ("date_from", "in", [p[0] for p in periods.values()]),
            ]
        )
        done = {(m.company_id, m.date_from) for m in existing}
        todo = [(c, p) for c, p in periods.items() if (c, p[0]) not in done]
        return self.sudo()._prepare(todo)

    def _prepare(self, periods):
        """Create the monitorings of ``periods`` [(company, (date_from, date_to))], with a line
        per SOP in force prefilled from the runs, and hand them to their assessors."""
        monitorings = self.create(
            [
                {
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
                for company, (date_from, date_to) in periods
            ]
        )
        monitorings.action_prepare_lines()
        return monitorings

    def action_prepare_lines(self):
        """Add a line for each SOP in force that has none, and refresh every line's figures."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas prepares a monitoring."),
        )
        self._check_state(["draft"], self.env._("a confirmed monitoring no longer changes."))
        self.check_access("write")  # the figures are written as superuser below
        documents = self.env["sop.document"].search(
            [("state", "=", "approved"), ("company_id", "in", self.company_id.ids)],
            order="number, name, id",
        )
        # Each agency's SOPs numbered in the order above (a line's sequence is its number).
        numbered = defaultdict(list)
        for doc in documents:
            numbered[doc.company_id].append((len(numbered[doc.company_id]) + 1, doc))
        new = []
        for monitoring in self:
            present = set(monitoring.line_ids.document_id.ids)
            new += [
                (monitoring, doc, index)
                for index, doc in numbered[monitoring.company_id]
                if doc.id not in present
            ]
        Line = self.env["sop.monitoring.line"]
        old = self.line_ids
        figures = Line._figures(
            [(m, doc) for m, doc, _index in new]
            + [(line.monitoring_id, line.document_id) for line in old]
        )
        # The new lines are created with their figures, which only the system writes: as
        # superuser, then checked against the user's access rights and rules as Odoo's own
        # create does.
        Line.sudo().create(
            [
                {
                    "monitoring_id": monitoring.id,
                    "document_id": doc.id,
                    "sequence": index,
                    **Line._figure_vals(
                        figures[monitoring, doc], monitoring.company_id.sop_monitoring_min_within
                    ),
                }
                for monitoring, doc, index in new
            ]
        ).sudo(False).check_access("create")
        old._refresh_figures(figures)
        self._activity_update()
        return True

    # ------------------------------------------------------------------
    # Confirming
    # ------------------------------------------------------------------
    def _confirm_errors(self):
        """What prevents these monitorings from being confirmed, every problem at once."""
        errors = []
        for line in self.line_ids:
            where = f"{line.monitoring_id.name}, {line.sequence}. {line.document_id.name}"
            if line.has_runs and not line.judgement:
                errors.append(self.env._("%s: choose the assessment.", where))
            if line.judgement and line.judgement != line.judgement_suggested and not line.note:
                errors.append(
                    self.env._(
                        "%s: the assessment differs from the one the figures suggest; "
                        "say why in the notes.",
                        where,
                    )
                )
        return errors

    def action_confirm(self):
        """The assessor confirms (initials) the monitoring; it no longer changes."""
        self._check_state(["draft"], self.env._("it is already confirmed."))
        today = fields.Date.context_today(self)
        for monitoring in self:
            if monitoring.date_to >= today:
                raise UserError(
                    self.env._(
                        "%(monitoring)s covers the period up to %(end)s: confirm it once the "
                        "period has ended.",
                        monitoring=monitoring.name,
                        end=format_date_id(monitoring.date_to),
                    )
                )
            if self.env.user != monitoring.assessor_id and not self.env.user.has_group(
                "sop_lakip.group_sop_head"
            ):
                raise UserError(
                    self.env._(
                        "%(monitoring)s is confirmed by its assessor, %(assessor)s.",
                        monitoring=monitoring.name,
                        assessor=monitoring.assessor_id.name or "-",
                    )
                )
        errors = self._confirm_errors()
        if errors:
            raise UserError("\n".join(errors))
        self._workflow_write(
            {"state": "confirmed", "date_confirmed": fields.Date.context_today(self)}
        )
        self._activity_update(feedback=self.env._("Confirmed by %s.", self.env.user.name))
        return True

    def write(self, vals):
        if not self.env.su and any(m.state == "confirmed" for m in self):
            raise UserError(self.env._("A confirmed monitoring is signed: it no longer changes."))
        result = super().write(vals)
        if "assessor_id" in vals:
            self._activity_update()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if not self.env.su and any(m.state == "confirmed" for m in self):
            raise UserError(self.env._("A confirmed monitoring is signed: it cannot be deleted."))

    def action_download_xlsx(self):
        return self.env.ref("sop_lakip.action_report_sop_monitoring_xlsx").report_action(self)

    def _get_table_rows(self):
        """The rows of the monitoring table (Tabel 7) with the figures beside them, in the
        language of the context."""
        self.ensure_one()
        labels = dict(self.line_ids._fields["judgement"]._description_selection(self.env))
        return [
            {
                "number": index,
                "procedure": line.document_id.name,
                "sop_number": line.document_id.number or "",
                "judgement": labels.get(line.judgement, ""),
                "note": line.note or "",
                "action": line.action_needed or "",
                "facts": line._facts_text(),
                # no step done: no share and no ratio (None), which is not 0
                "figures": [
                    line.run_started,
                    line.run_done,
                    line.run_cancelled,
                    line.step_done,
                    line.within_share if line.step_done else None,
                    line.ratio_mean if line.step_done else None,
                    line.ratio_max if line.step_done else None,
                    line.step_overdue,
                    line.step_escalated,
                    line.loopback_count,
                ],
            }
            for index, line in enumerate(self.line_ids, start=1)
        ]

    # ------------------------------------------------------------------
    # Hand-offs
    # ------------------------------------------------------------------
    def _activity_handoff_types(self):
        return ["sop_lakip.mail_activity_type_sop_monitoring"]

    def _activity_plan(self, reason=None):
        """To assess: the assessor fills the form within a month of the period's end (by
        today when it is prepared later than that)."""
        today = fields.Date.context_today(self)
        return [
            (
                monitoring,
                ["sop_lakip.mail_activity_type_sop_monitoring"],
                monitoring.assessor_id,
                max(monitoring.date_to + relativedelta(months=1), today),
                self.env._(
                    "Judge how each SOP ran in %s, beside the figures of its runs, and "
                    "confirm the monitoring.",
                    monitoring.period_label,
                ),
            )
            for monitoring in self
            if monitoring.state == "draft" and monitoring.assessor_id
        ]

    # ------------------------------------------------------------------
    # Figures from the runs
    # ------------------------------------------------------------------
    @api.model
    def _execution_figures(self, documents, company, date_from, date_to):
        """{document id: figures} of the runs of ``documents`` (and of their earlier
        revisions) started in the period, aggregated in SQL whatever the number of runs.

        The work items counted are those started in the period.
        """
        roots = {doc: doc.origin_id or doc for doc in documents}
        revisions = self.env["sop.document"].search(
            ["|", ("id", "in", documents.ids), ("origin_id", "in", [r.id for r in roots.values()])]
        )
        root_of = {rev.id: (rev.origin_id or rev).id for rev in revisions}
        start, end = self._utc_bounds(company, date_from, date_to)
        figures = defaultdict(lambda: defaultdict(float))
        runs = self.env["sop.instance"]._read_group(
            [
                ("document_id", "in", revisions.ids),
                ("date_start", ">=", start),
                ("date_start", "<", end),
            ],
            ["document_id", "state"],
            ["__count"],
        )
        for document, state, count in runs:
            fig = figures[root_of[document.id]]
            fig["run_started"] += count
            fig["run_done"] += count if state == "done" else 0
            fig["run_cancelled"] += count if state == "cancelled" else 0
        items_domain = [
            ("document_id", "in", revisions.ids),
            ("date_start", ">=", start),
            ("date_start", "<", end),
        ]
        self._item_figures(items_domain, root_of, figures, min(end, fields.Datetime.now()))
        self._step_figures(items_domain, root_of, figures)
        return {doc.id: dict(figures[roots[doc].id]) for doc in documents}

    @api.model
    def _item_figures(self, domain, root_of, figures, end):
        """Done, within standard, ratios, escalated and overdue work items into ``figures``."""
        Workitem = self.env["sop.workitem"]
        groups = Workitem._read_group(
            domain,
            ["document_id", "state", "within_standard", "escalated"],
            ["__count", "duration_ratio:sum", "duration_ratio:max"],
        )
        for document, state, within, escalated, count, ratio_sum, ratio_max in groups:
            fig = figures[root_of[document.id]]
            fig["step_escalated"] += count if escalated else 0
            if state != "done":
                continue
            fig["step_done"] += count
            fig["step_within"] += count if within else 0
            fig["step_overdue"] += 0 if within else count
            fig["ratio_sum"] += ratio_sum or 0.0
            fig["ratio_max"] = max(fig["ratio_max"], ratio_max or 0.0)
        late_open = Workitem._read_group(
            [*domain, ("state", "=", "open"), ("date_deadline", "<", end)],
            ["document_id"],
            ["__count"],
        )
        for document, count in late_open:
            figures[root_of[document.id]]["step_overdue"] += count

    @api.model
    def _step_figures(self, domain, root_of, figures):
        """Per step: the 'No' answers (loop-backs) and the slowest one, into ``figures``."""
        groups = self.env["sop.workitem"]._read_group(
            [*domain, ("state", "=", "done")],
            ["document_id", "step_id", "outcome"],
            ["__count", "duration_ratio:sum"],
        )
        # The steps' numbers and names in one query: read group by group, each step would
        # look for the others to read among every step of the groups (all the SOPs of a
        # province's agencies that ran: 185,525 steps in a semester of the benchmark).
        steps = self.env["sop.step"].browse({group[1].id for group in groups})
        steps.fetch(["number", "name"])
        label = {step.id: (step.number, step.name) for step in steps}
        per_step = defaultdict(lambda: [0, 0.0])
        for document, step, outcome, count, ratio_sum in groups:
            root = root_of[document.id]
            number, name = label[step.id]
            if outcome == "no":
                figures[root].setdefault("loopbacks", defaultdict(int))[number] += count
            per_step[root, number, name][0] += count
            per_step[root, number, name][1] += ratio_sum or 0.0
        for (root, number, name), (count, ratio_sum) in per_step.items():
            mean = ratio_sum / count
            slowest = figures[root].get("slowest")
            if not slowest or mean > slowest[2] or (mean == slowest[2] and number < slowest[0]):
                figures[root]["slowest"] = (number, name, mean)

    # ------------------------------------------------------------------
    # LAKIP indicators from the SOPs
    # ------------------------------------------------------------------
    # The figures a LAKIP indicator may take its quarterly realisation from: each is
    # {quarter '1'-'4': value} for the quarters of ``year`` that have begun, in a few queries
    # whatever the number of runs (the LAKIP part says which figure an indicator takes).
    @api.model
    def _quarters_begun(self, year):
        """{quarter '1'-'4': (first day, last day)} of the quarters of ``year`` begun today."""
        today = fields.Date.context_today(self)
        starts = {str(q): date(year, 3 * q - 2, 1) for q in range(1, 5)}
        return {q: period_bounds(start, 3) for q, start in starts.items() if start <= today}

    @api.model
    def _quarter_sops_evaluated(self, company, year):
        """The number of SOP evaluations concluded in each quarter."""
        groups = self.env["sop.evaluation"]._read_group(
            [
                ("company_id", "=", company.id),
                ("state", "=", "done"),
                ("date", ">=", date(year, 1, 1)),
                ("date", "<=", date(year, 12, 31)),
            ],
            ["date:quarter"],
            ["__count"],
        )
        counts = {str((day.month - 1) // 3 + 1): count for day, count in groups}
        return {q: float(counts.get(q, 0)) for q in self._quarters_begun(year)}

    @api.model
    def _quarter_sops_monitored(self, company, year):
        """The % of the SOPs in force on a confirmed monitoring whose period ended by the
        quarter's end."""
        in_force = self.env["sop.document"].search_count(
            [("company_id", "=", company.id), ("state", "=", "approved")]
        )
        lines = self.env["sop.monitoring.line"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("monitoring_id.state", "=", "confirmed"),
                ("monitoring_id.date_to", ">=", date(year, 1, 1)),
                ("monitoring_id.date_to", "<=", date(year, 12, 31)),
            ],
            ["document_id", "monitoring_id"],
        )
        result = {}
        for quarter, (_start, end) in self._quarters_begun(year).items():
            done = lines.filtered(lambda line, e=end: line.monitoring_id.date_to <= e)
            roots = {(d.origin_id or d).id for d in done.document_id}
            result[quarter] = round(100.0 * len(roots) / in_force, 2) if in_force else 0.0
        return result

    @api.model
    def _quarter_steps_within(self, company, year):
        """The % of the steps done in each quarter within their Mutu Baku; a quarter without
        steps done has no value (no data is not 0 %)."""
        result = {}
        for quarter, (start, end) in self._quarters_begun(year).items():
            utc_start, utc_end = self._utc_bounds(company, start, end)
            groups = self.env["sop.workitem"]._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "done"),
                    ("date_done", ">=", utc_start),
                    ("date_done", "<", utc_end),
                ],
                ["within_standard"],
                ["__count"],
            )
            counts = dict(groups)
            total = sum(counts.values())
            if total:
                result[quarter] = round(100.0 * counts.get(True, 0) / total, 2)
        return result
