import io
from datetime import date, datetime, timedelta

from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from ..tools import NO_DATA
from .common import SopCommon


def wita(year, month, day, hour, minute=0):
    """A time in Asia/Makassar (UTC+8), as the naive UTC datetime Odoo stores."""
    return datetime(year, month, day, hour, minute) - timedelta(hours=8)


SEM2 = (date(2024, 7, 1), date(2024, 12, 31))


class MonitoringCommon(SopCommon):
    """Agency A's runs of its reference SOP in 2024, with known timings.

    The SOP: 1 start (Kasubag, 10 menit) -> 2 Staf (2 hari = 14 h) -> 3 decision
    (Sekretaris, 30 menit; Tidak -> 2) -> 4 end (Kepala Dinas, 1 jam). Tuesday
    3 September 2024 is a public holiday on the agency's calendar.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Maulid Nabi (uji)",
                "calendar_id": cls.calendar.id,
                "date_from": wita(2024, 9, 3, 0),
                "date_to": wita(2024, 9, 3, 23, 59),
            }
        )
        cls.sop_idle = cls._create_sop(name="Pengarsipan Surat", number="460/DSPMD/SOP/11.a/2/2024")

    def _step(self, run, when, outcome="done", feedback=None):
        """Complete the open step of ``run`` at ``when`` (WITA tuple), as its assignee."""
        item = self._open(run)
        with freeze_time(wita(*when)):
            item.with_user(item.user_id)._complete(outcome, feedback)
        return item

    def _runs(self):
        """The runs of 2024; see the figures they give in ``test_prefilled_figures``."""
        with freeze_time(wita(2024, 6, 28, 9)):  # semester I: not counted in semester II
            before = self._start()
        self._step(before, (2024, 6, 28, 9, 5))
        with freeze_time(wita(2024, 9, 2, 9)):
            run1 = self._start()
        self._step(run1, (2024, 9, 2, 9, 5))  # 5 min of 10: ratio 0.5
        self._step(run1, (2024, 9, 5, 10, 5))  # 15 h of 14 (the holiday skipped)
        self._step(run1, (2024, 9, 5, 10, 20), "no", "Data belum lengkap")  # 0.25 h of 0.5
        self._step(run1, (2024, 9, 6, 10, 20))  # 7 h of 14
        self._step(run1, (2024, 9, 6, 11, 20), "yes")  # 1 h of 0.5: ratio 2
        self._step(run1, (2024, 9, 6, 13, 10))  # 50 min of 60 (lunch skipped)
        with freeze_time(wita(2024, 9, 9, 9)):
            run2 = self._start()
        self._step(run2, (2024, 9, 9, 9, 30))  # 30 min of 10: ratio 3
        with freeze_time(wita(2024, 9, 9, 10)):
            run2.with_user(self.user_kasubag).action_cancel()
        with freeze_time(wita(2024, 7, 1, 7, 30)):  # before office hours on 1 July, WITA
            run5 = self._start()
        self._step(run5, (2024, 7, 1, 8, 5))  # 5 min of 10; step 2 stays open, overdue
        with freeze_time(wita(2024, 12, 30, 9)):
            run3 = self._start()  # step 1 stays open past its deadline
        with freeze_time(wita(2024, 12, 30, 10)):
            self.env["sop.instance"]._cron_remind_overdue()  # escalates both open steps
        return run1, run2, run3, run5

    def _monitoring(self, period=SEM2):
        monitoring = self.env["sop.monitoring"].create(
            {"company_id": self.company.id, "date_from": period[0], "date_to": period[1]}
        )
        monitoring.with_user(self.user_kasubag).action_prepare_lines()
        return monitoring

    def _line(self, monitoring, sop=None):
        return monitoring.line_ids.filtered(lambda line: line.document_id == (sop or self.sop))


@tagged("post_install", "-at_install")
class TestSopMonitoring(MonitoringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._approve(cls, cls.sop_idle)

    def test_prefilled_figures(self):
        """Every figure of a line comes from the runs started in the period, exactly."""
        self._runs()
        with freeze_time(wita(2025, 1, 2, 9)):
            line = self._line(self._monitoring())
        self.assertEqual(
            (line.run_started, line.run_done, line.run_cancelled), (4, 1, 1), "runs 1, 2, 3, 5"
        )
        self.assertEqual((line.step_done, line.step_within), (8, 5))
        self.assertAlmostEqual(line.within_share, 62.5)
        ratios = [0.5, 15 / 14, 0.5, 0.5, 2.0, 50 / 60, 3.0, 0.5]
        # kept to two decimals, as printed
        self.assertEqual(line.ratio_mean, round(sum(ratios) / 8, 2))
        self.assertEqual(line.ratio_max, 3.0)
        # 3 done late; 2 open past their deadline at the period's end
        self.assertEqual(line.step_overdue, 5)
        self.assertEqual(line.step_escalated, 2)
        self.assertEqual(line.loopback_count, 1)
        self.assertEqual(line.loopback_where, "3 (1x)")
        self.assertIn("Decisions answered No (loop-backs): 1, at steps 3 (1x).", line.facts)
        self.assertEqual(line.slowest_step, "1. Menerima disposisi")
        self.assertEqual(line.slowest_ratio, 1.33)
        self.assertTrue(line.has_runs)
        self.assertEqual(line.judgement_suggested, "poor", "62.5 % < 80 % within standard")
        self.assertEqual(line.judgement, "poor", "prefilled with the suggestion")
        self.assertIn("4 runs started", line.facts)

    def test_holiday_counts_no_working_time(self):
        """Step 2 of run 1 took 15 working hours: without the holiday it would be 22."""
        run1 = self._runs()[0]
        step2 = run1.workitem_ids.filtered(lambda w: w.step_id.number == 2)[0]
        self.assertAlmostEqual(step2.duration_actual, 15, places=6)
        self.assertAlmostEqual(step2.duration_ratio, 15 / 14, places=6)
        self.assertFalse(step2.within_standard)

    def test_rule_is_the_agency_s(self):
        """With the agency's threshold at 60 %, the same runs suggest 'running well'."""
        self._runs()
        self.company.sop_monitoring_min_within = 60
        line = self._line(self._monitoring())
        self.assertEqual(line.judgement_suggested, "good")

    def test_sop_that_never_ran(self):
        """An SOP without runs in the period says so, and suggests nothing."""
        self._runs()
        line = self._line(self._monitoring(), self.sop_idle)
        self.assertFalse(line.has_runs)
        self.assertEqual((line.run_started, line.step_done), (0, 0))
        self.assertFalse(line.judgement_suggested)
        self.assertEqual(line.facts, "Not run in this period.")

    def test_no_figure_without_steps_done(self):
        """Runs without a step done, or none: no share or ratio (a minus sign), never 0."""
        self._approve(self.sop)  # in force, not run
        with freeze_time(wita(2024, 9, 2, 9)):
            self._start(self.sop_idle)  # its first step stays open
        monitoring = self._monitoring()
        line = self._line(monitoring, self.sop_idle)
        self.assertEqual((line.run_started, line.step_done, line.has_runs), (1, 0, True))
        self.assertIn(f"0 steps done, {NO_DATA} within the standard time", line.facts)
        self.assertIn(f"mean {NO_DATA}, worst {NO_DATA}", line.facts)
        self.assertNotIn("Slowest", line.facts)
        xlsx = self._render_xlsx("sop_lakip.action_report_sop_monitoring_xlsx", monitoring)
        rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
        idle = next(row for row in rows if row[1] == self.sop_idle.name)
        self.assertEqual(idle[7:14], (1, 0, 0, 0, NO_DATA, NO_DATA, NO_DATA))
        never = next(row for row in rows if row[1] == self.sop.name)
        self.assertEqual(never[7:14], (0, 0, 0, 0, NO_DATA, NO_DATA, NO_DATA))

    def test_two_monitorings_of_one_period_in_one_file(self):
        """Two agencies' monitorings of the same period exported together: a sheet each,
        the second one's name numbered (Excel refuses two sheets of one name)."""
        other = self.env["sop.monitoring"].create(
            {"company_id": self.company_b.id, "date_from": SEM2[0], "date_to": SEM2[1]}
        )
        monitorings = self._monitoring() | other
        self.assertEqual(set(monitorings.mapped("period_label")), {"Semester II 2024"})
        xlsx = self._render_xlsx("sop_lakip.action_report_sop_monitoring_xlsx", monitorings)
        self.assertEqual(
            load_workbook(io.BytesIO(xlsx)).sheetnames,
            ["Semester II 2024", "Semester II 2024 (2)"],
        )

    def test_facts_in_indonesian_number_format(self):
        """The facts written in Indonesian write 62,5 % and 1,33 as the columns do."""
        self._runs()
        self.env["res.lang"]._activate_lang("id_ID")
        line = self._line(self._monitoring()).with_context(lang="id_ID")
        facts = line._facts_text()
        self.assertIn("62,5 %", facts)
        self.assertIn("1. Menerima disposisi (1,33)", facts)
        self.assertNotIn("62.5", facts)
        self.assertIn("62.5 %", line.with_context(lang="en_US")._facts_text())

    def test_new_monitoring_defaults_to_the_last_finished_period(self):
        """A monitoring created by hand in December is for semester I, the period just over."""
        with freeze_time(wita(2024, 12, 7, 10)):
            form = Form(self.env["sop.monitoring"].with_user(self.user_kasubag))
            self.assertEqual((form.date_from, form.date_to), (date(2024, 1, 1), date(2024, 6, 30)))
            self.assertEqual(form.save().period_label, "Semester I 2024")

    def test_no_confirming_before_the_period_ends(self):
        """On 7 December the semester ending on 31 December cannot be confirmed yet."""
        monitoring = self._monitoring()
        with (
            freeze_time(wita(2024, 12, 7, 10)),
            self.assertRaisesRegex(UserError, "31 Desember 2024"),
        ):
            monitoring.with_user(self.user_secretary).action_confirm()
        self.assertEqual(monitoring.state, "draft")
        with freeze_time(wita(2025, 1, 2, 10)):
            monitoring.with_user(self.user_secretary).action_confirm()
        self.assertEqual(monitoring.state, "confirmed")

    def test_period_boundaries_in_the_agency_time(self):
        """Semester I holds the 28 June run only; 1 July 07:30 WITA (30 June UTC) is in II."""
        self._runs()
        line = self._line(self._monitoring((date(2024, 1, 1), date(2024, 6, 30))))
        self.assertEqual((line.run_started, line.step_done, line.step_within), (1, 1, 1))
        self.assertEqual(line.step_overdue, 0, "its open step 2 starts after the period")

    def test_cron_prepares_once_and_hands_to_the_secretary(self):
        """At the end of the semester one monitoring per agency, one line per SOP in force,
        an activity for the Sekretaris; running the cron again changes nothing."""
        self._runs()
        Monitoring = self.env["sop.monitoring"]
        with freeze_time(wita(2025, 1, 1, 10)):
            Monitoring._cron_prepare_monitorings()
            Monitoring._cron_prepare_monitorings()
        monitoring = Monitoring.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(monitoring), 1)
        self.assertEqual((monitoring.date_from, monitoring.date_to), SEM2)
        self.assertEqual(monitoring.period_label, "Semester II 2024")
        self.assertEqual(monitoring.line_ids.document_id, self.sop | self.sop_idle)
        self.assertEqual(monitoring.assessor_id, self.user_secretary)
        self.assertEqual(monitoring.activity_ids.user_id, self.user_secretary)
        self.assertEqual(self._line(monitoring).run_started, 4)

    def test_prefill_queries_do_not_grow_with_agencies(self):
        """The figures of the semester of four agencies cost the queries of one agency's:
        their runs are counted and their Sekretaris found in the same few queries, whatever
        their number (what grows is Odoo's own following of each new form by its assessor)."""
        self._runs()
        Monitoring = self.env["sop.monitoring"].sudo()
        agencies = self.env["res.company"].create(
            [
                {"name": f"Dinas Skala {i}", "resource_calendar_id": self.calendar.id}
                for i in range(3)
            ]
        )
        secretaries = [
            new_test_user(
                self.env,
                login=f"sekretaris.skala.{i}",
                groups="base.group_user,sop_lakip.group_sop_secretary",
                company_id=agency.id,
                company_ids=[Command.set(agency.ids)],
            )
            for i, agency in enumerate(agencies)
        ]
        sops = self.env["sop.document"].create(
            [{"name": "SOP Skala", "number": "1", "company_id": a.id} for a in agencies]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sop_document SET state = 'approved' WHERE id = ANY(%s)", [sops.ids]
        )

        def cost(companies):
            with freeze_time(wita(2025, 1, 2, 9)):
                monitorings = Monitoring._prepare([(c, SEM2) for c in companies])
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.cr.sql_log_count
                monitorings.action_prepare_lines()  # the figures again, as the button does
                self.env.flush_all()
            return self.cr.sql_log_count - before, monitorings

        one, first = cost(self.company)
        first.unlink()
        four, monitorings = cost(self.company | agencies)
        self.assertEqual(four, one)
        self.assertEqual(monitorings.line_ids.document_id, self.sop | self.sop_idle | sops)
        self.assertEqual(self._line(monitorings[0]).run_started, 4)
        self.assertEqual(monitorings[1:].assessor_id.ids, [u.id for u in secretaries])
        self.assertEqual(set(monitorings[1:].line_ids.mapped("sequence")), {1})

    def test_configured_period_and_assessor(self):
        """Quarterly monitoring by a named assessor: the quarter just ended, his activity."""
        self.company.write(
            {"sop_monitoring_months": "3", "sop_monitoring_assessor_id": self.user_kasubag.id}
        )
        with freeze_time(wita(2024, 10, 2, 10)):
            self.env["sop.monitoring"]._cron_prepare_monitorings()
        monitoring = self.env["sop.monitoring"].search([("company_id", "=", self.company.id)])
        self.assertEqual(
            (monitoring.date_from, monitoring.date_to), (date(2024, 7, 1), date(2024, 9, 30))
        )
        self.assertEqual(monitoring.period_label, "Triwulan III 2024")
        self.assertEqual(monitoring.activity_ids.user_id, self.user_kasubag)

    def test_confirm_needs_judgements_and_reasons(self):
        """Confirming lists every line lacking a judgement or the reason of an override,
        then closes the assessor's activity; the confirmed form no longer changes."""
        self._runs()
        monitoring = self._monitoring()
        line = self._line(monitoring).with_user(self.user_secretary)
        line.write({"judgement": "good"})  # overrides "poor" without a note
        with self.assertRaisesRegex(Exception, "say why in the notes"):
            monitoring.with_user(self.user_secretary).action_confirm()
        line.write({"note": "Keterlambatan karena data Bidang", "action_needed": "Bimbingan"})
        monitoring.with_user(self.user_secretary).action_confirm()
        self.assertEqual(monitoring.state, "confirmed")
        self.assertFalse(monitoring.activity_ids)
        with self.assertRaisesRegex(Exception, "confirmed monitoring"):
            line.write({"note": "Diubah"})


@tagged("post_install", "-at_install")
class TestSopMonitoringDemo(SopCommon):
    def test_boalemo_semester_2_2024(self):
        """The demo's Boalemo monitoring is prepared from its three timed runs, and its
        evaluation opened the revision that names it."""
        monitoring = self.env.ref("sop_lakip.sop_demo_boalemo_monitoring_2024_2")
        sop = self.env.ref("sop_lakip.sop_demo_boalemo_sop_lakip")
        line = monitoring.line_ids.filtered(lambda line: line.document_id == sop)
        self.assertEqual((line.run_started, line.run_done, line.run_cancelled), (3, 2, 1))
        self.assertEqual((line.step_done, line.step_within, line.loopback_count), (26, 21, 1))
        self.assertEqual(line.loopback_where, "7 (1x)")
        idle = monitoring.line_ids - line
        self.assertEqual(idle.document_id.name, "Pengumpulan Data Kinerja")
        self.assertFalse(idle.has_runs)
        evaluation = self.env.ref("sop_lakip.sop_demo_boalemo_evaluation_lakip_2024")
        self.assertEqual(evaluation.state, "done")
        self.assertEqual(evaluation.revision_id.evaluation_id, evaluation)
        self.assertEqual(evaluation.revision_id.previous_revision_id, sop)
