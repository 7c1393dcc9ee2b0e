from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    sop_unit = fields.Boolean(
        string="Takes Part in Per-Unit SOP Steps",
        help="SOP steps done by every unit (e.g. each Bidang fills its own worksheet) "
        "create one work item for each department with this box ticked.",
    )
    sop_delegate_id = fields.Many2one(
        "hr.employee",
        string="SOP Contact",
        check_company=True,
        help="Who does this unit's part of per-unit SOP steps. Empty: the manager. "
        "Steps whose actor is held by a department manager always go to the manager.",
    )
