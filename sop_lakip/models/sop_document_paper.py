import base64

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from .sop_document import SopDocument

SCAN_MIMETYPES = ("application/pdf", "image/jpeg", "image/png", "image/tiff")


class SopDocumentPaper(models.Model):
    """Registering an SOP that was approved and signed on paper before the addon.

    Kept apart from ``sop_document.py`` as the one concern it adds to the life cycle:
    - draft: a Kasubag types the SOP as printed, ticks *Signed on Paper*, types the
      printed approval date and *Disahkan Oleh* as printed, and attaches the scan of
      the signed document; *Submit for Registration* checks it all at once;
    - submitted: every Sekretaris of the agency (or the Kepala Dinas) gets *Register
      Signed SOP* and compares the entry with the scan: *Confirm Registration* makes the
      SOP approved with the printed dates and signatory, or *Reject* sends it back.
    The paraf and pengesahan happened on paper: nobody initials or approves it again.
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
        help="Tanggal Pengesahan as printed on the signed SOP.",
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
    registered_by_id = fields.Many2one(
        "res.users", string="Registered By", copy=False, readonly=True
    )
    date_registered = fields.Datetime(string="Registered On", copy=False, readonly=True)

    @api.onchange("paper_approver_id")
    def _onchange_paper_approver_id(self):
        for document in self.filtered("paper_approver_id"):
            signer = document.paper_approver_id
            document.paper_approver_name = signer.name
            document.paper_approver_job_title = signer.job_title
            document.paper_approver_rank = signer.rank_display
            document.paper_approver_nip = signer.nip_display

    def _get_paper_errors(self):
        """Everything wrong with the printed data of this paper-signed SOP, all at once."""
        self.ensure_one()
        errors = []
        today = fields.Date.context_today(self)
        approved = self.paper_date_approved
        printed = {
            self.env._("Date Drafted"): self.date_created,
            self.env._("Revision Date"): self.date_revision,
            self.env._("Approval Date"): approved,
            self.env._("Effective Date"): self.date_effective,
        }
        if not approved:
            errors.append(self.env._("The approval date printed on the SOP is missing."))
        for label, date in printed.items():
            if date and date > today:
                errors.append(
                    self.env._(
                        "%(date)s: %(value)s is in the future; a signed SOP has all its dates "
                        "on or before today.",
                        date=label,
                        value=self._format_date_id(date),
                    )
                )
        if approved and self.date_effective and self.date_effective < approved:
            errors.append(
                self.env._(
                    "The effective date %(effective)s is before the approval date "
                    "%(approved)s: an SOP takes effect on or after its approval.",
                    effective=self._format_date_id(self.date_effective),
                    approved=self._format_date_id(approved),
                )
            )
        for label, date in ((self.env._("Date Drafted"), self.date_created),
                            (self.env._("Revision Date"), self.date_revision)):  # fmt: skip
            if approved and date and date > approved:
                errors.append(
                    self.env._(
                        "%(date)s: %(value)s is after the approval date %(approved)s.",
                        date=label,
                        value=self._format_date_id(date),
                        approved=self._format_date_id(approved),
                    )
                )
        if not (self.paper_approver_name or "").strip():
            errors.append(self.env._("The name of the signatory (Disahkan Oleh) is missing."))
        if not (self.paper_approver_job_title or "").strip():
            errors.append(self.env._("The position (jabatan) of the signatory is missing."))
        nip = "".join((self.paper_approver_nip or "").split())
        if nip:
            for reason in self.env["hr.employee"].new({})._nip_errors(nip):
                errors.append(
                    self.env._("The signatory's NIP %(nip)s: %(reason)s", nip=nip, reason=reason)
                )
        errors += self._get_scan_errors()
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
            effective = document.date_effective or document.paper_date_approved
            document._workflow_write(
                {
                    "state": "approved",
                    "date_approved": document.paper_date_approved,
                    "date_effective": effective,
                    "date_review": document.date_review or document._default_date_review(effective),
                    "approver_id": document.paper_approver_id.id,
                    "registered_by_id": self.env.uid,
                    "date_registered": now,
                }
            )
            # After approver_id, whose change recomputes the snapshot: it prints as typed.
            document._workflow_write(
                {
                    "approver_name": document.paper_approver_name.strip(),
                    "approver_job_title": document.paper_approver_job_title.strip(),
                    "approver_rank": (document.paper_approver_rank or "").strip(),
                    "approver_nip": (document.paper_approver_nip or "").strip(),
                }
            )
            previous = document.revision_ids.filtered(
                lambda r, d=document: r != d and r.state == "approved"
            )
            previous._workflow_write({"state": "superseded", "superseded_by_id": document.id})
            previous._activity_update(
                feedback=self.env._("Superseded by %s.", document.display_name)
            )
            document.message_post(
                body=self.env._(
                    "Registered from the SOP signed on paper by %(user)s on %(when)s: approved "
                    "(pengesahan) on %(date)s by %(signatory)s, %(position)s; the signed scan "
                    "is %(file)s.",
                    user=self.env.user.name,
                    when=fields.Datetime.context_timestamp(self, now).strftime("%d/%m/%Y %H:%M"),
                    date=self._format_date_id(document.paper_date_approved),
                    signatory=document.approver_name,
                    position=document.approver_job_title,
                    file=document.paper_scan_name or "",
                ),
                subtype_xmlid="sop_lakip.mt_sop_approved",
            )
        self._activity_update(
            feedback=lambda d: self.env._(
                "Registered by %(user)s: the SOP is in force from %(date)s.",
                user=self.env.user.name,
                date=self._format_date_id(d.date_effective),
            )
        )
        return True

    def _activity_handoff_types(self):
        return [*super()._activity_handoff_types(), "sop_lakip.mail_activity_type_sop_register"]

    def _activity_plan(self, reason=None):
        """A paper-signed SOP submitted waits for its registration, not for a paraf."""
        waiting = self.filtered(lambda d: d.state == "submitted" and d.paper_signed)
        plan = super(SopDocumentPaper, self - waiting)._activity_plan(reason)
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
