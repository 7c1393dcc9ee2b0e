"""scripts/build_19.py: the 19.0 variant is the 18.0 addon with 19.0's names, nothing else."""

import ast
import importlib.util
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_19", ROOT / "scripts" / "build_19.py")
build_19 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_19)

SECURITY = b"""<?xml version="1.0" encoding="utf-8" ?>
<odoo>
    <record id="module_category_x" model="ir.module.category">
        <field name="name">X &amp; Y</field>
    </record>
    <record id="group_a" model="res.groups">
        <field name="name">A</field>
        <field name="category_id" ref="module_category_x" />
    </record>
    <record id="group_b" model="res.groups">
        <field name="name">B</field>
        <field name="category_id" ref="module_category_x" />
        <field name="users" eval="[Command.link(ref('base.user_admin'))]" />
    </record>
    <!-- data records of renamed fields -->
    <record id="user_a" model="res.users">
        <field name="groups_id" eval="[Command.set([ref('group_a')])]" />
    </record>
    <record id="action_a" model="ir.actions.server">
        <field name="groups_id" eval="[Command.link(ref('group_b'))]" />
    </record>
    <record id="employee_a" model="hr.employee">
        <field name="gender">female</field>
    </record>
    <record id="partner_a" model="res.partner">
        <field name="users">not a group: kept</field>
    </record>
</odoo>
"""

MODEL = """from odoo import fields, models


class Thing(models.Model):
    _name = "x.thing"

    name = fields.Char()

    _sql_constraints = [
        ("name_uniq", "unique(name)", "The name is taken."),
        (
            "positive",
            "CHECK(amount >= 0)",
            "No negative amount.",
        ),
    ]

    def other(self):
        return True
"""


def _convert(xml):
    root = etree.fromstring(xml)
    converter = build_19.XmlConverter("x")
    converter.read_categories(root)
    converter.convert(root, "security.xml")
    return root


def test_groups_get_one_privilege_per_category():
    """Groups of a category point at one privilege of that category, declared before them."""
    root = _convert(SECURITY)
    [privilege] = root.xpath("//record[@model='res.groups.privilege']")
    assert privilege.get("id") == "x_privilege"
    assert privilege.findtext("field[@name='name']") == "X & Y"
    assert privilege.find("field[@name='category_id']").get("ref") == "module_category_x"
    records = root.findall("record")
    assert records.index(privilege) == records.index(root.find("record[@id='group_a']")) - 1
    for group in root.xpath("//record[@model='res.groups']"):
        assert group.find("field[@name='category_id']") is None
        assert group.find("field[@name='privilege_id']").get("ref") == "x_privilege"


def test_renamed_fields_of_data_records():
    """users, groups_id and gender take their 19.0 names, on the models that renamed them."""
    root = _convert(SECURITY)
    names = {record.get("id"): [f.get("name") for f in record] for record in root.iter("record")}
    assert names["group_b"] == ["name", "privilege_id", "user_ids"]
    assert names["user_a"] == ["group_ids"]
    assert names["action_a"] == ["group_ids"]
    assert names["employee_a"] == ["sex"]
    assert names["partner_a"] == ["users"]
    assert root.xpath("//comment()")[0].text.strip() == "data records of renamed fields"


def test_a_category_that_is_not_a_ref_stops_the_build():
    """A form the script cannot rewrite is named with its file and line, never passed on."""
    xml = b'<odoo><record id="g" model="res.groups">\n<field name="category_id" eval="1"/></record></odoo>'
    with pytest.raises(build_19.BuildError, match=r"security.xml:2: a group's category_id"):
        _convert(xml)


def test_sql_constraints_become_model_constraints():
    """Each (name, definition, message) becomes a models.Constraint attribute in its place."""
    new = build_19.convert_python(MODEL, "thing.py")
    assert "_sql_constraints" not in new
    assert '    _name_uniq = models.Constraint("unique(name)", "The name is taken.")\n' in new
    assert '    _positive = models.Constraint("CHECK(amount >= 0)", "No negative amount.")\n' in new
    cls = ast.parse(new).body[-1]
    assert [type(node).__name__ for node in cls.body] == ["Assign"] * 4 + ["FunctionDef"]
    with pytest.raises(build_19.BuildError, match=r"thing\.py: uses _sql_constraints"):
        build_19.convert_python(MODEL.replace("fields, models", "fields"), "thing.py")
    computed = MODEL.replace("_sql_constraints = [", "_sql_constraints = list() + [")
    with pytest.raises(build_19.BuildError, match=r"thing\.py:9: _sql_constraints must be"):
        build_19.convert_python(computed, "thing.py")


def test_manifest_version():
    """18.0.x.y.z becomes 19.0.x.y.z; any other version stops the build."""
    assert (
        build_19.convert_manifest('{"version": "18.0.1.2.3"}', "m") == '{"version": "19.0.1.2.3"}'
    )
    with pytest.raises(build_19.BuildError, match=r"version must be 18\.0"):
        build_19.convert_manifest('{"version": "17.0.1.0.0"}', "m")


def test_the_addon_builds_with_nothing_of_18_left(tmp_path):
    """Every file of the real addon comes through: no 18.0-only construct is left in any."""
    build_19.main(["build_19", str(tmp_path)])
    addon = tmp_path / "sop_lakip"
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    assert manifest["version"].startswith("19.0.")
    sources = list((ROOT / "sop_lakip").rglob("*.py"))
    assert any("_sql_constraints" in p.read_text(encoding="utf-8") for p in sources)
    for path in addon.rglob("*.py"):
        assert "_sql_constraints =" not in path.read_text(encoding="utf-8"), path
    renamed = {None: {"groups_id"}, "res.groups": {"users", "category_id"}}
    renamed["hr.employee"] = {"gender"}
    source = ROOT / "sop_lakip"
    overlay = source / build_19.OVERLAY
    xml_files = list(addon.rglob("*.xml"))
    assert {p.relative_to(addon) for p in xml_files} == {
        p.relative_to(overlay if overlay in p.parents else source) for p in source.rglob("*.xml")
    }
    assert not (addon / build_19.OVERLAY).exists()
    for path in overlay.rglob("*"):
        if path.is_file():
            assert (addon / path.relative_to(overlay)).read_bytes() == path.read_bytes()
    for path in xml_files:
        for record in etree.parse(str(path)).iter("record"):
            old = renamed[None] | renamed.get(record.get("model"), set())
            for field in record.findall("field"):
                assert field.get("name") not in old, f"{path}:{field.sourceline}"
