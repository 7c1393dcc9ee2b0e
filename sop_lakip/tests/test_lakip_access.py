from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import CAPAIAN_XLSX, WORKSHEET_XLSX, LakipCommon


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
        response = self._download_xlsx(WORKSHEET_XLSX, sheet)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Kertas_Kerja_2024_Bidang_Sosial.xlsx", response.headers["Content-Disposition"]
        )
        self.assertEqual(response.content[:2], b"PK")
        response = self._download_xlsx(CAPAIAN_XLSX, self.report)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tabel_Capaian_Kinerja_2024.xlsx", response.headers["Content-Disposition"])
        self.assertEqual(response.content[:2], b"PK")
        self.authenticate("sop_kasubag_b", "sop_kasubag_b")
        response = self._download_xlsx(WORKSHEET_XLSX, sheet)
        self.assertNotEqual(response.content[:2], b"PK")
        self.assertIn(b"You cannot download this file", response.content)
        self.assertNotIn(b"Bidang Sosial", response.content)

    def test_buttons_open_the_xlsx_reports(self):
        """Download Excel and Tabel Capaian answer with their XLSX report of the record."""
        sheet = self._sheet(self.dept_unit_1).with_user(self.user_unit_1)
        action = sheet.action_download()
        self.assertEqual(
            (action["report_type"], action["report_name"], action["context"]["active_ids"]),
            ("xlsx", "sop_lakip.lakip_worksheet_xlsx", sheet.ids),
        )
        action = self.report.with_user(self.user_kasubag).action_export_capaian()
        self.assertEqual(
            (action["report_type"], action["report_name"], action["context"]["active_ids"]),
            ("xlsx", "sop_lakip.lakip_capaian_xlsx", self.report.ids),
        )


@tagged("post_install", "-at_install")
class TestLakipIntegrity(LakipCommon):
    """No path around the buttons: states, locks and units hold against direct writes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report.with_user(cls.user_kasubag).action_send_worksheets()

    def _verify(self, department, kabid):
        sheet = self._sheet(department)
        sheet.with_user(kabid).action_mark_filled()
        sheet.with_user(kabid).action_verify()
        return sheet

    def test_no_state_through_the_context(self):
        """A context key does not let staff verify their own worksheet."""
        sheet = self._sheet(self.dept_unit_1).with_user(self.user_unit_1)
        for key in ("lakip_transition", "lakip_worksheet"):
            with self.assertRaisesRegex(UserError, "changes with its buttons"):
                sheet.with_context(**{key: True}).write({"state": "verified"})
        self.assertEqual(sheet.state, "sent")
        with self.assertRaisesRegex(UserError, "A LAKIP's state changes with its buttons"):
            self.report.with_user(self.user_kasubag).state = "sent"
        self.assertEqual(self.report.state, "collecting")

    def test_realisation_stays_with_its_indicator(self):
        """A unit cannot move its own value onto another unit's indicator."""
        self._target(self.ind_rehab).with_user(self.user_unit_1).realization_ids = [
            Command.create({"quarter": "1", "value": 5})
        ]
        own = self._target(self.ind_rehab).realization_ids
        with self.assertRaisesRegex(UserError, "stays with its indicator"):
            own.with_user(self.user_unit_1).write({"target_id": self._target(self.ind_village).id})
        self.assertFalse(self._target(self.ind_village).realization_ids)

    def test_staff_save_from_the_worksheet_form(self):
        """The worksheet form saves its rows for the unit's staff, and only for its own."""
        rehab, village = self._target(self.ind_rehab), self._target(self.ind_village)
        self._sheet(self.dept_unit_1).with_user(self.user_unit_1).write(
            {"target_ids": [Command.update(rehab.id, {
                "analysis": "Sesuai rencana",
                "realization_ids": [Command.create({"quarter": "2", "value": 40})],
            })]}
        )  # fmt: skip
        self.assertEqual((rehab.realisation, rehab.analysis), (40, "Sesuai rencana"))
        with self.assertRaises(AccessError):
            self._sheet(self.dept_unit_2).with_user(self.user_unit_1).write(
                {"target_ids": [Command.update(village.id, {"analysis": "x"})]}
            )

    def test_verified_figures_locked_every_way(self):
        """Detaching, moving or deleting a verified target, or its worksheet, is refused."""
        self._verify(self.dept_unit_1, self.user_kabid_1)
        rehab = self._target(self.ind_rehab).with_user(self.user_kasubag)
        for vals in ({"worksheet_id": False}, {"year": 2025}, {"target": 1}):
            with self.assertRaisesRegex(UserError, "must reopen it"):
                rehab.write(vals)
        with self.assertRaisesRegex(UserError, "must reopen it"):
            rehab.unlink()
        with self.assertRaisesRegex(UserError, "must reopen it"):
            self._target(self.ind_village).with_user(self.user_kasubag).worksheet_id = self._sheet(
                self.dept_unit_1
            )
        with self.assertRaisesRegex(UserError, "is on the verified worksheet"):
            self.ind_rehab.with_user(self.user_kasubag).polarity = "lower"
        with self.assertRaisesRegex(UserError, "Only a draft worksheet can be deleted"):
            self._sheet(self.dept_unit_2).with_user(self.user_kasubag).unlink()

    def test_new_indicator_after_verification(self):
        """An indicator added to a verified unit is refused at sending, and blocks compiling."""
        self._verify(self.dept_unit_1, self.user_kabid_1)
        self._verify(self.dept_unit_2, self.user_kabid_2)
        late = self.env["lakip.indicator"].create(
            {"name": "Indikator baru", "uom": "%", "department_id": self.dept_unit_1.id,
             "company_id": self.company.id}
        )  # fmt: skip
        self.env["lakip.target"].create({"indicator_id": late.id, "year": 2024, "target": 5})
        with self.assertRaisesRegex(UserError, "already verified: reopen it to add Indikator baru"):
            self.report.with_user(self.user_kasubag).action_send_worksheets()
        with self.assertRaisesRegex(UserError, "on no worksheet.*\n- Indikator baru"):
            self.report.with_user(self.user_kasubag).action_compile()

    def test_report_keeps_its_cap(self):
        """Changing the agency's cap later does not change a report's figures."""
        self.report.capaian_cap = 120
        rehab = self._target(self.ind_rehab)
        rehab.realization_ids = [Command.create({"quarter": "1", "value": 150})]
        self.assertEqual(rehab.capaian, 120.0)
        self.company.lakip_capaian_cap = 0
        self.assertEqual(rehab.capaian, 120.0, "the report's cap, not the agency's")
        free = self.env["lakip.target"].create(
            {"indicator_id": self.ind_rehab.id, "year": 2025, "target": 10,
             "realization_ids": [Command.create({"quarter": "1", "value": 20})]}
        )  # fmt: skip
        self.assertEqual(free.capaian, 200.0, "no worksheet yet: the agency's cap (none)")

    def test_pivot_average_leaves_out_missing(self):
        """The grouped average of capaian counts only indicators that have one."""
        self._target(self.ind_rehab).realization_ids = [
            Command.create({"quarter": "1", "value": 80})
        ]
        self._target(self.ind_village).realization_ids = [
            Command.create({"quarter": "4", "value": 15})
        ]
        [(average,)] = self.env["lakip.target"]._read_group(
            [("year", "=", 2024)], aggregates=["capaian:avg"]
        )
        self.assertEqual(average, 75.0, "(100 + 50) / 2, the two rows without data left out")

    def test_auditor_cannot_import(self):
        """An auditor importing a valid worksheet file is refused before anything is read."""
        sheet = self._sheet(self.dept_unit_1)
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_auditor)._import_xlsx(sheet._export_xlsx(), "kk.xlsx")
