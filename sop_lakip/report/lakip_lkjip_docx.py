import base64
import io

import docx
import lxml.html
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.run import Run

from odoo import api, models

from .lakip_lkjip_layout import capaian_cells, capaian_headers
from .lakip_lkjip_report import TOC_HEADINGS

INLINE = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline"}
LISTS = {"ul": "ListBullet", "ol": "ListNumber"}  # style ids


class LakipLkjipDocx(models.AbstractModel):
    """The LKjIP as an editable Word file: the printed document's values
    (``report.sop_lakip.report_lakip_lkjip``) laid out with python-docx."""

    _name = "report.sop_lakip.lkjip_docx"
    _description = "LKjIP Word Export"

    @api.model
    def _build(self, report):
        """The .docx file of ``report`` (bytes)."""
        printed = self.env["report.sop_lakip.report_lakip_lkjip"]
        lang = self.env["report.sop_lakip.report_sop_monitoring"]._print_lang()
        report = report.with_context(lang=lang)
        v = printed._lkjip_values(report, pages={})
        document = docx.Document()
        self._page_setup(document, report.company_id)
        self._cover(document, report.company_id, v)
        self._chapters(document, v)
        stream = io.BytesIO()
        document.save(stream)
        return stream.getvalue()

    @api.model
    def _page_setup(self, document, company):
        section = document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        # the paper the PDF prints on: the agency's letter paperformat
        report = self.env["ir.actions.report"]._get_report("sop_lakip.report_lakip_lkjip")
        paper = report.with_company(company).get_paperformat()
        section.page_width = Mm(paper.print_page_width)
        section.page_height = Mm(paper.print_page_height)
        section.left_margin, section.right_margin = Mm(20), Mm(15)
        section.top_margin, section.bottom_margin = Mm(15), Mm(15)
        style = document.styles["Normal"]
        style.font.name, style.font.size = "Arial", Pt(11)
        section.different_first_page_header_footer = True  # no number on the cover
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        paragraph._p.append(field)

    @api.model
    def _cover(self, document, company, v):
        """The letterhead, the title, the logo and the agency."""
        for text, size in ((v["government"].upper(), 14), (v["agency"].upper(), 13)):
            self._centered(document, text, size, bold=True)
        address = ", ".join(p for p in (company.street, company.city, company.zip) if p)
        if address:
            self._centered(document, address, 10)
        for text in ("LAPORAN KINERJA INSTANSI PEMERINTAH", "(LKjIP)", f"TAHUN {v['year']}"):
            self._centered(document, text, 18, bold=True)
        if not company.uses_default_logo and company.logo:
            document.add_picture(io.BytesIO(base64.b64decode(company.logo)), width=Mm(45))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text in (v["agency"].upper(), v["government"].upper(), str(v["year"] + 1)):
            self._centered(document, text, 15, bold=True)
        if v["draft"]:
            self._centered(document, "DRAFT", 20, bold=True)
        document.add_page_break()
        self._heading(document, "DAFTAR ISI", 1)
        for _key, title, _line in TOC_HEADINGS:
            document.add_paragraph(title)

    @api.model
    def _centered(self, document, text, size, bold=False):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.font.size, run.bold = Pt(size), bold
        return paragraph

    @api.model
    def _chapters(self, document, v):
        text = v["narrative"]
        self._chapter(document, "IKHTISAR EKSEKUTIF")
        self._html(document, text["lkjip_summary"])
        summary, total = v["summary"], v["budget_total"]
        self._add_table(
            document,
            ["Jumlah Indikator", "Tercapai", "Rata-rata Capaian", "Pagu Anggaran",
             "Realisasi Anggaran", "Penyerapan"],
            [[str(summary[0]), str(summary[1]), summary[2], *total]],
        )  # fmt: skip
        self._chapter(document, "BAB I", "PENDAHULUAN")
        self._html(document, text["lkjip_introduction"])
        self._chapter(document, "BAB II", "PERENCANAAN KINERJA")
        self._html(document, text["lkjip_planning"])
        if v["pk"]:
            self._heading(document, f"Perjanjian Kinerja Tahun {v['year']}", 3)
            self._pk_tables(document, v["pk"])
        else:
            document.add_paragraph(f"Perjanjian Kinerja Tahun {v['year']} belum ditandatangani.")
        self._chapter(document, "BAB III", "AKUNTABILITAS KINERJA")
        self._heading(document, "A. CAPAIAN KINERJA ORGANISASI", 2)
        self._html(document, text["lkjip_achievement"])
        headers = capaian_headers(v["years"], False)
        for index, (objective, rows) in enumerate(v["objectives"], start=1):
            self._heading(document, f"Sasaran Strategis {index}: {objective or '-'}", 3)
            self._add_table(document, headers, [capaian_cells(n, r) for n, r in enumerate(rows, 1)])
        self._heading(document, "Analisis Capaian Kinerja", 3)
        self._html(document, text["lkjip_analysis"])
        self._heading(document, "B. REALISASI ANGGARAN", 2)
        self._add_table(
            document,
            ["No", "Program", "Pagu", "Realisasi", "%"],
            [[f"{n}.", *budget] for n, budget in enumerate(v["budgets"], 1)]
            + [["", "Jumlah", *v["budget_total"]]],
        )
        self._heading(document, "Efisiensi Penggunaan Sumber Daya", 3)
        self._add_table(
            document,
            ["No", "Sasaran Strategis", "Capaian Kinerja", "Penyerapan Anggaran", "Selisih",
             "Keterangan"],
            [[f"{n}.", *item] for n, item in enumerate(v["efficiency"], 1)],
        )  # fmt: skip
        self._html(document, text["lkjip_budget"])
        self._chapter(document, "BAB IV", "PENUTUP")
        self._html(document, text["lkjip_closing"])
        self._chapter(document, "LAMPIRAN")
        for index, (key, title) in enumerate(v["attachments"], start=1):
            self._heading(document, f"Lampiran {index}. {title}", 2)
            getattr(self, f"_attachment_{key}", self._attachment_other)(document, v, key)

    @api.model
    def _chapter(self, document, *lines):
        document.add_page_break()
        for line in lines:
            self._heading(document, line, 1).alignment = WD_ALIGN_PARAGRAPH.CENTER

    @api.model
    def _attachment_pk(self, document, v, key):
        if v["pk"]:
            self._pk_tables(document, v["pk"])
        else:
            document.add_paragraph(f"Perjanjian Kinerja Tahun {v['year']} belum ditandatangani.")

    @api.model
    def _attachment_capaian(self, document, v, key):
        rows = []
        for index, (objective, group) in enumerate(v["objectives"], start=1):
            rows.append([f"{index}.", objective or "-"] + [""] * 11)
            rows += [capaian_cells(n, r, v["status"]) for n, r in enumerate(group, 1)]
        self._add_table(document, capaian_headers(v["years"], True), rows, size=8)

    @api.model
    def _attachment_reviu(self, document, v, key):
        """The Pernyataan Telah Direviu, as printed (report/lakip_reviu_report.xml)."""
        if not v.get("reviu"):
            document.add_paragraph(f"Laporan Kinerja Tahun {v['year']} belum selesai direviu.")
            return
        r = v["reviu"][1]
        self._heading(document, "PERNYATAAN TELAH DIREVIU", 3).alignment = WD_ALIGN_PARAGRAPH.CENTER
        title = document.add_paragraph("\n".join(r["subtitle"]))
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text in r["paragraphs"]:
            document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        place = f"{r['place']}, " if r["place"] else ""
        lines = [f"{place}{r['date'] or '.' * 25}", f"{r['job_title'] or 'Inspektur'},",
                 "", "", r["name"] or "." * 30, r["rank"], f"NIP. {r['nip']}"]  # fmt: skip
        sign = document.add_paragraph("\n".join(line for line in lines if line is not None))
        sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    @api.model
    def _attachment_other(self, document, v, key):
        """An attachment another part adds: it defines ``_attachment_<key>``."""

    @api.model
    def _pk_tables(self, document, pk):
        rows = []
        for index, (objective, group) in enumerate(pk["objectives"], start=1):
            rows.append([f"{index}.", objective or "-", ""])
            rows += [["", row["indicator"], row["target"]] for row in group]
        self._add_table(document, ["No", "Sasaran Strategis / Indikator Kinerja", "Target"], rows)
        self._add_table(
            document,
            ["No", "Program", "Anggaran", "Keterangan"],
            [[f"{n}.", *program] for n, program in enumerate(pk["programs"], 1)]
            + [["", "Jumlah", pk["total"], ""]],
        )

    @api.model
    def _add_table(self, document, headers, rows, size=9):
        """A bordered table whose header row repeats on every page; its font size is its
        style's (one style per size), not each cell's. Its rows are made at once and its
        cells written on the XML: python-docx's ``add_row`` and ``cell.text`` are the
        slow part of a large LKjIP (README, Benchmarks)."""
        table = document.add_table(rows=len(rows) + 1, cols=len(headers))
        table._tbl.tblStyle_val = self._table_style(document, size).style_id
        header, *lines = table._tbl.tr_lst
        header.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for tc, title in zip(header.tc_lst, headers, strict=True):
            run = tc.p_lst[0].add_r()
            run.text = title
            Run(run, table).bold = True
        for tr, values in zip(lines, rows, strict=True):
            for tc, value in zip(tr.tc_lst, values, strict=True):
                if value:
                    tc.p_lst[0].add_r().text = value
        self._paragraph(document)
        return table

    @api.model
    def _paragraph(self, document, text="", style_id=None):
        """A paragraph of the style ``style_id`` (``Heading1``, ``ListBullet``): set by its
        id, as python-docx's look-up of a style by name costs milliseconds each time."""
        paragraph = document.add_paragraph(text)
        if style_id:
            paragraph._p.style = style_id
        return paragraph

    @api.model
    def _heading(self, document, text, level):
        return self._paragraph(document, text, f"Heading{level}")

    @api.model
    def _table_style(self, document, size):
        name = f"LKjIP Tabel {size}"
        styles = document.styles
        if name not in [style.name for style in styles]:
            style = styles.add_style(name, WD_STYLE_TYPE.TABLE)
            style.base_style = styles["Table Grid"]
            style.font.size = Pt(size)
        return styles[name]

    @api.model
    def _html(self, document, html):
        """The narrative's paragraphs, headings and lists, with bold, italic, underline."""
        if not html:
            return
        root = lxml.html.fragment_fromstring(str(html), create_parent="div")
        self._blocks(document, root)

    @api.model
    def _blocks(self, document, node):
        if (node.text or "").strip():
            self._inline(document.add_paragraph(), node, {}, children=False)
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag in LISTS:
                for item in child.iterchildren("li"):
                    self._inline(self._paragraph(document, style_id=LISTS[child.tag]), item, {})
            elif child.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self._heading(document, child.text_content().strip(), 4)
            elif child.tag in ("div", "section", "blockquote"):
                self._blocks(document, child)
            else:
                self._inline(document.add_paragraph(), child, {})
            if (child.tail or "").strip():
                document.add_paragraph(child.tail.strip())

    @api.model
    def _inline(self, paragraph, node, style, children=True):
        if node.text:
            self._add_run(paragraph, node.text, style)
        if not children:
            return
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    paragraph.add_run().add_break()
                else:
                    inner = {**style, INLINE[child.tag]: True} if child.tag in INLINE else style
                    self._inline(paragraph, child, inner)
            if child.tail:
                self._add_run(paragraph, child.tail, style)

    @api.model
    def _add_run(self, paragraph, text, style):
        run = paragraph.add_run(text)
        for attribute in style:
            setattr(run, attribute, True)
