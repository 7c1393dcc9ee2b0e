import base64
from pathlib import Path

from lxml import etree

from odoo import api, models

from odoo.addons.base.models.report_paperformat import PAPER_SIZES as ODOO_PAPER_SIZES

from ..models.ir_actions_report import PAPERFORMATS
from ..tools import format_date_id
from .sop_flowchart import Flowchart
from .sop_flowchart_svg import FlowchartSvg
from .sop_identity_pages import section_pages
from .sop_text_metrics import header_lines, row_height, title_lines, wrap_words


def _paper_sizes():
    """``{sop_paper: (width, height)}`` (mm) of the landscape paper of the SOP form, read
    from the ``report.paperformat`` records that ``sop_report.xml`` defines, as Odoo's
    ``print_page_width``/``print_page_height`` compute them: for code without a database."""
    tree = etree.parse(Path(__file__).with_name("sop_report.xml"))
    sizes = {}
    for paper, xmlid in PAPERFORMATS.items():
        record = tree.find(f".//record[@id='{xmlid.partition('.')[2]}']")
        values = {field.get("name"): field.text for field in record.iter("field")}
        if values["format"] == "custom":
            size = (float(values["page_width"]), float(values["page_height"]))
        else:
            size = next(
                (s["width"], s["height"]) for s in ODOO_PAPER_SIZES if s["key"] == values["format"]
            )
        sizes[paper] = size[::-1] if values["orientation"] == "Landscape" else size
    return sizes


PAPER_SIZES = _paper_sizes()
# Heights (mm) measured on the PDFs of Debian's wkhtmltopdf 0.12.6: a title line, the first
# header row (7 mm plus padding and border), the padding and border of the second one,
# a heading line at 7.5pt, the page number under the table, and what is kept free.
TITLE_LINE = 4.0
TITLE_GAP = 1.5
HEADER_ROW = 7.0
HEADER_FRAME = 1.3
HEADER_LINE = 3.4
FOOTER_HEIGHT = 4.5
SAFETY = 3.0
# The identity page: the letterhead and identity table end about 72 mm below the top
# margin (one-line Nama SOP), each more line of the name adds one; a continuation
# page starts its lists under a one-row header.
IDENTITY_HEAD = 75.0
IDENTITY_NAME_LINE = 4.0
CONTINUATION_HEAD = 14.0


class ReportSop(models.AbstractModel):
    """The values of the printed SOP form (template ``sop_lakip.report_sop``): the layout of
    each SOP's identity page (``sop_identity_pages``) and flowchart pages (laid out by
    ``sop_flowchart``, drawn by ``sop_flowchart_svg``), on the paper the agency's
    ``report.paperformat`` gives, its QR code and its dates as printed."""

    _name = "report.sop_lakip.report_sop"
    _description = "SOP Form"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["sop.document"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "sop.document",
            "docs": docs,
            "layouts": {doc.id: self._get_layout(doc) for doc in docs},
            "qrs": {doc.id: self._get_qr(doc) for doc in docs},
            # Before the pengesahan, the block names the agency's present head.
            "signatories": {
                doc.id: doc.company_id.sop_head_id._get_signature_block()
                if doc.company_id.sop_head_id
                else {}
                for doc in docs
            },
            "format_date": lambda date: format_date_id(date, padded=True),
        }

    def _get_qr(self, document):
        """The verification QR code of ``document``, as a data URI."""
        png = self.env["ir.actions.report"].barcode(
            "QR", document._get_verify_url(), width=240, height=240, quiet=False
        )
        return "data:image/png;base64," + base64.b64encode(png).decode()

    def _get_layout(self, document):
        """Widths (mm) of the flowchart table of ``document`` and its pages, for its
        agency's paper.

        Also how the identity page's list sections are laid out (``sections``), the
        flowchart title lines and the actor headings broken at word boundaries.
        """
        document.ensure_one()
        paper = self._get_paperformat(document)
        width, height = paper.print_page_width, paper.print_page_height
        content = width - paper.margin_left - paper.margin_right - 6.0  # slack for borders
        columns = document.column_ids
        count = max(len(columns), 1)
        number, activity, time = 8.0, 62.0, 14.0
        rest = content - number - activity - time
        # Mutu Baku and Keterangan keep 100 mm, 88 mm when seven actors or more need room
        actor = max(13.0, min(26.0, (rest - (100.0 if count < 7 else 88.0)) / count))
        free = rest - actor * count
        widths = {
            "number": number,
            "activity": activity,
            "actor": actor,
            "actors": actor * count,
            "requirement": free * 0.35,
            "time": time,
            "output": free * 0.35,
            "note": free * 0.30,
        }
        rows = self._get_rows(document, widths)
        header_size, headers = header_lines(columns.mapped("name"), actor - 1.4)
        header = max(HEADER_ROW, max(map(len, headers), default=1) * HEADER_LINE)
        title = title_lines(document.name, document.company_id.name)
        title_rows = sum(len(wrap_words(line, content, 9 * 0.3528, bold=True)) for line in title)
        top = (
            paper.margin_top
            + title_rows * TITLE_LINE
            + TITLE_GAP
            + HEADER_ROW
            + header
            + 2 * HEADER_FRAME
        )
        body = height - paper.margin_bottom - FOOTER_HEIGHT - SAFETY - top
        chart = Flowchart(rows, actor, count, body)
        pages = self._get_pages(document, chart)
        return {
            "widths": widths,
            "pages": pages,
            "chart": chart,
            "width": content,
            "title": title,
            "header_size": header_size,
            "headers": headers,
            "header_height": header,
            "sections": self._get_sections(document, content, height),
        }

    def _get_rows(self, document, widths):
        """The flowchart rows of ``document``'s steps (see ``Flowchart``), each as high as
        its text needs in the table's ``widths``."""
        index = {
            role: i for i, column in enumerate(document.column_ids) for role in column.role_ids
        }
        rows = []
        for step in document.step_ids:
            edges = [(nxt.id, "") for nxt in step._get_next_steps()]
            if step._symbol().branches:
                edges = [
                    (t.id, label)
                    for t, label in ((step.yes_step_id, "Ya"), (step.no_step_id, "Tidak"))
                    if t
                ]
            rows.append(
                {
                    "id": step.id,
                    "number": step.number,
                    "column": index.get(step.role_id, 0),
                    "symbol": step.symbol,
                    "per_unit": step.per_unit,
                    "edges": edges,
                    "height": row_height(
                        [
                            (step.name, widths["activity"] - 2),
                            (step.requirement, widths["requirement"] - 2),
                            (step.output, widths["output"] - 2),
                            (step.note, widths["note"] - 2),
                            (step._duration_print(), widths["time"] - 2),
                        ]
                    ),
                }
            )
        return rows

    def _get_pages(self, document, chart):
        """The printed flowchart pages: each table line (a step, or an off-page connector's
        row) with its step and its slice of the drawing."""
        drawing = FlowchartSvg(chart)
        steps = {step.id: step for step in document.step_ids}
        pages = []
        for page in chart.pages:
            lines = []
            if page["top_connector"]:
                lines.append({"step": False, "top": 0.0, "height": 10.0})
            lines += [
                {"step": steps[row["id"]], "top": row["top"], "height": row["height"]}
                for row in page["rows"]
            ]
            if page["bottom_connector"]:
                lines.append({"step": False, "top": page["height"] - 10.0, "height": 10.0})
            for line in lines:
                line["svg"] = drawing.svg_slice(page["number"], line["top"], line["height"])
            pages.append(
                {
                    "lines": lines,
                    "height": page["height"],
                    "per_unit": any(shape["per_unit"] for shape in page["shapes"]),
                }
            )
        return pages

    def _get_paperformat(self, document):
        """The ``report.paperformat`` the SOP form of ``document`` prints on: its agency's
        (sizes and margins in mm; ``print_page_width`` is the landscape width)."""
        report = self.env["ir.actions.report"]._get_report("sop_lakip.report_sop")
        return report.with_company(document.company_id).get_paperformat()

    def _get_sections(self, document, content, height):
        """The six list sections of the identity page, split over pages when too long.

        :param content: the width (mm) of the form's table
        :param height: the height (mm) of the paper, margins included
        """

        def texts(lines):
            return [
                line.name
                + (
                    f" ({line.related_document_id.number})"
                    if line.related_document_id.number
                    else ""
                )
                for line in lines
            ]

        grid = [
            (("DASAR HUKUM", texts(document.legal_basis_line_ids)),
             ("KUALIFIKASI PELAKSANA", texts(document.qualification_line_ids))),
            (("KETERKAITAN", texts(document.related_line_ids)),
             ("PERALATAN/PERLENGKAPAN", texts(document.equipment_line_ids))),
            (("PERINGATAN", texts(document.warning_line_ids)),
             ("PENCATATAN DAN PENDATAAN", texts(document.record_line_ids))),
        ]  # fmt: skip
        name_lines = len(
            wrap_words(document.name.upper(), content * 0.58 - 42.0, 8.5 * 0.3528, True)
        )
        head = IDENTITY_HEAD + IDENTITY_NAME_LINE * (max(name_lines, 1) - 1)
        paper = self._get_paperformat(document)
        usable = height - paper.margin_top - paper.margin_bottom - SAFETY
        size, pages = section_pages(grid, content / 2, usable - head, usable - CONTINUATION_HEAD)
        return {"size": size, "pages": pages}
