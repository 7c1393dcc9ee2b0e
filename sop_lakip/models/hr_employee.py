from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Pangkat/golongan of civil servants (PNS), in order of seniority.
PNS_GRADES = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK_GRADES = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    asn_type = fields.Selection(
        [("pns", "Civil servant (PNS)"), ("pppk", "Contract civil servant (PPPK)")],
        string="ASN Status",
    )
    nip = fields.Char(
        string="NIP",
        size=18,
        copy=False,
        help="Nomor Induk Pegawai: 18 digits = birth date (YYYYMMDD), TMT CPNS "
        "(YYYYMM), gender (1 male, 2 female) and a 3-digit serial. Spaces are ignored.",
    )
    nip_display = fields.Char(string="NIP (printed)", compute="_compute_nip_display")
    pns_grade = fields.Selection(
        [(code, f"{name} ({code})") for code, name in PNS_GRADES],
        string="Pangkat/Golongan",
    )
    pppk_grade = fields.Selection([(code, code) for code in PPPK_GRADES], string="PPPK Golongan")
    rank_display = fields.Char(
        string="Rank (printed)",
        compute="_compute_rank_display",
        help="Pangkat and golongan as printed in signature blocks, "
        "e.g. 'Pembina Utama Muda (IV/c)'.",
    )

    _sql_constraints = [
        (
            "nip_company_uniq",
            "unique(nip, company_id)",
            "This NIP is already used by another employee of this agency.",
        ),
    ]

    @api.depends("nip")
    def _compute_nip_display(self):
        for employee in self:
            nip = employee.nip
            employee.nip_display = (
                f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if nip and len(nip) == 18 else nip
            )

    @api.depends("asn_type", "pns_grade", "pppk_grade")
    def _compute_rank_display(self):
        labels = dict(self._fields["pns_grade"]._description_selection(self.env))
        for employee in self:
            if employee.asn_type == "pppk" and employee.pppk_grade:
                employee.rank_display = self.env._("Golongan %s", employee.pppk_grade)
            else:
                employee.rank_display = labels.get(employee.pns_grade, False)

    @api.model
    def _normalize_nip(self, vals):
        if vals.get("nip"):
            vals["nip"] = "".join(vals["nip"].split())
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalize_nip(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalize_nip(vals))

    @api.constrains("nip")
    def _check_nip(self):
        for employee in self.filtered("nip"):
            error = employee._nip_error(employee.nip)
            if error:
                raise ValidationError(
                    self.env._(
                        "The NIP %(nip)s of %(employee)s is not valid: %(reason)s",
                        nip=employee.nip,
                        employee=employee.name,
                        reason=error,
                    )
                )

    def _nip_error(self, nip):
        """Return why ``nip`` is not a valid NIP, or an empty string."""
        if len(nip) != 18 or not nip.isdigit():
            return self.env._("it must have exactly 18 digits (it has %s characters).", len(nip))
        try:
            birth = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
        except ValueError:
            return self.env._("digits 1-8 (%s) are not a birth date YYYYMMDD.", nip[:8])
        month = int(nip[12:14])
        if not 1 <= month <= 12:
            return self.env._(
                "digits 9-14 (%s) are not a TMT CPNS year and month YYYYMM.", nip[8:14]
            )
        tmt = date(int(nip[8:12]), month, 1)
        if tmt < (birth + relativedelta(years=18)).replace(day=1):
            return self.env._(
                "the TMT CPNS %(tmt)s is before the 18th birthday of someone born on %(birth)s.",
                tmt=nip[8:14],
                birth=nip[:8],
            )
        if nip[14] not in "12":
            return self.env._("digit 15 (%s) must be 1 (male) or 2 (female).", nip[14])
        if nip[15:] == "000":
            return self.env._("the serial number (digits 16-18) cannot be 000.")
        return ""
