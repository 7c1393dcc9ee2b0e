from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class SopInstance(models.Model):
    """The letter part of an SOP run: its cover letters. The assignee of the open step
    that numbers the cover letter (or a Kasubag and up) drafts the letter from the run;
    completing that step numbers it (see ``sop_workitem_letter.py``)."""

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "sop.instance"  # pylint: disable=consider-merging-classes-inherited

    letter_ids = fields.One2many("sop.letter", "instance_id", string="Letters")
    letter_count = fields.Integer(compute="_compute_letter_count")
    letter_step_open = fields.Boolean(
        compute="_compute_letter_step_open",
        help="The run is at the step that numbers its cover letter.",
    )
    can_draft_letter = fields.Boolean(
        compute="_compute_can_draft_letter",
        help="The run is at the step that numbers its cover letter, and you are its "
        "assignee, a Kasubag, the Sekretaris or the Kepala Dinas.",
    )

    @api.depends("letter_ids")
    def _compute_letter_count(self):
        for instance in self:
            instance.letter_count = len(instance.letter_ids)

    @api.depends("workitem_ids.state")
    def _compute_letter_step_open(self):
        for instance in self:
            instance.letter_step_open = any(
                w.state == "open" and w.step_id.letter_kind_id for w in instance.workitem_ids
            )

    # ------------------------------------------------------------------
    # Cover letter (Surat Pengantar)
    # ------------------------------------------------------------------
    def _prepare_letter_vals(self, kind):
        """A draft cover letter of ``kind`` for the run, sending what the run prepared
        (see ``sop_instance_lakip.py``)."""
        self.ensure_one()
        return self.env["sop.letter"]._prepare_vals(
            kind, f"{kind.name}: {self.name}", [{"name": self.name}], instance=self
        )

    def _open_letter_items(self):
        """The open work items of these runs whose step numbers the cover letter."""
        return self.workitem_ids.filtered(lambda w: w.state == "open" and w.step_id.letter_kind_id)

    @api.depends_context("uid")
    @api.depends("workitem_ids.state", "workitem_ids.user_id")
    def _compute_can_draft_letter(self):
        kasubag = self.env.user.has_group("sop_lakip.group_sop_kasubag")
        for instance in self:
            items = instance._open_letter_items()
            instance.can_draft_letter = bool(items) and (kasubag or self.env.user in items.user_id)

    def action_create_letter(self):
        """Draft the cover letter of the run, without a number, at its numbering step.

        The assignee of the open numbering step drafts it (the person who numbers the
        letter writes it), as a Kasubag and above may.
        """
        self.ensure_one()
        self.check_access("read")
        items = self._open_letter_items()
        if not items:
            raise UserError(
                self.env._("Run %s is not at a step that numbers a letter.", self.display_name)
            )
        if not (
            self.env.user.has_group("sop_lakip.group_sop_kasubag") or self.env.user in items.user_id
        ):
            raise AccessError(
                self.env._(
                    "Only the assignee of step %(step)s of %(run)s (%(assignee)s), a Kasubag, "
                    "the Sekretaris or the Kepala Dinas can draft its letter.",
                    step=items[0].step_id.number,
                    run=self.display_name,
                    assignee=", ".join(items.user_id.mapped("name")),
                )
            )
        # Checked above: the assignee may be staff, who cannot create letters otherwise.
        letter = (
            self.env["sop.letter"]
            .sudo()
            .create(self._prepare_letter_vals(items[0].step_id.letter_kind_id))
            .sudo(False)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sop.letter",
            "res_id": letter.id,
            "view_mode": "form",
        }

    def _number_letters(self, kind):
        """The numbering step is done: number the run's draft letters, or a new one.

        Completing the step is what gives the number; a run without a letter gets one of
        ``kind``, drafted from the run, so the step never ends without a numbered letter.
        """
        self.ensure_one()
        letters = self.letter_ids.filtered(lambda letter: letter.state != "cancelled")
        if not letters:
            letters = self.env["sop.letter"].create(self._prepare_letter_vals(kind))
        drafts = letters.filtered(lambda letter: letter.state == "draft")
        drafts._assign_number()
        for letter in drafts:
            self.message_post(
                body=self.env._("Letter numbered: %s", letter.number),
                subtype_xmlid="mail.mt_note",
            )

    def _finish(self):
        result = super()._finish()
        # The run's steps no longer carry its signed letters: the Kasubag sends them.
        self.letter_ids._activity_update()
        return result

    def action_view_letters(self):
        self.ensure_one()
        name = self.env._("Letters")  # not in the dict: Odoo 19's extractor misreads it there
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "sop.letter",
            "view_mode": "list,form",
            "domain": [("instance_id", "=", self.id)],
            "context": {"default_instance_id": self.id, "default_company_id": self.company_id.id},
        }

    def action_print_letter(self):
        """Print Cover Letter: the run's letters that are not cancelled."""
        letters = self.letter_ids.filtered(lambda letter: letter.state != "cancelled")
        if not letters:
            raise UserError(self.env._("This run has no cover letter yet."))
        return letters.action_print()
