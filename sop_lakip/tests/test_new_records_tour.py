from odoo.tests import tagged

from .common import LakipCommon, TourCase


@tagged("post_install", "-at_install")
class TestNewRecordsTour(TourCase, LakipCommon):
    def test_kasubag_creates_each_record_with_new(self):
        """In the web client the Kasubag clicks New and saves an SOP (its decision's targets
        typed before the first save), a run, a LAKIP and a letter."""
        self._approve(self.sop)
        self.env["sop.letter.kind"].create(
            {"name": "Surat Pengantar", "company_id": self.company.id, "unit_code": "DSPMD"}
        )
        self.start_tour(
            "/odoo/action-sop_lakip.sop_document_action",
            "sop_lakip_new_records_tour",
            login=self.user_kasubag.login,
        )
        sop = self.env["sop.document"].search([("name", "=", "SOP Tour Baru")])
        self.assertEqual((sop.state, sop.create_uid), ("draft", self.user_kasubag))
        self.assertEqual(sop.department_id, self.dept_program)
        steps = sop.step_ids
        self.assertEqual(steps.mapped("symbol"), ["start", "decision", "end"])
        self.assertEqual((steps[1].yes_step_id, steps[1].no_step_id), (steps[2], steps[0]))
        self.assertFalse(sop._get_flow_errors())
        run = self.env["sop.instance"].search([("name", "=", "Run Tour Baru")])
        self.assertEqual((run.state, run.document_id), ("draft", self.sop))
        self.assertEqual(run.holder_ids.role_id, self.sop.step_ids.role_id)
        report = self.env["lakip.report"].search(
            [("year", "=", 2025), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(report.state, "draft")
        letter = self.env["sop.letter"].search([("name", "=", "Surat Tour Baru")])
        self.assertEqual((letter.state, letter.number), ("draft", False))
        self.assertEqual(letter.line_ids.name, "Dokumen LAKIP 2025")
