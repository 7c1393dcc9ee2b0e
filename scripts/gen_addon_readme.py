"""The addon's README.rst and static/description/index.html, made from its readme/ fragments.

As OCA's oca-gen-addon-readme (OCA/maintainer-tools, which is not on PyPI) makes them: the
manifest's name, the badges (maturity, licence, repository), the DESCRIPTION fragment, a table
of contents, the CONTEXT, INSTALL, CONFIGURE, USAGE, DEVELOP, ROADMAP and HISTORY sections,
the bug tracker, then the credits (authors from the manifest, CONTRIBUTORS, CREDITS); the
Apps store page index.html is README.rst rendered by docutils with OCA's settings.

Differences from OCA's tool: the fragments are Markdown converted by a small converter of
the subset they use (paragraphs, lists, `code`, *emphasis*, links and pictures; anything else
is refused) where OCA calls pandoc; no OCA banner or Weblate/Runboat badge (this addon is
not OCA's); index.html has no XML declaration (Odoo 17+ warns on one) and shows the pictures
from the addon (static/description), not from GitHub, so that Odoo's Apps page shows them
without internet access.

    python3 scripts/gen_addon_readme.py          # write both files
    python3 scripts/gen_addon_readme.py --check  # exit 1 if the committed ones differ
"""

import argparse
import ast
import hashlib
import re
import sys
from pathlib import Path

from docutils.core import publish_string
from docutils.utils import SystemMessage

ROOT = Path(__file__).resolve().parents[1]
ADDON = ROOT / "sop_lakip"
# (fragment, section title; None: before the table of contents)
SECTIONS = (
    ("CONTEXT", "Use Cases / Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("DEVELOP", "Development"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
)
CREDITS = (("CONTRIBUTORS", "Contributors"), ("CREDITS", "Other credits"))
MATURITY = {
    "alpha": ("Alpha", "red"),
    "beta": ("Beta", "yellow"),
    "production/stable": ("Production%2FStable", "green"),
    "mature": ("Mature", "brightgreen"),
}
LICENCES = {
    "AGPL-3": "https://www.gnu.org/licenses/agpl-3.0-standalone.html",
    "LGPL-3": "https://www.gnu.org/licenses/lgpl-3.0-standalone.html",
    "GPL-3": "https://www.gnu.org/licenses/gpl-3.0-standalone.html",
}
# OCA's docutils settings (from pypa/readme_renderer): no file inclusion, no raw HTML, stop
# on any warning.
RST2HTML = {
    "file_insertion_enabled": False,
    "halt_level": 2,
    "math_output": "MathJax",
    "raw_enabled": False,
    "smart_quotes": True,
    "syntax_highlight": "short",
}
PICTURE = re.compile(r"^!\[(?P<alt>[^\]]+)\]\((?P<path>[^)\s]+)\)$")
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)")
CODE = re.compile(r"`([^`]+)`")
# emphasis, taken from the left: one followed by a letter ("*Reopen*s") needs an escaped
# space in reStructuredText
EMPHASIS = re.compile(r"\*[^*\s](?:[^*]*[^*\s])?\*")


class FragmentError(ValueError):
    pass


def inline(text):
    """A Markdown line's inline markup as reStructuredText."""
    text = CODE.sub(r"``\1``", text)
    text = LINK.sub(r"`\g<text> <\g<url>>`_", text)
    return EMPHASIS.sub(
        lambda match: (
            match[0] + ("\\ " if match.string[match.end() : match.end() + 1].isalnum() else "")
        ),
        text,
    )


def md_to_rst(markdown, name, picture_url):
    """The reStructuredText of a fragment written in the Markdown subset of readme/."""
    out = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(("#", ">", "```", "|", "<")) or "**" in stripped:
            raise FragmentError(f"readme/{name}.md:{number}: not in the converted subset")
        picture = PICTURE.match(stripped)
        if picture:
            if line != stripped:
                raise FragmentError(f"readme/{name}.md:{number}: a picture stands alone")
            alt = picture["alt"]
            out += [
                f".. figure:: {picture_url(picture['path'])}",
                f"   :alt: {alt}",
                "",
                f"   {alt}",
                "",
            ]
            continue
        out.append(inline(line) if stripped else "")
    return "\n".join(out).strip("\n") + "\n"


def read_fragments(addon, picture_url):
    fragments = {}
    for path in sorted((addon / "readme").glob("*.*")):
        name = path.stem
        if path.suffix == ".md":
            fragments[name] = md_to_rst(path.read_text(encoding="utf-8"), name, picture_url)
        elif path.suffix == ".rst":
            fragments[name] = path.read_text(encoding="utf-8").strip("\n") + "\n"
    return fragments


def heading(title, underline, over=False):
    rule = underline * len(title)
    return [rule, title, rule, ""] if over else [title, rule, ""]


def badges(manifest, org, repo, branch, addon_name):
    label, colour = MATURITY[manifest.get("development_status", "Beta").lower()]
    found = [
        (
            f"https://img.shields.io/badge/maturity-{label}-{colour}.png",
            "https://odoo-community.org/page/development-status",
            label.replace("%2F", "/"),
        )
    ]
    licence = manifest.get("license")
    if licence in LICENCES:
        found.append(
            (
                f"https://img.shields.io/badge/licence-{licence.replace('-', '--')}-blue.png",
                LICENCES[licence],
                f"License: {licence}",
            )
        )
    slug = f"{org.replace('-', '--')}%2F{repo.replace('-', '--')}"  # shields.io escapes "-"
    found.append(
        (
            f"https://img.shields.io/badge/github-{slug}-lightgray.png?logo=github",
            f"https://github.com/{org}/{repo}/tree/{branch}/{addon_name}",
            f"{org}/{repo}",
        )
    )
    lines = []
    for index, (image, target, alt) in enumerate(found, start=1):
        lines += [
            f".. |badge{index}| image:: {image}",
            f"    :target: {target}",
            f"    :alt: {alt}",
        ]
    return [*lines, "", " ".join(f"|badge{n}|" for n in range(1, len(found) + 1)), ""]


def readme_rst(addon):
    """The text of README.rst."""
    manifest_text = (addon / "__manifest__.py").read_text(encoding="utf-8")
    manifest = ast.literal_eval(manifest_text.split("\n", 1)[1])
    org, repo = manifest["website"].rstrip("/").split("/")[-2:]
    branch = ".".join(manifest["version"].split(".")[:2])
    raw = f"https://raw.githubusercontent.com/{org}/{repo}/{branch}/{addon.name}/"
    fragments = read_fragments(addon, lambda path: raw + path.replace("../", ""))
    digest = hashlib.sha256(manifest_text.encode())
    for name in sorted(fragments):
        digest.update(f"{name}\n{fragments[name]}".encode())
    lines = [
        *heading(manifest["name"], "=", over=True),
        "..",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "   !! This file is generated by gen_addon_readme.py   !!",
        "   !! from readme/, as oca-gen-addon-readme does:     !!",
        "   !! changes will be overwritten. Edit readme/, run  !!",
        "   !! python3 scripts/gen_addon_readme.py             !!",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        f"   !! source digest: sha256:{digest.hexdigest()}",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "",
        *badges(manifest, org, repo, branch, addon.name),
        fragments.get("DESCRIPTION", ""),
        "**Table of contents**",
        "",
        ".. contents::",
        "   :local:",
        "",
    ]
    for name, title in SECTIONS:
        if name in fragments:
            lines += [*heading(title, "="), fragments[name]]
    issues = f"https://github.com/{org}/{repo}/issues"
    lines += [
        *heading("Bug Tracker", "="),
        f"Bugs are tracked on `GitHub Issues <{issues}>`_.",
        "In case of trouble, please check there if your issue has already been reported.",
        "",
        *heading("Credits", "="),
        *heading("Authors", "-"),
        *[f"* {author.strip()}" for author in manifest["author"].split(",")],
        "",
    ]
    for name, title in CREDITS:
        if name in fragments:
            lines += [*heading(title, "-"), fragments[name]]
    url = f"https://github.com/{org}/{repo}/tree/{branch}/{addon.name}"
    lines += [
        *heading("Maintainers", "-"),
        f"This module is part of the `{org}/{repo} <{url}>`_ project on GitHub.",
        "",
        "You are welcome to contribute.",
    ]
    return "\n".join(lines) + "\n", raw


def index_html(rst, raw):
    """README.rst as the Apps store page, its pictures those of the addon."""
    html = publish_string(
        rst.replace(raw + "static/description/", ""),
        writer_name="html4css1",
        settings_overrides=RST2HTML,
    ).decode()
    # no docutils version (useless diffs, as OCA), no XML declaration (Odoo 17+ warns)
    html = re.sub(r"(<meta.*generator.*Docutils)\s*[\d.]+", r"\1", html)
    return re.sub(r"^<\?xml[^>]*>\s*", "", html)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only compare with the files")
    args = parser.parse_args(argv)
    try:
        rst, raw = readme_rst(ADDON)
        publish_string(rst, writer_name="html4css1", settings_overrides=RST2HTML)  # valid
    except (FragmentError, SystemMessage) as error:
        sys.stderr.write(f"README.rst from readme/: {error}\n")
        return 1
    outputs = {
        ADDON / "README.rst": rst,
        ADDON / "static/description/index.html": index_html(rst, raw),
    }
    stale = [
        path
        for path, text in outputs.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in stale:
            sys.stderr.write(
                f"{path.relative_to(ROOT)} is not what readme/ makes: "
                "run python3 scripts/gen_addon_readme.py\n"
            )
        return 1 if stale else 0
    for path in stale:
        path.write_text(outputs[path], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
