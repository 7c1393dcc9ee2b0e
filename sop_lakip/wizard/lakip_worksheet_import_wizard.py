import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..report.lakip_xlsx_reader import MAX_FILE_BYTES, human_size


class LakipWorksheetImportWizard(models.TransientModel):
    _name = "lakip.worksheet.import.wizard"
    _description = "Import Worksheet"

    worksheet_id = fields.Many2one("lakip.worksheet", required=True)
    file = fields.Binary(
        string="Filled Worksheet",
        required=True,
        help="The .xlsx file downloaded from the worksheet and filled in; at most 2 MB.",
    )
    filename = fields.Char()

    def _check_file_size(self, encoded, filename):
        """Refuse an oversized upload by its base64 length, before decoding or storing it."""
        size = len(encoded or b"") * 3 // 4
        if size > MAX_FILE_BYTES:
            raise UserError(
                self.env._(
                    "%(file)s is %(size)s, more than the %(limit)s a worksheet file may be: "
                    "nothing was imported. Import the worksheet downloaded from Odoo, without "
                    "pictures or other sheets.",
                    file=filename or self.env._("The file"),
                    size=human_size(size),
                    limit=human_size(MAX_FILE_BYTES),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_file_size(vals.get("file"), vals.get("filename"))
        return super().create(vals_list)

    def write(self, vals):
        if "file" in vals:
            self._check_file_size(vals["file"], vals.get("filename") or self[:1].filename)
        return super().write(vals)

    def action_import(self):
        self.ensure_one()
        encoded = self.with_context(bin_size=False).file or b""
        self._check_file_size(encoded, self.filename)
        self.worksheet_id._import_xlsx(base64.b64decode(encoded), self.filename)
        return {"type": "ir.actions.act_window_close"}
