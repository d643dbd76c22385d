"""Find the built-in templates/ and criteria/, in a checkout or inside an installed wheel.

This is the only module that knows where package data lives, so every other module asks here.
User override directories (``--templates``, ``--criteria``) are searched before the built-ins.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rfp.errors import ResourceError

_DATA_KINDS = ("templates", "criteria")


def builtin_dir(kind: str) -> Path:
    """Return the built-in ``kind`` folder: the wheel's ``rfp/_data/<kind>`` or the checkout's."""
    if kind not in _DATA_KINDS:
        raise ResourceError(f"unknown resource kind {kind!r}; expected one of {_DATA_KINDS}")
    packaged = Path(str(resources.files("rfp"))) / "_data" / kind
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / kind
    if checkout.is_dir():
        return checkout
    raise ResourceError(
        f"the built-in {kind}/ folder is missing (looked in {packaged} and {checkout}); "
        "reinstall rfp"
    )


def search_path(kind: str, override: Path | None = None) -> list[Path]:
    """Return the folders to search for ``kind``, the user's override first."""
    folders: list[Path] = []
    if override is not None:
        if not override.is_dir():
            raise ResourceError(f"{override}: the {kind} override folder does not exist")
        folders.append(override.resolve())
    folders.append(builtin_dir(kind))
    return folders


def find(kind: str, name: str, override: Path | None = None) -> Path:
    """Return the first ``name`` found along the search path for ``kind``."""
    for folder in search_path(kind, override):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise ResourceError(f"{kind}/{name} was not found in the override or built-in folders")
