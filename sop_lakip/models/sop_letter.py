from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .sop_workflow_mixin import workflow_state


class SopLetter(models.Model):
    """An official letter of the agency, e.g. the Surat Pengantar that sends the LAKIP.

    Life cycle and who moves it:
    - draft: a Kasubag (or higher) writes it, or, for the cover letter of an SOP run,
      the assignee of the run's open numbering step; it has no number yet;
    - numbered: a Kasubag gives it the next number of its kind and year (Give Number),
      or the run it belongs to reaches its numbering step; the content can still be
      corrected, the number and date cannot;
    - signed: the Kepala Dinas signs it; the signatory's jabatan, name, pangkat and NIP
      are frozen;
    - sent: Staff mark it sent and may record the receipt;
    - cancelled: a numbered letter that is withdrawn keeps its number, so that the
      register of numbers has no hole.
    Numbered, the Kepala Dinas has a 'Sign Letter' activity; signed, the Kasubag who
    numbered it has a 'Send Letter' one (see ``_activity_plan``).
    """

    _name = "sop.letter"
    _description = "Official Letter"
    _inherit = ["sop.agency.mixin", "sop.workflow.mixin", "sop.activity.mixin"]
    _order = "date desc, serial desc, id desc"
    _rec_names_search = ["name", "number"]
    _check_company_auto = True

    # Fields only the buttons (number, sign, send, cancel) set.
    _WORKFLOW_FIELDS = frozenset(
        {
            "state",
            "number",
            "serial",
            "serial_year",
            "numbered_by_id",
            "date_signed",
            "signatory_name",
            "signatory_job_title",
            "signatory_rank",
            "signatory_nip",
            "date_sent",
            "sent_by_id",
        }
    )
    _RECEIPT_FIELDS = {"receipt_date", "receiver_name", "receiver_nip"}

    name = fields.Char(
        string="Subject",
        required=True,
        tracking=True,
        help="What the letter sends, to find it again (not printed).",
    )
    kind_id = fields.Many2one(
        "sop.letter.kind",
        string="Kind of Letter",
        required=True,
        check_company=True,
        tracking=True,
        ondelete="restrict",
    )
    state = workflow_state(
        [
            ("draft", "Draft"),
            ("numbered", "Numbered"),
            ("signed", "Signed"),
            ("sent", "Sent"),
            ("cancelled", "Cancelled"),
        ],
        index=True,
    )
    number = fields.Char(copy=False, readonly=True, tracking=True, index="btree_not_null")
    serial = fields.Integer(copy=False, readonly=True)
    serial_year = fields.Integer(copy=False, readonly=True)
    numbered_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    date = fields.Date(
        copy=False,
        tracking=True,
        help="Date of the letter; today when it is numbered, if left empty. Its month "
        "and year go into the number.",
    )
    place = fields.Char(
        default=lambda self: self.env.company._get_letter_place(),
        help="Printed before the date, e.g. Tilamuta.",
    )
    recipients = fields.Text(
        string="To",
        help="Kepada Yth.: the addressees, one a line (e.g. 'Kepala BAPPEDA Kabupaten "
        "Boalemo', then 'di -' and the town).",
    )
    line_ids = fields.One2many("sop.letter.line", "letter_id", string="Documents Sent", copy=True)
    signatory_id = fields.Many2one(
        "hr.employee",
        check_company=True,
        tracking=True,
        default=lambda self: self.env.company.sop_head_id,
        help="Who signs the letter: the Kepala Dinas by default. When the letter is "
        "signed it becomes the employee of the user who signs.",
    )
    # Snapshots of the signatory at signing, like the approval of an SOP.
    signatory_name = fields.Char(copy=False, readonly=True)
    signatory_job_title = fields.Char(string="Signatory Position", copy=False, readonly=True)
    signatory_rank = fields.Char(copy=False, readonly=True)
    signatory_nip = fields.Char(string="Signatory NIP", copy=False, readonly=True)
    date_signed = fields.Datetime(string="Signed On", copy=False, readonly=True)
    date_sent = fields.Datetime(string="Sent On", copy=False, readonly=True)
    sent_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    receipt_date = fields.Date(copy=False, help="Diterima tanggal: when the addressee got it.")
    receiver_name = fields.Char(copy=False, help="Penerima: who received the letter.")
    receiver_nip = fields.Char(string="Receiver NIP", copy=False)
    instance_id = fields.Many2one(
        "sop.instance",
        string="SOP Run",
        check_company=True,
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The run of an SOP this letter belongs to: its numbering step numbers it.",
    )

    _sql_constraints = [
        (
            "serial_uniq",
            "unique(kind_id, serial_year, serial)",
            "This serial number has already been given to another letter of this kind.",
        ),
    ]

    @api.depends("name", "number", "state")
    def _compute_display_name(self):
        for letter in self:
            name = letter.number or self.env._("Draft: %s", letter.name or "")
            if letter.state == "cancelled":
                name = self.env._("%s (cancelled)", name)
            letter.display_name = name

    @api.onchange("kind_id")
    def _onchange_kind_id(self):
        if self.kind_id.default_recipients and not self.recipients:
            self.recipients = self.kind_id.default_recipients

    # ------------------------------------------------------------------
    # Editing lock
    # ------------------------------------------------------------------
    def _workflow_error(self):
        return self.env._(
            "The number, signature and sending of a letter are only set by its buttons."
        )

    def write(self, vals):
        self.check_access("write")
        content = {
            f
            for f in vals
            if f not in self._WORKFLOW_FIELDS | self._RECEIPT_FIELDS
            and not f.startswith(("message_", "activity_"))
        }
        if content & {"kind_id", "company_id", "date"}:
            self._check_state(
                ["draft"], self.env._("the kind and date of a numbered letter are fixed.")
            )
        if content:
            self._check_state(
                ["draft", "numbered"], self.env._("a signed letter can no longer be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_numbered(self):
        self._check_state(
            ["draft"],
            self.env._("a numbered letter cannot be deleted: cancel it, it keeps its number."),
        )

    @api.model
    def _prepare_vals(self, kind, name, lines, instance=None, recipients=False):
        """The values of a draft letter of ``kind`` sending ``lines`` (letter line values),
        signed by the agency's head, to ``recipients`` or the kind's default addressees."""
        company = kind.company_id
        return {
            "name": name,
            "company_id": company.id,
            "kind_id": kind.id,
            "instance_id": instance.id if instance else False,
            "place": company._get_letter_place(),
            "recipients": recipients or kind.default_recipients,
            "signatory_id": company.sop_head_id.id,
            "line_ids": [Command.create(line) for line in lines],
        }

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------
    def action_number(self):
        """Give Number: the next serial of the letter's kind and year."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can number a letter."),
        )
        self.check_access("write")
        self._check_state(["draft"], self.env._("only a draft letter can be numbered."))
        self._assign_number()
        return True

    def _assign_number(self):
        """Number the draft letters, in order; callers check who may do it."""
        today = fields.Date.context_today(self)
        for letter in self.sorted(lambda letter: (letter.date or today, letter.id)):
            date = letter.date or today
            serial = letter.kind_id._take_serial(date)
            letter._workflow_write(
                {
                    "state": "numbered",
                    "date": date,
                    "serial": serial,
                    "serial_year": date.year,
                    "number": letter.kind_id._format_number(serial, date),
                    "numbered_by_id": self.env.uid,
                }
            )
        self._activity_update()

    def action_sign(self):
        """The Kepala Dinas signs: the signatory's identity is frozen on the letter."""
        self._check_group(
            "sop_lakip.group_sop_head", self.env._("Only the Kepala Dinas can sign a letter.")
        )
        self._check_state(["numbered"], self.env._("only a numbered letter can be signed."))
        for letter in self:
            head = self.env.user._get_signing_employee(letter)
            letter.signatory_id = head
        self._sign()
        return True

    def _sign(self):
        """Sign the letters in the name of their signatory; callers check who may."""
        for letter in self:
            if not letter.signatory_id:
                raise UserError(self.env._("%s: choose the signatory.", letter.display_name))
            block = letter.signatory_id._get_signature_block()
            letter._workflow_write(
                {
                    "state": "signed",
                    "date_signed": fields.Datetime.now(),
                    **{f"signatory_{key}": value for key, value in block.items()},
                }
            )
        self._activity_update(feedback=self.env._("Signed by %s.", self.env.user.name))

    def action_send(self):
        """Staff record that the signed letters went out."""
        self._check_group(
            "sop_lakip.group_sop_staff", self.env._("Only the agency's staff can send a letter.")
        )
        self.check_access("read")
        self._check_state(["signed"], self.env._("only a signed letter can be sent."))
        # Staff may not edit letters: only this state change is done for them.
        self.sudo().write(
            {"state": "sent", "date_sent": fields.Datetime.now(), "sent_by_id": self.env.uid}
        )
        self._activity_update(feedback=self.env._("Sent by %s.", self.env.user.name))
        return True

    def action_cancel(self):
        """Withdraw the letters; a numbered one keeps its number, marked cancelled."""
        self._check_group(
            "sop_lakip.group_sop_kasubag",
            self.env._("Only a Kasubag, the Sekretaris or the Kepala Dinas can cancel a letter."),
        )
        self._check_state(
            ["draft", "numbered", "signed"], self.env._("a sent letter cannot be cancelled.")
        )
        self._workflow_write({"state": "cancelled"})
        self._activity_update(feedback=self.env._("Cancelled by %s.", self.env.user.name))
        return True

    # ------------------------------------------------------------------
    # Hand-offs in the activity inbox
    # ------------------------------------------------------------------
    def _activity_handoff_types(self):
        return [
            "sop_lakip.mail_activity_type_letter_sign",
            "sop_lakip.mail_activity_type_letter_send",
        ]

    def _activity_plan(self, reason=None):
        """Numbered: its signatory, the Kepala Dinas, signs it; signed: the Kasubag who
        numbered it sends it, unless its SOP run is still running, whose steps send it.

        The signature is asked for even while the run goes on: a run numbers its letter
        at a step of its own and no step signs it, wherever the agency's SOP puts the
        Kepala Dinas' signing step (often before the numbering)."""
        plan = []
        heads = self._activity_group_users("sop_lakip.group_sop_head")
        sign = self.env.ref("sop_lakip.mail_activity_type_letter_sign")
        send = self.env.ref("sop_lakip.mail_activity_type_letter_send")
        for letter in self:
            if letter.state == "numbered":
                signatory = letter.signatory_id.user_id
                if not (signatory and signatory.has_group("sop_lakip.group_sop_head")):
                    signatory = heads(letter.company_id)
                plan.append(
                    (
                        letter,
                        ["sop_lakip.mail_activity_type_letter_sign"],
                        signatory,
                        sign._get_date_deadline(),
                        self.env._("Numbered %s: sign the letter.", letter.number),
                    )
                )
            elif letter.state == "signed" and letter.instance_id.state != "running":
                plan.append(
                    (
                        letter,
                        ["sop_lakip.mail_activity_type_letter_send"],
                        letter.numbered_by_id or letter.create_uid,
                        send._get_date_deadline(),
                        self.env._(
                            "Signed by %s: send the letter and record its receipt.",
                            letter.signatory_name,
                        ),
                    )
                )
        return plan

    def action_print(self):
        """Print the letters in the layout of their kind, one layout at a time."""
        reports = self.kind_id.report_id
        if len(reports) > 1:
            raise UserError(
                self.env._(
                    "These letters print in different layouts (%s): print the letters of "
                    "one layout at a time.",
                    ", ".join(reports.mapped("name")),
                )
            )
        return reports.report_action(self, config=False)

    # ------------------------------------------------------------------
    # Printed letter
    # ------------------------------------------------------------------
    def _get_signatory(self):
        """(jabatan, name, pangkat, NIP) printed in the signature block."""
        self.ensure_one()
        if self.date_signed:
            return (
                self.signatory_job_title,
                self.signatory_name,
                self.signatory_rank,
                self.signatory_nip,
            )
        if not self.signatory_id:
            return False, False, False, False
        block = self.signatory_id._get_signature_block()
        return block["job_title"], block["name"], block["rank"], block["nip"]
