import base64

from odoo.tests import tagged

from .common import TourCase
from .test_sop_xlsx import SopXlsxCommon


@tagged("post_install", "-at_install")
class TestSopImportTour(TourCase, SopXlsxCommon):
    def test_kasubag_imports_the_filled_template_and_submits(self):
        """In the web client the Kasubag downloads the template, imports it filled, submits."""
        data = self._fill(self._template(self.user_kasubag))
        attachment = self.env["ir.attachment"].create(
            {"name": "sop_renja.xlsx", "datas": base64.b64encode(data), "public": True}
        )
        self.env["ir.model.data"].create(
            {"module": "sop_lakip", "name": "tour_sop_xlsx", "model": "ir.attachment",
             "res_id": attachment.id}
        )  # fmt: skip
        self.start_tour(
            "/odoo/action-sop_lakip.sop_document_action",
            "sop_lakip_import_tour",
            login=self.user_kasubag.login,
        )
        sop = self.env["sop.document"].search([("name", "=", "Penyusunan Rencana Kerja")])
        self.assertEqual((sop.state, sop.submitted_by_id), ("submitted", self.user_kasubag))
        self.assertEqual(sop.step_ids.mapped("number"), [1, 2, 5, 6])
        self.assertIn("Imported from sop_renja.xlsx", sop.message_ids.mapped("body")[-1])
