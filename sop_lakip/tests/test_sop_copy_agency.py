import json

from markupsafe import escape

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from .common import SopCommon, TourCase
from .test_sop_template import template_file


@tagged("post_install", "-at_install")
class TestSopCopyAgency(SopCommon):
    """Copying an approved SOP or a shipped template into the user's agency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._approve(cls, cls.sop)
        # A Kasubag who works for both agencies, in agency B now.
        cls.user_both = cls._new_user("sop_kasubag_both", "sop_lakip.group_sop_kasubag")
        cls.user_both.write(
            {"company_ids": [Command.set((cls.company | cls.company_b).ids)],
             "company_id": cls.company_b.id}
        )  # fmt: skip
        cls.emp_both_b = cls.env["hr.employee"].create(
            {
                "name": "Kasubag Dua Dinas",
                "user_id": cls.user_both.id,
                "company_id": cls.company_b.id,
                "department_id": cls.dept_b.id,
            }
        )
        # B already has a role "Staf" under another spelling.
        cls.role_staff_b = cls.env["sop.role"].create(
            {"name": " staf ", "holder_type": "head", "company_id": cls.company_b.id}
        )

    def _as_both(self, company=None):
        companies = (company or self.company_b) | self.company | self.company_b
        return self.env(user=self.user_both, context={"allowed_company_ids": companies.ids})

    def _copied(self, action):
        return self.env["sop.document"].browse(action["params"]["next"]["res_id"])

    def test_copy_maps_roles_by_name_and_creates_the_missing(self):
        """B's copy uses B's roles by name, creates the missing ones, clears number and dates."""
        action = self.sop.with_env(self._as_both()).action_copy_to_agency()
        copy = self._copied(action)
        self.assertEqual(copy.company_id, self.company_b)
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.number)
        self.assertFalse(copy.date_effective or copy.date_approved or copy.approver_id)
        self.assertEqual(copy.department_id, self.dept_b)
        self.assertEqual(copy.author_id, self.emp_both_b)
        self.assertEqual(copy.step_ids.role_id.company_id, self.company_b)
        self.assertEqual(copy.column_ids.role_ids.company_id, self.company_b)
        self.assertEqual(copy.step_ids[0].role_id.name, "Kasubag Penyusunan Program")
        self.assertEqual(copy.step_ids[1].role_id, self.role_staff_b)  # " staf " = "Staf"
        self.assertEqual(copy.step_ids[3].role_id, self.role_head_b)
        created = copy.step_ids.role_id.filtered(lambda r: r.holder_type == "none")
        self.assertEqual(
            sorted(created.mapped("name")), ["Kasubag Penyusunan Program", "Sekretaris"]
        )
        self.assertIn("Kasubag Penyusunan Program", action["params"]["message"])
        self.assertIn("Sekretaris", action["params"]["message"])
        # steps, decisions, columns and sections as in the source
        self.assertEqual(copy.step_ids.mapped("name"), self.sop.step_ids.mapped("name"))
        decision = copy.step_ids[2]
        self.assertEqual(
            (decision.yes_step_id, decision.no_step_id), (copy.step_ids[3], copy.step_ids[1])
        )
        self.assertEqual(copy.column_ids.mapped("name"), self.sop.column_ids.mapped("name"))
        self.assertEqual(copy.line_ids.mapped("name"), self.sop.line_ids.mapped("name"))
        self.assertEqual(
            copy.step_ids.mapped("duration_display"), self.sop.step_ids.mapped("duration_display")
        )
        # where it comes from: field and chatter
        self.assertIn("460/DSPMD/SOP/11.a/1/2024", copy.copy_origin)
        self.assertIn("Dinas Uji A", copy.copy_origin)
        self.assertIn("Copied from", copy.message_ids[0].body)
        self.assertIn("Roles created, not assigned yet", copy.message_ids[0].body)
        # the copy is B's: with a number, it is ready to submit
        copy.with_env(self._as_both()).number = "SOP/B/1/2025"
        self.assertEqual(copy._get_flow_errors(), [])

    def test_copy_cannot_run_before_the_roles_are_assigned(self):
        """A created role has no holder: the run says so, by name."""
        copy = self._copied(self.sop.with_env(self._as_both()).action_copy_to_agency())
        copy.number = "SOP/B/1/2025"
        copy.sudo().write({"state": "approved"})
        run = self.env["sop.instance"].create(
            {"name": "Run", "document_id": copy.id, "company_id": self.company_b.id}
        )
        with self.assertRaisesRegex(UserError, "Role Sekretaris has no holder"):
            run.with_user(self.user_kasubag_b).action_start()

    def test_other_agency_cannot_copy_what_it_cannot_read(self):
        """B's Kasubag over RPC: A's SOP is not his to read, so not his to copy."""
        with self.assertRaises(AccessError):
            self.sop.with_user(self.user_kasubag_b).action_copy_to_agency()
        self.assertFalse(self.env["sop.document"].search([("company_id", "=", self.company_b.id)]))

    def test_copy_lands_only_in_an_agency_of_the_user(self):
        """B's Kasubag cannot make a copy in A, nor roles there, by any route."""
        template = self.env.ref("sop_lakip.sop_template_penyusunan_lakip")
        Document = self.env["sop.document"].with_user(self.user_kasubag_b)
        with self.assertRaises(AccessError):
            Document._create_from_payload(template._get_payload(), self.company, "x")
        self.assertFalse(
            self.env["sop.role"].search(
                [("holder_type", "=", "none"), ("company_id", "=", self.company.id)]
            )
        )

    def test_staff_and_auditors_copy_nothing(self):
        """Only a Kasubag and up copy an SOP or use a template."""
        template = self.env.ref("sop_lakip.sop_template_penyusunan_lakip")
        for user in (self.user_staff, self.user_auditor):
            with self.assertRaises(AccessError):
                template.with_user(user).action_use_template()
            with self.assertRaises(AccessError):
                self.sop.with_user(user).action_copy_to_agency()
        self.assertFalse(
            self.env["sop.document"].search(
                [("template_id", "!=", False), ("company_id", "=", self.company.id)]
            )
        )

    def test_own_agency_or_unapproved_is_refused(self):
        """An SOP of one's own agency is duplicated, not copied; a draft is not copied."""
        with self.assertRaisesRegex(UserError, "Duplicate or Revise"):
            self.sop.with_user(self.user_kasubag).action_copy_to_agency()
        draft = self._create_sop(number="X/1")
        with self.assertRaisesRegex(UserError, "only an approved SOP"):
            draft.with_env(self._as_both()).action_copy_to_agency()

    def test_templates_are_read_only_and_agency_free(self):
        """Templates hold no agency's name and nobody but the data files changes them."""
        templates = self.env["sop.template"].search([("company_id", "=", False)])
        self.assertEqual(len(templates), 4)
        for template in templates:
            self.assertNotRegex(
                json.dumps(template._get_payload()),
                "Boalemo|Bangka Tengah|Balangan|DSPMD|Dinas Sosial|Pemberdayaan Masyarakat|Pendidikan dan",
            )
        for user in (self.user_head, self.user_kasubag, self.user_auditor):
            with self.assertRaises(AccessError):
                templates[0].with_user(user).write({"name": "X"})
            with self.assertRaises(AccessError):
                self.env["sop.template"].with_user(user).create({"name": "X"})

    def test_template_previews_its_columns_and_steps(self):
        """Before using it, a Kasubag reads on the template's form its actor columns and each
        step: number, activity, actor, symbol and standard time, typed text escaped."""
        template = self.env.ref("sop_lakip.sop_template_penyusunan_lakip")
        content = template._get_payload()
        with Form(template.with_user(self.user_kasubag)) as form:
            preview = form.preview
        text = " ".join(html2plaintext(preview).split())
        for column in content["columns"]:
            self.assertIn(column["heading"], text)
        rows = preview.split("<tr>")[2:]  # after the header row
        self.assertEqual(len(rows), len(content["steps"]))
        for number, (row, step) in enumerate(zip(rows, content["steps"], strict=True), start=1):
            with self.subTest(step=number):
                self.assertIn(f"<td>{number}</td><td>{escape(step['name'])}</td>", row)
                self.assertIn(f"<td>{escape(step['role'])}</td>", row)
        self.assertIn("Start", text)
        self.assertIn("10 Minutes", text)
        sop = {
            "identity": {"name": "X"},
            "sections": [],
            "columns": [("Staf", ["Staf"])],
            "steps": [
                {"number": 1, "name": "<b>Tebal</b> & co", "role": "Staf", "symbol": "start",
                 "requirement": None, "duration": 1, "unit": "day", "output": None,
                 "note": None, "yes": 0, "no": 0, "per_unit": False, "worksheet": False,
                 "letter_kind": None}
            ],
        }  # fmt: skip
        odd = self.env["sop.template"].create({"name": "X", "xlsx_file": template_file(sop)})
        self.assertIn("&lt;b&gt;Tebal&lt;/b&gt; &amp; co", odd.preview)

    def test_new_agency_gets_penyusunan_lakip_in_one_click(self):
        """A new agency's Kasubag, created through the form, uses the template: a valid draft."""
        company_c = self.env["res.company"].create({"name": "Dinas Baru C"})
        user_c = self._new_user("sop_kasubag_c", "sop_lakip.group_sop_kasubag", company_c)
        dept_c = self.env["hr.department"].create(
            {"name": "Sekretariat C", "company_id": company_c.id}
        )
        self.env["hr.employee"].create(
            {"name": "Kasubag C", "user_id": user_c.id, "company_id": company_c.id,
             "department_id": dept_c.id}
        )  # fmt: skip
        template = self.env.ref("sop_lakip.sop_template_penyusunan_lakip")
        action = template.with_user(user_c).action_use_template()
        copy = self._copied(action)
        self.assertEqual(copy.company_id, company_c)
        self.assertEqual(copy.template_id, template)
        self.assertEqual(len(copy.step_ids), 11)
        self.assertEqual(copy.step_ids.role_id.company_id, company_c)
        self.assertIn("Kepala Dinas", action["params"]["message"])
        with Form(copy.with_user(user_c)) as form:
            form.number = "000.8.3.3/1/SEKRE/2025"
        self.assertEqual(copy._get_flow_errors(), [])
        copy.with_user(user_c).action_submit()
        self.assertEqual(copy.state, "submitted")

    def test_every_template_gives_a_valid_flow(self):
        """Each shipped template, once numbered, passes the checks of Submit as it is."""
        for template in self.env["sop.template"].search([("company_id", "=", False)]):
            with self.subTest(template=template.name):
                copy = self._copied(template.with_user(self.user_kasubag).action_use_template())
                copy.number = f"SOP/{template.id}/2025"
                self.assertEqual(copy._get_flow_errors(), [])
                self.assertEqual(len(copy.step_ids), template.step_count)
                decisions = copy.step_ids.filtered(lambda s: s.symbol == "decision")
                self.assertTrue(all(d.yes_step_id and d.no_step_id for d in decisions))

    def test_guard_refuses_a_forged_origin(self):
        """Where a draft comes from is written by the copy only."""
        for vals in (
            {"copy_origin": "SOP resmi"},
            {"template_id": self.env.ref("sop_lakip.sop_template_penyusunan_lakip").id},
        ):
            with self.assertRaises(UserError):
                self._create_sop(number="X/2").with_user(self.user_kasubag).write(vals)

    def test_copy_budget(self):
        """A copy into another agency costs at most Odoo's duplicate of the SOP, 1.5x + 10
        (its roles looked up and created, its origin written and posted)."""
        source = self.sop.with_env(self._as_both())
        odoo = self._odoo_queries(lambda _prepared: source.copy())
        ours = self._queries(source.action_copy_to_agency)
        self.assertQueryRatio("Copy to my agency", ours, odoo, 1.5, extra=10)


@tagged("post_install", "-at_install")
class TestSopTemplateTour(TourCase, SopCommon):
    def test_kasubag_uses_a_template_in_the_browser(self):
        """The Kasubag makes a draft from a template, numbers it and submits it."""
        self.start_tour("/odoo", "sop_lakip_template_tour", login=self.user_kasubag.login)
        template = self.env.ref("sop_lakip.sop_template_penyusunan_lakip")
        copy = self.env["sop.document"].search([("template_id", "=", template.id),
                                                ("company_id", "=", self.company.id)])  # fmt: skip
        self.assertEqual(copy.state, "submitted")
        self.assertEqual(copy.number, "000.8.3.3/7/SEKRE/2025")
        self.assertEqual(copy.submitted_by_id, self.user_kasubag)
