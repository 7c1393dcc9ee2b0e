#!/usr/bin/env python3
"""Write the Odoo 19.0 variant of every addon of this repository into build/19.0/.

The addons are written for Odoo 18.0 and stay the only source. Python hides most of
what changed in 19.0 (``<addon>/compat.py``); this script rewrites what a data file or
a class attribute cannot hide, by parsing each file, never by matching lines:

- ``__manifest__.py``: the version ``18.0.x.y.z`` becomes ``19.0.x.y.z``;
- Python: ``_sql_constraints = [(name, definition, message), ...]`` in a class body
  becomes one ``_name = models.Constraint(definition, message)`` per constraint;
- XML records, in every XML file of the addon (data, demo, views, reports, security):
  a group's ``category_id`` becomes a ``privilege_id`` to a ``res.groups.privilege`` of
  that category (declared once, before its first group), ``users`` of a group becomes
  ``user_ids``, ``groups_id`` of any record ``group_ids``, and an employee's ``gender``
  its ``sex``.

Every other file is copied as it is, except that ``<addon>/odoo19/`` (nothing on 18.0
loads it) holds the 19.0 version of the few web-client files that patch what Odoo 19.0
rebuilt: each replaces, or adds, the file at its path. A construct the script cannot rewrite stops it
with the file and line, so the 19.0 variant never differs silently.

Usage: scripts/build_19.py [OUTPUT_DIR]   (default: build/19.0)
"""

import ast
import re
import shutil
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
# The few files whose 19.0 version cannot be derived (web-client templates that patch
# what 19.0 rebuilt) live in <addon>/odoo19/, at the path they replace or add.
OVERLAY = "odoo19"
VERSION_RE = re.compile(r"^18\.0\.(\d+\.\d+\.\d+)$")
# Field renames of 19.0: {model or None for any model: {old: new}}.
FIELD_RENAMES = {
    None: {"groups_id": "group_ids"},
    "res.groups": {"users": "user_ids"},
    "hr.employee": {"gender": "sex"},
}


class BuildError(Exception):
    """A construct of the 18.0 source that this script cannot take to 19.0."""


def _replace_segments(source, replacements):
    """``source`` with each (start line, end line, new text) replacing those whole lines."""
    lines = source.splitlines(keepends=True)
    for start, end, text in sorted(replacements, reverse=True):
        lines[start - 1 : end] = [text]
    return "".join(lines)


def convert_manifest(source, path):
    """The manifest with its 18.0 version turned into the same 19.0 version."""
    tree = ast.parse(source)
    if not (tree.body and isinstance(getattr(tree.body[0], "value", None), ast.Dict)):
        raise BuildError(f"{path}: the manifest is not a dict literal")
    manifest = tree.body[0].value
    for key, value in zip(manifest.keys, manifest.values, strict=True):
        if isinstance(key, ast.Constant) and key.value == "version":
            match = isinstance(value, ast.Constant) and VERSION_RE.match(str(value.value))
            if not match:
                raise BuildError(f"{path}:{value.lineno}: version must be 18.0.x.y.z")
            lines = source.splitlines(keepends=True)
            line = lines[value.lineno - 1]
            literal = line[value.col_offset : value.end_col_offset]
            new_literal = literal.replace(value.value, f"19.0.{match.group(1)}")
            lines[value.lineno - 1] = (
                line[: value.col_offset] + new_literal + line[value.end_col_offset :]
            )
            return "".join(lines)
    raise BuildError(f"{path}: the manifest has no version")


def convert_python(source, path):
    """The module with every class's ``_sql_constraints`` declared as ``models.Constraint``."""
    tree = ast.parse(source)
    replacements = []
    for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
        for stmt in cls.body:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else []
            if not any(getattr(t, "id", None) == "_sql_constraints" for t in targets):
                continue
            if len(targets) != 1 or not isinstance(stmt.value, ast.List | ast.Tuple):
                raise BuildError(f"{path}:{stmt.lineno}: _sql_constraints must be a plain list")
            indent = " " * stmt.col_offset
            text = ""
            for item in stmt.value.elts:
                if not (isinstance(item, ast.Tuple) and len(item.elts) == 3):
                    raise BuildError(
                        f"{path}:{item.lineno}: a constraint must be (name, definition, message)"
                    )
                name, definition, message = item.elts
                if not isinstance(name, ast.Constant):
                    raise BuildError(f"{path}:{name.lineno}: a constraint's name must be literal")
                args = ", ".join(
                    ast.get_source_segment(source, arg) for arg in (definition, message)
                )
                text += f"{indent}_{name.value} = models.Constraint({args})\n"
            replacements.append((stmt.lineno, stmt.end_lineno, text))
    if not replacements:
        return source
    imported = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "odoo"
        and any(alias.name == "models" and not alias.asname for alias in node.names)
        for node in tree.body
    )
    if not imported:
        raise BuildError(f"{path}: uses _sql_constraints but does not import models from odoo")
    return _replace_segments(source, replacements)


class XmlConverter:
    """Rewrites the records of the addon's XML files; one instance per addon."""

    def __init__(self, addon):
        self.addon = addon
        self.privileges = {}  # category ref -> privilege xml id, declared once per addon
        self.category_names = {}  # category xml id -> its name, as read in the files

    def read_categories(self, root):
        """Remember the name of every ``ir.module.category`` the file declares."""
        for record in root.iter("record"):
            if record.get("model") == "ir.module.category":
                name = record.find("field[@name='name']")
                if name is not None and name.text:
                    self.category_names[record.get("id")] = name.text

    def convert(self, root, path):
        """Rewrite ``root`` in place; whether anything changed."""
        changed = False
        for record in list(root.iter("record")):
            model = record.get("model")
            renames = {**FIELD_RENAMES[None], **FIELD_RENAMES.get(model, {})}
            for field in record.findall("field"):
                new_name = renames.get(field.get("name"))
                if new_name:
                    field.set("name", new_name)
                    changed = True
            if model == "res.groups":
                changed |= self._group_privilege(record, path)
        return changed

    def _group_privilege(self, record, path):
        category = record.find("field[@name='category_id']")
        if category is None:
            return False
        ref = category.get("ref")
        if not ref or len(category) or (category.text or "").strip() or category.get("eval"):
            raise BuildError(f"{path}:{category.sourceline}: a group's category_id must be a ref")
        if ref not in self.privileges:
            local = ref.rsplit(".", 1)[-1]
            privilege_id = f"{local.removeprefix('module_category_')}_privilege"
            privilege = etree.Element("record", id=privilege_id, model="res.groups.privilege")
            name = etree.SubElement(privilege, "field", name="name")
            own = "." not in ref or ref.startswith(f"{self.addon}.")
            name.text = self.category_names.get(local, local) if own else local
            etree.SubElement(privilege, "field", name="category_id", ref=ref)
            privilege.text = record.text
            name.tail = privilege.text
            privilege[-1].tail = record[-1].tail if len(record) else "\n"
            privilege.tail = record.tail
            record.addprevious(privilege)
            self.privileges[ref] = privilege_id
        category.set("name", "privilege_id")
        category.set("ref", self.privileges[ref])
        return True


def _manifest_order(addon):
    """The addon's XML files, those the manifest loads first and in its order."""
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    listed = [addon / name for key in ("data", "demo") for name in manifest.get(key, [])]
    others = sorted(p for p in addon.rglob("*.xml") if p not in listed and OVERLAY not in p.parts)
    return [p for p in listed if p.suffix == ".xml"] + others


def build_addon(addon, target):
    """Write the 19.0 variant of ``addon`` to ``target``."""
    shutil.rmtree(target, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(addon, target, ignore=ignore)
    overlay = target / OVERLAY
    if overlay.is_dir():
        shutil.copytree(overlay, target, ignore=ignore, dirs_exist_ok=True)
        shutil.rmtree(overlay)
    for path in target.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        rel = path.relative_to(target.parent)
        if path.name == "__manifest__.py" and path.parent == target:
            new = convert_manifest(source, rel)
        else:
            new = convert_python(source, rel)
        if new != source:
            path.write_text(new, encoding="utf-8")
    converter = XmlConverter(addon.name)
    parser = etree.XMLParser(remove_blank_text=False, strip_cdata=False)
    files = [(target / p.relative_to(addon)) for p in _manifest_order(addon)]
    trees = {path: etree.parse(str(path), parser) for path in files}
    for tree in trees.values():
        converter.read_categories(tree.getroot())
    for path, tree in trees.items():
        if converter.convert(tree.getroot(), path.relative_to(target.parent)):
            tree.write(str(path), encoding="utf-8", xml_declaration=True)


def main(argv):
    output = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "19.0"
    output.mkdir(parents=True, exist_ok=True)
    addons = sorted(p.parent for p in ROOT.glob("*/__manifest__.py"))
    try:
        for addon in addons:
            build_addon(addon, output / addon.name)
    except BuildError as error:
        sys.exit(f"build_19: {error}")
    print(f"build_19: {', '.join(a.name for a in addons)} -> {output}")


if __name__ == "__main__":
    main(sys.argv)
