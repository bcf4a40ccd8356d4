"""Bundles as recruiters receive them (tests, benchmarks): a ZIP of named files."""

from __future__ import annotations

import io
import zipfile


def zip_of(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP archive holding `files` (name -> bytes), in that order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as bundle:
        for name, data in files.items():
            bundle.writestr(name, data)
    return buffer.getvalue()
