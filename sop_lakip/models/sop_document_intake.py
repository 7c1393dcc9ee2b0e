import base64

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from ..tools import end_sentence, format_date_id, name_key, readable
from .sop_document import SopDocument

SCAN_MIMETYPES = ("application/pdf", "image/jpeg", "image/png", "image/tiff")
# What of a step is copied to another agency: its letter kind is the agency's own.
STEP_FIELDS = (
    "name",
    "symbol",
    "per_unit",
    "lakip_worksheet_action",
    "requirement",
    "duration",
    "duration_unit",
    "output",
    "note",
)


class SopDocumentIntake(models.Model):
    """Bringing an agency's existing SOPs in: SOPs signed on paper, and copies.

    Kept apart from ``sop_document.py``: it adds two ways in beside the life cycle.

    **Registering an SOP approved and signed on paper** before the addon:
    - draft: a Kasubag types the SOP as printed, ticks *Signed on Paper*, types the
      printed approval date and *Disahkan Oleh* as printed, and attaches the scan of
      the signed document; *Submit for Registration* checks it all at once;
    - submitted: every Sekretaris of the agency (or the Kepala Dinas) gets *Register
      Signed SOP* and compares the entry with the scan: *Confirm Registration* makes the
      SOP approved with the printed dates and signatory, or *Reject* sends it back.
    The paraf and pengesahan happened on paper: nobody initials or approves it again.

    **Copying an SOP into the user's agency**, from an approved SOP the user may read or
    from a template shipped with the addon (``sop.template``): a draft of the user's
    current agency only, with the steps, actor columns, sections and decisions; roles
    matched by name to the agency's roles, the missing ones created (not assigned yet);
    no number, no dates, and where it comes from (field and chatter). Company isolation
    stays with the record rules: the source is read as the user, the copy and its roles
    are created as the user.
    """

    _inherit = "sop.document"

    # The registration sets the approval and its signatory as the buttons do: never by hand.
    _WORKFLOW_FIELDS = SopDocument._WORKFLOW_FIELDS | {
        "registered_by_id",
        "date_registered",
        "approver_name",
        "approver_job_title",
        "approver_rank",
        "approver_nip",
    }
    _APPROVAL_FIELDS = _WORKFLOW_FIELDS | {"date_effective"}
    _SYSTEM_FIELDS = SopDocument._SYSTEM_FIELDS | {"copy_origin", "template_id"}

    paper_signed = fields.Boolean(
        string="Signed on Paper",
        copy=False,
        tracking=True,
        help="This SOP was approved and signed on paper before it was entered in Odoo: it is "
        "registered as in force with its printed dates and signatory, and the scan of the "
        "signed document, instead of being initialled and approved again.",
    )
    paper_date_approved = fields.Date(
        string="Approval Date (Printed)",
        copy=False,
        help="Tanggal Pengesahan as printed on the signed SOP; empty if it prints none.",
    )
    paper_approver_id = fields.Many2one(
        "hr.employee",
        string="Signatory in Odoo",
        copy=False,
        check_company=True,
        help="The employee who signed it, if he is in Odoo: fills in the printed signatory "
        "below, which is what prints.",
    )
    paper_approver_name = fields.Char(string="Signed By (Printed Name)", copy=False)
    paper_approver_job_title = fields.Char(string="Signatory Position (Printed)", copy=False)
    paper_approver_rank = fields.Char(string="Signatory Rank (Printed)", copy=False)
    paper_approver_nip = fields.Char(
        string="Signatory NIP (Printed)",
        copy=False,
        help="The NIP printed under the signature, as it was then; spaces are kept.",
    )
    paper_scan = fields.Binary(
        string="Signed Scan",
        attachment=True,
        copy=False,
        help="The scan of the signed SOP (PDF or image): the original this record reproduces.",
    )
    paper_scan_name = fields.Char(string="Signed Scan File Name", copy=False)
    registered_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    date_registered = fields.Datetime(string="Registered On", copy=False, readonly=True)

    copy_origin = fields.Char(
        string="Copied From",
        copy=False,
        readonly=True,
        help="The SOP or template this draft was copied from, with its agency.",
    )
    template_id = fields.Many2one(
        "sop.template", string="From Template", copy=False, readonly=True, ondelete="set null"
    )

    other_agency = fields.Boolean(
        compute="_compute_other_agency",
        help="The SOP belongs to another agency than the one the user works in now.",
    )

    # ------------------------------------------------------------------
    # SOPs signed on paper
    # ------------------------------------------------------------------
    @api.onchange("paper_approver_id")
    def _onchange_paper_approver_id(self):
        for document in self.filtered(lambda d: readable(d.paper_approver_id)):
            block = document.paper_approver_id._get_signature_block()
            document.paper_approver_name = block["name"]
            document.paper_approver_job_title = block["job_title"]
            document.paper_approver_rank = block["rank"]
            document.paper_approver_nip = block["nip"]

    def _get_paper_errors(self):
        """Everything wrong with the printed data of this paper-signed SOP, all at once."""
        self.ensure_one()
        errors = self._get_paper_date_errors()
        if not (self.paper_approver_name or "").strip():
            errors.append(self.env._("The name of the signatory (Disahkan Oleh) is missing."))
        if not (self.paper_approver_job_title or "").strip():
            errors.append(self.env._("The position (jabatan) of the signatory is missing."))
        nip = "".join((self.paper_approver_nip or "").split())
        if nip:
            errors += [
                self.env._("The signatory's NIP %(nip)s: %(reason)s", nip=nip, reason=reason)
                for reason in self.env["hr.employee"].new({})._nip_errors(nip)
            ]
        return errors + self._get_scan_errors()

    def _get_paper_date_errors(self):
        """The printed dates that make no sense: in the future, or out of order."""
        errors = []
        today = fields.Date.context_today(self)
        approved = self.paper_date_approved
        drafted = (
            (self.env._("Date Drafted"), self.date_created),
            (self.env._("Revision Date"), self.date_revision),
        )
        printed = (*drafted, (self.env._("Approval Date"), approved),
                   (self.env._("Effective Date"), self.date_effective))  # fmt: skip
        errors += [
            self.env._(
                "%(date)s: %(value)s is in the future; a signed SOP has all its dates "
                "on or before today.",
                date=label,
                value=format_date_id(date, padded=True),
            )
            for label, date in printed
            if date and date > today
        ]
        if approved and self.date_effective and self.date_effective < approved:
            errors.append(
                self.env._(
                    "The effective date %(effective)s is before the approval date "
                    "%(approved)s: an SOP takes effect on or after its approval.",
                    effective=format_date_id(self.date_effective, padded=True),
                    approved=format_date_id(approved, padded=True),
                )
            )
        errors += [
            self.env._(
                "%(date)s: %(value)s is after the approval date %(approved)s.",
                date=label,
                value=format_date_id(date, padded=True),
                approved=format_date_id(approved, padded=True),
            )
            for label, date in drafted
            if approved and date and date > approved
        ]
        return errors

    def _get_scan_errors(self):
        """What is wrong with the attached scan of the signed SOP."""
        self.ensure_one()
        scan = self.with_context(bin_size=False).paper_scan
        if not scan:
            return [self.env._("Attach the scan of the signed SOP (PDF or image).")]
        mimetype = guess_mimetype(base64.b64decode(scan))
        if mimetype not in SCAN_MIMETYPES:
            return [
                self.env._(
                    "The scan %(file)s is not a PDF or an image (it is %(type)s).",
                    file=self.paper_scan_name or "",
                    type=mimetype,
                )
            ]
        return []

    def _check_paper(self):
        """Refuse, listing every problem of each SOP, unless it can be registered."""
        for document in self:
            errors = document._get_flow_errors() + document._get_paper_errors()
            if errors:
                raise ValidationError(
                    self.env._(
                        "SOP %(sop)s cannot be registered:\n%(errors)s",
                        sop=document.display_name,
                        errors="\n".join(f"- {e}" for e in errors),
                    )
                )

    def action_submit(self):
        if any(self.mapped("paper_signed")):
            raise UserError(
                self.env._(
                    "SOP %s was signed on paper: use Submit for Registration.",
                    self.filtered("paper_signed")[0].display_name,
                )
            )
        return super().action_submit()

    def action_verify(self):
        if any(self.mapped("paper_signed")):
            raise UserError(
                self.env._(
                    "SOP %s was signed on paper: compare it with its scan and use Confirm "
                    "Registration.",
                    self.filtered("paper_signed")[0].display_name,
                )
            )
        return super().action_verify()

    def action_submit_registration(self):
        """Hand a paper-signed SOP, typed as printed, to the Sekretaris for registration."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can submit an SOP."),
        )
        self._check_state(["draft"], self.env._("only a draft SOP can be submitted."))
        self._check_signed_on_paper()
        self._check_paper()
        self._workflow_write(
            {
                "state": "submitted",
                "date_submitted": fields.Datetime.now(),
                "submitted_by_id": self.env.uid,
                "reject_reason": False,
            }
        )
        for document in self:
            document.message_post(
                body=self.env._(
                    "Submitted by %s for registration as an SOP signed on paper.",
                    self.env.user.name,
                )
            )
        self._activity_update(feedback=self.env._("Submitted again by %s.", self.env.user.name))
        return True

    def _check_signed_on_paper(self):
        wrong = self.filtered(lambda d: not d.paper_signed)
        if wrong:
            raise UserError(
                self.env._(
                    "SOP %s is not marked Signed on Paper: submit it for paraf and approval.",
                    wrong[0].display_name,
                )
            )
        # Registering from paper is for SOPs signed before the agency used Odoo: a revision
        # of an SOP the Kepala Dinas approved in Odoo is approved by him in Odoo too.
        revisions = self.filtered(
            lambda d: d.previous_revision_id and not d.previous_revision_id.paper_signed
        )
        if revisions:
            raise UserError(
                self.env._(
                    "SOP %s revises an SOP approved in Odoo: submit it for paraf and approval "
                    "like its previous revision, it cannot be registered as signed on paper.",
                    revisions[0].display_name,
                )
            )

    def action_confirm_registration(self):
        """Record the paper-signed SOPs as approved, with their printed dates and signatory."""
        self._check_group(
            "sop_lakip.group_sop_secretary",
            self.env._("Only the Sekretaris or the Kepala Dinas can register a signed SOP."),
        )
        self._check_state(["submitted"], self.env._("only a submitted SOP can be registered."))
        self._check_signed_on_paper()
        self._check_paper()
        now = fields.Datetime.now()
        for document in self:
            document._register_paper(now)
        self._activity_update(
            feedback=lambda d: (
                self.env._(
                    "Registered by %(user)s: the SOP is in force from %(date)s.",
                    user=self.env.user.name,
                    date=format_date_id(d.date_effective, padded=True),
                )
                if d.date_effective
                else self.env._(
                    "Registered by %s: the SOP is in force; the paper prints no effective date.",
                    self.env.user.name,
                )
            )
        )
        return True

    def _register_paper(self, now):
        """Approve this SOP as signed on paper, supersede its previous revision, log it."""
        self.ensure_one()
        effective = self.date_effective or self.paper_date_approved
        # Dates the paper does not print stay empty; the review counts from the latest
        # date it does print, else from the registration.
        since = (
            effective or self.date_revision or self.date_created or fields.Date.context_today(self)
        )
        self._workflow_write(
            {
                "state": "approved",
                "date_approved": self.paper_date_approved,
                "date_effective": effective,
                "date_review": self.date_review or self._default_date_review(since),
                "approver_id": self.paper_approver_id.id,
                "registered_by_id": self.env.uid,
                "date_registered": now,
            }
        )
        # After approver_id, whose change recomputes the snapshot: it prints as typed.
        self._workflow_write(
            {
                "approver_name": self.paper_approver_name.strip(),
                "approver_job_title": self.paper_approver_job_title.strip(),
                "approver_rank": (self.paper_approver_rank or "").strip(),
                "approver_nip": (self.paper_approver_nip or "").strip(),
            }
        )
        previous = self.revision_ids.filtered(lambda r: r != self and r.state == "approved")
        previous._workflow_write({"state": "superseded", "superseded_by_id": self.id})
        previous._activity_update(feedback=self.env._("Superseded by %s.", self.display_name))
        self.message_post(
            body=self.env._(
                "Registered from the SOP signed on paper by %(user)s on %(when)s: approved "
                "(pengesahan) on %(date)s by %(signatory)s, %(position)s; the signed scan "
                "is %(file)s.",
                user=self.env.user.name,
                when=fields.Datetime.context_timestamp(self, now).strftime("%d/%m/%Y %H:%M"),
                date=format_date_id(self.paper_date_approved, padded=True)
                if self.paper_date_approved
                else self.env._("a date the paper does not print"),
                signatory=self.approver_name,
                position=self.approver_job_title,
                file=self.paper_scan_name or "",
            ),
            subtype_xmlid="sop_lakip.mt_sop_approved",
        )

    def _activity_handoff_types(self):
        return [*super()._activity_handoff_types(), "sop_lakip.mail_activity_type_sop_register"]

    def _activity_plan(self, reason=None):
        """A paper-signed SOP submitted waits for its registration, not for a paraf."""
        waiting = self.filtered(lambda d: d.state == "submitted" and d.paper_signed)
        plan = super(SopDocumentIntake, self - waiting)._activity_plan(reason)
        if not waiting:
            return plan
        secretaries = self._activity_group_users(
            "sop_lakip.group_sop_secretary", exclude_xmlid="sop_lakip.group_sop_head"
        )
        heads = self._activity_group_users("sop_lakip.group_sop_head")
        register = self.env.ref("sop_lakip.mail_activity_type_sop_register")
        for document in waiting:
            plan.append(
                (
                    document,
                    ["sop_lakip.mail_activity_type_sop_register"],
                    secretaries(document.company_id) or heads(document.company_id),
                    register._get_date_deadline(),
                    self.env._(
                        "Submitted by %s: compare the SOP with the scan of the signed "
                        "document and confirm its registration, or reject it with a reason.",
                        document.submitted_by_id.name,
                    ),
                )
            )
        return plan

    # ------------------------------------------------------------------
    # Copies from another agency or a template
    # ------------------------------------------------------------------
    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_other_agency(self):
        for document in self:
            document.other_agency = document.company_id != self.env.company

    def _get_copy_payload(self):
        """This SOP as a payload another agency can copy: roles by name, and the decisions'
        targets by their place in the flow (1 = the first step)."""
        self.ensure_one()
        steps = self._sorted_steps()
        number = {step: index for index, step in enumerate(steps, 1)}
        return {
            "name": self.name,
            "columns": [
                {"heading": column.name, "roles": column.role_ids.mapped("name")}
                for column in self.column_ids
            ],
            "sections": [
                {"section": line.section, "name": line.name}
                | ({"relation_type": line.relation_type} if line.relation_type else {})
                for line in self.line_ids.sorted(lambda x: (x.section, x.sequence, x.id))
            ],
            "steps": [
                {
                    **{name: step[name] for name in STEP_FIELDS},
                    "role": step.role_id.name or "",
                    "yes": number.get(step.yes_step_id, 0),
                    "no": number.get(step.no_step_id, 0),
                }
                for step in steps
            ],
        }

    def action_copy_to_agency(self):
        """Copy this approved SOP, which the user may read, into his current agency."""
        self.ensure_one()
        self._check_copy_allowed(self.env.company)
        self.check_access("read")
        self._check_state(["approved"], self.env._("only an approved SOP can be copied."))
        if self.company_id == self.env.company:
            raise UserError(
                self.env._(
                    "SOP %s already belongs to your current agency: use Duplicate or Revise.",
                    self.display_name,
                )
            )
        origin = self.env._(
            "%(sop)s of %(agency)s", sop=self.display_name, agency=self.company_id.name
        )
        return self._copy_payload_to_agency(self._get_copy_payload(), origin)

    def _copy_payload_to_agency(self, payload, origin, template=None):
        """Create the draft of ``payload`` in the current agency; open it with the result."""
        copy, created = self._create_from_payload(payload, self.env.company, origin, template)
        if created:
            message = self.env._(
                "Draft %(sop)s created. New roles, to assign before it can run: %(roles)s.",
                sop=copy.display_name,
                roles=", ".join(created.mapped("name")),
            )
        else:
            message = self.env._(
                "Draft %s created; its roles are the agency's own.", copy.display_name
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("SOP copied"),
                "message": message,
                "type": "success",
                "sticky": bool(created),
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": "sop.document",
                    "res_id": copy.id,
                    "views": [(False, "form")],
                },
            },
        }

    def _check_copy_allowed(self, company):
        """Refuse unless the user is a Kasubag or above working in ``company`` now."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can copy an SOP."),
        )
        if company not in self.env.companies:
            raise AccessError(
                self.env._(
                    "You cannot copy an SOP into %s: it is not one of the agencies you work in.",
                    company.sudo().name,
                )
            )

    def _map_roles(self, names, company):
        """{name: role of ``company``} for ``names``, matched ignoring case and spaces,
        creating those the agency lacks; also the roles created."""
        Role = self.env["sop.role"]

        # archived roles too: their names are taken in the agency
        roles = Role.with_context(active_test=False).search([("company_id", "=", company.id)])
        existing = {name_key(role.name): role for role in roles}
        missing = list(
            {name_key(n): n for n in reversed(names) if n and name_key(n) not in existing}.values()
        )[::-1]
        created = Role.create(
            [
                {
                    "name": " ".join(name.split()),
                    "holder_type": "none",
                    "company_id": company.id,
                    "sequence": 100 + index,
                }
                for index, name in enumerate(missing)
            ]
        )
        existing.update({name_key(role.name): role for role in created})
        return {name: existing[name_key(name)] for name in names if name}, created

    def _create_from_payload(self, payload, company, origin, template=None):
        """The draft SOP of ``company`` made from ``payload``, and the roles created for it."""
        self._check_copy_allowed(company)
        names = [n for column in payload["columns"] for n in column["roles"]]
        names += [step["role"] for step in payload["steps"]]
        roles, created = self._map_roles(names, company)
        employee = self.env.user.with_company(company).employee_id
        employee = employee if employee.company_id == company else employee.browse()
        document = self.create(
            {
                "name": payload["name"],
                "company_id": company.id,
                "department_id": employee.department_id.id,
                "author_id": employee.id,
                **self._payload_commands(payload, roles),
            }
        )
        # Only this path says where a draft comes from (see _SYSTEM_FIELDS).
        document.sudo().write(
            {"copy_origin": origin, "template_id": template.id if template else False}
        )
        body = end_sentence(
            self.env._(
                "Copied from %(origin)s by %(user)s.", origin=origin, user=self.env.user.name
            )
        )
        if created:
            body += " " + self.env._(
                "Roles created, not assigned yet: %s.", ", ".join(created.mapped("name"))
            )
        document.message_post(body=body)
        return document, created

    @api.model
    def _payload_commands(self, payload, roles):
        """The columns, section lines and steps of ``payload``, on ``roles`` by name. The
        copy numbers its steps 1, 2, 3… in the payload's order: a decision's ``yes``/``no``
        (its targets' places in the flow) are the copy's step numbers."""
        return {
            "column_ids": [
                Command.create(
                    {
                        "sequence": index,
                        "role_ids": [Command.set([roles[n].id for n in column["roles"]])],
                        "name": column["heading"],
                    }
                )
                for index, column in enumerate(payload["columns"])
            ],
            "line_ids": [
                Command.create({**line, "sequence": index})
                for index, line in enumerate(payload["sections"])
            ],
            "step_ids": [
                Command.create(
                    {
                        **{name: step[name] for name in STEP_FIELDS if name in step},
                        "sequence": index,
                        "number": index,
                        "role_id": roles[step["role"]].id if step["role"] else False,
                        **(
                            {"yes_number": step.get("yes", 0), "no_number": step.get("no", 0)}
                            if step.get("symbol") == "decision"
                            else {}
                        ),
                    }
                )
                for index, step in enumerate(payload["steps"], 1)
            ],
        }
