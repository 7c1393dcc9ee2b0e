import base64

from odoo import Command
from odoo.tests import tagged
from odoo.tools import file_open

from .common import SopCommon


@tagged("post_install", "-at_install")
class TestReportLogo(SopCommon):
    """The letterheads print the agency's own logo, never Odoo's "Your logo" placeholder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        kind = cls.env["sop.letter.kind"].create(
            {"name": "Surat Pengantar", "company_id": cls.company.id, "pattern": "{serial}/{year}"}
        )
        cls.letter = cls.env["sop.letter"].create(
            {
                "name": "Pengiriman LAKIP",
                "company_id": cls.company.id,
                "kind_id": kind.id,
                "signatory_id": cls.emp_head.id,
                "line_ids": [Command.create({"name": "Dokumen LAKIP"})],
            }
        )
        with file_open("sop_lakip/static/img/emblem_boalemo.png", "rb") as emblem:
            cls.emblem = base64.b64encode(emblem.read())

    def _images_on_first_page(self, report, records):
        pdf = self._render_pdf(report, records)
        listing = self._poppler("pdfimages", pdf, "-f", "1", "-l", "1", "-list")
        # Below two header lines, one line per image, "smask" lines being alpha channels.
        return sum(line.split()[2] == "image" for line in listing.splitlines()[2:])

    def test_no_placeholder_logo_is_printed(self):
        """Without a logo of its own the agency's letterhead has none; with one, it is printed."""
        self.assertTrue(self.company.uses_default_logo, "a new company has Odoo's placeholder")
        reports = (
            ("sop_lakip.action_report_sop", self.sop),
            ("sop_lakip.action_report_sop_letter", self.letter),
        )
        without = {name: self._images_on_first_page(name, records) for name, records in reports}
        self.company.logo = self.emblem
        self.assertFalse(self.company.uses_default_logo)
        for name, records in reports:
            with self.subTest(report=name):
                self.assertEqual(self._images_on_first_page(name, records), without[name] + 1)

    def test_demo_agencies_have_their_drawn_emblem(self):
        """The demo agencies (and their pemdas) print the plain emblem drawn for them, not the
        placeholder."""
        companies = self.env["res.company"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "sop_lakip"), ("model", "=", "res.company")])
            .mapped("res_id")
        )
        self.assertEqual(len(companies), 7, "four agencies and their three pemdas")
        self.assertFalse(companies.filtered("uses_default_logo"))
