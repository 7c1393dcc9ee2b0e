import base64

from odoo import api, models

from ..tools import format_date_id
from .sop_flowchart import (
    Flowchart,
    header_lines,
    row_height,
    section_pages,
    title_lines,
    wrap_words,
)

# Landscape paper (width, height) and the margin of the printed SOP form, in mm.
PAPER_SIZES = {"f4": (330.0, 215.0), "a4": (297.0, 210.0)}
MARGIN = 8.0
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
    each SOP's identity page and flowchart pages (drawn by ``sop_flowchart``), its QR code
    and its dates as printed."""

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

    # Long on purpose: widths, rows and pages measure against one another (row heights use the
    # widths, pages the header's height); the drawing itself is in sop_flowchart.py.
    def _get_layout(self, document):
        """Widths (mm) of the flowchart table of ``document`` and its pages, for its
        agency's paper.

        Also how the identity page's list sections are laid out (``sections``), the
        flowchart title lines and the actor headings broken at word boundaries.
        """
        document.ensure_one()
        width, height = PAPER_SIZES[document.company_id.sop_paper]
        content = width - 2 * MARGIN - 6.0  # a little slack for borders
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
        index = {role: i for i, column in enumerate(columns) for role in column.role_ids}
        rows = []
        for step in document.step_ids:
            edges = [(nxt.id, "") for nxt in step._get_next_steps()]
            if step.symbol == "decision":
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
        header_size, headers = header_lines(columns.mapped("name"), actor - 1.4)
        header = max(HEADER_ROW, max(map(len, headers), default=1) * HEADER_LINE)
        title = title_lines(document.name, document.company_id.name)
        title_rows = sum(len(wrap_words(line, content, 9 * 0.3528, bold=True)) for line in title)
        top = MARGIN + title_rows * TITLE_LINE + TITLE_GAP + HEADER_ROW + header + 2 * HEADER_FRAME
        body = height - MARGIN - FOOTER_HEIGHT - SAFETY - top
        chart = Flowchart(rows, actor, count, body)
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
                line["svg"] = chart.svg_slice(page["number"], line["top"], line["height"])
            pages.append(
                {
                    "lines": lines,
                    "height": page["height"],
                    "per_unit": any(shape["per_unit"] for shape in page["shapes"]),
                }
            )
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

    def _get_sections(self, document, content, height):
        """The six list sections of the identity page, split over pages when too long."""

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
        usable = height - 2 * MARGIN - SAFETY
        size, pages = section_pages(grid, content / 2, usable - head, usable - CONTINUATION_HEAD)
        return {"size": size, "pages": pages}
