from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LakipCommon


@tagged("post_install", "-at_install")
class TestLakipWorksheetRun(LakipCommon):
    """The per-unit steps of a running Pengumpulan Data Kinerja follow the worksheets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        role_kabid = cls.env["sop.role"].create(
            {"name": "Kabid", "holder_type": "manager", "department_id": cls.dept_unit_1.id,
             "company_id": cls.company.id}
        )  # fmt: skip
        # 1 send (Kasubag) -> 2 each unit fills -> 3 each Kabid verifies (Tidak: 2)
        # -> 4 compile (Kepala Dinas column, end)
        cls.collect_sop = cls._create_sop(number="KK/1")
        cls.collect_sop.column_ids[1].role_ids = [(4, role_kabid.id)]
        steps = cls.collect_sop.step_ids
        steps[0].lakip_worksheet_action = "send"
        steps[1].write({"per_unit": True, "lakip_worksheet_action": "fill"})
        steps[2].write(
            {"per_unit": True, "role_id": role_kabid.id, "lakip_worksheet_action": "verify"}
        )
        steps[3].lakip_worksheet_action = "compile"
        cls.steps = steps

    def _items(self, run, step):
        return self._open(run).filtered(lambda w: w.step_id == step)

    def test_steps_follow_worksheets(self):
        """Send, fill, verify, send back and compile each complete the run's step."""
        run = self._start(self.collect_sop)
        self.report.collection_instance_id = run
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        fills = self._items(run, self.steps[1])
        self.assertEqual(fills.department_id, self.dept_unit_1 | self.dept_unit_2, "send done")
        sheet_1, sheet_2 = self._sheet(self.dept_unit_1), self._sheet(self.dept_unit_2)

        sheet_1.with_user(self.user_unit_1).action_mark_filled()
        check_1 = self._items(run, self.steps[2])
        self.assertEqual(check_1.department_id, self.dept_unit_1, "unit 1's check is open")
        self.assertEqual(fills.filtered(lambda w: w.department_id == self.dept_unit_1).done_by_id,
                         self.user_unit_1, "the step records who filled")  # fmt: skip
        sheet_1.with_user(self.user_kabid_1).action_verify()
        self.assertEqual((check_1.state, check_1.outcome), ("done", "yes"))

        sheet_2.with_user(self.user_kabid_2).action_mark_filled()
        sheet_2.with_user(self.user_kabid_2)._send_back("Realisasi TW III belum diisi")
        check_2 = run.workitem_ids.filtered(
            lambda w: w.step_id == self.steps[2] and w.department_id == self.dept_unit_2
        )
        self.assertEqual(
            (check_2.outcome, check_2.feedback), ("no", "Realisasi TW III belum diisi")
        )
        refill = self._items(run, self.steps[1])
        self.assertEqual(refill.department_id, self.dept_unit_2, "the loop goes back to unit 2")
        sheet_2.with_user(self.user_kabid_2).action_mark_filled()
        sheet_2.with_user(self.user_kabid_2).action_verify()
        end = self._open(run)
        self.assertEqual(end.step_id, self.steps[3])
        self.report.with_user(self.user_kasubag).action_compile()
        self.assertEqual(run.state, "done")

    def test_step_not_completed_from_the_run(self):
        """A unit's fill step cannot be marked done on the run while its worksheet is open."""
        run = self._start(self.collect_sop)
        self.report.collection_instance_id = run
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        item = self._items(run, self.steps[1]).filtered(
            lambda w: w.department_id == self.dept_unit_1
        )
        with self.assertRaisesRegex(UserError, "follows the worksheet 2024 \u2013 Bidang Sosial"):
            item.with_user(self.user_kabid_1).action_done()
        self.assertEqual(item.state, "open")

    def test_send_step_follows_the_report(self):
        """The send step cannot be clicked done while the LAKIP's worksheets are unsent."""
        run = self._start(self.collect_sop)
        self.report.collection_instance_id = run
        self.report.with_user(self.user_kasubag).action_generate_worksheets()
        with self.assertRaisesRegex(UserError, "Step 1 follows the worksheet"):
            self._open(run).with_user(self.user_kasubag).action_done()
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        self.assertEqual(self._open(run).step_id, self.steps[1])
