import base64
import io

import xlsxwriter
from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from ..report.sop_xlsx_layout import FIRST_STEP_ROW
from .common import SopCommon
from .test_sop_instance_seeds import SEED_SOPS

SOP_XLSX = "sop_lakip.action_report_sop_document_xlsx"
TEMPLATE_XLSX = "sop_lakip.action_report_sop_template_xlsx"


def snapshot(document):
    """Everything of an SOP that its Excel file carries, field for field."""
    return {
        "identity": (
            document.name, document.number, document.department_id, document.author_id,
            document.date_created, document.date_revision, document.date_effective,
        ),
        "columns": [(c.name, c.role_ids.mapped("name")) for c in document.column_ids],
        "lines": sorted(
            (line.section, line.name, line.relation_type or False, line.related_document_id)
            for line in document.line_ids
        ),
        "steps": [
            (s.number, s.name, s.role_id.name, s.symbol, s.requirement or False, s.duration,
             s.duration_unit, s.output or False, s.note or False, s.yes_step_id.number,
             s.no_step_id.number, s.per_unit, s.lakip_worksheet_action, s.letter_kind_id)
            for s in document.step_ids
        ],
    }  # fmt: skip


class SopXlsxCommon(SopCommon):
    def _export(self, documents):
        """*Export to Excel* of ``documents`` as their user downloads it."""
        return self._render_xlsx(SOP_XLSX, documents)

    def _template(self, user):
        """The empty template of ``user``'s agency, as he downloads it from the wizard."""
        wizard = self.env["sop.document.import.wizard"].with_user(user)
        action = wizard.action_download_template()
        self.assertEqual(action["report_name"], "sop_lakip.sop_template_xlsx")
        company = self.env["res.company"].browse(action["context"]["active_ids"])
        return self._render_xlsx(TEMPLATE_XLSX, company.with_user(user))

    def _edit(self, data, edits):
        """``data`` with ``edits`` {(sheet, cell): value} applied (None empties a cell)."""
        book = load_workbook(io.BytesIO(data))
        for (sheet, cell), value in edits.items():
            book[sheet][cell] = value
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    def _import(self, data, user=None, create_roles=False, filename="sop.xlsx"):
        """Upload ``data`` through the wizard as ``user`` (the Kasubag) and import it."""
        user = user or self.user_kasubag
        wizard = self.env["sop.document.import.wizard"].with_context(default_filename=filename)
        form = Form(wizard.with_user(user))
        form.file = base64.b64encode(data)
        form.create_roles = create_roles
        action = form.save().action_import()
        return self.env["sop.document"].search(action["domain"])

    def _fill(self, data, cells=None):
        """The template with an SOP of four steps typed in (1, 2, 5 decision, 6)."""
        edits = {
            ("Identitas", "B5"): "Sub Bagian Penyusunan Program",
            ("Identitas", "B6"): "800/16/D-5/03/2024",
            ("Identitas", "B7"): "Penyusunan Rencana Kerja",
            ("Identitas", "A21"): "Dasar Hukum",
            ("Identitas", "B21"): "Permenpan RB Nomor 35 Tahun 2012",
        }
        steps = [
            (1, "Menerima disposisi", "E", "Mulai", 10, "Menit", None, None),
            (2, "Membuat draft Renja", "F", "Proses", 2, "Hari", None, None),
            (5, "Memeriksa draft Renja", "D", "Keputusan", 1, "Jam", 6, 2),
            (6, "Menandatangani Renja", "C", "Selesai", 30, "menit", None, None),
        ]
        for row, (number, name, col, symbol, time, unit, yes, no) in enumerate(steps, 5):
            edits.update({("Langkah", f"A{row}"): number, ("Langkah", f"B{row}"): name,
                          ("Langkah", f"{col}{row}"): symbol, ("Langkah", f"H{row}"): time,
                          ("Langkah", f"I{row}"): unit, ("Langkah", f"L{row}"): yes,
                          ("Langkah", f"M{row}"): no})  # fmt: skip
        edits.update(cells or {})
        return self._edit(data, edits)

    def _assert_refused(self, data, *fragments, user=None, create_roles=False):
        """Importing ``data`` is refused naming every fragment; nothing is written."""
        counts = [self.env[m].search_count([]) for m in ("sop.document", "sop.step", "sop.role")]
        with self.assertRaises(UserError) as caught:
            self._import(data, user=user, create_roles=create_roles)
        message = str(caught.exception)
        self.assertIn("nothing was", message.lower())
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.env.invalidate_all()
        self.assertEqual(
            [self.env[m].search_count([]) for m in ("sop.document", "sop.step", "sop.role")],
            counts,
        )
        return message


class TestSopXlsx(SopXlsxCommon):
    """Export to Excel and Import from Excel of SOPs in the official table layout."""

    def test_round_trip_every_demo_sop(self):
        """Each demo SOP exported and imported back is the same SOP, field for field."""
        admin = self.env.ref("base.user_admin")
        for xmlid in SEED_SOPS:
            sop = self.env.ref(xmlid)
            with self.subTest(sop=xmlid):
                data = self._export(sop)
                before = snapshot(sop)
                # the imported draft takes the number: the original keeps its content
                self.env.cr.execute(
                    "UPDATE sop_document SET number = number || '-asli' WHERE id = %s", [sop.id]
                )
                self.env.invalidate_all()
                Document = self.env["sop.document"].with_user(admin).with_company(sop.company_id)
                imported = Document._import_xlsx(data, "x.xlsx")
                self.assertEqual(imported.state, "draft")
                self.assertEqual(imported.company_id, sop.company_id)
                self.assertEqual(snapshot(imported), before)
                self.assertEqual(imported._get_flow_errors(), [])

    def test_export_lays_out_the_paper_table(self):
        """The Langkah sheet: No | Kegiatan | actors marked with the symbol | Mutu Baku | Ket |
        Ya → | Tidak → | Semua Unit, numbers as printed."""
        sop = self.env.ref("sop_lakip.sop_demo_bangka_tengah_sop_persiapan_lakip")
        book = load_workbook(io.BytesIO(self._export(sop)))
        self.assertEqual(book.sheetnames, ["Identitas", "Langkah"])
        rows = list(book["Langkah"].iter_rows(values_only=True))
        self.assertEqual(
            rows[2],
            ("No", "Kegiatan", "Kepala Dinas", "Sekretaris", "Kasubag Perencanaan",
             "Kasubag & Kasubid", "Kelengkapan", "Waktu", "Satuan", "Output", "Ket", "Ya →",
             "Tidak →", "Semua Unit", "Kertas Kerja LAKIP", "Penomoran Surat"),
        )  # fmt: skip
        steps = rows[FIRST_STEP_ROW - 1 :]
        self.assertEqual([r[0] for r in steps], [1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13])
        self.assertEqual(steps[0][2:9], ("Mulai", None, None, None, "Kepala Dinas tentang LAKIP",
                                         10, "Menit"))  # fmt: skip
        self.assertEqual(steps[8][2], "Keputusan")
        self.assertEqual(steps[8][11:13], (12, 7))
        self.assertEqual(steps[3][13], "Ya")
        identity = {r[0]: r[1] for r in book["Identitas"].iter_rows(values_only=True) if r[0]}
        self.assertEqual(identity["Nomor SOP"], "SOP.017.SEKRE")
        self.assertEqual(identity["Disahkan Oleh (Nama)"], sop.approver_name)

    def test_template_filled_imports_and_submits(self):
        """The Kasubag fills the empty template of his agency; the draft submits."""
        data = self._template(self.user_kasubag)
        book = load_workbook(io.BytesIO(data))
        self.assertEqual(
            [c.value for c in book["Langkah"][4]][2:6],
            ["Kepala Dinas", "Sekretaris", "Kasubag Penyusunan Program", "Staf"],
        )
        data = self._fill(data)
        documents = self._import(data)
        self.assertEqual(len(documents), 1)
        self.assertEqual(
            [(s.number, s.role_id, s.symbol) for s in documents.step_ids],
            [(1, self.role_kasubag, "start"), (2, self.role_staff, "process"),
             (5, self.role_secretary, "decision"), (6, self.role_head, "end")],
        )  # fmt: skip
        self.assertEqual(documents.column_ids.role_ids, self.role_kasubag | self.role_staff
                         | self.role_secretary | self.role_head)  # fmt: skip
        self.assertEqual(documents.step_ids[2].no_step_id.number, 2)
        self.assertIn("Imported from sop.xlsx", documents.message_ids[0].body)
        documents.with_user(self.user_kasubag).action_submit()
        self.assertEqual(documents.state, "submitted")

    def test_approval_rows_are_said_not_imported(self):
        """Tanggal Pengesahan and Disahkan Oleh typed in: the import says it leaves them out."""
        data = self._fill(
            self._template(self.user_kasubag),
            {("Identitas", "B13"): "12/03/2024", ("Identitas", "B15"): "Drs. H. Pensiunan"},
        )
        wizard = self.env["sop.document.import.wizard"].with_context(default_filename="sop.xlsx")
        form = Form(wizard.with_user(self.user_kasubag))
        form.file = base64.b64encode(data)
        action = form.save().action_import()
        self.assertEqual(action.get("tag"), "display_notification", action)
        message = action["params"]["message"]
        self.assertIn(
            "Sheet Identitas: Tanggal Pengesahan, Disahkan Oleh (Nama) not imported", message
        )
        self.assertIn("Signed on Paper", message)
        document = self.env["sop.document"].browse(action["params"]["next"]["res_id"])
        self.assertEqual((document.state, document.date_approved), ("draft", False))
        self.assertFalse(document.paper_approver_name)
        self.assertIn(
            "Tanggal Pengesahan, Disahkan Oleh (Nama) not imported", document.message_ids[0].body
        )

    def test_rows_with_only_a_label_are_skipped(self):
        """Blank rows labelled in column A only (a section, a field, a step number) are skipped."""
        data = self._fill(
            self._template(self.user_kasubag),
            {
                ("Identitas", "A19"): "Catatan",
                ("Identitas", "A22"): "Peringatan",
                ("Identitas", "A23"): "Keterkaitan",
                ("Langkah", "A9"): 7,
                ("Langkah", "A10"): 8,
            },
        )
        document = self._import(data)
        self.assertEqual(document.line_ids.mapped("name"), ["Permenpan RB Nomor 35 Tahun 2012"])
        self.assertEqual(document.step_ids.mapped("number"), [1, 2, 5, 6])

    def test_bad_cells_all_listed_nothing_written(self):
        """Every bad cell is named by sheet and cell, in one message; nothing is written."""
        data = self._fill(
            self._template(self.user_kasubag),
            {
                ("Langkah", "H6"): "dua",  # text in Waktu
                ("Langkah", "I5"): "Detik",  # bad unit
                ("Langkah", "A8"): 2,  # duplicate number
                ("Langkah", "M7"): None,  # decision without Tidak
                ("Langkah", "L7"): 9,  # Ya to a step that does not exist
                ("Langkah", "E6"): "proses",  # two actors marked
                ("Identitas", "B8"): "bukan tanggal",
            },
        )
        message = self._assert_refused(
            data,
            "Sheet Langkah, cell H6: the time (Waktu) must be a number",
            "Sheet Langkah, cell I5: the unit (Satuan) must be Menit, Jam, Hari or Minggu",
            "Sheet Langkah, cell A8: step number 2 is also on row 6",
            "Sheet Langkah, cell M7: a decision needs the step for Tidak",
            "Sheet Langkah, cell L7: there is no step 9 in this SOP",
            "Sheet Langkah, cell F6: mark exactly one actor",
            "Sheet Identitas, cell B8: not a date",
        )
        self.assertIn("Fix these 7 problems", message)

    def test_unknown_actor_listed_or_created(self):
        """An actor that is no role of the agency is listed; ticked, it is created."""
        data = self._fill(self._template(self.user_kasubag), {("Langkah", "F4"): "Bendahara"})
        self._assert_refused(data, "unknown actors (not SOP roles of Dinas Uji A): Bendahara")
        documents = self._import(data, create_roles=True)
        role = documents.step_ids[1].role_id
        self.assertEqual((role.name, role.company_id), ("Bendahara", self.company))
        self.assertEqual((role.holder_type, role.department_id), ("manager", self.dept_program))

    def test_another_agency_roles_never_matched(self):
        """A file naming agency A's roles, imported in agency B, finds none of them."""
        data = self._fill(self._template(self.user_kasubag))
        self._assert_refused(
            data,
            "unknown actors (not SOP roles of Dinas Uji B): Kasubag Penyusunan Program, "
            "Sekretaris, Staf",
            user=self.user_kasubag_b,
        )

    def test_flow_checked_as_submit(self):
        """A file whose flow Submit would refuse is refused the same way, nothing kept."""
        data = self._fill(
            self._template(self.user_kasubag),
            {("Langkah", "D7"): "Proses", ("Langkah", "L7"): None, ("Langkah", "M7"): None},
        )
        data = self._edit(data, {("Langkah", "C8"): None, ("Langkah", "E8"): "Proses"})
        self._assert_refused(data, "Sheet Langkah, cell -: There is no end step")

    def test_wrong_layout_empty_damaged_and_big_files(self):
        """Files that are not the layout are refused as a whole, with the reason."""
        template = self._template(self.user_kasubag)
        self._assert_refused(
            self._edit(template, {("Langkah", "B3"): "Uraian"}),
            "Sheet Langkah, cell A3: the headings of row 3 are not the SOP table",
        )
        self._assert_refused(template, "Sheet Langkah, cell A5: the SOP has no steps")
        book = load_workbook(io.BytesIO(template))
        book.remove(book["Langkah"])
        book.create_sheet("Langkah")
        output = io.BytesIO()
        book.save(output)
        self._assert_refused(output.getvalue(), "Sheet Langkah, cell -: the sheet is empty")
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output)
        workbook.add_worksheet("Sheet1")
        workbook.close()
        self._assert_refused(output.getvalue(), "Sheet Sheet1, cell -: not a sheet of an SOP")
        book = load_workbook(io.BytesIO(template))
        del book["Langkah"]
        output = io.BytesIO()
        book.save(output)
        self._assert_refused(output.getvalue(), "its sheet 'Langkah' is missing")
        self._assert_refused(template[:2000], "not a readable Excel (.xlsx) file")
        self._assert_refused(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "is an old Excel 97-2003 (.xls) file"
        )
        with self.assertRaisesRegex(UserError, r"more than the 2\.00 Mb an imported file may be"):
            self._import(b"PK" + b"0" * (2 * 1024 * 1024))
        self._assert_refused(
            self._fill(template, {("Langkah", "H5"): "=1+1"}),
            "Sheet Langkah, cell H5: a formula",
        )

    def test_reimport_updates_the_draft(self):
        """A file whose number is a draft of the agency replaces that draft's content."""
        data = self._export(self.sop)
        data = self._edit(data, {("Langkah", "B6"): "Membuat draft LAKIP bersama Bidang"})
        documents = self._import(data)
        self.assertEqual(documents, self.sop)
        self.assertEqual(self.sop.step_ids[1].name, "Membuat draft LAKIP bersama Bidang")
        self.assertEqual(len(self.sop.step_ids), 4)
        self.assertEqual(self.sop.step_ids[2].no_step_id, self.sop.step_ids[1])
        self._approve(self.sop)
        self._assert_refused(data, "is already in force or on its way: click Revise")

    def test_export_follows_read_access(self):
        """An auditor exports his agency's SOPs; another agency's user gets a refusal."""
        data = self._export(self.sop.with_user(self.user_auditor))
        self.assertEqual(load_workbook(io.BytesIO(data)).sheetnames, ["Identitas", "Langkah"])
        with self.assertRaises(AccessError):
            self._export(self.sop.with_user(self.user_kasubag_b))
        with self.assertRaises(AccessError):
            self._render_xlsx(TEMPLATE_XLSX, self.company.with_user(self.user_kasubag_b))
        action = self.sop.with_user(self.user_auditor).action_export_xlsx()
        self.assertEqual((action["report_type"], action["context"]["active_ids"]),
                         ("xlsx", self.sop.ids))  # fmt: skip

    def test_only_sop_writers_import(self):
        """Staff and auditors cannot import; the Kasubag can."""
        data = self._fill(self._template(self.user_kasubag))
        for user in (self.user_staff, self.user_auditor):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._import(data, user=user)
        with self.assertRaises(AccessError):
            self.env["sop.document"].with_user(self.user_staff)._import_xlsx(data, "x.xlsx")
        self.assertTrue(self._import(data))

    def test_many_sops_in_one_workbook(self):
        """One workbook, many SOPs: all imported in one action, or none if one is bad."""
        sops = self.sop | self._create_sop(number="460/B/2024")
        data = self._export(sops)
        self.assertEqual(
            load_workbook(io.BytesIO(data)).sheetnames,
            ["Identitas", "Langkah", "Identitas (2)", "Langkah (2)"],
        )
        sops.write({"number": False, "name": "lama"})
        documents = self._import(data)
        self.assertEqual(
            sorted(documents.mapped("number")), ["460/B/2024", "460/DSPMD/SOP/11.a/1/2024"]
        )
        bad = self._edit(data, {("Langkah (2)", "I6"): "Bulan"})
        self._assert_refused(bad, "Sheet Langkah (2), cell I6")


class TestSopXlsxBudget(SopXlsxCommon):
    def test_import_100_sops_budget(self):
        """Importing 100 SOPs costs about what Odoo's own batched create of them costs."""
        sops = self.sop
        for index in range(1, 100):
            sops |= self.sop.copy({"number": f"460/{index}/2024", "name": f"SOP {index}"})
        data = self._export(sops)
        vals_list = [
            {
                "name": sop.name,
                "company_id": self.company.id,
                "department_id": sop.department_id.id,
                "column_ids": [
                    Command.create({"name": c.name, "role_ids": [Command.set(c.role_ids.ids)]})
                    for c in sop.column_ids
                ],
                "line_ids": [
                    Command.create({"section": line.section, "name": line.name})
                    for line in sop.line_ids
                ],
                "step_ids": [
                    Command.create({"name": s.name, "role_id": s.role_id.id, "symbol": s.symbol})
                    for s in sop.step_ids
                ],
            }
            for sop in sops
        ]
        Document = self.env["sop.document"].with_user(self.user_kasubag)
        odoo = self._odoo_queries(lambda _none: Document.create(vals_list))
        data_10 = self._export(sops[:10])
        sops.unlink()
        Document._import_xlsx(data_10, "x.xlsx").unlink()  # warm, as Odoo's is measured
        imported = []
        ours_10 = self._queries(lambda: imported.append(Document._import_xlsx(data_10, "x.xlsx")))
        imported.pop().unlink()
        ours = self._queries(lambda: imported.append(Document._import_xlsx(data, "x.xlsx")))
        self.assertEqual(len(imported[0]), 100)
        self.assertEqual(len(imported[0].step_ids), 400)
        # measured warm: 10 SOPs 21 queries, 100 SOPs (400 steps) 28; Odoo's create of the 100: 23
        self.assertLessEqual(ours, ours_10 + 10, "the queries grow with the SOPs")
        self.assertQueryRatio("import of 100 SOPs", ours, odoo, 1.5)
