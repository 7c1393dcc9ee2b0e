from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.sql import create_index

from ..tools import search_boolean
from .sop_document import approved_sop
from .sop_workflow_mixin import workflow_state


class SopInstance(models.Model):
    """One run of an approved SOP, e.g. "Penyusunan LAKIP 2024".

    The run is tied to the approved revision it was started from: a later revision
    does not change it. When it starts, the holder of every role is frozen, and the
    start step becomes a work item with an activity in its assignee's inbox. Marking
    that activity done (or answering a decision Yes/No) schedules the next step, until
    an end step closes the run.

    Who may do what: a Kasubag (and up) creates, starts and cancels runs; the assignee
    of a work item, or a user higher on the ladder in the same agency, completes it; the
    assignee of the step that numbers the cover letter drafts that letter; Staff and
    auditors read. A started run is history: its SOP, agency and role holders no longer
    change, who started it and when is set by Start and Cancel only, and only a draft run
    can be deleted (by a Kasubag and up).
    """

    _name = "sop.instance"
    _description = "SOP Run"
    _inherit = ["sop.agency.mixin", "sop.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # Everyone who reads a run may discuss it and handle the activities assigned to them
    # (mail.activity lets only the assignee or a superior change a step's activity).
    _mail_post_access = "read"
    # Set by the buttons only (see sop.workflow.mixin).
    _WORKFLOW_FIELDS = frozenset({"state", "user_id", "date_start", "date_done"})
    # What a run was started with; fixed once it has left the draft state.
    _STARTED_FIXED_FIELDS = frozenset({"document_id", "company_id", "holder_ids"})

    name = fields.Char(required=True, tracking=True)
    document_id = approved_sop()
    year = fields.Integer(default=lambda self: fields.Date.context_today(self).year)
    period = fields.Char(help="e.g. Triwulan I, or Tahunan.")
    state = workflow_state(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        index=True,
        group_expand=True,
    )
    user_id = fields.Many2one("res.users", string="Started By", copy=False, readonly=True)
    date_start = fields.Datetime(string="Started On", copy=False, readonly=True)
    date_done = fields.Datetime(string="Finished On", copy=False, readonly=True)
    holder_ids = fields.One2many(
        "sop.instance.holder",
        "instance_id",
        string="Role Holders",
        compute="_compute_holder_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    workitem_ids = fields.One2many("sop.workitem", "instance_id", string="Timeline")
    current_step = fields.Char(compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress", help="Share of the SOP's steps done.")
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )

    def _workflow_error(self):
        return self.env._(
            "The state changes only with the buttons (Start, Cancel), and so do who started "
            "the run and when."
        )

    def write(self, vals):
        fixed = self._STARTED_FIXED_FIELDS.intersection(vals)
        if fixed and not self.env.su:
            started = self.filtered(lambda i: i.state != "draft")
            if started:
                raise UserError(
                    self.env._(
                        "Run %(run)s has started, so these no longer change: %(fields)s. "
                        "Cancel it and start a new run instead.",
                        run=started[0].display_name,
                        fields=", ".join(sorted(self._fields[f].string for f in fixed)),
                    )
                )
        return super().write(vals)

    def init(self):
        # The pemda dashboard counts each agency's runs started in its current period.
        create_index(
            self.env.cr,
            "sop_instance_company_date_start_idx",
            self._table,
            ["company_id", "date_start"],
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.env.su:
            return
        started = self.filtered(lambda i: i.state != "draft")
        if started:
            raise UserError(
                self.env._(
                    "Run %s is part of the agency's records: only a draft run can be "
                    "deleted. Cancel it instead.",
                    started[0].display_name,
                )
            )

    @api.depends("document_id")
    def _compute_holder_ids(self):
        for instance in self:
            roles = instance.document_id.step_ids.role_id
            instance.holder_ids = [Command.clear()] + [
                Command.create({"role_id": role.id}) for role in roles
            ]

    @api.depends("workitem_ids.state")
    def _compute_progress(self):
        # A "No" sends the run back: the steps from the one it returns to are to do again.
        done_steps = {instance.id: set() for instance in self}
        for item in self.env["sop.workitem"].search(
            [("instance_id", "in", self.ids), ("state", "=", "done")], order="date_done, id"
        ):
            steps = done_steps[item.instance_id.id]
            if item.outcome == "no":
                back_to = item.step_id.no_step_id.number
                steps.difference_update([s for s in steps if s.number >= back_to])
            else:
                steps.add(item.step_id)
        done_count = {instance_id: len(steps) for instance_id, steps in done_steps.items()}
        opened = self.env["sop.workitem"].search(
            [("instance_id", "in", self.ids), ("state", "=", "open")]
        )
        for instance in self:
            total = len(instance.document_id.step_ids) or 1
            instance.progress = (
                100.0
                if instance.state == "done"
                else 100.0 * done_count.get(instance.id, 0) / total
            )
            current = opened.filtered(lambda w, i=instance: w.instance_id == i)
            instance.current_step = ", ".join(
                dict.fromkeys(f"{w.step_id.number}. {w.step_id.name}"[:60] for w in current)
            )

    def _compute_is_overdue(self):
        overdue = self.search([("id", "in", self.ids), ("is_overdue", "=", True)])
        for instance in self:
            instance.is_overdue = instance in overdue

    def _search_is_overdue(self, operator, value):
        domain = [("workitem_ids", "any", [("is_overdue", "=", True)])]
        return search_boolean(self, "is_overdue", operator, value, domain)

    # ------------------------------------------------------------------
    # Start
    # ------------------------------------------------------------------
    def _get_start_errors(self, units=None):
        """Return what prevents this run from starting (``units``: its agency's, if known)."""
        self.ensure_one()
        errors = []
        document = self.document_id
        if document.state != "approved":
            errors.append(
                self.env._(
                    "SOP %s is not approved: only an approved SOP can be run.",
                    document.display_name,
                )
            )
        errors += self._get_holder_errors()
        if document.step_ids.filtered("per_unit"):
            errors += self._get_unit_errors(self._get_units() if units is None else units)
        return errors

    def _get_holder_errors(self):
        """What is wrong with the holders of the roles of the SOP's steps."""
        errors = []
        holders = {holder.role_id: holder._resolve_employee() for holder in self.holder_ids}
        for role in self.document_id.step_ids.role_id:
            # A department's manager may come from any agency its editor works for, and
            # such an employee is not readable here: the checks read as superuser.
            employee = holders.get(role, self.env["hr.employee"]).sudo()
            if not employee:
                errors.append(self.env._("Role %s has no holder: choose one.", role.name))
            elif employee.company_id != self.company_id:
                errors.append(
                    self.env._(
                        "Role %(role)s is held by %(employee)s, who works for %(other)s, not "
                        "for %(agency)s: choose another holder on the Role Holders tab.",
                        role=role.name,
                        employee=employee.name,
                        other=employee.company_id.name,
                        agency=self.company_id.name,
                    )
                )
            elif not employee.user_id:
                errors.append(
                    self.env._(
                        "Role %(role)s is held by %(employee)s, who has no user to receive "
                        "the activities.",
                        role=role.name,
                        employee=employee.name,
                    )
                )
        return errors

    def _get_unit_errors(self, units):
        """What prevents the per-unit steps from being done by each of ``units``."""
        errors = []
        if not units:
            errors.append(
                self.env._(
                    "Some steps are done by every unit, but no department of %s takes "
                    "part in per-unit SOP steps.",
                    self.company_id.name,
                )
            )
        for step in self.document_id.step_ids.filtered("per_unit"):
            for unit in units:
                employee = self._get_unit_employee(step, unit)
                if employee and employee.company_id != unit.company_id:
                    errors.append(
                        self.env._(
                            "Step %(step)s is done by every unit, but %(employee)s, who "
                            "does it for %(unit)s, works for %(other)s, not for %(agency)s.",
                            step=step.number,
                            employee=employee.name,
                            unit=unit.name,
                            other=employee.company_id.name,
                            agency=unit.company_id.name,
                        )
                    )
                elif not employee.user_id:
                    errors.append(
                        self.env._(
                            "Step %(step)s is done by every unit, but %(unit)s has no "
                            "manager or SOP contact with a user.",
                            step=step.number,
                            unit=unit.name,
                        )
                    )
        return errors

    def _get_units(self):
        return self._get_units_by_company()[self.company_id]

    def _get_units_by_company(self):
        """{agency: its units that take part in per-unit steps} of these runs, in one search."""
        units = self.env["hr.department"].search(
            [("company_id", "in", self.company_id.ids), ("sop_unit", "=", True)]
        )
        return {c: units.filtered(lambda u, c=c: u.company_id == c) for c in self.company_id}

    @api.model
    def _get_unit_employee(self, step, unit):
        """The employee who does ``unit``'s part of a per-unit ``step``, read as superuser:
        a department's manager may come from any agency its editor works for."""
        unit = unit.sudo()
        if step.role_id.holder_type == "manager":
            return unit.manager_id
        return unit.sop_delegate_id or unit.manager_id

    @api.model
    def _get_unit_assignee(self, step, unit):
        """The user who does ``unit``'s part of a per-unit ``step``."""
        return self._get_unit_employee(step, unit).user_id

    def action_start(self):
        """Start the runs: freeze the role holders and schedule the start steps."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can start an SOP run."),
        )
        not_draft = self.filtered(lambda i: i.state != "draft")
        if not_draft:
            raise UserError(
                self.env._("Run %s has already been started.", not_draft[0].display_name)
            )
        fanned = self.document_id.filtered(lambda d: d.step_ids.filtered("per_unit"))
        fanned = self.filtered(lambda i: i.document_id in fanned)
        units = fanned._get_units_by_company() if fanned else {}
        # Runs started together mostly share their SOP, agency and chosen holders, and so
        # what prevents them from starting: that is looked at once per combination.
        errors_of = {}

        def start_errors(instance):
            chosen = frozenset((h.role_id, h.employee_id) for h in instance.holder_ids)
            key = (instance.document_id, instance.company_id, chosen)
            if key not in errors_of:
                errors_of[key] = instance._get_start_errors(units.get(instance.company_id))
            return errors_of[key]

        self._check_errors(
            start_errors,
            lambda record, errors: self.env._(
                "Run %(record)s cannot start:\n%(errors)s", record=record, errors=errors
            ),
        )
        # One write per employee, not per holder: runs started together share holders.
        unset = self.holder_ids.filtered(lambda h: not h.employee_id)
        for employee, holders in unset.grouped(lambda h: h._resolve_employee()).items():
            holders.employee_id = employee
        self._workflow_write(
            {"state": "running", "date_start": fields.Datetime.now(), "user_id": self.env.uid}
        )
        start_of = {
            document: document.step_ids.filtered(lambda s: s._symbol().starts)
            for document in self.document_id
        }
        starts = [(instance, start_of[instance.document_id]) for instance in self]
        self.env["sop.workitem"].sudo()._create_for_steps(starts)
        return True

    def action_cancel(self):
        """Cancel the runs: open work items and their activities go, the history stays."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can cancel an SOP run."),
        )
        if any(i.state in ("done", "cancelled") for i in self):
            raise UserError(self.env._("Only a draft or running SOP run can be cancelled."))
        self.workitem_ids.filtered(lambda w: w.state == "open").sudo()._cancel()
        self._workflow_write({"state": "cancelled"})
        return True

    def _finish(self):
        self.workitem_ids.filtered(lambda w: w.state == "open")._cancel()
        self._workflow_write({"state": "done", "date_done": fields.Datetime.now()})

    def _holder_users(self):
        """{(instance, role): user} of the frozen holders of these runs."""
        return {
            (holder.instance_id, holder.role_id): holder.employee_id.user_id
            for holder in self.holder_ids
        }

    # ------------------------------------------------------------------
    # Overdue reminders
    # ------------------------------------------------------------------
    @api.model
    def _cron_remind_overdue(self):
        """Remind the assignees of overdue steps; escalate each one once, a level up."""
        self.env["sop.workitem"].search([("is_overdue", "=", True)])._remind_overdue()
