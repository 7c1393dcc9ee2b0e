from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..compat import ODOO_19, SEX_FIELD

# Digits 13-14 of an NI PPPK, where a PNS NIP has the TMT CPNS month.
PPPK_CODE = "21"
# No civil servant in service was born earlier.
MIN_BIRTH_YEAR = 1940


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

    def _get_signature_block(self):
        """What a signature block prints of this employee (read as superuser: signing
        needs it from anyone who may sign): jabatan, name, pangkat (golongan), NIP.
        SOPs and letters keep a copy of it, so that a promotion changes no signed paper."""
        self.ensure_one()
        employee = self.sudo()
        return {
            "job_title": employee.job_title,
            "name": employee.name,
            "rank": employee.rank_display,
            "nip": employee.nip_display,
        }

    @api.model
    def _normalize_nip(self, vals):
        if vals.get("nip"):
            vals["nip"] = "".join(vals["nip"].split())
        return vals

    @api.model
    def _default_manager(self, vals):
        """On 19.0 the manager follows the department only in the form (18.0 computes it):
        give an employee put in a department without a manager its manager, as 18.0 does."""
        if ODOO_19 and vals.get("department_id") and "parent_id" not in vals:
            manager = self.env["hr.department"].browse(vals["department_id"]).manager_id
            if manager and manager not in self:
                vals = {**vals, "parent_id": manager.id}
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(
            [self._default_manager(self._normalize_nip(vals)) for vals in vals_list]
        )

    def write(self, vals):
        result = super().write(self._default_manager(self._normalize_nip(vals)))
        if SEX_FIELD in vals and ODOO_19:
            # A field of the employee's hr.version there: its change runs no employee check.
            self._check_nip()
        return result

    @api.constrains("nip", "asn_type", SEX_FIELD)
    def _check_nip(self):
        for employee in self.filtered("nip"):
            errors = employee._nip_errors(employee.nip)
            if not errors:
                continue
            # each reason is a sentence: joined, they are one, ending on one full stop
            reason = "; ".join(error.rstrip(".") for error in errors) + "."
            args = {"nip": employee.nip, "employee": employee.name, "reason": reason}
            if employee._is_pppk_nip(employee.nip):
                raise ValidationError(
                    self.env._(
                        "The NI PPPK %(nip)s of %(employee)s is not valid: %(reason)s", **args
                    )
                )
            raise ValidationError(
                self.env._("The NIP %(nip)s of %(employee)s is not valid: %(reason)s", **args)
            )

    def _is_pppk_nip(self, nip):
        """Whether ``nip`` is read as an NI PPPK: the employee is PPPK, or, with no ASN
        status recorded, digits 13-14 hold the PPPK code 21 instead of a TMT month."""
        self.ensure_one()
        if self.asn_type:
            return self.asn_type == "pppk"
        return nip[12:14] == PPPK_CODE

    # Long on purpose: one check per part of the NIP, all reported at once.
    def _nip_errors(self, nip):
        """Every reason why ``nip`` is not a valid NIP (PNS) or NI PPPK of this employee.

        Both have 18 digits: birth date YYYYMMDD, then for a PNS the TMT CPNS YYYYMM
        and for a PPPK the year of appointment followed by 21, then the gender digit
        (1 male, 2 female) and a 3-digit serial.
        """
        self.ensure_one()
        wrong = sorted(set(nip) - set("0123456789"))
        if wrong:
            return [
                self.env._(
                    "it may only contain digits, but it contains %(characters)s.",
                    characters=" ".join(f"'{c}'" for c in wrong),
                )
            ]
        if len(nip) != 18:
            return [self.env._("it must have exactly 18 digits (it has %s).", len(nip))]
        errors = []
        today = fields.Date.context_today(self)
        try:
            birth = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
        except ValueError:
            birth = None
            errors.append(self.env._("digits 1-8 (%s) are not a birth date YYYYMMDD.", nip[:8]))
        if birth and birth.year < MIN_BIRTH_YEAR:
            errors.append(
                self.env._(
                    "the birth year %(year)s (digits 1-4) is not plausible for a civil "
                    "servant: it must be %(min)s or later.",
                    year=birth.year,
                    min=MIN_BIRTH_YEAR,
                )
            )
        adult = birth and birth + relativedelta(years=18)
        if self._is_pppk_nip(nip):
            errors += self._pppk_appointment_errors(nip, adult, today)
        else:
            errors += self._pns_tmt_errors(nip, adult, today)
        gender = nip[14]
        if gender not in "12":
            errors.append(self.env._("digit 15 (%s) must be 1 (male) or 2 (female).", gender))
        else:
            recorded = self.sudo()[SEX_FIELD]
            if recorded == "female" and gender == "1":
                errors.append(
                    self.env._("digit 15 (1) says male, but the employee's gender is female.")
                )
            elif recorded == "male" and gender == "2":
                errors.append(
                    self.env._("digit 15 (2) says female, but the employee's gender is male.")
                )
        if nip[15:] == "000":
            errors.append(self.env._("the serial number (digits 16-18) cannot be 000."))
        return errors

    def _pns_tmt_errors(self, nip, adult, today):
        """Digits 9-14 of a PNS NIP: the TMT CPNS, YYYYMM."""
        if nip[12:14] == PPPK_CODE:
            return [
                self.env._(
                    "digits 13-14 are 21, the code of an NI PPPK, but the employee is a "
                    "civil servant (PNS), whose NIP has the TMT CPNS month there."
                )
            ]
        month = int(nip[12:14])
        if not 1 <= month <= 12:
            return [
                self.env._("digits 9-14 (%s) are not a TMT CPNS year and month YYYYMM.", nip[8:14])
            ]
        tmt = date(int(nip[8:12]), month, 1)
        if adult and tmt < adult.replace(day=1):
            return [
                self.env._(
                    "the TMT CPNS %(tmt)s is before the 18th birthday of someone born on "
                    "%(birth)s.",
                    tmt=nip[8:14],
                    birth=nip[:8],
                )
            ]
        if tmt > today:
            return [self.env._("the TMT CPNS %s (digits 9-14) is in the future.", nip[8:14])]
        return []

    def _pppk_appointment_errors(self, nip, adult, today):
        """Digits 9-14 of an NI PPPK: the year of appointment, then 21."""
        errors = []
        if nip[12:14] != PPPK_CODE:
            errors.append(
                self.env._("digits 13-14 (%s) of an NI PPPK must be 21, the PPPK code.", nip[12:14])
            )
        year = int(nip[8:12])
        if adult and year < adult.year:
            errors.append(
                self.env._(
                    "the year of appointment %(year)s (digits 9-12) is before the 18th "
                    "birthday of someone born on %(birth)s.",
                    year=year,
                    birth=nip[:8],
                )
            )
        elif year > today.year:
            errors.append(
                self.env._("the year of appointment %s (digits 9-12) is in the future.", year)
            )
        return errors
