import base64

from odoo import api, models
from odoo.exceptions import UserError

from ..report.xlsx_messages import check_upload_size


class SopXlsxImportMixin(models.AbstractModel):
    """What the Excel import wizards share: an upload (fields ``file`` and ``filename``)
    refused by its size before it is stored or decoded, in the words of the model it is
    imported into (``_xlsx_model``, its ``_xlsx_hint``)."""

    _name = "sop.xlsx.import.mixin"
    _description = "Excel Import Wizard"
    _xlsx_model = None

    def _check_file_size(self, encoded, filename):
        """Refuse an oversized upload by its base64 length, before decoding or storing it."""
        hint = self.env[self._xlsx_model]._xlsx_hint()
        check_upload_size(self.env, len(encoded or b"") * 3 // 4, filename, hint)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_file_size(vals.get("file"), vals.get("filename"))
        return super().create(vals_list)

    def write(self, vals):
        if "file" in vals:
            self._check_file_size(vals["file"], vals.get("filename") or self[:1].filename)
        return super().write(vals)

    def _file_data(self):
        """The uploaded file's bytes, its size checked first."""
        self.ensure_one()
        encoded = self.with_context(bin_size=False).file or b""
        if not encoded:
            raise UserError(self.env._("Choose the Excel file to import first."))
        self._check_file_size(encoded, self.filename)
        return base64.b64decode(encoded)
