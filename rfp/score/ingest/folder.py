"""Entry points: read one proposal file, choosing the reader by suffix, or a vendor's folder."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Final

from rfp.core.files import shown
from rfp.core.spec import Limits
from rfp.errors import ProposalReadError
from rfp.score.document import Document, Kind, Page, ReadFile
from rfp.score.ingest import lookalikes
from rfp.score.ingest.container import check_unzipped, too_large
from rfp.score.ingest.docx import read_docx
from rfp.score.ingest.hidden import HiddenText
from rfp.score.ingest.html import read_html
from rfp.score.ingest.markdown import read_markdown
from rfp.score.ingest.odt import odt_to_docx
from rfp.score.ingest.pdf import read_pdf
from rfp.score.ingest.text import looks_binary, read_txt

_KIND_BY_SUFFIX: Final[dict[str, Kind]] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "docx",  # converted to DOCX by LibreOffice where it is installed (see odt)
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
}

SUPPORTED_SUFFIXES: Final[tuple[str, ...]] = tuple(_KIND_BY_SUFFIX)
"""File name suffixes `read` understands (compared case-insensitively)."""

# The response workbook and other spreadsheets are read by another step, not as prose.
_SKIPPED_SUFFIXES: Final = frozenset({".xlsx", ".xlsm", ".ods"})
# Operating-system and archive debris that is never a proposal and not worth a warning.
_JUNK_NAMES: Final = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
_JUNK_DIRS: Final = frozenset({"__macosx"})
_TEXT_KINDS: Final = frozenset({"md", "txt", "html"})
_LINKED_FILE: Final = (
    "is a symbolic link; links are not followed, so a proposal cannot point outside its folder"
)
_LINKED_FOLDER: Final = (
    "is a symbolic link to a folder; nothing in it is read, so a proposal cannot point "
    "outside its folder (copy the files in instead)"
)
_NOT_REGULAR: Final = (
    "is not a regular file (a pipe, device or socket); not read: ask for the document itself"
)
_DEFAULT_LIMITS: Final = Limits()


def read(path: Path, limits: Limits = _DEFAULT_LIMITS) -> Document:
    """Read one proposal file, choosing the reader by suffix.

    Raises ProposalReadError with a reason an evaluator can act on (ask the vendor for an
    unprotected copy, a text PDF instead of a scan, ...), never a library's own exception.
    """
    return parse(path, load(path, limits), limits)


def load(path: Path, limits: Limits = _DEFAULT_LIMITS) -> bytes:
    """A proposal file's bytes, read once: the same bytes are parsed and hashed for the audit."""
    file = shown(path)
    suffix = path.suffix.lower()
    if _KIND_BY_SUFFIX.get(suffix) is None:
        raise ProposalReadError(file, _unsupported_reason(suffix))
    try:
        info = path.stat()  # stat, never open: opening a FIFO would wait forever
    except FileNotFoundError:
        raise ProposalReadError(file, "the file does not exist") from None
    except OSError as exc:
        raise ProposalReadError(file, f"the file cannot be read ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise ProposalReadError(file, "this is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ProposalReadError(file, _NOT_REGULAR)
    if info.st_size > limits.file_bytes:
        raise too_large(file, info.st_size, limits.file_bytes)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ProposalReadError(file, f"the file cannot be read ({exc.strerror or exc})") from exc


def parse(path: Path, data: bytes, limits: Limits = _DEFAULT_LIMITS) -> Document:
    """Turn a proposal file's bytes into a Document, choosing the reader by suffix.

    Zip containers are checked against ``limits.unzipped_mb`` and PDFs against
    ``limits.pdf_pages`` before they are parsed. Look-alike letters are read as Latin after
    every reader, and said in a warning (see `lookalikes`).
    """
    file = shown(path)
    kind = _KIND_BY_SUFFIX[path.suffix.lower()]
    if not data.strip():
        raise ProposalReadError(file, "the file is empty")
    if path.suffix.lower() in (".docx", ".odt"):
        check_unzipped(file, data, limits.unzipped_bytes)
    if path.suffix.lower() == ".odt":
        data = odt_to_docx(file, data)
    if kind in _TEXT_KINDS and looks_binary(data):
        raise ProposalReadError(
            file,
            f"is not text (binary content under a {path.suffix} name); "
            "ask for the document as PDF, DOCX or plain text",
        )

    hidden = HiddenText()
    readers: dict[Kind, Callable[[str, bytes], tuple[Page, ...]]] = {
        "pdf": lambda name, pdf: read_pdf(name, pdf, max_pages=limits.pdf_pages, hidden=hidden),
        "docx": lambda name, docx: read_docx(name, docx, hidden=hidden),
        "md": lambda name, markdown: read_markdown(name, markdown, hidden=hidden),
        "txt": read_txt,
        "html": lambda name, html: read_html(name, html, hidden=hidden),
    }
    pages = readers[kind](file, data)
    if not any(page.blocks for page in pages):
        summary = hidden.summary()
        reason = f"has no visible text: {summary} set aside, not scored" if summary else ""
        raise ProposalReadError(file, reason or "the file contains no text")
    pages, folded = lookalikes.fold_pages(pages)
    found = (hidden.warning(file), hidden.unchecked_warning(file), lookalikes.warning(file, folded))
    warnings = tuple(warning for warning in found if warning)
    return Document(path=file, name=path.name, kind=kind, pages=pages, warnings=warnings)


def read_folder(
    folder: Path, limits: Limits = _DEFAULT_LIMITS
) -> tuple[list[Document], list[ProposalReadError]]:
    """Read every proposal file under `folder`: the documents and the errors (see read_files)."""
    documents, errors, _ = read_files(folder, limits)
    return documents, errors


def read_files(
    folder: Path, limits: Limits = _DEFAULT_LIMITS
) -> tuple[list[Document], list[ProposalReadError], list[ReadFile]]:
    """Read every proposal file under `folder`, collecting errors so one bad file stops nothing.

    Files are read in sorted order of their path relative to `folder` (subfolders included, as
    vendors often put annexes in one), so results do not depend on the file system's order.
    Spreadsheets are skipped silently because the response workbook is read by another step;
    hidden files, Office lock files (``~$...``) and OS debris are skipped silently too. Any other
    unsupported file becomes an error entry, to be shown as a warning.
    """
    if not folder.is_dir():
        raise ProposalReadError(str(folder), "the folder does not exist")
    documents: list[Document] = []
    files: list[ReadFile] = []
    paths, linked = _proposal_files(folder)
    errors = [ProposalReadError(shown(link), _LINKED_FOLDER) for link in linked]
    for path in paths:
        name = shown(path.relative_to(folder).as_posix())
        if path.is_symlink():
            errors.append(ProposalReadError(shown(path), _LINKED_FILE))
            continue
        try:
            data = load(path, limits)
        except ProposalReadError as exc:
            errors.append(exc)
            files.append(ReadFile(path, "proposal", "", 0))
            continue
        files.append(ReadFile(path, "proposal", hashlib.sha256(data).hexdigest(), len(data)))
        try:
            document = parse(path, data, limits)
        except ProposalReadError as exc:
            errors.append(exc)
        else:
            documents.append(replace(document, name=name))
    return documents, errors, files


def _unsupported_reason(suffix: str) -> str:
    shown = f"'{suffix}'" if suffix else "(no extension)"
    reason = f"unsupported file type {shown} (supported: {', '.join(SUPPORTED_SUFFIXES)})"
    if suffix in {".doc", ".rtf", ".pages"}:
        reason += "; ask for a .docx or PDF copy"
    return reason


def _proposal_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The files to read, and the linked subfolders that are not followed (to warn about)."""
    found: list[Path] = []
    linked: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d.lower() not in _JUNK_DIRS]
        linked += [Path(root) / d for d in dirs if (Path(root) / d).is_symlink()]
        dirs[:] = [d for d in dirs if not (Path(root) / d).is_symlink()]
        for name in files:
            lowered = name.lower()
            if name.startswith((".", "~$")) or lowered in _JUNK_NAMES:
                continue
            if Path(lowered).suffix in _SKIPPED_SUFFIXES:
                continue
            found.append(Path(root) / name)
    ordered = sorted(found, key=lambda p: (p.relative_to(folder).as_posix().casefold(), str(p)))
    return ordered, sorted(linked)
