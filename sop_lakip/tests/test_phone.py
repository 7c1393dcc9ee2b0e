"""The screens people use from a phone, at 390 x 844 with a touch screen: a staff member
does his step from the activity systray, the Kepala Dinas answers a decision Tidak with a
reason and approves an SOP from his inbox, and the public page a printed SOP's QR code
opens reads without zooming or scrolling sideways."""

from odoo.tests import HttpCase, tagged

from .common import SopCommon
from .test_no_email import TestNoEmailTour
from .test_sop_instance_tour import TestSopInstanceTour

PHONE = "390x844"


class PhoneMixin:
    browser_size = PHONE
    touch_enabled = True

    def setUp(self):
        super().setUp()
        # OdooBot's welcome chat (Odoo 19.0) fills a phone's screen at a user's first
        # login; these users have met it already.
        users = self.env["res.users"].search([("share", "=", False)])
        if "odoobot_state" in users._fields:
            users.odoobot_state = "disabled"


@tagged("post_install", "-at_install")
class TestSopInstancePhone(PhoneMixin, TestSopInstanceTour):
    # A phone has no wide screen.
    test_wide_screen_keeps_the_timeline_readable = None


@tagged("post_install", "-at_install")
class TestHeadApprovesOnPhone(PhoneMixin, TestNoEmailTour):
    pass


@tagged("post_install", "-at_install")
class TestVerifyPageOnPhone(PhoneMixin, HttpCase, SopCommon):
    def test_verify_page_fits_a_phone(self):
        """The page is as wide as the phone (no sideways scrolling), its text is at least
        14 px, the SOP's name and status are on the first screen."""
        self._approve(self.sop)
        page = self.url_open(f"/sop/verify/{self.sop.access_token}").text
        self.assertIn('name="viewport" content="width=device-width', page)
        code = """
            const width = document.documentElement.scrollWidth;
            const size = parseFloat(getComputedStyle(document.body).fontSize);
            const status = [...document.querySelectorAll("body *")].find(
                (node) => node.children.length === 0 && node.textContent.includes("Berlaku")
            );
            const bottom = status ? status.getBoundingClientRect().bottom : Infinity;
            if (width > window.innerWidth + 1) {
                console.error(`the page is ${width} px wide on a ${window.innerWidth} px phone`);
            } else if (size < 14) {
                console.error(`its text is ${size} px`);
            } else if (bottom > window.innerHeight) {
                console.error(`the status is below the first screen (${bottom} px)`);
            } else {
                console.log("test successful");
            }
        """
        self.browser_js(f"/sop/verify/{self.sop.access_token}", code)
