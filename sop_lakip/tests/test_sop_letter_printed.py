from datetime import date

from odoo.tests import tagged

from .letter_common import SopLetterCommon
from .report_common import normalize


@tagged("post_install", "-at_install")
class TestSopLetterPrinted(SopLetterCommon):
    """The printed letter: every part of it, its paper, its receipt."""

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
