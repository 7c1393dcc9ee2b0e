import io
from datetime import date, datetime
from urllib.parse import unquote

import openpyxl

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from ..report.sop_register_xlsx import sheet_name
from .common import REGISTER_XLSX, SopCommon

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestSopVerifyPage(HttpCase, SopCommon):
    """The public page behind the QR code of a printed SOP."""

    def _verify(self, token):
        return self.url_open(f"/sop/verify/{token}", allow_redirects=False)

    def test_approved_sop_is_effective_without_login(self):
        """An anonymous visitor sees an approved SOP's number, name and "Berlaku", no steps."""
        self._approve(self.sop)
        response = self._verify(self.sop.access_token)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.sop.number, page)
        self.assertIn("Penyusunan LAKIP", page)
        self.assertIn("Dinas Uji A", page)
        self.assertIn("Berlaku (effective)", page)
        self.assertIn(self.sop.date_approved.strftime("%d/%m/%Y"), page)
        self.assertNotIn("Menerima disposisi", page)
        self.assertNotIn("Dra. Kepala Uji", page)

    def test_superseded_sop_names_its_replacing_revision(self):
        """A superseded SOP's page says which revision replaced it."""
        self._approve(self.sop)
        action = self.sop.with_user(self.user_kasubag).action_revise()
        revision = self.env["sop.document"].browse(action["res_id"])
        self._approve(revision)
        self.assertEqual(self.sop.state, "superseded")
        page = self._verify(self.sop.access_token).text
        self.assertIn("Digantikan oleh revisi 1 (superseded)", page)
        self.assertNotIn("Berlaku", page)

    def test_draft_sop_is_not_valid(self):
        """A draft SOP's page says it is not valid."""
        page = self._verify(self.sop.access_token).text
        self.assertIn("Belum disahkan (draft \u2013 not valid)", page)
        self.assertNotIn("Berlaku", page)

    def test_unknown_token_is_not_found(self):
        """A well-formed but unknown token gives a plain 404."""
        response = self._verify("A" * 22)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Penyusunan LAKIP", response.text)

    def test_malformed_token_is_not_found(self):
        """A token that is too short, too long or not url-safe gives a plain 404."""
        token = self.sop.access_token
        for bad in (token[:8], token * 4, token[:-1] + "!"):
            response = self._verify(bad)
            self.assertEqual(response.status_code, 404, bad)
            self.assertNotIn("Penyusunan LAKIP", response.text)


@tagged("post_install", "-at_install")
class TestSopRegister(HttpCase, SopCommon):
    """The Daftar SOP: PDF report and XLSX export."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sop_second = cls._create_sop(
            number="460/DSPMD/SOP/11.a/2/2024",
            name="Pengumpulan Data Kinerja",
            date_effective=date(2024, 3, 15),
        )
        cls.sop_b = cls.env["sop.document"].create(
            {
                "name": "Persiapan Penyusunan LAKIP",
                "number": "800/DB/SOP/1/2024",
                "company_id": cls.company_b.id,
                "department_id": cls.dept_b.id,
            }
        )

    def _pdf_pages(self, documents):
        pdf = self._render_pdf("sop_lakip.action_report_sop_register", documents)
        text = self._poppler("pdftotext", pdf, "-layout")
        return [page for page in text.split("\f") if page.strip()]

    def _xlsx(self, documents):
        return self._download_xlsx(REGISTER_XLSX, documents)

    def test_pdf_lists_each_sop(self):
        """The register PDF holds the title, each SOP's number and name and its date."""
        self._approve(self.sop)
        documents = self.sop | self.sop_second
        text = "\n".join(self._pdf_pages(documents))
        self.assertIn("DAFTAR SOP", text)
        self.assertIn("Dinas Uji A", text)
        for document in documents:
            self.assertIn(document.number, text)
            self.assertIn(document.name, text)
        self.assertIn("15/03/2024", text)

    def test_pdf_has_one_section_per_agency(self):
        """Two agencies give two sections, each on its own page with its own SOPs."""
        pages = self._pdf_pages(self.sop | self.sop_second | self.sop_b)
        self.assertEqual(len(pages), 2)
        first, second = pages
        self.assertIn("DAFTAR SOP", first)
        self.assertIn("Dinas Uji A", first)
        self.assertIn(self.sop.number, first)
        self.assertNotIn(self.sop_b.number, first)
        self.assertIn("DAFTAR SOP", second)
        self.assertIn("Dinas Uji B", second)
        self.assertIn(self.sop_b.number, second)
        self.assertNotIn(self.sop.number, second)

    def test_xlsx_export_for_kasubag(self):
        """A Kasubag downloads a workbook with the register's rows and real dates."""
        self._approve(self.sop)
        self.authenticate(self.user_kasubag.login, self.user_kasubag.login)
        response = self._xlsx(self.sop_second | self.sop)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], XLSX_MIMETYPE)
        self.assertIn("SOP Register (Excel).xlsx", unquote(response.headers["Content-Disposition"]))
        self.assertTrue(response.headers["Content-Disposition"].startswith("attachment"))
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(workbook.sheetnames, ["Dinas Uji A"])
        sheet = workbook["Dinas Uji A"]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(
            rows[0],
            ("No", "Nomor SOP", "Nama SOP", "Unit Kerja", "Tanggal Efektif", "Revisi", "Status"),
        )
        self.assertEqual(
            rows[1][:4],
            (1, self.sop.number, self.sop.name, "Sekretariat / Sub Bagian Penyusunan Program"),
        )
        self.assertEqual(
            rows[1][4:],
            (datetime.combine(self.sop.date_effective, datetime.min.time()), 0, "Approved"),
        )
        self.assertEqual(rows[2][:3], (2, self.sop_second.number, "Pengumpulan Data Kinerja"))
        self.assertEqual(rows[2][4:], (datetime(2024, 3, 15), 0, "Draft"))
        self.assertEqual(len(rows), 3)
        self.assertEqual(sheet["E2"].number_format, "dd/mm/yyyy")
        self.assertEqual(sheet.freeze_panes, "A2")

    def test_xlsx_export_has_one_sheet_per_agency(self):
        """A user of two agencies gets one sheet per agency, named after it."""
        user = new_test_user(
            self.env,
            login="sop_kasubag_ab",
            groups="base.group_user,sop_lakip.group_sop_kasubag",
            company_id=self.company.id,
            company_ids=[Command.set((self.company | self.company_b).ids)],
        )
        self.authenticate(user.login, user.login)
        response = self._xlsx(self.sop | self.sop_b)
        self.assertEqual(response.status_code, 200)
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(workbook.sheetnames, ["Dinas Uji A", "Dinas Uji B"])
        self.assertEqual(workbook["Dinas Uji B"]["C2"].value, "Persiapan Penyusunan LAKIP")
        self.assertIsNone(workbook["Dinas Uji B"]["C3"].value)

    def test_xlsx_export_refused_to_other_agency(self):
        """A user of another agency asking for these SOPs gets an access error, not the data."""
        self.authenticate(self.user_kasubag_b.login, self.user_kasubag_b.login)
        response = self.url_open(self._xlsx_url(REGISTER_XLSX, self.sop | self.sop_second))
        self.assertEqual(response.status_code, 403)
        self.assertNotEqual(response.headers["Content-Type"], XLSX_MIMETYPE)
        self.assertNotIn(b"Penyusunan LAKIP", response.content)
        self.assertNotIn(b"Pengumpulan Data Kinerja", response.content)
        # Through the web client's download: an error message, no file.
        response = self._xlsx(self.sop | self.sop_second)
        self.assertIn(b"You cannot download this file", response.content)
        self.assertNotIn(b"Pengumpulan Data Kinerja", response.content)

    def test_xlsx_export_for_staff_and_auditor(self):
        """Staff and auditors, who read the SOPs, get the register too."""
        for user in (self.user_staff, self.user_auditor):
            self.authenticate(user.login, user.login)
            response = self._xlsx(self.sop)
            self.assertEqual(response.headers["Content-Type"], XLSX_MIMETYPE)
            workbook = openpyxl.load_workbook(io.BytesIO(response.content))
            self.assertEqual(workbook["Dinas Uji A"]["C2"].value, self.sop.name)

    def test_xlsx_export_needs_login(self):
        """Without a session the export redirects to the login page."""
        response = self.url_open(self._xlsx_url(REGISTER_XLSX, self.sop), allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_register_xlsx_is_in_the_list_print_menu(self):
        """The list view's Print menu offers the register of the selection as Excel."""
        report = self.env.ref(REGISTER_XLSX)
        self.assertEqual(
            (report.binding_model_id.model, report.binding_type, report.binding_view_types),
            ("sop.document", "report", "list"),
        )
        documents = (self.sop | self.sop_second).with_user(self.user_staff)
        action = report.with_user(self.user_staff).report_action(documents)
        self.assertEqual(action["report_type"], "xlsx")
        self.assertEqual(action["context"]["active_ids"], documents.ids)

    def test_sheet_names_are_valid(self):
        """Sheet names drop []:*?/\\, keep to 31 characters (cut at a word) and are unique."""
        used = set()
        long_name = "Dinas Pendidikan dan Kebudayaan: Kab. [Balangan]/Kalsel"
        first = sheet_name(long_name, used)
        second = sheet_name(long_name, used)
        for name in (first, second):
            self.assertLessEqual(len(name), 31)
            self.assertFalse(set(name) & set("[]:*?/\\"))
        self.assertNotEqual(first, second)
        self.assertEqual(sheet_name("", used), "Sheet")
        self.assertEqual(
            sheet_name("Dinas Sosial dan Pemberdayaan Masyarakat dan Desa Kabupaten Boalemo", used),
            "Dinas Sosial dan Pemberdayaan",
        )
