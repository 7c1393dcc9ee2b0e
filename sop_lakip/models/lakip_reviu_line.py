from odoo import api, fields, models

from .lakip_reviu import CHECKLIST


class LakipReviuLine(models.Model):
    """One item of the reviu's checklist, answered Ya/Tidak with notes by a reviewer."""

    _name = "lakip.reviu.line"
    _description = "LAKIP Reviu Checklist Item"
    _order = "reviu_id, sequence, id"
    _sop_reviewer_record = True

    reviu_id = fields.Many2one("lakip.reviu", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="reviu_id.company_id", store=True, index=True)
    item = fields.Selection(CHECKLIST, string="Checklist Item", required=True)
    sequence = fields.Integer(string="No", compute="_compute_sequence", store=True)
    name = fields.Char(string="Wording", compute="_compute_name")
    answer = fields.Selection([("yes", "Yes"), ("no", "No")])
    note = fields.Text(string="Notes")

    _sql_constraints = [
        ("item_uniq", "unique(reviu_id, item)", "Each item of the checklist is answered once."),
    ]

    @api.depends("item")
    def _compute_sequence(self):
        order = {key: index for index, (key, _label) in enumerate(CHECKLIST, start=1)}
        for line in self:
            line.sequence = order.get(line.item, 0)

    @api.depends("item")
    def _compute_name(self):
        labels = dict(self._fields["item"]._description_selection(self.env))
        for line in self:
            line.name = labels.get(line.item, "")

    @api.depends("reviu_id", "sequence")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.reviu_id.name} \u2013 {line.sequence}"
