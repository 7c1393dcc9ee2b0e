from odoo import models


class SopWorkitem(models.Model):
    """The letter part of a run step: completing the step that numbers the cover letter
    gives the run's letters their numbers."""

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "sop.workitem"  # pylint: disable=consider-merging-classes-inherited

    def _on_done(self, outcome):
        result = super()._on_done(outcome)
        for item in self.filtered(lambda w: w.step_id.letter_kind_id):
            item.instance_id._number_letters(item.step_id.letter_kind_id)
        return result
