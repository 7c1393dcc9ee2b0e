from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..models.lakip_target import compute_capaian
from .common import LakipCommon


@tagged("post_install", "-at_install")
class TestCapaianRules(LakipCommon):
    def test_worked_examples(self):
        """The examples of DOMAIN.md: 80/72 -> 90 %, 6.5 vs 7 -> 107.14 % or 107.69 %."""
        self.assertEqual(compute_capaian("higher", "rt", 80, 0, 72), (90.0, "not_achieved"))
        self.assertEqual(compute_capaian("lower", "2rt", 7, 0, 6.5), (107.14, "achieved"))
        self.assertEqual(compute_capaian("lower", "2rt", 8, 0, 9), (87.5, "not_achieved"))
        self.assertEqual(compute_capaian("lower", "tr", 7, 0, 6.5), (107.69, "achieved"))

    def test_range(self):
        """Inside the range 100 %; below, R / lower bound; above, the lower-is-better rule."""
        self.assertEqual(compute_capaian("range", "2rt", 10, 12, 11), (100.0, "achieved"))
        self.assertEqual(compute_capaian("range", "2rt", 10, 12, 12), (100.0, "achieved"))
        self.assertEqual(compute_capaian("range", "2rt", 10, 12, 8), (80.0, "not_achieved"))
        self.assertEqual(compute_capaian("range", "2rt", 10, 12, 15), (75.0, "not_achieved"))
        self.assertEqual(compute_capaian("range", "tr", 10, 12, 15), (80.0, "not_achieved"))

    def test_target_zero_and_missing(self):
        """Target 0 or a realisation of 0 under T / R never divides; missing data is '-'."""
        self.assertEqual(compute_capaian("higher", "rt", 0, 0, 0), (100.0, "achieved"))
        self.assertEqual(compute_capaian("higher", "rt", 0, 0, 5), (None, "achieved"))
        self.assertEqual(compute_capaian("lower", "2rt", 0, 0, 0), (100.0, "achieved"))
        self.assertEqual(compute_capaian("lower", "2rt", 0, 0, 3), (None, "not_achieved"))
        self.assertEqual(compute_capaian("lower", "tr", 7, 0, 0), (None, "achieved"))
        self.assertEqual(compute_capaian("range", "2rt", 0, 0, 0), (100.0, "achieved"))
        self.assertEqual(compute_capaian("higher", "rt", 80, 0, None), (None, "no_data"))
        self.assertEqual(compute_capaian("higher", "rt", 80, 0, -1), (None, "no_data"))
        self.assertEqual(compute_capaian("higher", "rt", -5, 0, 3), (None, "no_data"))

    def test_floor_and_cap(self):
        """2 - R / T stops at 0 %; the company's cap limits every method."""
        self.assertEqual(compute_capaian("lower", "2rt", 7, 0, 20), (0.0, "not_achieved"))
        self.assertEqual(compute_capaian("higher", "rt", 50, 0, 90), (180.0, "achieved"))
        self.assertEqual(compute_capaian("higher", "rt", 50, 0, 90, 120), (120.0, "achieved"))
        self.assertEqual(compute_capaian("lower", "tr", 7, 0, 3.5, 120), (120.0, "achieved"))


@tagged("post_install", "-at_install")
class TestCapaianRecords(LakipCommon):
    def _realise(self, target, *values):
        target.realization_ids = [
            Command.create({"quarter": str(q), "value": v})
            for q, v in enumerate(values, start=1)
            if v is not None
        ]

    def test_cumulative_and_final(self):
        """A cumulative indicator sums the quarters; a final-value one takes the last."""
        rehab, poverty = self._target(self.ind_rehab), self._target(self.ind_poverty)
        self._realise(rehab, 20, 20, 20, 12)
        self._realise(poverty, 8.0, 7.5, 6.5, None)
        self.assertEqual(rehab.realisation, 72)
        self.assertEqual((rehab.capaian, rehab.capaian_display), (90.0, "90 %"))
        self.assertEqual(rehab.status, "not_achieved")
        self.assertEqual(poverty.realisation, 6.5, "the last quarter with a value")
        self.assertEqual((poverty.capaian_display, poverty.status), ("107,14 %", "achieved"))

    def test_missing_is_not_zero(self):
        """No realisation shows '-', is no data, and stays out of the report's average."""
        rehab, village = self._target(self.ind_rehab), self._target(self.ind_village)
        self._realise(village, None, None, None, 0)
        self.assertEqual((rehab.realisation_display, rehab.capaian_display), ("\u2212", "\u2212"))
        self.assertEqual(rehab.status, "no_data")
        self.assertFalse(rehab.has_capaian)
        self.assertEqual((village.realisation_display, village.capaian_display), ("0", "0 %"))
        self._realise(rehab, 40, 40, None, None)
        self.assertEqual(
            self.report.average_capaian, "50 %", "(100 + 0) / 2; the '-' rows left out"
        )

    def test_cap_recomputes(self):
        """The LAKIP's cap recomputes its year's capaian; the agency's cap those of years
        without a LAKIP, never those of a year that has one."""
        rehab = self._target(self.ind_rehab)
        self._realise(rehab, 50, 50, 20, None)
        old = self.env["lakip.target"].create(
            {"indicator_id": self.ind_rehab.id, "year": 2023, "target": 80}
        )
        self._realise(old, 120)
        self.assertEqual((rehab.capaian, old.capaian), (150.0, 150.0))
        self.company.lakip_capaian_cap = 120
        self.assertEqual(old.capaian, 120.0, "2023 has no LAKIP: the agency's cap")
        self.assertEqual(rehab.capaian, 150.0, "the LAKIP 2024 keeps the cap it was made with")
        self.report.with_user(self.user_kasubag).capaian_cap = 110
        self.assertEqual(rehab.capaian, 110.0)

    def test_bad_values_refused(self):
        """Negative targets and realisations, and inverted ranges, are refused by name."""
        with self.assertRaisesRegex(ValidationError, "Persentase PMKS tertangani, 2024 TW II"):
            self._realise(self._target(self.ind_rehab), 1, -2)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._target(self.ind_village).target = -1
        with self.assertRaisesRegex(ValidationError, "upper bound of the range is below"):
            self._target(self.ind_bumdes).target_max = 50
        with self.assertRaisesRegex(ValidationError, "use R / T when higher is better"):
            self.ind_rehab.capaian_method = "tr"

    def test_previous_years_and_renstra(self):
        """The capaian table shows the two previous years and the Renstra end target."""
        self.ind_rehab.renstra_target = 90
        old = self.env["lakip.target"].create(
            [
                {"indicator_id": self.ind_rehab.id, "year": 2023, "target": 75},
                {"indicator_id": self.ind_rehab.id, "year": 2022, "target": 70},
            ]
        )
        self._realise(old[0], 17, 20, 20, 20)
        self._realise(self._target(self.ind_rehab), 20, 20, 20, 12)
        row = self.report._get_capaian_rows()[0]
        self.assertEqual(row["indicator"], "Persentase PMKS tertangani")
        self.assertEqual((row["target"], row["realisation"], row["capaian"]), ("80", "72", "90 %"))
        self.assertEqual(row["previous"], [("77", "102,67 %"), ("\u2212", "\u2212")])
        self.assertEqual((row["renstra"], row["renstra_capaian"]), ("90", "80 %"))
        self.assertEqual(row["status"], "not_achieved")
