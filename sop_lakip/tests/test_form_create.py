from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import LakipCommon


@tagged("post_install", "-at_install")
class TestFormCreate(LakipCommon):
    """Every record with a New button saves from its form, as the role that creates it.

    The web client sends every field's default on create, the statusbar's state
    included: the workflow guard lets a default through and refuses a change.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kind = cls.env["sop.letter.kind"].create(
            {"name": "Surat Pengantar", "company_id": cls.company.id, "unit_code": "DSPMD"}
        )

    def _form(self, model, user=None, view=None):
        return Form(self.env[model].with_user(user or self.user_kasubag), view=view)

    def test_sop_saves_from_new(self):
        """A Kasubag fills a new SOP, with a decision, and saves it as a draft."""
        with self._form("sop.document") as form:
            form.name = "Pengarsipan Surat"
            form.number = "460/DSPMD/SOP/11.a/9/2024"
            self._fill_sop_form(
                form,
                ("Menerima surat", "Memeriksa kelengkapan surat", "Mengarsipkan surat"),
            )
            with form.step_ids.edit(1) as decision:
                self.assertEqual(decision.flow_display, "Yes: 3 · No: 1")
        sop = form.record
        self.assertEqual(sop.state, "draft")
        steps = sop.step_ids
        self.assertEqual(len(steps), 3)
        self.assertEqual((steps[1].yes_step_id, steps[1].no_step_id), (steps[2], steps[0]))
        self.assertEqual(sop.author_id, self.emp_kasubag)
        self.assertEqual(sop.department_id, self.dept_program)  # the Kasubag's unit
        self.assertFalse(sop._get_flow_errors())

    def test_run_saves_from_new(self):
        """A Kasubag creates a run of an approved SOP from the form."""
        self._approve(self.sop)
        with self._form("sop.instance") as form:
            form.name = "Penyusunan LAKIP 2025"
            form.document_id = self.sop
        run = form.record
        self.assertEqual(run.state, "draft")
        self.assertEqual(run.holder_ids.role_id, self.sop.step_ids.role_id)

    def test_lakip_saves_from_new(self):
        """A Kasubag creates the next year's LAKIP from the form."""
        with self._form("lakip.report") as form:
            form.year = 2025
        self.assertEqual(form.record.state, "draft")
        self.assertEqual(form.record.company_id, self.company)

    def test_letter_saves_from_new(self):
        """A Kasubag writes a new letter from the form; it has no number yet."""
        with self._form("sop.letter") as form:
            form.name = "Pengiriman LAKIP"
            form.kind_id = self.kind
            form.recipients = "Kepala BAPPEDA"
            with form.line_ids.new() as line:
                line.name = "Dokumen LAKIP Tahun 2024"
        letter = form.record
        self.assertEqual((letter.state, letter.number), ("draft", False))

    def test_reference_data_saves_from_new(self):
        """Roles, kinds of letter, objectives, indicators and targets save from their forms."""
        with self._form("sop.role") as form:
            form.name = "Arsiparis"
            form.holder_type = "employee"
            form.employee_id = self.emp_staff
        self.assertEqual(form.record.company_id, self.company)
        with self._form("sop.letter.kind") as form:
            form.name = "Nota Dinas"
        self.assertEqual(form.record.company_id, self.company)
        with self._form("lakip.objective") as form:
            form.name = "Meningkatnya tata kelola"
        objective = form.record
        with self._form("lakip.indicator") as form:
            form.name = "Nilai SAKIP"
            form.objective_id = objective
            form.department_id = self.dept_program
            form.uom = "Nilai"
        with self._form("lakip.target") as form:
            form.indicator_id = self.ind_rehab
            form.year = 2025
            form.target = 85
        self.assertEqual(form.record.indicator_id, self.ind_rehab)

    def test_guard_refuses_a_change_not_a_default(self):
        """Creating with the default state passes; any other state, or a change, is refused."""
        Report = self.env["lakip.report"].with_user(self.user_kasubag)
        report = Report.create({"year": 2030, "state": "draft"})
        report.write({"state": "draft"})  # the value it has: not a change
        with self.assertRaisesRegex(UserError, "A LAKIP's state changes with its buttons"):
            Report.create({"year": 2031, "state": "sent"})
        with self.assertRaisesRegex(UserError, "A LAKIP's state changes with its buttons"):
            report.write({"state": "compiled"})
        self.report.sudo().state = "collecting"
        both = report | self.report  # draft and collecting: "draft" changes one of them
        with self.assertRaisesRegex(UserError, "A LAKIP's state changes with its buttons"):
            both.write({"state": "draft"})
        Letter = self.env["sop.letter"].with_user(self.user_kasubag)
        vals = {"name": "X", "company_id": self.company.id, "kind_id": self.kind.id}
        Letter.create({**vals, "state": "draft", "number": False})
        with self.assertRaisesRegex(UserError, "only set by its buttons"):
            Letter.create({**vals, "number": "050/1/DSPMD/I/2024"})
        self.assertEqual((report.state, self.report.state), ("draft", "collecting"))

    def test_duplicate_sop_names_its_author(self):
        """A duplicated SOP is drafted by whoever duplicates it; a revision keeps its author."""
        self.assertFalse(self.sop.author_id)  # created by data, like the demo SOPs
        duplicate = self.sop.with_user(self.user_kasubag).copy()
        self.assertEqual(duplicate.author_id, self.emp_kasubag)
        self.assertEqual(duplicate.department_id, self.sop.department_id)
        self.sop.author_id = self.emp_staff
        self._approve(self.sop)
        action = self.sop.with_user(self.user_secretary).action_revise()
        revision = self.env["sop.document"].browse(action["res_id"])
        self.assertEqual(revision.author_id, self.emp_staff)

    def test_decision_targets_typed_as_numbers_on_a_saved_sop(self):
        """A decision can go to a step added in the same save; a missing number is refused."""
        with Form(self.sop.with_user(self.user_kasubag)) as form:
            with form.step_ids.new() as step:
                step.name = "Mengarsipkan LAKIP"
                step.role_id = self.role_staff
                step.symbol = "end"
            with form.step_ids.edit(2) as decision:
                self.assertEqual((decision.yes_number, decision.no_number), (4, 2))
                decision.yes_number = 5
        steps = self.sop.step_ids
        self.assertEqual((steps[2].yes_step_id, steps[2].no_step_id), (steps[4], steps[1]))
        with self.assertRaisesRegex(
            ValidationError,
            "Yes goes to step 9, but the SOP has no such step",
        ):
            with Form(self.sop.with_user(self.user_kasubag)) as form:
                with form.step_ids.edit(2) as decision:
                    decision.yes_number = 9
        self.assertEqual(steps[2].yes_step_id, steps[4])
        # Over RPC, on the step itself, the numbers resolve the same way.
        steps[2].with_user(self.user_kasubag).write({"no_number": 1})
        self.assertEqual(steps[2].no_step_id, steps[0])
        with self.assertRaisesRegex(ValidationError, "No goes to step 7"):
            steps[2].with_user(self.user_kasubag).write({"no_number": 7})
