from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .. import symbols
from ..tools import end_sentence, name_key


class SopDocumentCopy(models.Model):
    """Copying an SOP into the user's agency, from an approved SOP the user may read or
    from a template shipped with the addon (``sop.template``).

    A draft of the user's current agency only, with the steps, actor columns, sections and
    decisions; roles matched by name to the agency's roles, the missing ones created (not
    assigned yet); no number, no dates, and where it comes from (field and chatter; the
    system's to write, see ``sop_write_policy.POLICY``). Company isolation stays with the
    record rules: the source is read as the user, the copy and its roles are created as
    the user.
    """

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "sop.document"  # pylint: disable=consider-merging-classes-inherited

    copy_origin = fields.Char(
        string="Copied From",
        copy=False,
        readonly=True,
        help="The SOP or template this draft was copied from, with its agency.",
    )
    template_id = fields.Many2one(
        "sop.template", string="From Template", copy=False, readonly=True, ondelete="set null"
    )
    template_revision = fields.Integer(
        related="template_id.revision", string="Template Revision Adopted"
    )

    other_agency = fields.Boolean(
        compute="_compute_other_agency",
        help="The SOP belongs to another agency than the one the user works in now.",
    )

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_other_agency(self):
        for document in self:
            document.other_agency = document.company_id != self.env.company

    def _get_copy_payload(self):
        """This SOP as a payload another agency can copy: roles by name, and the decisions'
        targets by their place in the flow (1 = the first step)."""
        self.ensure_one()
        steps = self._sorted_steps()
        number = {step: index for index, step in enumerate(steps, 1)}
        return {
            "name": self.name,
            "columns": [
                {"heading": column.name, "roles": column.role_ids.mapped("name")}
                for column in self.column_ids
            ],
            "sections": [
                {"section": line.section, "name": line.name}
                | ({"relation_type": line.relation_type} if line.relation_type else {})
                for line in self.line_ids.sorted(lambda x: (x.section, x.sequence, x.id))
            ],
            "steps": [
                {
                    **{name: step[name] for name in step._copy_fields()},
                    "role": step.role_id.name or "",
                    "yes": number.get(step.yes_step_id, 0),
                    "no": number.get(step.no_step_id, 0),
                }
                for step in steps
            ],
        }

    @api.model
    def _payload_from_xlsx(self, data, filename):
        """The payload of the one SOP of an Excel file in the addon's layout (read by
        ``_parse_xlsx``, as *Import* reads it): roles by name, the decisions' targets by
        their place in the flow."""
        specs, errors = self._parse_xlsx(data, filename)
        if not errors and len(specs) != 1:
            errors = [("-", "-", self.env._("the file holds %s SOPs, not one", len(specs)))]
        self._raise_xlsx_errors(filename, errors)
        spec = specs[0]
        steps = sorted(spec["steps"], key=lambda step: step["number"])
        place = {step["number"]: index for index, step in enumerate(steps, 1)}
        Step = self.env["sop.step"]
        return {
            "name": spec["identity"]["name"],
            "columns": [{"heading": heading, "roles": roles} for heading, roles in spec["columns"]],
            "sections": [
                {"section": item["section"], "name": item["name"]}
                | ({"relation_type": item["relation"]} if item["relation"] else {})
                for item in spec["sections"]
            ],
            "steps": [
                {
                    **Step._copy_values_from_xlsx(step),
                    "role": step["role"],
                    "yes": place.get(step["yes"], 0),
                    "no": place.get(step["no"], 0),
                }
                for step in steps
            ],
        }

    def action_copy_to_agency(self):
        """Copy this approved SOP, which the user may read, into his current agency."""
        self.ensure_one()
        self._check_copy_allowed(self.env.company)
        self.check_access("read")
        self._check_state(["approved"], self.env._("only an approved SOP can be copied."))
        if self.company_id == self.env.company:
            raise UserError(
                self.env._(
                    "SOP %s already belongs to your current agency: use Duplicate or Revise.",
                    self.display_name,
                )
            )
        origin = self.env._(
            "%(sop)s of %(agency)s", sop=self.display_name, agency=self.company_id.name
        )
        return self._copy_payload_to_agency(self._get_copy_payload(), origin)

    def action_publish_template(self):
        """Open the dialog that publishes this approved SOP as a template of its pemda (the
        SOP Coordinator's), as a new revision of the template of its earlier revision."""
        self.ensure_one()
        Template = self.env["sop.template"]
        pemda = Template._check_publish(self, None)
        replaces = Template.search(
            [("company_id", "=", pemda.id), ("document_id", "in", self.revision_ids.ids)],
            limit=1,
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Publish as Pemda Template"),
            "res_model": "sop.template.publish.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_document_id": self.id,
                "default_name": replaces.name or self.name,
                "default_replace_id": replaces.id,
            },
        }

    def _copy_payload_to_agency(self, payload, origin, template=None):
        """Create the draft of ``payload`` in the current agency; open it with the result."""
        copy, created = self._create_from_payload(payload, self.env.company, origin, template)
        if created:
            message = self.env._(
                "Draft %(sop)s created. New roles, to assign before it can run: %(roles)s.",
                sop=copy.display_name,
                roles=", ".join(created.mapped("name")),
            )
        else:
            message = self.env._(
                "Draft %s created; its roles are the agency's own.", copy.display_name
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("SOP copied"),
                "message": message,
                "type": "success",
                "sticky": bool(created),
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": "sop.document",
                    "res_id": copy.id,
                    "views": [(False, "form")],
                },
            },
        }

    def _check_copy_allowed(self, company):
        """Refuse unless the user is a Kasubag or above working in ``company`` now."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can copy an SOP."),
        )
        if company not in self.env.companies:
            raise AccessError(
                self.env._(
                    "You cannot copy an SOP into %s: it is not one of the agencies you work in.",
                    company.sudo().name,
                )
            )

    def _map_roles(self, names, company):
        """{name: role of ``company``} for ``names``, matched ignoring case and spaces,
        creating those the agency lacks; also the roles created."""
        Role = self.env["sop.role"]

        # archived roles too: their names are taken in the agency
        roles = Role.with_context(active_test=False).search([("company_id", "=", company.id)])
        existing = {name_key(role.name): role for role in roles}
        missing = list(
            {name_key(n): n for n in reversed(names) if n and name_key(n) not in existing}.values()
        )[::-1]
        created = Role.create(
            [
                {
                    "name": " ".join(name.split()),
                    "holder_type": "none",
                    "company_id": company.id,
                    "sequence": 100 + index,
                }
                for index, name in enumerate(missing)
            ]
        )
        existing.update({name_key(role.name): role for role in created})
        return {name: existing[name_key(name)] for name in names if name}, created

    def _create_from_payload(self, payload, company, origin, template=None):
        """The draft SOP of ``company`` made from ``payload``, and the roles created for it."""
        self._check_copy_allowed(company)
        names = [n for column in payload["columns"] for n in column["roles"]]
        names += [step["role"] for step in payload["steps"]]
        roles, created = self._map_roles(names, company)
        employee = self.env.user.with_company(company).employee_id
        employee = employee if employee.company_id == company else employee.browse()
        document = self.create(
            {
                "name": payload["name"],
                "company_id": company.id,
                "department_id": employee.department_id.id,
                "author_id": employee.id,
                **self._payload_commands(payload, roles),
            }
        )
        # Only this path says where a draft comes from (see _SYSTEM_FIELDS).
        document.sudo().write(
            {"copy_origin": origin, "template_id": template.id if template else False}
        )
        body = end_sentence(
            self.env._(
                "Copied from %(origin)s by %(user)s.", origin=origin, user=self.env.user.name
            )
        )
        if created:
            body += " " + self.env._(
                "Roles created, not assigned yet: %s.", ", ".join(created.mapped("name"))
            )
        document.message_post(body=body)
        return document, created

    @api.model
    def _payload_commands(self, payload, roles):
        """The columns, section lines and steps of ``payload``, on ``roles`` by name. The
        copy numbers its steps 1, 2, 3… in the payload's order: a decision's ``yes``/``no``
        (its targets' places in the flow) are the copy's step numbers."""
        step_fields = self.env["sop.step"]._copy_fields()
        return {
            "column_ids": [
                Command.create(
                    {
                        "sequence": index,
                        "role_ids": [Command.set([roles[n].id for n in column["roles"]])],
                        "name": column["heading"],
                    }
                )
                for index, column in enumerate(payload["columns"])
            ],
            "line_ids": [
                Command.create({**line, "sequence": index})
                for index, line in enumerate(payload["sections"])
            ],
            "step_ids": [
                Command.create(
                    {
                        **{name: step[name] for name in step_fields if name in step},
                        "sequence": index,
                        "number": index,
                        "role_id": roles[step["role"]].id if step["role"] else False,
                        **(
                            {"yes_number": step.get("yes", 0), "no_number": step.get("no", 0)}
                            if symbols.get(step.get("symbol") or symbols.DEFAULT).branches
                            else {}
                        ),
                    }
                )
                for index, step in enumerate(payload["steps"], 1)
            ],
        }
