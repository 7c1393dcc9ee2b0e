from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SopCommon
from .report_common import normalize

LETTER_REPORT = "sop_lakip.action_report_sop_letter"
NOTE_TEMPLATE = "sop_lakip.report_test_nota_dinas"
# A second layout of letters, as an agency would add it: a template and its report, no code.
NOTE_ARCH = f"""
<t t-name="{NOTE_TEMPLATE}">
    <t t-call="web.html_container">
        <div class="article sl-print">
            <t t-call="sop_lakip.report_sop_letter_style" />
            <div t-foreach="docs" t-as="doc" class="sl-letter">
                <t t-set="company" t-value="doc.company_id" />
                <t t-call="sop_lakip.report_sop_letterhead" />
                <div class="sl-title">NOTA DINAS</div>
                <div>Hal: <t t-out="doc.name" /></div>
                <div class="name" t-out="signatories[doc.id][1]" />
            </div>
        </div>
    </t>
</t>
"""


@tagged("post_install", "-at_install")
class TestSopLetterLayout(SopCommon):
    """A kind of letter names the layout its letters print in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.ui.view"].create(
            {"name": "Nota Dinas", "type": "qweb", "key": NOTE_TEMPLATE, "arch": NOTE_ARCH}
        )
        cls.note_report = cls.env.ref(LETTER_REPORT).copy(
            {"name": "Nota Dinas", "report_name": NOTE_TEMPLATE, "report_file": NOTE_TEMPLATE}
        )

    def _kind(self, name, code, report=None):
        """A kind of letter made by the Kasubag through its form."""
        form = Form(self.env["sop.letter.kind"].with_user(self.user_kasubag))
        form.name = name
        form.code = code
        form.pattern = "{code}/{serial}/{year}"
        if report:
            form.report_id = report
        return form.save()

    def _letter(self, kind):
        return (
            self.env["sop.letter"]
            .with_user(self.user_kasubag)
            .create(
                {
                    "name": "Undangan rapat evaluasi SOP",
                    "company_id": self.company.id,
                    "kind_id": kind.id,
                    "signatory_id": self.emp_head.id,
                    "line_ids": [Command.create({"name": "Daftar SOP"})],
                }
            )
        )

    def test_kind_prints_in_its_layout(self):
        """A kind naming another report prints its letters through it, with the letter's
        values and letterhead, on the agency's letter paper."""
        self.company.sop_letter_paper = "a4"
        pengantar = self._kind("Surat Pengantar", "SP")
        self.assertEqual(pengantar.report_id, self.env.ref(LETTER_REPORT), "the default layout")
        note = self._letter(self._kind("Nota Dinas", "ND", self.note_report))
        action = note.with_user(self.user_staff).action_print()
        self.assertEqual(action["report_name"], NOTE_TEMPLATE)
        pdf = self._render_pdf(action["report_name"], note, note.with_user(self.user_staff).env)
        text = normalize(self._poppler("pdftotext", pdf, "-raw"))
        for expected in ("NOTA DINAS", "Hal: Undangan rapat evaluasi SOP", "DINAS UJI A",
                         self.emp_head.name):  # fmt: skip
            self.assertIn(normalize(expected), text)
        self.assertNotIn("SURAT PENGANTAR", text)
        info = normalize(self._poppler("pdfinfo", pdf))
        self.assertIn("Page size: 595 x 842 pts", info)
        action = self._letter(pengantar).with_user(self.user_staff).action_print()
        self.assertEqual(action["report_name"], "sop_lakip.report_sop_letter")

    def test_letters_of_two_layouts_print_apart(self):
        """Letters of kinds with different layouts are not printed together."""
        letters = self._letter(self._kind("Surat Pengantar", "SP")) | self._letter(
            self._kind("Nota Dinas", "ND", self.note_report)
        )
        with self.assertRaisesRegex(UserError, "different layouts"):
            letters.with_user(self.user_staff).action_print()

    def test_layout_prints_letters(self):
        """A report of another model is refused as a kind's layout, naming both."""
        kind = self._kind("Surat Pengantar", "SP")
        with self.assertRaisesRegex(ValidationError, "Surat Pengantar.*SOP Form"):
            kind.with_user(self.user_kasubag).report_id = self.env.ref(
                "sop_lakip.action_report_sop"
            )
