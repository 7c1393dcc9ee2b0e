import datetime
import re
from string import Formatter

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import INT4_MAX, ROMAN

# The layout of a kind of letter unless it names another.
LETTER_ACTION = "sop_lakip.action_report_sop_letter"
# ir.sequence.code of the serial sequences of kinds of letter.
LETTER_SEQUENCE_CODE = "sop.letter.kind"
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
# The codes written into a number: letters, digits and the separators of archive codes.
CODE_PATTERN = re.compile(r"[\w.\-/ ]*")
CODE_FIELDS = ("code", "classification_code", "unit_code")


class SopLetterKind(models.Model):
    """A kind of official letter of an agency and how its numbers are written.

    The serial restarts every year; it comes from the kind's own ``ir.sequence``
    (no gap, one date range a year), taken inside the numbering transaction, so a
    number is never given twice and a rolled-back numbering leaves no gap. Only the
    serial integer comes from the sequence; the number is written by the pattern.
    """

    _name = "sop.letter.kind"
    _description = "Kind of Official Letter"
    _inherit = ["sop.agency.mixin"]
    _order = "company_id, sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, help="e.g. Surat Pengantar.")
    code = fields.Char(
        copy=False, help="Short code of the kind, available in the pattern as {code}."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
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
    report_id = fields.Many2one(
        "ir.actions.report",
        string="Layout",
        required=True,
        ondelete="restrict",
        domain=[("model", "=", "sop.letter")],
        default=lambda self: self.env.ref(LETTER_ACTION, raise_if_not_found=False),
        help="The printed form of the letters of this kind: the official letter, or another "
        "report on letters (its own template, calling the agency's letterhead "
        "sop_lakip.report_sop_letterhead).",
    )
    sequence_id = fields.Many2one(
        "ir.sequence",
        string="Serial Sequence",
        readonly=True,
        copy=False,
        help="Gives the serials of this kind, one range a year; made at the first numbering.",
    )
    serial_range_ids = fields.One2many(
        related="sequence_id.date_range_ids", string="Serials per Year"
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

    @api.constrains(*CODE_FIELDS)
    def _check_codes(self):
        for kind in self:
            for name in CODE_FIELDS:
                if not CODE_PATTERN.fullmatch(kind[name] or ""):
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(kind)s is a short code written into the letter "
                            "numbers: use letters, digits, spaces and . - / _ only, not "
                            "%(value)s.",
                            field=self._fields[name]._description_string(self.env),
                            kind=kind.name,
                            value=kind[name],
                        )
                    )

    @api.constrains("report_id")
    def _check_report(self):
        for kind in self:
            if kind.report_id.model != "sop.letter":
                raise ValidationError(
                    self.env._(
                        "The layout of %(kind)s must be a report printing letters, not %(report)s.",
                        kind=kind.name,
                        report=kind.report_id.name,
                    )
                )

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
            month_roman=ROMAN[date.month],
            year=date.year,
        )

    def _take_serial(self, date):
        """Take the next serial of the year of ``date``: it is this transaction's until it ends.

        The kind's row stays locked until commit: a concurrent numbering waits for it, then
        fails to serialize (or to lock the year's range) and is retried by Odoo, and so takes
        the next serial.
        """
        self.ensure_one()
        self._lock_numbering()
        return int(self._serial_sequence()._next(sequence_date=date))

    def _lock_numbering(self):
        """Queue the numberings (and year starts) of this kind until this transaction ends.

        The row is touched, not only locked: a transaction that began before another one
        numbered or started a year, and locks the row once that one committed, fails to
        serialize and is retried by Odoo, instead of deciding on the years' ranges it read
        before (which would give a year two ranges).
        """
        self.env.cr.execute(
            SQL("UPDATE sop_letter_kind SET write_date = write_date WHERE id = %s", self.id)
        )

    def _serial_sequence(self):
        """The kind's sequence (sudo), made on first use: no gap, a range per year."""
        if not self.sequence_id:
            self.sudo().sequence_id = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": f"{self.name} ({self.company_id.name})",
                        "code": LETTER_SEQUENCE_CODE,
                        "implementation": "no_gap",
                        "use_date_range": True,
                        "company_id": self.company_id.id,
                        "padding": 0,
                    }
                )
            )
        return self.sequence_id.sudo()

    def _start_year(self, year, last_serial):
        """Number ``year`` on from ``last_serial``, the last serial used outside Odoo.

        Allowed once, before the year's first letter is numbered here, and never below a
        serial already given that year.
        """
        self.ensure_one()
        self.check_access("write")
        if not 1900 <= year <= 9999:
            raise ValidationError(self.env._("%(year)s is not a year.", year=year))
        if not 0 <= last_serial < INT4_MAX:
            raise ValidationError(
                self.env._(
                    "Start a Year of %(kind)s: the last serial must be between 0 and "
                    "%(max)s, not %(serial)s.",
                    kind=self.name,
                    max=INT4_MAX - 1,
                    serial=last_serial,
                )
            )
        self._lock_numbering()
        sequence = self._serial_sequence()
        ranges = sequence.date_range_ids.filtered(
            lambda r: r.date_from.year <= year <= r.date_to.year
        )
        if ranges:
            raise UserError(self._guard_message(year))
        used = (
            self.env["sop.letter"]
            .sudo()
            ._read_group(
                [("kind_id", "=", self.id), ("serial_year", "=", year), ("serial", ">", 0)],
                [],
                ["serial:max"],
            )[0][0]
        )
        if last_serial < (used or 0):
            raise ValidationError(
                self.env._(
                    "%(kind)s %(year)s: serial %(serial)s is already used; the last serial "
                    "cannot be lower.",
                    kind=self.name,
                    year=year,
                    serial=used or 0,
                )
            )
        self.env["ir.sequence.date_range"].sudo().create(
            {
                "sequence_id": sequence.id,
                "date_from": datetime.date(year, 1, 1),
                "date_to": datetime.date(year, 12, 31),
                "number_next": last_serial + 1,
                "number_next_actual": last_serial + 1,
            }
        )

    def _guard_message(self, year):
        return self.env._(
            "The serial of %(kind)s in %(year)s is kept by the numbering of letters: it "
            "cannot be changed or deleted, or numbers would be given twice or skipped. A "
            "wrong letter is cancelled (it keeps its number); to start numbering in the middle "
            "of a year, add that year with the last serial used outside Odoo before its first "
            "letter is numbered here.",
            kind=self.name,
            year=year,
        )

    def action_start_year(self):
        """Open the form that starts a year after the serials used outside Odoo."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Start a Year"),
            "res_model": "sop.letter.year.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_kind_id": self.id},
        }
