from odoo import fields, models

PAPERS = [("f4", "F4 (215 x 330 mm)"), ("a4", "A4 (210 x 297 mm)")]


class ResCompany(models.Model):
    _inherit = "res.company"

    sop_head_id = fields.Many2one(
        "hr.employee",
        string="Head of Agency",
        check_company=True,
        help="The Kepala Dinas: holds every SOP role resolved as 'Head of the agency' "
        "and signs (pengesahan) the agency's SOPs.",
    )
    sop_government_name = fields.Char(
        string="Government",
        help="First line of the letterhead, e.g. 'Pemerintah Kabupaten Boalemo'.",
    )
    sop_paper = fields.Selection(
        PAPERS,
        string="SOP Paper",
        default="f4",
        required=True,
        help="Paper of the printed SOP form, always landscape.",
    )
    sop_review_months = fields.Integer(
        string="SOP Review Interval (Months)",
        default=12,
        help="An approved SOP's next review date is this many months after it takes "
        "effect (Permenpan RB 35/2012 asks for regular monitoring and evaluation). "
        "0: no review date is set.",
    )
    sop_review_notice_days = fields.Integer(
        string="SOP Review Notice (Days)",
        default=30,
        help="How many days before an SOP's review date its author gets the 'Review SOP' activity.",
    )
    lakip_capaian_cap = fields.Float(
        string="Achievement Cap (%)",
        help="The most an indicator's achievement can be, e.g. 120. Leave 0 for no cap.",
    )
    lakip_reviu_required = fields.Boolean(
        string="LAKIP Signed After Its Reviu",
        default=True,
        help="The LAKIP can be signed only once the Inspektorat's reviu is finished (the "
        "Pernyataan Telah Direviu issued).",
    )
    sop_letter_paper = fields.Selection(
        PAPERS,
        string="Letter Paper",
        default="f4",
        required=True,
        help="Paper of the printed official letters (Surat Pengantar), always portrait.",
    )
    sop_letter_place = fields.Char(
        string="Letter Place",
        help="Printed before the date of official letters, e.g. 'Tilamuta'. The city when empty.",
    )

    sop_monitoring_months = fields.Selection(
        [("6", "Every six months (semester)"), ("3", "Every quarter"), ("12", "Every year")],
        string="SOP Monitoring Period",
        default="6",
        required=True,
        help="How often the SOPs are monitored (Permenpan RB 35/2012: every six months). At "
        "the end of each period a monitoring form is prepared, prefilled from the SOP runs.",
    )
    sop_monitoring_assessor_id = fields.Many2one(
        "res.users",
        string="SOP Monitoring Assessor",
        domain=[("share", "=", False)],
        help="Who fills and initials the monitoring forms. Empty: the Sekretaris.",
    )
    sop_monitoring_min_within = fields.Float(
        string="Steps Within Standard for 'Running Well' (%)",
        default=80,
        help="The monitoring suggests 'Not running well' for an SOP when fewer of its steps "
        "than this share were done within their Mutu Baku time in the period.",
    )

    def _get_letter_place(self):
        self.ensure_one()
        return self.sop_letter_place or self.city

    def write(self, vals):
        """Place an agency under its pemda (``parent_id``) once, after it was created.

        Odoo refuses any write of ``parent_id``, even of the value it holds (as a data file
        updating its record writes it), because branches share their root's accounting.
        An agency that already used the addon before its pemda was entered has neither a
        parent nor branches: without Odoo's accounting, attaching it to its pemda is allowed;
        anything else stays refused by Odoo.
        """
        if "parent_id" not in vals:
            return super().write(vals)
        parent = self.browse(vals["parent_id"])
        moved = self.filtered(lambda company: company.parent_id != parent)
        if moved and (
            not parent
            or parent in moved
            or moved.parent_id
            or moved.child_ids
            or "account.move" in self.env
        ):
            return super().write(vals)  # Odoo's own refusal
        result = super().write({key: value for key, value in vals.items() if key != "parent_id"})
        if moved:
            # res.company's write refuses the field itself: set it as any model does
            # (access rights, parent path, the root's currency checked).
            models.Model.write(moved, {"parent_id": parent.id})
            self.env.registry.clear_cache()
        return result
