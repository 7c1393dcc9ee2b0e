from odoo import api, fields, models

# Pangkat/golongan of civil servants (PNS), in order of seniority.
PNS_GRADES = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK_GRADES = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip


class SopCivilServantMixin(models.AbstractModel):
    """Civil-servant identity printed in signature blocks: NIP, pangkat/golongan."""

    _name = "sop.civil.servant.mixin"
    _description = "Civil Servant Identity"

    asn_type = fields.Selection(
        [("pns", "Civil servant (PNS)"), ("pppk", "Contract civil servant (PPPK)")],
        string="ASN Status",
    )
    nip = fields.Char(
        string="NIP",
        size=18,
        copy=False,
        help="Nomor Induk Pegawai: 18 digits = birth date (YYYYMMDD), TMT CPNS "
        "(YYYYMM), gender (1 male, 2 female) and a 3-digit serial. For a PPPK, the NI PPPK: "
        "the same, but with the year of appointment followed by 21 instead of the TMT CPNS. "
        "Spaces are ignored.",
    )
    nip_display = fields.Char(string="NIP (printed)", compute="_compute_nip_display")
    pns_grade = fields.Selection(
        [(code, f"{name} ({code})") for code, name in PNS_GRADES],
        string="Pangkat/Golongan",
    )
    pppk_grade = fields.Selection([(code, code) for code in PPPK_GRADES], string="PPPK Golongan")
    rank_display = fields.Char(
        string="Rank (printed)",
        compute="_compute_rank_display",
        help="Pangkat and golongan as printed in signature blocks, "
        "e.g. 'Pembina Utama Muda (IV/c)'.",
    )

    @api.depends("nip")
    def _compute_nip_display(self):
        for employee in self:
            nip = employee.nip
            employee.nip_display = (
                f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if nip and len(nip) == 18 else nip
            )

    @api.depends("asn_type", "pns_grade", "pppk_grade")
    def _compute_rank_display(self):
        labels = dict(self._fields["pns_grade"]._description_selection(self.env))
        for employee in self:
            if employee.asn_type == "pppk" and employee.pppk_grade:
                employee.rank_display = self.env._("Golongan %s", employee.pppk_grade)
            else:
                employee.rank_display = labels.get(employee.pns_grade, False)
