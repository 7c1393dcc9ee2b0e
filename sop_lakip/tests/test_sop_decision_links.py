import base64
import io

import xlsxwriter

from odoo import Command
from odoo.tests import Form, tagged

from ..report.sop_xlsx_layout import write_sops
from .test_sop_xlsx import SopXlsxCommon

# (symbol, actor, Ya, Tidak) of each step by its number; typed in the form in the order
# of TYPED, not of the numbers: the flow follows the numbers, never the typing order.
FLOW = {
    1: ("start", "kasubag", 0, 0),
    2: ("process", "staff", 0, 0),
    3: ("decision", "kasubag", 4, 2),
    4: ("decision", "staff", 5, 1),
    5: ("end", "kasubag", 0, 0),
}
TYPED = (1, 5, 3, 2, 4)


def links(document):
    """The flow of ``document``: each step's number, activity and Ya/Tidak step numbers."""
    return [
        (s.number, s.name, s.symbol, s.yes_step_id.number, s.no_step_id.number)
        for s in document.step_ids.sorted("number")
    ]


@tagged("post_install", "-at_install")
class TestSopDecisionLinks(SopXlsxCommon):
    """Every way an SOP comes in gives its decisions' targets as step numbers, resolved by
    the SOP's create/write: the same SOP ends with the same Ya/Tidak links whichever way."""

    def _form_sop(self):
        roles = {"kasubag": self.role_kasubag, "staff": self.role_staff}
        with Form(self.env["sop.document"].with_user(self.user_kasubag)) as form:
            form.name = "Verifikasi Berkas"
            form.number = "800/DL/1/2025"
            form.department_id = self.dept_program
            for role in roles.values():
                with form.column_ids.new() as column:
                    column.role_ids.add(role)
            for number in TYPED:
                symbol, actor, yes, no = FLOW[number]
                with form.step_ids.new() as step:
                    step.number = number
                    step.name = f"Langkah {number}"
                    step.role_id = roles[actor]
                    step.symbol = symbol
                    if symbol == "decision":
                        step.yes_number, step.no_number = yes, no
        return form.record.sudo()

    def test_every_way_in_links_the_same_decisions(self):
        """Form, Duplicate, Revise, re-import and import from Excel, copy to another agency
        and use as a template: the same steps, the same Ya/Tidak targets."""
        sop = self._form_sop()
        expected = [
            (number, f"Langkah {number}", symbol, yes, no)
            for number, (symbol, _actor, yes, no) in sorted(FLOW.items())
        ]
        self.assertEqual(links(sop), expected)
        self.assertEqual(sop._get_flow_errors(), [])
        produced = {"duplicate": sop.with_user(self.user_kasubag).copy()}

        data = self._export(sop)
        self.assertEqual(self._import(data), sop)  # the draft's steps are written again
        self.assertEqual(links(sop), expected)
        self.env.cr.execute("UPDATE sop_document SET number = 'X' WHERE id = %s", [sop.id])
        self.env.invalidate_all()
        produced["Excel import"] = self._import(data)
        sop.write({"number": "800/DL/1/2025-asli"})

        # Steps ordered otherwise than by their numbers (typed over RPC): the numbers rule.
        for step in sop.step_ids.with_user(self.user_kasubag):
            step.sequence = 100 - step.number
        self._approve(sop)
        produced["revision"] = sop.browse(
            sop.with_user(self.user_kasubag).action_revise()["res_id"]
        )
        both = self._new_user("sop_kasubag_links", "sop_lakip.group_sop_kasubag")
        both.write(
            {"company_ids": [Command.set((self.company | self.company_b).ids)],
             "company_id": self.company_b.id}
        )  # fmt: skip
        env_b = self.env(
            user=both, context={"allowed_company_ids": (self.company_b | self.company).ids}
        )
        action = sop.with_env(env_b).action_copy_to_agency()
        produced["copy to agency"] = sop.browse(action["params"]["next"]["res_id"])
        # a template is the SOP's Excel export, as a shipped or a pemda's one is
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output)
        write_sops(workbook, sop._get_xlsx_values())
        workbook.close()
        template = self.env["sop.template"].create(
            {"name": "Verifikasi Berkas", "xlsx_file": base64.b64encode(output.getvalue())}
        )
        action = template.with_user(self.user_kasubag).action_use_template()
        produced["template"] = sop.browse(action["params"]["next"]["res_id"])
        for way, document in produced.items():
            with self.subTest(way=way):
                self.assertNotEqual(document, sop)
                self.assertEqual(links(document), expected)
