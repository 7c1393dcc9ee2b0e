import io
import logging
import re
import time

import docx

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from ..report.lakip_lkjip_layout import capaian_cells, capaian_headers
from .lakip_large_agency import bare_docx, large_agency
from .report_common import normalize
from .test_lakip_pk import PkCommon
from .test_no_email import NoEmailMixin

_logger = logging.getLogger(__name__)
LKJIP = "sop_lakip.report_lakip_lkjip"
NARRATIVE = (
    "lkjip_summary lkjip_introduction lkjip_planning lkjip_achievement lkjip_analysis "
    "lkjip_budget lkjip_closing"
).split()
STATUS = {"achieved": "Tercapai", "not_achieved": "Belum Tercapai"}


class LkjipCommon(PkCommon):
    """Agency A's LAKIP 2024 with its figures: one indicator without realisation, one with
    its 2023 figures and a Renstra end target, two programmes, a signed PK."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ind_rehab.renstra_target = 90

        def realise(target, *values):
            target.realization_ids = [
                Command.create({"quarter": str(q), "value": v})
                for q, v in enumerate(values, start=1)
            ]

        targets = {t.indicator_id: t for t in cls.targets}
        realise(targets[cls.ind_rehab], 20, 20, 20, 12)  # 72 of 80: 90 %
        realise(targets[cls.ind_poverty], 8.0, 7.5, 6.5)  # 6,5 of 7: 107,14 %
        realise(targets[cls.ind_bumdes], 70)  # within 60-80: 100 %
        previous = cls.env["lakip.target"].create(
            {"indicator_id": cls.ind_rehab.id, "year": 2023, "target": 75}
        )
        realise(previous, 77)
        cls.report.budget_ids = [
            Command.create(
                {"name": "Program Rehabilitasi Sosial", "budget": 1250000000, "spent": 1187500000,
                 "objective_id": cls.objective.id}
            ),
            Command.create(
                {"name": "Program Pemberdayaan Desa", "budget": 640500000, "spent": 0,
                 "objective_id": cls.objective.id}
            ),
        ]  # fmt: skip
        cls.report.date_sent = "2025-01-31"


@tagged("post_install", "-at_install")
class TestLkjipNarrative(LkjipCommon):
    def test_prefill_fills_only_empty_parts(self):
        """The button writes the figures' sentences into the empty parts only."""
        report = self.report.with_user(self.user_kasubag)
        report.lkjip_introduction = "<p>Ditulis oleh Kasubag.</p>"
        report.action_prefill_narrative()
        self.assertEqual(str(report.lkjip_introduction), "<p>Ditulis oleh Kasubag.</p>")
        self.assertIn("Capaian 90 % (target 80, realisasi 72)", report.lkjip_analysis)
        self.assertIn("Capaian 107,14 %", report.lkjip_analysis)
        self.assertIn("Capaian \u2212 (target 30, realisasi \u2212)", report.lkjip_analysis)
        self.assertIn("rata-rata capaian 99,05 %", report.lkjip_summary)
        self.assertIn("Rp 1.187.500.000 dari pagu Rp 1.890.500.000 (62,81 %)", report.lkjip_budget)
        self.assertIn(
            "prioritas tahun berikutnya: Persentase PMKS tertangani.", report.lkjip_closing
        )
        report.lkjip_closing = "<p>Kesimpulan sendiri.</p>"
        report.action_prefill_narrative()
        self.assertEqual(str(report.lkjip_closing), "<p>Kesimpulan sendiri.</p>")

    def test_kasubag_writes_the_narrative_in_the_form(self):
        form = Form(self.report.with_user(self.user_kasubag))
        form.lkjip_closing = "<p>Kinerja tahun 2024 <b>baik</b>.</p>"
        form.lkjip_summary = "<p>Ringkasan.</p>"
        form.save()
        self.assertIn("<b>baik</b>", self.report.lkjip_closing)
        self.assertEqual(str(self.report.lkjip_summary), "<p>Ringkasan.</p>")

    def test_auditor_writes_no_narrative(self):
        auditor = self.report.with_user(self.user_auditor)
        self.assertFalse(auditor.lkjip_summary)  # he reads it
        with self.assertRaises(UserError):  # an AccessError is one
            auditor.write({"lkjip_summary": "<p>X</p>"})
        with self.assertRaises(UserError):
            auditor.action_prefill_narrative()

    def test_signed_document_stays_as_signed(self):
        self.report.sudo()._workflow_write({"state": "signed"})
        report = self.report.with_user(self.user_kasubag)
        with self.assertRaises(UserError):
            report.write({"lkjip_closing": "<p>Diubah.</p>"})
        with self.assertRaises(UserError):
            report.action_prefill_narrative()


@tagged("post_install", "-at_install")
class TestLkjipNoEmail(NoEmailMixin, LkjipCommon):
    def test_prefill_without_email(self):
        """A Kasubag without an e-mail address prefills the narrative."""
        self.assertFalse(self.user_kasubag.email)
        self._as(self.user_kasubag, self.report).action_prefill_narrative()
        self.assertTrue(all(self.report[name] for name in NARRATIVE))


@tagged("post_install", "-at_install")
class TestLkjipPrinted(HttpCase, LkjipCommon):
    """The printed LKjIP and its Word file as the web client gets them."""

    def _pdf(self, report):
        self.assertTrue(self.http_port(), "the HTTP server must run to load the report assets")
        return self._render_pdf(LKJIP, report)

    def _pages(self, pdf):
        count = int(re.search(r"Pages:\s+(\d+)", self._poppler("pdfinfo", pdf)).group(1))
        return [
            self._poppler("pdftotext", pdf, "-raw", "-f", str(n), "-l", str(n))
            for n in range(1, count + 1)
        ]

    def _row_text(self, row):
        return " ".join(capaian_cells(0, row)[1:])

    def _docx(self, report):
        data = self.env["report.sop_lakip.lkjip_docx"]._build(report)
        return docx.Document(io.BytesIO(data))

    def _docx_table(self, document, headers):
        tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == headers]
        self.assertEqual(len(tables), 1, headers)
        return [[c.text for c in row.cells] for row in tables[0].rows[1:]]

    def test_pdf_figures_equal_the_records(self):
        """Each row of the records prints whole (a minus for no capaian), the budgets with
        their total, the contents with the page of each chapter, numbered pages."""
        self._sign(self._pk())
        self.report.with_user(self.user_kasubag).action_prefill_narrative()
        pdf = self._pdf(self.report)
        pages = self._pages(pdf)
        text = normalize(" ".join(pages))
        rows = self.report._get_capaian_rows()
        self.assertEqual(len(rows), 4)
        for row in rows:
            self.assertEqual(text.count(self._row_text(row)), 2, row["indicator"])  # III, Lampiran
        village = next(r for r in rows if r["indicator"] == "Persentase desa mandiri")
        self.assertIn("Persentase desa mandiri % 30 \u2212 \u2212 \u2212 \u2212", text)
        self.assertEqual(village["capaian"], "\u2212")
        self.assertIn("Persentase PMKS tertangani % 80 72 90 % 77 102,67 %", text)
        for expected in (
            "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) TAHUN 2024",
            "Program Rehabilitasi Sosial Rp 1.250.000.000 Rp 1.187.500.000 95 %",
            "Program Pemberdayaan Desa Rp 640.500.000 Rp 0 0 %",
            "Jumlah Rp 1.890.500.000 Rp 1.187.500.000 62,81 %",
            "Meningkatnya kesejahteraan sosial 99,05 % 62,81 % 36,23 % Efisien",
            "Tilamuta, 31 Januari 2025",
            "NIP. 19660930 199702 2 002",
            "Lampiran 2. Tabel Capaian Kinerja Tahun 2024",
        ):
            self.assertIn(expected, text)
        self.assertIn("DRAFT", pages[0])
        for key, line in (("PENDAHULUAN", "BAB I"), ("PENUTUP", "BAB IV")):
            number = int(re.search(rf"{line} {key} (\d+)", normalize(pages[1])).group(1))
            self.assertTrue(normalize(pages[number - 1]).startswith(f"{line} {key}"))
        for number, page in enumerate(pages[1:], start=2):
            self.assertEqual(page.split()[-1], str(number), f"page {number} is numbered")

    def test_docx_holds_the_same_tables(self):
        self._sign(self._pk())
        document = self._docx(self.report)
        rows = self.report._get_capaian_rows()
        status = {**STATUS}
        self.assertEqual(
            self._docx_table(document, capaian_headers((2024, 2023, 2022), True)),
            [["1.", "Meningkatnya kesejahteraan sosial"] + [""] * 11]
            + [capaian_cells(n, r, status) for n, r in enumerate(rows, 1)],
        )
        self.assertEqual(
            self._docx_table(document, ["No", "Program", "Pagu", "Realisasi", "%"]),
            [
                ["1.", "Program Rehabilitasi Sosial", "Rp 1.250.000.000", "Rp 1.187.500.000",
                 "95 %"],
                ["2.", "Program Pemberdayaan Desa", "Rp 640.500.000", "Rp 0", "0 %"],
                ["", "Jumlah", "Rp 1.890.500.000", "Rp 1.187.500.000", "62,81 %"],
            ],
        )  # fmt: skip
        self.assertIn("\u2212", [cells[5] for cells in self._docx_table(
            document, capaian_headers((2024, 2023, 2022), False))])  # fmt: skip
        texts = [p.text for p in document.paragraphs]
        for heading in ("PENDAHULUAN", "AKUNTABILITAS KINERJA", "B. REALISASI ANGGARAN"):
            self.assertIn(heading, texts)

    def test_docx_download(self):
        """The button's address serves the file to a reader of the report, not to another
        agency."""
        self.authenticate("sop_auditor", "sop_auditor")
        url = self.report.action_export_lkjip_docx()["url"]
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(docx.Document(io.BytesIO(response.content)).tables)
        self.authenticate("sop_kasubag_b", "sop_kasubag_b")
        self.assertNotEqual(self.url_open(url).status_code, 200)

    def test_large_agency_breaks_cleanly(self):
        """No row cut by a page break, the header on every page of a table, no heading alone
        at a page's foot; timed beside Odoo's own report of as many table rows."""
        report = large_agency(self.env)
        report.action_prefill_narrative()
        start = time.perf_counter()
        pdf = self._pdf(report)
        lkjip_time = time.perf_counter() - start
        pages = [normalize(p) for p in self._pages(pdf)]
        rows = report._get_capaian_rows()
        self.assertEqual(len(rows), 45)
        self.assertTrue(any(r["capaian"] == "\u2212" for r in rows))
        texts = [self._row_text(row) for row in rows]
        for text in texts:
            self.assertEqual(sum(p.count(text) for p in pages), 2, f"{text} is cut")
        for budget in report.budget_ids:
            money = [
                f"Rp {amount:,.0f}".replace(",", ".") for amount in (budget.budget, budget.spent)
            ]
            text = f"{budget.name} {money[0]} {money[1]}"
            self.assertEqual(sum(p.count(text) for p in pages), 1, f"{text} is cut")
        headings = re.compile(r"(Sasaran Strategis \d+: Sasaran Besar \d|[AB]\. [A-Z ]+)$")
        for number, page in enumerate(pages, start=1):
            if any(text in page for text in texts):
                self.assertIn("Indikator Kinerja", page, f"page {number} repeats its header")
            if "Layanan Besar" in page and "Rp" in page:
                self.assertRegex(page, "Program (Pagu|Anggaran)", f"page {number}'s header")
            body = page.rsplit(" ", 1)[0]  # the page number aside
            self.assertFalse(headings.search(body), f"page {number} ends on a heading")
        self._time_beside_odoo(report, lkjip_time)

    def _time_beside_odoo(self, report, lkjip_time):
        """Log the LKjIP's times beside Odoo's own QWeb PDF of as many table rows (the
        technical reference of a module of as many fields) and a bare python-docx loop of the
        same cells."""
        table_rows = 2 * 45 + 2 * 45 + 3 * 25 + 3 + 9
        counts = self.env["ir.model.data"]._read_group(
            [("model", "=", "ir.model.fields")], ["module"], ["__count"]
        )
        name, fields_count = min(counts, key=lambda c: abs(c[1] - table_rows))
        module = self.env["ir.module.module"].search([("name", "=", name)])
        start = time.perf_counter()
        self._render_pdf("base.ir_module_reference_print", module)
        odoo_time = time.perf_counter() - start
        start = time.perf_counter()
        document = self._docx(report)
        docx_time = time.perf_counter() - start
        tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
        start = time.perf_counter()
        bare_docx(tables)
        bare_time = time.perf_counter() - start
        _logger.info(
            "LKjIP PDF %.2f s vs Odoo's module reference of %s fields %.2f s (%.2fx); "
            ".docx %.2f s vs bare python-docx %.2f s (%.2fx)",
            lkjip_time, fields_count, odoo_time, lkjip_time / odoo_time,
            docx_time, bare_time, docx_time / bare_time,
        )  # fmt: skip
