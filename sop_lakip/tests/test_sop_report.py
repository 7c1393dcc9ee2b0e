import re
import subprocess
import tempfile
from collections import defaultdict

import lxml.html
from PIL import Image

from odoo import Command
from odoo.tests import tagged

from .common import SopCommon
from .test_sop_instance_seeds import SEED_SOPS

REPORT = "sop_lakip.action_report_sop"


def normalize(text):
    """One line of text, as words; a hyphen broken across lines is joined again."""
    return re.sub(r"-\s+", "-", " ".join((text or "").split()))


@tagged("post_install", "-at_install")
class TestSopReport(SopCommon):
    def _pdf(self, sop):
        with self._pdf_rendering():
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(REPORT, sop.ids)
            )
        self.assertEqual(kind, "pdf")
        return pdf

    def _pdftotext(self, pdf, *args):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            return subprocess.run(
                ["pdftotext", *args, file.name, "-"], capture_output=True, text=True, check=True
            ).stdout

    def _printed(self, pdf):
        """The text of the PDF, whole and column by column.

        A table cell wraps its text over several lines that pdftotext may interleave
        with the neighbouring cells; stacking the lines that start (or are centred) at
        the same x gives each column's text back in reading order.
        """
        html = self._pdftotext(pdf, "-bbox-layout")
        stacks = defaultdict(list)
        for page_number, page in enumerate(lxml.html.fromstring(html.encode()).iter("page")):
            for line in page.iter("line"):
                x_min, x_max = float(line.get("xmin")), float(line.get("xmax"))
                y = float(line.get("ymin"))
                text = " ".join(word.text or "" for word in line.iter("word"))
                for key in (("left", round(x_min)), ("centre", round((x_min + x_max) / 2))):
                    stacks[key].append((page_number, y, text))
        columns = [
            normalize(" ".join(t for _p, _y, t in sorted(lines))) for lines in stacks.values()
        ]
        return normalize(self._pdftotext(pdf)), columns

    def _assert_printed(self, pdf, expected):
        text, columns = self._printed(pdf)
        missing = [
            value
            for value in expected
            if value
            and normalize(value) not in text
            and not any(normalize(value) in column for column in columns)
        ]
        self.assertFalse(missing, f"not printed: {missing}")
        return text

    def _pages(self, pdf):
        return self._pdftotext(pdf).count("\f")

    def test_every_seed_sop_prints_every_field_and_step(self):
        """The printed form of each seed SOP carries its identity, sections, steps and Mutu Baku."""
        for xmlid in SEED_SOPS:
            sop = self.env.ref(xmlid)
            with self.subTest(sop=sop.name):
                pdf = self._pdf(sop)
                expected = [
                    sop.number,
                    sop.name.upper(),
                    sop.company_id.name.upper(),
                    sop._format_date_id(sop.date_created),
                    sop._format_date_id(sop.date_effective),
                    sop._format_date_id(sop.date_approved),
                    sop.approver_name,
                    f"NIP. {sop.approver_nip}",
                    sop.approver_rank,
                    "NOMOR SOP",
                    "DISAHKAN OLEH",
                    "DASAR HUKUM",
                    "KUALIFIKASI PELAKSANA",
                    "KETERKAITAN",
                    "PERALATAN/PERLENGKAPAN",
                    "PERINGATAN",
                    "PENCATATAN DAN PENDATAAN",
                    "KEGIATAN",
                    "MUTU BAKU",
                    "KELENGKAPAN",
                    "OUTPUT",
                ]
                expected += [normalize(line.name) for line in sop.line_ids]
                expected += [normalize(column.name) for column in sop.column_ids]
                for step in sop.step_ids:
                    expected += [normalize(step.name), step._duration_print()]
                    expected += [
                        normalize(v) for v in (step.requirement, step.output, step.note) if v
                    ]
                text = self._assert_printed(pdf, expected)
                self.assertNotIn("DRAFT", text)

    def test_flowchart_geometry_of_every_seed(self):
        """One symbol per step, of its kind, in its actor's column; one arrow per transition."""
        for xmlid in SEED_SOPS:
            sop = self.env.ref(xmlid)
            with self.subTest(sop=sop.name):
                chart = sop._get_report_layout()["chart"]
                shapes = [shape for page in chart.pages for shape in page["shapes"]]
                self.assertEqual([s["step"] for s in shapes], sop.step_ids.ids)
                columns = {r: i for i, c in enumerate(sop.column_ids) for r in c.role_ids}
                kinds = {"start": "terminator", "end": "terminator"}
                for shape, step in zip(shapes, sop.step_ids, strict=True):
                    self.assertEqual(shape["kind"], kinds.get(step.symbol, step.symbol))
                    self.assertEqual(shape["column"], columns[step.role_id])
                    self.assertAlmostEqual(shape["cx"], (shape["column"] + 0.5) * chart.cw)
                arrows = [arrow for page in chart.pages for arrow in page["arrows"]]
                for step in sop.step_ids:
                    for target in step._get_next_steps():
                        out = [a for a in arrows if a["from"] == step.id]
                        into = [a for a in arrows if a["to"] == target.id]
                        self.assertTrue(out and into, f"no arrow {step.number} -> {target.number}")
                transitions = sum(len(step._get_next_steps()) for step in sop.step_ids)
                off_page = sum(1 for a in arrows if a["from"] is None)
                self.assertEqual(len(arrows), transitions + off_page)
                labels = [lab["text"] for page in chart.pages for lab in page["labels"]]
                decisions = sop.step_ids.filtered(lambda s: s.symbol == "decision")
                self.assertEqual(sorted(labels), sorted(["Ya", "Tidak"] * len(decisions)))
                self._assert_connectors_match(chart)

    def _assert_connectors_match(self, chart):
        """Every connector label appears on exactly two pages' drawings, or twice on one."""
        labels = [c["label"] for page in chart.pages for c in page["connectors"]]
        for label in set(labels):
            self.assertEqual(labels.count(label), 2, f"connector {label} is not a pair")
        for before, after in zip(chart.pages, chart.pages[1:], strict=False):
            rows_before = {row["id"] for row in before["rows"]}
            first = after["rows"][0]
            flows_on = any(
                target == first["id"]
                for row in chart.rows
                if row["id"] in rows_before
                for target, _label in row["edges"]
            )
            if flows_on:
                out = {c["label"] for c in before["connectors"] if c["down"]}
                into = {c["label"] for c in after["connectors"] if c["down"]}
                self.assertTrue(out & into, "the page break has no matching connectors")

    def test_long_sop_paginates_with_header_and_connectors(self):
        """A 40-step SOP spans several pages, each with the table header and connectors."""
        roles = (self.role_head, self.role_secretary, self.role_kasubag, self.role_staff)
        sop = self._create_sop(number="LONG/40")
        sop.step_ids[3].symbol = "process"
        sop.write(
            {
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 10 + i,
                            "name": f"Langkah panjang nomor {i} yang dikerjakan secara cermat",
                            "role_id": roles[i % 4].id,
                            "symbol": "end" if i == 36 else "process",
                            "duration": 1,
                            "duration_unit": "hour",
                            "requirement": "Berkas kerja",
                            "output": "Hasil kerja",
                        }
                    )
                    for i in range(1, 37)
                ]
            }
        )
        self.assertEqual(len(sop.step_ids), 40)
        self.assertEqual(sop._get_flow_errors(), [])
        layout = sop._get_report_layout()
        chart = layout["chart"]
        self.assertGreaterEqual(len(chart.pages), 3)
        self._assert_connectors_match(chart)
        pdf = self._pdf(sop)
        self.assertEqual(self._pages(pdf), 1 + len(chart.pages), "one sheet per laid-out page")
        pages = self._pdftotext(pdf).split("\f")
        for number, page in enumerate(pages[1 : 1 + len(chart.pages)], start=1):
            with self.subTest(page=number):
                self.assertIn("KEGIATAN", page)
                self.assertIn("MUTU BAKU", page)
                self.assertIn(f"Prosedur halaman {number} dari {len(chart.pages)}", normalize(page))
        self._assert_printed(pdf, sop.step_ids.mapped("name"))

    def _reddish_pixels(self, pdf):
        """Pixels of each page tinted red, the colour of the DRAFT watermark."""
        with tempfile.TemporaryDirectory() as folder:
            path = f"{folder}/form.pdf"
            with open(path, "wb") as file:
                file.write(pdf)
            subprocess.run(["pdftoppm", "-r", "30", "-png", path, f"{folder}/page"], check=True)
            counts = []
            for number in range(1, self._pages(pdf) + 1):
                with Image.open(f"{folder}/page-{number}.png") as image:
                    pixels = image.convert("RGB").getdata()
                    counts.append(
                        sum(1 for r, g, b in pixels if r >= 245 and r - g >= 15 and abs(g - b) < 12)
                    )
            return counts

    def test_draft_watermark_only_before_approval(self):
        """A draft shows the red DRAFT watermark on every page; the approved SOP does not."""
        pdf = self._pdf(self.sop)
        counts = self._reddish_pixels(pdf)
        self.assertTrue(all(count > 1000 for count in counts), counts)
        self._approve(self.sop)
        self.assertEqual(set(self._reddish_pixels(self._pdf(self.sop))), {0})

    def test_several_sops_print_together(self):
        """Printing several SOPs at once gives each its own pages, in one PDF."""
        sops = self.env.ref(SEED_SOPS[0]) | self.env.ref(SEED_SOPS[1])
        pages = sum(1 + len(sop._get_report_layout()["chart"].pages) for sop in sops)
        pdf = self._pdf(sops)
        self.assertEqual(self._pages(pdf), pages)
        self._assert_printed(pdf, sops.mapped("number") + sops.step_ids.mapped("name"))

    def test_paper_follows_the_company(self):
        """F4 landscape by default, A4 landscape when the agency chooses it."""
        self.env = self.env(context=dict(self.env.context, allowed_company_ids=self.company.ids))
        info = self._pdftotext(self._pdf(self.sop), "-f", "1", "-l", "1", "-bbox")
        self.assertIn('width="936.000000" height="612.000000"', info)  # 330 x 215.9 mm
        self.company.sop_paper = "a4"
        info = self._pdftotext(self._pdf(self.sop), "-f", "1", "-l", "1", "-bbox")
        self.assertIn('width="842.000000" height="595.000000"', info)

    def test_qr_code_points_to_the_verification_page(self):
        """The form embeds the QR image of the SOP's public verification link."""
        url = self.sop._get_verify_url()
        self.assertTrue(url.endswith(f"/sop/verify/{self.sop.access_token}"))
        self.assertTrue(self.sop._get_report_qr().startswith("data:image/png;base64,"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(self._pdf(self.sop))
            file.flush()
            images = subprocess.run(
                ["pdfimages", "-list", "-f", "1", "-l", "1", file.name],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        self.assertGreaterEqual(len(images.strip().splitlines()), 3, "QR image on page 1")
