from odoo import models


class HrEmployeePublic(models.Model):
    """NIP and rank are printed on official documents: every employee may read them."""

    _name = "hr.employee.public"
    _inherit = ["hr.employee.public", "sop.civil.servant.mixin"]
