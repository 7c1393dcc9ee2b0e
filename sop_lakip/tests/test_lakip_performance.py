from odoo.tests import tagged, warmup

from .common import LakipCommon
from .test_lakip_worksheet import fill


@tagged("post_install", "-at_install")
class TestLakipPerformance(LakipCommon):
    """Worksheets export and import in batches: queries do not grow with their rows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sheets = {}
        for count in (10, 200):
            unit = cls.env["hr.department"].create(
                {"name": f"Bidang {count}", "company_id": cls.company.id}
            )
            indicators = cls.env["lakip.indicator"].create(
                [
                    {"name": f"Indikator {i}", "company_id": cls.company.id,
                     "department_id": unit.id, "uom": "%"}
                    for i in range(count)
                ]
            )  # fmt: skip
            cls.env["lakip.target"].create(
                [{"indicator_id": i.id, "year": 2024, "target": 50} for i in indicators]
            )
            cls.sheets[count] = unit
        cls.report.with_user(cls.user_kasubag).action_send_worksheets()

    def _import(self, count):
        sheet = self._sheet(self.sheets[count]).with_user(self.user_kasubag)
        names = sheet.target_ids.indicator_id.mapped("name")
        data = fill(
            sheet._export_xlsx(),
            {name: [1, 2, None, 4] for name in names},
            analysis=dict.fromkeys(names[::2], "Tercapai"),
        )
        queries = self._queries(lambda: sheet._import_xlsx(data, "kk.xlsx"))
        self.assertEqual(len(sheet.target_ids.realization_ids), 3 * count)
        return queries

    def _handoff(self, count):
        """The queries of scheduling the filled worksheet's verification, as an import does."""
        sheet = self._sheet(self.sheets[count])
        sheet.activity_ids.with_context(sop_activity_update=True).unlink()
        return self._queries(sheet._activity_update)

    @warmup
    def test_import_batches(self):
        """Importing 200 rows costs the queries of 10 rows plus Odoo's 100-row INSERT batches."""
        small, large = self._import(10), self._import(200)
        if self.warm:
            # Its own 24 queries, plus handing the filled worksheet to its verifier.
            self.assertLessEqual(small, 24 + self._handoff(10))
        # 600 new values: 6 INSERT batches (and 6 UPDATEs of their related fields) instead of 1.
        self.assertLessEqual(large, small + 10, f"10 rows: {small} queries, 200 rows: {large}")

    def test_export_batches(self):
        """Exporting 200 rows costs the queries of 10 rows."""
        small = self._queries(self._sheet(self.sheets[10])._export_xlsx)
        large = self._queries(self._sheet(self.sheets[200])._export_xlsx)
        self.assertLessEqual(small, 12)
        self.assertEqual(large, small)
