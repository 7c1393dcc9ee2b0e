import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

from .common import DemoPemdaMixin

MIGRATION = Path(__file__).parents[1] / "migrations" / "1.2.1" / "post-demo-pemda.py"
LOGGER = "sop_lakip_post_demo_pemda"


def run_migration(cr, version="18.0.1.2.0"):
    """The upgrade script to 1.2.1, run as Odoo runs it."""
    spec = importlib.util.spec_from_file_location(LOGGER, MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(cr, version)


@tagged("post_install", "-at_install")
class TestDemoPemdaMigration(DemoPemdaMixin, TransactionCase):
    """The upgrade places the demo agencies under their demo pemda, but neither moves a
    real agency that reused a demo company nor aborts where Odoo refuses the move."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_demo_pemdas()

    def _detach(self, *agencies):
        """The agencies as an install from before the pemdas left them: without a parent."""
        self.env.cr.execute(
            "UPDATE res_company SET parent_id = NULL, parent_path = id || '/' WHERE id IN %s",
            [tuple(agency.id for agency in agencies)],
        )
        self.env.invalidate_all()

    def test_demo_agencies_placed_under_their_pemda(self):
        self._detach(self.agency, self.agency_b)
        run_migration(self.env.cr)
        self.assertEqual(self.agency.parent_id, self.pemda)
        self.assertEqual(self.agency_b.parent_id, self.pemda_b)

    def test_renamed_agency_left_alone(self):
        """A real agency that reused the demo company (renamed) stays where it is."""
        self._detach(self.agency)
        self.agency.name = "Dinas Kesehatan Kabupaten Gorontalo"
        run_migration(self.env.cr)
        self.assertFalse(self.agency.parent_id)

    def test_refused_move_skipped_and_the_upgrade_goes_on(self):
        """An agency with a branch cannot be moved (as with accounting installed): it is
        skipped with a warning, the other demo agency is placed."""
        self._detach(self.agency, self.agency_b)
        self.env["res.company"].create({"name": "Cabang Dinas Uji", "parent_id": self.agency.id})
        with self.assertLogs(LOGGER, level="WARNING") as logs:
            run_migration(self.env.cr)
        self.assertIn("not placed under", logs.output[0])
        self.assertFalse(self.agency.parent_id)
        self.assertEqual(self.agency_b.parent_id, self.pemda_b)
