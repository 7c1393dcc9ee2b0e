import difflib

from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, models

# What of a step the revision notice compares, as (payload key, label) below.
COMPARED = ("name", "role", "symbol", "time", "output")


class SopTemplate(models.Model):
    """The revision notice of a pemda's template: each agency that adopted an older revision
    gets an activity on its SOP saying, step by step, what the new revision changes."""

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "sop.template"  # pylint: disable=consider-merging-classes-inherited

    def _notify_adopters(self, older):
        """Give the agencies' SOPs made from ``older`` (earlier revisions of this template)
        an activity: to their author when he still works there with the Kasubag level,
        else to the agency's Kasubag (its Sekretaris where it has none). A notice still
        open on the SOP is replaced."""
        self.ensure_one()
        Document = self.env["sop.document"].sudo().with_context(active_test=False)
        adopters = Document.search(
            [
                ("template_id", "in", older.ids),
                ("company_id.parent_id", "=", self.company_id.id),
            ]
        )
        if not adopters:
            return
        activity_type = self.env.ref("sop_lakip.mail_activity_type_sop_template_revision")
        # The notice is the addon's, not the coordinator's: he adds nothing to an agency's
        # records (mail_thread.py), so the system gives it, as a scheduled job would.
        Activity = self.env["mail.activity"].with_user(SUPERUSER_ID)
        Activity.search(
            [
                ("res_model", "=", "sop.document"),
                ("res_id", "in", adopters.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        ).unlink()
        recipients = self._revision_recipients(adopters)
        model_id = self.env["ir.model"]._get_id("sop.document")
        payloads = {}
        vals_list = []
        for document in adopters:
            users = recipients(document)
            adopted = document.template_id
            for old in (adopted, self):
                if old.id not in payloads:
                    payloads[old.id] = old.sudo()._get_payload()
            for user in users:
                vals_list.append(
                    {
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "res_model_id": model_id,
                        "res_id": document.id,
                        "date_deadline": activity_type._get_date_deadline(),
                        "summary": self.with_context(lang=user.lang).env._(
                            "Template %(name)s: revision %(revision)s",
                            name=self.name,
                            revision=self.revision,
                        ),
                        "note": self.with_context(lang=user.lang)._revision_note(
                            adopted, payloads[adopted.id], payloads[self.id]
                        ),
                    }
                )
        # No "you have been assigned" e-mail: the systray shows it, with or without e-mail.
        Activity.with_context(mail_activity_quick_update=True).create(vals_list)

    def _revision_recipients(self, adopters):
        """Who gets the notice of each of ``adopters``: its author when he still works there
        with the Kasubag level, else the agency's Kasubag, else its Sekretaris."""
        kasubags = adopters._activity_group_users(
            "sop_lakip.group_sop_kasubag", exclude_xmlid="sop_lakip.group_sop_secretary"
        )
        secretaries = adopters._activity_group_users(
            "sop_lakip.group_sop_secretary", exclude_xmlid="sop_lakip.group_sop_head"
        )

        def recipients(document):
            company, author = document.company_id, document.author_id.user_id
            if (
                author.active
                and company in author.company_ids
                and author.has_group("sop_lakip.group_sop_kasubag")
            ):
                return author
            return kasubags(company) or secretaries(company)

        return recipients

    def _revision_note(self, adopted, old, new):
        """The note of the notice: the revisions, then a line per step added, removed or
        changed (every text escaped)."""
        intro = self.env._(
            "Template %(name)s has a new revision %(new)s; this SOP was made from revision "
            "%(old)s. What changed, step by step:",
            name=self.name,
            new=self.revision,
            old=adopted.revision,
        )
        lines = self._step_changes(old["steps"], new["steps"]) or [
            self.env._("No step changed (the sections or actor columns may have).")
        ]
        items = Markup("").join(Markup("<li>%s</li>") % line for line in lines)
        return Markup("<p>%s</p><ul>%s</ul>") % (intro, items)

    def _step_texts(self, step):
        """{compared key: text} of a payload step, as the SOP prints it."""
        Step = self.env["sop.step"]
        symbols = dict(Step._fields["symbol"]._description_selection(self.env))
        units = dict(Step._fields["duration_unit"]._description_selection(self.env))
        return {
            "name": step["name"],
            "role": step["role"] or "",
            "symbol": symbols.get(step["symbol"], step["symbol"] or ""),
            "time": f"{step['duration'] or 0:g} {units.get(step['duration_unit'], '')}".strip(),
            "output": step.get("output") or "",
        }

    def _step_changes(self, old_steps, new_steps):
        """[text] of the steps added, removed or changed from ``old_steps`` to
        ``new_steps`` (payload steps), aligned on their activities."""
        old = [self._step_texts(step) for step in old_steps]
        new = [self._step_texts(step) for step in new_steps]
        labels = {
            "name": self.env._("activity"),
            "role": self.env._("actor"),
            "symbol": self.env._("symbol"),
            "time": self.env._("time"),
            "output": self.env._("output"),
        }
        lines = []
        matcher = difflib.SequenceMatcher(
            a=[s["name"] for s in old], b=[s["name"] for s in new], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            # a step rewritten in place is changed; what is left of a block is removed or added
            pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
            if tag in ("delete", "insert"):
                pairs = []
            for i, j in pairs:
                changes = [
                    self.env._("%(what)s %(old)s → %(new)s",
                               what=labels[key], old=old[i][key], new=new[j][key])
                    for key in COMPARED if old[i][key] != new[j][key]
                ]  # fmt: skip
                if changes:
                    lines.append(self.env._("Step %(number)s changed: %(changes)s.",
                                            number=j + 1, changes="; ".join(changes)))  # fmt: skip
            lines += [
                self.env._("Step %(number)s removed: %(step)s.", number=i + 1,
                           step=self._step_summary(old[i]))
                for i in range(i1 + len(pairs), i2)
            ]  # fmt: skip
            lines += [
                self.env._("Step %(number)s added: %(step)s.", number=j + 1,
                           step=self._step_summary(new[j]))
                for j in range(j1 + len(pairs), j2)
            ]  # fmt: skip
        return [escape(line) for line in lines]

    def _step_summary(self, texts):
        return self.env._(
            "%(activity)s (%(actor)s, %(symbol)s, %(time)s, output: %(output)s)",
            activity=texts["name"],
            actor=texts["role"],
            symbol=texts["symbol"],
            time=texts["time"],
            output=texts["output"] or "-",
        )
