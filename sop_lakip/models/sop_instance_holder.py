from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import readable


class SopInstanceHolder(models.Model):
    """Who holds a role in one SOP run: resolved from the org chart, overridable before start."""

    _name = "sop.instance.holder"
    _description = "SOP Run Role Holder"
    _order = "id"
    _check_company_auto = True

    instance_id = fields.Many2one("sop.instance", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="instance_id.company_id", store=True)
    role_id = fields.Many2one("sop.role", required=True, check_company=True, ondelete="restrict")
    employee_id = fields.Many2one(
        "hr.employee",
        string="Holder",
        check_company=True,
        help="Leave empty to use the role's current holder; set when the run starts.",
    )
    resolved_employee_id = fields.Many2one(
        "hr.employee", string="Will Be Done By", compute="_compute_resolved_employee_id"
    )
    user_id = fields.Many2one("res.users", compute="_compute_resolved_employee_id")

    @api.depends("role_id.name", "instance_id.name")
    def _compute_display_name(self):
        for holder in self:
            holder.display_name = (
                f"{holder.role_id.name or ''} \u2013 {holder.instance_id.name or ''}"
            )

    @api.depends("employee_id", "role_id")
    def _compute_resolved_employee_id(self):
        for holder in self:
            employee = holder._resolve_employee()
            holder.resolved_employee_id = employee
            # only of an employee the user may read: a department's manager may work for
            # another agency (starting the run refuses such a holder, by name)
            holder.user_id = readable(employee).sudo().user_id

    def _resolve_employee(self):
        self.ensure_one()
        return self.employee_id or self.role_id.holder_id

    def _check_draft_run(self):
        if any(h.instance_id.state != "draft" for h in self):
            raise UserError(self.env._("Role holders can only be changed before the run starts."))

    def _check_company(self, fnames=None):
        # The check depends only on a holder's agency, role and employee, and the runs
        # started together share these: one holder of each combination is checked (Odoo
        # checks record by record, which was most of the cost of freezing 50 runs).
        distinct = {(h.company_id, h.role_id, h.employee_id): h.id for h in self}
        return super(SopInstanceHolder, self.browse(distinct.values()))._check_company(fnames)

    @api.model_create_multi
    def create(self, vals_list):
        # Before the write policy, which would only name the field.
        runs = self.env["sop.instance"].browse(
            {vals["instance_id"] for vals in vals_list if vals.get("instance_id")}
        )
        for run in runs:
            self.new({"instance_id": run.id})._check_draft_run()
        return super().create(vals_list)

    def write(self, vals):
        self._check_draft_run()
        res = super().write(vals)
        if "instance_id" in vals:
            self._check_draft_run()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started_run(self):
        if not self.env.su:  # the superuser may clean up a run deleted as a whole
            self._check_draft_run()
