from odoo import fields
from odoo.tests import tagged

from .common import SopCommon, TourCase


@tagged("post_install", "-at_install")
class TestSopInstanceTour(TourCase, SopCommon):
    def test_steps_from_the_inbox_and_a_loop_back(self):
        """A Staf completes his step from the systray; the Kepala Dinas answers No with a reason."""
        self.sop.step_ids[2].role_id = self.role_head
        run = self._start(name="Tour LAKIP")
        self._open(run).with_user(self.user_kasubag).action_done()
        staff_item = self._open(run)
        # Due today, so that the systray's default filter (late and today) lists it.
        staff_item.activity_ids.date_deadline = fields.Date.context_today(
            staff_item.with_user(self.user_staff)
        )
        self.start_tour("/odoo", "sop_lakip_staff_step_tour", login=self.user_staff.login)
        self.assertEqual(staff_item.state, "done")
        self.assertEqual(staff_item.done_by_id, self.user_staff)
        self.assertEqual(staff_item.feedback, "Draft LAKIP sudah dibuat")
        decision = self._open(run)
        self.assertEqual(decision.user_id, self.user_head)

        self.start_tour(
            "/odoo/action-sop_lakip.sop_instance_action",
            "sop_lakip_head_decision_tour",
            login=self.user_head.login,
        )
        self.assertEqual(
            (decision.outcome, decision.feedback), ("no", "Target kinerja belum sesuai Renstra")
        )
        self.assertEqual(self._open(run).step_id, self.sop.step_ids[1])

    def test_chatter_refreshes_the_run_and_asks_decisions(self):
        """Done in the chatter refreshes the timeline; a decision's activity asks Yes or No."""
        run = self._start(name="Chatter Run")
        url = f"/odoo/action-sop_lakip.sop_instance_action/{run.id}"
        self.start_tour(url, "sop_lakip_chatter_step_done_tour", login=self.user_kasubag.login)
        self.assertEqual(self._open(run).step_id, self.sop.step_ids[1])
        self._open(run).with_user(self.user_staff).action_done()
        decision = self._open(run)
        self.start_tour(url, "sop_lakip_chatter_decision_tour", login=self.user_secretary.login)
        self.assertEqual((decision.outcome, decision.feedback), ("no", "Lampiran kurang lengkap"))
        self.assertEqual(self._open(run).step_id, self.sop.step_ids[1])

    def test_yes_from_the_chatter_in_the_users_language(self):
        """An Indonesian Sekretaris answers Yes on the activity; the run logs it in Indonesian."""
        self.env["res.lang"]._activate_lang("id_ID")
        for module in ("mail", "sop_lakip"):
            self.env.ref(f"base.module_{module}")._update_translations(["id_ID"])
        self.user_secretary.lang = "id_ID"
        run = self._start(name="Chatter Run")
        self._open(run).with_user(self.user_kasubag).action_done()
        self._open(run).with_user(self.user_staff).action_done()
        decision = self._open(run)
        url = f"/odoo/action-sop_lakip.sop_instance_action/{run.id}"
        self.start_tour(url, "sop_lakip_chatter_yes_tour", login=self.user_secretary.login)
        self.assertEqual(decision.outcome, "yes")

    def test_auditor_chatter_offers_nothing_to_add(self):
        """An auditor opening a run sees its chatter without the buttons that add to it."""
        run = self._start(name="Audited Run")
        url = f"/odoo/action-sop_lakip.sop_instance_action/{run.id}"
        self.start_tour(url, "sop_lakip_auditor_chatter_tour", login=self.user_auditor.login)
        self.start_tour(url, "sop_lakip_staff_chatter_tour", login=self.user_staff.login)

    def test_wide_screen_keeps_the_timeline_readable(self):
        """At 1600 px the chatter goes below the run's timeline, whose step names keep their
        width and break only between words."""
        run = self._start(name="Wide Run")
        self.browser_size = "1600x900"
        self.start_tour(
            f"/odoo/action-sop_lakip.sop_instance_action/{run.id}",
            "sop_lakip_wide_timeline_tour",
            login=self.user_kasubag.login,
        )
