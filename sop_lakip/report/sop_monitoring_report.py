import math

from odoo import api, models

from ..tools import format_date_id
from .sop_text_metrics import PT, split_text, text_lines

# The printed form is in Indonesian whatever languages the database has.
METHODS_ID = {
    "observation": "Observasi atasan",
    "interview_performers": "Wawancara dengan pelaksana",
    "interview_customers": "Wawancara dengan pengguna layanan",
    "discussion": "Rapat dan diskusi kelompok kerja",
    "guidance": "Bimbingan saat pelaksanaan",
}


# Debian's wkhtmltopdf neither keeps a table row whole on a page nor repeats a table's header:
# the signed forms lay their tables out over pages here, each page its own table under the
# header. Heights in mm, measured on its PDFs (see the letter style): a line is 1.3 ems; a
# cell adds its padding and ruling; the room of a page is what its table body may fill.
LINE_PITCH = 1.3
CELL_FRAME = 3.6
PAGE_SAFETY = 6.0
HEADER_HEIGHT = 44.0  # the monitoring table's header
MONITORING_HEAD = 60.0  # letterhead (its logo 26 mm high), title and period above the table


def _part_height(cells, texts):
    """Height (mm) of a table row (or a part of it) holding ``texts`` in ``cells``."""
    return CELL_FRAME + max(
        sum(
            gap + text_lines(texts[key], width, size * PT) * size * PT * LINE_PITCH
            for key, size, gap in blocks
            if texts.get(key)
        )
        for width, blocks in cells
    )


def _split_part(cells, texts, budget):
    """``texts`` cut into what fills ``budget`` mm of a row and the rest (None when all fits);
    in a cell of several texts, those after the cut one go on whole."""
    head, rest = {}, {}
    for width, blocks in cells:
        room, cut = budget, False
        for key, size, gap in blocks:
            text = texts.get(key) or ""
            pitch = size * PT * LINE_PITCH
            need = gap + text_lines(text, width, size * PT) * pitch if text else 0.0
            if not cut and need <= room:
                head[key], rest[key], room = text, "", room - need
                continue
            fits = 0 if cut else math.floor((room - gap) / pitch)
            head[key], rest[key] = (
                split_text(text, width, size * PT, fits) if fits >= 1 else ("", text)
            )
            cut = True
    return head, (rest if any(rest.values()) else None)


def table_pages(cells, rows, first_room, next_room):
    """The rows of a printed table laid out over pages, no row cut by a page break.

    :param cells: the text cells of a row, each ``(width mm, [(key, font size pt, gap mm)])``
    :param rows: each ``(record, {key: text})``
    :param first_room: the height (mm) the rows may fill on the first page
    :param next_room: the same on the following pages
    :return: pages, each a list of ``{"record", "index", "texts", "continued"}``; a row
        taller than a page goes on over the next one, its text cut between two words.
    """
    pages, room = [[]], first_room
    for index, (record, texts) in enumerate(rows):
        part = {"record": record, "index": index, "texts": texts, "continued": False}
        while part:
            height = _part_height(cells, part["texts"])
            if height <= room:
                pages[-1].append(part)
                room -= height
                break
            if height <= next_room or room < 3 * CELL_FRAME:
                if pages[-1]:
                    pages.append([])
                    room = next_room
                    continue
            head, rest = _split_part(cells, part["texts"], room - CELL_FRAME)
            pages[-1].append({**part, "texts": head})
            pages.append([])
            room = next_room
            part = rest and {**part, "texts": rest, "continued": True}
    return [page for page in pages if page] or [[]]


class ReportSopMonitoring(models.AbstractModel):
    """The values of the printed monitoring form (Tabel 7, Monitoring Pelaksanaan SOP AP)."""

    _name = "report.sop_lakip.report_sop_monitoring"
    _description = "Printed SOP Monitoring"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = self._signed_form_values("sop.monitoring", docids, "assessor_id")
        return {
            **values,
            "methods": METHODS_ID,
            "pages": {doc.id: self._table_pages(doc) for doc in values["docs"]},
        }

    @api.model
    def _table_pages(self, doc):
        """The monitoring table of ``doc`` over pages (see ``table_pages``); landscape paper,
        the letterhead and period above the table on the first page."""
        report = self.env["ir.actions.report"]._get_report("sop_lakip.report_sop_monitoring")
        width, height = report._get_printable_size(doc.company_id)
        cells = [
            (53.0, [("name", 11, 0.0), ("number", 9, 0.0)]),
            (width - 202.0, [("note", 11, 0.0), ("facts", 8, 1.0)]),
            (53.0, [("action", 11, 0.0)]),
        ]
        rows = [
            (
                line,
                {
                    "name": line.document_id.name,
                    "number": line.document_id.number or "",
                    "note": line.note or "",
                    "facts": line._facts_text(),
                    "action": line.action_needed or "",
                },
            )
            for line in doc.line_ids
        ]
        page = height - PAGE_SAFETY - HEADER_HEIGHT
        return table_pages(cells, rows, page - MONITORING_HEAD, page)

    @api.model
    def _signed_form_values(self, model, docids, signer):
        """The values of a signed form (monitoring, evaluation): its ``model`` records, each
        with the signature block of the user in its field ``signer``."""
        # official forms print in Indonesian, whoever prints them
        docs = self.env[model].with_context(lang=self._print_lang()).browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": model,
            "docs": docs,
            "signatures": {doc.id: self._signature(doc[signer], doc.company_id) for doc in docs},
            "format_date": format_date_id,
        }

    @api.model
    def _print_lang(self):
        """Indonesian when the database has it, for the texts the form takes from the code."""
        return "id_ID" if "id_ID" in dict(self.env["res.lang"].get_installed()) else self.env.lang

    @api.model
    def _signature(self, user, company):
        """(place, jabatan, name, pangkat, NIP) of ``user``'s signature block in ``company``."""
        employee = user.sudo().with_company(company).employee_id
        block = employee._get_signature_block() if employee else {}
        return (
            company._get_letter_place() or "",
            block.get("job_title") or "",
            block.get("name") or user.name or "",
            block.get("rank") or "",
            block.get("nip") or "",
        )
