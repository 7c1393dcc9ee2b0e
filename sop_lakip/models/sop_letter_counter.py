from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SopLetterCounter(models.Model):
    """The last serial given to a kind of letter in a year (the serial restarts yearly).

    Only the numbering moves it (``sop.letter.kind._take_serial``, in SQL, under a row
    lock). A Kasubag may add the counter of a year before its first letter is numbered
    here, with the last serial used outside Odoo; once there, nobody changes or deletes
    it: raising it would skip numbers, lowering or deleting it would give them twice.
    """

    _name = "sop.letter.counter"
    _description = "Letter Serial per Year"
    _order = "kind_id, year desc"

    kind_id = fields.Many2one(
        "sop.letter.kind", string="Kind of Letter", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="kind_id.company_id")
    year = fields.Integer(required=True)
    last_serial = fields.Integer(
        help="The serial of the last letter numbered this year; the next one gets one more. "
        "When the agency starts numbering here in the middle of a year, add the year with "
        "the last serial used outside Odoo before numbering its first letter here; after "
        "that only the numbering changes it."
    )

    _sql_constraints = [
        ("kind_year_uniq", "unique(kind_id, year)", "A kind of letter has one serial per year."),
    ]

    @api.constrains("last_serial", "year", "kind_id")
    def _check_last_serial(self):
        used = {
            (kind, year): serial
            for kind, year, serial in self.env["sop.letter"]
            .sudo()
            ._read_group(
                [("kind_id", "in", self.kind_id.ids), ("serial", ">", 0)],
                ["kind_id", "serial_year"],
                ["serial:max"],
            )
        }
        for counter in self:
            serial = used.get((counter.kind_id, counter.year), 0)
            if counter.last_serial < serial:
                raise ValidationError(
                    self.env._(
                        "%(kind)s %(year)s: serial %(serial)s is already used; the last serial "
                        "cannot be lower.",
                        kind=counter.kind_id.name,
                        year=counter.year,
                        serial=serial,
                    )
                )

    def write(self, vals):
        self.check_access("write")
        if vals:
            raise UserError(self._guard_message())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self._guard_message())

    def _guard_message(self):
        counter = self[:1]
        return self.env._(
            "The serial of %(kind)s in %(year)s is kept by the numbering of letters: it "
            "cannot be changed or deleted, or numbers would be given twice or skipped. A "
            "wrong letter is cancelled (it keeps its number); to start numbering in the middle "
            "of a year, add that year with the last serial used outside Odoo before its first "
            "letter is numbered here.",
            kind=counter.kind_id.name,
            year=counter.year,
        )
