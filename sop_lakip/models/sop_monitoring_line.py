from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import format_figure

JUDGEMENTS = [("good", "Running well"), ("poor", "Not running well")]
# What the assessor writes; everything else on a line is the runs' figures.
ASSESSOR_FIELDS = frozenset({"judgement", "note", "action_needed"})
FIGURES = (
    "run_started",
    "run_done",
    "run_cancelled",
    "step_done",
    "step_within",
    "step_overdue",
    "step_escalated",
)


class SopMonitoringLine(models.Model):
    """One SOP on a monitoring form: the figures of its runs in the period, the judgement
    they suggest, and the assessor's judgement, notes and action to take.

    The figures are refreshed by the monitoring (never typed); the judgement, notes and
    action are written by the monitoring's assessor or the Kepala Dinas.
    """

    _name = "sop.monitoring.line"
    _description = "SOP Monitoring Line"
    _order = "monitoring_id, sequence, id"
    _check_company_auto = True

    monitoring_id = fields.Many2one("sop.monitoring", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="monitoring_id.company_id", store=True, index=True)
    state = fields.Selection(related="monitoring_id.state")
    sequence = fields.Integer(string="No.", default=1)
    document_id = fields.Many2one(
        "sop.document",
        string="Procedure",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    run_started = fields.Integer(string="Runs Started", readonly=True)
    run_done = fields.Integer(string="Runs Finished", readonly=True)
    run_cancelled = fields.Integer(string="Runs Cancelled", readonly=True)
    step_done = fields.Integer(string="Steps Done", readonly=True)
    step_within = fields.Integer(string="Steps Within Standard", readonly=True)
    within_share = fields.Float(
        string="Within Standard (%)",
        readonly=True,
        digits=(16, 1),
        help="Share of the steps done in the period that took no longer than their Mutu Baku.",
    )
    ratio_mean = fields.Float(
        string="Mean Actual / Standard",
        readonly=True,
        digits=(16, 2),
        help="The mean, over the steps done, of their working time divided by their Mutu Baku.",
    )
    ratio_max = fields.Float(string="Worst Actual / Standard", readonly=True, digits=(16, 2))
    step_overdue = fields.Integer(
        string="Steps Overdue",
        readonly=True,
        help="Steps done later than their Mutu Baku, or still open past their deadline.",
    )
    step_escalated = fields.Integer(string="Steps Escalated", readonly=True)
    loopback_count = fields.Integer(
        string="'No' Loop-backs", readonly=True, help="Decisions answered No (Tidak)."
    )
    loopback_where = fields.Char(
        string="Loop-backs At",
        readonly=True,
        help="The decision steps answered No, and how often: 7 (2x) is step 7, twice.",
    )
    slowest_step = fields.Char(
        readonly=True, help="The step with the highest mean actual / standard ratio."
    )
    slowest_ratio = fields.Float(
        string="Slowest Step Ratio",
        readonly=True,
        digits=(16, 2),
        help="The mean actual / standard ratio of the slowest step.",
    )
    has_runs = fields.Boolean(string="Ran in the Period", readonly=True)
    judgement_suggested = fields.Selection(
        JUDGEMENTS,
        string="Suggested Assessment",
        readonly=True,
        help="From the agency's rule: not running well when fewer steps than the agency's "
        "share were done within standard.",
    )
    judgement = fields.Selection(JUDGEMENTS, string="Assessment")
    note = fields.Text(string="Notes", help="Catatan hasil penilaian.")
    action_needed = fields.Text(string="Action to Take", help="Tindakan yang harus diambil.")
    facts = fields.Text(compute="_compute_facts", help="The figures of the runs, in words.")
    evaluation_ids = fields.One2many("sop.evaluation", "monitoring_line_id", string="Evaluations")

    @api.depends("document_id.name", "monitoring_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = (
                f"{line.document_id.name or ''} \u2013 {line.monitoring_id.name or ''}"
            )

    @api.model
    def _figures(self, pairs):
        """The figures of the runs of each ``(monitoring, document)`` of ``pairs`` in the
        monitoring's period: ``{(monitoring, document): fig}`` (see ``_execution_figures``),
        in a few queries per period: the pairs of monitorings whose periods start and end at
        the same instant (in UTC) are counted together, whatever the number of agencies."""
        Monitoring = self.env["sop.monitoring"]
        bounds = {
            m: Monitoring._utc_bounds(m.company_id, m.date_from, m.date_to)
            for m in {monitoring for monitoring, _document in pairs}
        }
        by_bounds = defaultdict(list)
        for monitoring, document in pairs:
            by_bounds[bounds[monitoring]].append((monitoring, document))
        result = {}
        for group in by_bounds.values():
            first = group[0][0]
            documents = self.env["sop.document"].browse({d.id: None for _m, d in group})
            figures = Monitoring._execution_figures(
                documents, first.company_id, first.date_from, first.date_to
            )
            for monitoring, document in group:
                result[monitoring, document] = figures.get(document.id, {})
        return result

    def _refresh_figures(self, figures=None):
        """Write the figures of these lines from the runs (or from ``figures``, as
        ``_figures`` gives them)."""
        if figures is None:
            figures = self._figures([(line.monitoring_id, line.document_id) for line in self])
        # One write per set of values: the lines of SOPs that did not run share theirs.
        lines_of = defaultdict(list)
        for line in self:
            monitoring = line.monitoring_id
            vals = line._figure_vals(
                figures[monitoring, line.document_id],
                monitoring.company_id.sop_monitoring_min_within,
            )
            lines_of[tuple(sorted(vals.items()))].append(line.id)
        for vals, ids in lines_of.items():
            self.browse(ids).sudo().write(dict(vals))

    def _figure_vals(self, fig, threshold):
        """The values of a line from its ``fig`` (see ``_execution_figures``)."""
        done = int(fig.get("step_done", 0))
        loopbacks = fig.get("loopbacks", {})
        slowest = fig.get("slowest")
        share = 100.0 * fig.get("step_within", 0) / done if done else 0.0
        vals = {name: int(fig.get(name, 0)) for name in FIGURES}
        suggested = ("good" if share >= threshold else "poor") if done else False
        vals.update(
            within_share=share,
            ratio_mean=fig.get("ratio_sum", 0.0) / done if done else 0.0,
            ratio_max=fig.get("ratio_max", 0.0),
            loopback_count=sum(loopbacks.values()),
            # language-neutral: the line is read and printed in several languages
            loopback_where=", ".join(
                f"{step} ({count}x)" for step, count in sorted(loopbacks.items())
            ),
            slowest_step=f"{slowest[0]}. {slowest[1]}" if slowest else False,
            slowest_ratio=slowest[2] if slowest else 0.0,
            has_runs=bool(vals["run_started"] or done),
            judgement_suggested=suggested,
        )
        if not self.judgement or self.judgement == self.judgement_suggested:
            vals["judgement"] = suggested
        return vals

    @api.depends("run_started", "step_done", "within_share", "ratio_mean", "loopback_count")
    def _compute_facts(self):
        for line in self:
            line.facts = line._facts_text()

    def _facts_text(self):
        """The figures in one paragraph, in the language of the context."""
        if not self.has_runs:
            return self.env._("Not run in this period.")

        def figure(value, digits, suffix=""):  # no step done: no share, no ratio
            return format_figure(self.env, value if self.step_done else None, digits, suffix)

        parts = [
            self.env._(
                "%(started)s runs started (%(done)s finished, %(cancelled)s cancelled); "
                "%(steps)s steps done, %(share)s within the standard time; actual/standard "
                "mean %(mean)s, worst %(worst)s; %(overdue)s overdue, %(escalated)s escalated.",
                started=self.run_started,
                done=self.run_done,
                cancelled=self.run_cancelled,
                steps=self.step_done,
                share=figure(self.within_share, 1, " %"),
                mean=figure(self.ratio_mean, 2),
                worst=figure(self.ratio_max, 2),
                overdue=self.step_overdue,
                escalated=self.step_escalated,
            )
        ]
        if self.loopback_count:
            parts.append(
                self.env._(
                    "Decisions answered No (loop-backs): %(count)s, at steps %(where)s.",
                    count=self.loopback_count,
                    where=self.loopback_where,
                )
            )
        if self.slowest_step:
            # lines refreshed before the ratio had its field carry it in the step's text
            slowest = self.slowest_step
            if self.slowest_ratio:
                slowest = f"{slowest} ({figure(self.slowest_ratio, 2)})"
            parts.append(self.env._("Slowest step: %s.", slowest))
        return " ".join(parts)

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    def _check_open(self):
        if not self.env.su and any(line.monitoring_id.state == "confirmed" for line in self):
            raise UserError(self.env._("A confirmed monitoring is signed: it no longer changes."))

    def _check_assessor(self):
        user = self.env.user
        if self.env.su or user.has_group("sop_lakip.group_sop_head"):
            return
        for monitoring in self.monitoring_id:
            if monitoring.assessor_id != user:
                raise UserError(
                    self.env._(
                        "%(monitoring)s is assessed by %(assessor)s: only they write the "
                        "assessment, notes and action to take.",
                        monitoring=monitoring.name,
                        assessor=monitoring.assessor_id.name or "-",
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        figures = (
            {f for vals in vals_list for f in vals}
            - ASSESSOR_FIELDS
            - {
                "sequence",
                "monitoring_id",
                "document_id",
            }
        )
        if figures and not self.env.su:
            raise UserError(
                self.env._(
                    "%s come from the SOP runs: refresh the monitoring instead.",
                    ", ".join(sorted(self._fields[f].string for f in figures)),
                )
            )
        lines = super().create(vals_list)
        lines._check_open()
        if not self.env.su and any(ASSESSOR_FIELDS.intersection(v) for v in vals_list):
            lines._check_assessor()
        return lines

    def write(self, vals):
        self.check_access("write")  # the access rights first, then who may write what
        self._check_open()
        if not self.env.su:
            figures = set(vals) - ASSESSOR_FIELDS - {"sequence"}
            if figures:
                raise UserError(
                    self.env._(
                        "%s come from the SOP runs: refresh the monitoring instead.",
                        ", ".join(sorted(self._fields[f].string for f in figures)),
                    )
                )
            self._check_assessor()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_open(self):
        self._check_open()

    def action_evaluate(self):
        """Open a new evaluation of this line's SOP, with the figures of its runs."""
        self.ensure_one()
        return self.env["sop.evaluation"]._open_new(self.document_id, self)
