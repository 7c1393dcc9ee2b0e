from odoo import api, fields, models
from odoo.exceptions import AccessError

# The groups trusted to change the org chart's authority: HR officers, and the Kepala Dinas.
ORG_CHART_GROUPS = ("hr.group_hr_user", "sop_lakip.group_sop_head")


class HrDepartment(models.Model):
    """The agency's org chart: who manages a unit decides who verifies, approves and
    receives its SOP steps, so only HR officers and the Kepala Dinas change that part
    (Odoo lets every internal user write departments); every change is tracked."""

    _inherit = "hr.department"

    # What grants authority in this addon (see README, Access).
    _SOP_AUTHORITY_FIELDS = frozenset(
        {
            "name",
            "active",
            "company_id",
            "parent_id",
            "manager_id",
            "sop_unit",
            "sop_delegate_id",
        }
    )

    name = fields.Char(tracking=True)
    active = fields.Boolean(tracking=True)
    company_id = fields.Many2one(tracking=True)
    parent_id = fields.Many2one(tracking=True)
    sop_unit = fields.Boolean(
        string="Takes Part in Per-Unit SOP Steps",
        tracking=True,
        help="SOP steps done by every unit (e.g. each Bidang fills its own worksheet) "
        "create one work item for each department with this box ticked.",
    )
    sop_delegate_id = fields.Many2one(
        "hr.employee",
        string="SOP Contact",
        check_company=True,
        tracking=True,
        help="Who does this unit's part of per-unit SOP steps. Empty: the manager. "
        "Steps whose actor is held by a department manager always go to the manager.",
    )

    @api.model
    def _check_org_chart_access(self, fnames):
        """Refuse a change of ``fnames`` that grant authority, unless HR or the Kepala Dinas."""
        fnames = self._SOP_AUTHORITY_FIELDS.intersection(fnames)
        if not fnames or self.env.su:
            return
        if any(self.env.user.has_group(group) for group in ORG_CHART_GROUPS):
            return
        raise AccessError(
            self.env._(
                "Only an HR officer or the Kepala Dinas can change the org chart "
                "(%(fields)s of a department): it decides who verifies, approves and "
                "does the SOP steps.",
                fields=", ".join(sorted(self._fields[f].string for f in fnames)),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_org_chart_access(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_org_chart_access(vals)
        return super().write(vals)

    def _update_employee_manager(self, manager_id):
        # The Kepala Dinas changes a manager (allowed by write's check) without HR rights on
        # employees: the unit's members follow their new manager, as for an HR officer.
        if not self.env.su and self.env.user.has_group("sop_lakip.group_sop_head"):
            return super(HrDepartment, self.sudo())._update_employee_manager(manager_id)
        return super()._update_employee_manager(manager_id)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_org_chart_keepers(self):
        self._check_org_chart_access(self._SOP_AUTHORITY_FIELDS)
