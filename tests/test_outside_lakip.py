"""The LAKIP worksheets of the Boalemo demo, done from outside a running Odoo.

The Kasubag sends the 2024 worksheets over XML-RPC; the Kepala Bidang PMD downloads his over
HTTP, fills it with openpyxl as Excel would, imports it and verifies it; the auditor downloads
the Tabel Capaian and finds the figures.
"""

import base64
import io
import xmlrpc.client

import pytest
from openpyxl import load_workbook
from outside_client import Client

VILLAGES = "Persentase desa berstatus mandiri dan maju"


@pytest.fixture(scope="module")
def lakip(odoo_server):
    kasubag = Client(odoo_server, "kasubag.boalemo")
    [report] = kasubag("lakip.report", "search_read", [("year", "=", 2024)], fields=["id"])
    kasubag("lakip.report", "action_send_worksheets", [report["id"]])
    return odoo_server, report["id"]


def test_kabid_fills_and_verifies_by_excel(lakip):
    """Download, fill in a spreadsheet, import, verify: the capaian follows."""
    server, report_id = lakip
    kabid = Client(server, "kabid.pmd.boalemo")
    [sheet] = kabid(
        "lakip.worksheet",
        "search_read",
        [("report_id", "=", report_id), ("is_my_unit", "=", True)],
        fields=["id", "state", "department_id"],
    )
    assert sheet["state"] == "sent"
    assert sheet["department_id"][1] == "Bidang Pemberdayaan Masyarakat dan Desa"
    book = load_workbook(
        io.BytesIO(kabid.get(f"/report/xlsx/sop_lakip.lakip_worksheet_xlsx/{sheet['id']}"))
    )
    ws = book["Kertas Kerja"]
    for row in range(8, ws.max_row + 1):
        if ws.cell(row, 4).value == VILLAGES:
            ws.cell(row, 10).value = 33
    output = io.BytesIO()
    book.save(output)
    wizard = kabid(
        "lakip.worksheet.import.wizard",
        "create",
        {
            "worksheet_id": sheet["id"],
            "file": base64.b64encode(output.getvalue()).decode(),
            "filename": "kk_pmd.xlsx",
        },
    )
    kabid("lakip.worksheet.import.wizard", "action_import", [wizard])
    kabid("lakip.worksheet", "action_verify", [sheet["id"]])
    [after] = kabid("lakip.worksheet", "read", [sheet["id"]], fields=["state", "verified_by_id"])
    assert after["state"] == "verified"
    assert after["verified_by_id"][1] == "YUSUF LAMATENGGO, S.IP"


def test_staff_cannot_fill_another_unit(lakip):
    """The Kasie of Bidang Rehabilitasi cannot return another Bidang's worksheet."""
    server, report_id = lakip
    kasie = Client(server, "kasie.boalemo")
    sheets = kasie(
        "lakip.worksheet", "search_read", [("report_id", "=", report_id)], fields=["department_id"]
    )
    other = next(s for s in sheets if s["department_id"][1].endswith("Penanganan Fakir Miskin"))
    with pytest.raises(xmlrpc.client.Fault, match=r"doesn't have 'write' access"):
        kasie("lakip.worksheet", "action_mark_filled", [other["id"]])
    [after] = kasie("lakip.worksheet", "read", [other["id"]], fields=["state"])
    assert after["state"] == "sent"


def test_auditor_reads_the_capaian_table(lakip):
    """The auditor downloads the Tabel Capaian with this year's and last year's figures."""
    server, report_id = lakip
    auditor = Client(server, "auditor.boalemo")
    ws = load_workbook(
        io.BytesIO(auditor.get(f"/report/xlsx/sop_lakip.lakip_capaian_xlsx/{report_id}"))
    ).active
    assert ws["A1"].value == "TABEL CAPAIAN KINERJA TAHUN 2024"
    rows = {r[2]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    assert len(rows) == 7
    assert rows[VILLAGES][4:9] == ("30", "33", "110 %", "22,5", "90 %")
    assert rows["Persentase penduduk miskin"][7:9] == ("6,5", "107,14 %")
    with pytest.raises(xmlrpc.client.Fault, match=r"not allowed to modify"):
        auditor("lakip.report", "write", [report_id], {"recipients": "x"})
