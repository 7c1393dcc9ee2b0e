from odoo.tests import tagged

from .common import TourCase
from .test_lakip_reviu import INSPECTOR, REVIEWER, ReviuCommon


@tagged("post_install", "-at_install")
class TestLakipReviuTour(TourCase, ReviuCommon):
    WITH_PEMDA = True

    def test_return_fix_and_issue_in_the_browser(self):
        """The reviewer returns the reviu from his inbox with a Tidak and findings; the
        Kasubag finds Fix Reviu Findings and asks again; a reviewer of the pemda (given the
        pemda company only) issues the statement."""
        reviu = self._compile()
        reviu.with_user(self.user_reviewer).reviewer_ids = self.user_reviewer
        self.start_tour("/odoo", "lakip_reviu_return_tour", login=self.user_reviewer.login)
        first = reviu.line_ids.sorted("sequence")[0]
        self.assertEqual(
            (reviu.state, first.answer, first.note),
            ("returned", "no", "Ikhtisar eksekutif belum memuat kendala"),
        )
        self.assertIn("ikhtisar eksekutif", reviu.findings)
        self.start_tour("/odoo", "lakip_reviu_fix_tour", login=self.user_kasubag.login)
        self.assertEqual(reviu.state, "review")
        (reviu.line_ids - first).with_user(self.user_reviewer).write({"answer": "yes"})
        reviu.with_user(self.user_reviewer).write(INSPECTOR)
        pemda_reviewer = self._new_user("reviewer_pemda", REVIEWER, self.pemda)
        self.start_tour("/odoo", "lakip_reviu_issue_tour", login=pemda_reviewer.login)
        self.assertEqual(
            (reviu.state, reviu.done_by_id, first.answer),
            ("done", pemda_reviewer, "yes"),
        )
        self.assertFalse(reviu.activity_ids)
