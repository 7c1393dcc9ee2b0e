from odoo.tests import tagged, warmup

from .common import SopCommon


@tagged("post_install", "-at_install")
class TestSopInstancePerformance(SopCommon):
    """Query budgets: advancing a step does not grow with runs or past steps; starts batch."""

    def _advance(self, run):
        item = self._open(run)
        item.with_user(item.user_id).action_done()

    @warmup
    def test_advance_budget(self):
        """Completing a step and scheduling the next stays within a fixed query budget."""
        run = self._start()
        item = self._open(run).with_user(self.user_kasubag)
        with self.assertQueryCount(44):
            item.action_done()
        self.assertEqual(self._open(run).step_id, self.sop.step_ids[1])

    def _advance_to(self, run, number):
        """Move ``run`` on (answering No at the decision) until step ``number`` is open."""
        for _loop in range(20):
            item = self._open(run)
            if item.step_id.number == number:
                return item
            if item.symbol == "decision":
                item.with_user(item.user_id)._complete("no", "ulang")
            else:
                item.with_user(item.user_id).action_done()
        raise AssertionError("step not reached")

    def test_advance_cost_does_not_grow(self):
        """The same advance costs no more with 30 other runs and a long history."""
        self._queries(lambda: self._advance(self._start()))  # warm the caches
        fresh = self._start()
        self._advance_to(fresh, 2)
        alone = self._queries(lambda: self._advance(fresh))
        others = self.env["sop.instance"].create(
            [
                {"name": f"Run {i}", "document_id": self.sop.id, "company_id": self.company.id}
                for i in range(30)
            ]
        )
        others.with_user(self.user_kasubag).action_start()
        busy = self._start()
        for _loop in range(4):
            self._advance_to(busy, 3)
            self._advance_to(busy, 2)
        self.assertGreaterEqual(len(busy.workitem_ids), 10)
        crowded = self._queries(lambda: self._advance(busy))
        self.assertLessEqual(crowded, alone)
        self.assertEqual(self._open(busy).step_id.number, 3)

    def test_batch_start_is_cheaper_than_single_starts(self):
        """Starting 50 runs in one call costs far less than 50 single starts."""
        self._approve(self.sop)
        Instance = self.env["sop.instance"]

        def new_runs(count):
            return Instance.create(
                [
                    {"name": f"Run {i}", "document_id": self.sop.id, "company_id": self.company.id}
                    for i in range(count)
                ]
            ).with_user(self.user_kasubag)

        self._queries(lambda: new_runs(1).action_start())  # warm the caches
        singles = new_runs(50)
        single_cost = self._queries(lambda: [run.action_start() for run in singles])
        batch = new_runs(50)
        batch_cost = self._queries(batch.action_start)
        self.assertEqual(len(batch.workitem_ids.activity_ids), 50)
        self.assertLess(batch_cost * 5, single_cost, f"batch {batch_cost}, singles {single_cost}")
