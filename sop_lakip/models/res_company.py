from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sop_head_id = fields.Many2one(
        "hr.employee",
        string="Head of Agency",
        check_company=True,
        help="The Kepala Dinas: holds every SOP role resolved as 'Head of the agency' "
        "and signs (pengesahan) the agency's SOPs.",
    )
