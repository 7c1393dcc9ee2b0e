from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

from .. import symbols
from ..report.sop_xlsx_layout import (
    APPROVAL,
    IDENTITY_FIELDS,
    IDENTITY_SHEET,
    MAX_COLUMNS,
    MAX_PARTS,
    MAX_ROWS,
    SHEET_RE,
    pair_sheets,
    parse_identity,
    parse_steps,
)
from ..report.xlsx_messages import raise_problems, refused_message
from ..report.xlsx_reader import XlsxRefused, read_sheets, sheet_names
from ..tools import end_sentence, name_key
from .sop_document import SECTIONS

#: SOPs written by one ``create`` in a background import, which tells its user after each
#: batch (in the request, they are written at once).
WRITE_BATCH = 25


class SopDocument(models.Model):
    """The SOP register's Excel round trip: export in the official table layout, import
    of draft SOPs (report/sop_xlsx_layout.py lays the file out and reads it)."""

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "sop.document"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Excel round trip (report/sop_xlsx_layout.py lays the file out)
    # ------------------------------------------------------------------
    def action_export_xlsx(self):
        """Download the SOPs in the official table layout, to edit and import back."""
        return self.env.ref("sop_lakip.action_report_sop_document_xlsx").report_action(self)

    def _get_xlsx_values(self):
        """What *Export to Excel* writes of each SOP: identity, sections, columns, steps."""
        states = dict(self._fields["state"]._description_selection(self.env))
        order = [key for key, _label in SECTIONS]
        values = []
        for document in self:
            lines = document.line_ids.sorted(
                lambda line: (order.index(line.section), line.sequence, line.id)
            )
            values.append(
                {
                    "identity": {
                        "agency": document.company_id.name,
                        "unit": document.department_id.name,
                        "number": document.number,
                        "name": document.name,
                        "date_created": document.date_created,
                        "date_revision": document.date_revision,
                        "date_effective": document.date_effective,
                        "author": document.author_id.name,
                        "revision": document.revision,
                        "date_approved": document.date_approved,
                        "approver_job_title": document.approver_job_title,
                        "approver_name": document.approver_name,
                        "approver_rank": document.approver_rank,
                        "approver_nip": document.approver_nip,
                        "state": states[document.state],
                    },
                    "sections": [
                        (
                            line.section,
                            line.name,
                            line.relation_type,
                            line.related_document_id.number,
                        )
                        for line in lines
                    ],
                    "columns": [(c.name, c.role_ids.mapped("name")) for c in document.column_ids],
                    "steps": [step._get_xlsx_values() for step in document.step_ids],
                }
            )
        return values

    @api.model
    def _get_xlsx_template(self, company):
        """An empty SOP of ``company`` whose actor columns are its SOP roles."""
        roles = self.env["sop.role"].search([("company_id", "=", company.id)])
        return {
            "identity": {"agency": company.name},
            "sections": [],
            "columns": [(role.name, [role.name]) for role in roles],
            "steps": [],
        }

    @api.model
    def _import_xlsx(self, data, filename, create_roles=False):
        """Create draft SOPs from a workbook of sheet pairs (or update the drafts with the
        same number): everything is checked first, the flow as *Submit* checks it, and
        either every SOP is imported or nothing is written."""
        return self._import_xlsx_notes(data, filename, create_roles)[0]

    @api.model
    def _import_xlsx_notes(self, data, filename, create_roles=False, progress=None):
        """(the SOPs of ``_import_xlsx``, [what of the file was not imported, a line per
        SOP]); each SOP's chatter says it too. ``progress(done, total)``, if given, is
        called once the file is read and checked (0 SOPs written) and after each batch of
        SOPs written."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can import SOPs."),
        )
        self.check_access("create")
        filename = filename or self.env._("The file")
        specs, errors = self._parse_xlsx(data, filename)
        company = self.env.company
        if not errors:
            errors = self._xlsx_resolve(specs, company, create_roles)
        self._raise_xlsx_errors(filename, errors)
        for spec in specs:
            spec["ignored"] = self._xlsx_ignored(spec)
        with self.env.cr.savepoint():
            documents = self._xlsx_write(specs, company, filename, progress)
            errors = [
                (spec["sheets"][1], "-", error)
                for spec, document in zip(specs, documents, strict=True)
                for error in document._get_flow_errors()
            ]
            self._raise_xlsx_errors(filename, errors)
        return documents, [spec["ignored"] for spec in specs if spec["ignored"]]

    @api.model
    def _xlsx_count(self, data):
        """How many SOPs the workbook holds (its Identitas sheets), without reading them;
        0 for a file that cannot be opened (its import says why)."""
        try:
            names = sheet_names(data, MAX_PARTS)
        except XlsxRefused:
            return 0
        return sum(
            1 for name in names if (match := SHEET_RE.match(name)) and match[1] == IDENTITY_SHEET
        )

    @api.model
    def _xlsx_ignored(self, spec):
        """What the import says of the approval rows of ``spec`` filled in, or ''."""
        ignored = [label for key, label in IDENTITY_FIELDS
                   if key in APPROVAL and spec["identity"].get(key)]  # fmt: skip
        if not ignored:
            return ""
        return self.env._(
            "Sheet %(sheet)s: %(rows)s not imported (an imported SOP is a draft). If it was "
            "signed on paper, tick Signed on Paper, type its approval on the tab Signed on "
            "Paper, attach the scan and use Submit for Registration.",
            sheet=spec["sheets"][0],
            rows=", ".join(ignored),
        )

    @api.model
    def _parse_xlsx(self, data, filename):
        """([one spec per sheet pair], [(sheet, cell, reason)]) of the file's cells."""
        if not data:
            raise UserError(self.env._("%s is empty: nothing was imported.", filename))
        try:
            sheets = read_sheets(data, MAX_COLUMNS, MAX_ROWS, MAX_PARTS)
        except XlsxRefused as refused:
            raise UserError(
                refused_message(self.env, refused, filename, self._xlsx_hint())
            ) from refused
        pairs, errors = pair_sheets(self.env, sheets)
        specs = []
        for (identity_name, identity_rows), (steps_name, steps_rows) in pairs:
            identity, sections, identity_errors = parse_identity(
                self.env, identity_name, identity_rows
            )
            columns, steps, steps_errors = parse_steps(self.env, steps_name, steps_rows)
            errors += identity_errors + steps_errors
            specs.append(
                {
                    "sheets": (identity_name, steps_name),
                    "identity": identity,
                    "sections": sections,
                    "columns": columns,
                    "steps": steps,
                }
            )
        if not specs and not errors:
            errors.append(("-", "-", self.env._("the file has no SOP sheets")))
        return specs, errors

    @api.model
    def _xlsx_hint(self):
        """The sentence closing every refusal of an SOP file: which file to import."""
        return self.env._("Import a file made from the SOP template.")

    @api.model
    def _raise_xlsx_errors(self, filename, errors):
        raise_problems(
            self.env,
            filename,
            errors,
            lambda error: self.env._(
                "Sheet %(sheet)s, cell %(cell)s: %(reason)s",
                sheet=error[0],
                cell=error[1],
                reason=error[2],
            ),
        )

    @api.model
    def _xlsx_resolve(self, specs, company, create_roles):
        """Match the names of ``specs`` to ``company``'s records (ids stored in the specs);
        return the errors. Unknown roles are listed, or noted to be created."""
        names = {
            model: self._xlsx_by_name(model, company)
            for model in ("sop.role", "hr.department", "hr.employee", "sop.letter.kind")
        }
        numbers = {spec["identity"].get("number") for spec in specs} | {
            item["related"] for spec in specs for item in spec["sections"]
        }
        existing = self.search(
            [("company_id", "=", company.id), ("number", "in", [n for n in numbers if n])],
            order="revision desc, id desc",
        )
        in_file = {}
        errors = []
        for spec in specs:
            errors += self._xlsx_resolve_identity(spec, names, existing, in_file, company)
            errors += self._xlsx_resolve_roles(spec, names["sop.role"], company, create_roles)
            errors += self._xlsx_resolve_kinds(spec, names["sop.letter.kind"], company)
            spec["roles"] = names["sop.role"]
        return errors

    @api.model
    def _xlsx_by_name(self, model, company):
        """``company``'s records of ``model`` by their name, as ``tools.name_key`` reads it."""
        records = self.env[model].search([("company_id", "=", company.id)])
        return {name_key(record.name): record for record in records}

    @api.model
    def _xlsx_resolve_identity(self, spec, names, existing, in_file, company):
        """The unit, author, draft to update and related SOPs of ``spec``; the errors.
        ``in_file`` maps the SOP numbers met so far in the file to their sheet."""
        identity, cells = spec["identity"], spec["identity"]["cells"]
        sheet = spec["sheets"][0]
        number = identity.get("number")
        spec["unit"] = names["hr.department"].get(
            name_key(identity.get("unit")), self.env["hr.department"]
        )
        spec["author"] = names["hr.employee"].get(
            name_key(identity.get("author")), self.env["hr.employee"]
        )
        errors = []
        # Each message on its own line: Odoo 19.0's term extractor would also take "author".
        no_unit = self.env._("no unit (department) of %s is named so")
        no_author = self.env._("no employee of %s is named so")
        for field, label in (("unit", no_unit), ("author", no_author)):
            if identity.get(field) and not spec[field]:
                errors.append((sheet, cells[field], label % company.name))
        same = existing.filtered(lambda d: number and d.number == number)
        spec["draft"] = same.filtered(lambda d: d.state == "draft")[:1]
        if same and not spec["draft"]:
            errors.append(
                (sheet, cells["number"],
                 self.env._("SOP %s is already in force or on its way: click Revise on it, "
                            "then import into its draft revision", same[0].display_name))
            )  # fmt: skip
        if number and number in in_file:
            errors.append(
                (sheet, cells["number"],
                 self.env._("the SOP number is also in sheet %s", in_file[number]))
            )  # fmt: skip
        if number:
            in_file.setdefault(number, sheet)
        for item in spec["sections"]:
            item["related_id"] = existing.filtered(lambda d, n=item["related"]: d.number == n)[
                :1
            ].id
        return errors

    @api.model
    def _xlsx_resolve_roles(self, spec, roles, company, create_roles):
        """The actors of ``spec`` that are no role of ``company``: to be created (noted in
        the spec) or listed as errors."""
        missing = {step["role"] for step in spec["steps"] if name_key(step["role"]) not in roles}
        missing |= {
            role for _h, names in spec["columns"] for role in names if name_key(role) not in roles
        }
        spec["new_roles"] = sorted(missing) if create_roles else []
        if create_roles and missing and not spec["unit"]:
            return [
                (spec["sheets"][0], spec["identity"]["cells"].get("unit", "B"),
                 self.env._("the roles %s are to be created, held by the manager of the "
                            "SOP's unit: give the unit", ", ".join(sorted(missing))))
            ]  # fmt: skip
        if missing and not create_roles:
            return [
                (spec["sheets"][1], "-",
                 self.env._("unknown actors (not SOP roles of %(agency)s): %(names)s. Tick "
                            "'Create Missing Roles' to create them.",
                            agency=company.name, names=", ".join(sorted(missing))))
            ]  # fmt: skip
        return []

    @api.model
    def _xlsx_resolve_kinds(self, spec, kinds, company):
        """The kinds of letter the steps of ``spec`` number (ids in the steps); the errors."""
        errors = []
        for step in spec["steps"]:
            kind = kinds.get(name_key(step["letter_kind"]))
            step["kind_id"] = kind.id if kind else False
            if step["letter_kind"] and not kind:
                errors.append(
                    (spec["sheets"][1], step["cells"]["letter_kind"],
                     self.env._("no kind of letter of %s is named so", company.name))
                )  # fmt: skip
        return errors

    @api.model
    def _xlsx_write(self, specs, company, filename, progress=None):
        """Create or update the drafts of ``specs`` (resolved) in a few batched queries: all
        at once, or with ``progress`` by ``WRITE_BATCH`` SOPs (a few queries more per batch),
        telling ``progress(done, total)`` after each."""
        roles = specs[0]["roles"] if specs else {}
        new_roles = {}
        for spec in specs:
            for name in spec["new_roles"]:
                new_roles.setdefault(
                    name_key(name), {"name": name, "department_id": spec["unit"].id}
                )
        if new_roles:
            created = self.env["sop.role"].create(
                [{**vals, "company_id": company.id, "holder_type": "manager"}
                 for vals in new_roles.values()]
            )  # fmt: skip
            roles = {**roles, **dict(zip(new_roles, created, strict=True))}

        def role_id(name):
            return roles[name_key(name)].id

        if progress:
            progress(0, len(specs))
        ids = []
        for batch in split_every(WRITE_BATCH if progress else len(specs) or 1, specs, list):
            new_vals = []
            for spec in batch:
                vals = self._xlsx_vals(spec, company, role_id)
                if spec["draft"]:
                    spec["draft"].write(
                        {key: [Command.clear(), *value] if key.endswith("_ids") else value
                         for key, value in vals.items()}
                    )  # fmt: skip
                else:
                    new_vals.append(vals)
            created = iter(self.with_context(mail_create_nolog=True).create(new_vals))
            ids += [spec["draft"].id or next(created).id for spec in batch]
            if progress:
                progress(len(ids), len(specs))
        documents = self.browse(ids)
        documents._xlsx_link(specs)
        imported = end_sentence(
            self.env._(
                "Imported from %(file)s by %(user)s.", file=filename, user=self.env.user.name
            )
        )
        documents._message_log_batch(
            bodies={
                document.id: f"{imported} {spec['ignored']}".strip()
                for document, spec in zip(documents, specs, strict=True)
            }
        )
        return documents

    @api.model
    def _xlsx_vals(self, spec, company, role_id):
        identity = spec["identity"]
        vals = {
            "name": identity["name"],
            "number": identity.get("number") or False,
            "department_id": spec["unit"].id,
            "author_id": spec["author"].id,
            "date_created": identity.get("date_created") or fields.Date.context_today(self),
            "date_revision": identity.get("date_revision") or False,
            "date_effective": identity.get("date_effective") or False,
            "column_ids": [
                Command.create(
                    {"sequence": i, "name": heading, "role_ids": [Command.set(
                        [role_id(name) for name in names])]}
                )
                for i, (heading, names) in enumerate(spec["columns"], start=1)
            ],
            "line_ids": [
                Command.create(
                    {"section": item["section"], "sequence": i, "name": item["name"],
                     "relation_type": item["relation"] or False,
                     "related_document_id": item["related_id"] or False}
                )
                for i, item in enumerate(spec["sections"], start=1)
            ],
            "step_ids": [
                Command.create(
                    {"number": step["number"], "sequence": step["number"], "name": step["name"],
                     "role_id": role_id(step["role"]), "symbol": step["symbol"],
                     "requirement": step["requirement"] or False, "duration": step["duration"],
                     "duration_unit": step["unit"], "output": step["output"] or False,
                     "note": step["note"] or False, "per_unit": step["per_unit"],
                     "lakip_worksheet_action": step["worksheet"],
                     "letter_kind_id": step["kind_id"],
                     **({"yes_number": step["yes"], "no_number": step["no"]}
                        if symbols.get(step["symbol"]).branches else {})}
                )
                for step in spec["steps"]
            ],
        }  # fmt: skip
        if spec["draft"]:
            vals.pop("date_created")
        else:
            vals["company_id"] = company.id
        return vals

    def _xlsx_link(self, specs):
        """Point the Keterkaitan items at SOPs imported from the same file, once every SOP
        exists (the decisions' Ya/Tidak steps are resolved by ``create``/``write``)."""
        by_sop_number = {d.number: d for d in self if d.number}
        for document, spec in zip(self, specs, strict=True):
            items = document.line_ids.sorted("sequence")
            for line, item in zip(items, spec["sections"], strict=True):
                if item["related"] and not item["related_id"]:
                    related = by_sop_number.get(item["related"])
                    if related:
                        line.write({"related_document_id": related.id})
