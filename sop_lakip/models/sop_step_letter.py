from odoo import fields, models


class SopStep(models.Model):
    """The letter part of an SOP step: the step that numbers the run's cover letter (see
    ``sop_workitem_letter.py``)."""

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "sop.step"  # pylint: disable=consider-merging-classes-inherited

    letter_kind_id = fields.Many2one(
        "sop.letter.kind",
        string="Numbers Letter",
        check_company=True,
        ondelete="restrict",
        help="This step numbers the run's cover letter (e.g. 'Membuat Surat Pengantar "
        "sekaligus Penomoran Surat'): while it is open, its assignee (as well as a Kasubag, "
        "the Sekretaris or the Kepala Dinas) can create the letter from the run and edit "
        "the draft; completing it gives every draft letter of the run its number, and "
        "creates the letter, of this kind, if the run has none.",
    )

    def _get_xlsx_values(self):
        return {**super()._get_xlsx_values(), "letter_kind": self.letter_kind_id.name}
