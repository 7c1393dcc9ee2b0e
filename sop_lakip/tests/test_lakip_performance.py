from odoo.tests import tagged

from .common import LakipCommon
from .test_lakip_worksheet import fill

# Allowed cost of our operations, as a multiple of Odoo's comparable operation, plus a
# constant. Measured: import 28 / 32 queries for 10 / 200 rows against Odoo's 28 / 31;
# export 8 / 8 against Odoo's 4 / 4 (ours also counts the rows for the sheet's
# protection and reads the quarterly values and objectives in their own queries).
IMPORT_RATIO = 1.5
EXPORT_RATIO = 2.0
EXPORT_EXTRA = 4


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
        """Our import of a filled ``count``-row worksheet, and Odoo's own comparable work:
        the file posted on the worksheet's chatter, the earlier values deleted and the
        new ones created in one batch, as the same user."""
        sheet = self._sheet(self.sheets[count]).with_user(self.user_kasubag)
        names = sheet.target_ids.indicator_id.mapped("name")
        data = fill(
            sheet._export_xlsx(),
            {name: [1, 2, None, 4] for name in names},
            analysis=dict.fromkeys(names[::2], "Tercapai"),
        )

        def odoo_import(_prepared):
            sheet.message_post(body="kk.xlsx", attachments=[("kk.xlsx", data)])
            targets = sheet.target_ids
            targets.realization_ids.unlink()
            self.env["lakip.realization"].with_user(self.user_kasubag).create(
                [
                    {"target_id": target.id, "quarter": quarter, "value": value}
                    for target in targets
                    for quarter, value in (("1", 1), ("2", 2), ("4", 4))
                ]
            )
            targets[::2].write({"analysis": "Tercapai"})
            # the filled worksheet goes to its verifier's inbox
            sheet.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_kasubag.id)

        odoo = self._odoo_queries(odoo_import)
        ours = self._queries(lambda: sheet._import_xlsx(data, "kk.xlsx"))
        self.assertEqual(len(sheet.target_ids.realization_ids), 3 * count)
        return ours, odoo

    def test_import_budget(self):
        """Importing a worksheet of 10 or 200 rows costs at most Odoo's own posting of the
        file and batch creation of its values, with stated headroom: it does not grow
        per row."""
        self._import(10)  # warm the caches
        for count in (10, 200):
            ours, odoo = self._import(count)
            self.assertQueryRatio(f"Importing {count} rows", ours, odoo, IMPORT_RATIO)

    def _export(self, count):
        """Our export of a ``count``-row worksheet, and Odoo's own export of the same
        rows (what the list view's Export runs: indicator, unit, target, quarterly values,
        analysis; without its group check, which is not a query)."""
        sheet = self._sheet(self.sheets[count]).with_user(self.user_kasubag)
        Target = self.env["lakip.target"].with_user(self.user_kasubag)
        odoo = self._odoo_queries(
            lambda _prepared: Target.search([("worksheet_id", "=", sheet.id)])._export_rows(
                [
                    ["objective_id", "name"],
                    ["indicator_id", "name"],
                    ["uom"],
                    ["target_display"],
                    ["realization_ids", "quarter"],
                    ["realization_ids", "value"],
                    ["analysis"],
                ]
            )
        )
        return self._queries(sheet._export_xlsx), odoo

    def test_export_budget(self):
        """Exporting a worksheet of 10 or 200 rows costs at most Odoo's own export of the
        same rows, with stated headroom."""
        self._export(10)  # warm the caches
        for count in (10, 200):
            ours, odoo = self._export(count)
            self.assertQueryRatio(f"Exporting {count} rows", ours, odoo, EXPORT_RATIO, EXPORT_EXTRA)
