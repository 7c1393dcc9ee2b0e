import polib

from odoo.tests import TransactionCase, new_test_user
from odoo.tools import file_path, html2plaintext
from odoo.tools.translate import TranslationModuleReader


class TestIndonesianTranslation(TransactionCase):
    def test_every_term_of_the_addon_is_translated(self):
        """Every term Odoo exports for the addon has an Indonesian translation in id.po."""
        # polib, not Odoo's reader: that one drops what sop_lakip.pot does not list yet.
        path = file_path("sop_lakip/i18n/id.po")
        translated = {
            entry.msgid
            for entry in polib.pofile(path)
            if entry.msgstr.strip() and not entry.obsolete
        }
        exported = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in (
                TranslationModuleReader(self.env.cr, modules=["sop_lakip"])
            )
            if module == "sop_lakip" and source.strip()
        }
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
