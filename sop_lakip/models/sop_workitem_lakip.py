from odoo import models
from odoo.exceptions import UserError


class SopWorkitem(models.Model):
    """The LAKIP part of a run step: the steps that follow the worksheets complete with
    them (``lakip.worksheet._follow_run``), never by a click on the run."""

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "sop.workitem"  # pylint: disable=consider-merging-classes-inherited

    def _check_complete(self, outcome):
        result = super()._check_complete(outcome)
        items = self.filtered("step_id.lakip_worksheet_action")
        if self.env.su or not items:  # the worksheets complete their steps as superuser
            return result
        worksheets = (
            self.env["lakip.worksheet"]
            .sudo()
            .search([("report_id.collection_instance_id", "in", items.instance_id.ids)])
        )
        for item in items:
            sheet = worksheets.filtered(
                lambda w, i=item: (
                    w.report_id.collection_instance_id == i.instance_id
                    and (not i.department_id or w.department_id == i.department_id)
                )
            )
            if sheet:
                raise UserError(
                    self.env._(
                        "Step %(step)s follows the worksheet %(worksheet)s: send, fill, "
                        "verify, send back or compile the worksheets there, and the step "
                        "completes with them.",
                        step=item.step_id.number,
                        worksheet=sheet[0].display_name,
                    )
                )
        return result
