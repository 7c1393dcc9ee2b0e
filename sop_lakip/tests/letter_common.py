"""An agency's kind of letter and a draft cover letter, as the letter tests use them."""

from odoo import Command
from odoo.tests import Form

from .common import SopCommon
from .report_common import normalize

REPORT = "sop_lakip.action_report_sop_letter"
BOALEMO = "{classification}/{serial}/{unit}/{month_roman}/{year}"


class SopLetterCommon(SopCommon):
    """A Surat Pengantar kind of the first agency numbered as in Boalemo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kind = cls.env["sop.letter.kind"].create(
            {
                "name": "Surat Pengantar",
                "code": "SP",
                "company_id": cls.company.id,
                "classification_code": "050",
                "unit_code": "DSPMD",
                "pattern": BOALEMO,
            }
        )

    def _letter(self, kind=None, **vals):
        """A draft cover letter of the first agency, written by its Kasubag."""
        return (
            self.env["sop.letter"]
            .with_user(self.user_kasubag)
            .create(
                {
                    "name": "Pengiriman LAKIP",
                    "company_id": self.company.id,
                    "kind_id": (kind or self.kind).id,
                    "place": "Tilamuta",
                    "recipients": "1. Kepala BAPPEDA Kabupaten Uji\n2. Inspektur Kabupaten Uji"
                    "\ndi -\nTilamuta",
                    "signatory_id": self.emp_head.id,
                    "line_ids": [
                        Command.create(
                            {
                                "name": "Dokumen LAKIP Tahun 2023",
                                "quantity": "2 (dua) eksemplar",
                                "note": "Untuk dipergunakan sebagaimana mestinya",
                            }
                        ),
                        Command.create(
                            {
                                "name": "Perjanjian Kinerja Tahun 2023",
                                "quantity": "1 (satu) berkas",
                                "note": "Lampiran",
                            }
                        ),
                    ],
                    **vals,
                }
            )
        )

    def _start_year(self, year, last_serial, kind=None, user=None):
        """Start ``year`` after ``last_serial`` through the kind's Start a Year form."""
        kind = (kind or self.kind).with_user(user or self.user_kasubag)
        action = kind.action_start_year()
        form = Form(kind.env[action["res_model"]].with_context(**action["context"]))
        form.year = year
        form.last_serial = last_serial
        form.save().action_confirm()

    def _serials(self, kind=None):
        """(year, last serial given) of every year of the kind."""
        ranges = (kind or self.kind).serial_range_ids
        return sorted((r.date_from.year, r.number_next - 1) for r in ranges)

    def _kind(self, pattern, **vals):
        return self.env["sop.letter.kind"].create(
            {"name": f"Kind {pattern}", "company_id": self.company.id, "pattern": pattern, **vals}
        )

    def _pdf(self, letters, env=None):
        return self._render_pdf(REPORT, letters, env)

    def _text(self, pdf):
        # -raw keeps the diagonal watermark, which the default layout mode drops.
        return normalize(self._poppler("pdftotext", pdf, "-raw"))
