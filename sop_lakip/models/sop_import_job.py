import base64

from odoo import api, fields, models


class SopImportJob(models.Model):
    """An import of SOPs from Excel run by a scheduled job instead of the user's request:
    a workbook of many SOPs would hold a worker of the server for as long as it takes.

    States, all moved by the system: *queued* (the import wizard made it and woke the
    scheduled job), *running* (the job took it; its user is told in his web client how
    many SOPs are written after each batch, ``_tell_progress``; ``progress_done`` of
    ``progress_total`` SOPs is written at its end, with the SOPs: a transaction of its own
    writing it on the way would make the job's end fail on the concurrent update), then
    *done* (every SOP imported) or *failed* (nothing written, ``errors`` as the import in
    the request would have shown them). The job imports as the user who asked,
    in the agency he was in, so his rights and the agency's rules apply; he reads his own
    jobs, and is told in Odoo when one ends."""

    _name = "sop.import.job"
    _inherit = "sop.background.job"
    _description = "SOP Import in the Background"
    _rec_name = "filename"
    _job_cron = "sop_lakip.ir_cron_sop_import_job"

    user_id = fields.Many2one(string="Imported By")
    file = fields.Binary(string="Excel File", attachment=True, readonly=True)
    filename = fields.Char(string="File Name", readonly=True)
    create_roles = fields.Boolean(string="Create Missing Roles", readonly=True)
    progress_done = fields.Integer(string="SOPs Written", readonly=True)
    progress_total = fields.Integer(string="SOPs in the File", readonly=True)
    progress = fields.Float(
        compute="_compute_progress", help="The share of the file's SOPs written so far."
    )
    errors = fields.Text(
        help="Why nothing was imported: every problem of the file, as the import lists them."
    )
    notes = fields.Text(
        readonly=True, help="What of the file was not imported (the approval rows), per SOP."
    )
    document_ids = fields.Many2many("sop.document", string="Imported SOPs", readonly=True)

    @api.depends("progress_done", "progress_total")
    def _compute_progress(self):
        for job in self:
            total = job.progress_total
            job.progress = 100.0 * job.progress_done / total if total else 0.0

    # ------------------------------------------------------------------
    # Queueing (the wizard) and the work
    # ------------------------------------------------------------------
    @api.model
    def _queue(self, data, filename, create_roles, total):
        """Queue the import of ``data`` as the current user in his current agency, after
        checking he may import at all (the file itself is checked by the job)."""
        Document = self.env["sop.document"]
        Document._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can import SOPs."),
        )
        Document.check_access("create")
        return self._queue_job(
            {
                "file": base64.b64encode(data),
                "filename": filename,
                "create_roles": create_roles,
                "progress_total": total,
            }
        )

    def _start_values(self):
        return {"progress_done": 0}

    def _execute(self, env):
        """Import the job's file as its user, in his agency."""
        Document = env["sop.document"].with_company(self.company_id)
        data = base64.b64decode(self.with_context(bin_size=False).file or b"")
        documents, notes = Document._import_xlsx_notes(
            data, self.filename, self.create_roles, progress=self._tell_progress
        )
        return {
            "progress_done": len(documents),
            "document_ids": [fields.Command.set(documents.ids)],
            "notes": "\n".join(notes) or False,
        }

    def _tell_progress(self, done, total):
        """Tell the user how far his import is: a notification in his web client, sent
        from a transaction of its own, committed at once (the import's own ends with it)."""
        job = self.with_context(lang=self.user_id.lang)
        if done:
            message = job.env._(
                "%(file)s: %(done)s of %(count)s SOPs written.",
                file=self.filename,
                done=done,
                count=total,
            )
        else:
            message = job.env._(
                "%(file)s: %(count)s SOPs read and checked; now writing them.",
                file=self.filename,
                count=total,
            )
        title = job.env._("Importing SOPs")
        with self.env.registry.cursor() as cr:
            self._send_notification(self.env(cr=cr), title, message, "info")

    def _unexpected_error(self, env):
        return env._("The import stopped on an unexpected error: nothing was imported.")

    def _stopped_error(self):
        return self.env._(
            "The import stopped before its end, also when run again: nothing was imported. "
            "Import the file in smaller parts."
        )

    def _notification(self):
        if self.state == "done":
            return self.env._("SOPs imported"), self.env._(
                "%(file)s: %(count)s SOPs imported as drafts. Open SOP ▸ SOP Imports to see them.",
                file=self.filename,
                count=len(self.document_ids),
            )
        return self.env._("SOPs not imported"), self.env._(
            "%(file)s: nothing was imported. Open SOP ▸ SOP Imports for the list of problems.",
            file=self.filename,
        )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def _action_queued(self):
        """What the wizard shows: the import runs in the background; then its job."""
        self.ensure_one()
        return super()._action_queued(
            self.env._("Import started in the background"),
            self.env._(
                "%(file)s holds %(count)s SOPs: they are imported in the background, all "
                "or none. You are told here when it is done.",
                file=self.filename,
                count=self.progress_total,
            ),
        )

    def action_open_documents(self):
        """The draft SOPs the job imported."""
        self.ensure_one()
        title = self.env._("Imported SOPs")
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "sop.document",
            "domain": [("id", "in", self.document_ids.ids)],
            "view_mode": "list,form",
        }
