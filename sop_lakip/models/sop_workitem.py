import psycopg2.errors
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ..tools import search_boolean

LADDER = (
    "sop_lakip.group_sop_staff",
    "sop_lakip.group_sop_kasubag",
    "sop_lakip.group_sop_secretary",
    "sop_lakip.group_sop_head",
)


class SopWorkitem(models.Model):
    """One step of one SOP run for one assignee: planned against the Mutu Baku, then done.

    Each open work item has a `mail.activity` on its run in the assignee's inbox.
    """

    _name = "sop.workitem"
    _description = "SOP Run Step"
    _order = "instance_id, id"
    _rec_name = "name"
    _check_company_auto = True

    instance_id = fields.Many2one(
        "sop.instance", string="SOP Run", required=True, index=True, ondelete="cascade"
    )
    # Precomputed: the new items of a start or a step are inserted whole, not updated after.
    company_id = fields.Many2one(
        related="instance_id.company_id", store=True, index=True, precompute=True
    )
    document_id = fields.Many2one(
        related="instance_id.document_id", store=True, precompute=True, string="SOP"
    )
    step_id = fields.Many2one("sop.step", required=True, index=True, ondelete="restrict")
    step_number = fields.Integer(related="step_id.number", string="No.")
    name = fields.Text(related="step_id.name", string="Activity")
    symbol = fields.Selection(related="step_id.symbol")
    symbol_branches = fields.Boolean(related="step_id.symbol_branches")
    role_id = fields.Many2one(related="step_id.role_id")
    department_id = fields.Many2one(
        "hr.department", string="Unit", help="Set on the items of a step done by every unit."
    )
    user_id = fields.Many2one("res.users", string="Assignee", required=True, index=True)
    state = fields.Selection(
        [("open", "To Do"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
        index=True,
    )
    outcome = fields.Selection([("done", "Done"), ("yes", "Yes"), ("no", "No")])
    feedback = fields.Text()
    done_by_id = fields.Many2one("res.users")
    date_start = fields.Datetime(string="Started On", required=True, default=fields.Datetime.now)
    date_deadline = fields.Datetime(string="Planned Deadline", index=True)
    date_done = fields.Datetime(string="Finished On")
    duration_standard = fields.Float(
        string="Standard (h)", help="The Mutu Baku time, in working hours of the agency's calendar."
    )
    duration_actual = fields.Float(
        string="Actual (h)", help="Working hours between start and finish on the agency's calendar."
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    duration_ratio = fields.Float(
        string="Actual / Standard",
        compute="_compute_duration_ratio",
        store=True,
        precompute=True,
        aggregator="avg",
        help="The actual working time of a done step divided by its Mutu Baku time.",
    )
    within_standard = fields.Boolean(
        compute="_compute_duration_ratio",
        store=True,
        precompute=True,
        help="Done within its Mutu Baku time (working hours).",
    )
    escalated = fields.Boolean(readonly=True, help="The assignee's superior was told once.")
    date_reminded = fields.Date(
        string="Last Reminded On",
        readonly=True,
        copy=False,
        help="The day (in the agency's time zone) the assignee was last reminded that the "
        "step is overdue: at most one reminder a day.",
    )
    activity_ids = fields.One2many("mail.activity", "sop_workitem_id", string="Activities")

    def init(self):
        # The monitoring and the evaluations count the steps of some SOPs started in a period
        # (``_execution_figures``); the pemda dashboard counts each agency's steps done in
        # its current period. Measured on a province (README, Benchmarks).
        create_index(
            self.env.cr,
            "sop_workitem_document_date_start_idx",
            self._table,
            ["document_id", "date_start"],
        )
        create_index(
            self.env.cr,
            "sop_workitem_company_date_done_idx",
            self._table,
            ["company_id", "date_done", "within_standard"],  # read from the index alone
            where="state = 'done'",
        )

    @api.depends("state", "date_deadline", "date_done")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for item in self:
            end = item.date_done or now
            item.is_overdue = bool(
                item.state != "cancelled" and item.date_deadline and end > item.date_deadline
            )

    @api.depends("state", "duration_actual", "duration_standard")
    def _compute_duration_ratio(self):
        for item in self:
            done = item.state == "done"
            standard = item.duration_standard
            item.duration_ratio = item.duration_actual / standard if done and standard else 0.0
            # a hundredth of a second of tolerance for the float hours
            item.within_standard = done and item.duration_actual <= standard + 1e-6

    def _search_is_overdue(self, operator, value):
        domain = [("state", "=", "open"), ("date_deadline", "<", fields.Datetime.now())]
        return search_boolean(self, "is_overdue", operator, value, domain)

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------
    @api.model
    def _plan(self, step, calendar, start):
        """Return (standard working hours, deadline) of ``step`` started at ``start``."""
        per_day = calendar.hours_per_day or 8.0
        hours = (
            step.duration
            * {
                "minute": 1 / 60,
                "hour": 1,
                "day": per_day,
                "week": 5 * per_day,
            }[step.duration_unit]
        )
        return hours, calendar.plan_hours(hours, start, compute_leaves=True)

    @api.model
    def _create_for_steps(self, pairs, department=None):
        """Create the work items, and their activities, of ``pairs`` [(instance, steps)].

        A step done by every unit fans out to each unit, unless ``department`` limits it
        to one unit (the flow stays inside that unit's branch).
        """
        now = fields.Datetime.now()
        instances = self.env["sop.instance"].concat(*(i for i, _s in pairs))
        holders = instances._holder_users()
        fanned = instances.concat(*(i for i, s in pairs if s.filtered("per_unit")))
        units_of = fanned._get_units_by_company() if fanned and not department else {}
        vals_list, plans = [], {}
        for instance, steps in pairs:
            calendar = instance.company_id.resource_calendar_id
            units = department or units_of.get(instance.company_id)
            for step in steps:
                if (calendar, step) not in plans:  # runs started together share a plan
                    plans[calendar, step] = self._plan(step, calendar, now)
                standard, deadline = plans[calendar, step]
                common = {
                    "instance_id": instance.id,
                    "step_id": step.id,
                    "date_start": now,
                    "date_deadline": deadline,
                    "duration_standard": standard,
                }
                if step.per_unit:
                    vals_list += [
                        dict(
                            common,
                            department_id=unit.id,
                            user_id=instance._get_unit_assignee(step, unit).id,
                        )
                        for unit in units
                    ]
                else:
                    vals_list.append(dict(common, user_id=holders[instance, step.role_id].id))
        items = self.create(vals_list)
        items._schedule_activities()
        return items

    def _schedule_activities(self):
        """Give each of these new items its activity, in one batch."""
        activity_type = self.env.ref("sop_lakip.mail_activity_type_sop_step")
        model_id = self.env["ir.model"]._get_id("sop.instance")
        # Runs started together share their notes and deadlines: each is built once.
        notes, deadlines = {}, {}
        for item in self:
            user = item.user_id
            if (item.step_id, user.lang) not in notes:
                note = item.with_context(lang=user.lang)._activity_note()
                notes[item.step_id, user.lang] = note
            if (user, item.date_deadline) not in deadlines:
                day = fields.Date.context_today(item.with_user(user), item.date_deadline)
                deadlines[user, item.date_deadline] = day
        # No "you have been assigned" e-mail per activity: the step shows in the assignee's
        # systray at once, and overdue steps are reminded daily; starting 50 runs must not
        # send 50 e-mails to the same person.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": item.instance_id.id,
                    "user_id": item.user_id.id,
                    "summary": item._activity_summary(),
                    # in the assignee's language, whoever moved the run on
                    "note": notes[item.step_id, item.user_id.lang],
                    "date_deadline": deadlines[item.user_id, item.date_deadline],
                    "automated": True,
                    "sop_workitem_id": item.id,
                }
                for item in self
            ]
        )

    def _activity_summary(self):
        name = f"{self.step_id.number}. {self.step_id.name}"
        if self.department_id:
            name = f"{name} ({self.department_id.name})"
        return name if len(name) <= 120 else name[:119] + "…"

    def _activity_note(self):
        step = self.step_id
        parts = [
            (self.env._("Requirements"), step.requirement),
            (self.env._("Standard time"), step.duration_display),
            (self.env._("Expected output"), step.output),
        ]
        # The step's texts are user input: escaped, never taken as HTML.
        return Markup("").join(
            Markup("<p><strong>%s:</strong> %s</p>") % (label, value)
            for label, value in parts
            if value
        )

    # ------------------------------------------------------------------
    # Completing
    # ------------------------------------------------------------------
    @api.model
    def _ladder_level(self, user):
        return max(
            (level for level, group in enumerate(LADDER, start=1) if user.has_group(group)),
            default=0,
        )

    def _check_can_complete(self):
        """Only the assignee, or a user higher on the ladder in the same agency."""
        if self.env.su:
            return
        user = self.env.user
        level = self._ladder_level(user)
        for item in self:
            if item.user_id == user:
                continue
            if item.company_id not in user.company_ids or level <= self._ladder_level(item.user_id):
                raise AccessError(
                    self.env._(
                        "Step %(step)s of %(run)s is assigned to %(assignee)s: only they, or "
                        "someone above them in the agency, can complete it.",
                        step=item.step_id.number,
                        run=item.instance_id.display_name,
                        assignee=item.user_id.name,
                    )
                )

    def _check_complete(self, outcome):
        """Hook: refuse, with a UserError, to complete these items with ``outcome``.

        Called on every completion, also as superuser, after the engine's own checks (the
        assignee, the answer of a decision). A part whose steps complete by its own records
        refuses a click here (see ``sop_workitem_lakip.py``).
        """

    def _lock_open(self):
        """Lock the items for this transaction; refuse if another one holds them or closed them."""
        # NOWAIT: a concurrent completion fails at once with LockNotAvailable, which
        # Odoo answers by retrying the whole request; by then this one has committed.
        # The raw SQL reads the table: a state closed earlier in this transaction must be there.
        self.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sop_workitem WHERE id IN %s AND state = 'open' "
                "FOR NO KEY UPDATE NOWAIT",
                tuple(self.ids),
            )
        )
        open_ids = {row[0] for row in self.env.cr.fetchall()}
        closed = self.filtered(lambda w: w.id not in open_ids)
        if closed:
            closed.invalidate_recordset(["state", "done_by_id"])
            raise UserError(
                self.env._(
                    "Step %(step)s of %(run)s is already closed (%(by)s).",
                    step=closed[0].step_id.number,
                    run=closed[0].instance_id.display_name,
                    by=closed[0].done_by_id.name or closed[0].state,
                )
            )

    def _complete(self, outcome, feedback=False):
        """Complete the items with ``outcome`` ('done', 'yes' or 'no') and move their runs on."""
        if not self:
            return True
        if not self.env.lang and self.env.user.lang:
            # A call without the web client's context (XML-RPC) would log in English.
            return self.with_context(lang=self.env.user.lang)._complete(outcome, feedback)
        self._check_can_complete()
        for item in self:
            branches = item.step_id._symbol().branches
            if branches and outcome not in ("yes", "no"):
                raise UserError(
                    self.env._(
                        "Step %s is a decision: answer Yes or No on the SOP run.",
                        item.step_id.number,
                    )
                )
            if not branches and outcome != "done":
                raise UserError(
                    self.env._("Step %s is not a decision: mark it done.", item.step_id.number)
                )
        self._check_complete(outcome)
        if outcome == "no" and not (feedback or "").strip():
            raise UserError(self.env._("Say why the answer is No: the reason goes back with it."))
        if any(i.instance_id.state != "running" for i in self):
            raise UserError(self.env._("Only the steps of a running SOP can be completed."))
        self._lock_open()
        self.sudo()._do_complete(outcome, feedback)
        return True

    def _do_complete(self, outcome, feedback):
        now = fields.Datetime.now()
        self.write(
            {
                "state": "done",
                "outcome": outcome,
                "feedback": feedback or False,
                "date_done": now,
                "done_by_id": self.env.uid,
            }
        )
        for item in self:
            item.duration_actual = (
                item.instance_id.company_id.resource_calendar_id.get_work_hours_count(
                    item.date_start, now
                )
            )
        if not self.env.context.get("sop_workitem_completing"):
            for item in self:
                item.activity_ids.with_context(sop_workitem_completing=True)._action_done(
                    feedback=item._done_message_feedback(outcome, feedback)
                )
        self._on_done(outcome)
        self._advance()

    def _on_done(self, outcome):
        """Hook: what these items' steps do once done with ``outcome``, as superuser,
        before their runs move on (see ``sop_workitem_letter.py``)."""

    def _done_message_feedback(self, outcome, feedback):
        """The feedback logged in the run's chatter: a decision's answer comes first."""
        if outcome not in ("yes", "no"):
            return feedback
        answer = dict(self._fields["outcome"]._description_selection(self.env))[outcome]
        if feedback:
            return self.env._(
                "Step %(step)s (%(name)s): %(answer)s. Reason: %(reason)s",
                step=self.step_id.number,
                name=self.step_id.name,
                answer=answer,
                reason=feedback,
            )
        return self.env._(
            "Step %(step)s (%(name)s): %(answer)s",
            step=self.step_id.number,
            name=self.step_id.name,
            answer=answer,
        )

    def _advance(self):
        """Create the work items that follow these completed ones."""
        Workitem = self.env["sop.workitem"]
        pairs, unit_pairs = [], []
        sent_back = {}  # (instance, step) -> the "No" that sends the run back to that step
        for item in self:
            step, instance = item.step_id, item.instance_id
            if step._symbol().ends:
                instance._finish()
                continue
            if step._symbol().branches:
                targets = step.yes_step_id if item.outcome == "yes" else step.no_step_id
                if item.outcome == "no":
                    sent_back[instance, targets] = item
            else:
                targets = step._get_next_steps()
            for target in targets:
                if item.department_id and target.per_unit:
                    unit_pairs.append((instance, target, item.department_id))
                elif item.department_id and Workitem.search_count(
                    [
                        ("instance_id", "=", instance.id),
                        ("state", "=", "open"),
                        ("department_id", "!=", False),
                    ],
                    limit=1,
                ):
                    continue  # other units are still at work: the last one moves on
                else:
                    pairs.append((instance, target))
        created = Workitem
        if pairs:
            created |= Workitem._create_for_steps(pairs)
        for instance, target, department in unit_pairs:
            created |= Workitem._create_for_steps([(instance, target)], department=department)
        for redo in created if sent_back else ():
            answer = sent_back.get((redo.instance_id, redo.step_id))
            for activity in redo.activity_ids if answer else ():
                note = answer.with_context(lang=redo.user_id.lang)._sent_back_note()
                activity.note = note + (activity.note or "")

    def _sent_back_note(self):
        """The activity note telling who must redo a step why the decision said No."""
        return Markup("<p><strong>%s</strong> %s</p>") % (
            self.env._(
                "Sent back by %(user)s at step %(step)s:",
                user=self.done_by_id.name,
                step=self.step_id.number,
            ),
            self.feedback,
        )

    def _cancel(self):
        self.write({"state": "cancelled"})
        self.activity_ids.unlink()

    def _superiors(self):
        """{item: the user one level up from its assignee: their manager, else the agency's
        head} of these items, the assignees' employees found in one search whatever the
        number of agencies (the employee of a user in an agency, as ``employee_id`` gives it
        in that agency)."""
        employees = self.env["hr.employee"].search(
            [("user_id", "in", self.user_id.ids), ("company_id", "in", self.company_id.ids)]
        )
        employee_of = {}
        for employee in employees:  # in Odoo's order of employees: the first one counts
            employee_of.setdefault((employee.user_id, employee.company_id), employee)
        superiors = {}
        for item in self:
            employee = employee_of.get((item.user_id, item.company_id), self.env["hr.employee"])
            superior = employee.parent_id.user_id or item.company_id.sop_head_id.user_id
            superiors[item] = superior if superior != item.user_id else self.env["res.users"]
        return superiors

    # ------------------------------------------------------------------
    # Overdue reminders
    # ------------------------------------------------------------------
    def _reminder_day(self):
        """Today in the agency's time zone: the day a reminder counts for."""
        self.ensure_one()
        tz = self.company_id.resource_calendar_id.tz or self.env.context.get("tz") or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz))

    def _lock_for_reminder(self):
        """Lock the open ones of these steps for this transaction and return them.

        A step another transaction holds is skipped (SKIP LOCKED). A step another one has
        changed and committed since this transaction began cannot be locked under Odoo's
        repeatable-read isolation: it is skipped too, the other one having reminded it.
        """
        locked = self._try_lock_for_reminder(self.ids)
        if locked is None:
            # Rare (two reminders overlapping): find, one step at a time, those still free.
            locked = [
                item_id
                for one in self.ids
                for item_id in (self._try_lock_for_reminder([one]) or [])
            ]
        return self.browse(locked)

    def _try_lock_for_reminder(self, ids):
        """The open ones of ``ids``, locked; None if one was changed since this transaction began."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM sop_workitem WHERE id IN %s AND state = 'open' "
                        "FOR NO KEY UPDATE SKIP LOCKED",
                        tuple(ids),
                    ),
                    log_exceptions=False,
                )
                return [row[0] for row in self.env.cr.fetchall()]
        except psycopg2.errors.SerializationFailure:
            return None

    def _remind_overdue(self):
        """Remind the assignees of these overdue steps, at most once a day per step, and
        escalate each step once to the assignee's superior.

        Safe when two reminders run at once (the cron and a manual trigger, two triggers):
        each step is locked first, and a step another transaction is reminding, or has
        reminded since this one began, is skipped (see ``_lock_for_reminder``).
        """
        if not self:
            return
        self.env.flush_all()
        locked = self._lock_for_reminder()
        locked.invalidate_recordset(["state", "date_reminded", "escalated"])
        days = {item: item._reminder_day() for item in locked}
        due = locked.filtered(lambda w: w.is_overdue and w.date_reminded != days[w])
        superiors = due.filtered(lambda w: not w.escalated)._superiors()
        for instance in due.instance_id:
            items = due.filtered(lambda w, i=instance: w.instance_id == i)
            instance.message_post(
                body=self.env._(
                    "Overdue: %s",
                    ", ".join(
                        f"{w.step_id.number}. {w.step_id.name} ({w.user_id.name})" for w in items
                    ),
                ),
                partner_ids=items.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            for workitem in items.filtered(lambda w: not w.escalated):
                superior = superiors[workitem]
                if superior:
                    instance.message_post(
                        body=self.env._(
                            "Escalated to %(superior)s: step %(step)s (%(assignee)s) is past "
                            "its deadline.",
                            superior=superior.name,
                            step=workitem.step_id.number,
                            assignee=workitem.user_id.name,
                        ),
                        partner_ids=superior.partner_id.ids,
                        subtype_xmlid="mail.mt_note",
                    )
        for day in set(days.values()):
            due.filtered(lambda w, d=day: days[w] == d).write(
                {"date_reminded": day, "escalated": True}
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_done(self):
        return self._complete("done")

    def action_yes(self):
        return self._complete("yes")

    def action_no(self):
        self._check_can_complete()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Answer No"),
            "res_model": "sop.workitem.no.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_workitem_ids": self.ids},
        }
