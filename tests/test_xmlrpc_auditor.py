"""An auditor reads the SOP register of a running Odoo over XML-RPC, and changes nothing."""

import xmlrpc.client

import pytest

AUDITOR = "auditor.boalemo"
ACCESS_ERROR = 4  # the XML-RPC fault code of an AccessError, whatever the language


@pytest.fixture(scope="module")
def auditor(odoo_server):
    url, db = odoo_server["url"], odoo_server["db"]
    uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(db, AUDITOR, AUDITOR, {})
    assert uid, f"the demo auditor {AUDITOR} cannot log in"
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args, **kwargs):
        return models.execute_kw(db, uid, AUDITOR, model, method, list(args), kwargs)

    return call


def test_auditor_reads_register_of_own_agency(auditor):
    """The Boalemo auditor lists the two Boalemo SOPs in force with their identity fields
    (the demo's evaluation has also opened a draft revision of one of them)."""
    sops = auditor(
        "sop.document",
        "search_read",
        [("state", "=", "approved")],
        fields=["number", "name", "state", "approver_name", "approver_nip", "company_id"],
        order="number",
    )
    assert [s["number"] for s in sops] == ["050/11.b/DSPMD/I/2024", "460/DSPMD/SOP/11.a/1/2024"]
    assert {s["state"] for s in sops} == {"approved"}
    assert {s["approver_nip"] for s in sops} == {"19660930 199702 2 002"}
    assert len({s["company_id"][0] for s in sops}) == 1


def test_auditor_reads_steps_and_roles(auditor):
    """Steps carry their actor, symbol and Mutu Baku, readable from outside."""
    [sop] = auditor(
        "sop.document", "search_read", [("number", "=", "050/11.b/DSPMD/I/2024")], fields=["id"]
    )
    steps = auditor(
        "sop.step",
        "search_read",
        [("document_id", "=", sop["id"])],
        fields=["number", "name", "role_id", "symbol", "duration", "duration_unit", "per_unit"],
    )
    assert len(steps) == 8
    assert steps[0]["symbol"] == "start" and steps[-1]["symbol"] == "end"
    assert all(step["role_id"] for step in steps)
    assert any(step["per_unit"] for step in steps)
    assert sum(step["symbol"] == "decision" for step in steps) == 3


def test_auditor_cannot_write(auditor):
    """Writing, creating or approving is refused with an access error."""
    [sop] = auditor("sop.document", "search_read", [], fields=["id", "name"], limit=1)
    for method, args in (
        ("write", [[sop["id"]], {"name": "Diubah"}]),
        ("create", [{"name": "Baru"}]),
        ("action_revise", [[sop["id"]]]),
    ):
        with pytest.raises(xmlrpc.client.Fault, match=r"AccessError|not allowed|Only a"):
            auditor("sop.document", method, *args)
    [again] = auditor("sop.document", "read", [sop["id"]], fields=["name"])
    assert again["name"] == sop["name"]


def test_auditor_does_not_see_other_agencies(auditor):
    """No SOP of Bangka Tengah or Balangan reaches the Boalemo auditor."""
    assert auditor("sop.document", "search_count", [("number", "=", "SOP.017.SEKRE")]) == 0
    assert auditor("sop.document", "search_count", [("number", "ilike", "Disdikbud")]) == 0


def test_auditor_adds_nothing_to_the_chatter(auditor):
    """Over XML-RPC the auditor cannot post (with or without a file) nor follow a record."""
    [me] = auditor("res.users", "search_read", [("login", "=", AUDITOR)], fields=["partner_id"])
    for model in ("sop.document", "lakip.report", "sop.letter"):
        [record] = auditor(model, "search_read", [], fields=["id"], limit=1)
        domain = [("model", "=", model), ("res_id", "=", record["id"])]
        messages = auditor("mail.message", "search_count", domain)
        for method, args, kwargs in (
            ("message_post", [[record["id"]]], {"body": "Catatan auditor"}),
            (
                "message_post",
                [[record["id"]]],
                {"body": "Temuan", "attachments": [["temuan.txt", "isi temuan"]]},
            ),
            ("message_subscribe", [[record["id"]]], {"partner_ids": [me["partner_id"][0]]}),
        ):
            with pytest.raises(xmlrpc.client.Fault) as refused:
                auditor(model, method, *args, **kwargs)
            assert refused.value.faultCode == ACCESS_ERROR, refused.value.faultString
        assert auditor("mail.message", "search_count", domain) == messages
        followers = auditor(model, "read", [record["id"]], fields=["message_partner_ids"])
        assert me["partner_id"][0] not in followers[0]["message_partner_ids"]
