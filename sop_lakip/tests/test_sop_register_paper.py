import base64
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TourCase
from .report_common import SopReportCommon, normalize

# The smallest PDF guess_mimetype recognises: what a scanner would give, in spirit.
SCAN = base64.b64encode(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


class SopPaperCommon(SopReportCommon):
    """An SOP approved on paper in 2024 by a Kepala Dinas who has since left the agency."""

    def _paper_form(self, user=None, **values):
        """The Kasubag (or ``user``) types the signed SOP as printed, through its form."""
        form = Form(self.env["sop.document"].with_user(user or self.user_kasubag))
        form.name = "Pengarsipan Dokumen Kinerja"
        form.number = "800/16/D-5/03/2024"
        form.paper_signed = True
        form.date_created = date(2024, 2, 1)
        form.date_revision = date(2024, 2, 20)
        form.date_effective = date(2024, 3, 18)
        form.paper_date_approved = date(2024, 3, 12)
        form.paper_approver_job_title = "Kepala Dinas Uji A"
        form.paper_approver_name = "Drs. H. Pensiunan, M.Si"
        form.paper_approver_rank = "Pembina Utama Muda (IV/c)"
        form.paper_approver_nip = "19660930 199702 2 002"
        form.paper_scan = SCAN
        form.paper_scan_name = "sop_ditandatangani.pdf"
        self._fill_sop_form(
            form,
            ("Menerima dokumen kinerja", "Memeriksa kelengkapan dokumen", "Mengarsipkan dokumen"),
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _register(self, sop):
        sop.with_user(self.user_kasubag).action_submit_registration()
        sop.with_user(self.user_secretary).action_confirm_registration()
        return sop

    def _activities(self, sop, xmlid):
        return sop.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(f"sop_lakip.{xmlid}")
        )


@tagged("post_install", "-at_install")
class TestSopRegisterPaper(SopPaperCommon):
    def test_kasubag_prepares_and_secretary_confirms(self):
        """Typed as printed and confirmed, the SOP is in force with its printed dates."""
        sop = self._paper_form()
        self.assertEqual(sop.state, "draft")
        sop.with_user(self.user_kasubag).action_submit_registration()
        self.assertEqual(sop.state, "submitted")
        register = self._activities(sop, "mail_activity_type_sop_register")
        self.assertEqual(register.user_id, self.user_secretary)
        self.assertFalse(self._activities(sop, "mail_activity_type_sop_verify"))

        sop.with_user(self.user_secretary).action_confirm_registration()
        self.assertEqual(sop.state, "approved")
        self.assertEqual(sop.date_approved, date(2024, 3, 12))
        self.assertEqual(sop.date_effective, date(2024, 3, 18))
        self.assertEqual(sop.date_created, date(2024, 2, 1))
        self.assertEqual(sop.date_revision, date(2024, 2, 20))
        self.assertEqual(
            (sop.approver_name, sop.approver_job_title, sop.approver_rank, sop.approver_nip),
            (
                "Drs. H. Pensiunan, M.Si",
                "Kepala Dinas Uji A",
                "Pembina Utama Muda (IV/c)",
                "19660930 199702 2 002",
            ),
        )
        self.assertFalse(sop.approver_id)  # he is not an employee of the agency any more
        self.assertEqual(sop.registered_by_id, self.user_secretary)
        self.assertFalse(sop.verified_by_id)  # the paraf was on paper
        self.assertFalse(sop.activity_ids.filtered(lambda a: a.user_id == self.user_secretary))
        # effective since March 2024, a year's interval: its review is due, its author told
        self.assertEqual(sop.date_review, date(2025, 3, 18))
        review = self._activities(sop, "mail_activity_type_sop_review")
        self.assertEqual(review.user_id, self.user_kasubag)
        done = self.env["mail.message"].search(
            [("model", "=", "sop.document"), ("res_id", "=", sop.id)]
        )
        bodies = " ".join(done.mapped("body"))
        self.assertIn("Registered from the SOP signed on paper by sop_secretary", bodies)
        self.assertIn("12 Maret 2024 by Drs. H. Pensiunan, M.Si", bodies)
        self.assertIn("sop_ditandatangani.pdf", bodies)
        self.assertIn("Registered by sop_secretary", bodies)  # the activity's feedback

    def test_without_sekretaris_the_named_kepala_dinas_registers(self):
        """An agency without a Sekretaris hands the registration to the Kepala Dinas it
        names, as it hands him a paraf: not to every Kepala Dinas of the agency."""
        self.user_secretary.write(
            {"company_ids": [Command.set(self.company_b.ids)], "company_id": self.company_b.id}
        )
        self._new_user("sop_head_acting", "sop_lakip.group_sop_head")
        sop = self._paper_form()
        sop.with_user(self.user_kasubag).action_submit_registration()
        register = self._activities(sop, "mail_activity_type_sop_register")
        self.assertEqual(register.user_id, self.user_head)
        self.assertEqual(sop.company_id.sop_head_id.user_id, self.user_head)

    def test_printed_copy_reproduces_the_signed_document(self):
        """The print has the printed dates and signatory, and says it reproduces the paper."""
        sop = self._paper_form()
        draft = normalize(self._pdftotext(self._pdf(sop), "-raw"))
        self.assertNotIn("mereproduksi", draft)  # not before it is registered
        self._register(sop)
        text = normalize(self._pdftotext(self._pdf(sop), "-raw"))
        self.assertIn(
            "Salinan ini mereproduksi SOP yang telah ditandatangani di atas kertas; aslinya "
            "tersimpan sebagai pindaian.",
            text,
        )
        for printed in (
            "800/16/D-5/03/2024",
            "01 Februari 2024",
            "20 Februari 2024",
            "18 Maret 2024",
            "12 Maret 2024",
            "KEPALA DINAS UJI A",
            "Drs. H. Pensiunan, M.Si",
            "Pembina Utama Muda (IV/c)",
            "NIP. 19660930 199702 2 002",
        ):
            self.assertIn(printed, text)
        self.assertNotIn("DRAFT", text)

    def test_paper_without_dates_is_registered_as_printed(self):
        """A paper with no approval or effective date registers, and prints '-' for them."""
        sop = self._paper_form(date_effective=False, paper_date_approved=False)
        self._register(sop)
        self.assertEqual(sop.state, "approved")
        self.assertFalse(sop.date_approved)
        self.assertFalse(sop.date_effective)
        # reviewed a year after the latest date the paper prints, its revision date
        self.assertEqual(sop.date_review, date(2025, 2, 20))
        bodies = " ".join(sop.message_ids.mapped("body"))
        self.assertIn("on a date the paper does not print by Drs. H. Pensiunan", bodies)
        self.assertIn("the paper prints no effective date", bodies)
        text = normalize(self._pdftotext(self._pdf(sop), "-raw"))
        self.assertIn("TANGGAL EFEKTIF -", text)
        self.assertIn("TANGGAL PENGESAHAN -", text)
        register = normalize(
            self._pdftotext(self._render_pdf("sop_lakip.action_report_sop_register", sop))
        )
        self.assertIn(sop.number, register)
        self.assertTrue(self._render_xlsx("sop_lakip.action_report_sop_register_xlsx", sop))

    def test_signatory_in_odoo_fills_the_printed_block(self):
        """Choosing the signatory among the employees fills what prints, as he is now."""
        form = Form(self.env["sop.document"].with_user(self.user_kasubag))
        form.paper_signed = True
        form.paper_approver_id = self.emp_head
        self.assertEqual(form.paper_approver_name, "Dra. Kepala Uji")
        self.assertEqual(form.paper_approver_job_title, "Kepala Dinas")
        self.assertEqual(form.paper_approver_nip, "19660930 199702 2 002")

    def test_kepala_dinas_may_confirm_when_no_secretary(self):
        """The Kepala Dinas, above the Sekretaris, may confirm the registration too."""
        sop = self._paper_form()
        sop.with_user(self.user_kasubag).action_submit_registration()
        sop.with_user(self.user_head).action_confirm_registration()
        self.assertEqual(sop.state, "approved")
        self.assertEqual(sop.registered_by_id, self.user_head)

    def test_refused_roles(self):
        """Staff, auditors and the other agency do neither step; a Kasubag does not confirm."""
        sop = self._paper_form()
        for user in (self.user_staff, self.user_auditor):
            with self.assertRaises(AccessError):
                sop.with_user(user).action_submit_registration()
        with self.assertRaises(AccessError):
            sop.with_user(self.user_kasubag_b).action_submit_registration()
        self.assertEqual(sop.state, "draft")
        sop.with_user(self.user_kasubag).action_submit_registration()
        for user in (self.user_kasubag, self.user_staff, self.user_auditor, self.user_head_b):
            with self.assertRaises(AccessError):
                sop.with_user(user).action_confirm_registration()
        self.assertEqual(sop.state, "submitted")

    def test_no_paraf_or_second_approval_of_a_paper_sop(self):
        """A paper-signed SOP neither goes the paraf way nor is registered without the flag."""
        sop = self._paper_form()
        with self.assertRaisesRegex(UserError, "Submit for Registration"):
            sop.with_user(self.user_kasubag).action_submit()
        sop.with_user(self.user_kasubag).action_submit_registration()
        with self.assertRaisesRegex(UserError, "Confirm Registration"):
            sop.with_user(self.user_secretary).action_verify()
        with self.assertRaisesRegex(UserError, "not marked Signed on Paper"):
            self.sop.with_user(self.user_kasubag).action_submit_registration()

    def test_dates_checked_all_at_once(self):
        """Every wrong date, the missing signatory and the missing scan in one message."""
        tomorrow = fields.Date.context_today(self.env["sop.document"]) + timedelta(days=1)
        sop = self._paper_form(
            date_created=date(2024, 4, 1),
            date_effective=date(2024, 3, 1),
        )
        sop.write(
            {
                "paper_date_approved": tomorrow,
                "paper_approver_name": " ",
                "paper_scan": False,
                "paper_approver_nip": "1966093019970220",
            }
        )
        with self.assertRaises(ValidationError) as caught:
            sop.with_user(self.user_kasubag).action_submit_registration()
        message = str(caught.exception)
        for expected in (
            "Approval Date: ",
            "is in the future",
            "is before the approval date",
            "The name of the signatory (Disahkan Oleh) is missing.",
            "it must have exactly 18 digits (it has 16).",
            "Attach the scan of the signed SOP",
        ):
            self.assertIn(expected, message)
        sop.paper_date_approved = date(2024, 3, 12)
        with self.assertRaises(ValidationError) as caught:
            sop.with_user(self.user_kasubag).action_submit_registration()
        self.assertIn(
            "Date Drafted: 01 April 2024 is after the approval date", str(caught.exception)
        )
        self.assertEqual(sop.state, "draft")
        self.assertFalse(sop.date_submitted)

    def test_scan_must_be_a_pdf_or_an_image(self):
        """A text file is not a scan of the signed SOP."""
        sop = self._paper_form(paper_scan=base64.b64encode(b"just some words"))
        with self.assertRaisesRegex(ValidationError, "is not a PDF or an image"):
            sop.with_user(self.user_kasubag).action_submit_registration()

    def test_guard_refuses_the_approval_over_rpc(self):
        """Outside the buttons, nobody writes the approval date, signatory or registration."""
        sop = self._paper_form()
        for user in (self.user_kasubag, self.user_secretary, self.user_head):
            for vals in (
                {"date_approved": "2024-03-12"},
                {"approver_name": "Orang Lain"},
                {"approver_nip": "19660930 199702 2 002"},
                {"registered_by_id": user.id},
                {"state": "approved"},
            ):
                with self.assertRaises(UserError):
                    sop.with_user(user).write(vals)
            with self.assertRaises(UserError):
                self.env["sop.document"].with_user(user).create(
                    {"name": "Palsu", "company_id": self.company.id, "date_approved": "2024-03-12"}
                )
        self.assertFalse(sop.date_approved)

    def test_registered_sop_is_locked_with_its_scan(self):
        """Once registered, the printed data and the scan's attachment no longer change."""
        sop = self._register(self._paper_form())
        with self.assertRaises(UserError):
            sop.with_user(self.user_kasubag).write({"paper_date_approved": "2024-01-01"})
        with self.assertRaises(UserError):
            sop.with_user(self.user_head).write({"paper_scan": SCAN})
        scan = (
            self.env["ir.attachment"]
            .with_user(self.user_kasubag)
            .search(
                [
                    ("res_model", "=", "sop.document"),
                    ("res_id", "=", sop.id),
                    ("res_field", "=", "paper_scan"),
                ]
            )
        )
        self.assertEqual(len(scan), 1)
        with self.assertRaises(UserError):
            scan.write({"datas": base64.b64encode(b"%PDF-1.4 forged")})
        with self.assertRaises(UserError):
            scan.unlink()

    def test_rejected_back_to_the_kasubag(self):
        """The Sekretaris rejects a wrong entry: the Kasubag corrects it and submits again."""
        sop = self._paper_form()
        sop.with_user(self.user_kasubag).action_submit_registration()
        sop.with_user(self.user_secretary)._reject("Tanggal efektif tidak sesuai pindaian")
        self.assertEqual(sop.state, "draft")
        self.assertEqual(
            self._activities(sop, "mail_activity_type_sop_fix").user_id, self.user_kasubag
        )
        sop.with_user(self.user_kasubag).date_effective = date(2024, 3, 20)
        sop.with_user(self.user_kasubag).action_submit_registration()
        self.assertFalse(self._activities(sop, "mail_activity_type_sop_fix"))
        self.assertTrue(self._activities(sop, "mail_activity_type_sop_register"))

    def test_registered_sop_runs_and_is_revised(self):
        """It runs like any approved SOP; its revision, approved, supersedes it."""
        sop = self._register(self._paper_form())
        run = self._start(sop)
        self.assertEqual(run.state, "running")
        self.assertEqual(self._open(run).user_id, self.user_kasubag)
        sop.with_user(self.user_kasubag).action_revise()
        revision = sop.revision_ids.filtered(lambda r: r.state == "draft")
        self.assertEqual(revision.revision, 1)
        self.assertEqual(revision.number, sop.number)
        self.assertFalse(revision.paper_signed)  # the revision is approved in Odoo
        self.assertFalse(revision.paper_scan)
        self._approve(revision)
        self.assertEqual(sop.state, "superseded")
        self.assertEqual(sop.superseded_by_id, revision)
        self.assertEqual(revision.approver_id, self.emp_head)
        self.assertEqual(sop.approver_name, "Drs. H. Pensiunan, M.Si")  # the paper stays

    def test_signed_revision_supersedes_the_paper_one(self):
        """A revision also signed on paper is registered and supersedes its predecessor."""
        sop = self._register(self._paper_form())
        sop.with_user(self.user_kasubag).action_revise()
        revision = sop.revision_ids.filtered(lambda r: r.state == "draft")
        revision.with_user(self.user_kasubag).write(
            {
                "paper_signed": True,
                "paper_date_approved": date(2025, 1, 6),
                "paper_approver_job_title": "Kepala Dinas Uji A",
                "paper_approver_name": "Dra. Kepala Uji",
                "paper_scan": SCAN,
                "paper_scan_name": "revisi_1.pdf",
                "date_revision": date(2025, 1, 2),
                "date_effective": False,
            }
        )
        self._register(revision)
        self.assertEqual(revision.date_effective, date(2025, 1, 6))
        self.assertEqual(sop.state, "superseded")
        self.assertEqual(sop.superseded_by_id, revision)


@tagged("post_install", "-at_install")
class TestSopRegisterPaperHttp(TourCase, SopPaperCommon):
    def test_verify_page_shows_it_in_force(self):
        """The QR code of a registered SOP leads to a page saying it is in force."""
        sop = self._register(self._paper_form())
        page = self.url_open(f"/sop/verify/{sop.access_token}").text
        self.assertIn("Berlaku", page)
        self.assertIn("800/16/D-5/03/2024", page)
        self.assertIn("12/03/2024", page)
        self.assertIn("Signed on paper", page)

    def test_verify_page_of_a_paper_without_dates(self):
        """An SOP whose paper prints no approval date shows '-' for it, in force."""
        sop = self._register(self._paper_form(date_effective=False, paper_date_approved=False))
        page = self.url_open(f"/sop/verify/{sop.access_token}").text
        self.assertIn("Berlaku", page)
        self.assertRegex(page, r"Approval Date</dt>\s*<dd>-</dd>")

    def test_registration_in_the_browser(self):
        """The Kasubag submits a typed paper SOP, the Sekretaris confirms it, in the browser."""
        sop = self._paper_form()
        sop.name = "SOP Kertas Tur"
        self.start_tour("/odoo", "sop_lakip_paper_kasubag_tour", login=self.user_kasubag.login)
        self.assertEqual(sop.state, "submitted")
        self.assertEqual(sop.paper_approver_rank, "Pembina Utama Madya - IV/d")
        self.start_tour("/odoo", "sop_lakip_paper_secretary_tour", login=self.user_secretary.login)
        self.assertEqual(sop.state, "approved")
        self.assertEqual(sop.registered_by_id, self.user_secretary)
