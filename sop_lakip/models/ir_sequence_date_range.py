from odoo import api, models
from odoo.exceptions import UserError

from .sop_letter_kind import LETTER_SEQUENCE_CODE


class IrSequenceDateRange(models.Model):
    """A year of letter serials is moved by numbering only (``sop.letter.kind``).

    Raising it would skip numbers, lowering or deleting it would give them twice. The
    numbering moves it in SQL (no-gap sequence), never through ``write``.
    """

    _inherit = "ir.sequence.date_range"

    def write(self, vals):
        self.check_access("write")
        # Creating a range writes its next number again through number_next_actual.
        same = vals.keys() == {"number_next"} and set(self.mapped("number_next")) <= {
            vals["number_next"]
        }
        if vals and not same:
            self._check_not_letter_serial()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_letter_serial(self):
        self._check_not_letter_serial()

    def _check_not_letter_serial(self):
        serials = self.filtered(lambda r: r.sudo().sequence_id.code == LETTER_SEQUENCE_CODE)
        if serials:
            kind = (
                self.env["sop.letter.kind"]
                .sudo()
                .with_context(active_test=False)
                .search([("sequence_id", "=", serials[0].sudo().sequence_id.id)], limit=1)
            )
            raise UserError(kind._guard_message(serials[0].date_from.year))
