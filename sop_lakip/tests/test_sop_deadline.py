from datetime import datetime

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common import SopCommon

# Agency A works Monday-Friday 08:00-12:00 and 13:00-16:00 in Asia/Makassar (UTC+8).
MONDAY_9 = datetime(2024, 1, 15, 1, 0)
FRIDAY_15 = datetime(2024, 1, 19, 7, 0)


def wita(day, hour, minute=0):
    """A January 2024 time in Asia/Makassar, as the naive UTC datetime Odoo stores."""
    return datetime(2024, 1, day, hour - 8, minute)


@tagged("post_install", "-at_install")
class TestSopDeadline(SopCommon):
    def _deadline(self, duration, unit, start):
        step = self.sop.step_ids[1]
        step.write({"duration": duration, "duration_unit": unit})
        return self.env["sop.workitem"]._plan(step, self.calendar, start)

    def _holiday(self, day, name):
        self.env["resource.calendar.leaves"].create(
            {
                "name": name,
                "calendar_id": self.calendar.id,
                # the whole day in Asia/Makassar
                "date_from": datetime(2024, 1, day - 1, 16, 0),
                "date_to": datetime(2024, 1, day, 15, 59),
            }
        )

    def test_minutes_and_hours_are_working_time(self):
        """Menit and jam add working time, skipping the lunch break."""
        self.assertEqual(self._deadline(10, "minute", MONDAY_9), (10 / 60, wita(15, 9, 10)))
        self.assertEqual(self._deadline(4, "hour", MONDAY_9), (4, wita(15, 14)))

    def test_hours_cross_the_weekend(self):
        """2 jam from Friday 15:00 ends Monday 09:00."""
        self.assertEqual(self._deadline(2, "hour", FRIDAY_15)[1], wita(22, 9))

    def test_days_are_working_days(self):
        """1 hari is one working day: Monday 09:00 to Tuesday 09:00; Friday to Monday."""
        self.assertEqual(self._deadline(1, "day", MONDAY_9), (7, wita(16, 9)))
        self.assertEqual(self._deadline(1, "day", FRIDAY_15)[1], wita(22, 15))

    def test_days_skip_a_holiday(self):
        """A public holiday (calendar leave) does not count: 1 hari over it ends a day later."""
        self._holiday(16, "Cuti bersama")
        self.assertEqual(self._deadline(1, "day", MONDAY_9)[1], wita(17, 9))

    def test_week_is_five_working_days(self):
        """1 minggu is five working days, over the weekend and a holiday."""
        self.assertEqual(self._deadline(1, "week", MONDAY_9), (35, wita(22, 9)))
        self._holiday(18, "Libur nasional")
        self.assertEqual(self._deadline(1, "week", MONDAY_9)[1], wita(23, 9))

    @freeze_time(FRIDAY_15)
    def test_work_item_deadline_and_activity_date(self):
        """A work item started on Friday afternoon is due, and shown due, on Monday."""
        self.sop.step_ids[0].write({"duration": 2, "duration_unit": "hour"})
        run = self._start()
        item = self._open(run)
        self.assertEqual(item.date_deadline, wita(22, 9))
        self.assertEqual(str(item.activity_ids.date_deadline), "2024-01-22")
        self.assertEqual(item.duration_standard, 2)

    def test_actual_duration_counts_working_hours(self):
        """The actual duration of a step is counted on the working calendar."""
        with freeze_time(FRIDAY_15):
            run = self._start()
        with freeze_time(wita(22, 10)):
            self._open(run).with_user(self.user_kasubag).action_done()
        self.assertEqual(run.workitem_ids[0].duration_actual, 3)
        self.assertTrue(run.workitem_ids[0].is_overdue, "done after its 10-minute deadline")


@tagged("post_install", "-at_install")
class TestSopOverdue(SopCommon):
    def _messages(self, run, text):
        return run.message_ids.filtered(lambda m: text in (m.body or ""))

    def test_cron_reminds_and_escalates_once(self):
        """Overdue steps remind their assignee daily and escalate once to the level up."""
        self.emp_kasubag.parent_id = self.emp_secretary
        with freeze_time(MONDAY_9):
            run = self._start()
        with freeze_time(wita(16, 9)):
            item = self._open(run)
            self.assertTrue(item.is_overdue)
            self.assertIn(run, self.env["sop.instance"].search([("is_overdue", "=", True)]))
            self.env["sop.instance"]._cron_remind_overdue()
            reminder = self._messages(run, "Overdue")
            self.assertEqual(len(reminder), 1)
            self.assertIn(self.user_kasubag.partner_id, reminder.partner_ids)
            escalation = self._messages(run, "Escalated")
            self.assertEqual(len(escalation), 1)
            self.assertIn(self.user_secretary.partner_id, escalation.partner_ids)
            self.assertTrue(item.escalated)
        with freeze_time(wita(17, 9)):
            self.env["sop.instance"]._cron_remind_overdue()
        self.assertEqual(len(self._messages(run, "Overdue")), 2)
        self.assertEqual(len(self._messages(run, "Escalated")), 1, "escalated only once")

    def test_escalation_without_manager_goes_to_head(self):
        """Without a manager on the employee, the head of the agency is told."""
        with freeze_time(MONDAY_9):
            run = self._start()
        with freeze_time(wita(16, 9)):
            self.env["sop.instance"]._cron_remind_overdue()
        escalation = self._messages(run, "Escalated")
        self.assertIn(self.user_head.partner_id, escalation.partner_ids)

    def test_steps_on_time_are_left_alone(self):
        """No reminder before the deadline."""
        with freeze_time(MONDAY_9):
            run = self._start()
            self.env["sop.instance"]._cron_remind_overdue()
            self.assertFalse(self._open(run).is_overdue)
        self.assertFalse(self._messages(run, "Overdue"))

    def _head_agency(self, name):
        """An agency whose one SOP (start and end, both its head's) is in force."""
        company = self.env["res.company"].create(
            {"name": name, "resource_calendar_id": self.calendar.id}
        )
        head = self._new_user(f"head.{name}", "sop_lakip.group_sop_head", company)
        department = self.env["hr.department"].create(
            {"name": "Sekretariat", "company_id": company.id}
        )
        company.sop_head_id = self.env["hr.employee"].create(
            {"name": f"Kepala {name}", "user_id": head.id, "company_id": company.id,
             "department_id": department.id}
        )  # fmt: skip
        role = self.env["sop.role"].create(
            {"name": "Kepala Dinas", "holder_type": "head", "company_id": company.id}
        )
        sop = self.env["sop.document"].create(
            {
                "name": "Disposisi",
                "number": "1",
                "company_id": company.id,
                "column_ids": [Command.create({"role_ids": [Command.link(role.id)]})],
                "step_ids": [
                    Command.create({"name": "Terima", "role_id": role.id, "symbol": "start"}),
                    Command.create({"name": "Arsip", "role_id": role.id, "symbol": "end"}),
                ],
            }
        )
        self.env.flush_all()
        self.env.cr.execute("UPDATE sop_document SET state = 'approved' WHERE id = %s", [sop.id])
        self.env.invalidate_all()
        return sop, head

    def test_reminders_over_more_agencies_read_in_batches(self):
        """Two overdue runs cost the cron in two agencies only the reads of the second
        agency's person and SOP more than in one: each agency's time zone, people and
        superiors are read in batches, whatever the number of agencies."""
        (sop_b, head_b), (sop_c, head_c) = self._head_agency("B"), self._head_agency("C")

        def run(sop, head):
            instance = self.env["sop.instance"].create(
                {"name": "Run", "document_id": sop.id, "company_id": sop.company_id.id}
            )
            instance.with_user(head).action_start()
            return instance

        with freeze_time(MONDAY_9):
            runs = run(sop_b, head_b) | run(sop_b, head_b) | run(sop_c, head_c)

        def cost(instances):
            items = instances.workitem_ids.filtered(lambda w: w.state == "open")
            return self._odoo_queries(lambda _none: items._remind_overdue())

        with freeze_time(wita(17, 9)):
            one_agency, two_agencies = cost(runs[:2]), cost(runs[1:])
        # The second agency's person (user, partner) and SOP steps, read once each; the
        # assignees' employees used to be searched one by one (two queries more each).
        self.assertLessEqual(two_agencies - one_agency, 3)
