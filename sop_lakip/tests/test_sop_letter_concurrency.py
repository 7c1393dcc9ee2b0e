import threading

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import CommittedCase
from .letter_common import BOALEMO


@tagged("post_install", "-at_install")
class TestSopLetterConcurrency(CommittedCase):
    """Two users number letters of the same kind at the same moment, each in its own
    transaction, as two requests of the web client do."""

    def setUp(self):
        super().setUp()
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("sop_lakip.sop_demo_company_boalemo")
            kind = env["sop.letter.kind"].create(
                {
                    "name": "Uji Konkurensi",
                    "company_id": company.id,
                    "classification_code": "050",
                    "unit_code": "UJI",
                    "pattern": BOALEMO,
                }
            )
            letters = env["sop.letter"].create(
                [
                    {
                        "name": f"Uji {i}",
                        "company_id": company.id,
                        "kind_id": kind.id,
                        "date": "2024-05-02",
                    }
                    for i in range(2)
                ]
            )
            self.kind_id, self.letter_ids = kind.id, letters.ids
        self.addCleanup(self._drop)

    def _drop(self):
        ids = tuple(self.letter_ids)
        with self.cursor() as cr:
            cr.execute(
                SQL("DELETE FROM mail_message WHERE model = 'sop.letter' AND res_id IN %s", ids)
            )
            cr.execute(
                SQL(
                    "DELETE FROM mail_followers WHERE res_model = 'sop.letter' AND res_id IN %s",
                    ids,
                )
            )
            cr.execute(SQL("DELETE FROM sop_letter WHERE id IN %s", ids))
            cr.execute(SQL("SELECT sequence_id FROM sop_letter_kind WHERE id = %s", self.kind_id))
            sequence_id = cr.fetchone()[0]
            cr.execute(SQL("DELETE FROM sop_letter_kind WHERE id = %s", self.kind_id))
            cr.execute(SQL("DELETE FROM ir_sequence WHERE id = %s", sequence_id))

    def _number(self, env, index):
        return env["sop.letter"].browse(self.letter_ids[index]).action_number()

    def _numbers(self):
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            letters = env["sop.letter"].browse(self.letter_ids)
            ranges = env["sop.letter.kind"].browse(self.kind_id).serial_range_ids
            return letters.mapped("number"), [r.number_next - 1 for r in ranges]

    def _second_request(self, cr):
        """Number the second letter in a thread, retried on conflicts like an RPC call."""
        env = api.Environment(cr, SUPERUSER_ID, {})
        outcome = {}

        def request():
            try:
                retrying(lambda: self._number(env, 1), env)
                outcome["done"] = True
            except Exception as error:
                outcome["error"] = error

        thread = threading.Thread(target=request)
        thread.start()
        return thread, outcome

    def _second_after_first(self, commit):
        """Number the first letter on one cursor and the second on another, in a thread:
        the second waits until the first is committed (``commit``) or rolled back. Return
        how the second ended."""
        with self.cursor() as cr1, self.cursor() as cr2:
            self._number(api.Environment(cr1, SUPERUSER_ID, {}), 0)
            thread, outcome = self._second_request(cr2)
            thread.join(timeout=1.5)
            self.assertTrue(thread.is_alive(), "the second numbering waits for the first")
            if commit:
                cr1.commit()
            else:
                cr1.rollback()
            thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
        return outcome

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_second_numbering_waits_and_takes_the_next_serial(self):
        """While the first numbering is not committed the second waits, then gets serial 2."""
        outcome = self._second_after_first(commit=True)
        self.assertEqual(outcome, {"done": True})
        self.assertEqual(self._numbers(), (["050/1/UJI/V/2024", "050/2/UJI/V/2024"], [2]))

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_start_a_year_waiting_for_the_first_numbering(self):
        """Start a Year that waits for the year's first numbering is refused once that one
        commits: the year keeps one range, and numbering goes on."""
        with self.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["sop.letter.kind"].browse(
                self.kind_id
            )._serial_sequence()
        outcome = {}
        with self.cursor() as cr1, self.cursor() as cr2:
            self._number(api.Environment(cr1, SUPERUSER_ID, {}), 0)
            env2 = api.Environment(cr2, SUPERUSER_ID, {})

            def start_year():
                kind = env2["sop.letter.kind"].browse(self.kind_id)
                kind.read(["name"])  # the form read the kind before the click
                kind._start_year(2024, 500)

            def request():
                try:
                    outcome["done"] = retrying(start_year, env2) or True
                except UserError as error:
                    outcome["error"] = str(error)

            thread = threading.Thread(target=request)
            thread.start()
            thread.join(timeout=1.5)
            self.assertTrue(thread.is_alive(), "Start a Year waits for the numbering")
            cr1.commit()
            thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
        self.assertIn("is kept by the numbering of letters", outcome.get("error", ""))
        self.assertEqual(self._numbers(), (["050/1/UJI/V/2024", False], [1]))
        with self.cursor() as cr:
            self._number(api.Environment(cr, SUPERUSER_ID, {}), 1)
        self.assertEqual(self._numbers(), (["050/1/UJI/V/2024", "050/2/UJI/V/2024"], [2]))

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_rolled_back_numbering_leaves_no_gap(self):
        """A numbering that is rolled back frees its serial for the waiting one: no gap."""
        outcome = self._second_after_first(commit=False)
        self.assertEqual(outcome, {"done": True})
        self.assertEqual(self._numbers(), ([False, "050/1/UJI/V/2024"], [1]))
