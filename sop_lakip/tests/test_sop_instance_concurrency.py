from datetime import timedelta

import psycopg2.errors

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CommittedCase

SOP = "sop_lakip.sop_demo_boalemo_sop_lakip"


@tagged("post_install", "-at_install")
class TestSopInstanceConcurrency(CommittedCase):
    """Two users complete the same step at the same moment, each in its own transaction."""

    def setUp(self):
        super().setUp()
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            sop = env.ref(SOP)
            run = env["sop.instance"].create(
                {"name": "Concurrency", "document_id": sop.id, "company_id": sop.company_id.id}
            )
            run.action_start()
            self.run_id = run.id
            self.item_id = run.workitem_ids.id
            self.assignee_id = run.workitem_ids.user_id.id
            self.head_id = env.ref("sop_lakip.sop_demo_boalemo_user_kadis").id
        self.addCleanup(self._drop_run)

    def _drop_run(self):
        with self.cursor() as cr:
            run = api.Environment(cr, SUPERUSER_ID, {})["sop.instance"].browse(self.run_id)
            if run.state in ("draft", "running"):
                run.action_cancel()
            run.unlink()

    def _complete(self, cr, uid):
        env = api.Environment(cr, uid, {})
        return env["sop.workitem"].browse(self.item_id).action_done()

    def _state(self):
        with self.cursor() as cr:
            run = api.Environment(cr, SUPERUSER_ID, {})["sop.instance"].browse(self.run_id)
            return (
                run.workitem_ids.mapped(lambda w: (w.step_id.number, w.state)),
                len(run.workitem_ids.activity_ids),
            )

    @mute_logger("odoo.sql_db")
    def test_two_completions_give_one_advance(self):
        """The second completion waits for nothing: it fails, then finds the step closed."""
        with self.cursor() as cr1, self.cursor() as cr2:
            self._complete(cr1, self.assignee_id)
            with self.assertRaises(psycopg2.errors.LockNotAvailable):
                self._complete(cr2, self.head_id)
            cr2.rollback()
            cr1.commit()
            with self.assertRaisesRegex(UserError, "already closed"):
                self._complete(cr2, self.head_id)
        self.assertEqual(self._state(), ([(1, "done"), (2, "open")], 1))

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_retried_transaction_schedules_no_duplicate(self):
        """Odoo's retry of the losing transaction neither advances again nor adds activities."""
        outcome = self._race(
            lambda cr: self._complete(cr, self.assignee_id),
            self.head_id,
            lambda cr: self._complete(cr, self.head_id),
        )
        self.assertIn("already closed", outcome.get("error", ""))
        self.assertEqual(self._state(), ([(1, "done"), (2, "open")], 1))


@tagged("post_install", "-at_install")
class TestOverdueReminderConcurrency(CommittedCase):
    """Two overdue reminders run at the same moment (the cron and a manual trigger)."""

    def setUp(self):
        super().setUp()
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            sop = env.ref(SOP)
            runs = env["sop.instance"].create(
                [
                    {
                        "name": f"Reminder {i}",
                        "document_id": sop.id,
                        "company_id": sop.company_id.id,
                    }
                    for i in (1, 2)
                ]
            )
            runs.action_start()
            runs.workitem_ids.date_deadline = fields.Datetime.now() - timedelta(days=3)
            self.run_ids = runs.ids
            self.item_ids = runs.workitem_ids.ids
        self.addCleanup(self._drop_runs)

    def _drop_runs(self):
        with self.cursor() as cr:
            runs = api.Environment(cr, SUPERUSER_ID, {})["sop.instance"].browse(self.run_ids)
            runs.action_cancel()
            runs.unlink()

    def _remind(self, cr, item_ids=None):
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["sop.workitem"].browse(item_ids or self.item_ids)._remind_overdue()

    def _reminders(self):
        """The number of overdue reminders of each run."""
        with self.cursor() as cr:
            runs = api.Environment(cr, SUPERUSER_ID, {})["sop.instance"].browse(self.run_ids)
            return [
                len(run.message_ids.filtered(lambda m: "Overdue" in (m.body or ""))) for run in runs
            ]

    def test_two_concurrent_reminders_send_one(self):
        """The second reminder skips the steps the first one is reminding; both commit."""
        with self.cursor() as cr1, self.cursor() as cr2:
            self._remind(cr1)
            self._remind(cr2)
            cr1.commit()
            cr2.commit()
        self.assertEqual(self._reminders(), [1, 1])

    def test_reminder_after_a_concurrent_commit_skips_only_that_step(self):
        """A reminder whose snapshot predates another's commit skips the step that one
        reminded, without an error, and still reminds the other step; a third reminds none."""
        with self.cursor() as cr1, self.cursor() as cr2:
            cr2.execute("SELECT 1 FROM sop_workitem LIMIT 1")  # cr2's snapshot starts here
            self._remind(cr1, self.item_ids[:1])
            cr1.commit()
            self._remind(cr2)
            cr2.commit()
        with self.cursor() as cr3:
            self._remind(cr3)
        self.assertEqual(self._reminders(), [1, 1])
