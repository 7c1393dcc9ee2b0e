import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..report.lakip_xlsx_reader import MAX_FILE_BYTES, human_size


class SopDocumentImportWizard(models.TransientModel):
    """Import from Excel: the file and whether to create the roles it names."""

    _name = "sop.document.import.wizard"
    _description = "Import SOPs from Excel"

    file = fields.Binary(
        string="Excel File",
        required=True,
        help="An .xlsx file in the SOP table layout (the template, or SOPs exported from "
        "Odoo): a sheet pair Identitas / Langkah per SOP; at most 2 MB.",
    )
    filename = fields.Char()
    create_roles = fields.Boolean(
        string="Create Missing Roles",
        help="Create the actors the file names that are not yet SOP roles of your agency, "
        "held by the manager of the SOP's unit (check them afterwards under SOP Roles). "
        "Unticked, unknown actors are listed and nothing is imported.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_file_size(vals.get("file"), vals.get("filename"))
        return super().create(vals_list)

    def _check_file_size(self, encoded, filename):
        """Refuse an oversized upload by its base64 length, before decoding or storing it."""
        size = len(encoded or b"") * 3 // 4
        if size > MAX_FILE_BYTES:
            raise UserError(
                self.env._(
                    "%(file)s is %(size)s, more than the %(limit)s an SOP file may be: nothing "
                    "was imported.",
                    file=filename or self.env._("The file"),
                    size=human_size(size),
                    limit=human_size(MAX_FILE_BYTES),
                )
            )

    def action_download_template(self):
        """The empty SOP of the user's agency, its SOP roles as the actor columns."""
        return self.env.ref("sop_lakip.action_report_sop_template_xlsx").report_action(
            self.env.company
        )

    def action_import(self):
        """Import the file and show the draft SOPs it made."""
        self.ensure_one()
        data = base64.b64decode(self.with_context(bin_size=False).file or b"")
        documents = self.env["sop.document"]._import_xlsx(data, self.filename, self.create_roles)
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported SOPs"),
            "res_model": "sop.document",
            "domain": [("id", "in", documents.ids)],
            "view_mode": "list,form",
        }
        if len(documents) == 1:
            action.update(res_id=documents.id, view_mode="form", views=[(False, "form")])
        return action
