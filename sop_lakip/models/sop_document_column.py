from odoo import api, fields, models


class SopDocumentColumn(models.Model):
    """A Pelaksana column of the printed flowchart, in the SOP's own order.

    One printed column can cover several roles ("Sekretaris/ Kabid").
    """

    _name = "sop.document.column"
    _description = "SOP Actor Column"
    _inherit = ["sop.document.child.mixin"]
    _order = "document_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    role_ids = fields.Many2many(
        "sop.role",
        string="Roles",
        required=True,
        check_company=True,
        help="The roles whose steps are drawn in this column.",
    )
    name = fields.Char(
        string="Heading",
        compute="_compute_name",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="The column heading as printed; by default the roles' names.",
    )

    @api.depends("role_ids")
    def _compute_name(self):
        for column in self:
            column.name = "/ ".join(column.role_ids.mapped("name"))
