import base64

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from ..tools import format_date_id, readable

SCAN_MIMETYPES = ("application/pdf", "image/jpeg", "image/png", "image/tiff")


class SopDocumentPaper(models.Model):
    """Registering an SOP approved and signed on paper before the addon.

    Kept apart from ``sop_document.py``: a way in beside the paraf and pengesahan.
    - draft: a Kasubag types the SOP as printed, ticks *Signed on Paper*, types the
      printed approval date and *Disahkan Oleh* as printed, and attaches the scan of
      the signed document; *Submit for Registration* checks it all at once;
    - submitted: every Sekretaris of the agency (or the Kepala Dinas) gets *Register
      Signed SOP* and compares the entry with the scan: *Confirm Registration* makes the
      SOP approved with the printed dates and signatory, or *Reject* sends it back.
    The paraf and pengesahan happened on paper: nobody initials or approves it again.
    The registration's fields are the system's to write (``sop_write_policy.POLICY``).
    """

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "sop.document"  # pylint: disable=consider-merging-classes-inherited

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
        self._check_errors(
            lambda document: document._get_flow_errors() + document._get_paper_errors(),
            lambda record, errors: self.env._(
                "SOP %(record)s cannot be registered:\n%(errors)s", record=record, errors=errors
            ),
            ValidationError,
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
        self._supersede_previous()
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
        plan = super(SopDocumentPaper, self - waiting)._activity_plan(reason)
        if not waiting:
            return plan
        approvers = waiting._approvers()
        register = self.env.ref("sop_lakip.mail_activity_type_sop_register")
        for document in waiting:
            plan.append(
                (
                    document,
                    ["sop_lakip.mail_activity_type_sop_register"],
                    approvers(document.company_id, "submitted"),
                    register._get_date_deadline(),
                    self.env._(
                        "Submitted by %s: compare the SOP with the scan of the signed "
                        "document and confirm its registration, or reject it with a reason.",
                        document.submitted_by_id.name,
                    ),
                )
            )
        return plan
