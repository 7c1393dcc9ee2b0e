from odoo.tests import tagged

from .common import LakipCommon, TourCase


@tagged("post_install", "-at_install")
class TestHandoffTour(TourCase, LakipCommon):
    """Each hand-off is found in the activity systray of whoever acts next."""

    def test_sop_goes_from_kasubag_to_secretary_to_head(self):
        """Kasubag submits; the Sekretaris, then the Kepala Dinas, open it from the systray."""
        self.sop.name = "SOP Tour Inbox"
        self.start_tour(
            "/odoo/action-sop_lakip.sop_document_action",
            "sop_lakip_kasubag_submit_tour",
            login=self.user_kasubag.login,
        )
        self.assertEqual(self.sop.state, "submitted")
        self.start_tour(
            "/odoo", "sop_lakip_secretary_systray_tour", login=self.user_secretary.login
        )
        self.assertEqual(self.sop.state, "verified")
        self.start_tour("/odoo", "sop_lakip_head_systray_tour", login=self.user_head.login)
        self.assertEqual(self.sop.state, "approved")
        self.assertFalse(self.sop.activity_ids)

    def test_worksheet_reaches_its_unit(self):
        """Kasubag sends the worksheets; a Kepala Bidang opens his from the systray."""
        self.start_tour(
            "/odoo/action-sop_lakip.lakip_report_action",
            "lakip_send_worksheets_tour",
            login=self.user_kasubag.login,
        )
        self.start_tour("/odoo", "lakip_unit_systray_tour", login=self.user_kabid_2.login)
        sheet = self._sheet(self.dept_unit_2)
        self.assertEqual(sheet.state, "filled")
        self.assertEqual(sheet.activity_ids.user_id, self.user_kabid_2)
