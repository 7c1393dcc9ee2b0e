from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, tagged

from .common import SopCommon

MONDAY_9_WITA = datetime(2024, 1, 15, 1, 0)  # 09:00 Asia/Makassar, in UTC


@tagged("post_install", "-at_install")
class TestSopInstance(SopCommon):
    def _activity(self, workitem):
        self.assertEqual(len(workitem.activity_ids), 1)
        return workitem.activity_ids

    @freeze_time(MONDAY_9_WITA)
    def test_start_schedules_the_start_step(self):
        """Starting freezes holders and puts the start step in its holder's inbox."""
        run = self._start()
        self.assertEqual(run.state, "running")
        self.assertEqual(run.user_id, self.user_kasubag)
        self.assertEqual(
            {h.role_id: h.employee_id for h in run.holder_ids},
            {
                self.role_kasubag: self.emp_kasubag,
                self.role_staff: self.emp_staff,
                self.role_secretary: self.emp_secretary,
                self.role_head: self.emp_head,
            },
        )
        item = self._open(run)
        self.assertEqual(item.step_id, self.sop.step_ids[0])
        self.assertEqual(item.user_id, self.user_kasubag)
        self.assertEqual(item.date_deadline, datetime(2024, 1, 15, 1, 10))
        activity = self._activity(item)
        self.assertEqual(activity.user_id, self.user_kasubag)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("sop_lakip.mail_activity_type_sop_step")
        )
        self.assertEqual(activity.summary, "1. Menerima disposisi")
        self.assertEqual(str(activity.date_deadline), "2024-01-15")
        self.assertEqual((activity.res_model, activity.res_id), ("sop.instance", run.id))

    def test_activity_done_moves_the_run_on(self):
        """Marking the activity done, as its assignee, completes the step and schedules the next."""
        run = self._start()
        first = self._open(run)
        self._activity(first).with_user(self.user_kasubag).action_feedback("Disposisi diterima")
        self.assertEqual(first.state, "done")
        self.assertEqual(first.outcome, "done")
        self.assertEqual(first.feedback, "Disposisi diterima")
        self.assertEqual(first.done_by_id, self.user_kasubag)
        self.assertFalse(first.activity_ids.exists())
        second = self._open(run)
        self.assertEqual(second.step_id, self.sop.step_ids[1])
        self.assertEqual(self._activity(second).user_id, self.user_staff)

    def test_decision_no_loops_back_and_yes_finishes(self):
        """Tidak needs a reason and returns to the named step; Ya goes on; the end closes the run."""
        run = self._start()
        self._open(run).with_user(self.user_kasubag).action_done()
        self._open(run).with_user(self.user_staff).action_done()
        decision = self._open(run)
        self.assertEqual(decision.step_id.symbol, "decision")
        with self.assertRaises(UserError):
            self._activity(decision).with_user(self.user_secretary).action_feedback("ok")
        self.assertEqual(decision.state, "open", "a decision is not answered by 'mark done'")
        with self.assertRaises(UserError):
            decision.with_user(self.user_secretary)._complete("no", " ")
        action = decision.with_user(self.user_secretary).action_no()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_secretary)
            .with_context(**action["context"])
        )
        wizard.reason = "Data Bidang PMD belum masuk"
        wizard.save().action_confirm()
        self.assertEqual(
            (decision.outcome, decision.feedback), ("no", "Data Bidang PMD belum masuk")
        )
        redo = self._open(run)
        self.assertEqual(redo.step_id, self.sop.step_ids[1], "Tidak goes back to step 2")
        redo.with_user(self.user_staff).action_done()
        self._open(run).with_user(self.user_secretary).action_yes()
        end = self._open(run)
        self.assertEqual(end.step_id.symbol, "end")
        end.with_user(self.user_head).action_done()
        self.assertEqual(run.state, "done")
        self.assertTrue(run.date_done)
        self.assertEqual(run.progress, 100)
        self.assertEqual(
            run.workitem_ids.mapped("step_number"),
            [1, 2, 3, 2, 3, 4],
            "the timeline keeps the loop",
        )
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "sop.instance"), ("res_id", "=", run.id)]
            )
        )

    def test_only_assignee_or_superior_completes(self):
        """Staff cannot complete someone else's step; a superior of the agency can; auditors cannot."""
        run = self._start()
        first = self._open(run)
        for user in (self.user_staff, self.user_auditor, self.user_head_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                first.with_user(user).action_done()
        self.assertEqual(first.state, "open")
        self.assertEqual(len(run.workitem_ids), 1)
        second_step = run.workitem_ids
        first.with_user(self.user_head).action_done()
        self.assertEqual(second_step.done_by_id, self.user_head)
        staff_item = self._open(run)
        with self.assertRaises(AccessError):
            staff_item.with_user(self.user_kabid_1).action_done()
        staff_item.with_user(self.user_secretary).action_done()
        self.assertEqual(staff_item.state, "done")

    def test_auditor_reads_runs(self):
        """Auditors read runs, their timeline and holders."""
        run = self._start()
        run.with_user(self.user_auditor).read(["name", "state", "progress", "current_step"])
        self._open(run).with_user(self.user_auditor).read(["user_id", "date_deadline"])
        with self.assertRaises(AccessError):
            run.with_user(self.user_auditor).write({"name": "x"})
        with self.assertRaises(AccessError):
            run.with_user(self.user_auditor).action_cancel()

    def test_completing_a_finished_step_is_refused(self):
        """A step that is already done cannot be completed again."""
        run = self._start()
        first = self._open(run)
        first.with_user(self.user_kasubag).action_done()
        with self.assertRaisesRegex(UserError, "already closed"):
            first.with_user(self.user_kasubag).action_done()
        self.assertEqual(len(run.workitem_ids), 2)

    def test_step_closed_earlier_in_the_transaction_is_refused(self):
        """A step closed in this transaction but not yet written to the table is refused."""
        run = self._start()
        first = self._open(run)
        first.sudo().write({"state": "done", "done_by_id": self.user_kasubag.id})
        self.assertTrue(self.env.cache.has_dirty_fields(first, [first._fields["state"]]))
        with self.assertRaisesRegex(UserError, "already closed"):
            first.with_user(self.user_kasubag).action_done()
        self.assertEqual(len(run.workitem_ids), 1)

    def test_cancel_removes_open_activities_and_keeps_history(self):
        """Cancelling a run removes its open activities; done steps stay in the timeline."""
        run = self._start()
        self._open(run).with_user(self.user_kasubag).action_done()
        open_item = self._open(run)
        activity = self._activity(open_item)
        with self.assertRaises(UserError):
            activity.unlink()
        run.with_user(self.user_kasubag).action_cancel()
        self.assertEqual(run.state, "cancelled")
        self.assertFalse(activity.exists())
        self.assertEqual(run.workitem_ids.mapped("state"), ["done", "cancelled"])
        with self.assertRaises(UserError):
            open_item.with_user(self.user_staff).action_done()

    def test_start_refuses_unapproved_sop(self):
        """Only an approved SOP can be run."""
        run = self.env["sop.instance"].create(
            {"name": "Run", "document_id": self.sop.id, "company_id": self.company.id}
        )
        with self.assertRaisesRegex(UserError, "is not approved"):
            run.with_user(self.user_kasubag).action_start()
        self.assertEqual(run.state, "draft")
        self.assertFalse(run.workitem_ids)

    def test_start_refuses_role_without_holder(self):
        """A role nobody holds stops the start, naming the role; nothing is created."""
        self._approve(self.sop)
        self.dept_secretariat.manager_id = False
        run = self.env["sop.instance"].create(
            {"name": "Run", "document_id": self.sop.id, "company_id": self.company.id}
        )
        with self.assertRaisesRegex(UserError, "Role Sekretaris has no holder"):
            run.with_user(self.user_kasubag).action_start()
        self.emp_staff.user_id = False
        with self.assertRaisesRegex(UserError, "Role Staf is held by Staf Uji, who has no user"):
            run.with_user(self.user_kasubag).action_start()
        self.assertFalse(run.workitem_ids)
        self.assertEqual(run.state, "draft")

    def test_start_refuses_holder_of_another_agency(self):
        """A role held by an employee of another agency stops the start, saying so."""
        self._approve(self.sop)
        self.dept_secretariat.manager_id = self.emp_head_b  # the manager field allows it
        runs = self.env["sop.instance"].create(
            [
                {"name": f"Run {i}", "document_id": self.sop.id, "company_id": self.company.id}
                for i in range(2)
            ]
        )
        # The Kasubag opens the draft run and sees who the role falls to.
        form = Form(runs[0].with_user(self.user_kasubag))
        holders = {line["role_id"]: line for line in form.holder_ids._records}
        self.assertEqual(
            holders[self.role_secretary.id]["resolved_employee_id"], self.emp_head_b.id
        )
        # his user is not shown: the Kasubag may not read another agency's employee
        self.assertFalse(holders[self.role_secretary.id]["user_id"])
        with self.assertRaisesRegex(
            UserError,
            "Role Sekretaris is held by Kepala Uji B, who works for Dinas Uji B, not for "
            "Dinas Uji A",
        ):
            runs.with_user(self.user_kasubag).action_start()
        self.assertEqual(set(runs.mapped("state")), {"draft"})
        self.assertFalse(runs.workitem_ids)
        self.assertFalse(runs.holder_ids.employee_id)

    def test_batch_start_checks_each_run_own_holders(self):
        """Runs started together are checked each with its own holders: the one whose
        chosen holder cannot receive the steps is named, and none starts."""
        self._approve(self.sop)
        runs = self.env["sop.instance"].create(
            [
                {"name": f"Run {i}", "document_id": self.sop.id, "company_id": self.company.id}
                for i in range(3)
            ]
        )
        no_user = self.env["hr.employee"].create(
            {"name": "Tanpa Akun", "company_id": self.company.id}
        )
        runs[1].holder_ids.filtered(lambda h: h.role_id == self.role_staff).employee_id = no_user
        with self.assertRaisesRegex(
            UserError, "Run 1 cannot start:\n- Role Staf is held by Tanpa Akun, who has no user"
        ):
            runs.with_user(self.user_kasubag).action_start()
        self.assertEqual(set(runs.mapped("state")), {"draft"})
        self.assertFalse(runs.workitem_ids)

    def test_holders_of_another_agency_are_refused_in_a_batch(self):
        """Holders are checked against their run's agency also when many are written in
        one call: one holder of another agency among valid ones is refused."""
        self._approve(self.sop)
        runs = self.env["sop.instance"].create(
            [
                {"name": f"Run {i}", "document_id": self.sop.id, "company_id": self.company.id}
                for i in range(2)
            ]
        )
        Holder = self.env["sop.instance.holder"].with_user(self.user_kasubag)
        valid = [
            {"instance_id": run.id, "role_id": self.role_staff.id, "employee_id": employee.id}
            for run in runs
            for employee in (self.emp_staff, self.emp_kasubag)
        ]
        wrong = {
            "instance_id": runs[1].id,
            "role_id": self.role_kasubag.id,
            "employee_id": self.emp_head_b.id,
        }
        with self.assertRaisesRegex(UserError, "belongs to another company"):
            Holder.create([*valid, wrong, *valid])
        self.assertEqual(len(Holder.create(valid)), 4)

    def test_holder_override_before_start_only(self):
        """A role's holder can be replaced for one run before it starts, not after."""
        self._approve(self.sop)
        run = self.env["sop.instance"].create(
            {"name": "Run", "document_id": self.sop.id, "company_id": self.company.id}
        )
        kasubag_line = run.holder_ids.filtered(lambda h: h.role_id == self.role_kasubag)
        kasubag_line.employee_id = self.emp_staff
        run.with_user(self.user_kasubag).action_start()
        self.assertEqual(self._open(run).user_id, self.user_staff)
        with self.assertRaises(UserError):
            kasubag_line.employee_id = self.emp_kasubag

    def test_staff_cannot_start_or_cancel(self):
        """Starting and cancelling runs is for a Kasubag and up."""
        self._approve(self.sop)
        run = self.env["sop.instance"].create(
            {"name": "Run", "document_id": self.sop.id, "company_id": self.company.id}
        )
        with self.assertRaises(AccessError):
            run.with_user(self.user_staff).action_start()
        with self.assertRaises(AccessError):
            self.env["sop.instance"].with_user(self.user_staff).create(
                {"name": "Run", "document_id": self.sop.id, "company_id": self.company.id}
            )

    def test_running_instance_is_frozen_on_its_revision(self):
        """Approving a new revision does not change a run already started."""
        run = self._start()
        revision = self.env["sop.document"].browse(
            self.sop.with_user(self.user_kasubag).action_revise()["res_id"]
        )
        revision.step_ids[1].name = "Membuat draft LAKIP versi baru"
        self._approve(revision)
        self._open(run).with_user(self.user_kasubag).action_done()
        self.assertEqual(run.document_id, self.sop)
        self.assertEqual(self._open(run).step_id.name, "Membuat draft LAKIP")

    def test_document_run_button_creates_a_draft_run(self):
        """'Run' on an approved SOP opens a draft run with its role holders."""
        self._approve(self.sop)
        action = self.sop.with_user(self.user_kasubag).action_create_instance()
        run = self.env["sop.instance"].browse(action["res_id"])
        self.assertEqual(run.state, "draft")
        self.assertEqual(run.holder_ids.role_id, self.sop.step_ids.role_id)
        self.assertEqual(
            run.holder_ids.filtered(lambda h: h.role_id == self.role_head).resolved_employee_id,
            self.emp_head,
        )


@tagged("post_install", "-at_install")
class TestSopInstancePerUnit(SopCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_unit = cls.env["sop.role"].create(
            {
                "name": "Kasie / Kasubag",
                "holder_type": "employee",
                "employee_id": cls.emp_staff.id,
                "company_id": cls.company.id,
            }
        )
        cls.role_kabid = cls.env["sop.role"].create(
            {
                "name": "Kabid",
                "holder_type": "manager",
                "department_id": cls.dept_unit_1.id,
                "company_id": cls.company.id,
            }
        )
        # 1 start -> 2 each unit fills -> 3 each Kabid checks (Tidak: 2) -> 4 end
        cls.unit_sop = cls._create_sop(number="UNIT/1")
        steps = cls.unit_sop.step_ids
        cls.unit_sop.column_ids[3].role_ids = [
            Command.link(cls.role_unit.id),
            Command.link(cls.role_kabid.id),
        ]
        steps[1].write({"role_id": cls.role_unit.id, "per_unit": True})
        steps[2].write({"role_id": cls.role_kabid.id, "per_unit": True})
        cls.dept_unit_2.sop_delegate_id = cls.emp_staff

    def test_fan_out_and_join(self):
        """A per-unit step gives each unit its item; the flow waits for every unit."""
        run = self._start(self.unit_sop)
        self._open(run).with_user(self.user_kasubag).action_done()
        fills = self._open(run)
        self.assertEqual(fills.department_id, self.dept_unit_1 | self.dept_unit_2)
        by_unit = {w.department_id: w for w in fills}
        self.assertEqual(
            by_unit[self.dept_unit_1].user_id, self.user_kabid_1, "no contact: the manager"
        )
        self.assertEqual(
            by_unit[self.dept_unit_2].user_id, self.user_staff, "the unit's SOP contact"
        )
        self.assertEqual(len(fills.activity_ids), 2)
        by_unit[self.dept_unit_1].with_user(self.user_kabid_1).action_done()
        check_1 = self._open(run).filtered(lambda w: w.step_id == self.unit_sop.step_ids[2])
        self.assertEqual(check_1.department_id, self.dept_unit_1, "unit 1 goes on alone")
        self.assertEqual(check_1.user_id, self.user_kabid_1, "a manager's role goes to the manager")
        check_1.with_user(self.user_kabid_1)._complete("no", "Realisasi TW IV kosong")
        refill = self._open(run).filtered(lambda w: w.department_id == self.dept_unit_1)
        self.assertEqual(refill.step_id, self.unit_sop.step_ids[1], "the loop stays in unit 1")
        refill.with_user(self.user_kabid_1).action_done()
        self._open(run).filtered(lambda w: w.department_id == self.dept_unit_1).with_user(
            self.user_kabid_1
        ).action_yes()
        self.assertFalse(
            self._open(run).filtered(lambda w: w.step_id.symbol == "end"), "unit 2 is not done yet"
        )
        by_unit[self.dept_unit_2].with_user(self.user_staff).action_done()
        self._open(run).with_user(self.user_kabid_2).action_yes()
        end = self._open(run)
        self.assertEqual(end.step_id.symbol, "end")
        self.assertFalse(end.department_id)
        self.assertEqual(len(end), 1)

    def test_start_refuses_a_unit_manager_of_another_agency(self):
        """A unit whose manager works for another agency stops the start, saying so."""
        self.dept_unit_2.write({"manager_id": self.emp_head_b.id, "sop_delegate_id": False})
        with self.assertRaisesRegex(
            UserError,
            "Step 2 is done by every unit, but Kepala Uji B, who does it for Bidang PMD, "
            "works for Dinas Uji B, not for Dinas Uji A",
        ):
            self._start(self.unit_sop)

    def test_start_needs_an_assignee_per_unit(self):
        """Every unit needs someone with a user for each per-unit step."""
        self.dept_unit_2.write({"manager_id": False, "sop_delegate_id": False})
        with self.assertRaisesRegex(UserError, "Bidang PMD has no manager or SOP contact"):
            self._start(self.unit_sop)
