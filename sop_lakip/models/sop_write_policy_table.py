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
                "state attempts progress_done progress_total date_start date_done errors notes "
                "document_ids",
            ),
        },
    },
    # Made by the Print menu's SOP Form (as the superuser, for the current user) and moved
    # by the scheduled job only: its user reads it and its file, nobody writes or deletes it.
    "sop.print.job": {
        "unlink": SYSTEM,
        "fields": {
            **fields_rule(FIXED, "user_id company_id name report_id res_ids record_count"),
            **fields_rule(SYSTEM, "state attempts date_start date_done errors file filename"),
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
