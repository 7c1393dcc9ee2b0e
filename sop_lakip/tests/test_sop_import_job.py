import base64
from contextlib import closing
from datetime import timedelta
from functools import partial
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from ..compat import GROUPS_FIELD, ODOO_19
from ..models.sop_background_job import MAX_ATTEMPTS
from ..models.sop_document_xlsx import WRITE_BATCH
from ..wizard.sop_document_import_wizard import BACKGROUND_FROM, BACKGROUND_PARAM
from .sop_workbook import sop_workbook
from .test_sop_xlsx import SopXlsxCommon, snapshot

if ODOO_19:
    from odoo.service.model import call_kw
else:
    from odoo.api import call_kw

COUNTED = ("sop.document", "sop.step", "sop.document.line", "sop.document.column", "sop.role")


class TestSopImportJob(SopXlsxCommon):
    """A workbook of many SOPs is imported by the scheduled job, as its user, all or nothing."""

    def _workbook(self, count, edit=None):
        """``count`` copies of the test SOP, numbered 460/1/2024…, ``edit(index, value)``
        applied to each SOP's values first."""
        return sop_workbook(self.sop, [f"460/{i}/2024" for i in range(1, count + 1)], edit)

    def _press_import(self, data, user=None):
        """The wizard's Import as ``user`` (the Kasubag): its action."""
        wizard = self.env["sop.document.import.wizard"].with_context(default_filename="big.xlsx")
        form = Form(wizard.with_user(user or self.user_kasubag))
        form.file = base64.b64encode(data)
        return form.save().action_import()

    def _queued(self, action):
        """The job the wizard's action shows."""
        self.assertEqual(action["tag"], "display_notification")
        following = action["params"]["next"]
        self.assertEqual(following["res_model"], "sop.import.job")
        return self.env["sop.import.job"].browse(following["res_id"])

    def _run_scheduler(self):
        """Run the import's scheduled action as the scheduler does (its new cursors are the
        test's); end the transaction's bookkeeping as a commit would."""
        cron = self.env.ref("sop_lakip.ir_cron_sop_import_job")
        self.env.flush_all()
        # What the class's set-up left to the commit first: the run's notifications go to
        # lists of this test's own (the set-up's lists are restored after each test).
        self.env.cr.precommit.run()
        self._in_test_mode(cron.method_direct_trigger)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        return cron

    def _in_test_mode(self, call):
        """``call()`` with the new cursors of the registry on the test's own."""
        if ODOO_19:
            with self.enter_registry_test_mode():
                return call()
        self.registry.enter_test_mode(self.env.cr)
        try:
            return call()
        finally:
            self.registry.leave_test_mode()

    def _counts(self):
        return [self.env[model].search_count([]) for model in COUNTED]

    def test_150_sops_same_records_as_in_the_request(self):
        """The 150-SOP workbook, imported in the background, makes the SOPs the import in
        the request makes; the wizard returns at once, the job reports its progress."""
        data = self._workbook(150)
        Document = self.env["sop.document"].with_user(self.user_kasubag)
        with closing(self.env.cr.savepoint()):
            expected = {d.number: snapshot(d) for d in Document._import_xlsx(data, "big.xlsx")}
        self.env.invalidate_all()
        counts = self._counts()
        job = self._queued(self._press_import(data))
        self.assertEqual(self._counts(), counts, "nothing imported by the request")
        self.assertEqual(
            (job.state, job.progress_total, job.user_id), ("queued", 150, self.user_kasubag)
        )
        cron = self._run_scheduler()
        self.assertEqual(job.state, "done")
        self.assertEqual((job.progress_done, job.progress), (150, 100.0))
        # On the way, the user was told after the file was read and after each batch.
        self.assertEqual(
            self._notified(self.user_kasubag),
            [
                (
                    "Importing SOPs",
                    "big.xlsx: 150 SOPs read and checked; now writing them.",
                    "info",
                ),
                *(
                    ("Importing SOPs", f"big.xlsx: {done} of 150 SOPs written.", "info")
                    for done in range(WRITE_BATCH, 151, WRITE_BATCH)
                ),
                (
                    "SOPs imported",
                    "big.xlsx: 150 SOPs imported as drafts. Open SOP ▸ SOP Imports to see them.",
                    "success",
                ),
            ],
        )
        self.assertEqual({d.number: snapshot(d) for d in job.document_ids}, expected)
        self.assertEqual(set(job.document_ids.mapped("state")), {"draft"})
        self.assertEqual(job.document_ids.company_id, self.company)
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        action = job.with_user(self.user_kasubag).action_open_documents()
        self.assertEqual(Document.search(action["domain"]), job.document_ids)

    def test_failing_workbook_writes_nothing_and_lists_its_errors(self):
        """A bad cell, or a flow found wrong once written: nothing kept, and the job lists the
        errors the import in the request shows."""

        def bad_cell(index, value):
            if index == 7:
                value["steps"][1]["duration"] = "dua"

        def no_end(index, value):
            if index == 21:
                value["steps"][-1]["symbol"] = "process"

        Document = self.env["sop.document"].with_user(self.user_kasubag)
        for edit in (bad_cell, no_end):
            data = self._workbook(BACKGROUND_FROM + 5, edit)
            with self.assertRaises(UserError) as caught:
                Document._import_xlsx(data, "big.xlsx")
            self.env.invalidate_all()
            counts = self._counts()
            job = self._queued(self._press_import(data))
            self._run_scheduler()
            self.assertEqual(self._counts(), counts, "nothing written")
            self.assertEqual(job.state, "failed")
            self.assertEqual(job.errors, str(caught.exception))
            self.assertIn("big.xlsx was not imported, nothing was changed", job.errors)
            self.assertFalse(job.document_ids)

    def test_small_file_stays_in_the_request(self):
        """Below the count the import is done in the request, as before: no job."""
        data = self._workbook(BACKGROUND_FROM - 1)
        action = self._press_import(data)
        self.assertEqual(action["res_model"], "sop.document")
        documents = self.env["sop.document"].search(action["domain"])
        self.assertEqual(len(documents), BACKGROUND_FROM - 1)
        self.assertFalse(
            self.env["sop.import.job"].search([("user_id", "=", self.user_kasubag.id)])
        )
        # The administrator's count, if he sets one.
        self.env["ir.config_parameter"].set_param(BACKGROUND_PARAM, str(BACKGROUND_FROM - 1))
        self.assertEqual(self._queued(self._press_import(data)).progress_total, BACKGROUND_FROM - 1)

    def test_user_without_email_is_told_in_odoo(self):
        """The user, who has no e-mail address, gets a notification in his web client when
        the job ends, done or failed."""
        self.user_kasubag.partner_id.email = False
        self._queued(self._press_import(self._workbook(BACKGROUND_FROM)))
        self._run_scheduler()
        *progress, (title, message, kind) = self._notified(self.user_kasubag)
        self.assertEqual({note[0] for note in progress}, {"Importing SOPs"})
        self.assertEqual((title, kind), ("SOPs imported", "success"))
        self.assertIn(f"big.xlsx: {BACKGROUND_FROM} SOPs imported as drafts", message)
        self.env["bus.bus"].search([]).unlink()

        def bad(index, value):
            value["steps"][0]["duration"] = "dua"

        self._queued(self._press_import(self._workbook(BACKGROUND_FROM, bad)))
        self._run_scheduler()
        [(title, message, kind)] = self._notified(self.user_kasubag)
        self.assertEqual((title, kind), ("SOPs not imported", "danger"))
        self.assertFalse(self._notified(self.user_secretary))

    def test_job_left_running_is_run_again(self):
        """A job a stopped server left running is run again by the next scheduled run."""
        job = self._queued(self._press_import(self._workbook(BACKGROUND_FROM)))
        job.write({"state": "running", "attempts": 1})
        self._run_scheduler()
        self.assertEqual((job.state, len(job.document_ids)), ("done", BACKGROUND_FROM))
        self.assertEqual(job.attempts, 2)

    def test_job_stopped_again_fails_and_the_queue_goes_on(self):
        """A job whose run stopped again (its file kills the worker every time) fails,
        nothing imported, its user told; the next job of the queue runs."""
        stopped = self._queued(self._press_import(self._workbook(BACKGROUND_FROM)))
        stopped.write({"state": "running", "attempts": MAX_ATTEMPTS})
        following = self._queued(self._press_import(self._workbook(BACKGROUND_FROM)))
        before = self._counts()[0]
        self._run_scheduler()
        self.assertEqual(stopped.state, "failed")
        self.assertIn("stopped before its end", stopped.errors)
        self.assertIn("nothing was imported", stopped.errors)
        self.assertFalse(stopped.document_ids)
        self.assertEqual(stopped.attempts, MAX_ATTEMPTS, "not run a third time")
        self.assertIn("SOPs not imported", [note[0] for note in self._notified(self.user_kasubag)])
        if following.state == "queued":  # 18.0: the scheduled job comes back for it
            self._run_scheduler()
        self.assertEqual((following.state, len(following.document_ids)), ("done", BACKGROUND_FROM))
        self.assertEqual(self._counts()[0], before + BACKGROUND_FROM, "the following job's only")

    def test_job_ends_in_the_transaction_of_its_sops(self):
        """The SOPs are never committed without the job's end: a run that stops between
        leaves no SOPs that a second run would import again."""
        self._queued(self._press_import(self._workbook(BACKGROUND_FROM)))
        before = self._counts()[0]
        committed = []

        def record_commit(jobs):
            jobs.env.flush_all()
            count = jobs.env["sop.document"].sudo().search_count([]) - before
            committed.append((jobs.state, count, len(jobs.document_ids)))

        with patch.object(type(self.env["sop.import.job"]), "_commit", record_commit):
            self._run_scheduler()
        self.assertEqual(
            committed,
            [("running", 0, 0), ("done", BACKGROUND_FROM, BACKGROUND_FROM)],
            "the start, then the SOPs with the job's end",
        )

    def test_import_context_does_not_reach_a_job(self):
        """The attacker (another user of the agency who may import) names someone's job in
        the context of the wizard's Import over RPC: the job is left as it is, and a
        value that is no id is no error."""
        victim = self._queued(self._press_import(self._workbook(BACKGROUND_FROM)))
        attacker = self.user_secretary
        for key in (victim.id, "x"):
            form = Form(self.env["sop.document.import.wizard"].with_user(attacker))
            form.file = base64.b64encode(self._workbook(2))
            wizard = form.save()
            context = {"sop_import_job": key}
            call = partial(
                call_kw,
                wizard.env["sop.document.import.wizard"],
                "action_import",
                [[wizard.id]],
                {"context": context},
            )
            action = self._in_test_mode(call)
            self.assertEqual(len(self.env["sop.document"].search(action["domain"])), 2)
            self.assertEqual((victim.state, victim.progress_done), ("queued", 0))

    def test_finished_jobs_are_deleted_after_30_days(self):
        """A finished job and its file go after 30 days; its SOPs and newer jobs stay."""
        job = self._queued(self._press_import(self._workbook(BACKGROUND_FROM)))
        self._run_scheduler()
        documents = job.document_ids
        recent = self._queued(self._press_import(self._workbook(BACKGROUND_FROM)))
        job.write({"date_done": fields.Datetime.now() - timedelta(days=31)})
        self.env["sop.import.job"]._gc_finished_jobs()
        self.assertFalse(job.exists())
        self.assertTrue(recent.exists())
        self.assertEqual(documents.exists(), documents)

    def test_job_runs_as_its_user(self):
        """The job imports as the user who asked: a user who lost the Kasubag level since is
        refused, nothing written."""
        job = self._queued(self._press_import(self._workbook(BACKGROUND_FROM)))
        group = self.env.ref("sop_lakip.group_sop_kasubag")
        self.user_kasubag.write({GROUPS_FIELD: [Command.unlink(group.id)]})
        counts = self._counts()
        self._run_scheduler()
        self.assertEqual((job.state, self._counts()), ("failed", counts))
        self.assertIn("Only a Kasubag", job.errors)

    def test_jobs_are_their_users_own(self):
        """A user reads his own jobs only; nobody creates, changes or deletes one over RPC
        (the wizard beside it, for the legitimate path)."""
        job = self._queued(self._press_import(self._workbook(BACKGROUND_FROM)))
        Job = self.env["sop.import.job"]
        self.assertEqual(Job.with_user(self.user_kasubag).search([]), job)
        job.with_user(self.user_kasubag).read(["state", "errors"])
        for user in (self.user_secretary, self.user_head, self.user_kasubag_b):
            self.assertFalse(Job.with_user(user).search([]))
            with self.assertRaises(AccessError):
                job.with_user(user).read(["errors"])
        coordinator = self._new_user("sop_coordinator", "sop_lakip.group_sop_coordinator")
        for user in (self.user_staff, self.user_auditor, coordinator):
            with self.assertRaises(AccessError):
                Job.with_user(user).search([])
        attacker = self.user_kasubag
        with self.assertRaises(AccessError):  # a job run as the Kepala Dinas
            Job.with_user(attacker).create(
                {"user_id": self.user_head.id, "company_id": self.company.id, "filename": "x"}
            )
        with self.assertRaises(AccessError):
            job.with_user(attacker).write({"user_id": self.user_head.id})
        with self.assertRaises(AccessError):
            job.with_user(attacker).write({"state": "done"})
        with self.assertRaises(AccessError):
            job.with_user(attacker).unlink()
        with self.assertRaises(AccessError):
            self._press_import(self._workbook(BACKGROUND_FROM), user=self.user_staff)
