import base64
import json

from odoo import api, fields, models
from odoo.exceptions import UserError

#: From this many records on, a print runs in the background (a scheduled job): 20 SOP
#: forms take 4 to 8 seconds of a worker, 60 take 10 to 20. The system parameter
#: ``sop_lakip.print_background_from`` sets another count.
PRINT_BACKGROUND_FROM = 20
PRINT_BACKGROUND_PARAM = "sop_lakip.print_background_from"


class SopPrintJob(models.Model):
    """A print of many records (SOP forms chosen in the register) run by a scheduled job
    instead of the user's request, which would hold a worker of the server for minutes.

    The job prints as the user who asked, in his agency: he gets only what he may read. The
    PDF is the job's file, stored when the whole print succeeded; a print that fails keeps
    no file and lists why. See ``sop.background.job`` for the states."""

    _name = "sop.print.job"
    _inherit = "sop.background.job"
    _description = "SOP Print in the Background"
    _job_cron = "sop_lakip.ir_cron_sop_print_job"

    user_id = fields.Many2one(string="Printed By")
    name = fields.Char(string="Print", readonly=True)
    report_id = fields.Many2one(
        "ir.actions.report", string="Printed Form", required=True, readonly=True, ondelete="cascade"
    )
    res_ids = fields.Text(string="Printed Records", readonly=True, help="Their ids, as JSON.")
    record_count = fields.Integer(string="Records", readonly=True)
    file = fields.Binary(string="PDF File", attachment=True, readonly=True)
    filename = fields.Char(string="File Name", readonly=True)
    errors = fields.Text(help="Why no file was made: the error the print gave.")

    # ------------------------------------------------------------------
    # Printing (the Print menu) and the work
    # ------------------------------------------------------------------
    @api.model
    def _print_background_from(self):
        """From how many records on a print runs in the background."""
        # System parameters are the administrator's to read; this one is not secret.
        param = self.env["ir.config_parameter"].sudo().get_param(PRINT_BACKGROUND_PARAM)
        return int(param) if param and param.isdigit() else PRINT_BACKGROUND_FROM

    @api.model
    def _action_print(self, report_ref, res_ids):
        """Print ``res_ids`` with the addon's report ``report_ref`` (an xml id) as the
        Print menu does: in the request, or from ``_print_background_from`` records on, as
        a job of the current user, whose notification action is returned."""
        report = self.env.ref(report_ref)
        # each record once: a selection repeating an id is not a bigger print
        records = self.env[report.model].browse(res_ids).union()
        if len(records) < self._print_background_from():
            return report.report_action(records)
        # The model only: the job, as the user, checks each record.
        self.env[report.model].check_access("read")
        job = self._queue_job(
            {
                "name": self.env._(
                    "%(form)s, %(count)s records", form=report.name, count=len(records)
                ),
                "report_id": report.id,
                "res_ids": json.dumps(records.ids),
                "record_count": len(records),
            }
        )
        return job._action_queued(
            self.env._("Printing in the background"),
            self.env._(
                "%(print)s: printed in the background. You are told here when the file is ready.",
                print=job.name,
            ),
        )

    def _execute(self, env):
        """Print the records as the job's user, in his agency: one PDF of them all."""
        report = self.report_id
        # His agencies, the job's first, as a session of all of them: what he may read in
        # any (a Kasubag of two agencies prints both agencies' SOPs, as in his request).
        companies = self.company_id | self.user_id.company_ids
        env = env(context=dict(env.context, allowed_company_ids=companies.ids))
        records = env[report.model].browse(json.loads(self.res_ids))
        missing = records - records.exists()
        if missing:
            raise UserError(
                env._(
                    "%(count)s of the records to print were deleted since: print again.",
                    count=len(missing),
                )
            )
        records.check_access("read")
        # A PDF also where Odoo's test mode would make HTML.
        Report = env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = Report._render_qweb_pdf(report.id, records.ids)
        if kind != "pdf":
            raise UserError(env._("The form could not be printed as a PDF."))
        return {"file": base64.b64encode(pdf), "filename": f"{report.with_env(env).name}.pdf"}

    def _unexpected_error(self, env):
        return env._("The print stopped on an unexpected error: no file was made.")

    def _stopped_error(self):
        return self.env._(
            "The print stopped before its end, also when run again: no file was made. "
            "Print fewer records at a time."
        )

    def _notification(self):
        if self.state == "done":
            return self.env._("Print ready"), self.env._(
                "%(print)s: the PDF is ready. Open SOP ▸ SOP Prints to download it.",
                print=self.name,
            )
        return self.env._("Print failed"), self.env._(
            "%(print)s: no file was made. Open SOP ▸ SOP Prints for the reason.",
            print=self.name,
        )
