from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import selection_label


class LakipReportReviu(models.Model):
    """The Inspektorat's reviu of the LAKIP: compiling the report asks for it, signing it
    waits for it when the agency requires it (``res.company.lakip_reviu_required``)."""

    _inherit = "lakip.report"  # pylint: disable=consider-merging-classes-inherited

    reviu_id = fields.Many2one("lakip.reviu", compute="_compute_reviu_id")
    reviu_state = fields.Selection(
        lambda self: self.env["lakip.reviu"]._fields["state"].selection,
        string="Reviu Status",
        compute="_compute_reviu_id",
    )

    @api.depends("state")
    def _compute_reviu_id(self):
        revius = self.env["lakip.reviu"].search([("report_id", "in", self.ids)])
        by_report = {reviu.report_id.id: reviu for reviu in revius}
        for report in self:
            reviu = by_report.get(report.id, self.env["lakip.reviu"])
            report.reviu_id = reviu
            report.reviu_state = reviu.state

    def action_compile(self):
        result = super().action_compile()
        self.env["lakip.reviu"]._request_for(self)  # after the Kasubag's checks
        return result

    def action_mark_signed(self):
        self._check_kasubag()
        self._check_reviu_done()
        return super().action_mark_signed()

    def _check_reviu_done(self):
        """Refuse to sign a report whose agency requires a finished reviu it lacks."""
        for report in self.filtered("company_id.lakip_reviu_required"):
            reviu = report.sudo().reviu_id
            if reviu.state != "done":
                raise UserError(
                    self.env._(
                        "%(report)s cannot be signed yet: %(agency)s requires the "
                        "Inspektorat's reviu first, and its reviu is %(state)s. Sign it once "
                        "the Pernyataan Telah Direviu is issued.",
                        report=report.display_name,
                        agency=report.company_id.name,
                        state=selection_label(reviu) if reviu else self.env._("not started"),
                    )
                )

    def action_open_reviu(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "lakip.reviu",
            "res_id": self.reviu_id.id,
            "view_mode": "form",
        }

    def _reviu_statement_attachment(self):
        """The PDF of the Pernyataan Telah Direviu of this report, as an ``ir.attachment``
        (of its reviu), for the LKjIP's attachments; an empty recordset when the reviu is not
        finished. Printed once and kept until the reviu is reopened."""
        self.ensure_one()
        self.check_access("read")
        reviu = self.sudo().reviu_id
        if reviu.state != "done":
            return self.env["ir.attachment"]
        return reviu._statement_attachment()

    def _lkjip_attachments(self):
        """The Pernyataan Telah Direviu joins the LKjIP's attachments, after the PK and the
        Tabel Capaian (a note in its place while the reviu is not finished)."""
        return [*super()._lkjip_attachments(), ("reviu", "Pernyataan Telah Direviu")]
