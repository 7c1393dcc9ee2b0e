from odoo import fields, models


class SopAgencyMixin(models.AbstractModel):
    """A record that belongs to one agency (an Odoo company), the user's own when it is
    created. Its lines carry the agency as a stored related field instead; the write policy
    fixes it at creation (``FIXED`` in ``sop_write_policy_table``)."""

    _name = "sop.agency.mixin"
    _description = "Record of an Agency"

    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
