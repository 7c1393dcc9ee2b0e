from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..compat import GROUPS_FIELD
from ..tools import format_date_id
from .sop_workflow_mixin import workflow_state

REVIEWER = "sop_lakip.group_sop_reviewer"
# Marks the printed statement among the files of a reviu.
STATEMENT_TAG = "Pernyataan Telah Direviu"

# The checklist of the Inspektorat's reviu of the Laporan Kinerja (Permenpan RB 53/2014 and
# the APIP's reviu guide), in the order of the report: each item is answered Ya/Tidak.
CHECKLIST = [
    ("format", "The report follows the format of Permenpan RB 53/2014 (executive summary, "
               "chapters I to IV, annexes)."),
    ("summary", "The executive summary presents the objectives, the main achievements, the "
                "problems met and the efforts made."),
    ("introduction", "Chapter I presents the organisation, its tasks, its structure and its "
                     "strategic issues."),
    ("planning", "Chapter II presents the Renstra and the Perjanjian Kinerja of the year."),
    ("indicators", "The indicators reported are those of the Perjanjian Kinerja and the "
                   "Renstra."),
    ("targets", "The targets reported are those of the Perjanjian Kinerja in force."),
    ("evidence", "The realisation is supported by valid data and evidence that can be traced."),
    ("capaian", "The achievement of each indicator is computed right, by its measurement "
                "method."),
    ("comparison", "The realisation is compared with the previous years and with the Renstra "
                   "end target."),
    ("analysis", "The causes of success or failure and the solutions tried are analysed."),
    ("efficiency", "The efficiency of the resources used is analysed."),
    ("budget", "The budget realisation of the programmes that support the performance is "
               "presented."),
    ("closing", "Chapter IV presents the conclusion and the next steps to improve."),
    ("annexes", "The annexes hold the Perjanjian Kinerja and the other supporting documents."),
]  # fmt: skip


class LakipReviu(models.Model):
    """The Inspektorat's reviu of one LAKIP report (one per report, of its agency).

    - draft: prepared by a reviewer before the report is compiled;
    - review: the report was compiled: the reviewers (Reviewer (APIP)) have *Reviu LAKIP*
      in their inbox, answer the checklist and write their findings;
    - returned: sent back with the findings: the report's responsible Kasubag has *Fix
      Reviu Findings* in his inbox; compiling the report again (or *Ask for Reviu Again*)
      brings it back to review;
    - done: the *Pernyataan Telah Direviu* is issued, signed by the Inspektur (name,
      jabatan, pangkat and NIP as printed). A report compiled again is reviewed again.
    Reviewers write reviews only, those of their agency or, given the pemda company, of
    every agency of the pemda; the agency reads them; auditors read.
    """

    _name = "lakip.reviu"
    _description = "LAKIP Reviu"
    _inherit = ["sop.workflow.mixin", "sop.activity.mixin"]
    _order = "company_id, year desc, id desc"
    _check_company_auto = True
    # Reviewers, otherwise read-only auditors, post and attach on these records.
    _sop_reviewer_record = True
    _WORKFLOW_FIELDS = frozenset({"state", "date_done", "done_by_id"})

    name = fields.Char(compute="_compute_name", store=True)
    report_id = fields.Many2one(
        "lakip.report",
        string="LAKIP",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('state', '!=', 'draft')]",
        tracking=True,
    )
    company_id = fields.Many2one(
        related="report_id.company_id", string="Agency", store=True, index=True
    )
    year = fields.Integer(related="report_id.year", store=True)
    state = workflow_state(
        [
            ("draft", "Draft"),
            ("review", "In Review"),
            ("returned", "Returned"),
            ("done", "Reviewed"),
        ]
    )
    reviewer_ids = fields.Many2many(
        "res.users",
        string="Reviewers",
        default=lambda self: self.env.user if self.env.user.has_group(REVIEWER) else False,
        domain=lambda self: [
            ("share", "=", False),
            (GROUPS_FIELD, "in", self._reviewer_group_ids()),
        ],
        help="The Inspektorat's reviewers of this report: they get it in their inbox. Empty: "
        "every reviewer of the agency and of its pemda.",
    )
    line_ids = fields.One2many(
        "lakip.reviu.line",
        "reviu_id",
        string="Checklist",
        default=lambda self: [Command.create({"item": key}) for key, _label in CHECKLIST],
        copy=False,
    )
    findings = fields.Text(
        tracking=True,
        help="What the Kasubag must correct: sent to him when the reviu is returned.",
    )
    date_review = fields.Date(
        string="Statement Date",
        help="The date printed on the Pernyataan Telah Direviu; the day it is issued when empty.",
    )
    inspector_id = fields.Many2one(
        "hr.employee",
        string="Inspektur in Odoo",
        help="The Inspektur, if he is an employee in Odoo: fills in the signatory below, which "
        "is what prints.",
    )
    inspector_name = fields.Char(
        string="Inspektur (Name)", compute="_compute_inspector", store=True, readonly=False
    )
    inspector_job_title = fields.Char(
        string="Inspektur (Position)",
        compute="_compute_inspector",
        store=True,
        readonly=False,
        help="E.g. Inspektur Kabupaten Boalemo.",
    )
    inspector_rank = fields.Char(
        string="Inspektur (Rank)", compute="_compute_inspector", store=True, readonly=False
    )
    inspector_nip = fields.Char(
        string="Inspektur (NIP)", compute="_compute_inspector", store=True, readonly=False
    )
    date_done = fields.Date(string="Issued On", copy=False, readonly=True)
    done_by_id = fields.Many2one("res.users", string="Issued By", copy=False, readonly=True)
    _sql_constraints = [
        ("report_uniq", "unique(report_id)", "A LAKIP has one reviu."),
    ]

    @api.model
    def _reviewer_group_ids(self):
        group = self.env.ref(REVIEWER, raise_if_not_found=False)
        return group.ids if group else []

    @api.depends("report_id.year")
    def _compute_name(self):
        for reviu in self:
            reviu.name = f"Reviu LAKIP {reviu.report_id.year or ''}".strip()

    @api.depends("inspector_id")
    def _compute_inspector(self):
        for reviu in self.filtered("inspector_id"):
            block = reviu.inspector_id._get_signature_block()
            reviu.inspector_name = block["name"]
            reviu.inspector_job_title = block["job_title"]
            reviu.inspector_rank = block["rank"]
            reviu.inspector_nip = block["nip"]

    @api.constrains("reviewer_ids", "company_id")
    def _check_reviewers(self):
        for reviu in self:
            wrong = reviu.reviewer_ids.filtered(
                lambda u, r=reviu: (
                    not u.has_group(REVIEWER) or not u.company_ids & r._reviewer_companies()
                )
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "%(names)s cannot review %(reviu)s: a reviewer is a Reviewer (APIP) "
                        "of %(agency)s or of its pemda.",
                        names=", ".join(wrong.mapped("name")),
                        reviu=reviu.display_name,
                        agency=reviu.company_id.name,
                    )
                )

    def _reviewer_companies(self):
        """The companies whose reviewers review this reviu: its agency and the agency's
        pemda (its parent company, whose Inspektorat reviews every agency of it)."""
        self.ensure_one()
        return self.company_id | self.company_id.parent_id

    def _agency_reviewers(self):
        """{reviu: the reviewers of its agency and of its pemda}, read in one search."""
        companies = self.company_id | self.company_id.parent_id
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    (GROUPS_FIELD, "in", self._reviewer_group_ids()),
                    ("company_ids", "in", companies.ids),
                    ("share", "=", False),
                ]
            )
        )
        return lambda reviu: users.filtered(lambda u: u.company_ids & reviu._reviewer_companies())

    def write(self, vals):
        result = super().write(vals)
        if "reviewer_ids" in vals:  # the reviu moves to the inboxes of the reviewers named
            self.filtered(lambda r: r.state == "review").sudo()._activity_update()
        return result

    def _compute_display_name(self):
        for reviu in self:
            agency = reviu.company_id.name
            reviu.display_name = f"{reviu.name} \u2013 {agency}" if agency else reviu.name

    def _workflow_error(self):
        return self.env._("A reviu's state changes with its buttons.")

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------
    def _check_reviewer(self):
        self._check_group(
            REVIEWER, self.env._("Only a Reviewer (APIP) of the Inspektorat can do this.")
        )

    def _post(self, body):
        for reviu in self:
            reviu.message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.model
    def _request_for(self, reports, reason=None):
        """The compiled ``reports`` go to their reviewers: their reviu is created, or
        reopened (returned, or done before the report was compiled again). ``reason``: the
        chatter's line, by default who compiled them."""
        Reviu = self.sudo()
        revius = Reviu.search([("report_id", "in", reports.ids)])
        revius |= Reviu.create([{"report_id": report.id} for report in reports - revius.report_id])
        reopened = revius.filtered(lambda r: r.state != "review")
        reopened.write({"state": "review", "date_done": False, "done_by_id": False})
        reopened._statement_attachments().unlink()  # the statement of what was reviewed
        reopened._post(reason or self.env._("LAKIP compiled by %s: to review.", self.env.user.name))
        reopened._activity_update(
            feedback=lambda r: self.env._("Compiled again by %s.", self.env.user.name)
        )
        return revius

    @api.model
    def _request_for_compiled_before(self):
        """The LAKIPs compiled before the reviu existed (not signed yet, with no reviu) go
        to their reviewers as if compiled now (the migration to 1.3.0)."""
        reports = self.env["lakip.report"].sudo().search([("state", "=", "compiled")])
        reports -= self.sudo().search([("report_id", "in", reports.ids)]).report_id
        return self._request_for(
            reports, self.env._("LAKIP compiled before the reviu existed: to review.")
        )

    def action_start(self):
        """A draft reviu of a compiled report goes into review."""
        self._check_reviewer()
        self._check_state(["draft"], self.env._("only a draft reviu starts."))
        if any(r.report_id.state in ("draft", "collecting") for r in self):
            raise UserError(self.env._("The LAKIP is not compiled yet: review it once compiled."))
        self._workflow_write({"state": "review"})
        self._activity_update()
        return True

    def action_return(self):
        """Send the findings back to the report's Kasubag (a hand-off in his inbox)."""
        self._check_reviewer()
        self._check_state(["review"], self.env._("only a reviu in review is returned."))
        empty = self.filtered(lambda r: not (r.findings or "").strip())
        if empty:
            raise UserError(
                self.env._(
                    "%s: write the findings the Kasubag must correct first.",
                    empty[0].display_name,
                )
            )
        self._workflow_write({"state": "returned"})
        self._post(self.env._("Returned with findings by %s.", self.env.user.name))
        self._activity_update(feedback=self.env._("Returned by %s.", self.env.user.name))
        return True

    def action_request_again(self):
        """The Kasubag fixed the findings without compiling again: back to the reviewers."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can do this."),
        )
        self._check_state(["returned"], self.env._("only a returned reviu is asked again."))
        self.check_access("read")
        self.report_id.check_access("write")  # his agency's report
        self.sudo().write({"state": "review"})  # after the checks above
        self.sudo()._post(self.env._("Findings fixed by %s: to review again.", self.env.user.name))
        self._activity_update(feedback=self.env._("Fixed by %s.", self.env.user.name))
        return True

    def _get_issue_errors(self):
        """Everything missing before the statement can be issued, all at once."""
        self.ensure_one()
        errors = []
        unanswered = self.line_ids.filtered(lambda line: not line.answer)
        if unanswered:
            errors.append(
                self.env._("Answer every item of the checklist (%s left).", len(unanswered))
            )
        unexplained = self.line_ids.filtered(
            lambda line: line.answer == "no" and not (line.note or "").strip()
        )
        errors += [
            self.env._("Item %(item)s is answered No: say why in its notes.", item=line.sequence)
            for line in unexplained
        ]
        if not (self.inspector_name or "").strip():
            errors.append(self.env._("Give the name of the Inspektur who signs the statement."))
        if not (self.inspector_job_title or "").strip():
            errors.append(self.env._("Give the position (jabatan) of the Inspektur."))
        nip = "".join((self.inspector_nip or "").split())
        if not nip:
            errors.append(self.env._("Give the NIP of the Inspektur."))
        errors += [
            self.env._("The Inspektur's NIP %(nip)s: %(reason)s", nip=nip, reason=reason)
            for reason in (self.env["hr.employee"].new({})._nip_errors(nip) if nip else [])
        ]
        return errors

    def action_issue(self):
        """Issue the Pernyataan Telah Direviu: the reviu is done."""
        self._check_reviewer()
        self._check_state(["review"], self.env._("only a reviu in review is concluded."))
        self._check_errors(
            lambda reviu: reviu._get_issue_errors(),
            lambda record, errors: self.env._(
                "%(record)s cannot be concluded:\n%(errors)s", record=record, errors=errors
            ),
        )
        today = fields.Date.context_today(self)
        for reviu in self:
            if not reviu.date_review:
                reviu.date_review = today
        self._workflow_write({"state": "done", "date_done": today, "done_by_id": self.env.uid})
        self._post(self.env._("Pernyataan Telah Direviu issued by %s.", self.env.user.name))
        self._activity_update(feedback=self.env._("Reviewed by %s.", self.env.user.name))
        return True

    def action_print(self):
        return self.env.ref("sop_lakip.action_report_lakip_reviu").report_action(self)

    def action_open_report(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "lakip.report",
            "res_id": self.report_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Hand-offs
    # ------------------------------------------------------------------
    def _activity_handoff_types(self):
        return [
            "sop_lakip.mail_activity_type_lakip_reviu",
            "sop_lakip.mail_activity_type_lakip_reviu_fix",
        ]

    def _activity_plan(self, reason=None):
        """In review: its reviewers (every reviewer of the agency and of its pemda when none
        is named); returned: the report's responsible Kasubag, told the findings."""
        reviewers = self._agency_reviewers()
        kasubags = self._activity_group_users(
            "sop_lakip.group_sop_kasubag", exclude_xmlid="sop_lakip.group_sop_secretary"
        )
        review = self.env.ref("sop_lakip.mail_activity_type_lakip_reviu")
        fix = self.env.ref("sop_lakip.mail_activity_type_lakip_reviu_fix")
        plan = []
        for reviu in self:
            report = reviu.report_id
            if reviu.state == "review":
                plan.append(
                    (
                        reviu,
                        ["sop_lakip.mail_activity_type_lakip_reviu"],
                        reviu.reviewer_ids or reviewers(reviu),
                        review._get_date_deadline(),
                        self.env._(
                            "Review %(report)s of %(agency)s against the checklist, then "
                            "return it with findings or issue the Pernyataan Telah Direviu.",
                            report=report.name,
                            agency=reviu.company_id.name,
                        ),
                    )
                )
            elif reviu.state == "returned":
                plan.append(
                    (
                        reviu,
                        ["sop_lakip.mail_activity_type_lakip_reviu_fix"],
                        report.user_id or kasubags(reviu.company_id),
                        fix._get_date_deadline(),
                        self.env._(
                            "The Inspektorat returned %(report)s with findings:\n%(findings)s\n"
                            "Correct them, then compile the report again or ask for the reviu "
                            "again.",
                            report=report.name,
                            findings=(reviu.findings or "").strip(),
                        ),
                    )
                )
        return plan

    # ------------------------------------------------------------------
    # The printed statement
    # ------------------------------------------------------------------
    def _date_text(self):
        date = self.date_review or self.date_done
        return format_date_id(date) if date else ""

    def _statement_attachments(self):
        """The printed statements kept on these revius (as superuser: system files)."""
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("description", "=", STATEMENT_TAG),
                ]
            )
        )

    def _statement_attachment(self):
        """The PDF of the Pernyataan Telah Direviu of this done reviu, as an attachment of
        the reviu: printed once, then kept until the reviu is reopened."""
        self.ensure_one()
        if self.state != "done":
            raise UserError(
                self.env._("%s is not finished: it has no statement yet.", self.display_name)
            )
        attachment = self._statement_attachments()[:1]
        if not attachment:
            pdf, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
                "sop_lakip.action_report_lakip_reviu", self.ids
            )
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"Pernyataan Telah Direviu LAKIP {self.year} "
                        f"{self.company_id.name}.pdf",
                        "description": STATEMENT_TAG,
                        "raw": pdf,
                        "mimetype": "application/pdf",
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
            )
        return attachment
