"""The identity pages and the typed lines of the printed form, as planned and as the web
client prints them."""

import itertools
import logging
import math

import lxml.html

from odoo import Command
from odoo.tests import HttpCase, tagged

from ..report.sop_report import PAPER_SIZES
from .report_common import LEGAL_BASES, HardCasesCommon, SopReportCommon, normalize


@tagged("post_install", "-at_install")
class TestSopReportIdentityPages(HardCasesCommon):
    """Long identity pages and typed line breaks, read back from the PDF."""

    def test_typed_line_breaks_are_printed(self):
        """Kelengkapan, Output and Ket. keep the lines the user typed."""
        pdf = self._pdf(self.sop_eight)
        html = self._pdftotext(pdf, "-bbox-layout")
        lines = [
            " ".join(word.text for word in line.iter("word"))
            for line in lxml.html.fromstring(html.encode()).iter("line")
        ]
        for first, second in (
            ("1. Laporan", "2. Draft Surat"),
            ("Analisis", "Tabel"),
            ("Baris satu", "Baris dua"),
        ):
            self.assertTrue(any(line.startswith(first) for line in lines), first)
            self.assertTrue(any(line.startswith(second) for line in lines), second)
            self.assertFalse([line for line in lines if f"{first} {second}" in line])
        self.assertFalse([line for line in lines if "Sosial 2. Draft" in line])

    def test_identity_page_holds_nine_legal_bases_on_one_page(self):
        """9 Dasar Hukum and 6 equipment lines: the identity page stays one page."""
        sop = self.sop_eight
        self.assertEqual(len(sop.legal_basis_line_ids), 9)
        layout = self._layout(sop)
        self.assertEqual(len(layout["sections"]["pages"]), 1)
        pdf = self._pdf(sop)
        pages = self._page_texts(pdf)
        self.assertEqual(len(pages), 1 + len(layout["pages"]))
        self.assertIn(normalize(LEGAL_BASES[-1]), pages[0])
        self.assertIn("Peralatan kantor nomor 6", pages[0])
        self.assertIn("KEGIATAN", pages[1])

    def test_twenty_legal_bases_go_on_under_a_header(self):
        """20 Dasar Hukum: the font shrinks, then the list goes on under the SOP's header."""
        layout = self._layout(self.sop_long)
        sections = layout["sections"]
        self.assertEqual(sections["size"], 6.5)
        self.assertEqual(len(sections["pages"]), 2)
        pdf = self._pdf(self.sop_long)
        pages = self._page_texts(pdf)
        self.assertEqual(len(pages), 2 + len(layout["pages"]))
        self.assertIn("DASAR HUKUM:", pages[0])
        self.assertIn("(lanjutan)", pages[1])
        self.assertIn("NAMA SOP", pages[1])
        self.assertIn(self.sop_long.number, pages[1])
        self.assertIn("KEGIATAN", pages[2])
        for number in range(1, 21):
            self.assertEqual(sum(page.count(f"(dasar {number})") for page in pages), 1)
        for number, page in enumerate(pages, start=1):
            self.assertGreater(len(page.split()), 40, f"page {number} is almost blank")


@tagged("post_install", "-at_install")
class TestSopReportAsPrinted(HttpCase, SopReportCommon):
    """The form as the web client prints it: the HTTP server runs, so wkhtmltopdf loads the
    report assets (Bootstrap and Odoo's report styles), which the form's own style holds out."""

    def _printed_pdf(self, sops):
        """The PDF of ``sops``, checked to have been printed with the report assets loaded."""
        self.assertTrue(self.http_port(), "the HTTP server must run to load the report assets")
        with self.assertLogs("odoo.addons.base.models.ir_actions_report", "DEBUG") as logs:
            logging.getLogger("odoo.addons.base.models.ir_actions_report").debug("printing")
            pdf = self._pdf(sops)
        self.assertFalse([line for line in logs.output if "network error" in line.lower()])
        return pdf

    def test_identity_pages_as_promised(self):
        """1-25 Dasar Hukum and 1-12 equipment lines: every page holds text, never a lone
        border, and the identity page goes on over exactly the pages the layout planned.

        Printed: the corners, and for 1, 6 and 12 equipment lines the longest lists that fit
        each font size (the tightest pages) and the first that goes on to a second page.
        """
        bases = [f"{LEGAL_BASES[i % 9]} (dasar {i + 1})" for i in range(25)]
        report = self.env["report.sop_lakip.report_sop"]
        _width, height = PAPER_SIZES[self.company.sop_paper]
        content = self._layout(self.sop)["width"]
        sops, plans = {}, {}
        for legal, equipment in itertools.product(range(1, 26), (1, 6, 12)):
            lines = [("legal_basis", name) for name in bases[:legal]]
            lines += [("equipment", f"Peralatan kantor nomor {i}") for i in range(1, equipment + 1)]
            sop = sops[legal, equipment] = self.env["sop.document"].create(
                {
                    "name": "Penyusunan LAKIP",
                    "number": f"SWEEP/{legal}/{equipment}",
                    "company_id": self.company.id,
                    "department_id": self.dept_program.id,
                    "column_ids": [Command.create({"role_ids": [Command.link(self.role_head.id)]})],
                    "line_ids": [Command.create({"section": s, "name": n}) for s, n in lines],
                }
            )
            sections = report._get_sections(sop, content, height)
            plans[legal, equipment] = (len(sections["pages"]), sections["size"])
        cases = {(legal, equipment) for legal in (1, 25) for equipment in (1, 12)}
        for (legal, equipment), plan in plans.items():
            following = plans.get((legal + 1, equipment), plan)
            if following != plan:
                cases.add((legal, equipment))
                if following[0] != plan[0]:
                    cases.add((legal + 1, equipment))
        cases = sorted(cases)
        expected = []  # (case, what the page starts with) for every page
        for case in cases:
            layout = self._layout(sops[case])
            expected += [(case, "NOMOR SOP")] * len(layout["sections"]["pages"])
            expected += [(case, "KEGIATAN")] * len(layout["pages"])
        printed = self.env["sop.document"].concat(*(sops[case] for case in cases))
        pdf = self._printed_pdf(printed)
        pages = self._pdftotext(pdf).split("\f")[:-1]
        for number, page in enumerate(pages):  # the first page out of plan says which case
            case, first = expected[number] if number < len(expected) else ("beyond the plan", "")
            self.assertGreater(len(page.split()), 10, f"page {number + 1} ({case}) is blank")
            self.assertIn(first, page, f"page {number + 1} ({case}) is not the planned one")
        self.assertEqual(len(pages), len(expected))

    def test_tidak_printed_by_its_branch(self):
        """The demo SOP whose Tidak loops back by the right side: the printed "Tidak" stands
        above the line leaving the diamond's right tip, not under the diamond beside "Ya"."""
        sop = self.env.ref("sop_lakip.sop_demo_boalemo_sop_lakip")
        html = self._pdftotext(self._printed_pdf(sop), "-bbox")
        mm = 72 / 25.4
        for number, page in enumerate(lxml.html.fromstring(html.encode()).iter("page"), 1):
            words = {"Ya": [], "Tidak": []}
            for word in page.iter("word"):
                if word.text in words:
                    words[word.text].append([float(word.get(k)) for k in ("xmin", "ymin")])
            for x, y in words["Tidak"]:
                ya_x, ya_y = min(words["Ya"], key=lambda p, x=x, y=y: math.dist(p, (x, y)))
                with self.subTest(page=number):
                    self.assertGreater(ya_y - y, 4 * mm, "Tidak is beside Ya, under the diamond")
                    self.assertGreater(x - ya_x, 4 * mm, "Tidak is not by the right branch")
