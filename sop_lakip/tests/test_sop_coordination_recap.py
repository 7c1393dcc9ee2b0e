import io
import re

from openpyxl import load_workbook

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, tagged

from ..report.sop_coordination_report import recap_text
from ..tools import NO_DATA
from .common import DemoPemdaMixin, SopCommon, new_coordinator, new_pemda
from .report_common import normalize

RECAP = "sop_lakip.report_sop_coordination"
RECAP_XLSX = "sop_lakip.action_report_sop_coordination_xlsx"
MONITORING_ID = {"confirmed": "Dikonfirmasi", "draft": "Belum dikonfirmasi", "missing": "Belum ada"}


@tagged("post_install", "-at_install")
class TestSopCoordinationRecap(HttpCase, SopCommon):
    """The printed recap for the Bupati (Rekapitulasi Penerapan SOP) and its Excel file: the
    dashboard's rows of the coordinator's pemda, on the pemda's letterhead and paper."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.pemda = Company.create(
            {
                "name": "Pemerintah Kabupaten Uji",
                "sop_government_name": "Pemerintah Kabupaten Uji",
                "city": "Tilamuta",
            }
        )
        (cls.company | cls.company_b).write({"parent_id": cls.pemda.id})
        # enough agencies for the table to go on over a second page
        cls.agencies = Company.create(
            [{"name": f"Dinas Uji {n:02d}", "parent_id": cls.pemda.id} for n in range(1, 23)]
        )
        cls.coordinator = new_coordinator(cls.env, "koordinator.uji", cls.pemda)
        cls.coordinator.partner_id.email = False
        organisasi = cls.env["hr.department"].create(
            {"name": "Bagian Organisasi", "company_id": cls.pemda.id}
        )
        Employee = cls.env["hr.employee"]
        organisasi.manager_id = Employee.create(
            {
                "name": "Drs. Kabag Organisasi",
                "company_id": cls.pemda.id,
                "department_id": organisasi.id,
                "job_title": "Kepala Bagian Organisasi",
                "asn_type": "pns",
                "nip": "19660930 199702 2 002",
                "pns_grade": "IV/a",
            }
        )
        Employee.create(
            {
                "name": "Analis Organisasi",
                "user_id": cls.coordinator.id,
                "company_id": cls.pemda.id,
                "department_id": organisasi.id,
            }
        )

    def _rows(self, user):
        return self.env["sop.coordination"].with_user(user).search([])

    def _pdf(self, rows):
        self.assertTrue(self.http_port(), "the HTTP server must run to load the report assets")
        return self._render_pdf(RECAP, rows, env=rows.env)

    def _expected(self, row):
        """A row's figures as printed, read from the dashboard's fields."""
        waiting = row.waiting_paraf + row.waiting_approval
        return [
            str(row.sop_count),
            str(row.waiting_paraf),
            str(row.waiting_approval),
            str(row.waiting_days) if waiting else NO_DATA,
            str(row.review_overdue),
            str(row.run_count),
            recap_text(row.within_share, 1, " %") if row.step_done else NO_DATA,
            MONITORING_ID[row.monitoring_state],
            str(row.evaluation_count),
        ]

    def test_numbers_print_in_indonesian(self):
        self.assertEqual(recap_text(1234, 0), "1.234")
        self.assertEqual(recap_text(87.5, 1, " %"), "87,5 %")
        self.assertEqual(recap_text(None, 1, " %"), NO_DATA)

    def test_printed_recap_equals_the_dashboard(self):
        """One row per agency of the pemda with the dashboard's figures, the total, the
        pemda's letterhead and the Kepala Bagian Organisasi's signature; the table goes on
        over a second page under its header repeated."""
        self._approve(self.sop)
        rows = self._rows(self.coordinator)
        self.assertEqual(rows.company_id, self.company | self.company_b | self.agencies)
        pdf = self._pdf(rows)
        text = normalize(self._poppler("pdftotext", pdf, "-raw"))
        self.assertEqual(text.count("PEMERINTAH KABUPATEN UJI"), 2, "letterhead, title")
        for expected in (
            "REKAPITULASI PENERAPAN SOP",
            "PERANGKAT DAERAH PEMERINTAH KABUPATEN UJI",
            "KEPALA BAGIAN ORGANISASI",
            "Drs. Kabag Organisasi",
            "NIP. 19660930 199702 2 002",
        ):
            self.assertIn(expected, text)
        self.assertIn("Tilamuta, ", text)
        ordered = rows.sorted(lambda r: r.company_id.name)
        for number, row in enumerate(ordered, start=1):
            line = " ".join([f"{number}.", row.company_id.name, *self._expected(row)])
            self.assertIn(line, text)
        self.assertIn("Dinas Uji A 1 0 0", text, "its SOP in force")
        confirmed = sum(r.monitoring_state == "confirmed" for r in rows)
        total = f"Jumlah {sum(rows.mapped('sop_count'))} "
        self.assertIn(total, text)
        self.assertIn(f"{confirmed} / {len(rows)}", text)
        pages = int(re.search(r"Pages:\s+(\d+)", self._poppler("pdfinfo", pdf)).group(1))
        self.assertGreaterEqual(pages, 2)
        for page in range(1, pages + 1):
            on_page = self._poppler("pdftotext", pdf, "-f", str(page), "-l", str(page), "-raw")
            if "Dinas Uji" in on_page:
                self.assertIn("Perangkat Daerah", on_page, f"the header on page {page}")
        # landscape, on the pemda's paper (F4 by default, A4 when it says so)
        self.assertRegex(self._poppler("pdfinfo", pdf), r"Page size:\s+93[0-9](\.\d+)? x 6[01]")
        self.pemda.sop_paper = "a4"
        self.assertRegex(
            self._poppler("pdfinfo", self._pdf(rows[:1])), r"Page size:\s+84[12](\.\d+)? x 59"
        )

    def test_excel_equals_the_dashboard(self):
        rows = self._rows(self.coordinator)
        xlsx = self._render_xlsx(RECAP_XLSX, rows)
        sheet = load_workbook(io.BytesIO(xlsx)).active
        self.assertEqual(sheet.title, "Pemerintah Kabupaten Uji")
        lines = list(sheet.iter_rows(values_only=True))
        self.assertEqual(lines[0][:2], ("No", "Perangkat Daerah"))
        ordered = rows.sorted(lambda r: r.company_id.name)
        self.assertEqual([line[1] for line in lines[1:-1]], ordered.company_id.mapped("name"))
        for line, row in zip(lines[1:-1], ordered, strict=True):
            waiting = row.waiting_paraf + row.waiting_approval
            self.assertEqual(
                list(line[2:]),
                [
                    row.sop_count,
                    row.waiting_paraf,
                    row.waiting_approval,
                    row.waiting_days if waiting else NO_DATA,
                    row.review_overdue,
                    row.run_count,
                    row.within_share if row.step_done else NO_DATA,
                    MONITORING_ID[row.monitoring_state],
                    row.evaluation_count,
                ],
            )
        self.assertEqual(lines[-1][1:3], ("Jumlah", sum(rows.mapped("sop_count"))))

    def test_pemda_name_excel_refuses_names_a_valid_sheet(self):
        """A pemda named with characters Excel refuses in a sheet name ([]:*?/\\) still gets
        its file: the sheet is named without them."""
        self.pemda.name = "Pemerintah Kota/Kabupaten Uji [Lama]"
        xlsx = self._render_xlsx(RECAP_XLSX, self._rows(self.coordinator))
        sheet = load_workbook(io.BytesIO(xlsx)).active
        self.assertEqual(sheet.title, "Pemerintah Kota Kabupaten Uji")

    def test_buttons_without_email(self):
        """The coordinator, without an e-mail address, prints every agency he follows."""
        self.assertFalse(self.coordinator.email)
        Dashboard = self.env["sop.coordination"].with_user(self.coordinator)
        for method, report in (
            ("action_print_recap", RECAP),
            ("action_download_recap_xlsx", "sop_lakip.sop_coordination_xlsx"),
        ):
            action = getattr(Dashboard.browse(), method)()
            self.assertEqual(action["report_name"], report)
            self.assertEqual(
                sorted(action["context"]["active_ids"]), sorted(self._rows(self.coordinator).ids)
            )


@tagged("post_install", "-at_install")
class TestSopCoordinationRecapDemo(DemoPemdaMixin, HttpCase, SopCommon):
    """Boalemo's coordinator prints Boalemo's agencies only; nobody prints a row he may not
    read, by the web client or by RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_demo_pemdas()

    def test_boalemo_coordinator_prints_boalemo_only(self):
        rows = self.env["sop.coordination"].with_user(self.coordinator).search([])
        self.assertEqual(rows.company_id, self.agency | self.bappeda)
        text = normalize(
            self._poppler("pdftotext", self._render_pdf(RECAP, rows, rows.env), "-raw")
        )
        self.assertIn(self.agency.name, text)
        self.assertIn(self.bappeda.name.upper()[:20], text.upper())
        self.assertIn("PEMERINTAH KABUPATEN BOALEMO", text)
        # signed by the coordinator's Kepala Bagian Organisasi: himself, in the demo
        self.assertIn("KEPALA BAGIAN ORGANISASI HASAN DJAFAR, S.AP", text)
        self.assertIn("NIP. 19750312 200003 1 004", text)
        self.assertNotIn(self.agency_b.name, text)
        sheet = load_workbook(io.BytesIO(self._render_xlsx(RECAP_XLSX, rows))).worksheets
        self.assertEqual([s.title for s in sheet], ["Pemerintah Kabupaten Boalemo"])
        names = [line[1] for line in sheet[0].iter_rows(min_row=2, values_only=True)]
        self.assertEqual(sorted(names[:-1]), sorted([self.agency.name, self.bappeda.name]))
        self.assertEqual(names[-1], "Jumlah")

    def test_rows_of_another_pemda_are_refused(self):
        """The attacker's RPC: the ids of another pemda's agencies, in the PDF and the file."""
        Report = self.env["ir.actions.report"]
        for user, row in (
            (self.coordinator, self.agency_b),
            (self.kasubag_b, self.agency),
        ):
            with self.subTest(user=user.login):
                ids = [row.id]
                with self.assertRaises(AccessError):
                    Report.with_user(user).with_context(
                        force_report_rendering=True
                    )._render_qweb_pdf(RECAP, ids)
                with self.assertRaises(AccessError):
                    Report.with_user(user)._render_xlsx(RECAP_XLSX, ids, None)


@tagged("post_install", "-at_install")
class TestSopCoordinationRecapScale(TransactionCase):
    """The recaps' values cost the same queries for one agency as for three."""

    def _pemda(self, name, agencies):
        pemda, children = new_pemda(self.env, name, agencies)
        for child in children:
            self.env["sop.monitoring"].create(
                {"company_id": child.id, "date_from": "2024-07-01", "date_to": "2024-12-31"}
            )
        return new_coordinator(self.env, f"koordinator.recap.{agencies}", pemda)

    def _cost(self, user, model, report):
        rows = self.env[model].with_user(user).search([])
        values = self.env[report].with_user(user)
        self.env.flush_all()
        self.env.invalidate_all()
        values._get_report_values(rows.ids)  # warm-up: the report's own records
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        recaps = values._get_report_values(rows.ids)["recaps"]
        printed = sum(len(page) for recap in recaps for page in recap["pages"])
        self.assertEqual(printed, len(rows), "every row printed, once")
        return self.cr.sql_log_count - before, len(rows)

    def test_queries_do_not_grow_with_agencies(self):
        one = self._pemda("Pemerintah Kabupaten Satu", 1)
        three = self._pemda("Pemerintah Kabupaten Tiga", 3)
        for model, report in (
            ("sop.coordination", "report.sop_lakip.report_sop_coordination"),
            ("sop.coordination.period", "report.sop_lakip.report_sop_coordination_period"),
        ):
            with self.subTest(model=model):
                cost_one, rows_one = self._cost(one, model, report)
                cost_three, rows_three = self._cost(three, model, report)
                self.assertEqual(rows_three, 3 * rows_one)
                self.assertEqual(cost_one, cost_three)
