import io
import tempfile
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, freeze_time, tagged

from .report_common import normalize
from .test_sop_monitoring import SEM2, MonitoringCommon, wita

MONITORING_XLSX = "sop_lakip.action_report_sop_monitoring_xlsx"


@tagged("post_install", "-at_install")
class TestSopEvaluation(MonitoringCommon):
    def _evaluate(self, line, recommendation="revise"):
        """The Kasubag evaluates ``line``'s SOP from the monitoring line, on its form."""
        action = line.with_user(self.user_kasubag).action_evaluate()
        Evaluation = self.env["sop.evaluation"].with_user(self.user_kasubag)
        with Form(Evaluation.with_context(**action["context"])) as form:
            for index in range(len(form.line_ids)):
                with form.line_ids.edit(index) as criterion:
                    criterion.answer = "no" if index == 2 else "yes"
                    criterion.note = "Langkah 3 terlalu singkat" if index == 2 else ""
            form.recommendation = recommendation
        return form.record

    def test_evaluation_from_a_line_opens_the_linked_revision(self):
        """Evaluated from a monitoring line (its facts beside the criteria), concluded with
        'Revise': the revision it opens names it, so the revision history says why."""
        self._runs()
        line = self._line(self._monitoring())
        evaluation = self._evaluate(line)
        self.assertEqual(evaluation.monitoring_line_id, line)
        self.assertEqual(len(evaluation.line_ids), 7)
        self.assertIn("Semester II 2024", evaluation.facts)
        self.assertIn("4 runs started", evaluation.facts)
        evaluation.with_user(self.user_kasubag).action_conclude()
        action = evaluation.with_user(self.user_kasubag).action_revise()
        revision = self.env["sop.document"].browse(action["res_id"])
        self.assertEqual(revision.evaluation_id, evaluation)
        self.assertEqual(evaluation.revision_id, revision)
        self.assertEqual(revision.previous_revision_id, self.sop)
        self.assertIn(revision, self.sop.revision_ids)
        with self.assertRaises(UserError):
            evaluation.with_user(self.user_kasubag).action_revise()  # once only
        with self.assertRaises(UserError):
            evaluation.with_user(self.user_head).write({"conclusion": "Diubah"})
        with self.assertRaises(UserError):  # nobody links a revision by hand
            revision.with_user(self.user_kasubag).write({"evaluation_id": False})

    def test_conclude_lists_every_gap(self):
        """An evaluation with unanswered criteria and no recommendation names both."""
        self._approve(self.sop)
        evaluation = self.env["sop.evaluation"].create(
            {"document_id": self.sop.id, "company_id": self.company.id}
        )
        with self.assertRaisesRegex(UserError, "(?s)answer Yes or No.*choose the recommendation"):
            evaluation.with_user(self.user_kasubag).action_conclude()
        self.assertEqual(evaluation.state, "draft")

    def test_evaluation_on_its_own_takes_the_year_s_facts(self):
        """Without a monitoring line, the facts are those of the twelve months before."""
        self._runs()
        evaluation = self.env["sop.evaluation"].create(
            {"document_id": self.sop.id, "company_id": self.company.id, "date": date(2024, 12, 31)}
        )
        self.assertIn("01.01.2024 - 31.12.2024", evaluation.facts)
        self.assertIn("5 runs started", evaluation.facts)

    def test_keep_does_not_revise(self):
        """Only an evaluation recommending a revision opens one."""
        self._runs()
        evaluation = self._evaluate(self._line(self._monitoring()), "keep")
        evaluation.with_user(self.user_kasubag).action_conclude()
        with self.assertRaises(UserError):
            evaluation.with_user(self.user_kasubag).action_revise()


@tagged("post_install", "-at_install")
class TestSopMonitoringIndicator(MonitoringCommon):
    def _indicator(self, source):
        indicator = self.env["lakip.indicator"].create(
            {
                "name": f"SOP {source}",
                "company_id": self.company.id,
                "department_id": self.dept_program.id,
                "uom": "%",
                "sop_source": source,
                "aggregation": "final",
                "target_ids": [Command.create({"year": 2024, "target": 80})],
            }
        )
        return indicator, indicator.target_ids

    def _quarters(self, target):
        return {r.quarter: r.value for r in target.realization_ids}

    def test_steps_within_per_quarter(self):
        """TW II: the one step of 28 June, on time; TW III: 5 of the 8 steps of July to
        September within their Mutu Baku; TW I and IV had no step done: no value."""
        self._runs()
        indicator, target = self._indicator("steps_within")
        with freeze_time(wita(2025, 1, 5, 9)):
            indicator.with_user(self.user_kasubag).action_refresh_sop_realization()
        self.assertEqual(self._quarters(target), {"2": 100.0, "3": 62.5})
        with self.assertRaisesRegex(UserError, "computed from the SOP runs"):
            target.realization_ids[0].with_user(self.user_kasubag).value = 90

    def test_monitored_and_evaluated(self):
        """Monitored: the share of SOPs in force on a confirmed monitoring ended by the
        quarter's end; evaluated: evaluations concluded in the quarter."""
        self._runs()
        self._approve(self.sop_idle)
        monitoring = self._monitoring()
        monitoring.with_user(self.user_secretary).action_confirm()
        evaluation = self.env["sop.evaluation"].create(
            {
                "document_id": self.sop.id,
                "company_id": self.company.id,
                "date": date(2024, 11, 4),
                "recommendation": "keep",
                "line_ids": [Command.clear()],
            }
        )
        evaluation.with_user(self.user_kasubag).action_conclude()
        _monitored, monitored_target = self._indicator("sops_monitored")
        _evaluated, evaluated_target = self._indicator("sops_evaluated")
        with freeze_time(wita(2025, 1, 5, 9)):
            self.env["lakip.indicator"]._cron_refresh_sop_realization()
        self.assertEqual(
            self._quarters(monitored_target), {"1": 0.0, "2": 0.0, "3": 0.0, "4": 100.0}
        )
        self.assertEqual(self._quarters(evaluated_target), {"1": 0.0, "2": 0.0, "3": 0.0, "4": 1.0})


@tagged("post_install", "-at_install")
class TestSopMonitoringAccess(MonitoringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._approve(cls, cls.sop)
        cls.monitoring = cls.env["sop.monitoring"].create(
            {"company_id": cls.company.id, "date_from": SEM2[0], "date_to": SEM2[1]}
        )
        cls.monitoring.with_user(cls.user_kasubag).action_prepare_lines()
        cls.line = cls.monitoring.line_ids

    def test_kasubag_prepares_with_the_form(self):
        """A Kasubag creates a monitoring on its form; its assessor is the Sekretaris."""
        Monitoring = self.env["sop.monitoring"].with_user(self.user_kasubag)
        with Form(Monitoring.with_context(default_company_id=self.company.id)) as form:
            form.date_from = date(2024, 1, 1)
            form.date_to = date(2024, 6, 30)
        monitoring = form.record
        self.assertEqual(monitoring.assessor_id, self.user_secretary)
        monitoring.action_prepare_lines()
        self.assertEqual(monitoring.line_ids.document_id, self.sop)
        self.assertEqual(monitoring.activity_ids.user_id, self.user_secretary)

    def test_only_the_assessor_judges(self):
        """The assessor writes the judgement; the Kasubag who prepared it cannot."""
        self.line.with_user(self.user_secretary).write({"judgement": "good", "note": "Baik"})
        with self.assertRaisesRegex(UserError, "only they write"):
            self.line.with_user(self.user_kasubag).write({"judgement": "poor"})
        with self.assertRaises(UserError):  # figures are never typed
            self.line.with_user(self.user_secretary).write({"step_done": 99})
        with self.assertRaisesRegex(UserError, "confirmed by its assessor"):
            self.monitoring.with_user(self.user_kasubag).action_confirm()

    def test_staff_and_auditor_read_only(self):
        """Staff and auditors read the form and change nothing, not even over RPC."""
        for user in (self.user_staff, self.user_auditor):
            self.assertEqual(self.monitoring.with_user(user).line_ids, self.line)
            with self.assertRaises(AccessError):
                self.line.with_user(user).write({"note": "x"})
            with self.assertRaises(AccessError):
                self.monitoring.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.monitoring.with_user(user).action_prepare_lines()
        with self.assertRaises(AccessError):
            self.monitoring.with_user(self.user_auditor).message_post(body="Catatan auditor")

    def test_no_state_or_figures_by_hand(self):
        """Over RPC, the Kasubag can neither confirm by writing the state nor add a line with
        made-up figures; another agency cannot create a monitoring for this one."""
        with self.assertRaises(UserError):
            self.monitoring.with_user(self.user_kasubag).write({"state": "confirmed"})
        with self.assertRaises(UserError):
            self.env["sop.monitoring.line"].with_user(self.user_kasubag).create(
                {"monitoring_id": self.monitoring.id, "document_id": self.sop.id, "step_done": 9}
            )
        with self.assertRaises(AccessError):
            self.env["sop.monitoring"].with_user(self.user_kasubag_b).create(
                {
                    "company_id": self.company.id,
                    "date_from": date(2023, 1, 1),
                    "date_to": date(2023, 6, 30),
                }
            )

    def test_evaluation_access(self):
        """Staff and auditors read evaluations and cannot create, change or conclude one;
        another agency sees none."""
        evaluation = self.env["sop.evaluation"].create(
            {"document_id": self.sop.id, "company_id": self.company.id}
        )
        for user in (self.user_staff, self.user_auditor):
            self.assertEqual(evaluation.with_user(user).line_ids, evaluation.line_ids)
            with self.assertRaises(AccessError):
                self.env["sop.evaluation"].with_user(user).create(
                    {"document_id": self.sop.id, "company_id": self.company.id}
                )
            with self.assertRaises(AccessError):
                evaluation.line_ids[0].with_user(user).write({"answer": "no"})
            with self.assertRaises(AccessError):
                evaluation.with_user(user).action_conclude()
        with self.assertRaises(AccessError):
            evaluation.with_user(self.user_kasubag_b).read(["name"])
        with self.assertRaises(AccessError):
            evaluation.with_user(self.user_kasubag_b).write({"conclusion": "x"})

    def test_confirmed_is_signed_for_everybody(self):
        """Once confirmed, not even the Kepala Dinas changes or deletes it."""
        self.monitoring.with_user(self.user_secretary).action_confirm()
        for attempt in (
            lambda: self.monitoring.with_user(self.user_head).write({"method": "guidance"}),
            lambda: self.line.with_user(self.user_head).write({"note": "Diubah"}),
            lambda: self.monitoring.with_user(self.user_head).unlink(),
            lambda: self.monitoring.with_user(self.user_head).action_prepare_lines(),
        ):
            with self.assertRaises(UserError):
                attempt()

    def test_other_agency_sees_nothing(self):
        """Another agency's Kasubag neither finds nor reads nor writes the monitoring."""
        Monitoring = self.env["sop.monitoring"].with_user(self.user_kasubag_b)
        self.assertFalse(Monitoring.search([("id", "=", self.monitoring.id)]))
        with self.assertRaises(AccessError):
            self.monitoring.with_user(self.user_kasubag_b).read(["name"])
        with self.assertRaises(AccessError):
            self.line.with_user(self.user_kasubag_b).write({"note": "x"})
        with self.assertRaises(AccessError):
            self.monitoring.with_user(self.user_kasubag_b).message_post(body="x")


@tagged("post_install", "-at_install")
class TestSopMonitoringPerformance(MonitoringCommon):
    def _bulk_runs(self, count, day):
        """``count`` finished runs of the reference SOP started on ``day``, in two creates."""
        runs = self.env["sop.instance"].create(
            [
                {"name": f"Run {i}", "document_id": self.sop.id, "company_id": self.company.id}
                for i in range(count)
            ]
        )
        runs.write({"state": "done", "date_start": day, "date_done": day})
        self.env["sop.workitem"].create(
            [
                {
                    "instance_id": run.id,
                    "step_id": step.id,
                    "user_id": self.user_kasubag.id,
                    "state": "done",
                    "outcome": "no" if step.symbol == "decision" else "done",
                    "date_start": day,
                    "date_done": day,
                    "duration_standard": 1.0,
                    "duration_actual": 0.5 + i % 3,
                }
                for i, run in enumerate(runs)
                for step in self.sop.step_ids
            ]
        )

    def test_prefill_does_not_grow_with_runs(self):
        """Preparing a monitoring costs the same queries over 10 runs as over 200."""
        self._approve(self.sop)
        self._bulk_runs(10, wita(2024, 3, 4, 9))
        self._bulk_runs(200, wita(2024, 9, 2, 9))
        Monitoring = self.env["sop.monitoring"]
        few, many = Monitoring.create(
            [
                {
                    "company_id": self.company.id,
                    "date_from": date(2024, 1, 1),
                    "date_to": date(2024, 6, 30),
                },
                {"company_id": self.company.id, "date_from": SEM2[0], "date_to": SEM2[1]},
            ]
        )
        # warm: the first call of the request fills Odoo's caches (access rules, defaults)
        warm = Monitoring.create(
            {
                "company_id": self.company.id,
                "date_from": date(2023, 7, 1),
                "date_to": date(2023, 12, 31),
            }
        )
        self._queries(warm.with_user(self.user_kasubag).action_prepare_lines)
        cost_few = self._queries(few.with_user(self.user_kasubag).action_prepare_lines)
        cost_many = self._queries(many.with_user(self.user_kasubag).action_prepare_lines)
        self.assertEqual(self._line(many, self.sop).run_started, 200)
        self.assertEqual(self._line(few, self.sop).step_done, 40)
        self.assertEqual(cost_many, cost_few, "prefilling 200 runs costs what 10 do")


@tagged("post_install", "-at_install")
class TestSopMonitoringReport(MonitoringCommon):
    def _pdf_text(self, report, records):
        return normalize(self._poppler("pdftotext", self._render_pdf(report, records), "-raw"))

    def test_monitoring_form_prints_every_sop(self):
        """Tabel 7 with every SOP line, the judgements and the assessor's NIP, in Indonesian."""
        self._runs()
        self._approve(self.sop_idle)
        self.company.sop_government_name = "Pemerintah Kabupaten Uji"
        self.emp_secretary.write(
            {"job_title": "Sekretaris Dinas", "asn_type": "pns", "nip": "19700101 199503 1 004"}
        )
        self.env["res.lang"]._activate_lang("id_ID")
        self.env.ref("base.module_sop_lakip")._update_translations(["id_ID"])
        monitoring = self._monitoring()
        self._line(monitoring).with_user(self.user_secretary).action_needed = "Bimbingan teknis"
        monitoring.with_user(self.user_secretary).action_confirm()
        text = self._pdf_text("sop_lakip.report_sop_monitoring", monitoring)
        for expected in ("PEMERINTAH KABUPATEN UJI", "MONITORING PELAKSANAAN SOP AP",
                         "Semester II 2024", "Prosedur", "Berjalan dengan baik",
                         "Tidak berjalan dengan baik", "Catatan hasil penilaian",
                         "Tindakan yang harus diambil", "Paraf penilai",
                         "Penyusunan LAKIP", "Pengarsipan Surat", "Bimbingan teknis",
                         "SEKRETARIS DINAS", "Sekretaris Uji", "NIP. 19700101 199503 1 004",
                         "4 pelaksanaan dimulai", "Tidak dilaksanakan pada periode ini."):  # fmt: skip
            self.assertIn(expected, text)
        self.assertNotIn("DRAFT", text)

    def test_evaluation_prints_criteria(self):
        """The evaluation prints each criterion in Indonesian and the recommendation."""
        self._approve(self.sop)
        evaluation = self.env["sop.evaluation"].create(
            {"document_id": self.sop.id, "company_id": self.company.id, "recommendation": "revise"}
        )
        evaluation.line_ids.write({"answer": "yes"})
        text = self._pdf_text("sop_lakip.report_sop_evaluation", evaluation)
        for expected in ("EVALUASI PENERAPAN SOP AP", "SOP mudah dipahami",
                         "SOP dapat bersinergi dengan SOP lainnya", "Direvisi",
                         "Penyusunan LAKIP", "DRAFT"):  # fmt: skip
            self.assertIn(expected, text)

    def test_forms_print_on_the_paper_of_their_agency(self):
        """A session in agency B prints agency A's monitoring and evaluation on A's paper."""
        self._approve(self.sop)
        monitoring = self._monitoring()
        evaluation = self.env["sop.evaluation"].create(
            {"document_id": self.sop.id, "company_id": self.company.id}
        )
        env = self._two_agency_env()
        self.company_b.write({"sop_paper": "a4", "sop_letter_paper": "a4"})
        for report, record, size in (
            ("sop_lakip.report_sop_monitoring", monitoring, 'width="936.000000" height="612'),
            ("sop_lakip.report_sop_evaluation", evaluation, 'width="612.000000" height="936'),
        ):
            with self.subTest(report=report):
                pdf = self._render_pdf(report, record.with_env(env), env)
                info = self._poppler("pdftotext", pdf, "-f", "1", "-l", "1", "-bbox")
                self.assertIn(size, info)  # A's F4, not B's A4

    def test_monitoring_table_xlsx(self):
        """The auditor downloads the table: a row per SOP, the figures beside the judgement."""
        self._runs()
        self._approve(self.sop_idle)
        monitoring = self._monitoring()
        xlsx = self._render_xlsx(MONITORING_XLSX, monitoring.with_user(self.user_auditor))
        sheet = load_workbook(io.BytesIO(xlsx)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=1)]
        self.assertEqual(sheet.title, "Semester II 2024")
        self.assertEqual(rows[0][:4], ["No", "Prosedur", "Nomor SOP", "Penilaian"])
        self.assertEqual([r[1] for r in rows[1:]], ["Penyusunan LAKIP", "Pengarsipan Surat"])
        self.assertEqual(rows[1][7:12], [4, 1, 1, 8, 62.5])
        self.assertEqual(rows[2][7], 0)
        with self.assertRaises(AccessError):  # another agency gets nothing
            self._render_xlsx(MONITORING_XLSX, monitoring.with_user(self.user_kasubag_b))


@tagged("post_install", "-at_install")
class TestSopMonitoringPrinted(HttpCase, MonitoringCommon):
    """The monitoring form as the web client prints it (report assets loaded)."""

    def test_long_rows_stay_whole_under_a_repeated_header(self):
        """A table over several pages: no row is cut by a page break, and every page starts
        with the table's header."""
        monitoring = self.env["sop.monitoring"].create(
            {"company_id": self.company.id, "date_from": SEM2[0], "date_to": SEM2[1]}
        )
        sentence = "Pelaksanaan langkah belum sesuai mutu baku dan perlu ditindaklanjuti"
        self.env["sop.monitoring.line"].sudo().create(
            [
                {
                    "monitoring_id": monitoring.id,
                    "sequence": number,
                    "document_id": (self.sop, self.sop_idle)[number % 2].id,
                    "note": "\n".join(
                        [f"Awalcatatan{number:02d}"]
                        + [sentence] * 5
                        + [f"Akhircatatan{number:02d}"]
                    ),
                    "action_needed": "\n".join(
                        [f"Awaltindakan{number:02d}"]
                        + [sentence] * 4
                        + [f"Akhirtindakan{number:02d}"]
                    ),
                }
                for number in range(1, 13)
            ]
        )
        pdf = self._render_pdf("sop_lakip.report_sop_monitoring", monitoring)
        Path(tempfile.gettempdir(), "sop-monitoring-long.pdf").write_bytes(pdf)
        pages = [normalize(page) for page in self._poppler("pdftotext", pdf).split("\f")[:-1]]
        self.assertGreater(len(pages), 1)
        for number, page in enumerate(pages, start=1):
            with self.subTest(page=number):
                self.assertIn("Tindakan yang harus diambil", page, "no table header")
        for number in range(1, 13):
            for field in ("catatan", "tindakan"):
                start = [i for i, page in enumerate(pages) if f"Awal{field}{number:02d}" in page]
                end = [i for i, page in enumerate(pages) if f"Akhir{field}{number:02d}" in page]
                with self.subTest(row=number, field=field):
                    self.assertEqual(len(start), 1)
                    self.assertEqual(start, end, "the row is cut by a page break")

    def test_row_taller_than_a_page_goes_on_whole(self):
        """A note longer than a page goes on over the next pages, under the header, every
        word of it printed once and in order."""
        monitoring = self.env["sop.monitoring"].create(
            {"company_id": self.company.id, "date_from": SEM2[0], "date_to": SEM2[1]}
        )
        words = [f"Kata{number:03d}" for number in range(1, 121)]
        self.env["sop.monitoring.line"].sudo().create(
            {
                "monitoring_id": monitoring.id,
                "document_id": self.sop.id,
                "note": "\n".join(" ".join(words[i : i + 2]) for i in range(0, 120, 2)),
                "action_needed": "Bimbingan teknis",
            }
        )
        pdf = self._render_pdf("sop_lakip.report_sop_monitoring", monitoring)
        pages = [normalize(page) for page in self._poppler("pdftotext", pdf).split("\f")[:-1]]
        self.assertGreater(len(pages), 2)
        for number, page in enumerate(pages, start=1):
            with self.subTest(page=number):
                self.assertIn("Tindakan yang harus diambil", page, "no table header")
        printed = [word for page in pages for word in page.split() if word.startswith("Kata")]
        self.assertEqual(printed, words)
        self.assertEqual(" ".join(pages).count("Bimbingan teknis"), 1)

    def test_evaluation_criteria_stay_whole_under_a_repeated_header(self):
        """Long notes on every criterion: the evaluation goes on over pages, each under the
        criteria's header, no criterion's note cut by a page break."""
        evaluation = self.env["sop.evaluation"].create(
            {"document_id": self.sop.id, "company_id": self.company.id}
        )
        sentence = "Langkah ini belum sesuai mutu baku dan perlu ditindaklanjuti"
        for number, line in enumerate(evaluation.line_ids, start=1):
            line.note = "\n".join(
                [f"Awalcatatan{number:02d}"] + [sentence] * 12 + [f"Akhircatatan{number:02d}"]
            )
        pdf = self._render_pdf("sop_lakip.report_sop_evaluation", evaluation)
        pages = [normalize(page) for page in self._poppler("pdftotext", pdf).split("\f")[:-1]]
        self.assertGreater(len(pages), 1)
        for number, page in enumerate(pages, start=1):
            with self.subTest(page=number):
                self.assertIn("Kriteria", page, "no table header")
        for number in range(1, len(evaluation.line_ids) + 1):
            start = [i for i, page in enumerate(pages) if f"Awalcatatan{number:02d}" in page]
            end = [i for i, page in enumerate(pages) if f"Akhircatatan{number:02d}" in page]
            with self.subTest(row=number):
                self.assertEqual(len(start), 1)
                self.assertEqual(start, end, "the row is cut by a page break")
        Path(tempfile.gettempdir(), "monprint-evaluation-long.pdf").write_bytes(pdf)
