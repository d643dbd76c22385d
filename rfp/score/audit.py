"""The audit trail: what went into every scoring run and what came out, in ``out/audit.sqlite``.

Why: a sourcing decision gets challenged months later ("was our revised proposal scored?",
"who changed the weights?"). Each run records the time (UTC), the rfp version, the sha256 of
every input file (rfp.yaml, the criteria files used, every proposal file and workbook, every
evaluator sheet read), the effective weights, the evaluator sheets merged and the ranking.

A run is written in one transaction, so a crash never leaves half a run. The database is
appended to, never rewritten, so it does not go through ``atomic_path``: SQLite's own journal
gives the same guarantee. A ``schema_version`` table lets a later rfp migrate or refuse.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rfp._version import __version__
from rfp.core import resources
from rfp.core.files import printable
from rfp.errors import RFPError

if TYPE_CHECKING:
    from rfp.score.run import Evaluations, EvaluatorSheet, ScoreRun

AUDIT_FILE = "audit.sqlite"
SCHEMA_VERSION = 3
BUILTIN_PREFIX = "builtin:"

_STAGE_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS stage_ranking (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        rank INTEGER NOT NULL,
        vendor TEXT NOT NULL,
        total REAL,
        written REAL NOT NULL,
        stage_scores TEXT NOT NULL,
        standing TEXT NOT NULL,
        PRIMARY KEY (run_id, rank)
    )""",
)
"""Schema 3: the ranking after the scored stages (orals ...), one row per vendor."""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time_utc TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        project TEXT NOT NULL,
        reference TEXT NOT NULL,
        aggregate TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS inputs (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        path TEXT NOT NULL,
        role TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (run_id, path)
    )""",
    """CREATE TABLE IF NOT EXISTS weights (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        kind TEXT NOT NULL CHECK (kind IN ('area', 'criterion')),
        item TEXT NOT NULL,
        points REAL NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (run_id, kind, item)
    )""",
    """CREATE TABLE IF NOT EXISTS evaluator_sheets (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        evaluator TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (run_id, evaluator)
    )""",
    """CREATE TABLE IF NOT EXISTS ranking (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        rank INTEGER NOT NULL,
        vendor TEXT NOT NULL,
        total REAL NOT NULL,
        disqualified INTEGER NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT '',
        to_confirm TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (run_id, rank)
    )""",
    *_STAGE_SCHEMA,
)
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    # Schema 2 (issue 12): each vendor's status and the items left to confirm. Runs recorded
    # before it keep '' in both: they were never asked.
    2: (
        "ALTER TABLE ranking ADD COLUMN status TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE ranking ADD COLUMN to_confirm TEXT NOT NULL DEFAULT ''",
    ),
    # Schema 3: the ranking after the scored later stages; runs before it have no rows.
    3: _STAGE_SCHEMA,
}
"""Statements that bring an older database up to each schema version, applied in order."""
_TABLES = ("schema_version", "runs", "inputs", "weights", "evaluator_sheets", "ranking")


class AuditError(RFPError):
    """Raised when the audit database cannot be read or written, or a run does not exist."""


@dataclass(frozen=True)
class InputFile:
    """One file a run read, by path (project-relative where possible) and content hash."""

    path: str
    role: str  # spec, criteria, proposal, workbook, evaluator_sheet, consensus, blind_key, skipped
    sha256: str
    size: int


@dataclass(frozen=True)
class SheetUsed:
    """An evaluator sheet merged into a run."""

    evaluator: str
    path: str
    sha256: str


@dataclass(frozen=True)
class RankedVendor:
    """One line of a run's ranking."""

    rank: int
    vendor: str
    total: float
    disqualified: bool
    reason: str
    status: str = ""
    """qualified, to be confirmed or disqualified; "" in runs recorded before schema 2."""
    to_confirm: str = ""


@dataclass(frozen=True)
class StagedRank:
    """One line of a run's ranking after the scored stages (schema 3)."""

    rank: int
    vendor: str
    total: float | None
    written: float
    stage_scores: str  # "orals 84.00"; a stage not scored reads "orals -"
    standing: str


@dataclass(frozen=True)
class RunRecord:
    """Everything recorded about one scoring run."""

    time: str  # UTC, ISO 8601, e.g. 2027-02-15T10:04:05Z
    tool_version: str
    project: str
    reference: str
    aggregate: str
    inputs: tuple[InputFile, ...]
    area_points: dict[str, float]
    criterion_points: dict[str, float]
    evaluator_sheets: tuple[SheetUsed, ...]
    ranking: tuple[RankedVendor, ...]
    stage_ranking: tuple[StagedRank, ...] = ()
    """The ranking after the scored stages held, when any was."""


@dataclass(frozen=True)
class RunSummary:
    """One line of ``rfp audit``: a past run at a glance."""

    id: int
    time: str
    tool_version: str
    reference: str
    inputs: int
    evaluators: tuple[str, ...]
    vendors: int
    leader: str | None  # rank 1


@dataclass(frozen=True)
class RunDetail:
    """A recorded run in full."""

    id: int
    record: RunRecord


@dataclass(frozen=True)
class InputChanges:
    """How the inputs of run ``b`` differ from run ``a``, by path."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


# --------------------------------------------------------------------------- building a record


def sha256_file(path: Path) -> str:
    """The file's sha256, read in chunks so large PDFs do not fill memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def display_path(path: Path, project_folder: Path) -> str:
    """Project-relative for project files, ``builtin:criteria/x.yaml`` for shipped ones; a name
    that is not valid UTF-8 is shown escaped, as everywhere else."""
    return printable(_display_path(path, project_folder))


def _display_path(path: Path, project_folder: Path) -> str:
    resolved = path.resolve()
    with contextlib.suppress(ValueError):
        return resolved.relative_to(project_folder.resolve()).as_posix()
    with contextlib.suppress(ValueError, RFPError):
        root = resources.builtin_dir("criteria").resolve()
        return BUILTIN_PREFIX + "criteria/" + resolved.relative_to(root).as_posix()
    return resolved.as_posix()


def _input(path: Path, role: str, folder: Path) -> InputFile:
    return InputFile(display_path(path, folder), role, sha256_file(path), path.stat().st_size)


def build_record(
    run: ScoreRun,
    evaluations: Evaluations | None = None,
    *,
    criteria_override: Path | None = None,
    now: dt.datetime | None = None,
) -> RunRecord:
    """Hash every input of ``run`` and collect its weights and ranking.

    ``criteria_override`` is the ``--criteria`` folder the project was loaded with, so the
    office profiles file actually used is the one hashed.
    """
    from rfp.core.criteria import OFFICES_FILE

    project = run.project
    folder = project.folder
    found: dict[Path, str] = {project.spec_path: "spec"}
    sources = project.library.sources
    for item in project.selection.criteria:
        if item.id in sources and project.library.criteria.get(item.id) == item.criterion:
            found.setdefault(sources[item.id], "criteria")
    found.setdefault(resources.find("criteria", OFFICES_FILE, criteria_override), "criteria")
    sheets: list[SheetUsed] = []
    if evaluations is not None:
        for sheet in evaluations.sheets:
            for path in sheet.sources:  # every part of a sheet split by vendor
                found[path] = "evaluator_sheet"
        if evaluations.consensus_path is not None:
            found[evaluations.consensus_path] = "consensus"
        for path in evaluations.skipped:
            found.setdefault(path, "skipped")
        if evaluations.key_file is not None:
            found[evaluations.key_file] = "blind_key"
    stage_sheets = _stage_inputs(run, found)
    read = [
        InputFile(display_path(item.path, folder), item.role, item.sha256, item.size)
        for vendor in run.vendors
        for item in vendor.files
    ]
    read_paths = {item.path for vendor in run.vendors for item in vendor.files}
    others = [_input(path, role, folder) for path, role in found.items() if path not in read_paths]
    inputs = sorted([*read, *others], key=lambda f: f.path)
    hashes = {item.path: item.sha256 for item in inputs}
    if evaluations is not None:
        for sheet in evaluations.sheets:
            shown = display_path(sheet.path, folder)
            sheets.append(SheetUsed(sheet.evaluator, shown, hashes[shown]))
    for stage, sheet in stage_sheets:
        shown = display_path(sheet.path, folder)
        sheets.append(SheetUsed(f"{sheet.evaluator} ({stage})", shown, hashes[shown]))
    ranking = tuple(
        RankedVendor(
            rank=int(row["rank"]),
            vendor=str(vendor),
            total=round(float(row["total"]), 6),
            disqualified=bool(row["disqualified"]),
            reason=str(row["reason"]),
            status=str(row.get("status", "")),
            to_confirm=str(row.get("to_confirm", "")),
        )
        for vendor, row in run.ranking.iterrows()
    )
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return RunRecord(
        time=moment.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        tool_version=__version__,
        project=folder.resolve().as_posix(),
        reference=project.spec.project.reference,
        aggregate=project.spec.evaluation.aggregate,
        inputs=tuple(inputs),
        area_points=dict(project.selection.area_points),
        criterion_points={item.id: item.points for item in project.selection.criteria},
        evaluator_sheets=tuple(sheets),
        ranking=ranking,
        stage_ranking=_stage_ranking(run),
    )


def _stage_inputs(run: ScoreRun, found: dict[Path, str]) -> list[tuple[str, EvaluatorSheet]]:
    """Add the scored stages' files to ``found`` (their library files, shortlists, sheets,
    consensus and refused files); return each stage's merged sheets."""
    project = run.project
    for scored in project.stages:
        found.setdefault(scored.source, "criteria")
    merged: list[tuple[str, EvaluatorSheet]] = []
    # Every stage folder read, held or not: a stage whose sheets were all refused still has its
    # refused files recorded as skipped, like the written proposal's.
    read = {**(run.stages.evaluations if run.stages is not None else {}), **run.stage_sheets}
    for stage, evaluations in read.items():
        shortlist = project.output_dir / "sheets" / stage / "shortlist.json"
        if shortlist.is_file():
            found[shortlist] = "stage_shortlist"
        for sheet in evaluations.sheets:
            merged.append((stage, sheet))
            for path in sheet.sources:
                found[path] = "stage_sheet"
        if evaluations.consensus_path is not None:
            found[evaluations.consensus_path] = "stage_consensus"
        for path in evaluations.skipped:
            found.setdefault(path, "skipped")
    return merged


def _stage_ranking(run: ScoreRun) -> tuple[StagedRank, ...]:
    """The run's ranking after the scored stages, as the audit keeps it."""
    results = run.stages
    if results is None:
        return ()
    lines = []
    for line in results.ranking:
        scores = []
        for stage in results.held:
            found = results.score(stage, line.vendor)
            value = "-" if found is None or found.score is None else f"{found.score:.2f}"
            scores.append(f"{stage} {value}")
        total = None if line.total is None else round(line.total, 6)
        lines.append(
            StagedRank(
                line.rank,
                line.vendor,
                total,
                round(line.written, 6),
                "; ".join(scores),
                line.standing,
            )
        )
    return tuple(lines)


# --------------------------------------------------------------------------- the database


@contextlib.contextmanager
def _connect(db: Path, *, write: bool) -> Iterator[sqlite3.Connection]:
    """A connection that turns SQLite's errors into AuditError naming the file."""
    try:
        if write:
            db.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(db, isolation_level=None)
        else:
            connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise AuditError(f"{db}: cannot open the audit database ({error})") from None
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        yield connection
    except sqlite3.DatabaseError as error:
        raise AuditError(f"{db}: not a readable audit database ({error})") from None
    finally:
        connection.close()


def _schema_version(connection: sqlite3.Connection) -> int:
    row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring an older database to SCHEMA_VERSION inside the caller's transaction."""
    version = _schema_version(connection)
    for target in range(version + 1, SCHEMA_VERSION + 1):
        for statement in _MIGRATIONS.get(target, ()):
            connection.execute(statement)
        connection.execute("INSERT INTO schema_version (version) VALUES (?)", (target,))


def _check_schema(connection: sqlite3.Connection, db: Path) -> bool:
    """Whether the schema exists; raise AuditError for a foreign or newer database."""
    names = {
        str(row[0])
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if not names:
        return False
    if not set(_TABLES) <= names:
        raise AuditError(f"{db}: not an rfp audit database (tables {sorted(names)})")
    row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
    version = row[0] if row else None
    if version is None:
        raise AuditError(f"{db}: the audit database has no schema version")
    if int(version) > SCHEMA_VERSION:
        raise AuditError(
            f"{db}: written by a newer rfp (audit schema {version}, this rfp reads "
            f"{SCHEMA_VERSION}); upgrade rfp"
        )
    return True


def record_run(db: Path, record: RunRecord) -> int:
    """Append ``record`` in one transaction; return its run id (1, 2, ...)."""
    with _connect(db, write=True) as connection:
        connection.execute("BEGIN IMMEDIATE")
        try:
            if not _check_schema(connection, db):
                for statement in _SCHEMA:
                    connection.execute(statement)
                connection.execute(
                    "INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,)
                )
            else:
                _migrate(connection)
            cursor = connection.execute(
                "INSERT INTO runs (time_utc, tool_version, project, reference, aggregate) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    record.time,
                    record.tool_version,
                    record.project,
                    record.reference,
                    record.aggregate,
                ),
            )
            run_id = int(cursor.lastrowid or 0)
            connection.executemany(
                "INSERT INTO inputs (run_id, path, role, sha256, size) VALUES (?, ?, ?, ?, ?)",
                [(run_id, f.path, f.role, f.sha256, f.size) for f in record.inputs],
            )
            weights = [
                (run_id, "area", item, points, position)
                for position, (item, points) in enumerate(record.area_points.items())
            ] + [
                (run_id, "criterion", item, points, position)
                for position, (item, points) in enumerate(record.criterion_points.items())
            ]
            connection.executemany(
                "INSERT INTO weights (run_id, kind, item, points, position) VALUES (?, ?, ?, ?, ?)",
                weights,
            )
            connection.executemany(
                "INSERT INTO evaluator_sheets (run_id, evaluator, path, sha256) "
                "VALUES (?, ?, ?, ?)",
                [(run_id, s.evaluator, s.path, s.sha256) for s in record.evaluator_sheets],
            )
            connection.executemany(
                "INSERT INTO ranking "
                "(run_id, rank, vendor, total, disqualified, reason, status, to_confirm) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        run_id,
                        r.rank,
                        r.vendor,
                        r.total,
                        int(r.disqualified),
                        r.reason,
                        r.status,
                        r.to_confirm,
                    )
                    for r in record.ranking
                ],
            )
            connection.executemany(
                "INSERT INTO stage_ranking "
                "(run_id, rank, vendor, total, written, stage_scores, standing) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (run_id, r.rank, r.vendor, r.total, r.written, r.stage_scores, r.standing)
                    for r in record.stage_ranking
                ],
            )
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    return run_id


def list_runs(db: Path) -> list[RunSummary]:
    """Every recorded run, newest first; an empty list when nothing was recorded yet."""
    if not db.exists():
        return []
    with _connect(db, write=False) as connection:
        if not _check_schema(connection, db):
            return []
        rows = connection.execute(
            "SELECT id, time_utc, tool_version, reference FROM runs ORDER BY id DESC"
        ).fetchall()
        summaries = []
        for run_id, time, version, reference in rows:
            inputs = connection.execute(
                "SELECT COUNT(*) FROM inputs WHERE run_id = ?", (run_id,)
            ).fetchone()[0]
            evaluators = tuple(
                str(row[0])
                for row in connection.execute(
                    "SELECT evaluator FROM evaluator_sheets WHERE run_id = ? ORDER BY evaluator",
                    (run_id,),
                )
            )
            ranked = connection.execute(
                "SELECT vendor FROM ranking WHERE run_id = ? ORDER BY rank", (run_id,)
            ).fetchall()
            summaries.append(
                RunSummary(
                    id=int(run_id),
                    time=str(time),
                    tool_version=str(version),
                    reference=str(reference),
                    inputs=int(inputs),
                    evaluators=evaluators,
                    vendors=len(ranked),
                    leader=str(ranked[0][0]) if ranked else None,
                )
            )
    return summaries


def get_run(db: Path, run_id: int) -> RunDetail:
    """One run in full; AuditError for an unknown id or an unreadable database."""
    if not db.exists():
        raise AuditError(f"{db}: no audit database yet; run rfp score first")
    with _connect(db, write=False) as connection:
        if not _check_schema(connection, db):
            raise AuditError(f"{db}: no scoring run has been recorded yet")
        row = connection.execute(
            "SELECT time_utc, tool_version, project, reference, aggregate FROM runs WHERE id = ?",
            (run_id,),
        ).fetchone()
        if row is None:
            known = connection.execute("SELECT MIN(id), MAX(id) FROM runs").fetchone()
            span = (
                f"recorded runs are {known[0]} to {known[1]}"
                if known and known[0] is not None
                else "no run is recorded yet"
            )
            raise AuditError(f"{db}: there is no scoring run {run_id}; {span}")
        time, version, project, reference, aggregate = row
        inputs = tuple(
            InputFile(str(path), str(role), str(sha), int(size))
            for path, role, sha, size in connection.execute(
                "SELECT path, role, sha256, size FROM inputs WHERE run_id = ? ORDER BY path",
                (run_id,),
            )
        )
        weights: dict[str, dict[str, float]] = {"area": {}, "criterion": {}}
        for kind, item, points in connection.execute(
            "SELECT kind, item, points FROM weights WHERE run_id = ? ORDER BY kind, position",
            (run_id,),
        ):
            weights[str(kind)][str(item)] = float(points)
        sheets = tuple(
            SheetUsed(str(evaluator), str(path), str(sha))
            for evaluator, path, sha in connection.execute(
                "SELECT evaluator, path, sha256 FROM evaluator_sheets WHERE run_id = ? "
                "ORDER BY evaluator",
                (run_id,),
            )
        )
        # A database not yet migrated (only read so far) has no status columns.
        extra = ", status, to_confirm" if _schema_version(connection) >= 2 else ", '', ''"
        ranking = tuple(
            RankedVendor(int(rank), str(vendor), float(total), bool(dq), str(why), str(st), str(tc))
            for rank, vendor, total, dq, why, st, tc in connection.execute(
                f"SELECT rank, vendor, total, disqualified, reason{extra} FROM ranking "
                "WHERE run_id = ? ORDER BY rank",
                (run_id,),
            )
        )
        staged: tuple[StagedRank, ...] = ()
        if _schema_version(connection) >= 3:
            staged = tuple(
                StagedRank(
                    int(rank),
                    str(vendor),
                    None if total is None else float(total),
                    float(written),
                    str(scores),
                    str(standing),
                )
                for rank, vendor, total, written, scores, standing in connection.execute(
                    "SELECT rank, vendor, total, written, stage_scores, standing "
                    "FROM stage_ranking WHERE run_id = ? ORDER BY rank",
                    (run_id,),
                )
            )
    return RunDetail(
        id=run_id,
        record=RunRecord(
            time=str(time),
            tool_version=str(version),
            project=str(project),
            reference=str(reference),
            aggregate=str(aggregate),
            inputs=inputs,
            area_points=weights["area"],
            criterion_points=weights["criterion"],
            evaluator_sheets=sheets,
            ranking=ranking,
            stage_ranking=staged,
        ),
    )


def changed_inputs(db: Path, run_a: int, run_b: int) -> InputChanges:
    """Files added, removed and changed (different sha256) from run ``a`` to run ``b``."""
    before = {f.path: f.sha256 for f in get_run(db, run_a).record.inputs}
    after = {f.path: f.sha256 for f in get_run(db, run_b).record.inputs}
    return InputChanges(
        added=tuple(sorted(set(after) - set(before))),
        removed=tuple(sorted(set(before) - set(after))),
        changed=tuple(sorted(p for p in set(before) & set(after) if before[p] != after[p])),
    )
