from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Units as printed on the official (Indonesian) form, whatever the user's language.
DURATION_UNITS_PRINTED = {"minute": "Menit", "hour": "Jam", "day": "Hari", "week": "Minggu"}
DURATION_UNITS = [
    ("minute", "Minutes"),
    ("hour", "Hours"),
    ("day", "Working Days"),
    ("week", "Weeks"),
]


class SopStep(models.Model):
    """One row of the SOP flowchart: an activity, its Pelaksana and its Mutu Baku."""

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
        [
            ("start", "Start"),
            ("process", "Process"),
            ("decision", "Decision"),
            ("end", "End"),
        ],
        required=True,
        default="process",
        help="Start and End are drawn as terminators (capsules), a Process as a rectangle, "
        "a Decision as a diamond whose Yes and No lead to the steps named below.",
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
    lakip_worksheet_action = fields.Selection(
        [
            ("send", "Send the worksheets"),
            ("fill", "Fill the unit's worksheet"),
            ("verify", "Verify the unit's worksheet"),
            ("compile", "Compile the worksheets"),
        ],
        string="LAKIP Worksheet",
        help="In a run linked to a LAKIP as its data collection, this step follows the "
        "worksheets (kertas kerja): it completes when they reach this point.",
    )
    letter_kind_id = fields.Many2one(
        "sop.letter.kind",
        string="Numbers Letter",
        check_company=True,
        ondelete="restrict",
        help="This step numbers the run's cover letter (e.g. 'Membuat Surat Pengantar "
        "sekaligus Penomoran Surat'): while it is open, its assignee (as well as a Kasubag, "
        "the Sekretaris or the Kepala Dinas) can create the letter from the run and edit "
        "the draft; completing it gives every draft letter of the run its number, and "
        "creates the letter, of this kind, if the run has none.",
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
            step.write(
                step.document_id._resolve_branch_numbers(step, step.yes_number, step.no_number)
            )

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

    @api.depends("symbol", "yes_number", "no_number", "number")
    def _compute_flow_display(self):
        for step in self:
            if step.symbol == "decision":
                step.flow_display = self.env._(
                    "Yes: %(yes)s · No: %(no)s",
                    yes=step.yes_number or "?",
                    no=step.no_number or "?",
                )
            elif step.symbol == "end":
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

    def _get_next_steps(self):
        """The steps the flow can go to after this one."""
        self.ensure_one()
        if self.symbol == "decision":
            return self.yes_step_id | self.no_step_id
        if self.symbol == "end":
            return self.browse()
        steps = self.document_id._sorted_steps()
        index = list(steps).index(self) if self in steps else -1
        return steps[index + 1 : index + 2] if index >= 0 else self.browse()

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
            "worksheet": self.lakip_worksheet_action,
            "letter_kind": self.letter_kind_id.name,
        }
