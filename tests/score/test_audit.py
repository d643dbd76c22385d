"""The audit trail: runs recorded with input hashes, weights, sheets and ranking; read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rfp._version import __version__
from rfp.core.project import load_project
from rfp.evaluate.sheets_in import read_evaluations
from rfp.evaluate.sheets_out import write_sheets
from rfp.score import audit
from rfp.score.audit import (
    AUDIT_FILE,
    SCHEMA_VERSION,
    AuditError,
    InputChanges,
    InputFile,
    RankedVendor,
    RunRecord,
    SheetUsed,
    build_record,
    changed_inputs,
    get_run,
    list_runs,
    record_run,
)
from rfp.score.pipeline import score_project


@pytest.fixture
def project_folder(make_project: Callable[..., Path]) -> Path:
    """A front-office project with two vendors answering in short Markdown files."""
    folder = make_project("front")
    for name, text in {
        "Harbourline Care": "## SEC-02 Identity and access management\n\nMFA for every user.\n",
        "Tidewell BPO": "## QC-01 Interaction monitoring\n\nFive evaluations per agent.\n",
    }.items():
        vendor = folder / "proposals" / name
        vendor.mkdir(parents=True)
        (vendor / "proposal.md").write_text(text, encoding="utf-8")
    return folder


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_runs_and_what_changed_between_them(project_folder: Path) -> None:
    db = project_folder / "out" / AUDIT_FILE
    project = load_project(project_folder)
    first = build_record(
        score_project(project), now=dt.datetime(2027, 2, 15, 10, 4, 5, tzinfo=dt.UTC)
    )
    assert record_run(db, first) == 1

    # A vendor revises its proposal and another file arrives; score again.
    revised = project_folder / "proposals" / "Tidewell BPO" / "proposal.md"
    revised.write_text("## QC-01 Interaction monitoring\n\nTen evaluations.\n", encoding="utf-8")
    added = project_folder / "proposals" / "Tidewell BPO" / "annex.md"
    added.write_text("# Annex\n\nCase studies.\n", encoding="utf-8")
    second = build_record(
        score_project(load_project(project_folder)),
        now=dt.datetime(2027, 2, 16, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    )
    assert record_run(db, second) == 2

    runs = list_runs(db)
    assert [run.id for run in runs] == [2, 1]  # newest first
    assert runs[0].time == "2027-02-16T16:00:00Z"  # stored in UTC
    assert runs[1].time == "2027-02-15T10:04:05Z"
    assert runs[1].tool_version == __version__
    assert runs[1].reference == project.spec.project.reference
    assert runs[1].vendors == 2 and runs[1].evaluators == ()
    assert runs[1].leader == first.ranking[0].vendor
    assert runs[0].inputs == runs[1].inputs + 1

    assert changed_inputs(db, 1, 2) == InputChanges(
        added=("proposals/Tidewell BPO/annex.md",),
        removed=(),
        changed=("proposals/Tidewell BPO/proposal.md",),
    )
    assert changed_inputs(db, 2, 1).removed == ("proposals/Tidewell BPO/annex.md",)
    assert not changed_inputs(db, 1, 1)

    detail = get_run(db, 1)
    assert detail.id == 1 and detail.record == first
    inputs = {item.path: item for item in detail.record.inputs}
    assert inputs["rfp.yaml"].role == "spec"
    assert inputs["rfp.yaml"].sha256 == sha(project_folder / "rfp.yaml")
    assert inputs["builtin:criteria/security.yaml"].role == "criteria"
    assert inputs["builtin:criteria/offices.yaml"].role == "criteria"
    assert inputs["proposals/Harbourline Care/proposal.md"].role == "proposal"
    assert inputs["proposals/Tidewell BPO/proposal.md"].size > 0
    record = detail.record
    assert sum(record.area_points.values()) == pytest.approx(100)
    assert sum(record.criterion_points.values()) == pytest.approx(100)
    assert list(record.criterion_points) == [wc.id for wc in project.selection.criteria]
    assert [line.rank for line in record.ranking] == [1, 2]
    assert {line.vendor for line in record.ranking} == {"Harbourline Care", "Tidewell BPO"}


def test_evaluator_sheets_are_recorded(project_folder: Path) -> None:
    run = score_project(load_project(project_folder))
    write_sheets(run, ["alice", "bob"])
    back = project_folder / "evaluations"
    back.mkdir()
    for name in ("alice", "bob"):
        workbook = load_workbook(project_folder / "out" / "sheets" / f"{name}.xlsx")
        workbook["Scores"]["H3"] = 4
        workbook.save(back / f"{name}.xlsx")
    (back / "carol.xlsx").write_bytes(b"not a workbook")
    evaluations = read_evaluations(run.project, [v.name for v in run.vendors])
    assert evaluations.evaluators == ["alice", "bob"]

    db = project_folder / "out" / AUDIT_FILE
    run_id = record_run(db, build_record(run, evaluations))
    record = get_run(db, run_id).record
    assert record.evaluator_sheets == (
        SheetUsed("alice", "evaluations/alice.xlsx", sha(back / "alice.xlsx")),
        SheetUsed("bob", "evaluations/bob.xlsx", sha(back / "bob.xlsx")),
    )
    roles = {item.path: item.role for item in record.inputs}
    assert roles["evaluations/alice.xlsx"] == "evaluator_sheet"
    assert roles["evaluations/carol.xlsx"] == "skipped"
    assert list_runs(db)[0].evaluators == ("alice", "bob")


def record(**changes: object) -> RunRecord:
    """A small hand-made record for the database tests."""
    base = RunRecord(
        time="2027-02-15T10:00:00Z",
        tool_version=__version__,
        project="/projects/acme",
        reference="ACME-2027-CC-01",
        aggregate="mean",
        inputs=(InputFile("rfp.yaml", "spec", "a" * 64, 120),),
        area_points={"security": 60.0, "pricing": 40.0},
        criterion_points={"SEC-01": 60.0, "PRC-01": 40.0},
        evaluator_sheets=(),
        ranking=(RankedVendor(1, "Acme BPO", 71.5, False, ""),),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_unknown_run_and_missing_database(tmp_path: Path) -> None:
    db = tmp_path / "out" / AUDIT_FILE
    assert list_runs(db) == []
    with pytest.raises(AuditError, match="no audit database yet; run rfp score first"):
        get_run(db, 1)
    record_run(db, record())
    with pytest.raises(AuditError) as raised:
        get_run(db, 7)
    assert str(raised.value) == f"{db}: there is no scoring run 7; recorded runs are 1 to 1"
    with pytest.raises(AuditError, match="no scoring run 7"):
        changed_inputs(db, 1, 7)


def test_corrupt_foreign_and_newer_databases_are_refused(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"this is not a database, just text" * 100)
    with pytest.raises(AuditError, match="not a readable audit database"):
        list_runs(corrupt)
    with pytest.raises(AuditError, match="not a readable audit database"):
        record_run(corrupt, record())

    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    with pytest.raises(AuditError, match="not an rfp audit database"):
        list_runs(foreign)

    newer = tmp_path / AUDIT_FILE
    record_run(newer, record())
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    connection.close()
    with pytest.raises(AuditError, match="written by a newer rfp"):
        get_run(newer, 1)


def test_a_failed_write_leaves_no_partial_run(tmp_path: Path) -> None:
    db = tmp_path / AUDIT_FILE
    record_run(db, record())
    twice = InputFile("rfp.yaml", "spec", "b" * 64, 1)
    with pytest.raises(AuditError):
        record_run(db, record(inputs=(twice, twice)))  # the second insert fails
    assert [run.id for run in list_runs(db)] == [1]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM inputs").fetchone() == (1,)
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [
            (SCHEMA_VERSION,)
        ]
    connection.close()
    assert record_run(db, record()) == 2


def test_inputs_are_the_files_read_each_hashed_from_the_bytes_read(
    make_project: Callable[..., Path],
) -> None:
    from rfp.score.pipeline import score_project

    folder = make_project("front")
    vendor = folder / "proposals" / "acme"
    (vendor / ".git" / "objects").mkdir(parents=True)
    (vendor / ".git" / "objects" / "ab12").write_bytes(b"git object")
    (vendor / "Thumbs.db").write_bytes(b"thumbnail cache")
    proposal = b"# Security\n\nWe hold ISO/IEC 27001 and run quarterly access reviews.\n"
    (vendor / "proposal.md").write_bytes(proposal)
    (vendor / "notes.pages").write_bytes(b"not a supported format")
    run = score_project(load_project(folder))

    record = build_record(run)
    proposals = {item.path: item for item in record.inputs if item.role == "proposal"}
    # Debris nobody reads is not an input; a file listed but not readable is named, unhashed.
    assert sorted(proposals) == ["proposals/acme/notes.pages", "proposals/acme/proposal.md"]
    read = proposals["proposals/acme/proposal.md"]
    assert read.sha256 == hashlib.sha256(proposal).hexdigest()
    assert read.size == len(proposal)
    assert proposals["proposals/acme/notes.pages"].sha256 == ""


def _schema_1_database(db: Path) -> None:
    """An audit database as rfp wrote it before statuses existed (schema 1), with one run."""
    ranking_v1 = """CREATE TABLE ranking (
        run_id INTEGER NOT NULL REFERENCES runs(id), rank INTEGER NOT NULL,
        vendor TEXT NOT NULL, total REAL NOT NULL, disqualified INTEGER NOT NULL,
        reason TEXT NOT NULL, PRIMARY KEY (run_id, rank))"""
    with sqlite3.connect(db) as connection:
        for statement in audit._SCHEMA:
            connection.execute(
                ranking_v1 if "TABLE IF NOT EXISTS ranking" in statement else statement
            )
        connection.execute("INSERT INTO schema_version (version) VALUES (1)")
        connection.execute(
            "INSERT INTO runs (time_utc, tool_version, project, reference, aggregate) "
            "VALUES ('2027-01-01T00:00:00Z', '0.1', '/p', 'R-1', 'mean')"
        )
        connection.execute("INSERT INTO ranking VALUES (1, 1, 'Old BPO', 60.0, 0, '')")
    connection.close()


def test_a_schema_1_database_is_read_then_migrated_keeping_its_runs(tmp_path: Path) -> None:
    db = tmp_path / AUDIT_FILE
    _schema_1_database(db)
    (old,) = get_run(db, 1).record.ranking  # read without writing: no migration needed
    assert (old.vendor, old.status, old.to_confirm) == ("Old BPO", "", "")

    new = RankedVendor(1, "New BPO", 55.0, False, "", "to be confirmed", "no usable price")
    assert record_run(db, record(ranking=(new,))) == 2

    with sqlite3.connect(db) as connection:
        versions = connection.execute("SELECT version FROM schema_version ORDER BY version")
        assert versions.fetchall() == [(1,), (2,), (3,)]
    connection.close()
    assert get_run(db, 1).record.ranking == (old,)
    assert get_run(db, 2).record.ranking == (new,)


def test_each_vendors_status_is_recorded(project_folder: Path) -> None:
    """Neither vendor sent a workbook, so both are to be confirmed, and the audit says so."""
    run = score_project(load_project(project_folder))
    ranking = build_record(run).ranking
    assert {row.status for row in ranking} == {"to be confirmed"}
    assert all("no readable response workbook" in row.to_confirm for row in ranking)
    db = project_folder / "out" / AUDIT_FILE
    run_id = record_run(db, build_record(run))
    assert get_run(db, run_id).record.ranking == ranking
