import base64
import io
import logging

import docx

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from .common import LakipCommon
from .report_common import normalize
from .test_no_email import NoEmailMixin

REVIEWER = "sop_lakip.group_sop_reviewer"
REVIU = "sop_lakip.mail_activity_type_lakip_reviu"
FIX = "sop_lakip.mail_activity_type_lakip_reviu_fix"
SIGNED = base64.b64encode(b"%PDF-1.4 LAKIP bertanda tangan")
INSPECTOR = {
    "inspector_name": "Drs. Inspektur Uji, M.Si.",
    "inspector_job_title": "Inspektur Kabupaten Uji",
    "inspector_rank": "Pembina Utama Muda (IV/c)",
    "inspector_nip": "19680412 199303 1 005",
}


class ReviuCommon(LakipCommon):
    """Agency A's LAKIP 2024 with every worksheet verified; a reviewer in each agency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_signing_place()
        cls.user_reviewer = cls._new_user("lakip_reviewer", REVIEWER)
        cls.user_reviewer_2 = cls._new_user("lakip_reviewer_2", REVIEWER)
        cls.user_reviewer_b = cls._new_user("lakip_reviewer_b", REVIEWER, cls.company_b)
        cls.report.user_id = cls.user_kasubag
        cls.report.with_user(cls.user_kasubag).action_send_worksheets()
        for sheet, kabid in (
            (cls.report.worksheet_ids.filtered(lambda w: w.department_id == cls.dept_unit_1),
             cls.user_kabid_1),
            (cls.report.worksheet_ids.filtered(lambda w: w.department_id == cls.dept_unit_2),
             cls.user_kabid_2),
        ):  # fmt: skip
            sheet.with_user(kabid).action_mark_filled()
            sheet.with_user(kabid).action_verify()

    def _compile(self):
        self.report.with_user(self.user_kasubag).action_compile()
        return self.report.reviu_id

    def _activities(self, reviu, xmlid):
        return reviu.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(xmlid))

    def _answer_all(self, reviu, user=None):
        reviu = reviu.with_user(user or self.user_reviewer)
        reviu.line_ids.write({"answer": "yes"})
        reviu.write(INSPECTOR)
        return reviu


@tagged("post_install", "-at_install")
class TestLakipReviu(ReviuCommon):
    def test_compile_sends_it_to_the_reviewers(self):
        """Compiling creates the reviu with the whole checklist; every reviewer of the
        agency (never another agency's) gets Reviu LAKIP."""
        reviu = self._compile()
        self.assertEqual(
            (reviu.state, reviu.company_id, reviu.name),
            ("review", self.company, "Reviu LAKIP 2024"),
        )
        self.assertEqual(len(reviu.line_ids), 14)
        self.assertEqual(reviu.line_ids.mapped("sequence"), list(range(1, 15)))
        self.assertEqual(
            self._activities(reviu, REVIU).user_id, self.user_reviewer | self.user_reviewer_2
        )
        self.assertIn("LAKIP 2024", self._activities(reviu, REVIU)[0].note)

    def test_return_then_compile_again(self):
        """Returned: the Kasubag gets the findings in his inbox, the reviewers' activity is
        done; compiled again, the reviewers get it again and the Kasubag's is done."""
        reviu = self._compile()
        reviu.with_user(self.user_reviewer).reviewer_ids = self.user_reviewer
        self.assertEqual(self._activities(reviu, REVIU).user_id, self.user_reviewer)
        with self.assertRaisesRegex(UserError, "write the findings"):
            reviu.with_user(self.user_reviewer).action_return()
        reviu.with_user(self.user_reviewer).findings = "Analisis efisiensi belum disajikan."
        reviu.with_user(self.user_reviewer).action_return()
        self.assertEqual(reviu.state, "returned")
        self.assertFalse(self._activities(reviu, REVIU))
        fix = self._activities(reviu, FIX)
        self.assertEqual(fix.user_id, self.user_kasubag)
        self.assertIn("Analisis efisiensi belum disajikan.", fix.note)
        with self.assertRaises(UserError):  # closed by the transition, not by hand
            fix.with_user(self.user_kasubag).action_feedback(feedback="Sudah")
        self.report.with_user(self.user_kasubag)._reopen("Temuan reviu")
        self._compile()
        self.assertEqual(reviu.state, "review")
        self.assertFalse(self._activities(reviu, FIX))
        self.assertEqual(self._activities(reviu, REVIU).user_id, self.user_reviewer)
        self.assertEqual(
            self.env["lakip.reviu"].search_count([("report_id", "=", self.report.id)]), 1
        )

    def test_ask_again_without_compiling(self):
        """The Kasubag fixed the findings: he asks again; staff cannot."""
        reviu = self._compile()
        reviu.with_user(self.user_reviewer).findings = "Lampiran PK belum ada."
        reviu.with_user(self.user_reviewer).action_return()
        with self.assertRaisesRegex(AccessError, "Only a Kasubag"):
            reviu.with_user(self.user_staff).action_request_again()
        reviu.with_user(self.user_kasubag).action_request_again()
        self.assertEqual(reviu.state, "review")
        self.assertFalse(self._activities(reviu, FIX))
        self.assertTrue(self._activities(reviu, REVIU))

    def test_issue_lists_what_is_missing_then_closes(self):
        """Issuing names every gap at once (unanswered items, an unexplained No, the
        Inspektur, a wrong NIP); issued, the reviu is done and nobody's inbox holds it."""
        reviu = self._compile().with_user(self.user_reviewer)
        reviu.line_ids[0].answer = "no"
        reviu.inspector_nip = "19681312 199303 1 005"
        with self.assertRaises(UserError) as caught:
            reviu.action_issue()
        message = str(caught.exception)
        for part in (
            "13 left",
            "Item 1 is answered No",
            "name of the Inspektur",
            "position (jabatan)",
            "NIP 196813121993031005: digits 1-8",
        ):
            self.assertIn(part, message)
        self._answer_all(reviu)
        reviu.action_issue()
        self.assertEqual((reviu.state, reviu.done_by_id), ("done", self.user_reviewer))
        self.assertTrue(reviu.date_review)
        self.assertFalse(reviu.activity_ids)
        with self.assertRaises(UserError):
            reviu.findings = "Terlambat"

    def test_inspector_from_an_employee(self):
        """An Inspektur in Odoo fills the signatory from his employee record."""
        reviu = self._compile().with_user(self.user_reviewer)
        inspector = self.env["hr.employee"].create(
            {"name": "Inspektur Pegawai", "company_id": self.company.id, "job_title": "Inspektur",
             "asn_type": "pns", "nip": "19680412 199303 1 005", "pns_grade": "IV/c"}
        )  # fmt: skip
        reviu.inspector_id = inspector
        self.assertEqual(
            (reviu.inspector_name, reviu.inspector_job_title, reviu.inspector_nip),
            ("Inspektur Pegawai", "Inspektur", "19680412 199303 1 005"),
        )

    def test_signing_waits_for_the_reviu(self):
        """Required (the default): signing is refused, in Indonesian for an Indonesian user,
        until the statement is issued."""
        self.assertTrue(self.company.lakip_reviu_required)
        reviu = self._compile()
        self.report.with_user(self.user_kasubag).signed_document = SIGNED
        with self.assertRaisesRegex(UserError, "requires the Inspektorat's reviu first"):
            self.report.with_user(self.user_kasubag).action_mark_signed()
        self.env["res.lang"]._activate_lang("id_ID")
        self.env.ref("base.module_sop_lakip")._update_translations(["id_ID"])
        with self.assertRaisesRegex(UserError, "reviu Inspektorat"):
            self.report.with_user(self.user_kasubag).with_context(lang="id_ID").action_mark_signed()
        self._answer_all(reviu).action_issue()
        self.report.with_user(self.user_kasubag).action_mark_signed()
        self.assertEqual(self.report.state, "signed")

    def test_signing_without_reviu_when_the_agency_allows_it(self):
        """Not required: the report is signed while its reviu is still open."""
        self.company.lakip_reviu_required = False
        self._compile()
        self.report.with_user(self.user_kasubag).signed_document = SIGNED
        self.report.with_user(self.user_kasubag).action_mark_signed()
        self.assertEqual(self.report.state, "signed")

    def test_reviewer_fills_the_form(self):
        """The reviewer creates a draft reviu in the form (the checklist comes with it),
        answers it, then starts it once the report is compiled."""
        form = Form(self.env["lakip.reviu"].with_user(self.user_reviewer))
        form.report_id = self.report
        self.assertEqual(len(form.line_ids), 14)
        with form.line_ids.edit(0) as line:
            line.answer = "no"
            line.note = "Ikhtisar eksekutif belum ada"
        form.findings = "Ikhtisar eksekutif belum ada."
        reviu = form.save()
        self.assertEqual((reviu.state, reviu.reviewer_ids), ("draft", self.user_reviewer))
        with self.assertRaisesRegex(UserError, "not compiled yet"):
            reviu.with_user(self.user_reviewer).action_start()
        self.report.with_user(self.user_kasubag).action_compile()
        self.assertEqual(reviu.state, "review", "compiling starts the reviu made beforehand")
        form = Form(reviu.with_user(self.user_reviewer))
        for index in range(14):
            with form.line_ids.edit(index) as line:
                line.answer = "yes"
        for name, value in INSPECTOR.items():
            setattr(form, name, value)
        form.save()
        reviu.with_user(self.user_reviewer).action_issue()
        self.assertEqual(reviu.state, "done")

    def test_statement_attachment_for_the_lkjip(self):
        """The statement is handed to the LKjIP as a PDF attachment once issued."""
        self.assertFalse(self.report._reviu_statement_attachment())
        self._answer_all(self._compile()).action_issue()
        with self._pdf_rendering():
            attachment = (
                self.report.with_user(self.user_kasubag)
                .with_context(force_report_rendering=True)
                ._reviu_statement_attachment()
            )
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        self.assertIn("Pernyataan Telah Direviu LAKIP 2024", attachment.name)
        self.assertEqual(self.report._reviu_statement_attachment(), attachment, "printed once")


@tagged("post_install", "-at_install")
class TestLakipReviuAccess(ReviuCommon):
    def test_reviewer_writes_reviews_and_nothing_else(self):
        """The reviewer reads the LAKIP as an auditor does and writes its reviu; any other
        write, through the ORM or as an RPC would send it, is refused."""
        reviu = self._compile()
        reviewer = self.user_reviewer
        self.assertEqual(self.report.with_user(reviewer).indicator_count, 4)
        reviu.with_user(reviewer).findings = "Catatan"
        reviu.line_ids[0].with_user(reviewer).note = "Sesuai"
        reviu.with_user(reviewer).message_post(body="Reviu dimulai")  # his chatter
        for call in (
            lambda: self.report.with_user(reviewer).write({"recipients": "X"}),
            lambda: self._target(self.ind_rehab).with_user(reviewer).write({"analysis": "x"}),
            lambda: self.report.worksheet_ids[0].with_user(reviewer).action_verify(),
            lambda: self.report.with_user(reviewer).action_mark_signed(),
            lambda: self.report.with_user(reviewer).message_post(body="x"),
            lambda: self.sop.with_user(reviewer).write({"name": "x"}),
            lambda: reviu.with_user(reviewer).write({"state": "done"}),
            lambda: reviu.with_user(reviewer).write({"report_id": self.report.id + 1}),
            lambda: reviu.with_user(reviewer).unlink(),
            lambda: reviu.line_ids[0].with_user(reviewer).write({"item": "budget"}),
            lambda: reviu.line_ids[0].with_user(reviewer).unlink(),
        ):
            with self.assertRaises(UserError):  # an AccessError is one
                call()
        # the attacker's RPC: a web client call with the forged values
        rpc = self.env["lakip.reviu"].with_user(reviewer)
        with self.assertRaises(UserError):
            rpc.browse(reviu.id).web_save({"state": "done", "date_done": "2024-01-01"}, {})
        with self.assertRaises(UserError):
            self.env["lakip.report"].with_user(reviewer).browse(self.report.id).web_save(
                {"state": "signed"}, {}
            )
        self.assertEqual((reviu.state, self.report.state), ("review", "compiled"))

    def test_auditor_and_kasubag_write_no_reviu(self):
        """An auditor and the agency's Kasubag read the reviu and write nothing of it."""
        reviu = self._compile()
        for user in (self.user_auditor, self.user_kasubag, self.user_head):
            self.assertEqual(reviu.with_user(user).line_ids[0].sequence, 1)
            for call in (
                lambda u=user: reviu.with_user(u).write({"findings": "x"}),
                lambda u=user: reviu.line_ids[0].with_user(u).write({"answer": "yes"}),
                lambda u=user: reviu.with_user(u).action_issue(),
                lambda u=user: reviu.with_user(u).action_return(),
                lambda u=user: (
                    self.env["lakip.reviu"].with_user(u).web_save({"report_id": self.report.id}, {})
                ),
            ):
                with self.assertRaises(UserError):
                    call()
        with self.assertRaises(UserError):
            reviu.with_user(self.user_auditor).message_post(body="x")

    def test_other_agency_reviewer_sees_nothing(self):
        """Another agency's reviewer neither finds, reads nor writes the reviu; naming him
        a reviewer of it is refused."""
        reviu = self._compile()
        other = self.user_reviewer_b
        self.assertFalse(self.env["lakip.reviu"].with_user(other).search([]))
        self.assertFalse(self.env["lakip.reviu.line"].with_user(other).search([]))
        with self.assertRaises(AccessError):
            reviu.with_user(other).read(["findings"])
        with self.assertRaises(AccessError):
            reviu.with_user(other).write({"findings": "x"})
        with self.assertRaises(AccessError):
            reviu.with_user(other).action_issue()
        with self.assertRaises(AccessError):  # the RPC of the form
            self.env["lakip.reviu"].with_user(other).browse(reviu.id).web_read({"findings": {}})
        with self.assertRaises(UserError):
            reviu.with_user(self.user_reviewer).reviewer_ids = self.user_reviewer_b
        # nor makes one for it: the agency is the report's, whatever the RPC says
        other_report = self.env["lakip.report"].create(
            {"company_id": self.company.id, "year": 2023}
        )
        with self.assertRaises(AccessError):
            self.env["lakip.reviu"].with_user(other).web_save(
                {"report_id": other_report.id, "company_id": self.company_b.id,
                 "reviewer_ids": [Command.clear()]},
                {},
            )  # fmt: skip
        own = (
            self.env["lakip.reviu"]
            .with_user(self.user_reviewer)
            .create({"report_id": other_report.id, "company_id": self.company_b.id})
        )
        self.assertEqual(own.company_id, self.company, "the company follows the report")


@tagged("post_install", "-at_install")
class TestLakipReviuNoEmail(NoEmailMixin, ReviuCommon):
    def test_every_button_without_email(self):
        """Kasubag and reviewer without e-mail: compile, return, ask again, issue, sign."""
        self._press(self.user_kasubag, self.report, "action_compile")
        reviu = self.report.reviu_id
        self.assertTrue(self._activities(reviu, REVIU))
        reviu.with_user(self.user_reviewer).findings = "Bab IV belum ada."
        self._press(self.user_reviewer, reviu, "action_return")
        self._press(self.user_kasubag, reviu, "action_request_again")
        self._answer_all(reviu)
        self._press(self.user_reviewer, reviu, "action_issue")
        self.report.with_user(self.user_kasubag).signed_document = SIGNED
        self._press(self.user_kasubag, self.report, "action_mark_signed")
        draft = self.env["lakip.reviu"].create({"report_id": self._other_report().id})
        self._press(self.user_reviewer, draft, "action_start")

    def _other_report(self):
        report = self.env["lakip.report"].create({"company_id": self.company.id, "year": 2023})
        report.sudo().state = "compiled"
        return report


@tagged("post_install", "-at_install")
class TestLakipReviuPrinted(HttpCase, ReviuCommon):
    """The printed statement as the web client gets it (the HTTP server runs)."""

    def test_printed_statement(self):
        """On the letterhead, the standard wording, the agency and year, the Inspektur's
        name, rank and NIP, place and date in Indonesian; one page."""
        reviu = self._answer_all(self._compile())
        reviu.date_review = "2025-01-31"
        reviu.action_issue()
        self.assertTrue(self.http_port(), "the HTTP server must run to load the report assets")
        logger = "odoo.addons.base.models.ir_actions_report"
        with self.assertLogs(logger, "DEBUG") as logs:
            logging.getLogger(logger).debug("printing")
            pdf = self._render_pdf("sop_lakip.report_lakip_reviu", reviu)
        self.assertFalse([line for line in logs.output if "network error" in line.lower()])
        text = normalize(self._poppler("pdftotext", pdf, "-raw"))
        for expected in (
            "PEMERINTAH KABUPATEN UJI",
            "PERNYATAAN TELAH DIREVIU",
            "LAPORAN KINERJA DINAS UJI A",
            "Kami telah mereviu Laporan Kinerja Dinas Uji A untuk tahun anggaran 2024",
            "menjadi tanggung jawab manajemen Dinas Uji A",
            "memberikan keyakinan terbatas laporan kinerja telah disajikan secara akurat, "
            "andal, dan valid",
            "tidak terdapat kondisi atau hal-hal yang menimbulkan perbedaan dalam meyakini "
            "keandalan informasi",
            "Tilamuta, 31 Januari 2025",
            "Inspektur Kabupaten Uji,",
            "Drs. Inspektur Uji, M.Si.",
            "Pembina Utama Muda (IV/c)",
            "NIP. 19680412 199303 1 005",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("DRAFT", text)
        self.assertRegex(self._poppler("pdfinfo", pdf), r"Pages:\s+1\n")

    def test_lkjip_carries_the_statement(self):
        """The LKjIP's last attachment is the statement once the reviu is done (a note in its
        place before), in the PDF and in the Word file."""
        lkjip = "sop_lakip.report_lakip_lkjip"
        reviu = self._answer_all(self._compile())
        self.assertEqual(
            self.report._lkjip_attachments()[-1], ("reviu", "Pernyataan Telah Direviu")
        )
        before = normalize(self._poppler("pdftotext", self._render_pdf(lkjip, self.report), "-raw"))
        self.assertIn("Lampiran 3. Pernyataan Telah Direviu", before)
        self.assertIn("Laporan Kinerja Tahun 2024 belum selesai direviu.", before)
        reviu.date_review = "2025-01-31"
        reviu.action_issue()
        text = normalize(self._poppler("pdftotext", self._render_pdf(lkjip, self.report), "-raw"))
        statement = text[text.index("Lampiran 3. Pernyataan Telah Direviu") :]
        for expected in ("PERNYATAAN TELAH DIREVIU", "Tilamuta, 31 Januari 2025",
                         "Drs. Inspektur Uji, M.Si.", "NIP. 19680412 199303 1 005"):  # fmt: skip
            self.assertIn(expected, statement)
        self.assertNotIn("belum selesai direviu", text)
        word = docx.Document(
            io.BytesIO(self.env["report.sop_lakip.lkjip_docx"]._build(self.report))
        )
        paragraphs = "\n".join(p.text for p in word.paragraphs)
        self.assertIn("Lampiran 3. Pernyataan Telah Direviu", paragraphs)
        self.assertIn("NIP. 19680412 199303 1 005", paragraphs)
        self.assertIn("Tilamuta, 31 Januari 2025", paragraphs)
