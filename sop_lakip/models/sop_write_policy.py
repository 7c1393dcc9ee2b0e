"""Who may write what: the write policy of every model of the addon, in one table.

``POLICY`` lists, for each of the addon's models, every field the addon defines on it and who
may write that field in which state. ``sop.write.policy.mixin`` enforces the table on every
``create``, ``write`` and ``copy`` of a user (the superuser - data files, migrations and the
buttons after their own checks - is not restricted). What the table does not list is refused:
a new field can only be written once it is classified here, and the tests generated from the
table (``tests/test_write_policy.py``) fail until it is.

An entry is one of:
- ``SYSTEM``: set by the addon only (states, who acted and when, figures, computed values);
- ``FIXED``: given when the record is created, never changed afterwards (the agency, and the
  parent a line belongs to: a line never moves to another SOP, letter, evaluation…);
- ``Rule(group, states)``: users of ``group`` (or above it in the ladder) may write it while
  the record's state - for a line, its parent's state (``"state"`` of ``POLICY[model]``) - is
  one of ``states`` (``None``: in every state).

``"unlink"`` says who may delete a record, in which state (``SYSTEM``: only the addon).
A model may also say when a record can be created at all (``"create"``: the path of the
state that decides it, and the rule), for a record whose parent has a life cycle of its own.

A value that does not change is not a write: the web client repeats unchanged values and
sends each field's default when it creates a record. The model's own checks (rules per unit,
the assessor of a monitoring, a worksheet's Kepala Bidang…) still apply on top of this table:
the table says what may be written at all, they say by whom in particular.
Odoo's own fields of a model (the chatter's, the activities') follow Odoo's rules.
"""

from typing import NamedTuple

from odoo import api, models
from odoo.exceptions import AccessError

STAFF = "sop_lakip.group_sop_staff"
KASUBAG = "sop_lakip.group_sop_kasubag"
SECRETARY = "sop_lakip.group_sop_secretary"
HEAD = "sop_lakip.group_sop_head"
# The Inspektorat's reviewer: outside the agency's ladder, he writes reviews only.
REVIEWER = "sop_lakip.group_sop_reviewer"
SYSTEM = "system"
FIXED = "fixed"


class Rule(NamedTuple):
    group: str
    states: frozenset | None = None


def rule(group, *states):
    """Writable by ``group`` and above, in ``states`` (every state when none is given)."""
    return Rule(group, frozenset(states) or None)


def fields_rule(entry, names):
    return dict.fromkeys(names.split(), entry)


SOP_CONTENT = rule(KASUBAG, "draft")
LETTER_CONTENT = rule(STAFF, "draft", "numbered")
REPORT_OPEN = ("draft", "collecting")

POLICY = {
    "sop.document": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "state",
        "fields": {
            **fields_rule(
                SOP_CONTENT,
                "name number department_id author_id date_created date_revision "
                "date_effective column_ids step_ids line_ids legal_basis_line_ids "
                "qualification_line_ids related_line_ids equipment_line_ids warning_line_ids "
                "record_line_ids paper_signed paper_date_approved paper_approver_id "
                "paper_approver_name paper_approver_job_title paper_approver_rank "
                "paper_approver_nip paper_scan paper_scan_name",
            ),
            "date_review": rule(KASUBAG, "draft", "submitted", "verified", "approved"),
            "company_id": FIXED,
            **fields_rule(
                SYSTEM,
                "state revision date_approved approver_id approver_name approver_job_title "
                "approver_rank approver_nip date_submitted submitted_by_id date_verified "
                "verified_by_id reject_reason origin_id previous_revision_id evaluation_id "
                "superseded_by_id access_token registered_by_id date_registered copy_origin "
                "template_id",
            ),
        },
    },
    "sop.step": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "document_id.state",
        "fields": {
            **fields_rule(
                SOP_CONTENT,
                "sequence number name role_id symbol yes_step_id no_step_id yes_number "
                "no_number per_unit requirement duration duration_unit output note "
                "letter_kind_id lakip_worksheet_action",
            ),
            **fields_rule(FIXED, "document_id company_id"),
        },
    },
    "sop.document.line": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "document_id.state",
        "fields": {
            **fields_rule(SOP_CONTENT, "section sequence name related_document_id relation_type"),
            **fields_rule(FIXED, "document_id company_id"),
        },
    },
    "sop.document.column": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "document_id.state",
        "fields": {
            **fields_rule(SOP_CONTENT, "sequence role_ids name"),
            **fields_rule(FIXED, "document_id company_id"),
        },
    },
    "sop.role": {
        "unlink": rule(KASUBAG),
        "fields": {
            **fields_rule(
                rule(KASUBAG),
                "name sequence active holder_type department_id employee_id note",
            ),
            "company_id": FIXED,
        },
    },
    "sop.template": {
        "unlink": SYSTEM,
        # The shipped templates are data: only an upgrade of the addon changes them; a
        # pemda's templates are created by the Coordinator's Publish, after its checks.
        "fields": {
            **fields_rule(
                SYSTEM,
                "name sequence active description xlsx_file document_id revision "
                "previous_id step_count",
            ),
            "company_id": FIXED,
        },
    },
    "sop.instance": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "state",
        "fields": {
            **fields_rule(rule(KASUBAG, "draft", "running"), "name year period"),
            **fields_rule(rule(KASUBAG, "draft"), "document_id holder_ids"),
            "company_id": FIXED,
            **fields_rule(SYSTEM, "state user_id date_start date_done workitem_ids letter_ids"),
        },
    },
    "sop.instance.holder": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "instance_id.state",
        "fields": {
            **fields_rule(rule(KASUBAG, "draft"), "role_id employee_id"),
            **fields_rule(FIXED, "instance_id company_id"),
        },
    },
    "sop.workitem": {
        "unlink": SYSTEM,
        "state": "state",
        "fields": {
            **fields_rule(FIXED, "instance_id company_id"),
            **fields_rule(
                SYSTEM,
                "document_id step_id department_id user_id state outcome feedback done_by_id "
                "date_start date_deadline date_done duration_standard duration_actual "
                "duration_ratio within_standard escalated date_reminded activity_ids",
            ),
        },
    },
    "lakip.objective": {
        "unlink": rule(KASUBAG),
        "fields": {
            **fields_rule(rule(KASUBAG), "sequence code name indicator_ids active"),
            "company_id": FIXED,
        },
    },
    "lakip.indicator": {
        "unlink": rule(KASUBAG),
        "fields": {
            **fields_rule(
                rule(KASUBAG),
                "sequence code name objective_id department_id uom polarity capaian_method "
                "aggregation renstra_target renstra_year target_ids sop_source active",
            ),
            "company_id": FIXED,
        },
    },
    "lakip.target": {
        "unlink": rule(KASUBAG),
        # Which targets are open, and to whom, is decided by their worksheet and its rules.
        "fields": {
            **fields_rule(rule(KASUBAG), "target target_max"),
            **fields_rule(rule(STAFF), "analysis realization_ids"),
            **fields_rule(FIXED, "indicator_id year company_id"),
            **fields_rule(
                SYSTEM,
                "indicator_sequence objective_id department_id realisation has_realisation "
                "capaian has_capaian status worksheet_id",
            ),
        },
    },
    "lakip.realization": {
        "unlink": rule(STAFF),
        "fields": {
            **fields_rule(rule(STAFF), "quarter value"),
            **fields_rule(FIXED, "target_id company_id"),
            **fields_rule(SYSTEM, "department_id year indicator_id"),
        },
    },
    "lakip.budget": {
        "unlink": rule(KASUBAG, *REPORT_OPEN),
        "state": "report_id.state",
        "fields": {
            **fields_rule(rule(KASUBAG, *REPORT_OPEN), "sequence name objective_id budget spent"),
            **fields_rule(FIXED, "report_id company_id"),
            "rate": SYSTEM,
        },
    },
    "lakip.report": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "state",
        "fields": {
            **fields_rule(
                rule(KASUBAG, *REPORT_OPEN),
                "year user_id date_deadline budget_ids instance_id collection_instance_id "
                "capaian_cap",
            ),
            "draft_attachment_ids": rule(KASUBAG, *REPORT_OPEN, "compiled"),
            **fields_rule(
                rule(KASUBAG, *REPORT_OPEN, "compiled"), "signed_document signed_document_name"
            ),
            **fields_rule(
                rule(KASUBAG, *REPORT_OPEN, "compiled", "signed"),
                "recipients date_sent letter_id letter_number",
            ),
            # The LKjIP's narrative, written until the report is signed.
            **fields_rule(
                rule(KASUBAG, *REPORT_OPEN, "compiled"),
                "lkjip_summary lkjip_introduction lkjip_planning lkjip_achievement "
                "lkjip_analysis lkjip_budget lkjip_closing",
            ),
            "company_id": FIXED,
            **fields_rule(SYSTEM, "name state worksheet_ids"),
        },
    },
    "lakip.pk": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "state",
        "fields": {
            **fields_rule(
                rule(KASUBAG, "draft"),
                "year date head_id superior_name superior_job_title program_ids change_reason",
            ),
            # The scan of the paper both parties signed, attached before it is marked signed.
            **fields_rule(
                rule(KASUBAG, "draft", "to_sign"), "signed_document signed_document_name"
            ),
            **fields_rule(FIXED, "company_id previous_id"),
            **fields_rule(
                SYSTEM,
                "name state head_job_title head_name head_rank head_nip line_ids date_signed "
                "signed_by_id superseded_by_id submitted_by_id reject_reason",
            ),
        },
    },
    "lakip.pk.program": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "pk_id.state",
        "fields": {
            **fields_rule(rule(KASUBAG, "draft"), "sequence name objective_id budget note"),
            **fields_rule(FIXED, "pk_id company_id"),
        },
    },
    "lakip.pk.line": {
        # The targets as signed: copied by the signature, never written by hand.
        "unlink": SYSTEM,
        "state": "pk_id.state",
        "fields": {
            **fields_rule(FIXED, "pk_id company_id"),
            **fields_rule(
                SYSTEM,
                "sequence objective_id objective_name indicator_id indicator_name uom target "
                "target_max target_display",
            ),
        },
    },
    "lakip.reviu": {
        # Made by the compilation of its report (or by a reviewer), kept as evidence.
        "unlink": SYSTEM,
        "state": "state",
        "fields": {
            **fields_rule(
                rule(REVIEWER, "draft", "review"),
                "line_ids findings date_review inspector_id inspector_name "
                "inspector_job_title inspector_rank inspector_nip",
            ),
            "reviewer_ids": rule(REVIEWER, "draft", "review", "returned"),
            **fields_rule(FIXED, "report_id company_id"),
            **fields_rule(SYSTEM, "name year state date_done done_by_id"),
        },
    },
    "lakip.reviu.line": {
        # The checklist's items come with the reviu: answered, never added or removed.
        "unlink": SYSTEM,
        "state": "reviu_id.state",
        "create": ("reviu_id.state", rule(REVIEWER, "draft")),
        "fields": {
            **fields_rule(rule(REVIEWER, "draft", "review"), "answer note"),
            **fields_rule(FIXED, "reviu_id company_id item"),
            "sequence": SYSTEM,
        },
    },
    "lakip.worksheet": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "state",
        # A worksheet is added to a LAKIP that still collects its figures, never to one sent.
        "create": ("report_id.state", rule(KASUBAG, *REPORT_OPEN)),
        "fields": {
            "department_id": rule(KASUBAG, "draft"),
            # Staff fill their unit's rows (the targets' own rules say which).
            "target_ids": rule(STAFF, "draft", "sent", "filled"),
            **fields_rule(FIXED, "report_id company_id"),
            **fields_rule(
                SYSTEM,
                "name year state date_filled filled_by_id date_verified verified_by_id",
            ),
        },
    },
    "sop.letter.kind": {
        "unlink": rule(KASUBAG),
        "fields": {
            **fields_rule(
                rule(KASUBAG),
                "name code sequence active classification_code unit_code pattern "
                "default_recipients report_id",
            ),
            "company_id": FIXED,
            # Its serials: a kind's sequence is made with it and never replaced.
            "sequence_id": SYSTEM,
        },
    },
    "sop.letter": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "state",
        "fields": {
            **fields_rule(LETTER_CONTENT, "name place recipients line_ids signatory_id"),
            **fields_rule(rule(STAFF, "draft"), "kind_id date"),
            **fields_rule(
                rule(STAFF, "draft", "numbered", "signed", "sent"),
                "receipt_date receiver_name receiver_nip",
            ),
            "company_id": FIXED,
            **fields_rule(
                SYSTEM,
                "state number serial serial_year numbered_by_id signatory_name "
                "signatory_job_title signatory_rank signatory_nip date_signed date_sent "
                "sent_by_id instance_id",
            ),
        },
    },
    "sop.letter.line": {
        "unlink": LETTER_CONTENT,
        "state": "letter_id.state",
        "fields": {
            **fields_rule(LETTER_CONTENT, "sequence name quantity note"),
            **fields_rule(FIXED, "letter_id company_id"),
        },
    },
    "sop.monitoring": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "state",
        "fields": {
            **fields_rule(rule(KASUBAG, "draft"), "date_from date_to method line_ids"),
            # The agency's assessor judges and confirms: only the Kepala Dinas names another.
            "assessor_id": rule(HEAD, "draft"),
            "company_id": FIXED,
            **fields_rule(SYSTEM, "name period_label state date_confirmed"),
        },
    },
    "sop.monitoring.line": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "monitoring_id.state",
        "fields": {
            # The assessor writes the judgement (the line's own check says who that is).
            **fields_rule(rule(KASUBAG, "draft"), "sequence judgement note action_needed"),
            **fields_rule(FIXED, "monitoring_id document_id company_id"),
            **fields_rule(
                SYSTEM,
                "run_started run_done run_cancelled step_done step_within within_share "
                "ratio_mean ratio_max step_overdue step_escalated loopback_count "
                "loopback_where slowest_step slowest_ratio has_runs judgement_suggested "
                "evaluation_ids",
            ),
        },
    },
    "sop.evaluation": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "state",
        "fields": {
            **fields_rule(rule(KASUBAG, "draft"), "line_ids recommendation conclusion"),
            **fields_rule(FIXED, "document_id monitoring_line_id company_id"),
            # Who evaluated, when, and the facts of the runs are the system's to write.
            **fields_rule(SYSTEM, "name date evaluator_id facts state revision_id"),
        },
    },
    # Made by the import wizard (as the superuser, after its checks) and moved by the
    # scheduled job only: its user reads it, nobody writes or deletes it.
    "sop.import.job": {
        "unlink": SYSTEM,
        "fields": {
            **fields_rule(FIXED, "user_id company_id file filename create_roles"),
            **fields_rule(
                SYSTEM,
                "state progress_done progress_total date_start date_done errors notes document_ids",
            ),
        },
    },
    "sop.evaluation.line": {
        "unlink": rule(KASUBAG, "draft"),
        "state": "evaluation_id.state",
        "fields": {
            **fields_rule(rule(KASUBAG, "draft"), "criterion answer note"),
            **fields_rule(FIXED, "evaluation_id company_id"),
        },
    },
}


class SopWritePolicyError(AccessError):
    """A write the policy refuses."""


class SopWritePolicyMixin(models.AbstractModel):
    """Enforces ``POLICY`` on the model that inherits it (see the module's docstring)."""

    _name = "sop.write.policy.mixin"
    _inherit = ["sop.integer.range.mixin"]
    _description = "Write Policy of the Addon's Models"
    # What marks a record of the addon for the overrides of Odoo's models (the chatter's,
    # the activities'): every model of the addon takes this mixin.
    _sop_addon_record = True

    @api.model
    def _sop_policy(self):
        return POLICY[self._name]

    @api.model
    def _sop_policy_fields(self):
        """The fields of the model that a user can write and the policy must classify: the
        addon's own stored or inverse fields (Odoo's own fields follow Odoo's rules)."""
        return [
            name
            for name, field in self._fields.items()
            if field._module == "sop_lakip"
            and name not in models.MAGIC_COLUMNS
            and (field.store or field.inverse)
        ]

    def _sop_policy_state(self):
        """The state that decides what may be written of this record (its parent's for a
        line), or False for a model without states."""
        self.ensure_one()
        path = self._sop_policy().get("state")
        return self.sudo().mapped(path)[0] if path else False

    def _sop_rule_failure(self, entry, known=None):
        """What keeps the current user from what ``entry`` guards on ``self`` now: None,
        ``(SYSTEM,)``, ``(FIXED,)``, ``("group", group name)`` or ``("state", the record that
        holds the state, its state's label)``. Without a record (a creation not made yet)
        the state is not looked at. ``known`` keeps, over the fields of one check, the
        user's groups and (per record) the state: asking them again for every field of
        every record was most of the time an import of 150 SOPs took."""
        if entry in (SYSTEM, FIXED):
            return (entry,)
        known = {} if known is None else known
        if (entry.group, None) not in known:
            known[entry.group, None] = self.env.user.has_group(entry.group)
        if not known[entry.group, None]:
            return ("group", self.env.ref(entry.group).sudo().name)
        if not self or entry.states is None:
            return None
        if ("state", self.id) not in known:
            known["state", self.id] = self._sop_policy_state()
        state = known["state", self.id]
        if state not in entry.states:
            parent = self._sop_policy()["state"].rpartition(".")[0]
            holder = self.sudo()[parent] if parent else self.sudo()
            labels = dict(holder._fields["state"]._description_selection(self.env))
            return ("state", holder, labels.get(state, state))
        return None

    def _sop_policy_refusal(self, name, known=None):
        """Why the current user may not change field ``name`` of ``self`` now (without a
        record: of a record being created, whatever its state), or None."""
        entry = self._sop_policy()["fields"].get(name)
        failure = self._sop_rule_failure(entry, known) if entry is not None else ("unlisted",)
        if not failure:
            return None
        values = {
            "field": self._fields[name]._description_string(self.env),
            "model": self._description,
        }
        if entry is None:
            return self.env._(
                "%(field)s of %(model)s has no entry in the addon's write policy: nobody may "
                "change it until it has one.",
                **values,
            )
        if failure[0] == SYSTEM:
            return self.env._("%(field)s of %(model)s is set by the system only.", **values)
        if failure[0] == FIXED:
            return self.env._(
                "%(field)s of %(model)s is given when it is created and never changes.",
                **values,
            )
        if failure[0] == "group":
            return self.env._(
                "Only %(group)s and above may change %(field)s of %(model)s.",
                group=failure[1],
                **values,
            )
        return self.env._(
            "%(field)s of %(model)s can no longer change: %(record)s is %(state)s.",
            record=failure[1].display_name,
            state=failure[2],
            **values,
        )

    def _sop_policy_unchanged(self, name, value, creating_vals=None):
        """Whether writing ``value`` to field ``name`` leaves ``self`` as it is (on a
        creation: as the system would have made it without the value)."""
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return not value and creating_vals is not None
        if creating_vals is not None:
            if field.compute and not field.related:
                others = {k: v for k, v in creating_vals.items() if k != name}
                expected = self.new(others)[name]
            elif field.default:
                expected = field.convert_to_record(
                    field.convert_to_cache(field.default(self.browse()), self), self
                )
            else:
                expected = field.convert_to_record(field.convert_to_cache(False, self), self)
            new = field.convert_to_record(field.convert_to_cache(value, self), self)
            return not new or new == expected
        new = field.convert_to_record(field.convert_to_cache(value, self), self)
        return all(record[name] == new for record in self)

    def _sop_check_write_policy(self, vals, creating_vals=None):
        """Refuse ``vals`` on ``self`` unless the policy allows every field they change.

        ``creating_vals`` is given for records just created from those values (or, on an
        empty recordset, about to be): then the fixed fields may be given, and the others
        may hold what the system would set.
        """
        if self.env.su or not vals:
            return
        entries = self._sop_policy()["fields"]
        names = [
            name
            for name in vals
            if name in self._fields
            and (name in entries or self._fields[name]._module == "sop_lakip")
            and name not in models.MAGIC_COLUMNS
            and not (creating_vals is not None and entries.get(name) == FIXED)
        ]
        known = {}
        for record in self or [self]:
            for name in names:
                entry = entries.get(name)
                if entry is not None and not record._sop_rule_failure(entry, known):
                    continue
                if not record._sop_policy_unchanged(name, vals[name], creating_vals):
                    raise SopWritePolicyError(record._sop_policy_refusal(name, known))

    def _sop_check_field_change(self, name):
        """Refuse a change of field ``name`` of these records now, whatever the new value
        (the file of a binary field, changed through ``ir.attachment``)."""
        if self.env.su:
            return
        self.check_access("write")
        for record in self:
            reason = record._sop_policy_refusal(name)
            if reason:
                raise SopWritePolicyError(reason)

    def _sop_check_create_policy(self):
        """Refuse new records whose parent no longer takes new ones (``"create"``)."""
        path, entry = self._sop_policy().get("create", (None, None))
        if self.env.su or not path:
            return
        for record in self:
            parent = record.sudo()[path.rpartition(".")[0]]
            if not self.env.user.has_group(entry.group) or parent.state not in entry.states:
                states = dict(parent._fields["state"]._description_selection(self.env))
                raise SopWritePolicyError(
                    self.env._(
                        "No %(model)s can be added to %(record)s: it is %(state)s.",
                        model=self._description,
                        record=parent.display_name,
                        state=states.get(parent.state, parent.state),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_when_the_policy_allows(self):
        # Named to run after the models' own checks, whose messages say more (Odoo runs
        # the ondelete checks in the order of their names).
        if self.env.su:
            return
        entry = self._sop_policy()["unlink"]
        for record in self:
            failure = record._sop_rule_failure(entry)
            if not failure:
                continue
            values = {"record": record.display_name, "model": self._description}
            if failure[0] == SYSTEM:
                message = self.env._(
                    "%(record)s cannot be deleted: a %(model)s is deleted by the system only.",
                    **values,
                )
            elif failure[0] == "group":
                message = self.env._(
                    "Only %(group)s and above may delete %(record)s (%(model)s).",
                    group=failure[1],
                    **values,
                )
            else:
                message = self.env._(
                    "%(record)s (%(model)s) cannot be deleted: %(holder)s is %(state)s.",
                    holder=failure[1].display_name,
                    state=failure[2],
                    **values,
                )
            raise SopWritePolicyError(message)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:  # what no state allows is refused before anything is written
            # Who may not create at all hears it from Odoo's access rights first.
            self.check_access("create")
            for vals in vals_list:
                self.browse()._sop_check_write_policy(vals, creating_vals=vals)
        records = super().create(vals_list)
        if not self.env.su:
            records._sop_check_create_policy()
            for record, vals in zip(records, vals_list, strict=True):
                record._sop_check_write_policy(vals, creating_vals=vals)
        return records

    def write(self, vals):
        if not self.env.su and vals:
            # Who may not write these records at all hears it from Odoo's access rights first.
            self.check_access("write")
            self._sop_check_write_policy(vals)
        return super().write(vals)


# Every model of the table takes the mixin.
for _model in POLICY:
    type(
        "SopWritePolicy" + "".join(part.title() for part in _model.split(".")),
        (models.Model,),
        {"_name": _model, "_inherit": [_model, "sop.write.policy.mixin"], "__module__": __name__},
    )
