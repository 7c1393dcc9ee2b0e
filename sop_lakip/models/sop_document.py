import secrets
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import format_date_id, readable, search_boolean, selection_label
from .sop_workflow_mixin import workflow_state

SECTIONS = [
    ("legal_basis", "Legal Basis"),
    ("qualification", "Implementer Qualifications"),
    ("related", "Related SOPs"),
    ("equipment", "Equipment"),
    ("warning", "Warnings"),
    ("record", "Records and Data"),
]
# What the register (Daftar SOP) reads of each SOP.
REGISTER_FIELDS = [
    "company_id", "number", "name", "department_id", "date_effective", "revision", "state"
]  # fmt: skip


def approved_sop(**kwargs):
    """The field holding the approved SOP of the agency that a run or an evaluation is
    of: it is kept while they exist and tracked in their chatter."""
    return fields.Many2one(
        "sop.document",
        string="SOP",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
        domain="[('state', '=', 'approved')]",
        tracking=True,
        **kwargs,
    )


class SopDocument(models.Model):
    """A Standard Operating Procedure in the Permenpan RB 35/2012 format.

    Life cycle and who moves it:
    - draft: a Kasubag writes it; only drafts can be edited or deleted;
    - submitted: the Kasubag submits it once its flow is valid;
    - verified: the Sekretaris checks it and initials it (paraf);
    - approved: the Kepala Dinas signs it (pengesahan): the approval date, the
      effective date and the signatory are set, and the revision it replaces
      becomes superseded;
    - superseded: a newer revision of the same SOP was approved.
    A Sekretaris (submitted) or the Kepala Dinas (submitted, verified) can reject it
    back to draft with a reason. "Revise" turns an approved SOP into the next
    revision, a draft with the same number.
    Each hand-off is an activity of whoever acts next (see ``_activity_plan``): the
    Sekretaris initials, the Kepala Dinas approves, the author corrects a rejected SOP
    and reviews an approved one before its review date.
    """

    _name = "sop.document"
    _description = "Standard Operating Procedure"
    _inherit = ["sop.agency.mixin", "sop.workflow.mixin", "sop.activity.mixin"]
    _order = "company_id, number, revision desc, id desc"
    _rec_names_search = ["name", "number"]
    _check_company_auto = True

    # Fields only the buttons set (see sop.workflow.mixin).
    _WORKFLOW_FIELDS = frozenset(
        {
            "state",
            "date_submitted",
            "submitted_by_id",
            "date_verified",
            "verified_by_id",
            "date_approved",
            "approver_id",
            "superseded_by_id",
            "reject_reason",
        }
    )
    # Set by the system only, never by hand: the public verification token, and the
    # revision links that Revise makes (they decide which SOP an approval supersedes).
    _SYSTEM_FIELDS = frozenset(
        {"access_token", "revision", "origin_id", "previous_revision_id", "evaluation_id"}
    )
    # What an approval writes (as superuser) once the SOP has left the draft state: the
    # pengesahan's, or the registration's of an SOP signed on paper, which also types the
    # signatory's snapshot as printed (sop_document_paper.py). Nobody else writes them
    # (sop_write_policy.POLICY: SYSTEM).
    _APPROVAL_FIELDS = _WORKFLOW_FIELDS | {
        "date_effective",
        "registered_by_id",
        "date_registered",
        "approver_name",
        "approver_job_title",
        "approver_rank",
        "approver_nip",
    }
    # Besides those, the next review date may change after the SOP has left the draft state.
    _AFTER_DRAFT_FIELDS = frozenset({"date_review"})

    name = fields.Char(string="SOP Name", required=True, tracking=True, index="trigram")
    number = fields.Char(string="SOP Number", tracking=True, copy=True, index="trigram")
    department_id = fields.Many2one(
        "hr.department",
        string="Unit",
        check_company=True,
        tracking=True,
        default=lambda self: self.env.user.employee_id.department_id,
        help="The unit that owns the SOP (Sekretariat, a Bidang or a Sub Bagian); by "
        "default the unit of the employee who drafts it.",
    )
    author_id = fields.Many2one(
        "hr.employee",
        string="Drafted By",
        check_company=True,
        default=lambda self: self.env.user.employee_id,
        help="The author of the SOP (Pembuat SOP).",
    )
    state = workflow_state(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("verified", "Verified"),
            ("approved", "Approved"),
            ("superseded", "Superseded"),
        ],
        group_expand=True,
        index=True,
    )
    revision = fields.Integer(default=0, copy=False, readonly=True, help="0 for the first issue.")
    date_created = fields.Date(string="Date Drafted", default=fields.Date.context_today, copy=False)
    date_revision = fields.Date(string="Revision Date", copy=False)
    date_effective = fields.Date(string="Effective Date", copy=False, tracking=True)
    date_approved = fields.Date(string="Approval Date", copy=False, readonly=True, tracking=True)
    date_review = fields.Date(
        string="Next Review",
        copy=False,
        tracking=True,
        help="When the SOP is next reviewed (monitoring and evaluation, Permenpan RB "
        "35/2012). Set at approval from the agency's review interval; its author gets a "
        "'Review SOP' activity the agency's notice days before.",
    )
    approver_id = fields.Many2one(
        "hr.employee",
        string="Approved By",
        copy=False,
        readonly=True,
        check_company=True,
        tracking=True,
    )
    # Snapshots of the signatory: a printed SOP keeps the jabatan, name, rank and
    # NIP it was signed with, even after a promotion or a transfer.
    approver_name = fields.Char(compute="_compute_approver_snapshot", store=True)
    approver_job_title = fields.Char(
        string="Signatory Position", compute="_compute_approver_snapshot", store=True
    )
    approver_rank = fields.Char(
        string="Signatory Rank", compute="_compute_approver_snapshot", store=True
    )
    approver_nip = fields.Char(
        string="Signatory NIP", compute="_compute_approver_snapshot", store=True
    )
    date_submitted = fields.Datetime(copy=False, readonly=True)
    submitted_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    date_verified = fields.Datetime(string="Verified On", copy=False, readonly=True)
    verified_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    reject_reason = fields.Text(copy=False, readonly=True, tracking=True)
    origin_id = fields.Many2one(
        "sop.document",
        string="First Revision",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    previous_revision_id = fields.Many2one(
        "sop.document", copy=False, readonly=True, ondelete="restrict"
    )
    evaluation_id = fields.Many2one(
        "sop.evaluation",
        string="Revised After Evaluation",
        copy=False,
        readonly=True,
        help="The evaluation whose recommendation opened this revision.",
    )
    superseded_by_id = fields.Many2one(
        "sop.document", copy=False, readonly=True, ondelete="set null"
    )
    revision_ids = fields.Many2many(
        "sop.document",
        string="Revision History",
        compute="_compute_revision_ids",
        help="Every revision of this SOP, the newest first.",
    )
    column_ids = fields.One2many(
        "sop.document.column", "document_id", string="Actor Columns", copy=True
    )
    step_ids = fields.One2many("sop.step", "document_id", string="Steps", copy=True)
    step_count = fields.Integer(compute="_compute_step_count")
    line_ids = fields.One2many("sop.document.line", "document_id", copy=True)
    legal_basis_line_ids = fields.One2many(
        "sop.document.line",
        "document_id",
        string="Legal Basis",
        domain=[("section", "=", "legal_basis")],
        context={"default_section": "legal_basis"},
    )
    qualification_line_ids = fields.One2many(
        "sop.document.line",
        "document_id",
        string="Implementer Qualifications",
        domain=[("section", "=", "qualification")],
        context={"default_section": "qualification"},
    )
    related_line_ids = fields.One2many(
        "sop.document.line",
        "document_id",
        string="Related SOPs",
        domain=[("section", "=", "related")],
        context={"default_section": "related"},
    )
    equipment_line_ids = fields.One2many(
        "sop.document.line",
        "document_id",
        string="Equipment",
        domain=[("section", "=", "equipment")],
        context={"default_section": "equipment"},
    )
    warning_line_ids = fields.One2many(
        "sop.document.line",
        "document_id",
        string="Warnings",
        domain=[("section", "=", "warning")],
        context={"default_section": "warning"},
    )
    record_line_ids = fields.One2many(
        "sop.document.line",
        "document_id",
        string="Records and Data",
        domain=[("section", "=", "record")],
        context={"default_section": "record"},
    )
    access_token = fields.Char(
        copy=False,
        readonly=True,
        default=lambda self: secrets.token_urlsafe(16),
        groups="sop_lakip.group_sop_staff,sop_lakip.group_sop_auditor",
        help="Secret part of the public verification link printed as a QR code on the SOP.",
    )
    waiting_my_approval = fields.Boolean(
        compute="_compute_waiting_my_approval", search="_search_waiting_my_approval"
    )

    _sql_constraints = [
        (
            "number_revision_uniq",
            "unique(company_id, number, revision)",
            "This agency already has an SOP with this number and revision.",
        ),
        (
            "access_token_uniq",
            "unique(access_token)",
            "This verification token is already used by another SOP.",
        ),
    ]

    def _check_workflow_vals(self, vals):
        result = super()._check_workflow_vals(vals)
        system = self._SYSTEM_FIELDS.intersection(vals)
        if system and not self.env.su:
            raise UserError(
                self.env._(
                    "%(fields)s of an SOP are set by the system (Revise, the verification "
                    "link), never by hand.",
                    fields=", ".join(sorted(self._fields[f].string for f in system)),
                )
            )
        return result

    def _check_date_effective_after(self, date_approved):
        """Refuse an effective date before ``date_approved``: an SOP is not in force before."""
        for document in self:
            if (
                document.date_effective
                and date_approved
                and document.date_effective < date_approved
            ):
                raise ValidationError(
                    self.env._(
                        "SOP %(sop)s: the effective date %(effective)s is before the approval "
                        "date %(approved)s. An SOP takes effect on or after its approval: "
                        "reject it and correct the effective date.",
                        sop=document.display_name,
                        effective=document.date_effective,
                        approved=date_approved,
                    )
                )

    @api.constrains("date_effective", "date_approved")
    def _check_date_effective(self):
        for document in self:
            document._check_date_effective_after(document.date_approved)

    @api.depends("approver_id")
    def _compute_approver_snapshot(self):
        empty = dict.fromkeys(("job_title", "name", "rank", "nip"), False)
        for document in self:
            approver = readable(document.approver_id)
            block = approver._get_signature_block() if approver else empty
            document.update({f"approver_{key}": value for key, value in block.items()})

    @api.depends("origin_id")
    def _compute_revision_ids(self):
        roots = self.mapped(lambda d: d.origin_id or d).filtered("id")
        revisions = self.search(
            ["|", ("id", "in", roots.ids), ("origin_id", "in", roots.ids)],
            order="revision desc",
        )
        for document in self:
            root = document.origin_id or document
            document.revision_ids = revisions.filtered(
                lambda r, root=root: r == root or r.origin_id == root
            )

    @api.depends("step_ids")
    def _compute_step_count(self):
        # Counted, not read: the register's list and kanban show it for a page of SOPs,
        # whose steps would be loaded, rules and order included, only to be counted.
        saved = self.filtered("id")  # a NewId is false: a form being edited
        counts = dict(
            self.env["sop.step"]._read_group(
                [("document_id", "in", saved.ids)], ["document_id"], ["__count"]
            )
        )
        for document in self:
            if document.id:
                document.step_count = counts.get(document, 0)
            else:  # the steps the form holds
                document.step_count = len(document.step_ids)

    def _waiting_states(self):
        user = self.env.user
        if user.has_group("sop_lakip.group_sop_head"):
            return ["verified"]
        if user.has_group("sop_lakip.group_sop_secretary"):
            return ["submitted"]
        return []

    def _compute_waiting_my_approval(self):
        states = self._waiting_states()
        for document in self:
            document.waiting_my_approval = document.state in states

    def _search_waiting_my_approval(self, operator, value):
        domain = [("state", "in", self._waiting_states())]
        return search_boolean(self, "waiting_my_approval", operator, value, domain)

    @api.depends("number", "name", "revision")
    def _compute_display_name(self):
        for document in self:
            name = document.name or ""
            if document.number:
                name = f"[{document.number}] {name}"
            if document.revision:
                name = self.env._(
                    "%(name)s (Rev. %(revision)s)", name=name, revision=document.revision
                )
            document.display_name = name

    # ------------------------------------------------------------------
    # Editing lock
    # ------------------------------------------------------------------
    def _check_editable(self):
        locked = self.filtered(lambda d: d.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "SOP %(sop)s is %(state)s: only a draft SOP can be changed. "
                    "Use Revise to make a new revision.",
                    sop=locked[0].display_name,
                    state=selection_label(locked[0]),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        pending = [self.env["sop.step"]._pop_branch_numbers(vals) for vals in vals_list]
        documents = super().create(vals_list)
        if any(new or by_id for new, by_id in pending):
            self.env["sop.step"]._apply_branch_numbers(
                [(d, d.step_ids, *numbers) for d, numbers in zip(documents, pending, strict=True)]
            )
        return documents

    def _check_field_write(self, names):
        """Refuse a change of the fields ``names`` of these SOPs now."""
        self.check_access("write")  # an auditor hears "access denied", not "approved"
        unlocked = self._AFTER_DRAFT_FIELDS | (
            self._APPROVAL_FIELDS if self.env.su else self._WORKFLOW_FIELDS
        )
        if any(not (f in unlocked or f.startswith(("message_", "activity_"))) for f in names):
            self._check_editable()

    def write(self, vals):
        self._check_field_write(vals)
        vals = dict(vals)
        new_numbers, numbers_by_id = self.env["sop.step"]._pop_branch_numbers(vals)
        before = {document: document.step_ids for document in self}
        result = super().write(vals)
        if "date_review" in vals and not self.env.su:
            self.filtered(lambda d: d.state == "approved")._activity_update(
                feedback=lambda d: self.env._(
                    "Next review set to %(date)s by %(user)s.",
                    date=format_date_id(d.date_review, padded=True),
                    user=self.env.user.name,
                )
            )
        if new_numbers or numbers_by_id:
            self.env["sop.step"]._apply_branch_numbers(
                [(d, d.step_ids - before[d], new_numbers, numbers_by_id) for d in self]
            )
        return result

    def _sorted_steps(self):
        """The steps in flowchart order (by printed number), saved or still in the form."""
        self.ensure_one()
        return self.step_ids.sorted(lambda s: (s.number, s.sequence))

    def _get_number_errors(self):
        """What is wrong with the printed numbers of this SOP's steps: each one at most once,
        and greater than zero."""
        self.ensure_one()
        errors = []
        seen = {}
        for step in self.step_ids:
            seen.setdefault(step.number, []).append(step)
        for number, steps in sorted(seen.items()):
            if number <= 0:
                errors.append(
                    self.env._(
                        "step '%(step)s' has number %(number)s: a step number is 1 or more.",
                        step=steps[0].name,
                        number=number,
                    )
                )
            elif len(steps) > 1:
                errors.append(
                    self.env._(
                        "number %(number)s is given to %(count)s steps (%(steps)s): each step "
                        "needs its own number.",
                        number=number,
                        count=len(steps),
                        steps=", ".join(f"'{s.name}'" for s in steps),
                    )
                )
        return errors

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        self._check_editable()

    # ------------------------------------------------------------------
    # Validation of the flow
    # ------------------------------------------------------------------
    def _get_flow_errors(self):
        """Return the list of what is wrong with this SOP's content and flow."""
        self.ensure_one()
        errors = []
        if not self.number:
            errors.append(self.env._("The SOP number is missing."))
        if not self.department_id:
            errors.append(self.env._("The unit that owns the SOP is missing."))
        return (
            errors
            + self._get_number_errors()
            + self.step_ids._get_flow_errors(self.column_ids.role_ids)
        )

    def _check_flow(self):
        self._check_errors(
            lambda document: document._get_flow_errors(),
            lambda record, errors: self.env._(
                "SOP %(record)s cannot go further:\n%(errors)s", record=record, errors=errors
            ),
            ValidationError,
        )

    def _get_verify_url(self):
        """The public page, printed as a QR code, that confirms this SOP's status."""
        self.ensure_one()
        return f"{self.get_base_url()}/sop/verify/{self.sudo().access_token}"

    # ------------------------------------------------------------------
    # Printed forms (their layout: report/sop_report.py)
    # ------------------------------------------------------------------
    def _get_register_agencies(self):
        """The Daftar SOP (register) of these SOPs: [(agency, its lines in register order)],
        the agencies in the order of their names; one read for all of them."""
        states = dict(self._fields["state"]._description_selection(self.env))
        # One read of the stored fields; the few units' names once each.
        documents = self.read(REGISTER_FIELDS, load=None)
        units = {d.id: d.display_name for d in self.department_id}
        lines = defaultdict(list)
        for document in sorted(documents, key=lambda d: (d["number"] or "", d["revision"])):
            lines[document["company_id"]].append(
                {
                    "number": document["number"] or "",
                    "name": document["name"],
                    "unit": units.get(document["department_id"]) or "",
                    "date_effective": document["date_effective"],
                    "revision": document["revision"],
                    "state": states[document["state"]],
                }
            )
        agencies = self.env["res.company"].browse(lines).sorted("name")
        return [(agency, lines[agency.id]) for agency in agencies]

    def copy_data(self, default=None):
        default = dict(default or {})
        vals_list = super().copy_data(default)
        drafter = self.env.user.employee_id
        for document, vals in zip(self, vals_list, strict=True):
            if "number" not in default:
                # A plain duplicate is a new SOP, drafted by whoever duplicates it:
                # it gets its own number.
                vals.update(number=False, name=self.env._("%s (copy)", document.name))
                if "author_id" not in default and drafter.company_id == document.company_id:
                    vals["author_id"] = drafter.id
            elif not vals.get("author_id") and drafter.company_id == document.company_id:
                vals["author_id"] = drafter.id  # a revision keeps its author, if it had one
        return vals_list
