"""Each demo SOP and the hard cases print as the reviewed images in tests/golden."""

import os
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter, ImageStat

from odoo.tests import tagged

from .report_common import HardCasesCommon
from .test_sop_instance_seeds import SEED_SOPS

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_DPI = 40
# A page matches its reviewed image when, after a 1-pixel blur that evens out font
# antialiasing, the mean difference is at most 1.5 grey levels of 255 and at most 0.4 %
# of the pixels differ by more than 64 levels: a row, a symbol or a line of text that
# moves by a millimetre changes well over 1 % of a 40 dpi page.
GOLDEN_MEAN = 1.5
GOLDEN_SHARE = 0.004


def golden_difference(actual, reviewed):
    """Mean grey-level difference and share of clearly different pixels, after a blur."""
    blur = ImageFilter.GaussianBlur(1)
    diff = ImageChops.difference(
        actual.convert("L").filter(blur), reviewed.convert("L").filter(blur)
    )
    share = sum(diff.histogram()[65:]) / (diff.width * diff.height)
    return ImageStat.Stat(diff).mean[0], share


@tagged("post_install", "-at_install")
class TestSopReportGolden(HardCasesCommon):
    """The printed pages against the reviewed images, and the tolerance of that check."""

    def test_golden_images(self):
        """Each demo SOP and the hard cases print as the reviewed images in tests/golden.

        Regenerate after a deliberate layout change with SOP_UPDATE_GOLDEN=1, then look at
        every changed image before committing it.
        """
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "http://sop.example")
        cases = [(xmlid.split(".")[1], self.env.ref(xmlid)) for xmlid in SEED_SOPS]
        for record in self.env["ir.model.data"].search(
            [("module", "=", "sop_lakip"), ("model", "=", "sop.document")]
        ):
            if f"sop_lakip.{record.name}" not in SEED_SOPS:
                cases.append((record.name, self.env["sop.document"].browse(record.res_id)))
        cases += [("hard_eight_columns", self.sop_eight), ("hard_long", self.sop_long)]
        update = os.environ.get("SOP_UPDATE_GOLDEN") == "1"
        for name, sop in cases:
            # the QR code prints the secret link: a fixed one, even on an approved SOP
            self.env.cr.execute(
                "UPDATE sop_document SET access_token = %s WHERE id = %s",
                [f"golden-{name}", sop.id],
            )
            sop.invalidate_recordset(["access_token"])
            with self.subTest(sop=name):
                self._assert_golden(name, self._pdf(sop), update)

    def test_golden_tolerance(self):
        """Antialiasing noise passes the golden check; a row moved by a millimetre fails."""
        with Image.open(GOLDEN / "hard_eight_columns-2.png") as reviewed:
            reviewed = reviewed.convert("L")
        noisy = Image.eval(reviewed, lambda v: min(255, v + 12) if 60 < v < 200 else v)
        mean, share = golden_difference(noisy, reviewed)
        self.assertTrue(mean <= GOLDEN_MEAN and share <= GOLDEN_SHARE, (mean, share))
        moved = Image.new("L", reviewed.size, 255)
        top = reviewed.height // 3
        moved.paste(reviewed, (0, 0))
        moved.paste(reviewed.crop((0, top, reviewed.width, reviewed.height)), (0, top + 2))
        mean, share = golden_difference(moved, reviewed)
        self.assertTrue(mean > GOLDEN_MEAN or share > GOLDEN_SHARE, (mean, share))

    def _assert_golden(self, name, pdf, update):
        with tempfile.TemporaryDirectory() as folder:
            path = f"{folder}/form.pdf"
            Path(path).write_bytes(pdf)
            subprocess.run(
                ["pdftoppm", "-r", str(GOLDEN_DPI), "-gray", "-png", path, f"{folder}/page"],
                check=True,
            )
            pages = sorted(Path(folder).glob("page-*.png"))
            expected = sorted(GOLDEN.glob(f"{name}-*.png"))
            if update:
                # the PDF too, to review the new images at a readable resolution
                Path(tempfile.gettempdir(), f"sop-golden-{name}.pdf").write_bytes(pdf)
                GOLDEN.mkdir(exist_ok=True)
                for old in expected:
                    old.unlink()
                for number, page in enumerate(pages, start=1):
                    with Image.open(page) as image:
                        image.convert("L").save(GOLDEN / f"{name}-{number}.png", optimize=True)
                return
            self.assertEqual(len(pages), len(expected), f"{name}: number of pages")
            for page, golden in zip(pages, expected, strict=True):
                with Image.open(page) as actual, Image.open(golden) as reviewed:
                    self.assertEqual(actual.size, reviewed.size, golden.name)
                    mean, share = golden_difference(actual, reviewed)
                    if mean > GOLDEN_MEAN or share > GOLDEN_SHARE:
                        kept = Path(tempfile.gettempdir()) / f"sop-golden-{golden.name}"
                        actual.save(kept)
                        self.fail(
                            f"{golden.name} differs (mean {mean:.2f}, {share:.2%} of pixels); "
                            f"printed page kept in {kept}"
                        )
