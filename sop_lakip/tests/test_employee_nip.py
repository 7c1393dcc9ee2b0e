from lxml import etree
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import SopCommon


@tagged("post_install", "-at_install")
class TestEmployeeNip(SopCommon):
    def _employee(self, nip, **vals):
        return self.env["hr.employee"].create(
            {"name": "Pegawai", "company_id": self.company.id, "nip": nip, **vals}
        )

    def test_seed_nips_are_valid_and_printed_grouped(self):
        """The NIPs of the seed SOPs are accepted and printed grouped."""
        for nip, printed in (
            ("19660930 199702 2 002", "19660930 199702 2 002"),
            ("197701022006041004", "19770102 200604 1 004"),
            ("19661002199001 1 002", "19661002 199001 1 002"),
            ("19771213 200701 2 017", "19771213 200701 2 017"),
        ):
            with self.subTest(nip=nip):
                employee = self._employee(nip, company_id=self.company_b.id)
                self.assertEqual(employee.nip, printed.replace(" ", ""))
                self.assertEqual(employee.nip_display, printed)
                employee.unlink()

    def test_bad_nips_say_which_part_is_wrong(self):
        """Each part of a bad NIP gets its own message."""
        for nip, reason in (
            ("1966093019970220", "exactly 18 digits"),
            ("19660930199702200A", "exactly 18 digits"),
            ("19660230 199702 2 002", "digits 1-8 (19660230) are not a birth date"),
            ("19660930 199713 2 002", "digits 9-14 (199713) are not a TMT CPNS"),
            ("19660930 198001 2 002", "before the 18th birthday"),
            ("19660930 199702 3 002", "digit 15 (3) must be 1 (male) or 2 (female)"),
            ("19660930 199702 2 000", "serial number"),
        ):
            with self.subTest(nip=nip), self.assertRaises(ValidationError) as caught:
                self._employee(nip)
            self.assertIn(reason, str(caught.exception))

    def test_nip_unique_per_agency(self):
        """The same NIP cannot be used twice in one agency."""
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._employee("19660930 199702 2 002")

    def test_rank_display(self):
        """PNS print pangkat (golongan); PPPK print their golongan."""
        self.assertEqual(self.emp_head.rank_display, "Pembina Utama Muda (IV/c)")
        pppk = self._employee(False, asn_type="pppk", pppk_grade="IX")
        self.assertEqual(pppk.rank_display, "Golongan IX")

    def test_employee_form_shows_civil_servant_fields_under_the_managers(self):
        """The ASN fields follow the manager and coach on the employee form, and can be filled."""
        arch = self.env["hr.employee"].get_views([(False, "form")])["views"]["form"]["arch"]
        group = etree.fromstring(arch).xpath("//field[@name='parent_id']/..")[0]
        names = [node.get("name") for node in group.iter("field")]
        self.assertEqual(
            names[names.index("parent_id") :],
            ["parent_id", "coach_id", "asn_type", "nip", "pns_grade", "pppk_grade"],
        )
        with Form(self.env["hr.employee"].with_company(self.company_b)) as form:
            form.name = "Pegawai Form"
            form.nip = "19771213 200701 2 017"
        self.assertEqual(form.record.nip_display, "19771213 200701 2 017")
