import logging
import threading
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import clean_context

from ..compat import cron_progress

_logger = logging.getLogger(__name__)

#: Finished jobs (and their files) are kept this long for their user to look at.
KEEP_DAYS = 30
#: Runs of a job at most: a job found running when the scheduled job starts was stopped
#: (the server stopped, or its worker was killed); it is run again once, then fails.
MAX_ATTEMPTS = 2


class SopBackgroundJob(models.AbstractModel):
    """Work run by a scheduled job instead of the user's request (an import, a print of
    many SOPs): a request would hold a worker of the server for as long as it takes.

    States, all moved by the system: *queued* (the request made it and woke the scheduled
    job), *running* (the job took it), then *done* (all of it) or *failed* (nothing kept,
    ``errors`` as the request would have shown them). The work runs as the user who asked,
    in the agency he was in, so his rights and the agency's rules apply; he reads his own
    jobs, and is told in Odoo when one ends. A model of jobs names its scheduled job
    (``_job_cron``) and does its work in ``_execute``."""

    _name = "sop.background.job"
    _description = "SOP Work in the Background"
    _order = "id desc"
    _check_company_auto = True

    #: The xml id of the scheduled job that runs the model's jobs.
    _job_cron = None

    user_id = fields.Many2one("res.users", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", string="Agency", required=True, readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="queued",
        required=True,
        readonly=True,
    )
    attempts = fields.Integer(
        string="Runs Started",
        readonly=True,
        help="How often the scheduled job started this job: one that stopped is run "
        "again once, then fails.",
    )
    date_start = fields.Datetime(string="Started On", readonly=True)
    date_done = fields.Datetime(string="Ended On", readonly=True)
    errors = fields.Text(readonly=True, help="Why the job failed: every problem it found.")

    # ------------------------------------------------------------------
    # Queueing (the request) and the scheduled job
    # ------------------------------------------------------------------
    @api.model
    def _queue_job(self, values):
        """Queue a job of ``values`` as the current user in his current agency (the caller
        checked he may ask for it) and wake the scheduled job."""
        # The user may not create jobs himself (he would name another user to run as), nor
        # give the job's other fields through default_* keys of his context.
        job = (
            self.sudo()
            .with_context(clean_context(self.env.context))
            .create({**values, "user_id": self.env.uid, "company_id": self.env.company.id})
        )
        self.env.ref(self._job_cron).sudo()._trigger()
        return job.with_env(self.env)

    @api.model
    def _cron_run_queued(self):
        """Run the oldest queued job; the scheduled job comes back at once while others wait.

        Only this scheduled job runs jobs, one at a time (Odoo locks it while it runs): a job
        it finds *running* was stopped (the server stopped, or its worker was killed) and
        its work rolled back. It is run again once, then fails, so that a job that stops
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
        errors = self.with_context(lang=self.user_id.lang)._stopped_error()
        _logger.warning("%s %s stopped %s times: failed", self._name, self.id, self.attempts)
        self._finish({}, errors)
        self._commit()

    def _run(self):
        """Do the job's work as its user: all of it in one savepoint, or nothing. The work
        and the job's end are committed together: a run that stops leaves nothing."""
        self.ensure_one()
        self.write(
            {
                "state": "running",
                "date_start": fields.Datetime.now(),
                "attempts": self.attempts + 1,
                **self._start_values(),
            }
        )
        self._commit()
        env = self.env(
            user=self.user_id, context={"lang": self.user_id.lang, "tz": self.user_id.tz}
        )
        values, errors = {}, ""
        try:
            with self.env.cr.savepoint():
                values = self._execute(env)
        except UserError as error:
            errors = error.args[0]
        except Exception:  # the job ends failed, the error logged
            _logger.exception("%s %s failed", self._name, self.id)
            errors = self._unexpected_error(env)
        self._finish(values, errors)
        self._commit()

    def _finish(self, values, errors):
        """Record how the job ended and tell its user (in the work's transaction)."""
        end = {"date_done": fields.Datetime.now(), "errors": errors or False}
        if errors:
            self.write({**end, "state": "failed"})
        else:
            self.write({**end, **values, "state": "done"})
        self._notify_user()

    def _notify_user(self):
        """A notification in the user's web client (he needs no e-mail address)."""
        self.ensure_one()
        title, message = self.with_context(lang=self.user_id.lang)._notification()
        kind = "success" if self.state == "done" else "danger"
        self._send_notification(self.env, title, message, kind, sticky=True)

    def _send_notification(self, env, title, message, kind, sticky=False):
        """Show ``message`` in the job's user's web client, sent in ``env``'s transaction."""
        env["res.users"].browse(self.user_id.id)._bus_send(
            "simple_notification",
            {"title": title, "message": message, "sticky": sticky, "type": kind},
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
        """Finished jobs and their files are deleted after ``KEEP_DAYS`` (not what they made)."""
        if self._abstract:
            return
        limit = fields.Datetime.now() - timedelta(days=KEEP_DAYS)
        self.search([("state", "in", ("done", "failed")), ("date_done", "<", limit)]).unlink()

    # ------------------------------------------------------------------
    # What a model of jobs says and does
    # ------------------------------------------------------------------
    def _start_values(self):
        """Values written when a run starts, besides the state."""
        return {}

    def _execute(self, env):
        """Do the work in ``env``, the job's user's: the values to write on the job when it
        is done. A ``UserError`` fails the job, nothing kept."""
        raise NotImplementedError

    def _unexpected_error(self, env):
        """The error listed (in ``env``'s language) when the work stopped on a bug."""
        raise NotImplementedError

    def _stopped_error(self):
        """The error listed when every run stopped before its end."""
        raise NotImplementedError

    def _notification(self):
        """``(title, message)`` telling the user how the job ended (in his language)."""
        raise NotImplementedError

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def _action_queued(self, title, message):
        """What the request shows: the work runs in the background; then its job."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": message,
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
