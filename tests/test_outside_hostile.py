"""Hostile users of the Boalemo demo try, over XML-RPC and HTTP, to rewrite what the agency
signed and recorded; the real server refuses each attempt and the records stay as they were.
"""

import urllib.error
import urllib.request

import pytest
from outside_client import Client

SOP_NUMBER = "460/DSPMD/SOP/11.a/1/2024"  # Penyusunan LAKIP, approved
OTHER_SOP_NUMBER = "050/11.b/DSPMD/I/2024"  # Pengumpulan Data Kinerja, approved
BATENG_SOP_NUMBER = "SOP.017.SEKRE"  # another agency's SOP in force
# What each refusal says (Odoo sends UserError as fault 2, AccessError as fault 4).
ORG_CHART = "Only an HR officer or the Kepala Dinas"
SYSTEM = "set by the system"
LOCKED = "only a draft SOP can be changed"
NOT_YOURS = "only they, or someone above them"
STEP_LINK = "change only when the step is completed"
STARTED = "has started"
BUTTONS = "changes only with the buttons"
RECORDS = "only a draft run can be deleted"
HOLDERS = "only be changed before the run starts"


@pytest.fixture(scope="module")
def users(odoo_server):
    return {
        login: Client(odoo_server, login)
        for login in (
            "kasie.boalemo",
            "staf.boalemo",
            "auditor.boalemo",
            "kasubag.boalemo",
            "kadis.boalemo",
        )
    } | {"admin": Client(odoo_server, "admin", "admin")}


def _department(admin, xmlid):
    [department] = admin(
        "hr.department",
        "read",
        [admin.ref(f"sop_lakip.{xmlid}")],
        fields=["name", "manager_id", "sop_unit", "sop_delegate_id", "parent_id"],
    )
    return department


def _sop(admin, number):
    [sop] = admin(
        "sop.document",
        "search_read",
        [("number", "=", number), ("state", "=", "approved")],
        fields=["name", "access_token", "date_effective", "revision"],
    )
    return sop


def test_org_chart_is_not_theirs_to_change(users):
    """Kasie, staff and auditor cannot make themselves managers, rename or untick a unit."""
    admin = users["admin"]
    rehab = _department(admin, "sop_demo_boalemo_dept_rehabilitasi")
    secretariat = _department(admin, "sop_demo_boalemo_dept_sekretariat")
    kasie, staf, auditor = users["kasie.boalemo"], users["staf.boalemo"], users["auditor.boalemo"]
    department = ("hr.department", "write", [rehab["id"]])
    kasie.refused(ORG_CHART, *department, {"manager_id": kasie.employee_id()})
    staf.refused(
        ORG_CHART, "hr.department", "write", [secretariat["id"]], {"manager_id": staf.employee_id()}
    )
    auditor.refused(ORG_CHART, *department, {"name": "Bidang Lain"})
    auditor.refused(ORG_CHART, *department, {"sop_unit": False})
    users["kasubag.boalemo"].refused(ORG_CHART, *department, {"parent_id": False})
    assert _department(admin, "sop_demo_boalemo_dept_rehabilitasi") == rehab
    assert _department(admin, "sop_demo_boalemo_dept_sekretariat") == secretariat


def test_kepala_dinas_changes_the_org_chart(users):
    """The Kepala Dinas may change who takes part in per-unit steps (and put it back)."""
    admin, kadis = users["admin"], users["kadis.boalemo"]
    pmd = _department(admin, "sop_demo_boalemo_dept_pmd")
    kadis("hr.department", "write", [pmd["id"]], {"sop_unit": not pmd["sop_unit"]})
    assert _department(admin, "sop_demo_boalemo_dept_pmd")["sop_unit"] is not pmd["sop_unit"]
    kadis("hr.department", "write", [pmd["id"]], {"sop_unit": pmd["sop_unit"]})
    assert _department(admin, "sop_demo_boalemo_dept_pmd") == pmd


def _verify_page(server, token):
    with urllib.request.urlopen(f"{server['url']}/sop/verify/{token}", timeout=30) as response:
        return response.read().decode()


def test_verify_token_cannot_be_hijacked(odoo_server, users):
    """A draft carrying another agency's token is refused; its QR page still shows its SOP."""
    admin, kasubag = users["admin"], users["kasubag.boalemo"]
    bateng = _sop(admin, BATENG_SOP_NUMBER)
    kasubag.refused(
        SYSTEM, "sop.document", "create", {"name": "Tiruan", "access_token": bateng["access_token"]}
    )
    [draft_id] = kasubag("sop.document", "create", [{"name": "Draf Uji Token"}])
    try:
        kasubag.refused(
            SYSTEM, "sop.document", "write", [draft_id], {"access_token": bateng["access_token"]}
        )
        page = _verify_page(odoo_server, bateng["access_token"])
        assert bateng["name"] in page
        assert "Draf Uji Token" not in page
    finally:
        kasubag("sop.document", "unlink", [draft_id])
    with pytest.raises(urllib.error.HTTPError) as not_found:
        _verify_page(odoo_server, "A" * 22)
    assert not_found.value.code == 404


def test_approved_sop_dates_and_revisions_cannot_be_forged(users):
    """Effective date of an approved SOP and the revision links are refused to everyone."""
    admin, kasubag, kadis = users["admin"], users["kasubag.boalemo"], users["kadis.boalemo"]
    sop = _sop(admin, SOP_NUMBER)
    for user in (kasubag, kadis):
        user.refused(LOCKED, "sop.document", "write", [sop["id"]], {"date_effective": "2031-01-01"})
    kasubag.refused(
        SYSTEM,
        "sop.document",
        "create",
        {"name": "Palsu", "number": SOP_NUMBER, "revision": 7, "origin_id": sop["id"]},
    )
    [draft_id] = kasubag("sop.document", "create", [{"name": "Draf Uji Revisi"}])
    try:
        kasubag.refused(
            SYSTEM, "sop.document", "write", [draft_id], {"revision": 7, "origin_id": sop["id"]}
        )
    finally:
        kasubag("sop.document", "unlink", [draft_id])
    assert _sop(admin, SOP_NUMBER) == sop


@pytest.fixture(scope="module")
def running(users):
    """A run of Penyusunan LAKIP started by the Kasubag; cancelled at the end."""
    admin, kasubag = users["admin"], users["kasubag.boalemo"]
    sop = _sop(admin, SOP_NUMBER)
    run_id = kasubag("sop.instance", "create", {"name": "Uji Serangan", "document_id": sop["id"]})
    kasubag("sop.instance", "action_start", [run_id])
    [item] = admin(
        "sop.workitem",
        "search_read",
        [("instance_id", "=", run_id), ("state", "=", "open")],
        fields=["user_id", "activity_ids"],
    )
    yield {"run": run_id, "item": item, "activity": item["activity_ids"][0]}
    [run] = admin("sop.instance", "read", [run_id], fields=["state"])
    if run["state"] == "running":
        kasubag("sop.instance", "action_cancel", [run_id])


def _activity(admin, activity_id):
    [activity] = admin(
        "mail.activity",
        "read",
        [activity_id],
        fields=["summary", "date_deadline", "user_id", "active", "sop_workitem_id"],
    )
    return activity


def test_step_activity_cannot_be_tampered_with(users, running):
    """The auditor and staff cannot edit, reassign, archive, detach or reschedule a step."""
    admin, auditor, staf = users["admin"], users["auditor.boalemo"], users["staf.boalemo"]
    before = _activity(admin, running["activity"])
    for user in (auditor, staf):
        for match, vals in (
            (NOT_YOURS, {"summary": "Tidak usah"}),
            (NOT_YOURS, {"date_deadline": "2031-01-01"}),
            (STEP_LINK, {"user_id": user.uid}),
            (STEP_LINK, {"active": False}),
            ("Only the SOP run links", {"sop_workitem_id": False}),
        ):
            user.refused(match, "mail.activity", "write", [running["activity"]], vals)
        user.refused(NOT_YOURS, "mail.activity", "action_feedback", [running["activity"]], "ok")
        user.refused(
            NOT_YOURS,
            "sop.instance",
            "activity_reschedule",
            [running["run"]],
            ["sop_lakip.mail_activity_type_sop_step"],
            date_deadline="2031-01-01",
        )
    assert _activity(admin, running["activity"]) == before
    [item] = admin("sop.workitem", "read", [running["item"]["id"]], fields=["state"])
    assert item["state"] == "open"


def test_running_run_history_cannot_be_rewritten(users, running):
    """The Kasubag cannot change a running run's SOP, dates, starter or holders, nor delete it."""
    admin, kasubag = users["admin"], users["kasubag.boalemo"]
    other = _sop(admin, OTHER_SOP_NUMBER)
    fields = ["document_id", "date_start", "user_id", "date_done", "holder_ids", "state"]
    [before] = admin("sop.instance", "read", [running["run"]], fields=fields)
    for match, vals in (
        (STARTED, {"document_id": other["id"]}),
        (BUTTONS, {"date_start": "2020-01-01 00:00:00"}),
        (BUTTONS, {"user_id": users["staf.boalemo"].uid}),
        (BUTTONS, {"date_done": "2020-01-02 00:00:00"}),
    ):
        kasubag.refused(match, "sop.instance", "write", [running["run"]], vals)
    kasubag.refused(RECORDS, "sop.instance", "unlink", [running["run"]])
    holder = before["holder_ids"][0]
    kasubag.refused(HOLDERS, "sop.instance.holder", "unlink", [holder])
    [role] = admin("sop.instance.holder", "read", [holder], fields=["role_id"])
    kasubag.refused(
        HOLDERS,
        "sop.instance.holder",
        "create",
        {
            "instance_id": running["run"],
            "role_id": role["role_id"][0],
            "employee_id": users["staf.boalemo"].employee_id(),
        },
    )
    [after] = admin("sop.instance", "read", [running["run"]], fields=fields)
    assert after == before
    # The allowed path: only Cancel ends the run, and it stays on record.
    kasubag("sop.instance", "action_cancel", [running["run"]])
    kasubag.refused(RECORDS, "sop.instance", "unlink", [running["run"]])
    [cancelled] = admin("sop.instance", "read", [running["run"]], fields=["state"])
    assert cancelled["state"] == "cancelled"
