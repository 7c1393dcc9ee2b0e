import io

from openpyxl import load_workbook

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tools import mute_logger

from ..report.sop_coordination_report import PERIOD_COLUMNS, recap_text
from ..tools import NO_DATA
from .common import new_coordinator
from .report_common import normalize
from .test_sop_monitoring import SEM2, MonitoringCommon, wita

PERIOD_RECAP = "sop_lakip.report_sop_coordination_period"
PERIOD_XLSX = "sop_lakip.action_report_sop_coordination_period_xlsx"


@tagged("post_install", "-at_install")
class TestSopCoordinationPeriod(HttpCase, MonitoringCommon):
    """After each period the coordinator sees which agencies of his pemda have not confirmed
    their monitoring, and prints the period's recap: their Tabel 7 summaries side by side."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.pemda = Company.create(
            {"name": "Pemerintah Kabupaten Uji", "sop_government_name": "Pemerintah Kabupaten Uji"}
        )
        (cls.company | cls.company_b).write({"parent_id": cls.pemda.id})
        cls.company_c = Company.create({"name": "Dinas Uji C", "parent_id": cls.pemda.id})
        cls.coordinator = new_coordinator(cls.env, "koordinator.uji", cls.pemda)
        cls.coordinator.partner_id.email = False

    def _confirmed(self):
        """Agency A's semester II 2024, judged and confirmed by its Sekretaris; agency B's
        prepared, not confirmed; agency C has none."""
        self._runs()
        monitoring = self._monitoring()
        for line in monitoring.line_ids.with_user(self.user_secretary):
            line.write({"judgement": line.judgement_suggested or "good", "note": "Dinilai"})
        with freeze_time(wita(2025, 1, 2, 10)):
            monitoring.with_user(self.user_secretary).action_confirm()
        self.env["sop.monitoring"].create(
            {"company_id": self.company_b.id, "date_from": SEM2[0], "date_to": SEM2[1]}
        )
        return monitoring

    def _period_rows(self, user):
        with freeze_time(wita(2025, 1, 10, 9)):
            return (
                self.env["sop.coordination.period"]
                .with_user(user)
                .search([("date_from", "=", SEM2[0])])
            )

    def test_coordinator_sees_who_has_not_confirmed(self):
        monitoring = self._confirmed()
        rows = self._period_rows(self.coordinator)
        self.assertEqual(
            {row.company_id: row.state for row in rows},
            {self.company: "confirmed", self.company_b: "draft", self.company_c: "missing"},
        )
        self.assertEqual(set(rows.mapped("period_label")), {"Semester II 2024"})
        with freeze_time(wita(2025, 1, 10, 9)):
            lagging = (
                self.env["sop.coordination.period"]
                .with_user(self.coordinator)
                .search([("date_from", "=", SEM2[0]), ("state", "!=", "confirmed")])
            )
        self.assertEqual(lagging.company_id, self.company_b | self.company_c)
        # the summary is the confirmed form's Tabel 7
        row = rows.filtered(lambda r: r.company_id == self.company)
        lines = monitoring.line_ids
        self.assertEqual(row.monitoring_id, monitoring)
        self.assertEqual(row.sop_count, len(lines))
        self.assertEqual(row.good_count, len(lines.filtered(lambda x: x.judgement == "good")))
        self.assertEqual(row.poor_count, len(lines.filtered(lambda x: x.judgement == "poor")))
        for name in ("run_started", "run_done", "step_done", "step_within"):
            self.assertEqual(row[name], sum(lines.mapped(name)), name)
        self.assertTrue(row.run_started, "the runs of semester II")
        self.assertFalse(rows.filtered(lambda r: r.company_id == self.company_b).sop_count)
        # his buttons, without an e-mail address: the form behind a row, the recap
        self.assertFalse(self.coordinator.email)
        self.assertEqual(row.action_open_monitoring()["res_id"], monitoring.id)
        self.env["sop.monitoring"].with_user(self.coordinator).browse(monitoring.id).read(["name"])
        action = rows.action_print_recap()
        self.assertEqual(action["report_name"], PERIOD_RECAP)
        self.assertEqual(sorted(action["context"]["active_ids"]), sorted(rows.ids))

    def test_agency_user_sees_his_own_periods(self):
        self._confirmed()
        rows = self._period_rows(self.user_kasubag_b)
        self.assertEqual(rows.company_id, self.company_b)

    def test_period_recap_puts_the_summaries_side_by_side(self):
        monitoring = self._confirmed()
        rows = self._period_rows(self.coordinator)
        self.assertTrue(self.http_port(), "the HTTP server must run to load the report assets")
        with freeze_time(wita(2025, 1, 10, 9)):
            pdf = self._render_pdf(PERIOD_RECAP, rows, env=rows.env)
        text = normalize(self._poppler("pdftotext", pdf, "-raw"))
        lines = monitoring.line_ids
        within = sum(lines.mapped("step_within")) / sum(lines.mapped("step_done")) * 100
        share = f"{within:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " %"
        figures = [
            len(lines),
            len(lines.filtered(lambda x: x.judgement == "good")),
            len(lines.filtered(lambda x: x.judgement == "poor")),
            sum(lines.mapped("run_started")),
            sum(lines.mapped("run_done")),
            sum(lines.mapped("step_done")),
        ]
        confirmed = " ".join(map(str, figures))
        for expected in (
            "REKAPITULASI MONITORING PELAKSANAAN SOP AP",
            "Periode Semester II 2024",
            f"1. Dinas Uji A Dikonfirmasi {confirmed} {share}",
            "2. Dinas Uji B Belum dikonfirmasi " + " ".join([NO_DATA] * 7),
            "3. Dinas Uji C Belum ada " + " ".join([NO_DATA] * 7),
            f"Jumlah 1 / 3 {confirmed} {share}",
        ):
            self.assertIn(expected, text)

    def test_excel_equals_the_printed_recap(self):
        """The period's Excel file: the rows' figures, as the printed recap gives them."""
        monitoring = self._confirmed()
        rows = self._period_rows(self.coordinator)
        # his button, without an e-mail address
        self.assertFalse(self.coordinator.email)
        action = rows.action_download_recap_xlsx()
        self.assertEqual(action["report_name"], "sop_lakip.sop_coordination_period_xlsx")
        self.assertEqual(sorted(action["context"]["active_ids"]), sorted(rows.ids))
        with freeze_time(wita(2025, 1, 10, 9)):
            book = load_workbook(io.BytesIO(self._render_xlsx(PERIOD_XLSX, rows)))
            printed = (
                self.env["report.sop_lakip.report_sop_coordination_period"]
                .with_user(self.coordinator)
                ._get_report_values(rows.ids)["recaps"]
            )
        self.assertEqual(book.sheetnames, ["Semester II 2024"])
        lines = list(book.active.iter_rows(values_only=True))
        self.assertEqual(lines[0][0], "Pemerintah Kabupaten Uji, Periode Semester II 2024")
        self.assertEqual(lines[1][:4], ("No", "Perangkat Daerah", "Monitoring", "SOP dimonitor"))
        self.assertEqual(lines[1][4], "Penilaian penerapan berjalan dengan baik")
        ordered = rows.sorted(lambda r: r.company_id.name)
        self.assertEqual([line[1] for line in lines[2:-1]], ordered.company_id.mapped("name"))
        for line, row in zip(lines[2:-1], ordered, strict=True):
            expected = [NO_DATA if value is None else value for value in row._figures()]
            self.assertEqual(list(line[2:]), expected, row.company_id.name)
        row = ordered.filtered(lambda r: r.monitoring_id == monitoring)
        self.assertEqual(lines[2][3:5], (row.sop_count, row.good_count))
        # every cell reads as the printed recap prints it, the total too
        formats = [fmt for _heading, _width, fmt in PERIOD_COLUMNS]
        (recap,) = printed
        pdf_rows = [part["record"]["figures"] for page in recap["pages"] for part in page]
        for line, pdf_row in zip(
            [*lines[2:-1], lines[-1]], [*pdf_rows, recap["total"]], strict=True
        ):
            texts = [
                value if value == NO_DATA else recap_text(value, *fmt)
                for value, fmt in zip(line[2:], formats, strict=True)
            ]
            self.assertEqual(texts, pdf_row)
        self.assertEqual(lines[-1][1:3], ("Jumlah", "1 / 3"))

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_another_pemda_prints_nothing_of_it(self):
        """The attacker's RPC: Boalemo's coordinator asks for this pemda's rows."""
        self._confirmed()
        rows = self._period_rows(self.coordinator)
        boalemo = self.env.ref("sop_lakip.sop_demo_boalemo_user_koordinator")
        with freeze_time(wita(2025, 1, 10, 9)):
            self.assertFalse(
                self.env["sop.coordination.period"]
                .with_user(boalemo)
                .search([("company_id", "in", rows.company_id.ids)])
            )
            with self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(boalemo).with_context(
                    force_report_rendering=True
                )._render_qweb_pdf(PERIOD_RECAP, rows.ids)
            # not built for him, but they exist and the rule refuses them (an empty cache, as
            # a request starts with)
            self.env.invalidate_all()
            with self.assertRaises(AccessError):
                rows.with_user(boalemo).read(["sop_count", "company_id"])
