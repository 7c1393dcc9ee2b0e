from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .letter_common import SopLetterCommon


@tagged("post_install", "-at_install")
class TestSopLetterRun(SopLetterCommon):
    """The letter an SOP run numbers at its numbering step."""

    def _run_at_numbering_step(self):
        """A run whose step 2, done by the Kasubag, numbers the cover letter; at step 2."""
        sop = self._create_sop(number="460/UJI/SOP/2024")
        sop.step_ids[1].write({"role_id": self.role_kasubag.id, "letter_kind_id": self.kind.id})
        run = self._start(sop)
        self._open(run).with_user(self.user_kasubag).action_done()
        self.assertEqual(self._open(run).step_id, sop.step_ids[1])
        return run

    def test_run_numbers_its_letter_at_the_numbering_step(self):
        """The letter drafted from the run has no number until its numbering step is done."""
        run = self._run_at_numbering_step()
        self.assertTrue(run.letter_step_open)
        action = run.with_user(self.user_kasubag).action_create_letter()
        letter = self.env["sop.letter"].browse(action["res_id"])
        self.assertEqual(letter.instance_id, run)
        self.assertEqual(letter.kind_id, self.kind)
        self.assertFalse(letter.number)
        self.assertFalse(self.kind.sequence_id)
        self._open(run).with_user(self.user_kasubag).activity_ids.action_feedback("Selesai")
        self.assertEqual(letter.state, "numbered")
        self.assertEqual(letter.serial, 1)
        self.assertEqual(letter.numbered_by_id, self.user_kasubag)
        self.assertEqual(self._open(run).step_id.number, 3)
        self.assertFalse(run.letter_step_open)
        with self.assertRaises(UserError):
            run.with_user(self.user_kasubag).action_create_letter()
        self.assertEqual(run.action_print_letter()["report_name"], "sop_lakip.report_sop_letter")

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_numbering_step_assignee_drafts_the_letter(self):
        """The staff member at the numbering step drafts the run's letter; no one else on staff."""
        sop = self._create_sop(number="460/UJI/SOP/2024")
        sop.step_ids[1].write({"letter_kind_id": self.kind.id})  # step 2: the Staf
        run = self._start(sop)
        self._open(run).with_user(self.user_kasubag).action_done()
        item = self._open(run)
        self.assertEqual(item.user_id, self.user_staff)
        intruder = self.user_kabid_1  # staff of the agency, not the step's assignee
        self.assertFalse(run.with_user(intruder).can_draft_letter)
        with self.assertRaisesRegex(AccessError, "Only the assignee of step 2"):
            run.with_user(intruder).action_create_letter()
        self.assertFalse(run.letter_ids)

        self.assertTrue(run.with_user(self.user_staff).can_draft_letter)
        action = run.with_user(self.user_staff).action_create_letter()
        letter = self.env["sop.letter"].browse(action["res_id"])
        self.assertEqual((letter.instance_id, letter.state), (run, "draft"))
        self.assertEqual(letter.create_uid, self.user_staff)
        # The assignee corrects the draft; the intruder cannot touch it.
        letter.with_user(self.user_staff).write(
            {"recipients": "Kepala BAPPEDA", "line_ids": [Command.create({"name": "Lampiran"})]}
        )
        with self.assertRaises(AccessError):
            letter.with_user(intruder).write({"recipients": "Diubah"})
        with self.assertRaises(AccessError):
            letter.line_ids[0].with_user(intruder).write({"name": "Diubah"})
        with self.assertRaises(AccessError):
            letter.with_user(self.user_staff).action_number()  # numbered at the step only
        with self.assertRaises(AccessError):
            letter.with_user(self.user_staff).unlink()
        with self.assertRaisesRegex(UserError, "only set by its buttons"):
            letter.with_user(self.user_staff).write({"state": "numbered"})
        item.with_user(self.user_staff).action_done()
        self.assertEqual((letter.state, letter.serial), ("numbered", 1))
        self.assertEqual(letter.recipients, "Kepala BAPPEDA")
        # Once the step is done, the draft is no longer theirs.
        with self.assertRaises(AccessError):
            letter.with_user(self.user_staff).write({"recipients": "Diubah"})

    def test_numbering_step_without_letter_creates_and_numbers_one(self):
        """Completing the numbering step of a run without letter drafts one and numbers it."""
        run = self._run_at_numbering_step()
        self.kind.default_recipients = "Kepala BAPPEDA Kabupaten Uji"
        self._open(run).with_user(self.user_kasubag).action_done()
        letter = run.letter_ids
        self.assertEqual(len(letter), 1)
        self.assertEqual(letter.state, "numbered")
        self.assertEqual(letter.recipients, "Kepala BAPPEDA Kabupaten Uji")
        self.assertEqual(letter.signatory_id, self.emp_head)
        self.assertEqual(letter.serial, 1)

    def test_letter_numbered_after_the_signing_step_is_signed(self):
        """Signing step 2, numbering step 3: the head still signs the letter the run numbers."""
        sop = self._create_sop(number="460/UJI/SOP/2024")
        steps = sop.step_ids
        steps[1].write({"name": "Menandatangani LAKIP", "role_id": self.role_head.id})
        steps[2].write(
            {
                "name": "Membuat Surat Pengantar sekaligus Penomoran Surat",
                "symbol": "process",
                "role_id": self.role_kasubag.id,
                "yes_step_id": False,
                "no_step_id": False,
                "letter_kind_id": self.kind.id,
            }
        )
        steps[3].write({"name": "Mengantar Surat", "role_id": self.role_staff.id})
        run = self._start(sop)
        for user in (self.user_kasubag, self.user_head, self.user_kasubag, self.user_staff):
            self._open(run).with_user(user).action_done()
        self.assertEqual(run.state, "done")
        letter = run.letter_ids
        self.assertEqual(letter.state, "numbered")
        sign = self.env.ref("sop_lakip.mail_activity_type_letter_sign")
        self.assertEqual(
            letter.activity_ids.filtered(lambda a: a.activity_type_id == sign).user_id,
            self.user_head,
        )
        letter.with_user(self.user_head).action_sign()
        self.assertEqual(letter.state, "signed")
        send = self.env.ref("sop_lakip.mail_activity_type_letter_send")
        self.assertEqual(letter.activity_ids.activity_type_id, send)

    def test_letter_signed_while_the_run_goes_on_is_sent_after_it(self):
        """Signed before the run ends: the run's steps carry it, then the Kasubag sends it."""
        run = self._run_at_numbering_step()
        self._open(run).with_user(self.user_kasubag).action_done()
        letter = run.letter_ids
        letter.with_user(self.user_head).action_sign()
        self.assertFalse(letter.activity_ids)  # the run's own steps send it
        self._open(run).with_user(self.user_secretary).action_yes()
        self._open(run).with_user(self.user_head).action_done()
        self.assertEqual(run.state, "done")
        send = self.env.ref("sop_lakip.mail_activity_type_letter_send")
        self.assertEqual(letter.activity_ids.activity_type_id, send)

    def test_no_letter_before_the_numbering_step(self):
        """Before the run reaches its numbering step, no cover letter can be drafted from it."""
        sop = self._create_sop(number="460/UJI/SOP/2024")
        sop.step_ids[1].write({"role_id": self.role_kasubag.id, "letter_kind_id": self.kind.id})
        run = self._start(sop)
        self.assertFalse(run.letter_step_open)
        with self.assertRaisesRegex(UserError, "not at a step that numbers a letter"):
            run.with_user(self.user_kasubag).action_create_letter()
        with self.assertRaises(UserError):
            run.action_print_letter()

    def test_demo_lakip_sops_number_their_cover_letter(self):
        """Step 10 of the demo LAKIP SOPs of Boalemo and Balangan numbers the Surat Pengantar."""
        for xmlid, kind in (
            ("sop_demo_boalemo_sop_lakip_step_10", "sop_demo_boalemo_letter_kind_pengantar"),
            ("sop_demo_balangan_sop_lakip_step_10", "sop_demo_balangan_letter_kind_pengantar"),
        ):
            step = self.env.ref(f"sop_lakip.{xmlid}")
            self.assertEqual(step.letter_kind_id, self.env.ref(f"sop_lakip.{kind}"))
            self.assertIn("enomoran", step.name)
