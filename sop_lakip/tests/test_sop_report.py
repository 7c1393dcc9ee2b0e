import subprocess
import tempfile

from PIL import Image

from odoo import Command
from odoo.tests import tagged

from ..tools import format_date_id
from .report_common import REPORT, SopReportCommon, normalize
from .test_sop_instance_seeds import SEED_SOPS


@tagged("post_install", "-at_install")
class TestSopReport(SopReportCommon):
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
                    format_date_id(sop.date_created, padded=True),
                    format_date_id(sop.date_effective, padded=True),
                    format_date_id(sop.date_approved, padded=True),
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
                chart = self._layout(sop)["chart"]
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
        layout = self._layout(sop)
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
        pages = sum(1 + len(self._layout(sop)["chart"].pages) for sop in sops)
        pdf = self._pdf(sops)
        self.assertEqual(self._pages(pdf), pages)
        self._assert_printed(pdf, sops.mapped("number") + sops.step_ids.mapped("name"))

    def test_paper_follows_the_company(self):
        """F4 landscape by default, A4 landscape when the agency chooses it."""
        info = self._pdftotext(self._pdf(self.sop), "-f", "1", "-l", "1", "-bbox")
        self.assertIn('width="936.000000" height="612.000000"', info)  # 330 x 215.9 mm
        self.company.sop_paper = "a4"
        info = self._pdftotext(self._pdf(self.sop), "-f", "1", "-l", "1", "-bbox")
        self.assertIn('width="842.000000" height="595.000000"', info)

    def test_letterhead_as_on_the_letters(self):
        """The SOP form's letterhead gives the agency's address, telephone and e-mail as its
        letters, monitoring and evaluation forms do."""
        self.company.write(
            {"street": "Jl. Ahmad Yani No. 7", "city": "Paringin", "zip": "71662",
             "phone": "(0526) 209 1234", "email": "dinas@balangankab.go.id"}
        )  # fmt: skip
        contact = "Telp. (0526) 209 1234 \u2013 Email: dinas@balangankab.go.id"
        evaluation = self.env["sop.evaluation"].create(
            {"document_id": self.sop.id, "company_id": self.company.id}
        )
        for report, record in (
            (REPORT, self.sop),
            ("sop_lakip.report_sop_evaluation", evaluation),
        ):
            with self.subTest(report=report):
                text = normalize(self._pdftotext(self._render_pdf(report, record)))
                self.assertIn("Jl. Ahmad Yani No. 7, Paringin 71662", text)
                self.assertIn(contact, text)

    def test_paper_follows_the_printed_agency(self):
        """A session in agency B prints agency A's SOP on A's paper, not on B's."""
        env = self._two_agency_env()
        self.assertEqual(env.company, self.company_b)
        self.company_b.sop_paper = "a4"
        info = self._pdftotext(self._pdf(self.sop, env), "-f", "1", "-l", "1", "-bbox")
        self.assertIn('width="936.000000" height="612.000000"', info)  # A: F4
        self.company.sop_paper = "a4"
        self.company_b.sop_paper = "f4"
        info = self._pdftotext(self._pdf(self.sop, env), "-f", "1", "-l", "1", "-bbox")
        self.assertIn('width="842.000000" height="595.000000"', info)  # A: A4

    def test_qr_code_points_to_the_verification_page(self):
        """The form embeds the QR image of the SOP's public verification link."""
        url = self.sop._get_verify_url()
        self.assertTrue(url.endswith(f"/sop/verify/{self.sop.access_token}"))
        qr = self.env["report.sop_lakip.report_sop"]._get_qr(self.sop)
        self.assertTrue(qr.startswith("data:image/png;base64,"))
        images = self._poppler("pdfimages", self._pdf(self.sop), "-list", "-f", "1", "-l", "1")
        self.assertGreaterEqual(len(images.strip().splitlines()), 3, "QR image on page 1")
