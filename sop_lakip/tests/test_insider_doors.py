"""Attacks of an insider over RPC, each made as the attacker, and the legitimate path beside."""

import base64
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from ..tools import INT4_MAX
from .common import LakipCommon, SopCommon
from .test_sop_register_paper import SCAN, SopPaperCommon
from .test_sop_xlsx import SopXlsxCommon

LINK = '<a href="http://x">x</a>'
IMAGE = '<img src="http://x/y.png">'
SIGNATORY = ["paper_approver_name", "paper_approver_job_title", "paper_approver_nip"]
APPROVER = ["approver_name", "approver_job_title", "approver_nip"]
HANDOFF = "sop_lakip.mail_activity_type_sop_{}"
FILL = "sop_lakip.mail_activity_type_worksheet_fill"


def onchange(model, values, names):
    """What ``model.onchange`` answers for ``values`` about the fields ``names``."""
    spec = {name: {} for name in [*values, *names]}
    try:
        return model.onchange(values, list(values), spec)["value"]
    except AccessError:
        return {}


class TestOnchangeReadsAsTheUser(SopCommon):
    """Onchanges and computes that read as superuser show only what the user could read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.emp_head_b.write(
            {"job_title": "Kepala Dinas B", "asn_type": "pns", "nip": "19700101 199503 1 001"}
        )
        cls.user_portal = new_test_user(
            cls.env, login="sop_portal", groups="base.group_portal", context=DISABLED_MAIL_CONTEXT
        )

    def test_signatory_of_another_agency_is_not_read(self):
        """Staff, auditor, Kasubag or portal user choosing another agency's employee as
        signatory get nothing of him; one of their own agency fills the block."""
        for user in (self.user_staff, self.user_auditor, self.user_kasubag, self.user_portal):
            Document = self.env["sop.document"].with_user(user)
            for field, printed in (("paper_approver_id", SIGNATORY), ("approver_id", APPROVER)):
                with self.subTest(user=user.login, field=field):
                    value = onchange(Document, {field: self.emp_head_b.id}, printed)
                    self.assertFalse({value.get(name) for name in printed} - {None, False})
        value = onchange(
            self.env["sop.document"].with_user(self.user_kasubag),
            {"paper_approver_id": self.emp_head.id},
            SIGNATORY,
        )
        self.assertEqual(value["paper_approver_nip"], "19660930 199702 2 002")

    def test_evaluation_names_only_a_readable_sop(self):
        """An evaluation's name shows the SOP's name only when the user may read the SOP."""
        sop_b = self.env["sop.document"].create(
            {"name": "Rahasia B", "company_id": self.company_b.id}
        )
        Evaluation = self.env["sop.evaluation"].with_user(self.user_kasubag)
        self.assertNotIn("Rahasia", str(onchange(Evaluation, {"document_id": sop_b.id}, ["name"])))
        own = onchange(Evaluation, {"document_id": self.sop.id}, ["name"])
        self.assertIn("Penyusunan LAKIP", own["name"])

    def test_holder_user_only_of_a_readable_employee(self):
        """A run's role holder shows the user of a readable employee only."""
        Holder = self.env["sop.instance.holder"].with_user(self.user_kasubag)
        other = onchange(Holder, {"employee_id": self.emp_head_b.id}, ["user_id"])
        self.assertFalse(other.get("user_id"))
        own = onchange(Holder, {"employee_id": self.emp_head.id}, ["user_id"])
        self.assertEqual(own["user_id"], self.user_head.id)

    def test_monitoring_assessor_only_of_a_readable_agency(self):
        """A monitoring of another agency proposes none of its users as assessor."""
        Monitoring = self.env["sop.monitoring"].with_user(self.user_kasubag)
        value = onchange(Monitoring, {"company_id": self.company_b.id}, ["assessor_id"])
        self.assertFalse(value.get("assessor_id"))


class TestFieldFiles(SopPaperCommon):
    """The file of a binary field changes only as the field may: ir.attachment is no way round."""

    def _scan_vals(self, sop, **vals):
        return {
            "name": "forged.pdf",
            "res_model": "sop.document",
            "res_id": sop.id,
            "res_field": "paper_scan",
            "datas": base64.b64encode(b"%PDF-1.4 forged"),
            **vals,
        }

    def test_registered_scan_is_not_replaced_or_moved(self):
        """The Kasubag can neither add a scan to a registered SOP nor move one onto or off it;
        a draft's scan still changes through its field."""
        sop = self._register(self._paper_form())
        Attachment = self.env["ir.attachment"].with_user(self.user_kasubag)
        with self.assertRaises(UserError):
            Attachment.create(self._scan_vals(sop))
        draft = self._paper_form(number="800/17/D-5/03/2024")
        draft_scan = Attachment.search(
            [
                ("res_model", "=", "sop.document"),
                ("res_id", "=", draft.id),
                ("res_field", "=", "paper_scan"),
            ]
        )
        with self.assertRaises(UserError):
            draft_scan.write({"res_id": sop.id})
        loose = Attachment.create({"name": "x.pdf", "datas": SCAN})
        with self.assertRaises(UserError):
            loose.write({"res_model": "sop.document", "res_id": sop.id, "res_field": "paper_scan"})
        scan = Attachment.search(
            [
                ("res_model", "=", "sop.document"),
                ("res_id", "=", sop.id),
                ("res_field", "=", "paper_scan"),
            ]
        )
        with self.assertRaises(UserError):
            scan.write({"res_id": draft.id})
        self.assertEqual(sop.paper_scan, SCAN)
        draft.with_user(self.user_kasubag).paper_scan = base64.b64encode(b"%PDF-1.4 revised")
        self.assertEqual(base64.b64decode(draft.paper_scan), b"%PDF-1.4 revised")
        # a file of the draft itself, added by hand, follows the draft's rights
        Attachment.create(self._scan_vals(draft, res_field=False))


class TestSignedReportFile(LakipCommon):
    """A sent LAKIP gets no Signed Report it never had through ir.attachment."""

    def test_sent_report_gets_no_signed_report(self):
        """The Kasubag's attachment on the Signed Report field of a sent LAKIP is refused."""
        self.report.write({"state": "sent"})
        with self.assertRaisesRegex(UserError, "Signed Report"):
            self.env["ir.attachment"].with_user(self.user_kasubag).create(
                {
                    "name": "signed.pdf",
                    "res_model": "lakip.report",
                    "res_id": self.report.id,
                    "res_field": "signed_document",
                    "datas": SCAN,
                }
            )
        self.assertFalse(self.report.signed_document)


class TestHandoffsByHand(SopCommon):
    """The addon's hand-offs are scheduled, assigned and closed by their records' buttons."""

    def _handoff(self, record, kind):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("activity_type_id", "=", self.env.ref(kind).id),
            ]
        )

    def test_paraf_cannot_be_taken_over_and_closed(self):
        """The Kasubag cannot reassign the Sekretaris' Paraf SOP to himself, move it to
        another SOP, reschedule it, or close it with a context key; the button still does."""
        self.sop.with_user(self.user_kasubag).action_submit()
        paraf = self._handoff(self.sop, HANDOFF.format("verify")).with_user(self.user_kasubag)
        other = self._create_sop(number="X/1")
        for vals in (
            {"user_id": self.user_kasubag.id},
            {"res_id": other.id},
            {"date_deadline": date(2030, 1, 1)},
            {"activity_type_id": self.env.ref("mail.mail_activity_data_todo").id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "hand-off"):
                paraf.write(vals)
        with self.assertRaisesRegex(UserError, "use the record's buttons"):
            paraf.with_context(sop_activity_update=True).action_feedback("done")
        self.assertEqual(paraf.user_id, self.user_secretary)
        self.sop.with_user(self.user_secretary).action_verify()
        self.assertFalse(paraf.exists().filtered("active"))
        self.assertEqual(self._handoff(self.sop, HANDOFF.format("approve")).user_id, self.user_head)

    def test_no_fake_handoff(self):
        """The Kasubag cannot schedule an Approve SOP for the Kepala Dinas, nor turn a to-do
        into one; Odoo's own to-dos stay his to schedule, move and close."""
        with self.assertRaisesRegex(UserError, "hand-off"):
            self.sop.with_user(self.user_kasubag).activity_schedule(
                HANDOFF.format("approve"), user_id=self.user_head.id
            )
        todo = self.sop.with_user(self.user_kasubag).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_kasubag.id
        )
        with self.assertRaisesRegex(UserError, "hand-off"):
            todo.write({"activity_type_id": self.env.ref(HANDOFF.format("approve")).id})
        todo.write({"user_id": self.user_staff.id, "date_deadline": date(2030, 1, 1)})
        todo.action_feedback("ok")
        self.assertFalse(self._handoff(self.sop, HANDOFF.format("approve")))


class TestWorksheetHandoffByHand(LakipCommon):
    def test_fill_worksheet_cannot_be_passed_on(self):
        """A Kepala Bidang cannot hand his Fill Worksheet to someone else and close it."""
        self.report.date_deadline = date(2025, 2, 14)
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        sheet = self._sheet(self.dept_unit_2)
        fill = self.env["mail.activity"].search(
            [
                ("res_model", "=", "lakip.worksheet"),
                ("res_id", "=", sheet.id),
                ("activity_type_id", "=", self.env.ref(FILL).id),
            ]
        )
        self.assertEqual(fill.user_id, self.user_kabid_2)
        with self.assertRaisesRegex(UserError, "hand-off"):
            fill.with_user(self.user_kabid_2).write({"user_id": self.user_kabid_1.id})
        with self.assertRaisesRegex(UserError, "use the record's buttons"):
            fill.with_user(self.user_kabid_2).action_done()
        self.assertEqual(sheet.state, "sent")


class TestUserTextIsEscaped(SopCommon):
    """Names, reasons and codes typed by users reach activity notes as text, never HTML."""

    def assertNoLiveTag(self, html):
        self.assertNotIn("<a ", str(html))
        self.assertNotIn("<img", str(html))
        self.assertIn("&lt;", str(html))

    def _note(self, record, kind):
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("activity_type_id", "=", self.env.ref(kind).id),
            ]
        )
        self.assertTrue(activity)
        return activity[0].note

    def test_reject_reason_and_user_name(self):
        """A user's own name and a reject reason show escaped in the recipients' notes."""
        self.user_kasubag.name = LINK
        self.sop.author_id = self.emp_kasubag
        self.sop.with_user(self.user_kasubag).action_submit()
        self.assertNoLiveTag(self._note(self.sop, HANDOFF.format("verify")))
        self.sop.with_user(self.user_secretary)._reject(f"{LINK} {IMAGE}")
        self.assertNoLiveTag(self._note(self.sop, HANDOFF.format("fix")))

    def test_letter_number_in_the_sign_note(self):
        """A number whose pattern holds HTML is text in the Kepala Dinas' note."""
        kind = self.env["sop.letter.kind"].create(
            {"name": "Nota", "company_id": self.company.id, "pattern": IMAGE + "{serial}/{year}"}
        )
        letter = (
            self.env["sop.letter"]
            .with_user(self.user_kasubag)
            .create(
                {
                    "name": "Nota",
                    "company_id": self.company.id,
                    "kind_id": kind.id,
                    "signatory_id": self.emp_head.id,
                    "recipients": "Inspektur",
                }
            )
        )
        letter.action_number()
        self.assertNoLiveTag(self._note(letter, "sop_lakip.mail_activity_type_letter_sign"))

    def test_letter_kind_codes_are_short_codes(self):
        """Codes holding markup are refused, naming the field; real codes pass."""
        kind = self.env["sop.letter.kind"].with_user(self.user_kasubag)
        for field in ("unit_code", "classification_code", "code"):
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                kind.create({"name": "Nota", "company_id": self.company.id, field: LINK})
            self.assertIn(kind._fields[field].string, str(caught.exception))
        kind.create(
            {
                "name": "Nota",
                "company_id": self.company.id,
                "unit_code": "Disdikbud-BLG",
                "classification_code": "000.8.3.3",
                "code": "SP_1",
            }
        )


class TestWorksheetReasonEscaped(LakipCommon):
    def test_send_back_reason(self):
        """A send-back reason shows escaped in the unit's Correct Worksheet note."""
        self.report.date_deadline = date(2025, 2, 14)
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        sheet = self._sheet(self.dept_unit_1)
        sheet.with_user(self.user_unit_1).action_mark_filled()
        sheet.with_user(self.user_kabid_1)._send_back(f"{LINK} {IMAGE}")
        note = (
            self.env["mail.activity"]
            .search([("res_model", "=", "lakip.worksheet"), ("res_id", "=", sheet.id)])
            .note
        )
        self.assertNotIn("<a ", str(note))
        self.assertNotIn("<img", str(note))
        self.assertIn("&lt;a", str(note))


class TestIntegerBounds(SopXlsxCommon):
    """Integers beyond what the database stores are refused with a message, not an error."""

    def test_step_number_typed_too_large(self):
        """A step number of 3000000000 is refused, naming the field; 1 .. 2^31-1 pass."""
        step = self.sop.step_ids[0].with_user(self.user_kasubag)
        with self.assertRaisesRegex(ValidationError, "No.*3000000000"):
            step.write({"number": 3_000_000_000})
        step.write({"number": 40})
        self.assertEqual(step.number, 40)

    def test_step_number_too_large_in_excel(self):
        """The Excel import lists a step number of 3000000000 as a bad cell, like others."""
        data = self._fill(self._template(self.user_kasubag), {("Langkah", "A6"): 3_000_000_000})
        self._assert_refused(
            data, f"Sheet Langkah, cell A6: step number 3000000000 is too large: at most {INT4_MAX}"
        )

    def test_start_a_year_at_the_last_int(self):
        """Start a Year after serial 2^31-1 is refused with a message; after 500 it starts."""
        kind = self.env["sop.letter.kind"].create(
            {"name": "Nota", "company_id": self.company.id, "code": "N", "unit_code": "U"}
        )
        wizard = self.env["sop.letter.year.wizard"].with_user(self.user_kasubag)
        with self.assertRaisesRegex(ValidationError, "last serial"):
            wizard.create(
                {"kind_id": kind.id, "year": 2027, "last_serial": INT4_MAX}
            ).action_confirm()
        with self.assertRaisesRegex(ValidationError, "Last Serial"):
            wizard.create({"kind_id": kind.id, "year": 2027, "last_serial": INT4_MAX + 1})
        wizard.create({"kind_id": kind.id, "year": 2027, "last_serial": 500}).action_confirm()
        self.assertEqual(kind.serial_range_ids.number_next, 501)
        # a year whose range exists is refused with a message, not given a second range
        with self.assertRaisesRegex(UserError, "serial of Nota in 2027"):
            wizard.create({"kind_id": kind.id, "year": 2027, "last_serial": 600}).action_confirm()

    def test_sequence_is_the_systems(self):
        """Nobody but the numbering sets a kind's serial sequence."""
        kind = self.env["sop.letter.kind"].create({"name": "Nota", "company_id": self.company.id})
        kind._serial_sequence()
        with self.assertRaisesRegex(UserError, "Serial Sequence .* system only"):
            kind.with_user(self.user_kasubag).write({"sequence_id": False})
        with self.assertRaisesRegex(UserError, "Serial Sequence .* system only"):
            kind.with_user(self.user_kasubag).create(
                {
                    "name": "Nota 2",
                    "company_id": self.company.id,
                    "sequence_id": kind.sequence_id.id,
                }
            )
        form = Form(kind.with_user(self.user_kasubag))
        form.unit_code = "DSPMD"
        form.save()
        self.assertTrue(kind.sequence_id)
