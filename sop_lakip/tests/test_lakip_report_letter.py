from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LakipCommon
from .report_common import normalize


@tagged("post_install", "-at_install")
class TestLakipReportLetter(LakipCommon):
    def test_cover_letter_from_the_report(self):
        """The LAKIP drafts its Surat Pengantar, numbered later, printed from the report."""
        with self.assertRaisesRegex(UserError, "Set up a kind of letter for Dinas Uji A"):
            self.report.with_user(self.user_kasubag).action_create_letter()
        self.env["sop.letter.kind"].create(
            {"name": "Surat Pengantar", "company_id": self.company.id,
             "classification_code": "050", "unit_code": "DSU"}
        )  # fmt: skip
        self.report.recipients = "Kepala BAPPEDA\nInspektur"
        self.report.with_user(self.user_kasubag).action_create_letter()
        letter = self.report.letter_id
        self.assertEqual((letter.state, letter.number), ("draft", False), "no number yet")
        self.assertFalse(self.report.letter_number)
        letter.with_user(self.user_kasubag).action_number()
        self.assertTrue(letter.number.startswith("050/1/DSU/"))
        self.assertEqual(self.report.letter_number, letter.number)
        action = self.report.with_user(self.user_auditor).action_print_letter()
        self.assertEqual(action["report_name"], "sop_lakip.report_sop_letter")
        pdf = self._render_pdf(action["report_name"], letter)
        text = normalize(self._poppler("pdftotext", pdf, "-raw"))
        for expected in (letter.number, "Kepala BAPPEDA", "Inspektur",
                         "Laporan Kinerja Instansi Pemerintah (LKjIP) Dinas Uji A Tahun 2024",
                         "1 (satu) eksemplar", "DRAFT"):  # fmt: skip
            self.assertIn(expected, text)

    def test_numbering_step_of_the_lakip_run(self):
        """The LAKIP run's numbering step numbers a letter sending this LAKIP to its recipients."""
        run = self._start_numbering_letters()
        self.report.write({"instance_id": run.id, "recipients": "Kepala BAPPEDA\nInspektur"})
        self._open(run).with_user(self.user_kasubag).action_done()
        self.assertFalse(self.report.letter_id, "no letter before the numbering step")
        self._open(run).with_user(self.user_staff).action_done()
        letter = self.report.letter_id
        self.assertEqual(letter.instance_id, run)
        self.assertEqual(letter.state, "numbered")
        self.assertEqual(self.report.letter_number, letter.number)
        self.assertEqual(letter.recipients, "Kepala BAPPEDA\nInspektur")
        self.assertEqual(
            letter.line_ids.name,
            "Laporan Kinerja Instansi Pemerintah (LKjIP) Dinas Uji A Tahun 2024",
        )
