import base64
import logging
import threading
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..compat import cron_progress

_logger = logging.getLogger(__name__)

#: Finished jobs (and their files) are kept this long for their user to look at.
KEEP_DAYS = 30
#: Runs of a job at most: a job found running when the scheduled job starts was stopped
#: (the server stopped, or its worker was killed); it is run again once, then fails.
MAX_ATTEMPTS = 2


class SopImportJob(models.Model):
    """An import of SOPs from Excel run by a scheduled job instead of the user's request:
    a workbook of many SOPs would hold a worker of the server for as long as it takes.

    States, all moved by the system: *queued* (the import wizard made it and woke the
    scheduled job), *running* (the job took it; its user is told in his web client how
    many SOPs are written after each batch, ``_tell_progress``; ``progress_done`` of
    ``progress_total`` SOPs is written at its end, with the SOPs: a transaction of its own
    writing it on the way would make the job's end fail on the concurrent update), then *done* (every
    SOP imported) or *failed* (nothing written, ``errors`` as
    the import in the request would have shown them). The job imports as the user who asked,
    in the agency he was in, so his rights and the agency's rules apply; he reads his own
    jobs, and is told in Odoo when one ends."""

    _name = "sop.import.job"
    _description = "SOP Import in the Background"
    _order = "id desc"
    _rec_name = "filename"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users", string="Imported By", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", string="Agency", required=True, readonly=True)
    file = fields.Binary(string="Excel File", attachment=True, readonly=True)
    filename = fields.Char(string="File Name", readonly=True)
    create_roles = fields.Boolean(string="Create Missing Roles", readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="queued",
        required=True,
        readonly=True,
    )
    attempts = fields.Integer(
        string="Runs Started",
        readonly=True,
        help="How often the scheduled job started this import: one that stopped is run "
        "again once, then fails.",
    )
    progress_done = fields.Integer(string="SOPs Written", readonly=True)
    progress_total = fields.Integer(string="SOPs in the File", readonly=True)
    progress = fields.Float(
        compute="_compute_progress", help="The share of the file's SOPs written so far."
    )
    date_start = fields.Datetime(string="Started On", readonly=True)
    date_done = fields.Datetime(string="Ended On", readonly=True)
    errors = fields.Text(
        readonly=True,
        help="Why nothing was imported: every problem of the file, as the import lists them.",
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
    # Queueing (the wizard) and the scheduled job
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
        # The user may not create jobs himself (he would name another user to run as).
        job = self.sudo().create(
            {
                "user_id": self.env.uid,
                "company_id": self.env.company.id,
                "file": base64.b64encode(data),
                "filename": filename,
                "create_roles": create_roles,
                "progress_total": total,
            }
        )
        self.env.ref("sop_lakip.ir_cron_sop_import_job").sudo()._trigger()
        return job.with_env(self.env)

    @api.model
    def _cron_run_queued(self):
        """Run the oldest queued job; the scheduled job comes back at once while others wait.

        Only this scheduled job runs jobs, one at a time (Odoo locks it while it runs): a job
        it finds *running* was stopped (the server stopped, or its worker was killed) and
        its import rolled back. It is run again once, then fails, so that a file that stops
        every run does not hold the jobs queued after it."""
        pending = [("state", "in", ("queued", "running"))]
        job = self.search(pending, order="id", limit=1)
        if not job:
            return
        if job.state == "running" and job.attempts >= MAX_ATTEMPTS:
            job._fail_stopped()
        else:
            job._run()
        cron_progress(self.env, 1, self.search_count(pending))

    def _fail_stopped(self):
        """End a job whose runs all stopped before their end (nothing of it was kept)."""
        errors = self.with_context(lang=self.user_id.lang).env._(
            "The import stopped before its end, also when run again: nothing was imported. "
            "Import the file in smaller parts."
        )
        _logger.warning("SOP import job %s stopped %s times: failed", self.id, self.attempts)
        self._finish(self.env["sop.document"], [], errors)
        self._commit()

    def _run(self):
        """Import the job's file as its user: all of it in one savepoint, or nothing. The
        SOPs and the job's end are committed together: a run that stops leaves no SOPs."""
        self.ensure_one()
        self.write(
            {
                "state": "running",
                "date_start": fields.Datetime.now(),
                "progress_done": 0,
                "attempts": self.attempts + 1,
            }
        )
        self._commit()
        env = self.env(
            user=self.user_id, context={"lang": self.user_id.lang, "tz": self.user_id.tz}
        )
        Document = env["sop.document"].with_company(self.company_id)
        data = base64.b64decode(self.with_context(bin_size=False).file or b"")
        documents, notes, errors = env["sop.document"], [], ""
        try:
            with self.env.cr.savepoint():
                documents, notes = Document._import_xlsx_notes(
                    data, self.filename, self.create_roles, progress=self._tell_progress
                )
        except UserError as error:
            errors = error.args[0]
        except Exception:  # the job ends failed, the error logged
            _logger.exception("SOP import job %s failed", self.id)
            errors = env._("The import stopped on an unexpected error: nothing was imported.")
        self._finish(documents, notes, errors)
        self._commit()

    def _finish(self, documents, notes, errors):
        """Record how the job ended and tell its user (in the import's transaction)."""
        values = {"date_done": fields.Datetime.now(), "errors": errors or False}
        if errors:
            values["state"] = "failed"
        else:
            values.update(
                state="done",
                progress_done=len(documents),
                document_ids=[fields.Command.set(documents.ids)],
                notes="\n".join(notes) or False,
            )
        self.write(values)
        self._notify_user()

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
        payload = {"title": job.env._("Importing SOPs"), "message": message, "type": "info"}
        with self.env.registry.cursor() as cr:
            user = self.env(cr=cr)["res.users"].browse(self.user_id.id)
            user._bus_send("simple_notification", {**payload, "sticky": False})

    def _notify_user(self):
        """A notification in the user's web client (he needs no e-mail address)."""
        self.ensure_one()
        job = self.with_context(lang=self.user_id.lang)
        if self.state == "done":
            title = job.env._("SOPs imported")
            message = job.env._(
                "%(file)s: %(count)s SOPs imported as drafts. Open SOP ▸ SOP Imports to see them.",
                file=self.filename,
                count=len(self.document_ids),
            )
        else:
            title = job.env._("SOPs not imported")
            message = job.env._(
                "%(file)s: nothing was imported. Open SOP ▸ SOP Imports for the list of problems.",
                file=self.filename,
            )
        self.user_id._bus_send(
            "simple_notification",
            {
                "title": title,
                "message": message,
                "sticky": True,
                "type": "success" if self.state == "done" else "danger",
            },
        )

    @api.model
    def _commit(self):
        """End the transaction so the user sees where the job is. Not in tests, which run
        in one transaction (as Odoo's mail queue does)."""
        if not getattr(threading.current_thread(), "testing", False):
            # A scheduled job's own transaction, ended on purpose (as _commit_progress does).
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.autovacuum
    def _gc_finished_jobs(self):
        """Finished jobs and their files are deleted after ``KEEP_DAYS`` (not the SOPs)."""
        limit = fields.Datetime.now() - timedelta(days=KEEP_DAYS)
        self.search([("state", "in", ("done", "failed")), ("date_done", "<", limit)]).unlink()

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def _action_queued(self):
        """What the wizard shows: the import runs in the background; then its job."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Import started in the background"),
                "message": self.env._(
                    "%(file)s holds %(count)s SOPs: they are imported in the background, all "
                    "or none. You are told here when it is done.",
                    file=self.filename,
                    count=self.progress_total,
                ),
                "type": "info",
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": self._name,
                    "res_id": self.id,
                    "views": [(False, "form")],
                    "target": "current",
                },
            },
        }

    def action_refresh(self):
        """Read the job again (the web client reloads the form after a button)."""
        return True

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
