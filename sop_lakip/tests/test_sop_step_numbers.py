import re

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form

from .common import SopCommon


class TestSopStepNumbers(SopCommon):
    """A step prints, runs and is named by its own number, gaps included."""

    def _renumber(self, *numbers):
        """Give the reference SOP's four steps ``numbers``, highest first (no clash on the way)."""
        steps = self.sop.step_ids
        for step, number in sorted(zip(steps, numbers, strict=True), key=lambda p: -p[1]):
            step.write({"number": number})
        return steps

    def test_new_steps_get_the_next_number(self):
        """A step typed in the form gets the number after the highest; a typed one stays."""
        self._renumber(1, 2, 11, 12)
        with Form(self.sop.with_user(self.user_kasubag)) as form:
            with form.step_ids.new() as line:
                line.name = "Mengarsipkan LAKIP"
                line.role_id = self.role_staff
                self.assertEqual(line.number, 13)
            with form.step_ids.new() as line:
                line.name = "Menggandakan LAKIP"
                line.role_id = self.role_staff
                line.number = 20
        self.assertEqual(self.sop.step_ids.mapped("number"), [1, 2, 11, 12, 13, 20])

    def test_steps_created_without_number_follow_their_sequence(self):
        """Steps created in one batch without a number are numbered in sequence order."""
        self._renumber(1, 2, 3, 7)
        self.env["sop.step"].create(
            [
                {"document_id": self.sop.id, "name": name, "sequence": sequence}
                for name, sequence in (("Kedua", 99), ("Pertama", 50))
            ]
        )
        self.assertEqual(
            [(s.number, s.name) for s in self.sop._sorted_steps()[-2:]],
            [(8, "Pertama"), (9, "Kedua")],
        )

    def test_duplicate_number_refused(self):
        """Two steps of one SOP never share a number; another SOP may use the same ones."""
        other = self._create_sop(number="460/LAIN/2024")
        self.assertEqual(other.step_ids.mapped("number"), self.sop.step_ids.mapped("number"))
        steps = self.sop.step_ids
        with self.assertRaisesRegex(ValidationError, r"number 1 is given to 2 steps"):
            steps[1].with_user(self.user_kasubag).write({"number": 1})
        with self.assertRaisesRegex(ValidationError, r"a step number is 1 or more"):
            steps[2].with_user(self.user_kasubag).write({"number": 0})

    def test_gaps_through_submit_run_and_loop_back(self):
        """Numbers 1, 2, 11, 12: the decision and the run name 11; No at 11 goes back to 2."""
        _start, draft, check, _end = self._renumber(1, 2, 11, 12)
        self.assertEqual((check.yes_number, check.no_number), (12, 2))
        self.assertEqual(check.flow_display, "Yes: 12 · No: 2")
        self.assertEqual(draft.flow_display, "11")
        instance = self._start()
        self.assertEqual(instance.document_id.state, "approved")
        self._open(instance).with_user(self.user_kasubag).action_done()
        self._open(instance).with_user(self.user_staff).action_done()
        self.assertEqual(instance.current_step[:3], "11.")
        self._open(instance).with_user(self.user_secretary)._complete("no", "Kurang lengkap")
        self.assertEqual(instance.current_step[:2], "2.")
        self.assertAlmostEqual(instance.progress, 25.0)
        self._open(instance).with_user(self.user_staff).action_done()
        self._open(instance).with_user(self.user_secretary).action_yes()
        self._open(instance).with_user(self.user_head).action_done()
        self.assertEqual(instance.state, "done")
        self.assertEqual(
            instance.workitem_ids.sorted("id").mapped("step_number"), [1, 2, 11, 2, 11, 12]
        )
        self.assertIn(
            "Step 11",
            " ".join(instance.message_ids.mapped(lambda m: re.sub("<[^>]+>", "", m.body))),
        )

    def test_decision_typed_by_number_with_gaps(self):
        """In the form, a decision's Ya/Tidak are typed as printed numbers, gaps included."""
        _start, draft, check, end = self._renumber(1, 5, 11, 13)
        with Form(self.sop.with_user(self.user_kasubag)) as form:
            with form.step_ids.edit(2) as line:
                line.yes_number = 13
                line.no_number = 5
        self.assertEqual((check.yes_step_id, check.no_step_id), (end, draft))
        with self.assertRaisesRegex(ValidationError, r"its steps are 1, 5, 11, 13"):
            self.sop.write({"step_ids": [Command.update(check.id, {"yes_number": 12})]})
        self.assertEqual(self.sop._get_flow_errors(), [])

    def test_bangka_tengah_prints_its_paper_numbers(self):
        """The demo SOP of Bangka Tengah prints steps 1-8, 11, 12, 13 as on its paper."""
        sop = self.env.ref("sop_lakip.sop_demo_bangka_tengah_sop_persiapan_lakip")
        self.assertEqual(sop.step_ids.mapped("number"), [1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13])
        pdf = self._render_pdf("sop_lakip.action_report_sop", sop)
        text = self._poppler("pdftotext", pdf, "-layout")
        printed = re.findall(r"^\s*(\d{1,2})\s{2,}[A-Z]", text, re.MULTILINE)
        self.assertEqual(printed, ["1", "2", "3", "4", "5", "6", "7", "8", "11", "12", "13"])
