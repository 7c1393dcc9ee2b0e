from odoo import api, fields, models


class SopStep(models.Model):
    """The LAKIP part of an SOP step: a step of Pengumpulan Data Kinerja that follows the
    worksheets (see ``sop_workitem_lakip.py``)."""

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "sop.step"  # pylint: disable=consider-merging-classes-inherited

    lakip_worksheet_action = fields.Selection(
        [
            ("send", "Send the worksheets"),
            ("fill", "Fill the unit's worksheet"),
            ("verify", "Verify the unit's worksheet"),
            ("compile", "Compile the worksheets"),
        ],
        string="LAKIP Worksheet",
        help="In a run linked to a LAKIP as its data collection, this step follows the "
        "worksheets (kertas kerja): it completes when they reach this point.",
    )

    @api.model
    def _copy_fields(self):
        return [*super()._copy_fields(), "lakip_worksheet_action"]

    @api.model
    def _copy_values_from_xlsx(self, row):
        return {**super()._copy_values_from_xlsx(row), "lakip_worksheet_action": row["worksheet"]}

    def _get_xlsx_values(self):
        return {**super()._get_xlsx_values(), "worksheet": self.lakip_worksheet_action}
