"""Hostile vendor folders (issue 10): a FIFO, a symlinked folder, odd names, ``_`` folders and a
negative price each become a warning naming the file or folder, and the other vendors are
still scored; nothing hangs, crashes or reads outside the project."""

from __future__ import annotations

import csv
import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from rfp.cli import app
from rfp.core.project import load_project
from rfp.score.outputs import write_scores
from rfp.score.pipeline import score_project, vendor_folders
from tests.factories import add_odd_names

runner = CliRunner()

SECRET = "Outside the project lives a secret passphrase zebra-quartz-lantern."


def score_cli(folder: Path) -> tuple[int, str, str]:
    """Run ``rfp score`` in a thread with a deadline, so a hang fails the test instead."""
    outcome: dict[str, tuple[int, str, str]] = {}

    def run() -> None:
        result = runner.invoke(app, ["score", str(folder)], env={"COLUMNS": "240"})
        outcome["result"] = (result.exit_code, result.stdout, result.stderr)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=120)
    if thread.is_alive():
        # Unblock a reader stuck on a FIFO so the test process can end.
        for fifo in folder.rglob("*"):
            if fifo.is_fifo():
                with open(fifo, "wb"):  # noqa: PTH123 - opening the write end frees the reader
                    pass
        pytest.fail("rfp score hung")
    return outcome["result"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted((folder / "proposals").rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_a_vendor_folder_is_a_warning_not_a_hang(scored_project: Path) -> None:
    fifo = scored_project / "proposals" / "Priced Partners" / "annex.md"
    os.mkfifo(fifo)
    code, stdout, stderr = score_cli(scored_project)
    assert code == 0, stderr
    assert "Traceback" not in stdout + stderr
    assert "annex.md" in stderr and "not a regular file" in stderr
    assert "Priced Partners" in stdout


def test_a_symlinked_vendor_folder_is_refused_and_not_read(
    scored_project: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "proposal.md").write_text(f"# Security\n\n{SECRET}\n", encoding="utf-8")
    (scored_project / "proposals" / "Linked Vendor").symlink_to(outside, target_is_directory=True)
    inner = scored_project / "proposals" / "Priced Partners" / "annexes"
    inner.symlink_to(outside, target_is_directory=True)

    code, stdout, stderr = score_cli(scored_project)

    assert code == 0, stderr
    assert "Traceback" not in stdout + stderr
    assert "Linked Vendor" in stderr and "symbolic link" in stderr
    assert "annexes" in stderr
    out = scored_project / "out"
    for name in ("scores.csv", "evidence.jsonl"):
        assert "zebra-quartz" not in (out / name).read_text(encoding="utf-8")
    assert "Linked Vendor" not in (out / "scores.csv").read_text(encoding="utf-8")
    workbook = load_workbook(out / "scores.xlsx")
    texts = [str(c) for s in workbook for row in s.iter_rows(values_only=True) for c in row]
    assert not any("zebra-quartz" in text for text in texts)


def test_odd_vendor_and_file_names_are_written_safely(scored_project: Path) -> None:
    add_odd_names(scored_project / "proposals")
    before = snapshot(scored_project)

    files = write_scores(score_project(load_project(scored_project)))

    rows = list(csv.DictReader(files.csv.open(encoding="utf-8")))
    assert "Bell\\x07 Vendor\\x1b[31m" in [row["vendor"] for row in rows]
    records = [json.loads(line) for line in files.evidence.read_text("utf-8").splitlines()]
    assert "Bell\\x07 Vendor\\x1b[31m" in {record["vendor"] for record in records}
    assert any(
        evidence["file"] == "annex-\\xff\\xfe.md"
        for record in records
        for evidence in record["evidence"]
    )
    workbook = load_workbook(files.xlsx)
    vendors = [row[1] for row in workbook["Ranking"].iter_rows(min_row=2, values_only=True)]
    assert "Bell\\x07 Vendor\\x1b[31m" in vendors
    assert snapshot(scored_project) == before


def test_a_vendor_name_with_control_characters_does_not_stop_the_cli(
    scored_project: Path,
) -> None:
    odd = scored_project / "proposals" / "Bell\x07 Vendor\x1b[31m"
    odd.mkdir()
    (odd / "proposal.md").write_text("# Security\n\nWe hold PCI DSS.\n", encoding="utf-8")
    code, stdout, stderr = score_cli(scored_project)
    assert code == 0, stderr
    assert "Traceback" not in stdout + stderr
    assert "Bell\\x07 Vendor\\x1b[31m" in stdout + stderr
    assert "\x07" not in stdout + stderr and "\x1b" not in stdout + stderr


def test_a_file_name_that_is_not_utf8_does_not_stop_the_cli(scored_project: Path) -> None:
    add_odd_names(scored_project / "proposals")
    code, stdout, stderr = score_cli(scored_project)
    assert code == 0, stderr
    assert "Traceback" not in stdout + stderr


def test_underscore_folders_are_scored_and_system_folders_skipped_with_a_warning(
    scored_project: Path,
) -> None:
    proposals = scored_project / "proposals"
    underscore = proposals / "_Acme BPO"
    underscore.mkdir()
    shutil.copy(proposals / "Sentinel Contact Services" / "proposal.md", underscore)
    (proposals / "__MACOSX").mkdir()
    (proposals / ".git").mkdir()

    folders = vendor_folders(load_project(scored_project))
    assert "_Acme BPO" in [folder.name for folder in folders]
    assert "__MACOSX" not in [folder.name for folder in folders]

    code, stdout, stderr = score_cli(scored_project)
    assert code == 0, stderr
    assert "_Acme BPO" in stdout
    assert "__MACOSX" in stderr and "skipped" in stderr
    assert ".git" in stderr


def test_a_negative_rate_flags_that_vendor_and_the_others_are_scored(
    scored_project: Path,
) -> None:
    workbook_path = scored_project / "proposals" / "Priced Partners" / "response-workbook.xlsx"
    workbook = load_workbook(workbook_path)
    pricing = workbook["Pricing"]
    row = next(r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per FTE per month")
    row[5].value = -3000
    row[6].value = -4
    workbook.save(workbook_path)

    code, stdout, stderr = score_cli(scored_project)

    assert code == 0, stderr
    assert "Traceback" not in stdout + stderr
    assert "response-workbook.xlsx" in stderr
    assert f"Pricing!F{row[5].row}" in stderr and "negative" in stderr
    for vendor in ("Sentinel Contact Services", "Broken Files Ltd", "Priced Partners"):
        assert vendor in stdout


def test_outputs_escape_names_given_straight_to_the_writer(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    run.vendors[0].warnings.append("file \udcff\x0b.md: odd")
    run.ranking.loc[run.ranking.index[0], "flags"] = "file \udcff\x0b.md: odd"
    files = write_scores(run, scored_project / "elsewhere")
    warnings = load_workbook(files.xlsx)["Warnings"]
    assert any("\\xff\\x0b" in str(row[1]) for row in warnings.iter_rows(values_only=True))
    assert "\\xff\\x0b" in files.csv.read_text(encoding="utf-8")
