from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import end_sentence, format_date_id


class SopDocument(models.Model):
    """The approval of an SOP: submit, paraf, pengesahan, reject and revise, and the
    hand-off each of them gives in the next person's activity inbox."""

    _inherit = "sop.document"

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------
    def _workflow_error(self):
        return self.env._("An SOP's state and approval change only with its buttons.")

    def action_submit(self):
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can submit an SOP."),
        )
        self._check_state(["draft"], self.env._("only a draft SOP can be submitted."))
        self._check_flow()
        self._workflow_write(
            {
                "state": "submitted",
                "date_submitted": fields.Datetime.now(),
                "submitted_by_id": self.env.uid,
                "reject_reason": False,
            }
        )
        self._activity_update(feedback=self.env._("Submitted again by %s.", self.env.user.name))
        return True

    def action_verify(self):
        self._check_group(
            "sop_lakip.group_sop_secretary",
            self.env._("Only the Sekretaris or the Kepala Dinas can verify (paraf) an SOP."),
        )
        self._check_state(["submitted"], self.env._("only a submitted SOP can be verified."))
        self._check_flow()
        self._workflow_write(
            {
                "state": "verified",
                "date_verified": fields.Datetime.now(),
                "verified_by_id": self.env.uid,
            }
        )
        self._activity_update(feedback=self.env._("Verified (paraf) by %s.", self.env.user.name))
        return True

    def action_approve(self):
        self._check_group(
            "sop_lakip.group_sop_head", self.env._("Only the Kepala Dinas can approve an SOP.")
        )
        self._check_state(["verified"], self.env._("only a verified SOP can be approved."))
        self._check_flow()
        today = fields.Date.context_today(self)
        self._check_date_effective_after(today)
        for document in self:
            head = self.env.user._get_signing_employee(document)
            document._workflow_write(
                {
                    "state": "approved",
                    "date_approved": today,
                    "date_effective": document.date_effective or today,
                    "date_review": document.date_review
                    or document._default_date_review(document.date_effective or today),
                    "approver_id": head.id,
                }
            )
            # Freeze the signatory's snapshot now, before anyone is promoted.
            document.flush_recordset(
                ["approver_name", "approver_job_title", "approver_rank", "approver_nip"]
            )
            document._supersede_previous()
            document.message_post(
                body=end_sentence(self.env._("Approved (pengesahan) by %s.", head.name)),
                subtype_xmlid="sop_lakip.mt_sop_approved",
            )
        self._activity_update(
            feedback=lambda d: self.env._(
                "Approved (pengesahan) by %(user)s: the SOP is in force from %(date)s.",
                user=self.env.user.name,
                date=format_date_id(d.date_effective, padded=True),
            )
        )
        return True

    def _supersede_previous(self):
        """Supersede the approved revision this SOP, approved now, replaces."""
        self.ensure_one()
        previous = self.revision_ids.filtered(lambda r: r != self and r.state == "approved")
        previous._workflow_write({"state": "superseded", "superseded_by_id": self.id})
        previous._activity_update(feedback=self.env._("Superseded by %s.", self.display_name))

    def action_reject(self):
        self._check_state(
            ["submitted", "verified"],
            self.env._("only a submitted or verified SOP can be rejected."),
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject SOP"),
            "res_model": "sop.document.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_document_ids": self.ids},
        }

    def _reject(self, reason):
        """Send the SOPs back to draft with ``reason``."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the rejection."))
        self._check_state(
            ["submitted", "verified"],
            self.env._("only a submitted or verified SOP can be rejected."),
        )
        self._check_group(
            "sop_lakip.group_sop_secretary",
            self.env._("Only the Sekretaris or the Kepala Dinas can reject an SOP."),
        )
        if any(d.state == "verified" for d in self):
            self._check_group(
                "sop_lakip.group_sop_head",
                self.env._("Only the Kepala Dinas can reject a verified SOP."),
            )
        self._workflow_write({"state": "draft", "reject_reason": reason})
        self._activity_update(
            feedback=self.env._(
                "Rejected by %(user)s: %(reason)s", user=self.env.user.name, reason=reason
            ),
            reason=reason,
        )
        for document in self:
            document.message_post(
                body=self.env._("Rejected: %s", reason),
                subtype_xmlid="sop_lakip.mt_sop_rejected",
            )
        return True

    # ------------------------------------------------------------------
    # Hand-offs in the activity inbox
    # ------------------------------------------------------------------
    def _default_date_review(self, date_effective):
        """The next review after ``date_effective``, by the agency's review interval."""
        months = self.company_id.sop_review_months
        return date_effective + relativedelta(months=months) if months > 0 else False

    def _activity_handoff_types(self):
        return [
            "sop_lakip.mail_activity_type_sop_verify",
            "sop_lakip.mail_activity_type_sop_approve",
            "sop_lakip.mail_activity_type_sop_fix",
            "sop_lakip.mail_activity_type_sop_review",
        ]

    def _approvers(self):
        """Who acts next on these SOPs, as ``approvers(company, state)``: on a submitted
        SOP every Sekretaris of the agency (its Kepala Dinas where it has none), on a
        verified one its Kepala Dinas (the one the agency names, else every one). The
        users are read once for all the agencies."""
        secretaries = self._activity_group_users(
            "sop_lakip.group_sop_secretary", exclude_xmlid="sop_lakip.group_sop_head"
        )
        heads = self._activity_group_users("sop_lakip.group_sop_head")

        def head_of(company):
            head = company.sop_head_id.user_id
            return head if head and head.has_group("sop_lakip.group_sop_head") else heads(company)

        def approvers(company, state):
            if state == "submitted":
                return secretaries(company) or head_of(company)
            return head_of(company)

        return approvers

    def _activity_plan(self, reason=None):
        """Submitted: every Sekretaris of the agency initials it; verified: the Kepala
        Dinas approves it; rejected: its author corrects it; approved: its author reviews
        it from the agency's notice days before its review date."""
        today = fields.Date.context_today(self)
        approvers = self._approvers()
        plan = []
        for document in self:
            handoff = document._activity_handoff(reason, approvers, today)
            if handoff:
                plan.append((document, *handoff))
        return plan

    def _activity_handoff(self, reason, approvers, today):
        """(activity types, assignees, deadline, note) of this SOP's hand-off in its state,
        or None when it has none (see ``_activity_plan``)."""
        self.ensure_one()
        company = self.company_id
        author = self.author_id.user_id or self.submitted_by_id or self.create_uid
        if self.state == "submitted":
            xmlid = "sop_lakip.mail_activity_type_sop_verify"
            return (
                [xmlid],
                approvers(company, "submitted"),
                self.env.ref(xmlid)._get_date_deadline(),
                self.env._(
                    "Submitted by %s: check the SOP and initial it (paraf), or "
                    "reject it with a reason.",
                    self.submitted_by_id.name,
                ),
            )
        if self.state == "verified":
            xmlid = "sop_lakip.mail_activity_type_sop_approve"
            return (
                [xmlid],
                approvers(company, "verified"),
                self.env.ref(xmlid)._get_date_deadline(),
                self.env._(
                    "Initialled (paraf) by %s: approve the SOP (pengesahan), or "
                    "reject it with a reason.",
                    self.verified_by_id.name,
                ),
            )
        if self.state == "draft" and self.reject_reason:
            xmlid = "sop_lakip.mail_activity_type_sop_fix"
            return (
                [xmlid],
                author,
                self.env.ref(xmlid)._get_date_deadline(),
                self.env._(
                    "Rejected: %s. Correct the SOP and submit it again.",
                    reason or self.reject_reason,
                ),
            )
        notice = relativedelta(days=company.sop_review_notice_days)
        if self.state == "approved" and self.date_review and self.date_review - notice <= today:
            return (
                ["sop_lakip.mail_activity_type_sop_review"],
                author,
                self.date_review,
                self.env._(
                    "Review the SOP by %s: is it still followed and still right? "
                    "Set its next review date, or revise it.",
                    format_date_id(self.date_review, padded=True),
                ),
            )
        return None

    @api.model
    def _cron_schedule_reviews(self):
        """Give the authors of the SOPs due for review their 'Review SOP' activity."""
        horizon = fields.Date.context_today(self) + relativedelta(years=1)
        self.search([("state", "=", "approved"), ("date_review", "<=", horizon)])._activity_update()

    def action_revise(self):
        """Make the next revision of an approved SOP, as a draft."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can revise an SOP."),
        )
        self._check_state(["approved"], self.env._("only an approved SOP can be revised."))
        revisions = self.browse()
        for document in self:
            pending = document.revision_ids.filtered(
                lambda r: r.state in ("draft", "submitted", "verified")
            )
            if pending:
                raise UserError(
                    self.env._(
                        "SOP %(sop)s already has a revision in progress: %(rev)s.",
                        sop=document.display_name,
                        rev=pending[0].display_name,
                    )
                )
            root = document.origin_id or document
            revision = document.copy(
                {
                    "number": False,  # the number comes with the revision, just below
                    "date_created": document.date_created,
                    "date_revision": fields.Date.context_today(self),
                }
            )
            # Only Revise links a revision to its SOP (see _SYSTEM_FIELDS).
            revision.sudo().write(
                {
                    "number": document.number,
                    "revision": max(document.revision_ids.mapped("revision")) + 1,
                    "origin_id": root.id,
                    "previous_revision_id": document.id,
                }
            )
            revision.message_post(body=self.env._("Revision of %s.", document._get_html_link()))
            revisions |= revision
        self.invalidate_model(["revision_ids"])
        if len(revisions) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "sop.document",
                "res_id": revisions.id,
                "view_mode": "form",
            }
        return True
