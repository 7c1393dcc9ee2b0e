from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SopRole(models.Model):
    """A Pelaksana of the agency's SOPs: the name printed on the form and who holds it.

    Roles belong to one agency (company). The holder is resolved from the org chart,
    so that a running SOP can find the user who must do each step.
    """

    _name = "sop.role"
    _description = "SOP Role (Pelaksana)"
    _inherit = ["sop.agency.mixin"]
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, help="The name printed in the Pelaksana column.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    holder_type = fields.Selection(
        [
            ("head", "Head of the agency"),
            ("manager", "Manager of a department"),
            ("employee", "Named employee"),
            ("none", "Not assigned yet"),
        ],
        string="Held By",
        required=True,
        default="manager",
        help="Head of the agency: the Head of Agency set on the company. "
        "Manager of a department: whoever manages the department at the time. "
        "Named employee: one person. Not assigned yet: a role made by copying an SOP from "
        "another agency or a template; its SOP cannot run until you choose who holds it.",
    )
    department_id = fields.Many2one("hr.department", check_company=True)
    employee_id = fields.Many2one("hr.employee", check_company=True)
    holder_id = fields.Many2one(
        "hr.employee",
        string="Current Holder",
        compute="_compute_holder_id",
        help="The employee who holds this role now, resolved from the org chart.",
    )
    note = fields.Text(string="Description")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A role with this name already exists in this agency.",
        ),
    ]

    @api.depends(
        "holder_type",
        "department_id.manager_id",
        "employee_id",
        "company_id.sop_head_id",
    )
    def _compute_holder_id(self):
        for role in self:
            role.holder_id = {
                "head": role.company_id.sop_head_id,
                "manager": role.department_id.manager_id,
                "employee": role.employee_id,
                "none": role.employee_id.browse(),
            }[role.holder_type]

    @api.constrains("holder_type", "department_id", "employee_id")
    def _check_holder(self):
        for role in self:
            if role.holder_type == "manager" and not role.department_id:
                raise ValidationError(
                    self.env._(
                        "Role %s is held by a department's manager: choose the department.",
                        role.name,
                    )
                )
            if role.holder_type == "employee" and not role.employee_id:
                raise ValidationError(
                    self.env._(
                        "Role %s is held by a named employee: choose the employee.",
                        role.name,
                    )
                )
