from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SopCommon


@tagged("post_install", "-at_install")
class TestSopValidation(SopCommon):
    """Every rule of a valid SOP, each broken once: the message names the step."""

    def assertSubmitRefused(self, sop, *fragments):
        with self.assertRaises(ValidationError) as caught:
            sop.with_user(self.user_kasubag).action_submit()
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertEqual(sop.state, "draft", "nothing is half-written")
        return message

    def test_valid_sop_has_no_errors(self):
        """The reference SOP passes every rule."""
        self.assertEqual(self.sop._get_flow_errors(), [])

    def test_number_and_unit_required(self):
        """An SOP without number or unit cannot be submitted."""
        self.sop.write({"number": False, "department_id": False})
        self.assertSubmitRefused(
            self.sop, "The SOP number is missing.", "The unit that owns the SOP is missing."
        )

    def test_no_steps(self):
        """An SOP without steps cannot be submitted."""
        self.sop.step_ids.unlink()
        self.assertSubmitRefused(self.sop, "The SOP has no steps.")

    def test_no_start(self):
        """Exactly one start: none is refused."""
        self.sop.step_ids[0].symbol = "process"
        self.assertSubmitRefused(self.sop, "There is no start step")

    def test_two_starts(self):
        """Exactly one start: two are refused, naming both."""
        self.sop.step_ids[1].symbol = "start"
        self.assertSubmitRefused(self.sop, "steps 1, 2 are all marked Start")

    def test_no_end(self):
        """At least one end step."""
        self.sop.step_ids[3].symbol = "process"
        self.assertSubmitRefused(self.sop, "There is no end step", "From step 4 no end step")

    def test_step_without_role(self):
        """Every step has a Pelaksana."""
        self.sop.step_ids[1].role_id = False
        self.assertSubmitRefused(self.sop, "Step 2 has no actor")

    def test_role_not_in_columns(self):
        """A step's role must be drawn in one of the SOP's columns."""
        self.sop.column_ids[3].unlink()
        self.assertSubmitRefused(self.sop, "Step 2: role Staf is not in any actor column")

    def test_decision_without_branch(self):
        """A decision names both its Ya and its Tidak step."""
        self.sop.step_ids[2].no_step_id = False
        self.assertSubmitRefused(self.sop, "Step 3 is a decision")

    def test_unreachable_step(self):
        """Every step can be reached from the start."""
        steps = self.sop.step_ids
        steps[0].symbol = "end"
        steps[1].symbol = "start"
        steps[2].write({"symbol": "process"})
        self.assertSubmitRefused(self.sop, "Step 1 cannot be reached from the start step.")

    def test_step_that_cannot_reach_end(self):
        """Every step can reach an end: a decision looping on itself cannot."""
        steps = self.sop.step_ids
        steps[2].write({"yes_step_id": steps[1].id, "no_step_id": steps[1].id})
        message = self.assertSubmitRefused(self.sop, "Step 4 cannot be reached")
        self.assertIn("From step 2 no end step can be reached.", message)

    def test_time_must_be_positive(self):
        """Waktu is greater than zero, refused at once with the step's number."""
        with self.assertRaisesRegex(ValidationError, "Step 2 of SOP .*: the time must be greater"):
            self.sop.step_ids[1].duration = 0

    def test_decision_target_in_other_sop(self):
        """A decision cannot jump into another SOP."""
        other = self._create_sop(number="X/9")
        with self.assertRaisesRegex(ValidationError, "Step 3 of SOP .*same SOP"):
            self.sop.step_ids[2].no_step_id = other.step_ids[1]

    def test_errors_are_all_listed_together(self):
        """All problems come in one message, so the author fixes them in one go."""
        self.sop.step_ids[1].role_id = False
        self.sop.step_ids[2].yes_step_id = False
        self.assertSubmitRefused(self.sop, "Step 2 has no actor", "Step 3 is a decision")

    def test_errors_are_translated(self):
        """Messages come in the user's language."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["sop_lakip"], ["id_ID"], overwrite=True)
        self.sop.step_ids[1].role_id = False
        self.assertSubmitRefused(self.sop.with_context(lang="id_ID"), "Langkah 2")

    def test_role_needs_holder_details(self):
        """A role held by a department's manager names the department."""
        with self.assertRaisesRegex(ValidationError, "Role Kabid is held by a department"):
            self.env["sop.role"].create(
                {"name": "Kabid", "holder_type": "manager", "company_id": self.company.id}
            )
        with self.assertRaisesRegex(ValidationError, "Role Staf 2 is held by a named employee"):
            self.env["sop.role"].create(
                {"name": "Staf 2", "holder_type": "employee", "company_id": self.company.id}
            )

    def test_step_role_of_other_agency_refused(self):
        """A step cannot use a role of another agency."""
        with self.assertRaises(UserError):
            self.env["sop.step"].create(
                {
                    "document_id": self.sop.id,
                    "name": "Salah",
                    "role_id": self.role_head_b.id,
                }
            )

    def test_column_roles_of_other_agency_refused(self):
        """Columns only hold roles of the SOP's agency."""
        with self.assertRaises(UserError):
            self.sop.write(
                {"column_ids": [Command.create({"role_ids": [Command.set(self.role_head_b.ids)]})]}
            )
