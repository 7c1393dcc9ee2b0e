from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools import readable
from .sop_document import approved_sop
from .sop_workflow_mixin import workflow_state

# The criteria of Permenpan RB 35/2012, chapter IV, in the order of the regulation.
CRITERIA = [
    ("performance", "It drives better performance"),
    ("understandable", "It is easy to understand"),
    ("practicable", "It is easy to carry out"),
    ("roles", "Everyone can play their role"),
    ("problems", "It solves the problems of the process"),
    ("needs", "It answers the organisation's need to improve performance"),
    ("synergy", "It works in synergy with other SOPs"),
]
RECOMMENDATIONS = [("keep", "Keep"), ("revise", "Revise"), ("retire", "Retire")]


class SopEvaluation(models.Model):
    """The evaluation of one SOP against the regulation's criteria, beside the facts of
    its runs, ending in a recommendation: keep, revise or retire it.

    - draft: a Kasubag and up answer each criterion Ya/Tidak with notes;
    - done: the evaluation is concluded and no longer changes; when it recommends a
      revision, *Revise SOP* opens the next revision of the SOP, linked to it.
    Staff and auditors read.
    """

    _name = "sop.evaluation"
    _description = "SOP Evaluation"
    _inherit = ["sop.agency.mixin", "sop.workflow.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _WORKFLOW_FIELDS = frozenset({"state", "revision_id"})

    name = fields.Char(compute="_compute_name", store=True)
    document_id = approved_sop()
    monitoring_line_id = fields.Many2one("sop.monitoring.line", check_company=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    evaluator_id = fields.Many2one("res.users", default=lambda self: self.env.user, tracking=True)
    facts = fields.Text(
        string="Facts from the Runs",
        help="How the SOP ran: from the monitoring line, or the twelve months before the date.",
    )
    line_ids = fields.One2many(
        "sop.evaluation.line",
        "evaluation_id",
        string="Criteria",
        default=lambda self: [Command.create({"criterion": key}) for key, _label in CRITERIA],
    )
    recommendation = fields.Selection(RECOMMENDATIONS, tracking=True)
    conclusion = fields.Text()
    state = workflow_state([("draft", "Draft"), ("done", "Concluded")])
    revision_id = fields.Many2one("sop.document", readonly=True, copy=False, check_company=True)

    @api.depends("document_id", "date")
    def _compute_name(self):
        for evaluation in self:
            evaluation.name = self.env._(
                "Evaluation of %(sop)s (%(date)s)",
                sop=readable(evaluation.document_id).name or "",
                date=evaluation.date or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        evaluations = super().create(vals_list)
        evaluations.filtered(lambda e: not e.facts)._fill_facts()
        return evaluations

    def write(self, vals):
        if not self.env.su and any(e.state == "done" for e in self):
            raise UserError(self.env._("A concluded evaluation no longer changes."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if not self.env.su and any(e.state == "done" for e in self):
            raise UserError(self.env._("A concluded evaluation is kept as evidence."))

    def _fill_facts(self):
        """The facts of the runs: the monitoring line's, else the year before the date."""
        Monitoring = self.env["sop.monitoring"]
        for evaluation in self:
            line = evaluation.monitoring_line_id
            if line:
                facts = f"{line.monitoring_id.period_label}: {line._facts_text()}"
            else:
                date_from = evaluation.date - relativedelta(years=1, days=-1)
                fig = Monitoring._execution_figures(
                    evaluation.document_id, evaluation.company_id, date_from, evaluation.date
                ).get(evaluation.document_id.id, {})
                scratch = self.env["sop.monitoring.line"].new(
                    {"document_id": evaluation.document_id.id}
                )
                scratch.update(
                    scratch._figure_vals(fig, evaluation.company_id.sop_monitoring_min_within)
                )
                facts = (
                    f"{date_from:%d.%m.%Y} - {evaluation.date:%d.%m.%Y}: {scratch._facts_text()}"
                )
            evaluation.sudo().facts = facts

    @api.model
    def _open_new(self, document, line=None):
        """The form of a new evaluation of ``document`` (from a monitoring ``line``)."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "sop.evaluation",
            "view_mode": "form",
            "context": {
                "default_document_id": document.id,
                "default_company_id": document.company_id.id,
                "default_monitoring_line_id": line.id if line else False,
            },
        }

    def action_conclude(self):
        """Conclude the evaluation: every criterion answered and a recommendation chosen."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._(
                "Only a Kasubag, the Sekretaris or the Kepala Dinas concludes an evaluation."
            ),
        )
        self._check_state(["draft"], self.env._("it is already concluded."))
        errors = []
        for evaluation in self:
            missing = evaluation.line_ids.filtered(lambda c: not c.answer)
            if missing:
                errors.append(
                    self.env._(
                        "%(evaluation)s: answer Yes or No to: %(criteria)s.",
                        evaluation=evaluation.name,
                        criteria="; ".join(missing.mapped("name")),
                    )
                )
            if not evaluation.recommendation:
                errors.append(self.env._("%s: choose the recommendation.", evaluation.name))
        if errors:
            raise UserError("\n".join(errors))
        self._workflow_write({"state": "done"})
        return True

    def action_revise(self):
        """Open the next revision of the SOP, linked to this evaluation."""
        self.ensure_one()
        if self.state != "done" or self.recommendation != "revise":
            raise UserError(
                self.env._(
                    "%s: only a concluded evaluation that recommends a revision opens one.",
                    self.name,
                )
            )
        if self.revision_id:
            raise UserError(
                self.env._(
                    "%(evaluation)s already opened %(revision)s.",
                    evaluation=self.name,
                    revision=self.revision_id.display_name,
                )
            )
        action = self.document_id.action_revise()
        revision = self.env["sop.document"].browse(action["res_id"])
        # Only this button links a revision to its evaluation (see sop.document._SYSTEM_FIELDS).
        revision.sudo().evaluation_id = self
        self.sudo().revision_id = revision
        revision.message_post(body=self.env._("Revision opened by %s.", self._get_html_link()))
        return action
