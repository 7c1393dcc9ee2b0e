from string import Formatter

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# Placeholders of a numbering pattern, with a sample value to check a pattern at save.
PLACEHOLDERS = {
    "classification": "000.8.3.3",
    "serial": 1,
    "unit": "DSPMD",
    "code": "SP",
    "month": 1,
    "month_roman": "I",
    "year": 2024,
}


class SopLetterKind(models.Model):
    """A kind of official letter of an agency and how its numbers are written.

    The serial restarts every year; it is kept per kind and year in
    ``sop.letter.counter`` and taken inside the numbering transaction, so a number
    is never given twice and a rolled-back numbering leaves no gap.
    """

    _name = "sop.letter.kind"
    _description = "Kind of Official Letter"
    _order = "company_id, sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, help="e.g. Surat Pengantar.")
    code = fields.Char(help="Short code of the kind, available in the pattern as {code}.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    classification_code = fields.Char(
        string="Archive Classification",
        help="Kode klasifikasi arsip (Permendagri 83/2022, e.g. 000.8.3.3; older codes "
        "such as 050, 460 or 800), available in the pattern as {classification}.",
    )
    unit_code = fields.Char(
        help="Code of the sending unit (e.g. DSPMD, SEKRE, D-5), available in the pattern "
        "as {unit}."
    )
    pattern = fields.Char(
        string="Numbering Pattern",
        required=True,
        default="{classification}/{serial}/{unit}/{month_roman}/{year}",
        help="How the number is written. Placeholders: {classification} archive "
        "classification, {serial} serial number of the year ({serial:03d} pads it to "
        "three digits: 004), {unit} unit code, {code} code of the kind, {month} month "
        "number ({month:02d}: 03), {month_roman} month in Roman numerals (III), {year}. "
        "The pattern must hold {serial} and {year}, since the serial restarts every year. "
        "Anything else is printed as written, e.g. "
        "{classification}/{unit}/SOP/11.a/{serial}/{year} or SOP.{serial:03d}.{unit}.{year}.",
    )
    default_recipients = fields.Text(
        help="Addressees (Kepada Yth.) proposed for new letters of this kind, one a line."
    )
    counter_ids = fields.One2many(
        "sop.letter.counter", "kind_id", string="Serials per Year", copy=False
    )
    number_example = fields.Char(
        string="Example", compute="_compute_number_example", help="A number written today."
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(company_id, code)",
            "This agency already has a kind of letter with this code.",
        ),
    ]

    @api.depends("pattern", "classification_code", "unit_code", "code")
    def _compute_number_example(self):
        today = fields.Date.context_today(self)
        for kind in self:
            try:
                kind.number_example = kind._format_number(1, today)
            except (KeyError, ValueError, IndexError, AttributeError):
                kind.number_example = False

    @api.constrains("pattern")
    def _check_pattern(self):
        for kind in self:
            error = kind._pattern_error(kind.pattern or "")
            if error:
                raise ValidationError(
                    self.env._(
                        "The numbering pattern %(pattern)s of %(kind)s is not valid: %(reason)s",
                        pattern=kind.pattern,
                        kind=kind.name,
                        reason=error,
                    )
                )

    def _pattern_error(self, pattern):
        """Return why ``pattern`` cannot number letters, or an empty string."""
        allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        try:
            parts = list(Formatter().parse(pattern))
        except ValueError as error:
            return self.env._("%(error)s (write a brace as {{ or }}).", error=error)
        names = []
        for _literal, name, spec, conversion in parts:
            if name is None:
                continue
            placeholder = f"{{{name}:{spec}}}" if spec else f"{{{name}}}"
            if name not in PLACEHOLDERS or conversion:
                return self.env._(
                    "unknown placeholder %(placeholder)s; use %(allowed)s.",
                    placeholder=placeholder,
                    allowed=allowed,
                )
            try:
                format(PLACEHOLDERS[name], spec)
            except ValueError:
                return self.env._(
                    "the format of placeholder %(placeholder)s does not fit its value.",
                    placeholder=placeholder,
                )
            names.append(name)
        if "serial" not in names:
            return self.env._("it has no {serial}: every letter would get the same number.")
        if "year" not in names:
            return self.env._(
                "it has no {year}: the serial restarts every year, so each year would give "
                "again the numbers of the year before. Add {year}, e.g. %(example)s.",
                example=pattern + "/{year}",
            )
        return ""

    def _format_number(self, serial, date):
        """The number of the letter with ``serial`` dated ``date``."""
        self.ensure_one()
        return self.pattern.format(
            classification=self.classification_code or "",
            serial=serial,
            unit=self.unit_code or "",
            code=self.code or "",
            month=date.month,
            month_roman=ROMAN_MONTHS[date.month - 1],
            year=date.year,
        )

    def _take_serial(self, year):
        """Take the next serial of ``year``: it is this transaction's until it ends.

        The counter row stays locked until commit: a concurrent numbering waits for it,
        then fails to serialize and is retried by Odoo, and so takes the next serial.
        """
        self.ensure_one()
        self.env["sop.letter.counter"].flush_model()
        self.env.cr.execute(
            SQL(
                "INSERT INTO sop_letter_counter (kind_id, year, last_serial, create_uid, "
                "create_date, write_uid, write_date) VALUES (%s, %s, 0, %s, "
                "NOW() AT TIME ZONE 'UTC', %s, NOW() AT TIME ZONE 'UTC') "
                "ON CONFLICT (kind_id, year) DO NOTHING",
                self.id,
                year,
                self.env.uid,
                self.env.uid,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE sop_letter_counter SET last_serial = last_serial + 1, write_uid = %s, "
                "write_date = NOW() AT TIME ZONE 'UTC' WHERE kind_id = %s AND year = %s "
                "RETURNING last_serial",
                self.env.uid,
                self.id,
                year,
            )
        )
        serial = self.env.cr.fetchone()[0]
        self.env["sop.letter.counter"].invalidate_model()
        self.invalidate_recordset(["counter_ids"])
        return serial
