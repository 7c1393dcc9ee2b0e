from datetime import date

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import ADDON_CONTEXT
from .letter_common import BOALEMO, SopLetterCommon


@tagged("post_install", "-at_install")
class TestSopLetter(SopLetterCommon):
    """Numbering and signing of official letters (Surat Pengantar), and who may do it."""

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
