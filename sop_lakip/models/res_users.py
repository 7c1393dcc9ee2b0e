from odoo import models
from odoo.exceptions import AccessError, UserError

from .hr_department import ORG_CHART_GROUPS

# Employee fields a user may edit on himself when HR allows "Employee Editing", but that
# place him in the org chart: his unit (its worksheet) and his manager (escalations).
ORG_CHART_SELF_FIELDS = ("department_id", "employee_parent_id")


class ResUsers(models.Model):
    _inherit = "res.users"

    def write(self, vals):
        if (
            not self.env.su
            and any(f in vals for f in ORG_CHART_SELF_FIELDS)
            and not any(self.env.user.has_group(group) for group in ORG_CHART_GROUPS)
        ):
            raise AccessError(
                self.env._(
                    "Only an HR officer or the Kepala Dinas can change your department or "
                    "manager: they decide which unit's data you fill and who is told of "
                    "your overdue steps."
                )
            )
        return super().write(vals)

    def _is_sop_auditor_only(self):
        """An auditor with no other role in the addon: reads everything, writes nothing."""
        self.ensure_one()
        return self.has_group("sop_lakip.group_sop_auditor") and not self.has_group(
            "sop_lakip.group_sop_staff"
        )

    def _get_signing_employee(self, record):
        """The employee this user signs ``record`` (an SOP, a letter) as: his employee in the
        record's agency; refused when he has none there."""
        self.ensure_one()
        employee = self.with_company(record.company_id).employee_id
        if not employee:
            raise UserError(
                self.env._(
                    "You have no employee record in %(agency)s: %(record)s must be signed by "
                    "an employee of the agency.",
                    agency=record.company_id.name,
                    record=record.display_name,
                )
            )
        return employee
