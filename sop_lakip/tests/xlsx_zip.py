"""Hostile Excel files for the tests, made of real bytes (no mock).

A plain module: the outside-in tests of the repository import it too.
"""

import io
import zipfile


def patch(data, member, change):
    """``data`` with its zip member ``member`` replaced by ``change(bytes)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                content = change(content)
            target.writestr(info.filename, content, compresslevel=9)
    return output.getvalue()
