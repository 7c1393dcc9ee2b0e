import polib

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import file_path, html2plaintext
from odoo.tools.translate import TranslationModuleReader


class TestIndonesianTranslation(TransactionCase):
    def _exported_terms(self):
        """The terms Odoo exports for the addon (what its .pot must list)."""
        return {
            source
            for module, _type, _name, _res_id, source, _value, _comments in (
                TranslationModuleReader(self.env.cr, modules=["sop_lakip"])
            )
            if module == "sop_lakip" and source.strip()
        }

    def test_every_term_of_the_addon_is_translated(self):
        """Every term Odoo exports for the addon has an Indonesian translation in id.po."""
        # polib, not Odoo's reader: that one drops what sop_lakip.pot does not list yet.
        path = file_path("sop_lakip/i18n/id.po")
        translated = {
            entry.msgid
            for entry in polib.pofile(path)
            if entry.msgstr.strip() and not entry.obsolete
        }
        exported = self._exported_terms()
        self.assertFalse(
            sorted(exported - translated), "Terms of sop_lakip without a translation in id.po"
        )

    def test_demo_chatter_speaks_an_installed_language(self):
        """Each demo document's "<document> created" message is whole in one installed language."""
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        demo = self.env["ir.model.data"].search(
            [
                ("module", "=", "sop_lakip"),
                ("model", "in", ["sop.document", "lakip.report", "sop.letter"]),
            ]
        )
        self.assertTrue(demo, "the demo data is installed")
        for data in demo:
            record = self.env[data.model].browse(data.res_id)
            first = record.message_ids.sorted("id")[:1]
            expected = {str(record.with_context(lang=lang)._creation_message()) for lang in langs}
            self.assertIn(html2plaintext(first.body), expected, data.complete_name)

    def test_creation_message_without_context_language(self):
        """A record created without a language in the context says "<model> created" in one."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env.ref("base.module_sop_lakip")._update_translations(["id_ID"])
        user = new_test_user(
            self.env, login="sop_id", groups="sop_lakip.group_sop_head", lang="id_ID"
        )
        env = self.env(user=user, context={})
        self.assertFalse(env.lang)
        report = env["lakip.report"].create({"company_id": user.company_id.id, "year": 2031})
        name = self.env["ir.model"]._get("lakip.report").with_context(lang="id_ID").name
        self.assertNotEqual(name, "LAKIP Performance Report", "id.po names the model")
        self.assertEqual(html2plaintext(report.message_ids[-1:].body), f"{name} dibuat")

    def test_creation_message_of_other_models_stays_odoos(self):
        """Another model's record created without a language says what Odoo says: "%s created"
        in the user's language, the model's name as the context reads it (English)."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env.ref("base.module_hr")._update_translations(["id_ID"])
        user = new_test_user(self.env, login="sop_id_hr", groups="hr.group_hr_user", lang="id_ID")
        env = self.env(user=user, context={})
        employee = env["hr.employee"].create({"name": "Pegawai Tanpa Bahasa"})
        model = self.env["ir.model"]._get("hr.employee")
        english = model.with_context(lang="en_US").name
        self.assertNotEqual(model.with_context(lang="id_ID").name, english, "hr names it")
        self.assertEqual(html2plaintext(employee.message_ids[-1:].body), f"{english} dibuat")

    def test_template_lists_every_term(self):
        """sop_lakip.pot lists every term Odoo exports for the addon, so that id.po loads whole."""
        listed = {entry.msgid for entry in polib.pofile(file_path("sop_lakip/i18n/sop_lakip.pot"))}
        exported = self._exported_terms()
        self.assertFalse(sorted(exported - listed), "Terms missing from sop_lakip.pot")

    def test_errors_reach_an_indonesian_user_in_indonesian(self):
        """A message added with the latest changes reaches an id_ID user translated."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env.ref("base.module_sop_lakip")._update_translations(["id_ID"])
        Employee = self.env["hr.employee"].with_context(lang="id_ID")
        with self.assertRaisesRegex(ValidationError, "hanya boleh berisi angka"):
            Employee.create({"name": "Pegawai", "nip": "19910315200521200A"})

    def test_forms_print_their_indonesian_words_for_an_indonesian_user(self):
        """The printed forms are written in Indonesian: an id_ID user gets the same words,
        not a translation of an English term that happens to be spelt alike (the number
        column's "No" is not the answer "No", "Tidak")."""
        self.env["res.lang"]._activate_lang("id_ID")
        self.env.ref("base.module_sop_lakip")._update_translations(["id_ID"])
        sop = self.env["sop.document"].create({"name": "SOP Uji", "number": "UJI/1"})
        for lang in ("id_ID", "en_US"):
            html = (
                self.env["ir.actions.report"]
                .with_context(lang=lang)
                ._render_qweb_html("sop_lakip.report_sop_register", sop.ids)[0]
                .decode()
            )
            self.assertRegex(html, r"<th[^>]*>No</th>", lang)
            self.assertIn("Dicetak pada", html, lang)
            self.assertNotIn("Tidak", html, lang)
        for view in ("letter", "monitoring", "evaluation"):
            arch = self.env.ref(f"sop_lakip.report_sop_{view}_document").with_context(lang="id_ID")
            self.assertRegex(arch.arch, r"<th[^>]*>No</th>", view)
        # Where "No" is the answer, it is still translated.
        form = self.env.ref("sop_lakip.sop_instance_view_form").with_context(lang="id_ID")
        self.assertIn('string="Tidak"', form.arch)
