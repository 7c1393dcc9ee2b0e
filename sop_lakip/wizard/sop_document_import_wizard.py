from odoo import fields, models

#: From this many SOPs in the file on, the import runs in the background (a scheduled job):
#: 20 SOPs take about two seconds of the server, which a request may take. The system
#: parameter ``sop_lakip.import_background_from`` sets another count.
BACKGROUND_FROM = 20
BACKGROUND_PARAM = "sop_lakip.import_background_from"


class SopDocumentImportWizard(models.TransientModel):
    """Import from Excel: the file and whether to create the roles it names."""

    _name = "sop.document.import.wizard"
    _inherit = "sop.xlsx.import.mixin"
    _description = "Import SOPs from Excel"
    _xlsx_model = "sop.document"

    # Not required: Download Template saves the wizard before any file is chosen.
    file = fields.Binary(
        string="Excel File",
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

    def _background_from(self):
        """From how many SOPs on a file is imported in the background."""
        # System parameters are the administrator's to read; this one is not secret.
        param = self.env["ir.config_parameter"].sudo().get_param(BACKGROUND_PARAM)
        return int(param) if param and param.isdigit() else BACKGROUND_FROM

    def action_download_template(self):
        """The empty SOP of the user's agency, its SOP roles as the actor columns."""
        return self.env.ref("sop_lakip.action_report_sop_template_xlsx").report_action(
            self.env.company
        )

    def action_import(self):
        """Import the file and show the draft SOPs it made; a file of many SOPs is
        imported in the background: show its job."""
        self.ensure_one()
        data = self._file_data()
        count = self.env["sop.document"]._xlsx_count(data)
        if count >= self._background_from():
            job = self.env["sop.import.job"]._queue(data, self.filename, self.create_roles, count)
            return job._action_queued()
        documents, notes = self.env["sop.document"]._import_xlsx_notes(
            data, self.filename, self.create_roles
        )
        # The title apart from the dict: Odoo 19.0's term extractor would also take "id".
        title = self.env._("Imported SOPs")
        action = {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "sop.document",
            "domain": [("id", "in", documents.ids)],
            "view_mode": "list,form",
        }
        if len(documents) == 1:
            action.update(res_id=documents.id, view_mode="form", views=[(False, "form")])
        if not notes:
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("SOPs imported, approval rows not"),
                "message": "\n".join(notes),
                "type": "warning",
                "sticky": True,
                "next": action,
            },
        }
