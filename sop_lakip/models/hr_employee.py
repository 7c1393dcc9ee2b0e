from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.exceptions import ValidationError


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "sop.civil.servant.mixin"]

    _sql_constraints = [
        (
            "nip_company_uniq",
            "unique(nip, company_id)",
            "This NIP is already used by another employee of this agency.",
        ),
    ]

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
