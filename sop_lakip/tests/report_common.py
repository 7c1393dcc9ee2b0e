"""Printing SOPs and reading the PDFs back: what the report tests share."""

import re
from collections import defaultdict

import lxml.html

from odoo import Command

from .common import SopCommon

REPORT = "sop_lakip.action_report_sop"
EIGHT_ROLES = (
    "Kepala Dinas",
    "Sekretaris",
    "Bendahara Pengeluaran",
    "Kepala Bidang Pemberdayaan Masyarakat",
    "Kasubag Penyusunan Program",
    "Fungsional Perencana",
    "Kasie/ Kasubid",
    "Staf/ Arsiparis",
)


LEGAL_BASES = [
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah "
    "diubah beberapa kali terakhir dengan Undang-Undang Nomor 9 Tahun 2015",
    "Peraturan Pemerintah Nomor 8 Tahun 2006 tentang Pelaporan Keuangan dan Kinerja "
    "Instansi Pemerintah",
    "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi "
    "Pemerintah",
    "Peraturan Menteri PAN dan RB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan Standar "
    "Operasional Prosedur Administrasi Pemerintahan",
    "Peraturan Menteri PAN dan RB Nomor 53 Tahun 2014 tentang Petunjuk Teknis Perjanjian "
    "Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja",
    "Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017 tentang Tata Cara Perencanaan, "
    "Pengendalian dan Evaluasi Pembangunan Daerah",
    "Peraturan Menteri Dalam Negeri Nomor 83 Tahun 2022 tentang Pedoman Tata Naskah Dinas",
    "Peraturan Daerah Kabupaten Nomor 5 Tahun 2016 tentang Pembentukan dan Susunan "
    "Perangkat Daerah",
    "Peraturan Bupati Nomor 41 Tahun 2021 tentang Kedudukan, Susunan Organisasi, Tugas dan "
    "Fungsi serta Tata Kerja Dinas Sosial",
]


def normalize(text):
    """One line of text, as words; a hyphen broken across lines is joined again."""
    return re.sub(r"-\s+", "-", " ".join((text or "").split()))


class SopReportCommon(SopCommon):
    """Printing SOPs and reading the PDFs back."""

    def _layout(self, sop):
        """The printed layout of ``sop`` (see report/sop_report.py)."""
        return self.env["report.sop_lakip.report_sop"]._get_layout(sop)

    def _pdf(self, sop, env=None):
        return self._render_pdf(REPORT, sop, env)

    def _pdftotext(self, pdf, *args):
        return self._poppler("pdftotext", pdf, *args)

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

    def _assert_connectors_match(self, chart):
        """Every connector label appears on exactly two pages' drawings, or twice on one."""
        labels = [c["label"] for page in chart.pages for c in page["connectors"]]
        for label in set(labels):
            self.assertEqual(labels.count(label), 2, f"connector {label} is not a pair")
        for before, after in zip(chart.pages, chart.pages[1:], strict=False):
            # the flow goes on from the page's last step to the next page's first one
            # (a jump to it has its own pair, beside the steps)
            first = after["rows"][0]
            flows_on = any(target == first["id"] for target, _label in before["rows"][-1]["edges"])
            if flows_on:
                out = {c["label"] for c in before["connectors"] if c["down"]}
                into = {c["label"] for c in after["connectors"] if c["down"]}
                self.assertTrue(out & into, "the page break has no matching connectors")


class HardCasesCommon(SopReportCommon):
    """Real SOPs of an agency the demo data has never seen, and harder ones."""

    @classmethod
    def _roles(cls):
        """The roles of the eight columns, in order (printed under ``EIGHT_ROLES``)."""
        new = {
            name: cls.env["sop.role"].create(
                {"name": name, "holder_type": "head", "company_id": cls.company.id}
            )
            for name in (EIGHT_ROLES[2], EIGHT_ROLES[3], EIGHT_ROLES[5], EIGHT_ROLES[6])
        }
        return [
            cls.role_head,
            cls.role_secretary,
            new[EIGHT_ROLES[2]],
            new[EIGHT_ROLES[3]],
            cls.role_kasubag,
            new[EIGHT_ROLES[5]],
            new[EIGHT_ROLES[6]],
            cls.role_staff,
        ]

    @classmethod
    def _hard_sop(cls, number, roles, steps, lines=(), **vals):
        """An SOP of ``roles`` (one column each) and ``steps``.

        :param steps: tuples ``(column, symbol, name, values)``; a decision's values hold
            ``yes`` and ``no``, the 1-based numbers of its targets.
        """
        sop = cls.env["sop.document"].create(
            {
                "name": vals.pop("name", f"Penyusunan Dokumen {number}"),
                "number": number,
                "company_id": cls.company.id,
                "department_id": cls.dept_program.id,
                "date_created": "2024-03-01",
                "date_effective": "2024-03-15",
                "column_ids": [
                    Command.create(
                        {
                            "sequence": i,
                            "role_ids": [Command.link(role.id)],
                            "name": EIGHT_ROLES[i],
                        }
                    )
                    for i, role in enumerate(roles)
                ],
                "line_ids": [
                    Command.create({"section": section, "name": name}) for section, name in lines
                ],
                "step_ids": [
                    Command.create(
                        {
                            "sequence": index,
                            "name": name,
                            "role_id": roles[column].id,
                            "symbol": symbol,
                            "duration": 1,
                            "duration_unit": "hour",
                            **{k: v for k, v in values.items() if k not in ("yes", "no")},
                        }
                    )
                    for index, (column, symbol, name, values) in enumerate(steps, start=1)
                ],
                **vals,
            }
        )
        by_number = {step.sequence: step for step in sop.step_ids}
        for index, (_column, symbol, _name, values) in enumerate(steps, start=1):
            if symbol == "decision":
                by_number[index].write(
                    {
                        "yes_step_id": by_number[values["yes"]].id,
                        "no_step_id": by_number[values["no"]].id,
                    }
                )
        sop.sudo().access_token = f"golden-{number}"
        return sop

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", "http://sop.example")
        roles = cls._roles()
        two_lines = "1. Laporan Tahunan Dinas Sosial\n2. Draft Surat Pengantar"
        cls.sop_eight = cls._hard_sop(
            "HARD/8",
            roles,
            [
                (4, "start", "Menerima disposisi penyusunan laporan", {}),
                (7, "process", "Menghimpun bahan laporan", {"requirement": two_lines}),
                (3, "process", "Mengisi kertas kerja masing-masing bidang", {"per_unit": True}),
                (5, "process", "Menganalisis capaian kinerja", {"output": "Analisis\nTabel"}),
                (1, "decision", "Memeriksa draft dan memaraf", {"yes": 6, "no": 2}),
                (2, "process", "Menyusun realisasi anggaran", {"note": "Baris satu\nBaris dua"}),
                (6, "process", "Memperbaiki data seksi", {"per_unit": True}),
                (3, "decision", "Memeriksa kertas kerja bidang", {"yes": 9, "no": 4}),
                (7, "process", "Menggandakan draft laporan", {}),
                (4, "process", "Menyempurnakan draft laporan", {}),
                (0, "decision", "Menyetujui laporan", {"yes": 12, "no": 3}),
                (0, "process", "Menandatangani laporan", {}),
                (1, "process", "Memaraf surat pengantar", {}),
                (7, "end", "Mengirim dan mengarsipkan laporan", {}),
            ],
            [("legal_basis", name) for name in LEGAL_BASES]
            + [("equipment", f"Peralatan kantor nomor {i}") for i in range(1, 7)]
            + [("record", "Indikator kinerja, target, realisasi\nPersentase capaian")],
        )
        long_steps = [(2, "start", "Menerima disposisi", {})]
        for number in range(2, 40):
            column = (number * 2) % 5
            if number in (12, 25, 37):
                long_steps.append(
                    (column, "decision", f"Memeriksa hasil tahap {number}", {"yes": number + 1})
                )
                long_steps[-1][3]["no"] = number - 9
            else:
                values = {"per_unit": number in (5, 30), "requirement": "Berkas\nCatatan"}
                long_steps.append((column, "process", f"Mengerjakan tahap {number}", values))
        long_steps.append((0, "end", "Menutup proses", {}))
        cls.sop_long = cls._hard_sop(
            "HARD/40",
            roles[:5],
            long_steps,
            [("legal_basis", f"{LEGAL_BASES[i % 9]} (dasar {i + 1})") for i in range(20)]
            + [("equipment", f"Peralatan kantor nomor {i}") for i in range(1, 7)]
            + [("qualification", "Memahami perencanaan dan penganggaran daerah")] * 4,
            name="Penyusunan LAKIP Dinas Sosial Kabupaten Uji",
        )

    def _page_texts(self, pdf):
        return [normalize(page) for page in self._pdftotext(pdf).split("\f")[:-1]]
