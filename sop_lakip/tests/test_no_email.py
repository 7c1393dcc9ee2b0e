import base64

from odoo.tests import tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from .common import LakipCommon, SopCommon, TourCase
from .test_lakip_worksheet import fill
from .test_sop_monitoring import MonitoringCommon
from .test_sop_register_paper import SopPaperCommon
from .test_sop_xlsx import SopXlsxCommon


class NoEmailMixin:
    """Every user of the test agencies has no e-mail address, as many civil servants in
    Odoo have none: each button that logs in a chatter must still work for them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._remove_emails()

    @classmethod
    def _remove_emails(cls):
        users = cls.env["res.users"].search(
            [("company_ids", "in", (cls.company | cls.company_b).ids)]
        )
        users.partner_id.email = False

    def _commit(self):
        """End the request as its commit would: log the tracked changes."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _assert_logged(self, chatter, user, before):
        """``chatter`` has new messages since ``before``, all by ``user``."""
        self._commit()
        chatter = chatter.sudo()
        chatter.invalidate_recordset(["message_ids"])
        logged = chatter.message_ids - before
        self.assertTrue(logged, f"nothing logged on {chatter}")
        self.assertEqual(logged.author_id, user.partner_id)

    def _as(self, user, record):
        """``record`` as ``user`` clicks on it: with the chatter's logging on."""
        return record.with_user(user).with_context(**dict.fromkeys(DISABLED_MAIL_CONTEXT, False))

    def _press(self, user, record, method, *args, logs_on=None):
        """``user``, who has no e-mail address, presses ``method`` of ``record``; what it
        logs on ``logs_on`` (``record`` by default) is his. Return the button's result."""
        self.assertFalse(user.email)
        self._commit()  # a request of its own
        chatter = (record if logs_on is None else logs_on).sudo()
        before = chatter.message_ids
        result = getattr(self._as(user, record), method)(*args)
        self._assert_logged(chatter, user, before)
        return result

    def _answer(self, user, action, reason, logs_on):
        """``user`` gives ``reason`` in the dialog ``action`` opened, and confirms it."""
        wizard = (
            self._as(user, self.env[action["res_model"]])
            .with_context(**action["context"])
            .create({"reason": reason})
        )
        return self._press(user, wizard, "action_confirm", logs_on=logs_on)

    def _opened(self, action):
        return self.env[action["res_model"]].browse(action["res_id"])


@tagged("post_install", "-at_install")
class TestNoEmailSop(NoEmailMixin, SopCommon):
    def test_sop_life_cycle(self):
        """Submit, reject, verify, approve, revise and run an SOP, each by its user."""
        sop = self.sop
        self._press(self.user_kasubag, sop, "action_submit")
        action = self._as(self.user_secretary, sop).action_reject()
        self._answer(self.user_secretary, action, "Dasar hukum kurang", sop)
        self.assertEqual(sop.state, "draft")
        self._press(self.user_kasubag, sop, "action_submit")
        self._press(self.user_secretary, sop, "action_verify")
        self._press(self.user_head, sop, "action_approve")
        self.assertEqual(sop.state, "approved")
        before = self.env["mail.message"].search([]).ids
        revision = self._opened(self._as(self.user_kasubag, sop).action_revise())
        self._assert_logged(revision, self.user_kasubag, self.env["mail.message"].browse(before))
        run = self._opened(self._as(self.user_kasubag, sop).action_create_instance())
        self._assert_logged(run, self.user_kasubag, self.env["mail.message"])

    def test_run(self):
        """Start, complete, answer No and Yes, mark an activity done and cancel runs."""
        self._approve(self.sop)
        run = self.env["sop.instance"].create(
            {"name": "Run", "document_id": self.sop.id, "company_id": self.company.id}
        )
        self._press(self.user_kasubag, run, "action_start")
        self._press(self.user_kasubag, self._open(run), "action_done", logs_on=run)
        # The Staf marks his step's activity done from his activity inbox.
        activity = self._open(run).activity_ids
        self._press(self.user_staff, activity, "action_feedback", "Draft selesai", logs_on=run)
        action = self._as(self.user_secretary, self._open(run)).action_no()
        self._answer(self.user_secretary, action, "Data belum lengkap", run)
        self._press(self.user_staff, self._open(run), "action_done", logs_on=run)
        self._press(self.user_secretary, self._open(run), "action_yes", logs_on=run)
        self._press(self.user_head, self._open(run), "action_done", logs_on=run)
        self.assertEqual(run.state, "done")
        other = self._start(name="Run 2")
        self._press(self.user_kasubag, other, "action_cancel")
        self.assertEqual(other.state, "cancelled")

    def test_template_and_copy_to_agency(self):
        """A draft from a template, and an SOP copied to another agency."""
        template = self.env.ref("sop_lakip.sop_template_penyusunan_lakip")
        action = self._as(self.user_kasubag, template).action_use_template()
        draft = self.env["sop.document"].browse(action["params"]["next"]["res_id"])
        self._assert_logged(draft, self.user_kasubag, self.env["mail.message"])
        self._approve(self.sop)
        env = self._two_agency_env()
        self._remove_emails()
        action = self.sop.with_env(env).action_copy_to_agency()
        copy = self.env["sop.document"].browse(action["params"]["next"]["res_id"])
        self.assertEqual(copy.company_id, self.company_b)
        self._assert_logged(copy, env.user, self.env["mail.message"])


@tagged("post_install", "-at_install")
class TestNoEmailTour(NoEmailMixin, TourCase, SopCommon):
    def test_head_approves_from_his_activity_inbox(self):
        """A Kepala Dinas without an e-mail address approves an SOP in the web client."""
        self.sop.name = "SOP Tour Inbox"
        self.sop.with_user(self.user_kasubag).action_submit()
        self.sop.with_user(self.user_secretary).action_verify()
        self.assertFalse(self.user_head.email)
        self.start_tour("/odoo", "sop_lakip_head_systray_tour", login=self.user_head.login)
        self.assertEqual(self.sop.state, "approved")
        approved = self.sop.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("sop_lakip.mt_sop_approved")
        )
        self.assertEqual(approved.author_id, self.user_head.partner_id)


@tagged("post_install", "-at_install")
class TestNoEmailPaper(NoEmailMixin, SopPaperCommon):
    def test_registration_of_a_paper_sop(self):
        """The Kasubag submits a paper-signed SOP for registration, the Sekretaris registers it."""
        sop = self._paper_form()
        self._press(self.user_kasubag, sop, "action_submit_registration")
        self._press(self.user_secretary, sop, "action_confirm_registration")
        self.assertEqual(sop.state, "approved")


@tagged("post_install", "-at_install")
class TestNoEmailSopImport(NoEmailMixin, SopXlsxCommon):
    def test_import_from_excel(self):
        """The Kasubag imports an SOP from the filled Excel template."""
        sop = self._import(self._fill(self._template(self.user_kasubag)))
        self._assert_logged(sop, self.user_kasubag, self.env["mail.message"])


@tagged("post_install", "-at_install")
class TestNoEmailLakip(NoEmailMixin, LakipCommon):
    def test_worksheets_report_and_letters(self):
        """Worksheets sent, imported, sent back, filled and verified; the LAKIP compiled,
        signed, sent and reopened; its cover letter numbered, signed, sent; one cancelled."""
        report = self.report
        self._press(self.user_kasubag, report, "action_send_worksheets")
        sheet_1, sheet_2 = self._sheet(self.dept_unit_1), self._sheet(self.dept_unit_2)
        data = fill(
            sheet_1.with_user(self.user_unit_1)._export_xlsx(),
            {"Persentase PMKS tertangani": [20, 20, 20, 20]},
        )
        wizard = self._as(self.user_unit_1, self.env["lakip.worksheet.import.wizard"]).create(
            {"worksheet_id": sheet_1.id, "file": base64.b64encode(data), "filename": "kk.xlsx"}
        )
        self._press(self.user_unit_1, wizard, "action_import", logs_on=sheet_1)
        self.assertEqual(sheet_1.state, "filled")
        action = self._as(self.user_kabid_1, sheet_1).action_send_back()
        self._answer(self.user_kabid_1, action, "TW II belum diisi", sheet_1)
        self._press(self.user_unit_1, sheet_1, "action_mark_filled")
        self._press(self.user_kabid_1, sheet_1, "action_verify")
        self._press(self.user_kabid_2, sheet_2, "action_mark_filled")
        self._press(self.user_kabid_2, sheet_2, "action_verify")
        self._press(self.user_kasubag, report, "action_compile")
        self._finish_reviu(report)
        report.signed_document = base64.b64encode(b"%PDF-1.4\n%%EOF\n")
        self._press(self.user_kasubag, report, "action_mark_signed")
        report.recipients = "Kepala BAPPEDA"
        self._press(self.user_kasubag, report, "action_mark_sent")
        action = self._as(self.user_kasubag, report).action_reopen()
        self._answer(self.user_kasubag, action, "Salah ketik realisasi", report)
        self.assertEqual(report.state, "collecting")

        self.env["sop.letter.kind"].create(
            {"name": "Surat Pengantar", "company_id": self.company.id,
             "classification_code": "050", "unit_code": "DSU"}
        )  # fmt: skip
        letter = self._opened(self._as(self.user_kasubag, report).action_create_letter())
        self._assert_logged(letter, self.user_kasubag, self.env["mail.message"])
        self._press(self.user_kasubag, letter, "action_number")
        self._press(self.user_head, letter, "action_sign")
        self._press(self.user_staff, letter, "action_send")
        self.assertEqual(letter.state, "sent")
        report.letter_id = False
        other = self._opened(self._as(self.user_kasubag, report).action_create_letter())
        self._press(self.user_kasubag, other, "action_cancel")

    def _finish_reviu(self, report):
        """The Inspektorat's reviewer, without e-mail either, issues the statement."""
        reviewer = self._new_user("lakip_reviewer_no_email", "sop_lakip.group_sop_reviewer")
        reviewer.partner_id.email = False
        reviu = report.reviu_id
        reviu.with_user(reviewer).line_ids.write({"answer": "yes"})
        reviu.with_user(reviewer).write(
            {"inspector_name": "Inspektur Uji", "inspector_job_title": "Inspektur",
             "inspector_nip": "19680412 199303 1 005"}
        )  # fmt: skip
        self._press(reviewer, reviu, "action_issue")

    def test_letter_of_a_run(self):
        """The numbering step's assignee drafts the run's letter; completing it numbers it."""
        run = self._start_numbering_letters()
        self._press(self.user_kasubag, self._open(run), "action_done", logs_on=run)
        letter = self._opened(self._as(self.user_staff, run).action_create_letter())
        self._assert_logged(letter, self.user_staff, self.env["mail.message"])
        self._press(self.user_staff, self._open(run), "action_done", logs_on=run)
        self.assertEqual(letter.state, "numbered")


@tagged("post_install", "-at_install")
class TestNoEmailMonitoring(NoEmailMixin, MonitoringCommon):
    def test_monitoring_and_evaluation(self):
        """The assessor confirms a monitoring; an evaluation is concluded and revises the SOP."""
        self._approve(self.sop)
        monitoring = self._monitoring()
        self._press(self.user_secretary, monitoring, "action_confirm")
        self.assertEqual(monitoring.state, "confirmed")
        evaluation = self.env["sop.evaluation"].create(
            {"document_id": self.sop.id, "company_id": self.company.id}
        )
        evaluation.line_ids.answer = "yes"
        evaluation.recommendation = "revise"
        self._press(self.user_kasubag, evaluation, "action_conclude")
        revision = self._opened(self._as(self.user_kasubag, evaluation).action_revise())
        self._assert_logged(revision, self.user_kasubag, self.env["mail.message"])
