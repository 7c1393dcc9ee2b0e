import json
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.sop_print_job import PRINT_BACKGROUND_FROM, PRINT_BACKGROUND_PARAM
from .common import SopCommon, TourCase
from .report_common import REPORT

PRINT_ACTION = "sop_lakip.sop_print_job_action_print_sop"
#: The count of the tests that need not print the full count: a print of 3 is already a job.
FEW = 3


@tagged("post_install", "-at_install")
class TestSopPrintJob(TourCase, SopCommon):
    """Printing many SOP forms from the register runs as a job of the user who asked, one
    PDF or none; the PDF renders as in the web client (the HTTP server serves its assets)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_kasubag.partner_id.email = False
        cls.sops = cls.sop | cls.env["sop.document"].concat(
            *(
                cls._create_sop(number=f"460/DSPMD/SOP/{index}/2024")
                for index in range(2, PRINT_BACKGROUND_FROM + 1)
            )
        )
        cls.sop_b = cls.env["sop.document"].create(
            {
                "name": "SOP Dinas B",
                "number": "460/B/SOP/1/2024",
                "company_id": cls.company_b.id,
                "department_id": cls.dept_b.id,
            }
        )

    def _print(self, records, user=None):
        """Print ▸ SOP Form on the register's selection ``records``, as ``user`` (the Kasubag)."""
        action = self.env.ref(PRINT_ACTION).with_user(user or self.user_kasubag)
        return action.with_context(active_model="sop.document", active_ids=records.ids).run()

    def _queued(self, action):
        """The job the print's notification shows."""
        self.assertEqual(action["tag"], "display_notification")
        following = action["params"]["next"]
        self.assertEqual(following["res_model"], "sop.print.job")
        return self.env["sop.print.job"].browse(following["res_id"])

    def _run_scheduler(self):
        """Run the print's scheduled action as the scheduler does; end the transaction's
        bookkeeping as a commit would."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.ref("sop_lakip.ir_cron_sop_print_job").method_direct_trigger()
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()

    def _file(self, job):
        """The attachment holding the job's PDF (as the system sees it)."""
        domain = [("res_model", "=", "sop.print.job"), ("res_id", "=", job.id)]
        return self.env["ir.attachment"].sudo().search([*domain, ("res_field", "=", "file")])

    def _pages(self, pdf):
        info = self._poppler("pdfinfo", pdf)
        return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])

    def _few(self):
        """Print in the background from FEW records on (the administrator's parameter)."""
        self.env["ir.config_parameter"].set_param(PRINT_BACKGROUND_PARAM, str(FEW))
        return self.sops[:FEW]

    def test_large_print_is_a_job_with_the_pdf_of_the_request(self):
        """A Kasubag without an e-mail address prints 20 SOP forms: the request queues a job
        and returns at once; the scheduled job makes the PDF the request would have made,
        stores it on the job and tells him in his web client."""
        self.assertEqual(len(self.sops), PRINT_BACKGROUND_FROM)
        job = self._queued(self._print(self.sops))
        self.assertEqual(
            (job.state, job.user_id, job.company_id, job.record_count, json.loads(job.res_ids)),
            ("queued", self.user_kasubag, self.company, PRINT_BACKGROUND_FROM, self.sops.ids),
        )
        self.assertFalse(job.file)
        self._run_scheduler()
        self.assertEqual((job.state, job.errors, job.filename), ("done", False, "SOP Form.pdf"))
        kasubag_env = self.env(user=self.user_kasubag)
        expected = self._render_pdf(REPORT, self.sops, env=kasubag_env)
        pdf = job.with_user(self.user_kasubag).with_context(bin_size=False).file
        self.assertEqual(self._pages(self._file(job).raw), self._pages(expected))
        self.assertTrue(pdf)
        self.assertGreaterEqual(self._pages(expected), PRINT_BACKGROUND_FROM)
        [(title, message, kind)] = self._notified(self.user_kasubag)
        self.assertEqual((title, kind), ("Print ready", "success"))
        self.assertIn(f"SOP Form, {PRINT_BACKGROUND_FROM} records: the PDF is ready", message)

    def test_small_print_stays_in_the_request(self):
        """Below the count the register's Print gives the report to download, as before."""
        few = self.sops[: PRINT_BACKGROUND_FROM - 1]
        action = self._print(few)
        self.assertEqual(
            (action["type"], action["report_name"], action["context"]["active_ids"]),
            ("ir.actions.report", "sop_lakip.report_sop", few.ids),
        )
        self.assertFalse(self.env["sop.print.job"].search([]))
        # A staff member, who may not change SOPs, prints as well; the form keeps the report.
        self.assertEqual(self._print(self.sop, self.user_staff)["type"], "ir.actions.report")
        self._queued(self._print(self._few(), self.user_staff))
        bindings = self.env["ir.actions.actions"].with_user(self.user_staff)
        printed = [a["id"] for a in bindings.get_bindings("sop.document")["report"]]
        self.assertIn(self.env.ref(PRINT_ACTION).id, printed)
        self.assertEqual(self.env.ref(REPORT).binding_view_types, "form")

    def test_print_context_sets_nothing_of_the_job(self):
        """The selection's ids count once, and the caller's default_* keys (an RPC's
        context) give the job no state, file or error of his choice."""
        action = self.env.ref(PRINT_ACTION).with_user(self.user_kasubag)
        repeated = [self.sop.id] * (PRINT_BACKGROUND_FROM + 5)
        result = action.with_context(active_model="sop.document", active_ids=repeated).run()
        self.assertEqual((result["type"], result["context"]["active_ids"]),
                         ("ir.actions.report", self.sop.ids))  # fmt: skip
        forged = {"default_state": "done", "default_errors": "x", "default_filename": "x.pdf"}
        job = self._queued(
            action.with_context(
                active_model="sop.document", active_ids=self.sops.ids, **forged
            ).run()
        )
        self.assertEqual((job.state, job.errors, job.filename), ("queued", False, False))

    def test_job_and_file_are_their_users_own(self):
        """Nobody else reads the job or its PDF; nobody makes or changes a job over RPC."""
        job = self._queued(self._print(self._few()))
        self._run_scheduler()
        attachment = self._file(job)
        self.assertTrue(attachment)
        job.with_user(self.user_kasubag).read(["file", "errors"])
        attachment.with_user(self.user_kasubag).read(["datas"])
        for user in (self.user_secretary, self.user_head, self.user_staff, self.user_kasubag_b):
            self.assertFalse(self.env["sop.print.job"].with_user(user).search([]))
            with self.assertRaises(AccessError):
                job.with_user(user).browse(job.id).read(["name"])
            with self.assertRaises(AccessError):
                attachment.with_user(user).browse(attachment.id).read(["datas"])
        attacker = self.user_kasubag
        Job = self.env["sop.print.job"].with_user(attacker)
        with self.assertRaises(AccessError):  # a print run as the Kepala Dinas
            Job.create(
                {"user_id": self.user_head.id, "company_id": self.company.id,
                 "report_id": self.env.ref(REPORT).id, "res_ids": "[]"}
            )  # fmt: skip
        for values in ({"user_id": self.user_head.id}, {"state": "queued"}):
            with self.assertRaises(AccessError):
                job.with_user(attacker).write(values)
        with self.assertRaises(AccessError):
            job.with_user(attacker).unlink()

    def test_record_he_may_not_read_fails_the_job(self):
        """A record of another agency among the ids (over RPC): the job, run as the user,
        fails with the error listed and makes no file."""
        job = self._queued(self._print(self._few() | self.sop_b))
        self._run_scheduler()
        self.assertEqual(job.state, "failed")
        self.assertIn("sop.document", job.errors)
        self.assertFalse(job.file)
        self.assertFalse(self._file(job))
        [(title, _message, kind)] = self._notified(self.user_kasubag)
        self.assertEqual((title, kind), ("Print failed", "danger"))

    def test_kasubag_of_two_agencies_prints_both(self):
        """A Kasubag of both agencies, in a session of both, prints SOPs of each: the job
        prints them all, as his request would."""
        env = self._two_agency_env()
        records = (self._few()[: FEW - 1] | self.sop_b).with_env(env)
        action = self.env.ref(PRINT_ACTION).with_env(env)
        job = self._queued(
            action.with_context(active_model="sop.document", active_ids=records.ids).run()
        )
        self.assertEqual((job.company_id, job.user_id), (self.company_b, env.user))
        self._run_scheduler()
        self.assertEqual((job.state, job.errors), ("done", False))
        expected = self._render_pdf(REPORT, records, env=env)
        self.assertEqual(self._pages(self._file(job).raw), self._pages(expected))

    def test_print_stopped_midway_keeps_no_file(self):
        """A print that stops on an error after some forms are laid out keeps no file."""
        job = self._queued(self._print(self._few()))
        Layout = type(self.env["report.sop_lakip.report_sop"])
        original = Layout._get_layout
        laid_out = []

        def fail_on_the_second(report, sop, *args, **kwargs):
            laid_out.append(sop.id)
            if len(laid_out) == 2:
                raise RuntimeError("the second form breaks")
            return original(report, sop, *args, **kwargs)

        with patch.object(Layout, "_get_layout", fail_on_the_second):
            self._run_scheduler()
        self.assertEqual(laid_out[:2], self._few().ids[:2])
        self.assertEqual(job.state, "failed")
        self.assertIn("unexpected error: no file was made", job.errors)
        self.assertFalse(self._file(job))

    def test_finished_jobs_are_deleted_after_30_days(self):
        """A finished print and its PDF go after 30 days; newer ones stay."""
        job = self._queued(self._print(self._few()))
        self._run_scheduler()
        attachment = self._file(job)
        recent = self._queued(self._print(self._few()))
        job.write({"date_done": fields.Datetime.now() - timedelta(days=31)})
        self.env["sop.print.job"]._gc_finished_jobs()
        self.assertFalse(job.exists())
        self.assertFalse(attachment.exists())
        self.assertTrue(recent.exists())

    def test_register_print_menu_queues_a_job(self):
        """In the web client, Print ▸ SOP Form on one SOP of the register downloads its PDF;
        on a large selection it says the forms print in the background and opens the job."""
        self._few()
        self.start_tour(
            "/odoo/action-sop_lakip.sop_document_action",
            "sop_lakip_print_tour",
            login=self.user_kasubag.login,
        )
        job = self.env["sop.print.job"].search([])
        self.assertEqual(len(job), 1, "the one SOP printed in the request")
        self.assertEqual((job.state, job.user_id), ("queued", self.user_kasubag))
        self.assertGreaterEqual(job.record_count, FEW)
        self.assertLessEqual(set(json.loads(job.res_ids)), set(self.sops.ids))
