"""Bring sop_lakip.pot and id.po in line with what Odoo exports for the addon.

Run by scripts/i18n_sync.sh after Odoo's own export; by hand:

    python scripts/i18n_sync.py EXPORTED.pot [TRANSLATIONS.json]

- sop_lakip.pot becomes the export, plus the one-letter terms that only Odoo 19.0 exports
  (18.0 leaves them out; test_i18n runs on both, so the template keeps them);
- id.po gets the same entries, each with its current translation, or with the one given in
  TRANSLATIONS.json ({"English": "Indonesian"}); a term left without one is listed and the
  script exits 1, as test_i18n would fail.
"""

import json
import sys
from pathlib import Path

import polib

I18N = Path(__file__).resolve().parent.parent / "sop_lakip" / "i18n"
ONE_LETTER_NOTE = "Odoo 19.0 exports one-letter terms too (18.0 leaves them out)."


def main(exported_path, translations_path=None):
    exported = polib.pofile(exported_path, wrapwidth=78)
    pot = polib.pofile(str(I18N / "sop_lakip.pot"), wrapwidth=78)
    po = polib.pofile(str(I18N / "id.po"), wrapwidth=78)
    given = json.loads(Path(translations_path).read_text()) if translations_path else {}
    known = {entry.msgid: entry.msgstr for entry in po if entry.msgstr and not entry.obsolete}
    known.update(given)

    exported_ids = {entry.msgid for entry in exported}
    kept = [e for e in pot if e.msgid not in exported_ids and len(e.msgid.strip()) == 1]
    for entry in kept:
        entry.tcomment = ONE_LETTER_NOTE
    entries = sorted(list(exported) + kept, key=lambda entry: entry.msgid)

    pot.clear()
    po.clear()
    pot.metadata = exported.metadata
    missing = []
    for entry in entries:
        entry.msgstr = ""
        pot.append(entry)
        translated = polib.POEntry(
            msgid=entry.msgid,
            msgstr=known.get(entry.msgid, ""),
            occurrences=entry.occurrences,
            comment=entry.comment,
            tcomment=entry.tcomment,
            flags=entry.flags,
        )
        if not translated.msgstr:
            missing.append(entry.msgid)
        po.append(translated)
    po.metadata["POT-Creation-Date"] = exported.metadata.get("POT-Creation-Date", "")
    pot.save()
    po.save()
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(entries)} terms, {len(missing)} without a translation")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
