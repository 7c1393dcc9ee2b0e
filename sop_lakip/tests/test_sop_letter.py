import threading
from datetime import date

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import Form, tagged
from odoo.tools import SQL, mute_logger

from .common import ADDON_CONTEXT, CommittedCase, SopCommon
from .test_sop_report import normalize

REPORT = "sop_lakip.action_report_sop_letter"
BOALEMO = "{classification}/{serial}/{unit}/{month_roman}/{year}"


@tagged("post_install", "-at_install")
class TestSopLetter(SopCommon):
    """Numbering, signing and printing of official letters (Surat Pengantar)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kind = cls.env["sop.letter.kind"].create(
            {
                "name": "Surat Pengantar",
                "code": "SP",
                "company_id": cls.company.id,
                "classification_code": "050",
                "unit_code": "DSPMD",
                "pattern": BOALEMO,
            }
        )

    def _letter(self, kind=None, **vals):
        """A draft cover letter of the first agency, written by its Kasubag."""
        return (
            self.env["sop.letter"]
            .with_user(self.user_kasubag)
            .create(
                {
                    "name": "Pengiriman LAKIP",
                    "company_id": self.company.id,
                    "kind_id": (kind or self.kind).id,
                    "place": "Tilamuta",
                    "recipients": "1. Kepala BAPPEDA Kabupaten Uji\n2. Inspektur Kabupaten Uji"
                    "\ndi -\nTilamuta",
                    "signatory_id": self.emp_head.id,
                    "line_ids": [
                        Command.create(
                            {
                                "name": "Dokumen LAKIP Tahun 2023",
                                "quantity": "2 (dua) eksemplar",
                                "note": "Untuk dipergunakan sebagaimana mestinya",
                            }
                        ),
                        Command.create(
                            {
                                "name": "Perjanjian Kinerja Tahun 2023",
                                "quantity": "1 (satu) berkas",
                                "note": "Lampiran",
                            }
                        ),
                    ],
                    **vals,
                }
            )
        )

    def _start_year(self, year, last_serial, kind=None, user=None):
        """Start ``year`` after ``last_serial`` through the kind's Start a Year form."""
        kind = (kind or self.kind).with_user(user or self.user_kasubag)
        action = kind.action_start_year()
        form = Form(kind.env[action["res_model"]].with_context(**action["context"]))
        form.year = year
        form.last_serial = last_serial
        form.save().action_confirm()

    def _serials(self, kind=None):
        """(year, last serial given) of every year of the kind."""
        ranges = (kind or self.kind).serial_range_ids
        return sorted((r.date_from.year, r.number_next - 1) for r in ranges)

    def _kind(self, pattern, **vals):
        return self.env["sop.letter.kind"].create(
            {"name": f"Kind {pattern}", "company_id": self.company.id, "pattern": pattern, **vals}
        )

    # ------------------------------------------------------------------
    # Numbering
    # ------------------------------------------------------------------
    def test_draft_takes_no_number(self):
        """A new letter is a draft without number; no serial is used up."""
        letter = self._letter()
        self.assertEqual(letter.state, "draft")
        self.assertFalse(letter.number)
        self.assertFalse(letter.serial)
        self.assertFalse(self.kind.sequence_id)
        self.assertIn("Draft", letter.display_name)

    def test_every_numbering_of_the_domain(self):
        """Each numbering printed in the seeds comes out of a pattern, digit for digit."""
        cases = [
            ("{classification}/{unit}/SOP/11.a/{serial}/{year}", "460", "DSPMD", 1,
             date(2024, 1, 15), "460/DSPMD/SOP/11.a/1/2024"),
            ("{classification}/{serial}.b/{unit}/{month_roman}/{year}", "050", "DSPMD", 11,
             date(2024, 1, 6), "050/11.b/DSPMD/I/2024"),
            ("SOP.{serial:03d}.{unit}.{year}", False, "SEKRE", 17,
             date(2024, 2, 1), "SOP.017.SEKRE.2024"),
            ("{serial:03d}/SOP/{unit}/{year}", False, "Disdikbud-BLG", 4,
             date(2023, 1, 1), "004/SOP/Disdikbud-BLG/2023"),
            ("{classification}/{serial}/{unit}/{month:02d}/{year}", "800", "D-5", 16,
             date(2024, 3, 5), "800/16/D-5/03/2024"),
            (BOALEMO, "000.8.3.3", "DSPMD", 7,
             date(2024, 12, 2), "000.8.3.3/7/DSPMD/XII/2024"),
        ]  # fmt: skip
        for pattern, classification, unit, serial, day, expected in cases:
            with self.subTest(expected=expected):
                kind = self._kind(pattern, classification_code=classification, unit_code=unit)
                # The agency had already numbered serial - 1 letters that year.
                self._start_year(day.year, serial - 1, kind=kind)
                letter = self._letter(kind, date=day)
                letter.with_user(self.user_kasubag).action_number()
                self.assertEqual(letter.number, expected)
                self.assertEqual(letter.serial, serial)
                self.assertEqual(letter.state, "numbered")

    def test_serials_follow_and_restart_each_year(self):
        """Serials follow each other without a gap and start again at 1 in January."""
        letters = [
            self._letter(date=day)
            for day in (date(2023, 12, 28), date(2023, 12, 29), date(2024, 1, 2))
        ]
        for letter in letters:
            letter.with_user(self.user_kasubag).action_number()
        self.assertEqual(
            [letter.number for letter in letters],
            ["050/1/DSPMD/XII/2023", "050/2/DSPMD/XII/2023", "050/1/DSPMD/I/2024"],
        )
        self.assertEqual(self._serials(), [(2023, 2), (2024, 1)])
        sequence = self.kind.sequence_id
        self.assertEqual(
            (
                sequence.implementation,
                sequence.use_date_range,
                sequence.company_id,
                sequence.prefix,
            ),
            ("no_gap", True, self.company, False),
        )

    def test_number_dated_today_when_no_date(self):
        """A letter without a date is dated on the day it is numbered."""
        letter = self._letter()
        letter.with_user(self.user_kasubag).action_number()
        today = fields.Date.context_today(letter.with_user(self.user_kasubag))
        self.assertEqual(letter.date, today)
        self.assertTrue(letter.number.endswith(f"/{today.year}"))

    def test_cancelled_letter_keeps_its_number(self):
        """A cancelled letter keeps its number, marked cancelled; the number is not reused."""
        first = self._letter(date=date(2024, 3, 4))
        first.with_user(self.user_kasubag).action_number()
        first.with_user(self.user_kasubag).action_cancel()
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(first.number, "050/1/DSPMD/III/2024")
        self.assertEqual(first.display_name, "050/1/DSPMD/III/2024 (cancelled)")
        with self.assertRaises(UserError):
            first.with_user(self.user_kasubag).unlink()
        second = self._letter(date=date(2024, 3, 5))
        second.with_user(self.user_kasubag).action_number()
        self.assertEqual(second.number, "050/2/DSPMD/III/2024")
        pdf_text = self._text(self._pdf(first))
        self.assertIn("BATAL", pdf_text)
        self.assertIn("050/1/DSPMD/III/2024", pdf_text)

    def test_counter_cannot_go_below_a_used_serial(self):
        """A new year's counter below a serial already given that year is refused."""
        letter = self._letter(date=date(2024, 3, 4))
        letter.with_user(self.user_kasubag).action_number()
        # As if the year's range had been lost: the letters of 2024 still hold serial 1.
        self.env.cr.execute(
            SQL(
                "DELETE FROM ir_sequence_date_range WHERE sequence_id = %s",
                self.kind.sequence_id.id,
            )
        )
        self.env.invalidate_all()
        with self.assertRaisesRegex(ValidationError, "already used"):
            self._start_year(2024, 0)
        self.assertFalse(self.kind.serial_range_ids)

    def test_counter_only_moved_by_numbering(self):
        """Nobody raises, lowers or deletes a year's counter; a Kasubag may add a year's
        start before its first letter; numbering moves it."""
        letter = self._letter(date=date(2024, 3, 4))
        letter.with_user(self.user_kasubag).action_number()
        counter = self.kind.serial_range_ids
        for user in (self.user_kasubag, self.user_head):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    counter.with_user(user).write({"number_next": 60})
                with self.assertRaises(AccessError):
                    counter.with_user(user).unlink()
                with self.assertRaisesRegex(UserError, "numbers would be given twice or skipped"):
                    counter.with_user(user).sudo().write({"number_next": 60})
                with self.assertRaisesRegex(UserError, "numbers would be given twice or skipped"):
                    counter.with_user(user).sudo().write({"number_next_actual": 1})
                with self.assertRaisesRegex(UserError, "numbers would be given twice or skipped"):
                    counter.with_user(user).sudo().unlink()
                with self.assertRaisesRegex(UserError, "numbers would be given twice or skipped"):
                    self._start_year(2024, 5, user=user)
                with self.assertRaises(AccessError):
                    self._start_year(2025, 9, user=self.user_staff)
        self.assertEqual(self._serials(), [(2024, 1)])
        # The allowed path: numbering starts in 2025 after 9 letters numbered outside Odoo.
        self._start_year(2025, 9)
        second = self._letter(date=date(2024, 3, 5))
        second.with_user(self.user_kasubag).action_number()
        later = self._letter(date=date(2025, 1, 6))
        later.with_user(self.user_kasubag).action_number()
        self.assertEqual(
            (second.number, later.number), ("050/2/DSPMD/III/2024", "050/10/DSPMD/I/2025")
        )

    def test_bad_pattern_names_the_placeholder(self):
        """A pattern with an unknown or malformed placeholder, or no serial, is refused."""
        for pattern, culprit in (
            ("{classification}/{nomor}/{year}", "{nomor}"),
            ("{classification}/{serial}/{month_roman:02d}", "{month_roman:02d}"),
            ("{serial.__class__}/{year}", "{serial.__class__}"),
            ("{classification}/{unit}/{year}", "{serial}"),
            ("SOP.{serial:03d}.{unit}", "Add {year}, e.g. SOP.{serial:03d}.{unit}/{year}"),
            ("{classification}/{serial/{year}", "{{"),
        ):
            with self.subTest(pattern=pattern), self.assertRaises(ValidationError) as caught:
                self._kind(pattern)
            self.assertIn(culprit, str(caught.exception))
        with self.assertRaisesRegex(ValidationError, r"\{tahun\}"):
            self.kind.pattern = "{serial}/{tahun}"
        # The README's old example, as a Kasubag saves it: SOP.001.SEKRE in 2025 and in 2026.
        with self.assertRaisesRegex(ValidationError, "has no \\{year\\}: the serial restarts"):
            self.kind.with_user(self.user_kasubag).pattern = "SOP.{serial:03d}.{unit}"

    # ------------------------------------------------------------------
    # Life cycle and access
    # ------------------------------------------------------------------
    def test_head_signs_and_the_signatory_is_frozen(self):
        """Signing freezes jabatan, name, pangkat and NIP; the content is then locked."""
        letter = self._letter(date=date(2024, 3, 5))
        letter.with_user(self.user_kasubag).action_number()
        letter.with_user(self.user_head).action_sign()
        self.assertEqual(letter.state, "signed")
        self.assertEqual(letter.signatory_name, "Dra. Kepala Uji")
        self.assertEqual(letter.signatory_rank, "Pembina Utama Muda (IV/c)")
        self.assertEqual(letter.signatory_nip, "19660930 199702 2 002")
        self.emp_head.pns_grade = "IV/d"
        self.assertEqual(letter._get_signatory()[2], "Pembina Utama Muda (IV/c)")
        with self.assertRaises(UserError):
            letter.with_user(self.user_kasubag).recipients = "Kepala BPKP"
        with self.assertRaises(UserError):
            letter.line_ids[0].with_user(self.user_kasubag).quantity = "3 (tiga) eksemplar"
        with self.assertRaisesRegex(UserError, "only set by its buttons"):
            letter.with_user(self.user_kasubag).state = "numbered"
        letter.with_user(self.user_staff).action_send()
        self.assertEqual(letter.state, "sent")
        self.assertEqual(letter.sent_by_id, self.user_staff)
        letter.with_user(self.user_kasubag).write(
            {"receipt_date": date(2024, 3, 6), "receiver_name": "Penerima Uji"}
        )
        self.assertEqual(letter.receiver_name, "Penerima Uji")

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_who_may_do_what(self):
        """Staff send but neither number nor sign; only the head signs; auditors only read."""
        letter = self._letter(date=date(2024, 3, 5))
        with self.assertRaisesRegex(UserError, "only set by its buttons"):
            letter.with_user(self.user_kasubag).write({"state": "signed"})
        with self.assertRaisesRegex(UserError, "only set by its buttons"):
            letter.with_user(self.user_kasubag).with_context(**ADDON_CONTEXT).write(
                {"state": "signed", "signatory_name": "Bukan Kepala"}
            )
        with self.assertRaisesRegex(UserError, "only set by its buttons"):
            self._letter(number="050/99/DSPMD/III/2024")
        with self.assertRaises(AccessError):
            self.env["sop.letter"].with_user(self.user_staff).create(
                {"name": "X", "company_id": self.company.id, "kind_id": self.kind.id}
            )
        for user in (self.user_staff, self.user_auditor):
            with self.subTest(user=user.login):
                self.assertEqual(letter.with_user(user).read(["name"])[0]["name"], letter.name)
                with self.assertRaises(AccessError):
                    letter.with_user(user).action_number()
                with self.assertRaises(AccessError):
                    letter.with_user(user).write({"recipients": "Diubah"})
                with self.assertRaises(AccessError):
                    letter.with_user(user).action_cancel()
        self.assertEqual(letter.state, "draft")
        letter.with_user(self.user_kasubag).action_number()
        for user in (self.user_staff, self.user_kasubag, self.user_secretary, self.user_auditor):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                letter.with_user(user).action_sign()
        self.assertEqual(letter.state, "numbered")
        with self.assertRaises(AccessError):
            letter.with_user(self.user_auditor).action_send()
        letter.with_user(self.user_head).action_sign()
        self.assertEqual(letter.state, "signed")
        with self.assertRaises(AccessError):
            letter.with_user(self.user_auditor).action_send()
        for user in (self.user_kasubag_b, self.user_head_b):
            with self.subTest(user=user.login):
                self.assertFalse(self.env["sop.letter"].with_user(user).search([]))
                with self.assertRaises(AccessError):
                    letter.with_user(user).read(["number"])
                with self.assertRaises(AccessError):
                    self.kind.with_user(user).read(["pattern"])

    # ------------------------------------------------------------------
    # Numbering step of an SOP run
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # Printed letter
    # ------------------------------------------------------------------
    def _pdf(self, letters, env=None):
        return self._render_pdf(REPORT, letters, env)

    def _text(self, pdf):
        # -raw keeps the diagonal watermark, which the default layout mode drops.
        return normalize(self._poppler("pdftotext", pdf, "-raw"))

    def test_printed_letter(self):
        """The PDF carries every part of the letter; DRAFT until the Kepala Dinas signs."""
        self.company.sop_government_name = "Pemerintah Kabupaten Uji"
        letter = self._letter(date=date(2024, 3, 5))
        draft = self._text(self._pdf(letter))
        self.assertIn("DRAFT", draft)
        self.assertNotIn("050/", draft)
        letter.with_user(self.user_kasubag).action_number()
        numbered = self._text(self._pdf(letter))
        self.assertIn("DRAFT", numbered)
        letter.with_user(self.user_head).action_sign()
        pdf = self._pdf(letter)
        text = self._text(pdf)
        self.assertNotIn("DRAFT", text)
        expected = [
            "PEMERINTAH KABUPATEN UJI",
            "DINAS UJI A",
            "Tilamuta, 5 Maret 2024",
            "Nomor : 050/1/DSPMD/III/2024",
            "Kepada Yth.",
            "SURAT PENGANTAR",
            "No Naskah Dinas yang dikirimkan Banyaknya Keterangan",
            "Dra. Kepala Uji",
            "Pembina Utama Muda (IV/c)",
            "NIP. 19660930 199702 2 002",
            "Diterima tanggal",
            "Penerima,",
        ]
        expected += letter.recipients.splitlines()
        for line in letter.line_ids:
            expected += [line.name, line.quantity, line.note]
        missing = [value for value in expected if normalize(value) not in text]
        self.assertFalse(missing, f"not printed: {missing}")
        info = normalize(self._poppler("pdfinfo", pdf))
        self.assertIn("Pages: 1 ", info)
        self.assertIn("Page size: 612 x 936 pts", info)

    def test_printed_on_the_agency_paper(self):
        """An agency that writes on A4 gets its letters on A4 portrait, also printed from
        a session in another agency that writes on F4."""
        self.company.sop_letter_paper = "a4"
        letter = self._letter()
        info = normalize(self._poppler("pdfinfo", self._pdf(letter)))
        self.assertIn("Page size: 595 x 842 pts", info)
        env = self._two_agency_env()
        self.assertEqual(env.company.sop_letter_paper, "f4")
        info = normalize(self._poppler("pdfinfo", self._pdf(letter, env)))
        self.assertIn("Page size: 595 x 842 pts", info)

    def test_receipt_is_printed_once_recorded(self):
        """The receipt block shows the date, name and NIP of the receiver once recorded."""
        letter = self._letter(
            date=date(2024, 3, 5),
            receipt_date=date(2024, 3, 7),
            receiver_name="Penerima Uji",
            receiver_nip="19900412 201412 2 001",
        )
        text = self._text(self._pdf(letter))
        for value in ("7 Maret 2024", "Penerima Uji", "19900412 201412 2 001"):
            self.assertIn(value, text)


@tagged("post_install", "-at_install")
class TestSopLetterConcurrency(CommittedCase):
    """Two users number letters of the same kind at the same moment, each in its own
    transaction, as two requests of the web client do."""

    def setUp(self):
        super().setUp()
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("sop_lakip.sop_demo_company_boalemo")
            kind = env["sop.letter.kind"].create(
                {
                    "name": "Uji Konkurensi",
                    "company_id": company.id,
                    "classification_code": "050",
                    "unit_code": "UJI",
                    "pattern": BOALEMO,
                }
            )
            letters = env["sop.letter"].create(
                [
                    {
                        "name": f"Uji {i}",
                        "company_id": company.id,
                        "kind_id": kind.id,
                        "date": "2024-05-02",
                    }
                    for i in range(2)
                ]
            )
            self.kind_id, self.letter_ids = kind.id, letters.ids
        self.addCleanup(self._drop)

    def _drop(self):
        ids = tuple(self.letter_ids)
        with self.cursor() as cr:
            cr.execute(
                SQL("DELETE FROM mail_message WHERE model = 'sop.letter' AND res_id IN %s", ids)
            )
            cr.execute(
                SQL(
                    "DELETE FROM mail_followers WHERE res_model = 'sop.letter' AND res_id IN %s",
                    ids,
                )
            )
            cr.execute(SQL("DELETE FROM sop_letter WHERE id IN %s", ids))
            cr.execute(SQL("SELECT sequence_id FROM sop_letter_kind WHERE id = %s", self.kind_id))
            sequence_id = cr.fetchone()[0]
            cr.execute(SQL("DELETE FROM sop_letter_kind WHERE id = %s", self.kind_id))
            cr.execute(SQL("DELETE FROM ir_sequence WHERE id = %s", sequence_id))

    def _number(self, env, index):
        return env["sop.letter"].browse(self.letter_ids[index]).action_number()

    def _numbers(self):
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            letters = env["sop.letter"].browse(self.letter_ids)
            ranges = env["sop.letter.kind"].browse(self.kind_id).serial_range_ids
            return letters.mapped("number"), [r.number_next - 1 for r in ranges]

    def _second_request(self, cr):
        """Number the second letter in a thread, retried on conflicts like an RPC call."""
        env = api.Environment(cr, SUPERUSER_ID, {})
        outcome = {}

        def request():
            try:
                retrying(lambda: self._number(env, 1), env)
                outcome["done"] = True
            except Exception as error:
                outcome["error"] = error

        thread = threading.Thread(target=request)
        thread.start()
        return thread, outcome

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_second_numbering_waits_and_takes_the_next_serial(self):
        """While the first numbering is not committed the second waits, then gets serial 2."""
        with self.cursor() as cr1, self.cursor() as cr2:
            self._number(api.Environment(cr1, SUPERUSER_ID, {}), 0)
            thread, outcome = self._second_request(cr2)
            thread.join(timeout=1.5)
            self.assertTrue(thread.is_alive(), "the second numbering waits for the first")
            cr1.commit()
            thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
        self.assertEqual(outcome, {"done": True})
        self.assertEqual(self._numbers(), (["050/1/UJI/V/2024", "050/2/UJI/V/2024"], [2]))

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_start_a_year_waiting_for_the_first_numbering(self):
        """Start a Year that waits for the year's first numbering is refused once that one
        commits: the year keeps one range, and numbering goes on."""
        with self.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["sop.letter.kind"].browse(
                self.kind_id
            )._serial_sequence()
        outcome = {}
        with self.cursor() as cr1, self.cursor() as cr2:
            self._number(api.Environment(cr1, SUPERUSER_ID, {}), 0)
            env2 = api.Environment(cr2, SUPERUSER_ID, {})

            def start_year():
                kind = env2["sop.letter.kind"].browse(self.kind_id)
                kind.read(["name"])  # the form read the kind before the click
                kind._start_year(2024, 500)

            def request():
                try:
                    outcome["done"] = retrying(start_year, env2) or True
                except UserError as error:
                    outcome["error"] = str(error)

            thread = threading.Thread(target=request)
            thread.start()
            thread.join(timeout=1.5)
            self.assertTrue(thread.is_alive(), "Start a Year waits for the numbering")
            cr1.commit()
            thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
        self.assertIn("is kept by the numbering of letters", outcome.get("error", ""))
        self.assertEqual(self._numbers(), (["050/1/UJI/V/2024", False], [1]))
        with self.cursor() as cr:
            self._number(api.Environment(cr, SUPERUSER_ID, {}), 1)
        self.assertEqual(self._numbers(), (["050/1/UJI/V/2024", "050/2/UJI/V/2024"], [2]))

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_rolled_back_numbering_leaves_no_gap(self):
        """A numbering that is rolled back frees its serial for the waiting one: no gap."""
        with self.cursor() as cr1, self.cursor() as cr2:
            self._number(api.Environment(cr1, SUPERUSER_ID, {}), 0)
            thread, outcome = self._second_request(cr2)
            thread.join(timeout=1.5)
            self.assertTrue(thread.is_alive(), "the second numbering waits for the first")
            cr1.rollback()
            thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
        self.assertEqual(outcome, {"done": True})
        self.assertEqual(self._numbers(), ([False, "050/1/UJI/V/2024"], [1]))
