from odoo import api, fields, models


class SopLetterLine(models.Model):
    """A row of the table of a Surat Pengantar: a document sent, how many, and a remark."""

    _name = "sop.letter.line"
    _description = "Document Sent with a Letter"
    _order = "letter_id, sequence, id"

    letter_id = fields.Many2one("sop.letter", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        related="letter_id.company_id", store=True, index=True, precompute=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Document", required=True, help="Naskah Dinas yang dikirimkan.")
    quantity = fields.Char(help="Banyaknya, e.g. '2 (dua) eksemplar'.")
    note = fields.Text(string="Remarks", help="Keterangan.")

    def _check_letter_editable(self):
        self.letter_id._check_state(
            ["draft", "numbered"], self.env._("a signed letter can no longer be changed.")
        )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_letter_editable()
        return lines

    def write(self, vals):
        self._check_letter_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_letter_signed(self):
        self._check_letter_editable()
