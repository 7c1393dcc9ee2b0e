import base64
import io

import xlsxwriter
from markupsafe import Markup
from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..report.sop_xlsx_layout import write_sops

COORDINATOR = "sop_lakip.group_sop_coordinator"


class SopTemplate(models.Model):
    """An SOP for agencies to start from (*Use as Template*), kept as an Excel file in the
    addon's own import layout (what *Export to Excel* writes and *Import* reads).

    Two kinds: the templates shipped with the addon (no company; the seed SOPs made
    generic, loaded from ``data/templates/``) and a pemda's templates (``company_id`` the
    pemda): its SOP Coordinator publishes an approved SOP of one of its agencies for every
    agency of the pemda, in revisions (a new revision archives the one it replaces and
    tells the agencies that adopted an older one what changed). Nobody writes a template:
    the addon creates them, after its checks (``sop_write_policy.POLICY``). Agencies read
    the shipped templates and their pemda's (record rule); a template is copied into the
    user's agency by ``sop.document._create_from_payload``.
    """

    _name = "sop.template"
    _description = "SOP Template"
    _order = "sequence, name, revision desc"

    name = fields.Char(string="Template", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        translate=True, help="What the SOP covers and the agency's SOP it comes from."
    )
    xlsx_file = fields.Binary(
        string="Excel File",
        attachment=True,
        help="The SOP in the addon's Excel layout (as Export to Excel writes it and Import "
        "reads it): its columns, sections and steps, as Use as Template copies them.",
    )
    xlsx_filename = fields.Char(string="File Name", compute="_compute_xlsx_filename")
    company_id = fields.Many2one(
        "res.company",
        string="Pemda",
        readonly=True,
        index="btree_not_null",
        help="The pemda whose agencies use this template; empty for the templates shipped "
        "with the addon.",
    )
    document_id = fields.Many2one(
        "sop.document",
        string="Source SOP",
        readonly=True,
        ondelete="set null",
        help="The approved revision of the agency's SOP this template was published from.",
    )
    revision = fields.Integer(readonly=True, help="0 for the first publication.")
    previous_id = fields.Many2one(
        "sop.template", string="Previous Revision", readonly=True, ondelete="set null"
    )
    adoption_ids = fields.Many2many(
        "sop.document",
        string="Adopted By",
        compute="_compute_adoption_ids",
        help="The agencies' SOPs made from this template or an earlier revision of it.",
    )
    step_count = fields.Integer(compute="_compute_step_count", store=True)
    preview = fields.Html(
        compute="_compute_preview",
        sanitize=False,  # built here from the file, every text escaped
        help="The actor columns and steps the SOP made from this template starts with.",
    )

    def _get_payload(self):
        """The template's SOP as a payload for ``sop.document._create_from_payload``."""
        self.ensure_one()
        # the file itself, also where the web client reads the form (bin_size: its size)
        data = base64.b64decode(self.with_context(bin_size=False).xlsx_file or b"")
        return self.env["sop.document"]._payload_from_xlsx(data, f"{self.name}.xlsx")

    def _compute_xlsx_filename(self):
        for template in self:
            template.xlsx_filename = f"{template.name or 'SOP'}.xlsx"

    @api.depends("xlsx_file")
    def _compute_step_count(self):
        for template in self:
            template.step_count = len(template._get_payload()["steps"]) if template.xlsx_file else 0

    def _chain(self):
        """This template and every earlier revision of it."""
        chain = self.browse()
        template = self
        while template and template not in chain:
            chain |= template
            template = template.with_context(active_test=False).previous_id
        return chain

    @api.depends("previous_id")
    def _compute_adoption_ids(self):
        Document = self.env["sop.document"].with_context(active_test=False)
        for template in self:
            chain = template._origin._chain()
            domain = [("template_id", "in", chain.ids)]
            template.adoption_ids = Document.search(domain) if chain else Document

    @api.depends("xlsx_file")
    def _compute_preview(self):
        Step = self.env["sop.step"]
        symbols = dict(Step._fields["symbol"]._description_selection(self.env))
        units = dict(Step._fields["duration_unit"]._description_selection(self.env))
        for template in self:
            content = template._get_payload() if template.xlsx_file else {}
            columns = Markup("").join(
                Markup("<li>%s</li>") % column.get("heading", "")
                for column in content.get("columns", [])
            )
            steps = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    number,
                    step.get("name", ""),
                    step.get("role") or "",
                    symbols.get(step.get("symbol"), ""),
                    f"{step.get('duration', 0):g} {units.get(step.get('duration_unit'), '')}",
                )
                for number, step in enumerate(content.get("steps", []), start=1)
            )
            template.preview = Markup(
                "<h5>%s</h5><ul>%s</ul><h5>%s</h5><table class='table table-sm'><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
                "<tbody>%s</tbody></table>"
            ) % (
                self.env._("Actor columns"),
                columns,
                self.env._("Steps"),
                self.env._("No."),
                self.env._("Activity"),
                self.env._("Actor"),
                self.env._("Symbol"),
                self.env._("Standard Time"),
                steps,
            )

    def action_use_template(self):
        """Make a draft SOP of the user's current agency from this template."""
        self.ensure_one()
        self.check_access("read")
        if not self.active:
            raise UserError(
                self.env._(
                    "Template %s has been replaced by a newer revision: use the newest one.",
                    self.name,
                )
            )
        agency = self.env.company
        if self.company_id and self.company_id != agency.parent_id:
            raise UserError(
                self.env._(
                    "Template %(template)s is of %(pemda)s: agency %(agency)s is not of that "
                    "pemda and cannot adopt it.",
                    template=self.name,
                    # the pemda of a template he may read, which need not be among his
                    # companies (19.0 refuses to read such a company)
                    pemda=self.company_id.sudo().name,
                    agency=agency.name,
                )
            )
        origin = self.env._("template %s", self.name)
        if self.company_id:
            origin = self.env._("template %(name)s, revision %(revision)s",
                                name=self.name, revision=self.revision)  # fmt: skip
        return self.env["sop.document"]._copy_payload_to_agency(
            self._get_payload(), origin, template=self
        )

    # ------------------------------------------------------------------
    # A pemda's templates: published by its SOP Coordinator
    # ------------------------------------------------------------------
    def _check_publish(self, document, replaces):
        """Refuse unless the user coordinates the pemda of ``document``'s agency, the SOP
        is approved and ``replaces`` is a current template of that pemda."""
        if not self.env.user.has_group(COORDINATOR):
            raise AccessError(self.env._("Only an SOP Coordinator publishes templates."))
        # Checked first, as the user: the refusal below names the SOP, which he must read.
        document = document.with_env(self.env)
        document.check_access("read")
        pemda = document.company_id.parent_id
        if not pemda or pemda not in self.env.companies:
            raise AccessError(
                self.env._(
                    "SOP %s is not of an agency of the pemda you coordinate.",
                    document.display_name,
                )
            )
        if document.state != "approved":
            raise UserError(
                self.env._(
                    "SOP %s is not approved: only an approved SOP is published as a template.",
                    document.display_name,
                )
            )
        if replaces and (replaces.company_id != pemda or not replaces._lock_current()):
            raise UserError(
                self.env._(
                    "Template %s is not a current template of this pemda: it cannot be replaced.",
                    replaces.display_name,
                )
            )
        published = self.search([("document_id", "=", document.id)], limit=1)
        if published:
            raise UserError(
                self.env._(
                    "SOP %(sop)s is already published as template %(template)s.",
                    sop=document.display_name,
                    template=published.name,
                )
            )
        return pemda

    def _lock_current(self):
        """Lock this template's row until the transaction ends and tell whether it is still
        current; refuse if another publication holds it (a revision replacing it)."""
        self.ensure_one()
        self.flush_recordset(["active"])
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT active FROM sop_template WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                        self.id,
                    )
                )
                row = self.env.cr.fetchone()
        except LockNotAvailable:
            raise UserError(
                self.env._(
                    "Template %s is being replaced by another publication right now: reload "
                    "the template and check its newest revision.",
                    self.name,
                )
            ) from None
        return bool(row and row[0])

    @api.model
    def _publish(self, document, replaces=None, name=None):
        """Publish the approved ``document`` as a template of its pemda, as a new revision
        of ``replaces`` (archived) when given; the adopters of older revisions get an
        activity naming what changed. Return the template."""
        replaces = replaces or self.browse()
        pemda = self._check_publish(document, replaces)
        # The file as Export to Excel writes it; its unit and author are the agency's
        # records, which the coordinator does not read (checked above: he reads the SOP).
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        write_sops(workbook, document.sudo()._get_xlsx_values())
        workbook.close()
        data = buffer.getvalue()
        template = self.sudo().create(
            {
                "name": name or document.name,
                "description": self.env._(
                    "From SOP %(sop)s of %(agency)s.",
                    sop=document.display_name,
                    agency=document.company_id.name,
                ),
                "company_id": pemda.id,
                "document_id": document.id,
                "revision": replaces.revision + 1 if replaces else 0,
                "previous_id": replaces.id,
                "sequence": replaces.sequence if replaces else 5,
                "xlsx_file": base64.b64encode(data),
            }
        )
        if replaces:
            replaces.sudo().active = False
            template._notify_adopters(replaces._chain())
        return template.sudo(False)
