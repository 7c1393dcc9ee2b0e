from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from .common import SopCommon, store_result


@tagged("post_install", "-at_install")
class TestSopInstanceChatter(SopCommon):
    """What the run's chatter says and offers about its steps."""

    def _answer_no(self, decision, user, reason):
        action = decision.with_user(user).action_no()
        wizard = Form(
            self.env[action["res_model"]].with_user(user).with_context(**action["context"])
        )
        wizard.reason = reason
        wizard.save().action_confirm()

    def _to_decision(self, run):
        self._open(run).with_user(self.user_kasubag).action_done()
        self._open(run).with_user(self.user_staff).action_done()
        return self._open(run)

    def test_the_chatter_says_the_answer_and_its_reason(self):
        """A decision's answer and the reason of a No are logged on the run, not just "done"."""
        run = self._start()
        decision = self._to_decision(run)
        self._answer_no(decision, self.user_secretary, "Data Bidang PMD belum masuk")
        bodies = [html2plaintext(m.body) for m in run.message_ids]
        self.assertTrue(
            any(
                "Step 3 (Memeriksa draft LAKIP dan memaraf): No. Reason: Data Bidang PMD belum masuk"
                in b
                for b in bodies
            ),
            bodies,
        )
        self._open(run).with_user(self.user_staff).action_done()
        self._open(run).with_user(self.user_secretary).action_yes()
        bodies = [html2plaintext(m.body) for m in run.message_ids]
        self.assertTrue(
            any("Step 3 (Memeriksa draft LAKIP dan memaraf): Yes" in b for b in bodies), bodies
        )
        self.assertEqual(decision.feedback, "Data Bidang PMD belum masuk", "the timeline keeps it")

    def test_progress_follows_the_loop_back(self):
        """After a No, progress counts only the steps before the one the run returns to."""
        run = self._start()
        self.assertEqual(run.progress, 0)
        decision = self._to_decision(run)
        self.assertEqual(run.progress, 50)
        self._answer_no(decision, self.user_secretary, "Belum lengkap")
        self.assertEqual(run.progress, 25, "back to step 2: only step 1 stays done")
        self._open(run).with_user(self.user_staff).action_done()
        self.assertEqual(run.progress, 50)
        self._open(run).with_user(self.user_secretary).action_yes()
        self.assertEqual(run.progress, 75)

    def test_the_redo_activity_carries_the_reason(self):
        """Whoever must redo the step reads in the activity why it came back, and from whom."""
        run = self._start()
        decision = self._to_decision(run)
        self._answer_no(decision, self.user_secretary, "Target kinerja belum sesuai Renstra")
        note = html2plaintext(self._open(run).activity_ids.note)
        self.assertIn("Target kinerja belum sesuai Renstra", note)
        self.assertIn(self.user_secretary.name, note)
        self.assertIn("step 3", note)

    def test_the_reason_is_escaped_in_the_note(self):
        """The reason is text: markup typed in it is shown, not run."""
        run = self._start()
        decision = self._to_decision(run)
        self._answer_no(decision, self.user_secretary, "<b>tebal</b>")
        self.assertIn("&lt;b&gt;tebal&lt;/b&gt;", str(self._open(run).activity_ids.note))

    def test_the_web_client_knows_step_and_decision_activities(self):
        """The chatter gets which activities are steps and which ask Yes or No."""
        run = self._start()
        step_activity = self._open(run).activity_ids
        other = run.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_staff.id)

        def data(activity):
            result = store_result(activity.with_user(self.user_kasubag))
            return result["mail.activity"][0]

        first = self._open(run)
        self.assertEqual(data(step_activity)["sop_workitem_id"], first.id)
        self.assertFalse(data(step_activity)["sop_decision"])
        self.assertNotIn("sop_decision", data(other))
        decision = self._to_decision(run)
        self.assertTrue(data(decision.activity_ids)["sop_decision"])
        self.assertFalse(data(other)["sop_workitem_id"])

    def test_a_step_activity_is_not_reassigned_or_cancelled(self):
        """The chatter's Edit and Cancel cannot move a step away from the run's assignee."""
        run = self._start()
        activity = self._open(run).activity_ids.with_user(self.user_kasubag)
        with self.assertRaises(UserError):
            activity.write({"user_id": self.user_staff.id})
        with self.assertRaises(UserError):
            activity.unlink()
        activity.write({"date_deadline": "2030-01-01"})
        self.assertEqual(activity.user_id, self.user_kasubag)
        self.assertEqual(self._open(run).user_id, self.user_kasubag)

    def test_step_notes_speak_the_assignee_language(self):
        """A step's activity note and a No's reason are in the assignee's language, whatever
        the language of whoever moved the run on (an XML-RPC call has none)."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env.ref("base.module_sop_lakip")._update_translations(["id_ID"])
        self.user_staff.lang = "id_ID"
        run = self._start()
        self._open(run).with_user(self.user_kasubag).with_context(lang=None).action_done()
        note = html2plaintext(self._open(run).activity_ids.note)
        self.assertIn("*Waktu baku:* 2 Hari Kerja", note)
        self._open(run).with_user(self.user_staff).action_done()
        self._answer_no(self._open(run), self.user_secretary, "Belum lengkap")
        note = html2plaintext(self._open(run).activity_ids.note)
        self.assertIn("Dikembalikan oleh", note)
        self.assertIn("Belum lengkap", note)

    def test_answers_are_logged_in_the_users_language(self):
        """An Indonesian user answering a decision, Yes from the activity (its button sends
        no language) or No from the dialog, has the run's history logged in Indonesian."""
        self.env["res.lang"]._activate_lang("id_ID")
        for module in ("mail", "sop_lakip"):
            self.env.ref(f"base.module_{module}")._update_translations(["id_ID"])
        self.user_secretary.lang = "id_ID"
        run = self._start()
        self._answer_no(self._to_decision(run), self.user_secretary, "Belum lengkap")
        self._open(run).with_user(self.user_staff).action_done()
        before = run.message_ids
        self._open(run).with_user(self.user_secretary).with_context(lang=None).action_yes()
        logged = html2plaintext((run.message_ids - before).body)
        self.assertIn("selesai", logged)
        self.assertIn("Langkah 3 (Memeriksa draft LAKIP dan memaraf): Ya", logged)
        self.assertNotIn("done", logged)
        self.assertNotIn("Yes", logged)
