import base64

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import LakipCommon, store_result


@tagged("post_install", "-at_install")
class TestAuditorAddsNothing(LakipCommon):
    """Auditors read the addon's records and their chatter; they add nothing to them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sop_run = cls.env["sop.instance"].create(
            {
                "name": "Run",
                "document_id": cls._create_sop(number="SOP/2").id,
                "company_id": cls.company.id,
            }
        )
        cls.report.with_user(cls.user_kasubag).action_generate_worksheets()
        kind = cls.env["sop.letter.kind"].create(
            {"name": "Surat Pengantar", "company_id": cls.company.id, "pattern": "{serial}/{year}"}
        )
        cls.letter = (
            cls.env["sop.letter"]
            .with_user(cls.user_kasubag)
            .create(
                {
                    "name": "Pengiriman LAKIP",
                    "company_id": cls.company.id,
                    "kind_id": kind.id,
                    "signatory_id": cls.emp_head.id,
                    "line_ids": [Command.create({"name": "Dokumen LAKIP"})],
                }
            )
        )
        cls.records = [cls.sop, cls.sop_run, cls.report, cls.report.worksheet_ids[0], cls.letter]

    def _attempts(self, record):
        """What an auditor's web client or RPC calls could try on ``record``."""
        partner = record.env.user.partner_id
        return {
            "message_post": lambda: record.message_post(body="Catatan auditor"),
            "message_post as the web client": lambda: record.sudo().message_post(body="Catatan"),
            "message_post with a file": lambda: record.message_post(
                body="Lampiran", attachments=[("temuan.txt", b"temuan")]
            ),
            "message_subscribe": lambda: record.message_subscribe(partner_ids=partner.ids),
            "mail.message create": lambda: record.env["mail.message"].create(
                {"model": record._name, "res_id": record.id, "body": "Catatan"}
            ),
            "activity_schedule": lambda: record.activity_schedule(
                "mail.mail_activity_data_todo", user_id=record.env.uid
            ),
            "attachment create": lambda: record.env["ir.attachment"].create(
                {"name": "temuan.txt", "raw": b"x", "res_model": record._name, "res_id": record.id}
            ),
            "attachment upload as the web client": lambda: (
                record.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": "temuan.txt",
                        "datas": base64.b64encode(b"x"),
                        "res_model": record._name,
                        "res_id": record.id,
                    }
                )
            ),
        }

    def test_auditor_cannot_post_follow_schedule_or_attach(self):
        """Every way of adding to a record's chatter is refused to an auditor, on every model."""
        for record in self.records:
            as_auditor = record.with_user(self.user_auditor)
            as_auditor.check_access("read")  # he does read them
            messages, followers = record.message_ids, record.message_follower_ids
            for name, attempt in self._attempts(as_auditor).items():
                with self.subTest(model=record._name, attempt=name):
                    with self.assertRaises(AccessError):
                        attempt()
            self.assertEqual(record.message_ids, messages)
            self.assertEqual(record.message_follower_ids, followers)
            self.assertFalse(
                self.env["ir.attachment"].search(
                    [("res_model", "=", record._name), ("res_id", "=", record.id)]
                )
            )

    def test_auditor_chatter_offers_nothing_to_add(self):
        """The web client is told the auditor may not post on a run, though staff may."""
        for user, read_only in ((self.user_auditor, True), (self.user_staff, False)):
            result = store_result(
                self.sop_run.with_user(user), as_thread=True, request_list=["activities"]
            )
            (store,) = result["mail.thread"]
            self.assertEqual(store.get("sopReadOnly", False), read_only, user.login)
            self.assertEqual(store["canPostOnReadonly"], not read_only, user.login)

    def test_staff_still_post_follow_schedule_and_attach_on_runs(self):
        """Staff and Kasubag keep discussing runs, following them and attaching files."""
        run = self.sop_run.with_user(self.user_staff)
        run.message_post(body="Sudah saya kerjakan")
        run.message_subscribe(partner_ids=self.user_staff.partner_id.ids)
        run.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_staff.id)
        self.assertIn(self.user_staff.partner_id, self.sop_run.message_partner_ids)
        self.assertEqual(
            self.sop_run.activity_ids.filtered(lambda a: a.user_id == self.user_staff).create_uid,
            self.user_staff,
        )
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.user_kasubag)
            .sudo()
            .create({"name": "a.txt", "raw": b"x", "res_model": "sop.instance", "res_id": run.id})
        )
        self.sop_run.with_user(self.user_kasubag).message_post(
            body="Berkas", attachment_ids=[], attachments=[("b.txt", b"y")]
        )
        self.assertEqual(attachment.create_uid, self.user_kasubag)
        self.assertIn("Sudah saya kerjakan", str(self.sop_run.message_ids.mapped("body")))
