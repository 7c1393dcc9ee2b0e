from collections import defaultdict

from markupsafe import escape

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..compat import GROUPS_FIELD
from ..tools import end_sentence


class SopActivityMixin(models.AbstractModel):
    """The hand-offs of a life cycle, in the activity inbox of whoever acts next.

    As ``hr_holidays`` does for time off: every transition calls ``_activity_update``,
    which closes the hand-off activities the records no longer need (marked done with a
    line saying who did what, or cancelled when nobody did) and schedules those their
    state needs now, for many records in one ``create``. It is idempotent: a transition
    repeated, retried or run concurrently leaves one activity per person and record.

    A hand-off activity is closed by the transition only: marking it done by hand would
    approve nothing, so it is refused while the record still waits for that person.
    """

    _name = "sop.activity.mixin"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Hand-offs in the Activity Inbox"

    def _activity_handoff_types(self):
        """The xml ids of the activity types of this model's hand-offs."""
        return []

    def _activity_plan(self, reason=None):
        """The activities the records need in their current state.

        :param reason: why the record was just sent back, for the note of its new activity
        :return: a list of ``(record, type xml ids, users, deadline, note)``; a user who has
            an open activity of any of the types on the record keeps it, one who has none
            gets one of the first type
        """
        return []

    def _activity_handoff_error(self, activity):
        """The message refusing to close ``activity`` by hand."""
        return self.env._(
            "%(activity)s on %(record)s closes by itself when the record moves on: "
            "use the record's buttons.",
            activity=activity.activity_type_id.name,
            record=activity.res_name,
        )

    def _activity_lock(self):
        """Serialise the hand-offs of these records with any other transaction's."""
        # NOWAIT: a concurrent transition fails at once with LockNotAvailable, which Odoo
        # answers by retrying the request.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        # Touch the rows: a transaction that began before this one commits and reaches
        # them afterwards fails to serialise and is retried, rather than deciding on
        # what it read before (e.g. that the other worksheet was not verified yet).
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET write_date = write_date WHERE id IN %s",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )

    def _activity_update(self, feedback=None, reason=None):
        """Close the hand-offs the records no longer need and schedule the new ones: one
        batched pass (as hr_holidays' activity_update) that sorts every record's activities
        into keep, close and create, then does each in one call.

        :param feedback: the line logged on the activities closed (who did what): a
            string, or a function of the record; without it they are cancelled
        :param reason: why the records were sent back (see ``_activity_plan``)
        """
        records = self.filtered("id")
        if not records:
            return
        records._activity_lock()
        type_ids = {
            xmlid: self.env["ir.model.data"]._xmlid_to_res_id(xmlid)
            for xmlid in records._activity_handoff_types()
        }
        Activity = self.env["mail.activity"].sudo()
        existing = Activity.search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "in", list(type_ids.values())),
            ],
            order="id",
        )
        keep, vals_list = records._activity_sort(existing, type_ids, reason)
        records._activity_close(existing - keep, feedback)
        # No "you have been assigned" e-mail per activity: the systray shows it.
        Activity.with_context(mail_activity_quick_update=True).create(vals_list)

    def _activity_sort(self, existing, type_ids, reason):
        """The ``existing`` hand-offs the plan keeps, and the values of those it adds (one
        per person and record)."""
        Activity = existing.browse()
        open_by_key = defaultdict(lambda: Activity)
        for activity in existing:
            open_by_key[activity.res_id, activity.user_id.id] |= activity
        keep = Activity
        planned = set()
        vals_list = []
        model_id = self.env["ir.model"]._get_id(self._name)
        plan = self.sudo()._activity_plan(reason)
        notes = self._activity_notes_by_language(self, plan, reason)
        for index, (record, xmlids, users, deadline, note) in enumerate(plan):
            wanted = [type_ids[xmlid] for xmlid in xmlids]
            for user in users:
                kept = open_by_key[record.id, user.id].filtered(
                    lambda a, w=wanted: a.activity_type_id.id in w
                )
                if kept:
                    keep |= kept[0]
                    continue
                if (record.id, user.id) in planned:  # one per person and record
                    continue
                planned.add((record.id, user.id))
                vals_list.append(
                    {
                        "activity_type_id": wanted[0],
                        "automated": True,
                        "date_deadline": deadline,
                        # plain text with names and reasons typed by users: never HTML
                        "note": escape(notes.get((index, user.lang), note)),
                        "user_id": user.id,
                        "res_id": record.id,
                        "res_model_id": model_id,
                    }
                )
        return keep, vals_list

    def _activity_close(self, stale, feedback):
        """Mark the ``stale`` hand-offs done with ``feedback`` (see ``_activity_update``),
        or cancel them without it."""
        stale = stale.with_context(sop_activity_update=True)
        if stale and feedback:
            by_text = defaultdict(lambda: stale.browse())
            for activity in stale:
                text = feedback(self.browse(activity.res_id)) if callable(feedback) else feedback
                by_text[end_sentence(text)] |= activity
            for text, activities in by_text.items():
                activities.with_context(sop_activity_update=True).action_feedback(feedback=text)
        elif stale:
            stale.unlink()

    @api.model
    def _activity_notes_by_language(self, records, plan, reason):
        """The notes of ``plan`` written again in each other language of its assignees,
        by (index in the plan, language): a note is read by its assignee, whoever acted."""
        notes = {}
        # without a language in the context, messages are in English
        written = self.env.lang or "en_US"
        languages = {u.lang for _r, _x, users, _d, _n in plan for u in users} - {written}
        for lang in languages - {False}:
            translated = records.sudo().with_context(lang=lang)._activity_plan(reason)
            for index, (_r, _x, _u, _d, note) in enumerate(translated):
                notes[index, lang] = note
        return notes

    def _activity_check_close(self, activities):
        """Refuse to close by hand the ``activities`` (on these records) still waited for."""
        type_ids = {
            xmlid: self.env["ir.model.data"]._xmlid_to_res_id(xmlid)
            for xmlid in self._activity_handoff_types()
        }
        activities = activities.filtered(lambda a: a.activity_type_id.id in type_ids.values())
        records = self.browse(set(activities.mapped("res_id"))).exists()
        if not records:
            return
        needed = {
            (record.id, user.id, type_ids[xmlid])
            for record, xmlids, users, _deadline, _note in records.sudo()._activity_plan()
            for user in users
            for xmlid in xmlids
        }
        for activity in activities:
            if (activity.res_id, activity.user_id.id, activity.activity_type_id.id) in needed:
                raise UserError(self._activity_handoff_error(activity))

    def _activity_group_users(self, group_xmlid, exclude_xmlid=None):
        """{company: the internal users of ``group_xmlid`` in it} for the records' agencies.

        Read on first use only: most plans name their people without it.
        """
        cache = {}

        def users_of(company):
            if not cache:
                domain = [
                    (GROUPS_FIELD, "in", self.env.ref(group_xmlid).id),
                    ("company_ids", "in", self.company_id.ids),
                    ("share", "=", False),
                ]
                if exclude_xmlid:
                    domain.append((GROUPS_FIELD, "not in", self.env.ref(exclude_xmlid).id))
                cache["users"] = self.env["res.users"].sudo().search(domain)
            return cache["users"].filtered(lambda u: company in u.company_ids)

        return users_of
