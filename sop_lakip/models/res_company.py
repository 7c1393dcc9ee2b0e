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
    sop_government_name = fields.Char(
        string="Government",
        help="First line of the letterhead, e.g. 'Pemerintah Kabupaten Boalemo'.",
    )
    sop_paper = fields.Selection(
        [("f4", "F4 (215 x 330 mm)"), ("a4", "A4 (210 x 297 mm)")],
        string="SOP Paper",
        default="f4",
        required=True,
        help="Paper of the printed SOP form, always landscape.",
    )
    lakip_capaian_cap = fields.Float(
        string="Achievement Cap (%)",
        help="The most an indicator's achievement can be, e.g. 120. Leave 0 for no cap.",
    )
