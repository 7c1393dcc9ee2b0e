"""The new agency of test_outside_new_agency.py, as its administrator and its Kasubag set it
up through RPC: README's *Configuration* step by step, then an SOP by every way in."""

import base64
import datetime
import io

from openpyxl import load_workbook
from outside_client import Client

from odoo.addons.sop_lakip.compat import GROUPS_FIELD, ODOO_19, SEX_FIELD

AGENCY = "Dinas Perhubungan Kabupaten Uji"
TZ = "Asia/Jakarta"
SUB_BAGIAN = "Sub Bagian Umum dan Perencanaan"
KASUBAG_ROLE = "Kasubag Umum dan Perencanaan"
TYPED = "Pelayanan Izin Trayek Angkutan"
IMPORTED = "Pengujian Berkala Kendaraan Bermotor"
PAPER = "Penerbitan Kartu Pengawasan Angkutan"
TEMPLATE_AGENCY = "Dinas Sosial dan Pemberdayaan Masyarakat dan Desa"
# The people of the agency: login, SOP level, name, job title, unit, NIP, pangkat, sex, birthday.
PEOPLE = [
    ("kadis.dishub.uji", "group_sop_head", "Ir. HENDRA WIJAYA, M.T.",
     "Kepala Dinas Perhubungan", None, "19700817 199503 1 002", "IV/c", "male", "1970-08-17"),
    ("sekretaris.dishub.uji", "group_sop_secretary", "SITI RAHMAWATI, S.E., M.M.",
     "Sekretaris Dinas", "Sekretariat", "19750421 200003 2 004", "IV/a", "female", "1975-04-21"),
    ("kasubag.dishub.uji", "group_sop_kasubag", "AGUS SANTOSO, S.AP",
     f"Kepala {SUB_BAGIAN}", SUB_BAGIAN, "19820115 200801 1 003", "III/d", "male", "1982-01-15"),
    ("staf.dishub.uji", "group_sop_staff", "DEWI LESTARI, A.Md",
     "Pengadministrasi Umum", SUB_BAGIAN, "19930609 201903 2 001", "III/a", "female", "1993-06-09"),
    (None, None, "BUDI HARTONO, S.T.", "Kepala Bidang Lalu Lintas dan Angkutan",
     "Bidang Lalu Lintas dan Angkutan", "19781130 200212 1 005", "IV/a", "male", "1978-11-30"),
    (None, None, "RINA MARLINA, S.T., M.T.", "Kepala Bidang Sarana dan Prasarana",
     "Bidang Sarana dan Prasarana", "19800229 200604 2 006", "IV/a", "female", "1980-02-29"),
]  # fmt: skip
AUDITOR = "auditor.dishub.uji"
AUDITOR_NAME = "YUSUF KURNIAWAN, S.E., Ak."  # of the Inspektorat: no employee here
# The smallest scan a Kasubag could attach: a one-page PDF.
SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _commands(values):
    return [[0, 0, vals] for vals in values]


def systray_activities(user, model, res_ids=None):
    """The activities ``user`` finds in his systray on records of ``model``.

    As the web client: the systray's groups (``/mail/data``), then the records the group
    opens (``activity_user_id`` is the user) and his activities on them.
    """
    asked = (
        {"fetch_params": ["systray_get_activities"]} if ODOO_19 else {"systray_get_activities": 1}
    )
    store = user.json_rpc("/mail/data", asked)
    groups = {group["model"]: group for group in store["Store"]["activityGroups"]}
    records = user(model, "search", [("activity_user_id", "=", user.uid)])
    activities = user(
        "mail.activity",
        "search_read",
        [("user_id", "=", user.uid), ("res_model", "=", model), ("res_id", "in", records)],
        fields=["res_id", "activity_type_id", "sop_workitem_id", "note"],
    )
    group = groups.get(model, {})
    listed = sum(group.get(f"{when}_count", 0) for when in ("overdue", "today", "planned"))
    assert listed == len(activities)
    if res_ids is not None:
        activities = [a for a in activities if a["res_id"] in res_ids]
    return activities


def activity_holders(admin, model, res_id):
    """Who has an activity on that record: the users' ids, whoever they are."""
    activities = admin(
        "mail.activity",
        "search_read",
        [("res_model", "=", model), ("res_id", "=", res_id)],
        fields=["user_id"],
    )
    return sorted(a["user_id"][0] for a in activities)


def set_up_agency(odoo_server):
    """README's Configuration for a new agency, step by step in its order; who is who."""
    admin = Client(odoo_server, "admin", "admin")
    # 1. Agencies. The Head of Agency is an employee: he is set once step 2 made him.
    company = admin("res.company", "create", {"name": AGENCY})
    context = {"allowed_company_ids": [company]}

    def as_admin(model, method, *args, **kwargs):
        return admin(model, method, *args, context=context, **kwargs)

    units, employees = _org_chart(as_admin, company)
    users = _users(admin, as_admin, company, employees)
    clients = {login: Client(odoo_server, login) for login in users}
    # 4. Roles: the Kasubag's.
    roles = _roles(clients["kasubag.dishub.uji"], units, employees)
    _printing_units_calendar(admin, as_admin, company, units)
    return {
        "server": odoo_server,
        "admin": admin,
        "company": company,
        "units": units,
        "employees": employees,
        "users": users,
        "roles": roles,
        "kadis": clients["kadis.dishub.uji"],
        "sekretaris": clients["sekretaris.dishub.uji"],
        "kasubag": clients["kasubag.dishub.uji"],
        "staf": clients["staf.dishub.uji"],
        "auditor": clients[AUDITOR],
    }


def _org_chart(as_admin, company):
    """{unit name: department id}, {login (or unit of those without one): employee id}."""
    # 2. Org chart: the Sekretariat, its Sub Bagian and two Bidang, each with its manager;
    # civil servants with their NIP and pangkat.
    units = {}
    for name, parent in (
        ("Sekretariat", None),
        (SUB_BAGIAN, "Sekretariat"),
        ("Bidang Lalu Lintas dan Angkutan", None),
        ("Bidang Sarana dan Prasarana", None),
    ):
        units[name] = as_admin(
            "hr.department",
            "create",
            {"name": name, "parent_id": units.get(parent, False), "company_id": company},
        )
    employees = {}
    for login, _level, name, job, unit, nip, grade, sex, birthday in PEOPLE:
        employees[login or unit] = as_admin(
            "hr.employee",
            "create",
            {
                "name": name,
                "company_id": company,
                "department_id": units.get(unit, False),
                "job_title": job,
                "asn_type": "pns",
                "nip": nip,
                "pns_grade": grade,
                SEX_FIELD: sex,
                "birthday": birthday,
            },
        )
    heads = {"Sekretariat": "sekretaris.dishub.uji", SUB_BAGIAN: "kasubag.dishub.uji"}
    for unit, department in units.items():
        manager = employees[heads.get(unit, unit)]
        as_admin("hr.department", "write", [department], {"manager_id": manager})
    as_admin("res.company", "write", [company], {"sop_head_id": employees["kadis.dishub.uji"]})
    return units, employees


def _users(admin, as_admin, company, employees):
    """{login: user id} of the people with a login and of the auditor."""
    # 3. Access: one level each, in this agency only, without an e-mail address; each
    # civil servant's user is linked to his employee.
    users = {}
    staff = admin.ref("base.group_user")
    for login, level, name, *_rest in [*PEOPLE, (AUDITOR, "group_sop_auditor", AUDITOR_NAME)]:
        if not login:
            continue
        users[login] = as_admin(
            "res.users",
            "create",
            {
                "name": name,
                "login": login,
                "password": login,
                "company_id": company,
                "company_ids": [[6, 0, [company]]],
                GROUPS_FIELD: [[6, 0, [staff, admin.ref(f"sop_lakip.{level}")]]],
                "tz": TZ,
            },
        )
        if login in employees:
            as_admin("hr.employee", "write", [employees[login]], {"user_id": users[login]})
    return users


def _printing_units_calendar(admin, as_admin, company, units):
    """Steps 5 to 7: the letterhead and paper, the per-unit Bidang, the calendar."""
    # 5. Printing: the letterhead's lines, the paper.
    as_admin(
        "res.company",
        "write",
        [company],
        {
            "sop_government_name": "Pemerintah Kabupaten Uji",
            "street": "Jl. Jenderal Sudirman No. 17",
            "city": "Kabupaten Uji",
            "country_id": admin.ref("base.id"),
            "sop_paper": "f4",
        },
    )
    # 6. Units: both Bidang take part in per-unit steps.
    bidang = [units["Bidang Lalu Lintas dan Angkutan"], units["Bidang Sarana dan Prasarana"]]
    as_admin("hr.department", "write", bidang, {"sop_unit": True})
    # 7. Working calendar: ASN office hours in the agency's time zone, a public holiday.
    calendar = as_admin("resource.calendar", "create", _calendar(company))
    year = datetime.date.today().year
    as_admin(
        "resource.calendar.leaves",
        "create",
        {
            "name": "Hari Raya Natal",
            "calendar_id": calendar,
            "company_id": company,
            "date_from": f"{year}-12-24 17:00:00",
            "date_to": f"{year}-12-25 16:59:59",
        },
    )
    as_admin("res.company", "write", [company], {"resource_calendar_id": calendar})


def _roles(kasubag, units, employees):
    """The Kasubag creates the actors of the agency's SOPs: {key: role id}."""
    values = {
        "head": {"name": "Kepala Dinas", "holder_type": "head"},
        "secretary": {
            "name": "Sekretaris",
            "holder_type": "manager",
            "department_id": units["Sekretariat"],
        },
        "kasubag": {
            "name": KASUBAG_ROLE,
            "holder_type": "manager",
            "department_id": units[SUB_BAGIAN],
        },
        "staff": {
            "name": "Staf",
            "holder_type": "employee",
            "employee_id": employees["staf.dishub.uji"],
        },
    }
    ids = kasubag("sop.role", "create", list(values.values()))
    return dict(zip(values, ids, strict=True))


def _calendar(company):
    """Monday-Thursday 07:30-16:00, Friday 07:30-16:30 with the Friday prayer's break."""
    attendances = [
        {
            "name": f"{day} {period}",
            "dayofweek": str(day),
            "hour_from": start,
            "hour_to": end,
            "day_period": period,
        }
        for day in range(5)
        for period, start, end in (
            ("morning", 7.5, 11.5 if day == 4 else 12),
            ("afternoon", 13.5 if day == 4 else 13, 16.5 if day == 4 else 16),
        )
    ]
    return {
        "name": "Jam Kerja ASN Kabupaten Uji",
        "company_id": company,
        "tz": TZ,
        "hours_per_day": 7.5,
        "attendance_ids": [[5, 0, 0], *_commands(attendances)],
    }


def sop_from_template(agency):
    """A shipped template adapted: number, the agency's name, a new role assigned."""
    kasubag = agency["kasubag"]
    template = agency["admin"].ref("sop_lakip.sop_template_penyusunan_lakip")
    action = kasubag("sop.template", "action_use_template", [template])
    assert "Kasubag Penyusunan Program" in action["params"]["message"]
    sop = action["params"]["next"]["res_id"]
    [new_role] = kasubag("sop.role", "search", [("holder_type", "=", "none")])
    kasubag(
        "sop.role",
        "write",
        [new_role],
        {"holder_type": "manager", "department_id": agency["units"][SUB_BAGIAN]},
    )
    # The template still names the agency it comes from in its steps, and a local
    # regulation to adapt: the Kasubag rewrites those lines.
    steps = kasubag("sop.step", "search_read", [("document_id", "=", sop)], fields=["name"])
    lines = kasubag("sop.document.line", "search_read", [("document_id", "=", sop)], ["name"])
    regulation = (
        "Peraturan Bupati Uji Nomor 12 Tahun 2025 tentang Susunan Organisasi dan Tata Kerja "
        "Dinas Perhubungan"
    )
    kasubag(
        "sop.document",
        "write",
        [sop],
        {
            "number": "800/SOP/DISHUB/01",
            "step_ids": [
                [
                    1,
                    step["id"],
                    {"name": step["name"].replace(TEMPLATE_AGENCY, "Dinas Perhubungan")},
                ]
                for step in steps
                if TEMPLATE_AGENCY in step["name"]
            ],
            "line_ids": [
                [1, line["id"], {"name": regulation}]
                for line in lines
                if "sesuaikan dengan daerah Anda" in line["name"]
            ],
        },
    )
    [adapted] = kasubag(
        "sop.document", "read", [sop], fields=["company_id", "department_id", "template_id"]
    )
    assert adapted["company_id"][0] == agency["company"]
    assert adapted["department_id"][0] == agency["units"][SUB_BAGIAN]
    assert adapted["template_id"][0] == template
    texts = kasubag("sop.step", "search_read", [("document_id", "=", sop)], fields=["name"])
    assert not [step for step in texts if "Dinas Sosial" in step["name"]]
    return sop


# long: one SOP written out as data, its four steps a flat table of values.
def sop_typed(agency):
    """Typed in: four actors, a decision whose No goes back to step 2."""
    roles = agency["roles"]
    return agency["kasubag"](
        "sop.document",
        "create",
        {
            "name": TYPED,
            "number": "800/SOP/DISHUB/02",
            "column_ids": _commands(
                {"sequence": index, "role_ids": [[6, 0, [roles[key]]]]}
                for index, key in enumerate(("head", "secretary", "kasubag", "staff"))
            ),
            "line_ids": _commands(
                [
                    {
                        "section": "legal_basis",
                        "name": "Peraturan Menteri Perhubungan Nomor 15 Tahun 2019",
                    },
                    {"section": "record", "name": "Register permohonan izin trayek"},
                ]
            ),
            "step_ids": _commands(
                [
                    {
                        "number": 1,
                        "name": "Menerima berkas permohonan izin trayek",
                        "role_id": roles["staff"],
                        "symbol": "start",
                        "duration": 30,
                        "duration_unit": "minute",
                        "output": "Berkas permohonan",
                    },
                    {
                        "number": 2,
                        "name": "Memeriksa berkas dan menyiapkan draft izin trayek",
                        "role_id": roles["kasubag"],
                        "duration": 1,
                        "duration_unit": "day",
                        "output": "Draft izin trayek",
                    },
                    {
                        "number": 3,
                        "name": "Memeriksa draft izin trayek",
                        "symbol": "decision",
                        "role_id": roles["secretary"],
                        "duration": 2,
                        "duration_unit": "hour",
                        "yes_number": 4,
                        "no_number": 2,
                    },
                    {
                        "number": 4,
                        "name": "Menandatangani izin trayek",
                        "symbol": "end",
                        "role_id": roles["head"],
                        "duration": 1,
                        "duration_unit": "hour",
                        "output": "Izin trayek",
                    },
                ]
            ),
        },
    )


def sop_from_excel(agency):
    """The import's template downloaded as the web client does, filled, imported."""
    kasubag = agency["kasubag"]
    wizard = kasubag("sop.document.import.wizard", "create", {})
    action = kasubag.button("sop.document.import.wizard", "action_download_template", [wizard])
    ids = ",".join(str(i) for i in action["context"]["active_ids"])
    book = load_workbook(io.BytesIO(kasubag.get(f"/report/xlsx/{action['report_name']}/{ids}")))
    identity = book["Identitas"]
    fields = {identity.cell(row, 1).value: row for row in range(1, identity.max_row + 1)}
    assert identity.cell(fields["Instansi"], 2).value == AGENCY
    for label, value in (
        ("Unit Kerja", SUB_BAGIAN),
        ("Nomor SOP", "800/SOP/DISHUB/03"),
        ("Nama SOP", IMPORTED),
        ("Pembuat SOP", "AGUS SANTOSO, S.AP"),
    ):
        identity.cell(fields[label], 2).value = value
    header = fields["Bagian"]
    identity.cell(header + 1, 1).value = "Dasar Hukum"
    identity.cell(header + 1, 2).value = "Peraturan Pemerintah Nomor 55 Tahun 2012"
    steps = book["Langkah"]
    titles = {steps.cell(3, col).value: col for col in range(1, steps.max_column + 1)}
    actors = {steps.cell(4, col).value: col for col in range(1, steps.max_column + 1)}
    for row, (number, name, actor, symbol, time, unit, yes, no) in enumerate(
        [
            (1, "Menerima pendaftaran uji berkala", "Staf", "Mulai", 15, "Menit", None, None),
            (2, "Memeriksa dokumen kendaraan", KASUBAG_ROLE, "Proses", 30, "Menit", None, None),
            (3, "Menyetujui hasil uji", "Sekretaris", "Keputusan", 1, "Jam", 4, 2),
            (4, "Menandatangani buku uji", "Kepala Dinas", "Selesai", 1, "Jam", None, None),
        ],
        start=5,
    ):
        steps.cell(row, 1).value = number
        steps.cell(row, 2).value = name
        steps.cell(row, actors[actor]).value = symbol
        steps.cell(row, titles["Waktu"]).value = time
        steps.cell(row, titles["Satuan"]).value = unit
        steps.cell(row, titles["Ya →"]).value = yes
        steps.cell(row, titles["Tidak →"]).value = no
    output = io.BytesIO()
    book.save(output)
    kasubag(
        "sop.document.import.wizard",
        "write",
        [wizard],
        {"file": base64.b64encode(output.getvalue()).decode(), "filename": "sop_uji_berkala.xlsx"},
    )
    action = kasubag("sop.document.import.wizard", "action_import", [wizard])
    [sop] = kasubag(
        "sop.document",
        "read",
        [action["res_id"]],
        fields=["name", "state", "company_id", "department_id", "step_count"],
    )
    assert (sop["name"], sop["state"], sop["step_count"]) == (IMPORTED, "draft", 4)
    assert sop["company_id"][0] == agency["company"]
    return sop["id"]


def sop_signed_on_paper(agency):
    """Signed on paper by the former Kepala Dinas: typed as printed, the scan attached,
    submitted for registration; the Sekretaris confirms it from his systray."""
    kasubag, sekretaris = agency["kasubag"], agency["sekretaris"]
    sop = kasubag("sop.document", "create", _paper_sop_values(agency["roles"]))
    kasubag("sop.document", "action_submit_registration", [sop])
    register = agency["admin"].ref("sop_lakip.mail_activity_type_sop_register")
    [activity] = systray_activities(sekretaris, "sop.document", [sop])
    assert activity["activity_type_id"][0] == register
    assert activity_holders(agency["admin"], "sop.document", sop) == [sekretaris.uid]
    sekretaris("sop.document", "action_confirm_registration", [sop])
    assert systray_activities(sekretaris, "sop.document", [sop]) == []
    # In force since February 2025 with a yearly review: its author is told to review it.
    [review] = systray_activities(kasubag, "sop.document", [sop])
    assert review["activity_type_id"][0] == agency["admin"].ref(
        "sop_lakip.mail_activity_type_sop_review"
    )
    assert activity_holders(agency["admin"], "sop.document", sop) == [kasubag.uid]
    [registered] = kasubag(
        "sop.document",
        "read",
        [sop],
        fields=["state", "date_approved", "approver_name", "registered_by_id"],
    )
    assert registered["state"] == "approved"
    assert registered["date_approved"] == "2025-02-03"
    assert registered["approver_name"] == "Drs. BAMBANG SUTRISNO, M.Si"
    assert registered["registered_by_id"][0] == sekretaris.uid
    return sop


def _paper_sop_values(roles):
    """The SOP signed on paper, typed as printed, its scan attached."""
    return {
        "name": PAPER,
        "number": "800/SOP/DISHUB/04",
        "date_created": "2025-01-06",
        "date_effective": "2025-02-03",
        "column_ids": _commands(
            {"sequence": index, "role_ids": [[6, 0, [roles[key]]]]}
            for index, key in enumerate(("kasubag", "staff"))
        ),
        "step_ids": _commands(
            [
                {
                    "number": 1,
                    "name": "Menerima permohonan kartu pengawasan",
                    "role_id": roles["staff"],
                    "symbol": "start",
                    "duration": 30,
                    "duration_unit": "minute",
                },
                {
                    "number": 2,
                    "name": "Menerbitkan kartu pengawasan",
                    "symbol": "end",
                    "role_id": roles["kasubag"],
                    "duration": 1,
                    "duration_unit": "day",
                },
            ]
        ),
        "paper_signed": True,
        "paper_date_approved": "2025-02-03",
        "paper_approver_name": "Drs. BAMBANG SUTRISNO, M.Si",
        "paper_approver_job_title": "Kepala Dinas Perhubungan",
        "paper_approver_rank": "Pembina Utama Muda (IV/c)",
        "paper_approver_nip": "19640312 199003 1 004",
        "paper_scan": base64.b64encode(SCAN).decode(),
        "paper_scan_name": "sop_kartu_pengawasan.pdf",
    }
