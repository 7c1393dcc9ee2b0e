from lxml import etree
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..compat import ODOO_19, SEX_FIELD
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
            ("1966093019970220", "exactly 18 digits (it has 16)"),
            ("19660930199702200A", "only contain digits, but it contains 'A'"),
            ("19660930 1997O2 2 OO2", "only contain digits, but it contains 'O'"),
            ("19660230 199702 2 002", "digits 1-8 (19660230) are not a birth date"),
            ("18900930 191002 2 002", "birth year 1890 (digits 1-4) is not plausible"),
            ("19660930 199713 2 002", "digits 9-14 (199713) are not a TMT CPNS"),
            ("19660930 198001 2 002", "before the 18th birthday"),
            ("19660930 209902 2 002", "the TMT CPNS 209902 (digits 9-14) is in the future"),
            ("19660930 199702 3 002", "digit 15 (3) must be 1 (male) or 2 (female)"),
            ("19660930 199702 2 000", "serial number"),
        ):
            with self.subTest(nip=nip), self.assertRaises(ValidationError) as caught:
                self._employee(nip)
            self.assertIn(reason, str(caught.exception))
            self.assertIn("The NIP", str(caught.exception))

    def test_every_wrong_part_is_listed(self):
        """A NIP wrong in several parts names each of them in one message."""
        with self.assertRaises(ValidationError) as caught:
            self._employee("18900930 209913 3 000")
        message = str(caught.exception)
        for reason in ("birth year 1890", "209913", "digit 15 (3)", "000"):
            self.assertIn(reason, message)
        # one sentence: the reasons joined by semicolons, one full stop at its end
        self.assertNotIn(".;", message)
        self.assertIn("YYYYMM; digit 15 (3) must be 1 (male) or 2 (female); the serial", message)
        self.assertTrue(message.endswith("cannot be 000."), message)

    def test_gender_digit_matches_the_employee(self):
        """Digit 15 must match the employee's gender when it is recorded."""
        self._employee(
            "19660930 199702 2 002", **{SEX_FIELD: "female"}, company_id=self.company_b.id
        )
        self._employee("19700101 199603 1 001", **{SEX_FIELD: "other"})
        with self.assertRaisesRegex(ValidationError, r"digit 15 \(2\) says female, but the "
                                    r"employee's gender is male"):  # fmt: skip
            self._employee("19700101 199603 2 001", **{SEX_FIELD: "male"})
        employee = self._employee("19700101 199603 1 002", **{SEX_FIELD: "male"})
        with self.assertRaisesRegex(
            ValidationError, "says male, but the employee's gender is female"
        ):
            employee[SEX_FIELD] = "female"

    def test_pppk_number_is_not_read_as_a_tmt(self):
        """An NI PPPK has the year of appointment then 21 where a PNS has the TMT month."""
        pppk = self._employee("19910315 202321 2 004", asn_type="pppk", **{SEX_FIELD: "female"})
        self.assertEqual(pppk.nip_display, "19910315 202321 2 004")
        # Without an ASN status, the 21 marks an NI PPPK as well.
        self._employee("19910315 202321 1 005")
        for nip, vals, reason in (
            ("19910315 200521 2 006", {"asn_type": "pppk"}, "appointment 2005 (digits 9-12) is "
             "before the 18th birthday"),
            ("19910315 209921 2 006", {"asn_type": "pppk"}, "appointment 2099 (digits 9-12) is "
             "in the future"),
            ("19910315 202303 2 006", {"asn_type": "pppk"}, "digits 13-14 (03) of an NI PPPK "
             "must be 21"),
            ("19910315 202321 1 006", {"asn_type": "pppk", SEX_FIELD: "female"}, "says male"),
            ("19910315 202321 2 006", {"asn_type": "pns"}, "digits 13-14 are 21, the code of "
             "an NI PPPK"),
        ):  # fmt: skip
            with self.subTest(nip=nip), self.assertRaises(ValidationError) as caught:
                self._employee(nip, **vals)
            self.assertIn(reason, str(caught.exception))
        with self.assertRaisesRegex(ValidationError, "The NI PPPK 19910315200521"):
            self._employee("19910315 200521 2 007", asn_type="pppk")

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
        managers = ["parent_id"] if ODOO_19 else ["parent_id", "coach_id"]  # no coach there
        self.assertEqual(
            names[names.index("parent_id") :],
            [*managers, "asn_type", "nip", "pns_grade", "pppk_grade"],
        )
        with Form(self.env["hr.employee"].with_company(self.company_b)) as form:
            form.name = "Pegawai Form"
            form.nip = "19771213 200701 2 017"
        self.assertEqual(form.record.nip_display, "19771213 200701 2 017")
