"""Score once: ``rfp score`` saves its run in ``out/``; ``rfp sheets`` and ``rfp report`` load it
and score again only when an input changed, saying which.

Why JSON and not pickle: ``out/`` sits inside the project folder, which is shared, copied and
zipped; unpickling a file lets whoever wrote it run code. A JSON document can only describe
data, and the loader builds nothing but the dataclasses ``ScoreRun``'s own type annotations name,
checking every value's type on the way in, so a tampered file is refused, never executed.

The codec is generic: every dataclass reachable from ``ScoreRun`` is written field by field and
rebuilt from its type hints, so a field another change adds is saved with no edit here. The
file carries a schema fingerprint computed from those type hints, and a fingerprint of rfp's own
code, so a saved run from another build of rfp (or another shape of ``ScoreRun``) is scored
again instead of being misread. ``project`` is not saved: it is loaded from ``rfp.yaml`` by the
command, and ``rfp.yaml`` and the criteria files are in the input fingerprint.

The input fingerprint covers more than the audit's list of files read, on purpose: every file
under ``proposals/`` and ``evaluations/``, the criteria search path, the published RFP and
template the echo filter reads, and the blind key. A change to a file the run ignores costs a
needless re-score; a change to a file it reads can never be missed.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import dataclasses
import datetime as dt
import functools
import gzip
import hashlib
import itertools
import json
import operator
import os
import re
import shutil
import stat
import sys
import types
import typing
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, Union, get_args, get_origin

import numpy as np
import pandas as pd

from rfp._version import __version__
from rfp.core import collector, kit_layout, resources
from rfp.core.files import atomic_path
from rfp.core.project import SPEC_FILE, Project
from rfp.core.spec import SCORED_STAGES
from rfp.errors import PROBLEM_KINDS, Problem, RFPError
from rfp.score.agreement import Disagreement
from rfp.score.audit import display_path, sha256_file
from rfp.score.run import Evaluations, Knockout, ScoreRun

SAVED_FILE = "scoring-run.json.gz"
FORMAT_VERSION = 1
"""Bump when the codec itself changes; field changes are caught by the schema fingerprint."""

_NOT_SAVED = frozenset({"project"})
_VARIANTS: dict[type, tuple[type, ...]] = {Problem: PROBLEM_KINDS}
"""Subclasses a field typed as the base may hold. A value of one is saved with its class name
under ``_KIND`` and rebuilt as that class, so a rejected evaluator sheet is still one when the
run is loaded (it used to make every saved run with one unreadable, and so scored again)."""
_VARIANT_NAMES: dict[str, type] = {
    variant.__name__: variant for variants in _VARIANTS.values() for variant in variants
}
_KIND = "__kind__"
_WATCHED_FOLDERS = ("proposals", "evaluations")
_OUTPUT_INPUTS = (
    "rfp.html",
    kit_layout.TEMPLATE_FILE,
    "sheets/blind-key.json",
    # the shortlist each scored stage was held for (rfp sheets --stage)
    *(f"sheets/{stage}/shortlist.json" for stage in SCORED_STAGES),
)
_SHOWN_CHANGES = 5

# Names that modules import only for type checking; type hints are resolved against these too.
_HINT_NAMES: dict[str, Any] = {
    "Disagreement": Disagreement,
    "Evaluations": Evaluations,
    "Knockout": Knockout,
}


class SavedRunError(RFPError):
    """A saved run that cannot be used: unreadable, foreign, or not the shape this rfp saves."""


@dataclass(frozen=True)
class Loaded:
    """A saved run loaded because nothing it depends on changed."""

    run: ScoreRun
    saved: str  # UTC time the run was saved
    audit_run: int | None


@dataclass(frozen=True)
class Stale:
    """Why the saved run was not used; ``reason`` completes "…; scoring again"."""

    reason: str


# --------------------------------------------------------------------------- fingerprints


def _file_digest(path: Path) -> str:
    """Content hash of a regular file; a link is identified by where it points, unfollowed."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        return "link:" + hashlib.sha256(os.fsencode(path.readlink())).hexdigest()
    if not stat.S_ISREG(info.st_mode):
        return f"special:{stat.S_IFMT(info.st_mode)}"  # a FIFO is never opened
    return sha256_file(path)


def _walk(folder: Path) -> Iterator[Path]:
    """Every entry below ``folder`` that is not a folder, without following links."""
    if not folder.is_dir() or folder.is_symlink():
        return
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        base = Path(root)
        for name in sorted(files):
            yield base / name
        for name in dirs:
            if (base / name).is_symlink():
                yield base / name


def current_inputs(project: Project, criteria_override: Path | None = None) -> dict[str, str]:
    """Every file a scoring run of ``project`` may read, by display path, with its content hash.

    A file that vanishes or cannot be read while listed gets an "unreadable" hash, so it counts
    as changed rather than stopping the command.
    """
    folder = project.folder
    paths = [project.folder / SPEC_FILE]
    for criteria_folder in resources.search_path("criteria", criteria_override):
        paths += sorted(p for p in criteria_folder.rglob("*") if p.is_file())
    for name in _WATCHED_FOLDERS:
        paths += list(_walk(folder / name))
    paths += [project.output_dir / name for name in _OUTPUT_INPUTS]
    found: dict[str, str] = {}
    for path in paths:
        if not path.exists() and not path.is_symlink():
            continue
        try:
            digest = _file_digest(path)
        except OSError:
            digest = "unreadable"
        found[display_path(path, folder)] = digest
    return found


@functools.cache
def code_fingerprint() -> str:
    """sha256 over rfp's own files, so a run saved by another build of rfp is not reused."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def schema_fingerprint() -> str:
    """sha256 over the field names and types of every dataclass a saved run holds."""
    seen: dict[str, str] = {}
    _describe(ScoreRun, seen)
    for variant in _VARIANT_NAMES.values():
        _describe(variant, seen)
    text = "\n".join(f"{name}: {shape}" for name, shape in sorted(seen.items()))
    return hashlib.sha256(f"format {FORMAT_VERSION}\n{text}".encode()).hexdigest()


def _describe(hint: Any, seen: dict[str, str]) -> None:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        name = f"{hint.__module__}.{hint.__qualname__}"
        if name in seen:
            return
        hints = _hints(hint)
        seen[name] = ", ".join(f"{f.name}: {hints[f.name]}" for f in _fields(hint))
        for item in _fields(hint):
            _describe(hints[item.name], seen)
        return
    for argument in get_args(hint):
        _describe(argument, seen)


# --------------------------------------------------------------------------- save and load


def save_run(
    run: ScoreRun,
    criteria_override: Path | None = None,
    *,
    audit_run: int | None = None,
    inputs: Mapping[str, str] | None = None,
) -> Path:
    """Write ``run`` to ``out/scoring-run.json.gz`` atomically; return the path."""
    project = run.project
    document = {
        "format": FORMAT_VERSION,
        "rfp": __version__,
        "code": code_fingerprint(),
        "schema": schema_fingerprint(),
        "saved": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "criteria_override": _override_text(criteria_override),
        "audit_run": audit_run,
        "readers": optional_readers(),
        "inputs": dict(
            inputs if inputs is not None else current_inputs(project, criteria_override)
        ),
    }
    header = _dumps(document)[:-1]  # the run follows, written as it is encoded
    target = project.output_dir / SAVED_FILE
    pieces = itertools.chain([header, ',"run":'], json_pieces(run, project.folder), ["}"])
    # mtime=0 keeps the file the same bytes for the same run; level 1 is 5x faster than 9.
    with (
        atomic_path(target) as temporary,
        temporary.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", compresslevel=1, fileobj=raw, mtime=0) as out,
    ):
        for batch in _batched(pieces):
            # ASCII (`_dumps`): a file name that is not UTF-8 reaches Python as lone
            # surrogates, escaped like any other character, so the loaded run points at the
            # very same files; "surrogatepass" would keep one that reached a piece unescaped.
            out.write(batch.encode("utf-8", "surrogatepass"))
    return target


def _dumps(value: Any) -> str:
    """Compact JSON in ASCII, every other character escaped: read back, the file's text is
    then one byte a character in memory, where a single curly quote in a vendor's text made
    all of it two (the same values either way; files saved before load as they did)."""
    return _ENCODER.encode(value)


_ENCODER: Final = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), allow_nan=True)
"""``json.dumps`` with these options builds an encoder a call: half a million calls at 1,000
vendors. One, shared, writes the same text."""


_BATCH_CHARACTERS: Final = 1 << 20


def _batched(pieces: Iterator[str]) -> Iterator[str]:
    """The pieces joined into runs of about a million characters: one write each."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= _BATCH_CHARACTERS:
            yield "".join(batch)
            batch, size = [], 0
    yield "".join(batch)


def json_pieces(value: Any, folder: Path) -> Iterator[str]:
    """``_dumps(_encode(value, folder))`` in pieces, encoded as they are written: at 1,000
    vendors the run's JSON is over 100 MB, and neither it nor the whole encoded run is held.

    A dataclass is written field by field and a list of dataclasses column by column, down to
    each value of a column that is not plain; anything else is encoded and written whole.
    """
    kind: Any = type(value)
    names = _saved_names(kind)
    if names is not None:
        yield from _object_pieces(
            ((name, getattr(value, name)) for name in names), kind.__name__, folder
        )
    elif (kind is list or kind is tuple) and not _PLAIN.issuperset(map(type, value)):
        yield from _sequence_pieces(value, folder)
    else:
        yield _dumps(_encode(value, folder))


def _object_pieces(fields: Iterator[tuple[str, Any]], kind: str, folder: Path) -> Iterator[str]:
    yield "{"
    for index, (name, field_value) in enumerate(fields):
        yield f"{',' if index else ''}{_dumps(name)}:"
        yield from json_pieces(field_value, folder)
    if kind in _VARIANT_NAMES:
        yield f",{_dumps(_KIND)}:{_dumps(kind)}"
    yield "}"


def _sequence_pieces(items: list[Any] | tuple[Any, ...], folder: Path) -> Iterator[str]:
    """``_encode_sequence`` in pieces: by column for one dataclass type, else item by item."""
    one = _one_dataclass(items)
    if one is None:
        yield from _column_pieces(items, folder)
        return
    kind, names = one
    yield '{"columns":{'
    for index, name in enumerate(names):
        yield f"{',' if index else ''}{_dumps(name)}:"
        yield from _column_pieces(list(map(operator.attrgetter(name), items)), folder)
    yield f'}},"length":{len(items)}'
    if kind.__name__ in _VARIANT_NAMES:
        yield f",{_dumps(_KIND)}:{_dumps(kind.__name__)}"
    yield "}"


def _column_pieces(values: list[Any] | tuple[Any, ...], folder: Path) -> Iterator[str]:
    """``_encode_column`` in pieces: whole when plain, else value by value."""
    if _PLAIN.issuperset(map(type, values)):
        yield _dumps(list(values))
        return
    yield "["
    for index, value in enumerate(values):
        if index:
            yield ","
        yield _dumps(value if type(value) in _PLAIN else _encode(value, folder))
    yield "]"


MAX_SAVED_BYTES: Final = 2 * 2**30
"""A saved run unpacks to about 0.12 GB a 1,000 vendors (1.24 GB at 10,000 x 30, from a 262 MB
file). Past 2 GB, and past ``MAX_PACKING`` times its file's size, it is a gzip bomb, not a run,
and is scored again instead of read."""
MAX_PACKING: Final = 20
"""How many times its file's size a saved run may unpack to when that is past MAX_SAVED_BYTES:
a run packs about 4 to 5 to 1, a gzip bomb about 1,000 to 1. A tender of 20,000 vendors still
loads."""


def load_run(project: Project, criteria_override: Path | None = None) -> Loaded | Stale:
    """The saved run if every input is unchanged, or why it cannot be used."""
    path = project.output_dir / SAVED_FILE
    if not path.is_file():
        return Stale("no saved run in out/ (rfp score saves one)")
    with contextlib.ExitStack() as stack:
        # Only opening is guarded here: `_Unpacked` reports what goes wrong as the file is read,
        # and an input that cannot be fingerprinted is the scoring's to report, not this file's.
        try:
            stream = stack.enter_context(gzip.open(path, "rb"))
            limit = _unpacked_limit(path)
        except OSError:
            return Stale(f"{SAVED_FILE} cannot be read")
        stack.enter_context(collector.paused())
        return _load(_Cursor(_Unpacked(stream, limit)), path, project, criteria_override)


def _load(
    cursor: _Cursor, path: Path, project: Project, criteria_override: Path | None
) -> Loaded | Stale:
    """The run the file under ``cursor`` holds, unpacked as it is read: its header first (a
    stale run is never read further), then the run a value at a time; a file not laid out as
    ``save_run`` writes it is read and parsed whole."""
    document = _header_and_run(cursor)
    whole = document is None
    if document is None:
        found = _whole_document(path)
        if isinstance(found, Stale):
            return found
        document = found
    stale = _stale_header(document, criteria_override)
    if stale is not None:
        return stale
    inputs = current_inputs(project, criteria_override)
    changes = describe_changes(document.get("inputs"), inputs)
    if changes:
        return Stale(f"inputs changed since the last `rfp score`: {changes}")
    readers = _readers_changed(document.get("readers"), inputs)
    if readers:
        return Stale(readers)
    try:
        run = _decode_run(document["run"], project) if whole else _decode_run_at(cursor, project)
    except _TooLargeError as error:
        return Stale(error.reason)
    except (
        SavedRunError,
        KeyError,
        TypeError,
        ValueError,
        OverflowError,
        RecursionError,
    ) as error:
        return Stale(f"{SAVED_FILE} does not hold a usable run ({error})")
    audit_run = document.get("audit_run")
    return Loaded(
        run=run,
        saved=str(document.get("saved", "")),
        audit_run=audit_run if isinstance(audit_run, int) else None,
    )


def _unpacked_limit(path: Path) -> int:
    """The most bytes the saved file may unpack to before it is taken for a gzip bomb."""
    return max(MAX_SAVED_BYTES, MAX_PACKING * path.stat().st_size)


def _whole_document(path: Path) -> dict[str, Any] | Stale:
    """The saved document unpacked and parsed whole, the run in it: only for a file not laid
    out as ``save_run`` writes it (`_load` reads the others a piece at a time)."""
    try:
        limit = _unpacked_limit(path)
        with gzip.open(path, "rb") as stream:
            document = json.loads(_Unpacked(stream, limit).more(limit + 1))
    except _TooLargeError as error:
        return Stale(error.reason)
    except (OSError, SavedRunError, ValueError, RecursionError):
        return Stale(f"{SAVED_FILE} cannot be read")
    if not isinstance(document, dict):
        return Stale(f"{SAVED_FILE} is not a saved run")
    return document


def _stale_header(document: dict[str, Any], criteria_override: Path | None) -> Stale | None:
    if document.get("format") != FORMAT_VERSION or document.get("schema") != schema_fingerprint():
        return Stale(f"{SAVED_FILE} was saved in another format")
    if document.get("rfp") != __version__ or document.get("code") != code_fingerprint():
        return Stale(f"{SAVED_FILE} was saved by another build of rfp ({document.get('rfp')})")
    if document.get("criteria_override") != _override_text(criteria_override):
        return Stale("the --criteria folder differs from the saved run's")
    return None


def optional_readers() -> dict[str, bool]:
    """Which readers that depend on a program outside Python can run here.

    An .odt proposal is read only where LibreOffice is installed: a run saved without it
    refused those files, so installing it (or removing it) must score them again.
    """
    return {"odt": shutil.which("soffice") is not None}


def _readers_changed(saved: object, inputs: Mapping[str, str]) -> str:
    """Why the saved run's readers differ from this machine's, for inputs they read; or ""."""
    if not any(path.casefold().endswith(".odt") for path in inputs):
        return ""
    before = saved.get("odt") if isinstance(saved, dict) else None
    now = optional_readers()["odt"]
    if before == now:
        return ""
    state = "is installed now" if now else "is no longer installed"
    return f"LibreOffice, which reads the .odt proposals, {state}"


def describe_changes(saved: object, now: Mapping[str, str]) -> str:
    """Changed, added and removed inputs as one line, the first few by name."""
    before = saved if isinstance(saved, dict) else {}
    changed = sorted(
        [p for p in now if before.get(p) != now[p]] + [p for p in before if p not in now]
    )
    if not changed:
        return ""
    shown = "; ".join(changed[:_SHOWN_CHANGES])
    more = len(changed) - _SHOWN_CHANGES
    return shown + (f" and {more} more" if more > 0 else "")


def _override_text(criteria_override: Path | None) -> str:
    return "" if criteria_override is None else criteria_override.resolve().as_posix()


# --------------------------------------------------------------------------- the codec


def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(f for f in dataclasses.fields(cls) if f.name not in _NOT_SAVED)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    module = sys.modules[cls.__module__]
    return typing.get_type_hints(cls, globalns=vars(module), localns=_HINT_NAMES)


_PLAIN = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _saved_names(kind: type) -> tuple[str, ...] | None:
    """The saved field names of a dataclass type, or None for any other type."""
    if dataclasses.is_dataclass(kind):
        return tuple(f.name for f in _fields(kind))
    return None


def _encode(value: Any, folder: Path) -> Any:
    """Plain JSON data for ``value``; SavedRunError for a type the codec does not know."""
    kind: Any = type(value)
    if kind in _PLAIN:
        return value
    names = _saved_names(kind)
    if names is not None:
        encoded = {name: _encode(getattr(value, name), folder) for name in names}
        if kind.__name__ in _VARIANT_NAMES:
            encoded[_KIND] = kind.__name__
        return encoded
    if kind is list or kind is tuple:
        # Most of a run's lists are short runs of plain values (a match's terms): as they are.
        if _PLAIN.issuperset(map(type, value)):
            return list(value)
        return _encode_sequence(value, folder)
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, np.generic):
        return _encode(value.item(), folder)
    if isinstance(value, Path):
        return _path_text(value, folder)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, pd.DataFrame):
        return _encode_frame(value, folder)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name), folder) for f in _fields(type(value))}
    if isinstance(value, list | tuple):
        return [_encode(item, folder) for item in value]
    if isinstance(value, dict):
        return [[_encode(k, folder), _encode(v, folder)] for k, v in value.items()]
    raise SavedRunError(f"cannot save a {type(value).__name__}")


def _encode_sequence(items: list[Any] | tuple[Any, ...], folder: Path) -> Any:
    """A list; a list of one dataclass type is written by column (``{"columns": {...}}``): a
    field's name is written once, not once per item, and loading builds the items in one pass."""
    one = _one_dataclass(items)
    if one is None:
        return _encode_column(items, folder)
    kind, names = one
    encoded: dict[str, Any] = {
        "columns": {
            name: _encode_column(list(map(operator.attrgetter(name), items)), folder)
            for name in names
        },
        "length": len(items),
    }
    if kind.__name__ in _VARIANT_NAMES:
        encoded[_KIND] = kind.__name__
    return encoded


def _one_dataclass(items: list[Any] | tuple[Any, ...]) -> tuple[type, tuple[str, ...]] | None:
    """The one dataclass type every item is, with its saved field names; None for items of
    several types or of another kind, which are written one by one."""
    kinds: set[type] = {type(item) for item in items}
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    names = _saved_names(kind)
    return None if names is None else (kind, names)


def _encode_column(values: list[Any] | tuple[Any, ...], folder: Path) -> list[Any]:
    """``values`` encoded one by one, or as they are when all are plain: most of a run's
    columns (names, scores, quotes) are, and one look at their types costs far less than a
    call per value."""
    if _PLAIN.issuperset(map(type, values)):
        return list(values)
    return [value if type(value) in _PLAIN else _encode(value, folder) for value in values]


def _path_text(path: Path, folder: Path) -> str:
    """Paths inside the project are saved relative to it, so a moved project still loads."""
    with contextlib.suppress(ValueError):
        return "./" + path.relative_to(folder).as_posix()
    return path.as_posix()


def _encode_frame(frame: pd.DataFrame, folder: Path) -> dict[str, Any]:
    if isinstance(frame.index, pd.MultiIndex) or isinstance(frame.columns, pd.MultiIndex):
        raise SavedRunError("cannot save a table with a multi-level index")
    return {
        "index": [_encode(item, folder) for item in frame.index.tolist()],
        "index_name": _encode(frame.index.name, folder),
        "index_dtype": str(frame.index.dtype),
        "columns": [_encode(item, folder) for item in frame.columns.tolist()],
        "columns_name": _encode(frame.columns.name, folder),
        "dtypes": [str(dtype) for dtype in frame.dtypes],
        "values": [[_encode(item, folder) for item in frame[c].tolist()] for c in frame.columns],
    }


def _decode_frame(data: Any) -> pd.DataFrame:
    if not isinstance(data, dict) or len(data["columns"]) != len(data["values"]):
        raise SavedRunError("a table is malformed")
    index = pd.Index(data["index"], dtype=_dtype(data["index_dtype"]), name=data["index_name"])
    columns = {
        position: pd.Series(values, index=index, dtype=_dtype(dtype))
        for position, (values, dtype) in enumerate(zip(data["values"], data["dtypes"], strict=True))
    }
    frame = pd.DataFrame(columns, index=index)
    frame.columns = pd.Index(data["columns"], name=data["columns_name"])
    return frame


_DTYPES = frozenset({"object", "float64", "int64", "bool", "str", "string"})


def _dtype(name: object) -> str:
    if name not in _DTYPES:
        raise SavedRunError(f"a table column has an unexpected type {name!r}")
    return str(name)


Decoder = Callable[[Any, Path], Any]
"""Rebuilds one value from JSON data and the project folder, checking its type on the way."""


def _decode_run(data: Any, project: Project) -> ScoreRun:
    if not isinstance(data, dict):
        raise SavedRunError("not a scoring run")
    run = _decoder(ScoreRun)({**data, "project": None}, project.folder)
    if not isinstance(run, ScoreRun):
        raise SavedRunError("not a scoring run")
    run.project = project
    return run


@functools.cache
def _decoder(hint: Any) -> Decoder:
    """The decoder for values of type ``hint``, built once per type: a run holds 10^5 values."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return _union_decoder(get_args(hint))
    if origin is Literal:
        return _literal_decoder(get_args(hint))
    if origin in (list, tuple, dict):
        return _container_decoder(origin, get_args(hint))
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _variant_decoder(hint) if hint in _VARIANTS else _dataclass_decoder(hint)
    return _scalar_decoder(hint)


def _variant_decoder(base: type) -> Decoder:
    """Rebuilds a value saved as one of ``base``'s known subclasses as that subclass."""
    plain = _dataclass_decoder(base)
    variants = {variant.__name__: _dataclass_decoder(variant) for variant in _VARIANTS[base]}

    def decode(data: Any, folder: Path) -> Any:
        if isinstance(data, dict) and _KIND in data:
            name = data[_KIND]
            if name not in variants:
                raise SavedRunError(f"{name!r} is not a kind of {base.__name__}")
            return variants[name]({k: v for k, v in data.items() if k != _KIND}, folder)
        return plain(data, folder)

    return decode


def _literal_decoder(options: tuple[Any, ...]) -> Decoder:
    def decode(data: Any, folder: Path) -> Any:
        if data not in options:
            raise SavedRunError(f"{data!r} is not one of {options}")
        return data

    return decode


def _union_decoder(options: tuple[Any, ...]) -> Decoder:
    optional = type(None) in options
    decoders = [_decoder(option) for option in options if option is not type(None)]

    def decode(data: Any, folder: Path) -> Any:
        if data is None and optional:
            return None
        for decoder in decoders:
            with contextlib.suppress(SavedRunError, TypeError, ValueError, KeyError, OverflowError):
                return decoder(data, folder)
        raise SavedRunError(f"{type(data).__name__} value fits none of {options}")

    return decode


def _container_decoder(origin: Any, arguments: tuple[Any, ...]) -> Decoder:
    items = [argument for argument in arguments if argument is not Ellipsis]
    decoders = [_decoder(argument) for argument in items]
    many = _many_decoder(items[0]) if items else None

    def decode(data: Any, folder: Path) -> Any:
        if origin is dict:
            if not isinstance(data, list):
                raise SavedRunError(f"expected a list, found {type(data).__name__}")
            key, value = decoders
            return {key(k, folder): value(v, folder) for k, v in data}
        if origin is tuple and arguments[-1] is not Ellipsis:
            if not isinstance(data, list) or len(decoders) != len(data):
                raise SavedRunError("a fixed-length tuple has the wrong length")
            return tuple(d(item, folder) for d, item in zip(decoders, data, strict=True))
        assert many is not None
        values = many(data, folder)
        return values if origin is list else tuple(values)

    return decode


Many = Callable[[Any, Path], list[Any]]
"""Rebuilds a list of values of one type (a column, or a list field), checking every one."""


def _many_decoder(hint: Any) -> Many:
    """Decodes a list of ``hint`` values.

    A run holds 10^6 values, most of them in columns, so the common columns are checked whole
    rather than value by value: plain values by the set of their types, lists of plain values
    likewise, dataclasses by column, and a column of sequences of one dataclass (every match's
    evidence) as one column of them all. A list none of these fit is decoded value by value
    through ``_decoder(hint)``, which accepts what it always did and names the first bad value.
    """
    each = _decoder(hint)
    fast = _plain_many(hint, each) or _sequences_many(hint, each)
    if fast is not None:
        return fast
    columns = _columns_decoder(hint) if _is_dataclass_type(hint) else None

    def decode(data: Any, folder: Path) -> list[Any]:
        if isinstance(data, dict) and _KIND in data and hint in _VARIANTS:
            variant = _VARIANT_NAMES.get(data[_KIND])
            if variant is None or variant not in _VARIANTS[hint]:
                raise SavedRunError(f"{data[_KIND]!r} is not a kind of {hint.__name__}")
            return _columns_decoder(variant)(data, folder)
        if isinstance(data, dict) and columns is not None:
            return columns(data, folder)
        return _one_by_one(each, data, folder)

    return decode


def _is_dataclass_type(hint: Any) -> bool:
    return dataclasses.is_dataclass(hint) and isinstance(hint, type)


def _one_by_one(each: Decoder, data: Any, folder: Path) -> list[Any]:
    if not isinstance(data, list):
        raise SavedRunError(f"expected a list, found {type(data).__name__}")
    return [each(item, folder) for item in data]


def _plain_types(hint: Any) -> frozenset[type] | None:
    """The types a value of ``hint`` is read as when ``hint`` is str, int, bool or float, or
    one of them or None; None for any other hint."""
    options = get_args(hint) if get_origin(hint) in (Union, types.UnionType) else (hint,)
    plain = [option for option in options if option is not type(None)]
    if len(plain) != 1 or plain[0] not in (str, int, bool, float):
        return None
    return frozenset(plain if len(plain) == len(options) else [*plain, type(None)])


def _plain_many(hint: Any, each: Decoder) -> Many | None:
    """A column of plain values, its types checked at once. JSON writes a whole float as
    ``1.0``, so an int in a float column comes from elsewhere: made a float, as one by one."""
    allowed = _plain_types(hint)
    if allowed is None:
        return None
    widened = allowed | {int} if float in allowed else allowed

    def decode(data: Any, folder: Path) -> list[Any]:
        if isinstance(data, list):
            found = set(map(type, data))
            if found <= allowed:
                return _strings_once(data) if str in found else data
            if found <= widened:
                return [float(value) if type(value) is int else value for value in data]
        return _one_by_one(each, data, folder)

    return decode


def _sequence_item(hint: Any) -> tuple[Any, Any] | None:
    """(list or tuple, item type) for ``list[X]`` and ``tuple[X, ...]``; None for other hints."""
    origin, arguments = get_origin(hint), get_args(hint)
    if origin is list and len(arguments) == 1:
        return list, arguments[0]
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        return tuple, arguments[0]
    return None


def _sequences_many(hint: Any, each: Decoder) -> Many | None:
    """A column of lists or tuples: of plain values, every value's type checked at once; of one
    dataclass (not one with kinds), rebuilt as one column (``_nested_columns``)."""
    sequence = _sequence_item(hint)
    if sequence is None:
        return None
    origin, item = sequence
    if _is_dataclass_type(item) and item not in _VARIANTS:
        return _nested_columns(origin, item, each)
    allowed = _plain_types(item)
    if allowed is None:
        return None

    def decode(data: Any, folder: Path) -> list[Any]:
        if (
            isinstance(data, list)
            and set(map(type, data)) <= {list}
            and set(map(type, itertools.chain.from_iterable(data))) <= allowed
        ):
            if str in allowed:  # each string the rows repeat as one object (`_strings_once`)
                kept: dict[str, str] = {}
                keep = kept.setdefault
                data = [[keep(v, v) if type(v) is str else v for v in row] for row in data]
            return data if origin is list else list(map(tuple, data))
        return _one_by_one(each, data, folder)

    return decode


def _nested_columns(origin: Any, cls: type, each: Decoder) -> Many:
    """A column of sequences of ``cls``, each saved by column (``{"columns": ..., "length":
    n}``, or ``[]`` when empty): their columns are joined into one, decoded and built at once,
    then cut back into sequences. 70,000 matches' evidence then costs one column, not 70,000."""
    names = [f.name for f in _fields(cls)]
    expected = set(names)
    columns = _columns_decoder(cls)

    def by_column(item: Any) -> bool:
        return (
            type(item) is dict
            and item.keys() == {"columns", "length"}
            and type(item["length"]) is int
            and type(item["columns"]) is dict
            and item["columns"].keys() == expected
        )

    def decode(data: Any, folder: Path) -> list[Any]:
        if not isinstance(data, list):
            return _one_by_one(each, data, folder)
        saved = [item for item in data if not (type(item) is list and not item)]
        if not all(map(by_column, saved)):
            return _one_by_one(each, data, folder)
        lengths = [item["length"] for item in saved]
        joined: dict[str, list[Any]] = {}
        for name in names:
            parts = [item["columns"][name] for item in saved]
            if not set(map(type, parts)) <= {list} or list(map(len, parts)) != lengths:
                raise SavedRunError(f"the {cls.__name__} columns differ in length")
            joined[name] = list(itertools.chain.from_iterable(parts))
        built = iter(columns({"columns": joined, "length": sum(lengths)}, folder))
        return [
            origin(itertools.islice(built, item["length"])) if item else origin() for item in data
        ]

    return decode


def _columns_decoder(cls: type) -> Many:
    names = [f.name for f in _fields(cls)]
    build = _columns_builder(cls, names)
    decoders: dict[str, Many] = {}

    def decode(data: Any, folder: Path) -> list[Any]:
        if not decoders:  # filled on first use: a class may refer to itself
            hints = _hints(cls)
            decoders.update({name: _many_decoder(hints[name]) for name in names})
        columns, length = data.get("columns"), data.get("length")
        if type(length) is not int:
            raise SavedRunError(f"the {cls.__name__} columns have no length")
        if not isinstance(columns, dict) or set(columns) != set(names):
            raise SavedRunError(f"{cls.__name__} has other fields than this rfp's")
        values = [decoders[name](columns[name], folder) for name in names]
        if any(len(column) != length for column in values):
            raise SavedRunError(f"the {cls.__name__} columns differ in length")
        return build(values, length)

    return decode


def _columns_builder(cls: type, names: list[str]) -> Callable[[list[list[Any]], int], list[Any]]:
    """Makes the ``length`` instances of a column of ``cls`` from its field columns. Column by
    column when ``__init__`` only sets fields (as in ``_builder``): each field is set on every
    instance by one ``map``, with no dict or call per instance."""
    every = {f.name: f.init for f in dataclasses.fields(cls)}
    if hasattr(cls, "__post_init__") or not all(every.values()):
        build = _builder(cls)
        return lambda values, length: [
            build(dict(zip(names, row, strict=True))) for row in zip(*values, strict=True)
        ]
    # A slot's own descriptor sets it without looking the name up: a third faster.
    slots = {
        name: slot.__set__
        for name in names
        if isinstance(slot := getattr(cls, name, None), types.MemberDescriptorType)
    }

    def by_column(values: list[list[Any]], length: int) -> list[Any]:
        built: list[Any] = list(map(object.__new__, itertools.repeat(cls, length)))
        for name, column in zip(names, values, strict=True):
            if name in slots:
                setting = map(slots[name], built, column)
            else:
                setting = map(object.__setattr__, built, itertools.repeat(name), column)
            collections.deque(setting, maxlen=0)
        return built

    return by_column


def _builder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """Makes an instance from its field values: through ``__init__`` when the class checks its
    values there, else by setting the fields directly (ten times faster for frozen classes)."""
    every = {f.name: f.init for f in dataclasses.fields(cls)}
    checked = hasattr(cls, "__post_init__")
    if not checked and all(every.values()):
        new = object.__new__
        if "__slots__" in vars(cls):  # no instance __dict__: each field set in its slot
            setter = object.__setattr__

            def fast_slots(values: dict[str, Any]) -> Any:
                built: Any = new(cls)
                for name, value in values.items():
                    setter(built, name, value)
                return built

            return fast_slots

        def fast(values: dict[str, Any]) -> Any:
            built: Any = new(cls)
            built.__dict__.update(values)
            return built

        return fast

    def slow(values: dict[str, Any]) -> Any:
        built = cls(**{name: value for name, value in values.items() if every[name]})
        for name, value in values.items():
            if not every[name]:
                object.__setattr__(built, name, value)
        return built

    return slow


def _dataclass_decoder(cls: type) -> Decoder:
    hints = _hints(cls)
    names = _field_names(cls)[1]
    decoders: dict[str, Decoder] = {}
    build = _builder(cls)

    def decode(data: Any, folder: Path) -> Any:
        if not decoders:  # filled on first use: a class may refer to itself
            decoders.update({name: _decoder(hints[name]) for name in names})
        if not isinstance(data, dict):
            raise SavedRunError(f"{cls.__name__} has other fields than this rfp's")
        _check_fields(cls, data)
        return build(
            {
                name: decoders[name](value, folder) if name in names else value
                for name, value in data.items()
            }
        )

    return decode


@functools.cache
def _field_names(cls: type) -> tuple[frozenset[str], frozenset[str]]:
    """Every field of ``cls``, and those saved."""
    every = frozenset(f.name for f in dataclasses.fields(cls))
    return every, frozenset(f.name for f in _fields(cls))


def _check_fields(cls: type, values: Mapping[str, Any]) -> None:
    """Refuse values for a field ``cls`` lacks, or lacking one it saves."""
    every, saved = _field_names(cls)
    if values.keys() - every or saved - values.keys():
        raise SavedRunError(f"{cls.__name__} has other fields than this rfp's")


def _scalar_decoder(hint: Any) -> Decoder:
    if hint is float:
        return _decode_float
    if hint in (str, int, bool):
        return functools.partial(_decode_exact, hint)
    if hint is Path:
        return _decode_path
    if hint in (dt.date, dt.time, dt.datetime):
        return functools.partial(_decode_moment, hint)
    if hint is pd.DataFrame:
        return lambda data, folder: _decode_frame(data)
    raise SavedRunError(f"cannot load a {hint}")


def _decode_float(data: Any, folder: Path) -> float:
    if isinstance(data, bool) or not isinstance(data, int | float):
        raise SavedRunError(f"expected a number, found {data!r}")
    return float(data)


def _decode_exact(hint: type, data: Any, folder: Path) -> Any:
    if type(data) is not hint:
        raise SavedRunError(f"expected {hint.__name__}, found {type(data).__name__}")
    return data


def _decode_moment(hint: type[dt.date | dt.time], data: Any, folder: Path) -> Any:
    if not isinstance(data, str):
        raise SavedRunError("expected a date or time")
    return hint.fromisoformat(data)


def _decode_path(data: Any, folder: Path) -> Path:
    if not isinstance(data, str):
        raise SavedRunError("expected a path")
    if data.startswith("./"):
        return folder / data[2:]
    return Path(data)


# --------------------------------------------------------------------------- read a value at a time

# A run's JSON parsed whole is about five times its text in Python objects (0.5 GB a 1,000
# vendors), and the text itself 1.24 GB at 10,000: the file is unpacked a piece at a time and
# the run read a field at a time, the matches a column at a time and their evidence a slice of
# matches at a time, each decoded before the next is parsed, as the whole document would be.
# The file is the one ``save_run`` has always written.

_SPACE: Final = re.compile(r"[ \t\n\r]*")
_SPACES: Final = frozenset(" \t\n\r")
EVIDENCE_SLICE: Final = 4096
"""Matches whose evidence is parsed and decoded at a time."""
TEXT_PIECE: Final = 1 << 22
"""Bytes unpacked at a time; a value longer than the text held is read with as much again."""


class _TooLargeError(SavedRunError):
    """The file unpacks past its limit: a gzip bomb, not a run."""

    def __init__(self, limit: int) -> None:
        self.reason = f"{SAVED_FILE} unpacks to more than {limit // 2**20:,} MB"
        super().__init__(self.reason)


class _Unpacked:
    """The saved file's text, unpacked and decoded a piece at a time (never held whole), up
    to ``limit`` bytes."""

    def __init__(self, stream: gzip.GzipFile, limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self._unpacked = 0
        # UTF-8 with lone surrogates passed through: runs saved before 2 December
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        self.ended = False

    def more(self, least: int) -> str:
        """At least ``least`` more characters, fewer only at the file's end ("" after it)."""
        pieces: list[str] = []
        count = 0
        while count < least and not self.ended:
            try:
                raw = self._stream.read(max(least - count, TEXT_PIECE))
            except (OSError, EOFError, zlib.error) as error:
                raise SavedRunError(f"the file is damaged or cut short: {error}") from None
            self._unpacked += len(raw)
            if self._unpacked > self._limit:
                raise _TooLargeError(self._limit)
            self.ended = not raw
            piece = self._decoder.decode(raw, final=self.ended)
            pieces.append(piece)
            count += len(piece)
        return "".join(pieces)


class _Cursor:
    """A place in a JSON text read a value at a time (``json.JSONDecoder.raw_decode``), the
    text unpacked from ``source`` as it is needed and let go once read."""

    def __init__(self, source: _Unpacked) -> None:
        self.text = ""
        self.at = 0
        self._source = source
        self._let_go = 0  # characters read and let go before ``text``
        self._decode = json.JSONDecoder().raw_decode

    @property
    def position(self) -> int:
        """Characters from the start of the document."""
        return self._let_go + self.at

    def rewind(self, position: int) -> bool:
        """Go back to ``position`` if its text is still held."""
        if position < self._let_go:
            return False
        self.at = position - self._let_go
        return True

    def _fill(self) -> bool:
        """More text after what is held, what is read let go; False at the document's end."""
        if self._source.ended:
            return False
        rest = self.text[self.at :]
        more = self._source.more(max(TEXT_PIECE, len(rest)))
        self._let_go += self.at
        self.text, self.at = rest + more, 0
        return bool(more)

    def _held(self, count: int) -> None:
        """Hold at least ``count`` characters from here, where the document has them."""
        while len(self.text) - self.at < count and self._fill():
            pass

    def skip_space(self) -> None:
        self._held(1)
        while self.text[self.at : self.at + 1] in _SPACES:  # none where save_run wrote it
            self.at = _SPACE.match(self.text, self.at).end()  # type: ignore[union-attr]
            self._held(1)

    def next_is(self, char: str) -> bool:
        self.skip_space()
        self._held(len(char))
        return self.text.startswith(char, self.at)

    def take(self, char: str) -> bool:
        if not self.next_is(char):
            return False
        self.at += len(char)
        return True

    def expect(self, char: str) -> None:
        if not self.take(char):
            raise SavedRunError(f"expected {char!r} at character {self.position:,}")

    def value(self) -> Any:
        """The value here; one that reaches the end of the text held (or fails to parse
        there) is parsed again with more, as its end, a number's last digit, may follow."""
        self.skip_space()
        while True:
            try:
                value, end = self._decode(self.text, self.at)
            except json.JSONDecodeError:
                if self._fill():
                    continue
                raise
            if end < len(self.text) or not self._fill():
                self.at = end
                return value

    def at_end(self) -> bool:
        """Whether nothing but space is left."""
        self.skip_space()
        return self.at == len(self.text)

    def key(self) -> str:
        name = self.value()
        if type(name) is not str:
            raise SavedRunError(f"expected a name at character {self.position:,}")
        self.expect(":")
        return name

    def members(self) -> Iterator[str]:
        """The names of the object that starts here, each followed by its value for the caller
        to read; the closing brace is taken after the last."""
        self.expect("{")
        if self.take("}"):
            return
        while True:
            yield self.key()
            if not self.take(","):
                break
        self.expect("}")


_HEADER: Final = frozenset(
    (
        "format",
        "rfp",
        "code",
        "schema",
        "saved",
        "criteria_override",
        "audit_run",
        "readers",
        "inputs",
    )
)
"""The fields ``save_run`` writes before the run."""


def _header_and_run(cursor: _Cursor) -> dict[str, Any] | None:
    """The document's fields before "run", the cursor left where the run's value starts; None
    when the text is not laid out as ``save_run`` writes it, every other field first (it is
    then parsed whole, and judged as before)."""
    header: dict[str, Any] = {}
    try:
        for name in cursor.members():
            if name == "run":
                return header if header.keys() >= _HEADER else None
            header[name] = cursor.value()
    except (SavedRunError, ValueError, RecursionError):
        return None
    return None


def _decode_run_at(cursor: _Cursor, project: Project) -> ScoreRun:
    """The run whose value starts at ``cursor``, decoded a field at a time as `_decode_run`
    decodes it whole; nothing but the document's end may follow it."""
    hints = _hints(ScoreRun)
    values: dict[str, Any] = {}
    for name in cursor.members():
        if name not in hints or name in _NOT_SAVED:
            raise SavedRunError("ScoreRun has other fields than this rfp's")
        values[name] = _field_value(cursor, hints[name], project.folder)
    cursor.expect("}")
    if not cursor.at_end():
        raise SavedRunError(f"more follows the run at character {cursor.position:,}")
    values["project"] = None
    _check_fields(ScoreRun, values)
    run: ScoreRun = _builder(ScoreRun)(values)
    run.project = project
    return run


def _field_value(cursor: _Cursor, hint: Any, folder: Path) -> Any:
    """The value at ``cursor`` decoded as ``hint``: a list of one dataclass saved by column a
    column at a time, anything else whole."""
    origin, item = _sequence_item(hint) or (None, object)
    start = cursor.position
    by_column = origin is list and _is_dataclass_type(item) and item not in _VARIANTS
    if by_column and cursor.next_is('{"columns":'):
        try:
            return _columns_in_turn(cursor, item, folder)
        except _TooLargeError:
            raise
        except (SavedRunError, ValueError, TypeError, KeyError):
            # not as written: decoded whole, which says what is wrong, while it is held
            if not cursor.rewind(start):
                raise
    return _decoder(hint)(cursor.value(), folder)


def _columns_in_turn(cursor: _Cursor, cls: type, folder: Path) -> list[Any]:
    """``{"columns": {...}, "length": n}`` of ``cls`` decoded a column at a time, with the
    checks of `_columns_decoder`."""
    names = [f.name for f in _fields(cls)]
    hints = _hints(cls)
    columns: dict[str, list[Any]] = {}
    length: Any = None
    for part in cursor.members():
        if part == "length":
            length = cursor.value()
            continue
        if part != "columns":
            raise SavedRunError(f"the {cls.__name__} columns hold {part!r}")
        for name in cursor.members():
            if name not in names:
                raise SavedRunError(f"{cls.__name__} has other fields than this rfp's")
            columns[name] = _column_in_slices(cursor, hints[name], folder)
    if type(length) is not int:
        raise SavedRunError(f"the {cls.__name__} columns have no length")
    if set(columns) != set(names):
        raise SavedRunError(f"{cls.__name__} has other fields than this rfp's")
    values = [columns.pop(name) for name in names]
    if any(len(column) != length for column in values):
        raise SavedRunError(f"the {cls.__name__} columns differ in length")
    return _columns_builder(cls, names)(values, length)


def _column_in_slices(cursor: _Cursor, hint: Any, folder: Path) -> list[Any]:
    """A column of ``hint`` values: one of sequences of a dataclass (each match's evidence)
    parsed and decoded ``EVIDENCE_SLICE`` values at a time, any other whole."""
    many = _many_decoder(hint)
    sequence = _sequence_item(hint)
    if sequence is None or not _is_dataclass_type(sequence[1]) or not cursor.next_is("["):
        return many(cursor.value(), folder)
    decoded: list[Any] = []
    cursor.expect("[")
    batch: list[Any] = []
    if not cursor.take("]"):
        while True:
            batch.append(cursor.value())
            if len(batch) == EVIDENCE_SLICE:
                decoded += many(batch, folder)
                batch = []
            if not cursor.take(","):
                break
        cursor.expect("]")
    return decoded + many(batch, folder) if batch else decoded


def _strings_once(values: list[Any]) -> list[Any]:
    """``values`` with each string they repeat as one object: JSON gives every occurrence its
    own, so a run read back held a passage quoted for several criteria, or a vendor's name on
    each of its rows, once per occurrence."""
    kept: dict[str, str] = {}
    keep = kept.setdefault
    return [keep(value, value) if type(value) is str else value for value in values]
