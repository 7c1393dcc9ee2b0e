from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from .. import symbols

# The decisions' targets as step numbers, resolved once the steps are saved.
BRANCH_NUMBERS = ("yes_number", "no_number")
# Units as printed on the official (Indonesian) form, whatever the user's language.
DURATION_UNITS_PRINTED = {"minute": "Menit", "hour": "Jam", "day": "Hari", "week": "Minggu"}
DURATION_UNITS = [
    ("minute", "Minutes"),
    ("hour", "Hours"),
    ("day", "Working Days"),
    ("week", "Weeks"),
]


class SopStep(models.Model):
    """One row of the SOP flowchart: an activity, its Pelaksana and its Mutu Baku.

    The steps of an SOP also make its flow graph: where each step leads
    (``_get_next_steps``), whether the whole flow holds (``_get_flow_errors``) and the
    decisions' targets typed as step numbers (``_pop_branch_numbers`` and the methods
    after it).
    """

    _name = "sop.step"
    _description = "SOP Step"
    _inherit = ["sop.document.child.mixin"]
    _order = "document_id, number, id"
    _check_company_auto = True

    sequence = fields.Integer(
        default=10, help="Orders steps created without a number before they get one."
    )
    number = fields.Integer(
        string="No.",
        copy=True,
        help="The step's number as printed on the SOP; the flow follows the numbers. "
        "By default the next number; it may skip numbers, as on a signed paper SOP "
        "(1-8, 11-13), but two steps of one SOP never share a number.",
    )
    name = fields.Text(
        string="Activity",
        required=True,
        help="The activity, in the active voice without a subject (e.g. 'Memeriksa draft LAKIP').",
    )
    role_id = fields.Many2one("sop.role", string="Actor", check_company=True, ondelete="restrict")
    column_id = fields.Many2one(
        "sop.document.column",
        compute="_compute_column_id",
        help="The Pelaksana column the step is drawn in.",
    )
    symbol = fields.Selection(
        symbols.selection(),
        required=True,
        default=symbols.DEFAULT,
        help="Start and End are drawn as terminators (capsules), a Process as a rectangle, "
        "a Decision as a diamond whose Yes and No lead to the steps named below.",
    )
    symbol_branches = fields.Boolean(
        string="Asks Yes or No",
        compute="_compute_symbol_branches",
        help="The symbol is a decision: a run asks Yes or No and goes on to the step of the answer.",
    )
    yes_step_id = fields.Many2one(
        "sop.step",
        string="If Yes, Go To",
        copy=False,
        ondelete="set null",
        domain="[('document_id', '=', document_id)]",
        help="Decision only: the step that follows a 'Yes' (Ya) (usually the next one).",
    )
    no_step_id = fields.Many2one(
        "sop.step",
        string="If No, Go To",
        copy=False,
        ondelete="set null",
        domain="[('document_id', '=', document_id)]",
        help="Decision only: the step that follows a 'No' (Tidak), often an earlier "
        "one for correction.",
    )
    # The web client cannot link a record to a line of the same unsaved form: the
    # decision's targets are typed as step numbers and resolved when the SOP is saved.
    yes_number = fields.Integer(
        string="Yes: Step No.",
        compute="_compute_branch_numbers",
        inverse="_inverse_branch_numbers",
        help="Decision only: the number of the step that follows a 'Yes' (Ya), usually the "
        "next one. Steps typed in the same form can be chosen before it is saved.",
    )
    no_number = fields.Integer(
        string="No: Step No.",
        compute="_compute_branch_numbers",
        inverse="_inverse_branch_numbers",
        help="Decision only: the number of the step that follows a 'No' (Tidak), often an "
        "earlier one for correction.",
    )
    per_unit = fields.Boolean(
        string="Every Unit",
        help="Every unit (Bidang, Sekretariat) does this step in parallel, each "
        "on its own part; the flow goes on when all are done.",
    )
    requirement = fields.Text(
        string="Requirements", help="Mutu Baku: Kelengkapan (what the actor needs)."
    )
    duration = fields.Float(string="Time", digits=(16, 1), default=1.0, help="Mutu Baku: Waktu.")
    duration_unit = fields.Selection(
        DURATION_UNITS, string="Time Unit", required=True, default="hour"
    )
    duration_display = fields.Char(string="Standard Time", compute="_compute_duration_display")
    output = fields.Text(help="Mutu Baku: Output.")
    note = fields.Text(string="Remarks", help="Keterangan.")
    flow_display = fields.Char(
        string="Goes To", compute="_compute_flow_display", help="Where the flow goes next."
    )

    @api.model_create_multi
    def create(self, vals_list):
        """Give each step created without a number the next one of its SOP, in the order
        of ``sequence`` (one query for every SOP of the batch)."""
        vals_list = [dict(vals) for vals in vals_list]
        unnumbered = [vals for vals in vals_list if not vals.get("number")]
        if unnumbered:
            ids = {vals.get("document_id") for vals in unnumbered} - {None, False}
            last = dict(
                self._read_group(
                    [("document_id", "in", list(ids))], ["document_id"], ["number:max"]
                )
            )
            last = {document.id: number or 0 for document, number in last.items()}
            for vals in vals_list:
                if vals.get("number") and vals.get("document_id"):
                    document = vals["document_id"]
                    last[document] = max(last.get(document, 0), vals["number"])
            for vals in sorted(unnumbered, key=lambda v: v.get("sequence", 10)):
                document = vals.get("document_id")
                last[document] = last.get(document, 0) + 1
                vals["number"] = last[document]
        return super().create(vals_list)

    def copy_data(self, default=None):
        """A copied decision names its targets by step number: the SOP's ``create`` points
        it at the copied steps, as it does for the form and every other way in."""
        vals_list = super().copy_data(default)
        for step, vals in zip(self, vals_list, strict=True):
            if step._symbol().branches:
                vals.setdefault("yes_number", step.yes_step_id.number)
                vals.setdefault("no_number", step.no_step_id.number)
        return vals_list

    @api.onchange("document_id")
    def _onchange_document_id_number(self):
        """In the form, a new step shows the number after the highest of its SOP."""
        for step in self.filtered(lambda s: not s.number):
            step.number = max(step.document_id.step_ids.mapped("number"), default=0) + 1

    @api.depends("yes_step_id.number", "no_step_id.number")
    def _compute_branch_numbers(self):
        for step in self:
            step.yes_number = step.yes_step_id.number
            step.no_number = step.no_step_id.number

    def _inverse_branch_numbers(self):
        for step in self:
            step.write(step._resolve_branch_numbers(step.yes_number, step.no_number))

    @api.depends("role_id", "document_id.column_ids.role_ids")
    def _compute_column_id(self):
        for step in self:
            step.column_id = step.document_id.column_ids.filtered(
                lambda c, role=step.role_id: role in c.role_ids
            )[:1]

    @api.depends("duration", "duration_unit")
    @api.depends_context("lang")
    def _compute_duration_display(self):
        units = dict(self._fields["duration_unit"]._description_selection(self.env))
        for step in self:
            step.duration_display = f"{step.duration:g} {units[step.duration_unit]}"

    @api.depends("symbol")
    def _compute_symbol_branches(self):
        for step in self:
            step.symbol_branches = step._symbol().branches

    @api.depends("symbol", "yes_number", "no_number", "number")
    def _compute_flow_display(self):
        for step in self:
            if step._symbol().branches:
                step.flow_display = self.env._(
                    "Yes: %(yes)s · No: %(no)s",
                    yes=step.yes_number or "?",
                    no=step.no_number or "?",
                )
            elif step._symbol().ends:
                step.flow_display = self.env._("End")
            else:
                nxt = step._get_next_steps()
                step.flow_display = str(nxt.number) if nxt else ""

    @api.depends("number", "name")
    def _compute_display_name(self):
        for step in self:
            step.display_name = f"{step.number}. {step.name or ''}"

    @api.constrains("duration", "duration_unit")
    def _check_duration(self):
        for step in self:
            if step.duration <= 0:
                raise ValidationError(
                    self.env._(
                        "Step %(step)s of SOP %(sop)s: the time must be greater than zero.",
                        step=step.number,
                        sop=step.document_id.display_name,
                    )
                )

    @api.constrains("number", "document_id")
    def _check_number(self):
        for document in self.document_id:
            errors = document._get_number_errors()
            if errors:
                raise ValidationError(
                    self.env._(
                        "SOP %(sop)s: %(errors)s",
                        sop=document.display_name,
                        errors=" ".join(errors),
                    )
                )

    @api.constrains("yes_step_id", "no_step_id", "document_id")
    def _check_branches(self):
        for step in self:
            for target in step.yes_step_id | step.no_step_id:
                if target.document_id != step.document_id:
                    raise ValidationError(
                        self.env._(
                            "Step %(step)s of SOP %(sop)s: a decision can only go to a "
                            "step of the same SOP, not to '%(target)s'.",
                            step=step.number,
                            sop=step.document_id.display_name,
                            target=target.display_name,
                        )
                    )

    def _duration_print(self):
        """The Mutu Baku time as printed on the form: '10 Menit'."""
        self.ensure_one()
        return f"{self.duration:g} {DURATION_UNITS_PRINTED[self.duration_unit]}"

    def _symbol(self):
        """This step's ``sop_lakip.symbols.Symbol`` (a row not given one yet is a process);
        an unknown one raises ``UnknownSymbol``."""
        self.ensure_one()
        return symbols.get(self.symbol or symbols.DEFAULT)

    def _get_next_steps(self):
        """The steps the flow can go to after this one."""
        self.ensure_one()
        if self._symbol().branches:
            return self.yes_step_id | self.no_step_id
        if self._symbol().ends:
            return self.browse()
        steps = self.document_id._sorted_steps()
        index = list(steps).index(self) if self in steps else -1
        return steps[index + 1 : index + 2] if index >= 0 else self.browse()

    # ------------------------------------------------------------------
    # The flow graph
    # ------------------------------------------------------------------
    def _get_flow_errors(self, roles):
        """What is wrong with the flow of these steps (every step of one SOP), whose actors
        must be among ``roles`` (the roles of the SOP's actor columns). The step's time and
        a decision's targets in another SOP are refused by the constraints already."""
        if not self:
            return [self.env._("The SOP has no steps.")]
        errors = []
        starts = self.filtered(lambda s: s._symbol().starts)
        if not starts:
            errors.append(self.env._("There is no start step: mark the first step as Start."))
        elif len(starts) > 1:
            errors.append(
                self.env._(
                    "There must be exactly one start step, but steps %s are all marked Start.",
                    ", ".join(str(s.number) for s in starts),
                )
            )
        ends = self.filtered(lambda s: s._symbol().ends)
        if not ends:
            errors.append(self.env._("There is no end step: mark the last step as End."))
        for step in self:
            if not step.role_id:
                errors.append(self.env._("Step %s has no actor (Pelaksana role).", step.number))
            elif step.role_id not in roles:
                errors.append(
                    self.env._(
                        "Step %(step)s: role %(role)s is not in any actor column of this SOP.",
                        step=step.number,
                        role=step.role_id.name,
                    )
                )
            if step._symbol().branches and not (step.yes_step_id and step.no_step_id):
                errors.append(
                    self.env._(
                        "Step %s is a decision: choose the step for Yes and the step for No.",
                        step.number,
                    )
                )
        if len(starts) == 1:
            errors += self._get_reach_errors(starts, ends)
        return errors

    def _get_reach_errors(self, starts, ends):
        """The steps the start cannot reach, and those from which no end can be reached."""
        successors = {step: step._get_next_steps() for step in self}
        errors = [
            self.env._("Step %s cannot be reached from the start step.", step.number)
            for step in self - self._walk(starts, successors)
        ]
        predecessors = dict.fromkeys(self, self.browse())
        for step, nexts in successors.items():
            for nxt in nexts:
                predecessors[nxt] |= step
        errors += [
            self.env._("From step %s no end step can be reached.", step.number)
            for step in self - self._walk(ends, predecessors)
        ]
        return errors

    @staticmethod
    def _walk(origins, edges):
        """Return every step reachable from ``origins`` through ``edges``."""
        seen = origins
        todo = list(origins)
        while todo:
            for nxt in edges[todo.pop()]:
                if nxt not in seen:
                    seen |= nxt
                    todo.append(nxt)
        return seen

    # ------------------------------------------------------------------
    # Decisions typed as step numbers
    # ------------------------------------------------------------------
    @api.model
    def _pop_branch_numbers(self, vals):
        """Take the decisions' step numbers out of the step commands of ``vals`` (the
        values of an SOP).

        Return the numbers of each created step, in the order of the commands, and
        the numbers of each updated step by id: they are resolved once every step of
        the save exists and has its final number.
        """
        new_numbers, numbers_by_id, commands = [], {}, []
        for command in vals.get("step_ids") or []:
            if isinstance(command, (list, tuple)) and command[0] in (
                Command.CREATE,
                Command.UPDATE,
            ):
                values = dict(command[2] or {})
                numbers = {name: values.pop(name) for name in BRANCH_NUMBERS if name in values}
                if command[0] == Command.CREATE:
                    new_numbers.append(numbers)
                elif numbers:
                    numbers_by_id[command[1]] = numbers
                command = (command[0], command[1], values)
            commands.append(command)
        if "step_ids" in vals:
            vals["step_ids"] = commands
        if not any(new_numbers):
            new_numbers = []
        return new_numbers, numbers_by_id

    @api.model
    def _apply_branch_numbers(self, saved):
        """Point the decisions at the steps whose numbers were typed, for every SOP of a
        save at once: ``saved`` lists ``(document, new_steps, new_numbers, numbers_by_id)``,
        ``new_numbers`` for ``new_steps`` in creation order, ``numbers_by_id`` for the
        document's steps that were updated (see ``_pop_branch_numbers``)."""
        self.invalidate_model(["number", "yes_number", "no_number"])
        requests = []
        for document, new_steps, new_numbers, numbers_by_id in saved:
            requests += zip(new_steps.sorted("id"), new_numbers, strict=False)
            requests += [
                (s, numbers_by_id[s.id]) for s in document.step_ids if s.id in numbers_by_id
            ]
        requests = [(step.id, numbers) for step, numbers in requests if numbers]
        steps = self.browse([step_id for step_id, _numbers in requests])
        # The user wrote these steps through their SOP just now: one access check for all,
        # not one per decision (the constraints still check every target).
        steps.check_access("write")
        for step, (_step_id, numbers) in zip(steps, requests, strict=True):
            step.sudo().write(
                step._resolve_branch_numbers(
                    numbers.get("yes_number", step.yes_step_id.number),
                    numbers.get("no_number", step.no_step_id.number),
                )
            )

    def _resolve_branch_numbers(self, yes, no):
        """The values pointing this step at steps ``yes`` and ``no`` of its SOP (0: none)."""
        self.ensure_one()
        document = self.document_id
        by_number = {s.number: s for s in document.step_ids}
        args = {
            "step": self.number,
            "sop": document.display_name,
            "numbers": ", ".join(str(n) for n in sorted(by_number)),
        }
        if yes and yes not in by_number:
            raise ValidationError(
                self.env._(
                    "Step %(step)s of SOP %(sop)s: Yes goes to step %(number)s, but the SOP "
                    "has no such step (its steps are %(numbers)s).",
                    number=yes,
                    **args,
                )
            )
        if no and no not in by_number:
            raise ValidationError(
                self.env._(
                    "Step %(step)s of SOP %(sop)s: No goes to step %(number)s, but the SOP "
                    "has no such step (its steps are %(numbers)s).",
                    number=no,
                    **args,
                )
            )
        return {
            "yes_step_id": by_number[yes].id if yes else False,
            "no_step_id": by_number[no].id if no else False,
        }

    @api.model
    def _copy_fields(self):
        """What of a step is copied to another agency (each part adds its own; a letter kind
        is the agency's own and is not copied)."""
        return [
            "name",
            "symbol",
            "per_unit",
            "requirement",
            "duration",
            "duration_unit",
            "output",
            "note",
        ]

    @api.model
    def _copy_values_from_xlsx(self, row):
        """The ``_copy_fields`` values of a step read from an Excel row (``parse_steps``)."""
        return {
            "name": row["name"],
            "symbol": row["symbol"],
            "per_unit": row["per_unit"],
            "requirement": row["requirement"] or False,
            "duration": row["duration"],
            "duration_unit": row["unit"],
            "output": row["output"] or False,
            "note": row["note"] or False,
        }

    def _get_xlsx_values(self):
        """The step as a row of the SOP's Excel table (see report/sop_xlsx_layout.py)."""
        self.ensure_one()
        return {
            "number": self.number,
            "name": self.name,
            "role": self.role_id.name,
            "symbol": self.symbol,
            "requirement": self.requirement,
            "duration": self.duration,
            "unit": self.duration_unit,
            "output": self.output,
            "note": self.note,
            "yes": self.yes_step_id.number,
            "no": self.no_step_id.number,
            "per_unit": self.per_unit,
        }
