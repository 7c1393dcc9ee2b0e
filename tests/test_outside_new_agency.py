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

import datetime
import os
import re
import subprocess
import zoneinfo

import psycopg2
import pytest
from dateutil.relativedelta import relativedelta
from new_agency import (
    AGENCY,
    AUDITOR,
    TYPED,
    TZ,
    activity_holders,
    set_up_agency,
    sop_from_excel,
    sop_from_template,
    sop_signed_on_paper,
    sop_typed,
    systray_activities,
)


@pytest.fixture(scope="module")
def agency(odoo_server):
    """README's Configuration for a new agency, step by step in its order; who is who."""
    return set_up_agency(odoo_server)


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
        "template": sop_from_template(agency),
        "typed": sop_typed(agency),
        "excel": sop_from_excel(agency),
        "paper": sop_signed_on_paper(agency),
    }


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
        activities = systray_activities(user, "sop.document", drafts)
        assert sorted(a["res_id"] for a in activities) == sorted(drafts)
        assert {a["activity_type_id"][0] for a in activities} == {admin.ref(activity_type)}
        for sop in drafts:
            assert activity_holders(admin, "sop.document", sop) == [user.uid]
            user("sop.document", button, [sop])
        assert systray_activities(user, "sop.document", drafts) == []
    for sop in drafts:
        assert activity_holders(admin, "sop.document", sop) == []
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
    [activity] = systray_activities(user, "sop.instance", [run])
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
        assert systray_activities(agency[user], "sop.instance", [run]) == []
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
    [activity] = systray_activities(sekretaris, "sop.monitoring", [monitoring])
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
    assert systray_activities(sekretaris, "sop.monitoring", [monitoring]) == []
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
