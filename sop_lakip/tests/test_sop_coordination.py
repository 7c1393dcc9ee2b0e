from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from ..models.sop_write_policy_table import POLICY
from .common import COORDINATOR, DemoPemdaMixin, TourCase, new_coordinator, new_pemda


@tagged("post_install", "-at_install")
class TestSopCoordination(DemoPemdaMixin, TransactionCase):
    """The pemda's Bagian Organisasi reads every agency of his pemda, and only those, writes
    nothing, and follows them on the coordination dashboard; the agencies see their own row."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls._setup_demo_pemdas()
        # Boalemo's agencies: Dinas Sosial PMD and its Bappeda (sop_template_demo_boalemo.xml)
        cls.agencies = cls.agency | cls.bappeda

    def _company_models(self):
        # A background import is read by its own user only, never by the pemda; a template
        # belongs to a pemda, not to an agency (tests/test_sop_template.py).
        return [
            m
            for m in sorted(POLICY)
            if "company_id" in self.env[m]._fields and m not in ("sop.import.job", "sop.template")
        ]

    def test_demo_pemda_holds_its_agencies(self):
        self.assertEqual(self.agency.parent_id, self.pemda)
        self.assertEqual(self.agency_b.parent_id, self.pemda_b)
        self.assertFalse(self.coordinator.email, "the demo coordinator has no e-mail address")
        self.assertEqual(self.coordinator.company_ids, self.pemda)

    def test_coordinator_reads_his_pemda_only(self):
        """Every record of the addon of Boalemo's agency, nothing of another pemda."""
        for model in self._company_models():
            with self.subTest(model=model):
                mine = self.env[model].search([("company_id", "in", self.agencies.ids)])
                seen = self.env[model].with_user(self.coordinator).search([])
                self.assertEqual(seen, mine, "every record of his pemda's agencies, no other")
                seen.read(["company_id"])
                other = self.env[model].search([("company_id", "=", self.agency_b.id)], limit=1)
                if other:
                    with self.assertRaises(AccessError):
                        other.with_user(self.coordinator).read(["company_id"])
        sops = self.env["sop.document"].with_user(self.coordinator).search([])
        self.assertTrue(sops, "the demo agency has SOPs")

    def test_agency_users_keep_their_agency(self):
        """An agency has no child company: its users, its auditor included, read only it."""
        for user in (self.kasubag, self.auditor, self.kasubag_b):
            for model in ("sop.document", "sop.instance", "sop.monitoring", "lakip.report"):
                with self.subTest(user=user.login, model=model):
                    companies = self.env[model].with_user(user).search([]).company_id
                    self.assertLessEqual(companies, user.company_ids)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_coordinator_writes_nothing(self):
        """Write, create and delete on each of the addon's models are refused, and the
        write policy names no field he may change."""
        for model in sorted(POLICY):
            record = self.env[model].search(
                [("company_id", "=", self.agency.id)]
                if "company_id" in self.env[model]._fields
                else [],
                limit=1,
            )
            if not record:
                continue
            as_him = record.with_user(self.coordinator)
            with self.subTest(model=model):
                # refused by the access rights (AccessError is a UserError), or first by the
                # model's own checks
                with self.assertRaises(UserError):
                    as_him.write({"company_id": self.agency.id} if "company_id" in record else {})
                with self.assertRaises(UserError):
                    as_him.copy()
                with self.assertRaises(UserError):
                    as_him.unlink()
                with self.assertRaises(UserError):
                    self.env[model].with_user(self.coordinator).create(
                        {"company_id": self.agency.id} if "company_id" in record else {}
                    )
                for name in POLICY[model]["fields"]:
                    self.assertTrue(as_him._sop_policy_refusal(name), f"{model}.{name}")
        sop = self.env["sop.document"].search([("company_id", "=", self.agency.id)], limit=1)
        with self.assertRaises(AccessError):
            sop.with_user(self.coordinator).message_post(body="Catatan")

    def test_auditor_given_the_pemda_reads_every_agency(self):
        """The Inspektorat's auditor: the auditor group and the pemda company."""
        inspektur = new_test_user(
            self.env,
            login="inspektorat.boalemo",
            groups="base.group_user,sop_lakip.group_sop_auditor",
            company_id=self.pemda.id,
            company_ids=[Command.set(self.pemda.ids)],
        )
        sops = self.env["sop.document"].with_user(inspektur).search([])
        self.assertEqual(sops.company_id, self.agencies)
        self.assertFalse(inspektur.has_group(COORDINATOR))
        with self.assertRaises(AccessError):
            self.env["sop.coordination"].with_user(inspektur).browse(self.agency.id).action_remind()

    def test_dashboard_rows_per_reader(self):
        Dashboard = self.env["sop.coordination"]
        self.assertEqual(Dashboard.with_user(self.coordinator).search([]).company_id, self.agencies)
        for user in (self.kasubag, self.auditor, self.secretary):
            self.assertEqual(Dashboard.with_user(user).search([]).company_id, self.agency)
        self.assertEqual(Dashboard.with_user(self.kasubag_b).search([]).company_id, self.agency_b)
        # the attacker's RPC (a request starts with an empty cache): another agency's row is
        # not built for him, but it exists, and the rule refuses it (so that the web client
        # offers the switch to its company to whoever has it)
        self.env.invalidate_all()
        other = Dashboard.with_user(self.kasubag).browse(self.agency_b.id)
        self.assertEqual(other.exists(), other)
        with self.assertRaises(AccessError):
            other.read(["sop_count", "company_id"])
        # the pivot and the graph group the same rows
        groups = Dashboard.with_user(self.kasubag_b).read_group(
            [], ["sop_count:sum"], ["company_id"]
        )
        self.assertEqual([g["company_id"][0] for g in groups], self.agency_b.ids)

    def test_dashboard_rows_of_a_reader_in_companies_within_companies(self):
        """A coordinator also in one of his pemda's agencies and in an agency of another
        pemda: the rows of his pemda's agencies, once each, and of that other agency."""
        user = new_coordinator(self.env, "koordinator.dua.pemda", self.pemda)
        user.company_ids = self.agency_b | self.agency | self.pemda
        rows = self.env["sop.coordination"].with_user(user).search([])
        self.assertEqual(len(rows), len(self.agencies | self.agency_b))
        self.assertEqual(rows.company_id, self.agencies | self.agency_b)
        rows = self.env["sop.coordination.period"].with_user(user).search([])
        self.assertEqual(rows.company_id, self.agencies | self.agency_b)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_files_of_another_pemda_s_row_are_refused(self):
        """The attacker's RPC: a user of another pemda posts, on a record of his own, a
        file attached to a row of this pemda, so that the notification would carry it."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": "rekap.txt",
                "raw": b"rahasia",
                "res_model": "sop.coordination",
                "res_id": self.agency.id,
            }
        )
        own = self.env["sop.document"].search([("company_id", "=", self.agency_b.id)], limit=1)
        with self.assertRaises(AccessError):
            own.with_user(self.kasubag_b).message_post(
                body="Lampiran", attachment_ids=attachment.ids
            )
        self.assertFalse(own.message_ids.attachment_ids & attachment)

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_kasubag_auditing_the_pemda_prepares_only_his_agency_s_monitoring(self):
        """A Kasubag who is also the pemda's auditor reads the other agency's monitoring but
        may not refresh its lines (the button writes the form)."""
        user = new_test_user(
            self.env,
            login="kasubag.auditor.boalemo",
            groups="base.group_user,sop_lakip.group_sop_kasubag,sop_lakip.group_sop_auditor",
            company_id=self.bappeda.id,
            company_ids=[Command.set((self.bappeda | self.pemda).ids)],
        )
        monitoring = self.env["sop.monitoring"].create(
            {"company_id": self.agency.id, "date_from": "2022-07-01", "date_to": "2022-12-31"}
        )
        monitoring.action_prepare_lines()
        lines = monitoring.line_ids
        self.assertTrue(lines, "the demo agency has SOPs in force")
        as_him = monitoring.with_user(user).with_context(
            allowed_company_ids=(self.bappeda | self.pemda).ids
        )
        as_him.read(["state"])  # he reads it
        with self.assertRaises(AccessError):
            as_him.action_prepare_lines()

    def test_dashboard_figures_equal_the_records(self):
        row = self.env["sop.coordination"].with_user(self.coordinator).browse(self.agency.id)
        Document = self.env["sop.document"]
        agency = [("company_id", "=", self.agency.id)]
        today = fields.Date.context_today(self.env["sop.document"])
        start, _end = self.env["sop.monitoring"]._period_of(self.agency, today)
        last_start, _last_end = self.env["sop.monitoring"]._last_period_of(self.agency, today)
        waiting = Document.search([*agency, ("state", "in", ("submitted", "verified"))])
        done = self.env["sop.workitem"].search(
            [*agency, ("state", "=", "done"), ("date_done", ">=", start)]
        )
        monitoring = self.env["sop.monitoring"].search([*agency, ("date_from", "=", last_start)])
        Template = self.env["sop.template"].with_context(active_test=False)
        adopted = Document.search([*agency, ("template_id.company_id", "=", self.pemda.id)])
        expected = {
            "sop_count": Document.search_count([*agency, ("state", "=", "approved")]),
            "waiting_paraf": Document.search_count([*agency, ("state", "=", "submitted")]),
            "waiting_approval": Document.search_count([*agency, ("state", "=", "verified")]),
            "waiting_days": max((today - d.date_submitted.date()).days for d in waiting)
            if waiting
            else 0,
            "review_overdue": Document.search_count(
                [*agency, ("state", "=", "approved"), ("date_review", "<", today)]
            ),
            "run_count": self.env["sop.instance"].search_count(
                [*agency, ("date_start", ">=", start)]
            ),
            "step_done": len(done),
            "step_within": len(done.filtered("within_standard")),
            "monitoring_state": monitoring.state or "missing",
            "evaluation_count": self.env["sop.evaluation"].search_count(
                [*agency, ("state", "=", "done"), ("date", ">=", last_start)]
            ),
            "template_adopted": len(adopted),
            "template_outdated": len(
                adopted.filtered(
                    lambda d: Template.search([("previous_id", "=", d.template_id.id)])
                )
            ),
        }
        self.assertEqual({name: row[name] for name in expected}, expected)
        self.assertTrue(row.sop_count, "the demo has SOPs in force")
        self.assertEqual(row.parent_id, self.pemda)
        # the drill-down opens the same records
        action = row.action_open_sops()
        self.assertEqual(
            self.env["sop.document"].with_user(self.coordinator).search_count(action["domain"]),
            row.sop_count,
        )

    def test_remind_gives_the_sekretaris_an_activity(self):
        """Remind, by a coordinator without e-mail: the Sekretaris (not the Kepala Dinas)
        gets an activity naming what is missing, and closes it."""
        rows = self.env["sop.coordination"].with_user(self.coordinator).search([])
        row = rows.filtered(lambda r: r.company_id == self.agency)
        self.assertTrue(row.lagging, "the demo's last period has no confirmed monitoring")
        rows.action_remind()
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "sop.coordination"), ("res_id", "=", row.id)]
        )
        self.assertEqual(activities.user_id, self.secretary)
        self.assertIn("monitoring", activities.note)
        rows.action_remind()  # again: replaced, not doubled
        again = self.env["mail.activity"].search(
            [("res_model", "=", "sop.coordination"), ("res_id", "=", row.id)]
        )
        self.assertEqual(len(again), 1)
        # the Sekretaris opens his agency's row from the systray and marks it done
        again.with_user(self.secretary).action_feedback(feedback="Dikerjakan")
        self.assertFalse(again.exists().filtered("active"), "done (19.0 keeps it, archived)")
        with self.assertRaises(AccessError):
            row.with_user(self.secretary).action_remind()

    def test_remind_needs_a_lagging_agency(self):
        """An agency whose last period's monitoring is confirmed, nothing late: no reminder."""
        agency = self.env["res.company"].create(
            {"name": "Dinas Tertib", "parent_id": self.pemda.id}
        )
        Monitoring = self.env["sop.monitoring"]
        date_from, date_to = Monitoring._last_period_of(
            agency, fields.Date.context_today(Monitoring)
        )
        Monitoring.create(
            {"company_id": agency.id, "date_from": date_from, "date_to": date_to}
        ).state = "confirmed"
        row = self.env["sop.coordination"].with_user(self.coordinator).browse(agency.id)
        self.assertEqual((row.monitoring_state, row.lagging), ("confirmed", False))
        with self.assertRaises(UserError):
            row.action_remind()

    def test_remind_says_when_an_agency_has_no_sekretaris(self):
        agency = self.env["res.company"].create({"name": "Dinas Baru", "parent_id": self.pemda.id})
        row = self.env["sop.coordination"].with_user(self.coordinator).browse(agency.id)
        self.assertTrue(row.lagging, "no monitoring yet")
        with self.assertRaisesRegex(UserError, "Dinas Baru: no Sekretaris"):
            row.action_remind()


@tagged("post_install", "-at_install")
class TestSopCoordinationScale(TransactionCase):
    """The dashboard's figures cost the same queries for one agency as for three."""

    def _pemda(self, name, agencies):
        pemda, children = new_pemda(self.env, name, agencies)
        for child in children:
            for number in range(3):
                self.env["sop.document"].create(
                    {"name": f"SOP {number}", "number": f"{number}", "company_id": child.id}
                )
        user = new_coordinator(self.env, f"koordinator.{agencies}", pemda)
        return user, children

    def _cost(self, user):
        Dashboard = self.env["sop.coordination"].with_user(user)
        self.env.flush_all()
        self.env.invalidate_all()
        Dashboard.web_search_read([], {"sop_count": {}, "waiting_days": {}, "lagging": {}})
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        rows = Dashboard.web_search_read(
            [], {"company_id": {"fields": {"display_name": {}}}, "sop_count": {}, "lagging": {}}
        )
        return self.cr.sql_log_count - before, rows

    def test_queries_do_not_grow_with_agencies(self):
        one, _children_one = self._pemda("Pemerintah Kabupaten Satu", 1)
        three, _children_three = self._pemda("Pemerintah Kabupaten Tiga", 3)
        cost_one, rows_one = self._cost(one)
        cost_three, rows_three = self._cost(three)
        self.assertEqual(rows_one["length"], 1)
        self.assertEqual(rows_three["length"], 3)
        self.assertEqual({r["sop_count"] for r in rows_three["records"]}, {0}, "drafts")
        self.assertEqual(cost_one, cost_three)


@tagged("post_install", "-at_install")
class TestPemdaCompany(TransactionCase):
    """An agency entered before its pemda is placed under it once; nothing else moves."""

    def test_attach_an_agency_to_its_pemda(self):
        Company = self.env["res.company"]
        pemda, agency, other = Company.create(
            [{"name": "Pemerintah Kabupaten Uji"}, {"name": "Dinas Uji"}, {"name": "Pemda Lain"}]
        )
        agency.write({"parent_id": pemda.id})
        self.assertEqual(agency.parent_id, pemda)
        self.assertEqual(Company.search([("id", "child_of", pemda.id)]), pemda | agency)
        agency.write({"parent_id": pemda.id, "city": "Tilamuta"})  # a data file's update
        self.assertEqual(agency.city, "Tilamuta")
        with self.assertRaises(UserError):
            agency.write({"parent_id": other.id})
        with self.assertRaises(UserError):
            pemda.write({"parent_id": other.id})  # it has agencies


@tagged("post_install", "-at_install")
class TestSopCoordinationTour(TourCase):
    def test_coordinator_opens_the_dashboard(self):
        """The coordinator (no e-mail) sees Boalemo's agency only and drills down to its SOPs."""
        self.start_tour(
            "/odoo/action-sop_lakip.sop_coordination_action",
            "sop_coordination_tour",
            login="koordinator.boalemo",
        )

    def test_coordinator_reminds_and_the_sekretaris_finds_it(self):
        """The coordinator (no e-mail) reminds a lagging agency from its row; its Sekretaris
        finds the reminder in his activity systray."""
        self.start_tour(
            "/odoo/action-sop_lakip.sop_coordination_action",
            "sop_coordination_remind_tour",
            login="koordinator.boalemo",
        )
        agency = self.env.ref("sop_lakip.sop_demo_company_boalemo")
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "sop.coordination"), ("res_id", "=", agency.id)]
        )
        self.assertEqual(
            activity.user_id, self.env.ref("sop_lakip.sop_demo_boalemo_user_sekretaris")
        )
        self.start_tour("/odoo", "sop_coordination_reminded_tour", login="sekretaris.boalemo")
