import lxml.etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import LakipCommon


@tagged("post_install", "-at_install")
class TestLakipButtons(LakipCommon):
    """The worksheet and LAKIP headers offer each user only what the server lets him do."""

    def _rights(self, sheet, user):
        sheet = sheet.with_user(user)
        return sheet.can_fill, sheet.can_verify

    def test_worksheet_buttons_follow_who_may_fill_and_verify(self):
        """Import/Mark Filled for the unit's people and the Kasubag; Verify for its head."""
        self.report.with_user(self.user_kasubag).action_send_worksheets()
        sheet = self._sheet(self.dept_unit_1)
        expected = {
            self.user_unit_1: (True, False),  # a member of the unit fills it
            self.user_kabid_1: (True, True),  # its head fills and verifies it
            self.user_kabid_2: (False, False),  # another Bidang's head does neither
            self.user_kasubag: (True, False),  # the Kasubag fills any unit's
            self.user_secretary: (True, True),  # the Sekretaris verifies any unit's
            self.user_auditor: (False, False),
        }
        for user, rights in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self._rights(sheet, user), rights)

    def _primary_buttons(self, report):
        """The names of the header's primary buttons the form shows for ``report``."""
        arch = lxml.etree.fromstring(
            self.env["lakip.report"].with_user(self.user_kasubag).get_view(view_type="form")["arch"]
        )
        values = {
            "state": report.state,
            "has_draft_worksheet": report.has_draft_worksheet,
            "worksheet_ids": report.worksheet_ids.ids,
            "letter_id": report.letter_id.id,
        }
        return [
            button.get("name")
            for button in arch.iterfind("header/button")
            if "btn-primary" in (button.get("class") or "")
            and not safe_eval(button.get("invisible") or "False", values)
        ]

    def test_lakip_header_offers_one_primary_action(self):
        """One primary next action at a time: Send Worksheets, then Compile alone."""
        report = self.report.with_user(self.user_kasubag)
        self.assertEqual(self._primary_buttons(report), ["action_send_worksheets"])
        report.action_send_worksheets()
        self.assertEqual(report.state, "collecting")
        self.assertFalse(report.has_draft_worksheet)
        self.assertEqual(self._primary_buttons(report), ["action_compile"])
