from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import format_date_id, format_number, selection_label
from .lakip_target import target_text
from .sop_workflow_mixin import workflow_state

# States of a PK whose targets are the ones signed (or being signed): they change only
# through a PK Perubahan.
PK_LOCKING_STATES = ("to_sign", "signed")


class LakipPk(models.Model):
    """The Perjanjian Kinerja (PK) of one agency for one year (Permenpan RB 53/2014).

    - draft: a Kasubag prepares it: the parties, the programmes and their budgets; the
      targets are the year's targets (``lakip.target``), shown as they are;
    - to_sign: submitted, in the Kepala Dinas' activity inbox; the year's targets are
      locked; the signed scan is attached here;
    - signed: the Kepala Dinas marked it signed (the scan attached): its targets are
      copied (``line_ids``) and the pihak pertama's signature block is kept, so that the
      PK stays as signed whatever changes later; the year's targets are locked;
    - superseded: a PK Perubahan of the same year was signed; it stays readable, linked.
    A PK Perubahan (``previous_id``) is made from a signed PK by 'Amend' with the reason of
    the change: while it is a draft the year's targets can be changed again.

    The programmes are the PK's own lines (``program_ids``, typed from the DPA), not the
    LAKIP's ``lakip.budget``: the LAKIP of the year is made after it, and its pagu follows the
    APBD Perubahan, which must not rewrite what was signed. They are written while the PK is
    a draft only, so a signed PK keeps them as signed.
    """

    _name = "lakip.pk"
    _description = "Performance Agreement (Perjanjian Kinerja)"
    _inherit = ["sop.agency.mixin", "sop.workflow.mixin", "sop.activity.mixin"]
    _order = "company_id, year desc, id desc"
    _check_company_auto = True

    _WORKFLOW_FIELDS = frozenset(
        {"state", "date_signed", "signed_by_id", "superseded_by_id", "reject_reason",
         "submitted_by_id"}
    )  # fmt: skip

    name = fields.Char(compute="_compute_name", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
        help="The year whose targets the agreement sets.",
    )
    date = fields.Date(
        string="Agreement Date",
        default=fields.Date.context_today,
        tracking=True,
        help="The date printed above the signatures (within a month of the budget, DPA).",
    )
    state = workflow_state(
        [
            ("draft", "Draft"),
            ("to_sign", "Awaiting Signature"),
            ("signed", "Signed"),
            ("superseded", "Superseded"),
        ]
    )
    head_id = fields.Many2one(
        "hr.employee",
        string="First Party (Head of Agency)",
        default=lambda self: self.env.company.sop_head_id,
        check_company=True,
        tracking=True,
        help="The Kepala Dinas (pihak pertama): his jabatan, name, pangkat and NIP are "
        "printed from his employee record, and kept as they were when the PK is signed.",
    )
    head_job_title = fields.Char(string="Signed As (Position)", copy=False, readonly=True)
    head_name = fields.Char(string="Signed As (Name)", copy=False, readonly=True)
    head_rank = fields.Char(string="Signed As (Rank)", copy=False, readonly=True)
    head_nip = fields.Char(string="Signed As (NIP)", copy=False, readonly=True)
    superior_name = fields.Char(
        string="Second Party (Name)",
        tracking=True,
        help="The superior of the Kepala Dinas (pihak kedua), e.g. the Bupati: not an "
        "employee of the agency, so typed.",
    )
    superior_job_title = fields.Char(
        string="Second Party (Position)", tracking=True, help="E.g. Bupati Boalemo."
    )
    program_ids = fields.One2many("lakip.pk.program", "pk_id", string="Programmes", copy=True)
    line_ids = fields.One2many(
        "lakip.pk.line",
        "pk_id",
        string="Signed Targets",
        copy=False,
        help="The targets as they were when the PK was signed.",
    )
    target_ids = fields.One2many(
        "lakip.target", compute="_compute_target_ids", string="Targets of the Year"
    )
    budget_total = fields.Monetary(string="Total Budget", compute="_compute_budget_total")
    previous_id = fields.Many2one(
        "lakip.pk",
        string="Amends",
        check_company=True,
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The PK this PK Perubahan replaces once signed.",
    )
    superseded_by_id = fields.Many2one("lakip.pk", check_company=True, copy=False, readonly=True)
    is_amendment = fields.Boolean(string="PK Perubahan", compute="_compute_is_amendment")
    change_reason = fields.Text(
        string="Reason for the Change",
        copy=False,
        tracking=True,
        help="Why the targets or budgets change during the year (e.g. the APBD Perubahan).",
    )
    change_summary = fields.Text(
        string="Changes", compute="_compute_change_summary", help="What this PK Perubahan changes."
    )
    signed_document = fields.Binary(
        string="Signed Scan",
        attachment=True,
        copy=False,
        help="The scan of the PK signed by both parties (PDF or image).",
    )
    signed_document_name = fields.Char(copy=False)
    submitted_by_id = fields.Many2one(
        "res.users", string="Sent for Signature By", copy=False, readonly=True
    )
    reject_reason = fields.Text(
        string="Returned Because",
        copy=False,
        readonly=True,
        help="Why the Kepala Dinas sent the PK back instead of signing it.",
    )
    date_signed = fields.Date(string="Marked Signed On", copy=False, readonly=True)
    signed_by_id = fields.Many2one(
        "res.users", string="Marked Signed By", copy=False, readonly=True
    )

    @api.depends("year", "previous_id")
    def _compute_name(self):
        for pk in self:
            label = "PK Perubahan" if pk.previous_id else "PK"
            pk.name = f"{label} {pk.year}"

    @api.depends("previous_id")
    def _compute_is_amendment(self):
        for pk in self:
            pk.is_amendment = bool(pk.previous_id)

    @api.depends("company_id", "year")
    def _compute_target_ids(self):
        targets = self.env["lakip.target"].search(
            [("company_id", "in", self.company_id.ids), ("year", "in", self.mapped("year"))]
        )
        for pk in self:
            pk.target_ids = targets.filtered(
                lambda t, p=pk: t.company_id == p.company_id and t.year == p.year
            )

    @api.depends("program_ids.budget")
    def _compute_budget_total(self):
        for pk in self:
            pk.budget_total = sum(pk.program_ids.mapped("budget"))

    @api.depends("previous_id", "program_ids.budget", "program_ids.name", "line_ids", "state")
    def _compute_change_summary(self):
        for pk in self:
            pk.change_summary = "\n".join(pk._change_lines()) if pk.previous_id else False

    def _change_lines(self):
        """What changed from the PK amended: targets and programme budgets, one line each."""
        self.ensure_one()
        before = {row["key"]: row for row in self.previous_id._get_target_rows()}
        after = {row["key"]: row for row in self._get_target_rows()}
        lines = []
        for key, row in after.items():
            old = before.get(key)
            if not old:
                lines.append(self.env._("New target: %(indicator)s %(target)s", **row))
            elif old["target"] != row["target"]:
                lines.append(
                    self.env._(
                        "Target of %(indicator)s: %(old)s → %(new)s",
                        indicator=row["indicator"],
                        old=old["target"],
                        new=row["target"],
                    )
                )
        lines += [
            self.env._("Target removed: %(indicator)s", indicator=row["indicator"])
            for key, row in before.items()
            if key not in after
        ]
        old_budgets = {p.name: p.budget for p in self.previous_id.program_ids}
        new_budgets = {p.name: p.budget for p in self.program_ids}
        for name, budget in new_budgets.items():
            if name not in old_budgets:
                lines.append(
                    self.env._("New programme: %(name)s, %(budget)s", name=name,
                               budget=money_text(budget))
                )  # fmt: skip
            elif old_budgets[name] != budget:
                lines.append(
                    self.env._(
                        "Budget of %(name)s: %(old)s → %(new)s",
                        name=name,
                        old=money_text(old_budgets[name]),
                        new=money_text(budget),
                    )
                )
        lines += [
            self.env._("Programme removed: %(name)s", name=name)
            for name in old_budgets
            if name not in new_budgets
        ]
        return lines

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------
    @api.constrains("company_id", "year", "previous_id", "state")
    def _check_one_per_year(self):
        """One PK in force per agency and year: a second one is a PK Perubahan of it."""
        others = self.search(
            [
                ("company_id", "in", self.company_id.ids),
                ("year", "in", self.mapped("year")),
                ("state", "!=", "superseded"),
            ]
        )
        for pk in self:
            if pk.previous_id and pk.previous_id.year != pk.year:
                raise ValidationError(
                    self.env._(
                        "%(pk)s amends %(previous)s: it is of the same year.",
                        pk=pk.display_name,
                        previous=pk.previous_id.display_name,
                    )
                )
            clash = others.filtered(
                lambda o, p=pk: (
                    o.company_id == p.company_id
                    and o.year == p.year
                    and o not in (p | p.previous_id)
                    and o.previous_id != p
                )
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(agency)s already has %(pk)s for %(year)s: amend it with a PK "
                        "Perubahan instead.",
                        agency=pk.company_id.name,
                        pk=clash[0].display_name,
                        year=pk.year,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if any(pk.state != "draft" for pk in self):
            raise UserError(self.env._("Only a draft Performance Agreement can be deleted."))

    def _workflow_error(self):
        return self.env._("A Performance Agreement's state changes with its buttons.")

    @api.model
    def _check_targets_open(self, targets):
        """Refuse a change of ``targets`` whose year has a PK awaiting signature or signed,
        unless a PK Perubahan of that year is a draft."""
        if not targets:
            return
        pks = self.sudo().search(
            [
                ("company_id", "in", targets.company_id.ids),
                ("year", "in", list(set(targets.mapped("year")))),
                ("state", "in", ("draft", *PK_LOCKING_STATES)),
            ]
        )
        keys = {(t.company_id, t.year) for t in targets}
        pks = pks.filtered(lambda p: (p.company_id, p.year) in keys)
        opened = {(p.company_id, p.year) for p in pks if p.state == "draft" and p.previous_id}
        locked = pks.filtered(
            lambda p: p.state in PK_LOCKING_STATES and (p.company_id, p.year) not in opened
        )
        if locked:
            pk = locked[0]
            raise UserError(
                self.env._(
                    "The targets of %(year)s are those of %(pk)s (%(state)s): they change "
                    "only through a PK Perubahan. Amend %(pk)s first.",
                    year=pk.year,
                    pk=pk.display_name,
                    state=selection_label(pk),
                )
            )

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------
    def _check_kasubag(self):
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can do this."),
        )

    def _get_submit_errors(self):
        """Everything missing before this PK can go to the Kepala Dinas, all at once."""
        self.ensure_one()
        errors = []
        if not self.head_id:
            errors.append(self.env._("Choose the Head of Agency (first party)."))
        if not (self.superior_name or "").strip() or not (self.superior_job_title or "").strip():
            errors.append(self.env._("Give the name and position of the second party."))
        if not self.target_ids:
            errors.append(self.env._("%s has no targets yet.", self.year))
        if not self.program_ids:
            errors.append(self.env._("List the programmes and their budgets."))
        if self.previous_id and not (self.change_reason or "").strip():
            errors.append(self.env._("Say why the PK changes (Reason for the Change)."))
        return errors

    def action_submit(self):
        """Send the draft to the Kepala Dinas to sign; the year's targets are locked."""
        self._check_kasubag()
        self._check_state(["draft"], self.env._("only a draft can be sent for signature."))
        self._check_errors(
            lambda pk: pk._get_submit_errors(),
            lambda record, errors: self.env._(
                "%(record)s cannot be sent for signature:\n%(errors)s", record=record, errors=errors
            ),
        )
        self._workflow_write(
            {"state": "to_sign", "submitted_by_id": self.env.uid, "reject_reason": False}
        )
        for pk in self:
            pk.message_post(
                body=self.env._("Sent for signature by %s.", self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        self._activity_update()
        return True

    def action_back_to_draft(self):
        self._check_kasubag()
        self._check_state(["to_sign"], self.env._("only a PK awaiting signature goes back."))
        self._workflow_write({"state": "draft"})
        for pk in self:
            pk.message_post(
                body=self.env._("Back to draft by %s.", self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        self._activity_update(feedback=self.env._("Back to draft by %s.", self.env.user.name))
        return True

    def action_reject(self):
        """Ask the Kepala Dinas why he sends the PK back instead of signing it."""
        self._check_head()
        self._check_state(["to_sign"], self.env._("only a PK awaiting signature is returned."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Performance Agreement"),
            "res_model": "lakip.pk.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_pk_ids": self.ids},
        }

    def _reject(self, reason):
        """Back to draft with ``reason``: whoever sent it corrects it and sends it again."""
        self._check_head()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the Performance Agreement is returned."))
        self._check_state(["to_sign"], self.env._("only a PK awaiting signature is returned."))
        self._workflow_write({"state": "draft", "reject_reason": reason})
        for pk in self:
            pk.message_post(
                body=self.env._("Returned by %(user)s: %(reason)s", user=self.env.user.name,
                                reason=reason),
                subtype_xmlid="mail.mt_comment",
            )  # fmt: skip
        self._activity_update(
            feedback=self.env._("Returned by %(user)s: %(reason)s", user=self.env.user.name,
                                reason=reason),
            reason=reason,
        )  # fmt: skip
        return True

    def _check_head(self):
        self._check_group(
            "sop_lakip.group_sop_head",
            self.env._("Only the Kepala Dinas signs or returns a Performance Agreement."),
        )

    def action_sign(self):
        """The Kepala Dinas marks the PK signed (the signed scan attached): its targets and
        his signature block are kept as signed; the PK it amends is superseded."""
        self._check_head()
        self._check_state(["to_sign"], self.env._("only a PK awaiting signature is signed."))
        if any(not pk.signed_document for pk in self):
            raise UserError(self.env._("Attach the scan of the signed Performance Agreement."))
        today = fields.Date.context_today(self)
        for pk in self:
            block = pk.head_id._get_signature_block()
            pk._workflow_write(
                {
                    "state": "signed",
                    "date_signed": today,
                    "signed_by_id": self.env.uid,
                    "head_job_title": block["job_title"],
                    "head_name": block["name"],
                    "head_rank": block["rank"],
                    "head_nip": block["nip"],
                    "line_ids": [Command.clear()]
                    + [Command.create(vals) for vals in pk._prepare_line_vals()],
                }
            )
            previous = pk.previous_id.filtered(lambda p: p.state == "signed")
            if previous:
                previous._workflow_write({"state": "superseded", "superseded_by_id": pk.id})
                previous.message_post(
                    body=self.env._("Superseded by %s.", pk._get_html_link()),
                    subtype_xmlid="mail.mt_note",
                )
            pk.message_post(
                body=self.env._("Marked signed by %s.", self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        self._activity_update(feedback=self.env._("Signed by %s.", self.env.user.name))
        return True

    def action_amend(self):
        """Start the PK Perubahan of this signed PK: a draft with its parties and
        programmes; the year's targets can change while it is a draft."""
        self.ensure_one()
        self._check_kasubag()
        self._check_state(["signed"], self.env._("only a signed PK is amended."))
        amendment = self.search([("previous_id", "=", self.id)], limit=1)
        if not amendment:
            amendment = self.copy({"previous_id": self.id, "date": fields.Date.context_today(self)})
            amendment.message_post(
                body=self.env._("PK Perubahan of %s.", self._get_html_link()),
                subtype_xmlid="mail.mt_note",
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "lakip.pk",
            "res_id": amendment.id,
            "view_mode": "form",
        }

    def action_print(self):
        return self.env.ref("sop_lakip.action_report_lakip_pk").report_action(self)

    def _activity_handoff_types(self):
        return [
            "sop_lakip.mail_activity_type_lakip_pk_sign",
            "sop_lakip.mail_activity_type_lakip_pk_fix",
        ]

    def _activity_plan(self, reason=None):
        """Awaiting signature: the agency's Kepala Dinas signs it; returned: whoever sent
        it corrects it."""
        heads = self._activity_group_users("sop_lakip.group_sop_head")
        sign = self.env.ref("sop_lakip.mail_activity_type_lakip_pk_sign")
        fix = self.env.ref("sop_lakip.mail_activity_type_lakip_pk_fix")
        plan = [
            (
                pk,
                ["sop_lakip.mail_activity_type_lakip_pk_fix"],
                pk.submitted_by_id or pk.create_uid,
                fix._get_date_deadline(),
                self.env._(
                    "Returned by the Kepala Dinas: %s. Correct the Performance Agreement and "
                    "send it for signature again.",
                    reason or pk.reject_reason,
                ),
            )
            for pk in self
            if pk.state == "draft" and pk.reject_reason
        ]
        for pk in self.filtered(lambda p: p.state == "to_sign"):
            head = pk.head_id.user_id or pk.company_id.sop_head_id.user_id
            users = (
                head
                if head and head.has_group("sop_lakip.group_sop_head")
                else heads(pk.company_id)
            )
            plan.append(
                (
                    pk,
                    ["sop_lakip.mail_activity_type_lakip_pk_sign"],
                    users,
                    sign._get_date_deadline(),
                    self.env._(
                        "Sign %(pk)s with %(superior)s, then attach the signed scan and mark "
                        "it signed.",
                        pk=pk.display_name,
                        superior=pk.superior_job_title or "",
                    ),
                )
            )
        return plan

    # ------------------------------------------------------------------
    # Targets and programmes as printed
    # ------------------------------------------------------------------
    def _prepare_line_vals(self):
        """The values of the signed copy of the year's targets."""
        self.ensure_one()
        targets = self.sudo().target_ids.sorted(
            lambda t: (t.objective_id.sequence, t.objective_id.id, t.indicator_sequence,
                       t.indicator_id.id)
        )  # fmt: skip
        return [
            {
                "sequence": index,
                "objective_id": target.objective_id.id,
                "objective_name": target.objective_id.name or "",
                "indicator_id": target.indicator_id.id,
                "indicator_name": target.indicator_id.name,
                "uom": target.uom or "",
                "target": target.target,
                "target_max": target.target_max,
                "target_display": target_text(target.target, target.target_max, target.polarity),
            }
            for index, target in enumerate(targets, start=1)
        ]

    def _get_target_rows(self):
        """The rows of the attachment's first table: the signed ones once signed, the year's
        targets before; each with the objective, the indicator and the target as printed."""
        if not self:
            return []
        self.ensure_one()
        if self.state in ("signed", "superseded"):
            values = [
                {**line.read(["objective_name", "indicator_name", "uom", "target_display"])[0],
                 "key": line.indicator_id.id or line.indicator_name}
                for line in self.line_ids.sorted("sequence")
            ]  # fmt: skip
        else:
            values = [{**vals, "key": vals["indicator_id"]} for vals in self._prepare_line_vals()]
        return [
            {
                "key": vals["key"],
                "objective": vals["objective_name"] or "",
                "indicator": vals["indicator_name"],
                "target": " ".join(p for p in (vals["target_display"], vals["uom"]) if p),
            }
            for vals in values
        ]

    def _get_pihak_pertama(self):
        """(jabatan, name, pangkat, NIP) of the first party: as signed, or from his record."""
        self.ensure_one()
        if self.state in ("signed", "superseded"):
            return (self.head_job_title, self.head_name, self.head_rank, self.head_nip)
        block = self.head_id._get_signature_block() if self.head_id else {}
        return tuple(block.get(k) or "" for k in ("job_title", "name", "rank", "nip"))

    def _date_text(self):
        return format_date_id(self.date) if self.date else ""


def money_text(value):
    """An amount in rupiah as printed: Rp 1.250.000.000."""
    return f"Rp {format_number(value)}"


class LakipPkProgram(models.Model):
    """A programme of the PK's attachment and its budget (anggaran) as agreed."""

    _name = "lakip.pk.program"
    _description = "Performance Agreement Programme"
    _order = "pk_id, sequence, id"
    _check_company_auto = True

    pk_id = fields.Many2one(
        "lakip.pk", string="Performance Agreement", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="pk_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Programme", required=True)
    objective_id = fields.Many2one(
        "lakip.objective", string="Strategic Objective", check_company=True
    )
    budget = fields.Monetary(string="Budget (Anggaran)", required=True)
    note = fields.Char(string="Remarks", help="Printed in the column Keterangan, e.g. APBD.")

    _sql_constraints = [
        ("budget_positive", "CHECK(budget >= 0)", "A budget cannot be negative."),
    ]


class LakipPkLine(models.Model):
    """A target as the PK was signed with it (the signed copy of ``lakip.target``)."""

    _name = "lakip.pk.line"
    _description = "Signed Performance Agreement Target"
    _order = "pk_id, sequence, id"
    _rec_name = "indicator_name"

    pk_id = fields.Many2one(
        "lakip.pk", string="Performance Agreement", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="pk_id.company_id", store=True, index=True)
    sequence = fields.Integer()
    objective_id = fields.Many2one("lakip.objective", ondelete="set null")
    objective_name = fields.Char(string="Strategic Objective")
    indicator_id = fields.Many2one("lakip.indicator", ondelete="set null")
    indicator_name = fields.Char(string="Performance Indicator")
    uom = fields.Char(string="Unit")
    target = fields.Float(digits=(16, 2))
    target_max = fields.Float(string="Target (upper bound)", digits=(16, 2))
    target_display = fields.Char(string="Target ")
