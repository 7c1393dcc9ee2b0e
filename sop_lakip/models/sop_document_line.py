from odoo import fields, models

from .sop_document import SECTIONS


class SopDocumentLine(models.Model):
    """One numbered item of a list section of the SOP's identity page."""

    _name = "sop.document.line"
    _description = "SOP Identity Section Line"
    _inherit = ["sop.document.child.mixin"]
    _order = "document_id, section, sequence, id"
    _check_company_auto = True

    section = fields.Selection(SECTIONS, required=True)
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Text", required=True)
    related_document_id = fields.Many2one(
        "sop.document",
        string="Related SOP",
        check_company=True,
        help="Keterkaitan only: the SOP of the register this line refers to. "
        "Leave empty for an SOP that is not in Odoo yet.",
    )
    relation_type = fields.Selection(
        [
            ("prerequisite", "Prasyarat (prerequisite)"),
            ("continuation", "Lanjutan (continuation)"),
            ("related", "Terkait (related)"),
        ],
        string="Relation",
        help="Keterkaitan only: how the related SOP is linked to this one.",
    )
