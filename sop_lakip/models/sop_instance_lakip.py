from odoo import Command, models


class SopInstance(models.Model):
    """The LAKIP part of an SOP run: the cover letter of a run that prepares a LAKIP sends
    that LAKIP, to the LAKIP's recipients."""

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "sop.instance"  # pylint: disable=consider-merging-classes-inherited

    def _prepare_letter_vals(self, kind):
        vals = super()._prepare_letter_vals(kind)
        report = self.env["lakip.report"].search([("instance_id", "=", self.id)], limit=1)
        if report:
            vals["recipients"] = report.recipients or vals["recipients"]
            vals["line_ids"] = [Command.create(report._get_letter_line_vals())]
        return vals
