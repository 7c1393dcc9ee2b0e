from odoo import fields, models

from .hr_employee import PNS_GRADES, PPPK_GRADES


class HrEmployeePublic(models.Model):
    """NIP and rank are printed on official documents: every employee may read them."""

    _inherit = "hr.employee.public"

    asn_type = fields.Selection(
        [("pns", "Civil servant (PNS)"), ("pppk", "Contract civil servant (PPPK)")],
        string="ASN Status",
        readonly=True,
    )
    nip = fields.Char(string="NIP", readonly=True)
    nip_display = fields.Char(string="NIP (printed)", compute="_compute_nip_display")
    pns_grade = fields.Selection(
        [(code, f"{name} ({code})") for code, name in PNS_GRADES],
        string="Pangkat/Golongan",
        readonly=True,
    )
    pppk_grade = fields.Selection(
        [(code, code) for code in PPPK_GRADES], string="PPPK Golongan", readonly=True
    )
    rank_display = fields.Char(string="Rank (printed)", compute="_compute_rank_display")

    def _compute_nip_display(self):
        self._copy_public_compute("nip_display")

    def _compute_rank_display(self):
        self._copy_public_compute("rank_display")

    def _copy_public_compute(self, field_name):
        employees = self.env["hr.employee"].sudo().browse(self.ids)
        for public, employee in zip(self, employees, strict=True):
            public[field_name] = employee[field_name]
