"""The insider's writes that went through before the write policy, each refused now, with the
legitimate path beside it (demo agency Boalemo)."""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase

from ..models.sop_write_policy import SopWritePolicyError


class TestWritePolicyAttacks(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("sop_lakip.sop_demo_company_boalemo")
        cls.bateng = cls.env.ref("sop_lakip.sop_demo_company_bangka_tengah")
        users = cls.env["res.users"]
        cls.kasubag = users.search([("login", "=", "kasubag.boalemo")])
        cls.secretary = users.search([("login", "=", "sekretaris.boalemo")])
        cls.head = users.search([("login", "=", "kadis.boalemo")])
        cls.approved = cls.env["sop.document"].search(
            [("company_id", "=", cls.company.id), ("state", "=", "approved")], limit=1
        )

    def test_draft_records_stay_in_their_agency(self):
        """A Kasubag's own draft LAKIP and SOP cannot be moved to another agency."""
        report = self.env.ref("sop_lakip.lakip_demo_boalemo_report_2024")
        draft = self.approved.with_user(self.kasubag).action_revise()
        draft = self.env["sop.document"].browse(draft["res_id"])
        for record in (report, draft):
            with self.assertRaises(SopWritePolicyError):
                record.with_user(self.kasubag).write({"company_id": self.bateng.id})
            self.assertEqual(record.company_id, self.company)

    def test_kasubag_does_not_name_himself_assessor(self):
        """Only the Kepala Dinas names another monitoring assessor than the agency's."""
        monitoring = self.env["sop.monitoring"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        monitoring.sudo().state = "draft"
        with self.assertRaises(SopWritePolicyError):
            monitoring.with_user(self.kasubag).write({"assessor_id": self.kasubag.id})
        monitoring.with_user(self.head).write({"assessor_id": self.kasubag.id})
        self.assertEqual(monitoring.assessor_id, self.kasubag)

    def test_kasubag_creates_no_monitoring_with_himself_as_assessor(self):
        """A new monitoring takes the agency's assessor; another one given is refused."""
        Monitoring = self.env["sop.monitoring"].with_user(self.kasubag)
        vals = {
            "company_id": self.company.id,
            "date_from": "2030-01-01",
            "date_to": "2030-06-30",
        }
        with self.assertRaises(SopWritePolicyError):
            Monitoring.create(dict(vals, assessor_id=self.kasubag.id))
        monitoring = Monitoring.create(vals)
        self.assertEqual(monitoring.assessor_id, self.secretary)

    def test_evaluation_is_not_forged(self):
        """The facts, evaluator and date of an evaluation are the system's; a criterion never
        moves into a concluded evaluation."""
        Evaluation = self.env["sop.evaluation"].with_user(self.kasubag)
        base = {"document_id": self.approved.id, "company_id": self.company.id}
        for forged in (
            {"facts": "Semua langkah tepat waktu."},
            {"evaluator_id": self.head.id},
            {"date": "2020-01-01"},
        ):
            with self.subTest(forged=forged), self.assertRaises(SopWritePolicyError):
                Evaluation.create(dict(base, **forged))
        evaluation = Evaluation.create(base)
        self.assertEqual(evaluation.evaluator_id, self.kasubag)
        self.assertEqual(evaluation.date, fields.Date.context_today(evaluation))
        self.assertTrue(evaluation.facts, "the facts come from the runs")
        concluded = (
            self.env["sop.evaluation"].search(
                [("company_id", "=", self.company.id), ("state", "=", "done")], limit=1
            )
            or evaluation.copy()
        )
        concluded.sudo().state = "done"
        with self.assertRaises(SopWritePolicyError):
            evaluation.line_ids[:1].with_user(self.kasubag).write({"evaluation_id": concluded.id})

    def test_letter_line_and_serials(self):
        """A line never moves into a signed letter; a kind's serial sequence is the system's."""
        letter = self.env.ref("sop_lakip.sop_demo_boalemo_letter_lakip")
        self.assertEqual(letter.state, "signed")
        draft = letter.copy({"line_ids": [Command.create({"name": "Dokumen LAKIP"})]})
        with self.assertRaises(SopWritePolicyError):
            draft.line_ids.with_user(self.kasubag).write({"letter_id": letter.id})
        with self.assertRaises(UserError):
            letter.line_ids[:1].with_user(self.kasubag).copy({"letter_id": letter.id})
        with self.assertRaises(SopWritePolicyError):
            letter.kind_id.with_user(self.kasubag).write({"sequence_id": False})
        self.assertTrue(letter.kind_id.sequence_id)

    def test_no_worksheet_copied_into_a_sent_report(self):
        """A worksheet cannot be copied into a LAKIP that was sent."""
        sent = self.env.ref("sop_lakip.lakip_demo_boalemo_report_2023")
        self.assertEqual(sent.state, "sent")
        report = self.env.ref("sop_lakip.lakip_demo_boalemo_report_2024")
        department = self.env["hr.department"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        worksheet = self.env["lakip.worksheet"].create(
            {"report_id": report.id, "department_id": department.id}
        )
        with self.assertRaises(SopWritePolicyError):
            worksheet.with_user(self.kasubag).copy({"report_id": sent.id})
        self.assertFalse(sent.worksheet_ids.filtered(lambda w: w.state == "draft"))

    def test_revision_of_an_odoo_approved_sop_is_not_registered_from_paper(self):
        """A revision of an SOP the Kepala Dinas approved in Odoo is approved in Odoo again."""
        self.assertFalse(self.approved.paper_signed)
        action = self.approved.with_user(self.kasubag).action_revise()
        revision = self.env["sop.document"].browse(action["res_id"]).with_user(self.kasubag)
        revision.write(
            {
                "paper_signed": True,
                "paper_date_approved": fields.Date.today(),
                "paper_approver_name": "Bukan Kepala Dinas",
                "paper_approver_job_title": "Kepala Dinas",
            }
        )
        with self.assertRaises(UserError) as refused:
            revision.action_submit_registration()
        self.assertIn("approved in Odoo", str(refused.exception))
        self.assertEqual(revision.state, "draft")
        self.assertEqual(self.approved.state, "approved")

    def test_outsiders_write_nothing(self):
        """Another agency's Kasubag cannot write Boalemo's SOP, whatever the field."""
        kasubag_b = self.env["res.users"].search([("login", "=", "kasubag.bateng")])
        with self.assertRaises(AccessError):
            self.approved.with_user(kasubag_b).write({"date_review": "2030-01-01"})
