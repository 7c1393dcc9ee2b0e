from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger

from .common import ADDON_CONTEXT, SopCommon


@tagged("post_install", "-at_install")
class TestSopLifecycle(SopCommon):
    @freeze_time("2024-01-15")
    def test_approval_sets_dates_and_signatory(self):
        """Submit, paraf and pengesahan: the head's approval sets dates and Disahkan Oleh."""
        sop = self._approve(self.sop)
        self.assertEqual(sop.state, "approved")
        self.assertEqual(str(sop.date_approved), "2024-01-15")
        self.assertEqual(str(sop.date_effective), "2024-01-15")
        self.assertEqual(sop.approver_id, self.emp_head)
        self.assertEqual(sop.submitted_by_id, self.user_kasubag)
        self.assertEqual(sop.verified_by_id, self.user_secretary)
        self.assertEqual(sop.approver_job_title, "Kepala Dinas")
        self.assertEqual(sop.approver_rank, "Pembina Utama Muda (IV/c)")
        self.assertEqual(sop.approver_nip, "19660930 199702 2 002")

    def test_degree_ending_a_sentence_keeps_one_full_stop(self):
        """A name ending in a degree ('M.M.') ends the chatter's sentence: no 'M.M..'."""
        self.user_secretary.name = "Sekretaris Uji, M.Si."
        self.emp_head.name = self.user_head.name = "Dra. Kepala Uji, M.M."
        self._approve(self.sop)
        bodies = " ".join(self.sop.message_ids.mapped("body"))
        self.assertIn("Verified (paraf) by Sekretaris Uji, M.Si.", bodies)
        self.assertIn("Approved (pengesahan) by Dra. Kepala Uji, M.M.", bodies)
        self.assertNotIn("..", bodies)

    def test_effective_date_set_in_advance_is_kept(self):
        """An effective date chosen by the author survives the approval."""
        self.sop.date_effective = "2030-01-01"
        self._approve(self.sop)
        self.assertEqual(str(self.sop.date_effective), "2030-01-01")

    def test_signatory_snapshot_survives_promotion(self):
        """The printed signatory keeps the rank it was signed with."""
        self._approve(self.sop)
        self.emp_head.write({"pns_grade": "IV/d", "job_title": "Asisten"})
        self.assertEqual(self.sop.approver_rank, "Pembina Utama Muda (IV/c)")
        self.assertEqual(self.sop.approver_job_title, "Kepala Dinas")

    def test_approved_sop_cannot_be_edited(self):
        """Neither the SOP nor its steps, lines or columns change once approved."""
        self._approve(self.sop)
        for record, vals in (
            (self.sop, {"name": "Lain"}),
            (self.sop.step_ids[0], {"name": "Lain"}),
            (self.sop.line_ids[0], {"name": "Lain"}),
            (self.sop.column_ids[0], {"name": "Lain"}),
        ):
            with self.subTest(model=record._name), self.assertRaises(UserError):
                record.write(vals)
        with self.assertRaises(UserError):
            self.sop.step_ids[0].unlink()
        with self.assertRaises(UserError):
            self.env["sop.step"].create(
                {"document_id": self.sop.id, "name": "Baru", "role_id": self.role_staff.id}
            )
        with self.assertRaises(UserError):
            self.sop.unlink()
        self.assertEqual(self.sop.name, "Penyusunan LAKIP")

    def test_submitted_sop_is_locked_too(self):
        """A submitted SOP waits for verification unchanged."""
        self.sop.with_user(self.user_kasubag).action_submit()
        with self.assertRaises(UserError):
            self.sop.with_user(self.user_kasubag).write({"name": "Lain"})

    def test_draft_can_be_deleted(self):
        """A draft SOP and its parts can be deleted by a Kasubag."""
        steps = self.sop.step_ids
        self.sop.with_user(self.user_kasubag).unlink()
        self.assertFalse(steps.exists())

    def test_reject_needs_reason_and_returns_to_draft(self):
        """Rejection needs a reason, returns the SOP to draft and records the reason."""
        self.sop.with_user(self.user_kasubag).action_submit()
        action = self.sop.with_user(self.user_secretary).action_reject()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.user_secretary)
            .with_context(**action["context"])
        )
        wizard_form.reason = "Dasar hukum belum lengkap"
        wizard_form.save().action_confirm()
        self.assertEqual(self.sop.state, "draft")
        self.assertEqual(self.sop.reject_reason, "Dasar hukum belum lengkap")
        self.sop.with_user(self.user_kasubag).action_submit()
        self.assertFalse(self.sop.reject_reason)
        with self.assertRaises(UserError):
            self.sop.with_user(self.user_secretary)._reject("  ")
        self.assertEqual(self.sop.state, "submitted")

    def test_reject_posts_the_reason_in_chatter(self):
        """The rejection reason is in the SOP's history."""
        sop = self.sop.with_context(tracking_disable=False, mail_notrack=False)
        sop.with_user(self.user_kasubag).action_submit()
        sop.with_user(self.user_secretary)._reject("Nomor salah")
        bodies = " ".join(sop.message_ids.mapped("body"))
        self.assertIn("Nomor salah", bodies)

    def test_wrong_state_transitions_are_refused(self):
        """Actions refuse SOPs in the wrong state and change nothing."""
        with self.assertRaises(UserError):
            self.sop.with_user(self.user_secretary).action_verify()
        with self.assertRaises(UserError):
            self.sop.with_user(self.user_head).action_approve()
        with self.assertRaises(UserError):
            self.sop.with_user(self.user_kasubag).action_revise()
        self.assertEqual(self.sop.state, "draft")

    def test_state_only_by_buttons(self):
        """Writing or creating an SOP's state or approval directly is refused, context or not."""
        sop = self.sop.with_user(self.user_kasubag)
        for vals in ({"state": "approved"}, {"approver_id": self.emp_head.id}):
            with self.assertRaisesRegex(UserError, "change only with its buttons"):
                sop.with_context(**ADDON_CONTEXT).write(vals)
        with self.assertRaisesRegex(UserError, "change only with its buttons"):
            self.env["sop.document"].with_user(self.user_kasubag).create(
                {"name": "Langsung sah", "company_id": self.company.id, "state": "approved"}
            )
        run = self._start()
        with self.assertRaisesRegex(UserError, "state changes only with the buttons"):
            run.with_user(self.user_kasubag).write({"state": "done"})
        self.assertEqual((self.sop.state, run.state), ("approved", "running"))

    @freeze_time("2025-03-01")
    def test_revise_makes_linked_draft_with_same_number(self):
        """Revise copies the approved SOP as the next revision, decisions remapped."""
        self._approve(self.sop)
        action = self.sop.with_user(self.user_kasubag).action_revise()
        revision = self.env["sop.document"].browse(action["res_id"])
        self.assertEqual(revision.state, "draft")
        self.assertEqual(revision.number, self.sop.number)
        self.assertEqual(revision.revision, 1)
        self.assertEqual(revision.previous_revision_id, self.sop)
        self.assertEqual(revision.origin_id, self.sop)
        self.assertEqual(str(revision.date_revision), "2025-03-01")
        self.assertEqual(revision.date_created, self.sop.date_created)
        self.assertFalse(revision.approver_id)
        self.assertEqual(len(revision.step_ids), 4)
        self.assertEqual(len(revision.line_ids), 2)
        self.assertEqual(len(revision.column_ids), 4)
        decision = revision.step_ids[2]
        self.assertEqual(decision.yes_step_id, revision.step_ids[3])
        self.assertEqual(decision.no_step_id, revision.step_ids[1])
        self.assertEqual(revision.revision_ids, revision | self.sop)
        self.assertEqual(self.sop.revision_ids, revision | self.sop)
        with self.assertRaises(UserError):
            self.sop.with_user(self.user_kasubag).action_revise()

    def test_approving_revision_supersedes_previous(self):
        """The approved revision becomes effective and the old one superseded."""
        self._approve(self.sop)
        revision = self.env["sop.document"].browse(
            self.sop.with_user(self.user_kasubag).action_revise()["res_id"]
        )
        revision.name = "Penyusunan LAKIP (revisi)"
        self._approve(revision)
        self.assertEqual(revision.state, "approved")
        self.assertEqual(self.sop.state, "superseded")
        self.assertEqual(self.sop.superseded_by_id, revision)
        second = self.env["sop.document"].browse(
            revision.with_user(self.user_kasubag).action_revise()["res_id"]
        )
        self.assertEqual(second.revision, 2)
        self.assertEqual(second.origin_id, self.sop)
        self.assertEqual(second.revision_ids, second | revision | self.sop)

    def test_duplicate_is_a_new_sop_without_number(self):
        """Duplicating an SOP gives a new draft with its own number to fill in."""
        copy = self.sop.copy()
        self.assertFalse(copy.number)
        self.assertEqual(copy.revision, 0)
        self.assertFalse(copy.origin_id)
        self.assertEqual(copy.step_ids[2].no_step_id, copy.step_ids[1])

    def test_waiting_for_my_approval(self):
        """Each approver finds exactly the SOPs that wait for them."""
        other = self._create_sop(number="X/2")
        self.sop.with_user(self.user_kasubag).action_submit()
        other.with_user(self.user_kasubag).action_submit()
        other.with_user(self.user_secretary).action_verify()
        Sop = self.env["sop.document"]
        domain = [("waiting_my_approval", "=", True), ("company_id", "=", self.company.id)]
        self.assertEqual(Sop.with_user(self.user_secretary).search(domain), self.sop)
        self.assertEqual(Sop.with_user(self.user_head).search(domain), other)
        self.assertFalse(Sop.with_user(self.user_kasubag).search(domain))
        self.assertTrue(other.with_user(self.user_head).waiting_my_approval)

    def test_number_and_revision_unique_per_agency(self):
        """Two SOPs of one agency cannot share number and revision; another agency can."""
        Sop = self.env["sop.document"]
        Sop.create({"name": "B", "number": self.sop.number, "company_id": self.company_b.id})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            Sop.create({"name": "Dobel", "number": self.sop.number, "company_id": self.company.id})

    def test_role_holder_resolution(self):
        """Roles resolve to the head, a department's current manager or a named employee."""
        self.assertEqual(self.role_head.holder_id, self.emp_head)
        self.assertEqual(self.role_secretary.holder_id, self.emp_secretary)
        self.assertEqual(self.role_staff.holder_id, self.emp_staff)
        self.dept_secretariat.manager_id = self.emp_kasubag
        self.assertEqual(self.role_secretary.holder_id, self.emp_kasubag)

    def test_column_heading_defaults_to_role_names(self):
        """A column covering two roles prints both names unless given a heading."""
        column = self.env["sop.document.column"].create(
            {
                "document_id": self._create_sop(number="K/1").id,
                "role_ids": [(6, 0, (self.role_secretary | self.role_kasubag).ids)],
            }
        )
        self.assertEqual(column.name, "Sekretaris/ Kasubag Penyusunan Program")

    def test_step_numbers_follow_order_and_time_display(self):
        """Steps are numbered in order and show their standard time."""
        steps = self.sop.step_ids
        self.assertEqual(steps.mapped("number"), [1, 2, 3, 4])
        self.assertEqual(steps[0].duration_display, "10 Minutes")
        self.assertEqual(steps[2].flow_display, "Yes: 4 · No: 2")
        self.assertEqual(steps[0].flow_display, "2")
        self.assertEqual(steps[0].column_id.role_ids, self.role_kasubag)
