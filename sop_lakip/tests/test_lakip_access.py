from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import LakipCommon


@tagged("post_install", "-at_install")
class TestLakipAccess(LakipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report.with_user(cls.user_kasubag).action_send_worksheets()

    def _add(self, user, indicator, value=10):
        self._target(indicator).with_user(user).realization_ids = [
            Command.create({"quarter": "1", "value": value})
        ]

    def test_staff_edit_own_unit_only(self):
        """Staff of a Bidang fill their own worksheet, not another Bidang's."""
        self._add(self.user_unit_1, self.ind_rehab)
        self._target(self.ind_rehab).with_user(self.user_unit_1).analysis = "Sesuai rencana"
        self._sheet(self.dept_unit_1).with_user(self.user_unit_1).action_mark_filled()
        with self.assertRaises(AccessError):
            self._add(self.user_unit_1, self.ind_village)
        with self.assertRaises(AccessError):
            self._sheet(self.dept_unit_2).with_user(self.user_unit_1).action_mark_filled()
        with self.assertRaises(AccessError):
            self._target(self.ind_village).with_user(self.user_unit_1).analysis = "x"
        self.assertEqual(self._target(self.ind_rehab).realisation, 10)
        # ... but they read every worksheet and target of their agency.
        self.assertEqual(
            self.env["lakip.target"]
            .with_user(self.user_unit_1)
            .search_count([("year", "=", 2024)]),
            4,
        )

    def test_staff_cannot_plan(self):
        """Staff change no target, indicator or report."""
        with self.assertRaisesRegex(AccessError, "Only a Kasubag"):
            self._target(self.ind_rehab).with_user(self.user_unit_1).target = 5
        with self.assertRaises(AccessError):
            self.env["lakip.indicator"].with_user(self.user_unit_1).create(
                {"name": "X", "uom": "%", "department_id": self.dept_unit_1.id}
            )
        with self.assertRaises(AccessError):
            self.report.with_user(self.user_unit_1).recipients = "Inspektur"
        with self.assertRaisesRegex(AccessError, "Only a Kasubag"):
            self.report.with_user(self.user_unit_1).action_compile()

    def test_kasubag_plans_and_fills_any_unit(self):
        """A Kasubag sets targets and indicators and may fill any Bidang's worksheet."""
        self._target(self.ind_rehab).with_user(self.user_kasubag).target = 85
        self._add(self.user_kasubag, self.ind_village)
        self.env["lakip.indicator"].with_user(self.user_kasubag).create(
            {"name": "Indeks", "uom": "Nilai", "department_id": self.dept_unit_1.id}
        )
        self.assertEqual(self._target(self.ind_rehab).target, 85)

    def test_auditor_reads_only(self):
        """Auditors read the LAKIP, its worksheets and figures, and change nothing."""
        auditor = self.user_auditor
        self.assertEqual(self.report.with_user(auditor).indicator_count, 4)
        self.assertEqual(len(self.report.with_user(auditor).worksheet_ids), 2)
        with self.assertRaises(AccessError):
            self._add(auditor, self.ind_rehab)
        with self.assertRaises(AccessError):
            self._target(self.ind_rehab).with_user(auditor).analysis = "x"
        with self.assertRaises(AccessError):
            self._sheet(self.dept_unit_1).with_user(auditor).action_mark_filled()
        with self.assertRaises(UserError):
            self._sheet(self.dept_unit_1).with_user(auditor)._import_xlsx(b"x", "x.xlsx")

    def test_companies_apart(self):
        """Another agency sees none of these figures and cannot change them."""
        other = self.user_kasubag_b
        for model in ("lakip.report", "lakip.worksheet", "lakip.target", "lakip.indicator",
                      "lakip.realization", "lakip.objective"):  # fmt: skip
            self.assertFalse(self.env[model].with_user(other).search([]), model)
        with self.assertRaises(AccessError):
            self.report.with_user(other).read(["year"])
        with self.assertRaises(AccessError):
            self._add(other, self.ind_rehab)


@tagged("post_install", "-at_install")
class TestLakipDownloads(HttpCase, LakipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report.with_user(cls.user_kasubag).action_send_worksheets()

    def test_worksheet_and_table_downloads(self):
        """Staff download their worksheet and the table; another agency gets nothing."""
        sheet = self._sheet(self.dept_unit_1)
        self.authenticate("lakip_unit_1", "lakip_unit_1")
        response = self.url_open(f"/lakip/worksheet/{sheet.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Kertas_Kerja_2024_Bidang_Sosial.xlsx", response.headers["Content-Disposition"]
        )
        self.assertEqual(response.content[:2], b"PK")
        response = self.url_open(f"/lakip/report/{self.report.id}/capaian.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:2], b"PK")
        self.authenticate("sop_kasubag_b", "sop_kasubag_b")
        response = self.url_open(f"/lakip/worksheet/{sheet.id}/xlsx")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotEqual(response.content[:2], b"PK")
