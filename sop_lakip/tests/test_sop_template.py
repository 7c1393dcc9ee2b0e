import base64
import hashlib
import io
import json

import xlsxwriter
from markupsafe import Markup

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from ..report.sop_xlsx_layout import write_sops
from .common import DemoPemdaMixin, SopCommon, TourCase

# The SOP each shipped template made when it was JSON text (version 1.2.0), computed then
# by ``_describe`` below: its digest, its step count, and each decision's Ya/Tidak steps.
SHIPPED = {
    "sop_template_penyusunan_lakip": ("671c3a178d549147", 11, {7: (8, 6)}),
    "sop_template_pengumpulan_data_kinerja": (
        "402b8756597c0aac",
        8,
        {4: (5, 3), 6: (7, 5), 7: (8, 6)},
    ),
    "sop_template_persiapan_penyusunan_lakip": ("dafea23308212003", 11, {8: (9, 7), 9: (10, 7)}),
    "sop_template_penyusunan_lakip_fungsional": ("feafeb4b24a10f18", 11, {7: (8, 6)}),
}
COORDINATOR = "sop_lakip.group_sop_coordinator"
REVISED = "sop_lakip.mail_activity_type_sop_template_revision"


def _describe(document):
    """Everything of an SOP a template gives: columns, sections and each step."""
    return {
        "name": document.name,
        "columns": [
            (c.name, c.role_ids.mapped("name")) for c in document.column_ids.sorted("sequence")
        ],
        "sections": [
            (line.section, line.name, line.relation_type or "")
            for line in document.line_ids.sorted(lambda x: (x.sequence, x.id))
        ],
        "steps": [
            (s.number, s.name, s.role_id.name, s.symbol, s.requirement or "", s.duration,
             s.duration_unit, s.output or "", s.note or "", s.per_unit,
             s.lakip_worksheet_action or "", s.yes_step_id.number, s.no_step_id.number)
            for s in document._sorted_steps()
        ],
    }  # fmt: skip


def _digest(document):
    text = json.dumps(_describe(document), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def template_file(sop):
    """An Excel file of one SOP (``sop.document._get_xlsx_values`` shape), base64."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    write_sops(workbook, [sop])
    workbook.close()
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestShippedTemplates(SopCommon):
    """The shipped templates are Excel files of the addon's own layout."""

    def test_each_template_makes_the_same_sop_as_before(self):
        """Each shipped template's file gives the SOP its JSON gave: every column, section
        and step, the decisions' Ya/Tidak steps included."""
        for xmlid, (digest, count, links) in SHIPPED.items():
            template = self.env.ref(f"sop_lakip.{xmlid}")
            with self.subTest(template=xmlid):
                action = template.with_user(self.user_kasubag).action_use_template()
                copy = self.env["sop.document"].browse(action["params"]["next"]["res_id"])
                steps = _describe(copy)["steps"]
                self.assertEqual(len(steps), count)
                self.assertEqual(template.step_count, count)
                self.assertEqual({s[0]: (s[11], s[12]) for s in steps if s[3] == "decision"}, links)
                self.assertEqual(_digest(copy), digest)

    def test_template_is_read_back_by_the_import(self):
        """A template's file is an SOP file the Import reads: one sheet pair, no error."""
        template = self.env.ref("sop_lakip.sop_template_pengumpulan_data_kinerja")
        data = base64.b64decode(template.xlsx_file)
        specs, errors = self.env["sop.document"]._parse_xlsx(data, "x.xlsx")
        self.assertEqual((len(specs), errors), (1, []))
        self.assertEqual([s["worksheet"] for s in specs[0]["steps"]][1:5],
                         ["send", "fill", "verify", "compile"])  # fmt: skip

    def test_a_file_of_two_sops_is_refused(self):
        sop = {"identity": {"name": "X"}, "sections": [], "columns": [], "steps": []}
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        write_sops(workbook, [sop, sop])
        workbook.close()
        with self.assertRaisesRegex(UserError, "Sheet"):
            self.env["sop.document"]._payload_from_xlsx(buffer.getvalue(), "two.xlsx")


@tagged("post_install", "-at_install")
class TestPemdaTemplates(DemoPemdaMixin, TransactionCase):
    """A pemda's SOP Coordinator publishes an agency's approved SOP as a template for every
    agency of his pemda, in revisions; agencies adopt it and hear of a new revision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls._setup_demo_pemdas()
        ref = cls.env.ref
        cls.coordinator_b = new_test_user(
            cls.env,
            login="koordinator.bateng",
            groups=f"base.group_user,{COORDINATOR}",
            company_id=cls.pemda_b.id,
            company_ids=[Command.set(cls.pemda_b.ids)],
        )
        cls.data_kinerja = ref("sop_lakip.sop_demo_boalemo_sop_data_kinerja")
        cls.lakip = ref("sop_lakip.sop_demo_boalemo_sop_lakip")
        cls.template = cls.env["sop.template"].search([("document_id", "=", cls.data_kinerja.id)])

    def _publish(self, document, replaces=None, user=None):
        """Publish as the coordinator through the SOP's button and its dialog's form."""
        user = user or self.coordinator
        action = document.with_user(user).action_publish_template()
        wizard = self.env[action["res_model"]].with_user(user).with_context(**action["context"])
        with Form(wizard) as form:
            if replaces is not None:
                form.replace_id = replaces
        result = form.record.action_publish()
        return self.env["sop.template"].browse(result["res_id"])

    def _adopt(self, template, user):
        action = template.with_user(user).action_use_template()
        return self.env["sop.document"].browse(action["params"]["next"]["res_id"])

    def test_demo_template_published_and_adopted(self):
        """Boalemo's coordinator published Pengumpulan Data Kinerja; Bappeda adopted it,
        and the coordinator reads who adopted which revision on the template's form."""
        self.assertEqual(len(self.template), 1)
        self.assertEqual((self.template.company_id, self.template.revision), (self.pemda, 0))
        self.assertEqual(self.template.create_uid, self.coordinator)
        with Form(self.template.with_user(self.coordinator)) as form:
            adoptions = form.adoption_ids
            self.assertEqual(len(adoptions), 1)
            self.assertEqual(adoptions[0].company_id, self.bappeda)
            self.assertEqual(adoptions[0].template_revision, 0)
            self.assertEqual(adoptions[0].state, "draft")
        self.assertEqual(self.template.step_count, len(self.data_kinerja.step_ids))

    def test_coordinator_publishes_and_an_agency_adopts(self):
        """Published from the SOP's form by a coordinator without e-mail, the template holds
        the SOP as it is copied; a Kasubag without e-mail of another agency adopts it."""
        self.assertFalse(self.coordinator.email or self.kasubag_bappeda.email)
        template = self._publish(self.lakip)
        self.assertEqual((template.company_id, template.document_id), (self.pemda, self.lakip))
        payload, expected = template._get_payload(), self.lakip._get_copy_payload()
        # the file lists the sections in the printed order, the copy by their key
        payload["sections"].sort(key=lambda item: item["section"])
        self.assertEqual(payload, expected)
        copy = self._adopt(template, self.kasubag_bappeda)
        self.assertEqual((copy.company_id, copy.template_id), (self.bappeda, template))
        self.assertEqual(len(copy.step_ids), len(self.lakip.step_ids))
        self.assertIn(template, template.with_user(self.kasubag_bappeda).search([]))
        # On the template's form, the Kasubag sees its steps and his own agency's adoption only.
        with Form(template.with_user(self.kasubag_bappeda)) as form:
            self.assertIn(self.lakip.step_ids[0].name.split()[0], form.preview)
            self.assertEqual(form.adoption_ids[0].company_id, self.bappeda)
            self.assertEqual(len(form.adoption_ids), 1)
        with self.assertRaisesRegex(UserError, "already published"):
            self._publish(self.lakip)

    def test_only_an_approved_sop_of_his_pemda(self):
        """A draft is not published; a coordinator of another pemda cannot publish Boalemo's
        SOP (over RPC either); an agency's Kasubag publishes nothing."""
        self.data_kinerja.with_user(self.kasubag).action_revise()
        draft = self.data_kinerja.revision_ids.filtered(lambda d: d.state == "draft")
        with self.assertRaisesRegex(UserError, "not approved"):
            self.env["sop.template"].with_user(self.coordinator)._publish(draft)
        for user in (self.coordinator_b, self.kasubag, self.kasubag_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.lakip.with_user(user).action_publish_template()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["sop.template"].with_user(user)._publish(self.lakip)
        self.assertFalse(self.env["sop.template"].search([("document_id", "=", self.lakip.id)]))

    def test_refusal_names_no_sop_he_may_not_read(self):
        """Bangka Tengah's coordinator asking over RPC to publish Boalemo's SOP is refused
        without its name; a dialog he creates on it does not tell its pemda either."""
        as_b = self.env["sop.template"].with_user(self.coordinator_b)
        calls = (
            self.lakip.with_user(self.coordinator_b).action_publish_template,
            lambda: as_b._publish(self.lakip),
        )
        for call in calls:
            with self.assertRaises(AccessError) as caught:
                call()
            self.assertNotIn(self.lakip.name, str(caught.exception))
        # the attacker's RPC: create the dialog on Boalemo's SOP and read its pemda
        wizard = (
            self.env["sop.template.publish.wizard"]
            .with_user(self.coordinator_b)
            .create({"document_id": self.lakip.id, "name": "X"})
        )
        with self.assertRaises(AccessError):
            wizard.read(["pemda_id"])

    def test_template_adopted_by_an_agency_of_its_pemda_only(self):
        """A Kasubag with an agency of each pemda ticked, working in Bangka Tengah's, cannot
        adopt Boalemo's template into it (over RPC); working in Bappeda, he adopts it."""
        bateng = self.env.ref("sop_lakip.sop_demo_company_bangka_tengah")
        self.kasubag_bappeda.company_ids = [Command.link(bateng.id)]
        template = self.template.with_user(self.kasubag_bappeda)
        in_bateng = template.with_context(allowed_company_ids=[bateng.id, self.bappeda.id])
        with self.assertRaisesRegex(UserError, "is not of that pemda and cannot adopt it"):
            in_bateng.action_use_template()
        self.assertFalse(
            self.env["sop.document"].search(
                [("template_id", "=", self.template.id), ("company_id", "=", bateng.id)]
            )
        )
        in_bappeda = template.with_context(allowed_company_ids=[self.bappeda.id, bateng.id])
        action = in_bappeda.action_use_template()
        copy = self.env["sop.document"].browse(action["params"]["next"]["res_id"])
        self.assertEqual(copy.company_id, self.bappeda)

    def test_one_publication_at_a_time_replaces_a_template(self):
        """While another transaction publishes a revision replacing the template (its row
        locked), a second publication replacing it is refused with a clear message."""
        Template = self.env["sop.template"].with_user(self.coordinator)
        with self.env.registry.cursor() as other:
            other.execute(
                "SELECT id FROM sop_template WHERE id = %s FOR NO KEY UPDATE",
                [self.template.id],
            )
            with self.assertRaisesRegex(UserError, "being replaced by another publication"):
                Template._publish(self.lakip, self.template)
        self.assertTrue(self.template.active)
        self.assertEqual(Template._publish(self.lakip, self.template).previous_id, self.template)

    def test_agencies_read_the_shipped_and_their_pemdas_only(self):
        """Bangka Tengah's Kasubag reads the shipped templates, not Boalemo's: he can neither
        read nor adopt it over RPC; Boalemo's agencies read it."""
        shipped = self.env["sop.template"].search([("company_id", "=", False)])
        seen = self.env["sop.template"].with_user(self.kasubag_b).search([])
        self.assertEqual(seen, shipped)
        with self.assertRaises(AccessError):
            self.template.with_user(self.kasubag_b).read(["name", "xlsx_file"])
        with self.assertRaises(AccessError):
            self.template.with_user(self.kasubag_b).action_use_template()
        self.assertFalse(
            self.env["sop.document"].search(
                [("template_id", "=", self.template.id), ("company_id", "!=", self.bappeda.id)]
            )
        )
        for user in (self.kasubag, self.kasubag_bappeda, self.coordinator):
            self.assertIn(self.template, self.env["sop.template"].with_user(user).search([]))
        self.assertNotIn(
            self.template, self.env["sop.template"].with_user(self.coordinator_b).search([])
        )

    def test_nobody_writes_a_template(self):
        """An agency's user, his pemda's coordinator or another pemda's writes, creates and
        deletes no template: only Publish makes one."""
        for user in (self.kasubag_bappeda, self.head, self.coordinator, self.coordinator_b):
            as_user = self.template.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    as_user.write({"name": "Diubah"})
                with self.assertRaises(AccessError):
                    as_user.unlink()
                with self.assertRaises(AccessError):
                    self.env["sop.template"].with_user(user).create(
                        {"name": "X", "company_id": self.pemda.id}
                    )
        self.assertEqual(self.template.name, self.data_kinerja.name)

    def _stray_adoption(self):
        """An SOP of Bangka Tengah's agency marked as made from Boalemo's template, as an
        adoption across pemdas once could: a new revision tells it nothing."""
        stray = self.env.ref("sop_lakip.sop_demo_bangka_tengah_sop_persiapan_lakip")
        self.env.cr.execute(
            "UPDATE sop_document SET template_id = %s WHERE id = %s", [self.template.id, stray.id]
        )
        stray.invalidate_recordset(["template_id"])
        return stray

    def _dashboard(self, agency, user=None):
        self.env.invalidate_all()
        return self.env["sop.coordination"].with_user(user or self.coordinator).browse(agency.id)

    def _approve_new_revision(self, document):
        document.with_user(self.kasubag).action_revise()
        revision = document.revision_ids.filtered(lambda d: d.state == "draft")
        revision.with_user(self.kasubag).action_submit()
        revision.with_user(self.secretary).action_verify()
        revision.with_user(self.head).action_approve()
        return revision

    def test_dashboard_counts_the_adoptions(self):
        """The coordinator's dashboard counts each agency's SOPs made from a template of its
        pemda, and those whose template has had a new revision since; an SOP marked as made
        from another pemda's template is not counted. The row opens the same SOPs."""
        stray = self._stray_adoption()
        self.assertEqual(
            (
                self._dashboard(self.bappeda).template_adopted,
                self._dashboard(self.agency).template_adopted,
            ),
            (1, 0),
            "the demo: Bappeda adopted Pengumpulan Data Kinerja",
        )
        second = self._adopt(self.template, self.kasubag_bappeda)
        row = self._dashboard(self.bappeda)
        self.assertEqual((row.template_adopted, row.template_outdated), (2, 0))
        action = row.action_open_adoptions()
        found = self.env["sop.document"].with_user(self.coordinator).search(action["domain"])
        self.assertEqual(found, self.template.adoption_ids - stray)
        self.assertIn(second, found)
        self._publish(self._approve_new_revision(self.data_kinerja))
        row = self._dashboard(self.bappeda)
        self.assertEqual((row.template_adopted, row.template_outdated), (2, 2))
        # Bangka Tengah's agency: its stray SOP is not of its pemda's templates
        self.env.invalidate_all()
        stray_row = self.env["sop.coordination"].sudo().browse(stray.company_id.id)
        self.assertEqual((stray_row.template_adopted, stray_row.template_outdated), (0, 0))
        # the agency's own row, as its Kasubag reads it
        self.assertEqual(self._dashboard(self.bappeda, self.kasubag_bappeda).template_adopted, 2)

    def test_new_revision_tells_the_adopters_what_changed(self):
        """A new approved revision of the SOP, published as the template's next revision,
        archives the old one and gives Bappeda's Kasubag an activity on its SOP naming each
        step changed or added, its text escaped."""
        self.data_kinerja.with_user(self.kasubag).action_revise()
        revision = self.data_kinerja.revision_ids.filtered(lambda d: d.state == "draft")
        steps = revision._sorted_steps()
        kasubag_role = steps[-1].role_id
        as_kasubag = revision.with_user(self.kasubag)
        as_kasubag.write(
            {
                "step_ids": [
                    Command.update(steps[0].id, {"duration": 15}),
                    Command.update(steps[-1].id, {"name": "Mengirim <b>Laporan</b>"}),
                    Command.create(
                        {"name": "Mengarsipkan laporan", "symbol": "end", "sequence": 99,
                         "number": 9, "role_id": kasubag_role.id, "duration": 1,
                         "duration_unit": "hour", "output": "Arsip"}
                    ),
                ]
            }
        )  # fmt: skip
        as_kasubag.step_ids.filtered(lambda s: s.number == 8).symbol = "process"
        as_kasubag.action_submit()
        revision.with_user(self.secretary).action_verify()
        revision.with_user(self.head).action_approve()
        stray = self._stray_adoption()
        action = revision.with_user(self.coordinator).action_publish_template()
        self.assertEqual(action["context"]["default_replace_id"], self.template.id)
        new = self._publish(revision)
        self.assertEqual((new.revision, new.previous_id), (1, self.template))
        self.assertFalse(self.template.active)
        adopted = self.template.with_context(active_test=False).adoption_ids - stray
        self.assertEqual(new.adoption_ids - stray, adopted)
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "sop.document"), ("res_id", "=", stray.id),
                 ("activity_type_id", "=", self.env.ref(REVISED).id)]
            )
        )  # fmt: skip
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "sop.document"), ("res_id", "=", adopted.id),
             ("activity_type_id", "=", self.env.ref(REVISED).id)]
        )  # fmt: skip
        self.assertEqual(activity.user_id, self.kasubag_bappeda)
        note = str(activity.note)
        self.assertIn("new revision 1", note)
        self.assertIn("Step 1 changed: time 5 Minutes → 15 Minutes", note)
        self.assertIn("Step 8 changed: activity", note)
        self.assertIn("Mengirim &lt;b&gt;Laporan&lt;/b&gt;", note)
        self.assertIn("symbol End → Process", note)
        self.assertIn("Step 9 added: Mengarsipkan laporan (Kasubag Penyusunan Program, End", note)
        with self.assertRaisesRegex(UserError, "newer revision"):
            self.template.with_user(self.kasubag_bappeda).action_use_template()
        self._adopt(new, self.kasubag_bappeda)

    def test_step_changes_removed_added_changed(self):
        """The note's lines: a step removed, one added, one changed, aligned on activities."""

        def step(name, role="Staf", symbol="process", duration=1, output="X"):
            return {"name": name, "role": role, "symbol": symbol, "duration": duration,
                    "duration_unit": "day", "output": output}  # fmt: skip

        old = [step("A"), step("B"), step("C", output="<i>x</i>")]
        new = [step("A"), step("C", role="Sekretaris", output="y"), step("D")]
        lines = self.env["sop.template"]._step_changes(old, new)
        self.assertTrue(all(isinstance(line, Markup) for line in lines))
        self.assertEqual(
            [str(line) for line in lines],
            [
                "Step 2 removed: B (Staf, Process, 1 Working Days, output: X).",
                "Step 2 changed: actor Staf → Sekretaris; output &lt;i&gt;x&lt;/i&gt; → y.",
                "Step 3 added: D (Staf, Process, 1 Working Days, output: X).",
            ],
        )


@tagged("post_install", "-at_install")
class TestPemdaTemplateTour(TourCase):
    def test_coordinator_publishes_and_agency_adopts_in_the_browser(self):
        """The coordinator publishes Boalemo's Penyusunan LAKIP; Bappeda's Kasubag adopts it;
        the coordinator finds the adoption on his dashboard."""
        self.start_tour("/odoo", "sop_lakip_pemda_template_tour", login="koordinator.boalemo")
        lakip = self.env.ref("sop_lakip.sop_demo_boalemo_sop_lakip")
        template = self.env["sop.template"].search([("document_id", "=", lakip.id)])
        self.assertEqual(template.company_id, self.env.ref("sop_lakip.sop_demo_pemda_boalemo"))
        self.start_tour("/odoo", "sop_lakip_pemda_template_adopt_tour",
                        login="kasubag.bappeda.boalemo")  # fmt: skip
        copy = self.env["sop.document"].search([("template_id", "=", template.id)])
        self.assertEqual(
            copy.company_id, self.env.ref("sop_lakip.sop_demo_company_boalemo_bappeda")
        )
        self.start_tour("/odoo", "sop_lakip_pemda_template_dashboard_tour",
                        login="koordinator.boalemo")  # fmt: skip
