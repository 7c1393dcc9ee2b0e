from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .test_lakip_reviu import INSPECTOR, REVIEWER, REVIU, ReviuCommon


@tagged("post_install", "-at_install")
class TestReviuPemda(ReviuCommon):
    """The Inspektorat is the pemda's: a reviewer given the pemda company reviews every
    agency of it (sop_lakip_security.xml, lakip_reviu_rule_company), never another pemda's;
    each rule below with the attacker's RPC beside it."""

    WITH_PEMDA = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_reviewer_pemda = cls._new_user("reviewer_pemda", REVIEWER, cls.pemda)
        cls.user_reviewer_pemda_b = cls._new_user("reviewer_pemda_b", REVIEWER, cls.pemda_b)
        cls.user_auditor_pemda = cls._new_user(
            "auditor_pemda", "sop_lakip.group_sop_auditor", cls.pemda
        )

    def test_pemda_reviewer_gets_reads_and_writes_the_reviu(self):
        """Compiled, the reviu reaches the pemda's reviewer too (not the other pemda's); he
        reads the agency's LAKIP, answers the checklist in the form and issues the statement."""
        reviu = self._compile()
        reviewers = self._activities(reviu, REVIU).user_id
        self.assertIn(self.user_reviewer_pemda, reviewers)
        self.assertNotIn(self.user_reviewer_pemda_b, reviewers)
        reviewer = self.user_reviewer_pemda
        self.assertEqual(self.report.with_user(reviewer).indicator_count, 4)
        self.assertEqual(self._target(self.ind_rehab).with_user(reviewer).target, 80)
        form = Form(reviu.with_user(reviewer))
        for index in range(14):
            with form.line_ids.edit(index) as line:
                line.answer = "yes"
        for name, value in INSPECTOR.items():
            setattr(form, name, value)
        form.reviewer_ids.add(reviewer)
        form.save()
        reviu.with_user(reviewer).message_post(body="Reviu oleh Inspektorat Daerah")
        reviu.with_user(reviewer).action_issue()
        self.assertEqual((reviu.state, reviu.done_by_id), ("done", reviewer))
        # the attacker's RPC: the agency's data stays read-only for him
        with self.assertRaises(AccessError):
            self.report.with_user(reviewer).web_save({"recipients": "X"}, {})
        with self.assertRaises(UserError):
            self._target(self.ind_rehab).with_user(reviewer).web_save({"analysis": "x"}, {})

    def test_pemda_reviewer_makes_a_draft_reviu(self):
        """He makes the reviu of an agency's report in the form, as an agency's reviewer."""
        report = self.env["lakip.report"].create({"company_id": self.company.id, "year": 2023})
        form = Form(self.env["lakip.reviu"].with_user(self.user_reviewer_pemda))
        form.report_id = report
        with form.line_ids.edit(0) as line:
            line.answer = "no"
            line.note = "Ikhtisar eksekutif belum ada"
        reviu = form.save()
        self.assertEqual(
            (reviu.company_id, reviu.reviewer_ids), (self.company, self.user_reviewer_pemda)
        )

    def test_other_pemda_reviewer_sees_and_writes_nothing(self):
        """Another pemda's reviewer neither finds, reads nor writes the reviu, makes none
        for the agency, and cannot be named its reviewer."""
        reviu = self._compile()
        other = self.user_reviewer_pemda_b
        self.assertFalse(self.env["lakip.reviu"].with_user(other).search([]))
        self.assertFalse(self.env["lakip.report"].with_user(other).search([]))
        # the attacker's RPC: the form's read and save, a new reviu for the agency's report
        Reviu = self.env["lakip.reviu"].with_user(other)
        with self.assertRaises(AccessError):
            Reviu.browse(reviu.id).web_read({"findings": {}})
        with self.assertRaises(AccessError):
            Reviu.browse(reviu.id).web_save({"findings": "x"}, {})
        with self.assertRaises(AccessError):
            self.env["lakip.reviu.line"].with_user(other).browse(reviu.line_ids[0].id).write(
                {"answer": "yes"}
            )
        with self.assertRaises(AccessError):
            Reviu.browse(reviu.id).action_issue()
        report = self.env["lakip.report"].create({"company_id": self.company.id, "year": 2023})
        with self.assertRaises(AccessError):
            Reviu.web_save({"report_id": report.id, "reviewer_ids": [Command.clear()]}, {})
        with self.assertRaises(UserError):
            reviu.with_user(self.user_reviewer).reviewer_ids = other
        self.assertEqual((reviu.state, reviu.findings), ("review", False))

    def test_pemda_auditor_and_agency_users_write_no_reviu(self):
        """The pemda's auditor reads the reviu and writes nothing of it; the agency's
        reviewer does not reach the other pemda's agency."""
        reviu = self._compile()
        auditor = self.user_auditor_pemda
        self.assertEqual(reviu.with_user(auditor).line_ids[0].sequence, 1)
        for call in (
            lambda: reviu.with_user(auditor).web_save({"findings": "x"}, {}),
            lambda: reviu.line_ids[0].with_user(auditor).write({"answer": "yes"}),
            lambda: reviu.with_user(auditor).action_return(),
            lambda: (
                self.env["lakip.reviu"]
                .with_user(auditor)
                .web_save({"report_id": self.report.id}, {})
            ),
        ):
            with self.assertRaises(UserError):  # an AccessError is one
                call()
        report_b = self.env["lakip.report"].create({"company_id": self.company_b.id, "year": 2024})
        with self.assertRaises(UserError):
            self.env["lakip.reviu"].with_user(self.user_reviewer_pemda).web_save(
                {"report_id": report_b.id, "reviewer_ids": [Command.clear()]}, {}
            )
        self.assertFalse(self.env["lakip.reviu"].search([("report_id", "=", report_b.id)]))

    def test_statement_on_the_pemda_letterhead(self):
        """The statement, printed by the agency's Kasubag (who is not given the pemda
        company), is the Inspektorat's: the pemda's letterhead and place, not the agency's."""
        self.pemda.write({"sop_government_name": "Pemerintah Kabupaten Uji", "city": "Tilamuta"})
        self.company.write({"sop_government_name": "Pemerintah Kabupaten Uji", "city": "Paguyaman"})
        reviu = self._answer_all(self._compile())
        reviu.action_issue()
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_kasubag)
            ._render_qweb_html("sop_lakip.action_report_lakip_reviu", reviu.ids)
        )
        page = etree.fromstring(html, etree.HTMLParser())
        head = " ".join(" ".join(page.xpath("//table[hasclass('sop-letterhead')]//text()")).split())
        self.assertEqual(head, "PEMERINTAH KABUPATEN UJI INSPEKTORAT DAERAH Tilamuta")
        self.assertIn("Tilamuta, ", " ".join(page.xpath("//table[hasclass('rv-sign')]//text()")))
