"""What the agency signed and recorded is not rewritten by the people it records.

Each test drives the attack as the attacker would (``with_user`` and the calls RPC
makes), then the allowed path for the right role.
"""

from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, freeze_time, tagged
from odoo.tools import mute_logger

from ..compat import ODOO_19
from .common import LakipCommon, SopCommon

STEP_ACTIVITY = "sop_lakip.mail_activity_type_sop_step"


@tagged("post_install", "-at_install")
class TestOrgChartAuthority(LakipCommon):
    """Item 1: the org chart decides authority, so only HR and the Kepala Dinas change it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_hr = cls._new_user("sop_hr_officer", "hr.group_hr_user")
        cls.emp_unit_1 = cls.env["hr.employee"].search([("user_id", "=", cls.user_unit_1.id)])

    def test_staff_cannot_make_himself_manager(self):
        """A staff member making himself head of his Bidang is refused; he cannot verify."""
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        sheet = self._sheet(self.dept_unit_1)
        sheet._workflow_write({"state": "filled"})
        with self.assertRaisesRegex(AccessError, "Only an HR officer or the Kepala Dinas"):
            self.dept_unit_1.with_user(self.user_unit_1).write({"manager_id": self.emp_unit_1.id})
        self.assertNotEqual(self.dept_unit_1.manager_id, self.emp_unit_1)
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_unit_1).action_verify()
        self.assertEqual(sheet.state, "filled")

    def test_staff_cannot_take_the_secretary_steps(self):
        """Making oneself manager of the Sekretariat is refused: the Sekretaris keeps the role."""
        with self.assertRaisesRegex(AccessError, "Only an HR officer or the Kepala Dinas"):
            self.dept_secretariat.with_user(self.user_staff).write(
                {"manager_id": self.emp_staff.id}
            )
        self.assertEqual(self.role_secretary.holder_id, self.emp_secretary)

    def test_auditor_cannot_rename_or_untick_a_unit(self):
        """The auditor can neither rename a department nor take it out of per-unit steps."""
        for vals in (
            {"name": "Bidang Lain"},
            {"sop_unit": False},
            {"sop_delegate_id": self.emp_staff.id},
            {"parent_id": self.dept_program.id},
            {"active": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.dept_unit_1.with_user(self.user_auditor).write(vals)
        self.assertEqual(
            (self.dept_unit_1.name, self.dept_unit_1.sop_unit), ("Bidang Sosial", True)
        )

    def test_kasubag_cannot_change_the_org_chart(self):
        """Not even a Kasubag changes managers or units; nobody without HR creates or deletes."""
        with self.assertRaises(AccessError):
            self.dept_unit_2.with_user(self.user_kasubag).write({"sop_unit": False})
        with self.assertRaises(AccessError):
            self.env["hr.department"].with_user(self.user_kasubag).create(
                {"name": "Bidang Baru", "company_id": self.company.id}
            )
        with self.assertRaises(AccessError):
            self.dept_unit_2.with_user(self.user_kasubag).unlink()

    def test_staff_cannot_move_himself_in_the_org_chart(self):
        """With employee self-editing on, a user still cannot change his own unit or manager."""
        self.env["ir.config_parameter"].set_param("hr.hr_employee_self_edit", True)
        for vals in (
            {"department_id": self.dept_unit_2.id},
            {"employee_parent_id": self.emp_staff.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.user_unit_1.with_user(self.user_unit_1).write(vals)
        self.assertEqual(self.emp_unit_1.department_id, self.dept_unit_1)
        self.user_unit_1.with_user(self.user_unit_1).write({"private_email": "a@example.com"})
        self.assertEqual(self.emp_unit_1.private_email, "a@example.com")

    def test_head_changes_a_manager_and_the_members_follow(self):
        """The Kepala Dinas, without HR rights, names a new head of a Bidang; its staff follow."""
        self.assertEqual(self.emp_unit_1.parent_id, self.dept_unit_1.manager_id)
        self.dept_unit_1.with_user(self.user_head).write({"manager_id": self.emp_staff.id})
        self.assertEqual(self.dept_unit_1.manager_id, self.emp_staff)
        self.assertEqual(self.emp_unit_1.parent_id, self.emp_staff)

    def test_hr_officer_and_head_change_it_tracked(self):
        """HR officers and the Kepala Dinas change the org chart, and each change is tracked."""
        self.env.flush_all()
        self.env.cr.precommit.run()  # the org chart was saved before, as a commit does
        tracked = self.env(context={})  # tracking on, as in the web client
        tracked["hr.department"].browse(self.dept_unit_1.id).with_user(self.user_hr).write(
            {"manager_id": self.emp_unit_1.id, "name": "Bidang Rehabilitasi Sosial"}
        )
        tracked["hr.department"].browse(self.dept_unit_2.id).with_user(self.user_head).write(
            {"sop_unit": False, "sop_delegate_id": self.emp_staff.id}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        self.assertEqual(self.dept_unit_1.manager_id, self.emp_unit_1)
        self.assertFalse(self.dept_unit_2.sop_unit)
        for department, fnames in (
            (self.dept_unit_1, {"manager_id", "name"}),
            (self.dept_unit_2, {"sop_unit", "sop_delegate_id"}),
        ):
            messages = self.env["mail.message"].search(
                [("model", "=", "hr.department"), ("res_id", "=", department.id)]
            )
            changed = set(messages.tracking_value_ids.field_id.mapped("name"))
            self.assertLessEqual(fnames, changed, department.name)


@tagged("post_install", "-at_install")
class TestVerifyToken(HttpCase, SopCommon):
    """Item 2: the QR token is the system's, unique, and never written by users."""

    def _create_sop_b(self):
        sop_b = self.env["sop.document"].create(
            {"name": "SOP Dinas B", "number": "B/1", "company_id": self.company_b.id}
        )
        sop_b._workflow_write({"state": "approved", "date_approved": fields.Date.today()})
        return sop_b

    def test_kasubag_cannot_copy_another_agency_token(self):
        """A draft made with another agency's token is refused; its QR page stays its own."""
        sop_b = self._create_sop_b()
        token = sop_b.sudo().access_token
        with self.assertRaisesRegex(UserError, "set by the system"):
            self.env["sop.document"].with_user(self.user_kasubag).create(
                {"name": "Tiruan", "company_id": self.company.id, "access_token": token}
            )
        with self.assertRaisesRegex(UserError, "set by the system"):
            self.sop.with_user(self.user_kasubag).write({"access_token": token})
        page = self.url_open(f"/sop/verify/{token}").text
        self.assertIn("SOP Dinas B", page)
        self.assertNotIn("Penyusunan LAKIP", page)

    @mute_logger("odoo.sql_db")
    def test_token_is_unique(self):
        """Even the system cannot give two SOPs the same token."""
        sop_b = self._create_sop_b()
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.sop.sudo().write({"access_token": sop_b.sudo().access_token})
            self.env.flush_all()

    def test_form_gives_each_draft_its_own_token(self):
        """A Kasubag's new draft, made in the form, gets a fresh token of its own."""
        with Form(self.env["sop.document"].with_user(self.user_kasubag)) as form:
            form.name = "SOP Baru"
            form.number = "460/BARU/2024"
        new = form.save()
        self.assertTrue(new.sudo().access_token)
        self.assertNotEqual(new.sudo().access_token, self.sop.sudo().access_token)

    def test_unknown_token_raises_not_found(self):
        """An unknown or malformed token is a 404, raised (no warning in the log)."""
        for token in ("A" * 22, "short"):
            with self.subTest(token=token), self.assertNoLogs("odoo.http", "WARNING"):
                response = self.url_open(f"/sop/verify/{token}", allow_redirects=False)
                self.assertEqual(response.status_code, 404)

    def test_page_shows_the_agency_and_identity_only(self):
        """The page names the issuing agency with the SOP's identity, and no people."""
        self._approve(self.sop)
        page = self.url_open(f"/sop/verify/{self.sop.access_token}").text
        for text in ("Dinas Uji A", self.sop.number, "Penyusunan LAKIP", "Berlaku"):
            self.assertIn(text, page)
        for text in ("Kepala Uji", "19660930", "Menerima disposisi"):
            self.assertNotIn(text, page)


@tagged("post_install", "-at_install")
class TestStepActivityGuard(SopCommon):
    """Item 3: only the assignee, or a superior, changes a step's activity; nobody detaches it."""

    def setUp(self):
        super().setUp()
        self.run = self._start()
        self.item = self._open(self.run)  # step 1, the Kasubag's
        self.activity = self.item.activity_ids

    def _assert_step_intact(self):
        self.assertEqual(self.item.state, "open")
        self.assertEqual(self.activity.sop_workitem_id, self.item)
        self.assertEqual(self.activity.user_id, self.user_kasubag)
        self.assertTrue(self.activity.active)

    def test_auditor_and_staff_cannot_touch_another_persons_step(self):
        """Summary, deadline, note: refused to the auditor and to a user lower on the ladder."""
        deadline = self.activity.date_deadline
        for user in (self.user_auditor, self.user_staff):
            for vals in (
                {"summary": "Tidak usah"},
                {"date_deadline": fields.Date.today() + timedelta(days=60)},
                {"note": "<p>x</p>"},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    self.activity.with_user(user).write(vals)
        self.assertEqual(self.activity.date_deadline, deadline)
        self._assert_step_intact()

    def test_nobody_reassigns_archives_or_detaches(self):
        """Assignee, record, archiving and the step link are the system's, even for the assignee."""
        for user in (self.user_auditor, self.user_staff, self.user_kasubag, self.user_head):
            for vals in (
                {"user_id": user.id},
                {"active": False},
                {"sop_workitem_id": False},
                {"res_id": self.run.id + 1},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    self.activity.with_user(user).write(vals)
        self._assert_step_intact()

    def test_detached_activity_cannot_be_marked_done(self):
        """The auditor's detach-then-mark-done is refused at each stage; the step stays in the inbox."""
        with self.assertRaises(UserError):
            self.activity.with_user(self.user_auditor).write({"sop_workitem_id": False})
        with self.assertRaises(AccessError):
            self.activity.with_user(self.user_auditor).action_feedback("selesai")
        with self.assertRaises(UserError):
            self.activity.with_user(self.user_auditor).with_context(
                sop_workitem_completing=True
            ).action_feedback("selesai")
        self._assert_step_intact()

    def test_reschedule_on_the_run_is_refused(self):
        """activity_reschedule on the run moves nobody's step."""
        later = fields.Date.today() + timedelta(days=30)
        for user in (self.user_auditor, self.user_staff):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.run.with_user(user).activity_reschedule([STEP_ACTIVITY], date_deadline=later)
        with self.assertRaises(UserError):
            self.run.with_user(self.user_auditor).activity_reschedule(
                [STEP_ACTIVITY], new_user_id=self.user_auditor.id
            )
        self.assertNotEqual(self.activity.date_deadline, later)
        self._assert_step_intact()

    def test_no_one_links_an_activity_to_a_step(self):
        """A hand-made activity cannot pose as a step."""
        with self.assertRaises(UserError):
            self.env["mail.activity"].with_user(self.user_kasubag).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("sop.instance"),
                    "res_id": self.run.id,
                    "user_id": self.user_staff.id,
                    "sop_workitem_id": self.item.id,
                }
            )

    def test_assignee_and_superior_edit_notes_and_complete(self):
        """The assignee notes and plans his step; a superior too; then it completes as before."""
        self.activity.with_user(self.user_kasubag).write(
            {"note": "<p>Sudah dibaca</p>", "date_deadline": fields.Date.today()}
        )
        self.activity.with_user(self.user_head).write({"summary": "1. Segera"})
        self.assertEqual(self.activity.summary, "1. Segera")
        self.activity.with_user(self.user_kasubag).action_feedback("selesai")
        self.assertEqual(self.item.state, "done")
        self.assertEqual(self._open(self.run).step_id.number, 2)


@tagged("post_install", "-at_install")
class TestRunHistory(SopCommon):
    """Item 5: a started run keeps its SOP, dates and holders; only cancel ends it."""

    def test_kasubag_cannot_rewrite_a_running_run(self):
        """SOP, agency, holders, dates and starter of a running run are refused to the Kasubag."""
        run = self._start()
        other = self._approve(self._create_sop(number="460/LAIN/2024", name="SOP Lain"))
        kasubag_run = run.with_user(self.user_kasubag)
        with self.assertRaisesRegex(UserError, "has started"):
            kasubag_run.write({"document_id": other.id})
        with self.assertRaisesRegex(UserError, "has started"):
            kasubag_run.write({"holder_ids": [Command.clear()]})
        for vals in (
            {"date_start": "2020-01-01 00:00:00"},
            {"user_id": self.user_staff.id},
            {"date_done": "2020-01-02 00:00:00"},
            {"state": "done"},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "only with the buttons"),
            ):
                kasubag_run.write(vals)
        self.assertEqual(run.document_id, self.sop)
        self.assertEqual(run.user_id, self.user_kasubag)
        kasubag_run.write({"name": "Penyusunan LAKIP 2024"})  # the title stays editable

    def test_holders_of_a_running_run_are_fixed(self):
        """Adding or removing a role holder of a started run is refused."""
        run = self._start()
        Holder = self.env["sop.instance.holder"].with_user(self.user_kasubag)
        with self.assertRaises(UserError):
            Holder.create(
                {
                    "instance_id": run.id,
                    "role_id": self.role_staff.id,
                    "employee_id": self.emp_kasubag.id,
                }
            )
        staff_holder = run.holder_ids.filtered(lambda h: h.role_id == self.role_staff)
        with self.assertRaises(UserError):
            staff_holder.with_user(self.user_kasubag).unlink()
        self.assertEqual(staff_holder.employee_id, self.emp_staff)

    def test_started_runs_are_never_deleted(self):
        """Running, done and cancelled runs are the agency's records: unlink is refused."""
        run = self._start()
        with self.assertRaisesRegex(UserError, "only a draft run"):
            run.with_user(self.user_kasubag).unlink()
        run.with_user(self.user_kasubag).action_cancel()
        with self.assertRaisesRegex(UserError, "only a draft run"):
            run.with_user(self.user_head).unlink()
        self.assertTrue(run.exists() and run.workitem_ids)

    def test_draft_run_is_made_in_the_form_and_deleted(self):
        """The Kasubag makes a run in the form, changes it while draft, and may delete it."""
        self._approve(self.sop)
        with Form(self.env["sop.instance"].with_user(self.user_kasubag)) as form:
            form.name = "Coba"
            form.document_id = self.sop
        run = form.save()
        self.assertEqual(run.state, "draft")
        holder = run.holder_ids.filtered(lambda h: h.role_id == self.role_staff)
        holder.with_user(self.user_kasubag).employee_id = self.emp_kasubag
        run.with_user(self.user_kasubag).unlink()
        self.assertFalse(run.exists())


@tagged("post_install", "-at_install")
class TestApprovedSopForgery(SopCommon):
    """Item 7: dates and revision links of an SOP are set by approval and Revise only."""

    def test_effective_date_of_approved_sop_is_fixed(self):
        """Nobody moves the effective date of an approved SOP."""
        self._approve(self.sop)
        for user in (self.user_kasubag, self.user_head):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "Approved: only a draft"),
            ):
                self.sop.with_user(user).write({"date_effective": "2031-01-01"})
        self.assertEqual(self.sop.date_effective, self.sop.date_approved)

    def test_effective_date_not_before_approval(self):
        """An effective date before the approval date stops the approval, by name."""
        self.sop.date_effective = "2020-01-01"
        self.sop.with_user(self.user_kasubag).action_submit()
        self.sop.with_user(self.user_secretary).action_verify()
        with self.assertRaisesRegex(ValidationError, "before the approval date"):
            self.sop.with_user(self.user_head).action_approve()
        self.assertEqual(self.sop.state, "verified")

    def test_revision_links_are_set_by_revise_only(self):
        """A draft posing as revision 7 of an approved SOP is refused, in write and create."""
        self._approve(self.sop)
        draft = self._create_sop(number="460/PALSU/2024")
        with self.assertRaisesRegex(UserError, "set by the system"):
            draft.with_user(self.user_kasubag).write({"revision": 7, "origin_id": self.sop.id})
        with self.assertRaisesRegex(UserError, "set by the system"):
            self.env["sop.document"].with_user(self.user_kasubag).create(
                {
                    "name": "Palsu",
                    "company_id": self.company.id,
                    "previous_revision_id": self.sop.id,
                }
            )
        self.assertFalse(draft.origin_id)
        self._approve(draft)
        self.assertEqual(self.sop.state, "approved", "the real SOP is not superseded")

    def test_revise_still_links_the_revision(self):
        """Revise, by the Kasubag, makes revision 1 of the SOP, linked to it."""
        self._approve(self.sop)
        action = self.sop.with_user(self.user_kasubag).action_revise()
        revision = self.env["sop.document"].browse(action["res_id"])
        self.assertEqual(
            (revision.number, revision.revision, revision.origin_id, revision.previous_revision_id),
            (self.sop.number, 1, self.sop, self.sop),
        )
        self.assertEqual(revision.name, self.sop.name)


@tagged("post_install", "-at_install")
class TestOverdueOnce(SopCommon):
    """Item 12 (one transaction): one reminder per step per day."""

    def _reminders(self, run):
        return run.message_ids.filtered(lambda m: "Overdue" in (m.body or ""))

    def test_second_run_of_the_job_the_same_day_reminds_nobody(self):
        """Two runs of the overdue job the same day send one reminder; the next day one more."""
        with freeze_time("2024-01-15 01:00:00"):
            run = self._start()
        with freeze_time("2024-01-18 01:00:00"):
            self.env["sop.instance"]._cron_remind_overdue()
            self.env["sop.instance"]._cron_remind_overdue()
            self.assertEqual(len(self._reminders(run)), 1)
            self.assertEqual(self._open(run).date_reminded, fields.Date.to_date("2024-01-18"))
        with freeze_time("2024-01-18 07:00:00"):
            self.env["sop.instance"]._cron_remind_overdue()
            self.assertEqual(len(self._reminders(run)), 1, "later the same day")
        with freeze_time("2024-01-19 01:00:00"):
            self.env["sop.instance"]._cron_remind_overdue()
        self.assertEqual(len(self._reminders(run)), 2)


@tagged("post_install", "-at_install")
class TestEmptyCalls(SopCommon):
    """Item 13: empty or invisible selections give an answer, never an SQL error."""

    def test_done_on_nothing(self):
        """action_done / action_yes on no step is a no-op."""
        Workitem = self.env["sop.workitem"].with_user(self.user_kasubag)
        self.assertTrue(Workitem.action_done())
        self.assertTrue(Workitem.browse().action_yes())

    def test_no_wizard_on_invisible_steps(self):
        """Answering No for another agency's step says there is nothing to answer."""
        run = self._start()
        item = self._open(run)
        Wizard = self.env["sop.workitem.no.wizard"].with_user(self.user_kasubag_b)
        vals = {"workitem_ids": [Command.set(item.ids)], "reason": "Salah"}
        if ODOO_19:  # Odoo 19 already refuses to link records the user cannot read
            with self.assertRaisesRegex(AccessError, "doesn't have 'read' access"):
                Wizard.create(vals)
        else:
            wizard = Wizard.create(vals)
            wizard.invalidate_recordset()  # the confirmation is the next request
            with self.assertRaisesRegex(UserError, "no step to answer"):
                wizard.action_confirm()
        self.assertEqual(item.state, "open")


@tagged("post_install", "-at_install")
class TestStepTextEscaped(SopCommon):
    """Item 14: a step's text reaches the assignee's activity as text, never as HTML."""

    def test_requirement_with_html_is_escaped(self):
        """An image and a phishing link in a requirement arrive as plain text."""
        hostile = '<img src="x"> <a href="https://evil.example/phish">Login again</a>'
        self.sop.step_ids[0].requirement = hostile
        run = self._start()
        note = str(self._open(run).activity_ids.note)
        self.assertNotIn("<img", note)
        self.assertNotIn('<a href="https://evil.example', note)
        self.assertIn("&lt;img", note)
        self.assertIn("Login again", note)
        self.assertIn("<strong>", note, "the addon's own markup stays")

    def test_step_name_in_reminder_is_escaped(self):
        """A step name with HTML reaches the overdue reminder as text."""
        self.sop.step_ids[0].name = '<img src="x"> Menerima <a href="https://evil.example">x</a>'
        with freeze_time("2024-01-15 01:00:00"):
            run = self._start()
        with freeze_time("2024-01-18 01:00:00"):
            self.env["sop.instance"]._cron_remind_overdue()
        [reminder] = run.message_ids.filtered(lambda m: "Overdue" in (m.body or ""))
        self.assertNotIn("<img", reminder.body)
        self.assertNotIn("<a href", reminder.body)
        self.assertIn("&lt;img", reminder.body)

    def test_rejection_reason_is_escaped(self):
        """A rejection reason with HTML is posted in the chatter as text."""
        self.sop.with_user(self.user_kasubag).action_submit()
        self.sop.with_user(self.user_secretary)._reject('<a href="https://evil.example">Baca</a>')
        body = self.sop.message_ids[0].body
        self.assertNotIn("<a href", body)
        self.assertIn("&lt;a href", body)
