"""Hostile LAKIP requests against a running Odoo, as an attacker sends them.

Over XML-RPC: an oversized upload and a zip bomb refused quickly with a clear message,
the figures of the sent LAKIP 2023 and the letter serials refused; nothing of it changes
the database, so the other outside-in tests see the demo as it was.
"""

import base64
import re
import time
import xmlrpc.client

import pytest
from outside_client import Client

from odoo.addons.sop_lakip.tests.xlsx_zip import patch

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(scope="module")
def unit_sheet(odoo_server):
    """The Kasie of Bidang Rehabilitasi and his open 2024 worksheet, with its file."""
    kasubag = Client(odoo_server, "kasubag.boalemo")
    [report] = kasubag("lakip.report", "search_read", [("year", "=", 2024)], fields=["id", "state"])
    if report["state"] == "draft":
        kasubag("lakip.report", "action_send_worksheets", [report["id"]])
    kasie = Client(odoo_server, "kasie.boalemo")
    [sheet] = kasie(
        "lakip.worksheet",
        "search_read",
        [("report_id", "=", report["id"]), ("is_my_unit", "=", True)],
        fields=["id", "state"],
    )
    assert sheet["state"] in ("sent", "filled")
    return (
        kasie,
        sheet["id"],
        kasie.get(f"/report/xlsx/sop_lakip.lakip_worksheet_xlsx/{sheet['id']}"),
    )


def _import(client, sheet_id, data, filename):
    """Upload ``data`` through the import wizard; return the seconds the server took."""
    start = time.monotonic()
    wizard = client(
        "lakip.worksheet.import.wizard",
        "create",
        {
            "worksheet_id": sheet_id,
            "file": base64.b64encode(data).decode(),
            "filename": filename,
        },
    )
    client("lakip.worksheet.import.wizard", "action_import", [wizard])
    return time.monotonic() - start


def _messages(client, sheet_id):
    return client(
        "mail.message",
        "search_count",
        [("model", "=", "lakip.worksheet"), ("res_id", "=", sheet_id)],
    )


def test_oversized_upload_refused(unit_sheet):
    """A 3 MB upload is refused by its size before it is stored or parsed."""
    kasie, sheet_id, good = unit_sheet
    before = _messages(kasie, sheet_id)
    big = good + b"\0" * (3 * 1024 * 1024)
    start = time.monotonic()
    with pytest.raises(
        xmlrpc.client.Fault, match=r"besar.xlsx is 3\.\d\d Mb, more than the 2\.00 Mb"
    ):
        _import(kasie, sheet_id, big, "besar.xlsx")
    assert time.monotonic() - start < 30
    assert _messages(kasie, sheet_id) == before


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "rows",
            lambda xml: xml.replace(b"</sheetData>", b"<row/>" * 12_000_000 + b"</sheetData>"),
            r"unpacks to too much data",
        ),
        (
            "dimension",
            lambda xml: re.sub(
                rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:K99999999"/>', xml
            ).replace(b"</sheetData>", b"<row/>" * 1_000_000 + b"</sheetData>"),
            r"has rows down to row \d+, far below",
        ),
        (
            "entities",
            lambda xml: xml.replace(
                b"<worksheet",
                b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet',
                1,
            ),
            r"declares a DTD or entities",
        ),
        (
            "unreadable",
            lambda xml: re.sub(
                rb'<c r="G8"( s="\d+")?/>', rb'<c r="G8"\1><v>1e309</v></c>', xml, count=1
            ),
            r"Row 8, column G \(inf\): not a number Odoo can store",
        ),
    ],
)
def test_bomb_refused_quickly(unit_sheet, name, change, message):
    """Small hostile files are refused in seconds with the addon's message, nothing kept."""
    kasie, sheet_id, good = unit_sheet
    before = _messages(kasie, sheet_id)
    bomb = patch(good, SHEET, change)
    assert len(bomb) < 200 * 1024, name
    start = time.monotonic()
    with pytest.raises(xmlrpc.client.Fault, match=message):
        _import(kasie, sheet_id, bomb, f"{name}.xlsx")
    elapsed = time.monotonic() - start
    assert elapsed < 20, f"{name}: {elapsed:.1f}s"
    assert _messages(kasie, sheet_id) == before
    # The server still answers the next request at once.
    [after] = kasie("lakip.worksheet", "read", [sheet_id], fields=["state"])
    assert after["state"] in ("sent", "filled")


def test_sent_lakip_figures_refused(odoo_server):
    """The Kasubag cannot rewrite the sent LAKIP 2023, its capaian or its letter number."""
    kasubag = Client(odoo_server, "kasubag.boalemo")
    [report] = kasubag(
        "lakip.report",
        "search_read",
        [("year", "=", 2023)],
        fields=["id", "state", "average_capaian", "letter_number", "capaian_cap"],
    )
    assert report["state"] == "sent"
    targets = kasubag(
        "lakip.target",
        "search_read",
        [("year", "=", 2023)],
        fields=["id", "target", "capaian", "status", "realization_ids"],
        order="id",
    )
    target = targets[0]
    attempts = [
        ("lakip.target", [target["id"]], {"capaian": 999, "status": "achieved"}, "computed"),
        ("lakip.target", [target["id"]], {"target": 1}, "is Sent"),
        ("lakip.realization", target["realization_ids"][:1], {"value": 12345}, "is Sent"),
        ("lakip.report", [report["id"]], {"capaian_cap": 5}, "is Sent"),
        ("lakip.report", [report["id"]], {"letter_number": "palsu"}, "is Sent"),
    ]
    for model, ids, vals, message in attempts:
        with pytest.raises(xmlrpc.client.Fault, match=message):
            kasubag(model, "write", ids, vals)
    [after] = kasubag(
        "lakip.report",
        "read",
        [report["id"]],
        fields=["average_capaian", "letter_number", "capaian_cap"],
    )
    assert after == {k: report[k] for k in after}
    [again] = kasubag(
        "lakip.target", "read", [target["id"]], fields=["target", "capaian", "status"]
    )
    assert again == {k: target[k] for k in again}


def test_letter_serials_refused(odoo_server):
    """Nobody raises or deletes a year of letter serials over RPC, not even the Kepala Dinas."""
    head = Client(odoo_server, "kadis.boalemo")
    kinds = head(
        "sop.letter.kind",
        "search_read",
        [("sequence_id", "!=", False)],
        fields=["serial_range_ids"],
    )
    if not kinds or not kinds[0]["serial_range_ids"]:
        pytest.fail("the demo numbers at least one letter, so its kind has a year of serials")
    range_id = kinds[0]["serial_range_ids"][0]
    [before] = head("ir.sequence.date_range", "read", [range_id], fields=["number_next"])
    with pytest.raises(xmlrpc.client.Fault, match=r"not allowed to modify|numbers would be"):
        head("ir.sequence.date_range", "write", [range_id], {"number_next": 60})
    with pytest.raises(xmlrpc.client.Fault, match=r"not allowed to delete|numbers would be"):
        head("ir.sequence.date_range", "unlink", [range_id])
    wizard = head("sop.letter.year.wizard", "create", {"kind_id": kinds[0]["id"], "year": 2024})
    with pytest.raises(xmlrpc.client.Fault, match=r"numbers would be"):
        head("sop.letter.year.wizard", "action_confirm", [wizard])
    [after] = head("ir.sequence.date_range", "read", [range_id], fields=["number_next"])
    assert after == before
