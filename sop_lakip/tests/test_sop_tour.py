from odoo.tests import tagged

from .common import SopCommon, TourCase


@tagged("post_install", "-at_install")
class TestSopTour(TourCase, SopCommon):
    def test_secretary_verifies_and_rejects_in_the_browser(self):
        """In the web client the Sekretaris initials one waiting SOP and rejects another."""
        sop_a = self.sop
        sop_a.name = "SOP Tour A"
        sop_b = self._create_sop(number="TOUR/B", name="SOP Tour B")
        (sop_a | sop_b).with_user(self.user_kasubag).action_submit()
        self.start_tour("/odoo", "sop_lakip_secretary_tour", login=self.user_secretary.login)
        self.assertEqual(sop_a.state, "verified")
        self.assertEqual(sop_a.verified_by_id, self.user_secretary)
        self.assertEqual(sop_b.state, "draft")
        self.assertEqual(sop_b.reject_reason, "Dasar hukum belum lengkap")
