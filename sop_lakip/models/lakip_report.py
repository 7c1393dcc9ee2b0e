from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from ..tools import format_number, selection_label
from .lakip_target import (
    COMPUTED_FIELDS,
    LOCKED_STATES,
    REPORT_LOCKED_STATES,
    capaian_text,
    realisation_text,
    renstra_capaian_text,
    target_text,
)
from .sop_workflow_mixin import workflow_state

# Fields a report keeps as they were from the state given on: what was compiled,
# signed and sent is not rewritten (a change goes through Reopen, with a reason).
FROZEN_FIELDS = {
    "compiled": {"capaian_cap", "company_id", "year"},
    "signed": {"signed_document", "signed_document_name"},
    "sent": {"letter_id", "letter_number", "recipients", "date_sent"},
}
FROZEN_FROM = {
    "compiled": ("compiled", "signed", "sent"),
    "signed": ("signed", "sent"),
    "sent": ("sent",),
}

# What the Tabel Capaian reads of each target (of the three years), of its indicator and
# of the indicator's objective: (model, alias in the query, stored columns).
CAPAIAN_COLUMNS = [
    ("lakip.target", "t", ["id", "indicator_id", "year", "realisation", "has_realisation",
                           "capaian", "has_capaian", "target", "target_max", "status",
                           "analysis"]),
    ("lakip.indicator", "i", ["id", "name", "uom", "sequence", "objective_id", "polarity",
                              "capaian_method", "renstra_target"]),
    ("lakip.objective", "o", ["id", "name", "sequence"]),
]  # fmt: skip


class LakipReport(models.Model):
    """The agency's performance report (LAKIP / LKjIP) of one year.

    - draft: the Kasubag sets the year's targets and generates one worksheet
      (kertas kerja) per Bidang;
    - collecting: the worksheets were sent; each Bidang fills and returns its own,
      its Kepala Bidang verifies it;
    - compiled: every worksheet was verified and taken into the report;
    - signed: the Kepala Dinas signed the report (the signed file is attached);
    - sent: it was delivered (recipients, date, letter number).
    When every worksheet is verified, its responsible Kasubag gets the 'Compile LAKIP'
    activity (unless a running data-collection run has that step).
    """

    _name = "lakip.report"
    _description = "LAKIP Performance Report"
    _inherit = ["sop.agency.mixin", "sop.workflow.mixin", "sop.activity.mixin"]
    _order = "company_id, year desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year - 1,
        help="The year reported on.",
    )
    state = workflow_state(
        [
            ("draft", "Preparation"),
            ("collecting", "Data Collection"),
            ("compiled", "Compiled"),
            ("signed", "Signed"),
            ("sent", "Sent"),
        ]
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user if self.env.uid != SUPERUSER_ID else False,
        domain=[("share", "=", False)],
        tracking=True,
        help="The Kasubag who prepares the report: he is told to compile it when every "
        "worksheet is verified.",
    )
    date_deadline = fields.Date(
        string="Worksheets Due",
        tracking=True,
        help="When the units must return their filled worksheets: the deadline of their "
        "'Fill Worksheet' activity.",
    )
    target_ids = fields.One2many("lakip.target", compute="_compute_target_ids", string="Indicators")
    worksheet_ids = fields.One2many("lakip.worksheet", "report_id", string="Worksheets")
    has_draft_worksheet = fields.Boolean(
        compute="_compute_has_draft_worksheet", help="Some worksheets are not sent yet."
    )
    budget_ids = fields.One2many("lakip.budget", "report_id", string="Programme Budgets")
    instance_id = fields.Many2one(
        "sop.instance",
        string="LAKIP SOP Run",
        check_company=True,
        help="The run of the SOP that prepares this report (Penyusunan LAKIP).",
    )
    collection_instance_id = fields.Many2one(
        "sop.instance",
        string="Data Collection Run",
        check_company=True,
        help="The run of the SOP Pengumpulan Data Kinerja: its per-unit steps follow the "
        "worksheets (a unit's step completes when its worksheet is filled, then verified).",
    )
    draft_attachment_ids = fields.Many2many(
        "ir.attachment", "lakip_report_draft_attachment_rel", string="Drafts"
    )
    signed_document = fields.Binary(string="Signed Report", attachment=True, copy=False)
    signed_document_name = fields.Char()
    capaian_cap = fields.Float(
        string="Achievement Cap (%)",
        compute="_compute_capaian_cap",
        store=True,
        readonly=False,
        help="The cap applied to this report's indicators, taken from the agency when the "
        "report is created, so that a later change does not alter a signed report.",
    )
    recipients = fields.Text(help="One addressee per line, e.g. Kepala BAPPEDA.")
    date_sent = fields.Date(string="Sent On", copy=False)
    letter_id = fields.Many2one(
        "sop.letter",
        string="Cover Letter",
        compute="_compute_letter_id",
        store=True,
        readonly=False,
        check_company=True,
        copy=False,
        help="The Surat Pengantar sending the report: the one numbered at the LAKIP run's "
        "numbering step, or one created here.",
    )
    letter_number = fields.Char(
        string="Cover Letter Number",
        compute="_compute_letter_number",
        store=True,
        readonly=False,
        copy=False,
        help="The number of the cover letter; typed in for a letter numbered outside Odoo.",
    )
    indicator_count = fields.Integer(compute="_compute_summary")
    achieved_count = fields.Integer(string="Achieved", compute="_compute_summary")
    average_capaian = fields.Char(string="Average Achievement", compute="_compute_summary")
    pk_id = fields.Many2one(
        "lakip.pk",
        string="Performance Agreement",
        compute="_compute_pk_id",
        help="The Perjanjian Kinerja in force for the year (the last PK Perubahan signed): "
        "the report compares its realisation against it.",
    )

    _sql_constraints = [
        ("company_year_uniq", "unique(company_id, year)", "An agency has one LAKIP per year."),
    ]

    @api.depends("company_id", "year")
    def _compute_pk_id(self):
        pks = self.env["lakip.pk"].search(
            [
                ("company_id", "in", self.company_id.ids),
                ("year", "in", self.mapped("year")),
                ("state", "=", "signed"),
            ]
        )
        by_key = {(pk.company_id, pk.year): pk for pk in pks}
        for report in self:
            report.pk_id = by_key.get((report.company_id, report.year), False)

    @api.depends("worksheet_ids.state")
    def _compute_has_draft_worksheet(self):
        for report in self:
            report.has_draft_worksheet = "draft" in report.worksheet_ids.mapped("state")

    @api.depends("year")
    def _compute_name(self):
        for report in self:
            report.name = f"LAKIP {report.year}"

    @api.depends("company_id")
    def _compute_capaian_cap(self):
        for report in self:
            report.capaian_cap = report.company_id.lakip_capaian_cap

    @api.depends("instance_id.letter_ids.state")
    def _compute_letter_id(self):
        for report in self:
            letters = report.instance_id.letter_ids.filtered(lambda x: x.state != "cancelled")
            report.letter_id = letters[:1] or report.letter_id

    @api.depends("letter_id.number")
    def _compute_letter_number(self):
        for report in self.filtered("letter_id"):
            report.letter_number = report.letter_id.number

    @api.depends("company_id", "year")
    def _compute_target_ids(self):
        targets = self.env["lakip.target"].search(
            [("company_id", "in", self.company_id.ids), ("year", "in", self.mapped("year"))]
        )
        for report in self:
            report.target_ids = targets.filtered(
                lambda t, r=report: t.company_id == r.company_id and t.year == r.year
            )

    @api.depends("company_id", "year")
    def _compute_summary(self):
        for report in self:
            targets = report.target_ids
            measured = targets.filtered("has_capaian")
            report.indicator_count = len(targets)
            report.achieved_count = len(targets.filtered(lambda t: t.status == "achieved"))
            report.average_capaian = (
                f"{format_number(sum(measured.mapped('capaian')) / len(measured))} %"
                if measured
                else "\u2212"
            )

    def _workflow_error(self):
        return self.env._("A LAKIP's state changes with its buttons.")

    def _check_field_write(self, written):
        """Refuse a change of the fields ``written`` of these reports now."""
        for since, names in FROZEN_FIELDS.items():
            frozen = self.filtered(lambda r, s=since: r.state in FROZEN_FROM[s])
            if frozen and names.intersection(written):
                report = frozen[0]
                raise UserError(
                    self.env._(
                        "%(report)s is %(state)s: %(fields)s stay as they were compiled, "
                        "signed and sent. A Kasubag or the Sekretaris must reopen it, with a "
                        "reason, before they change.",
                        report=report.display_name,
                        state=selection_label(report),
                        fields=", ".join(
                            sorted(
                                self._fields[f].get_description(self.env)["string"]
                                for f in names.intersection(written)
                            )
                        ),
                    )
                )

    def write(self, vals):
        self._check_field_write(vals)
        result = super().write(vals)
        if "capaian_cap" in vals:
            self._recompute_capaian()
        return result

    def _recompute_capaian(self):
        """Recompute the capaian of the year's indicators under the report's cap."""
        targets = self.sudo().target_ids
        for name in COMPUTED_FIELDS:
            self.env.add_to_compute(targets._fields[name], targets)

    # ------------------------------------------------------------------
    # Reopening
    # ------------------------------------------------------------------
    def action_reopen(self):
        """Open the wizard asking why the compiled, signed or sent report is reopened."""
        self._check_kasubag()
        self._check_state(
            list(REPORT_LOCKED_STATES),
            self.env._("only a compiled, signed or sent report can be reopened."),
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen LAKIP"),
            "res_model": "lakip.report.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_report_id": self.id},
        }

    def _reopen(self, reason):
        """Back to data collection with ``reason``, by a Kasubag or the Sekretaris.

        Its worksheets are verified again (still locked): the Kasubag sends back the
        ones whose figures must change, or corrects the targets.
        """
        self._check_kasubag()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the LAKIP is reopened."))
        self._check_state(
            list(REPORT_LOCKED_STATES),
            self.env._("only a compiled, signed or sent report can be reopened."),
        )
        self.worksheet_ids.filtered(lambda w: w.state == "compiled")._workflow_write(
            {"state": "verified"}
        )
        self._workflow_write({"state": "collecting"})
        for report in self:
            report.message_post(
                body=self.env._("Reopened: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _check_kasubag(self):
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can do this."),
        )

    # ------------------------------------------------------------------
    # Worksheets
    # ------------------------------------------------------------------
    def action_generate_worksheets(self):
        """One worksheet per Bidang with indicators, holding that Bidang's targets of the year."""
        self._check_kasubag()
        self._check_state(["draft", "collecting"], self.env._("the report is already compiled."))
        Worksheet = self.env["lakip.worksheet"]
        for report in self:
            indicators = self.env["lakip.indicator"].search(
                [("company_id", "=", report.company_id.id)]
            )
            targets = report.target_ids
            missing = indicators - targets.indicator_id
            if missing:
                raise UserError(
                    self.env._(
                        "These indicators have no target for %(year)s; set them first:\n%(names)s",
                        year=report.year,
                        names="\n".join(f"- {i.name}" for i in missing),
                    )
                )
            existing = {w.department_id: w for w in report.worksheet_ids}
            new = Worksheet.create(
                [
                    {"report_id": report.id, "department_id": department.id}
                    for department in targets.department_id
                    if department not in existing
                ]
            )
            existing.update({w.department_id: w for w in new})
            for department, worksheet in existing.items():
                unassigned = targets.filtered(
                    lambda t, d=department: t.department_id == d and not t.worksheet_id
                )
                if unassigned and worksheet.state in LOCKED_STATES:
                    raise UserError(
                        self.env._(
                            "%(worksheet)s is already verified: reopen it to add %(names)s.",
                            worksheet=worksheet.display_name,
                            names=", ".join(unassigned.indicator_id.mapped("name")),
                        )
                    )
                unassigned.sudo().worksheet_id = worksheet  # after the Kasubag check
        return True

    def action_send_worksheets(self):
        """Generate the worksheets if needed and send every draft one to its Bidang."""
        self.action_generate_worksheets()
        self.worksheet_ids.filtered(lambda w: w.state == "draft").action_send()
        self.filtered(lambda r: r.state == "draft")._workflow_write({"state": "collecting"})
        self.worksheet_ids._follow_run("send")
        return True

    def action_compile(self):
        """Take every verified worksheet into the report; all must be verified."""
        self._check_kasubag()
        self._check_state(["collecting"], self.env._("only a report collecting data compiles."))
        for report in self:
            loose = report.target_ids.filtered(lambda t: not t.worksheet_id)
            if loose:
                raise UserError(
                    self.env._(
                        "%(report)s cannot be compiled: these indicators are on no worksheet; "
                        "send the worksheets again:\n%(names)s",
                        report=report.display_name,
                        names="\n".join(f"- {t.indicator_id.name}" for t in loose),
                    )
                )
            pending = report.worksheet_ids.filtered(lambda w: w.state != "verified")
            if pending or not report.worksheet_ids:
                raise UserError(
                    self.env._(
                        "%(report)s cannot be compiled: these worksheets are not verified yet:"
                        "\n%(names)s",
                        report=report.display_name,
                        names="\n".join(f"- {w.display_name}" for w in pending)
                        or self.env._("(no worksheets)"),
                    )
                )
        self.worksheet_ids._workflow_write({"state": "compiled"})
        self._workflow_write({"state": "compiled"})
        self._activity_update(feedback=self.env._("Compiled by %s.", self.env.user.name))
        self.worksheet_ids._follow_run("compile")
        return True

    def _activity_handoff_types(self):
        return ["sop_lakip.mail_activity_type_lakip_compile"]

    def _activity_plan(self, reason=None):
        """Collecting, every worksheet verified: the responsible Kasubag compiles it."""
        compile_type = self.env.ref("sop_lakip.mail_activity_type_lakip_compile")
        kasubags = self._activity_group_users(
            "sop_lakip.group_sop_kasubag", exclude_xmlid="sop_lakip.group_sop_secretary"
        )
        return [
            (
                report,
                ["sop_lakip.mail_activity_type_lakip_compile"],
                report.user_id or kasubags(report.company_id),
                compile_type._get_date_deadline(),
                self.env._("Every worksheet of %s is verified: compile the LAKIP.", report.year),
            )
            for report in self
            if report.state == "collecting"
            and report.worksheet_ids
            and all(w.state == "verified" for w in report.worksheet_ids)
            and report.collection_instance_id.state != "running"
        ]

    def action_mark_signed(self):
        self._check_kasubag()
        self._check_state(["compiled"], self.env._("only a compiled report can be signed."))
        if any(not r.signed_document for r in self):
            raise UserError(self.env._("Attach the signed report first."))
        self._workflow_write({"state": "signed"})
        return True

    def action_mark_sent(self):
        self._check_kasubag()
        self._check_state(["signed"], self.env._("only a signed report can be sent."))
        if any(not (r.recipients or "").strip() for r in self):
            raise UserError(self.env._("Say to whom the report is sent (Recipients)."))
        for report in self:
            report.date_sent = report.date_sent or fields.Date.context_today(report)
        self._workflow_write({"state": "sent"})
        return True

    def action_create_letter(self):
        """Draft the Surat Pengantar of the report; its number comes with 'Give Number'."""
        self.ensure_one()
        self._check_kasubag()
        kind = self.env["sop.letter.kind"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        if not kind:
            raise UserError(
                self.env._("Set up a kind of letter for %s first.", self.company_id.name)
            )
        self.letter_id = self.env["sop.letter"].create(
            self.env["sop.letter"]._prepare_vals(
                kind,
                self.env._("Cover letter of %s", self.name),
                [self._get_letter_line_vals()],
                instance=self.instance_id,
                recipients=self.recipients,
            )
        )
        return self.action_open_letter()

    def _get_letter_line_vals(self):
        """The line of the cover letter that sends this report (printed in Indonesian)."""
        return {
            "name": f"Laporan Kinerja Instansi Pemerintah (LKjIP) {self.company_id.name} "
            f"Tahun {self.year}",
            "quantity": "1 (satu) eksemplar",
            "note": "Disampaikan dengan hormat",
        }

    def action_open_letter(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sop.letter",
            "res_id": self.letter_id.id,
            "view_mode": "form",
        }

    def action_print_letter(self):
        self.ensure_one()
        if not self.letter_id:
            raise UserError(self.env._("%s has no cover letter yet.", self.display_name))
        return self.letter_id.action_print()

    def action_view_targets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sop_lakip.lakip_target_action")
        action["domain"] = [("company_id", "=", self.company_id.id), ("year", "=", self.year)]
        action["context"] = {"search_default_group_objective": 1}
        return action

    def action_export_capaian(self):
        self.ensure_one()
        return self.env.ref("sop_lakip.action_report_lakip_capaian_xlsx").report_action(self)

    # ------------------------------------------------------------------
    # Tabel Capaian Kinerja
    # ------------------------------------------------------------------
    def _get_capaian_rows(self):
        """The rows of the LAKIP chapter III table, with the two previous years.

        The targets of the three years are searched through the ORM (record rules); their
        values, with their indicators' and objectives', come in one plain query per year
        group and are formatted by the helpers of the targets' display fields: a table of
        thousands of rows goes through no per-field formatting.
        """
        self.ensure_one()
        Target = self.env["lakip.target"]
        ids = Target._search([("company_id", "=", self.company_id.id), ("year", "=", self.year)])
        rows = list(Target._read_rows(ids, CAPAIAN_COLUMNS))
        previous_ids = Target._search(
            [("indicator_id", "in", list({row[0]["indicator_id"] for row in rows})),
             ("year", "in", [self.year - 1, self.year - 2])]
        )  # fmt: skip
        # by indicator and years back: a row reads no field of the report
        previous = {
            (t["indicator_id"], self.year - t["year"]): t
            for t, _i, _o in Target._read_rows(previous_ids, CAPAIAN_COLUMNS)
        }
        none = {"sequence": 0, "id": 0, "name": ""}
        keyed = []
        for target, indicator, objective in rows:
            objective = objective if objective["id"] else none
            keyed.append(
                (
                    (objective["sequence"], objective["id"], indicator["sequence"],
                     indicator["id"]),
                    self._capaian_row(target, indicator, objective, previous),
                )
            )  # fmt: skip
        return [row for _key, row in sorted(keyed, key=lambda r: r[0])]

    def _capaian_row(self, target, indicator, objective, previous):
        """One row of the Tabel Capaian from the values read by ``_get_capaian_rows``
        (``previous``: the targets of the earlier years by indicator id and years back)."""
        dash = "\u2212"
        years = [previous.get((indicator["id"], back)) for back in (1, 2)]
        return {
            "objective": objective["name"] or "",
            "indicator": indicator["name"],
            "uom": indicator["uom"],
            "target": target_text(target["target"], target["target_max"], indicator["polarity"]),
            "realisation": realisation_text(target["realisation"], target["has_realisation"]),
            "capaian": capaian_text(target["capaian"], target["has_capaian"]),
            "previous": [
                (
                    realisation_text(p["realisation"], p["has_realisation"]) if p else dash,
                    capaian_text(p["capaian"], p["has_capaian"]) if p else dash,
                )
                for p in years
            ],
            "renstra": format_number(indicator["renstra_target"])
            if indicator["renstra_target"]
            else dash,
            "renstra_capaian": renstra_capaian_text(
                indicator["polarity"],
                indicator["capaian_method"],
                indicator["renstra_target"],
                target["realisation"],
                target["has_realisation"],
            ),
            "status": target["status"],
            "analysis": target["analysis"] or "",
        }
