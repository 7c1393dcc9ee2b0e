from odoo.tests import tagged

from .common import LakipCommon, TourCase


@tagged("post_install", "-at_install")
class TestLakipTour(TourCase, LakipCommon):
    def test_send_fill_verify_in_the_browser(self):
        """The Kasubag sends the worksheets; a Kabid returns and verifies his own."""
        self.start_tour(
            "/odoo/action-sop_lakip.lakip_report_action",
            "lakip_send_worksheets_tour",
            login=self.user_kasubag.login,
        )
        self.assertEqual(set(self.report.worksheet_ids.mapped("state")), {"sent"})
        self.start_tour(
            "/odoo/action-sop_lakip.lakip_worksheet_action",
            "lakip_kabid_verify_tour",
            login=self.user_kabid_2.login,
        )
        sheet = self._sheet(self.dept_unit_2)
        self.assertEqual((sheet.state, sheet.verified_by_id), ("verified", self.user_kabid_2))
        self.assertEqual(self._sheet(self.dept_unit_1).state, "sent", "not his unit")
