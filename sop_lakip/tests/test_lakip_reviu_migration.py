import importlib.util
from pathlib import Path

from odoo.tests import tagged

from .test_lakip_reviu import REVIU, SIGNED, ReviuCommon

MIGRATION = Path(__file__).parents[1] / "migrations" / "1.3.0" / "post-reviu.py"


def run_migration(cr, version="18.0.1.2.0"):
    """The upgrade script to 1.3.0, run as Odoo runs it."""
    spec = importlib.util.spec_from_file_location("sop_lakip_post_reviu", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(cr, version)


@tagged("post_install", "-at_install")
class TestReviuMigration(ReviuCommon):
    def _compiled_before_the_upgrade(self):
        """The report compiled as before 1.3.0: no reviu."""
        self._compile().sudo().unlink()
        self.assertFalse(self.report.reviu_id)

    def test_compiled_report_gets_its_reviu(self):
        """A LAKIP compiled before the upgrade goes to its reviewers, once; the agency can
        then sign it after the reviu as usual."""
        self._compiled_before_the_upgrade()
        run_migration(self.env.cr, version=None)  # a new install: nothing to migrate
        self.assertFalse(self.env["lakip.reviu"].search([("report_id", "=", self.report.id)]))
        run_migration(self.env.cr)
        self.report.invalidate_recordset()
        reviu = self.report.reviu_id
        self.assertEqual(reviu.state, "review")
        self.assertEqual(
            self._activities(reviu, REVIU).user_id, self.user_reviewer | self.user_reviewer_2
        )
        self.assertIn("compiled before the reviu existed", reviu.message_ids[0].body)
        run_migration(self.env.cr)
        self.assertEqual(
            self.env["lakip.reviu"].search([("report_id", "=", self.report.id)]), reviu
        )
        self._answer_all(reviu).action_issue()
        self.report.with_user(self.user_kasubag).signed_document = SIGNED
        self.report.with_user(self.user_kasubag).action_mark_signed()
        self.assertEqual(self.report.state, "signed")

    def test_signed_report_left_alone(self):
        """A LAKIP signed before the upgrade gets no reviu."""
        self.company.lakip_reviu_required = False
        self._compiled_before_the_upgrade()
        self.report.with_user(self.user_kasubag).signed_document = SIGNED
        self.report.with_user(self.user_kasubag).action_mark_signed()
        run_migration(self.env.cr)
        self.assertFalse(self.env["lakip.reviu"].search([("report_id", "=", self.report.id)]))
