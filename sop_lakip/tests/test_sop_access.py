from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SopCommon

SOP_MODELS = ("sop.document", "sop.step", "sop.document.line", "sop.document.column", "sop.role")


@tagged("post_install", "-at_install")
class TestSopAccess(SopCommon):
    """Each group does what its description says, and nothing more."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sop_b = cls.env["sop.document"].create(
            {"name": "SOP B", "number": "B/1", "company_id": cls.company_b.id}
        )

    def _records(self, sop):
        return {
            "sop.document": sop,
            "sop.step": sop.step_ids[0],
            "sop.document.line": sop.line_ids[0],
            "sop.document.column": sop.column_ids[0],
            "sop.role": self.role_staff,
        }

    def test_everyone_of_the_agency_reads_everything(self):
        """Staff, Kasubag, Sekretaris, Kepala Dinas and auditors read SOPs and their parts."""
        for user in (
            self.user_staff,
            self.user_kasubag,
            self.user_secretary,
            self.user_head,
            self.user_auditor,
        ):
            for model, record in self._records(self.sop).items():
                with self.subTest(user=user.login, model=model):
                    record.with_user(user).check_access("read")
                    self.assertTrue(record.with_user(user).read(["display_name"]))

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_staff_and_auditor_change_nothing(self):
        """Staff and auditors can neither create, write nor delete SOP data."""
        for user in (self.user_staff, self.user_auditor):
            for model, record in self._records(self.sop).items():
                for operation in ("write", "create", "unlink"):
                    with self.subTest(user=user.login, model=model, operation=operation):
                        self.assertFalse(record.with_user(user).has_access(operation))
            with self.assertRaises(AccessError):
                self.sop.with_user(user).write({"name": "Diubah"})
            with self.assertRaises(AccessError):
                self.env["sop.document"].with_user(user).create(
                    {"name": "Baru", "company_id": self.company.id}
                )
            with self.assertRaises(AccessError):
                self.sop.step_ids[0].with_user(user).unlink()
        self.assertEqual(self.sop.name, "Penyusunan LAKIP")

    def test_staff_and_auditor_cannot_move_the_life_cycle(self):
        """Staff and auditors cannot submit, verify, approve, reject or revise."""
        for user in (self.user_staff, self.user_auditor):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.sop.with_user(user).action_submit()
        self._approve(self.sop)
        for user in (self.user_staff, self.user_auditor):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.sop.with_user(user).action_revise()
        self.assertEqual(self.sop.state, "approved")

    def test_kasubag_drafts_and_submits_only(self):
        """A Kasubag writes drafts and submits them, but cannot verify, approve or reject."""
        sop = self.sop.with_user(self.user_kasubag)
        sop.write({"name": "Penyusunan LAKIP 2025"})
        sop.write({"step_ids": [Command.update(sop.step_ids[1].id, {"duration": 3})]})
        self.env["sop.role"].with_user(self.user_kasubag).create(
            {"name": "Kabid", "holder_type": "head", "company_id": self.company.id}
        )
        sop.action_submit()
        with self.assertRaises(AccessError):
            sop.action_verify()
        with self.assertRaises(AccessError):
            sop._reject("Tidak")
        self.sop.with_user(self.user_secretary).action_verify()
        with self.assertRaises(AccessError):
            sop.action_approve()
        self.assertEqual(self.sop.state, "verified")

    def test_secretary_verifies_and_rejects_but_does_not_approve(self):
        """The Sekretaris paraf or rejects a submitted SOP; approval and rejecting a verified one are the head's."""
        self.sop.with_user(self.user_kasubag).action_submit()
        sop = self.sop.with_user(self.user_secretary)
        sop._reject("Perbaiki langkah 2")
        self.assertEqual(self.sop.state, "draft")
        self.sop.with_user(self.user_kasubag).action_submit()
        sop.action_verify()
        with self.assertRaises(AccessError):
            sop.action_approve()
        with self.assertRaises(AccessError):
            sop._reject("Tidak")
        self.assertEqual(self.sop.state, "verified")

    def test_head_approves_and_rejects(self):
        """Only the Kepala Dinas approves; he can also reject a verified SOP."""
        self.sop.with_user(self.user_kasubag).action_submit()
        self.sop.with_user(self.user_secretary).action_verify()
        self.sop.with_user(self.user_head)._reject("Belum sesuai Renstra")
        self.assertEqual(self.sop.state, "draft")
        self._approve(self.sop)
        self.assertEqual(self.sop.state, "approved")

    def test_head_without_employee_cannot_sign(self):
        """The signature needs the head's employee record in the agency."""
        self.emp_head.user_id = False
        self.sop.with_user(self.user_kasubag).action_submit()
        self.sop.with_user(self.user_secretary).action_verify()
        with self.assertRaisesRegex(UserError, "no employee record in Dinas Uji A"):
            self.sop.with_user(self.user_head).action_approve()
        self.assertEqual(self.sop.state, "verified")

    def test_nobody_edits_an_approved_sop(self):
        """Not even the Kepala Dinas edits an approved SOP: it must be revised."""
        self._approve(self.sop)
        for user in (self.user_kasubag, self.user_head):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.sop.with_user(user).write({"name": "Diubah"})
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.sop.step_ids[0].with_user(user).write({"name": "Diubah"})

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_agencies_do_not_see_each_other(self):
        """A user of agency B neither finds nor reads nor changes agency A's SOP data."""
        for model, record in self._records(self.sop).items():
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.user_kasubag_b)
                self.assertFalse(Model.search([("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    record.with_user(self.user_kasubag_b).read(["display_name"])
                with self.assertRaises(AccessError):
                    record.with_user(self.user_kasubag_b).write({"name": "Diubah"})
        self.assertEqual(
            self.env["sop.document"].with_user(self.user_kasubag_b).search([]), self.sop_b
        )
        self.assertNotIn(
            self.sop_b, self.env["sop.document"].with_user(self.user_kasubag).search([])
        )

    def test_user_of_two_agencies_sees_both(self):
        """A user allowed in both agencies sees both registers."""
        self.user_auditor.company_ids = [Command.link(self.company_b.id)]
        found = (
            self.env["sop.document"]
            .with_user(self.user_auditor)
            .with_context(allowed_company_ids=[self.company.id, self.company_b.id])
            .search([])
        )
        self.assertEqual(found, self.sop | self.sop_b)

    def test_groups_form_a_ladder(self):
        """Each group implies the one below it; auditors stand outside the ladder."""
        self.assertTrue(self.user_head.has_group("sop_lakip.group_sop_secretary"))
        self.assertTrue(self.user_head.has_group("sop_lakip.group_sop_staff"))
        self.assertTrue(self.user_secretary.has_group("sop_lakip.group_sop_kasubag"))
        self.assertFalse(self.user_secretary.has_group("sop_lakip.group_sop_head"))
        self.assertFalse(self.user_auditor.has_group("sop_lakip.group_sop_staff"))
        for xmlid in ("staff", "kasubag", "secretary", "head", "auditor"):
            self.assertTrue(self.env.ref(f"sop_lakip.group_sop_{xmlid}").comment)
