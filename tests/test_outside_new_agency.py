"""An agency never seen before, through its first weeks, from outside a running Odoo.

The administrator creates Dinas Perhubungan Kabupaten Uji as README's *Configuration* says:
the agency, its units and civil servants, its users (none of them with an e-mail address)
and its working calendar; its Kasubag sets up the SOP roles. SOPs come in by every way in: a
shipped template adapted, one typed in, one imported from Excel (the template downloaded as
the web client does), one signed on paper and registered. The Sekretaris and the Kepala Dinas
approve from their systrays; a run of the typed SOP goes round a *Tidak* loop-back; the
semester's monitoring is judged, confirmed and printed.

Everything is committed to the test database beside the demo agencies, whose data it leaves
alone: every name here is the new agency's own.
"""

import base64
import datetime
import io
import os
import re
import subprocess
import zoneinfo

import psycopg2
import pytest
from dateutil.relativedelta import relativedelta
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


def _activities(user, model, res_ids=None):
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


def _holders(admin, model, res_id):
    """Who has an activity on that record: the users' ids, whoever they are."""
    activities = admin(
        "mail.activity",
        "search_read",
        [("res_model", "=", model), ("res_id", "=", res_id)],
        fields=["user_id"],
    )
    return sorted(a["user_id"][0] for a in activities)


@pytest.fixture(scope="module")
def agency(odoo_server):
    """README's Configuration for a new agency, step by step in its order; who is who."""
    admin = Client(odoo_server, "admin", "admin")
    # 1. Agencies. The Head of Agency is an employee: he is set once step 2 made him.
    company = admin("res.company", "create", {"name": AGENCY})
    context = {"allowed_company_ids": [company]}

    def as_admin(model, method, *args, **kwargs):
        return admin(model, method, *args, context=context, **kwargs)

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
    clients = {login: Client(odoo_server, login) for login in users}
    # 4. Roles: the Kasubag's.
    roles = _roles(clients["kasubag.dishub.uji"], units, employees)
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


def test_agency_set_up_without_email(agency):
    """Every user is of the new agency only, linked to his employee, without an e-mail."""
    admin = agency["admin"]
    users = admin(
        "res.users",
        "read",
        list(agency["users"].values()),
        fields=["company_ids", "email", "employee_id", "partner_id"],
        context={"allowed_company_ids": [agency["company"]]},
    )
    assert {tuple(u["company_ids"]) for u in users} == {(agency["company"],)}
    assert not any(u["email"] for u in users)
    partners = admin("res.partner", "read", [u["partner_id"][0] for u in users], fields=["email"])
    assert not any(p["email"] for p in partners)
    assert {u["employee_id"][0] for u in users if u["employee_id"]} == {
        agency["employees"][login] for login in agency["users"] if login != AUDITOR
    }
    roles = agency["kasubag"](
        "sop.role", "read", list(agency["roles"].values()), fields=["holder_id"]
    )
    assert [r["holder_id"][1] for r in roles] == [
        "Ir. HENDRA WIJAYA, M.T.",
        "SITI RAHMAWATI, S.E., M.M.",
        "AGUS SANTOSO, S.AP",
        "DEWI LESTARI, A.Md",
    ]


@pytest.fixture(scope="module")
def sops(agency):
    """The Kasubag's SOPs, one by each way in: {way: SOP id}."""
    return {
        "template": _from_template(agency),
        "typed": _typed(agency),
        "excel": _from_excel(agency),
        "paper": _signed_on_paper(agency),
    }


def _from_template(agency):
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


def _typed(agency):
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


def _from_excel(agency):
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


def _signed_on_paper(agency):
    """Signed on paper by the former Kepala Dinas: typed as printed, the scan attached,
    submitted for registration; the Sekretaris confirms it from his systray."""
    kasubag, sekretaris, roles = agency["kasubag"], agency["sekretaris"], agency["roles"]
    sop = kasubag(
        "sop.document",
        "create",
        {
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
        },
    )
    kasubag("sop.document", "action_submit_registration", [sop])
    register = agency["admin"].ref("sop_lakip.mail_activity_type_sop_register")
    [activity] = _activities(sekretaris, "sop.document", [sop])
    assert activity["activity_type_id"][0] == register
    assert _holders(agency["admin"], "sop.document", sop) == [sekretaris.uid]
    sekretaris("sop.document", "action_confirm_registration", [sop])
    assert _activities(sekretaris, "sop.document", [sop]) == []
    # In force since February 2025 with a yearly review: its author is told to review it.
    [review] = _activities(kasubag, "sop.document", [sop])
    assert review["activity_type_id"][0] == agency["admin"].ref(
        "sop_lakip.mail_activity_type_sop_review"
    )
    assert _holders(agency["admin"], "sop.document", sop) == [kasubag.uid]
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


@pytest.fixture(scope="module")
def approved(agency, sops):
    """The Kasubag submits his three drafts; the Sekretaris initials them and the Kepala
    Dinas approves them, each from what his systray lists."""
    admin, kasubag = agency["admin"], agency["kasubag"]
    sekretaris, kadis = agency["sekretaris"], agency["kadis"]
    drafts = [sops[way] for way in ("template", "typed", "excel")]
    for sop in drafts:
        kasubag("sop.document", "action_submit", [sop])
    for user, activity_type, button in (
        (sekretaris, "sop_lakip.mail_activity_type_sop_verify", "action_verify"),
        (kadis, "sop_lakip.mail_activity_type_sop_approve", "action_approve"),
    ):
        activities = _activities(user, "sop.document", drafts)
        assert sorted(a["res_id"] for a in activities) == sorted(drafts)
        assert {a["activity_type_id"][0] for a in activities} == {admin.ref(activity_type)}
        for sop in drafts:
            assert _holders(admin, "sop.document", sop) == [user.uid]
            user("sop.document", button, [sop])
        assert _activities(user, "sop.document", drafts) == []
    for sop in drafts:
        assert _holders(admin, "sop.document", sop) == []
    return sops


def test_sops_in_force(agency, approved):
    """Every way in ends with an SOP in force, signed by its own agency's Kepala Dinas."""
    sops = agency["auditor"](
        "sop.document",
        "read",
        list(approved.values()),
        fields=["state", "approver_name", "approver_nip", "company_id"],
    )
    assert {s["state"] for s in sops} == {"approved"}
    assert {s["company_id"][0] for s in sops} == {agency["company"]}
    assert [(s["approver_name"], s["approver_nip"]) for s in sops] == [
        ("Ir. HENDRA WIJAYA, M.T.", "19700817 199503 1 002")
    ] * 3 + [("Drs. BAMBANG SUTRISNO, M.Si", "19640312 199003 1 004")]


def _step(user, run):
    """The one run step ``user`` finds in his systray on ``run``: (activity, work item id)."""
    [activity] = _activities(user, "sop.instance", [run])
    return activity, activity["sop_workitem_id"][0]


@pytest.fixture(scope="module")
def run(agency, approved):
    """The Kasubag runs the typed SOP; each assignee does his step from his systray; the
    Sekretaris answers No once, the Kasubag corrects, then Yes; the Kepala Dinas signs."""
    kasubag, sekretaris = agency["kasubag"], agency["sekretaris"]
    action = kasubag("sop.document", "action_create_instance", [approved["typed"]])
    run = action["res_id"]
    kasubag("sop.instance", "action_start", [run])
    staf_step, _item = _step(agency["staf"], run)
    agency["staf"]("mail.activity", "action_feedback", [staf_step["id"]], "Berkas lengkap.")
    check, _item = _step(kasubag, run)
    kasubag("mail.activity", "action_feedback", [check["id"]], "Draft izin disiapkan.")
    _decision, item = _step(sekretaris, run)
    wizard_action = sekretaris("sop.workitem", "action_no", [item])
    wizard = sekretaris(
        "sop.workitem.no.wizard",
        "create",
        {"reason": "Rute trayek belum sesuai rencana umum jaringan trayek."},
        context=wizard_action["context"],
    )
    sekretaris("sop.workitem.no.wizard", "action_confirm", [wizard])
    redo, item = _step(kasubag, run)
    assert "Rute trayek belum sesuai" in redo["note"]
    kasubag("sop.workitem", "action_done", [item])
    _decision, item = _step(sekretaris, run)
    sekretaris("sop.workitem", "action_yes", [item])
    sign, _item = _step(agency["kadis"], run)
    agency["kadis"]("mail.activity", "action_feedback", [sign["id"]], "Izin ditandatangani.")
    for user in ("staf", "kasubag", "sekretaris", "kadis"):
        assert _activities(agency[user], "sop.instance", [run]) == []
    return run


def test_run_loops_back(agency, run):
    """The timeline shows the No, the step done again, then Yes; the run is done."""
    auditor = agency["auditor"]
    [instance] = auditor("sop.instance", "read", [run], fields=["state"])
    assert instance["state"] == "done"
    items = auditor(
        "sop.workitem",
        "search_read",
        [("instance_id", "=", run)],
        fields=["step_number", "outcome", "state", "done_by_id", "feedback"],
        order="id",
    )
    users = agency["users"]
    assert [(i["step_number"], i["outcome"], i["done_by_id"][0]) for i in items] == [
        (1, "done", users["staf.dishub.uji"]),
        (2, "done", users["kasubag.dishub.uji"]),
        (3, "no", users["sekretaris.dishub.uji"]),
        (2, "done", users["kasubag.dishub.uji"]),
        (3, "yes", users["sekretaris.dishub.uji"]),
        (4, "done", users["kadis.dishub.uji"]),
    ]
    assert items[2]["feedback"].startswith("Rute trayek")
    # The chatter logs the answer with its reason, by the Sekretaris who has no e-mail.
    messages = auditor(
        "mail.message",
        "search_read",
        [("model", "=", "sop.instance"), ("res_id", "=", run), ("body", "ilike", "Rute trayek")],
        fields=["author_id"],
        order="id",
    )
    assert messages[0]["author_id"][1] == "SITI RAHMAWATI, S.E., M.M."


def _previous_semester():
    """(first day, last day) of the semester before the one the agency is in today."""
    today = datetime.datetime.now(zoneinfo.ZoneInfo(TZ)).date()
    start = datetime.date(today.year, 1 if today.month <= 6 else 7, 1)
    return start - relativedelta(months=6), start - relativedelta(days=1)


def _semester_passes(server, run):
    """The running server's clock cannot move: the run goes back six months instead, into
    the semester that has ended (every timestamp of the run and of its steps)."""
    connection = psycopg2.connect(
        dbname=server["db"],
        host=os.environ.get("PGHOST", "127.0.0.1"),
        user=os.environ.get("PGUSER", "root"),
    )
    try:
        with connection, connection.cursor() as cr:
            cr.execute(
                "UPDATE sop_instance SET date_start = date_start - interval '6 months', "
                "date_done = date_done - interval '6 months' WHERE id = %s",
                [run],
            )
            cr.execute(
                "UPDATE sop_workitem SET date_start = date_start - interval '6 months', "
                "date_deadline = date_deadline - interval '6 months', "
                "date_done = date_done - interval '6 months' WHERE instance_id = %s",
                [run],
            )
    finally:
        connection.close()


def test_semester_monitoring_printed(agency, approved, run):
    """The Kasubag prepares the ended semester's monitoring; the Sekretaris, its assessor,
    judges and confirms it from his systray; the auditor prints it."""
    kasubag, sekretaris = agency["kasubag"], agency["sekretaris"]
    _semester_passes(agency["server"], run)
    date_from, date_to = _previous_semester()
    monitoring = kasubag(
        "sop.monitoring",
        "create",
        {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()},
    )
    kasubag("sop.monitoring", "action_prepare_lines", [monitoring])
    [activity] = _activities(sekretaris, "sop.monitoring", [monitoring])
    assert activity["activity_type_id"][0] == agency["admin"].ref(
        "sop_lakip.mail_activity_type_sop_monitoring"
    )
    lines = sekretaris(
        "sop.monitoring.line",
        "search_read",
        [("monitoring_id", "=", monitoring)],
        fields=[
            "document_id", "has_runs", "run_started", "run_done", "step_done",
            "loopback_count", "loopback_where", "judgement_suggested",
        ],
    )  # fmt: skip
    assert sorted(line["document_id"][0] for line in lines) == sorted(approved.values())
    [ran] = [line for line in lines if line["has_runs"]]
    assert ran["document_id"][0] == approved["typed"]
    assert (ran["run_started"], ran["run_done"], ran["step_done"]) == (1, 1, 6)
    assert (ran["loopback_count"], ran["loopback_where"]) == (1, "3 (1x)")
    sekretaris(
        "sop.monitoring.line",
        "write",
        [ran["id"]],
        {
            "judgement": ran["judgement_suggested"],
            "note": "Satu kali dikembalikan: rute trayek belum sesuai.",
            "action_needed": "Lampirkan peta rencana umum jaringan trayek pada berkas.",
        },
    )
    sekretaris("sop.monitoring", "action_confirm", [monitoring])
    assert _activities(sekretaris, "sop.monitoring", [monitoring]) == []
    [confirmed] = kasubag("sop.monitoring", "read", [monitoring], fields=["state"])
    assert confirmed["state"] == "confirmed"
    pdf = agency["auditor"].get(f"/report/pdf/sop_lakip.report_sop_monitoring/{monitoring}")
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    text = re.sub(r"\s+", " ", text)
    assert AGENCY.upper() in text.upper()
    assert TYPED in text
