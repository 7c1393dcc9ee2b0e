from odoo import fields, models


class SopLetterYearWizard(models.TransientModel):
    """Start numbering a year of a kind of letter after the serials used outside Odoo."""

    _name = "sop.letter.year.wizard"
    _inherit = ["sop.integer.range.mixin"]
    _description = "Start a Year of Letter Serials"

    kind_id = fields.Many2one("sop.letter.kind", string="Kind of Letter", required=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    last_serial = fields.Integer(
        help="The serial of the last letter of this kind numbered this year outside Odoo; "
        "the first letter numbered here gets one more. Set once, before that first letter."
    )

    def action_confirm(self):
        self.ensure_one()
        self.kind_id._start_year(self.year, self.last_serial)
        return {"type": "ir.actions.act_window_close"}
